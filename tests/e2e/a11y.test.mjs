// Accessibility with the seed pair loaded: axe-core finds no serious or critical violation on any
// view, every piece of content sits in a landmark, and a person with only a keyboard can go from
// intake to Terms to Compare (stepping with n / p) to an export.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { open, dropFiles, ROOT, readSeeds } from './harness.mjs';

const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const seedFiles = readSeeds();

let ctx;
before(async () => { ctx = await open(); });
after(async () => { await ctx?.close(); });

/** Serious and critical axe violations on the page as it is now, one line each. */
async function violations(page) {
  // Evaluated through the debugging protocol: the page's CSP (script-src 'self') stays on.
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, where: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
  }));
}

const serious = (list) => list.filter((v) => v.impact === 'serious' || v.impact === 'critical');

/** Waits until the view's work is done (no progress bar) and it shows something. */
async function settled(page, view) {
  await page.waitForFunction((v) => {
    const root = document.getElementById(`view-${v}`);
    return document.getElementById('progress').hidden && root && !root.hidden && root.childElementCount > 0;
  }, view, { timeout: 30_000 });
  await page.waitForTimeout(300);
}

test('axe: no serious or critical violation, and all content in landmarks, on every view with the seeds', async () => {
  const { page } = ctx;
  await dropFiles(page, seedFiles);
  await page.waitForFunction(() => document.querySelectorAll('.doc-name').length >= 2 || document.querySelector('#view-compare .diff'),
    null, { timeout: 30_000 });
  const found = {};
  const show = async (view) => { await page.click(`#tab-${view}`); await settled(page, view); };
  for (const view of ['documents', 'terms', 'compare', 'reuse']) {
    await show(view);
    found[view] = await violations(page);
  }
  // Compare side by side, and the Terms view with a term picked (its detail panel and charts).
  await show('compare');
  await page.click('label[for="layout-sideBySide"]');
  await settled(page, 'compare');
  found['compare side by side'] = await violations(page);
  await show('terms');
  await page.locator('#view-terms table.terms tbody th.term').first().click();
  await settled(page, 'terms');
  found['terms, a term picked'] = await violations(page);

  for (const [view, list] of Object.entries(found)) {
    assert.deepEqual(serious(list), [], `${view}: ${JSON.stringify(list)}`);
    assert.deepEqual(list.filter((v) => v.id === 'region' || v.id.startsWith('landmark')), [], `${view}: ${JSON.stringify(list)}`);
  }
});

/** Presses Tab (or Shift+Tab) until the focused element matches `selector` (at most `max` presses). */
async function tabTo(page, selector, { max = 80, back = false } = {}) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** The focused element is visibly marked (an outline or a box shadow). */
async function focusVisible(page) {
  return page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
  });
}

test('keyboard only: intake → Terms → Compare (n / p) → export', async () => {
  const { page } = ctx;
  await page.reload();
  await page.waitForFunction(() => document.body.classList.contains('ready'));
  await page.locator('body').focus();

  // Intake: the example pair, by keyboard.
  await tabTo(page, '#example-button');
  assert.ok(await focusVisible(page), 'focus is visible on the example button');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.getElementById('progress').hidden
    && document.querySelectorAll('[role=tab][aria-selected=true]').length === 1
    && !document.querySelector('[role=tabpanel]:not([hidden]) .empty'), null, { timeout: 30_000 });

  // Terms: reach the tab list, move along it with the arrow keys.
  await tabTo(page, '[role=tab][aria-selected=true]');
  for (let i = 0; i < 4 && !(await page.evaluate(() => document.activeElement.id === 'tab-terms')); i++) {
    await page.keyboard.press('ArrowLeft');
  }
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-terms');
  await settled(page, 'terms');
  const terms = await page.locator('#view-terms table.terms tbody th.term').allTextContents();
  assert.ok(terms.length > 10, 'the term table is shown');

  // Compare: n and p step through the changes and say where they are.
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-compare');
  await settled(page, 'compare');
  const position = () => page.locator('#view-compare .change-pos').textContent();
  await page.keyboard.press('n');
  await page.waitForFunction(() => /\b1\b/.test(document.querySelector('#view-compare .change-pos').textContent));
  const first = await position();
  await page.keyboard.press('n');
  await page.waitForFunction((p) => document.querySelector('#view-compare .change-pos').textContent !== p, first);
  assert.match(await position(), /\b2\b/);
  assert.equal(await page.evaluate(() => document.activeElement.closest('.chg')?.dataset.change), '2', 'focus is on change 2');
  await page.keyboard.press('p');
  await page.waitForFunction((p) => document.querySelector('#view-compare .change-pos').textContent === p, first);

  // Export: back (Shift+Tab) from the change to the HTML report button, and Enter.
  await tabTo(page, '#export-html', { back: true });
  assert.ok(await focusVisible(page), 'focus is visible on the export button');
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  assert.match(download.suggestedFilename(), /\.html$/);
});
