// Screenshots of the page with the example pair loaded, one per view: node tools/screenshot.mjs [OUTDIR]
// For looking at the page as a person would (and for the README's picture).
import { open } from '../tests/e2e/harness.mjs';

const out = process.argv[2] ?? '/tmp';
const ctx = await open({ viewport: { width: 1280, height: 860 } });
const { page } = ctx;
await page.click('#example-button');
await page.waitForFunction(() => document.querySelectorAll('#view-documents .doc-name').length === 2);
for (const view of ['documents', 'terms', 'compare']) {
  await page.click(`#tab-${view}`);
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${out}/textlens-${view}.png` });
}
if (ctx.errors.length) console.error('console errors:', ctx.errors);
await ctx.close();
console.log(`screenshots in ${out}/textlens-{documents,terms,compare}.png`);
