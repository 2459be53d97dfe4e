// Segmentation end to end (issue #4): the seed pair's organisation name comes out as a
// discovered term with its true count and the Mongolian president's name is one token in each
// document alone (issue #14), token boundaries can be shown, the user dictionary
// re-segments every document and survives a reload (localStorage), and a rejected
// discovered term is cut again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { open, dropFiles, loaded, SEEDS, readSeeds } from './harness.mjs';

const seedTexts = SEEDS.map((p) => readFileSync(p, 'utf8'));
const seedFiles = readSeeds();

/** Occurrences of `needle` in both seed files, counted on the raw text. */
function occurrences(needle) {
  return seedTexts.reduce((sum, t) => sum + t.split(needle).length - 1, 0);
}

let ctx;
before(async () => { ctx = await open(); });
after(async () => { await ctx?.close(); });

async function loadSeeds(page) {
  await dropFiles(page, seedFiles);
  await loaded(page, 2);
  await page.click('#tab-documents'); // two files land on Compare
  await page.waitForSelector('#view-documents .segment-panel');
}

/** Discovered-term rows: term → {count, status}. */
async function discovered(page) {
  return page.$$eval('#view-documents table.discovered-terms tbody tr', (rows) => Object.fromEntries(rows.map((r) => [
    r.dataset.term,
    { count: Number(r.querySelectorAll('td')[1].textContent.replace(/[^\d]/g, '')), status: r.querySelectorAll('td')[3].textContent },
  ])));
}

/** Texts of the tokens shown with boundaries. */
async function shownTokens(page) {
  await page.waitForSelector('#view-documents .boundaries .tok');
  return page.$$eval('#view-documents .boundaries .tok', (spans) => spans.map((s) => s.textContent));
}

test('names are discovered terms with their true counts; boundaries and the user dictionary work', async () => {
  const { page, errors } = ctx;
  await loadSeeds(page);
  await page.click('#view-documents .segment-panel summary');

  const found = await discovered(page);
  assert.ok(found['上海合作组织'], `上海合作组织 is listed among ${Object.keys(found)}`);
  assert.equal(found['上海合作组织'].count, occurrences('上海合作组织'), 'counted as a token every time it occurs');

  // Token boundaries of the first document: the names are single tokens.
  await page.click('#view-documents .boundaries-toggle[data-doc-id="0"]');
  let tokens = await shownTokens(page);
  assert.ok(tokens.includes('上海合作组织') && tokens.includes('呼日勒苏赫'));
  assert.ok(!tokens.includes('全球治理倡议'), 'not a word before the user dictionary');
  assert.equal(tokens.join(''), seedTexts[0].replace(/\s/g, '').slice(0, tokens.join('').length),
    'the shown tokens spell the text');

  // The user dictionary re-segments every document.
  await page.fill('#user-dict', '全球治理倡议\n');
  await page.click('#user-dict-apply');
  await page.waitForFunction(() => [...document.querySelectorAll('#view-documents .boundaries .tok')]
    .some((s) => s.textContent === '全球治理倡议'));
  tokens = await shownTokens(page);
  assert.equal(tokens.filter((t) => t === '全球治理倡议').length, seedTexts[0].split('全球治理倡议').length - 1);
  await page.click('#tab-terms');
  await page.waitForSelector('#view-terms table.terms tbody tr');
  const termCount = await page.$$eval('#view-terms table.terms tbody tr', (rows) => {
    const row = rows.find((r) => r.querySelector('th.term').textContent === '全球治理倡议');
    return row ? Number(row.querySelectorAll('td')[1].textContent.replace(/[^\d]/g, '')) : 0;
  });
  assert.equal(termCount, occurrences('全球治理倡议'), 'the term table counts the user term in both documents');
  await page.click('#tab-documents');

  // Rejecting a discovered term cuts it again; the transliterated name stays whole without it.
  await page.waitForSelector('#view-documents tr[data-term="上海合作组织"] button');
  await page.click('#view-documents tr[data-term="上海合作组织"] button');
  await page.waitForFunction(() => document.querySelector('#view-documents tr[data-term="上海合作组织"]')?.classList.contains('rejected'));
  await page.waitForFunction(() => ![...document.querySelectorAll('#view-documents .boundaries .tok')]
    .some((s) => s.textContent === '上海合作组织'));
  tokens = await shownTokens(page);
  assert.ok(tokens.includes('上海') && tokens.includes('组织'));
  assert.ok(tokens.includes('呼日勒苏赫'));

  assert.deepEqual(errors, []);
});

test('the user dictionary is kept across a reload and applies to newly loaded documents', async () => {
  const { page, errors } = ctx;
  await page.reload();
  await page.waitForFunction(() => document.body.classList.contains('ready'));
  assert.equal(await page.evaluate(() => localStorage.getItem('textlens.userDictionary')), '全球治理倡议\n');
  await loadSeeds(page);
  await page.click('#view-documents .boundaries-toggle[data-doc-id="0"]');
  await page.waitForFunction(() => [...document.querySelectorAll('#view-documents .boundaries .tok')]
    .some((s) => s.textContent === '全球治理倡议'));
  await page.click('#view-documents .segment-panel summary');
  assert.equal(await page.inputValue('#user-dict'), '全球治理倡议\n');
  assert.deepEqual(errors, []);
});

test('what is typed in the user dictionary and not applied yet survives the view being drawn again', async () => {
  const { page, errors } = ctx;
  await page.click('#tab-documents');
  if (!await page.$eval('#view-documents .segment-panel', (d) => d.open)) await page.click('#view-documents .segment-panel summary');
  const draft = '全球治理倡议\n上合组织峰会\n';
  await page.fill('#user-dict', draft);
  // Another file redraws the Documents view (listed while read, then with its terms found).
  await dropFiles(page, [{ name: 'third.txt', bytes: seedFiles[1].bytes }]);
  await page.waitForFunction(() => [...document.querySelectorAll('#view-documents .doc-name')].some((n) => n.textContent === 'third.txt')
    && document.getElementById('progress').hidden);
  assert.equal(await page.inputValue('#user-dict'), draft, 'the draft is still in the box');
  assert.equal(await page.evaluate(() => localStorage.getItem('textlens.userDictionary')), '全球治理倡议\n', 'and not applied');
  assert.deepEqual(errors, []);
});

test('a long document shows its boundaries a page at a time', async () => {
  const { page, errors } = ctx;
  const long = Buffer.from(seedTexts[0].repeat(3));
  await dropFiles(page, [{ name: 'long.txt', bytes: long }]);
  await page.waitForFunction(() => [...document.querySelectorAll('#view-documents .doc-name')].some((n) => n.textContent === 'long.txt'));
  await page.click('#tab-documents'); // one file lands on Terms
  const id = await page.$eval('#view-documents tr:has(.doc-name:text-is("long.txt"))', (tr) => tr.dataset.docId);
  await page.click(`#view-documents .boundaries-toggle[data-doc-id="${id}"]`);
  await page.waitForSelector('#view-documents .boundaries-more');
  const before = await page.$$eval('#view-documents .boundaries .tok', (s) => s.length);
  await page.click('#view-documents .boundaries-more');
  await page.waitForFunction((n) => document.querySelectorAll('#view-documents .boundaries .tok').length > n, before);
  const shown = await page.$$eval('#view-documents .boundaries .tok', (s) => s.map((x) => x.textContent).join(''));
  assert.equal(shown, seedTexts[0].repeat(3).replace(/\s/g, '').slice(0, shown.length));
  assert.deepEqual(errors, []);
});
