// Clicking a term in the Terms view marks its occurrences in the Compare view (inline and
// side by side) and in the Documents view's token-boundary text (issue #5, point 6). The
// expected counts come from the page's own term table (per-document columns), and the
// test checks them against an independent count in the seed texts; the legend's Clear
// button removes the marks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { open, dropFiles, SEEDS, readSeeds, loaded } from './harness.mjs';

const seedFiles = readSeeds();
const seedTexts = SEEDS.map((p) => readFileSync(p, 'utf8'));
const TERM = '天津';

let ctx;
before(async () => { ctx = await open(); });
after(async () => { await ctx?.close(); });

/** Distinct occurrences marked in `scope` for side 'a' | 'b', and the text of each. */
async function marked(page, scope, side) {
  return page.evaluate(([sel, key]) => {
    const byHit = new Map();
    for (const m of document.querySelectorAll(`${sel} mark.term-hit:not(.legend-swatch)`)) {
      const at = m.dataset[key];
      if (at === undefined) continue;
      byHit.set(at, (byHit.get(at) ?? '') + m.textContent);
    }
    return [...byHit.values()];
  }, [scope, side === 'a' ? 'hitA' : 'hitB']);
}

test('a term clicked in the term table is marked in Compare and in the document text', async () => {
  const { page } = ctx;
  await dropFiles(page, seedFiles);
  await loaded(page, 2);
  await page.click('#tab-terms');
  await page.waitForSelector('#view-terms table.terms tbody th.term');
  await page.fill('#terms-search', TERM);
  const row = page.locator('#view-terms table.terms tbody tr', { has: page.locator('th.term', { hasText: new RegExp(`^${TERM}$`) }) });
  await row.waitFor();
  // The per-document counts, read from the table: one column per document, headed by its name.
  const perDoc = await page.evaluate((term) => {
    const table = document.querySelector('#view-terms table.terms');
    const heads = [...table.querySelectorAll('thead th')].map((th) => th.textContent.replace(/\u200b/g, '').replace(/[ ▲▼]+$/, ''));
    const tr = [...table.querySelectorAll('tbody tr')].find((r) => r.querySelector('th.term')?.textContent === term);
    const cells = [...tr.children].map((c) => c.textContent);
    const out = {};
    heads.forEach((name, i) => { if (/\.txt$/.test(name)) out[name] = cells[i] === '·' ? 0 : Number(cells[i].replace(/[^\d]/g, '')); });
    return out;
  }, TERM);
  const counts = seedFiles.map((f) => perDoc[f.name]);
  // Sanity of the table's figures: at most the places the text spells 天津 (where it is part of
  // a longer word, such as 天津市, it is not the term), and more in 001 than in 000.
  const spelled = seedTexts.map((t) => t.split(TERM).length - 1);
  assert.ok(counts.every((n, k) => n > 0 && n <= spelled[k]), `counts ${counts}, spelled ${spelled}`);
  assert.ok(counts[1] > counts[0], `counts ${counts}`);
  assert.ok(spelled[1] > counts[1], 'seed 001 has 天津 inside a longer word: substring matches would over-count');
  await row.click();
  await page.waitForSelector('#terms-show-compare');

  // Compare, inline (the default): every occurrence in A and in B is marked, and only those.
  await page.click('#terms-show-compare');
  await page.waitForSelector('#view-compare .diff mark.term-hit');
  await page.waitForFunction(() => !document.querySelector('#view-compare .render-progress')?.textContent);
  for (const [side, n] of [['a', counts[0]], ['b', counts[1]]]) {
    const texts = await marked(page, '#view-compare .diff', side);
    assert.equal(texts.length, n, `inline, side ${side}`);
    assert.ok(texts.every((t) => t === TERM), `inline marks: ${texts}`);
  }
  const legend = await page.locator('#view-compare .term-legend').textContent();
  assert.ok(legend.includes(TERM) && legend.includes(String(counts[1])), legend);

  // Side by side: each column marks its own document's occurrences.
  await page.click('#layout-sideBySide');
  await page.waitForSelector('#view-compare .diff.sbs mark.term-hit');
  await page.waitForFunction(() => !document.querySelector('#view-compare .render-progress')?.textContent);
  for (const [side, n] of [['a', counts[0]], ['b', counts[1]]]) {
    const texts = await marked(page, `#view-compare .diff.sbs .cell.${side}`, side);
    assert.equal(texts.length, n, `side by side, column ${side}`);
    assert.ok(texts.every((t) => t === TERM), `side-by-side marks: ${texts}`);
  }

  // Documents: the token-boundary text of each document marks the term's tokens.
  await page.click('#tab-documents');
  const ids = await page.evaluate(async () => (await import('./app.js')).app.docs.map((d) => d.id));
  for (const [k, id] of ids.entries()) {
    await page.click(`.boundaries-toggle[data-doc-id="${id}"]`);
    await page.waitForSelector(`.boundaries-toggle[data-doc-id="${id}"][aria-pressed="true"]`);
    await page.waitForSelector('.boundaries-area .boundaries');
    // Show the whole document (seeds are a few thousand tokens).
    while (await page.locator('.boundaries-more').count()) {
      const before = await page.locator('.boundaries .tok').count();
      await page.click('.boundaries-more');
      await page.waitForFunction((n) => document.querySelectorAll('.boundaries .tok').length > n, before);
    }
    const texts = await marked(page, '.boundaries-area .boundaries', 'a');
    assert.equal(texts.length, counts[k], `document ${seedFiles[k].name}`);
    assert.ok(texts.every((t) => t === TERM), `document marks: ${texts}`);
  }

  // Clear: the marks go, in this view and in Compare.
  await page.click('.boundaries-area .term-clear');
  await page.waitForFunction(() => !document.querySelector('.boundaries-area mark.term-hit') && document.querySelector('.boundaries-area .boundaries'));
  await page.click('#tab-compare');
  await page.waitForSelector('#view-compare .diff .cell');
  assert.equal(await page.locator('#view-compare mark.term-hit').count(), 0);
  assert.equal(await page.locator('#view-compare .term-legend').count(), 0);
  assert.deepEqual(ctx.errors, []);
});
