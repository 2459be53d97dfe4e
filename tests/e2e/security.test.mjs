// What the page promises (#13): its policy is sent as headers and kept in the page, the page works
// under it with no violation, no string can become HTML (Trusted Types), it cannot be framed, and
// it makes no request to another host.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve, CSP } from '../../tools/serve.mjs';
import { open, dropFiles, foreignRequests, ROOT, readSeeds } from './harness.mjs';

test('every response carries the security headers, the worker and the wasm included', async () => {
  const { server, url } = await serve(join(ROOT, 'www'), 0);
  try {
    for (const path of ['', 'worker.js', 'pkg/textlens_bg.wasm', 'no-such-file']) {
      const res = await fetch(new URL(path, url));
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.match(csp, /default-src 'none'/, path);
      assert.match(csp, /frame-ancestors 'none'/, path);
      assert.match(csp, /worker-src 'self'/, path);
      assert.match(csp, /require-trusted-types-for 'script'/, path);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(res.headers.get('x-frame-options'), 'DENY', path);
      assert.equal(res.headers.get('referrer-policy'), 'no-referrer', path);
      await res.arrayBuffer();
    }
  } finally {
    server.close();
  }
});

test("the page's own meta policy is as strict as the header, less what only a header can say", () => {
  const html = readFileSync(join(ROOT, 'www', 'index.html'), 'utf8');
  const meta = html.match(/http-equiv="Content-Security-Policy" content="([^"]*)"/)?.[1];
  assert.ok(meta, 'a meta CSP');
  const directives = (p) => new Set(p.split(';').map((d) => d.trim()).filter(Boolean));
  // frame-ancestors is ignored in a meta tag: the header alone carries it.
  const header = [...directives(CSP)].filter((d) => !d.startsWith('frame-ancestors'));
  assert.deepEqual([...directives(meta)].sort(), header.sort());
});

test('the page works under the policy, creates no HTML or script from strings and cannot be framed', async () => {
  const ctx = await open();
  const { page } = ctx;
  try {
    // Record violations from the very start: reload with a listener installed first.
    await page.context().addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    await page.reload();
    await page.waitForFunction(() => document.body.classList.contains('ready'));
    await dropFiles(page, readSeeds());
    await page.waitForFunction(() => document.querySelectorAll('#view-documents .doc-name').length === 2);
    // Every view renders under the policy.
    for (const tab of await page.locator('nav [data-view], [role=tab]').all()) {
      if (await tab.isVisible()) await tab.click();
    }
    await page.waitForTimeout(500);
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.deepEqual(ctx.errors, []);

    const sinks = await page.evaluate(() => {
      const tries = {
        innerHTML: () => { document.createElement('div').innerHTML = '<img src=x onerror=alert(1)>'; },
        insertAdjacentHTML: () => document.body.insertAdjacentHTML('beforeend', '<b>x</b>'),
        foreignWorker: () => new Worker('https://evil.example/w.js'),
        stringWorker: () => new Worker('worker.js', { type: 'module' }),
        inlineScript: () => {
          const el = document.createElement('script');
          el.textContent = 'window.__ran = true';
          document.head.append(el);
          if (window.__ran) throw new Error('ran');
          return 'not run';
        },
      };
      return Object.fromEntries(Object.entries(tries).map(([k, f]) => {
        try { return [k, f() ?? 'allowed']; } catch (e) { return [k, e.name]; }
      }));
    });
    assert.deepEqual(sinks, {
      innerHTML: 'TypeError', insertAdjacentHTML: 'TypeError', foreignWorker: 'TypeError', stringWorker: 'TypeError',
      inlineScript: 'TypeError',
    });

    // Framed by another page, the page does not load.
    const framer = await page.context().newPage();
    await framer.setContent(`<iframe src="${ctx.url}" width="400" height="300"></iframe>`);
    await framer.waitForTimeout(1500);
    const framed = framer.frames()[1];
    const loaded = framed ? await framed.evaluate(() => !!document.querySelector('main')).catch(() => false) : false;
    assert.equal(loaded, false, 'the page loaded inside a frame');
    await framer.close();

    assert.deepEqual(foreignRequests(ctx.requests, ctx.url), []);
  } finally {
    await ctx.close();
  }
});
