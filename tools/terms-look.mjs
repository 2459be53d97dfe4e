// Screenshots of the Terms view (frequencies, keyness, KWIC, n-grams) with the example pair:
// node tools/terms-look.mjs [OUTDIR]. For looking at the view as a person would.
import { open } from '../tests/e2e/harness.mjs';

const out = process.argv[2] ?? '/tmp';
const ctx = await open({ viewport: { width: 1280, height: 900 }, locale: process.env.LOCALE ?? 'en-US' });
const { page } = ctx;
await page.click('#example-button');
await page.waitForFunction(() => document.querySelectorAll('#view-documents .doc-name').length === 2);
await page.click('#tab-terms');
await page.waitForSelector('#view-terms table.terms tbody th.term');
await page.waitForTimeout(300);
await page.screenshot({ path: `${out}/terms-frequencies.png`, fullPage: true });
await page.click('#terms-tab-keyness');
await page.waitForSelector('table.keyness');
await page.waitForTimeout(300);
await page.screenshot({ path: `${out}/terms-keyness.png`, fullPage: true });
await page.locator('table.keyness.overused tbody th.term >> nth=1').click();
await page.waitForSelector('table.kwic');
await page.click('table.kwic tbody tr >> nth=2');
await page.waitForSelector('.kwic-context mark');
await page.waitForTimeout(300);
await page.screenshot({ path: `${out}/terms-kwic.png`, fullPage: true });
await page.click('#terms-tab-ngrams');
await page.waitForSelector('table.ngrams');
await page.waitForTimeout(300);
await page.screenshot({ path: `${out}/terms-ngrams.png` });
if (ctx.errors.length) console.error('console errors:', ctx.errors);
await ctx.close();
console.log(`screenshots in ${out}/terms-*.png`);
