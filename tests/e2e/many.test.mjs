// Many documents in the page (#11): 2 000 short files (1.5 KB each, zh/en, cut from the shared
// corpus) chosen at once are all listed; the Documents table and the Terms table (one column per
// document) hold a bounded number of rows and columns in the DOM whatever the count; scrolling and
// sorting reach every document; a per-document cell agrees with an independent count; and axe finds
// no serious violation in the virtual Documents table. (The time it takes is bench/page-scale.mjs's.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { open, ROOT } from './harness.mjs';
import { manyFiles } from './many-files.mjs';

const N = 2000;
const files = manyFiles(N, 1500);
const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
/** More rows or columns than this in the DOM means the table is not virtual. */
const BOUND = 300;

let ctx;
before(async () => { ctx = await open(); });
after(async () => { await ctx?.close(); });

const clean = (s) => s.replace(/\u200b/g, '').replace(/ [▲▼]$/, '');

test('2 000 short files chosen at once: all listed, the term table has a column per document, the DOM stays bounded', async () => {
  const { page } = ctx;
  assert.equal(files.length, N);
  await page.setInputFiles('#file-input', files.map((f) => ({ name: f.name, mimeType: 'text/plain', buffer: f.bytes })));
  // Many documents land on Terms: the table, with its per-document columns, once the work is done.
  await page.waitForFunction(() => document.querySelector('#progress').hidden
    && document.querySelector('#view-terms table.terms thead th.doc-col'), null, { timeout: 300_000 });
  const terms = '#view-terms table.terms';
  // Six columns (rank, term, count, rate, docs, tf-idf) and one per document; a few of them drawn.
  assert.equal(await page.getAttribute(terms, 'aria-colcount'), String(6 + N));
  const heads = async () => (await page.$$eval(`${terms} thead th.doc-col`, (ths) => ths.map((th) => th.textContent))).map(clean);
  const first = await heads();
  assert.deepEqual(first.slice(0, 2), [files[0].name, files[1].name]);
  assert.ok(first.length < 60, `${first.length} document columns drawn`);
  assert.ok(await page.$$eval(`${terms} tbody tr`, (trs) => trs.length) < BOUND);
  assert.ok(await page.$$eval(`${terms} tbody td`, (tds) => tds.length) < BOUND * 70);
  // Scrolled to the right end: the last documents' columns are drawn (and the first are not).
  await page.$eval('#view-terms .vtable', (wrap) => { wrap.scrollLeft = wrap.scrollWidth; });
  await page.waitForFunction((name) => [...document.querySelectorAll('#view-terms table.terms thead th.doc-col')]
    .some((th) => th.textContent.replace(/\u200b/g, '') === name), files[N - 1].name);
  assert.ok(!(await heads()).includes(files[0].name));

  // A per-document cell, against an independent count: "illustration" in the second file (the
  // front matter of Pride and Prejudice), any case.
  await page.$eval('#view-terms .vtable', (wrap) => { wrap.scrollLeft = 0; });
  await page.fill('#terms-search', 'illustration');
  // The row of the term itself (its other written forms, if grouped, follow it in brackets).
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('#view-terms table.terms tbody th.term')];
    return rows.length > 0 && rows.every((th) => th.textContent.toLowerCase().includes('illustration'))
      && rows.some((th) => /^illustration( |$)/.test(th.textContent));
  });
  const cell = await page.evaluate((name) => {
    const ths = [...document.querySelector('#view-terms table.terms thead tr').children];
    const at = ths.findIndex((th) => th.textContent.replace(/\u200b/g, '') === name);
    const row = [...document.querySelectorAll('#view-terms table.terms tbody tr')]
      .find((tr) => /^illustration( |$)/.test(tr.querySelector('th.term').textContent));
    return at < 0 ? `no column ${name}` : row.children[at].textContent;
  }, files[1].name);
  const want = files[1].bytes.toString('utf8').match(/\billustration\b/gi).length;
  assert.ok(want >= 3, `${want}`);
  assert.equal(cell, String(want));

  // The Documents view: every file listed (2 001 rows with the header), a screenful drawn.
  await page.click('#tab-documents');
  const docs = '#view-documents table.documents';
  await page.waitForSelector(`${docs} tbody tr.doc`);
  assert.equal(await page.getAttribute(docs, 'aria-rowcount'), String(N + 1));
  assert.equal(await page.textContent('#view-documents .docs-summary'), 'Documents: 2,000 (3.0 MB).');
  const drawn = await page.$$eval(`${docs} tbody tr`, (trs) => trs.length);
  assert.ok(drawn > 10 && drawn < BOUND, `${drawn} rows drawn`);
  assert.deepEqual((await page.locator('#view-documents .doc-name').allTextContents()).slice(0, 3), files.slice(0, 3).map((f) => f.name));
  // Scrolled to the end, the last file is there.
  await page.$eval('#view-documents .vtable', (wrap) => { wrap.scrollTop = wrap.scrollHeight; });
  await page.waitForFunction((name) => [...document.querySelectorAll('#view-documents .doc-name')].some((n) => n.textContent === name), files[N - 1].name);
  // Sorted by name, descending (second click): the last file comes first.
  await page.$eval('#view-documents .vtable', (wrap) => { wrap.scrollTop = 0; });
  const nameSort = page.locator(`${docs} thead th button.sort`, { hasText: 'Name' });
  await nameSort.click();
  await nameSort.click();
  await page.waitForFunction((name) => document.querySelector('#view-documents .doc-name')?.textContent === name, files[N - 1].name);
  assert.equal(await page.getAttribute(`${docs} thead th:first-child`, 'aria-sort'), 'descending');
  // Words per document: the first row's count matches its summary (the core's, not re-counted here).
  const words = await page.$eval(`${docs} tbody tr.doc .words`, (td) => Number(td.textContent.replace(/[^\d]/g, '')));
  assert.ok(words > 100, `${words} words in ${files[N - 1].name}`);
});

test('axe: no serious or critical violation in the Documents view with 2 000 files', async () => {
  const { page } = ctx;
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document.getElementById('view-documents'), { resultTypes: ['violations'] }));
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, where: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  assert.deepEqual(serious, []);
});

test('no console error', () => {
  assert.deepEqual(ctx.errors, []);
});
