// Foundation, end to end: files in through every door (drop, picker, paste, example),
// terms counted and documents compared by the wasm core in the worker, bad files reported
// without losing what was loaded, and no request leaving the page's origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { open, dropFiles, listedNames, foreignRequests, SEEDS, ROOT, readSeeds } from './harness.mjs';

const seedTexts = SEEDS.map((p) => readFileSync(p, 'utf8'));
const seedFiles = readSeeds();

/** Non-overlapping occurrences of `needle` in `hay`. */
function occurrences(hay, needle) {
  let n = 0;
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + needle.length)) n++;
  return n;
}

/**
 * An independent count of `word` as a term: its occurrences in the raw text, less those
 * inside a longer term of the vocabulary (e.g. 天津 inside 天津市委). The longer terms come
 * from the native CLI, not from the page.
 */
function expectedCount(word) {
  const cli = join(ROOT, 'target', 'release', 'textlens');
  const report = JSON.parse(execFileSync(cli, ['terms', '--json', ...SEEDS], { encoding: 'utf8' }));
  let n = seedTexts.reduce((sum, t) => sum + occurrences(t, word), 0);
  for (const row of report.terms) {
    if (row.term !== word && row.term.includes(word)) n -= row.count * occurrences(row.term, word);
  }
  return n;
}

let ctx;
before(async () => { ctx = await open(); });
after(async () => { await ctx?.close(); });

async function reload() {
  await ctx.page.reload();
  await ctx.page.waitForFunction(() => document.body.classList.contains('ready'));
}

async function termCounts(page) {
  await page.click('#tab-terms');
  await page.waitForSelector('#view-terms table.terms tbody tr');
  return page.$$eval('#view-terms table.terms tbody tr', (rows) => Object.fromEntries(rows.map((r) => [
    r.querySelector('th.term').textContent,
    Number(r.querySelectorAll('td')[1].textContent.replace(/[^\d]/g, '')),
  ])));
}

test('dropped seed pair: listed, terms counted as words, one-character edit shown', async () => {
  const { page } = ctx;
  await dropFiles(page, seedFiles);
  await page.waitForFunction(() => document.querySelectorAll('#view-documents .doc-name').length === 2);
  assert.deepEqual(await listedNames(page), seedFiles.map((f) => f.name));

  const counts = await termCounts(page);
  for (const word of ['习近平', '普京', '天津']) {
    const expected = expectedCount(word);
    assert.ok(expected > 5, `${word} occurs in the seeds`);
    assert.equal(counts[word], expected, `count of ${word}`);
  }

  await page.click('#tab-compare');
  await page.waitForSelector('#view-compare .diff');
  // The edit 会同 → 同 sits inside otherwise equal text: …就是要[会同→同]所有志同道合国家…
  const context = await page.$$eval('#view-compare .change', (changes) => changes
    .filter((c) => c.querySelector('del')?.textContent === '会同' && c.querySelector('ins')?.textContent === '同')
    .map((c) => [c.previousSibling?.textContent ?? '', c.nextSibling?.textContent ?? '']));
  assert.equal(context.length, 1, 'exactly one 会同/同 change');
  assert.ok(context[0][0].endsWith('就是要'), `text before: ${context[0][0].slice(-10)}`);
  assert.ok(context[0][1].startsWith('所有志同道合国家'), `text after: ${context[0][1].slice(0, 10)}`);
});

test('the file picker adds the seeds', async () => {
  await reload();
  await ctx.page.setInputFiles('#file-input', SEEDS);
  await ctx.page.waitForFunction(() => document.querySelectorAll('#view-documents .doc-name').length === 2);
  const counts = await termCounts(ctx.page);
  assert.equal(counts['习近平'], expectedCount('习近平'));
});

test('pasted text is added as a document', async () => {
  await reload();
  const { page } = ctx;
  await page.click('#paste-toggle');
  await page.fill('#paste-name', 'pasted-seed.txt');
  await page.fill('#paste-text', seedTexts[1]);
  await page.click('#paste-add');
  await page.waitForFunction(() => document.querySelectorAll('#view-documents .doc-name').length === 1);
  assert.deepEqual(await listedNames(page), ['pasted-seed.txt']);
  const counts = await termCounts(page);
  assert.equal(counts['普京'], occurrences(seedTexts[1], '普京'));
});

test('"Try the example" loads the bundled pair', async () => {
  await reload();
  const { page } = ctx;
  await page.click('#example-button');
  await page.waitForFunction(() => document.querySelectorAll('#view-documents .doc-name').length === 2);
  assert.deepEqual(await listedNames(page), ['seed-000.txt', 'seed-001.txt']);
  await page.click('#tab-compare');
  await page.waitForSelector('#view-compare .change');
});

test('a file that is not text gives an error naming it; loaded documents stay usable', async () => {
  await reload();
  const { page } = ctx;
  await dropFiles(page, seedFiles);
  await page.waitForFunction(() => document.querySelectorAll('#view-documents .doc-name').length === 2);
  await dropFiles(page, [{ name: 'report.pdf', bytes: Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n', 'latin1') }]);
  const alert = page.locator('#messages .message.error').filter({ hasText: 'report.pdf' });
  await alert.waitFor();
  assert.match(await alert.textContent(), /report\.pdf.*PDF/);
  assert.deepEqual(await listedNames(page), seedFiles.map((f) => f.name));
  await page.click('#tab-compare');
  await page.waitForSelector('#view-compare .change');
});

test('no console error, no failed request, nothing sent to another host', () => {
  assert.deepEqual(ctx.errors, []);
  assert.deepEqual(ctx.failed, []);
  assert.deepEqual(foreignRequests(ctx.requests, ctx.url), []);
  assert.ok(ctx.requests.some((r) => r.endsWith('.wasm')), 'the wasm was loaded from the page origin');
});
