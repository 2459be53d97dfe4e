// The first screen after a drop answers the question people came with: two documents open on
// their comparison, one or many on their terms, with the stopwords of the language detected in
// the corpus hidden (the toggle and the language shown) and whole file names in the headers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { open, dropFiles, SHARED, readSeeds } from './harness.mjs';

const seedFiles = readSeeds();
const english = readFileSync(join(SHARED, 'text', 'en', 'gutenberg_1342_pride_and_prejudice.txt')).subarray(0, 200_000);

let ctx;
before(async () => { ctx = await open(); });
after(async () => { await ctx?.close(); });

async function fresh(page) {
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.waitForFunction(() => document.body.classList.contains('ready'));
}

const selectedTab = (page) => page.getAttribute('[role=tab][aria-selected=true]', 'id');
// A row's term; grouped variants follow it after two spaces ("the  (The 12)").
const shownTerms = (page) => page.$$eval('#view-terms table.terms tbody th.term', (ths) => ths.map((th) => th.textContent.split('  (')[0]));

test('two documents open on their comparison; the Documents tab still lists them', async () => {
  const { page } = ctx;
  await fresh(page);
  await dropFiles(page, seedFiles);
  await page.waitForSelector('#view-compare .diff .change');
  assert.equal(await selectedTab(page), 'tab-compare');
  assert.ok(await page.isVisible('#view-compare .summary-bar'));
  assert.deepEqual(await page.locator('#view-documents .doc-name').allTextContents(), seedFiles.map((f) => f.name));
  // A later drop leaves the person where they are.
  await page.click('#tab-reuse');
  await dropFiles(page, [{ name: 'third.txt', bytes: seedFiles[0].bytes }]);
  await page.waitForFunction(() => document.querySelectorAll('#view-documents .doc-name').length === 3);
  assert.equal(await selectedTab(page), 'tab-reuse');
});

test('a view picked while the first files are read is where the person stays', async () => {
  const { page } = ctx;
  await fresh(page);
  // Long enough (1.5 MB) that the tab is picked while the file is still being read.
  const novel = readFileSync(join(SHARED, 'text', 'zh', 'hongloumeng_simp.txt')).subarray(0, 1_500_000);
  await dropFiles(page, [{ name: 'hlm.txt', bytes: novel }]);
  await page.waitForFunction(() => !document.getElementById('progress').hidden);
  await page.click('#tab-documents');
  await page.waitForFunction(() => document.getElementById('progress').hidden
    && document.querySelectorAll('#view-documents .doc-name').length === 1, null, { timeout: 60_000 });
  assert.equal(await selectedTab(page), 'tab-documents', 'not moved on to Terms when the file was read');
});

test('one Chinese document opens on its terms, Chinese stopwords hidden and said so', async () => {
  const { page } = ctx;
  await fresh(page);
  await dropFiles(page, [seedFiles[1]]);
  await page.waitForSelector('#view-terms table.terms tbody th.term');
  assert.equal(await selectedTab(page), 'tab-terms');
  assert.ok(await page.isChecked('#terms-stop'), 'the toggle is on and visible');
  assert.match(await page.textContent('#terms-stop-langs'), /Chinese/);
  assert.doesNotMatch(await page.textContent('#terms-stop-langs'), /English/);
  const top = (await shownTerms(page)).slice(0, 10);
  for (const stop of ['的', '和', '在', '了', '是']) assert.ok(!top.includes(stop), `${stop} in ${top}`);
  assert.ok(top.includes('天津') || top.includes('合作'), `top terms: ${top}`);
});

test('an English text: English stopwords, detected; shown again when the toggle is off', async () => {
  const { page } = ctx;
  await fresh(page);
  await dropFiles(page, [{ name: 'pride.txt', bytes: english }]);
  await page.waitForSelector('#view-terms table.terms tbody th.term');
  assert.match(await page.textContent('#terms-stop-langs'), /English/);
  assert.doesNotMatch(await page.textContent('#terms-stop-langs'), /Chinese/);
  let top = (await shownTerms(page)).slice(0, 15);
  for (const stop of ['the', 'to', 'of', 'and']) assert.ok(!top.includes(stop), `${stop} in ${top}`);
  assert.ok(top.includes('elizabeth') || top.includes('Elizabeth') || top.includes('darcy') || top.includes('Darcy'), `top: ${top}`);
  await page.uncheck('#terms-stop');
  await page.waitForFunction(() => [...document.querySelectorAll('#view-terms table.terms tbody th.term')].some((th) => th.textContent.split('  (')[0] === 'the'));
  top = (await shownTerms(page)).slice(0, 5);
  assert.ok(top.includes('the'), `top: ${top}`);
  await page.evaluate(() => localStorage.clear());
});

test('three documents open on the terms, with whole file names in the column headers', async () => {
  const { page } = ctx;
  await fresh(page);
  const third = { name: 'a_rather_long_file_name_for_the_third_copy.txt', bytes: seedFiles[0].bytes };
  await dropFiles(page, [...seedFiles, third]);
  await page.waitForSelector('#view-terms table.terms tbody th.term');
  assert.equal(await selectedTab(page), 'tab-terms');
  const headers = await page.$$eval('#view-terms table.terms thead th.doc-col', (ths) => ths.map((th) => th.textContent.replace(/\u200b/g, '')));
  for (const name of [...seedFiles.map((f) => f.name), third.name]) {
    assert.ok(headers.some((h) => h.includes(name)), `header ${name} in ${headers}`);
  }
  // Whole: not cut by the column's width either (zero-width spaces let it wrap at _ and .).
  const cut = await page.$$eval('#view-terms table.terms thead th.doc-col', (ths) => ths.filter((th) => th.scrollWidth > th.clientWidth + 1).length);
  assert.equal(cut, 0);
  assert.deepEqual(ctx.errors, []);
});
