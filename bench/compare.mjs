// Compare benchmark: textlens (the built wasm, in this Node process) against npm
// diff-match-patch (time-out off, i.e. exact; and its default 1 s time-out) and jsdiff
// `diffWords`, on the same inputs: the ~1 MB version pairs of ../shared/corpus/versions/ and
// a generated 1 MB pair with 1% word edits and one moved paragraph.
// textlens is timed twice: compare of documents already loaded, and the whole path from
// bytes (decode + segment both files + compare). Five runs in a row: V8 compiles wasm with its
// baseline tier first and optimises hot functions in the background, so the first run (cold,
// what a page's first compare costs) and the median of the last three (warm) are both shown.
// Peers: one run each.
// Usage: node bench/compare.mjs [--quick] [--page]   (--quick: skip jsdiff, whose runs are capped at
// 30 s; --page: only the in-page measurements)
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import DiffMatchPatch from 'diff-match-patch';
import { diffWords } from 'diff';
import { initSync, Corpus } from '../www/pkg/textlens.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = join(ROOT, '..', 'shared', 'corpus');
initSync({ module: readFileSync(join(ROOT, 'www', 'pkg', 'textlens_bg.wasm')) });
const quick = process.argv.includes('--quick');
const pageOnly = process.argv.includes('--page');
const JSDIFF_TIMEOUT_MS = 30_000;
const RUNS = 5;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const version = (book, file) => readFileSync(join(CORPUS, 'versions', book, file));

/** A ~1 MB pair from Moby-Dick: every 100th word replaced, one paragraph moved far. */
function generatedPair() {
  const text = readFileSync(join(CORPUS, 'text', 'en', 'gutenberg_2701_moby_dick.txt'), 'utf8').slice(0, 1_000_000);
  const paragraphs = text.split(/\n\s*\n/);
  const a = paragraphs.join('\n\n');
  let n = 0;
  const edited = paragraphs.map((p) => p.replace(/[A-Za-z]+/g, (w) => (++n % 100 === 0 ? `${w}x` : w)));
  // Move a paragraph of some length from 20% to 80% of the document.
  const from = edited.findIndex((p, i) => i > edited.length * 0.2 && p.length > 400);
  const [moved] = edited.splice(from, 1);
  edited.splice(Math.floor(edited.length * 0.8), 0, moved);
  return [Buffer.from(a), Buffer.from(edited.join('\n\n'))];
}

const pairs = [
  ['rust-book-en far (2024-10-15 → 2026-07-13)', version('rust-book-en', 'book_2024-10-15_d5a89d9.md'), version('rust-book-en', 'book_2026-07-13_9175448.md')],
  ['rust-book-zh far (2024-08-19 → 2026-03-28)', version('rust-book-zh', 'book_2024-08-19_7833ead.md'), version('rust-book-zh', 'book_2026-03-28_4dc75b7.md')],
  ['rust-book-zh near (2026-03-07 → 2026-03-28)', version('rust-book-zh', 'book_2026-03-07_8765f11.md'), version('rust-book-zh', 'book_2026-03-28_4dc75b7.md')],
  ['generated: 1% edits + a moved paragraph', ...generatedPair()],
];

function time(fn) {
  const t0 = performance.now();
  const value = fn();
  return [performance.now() - t0, value];
}

const rows = [];
for (const [name, bytesA, bytesB] of pageOnly ? [] : pairs) {
  const textA = bytesA.toString('utf8');
  const textB = bytesB.toString('utf8');
  // textlens: from bytes, then compare of loaded documents.
  const fromBytes = [];
  const loaded = [];
  let report;
  for (let i = 0; i < RUNS; i++) {
    const corpus = new Corpus();
    const [tLoad] = time(() => { corpus.addDocument('a', bytesA); corpus.addDocument('b', bytesB); });
    // As the worker asks: the ops as JSON slices of 1000.
    const [tCompare, r] = time(() => corpus.compare(0, 1, {}, 1000));
    fromBytes.push(tLoad + tCompare);
    loaded.push(tCompare);
    report = r;
    corpus.free();
  }
  // diff-match-patch, exact (time-out off) and with its default 1 s time-out.
  const dmp = new DiffMatchPatch();
  dmp.Diff_Timeout = 0;
  const [tDmp, dmpDiff] = time(() => dmp.diff_main(textA, textB));
  const dmpDefault = new DiffMatchPatch();
  const [tDmpDefault, dmpDefaultDiff] = time(() => dmpDefault.diff_main(textA, textB));
  const equalShare = (diff) => diff.filter(([op]) => op === 0).reduce((s, [, t]) => s + t.length, 0) / textA.length;
  // jsdiff diffWords, capped.
  let jsdiff = 'skipped';
  if (!quick) {
    const [tJs, js] = time(() => diffWords(textA, textB, { timeout: JSDIFF_TIMEOUT_MS }));
    jsdiff = js === undefined ? `timed out (> ${JSDIFF_TIMEOUT_MS / 1000} s)` : `${(tJs / 1000).toFixed(2)} s`;
  }
  rows.push({
    name,
    sizes: `${(bytesA.length / 1e6).toFixed(2)} / ${(bytesB.length / 1e6).toFixed(2)} MB`,
    cold: loaded[0],
    loaded: median(loaded.slice(2)),
    fromBytes: median(fromBytes.slice(2)),
    dmp: tDmp,
    dmpEqual: equalShare(dmpDiff),
    dmpDefault: tDmpDefault,
    dmpDefaultEqual: equalShare(dmpDefaultDiff),
    jsdiff,
    summary: report.summary,
    moves: report.moves.length,
    truncated: report.truncated,
  });
  console.error(`done: ${name}`);
}

if (!pageOnly) console.log('| pair | sizes A / B | textlens compare, loaded: cold / warm | textlens from bytes (warm) | diff-match-patch exact | speed-up cold / warm | dmp 1 s time-out (text kept equal) | jsdiff diffWords | textlens: equal / edited / moved / only A / only B, moves |');
if (!pageOnly) console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const s = r.summary;
  const split = [s.equalPercent, s.editedPercent, s.movedPercent, s.onlyAPercent, s.onlyBPercent].map((p) => p.toFixed(1)).join(' / ');
  console.log(`| ${r.name} | ${r.sizes} | ${r.cold.toFixed(0)} / ${r.loaded.toFixed(0)} ms | ${r.fromBytes.toFixed(0)} ms | ${(r.dmp / 1000).toFixed(2)} s (equal ${(r.dmpEqual * 100).toFixed(1)}% of A) | ${(r.dmp / r.cold).toFixed(0)}× / ${(r.dmp / r.loaded).toFixed(0)}× | ${(r.dmpDefault / 1000).toFixed(2)} s (${(r.dmpDefaultEqual * 100).toFixed(1)}%) | ${r.jsdiff} | ${split}, ${r.moves}${r.truncated ? ' TRUNCATED' : ''} |`);
}

// ---------------------------------------------------------------------------
// In the page: the compare view of each real pair, from the click on the Compare tab to the
// last row on screen, and the longest main-thread task meanwhile (goal: none over 50 ms).
const { open } = await import('../tests/e2e/harness.mjs');
const pagePairs = [
  ['rust-book-en far', 'rust-book-en/book_2024-10-15_d5a89d9.md', 'rust-book-en/book_2026-07-13_9175448.md'],
  ['rust-book-zh far', 'rust-book-zh/book_2024-08-19_7833ead.md', 'rust-book-zh/book_2026-03-28_4dc75b7.md'],
  ['rust-book-zh near', 'rust-book-zh/book_2026-03-07_8765f11.md', 'rust-book-zh/book_2026-03-28_4dc75b7.md'],
];
console.log('\n| page: compare view | layout | click → fully rendered | long tasks (> 50 ms) | longest task |');
console.log('|---|---|---|---|---|');
const ctx = await open();
for (const [name, a, b] of pagePairs) {
  for (const layout of ['inline', 'sideBySide']) {
    const { page } = ctx;
    await page.reload();
    await page.waitForFunction(() => document.body.classList.contains('ready'));
    await page.setInputFiles('#file-input', [join(CORPUS, 'versions', a), join(CORPUS, 'versions', b)]);
    await page.waitForFunction(() => document.querySelectorAll('#view-documents .doc-name').length === 2, null, { timeout: 120_000 });
    await page.evaluate(() => {
      window.__long = [];
      new PerformanceObserver((list) => window.__long.push(...list.getEntries().map((e) => e.duration)))
        .observe({ type: 'longtask', buffered: false });
    });
    let t0 = await page.evaluate(() => performance.now());
    await page.click('#tab-compare');
    await page.waitForSelector('#view-compare .diff .chg', { timeout: 120_000 });
    if (layout === 'sideBySide') {
      await page.waitForFunction(() => document.querySelector('#view-compare .render-progress')?.textContent === '', null, { timeout: 120_000, polling: 50 });
      await page.evaluate(() => { window.__long = []; });
      t0 = await page.evaluate(() => performance.now());
      await page.check('#layout-sideBySide');
      await page.waitForSelector('#view-compare .diff.sbs .chg', { timeout: 120_000 });
    }
    await page.waitForFunction(() => document.querySelector('#view-compare .render-progress')?.textContent === '', null, { timeout: 120_000, polling: 50 });
    const t1 = await page.evaluate(() => performance.now());
    await page.waitForTimeout(200);
    const long = await page.evaluate(() => window.__long);
    const over = long.filter((d) => d > 50);
    console.log(`| ${name} | ${layout} | ${(t1 - t0).toFixed(0)} ms${layout === 'sideBySide' ? ' (switch from inline)' : ' (incl. the compare)'} | ${over.length} | ${long.length ? Math.max(...long).toFixed(0) : 0} ms |`);
  }
}
await ctx.close();
