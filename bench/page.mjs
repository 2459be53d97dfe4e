// Page benchmark in headless Chromium: time to ready (wasm compiled + dictionary built),
// and from dropping the seed pair to the terms table on screen. Median of 5 runs.
import { readFileSync } from 'node:fs';
import { open, dropFiles, SEEDS } from '../tests/e2e/harness.mjs';

const RUNS = 5;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const files = SEEDS.map((p) => ({ name: p.split('/').pop(), bytes: readFileSync(p) }));

const ready = [];
const dropToTerms = [];
const ctx = await open();
for (let i = 0; i < RUNS; i++) {
  await ctx.page.reload();
  await ctx.page.waitForFunction(() => document.body.classList.contains('ready'));
  ready.push(await ctx.page.evaluate(() => performance.now()));
  await ctx.page.click('#tab-terms');
  const t0 = await ctx.page.evaluate(() => performance.now());
  await dropFiles(ctx.page, files);
  await ctx.page.waitForFunction(() => document.querySelectorAll('#view-terms table.terms tbody tr').length > 0);
  dropToTerms.push(await ctx.page.evaluate(() => performance.now()) - t0);
}
await ctx.close();
const wasm = readFileSync(new URL('../www/pkg/textlens_bg.wasm', import.meta.url)).length;
console.log('| measure | median of 5 |');
console.log('|---|---|');
console.log(`| page ready (navigation → wasm + dictionary ready) | ${median(ready).toFixed(0)} ms |`);
console.log(`| drop seed pair → terms table shown | ${median(dropToTerms).toFixed(0)} ms |`);
console.log(`| wasm size (raw) | ${(wasm / 1e6).toFixed(2)} MB |`);
