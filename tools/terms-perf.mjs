// Times the Terms view in headless Chromium on the four simplified Chinese novels
// (../shared/corpus/text/zh/, ≈ 9 MB): drop → term table shown, long main-thread tasks
// meanwhile (with the scripts behind each long animation frame, to find them), and worker round trips for KWIC (a term with ~10,000 hits) and keyness.
// node tools/terms-perf.mjs   (after ./build.sh). Prints figures; asserts nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { open, SHARED } from '../tests/e2e/harness.mjs';

const names = ['hongloumeng_simp.txt', 'sanguoyanyi_simp.txt', 'shuihuzhuan_simp.txt', 'xiyouji_simp.txt'];
const files = names.map((name) => ({ name, bytes: readFileSync(join(SHARED, 'text', 'zh', name)) }));
const mb = files.reduce((s, f) => s + f.bytes.length, 0) / 1e6;

const ctx = await open();
const { page } = ctx;
await page.click('#tab-terms');
await page.evaluate(() => {
  window.longTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.longTasks.push(e.duration); })
    .observe({ type: 'longtask', buffered: false });
  // Long animation frames name the scripts (and forced layouts) behind a slow frame.
  window.longFrames = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.duration <= 50) continue;
      const scripts = e.scripts.map((x) => `${x.invoker} ${x.sourceURL.split('/').pop()}@${x.sourceCharPosition} ${x.duration.toFixed(0)} ms`
        + (x.forcedStyleAndLayoutDuration ? ` (forced layout ${x.forcedStyleAndLayoutDuration.toFixed(0)} ms)` : ''));
      const render = e.renderStart ? e.startTime + e.duration - e.renderStart : 0;
      window.longFrames.push(`${e.duration.toFixed(0)} ms frame, blocking ${e.blockingDuration.toFixed(0)} ms, rendering ${render.toFixed(0)} ms: ${scripts.join('; ')}`);
    }
  }).observe({ type: 'long-animation-frame', buffered: false });
});
// The file picker hands the page real File objects, as a drop does.
const t0 = Date.now();
await page.setInputFiles('#file-input', names.map((n) => join(SHARED, 'text', 'zh', n)));
await page.waitForSelector('#view-terms table.terms tbody th.term', { timeout: 120_000 });
const shown = Date.now() - t0;
const longTasks = await page.evaluate(() => window.longTasks);
console.log(`drop ${mb.toFixed(1)} MB → term table shown: ${shown} ms `);
console.log(`long tasks meanwhile: ${longTasks.length}, longest ${Math.max(0, ...longTasks).toFixed(0)} ms`);
for (const f of await page.evaluate(() => window.longFrames)) console.log(`  long frame: ${f}`);

const timings = await page.evaluate(async () => {
  const { app } = await import('./app.js');
  const time = async (op, args) => {
    let best = Infinity;
    let value;
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      value = await app.client.call(op, args);
      best = Math.min(best, performance.now() - t);
    }
    return [best, value];
  };
  const out = {};
  const [termsMs, terms] = await time('terms', [{ limit: 0 }]);
  out.termsAll = `${termsMs.toFixed(0)} ms, ${terms.terms.length} rows`;
  const word = terms.terms.reduce((a, b) => (Math.abs(b.count - 10000) < Math.abs(a.count - 10000) ? b : a)).term;
  // As the page asks (no original-text places for the list).
  const [kwicMs, kwic] = await time('kwic', [{ query: word, original: false }]);
  out.kwic = `${kwicMs.toFixed(0)} ms for ${kwic.total} hits of ${word}`;
  const [kwicSortMs] = await time('kwic', [{ query: word, sort: 'right', original: false }]);
  out.kwicSortedRight = `${kwicSortMs.toFixed(0)} ms`;
  const [kwicOrigMs] = await time('kwic', [{ query: word }]);
  out.kwicWithOriginalPlaces = `${kwicOrigMs.toFixed(0)} ms`;
  const [keyMs, key] = await time('keyness', [{ target: 0 }]);
  out.keyness = `${keyMs.toFixed(0)} ms (${key.overused.length} over, ${key.underused.length} under)`;
  const [ngMs, ng] = await time('ngrams', [{}]);
  out.ngrams = `${ngMs.toFixed(0)} ms (${ng.ngrams.length} rows)`;
  return out;
});
for (const [k, v] of Object.entries(timings)) console.log(`${k}: ${v}`);
if (ctx.errors.length) console.error('console errors:', ctx.errors);
await ctx.close();
