// The page under hostile conditions (#13): storage blocked, values planted in storage, an engine
// that crashes (while adding a file, and again while a restarted engine replays one), a link with
// an absurd ?maxFileMB=, and a long white-space run in a compared text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open, dropFiles, listedNames, readSeeds, loaded } from './harness.mjs';

const seedFiles = readSeeds;
const messages = (page) => page.locator('#messages .message-text').allTextContents();

/** Reloads the page with `script` run first in every document (and worker-free pages). */
async function reloadWith(ctx, script, arg) {
  await ctx.page.context().addInitScript(script, arg);
  await ctx.page.reload();
  await ctx.page.waitForFunction(() => document.body.classList.contains('ready'), null, { timeout: 30_000 });
}

test('with localStorage blocked the page starts and every view works', async () => {
  const ctx = await open();
  try {
    await reloadWith(ctx, () => {
      // What Chromium does when the person blocks site data: every access throws.
      Object.defineProperty(window, 'localStorage', {
        configurable: true,
        get() { throw new DOMException('Access is denied for this document.', 'SecurityError'); },
      });
    });
    const { page } = ctx;
    await dropFiles(page, seedFiles());
    await loaded(page, 2);
    await page.click('#tab-terms');
    await page.waitForSelector('#view-terms .terms-content table');
    await page.check('#terms-stop');
    await page.waitForSelector('#terms-stop-langs');
    assert.match(await page.textContent('#terms-stop-langs'), /detected in these texts/);
    await page.selectOption('#lang-select', 'zh');
    await page.click('#tab-compare');
    await page.waitForSelector('#view-compare .diff');
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});

test('a stored stopword list is named when it hides words, and an over-long one is not used', async () => {
  const ctx = await open();
  const { page } = ctx;
  try {
    // Another page of this origin could have written these.
    await page.evaluate(() => { localStorage.setItem('textlens.stopwords.on', '1'); localStorage.setItem('textlens.stopwords.list', '的\n和'); });
    await page.reload();
    await page.waitForFunction(() => document.body.classList.contains('ready'));
    await dropFiles(page, seedFiles());
    await page.waitForFunction(() => document.querySelectorAll('#view-documents .doc-name').length === 2);
    await page.click('#tab-terms');
    await page.waitForSelector('#terms-stop-langs');
    assert.equal(await page.textContent('#terms-stop-langs'), ' (the list saved in this browser)');

    await page.evaluate(() => localStorage.setItem('textlens.stopwords.list', 'x\n'.repeat(150_000)));
    await page.reload();
    await page.waitForFunction(() => document.body.classList.contains('ready'));
    await dropFiles(page, seedFiles());
    await page.waitForFunction(() => document.querySelectorAll('#view-documents .doc-name').length === 2);
    await page.click('#tab-terms');
    await page.waitForSelector('#terms-stop-langs');
    assert.match(await page.textContent('#terms-stop-langs'), /detected in these texts/);
    assert.match(await page.textContent('#view-terms'), /was not used: it is too long \(300000 characters\)/);
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});

test('a stored user dictionary is shown when in effect, and a corrupt one is reported, not fatal', async () => {
  const ctx = await open();
  const { page } = ctx;
  try {
    await page.evaluate(() => localStorage.setItem('textlens.userDictionary', '永久睦邻友好\n'));
    await page.reload();
    await page.waitForFunction(() => document.body.classList.contains('ready'));
    await dropFiles(page, seedFiles());
    await loaded(page, 2);
    await page.click('#tab-documents');
    await page.waitForSelector('#user-dict-in-effect');
    assert.match(await page.textContent('#user-dict-in-effect'), /saved in this browser is in effect \(1 term\)/);
    assert.ok((await messages(page)).some((m) => m.includes('saved in this browser was applied')));

    // A value this page could not have written: refused with a message, the page goes on.
    await page.evaluate(() => localStorage.setItem('textlens.userDictionary', '上海 notanumber\n'));
    await page.reload();
    await page.waitForFunction(() => document.body.classList.contains('ready'));
    await dropFiles(page, seedFiles());
    await page.waitForFunction(() => document.querySelectorAll('#view-documents .doc-name').length === 2);
    await page.waitForFunction(() => [...document.querySelectorAll('#messages .message-text')]
      .some((m) => m.textContent.includes('was not applied')));
    assert.equal(await page.locator('#user-dict-in-effect').count(), 0);
    assert.equal(await page.inputValue('#user-dict'), '上海 notanumber\n', 'kept for the person to fix');
    assert.equal((await listedNames(page)).length, 2);
  } finally {
    await ctx.close();
  }
});

/**
 * The page's worker, with traps planted: adding a file named crash* traps like a wasm panic, and
 * so does replaying (a given docId) a file named replay-trap*.
 */
async function trappingWorker(page) {
  await page.context().route('**/worker.js', async (route) => {
    const res = await route.fetch();
    const body = (await res.text()).replace(
      'async addDocument({ corpus, post }, name, source, docId) {',
      `async addDocument({ corpus, post }, name, source, docId) {
        if (name.startsWith('crash') || (name.startsWith('replay-trap') && docId != null)) {
          throw new WebAssembly.RuntimeError('unreachable');
        }`);
    assert.ok(body.includes('replay-trap'), 'the worker was patched');
    await route.fulfill({ response: res, body });
  });
}

test('an engine crash is told in words, and the other documents are kept', async () => {
  const ctx = await open();
  const { page } = ctx;
  try {
    await trappingWorker(page);
    await page.reload();
    await page.waitForFunction(() => document.body.classList.contains('ready'));
    const [a, b] = seedFiles();
    await dropFiles(page, [a, { name: 'crash.txt', bytes: Buffer.from('boom') }, b]);
    await page.waitForFunction(() => document.querySelectorAll('#view-documents .doc-name').length === 2);
    const said = (await messages(page)).join('\n');
    assert.match(said, /crashed while reading crash\.txt, so crash\.txt was not added/);
    assert.match(said, /your other documents are kept/);
    assert.doesNotMatch(said, /unreachable/);
    assert.deepEqual(await listedNames(page), [a.name, b.name]);
  } finally {
    await ctx.close();
  }
});

test('a document that fails to replay after a crash is reported and dropped; later calls work', async () => {
  const ctx = await open();
  const { page } = ctx;
  try {
    await trappingWorker(page);
    await page.reload();
    await page.waitForFunction(() => document.body.classList.contains('ready'));
    const [a, b] = seedFiles();
    await dropFiles(page, [a, { name: 'replay-trap.txt', bytes: Buffer.from('fine the first time') }]);
    await page.waitForFunction(() => document.querySelectorAll('#view-documents .doc-name').length === 2);
    // A crash: the restarted engine replays a.txt, then replay-trap.txt, which traps again.
    await dropFiles(page, [{ name: 'crash.txt', bytes: Buffer.from('boom') }]);
    await page.waitForFunction(() => [...document.querySelectorAll('#messages .message-text')]
      .some((m) => m.textContent.includes('replay-trap.txt could not be loaded again')), null, { timeout: 20_000 });
    await page.waitForFunction(() => document.querySelectorAll('#view-documents .doc-name').length === 1);
    assert.deepEqual(await listedNames(page), [a.name]);
    // The engine is usable: a new document is added and compared.
    await dropFiles(page, [b]);
    await page.waitForFunction(() => document.querySelectorAll('#view-documents .doc-name').length === 2);
    await page.click('#tab-compare');
    await page.waitForSelector('#view-compare .diff');
    assert.deepEqual(await listedNames(page), [a.name, b.name]);
  } finally {
    await ctx.close();
  }
});

test('?maxFileMB= cannot lift the limit past the core\'s, and nonsense is ignored', async () => {
  const ctx = await open();
  const { page } = ctx;
  try {
    const hint = async (query) => {
      await page.goto(new URL(query, ctx.url).href);
      await page.waitForFunction(() => document.body.classList.contains('ready'));
      return page.textContent('#limits-hint');
    };
    assert.equal(await hint('?maxFileMB=99999999&maxTotalMB=1e30'), 'Up to 256 MB per file, 256 MB in all.');
    for (const nonsense of ['Infinity', '1e400', 'abc', '-5', '0', '']) {
      assert.equal(await hint(`?maxFileMB=${nonsense}&maxTotalMB=${nonsense}`), 'Up to 100 MB per file, 250 MB in all.', nonsense);
    }
    // Lowered, it is checked before the file is read: the worker never sees it.
    await hint('?maxFileMB=0.001');
    await dropFiles(page, seedFiles());
    await page.waitForFunction(() => document.querySelectorAll('#messages .message.error').length === 2);
    assert.equal((await listedNames(page)).length, 0);
  } finally {
    await ctx.close();
  }
});

test('a long white-space run in a compared text does not freeze the page', async () => {
  const ctx = await open();
  const { page } = ctx;
  try {
    // 300 000 spaces, then text: trimming a cell with /\s+$/ took minutes on the main thread.
    const run = ' '.repeat(300_000);
    await dropFiles(page, [
      { name: 'a.txt', bytes: Buffer.from(`First paragraph here.\n\nSecond one ${run}ends here.\n`) },
      { name: 'b.txt', bytes: Buffer.from(`First paragraph there.\n\nSecond one ${run}ends there.\n`) },
    ]);
    await page.waitForFunction(() => document.querySelectorAll('#view-documents .doc-name').length === 2);
    await page.click('#tab-compare');
    await page.waitForSelector('#view-compare .diff', { timeout: 30_000 });
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});
