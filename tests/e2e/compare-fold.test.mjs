// Compare on a long text with few changes: unchanged runs fold to one line with context kept
// around each change, a fold opens on click, "Full text" shows everything, and the change map
// beside the text takes the reader to the change at the place clicked. The HTML report folds
// the same runs, into <details> that open without script.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { join } from 'node:path';
import { open, dropFiles, SHARED, loaded } from './harness.mjs';

// 60 paragraphs of a public-domain book, each on one line; B edits paragraphs 2, 30 and 57.
const book = readFileSync(join(SHARED, 'text', 'en', 'gutenberg_1342_pride_and_prejudice.txt'), 'utf8');
const paragraphs = book.split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter((p) => p.length > 200 && /[.!?]["'_”’]*$/.test(p)).slice(10, 70);
const a = paragraphs.join('\n\n');
const edited = paragraphs.map((p, i) => (i === 2 || i === 30 ? p.replace(/\b(\w{5,})\b/, 'CHANGEDWORD') : i === 57 ? `${p} An added closing sentence.` : p));
const b = edited.join('\n\n');

let ctx;
before(async () => {
  ctx = await open();
  await dropFiles(ctx.page, [{ name: 'a.txt', bytes: Buffer.from(a) }, { name: 'b.txt', bytes: Buffer.from(b) }]);
  await loaded(ctx.page, 2);
  await ctx.page.click('#tab-compare');
  await ctx.page.waitForSelector('#view-compare canvas.change-map');
});
after(async () => { await ctx?.close(); });

const shownParagraphs = (page) => page.$$eval('#view-compare .inline-row', (rows) => rows.map((r) => r.textContent.trim()).filter(Boolean));

test('unchanged paragraphs fold to one line, with one paragraph of context around each change', async () => {
  const { page } = ctx;
  assert.equal(paragraphs.length, 60);
  const folds = await page.locator('#view-compare .fold').allTextContents();
  // Shown: 0 (a run of one is not folded), 1 | 2 | 3, 29 | 30 | 31, 56 | 57 | 58, 59; folded: 4–28, 32–55.
  assert.deepEqual(folds.map((f) => Number(/(\d+)/.exec(f)[1])), [25, 24], `folds: ${folds}`);
  const shown = await shownParagraphs(page);
  assert.equal(shown.length, 60 - 25 - 24);
  assert.ok(shown.some((t) => t.includes('CHANGEDWORD')) && shown.some((t) => t.includes('An added closing sentence.')));
  for (const i of [0, 1, 3, 29, 31, 56, 58, 59]) {
    assert.ok(shown.some((t) => t.includes(paragraphs[i].slice(0, 60))), `paragraph ${i} is shown`);
  }
  assert.ok(!shown.some((t) => t.includes(paragraphs[15].slice(0, 60))), 'paragraph 15 is folded');

  // A click on a fold shows what it held.
  await page.locator('#view-compare .fold', { hasText: '25' }).locator('button').click();
  assert.ok((await shownParagraphs(page)).some((t) => t.includes(paragraphs[15].slice(0, 60))));
  assert.equal(await page.locator('#view-compare .fold').count(), 1);
});

test('"Full text" shows every paragraph; the change map goes to the change at the place clicked', async () => {
  const { page } = ctx;
  await page.click('label[for="fold-full"]');
  await page.waitForFunction(() => !document.querySelector('#view-compare .fold') && document.querySelector('#view-compare canvas.change-map'));
  const shown = await shownParagraphs(page);
  paragraphs.forEach((p, i) => {
    if (i !== 2 && i !== 30) assert.ok(shown.some((t) => t.includes(p.slice(0, 40))), `paragraph ${i} is shown`);
  });
  const total = Number(/of (\d+)/.exec(await page.locator('#view-compare .change-pos').textContent())[1]);
  assert.ok(total >= 2);
  // Near the bottom of the map: the last change; near the top: the first.
  const map = page.locator('#view-compare canvas.change-map');
  const box = await map.boundingBox();
  await map.click({ position: { x: box.width / 2, y: box.height * 0.97 } });
  await page.waitForFunction((n) => document.querySelector('#view-compare .change-pos').textContent.includes(`${n} of ${n}`), total);
  const last = await page.evaluate(() => document.activeElement.closest('.chg')?.textContent);
  assert.match(last, /An added closing sentence/);
  await map.click({ position: { x: box.width / 2, y: box.height * 0.03 } });
  await page.waitForFunction((n) => document.querySelector('#view-compare .change-pos').textContent.includes(`1 of ${n}`), total);
  assert.deepEqual(ctx.errors, []);
  // Back to the folded view for the other tests of this page.
  await page.click('label[for="fold-folded"]');
});

test('the HTML report folds the same runs into <details>, which open without script', async () => {
  const { page } = ctx;
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-html')]);
  const html = readFileSync(await download.path(), 'utf8');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const view = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await view.setContent(html);
    const summaries = await view.locator('details > summary').allTextContents();
    assert.deepEqual(summaries.map((t) => Number(/(\d+)/.exec(t)[1])), [25, 24], `folds: ${summaries}`);
    // Folded text is in the report but hidden until its fold is opened; changes are never folded.
    const hidden = view.locator('td', { hasText: paragraphs[15].slice(0, 60) });
    assert.equal(await hidden.count(), 2);
    assert.equal(await hidden.first().isVisible(), false);
    assert.equal(await view.locator('details del, details ins').count(), 0);
    await view.locator('details > summary').first().click();
    assert.equal(await hidden.first().isVisible(), true);
    assert.ok(await view.locator('del, ins').first().isVisible());
  } finally {
    await browser.close();
  }
});
