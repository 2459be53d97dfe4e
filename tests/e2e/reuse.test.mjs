// Reuse, end to end (#7): drop the seed pair, read the heat map, open a cluster with its
// variants, follow a cell and a cluster into the Compare view; the page's clusters are the
// native CLI's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { open, dropFiles, foreignRequests, SEEDS, ROOT, readSeeds, loaded } from './harness.mjs';

const seedFiles = readSeeds();

let ctx;
before(async () => { ctx = await open(); });
after(async () => { await ctx?.close(); });

async function openReuse(page) {
  await dropFiles(page, seedFiles);
  await loaded(page, 2);
  await page.click('#tab-reuse');
  await page.waitForSelector('#view-reuse svg.heatmap rect.heat-cell');
}

test('drop → heat map → cluster with variants → Compare view', async () => {
  const { page } = ctx;
  await openReuse(page);

  // Two documents: two off-diagonal cells, each titled with its share.
  const cells = await page.$$eval('#view-reuse rect.heat-cell', (rs) => rs.map((r) => [r.dataset.a, r.dataset.b, r.querySelector('title').textContent]));
  assert.equal(cells.length, 2);
  assert.deepEqual(cells.map((c) => c.slice(0, 2)).sort(), [['0', '1'], ['1', '0']]);
  assert.ok(cells.every((c) => /\d+(\.\d)?%$/.test(c[2])), cells.map((c) => c[2]).join(' | '));

  // The same clusters as the native CLI finds.
  const cli = JSON.parse(execFileSync(join(ROOT, 'target', 'release', 'textlens'), ['reuse', '--json', ...SEEDS], { encoding: 'utf8' }));
  const shown = await page.$$eval('#view-reuse button.cluster', (bs) => bs.length);
  assert.equal(shown, cli.clusters.length);
  assert.ok(shown >= 3);

  // The Xi–Putin talks cluster: both copies, the edited one with 会 struck as the reference's word.
  const talks = page.locator('#view-reuse button.cluster').filter({ hasText: '习近平强调' });
  await talks.click();
  await page.waitForSelector('#cluster-detail .member');
  const members = await page.$$eval('#cluster-detail .member', (ms) => ms.map((m) => m.querySelector('.member-text').textContent));
  assert.equal(members.length, 2);
  for (const text of members) assert.ok(text.includes('普京表示'), text.slice(0, 40));
  const refWords = await page.$$eval('#cluster-detail del.variant-ref', (ds) => ds.map((d) => d.textContent));
  assert.ok(refWords.includes('会'), `struck reference words: ${refWords}`);
  const marked = await page.$$eval('#cluster-detail mark.variant', (ms) => ms.map((m) => m.textContent));
  assert.ok(marked.includes('合') || marked.includes('俄'), `marked words: ${marked}`);

  // Own material: the Chongqing meeting in 000, the Tianjin letter in 001.
  const unique = await page.$$eval('#view-reuse table.coverage tr', (rows) => rows.map((r) => [
    r.querySelector('th').textContent, [...r.querySelectorAll('.unique-text')].map((p) => p.textContent).join('\n')]));
  assert.equal(unique.length, 2);
  assert.ok(unique[0][1].includes('市委常委会举行会议'), 'the Chongqing meeting is unique to 000');
  assert.ok(unique[1][1].includes('致全市人民的感谢信'), 'the thank-you letter is unique to 001');
  assert.ok(!unique[0][1].includes('呼日勒苏赫表示') && !unique[1][1].includes('呼日勒苏赫表示'));
  const ownWords = await page.$$eval('#view-reuse .edit-words', (ts) => ts[1].textContent);
  assert.ok(ownWords.includes('养老'), ownWords.slice(0, 80));

  // A cluster → Compare, the reference against the copy.
  await page.click('#cluster-detail button.compare-ref');
  await page.waitForSelector('#view-compare .diff');
  assert.equal(await page.getAttribute('#tab-compare', 'aria-selected'), 'true');
  assert.ok(await page.isVisible('#view-compare .change'));

  // A heat-map cell → Compare of that pair, row document as A.
  await page.click('#tab-reuse');
  await page.waitForSelector('#view-reuse rect.heat-cell');
  await page.click('#view-reuse rect.heat-cell[data-a="1"][data-b="0"]');
  await page.waitForSelector('#view-compare .diff');
  assert.equal(await page.$eval('#compare-a', (s) => s.value), '1');
  assert.equal(await page.$eval('#compare-b', (s) => s.value), '0');
});

test('exports: clusters CSV has a row per copy', async () => {
  const { page } = ctx;
  await page.click('#tab-reuse');
  await page.waitForSelector('#view-reuse rect.heat-cell');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('#view-reuse button', { hasText: 'Clusters CSV' }).click(),
  ]);
  const path = await download.path();
  const csv = readFileSync(path, 'utf8');
  assert.ok(csv.startsWith('\uFEFFcluster,documents,reference,doc,name,start,end,units,samePercent,variants,text\r\n'));
  const cli = execFileSync(join(ROOT, 'target', 'release', 'textlens'), ['reuse', '--csv', ...SEEDS], { encoding: 'utf8' });
  // One CSV writer, in the core, for the page and the CLI: the same bytes.
  assert.equal(csv, cli);
});

test('no console error, no failed request, nothing sent to another host', () => {
  assert.deepEqual(ctx.errors, []);
  assert.deepEqual(ctx.failed, []);
  assert.deepEqual(foreignRequests(ctx.requests, ctx.url), []);
});
