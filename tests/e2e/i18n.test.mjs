// The page speaks Chinese when asked: with the seed pair loaded and 中文 chosen, no English
// word is left in what a person reads in any view — tabs, toolbars, headers, buttons,
// legends, hints, tooltips and accessible names. Document text (and names, terms, encoding
// names) is excluded; a few names that are the same in Chinese (CSV, JSON, TF-IDF…) allowed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { open, dropFiles, readSeeds, loaded } from './harness.mjs';

const seedFiles = readSeeds();

/** Latin names used as such in Chinese UIs. */
const ALLOWED = ['textlens', 'CSV', 'JSON', 'HTML', 'TF-IDF', 'Bonferroni', 'Jaccard', 'MI', 'G²', 'English', 'UTF-8', 'UTF-16', 'Markdown', 'Word'];

let ctx;
before(async () => { ctx = await open({ locale: 'en-US' }); });
after(async () => { await ctx?.close(); });

/** Every visible UI string (text outside document text, plus title / aria-label / placeholder) with English left in it. */
async function englishLeft(page, where) {
  return page.evaluate(([allowed, where]) => {
    const docNames = [...document.querySelectorAll('#view-documents .doc-name')].map((e) => e.textContent);
    const exclude = [
      '[hidden]', 'script', 'style', 'textarea', '.diff', '.boundaries', '.kwic-context', '.doc-name', 'th.term',
      '.parts', '.kwic-left', '.kwic-hit', '.kwic-right', '.member-text', '.unique-text', '.cluster-preview',
      '.context-text', '.encoding-name', '.encoding-select', '#lang-select', '.bar-label', '.heat-label', 'mark.term-hit', '.joins',
    ].join(', ');
    const clean = (s) => {
      let out = s.replace(/\u200b/g, '');
      for (const n of docNames) out = out.split(n).join(' ');
      for (const a of allowed) out = out.split(a).join(' ');
      // Sizes (11.5 KB) and language codes after a language's name (德语 (de)).
      return out.replace(/\d(\.\d+)? ?[KMG]?B\b/g, ' ').replace(/\([a-z]{2,3}\)/g, ' ');
    };
    const found = [];
    const root = document.body;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest(exclude) || el.closest('svg title')) continue;
      if (/[A-Za-z]{2,}/.test(clean(n.data))) found.push(`${where}: <${el.tagName.toLowerCase()} class="${el.getAttribute('class') ?? ''}"> ${n.data.trim().slice(0, 60)}`);
    }
    for (const el of root.querySelectorAll('[title], [aria-label], [placeholder]')) {
      if (el.closest(exclude)) continue;
      for (const a of ['title', 'aria-label', 'placeholder']) {
        const v = el.getAttribute(a);
        if (v && /[A-Za-z]{2,}/.test(clean(v))) found.push(`${where}: <${el.tagName.toLowerCase()} ${a}="${v.slice(0, 60)}">`);
      }
    }
    return found;
  }, [ALLOWED, where]);
}

test('in Chinese, no English UI label remains in any view', async () => {
  const { page } = ctx;
  await dropFiles(page, seedFiles);
  await loaded(page, 2);
  await page.click('#tab-documents'); // two files land on Compare
  await page.selectOption('#lang-select', 'zh');
  assert.equal(await page.locator('#tab-terms').textContent(), '词语');
  const left = [];

  // Documents, with the segmentation panel and a document's token boundaries open.
  await page.click('.boundaries-toggle');
  await page.waitForSelector('.boundaries-area .boundaries');
  await page.evaluate(() => { for (const d of document.querySelectorAll('#view-documents details')) d.open = true; });
  left.push(...await englishLeft(page, 'documents'));

  // Terms: each sub-view, the stopword editor open, then a term picked (concordance, charts).
  await page.click('#tab-terms');
  await page.waitForSelector('#view-terms table.terms tbody th.term');
  for (const sub of ['frequencies', 'keyness', 'ngrams', 'collocates']) {
    await page.click(`#terms-tab-${sub}`);
    await page.waitForSelector(`#terms-tab-${sub}[aria-pressed="true"]`);
    await page.waitForFunction(() => document.querySelector('#view-terms .terms-content')?.childElementCount > 0);
    await page.click('#view-terms .stop-editor summary');
    await page.waitForFunction(() => document.querySelector('#terms-stop-lang')?.options.length > 1);
    left.push(...await englishLeft(page, `terms/${sub}`));
  }
  await page.click('#terms-tab-frequencies');
  await page.locator('#view-terms table.terms tbody tr').first().click();
  await page.waitForSelector('#view-terms table.kwic tbody tr');
  left.push(...await englishLeft(page, 'terms/detail'));

  // Compare, inline and side by side, with the picked term marked.
  await page.click('#tab-compare');
  await page.waitForSelector('#view-compare .diff .inline-row');
  left.push(...await englishLeft(page, 'compare/inline'));
  await page.click('#layout-sideBySide');
  await page.waitForSelector('#view-compare .diff.sbs .cell');
  left.push(...await englishLeft(page, 'compare/side-by-side'));

  await page.click('#tab-reuse');
  await page.waitForFunction(() => document.querySelector('#view-reuse')?.textContent.includes('%'));
  left.push(...await englishLeft(page, 'reuse'));

  assert.deepEqual(left, []);
  assert.deepEqual(ctx.errors, []);
});
