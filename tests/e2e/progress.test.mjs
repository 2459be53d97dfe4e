// Visible work after the adding (#11): with the Terms view open, a large file's term discovery, its
// term table and the grouping of variants each show their stage's name with progress that rises; Cancel during that work stops
// it, says so, keeps every document added (listed, the big one too) and starts nothing by itself;
// choosing the view again runs the analysis over all of them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { open, dropFiles, listedNames, watchProgress, readSeeds, readNovels } from './harness.mjs';

// All four novels in one file (8.9 MB): its discovery and term table each take a while.
const big = readNovels();
const seeds = readSeeds();

let ctx;
before(async () => { ctx = await open(); });
after(async () => { await ctx?.close(); });

/** Waits for the Terms table of `docs` documents (one column each), the work done. */
const termTableShown = (page, docs) => page.waitForFunction((n) => document.querySelector('#progress').hidden
  && document.querySelector('#view-terms table.terms tbody tr')
  && document.querySelectorAll('#view-terms table.terms thead th.doc-col').length === n, docs, { timeout: 180_000 });

test('a large file: finding terms, counting them and grouping variants each show their stage and rising progress', async () => {
  const { page } = ctx;
  await dropFiles(page, seeds);
  await page.waitForFunction(() => document.querySelectorAll('#view-documents .doc-name').length === 2);
  await page.click('#tab-terms');
  await termTableShown(page, 2);
  await watchProgress(page);
  await page.setInputFiles('#file-input', { name: 'four-novels.txt', mimeType: 'text/plain', buffer: big });
  await termTableShown(page, 3);
  const seen = await page.evaluate(() => window.seen);
  for (const [stage, words] of [['discovering', 'finding terms'], ['termTable', 'counting terms'], ['variants', 'grouping variants']]) {
    const reports = seen.filter((s) => s.stage === stage);
    const values = reports.map((s) => s.value);
    assert.ok(new Set(values).size >= 3, `${stage}: ${values}`);
    assert.ok(values.every((v, i) => i === 0 || v >= values[i - 1]), `${stage} went back: ${values}`);
    assert.ok(reports.some((s) => new RegExp(`^Working… ${words} \\d+%$`).test(s.label)), reports[0]?.label);
  }
});

test('Cancel while terms are found keeps every document added and starts nothing by itself', async () => {
  const { page } = ctx;
  await page.reload();
  await page.waitForFunction(() => document.body.classList.contains('ready'));
  await dropFiles(page, seeds);
  await page.waitForFunction(() => document.querySelectorAll('#view-documents .doc-name').length === 2);
  await page.click('#tab-terms');
  await termTableShown(page, 2);
  await page.setInputFiles('#file-input', { name: 'four-novels.txt', mimeType: 'text/plain', buffer: big });
  await page.waitForSelector('#progress[data-stage=discovering]', { timeout: 120_000 });
  await page.click('#cancel-button');
  await page.locator('#messages .message', { hasText: 'Cancelled.' }).first().waitFor();
  await page.waitForFunction(() => document.querySelector('#progress').hidden);
  // The view says it was cancelled; no work starts again by itself.
  await page.waitForSelector('#view-terms .cancelled');
  await page.waitForTimeout(500);
  assert.ok(await page.evaluate(() => document.querySelector('#progress').hidden), 'work started again by itself');
  await page.click('#tab-documents');
  assert.deepEqual(await listedNames(page), [...seeds.map((s) => s.name), 'four-novels.txt']);
  // Asked again, the (restarted) engine has all three.
  await page.click('#tab-terms');
  await termTableShown(page, 3);
  assert.equal(await page.$$eval('#view-terms table.terms thead th.doc-col', (ths) => ths.length), 3);
});

test('no console error', () => {
  assert.deepEqual(ctx.errors, []);
});
