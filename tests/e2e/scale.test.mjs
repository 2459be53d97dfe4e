// Scale, in the page: adding a multi-MB Chinese file shows rising progress with a stage label;
// Cancel during the analysis stops it, the documents loaded before stay listed and usable (the
// client restarts the worker and replays them), and adding again works; a file over the page's
// size limit (lowered here with ?maxFileMB=) gets a message naming it, its size and the limit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { open, dropFiles, listedNames, watchProgress, SHARED, readSeeds, readNovels } from './harness.mjs';

// All four novels in one file (8.9 MB): the analysis lasts long enough to watch and to cancel.
const big = readNovels();
const seeds = readSeeds();

let ctx;
before(async () => { ctx = await open(); });
after(async () => { await ctx?.close(); });

async function waitForDocs(page, n) {
  await page.waitForFunction((count) => document.querySelectorAll('#view-documents tr.doc').length === count, n);
  // Two files land on Compare; on the Documents view, only the adding shows progress.
  if (await page.getAttribute('#tab-documents', 'aria-selected') !== 'true') await page.click('#tab-documents');
}

test('a multi-MB file shows rising progress with a stage label', async () => {
  const { page } = ctx;
  await dropFiles(page, seeds);
  await waitForDocs(page, 2);
  await watchProgress(page);
  await page.setInputFiles('#file-input', { name: 'hlm.txt', mimeType: 'text/plain', buffer: readFileSync(`${SHARED}/text/zh/hongloumeng_simp.txt`) });
  await waitForDocs(page, 3);
  const seen = await page.evaluate(() => window.seen);
  const segmenting = seen.filter((s) => s.stage === 'segmenting');
  assert.ok(segmenting.length >= 3, `${segmenting.length} segmenting updates: ${JSON.stringify(seen.slice(0, 20))}`);
  // The adding's own reports (term discovery, which follows, is another task with its own bar).
  const values = seen.filter((s) => s.stage && s.label.startsWith('Analysing hlm.txt')).map((s) => s.value);
  assert.ok(values.every((v, i) => i === 0 || v >= values[i - 1]), `progress went back: ${values}`);
  assert.ok(segmenting.some((s) => /^Analysing hlm\.txt… segmenting \d+%$/.test(s.label)), segmenting[0]?.label);
  assert.ok(values.at(-1) > 0.9, `last value ${values.at(-1)}`);
});

test('Cancel during analysis keeps what was loaded; adding again works', async () => {
  const { page } = ctx;
  const names = await listedNames(page);
  await page.setInputFiles('#file-input', { name: 'four-novels.txt', mimeType: 'text/plain', buffer: big });
  await page.waitForSelector('#progress[data-stage=segmenting]', { timeout: 60_000 });
  await page.click('#cancel-button');
  await page.locator('#messages .message', { hasText: 'Cancelled.' }).first().waitFor();
  await page.waitForFunction(() => document.querySelector('#progress').hidden);
  assert.deepEqual(await listedNames(page), names);
  // The restarted worker has the documents again: the terms table counts all three.
  await page.click('#tab-terms');
  await page.waitForSelector('#view-terms table.terms tbody tr');
  const cols = await page.$$eval('#view-terms table.terms thead th.doc-col', (ths) => ths.length);
  assert.equal(cols, 3);
  await page.click('#tab-documents');
  await page.setInputFiles('#file-input', { name: 'four-novels.txt', mimeType: 'text/plain', buffer: big });
  await waitForDocs(page, 4);
  assert.deepEqual(await listedNames(page), [...names, 'four-novels.txt']);
});

test('a file over the page limit gets a message naming it, its size and the limit', async () => {
  const { page, url } = ctx;
  await page.goto(`${url}?maxFileMB=1`);
  await page.waitForFunction(() => document.body.classList.contains('ready'));
  assert.match(await page.textContent('#limits-hint'), /^Up to 1(\.0)? MB per file, 250 MB in all\.$/);
  await dropFiles(page, [seeds[0], { name: 'big.txt', bytes: Buffer.alloc(1_500_000, 'a') }, seeds[1]]);
  await page.locator('#messages .message.error', { hasText: 'big.txt is 1.5 MB, over the limit of 1' }).first().waitFor();
  await waitForDocs(page, 2);
  assert.deepEqual(await listedNames(page), seeds.map((s) => s.name));
});

test('no console error', () => {
  assert.deepEqual(ctx.errors, []);
});
