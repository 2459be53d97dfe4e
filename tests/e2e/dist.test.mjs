// The deployable builds (tools/dist.mjs, `./build.sh dist`), as people open them:
// - dist/textlens.html from disk: analyses the seed pair with no request but file:, data: and blob:;
// - dist/ served under a sub-path by a host that gets the wasm's type wrong: after one visit it
//   still works offline, and a new deployment replaces the old one whole, when the person asks;
// - www/index.html from disk: says it must be served and names textlens.html.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { ROOT, dropFiles, readSeeds } from './harness.mjs';
import { buildSite, buildSingleFile } from '../../tools/dist.mjs';

const seedFiles = readSeeds();
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];

let tmp;
let browser;
before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'textlens-dist-'));
  buildSite(join(ROOT, 'www'), join(tmp, 'dist'));
  buildSingleFile(join(ROOT, 'www'), join(tmp, 'dist', 'textlens.html'));
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});
after(async () => {
  await browser?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** A new context and page that record errors and every request (page, workers, service worker). */
async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  const requests = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  context.on('request', (r) => requests.push(r.url()));
  return { context, page, errors, requests };
}

const ready = (page) => page.waitForFunction(() => document.body.classList.contains('ready'), null, { timeout: 30_000 });

/** Drops the seeds and waits until both are listed; then reads the comparison's edit count. */
async function analyseSeeds(page) {
  await dropFiles(page, seedFiles);
  await page.waitForFunction(() => document.querySelectorAll('#view-documents .doc-name').length === 2, null, { timeout: 30_000 });
  const names = await page.locator('#view-documents .doc-name').allTextContents();
  assert.deepEqual(names, seedFiles.map((f) => f.name));
  await page.click('#tab-terms');
  await page.waitForSelector('#view-terms table.terms tbody tr');
  // A row's term; grouped variants follow it after two spaces (上海合作组织  (上合组织 22 · 上合 3)).
  const terms = (await page.locator('#view-terms table.terms tbody th.term').allTextContents()).map((x) => x.split('  (')[0]);
  assert.ok(terms.includes('上海合作组织'), `terms: ${terms.slice(0, 20)}`);
  await page.click('#tab-compare');
  await page.waitForSelector('#view-compare del, #view-compare ins');
  // One of the seeds' one-character edits (协作 → 合作) is shown as a change.
  const changed = await page.locator('#view-compare ins').allTextContents();
  assert.ok(changed.some((t) => t.includes('合')), `insertions: ${changed.slice(0, 10)}`);
}

test('textlens.html opens from disk and analyses the seeds with no request but file:, data:, blob:', async (t) => {
  const file = join(tmp, 'dist', 'textlens.html');
  const html = readFileSync(file, 'utf8');
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)[1];
  const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src'));
  assert.match(scriptSrc, /'sha256-[A-Za-z0-9+/=]+'/);
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'/);
  assert.doesNotMatch(csp, /https?:|\*/, 'the policy names no host');
  // Trusted Types as in www/index.html: no string becomes a script URL or markup outside the page's policies.
  assert.match(csp, /require-trusted-types-for 'script'/);
  assert.match(csp, /trusted-types textlens textlens-loader(;|$)/);

  const { context, page, errors, requests } = await newPage();
  try {
    const start = Date.now();
    await page.goto(pathToFileURL(file).href);
    await ready(page);
    t.diagnostic(`textlens.html: ${(statSync(file).size / 1e6).toFixed(2)} MB, ready ${Date.now() - start} ms after navigation from disk`);
    assert.equal(await page.locator('#needs-server').count(), 0, 'the must-be-served note is gone');
    await analyseSeeds(page);
    // The built-in example pair is inside the file too.
    await page.click('#tab-documents');
    await page.click('#example-button');
    await page.waitForFunction(() => document.querySelectorAll('#view-documents .doc-name').length === 4, null, { timeout: 30_000 });
    const foreign = requests.filter((u) => !/^(file|data|blob):/.test(u));
    assert.deepEqual(foreign, []);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

/**
 * Serves `state.dir` under `/tools/textlens/` as a careless host does: .wasm as
 * application/octet-stream (with nosniff), everything else by extension.
 */
async function subPathHost(state) {
  const PREFIX = '/tools/textlens/';
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.txt': 'text/plain', '.md': 'text/plain' };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!path.startsWith(PREFIX)) { res.writeHead(404).end(); return; }
    let file = normalize(join(state.dir, path.slice(PREFIX.length)));
    if (!file.startsWith(state.dir + sep) && file !== state.dir) { res.writeHead(403).end(); return; }
    if (path.endsWith('/')) file = join(file, 'index.html');
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'x-content-type-options': 'nosniff' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, url: `http://127.0.0.1:${server.address().port}${PREFIX}` };
}

/** Waits until the service worker controls the page and has cached this version. */
async function offlineReady(page) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const done = await page.evaluate(async () => Boolean(navigator.serviceWorker.controller)
      && (await caches.keys()).some((k) => k.startsWith('textlens-')));
    if (done) return;
    if (Date.now() > deadline) throw new Error('the service worker did not take over within 60 s');
    await page.waitForTimeout(250);
  }
}

/**
 * Serves `state.dir` (see subPathHost), visits it once in a new context, waits until the
 * service worker keeps this version, then runs `then(page, context)`; no console error allowed.
 */
async function afterOneVisit(state, then) {
  const { server, url } = await subPathHost(state);
  const { context, page, errors } = await newPage();
  try {
    await page.goto(url);
    await ready(page);
    await offlineReady(page);
    await then(page, context);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    server.close();
  }
}

test('dist/ under a sub-path, wasm served with a wrong type: works offline after one visit', async () => {
  await afterOneVisit({ dir: join(tmp, 'dist') }, async (page, context) => {
    await context.setOffline(true);
    await page.reload();
    await ready(page);
    await analyseSeeds(page);
  });
});

test('a new deployment takes over whole, when the person reloads', async () => {
  // Version 2: the same app with another title, built by the same generator.
  const www2 = join(tmp, 'www2');
  cpSync(join(ROOT, 'www'), www2, { recursive: true });
  const index = readFileSync(join(www2, 'index.html'), 'utf8');
  writeFileSync(join(www2, 'index.html'), index.replace('<title>textlens</title>', '<title>textlens 2</title>'));
  buildSite(www2, join(tmp, 'dist2'));

  const state = { dir: join(tmp, 'dist') };
  await afterOneVisit(state, async (page) => {
    state.dir = join(tmp, 'dist2');
    // The old version keeps the page until the person says so: no mix of old and new files.
    await page.reload();
    await ready(page);
    assert.equal(await page.title(), 'textlens');
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
    await page.waitForSelector('#update-ready button', { timeout: 60_000 });
    await Promise.all([page.waitForEvent('load'), page.click('#update-ready button')]);
    await ready(page);
    assert.equal(await page.title(), 'textlens 2');
    const caches = await page.evaluate(() => caches.keys());
    assert.equal(caches.filter((k) => k.startsWith('textlens-')).length, 1, `old caches removed: ${caches}`);
    await analyseSeeds(page);
  });
});

test('www/index.html opened from disk says it must be served and names textlens.html', async () => {
  const { context, page } = await newPage();
  try {
    await page.goto(pathToFileURL(join(ROOT, 'www', 'index.html')).href);
    const note = page.locator('#needs-server');
    await note.waitFor({ state: 'visible' });
    const text = await note.innerText();
    assert.match(text, /cannot start/);
    assert.match(text, /served/);
    assert.match(text, /textlens\.html/);
  } finally {
    await context.close();
  }
});
