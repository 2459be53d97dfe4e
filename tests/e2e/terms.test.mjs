// Terms view, end to end: the seed pair's term table agrees with the CLI's JSON and an
// independent count; keyness of seed 001 against 000 lists 天津 as overused; the CSV export
// parses back with the Chinese intact; KWIC on click slices the text; stopwords are editable
// and kept in localStorage; a 100,000-row table renders only the rows in view.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { open, dropFiles, loaded, SEEDS, ROOT, readSeeds } from './harness.mjs';

const seedFiles = readSeeds();
const seedTexts = SEEDS.map((p) => readFileSync(p, 'utf8'));

/** A small RFC 4180 reader, written for this test (quotes, doubled quotes, CRLF). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field); rows.push(row); row = []; field = ''; i++;
    } else field += c;
  }
  assert.equal(field + row.join(''), '', 'the last row ends with CRLF');
  return rows;
}

let ctx;
before(async () => { ctx = await open(); });
after(async () => { await ctx?.close(); });

async function loadSeeds() {
  const { page } = ctx;
  await page.reload();
  await page.waitForFunction(() => document.body.classList.contains('ready'));
  await dropFiles(page, seedFiles);
  await page.waitForFunction(() => document.querySelectorAll('#view-documents .doc-name').length === 2);
  await page.click('#tab-terms');
  await page.waitForSelector('#view-terms table.terms tbody tr th.term');
}

/** Clicks an export button and returns the downloaded file's bytes. */
async function exportFrom(page, selector) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return readFileSync(await download.path());
}

test('term counts agree with the CLI and sum to the token total', async () => {
  await loadSeeds();
  const { page } = ctx;
  const cli = join(ROOT, 'target', 'release', 'textlens');
  const report = JSON.parse(execFileSync(cli, ['terms', '--json', ...SEEDS], { encoding: 'utf8' }));
  // The CLI counts each written form apart: compare with the page's variants ungrouped (#14).
  await page.click('#terms-group-variants');
  await page.waitForFunction(() => !document.querySelector('#terms-group-variants')?.checked
    && [...document.querySelectorAll('#view-terms table.terms tbody tr th.term')].some((th) => th.textContent === '上海合作组织'));
  assert.equal(report.terms.reduce((s, t) => s + t.count, 0), report.totalTokens);
  // Rows rendered in the page (the first screenful and overscan of the virtual table).
  const shown = await page.$$eval('#view-terms table.terms tbody tr', (rows) => rows.map((r) => [
    r.querySelector('th.term').textContent, Number(r.querySelectorAll('td')[1].textContent.replace(/[^\d]/g, '')),
  ]));
  assert.ok(shown.length >= 50, `rendered ${shown.length} rows`);
  const byTerm = new Map(report.terms.map((t) => [t.term, t.count]));
  for (const [term, count] of shown) assert.equal(count, byTerm.get(term), term);
  // 普京 never occurs inside a longer word of these texts: its raw count is its term count.
  const putin = seedTexts.reduce((s, t) => s + t.split('普京').length - 1, 0);
  assert.equal(byTerm.get('普京'), putin);
  assert.equal(new Map(shown).get('普京'), putin);
});

test('keyness of seed 001 against seed 000 lists 天津 as overused; CSV round-trips', async () => {
  const { page } = ctx;
  await page.click('#terms-tab-keyness');
  await page.waitForSelector('#keyness-target');
  const target = await page.$eval('#keyness-target', (s) => [...s.options].find((o) => o.textContent.startsWith('001_')).value);
  await page.selectOption('#keyness-target', target);
  await page.waitForFunction((t) => document.querySelector('#keyness-target')?.value === t, target);
  const reference = await page.$eval('#keyness-reference', (s) => [...s.options].find((o) => o.textContent.startsWith('000_')).value);
  await page.selectOption('#keyness-reference', reference);
  await page.waitForFunction((r) => document.querySelector('#keyness-reference')?.value === r, reference);
  await page.waitForSelector('table.keyness.overused tbody th.term');
  const over = await page.$$eval('table.keyness.overused tbody th.term', (ths) => ths.map((th) => th.textContent));
  assert.ok(over.includes('天津'), `overused: ${over.slice(0, 20).join(' ')}`);
  const under = await page.$$eval('table.keyness.underused tbody th.term', (ths) => ths.map((th) => th.textContent));
  assert.ok(!under.includes('天津'));

  const bytes = await exportFrom(page, '#view-terms .terms-content [data-export=csv]');
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte-order mark');
  const rows = parseCsv(bytes.toString('utf8').slice(1));
  assert.deepEqual(rows[0].slice(0, 4), ['use', 'term', 'target_count', 'reference_count']);
  const tianjin = rows.find((r) => r[1] === '天津');
  assert.ok(tianjin, 'the row of 天津 with its Chinese intact');
  assert.equal(tianjin[0], 'over');
  assert.ok(Number(tianjin[2]) > Number(tianjin[3]));
  // Every term in the CSV is listed in the page, in one of the two tables.
  const listed = new Set(await page.$$eval('table.keyness tbody th.term', (ths) => ths.map((th) => th.textContent)));
  for (const r of rows.slice(1, 20)) assert.ok(listed.has(r[1]), r[1]);

  const json = JSON.parse((await exportFrom(page, '#view-terms .terms-content [data-export=json]')).toString('utf8'));
  assert.ok(json.overused.some((k) => k.term === '天津' && k.use === 'over'));
});

test('clicking a term shows its concordance, which slices the documents exactly', async () => {
  const { page } = ctx;
  await page.click('#terms-tab-frequencies');
  await page.locator('#view-terms table.terms tbody th.term', { hasText: /^天津$/ }).click();
  await page.waitForSelector('table.kwic tbody td.kwic-hit');
  const hits = await page.$$eval('table.kwic tbody td.kwic-hit', (tds) => tds.map((td) => td.textContent));
  const total = seedTexts.reduce((s, t) => s + t.split('天津').length - 1, 0);
  assert.ok(hits.length > 0 && hits.every((h) => h === '天津'));
  const summary = await page.textContent('#view-terms .terms-detail .summary + figure + .toolbar .summary');
  assert.ok(Number(summary.replace(/[^\d]/g, '')) <= total);
  assert.equal(await page.locator('svg.dist rect').count() > 0, true, 'a distribution chart');
  // The worker's KWIC lines slice the document's (cleaned) text in UTF-16, what JS strings index
  // by; each hit's `original` slices the text as read — here the seed files themselves.
  const { lines, texts } = await page.evaluate(async () => {
    const { app } = await import('./app.js');
    const report = await app.client.call('kwic', [{ query: '天津', context: 6 }]);
    const texts = await Promise.all(app.docs.map((d) => app.client.call('documentText', [d.id])));
    return { lines: report.lines, texts };
  });
  assert.ok(lines.length > 0 && lines.length <= total);
  for (const l of lines) {
    const text = texts.find((t) => t.id === l.doc).text;
    assert.equal(text.slice(l.left.start16, l.left.end16), l.leftText);
    assert.equal(text.slice(l.hit.start16, l.hit.end16), l.hitText);
    assert.equal(text.slice(l.right.start16, l.right.end16), l.rightText);
    assert.equal(seedTexts[l.doc].slice(l.original.start16, l.original.end16).replace(/\s/g, ''), '天津');
  }
  // Sort by right context, then open one line in its wider context.
  await page.selectOption('#kwic-sort', 'right');
  await page.waitForFunction(() => document.querySelector('#kwic-sort')?.value === 'right');
  await page.click('table.kwic tbody tr.pickable >> nth=0');
  await page.waitForSelector('.kwic-context mark');
  assert.equal(await page.textContent('.kwic-context mark'), '天津');
});

test('stopwords: toggled, edited and kept in localStorage', async () => {
  const { page } = ctx;
  await page.click('#terms-tab-frequencies');
  await page.waitForSelector('#terms-stop');
  const terms = () => page.$$eval('#view-terms table.terms tbody th.term', (ths) => ths.map((th) => th.textContent));
  /** Waits until the table is drawn and `word` is (not) among its rows. */
  const waitFor = (word, present) => page.waitForFunction(([w, p]) => {
    const ths = [...document.querySelectorAll('#view-terms table.terms tbody th.term')];
    return ths.length > 0 && ths.some((th) => th.textContent === w) === p;
  }, [word, present]);
  // Hidden by default, with the list of the language detected in the seeds (Chinese).
  await waitFor('的', false);
  assert.match(await page.textContent('#terms-stop-langs'), /Chinese/);
  await page.uncheck('#terms-stop');
  await waitFor('的', true);
  await page.check('#terms-stop');
  await waitFor('的', false);
  assert.ok((await terms()).includes('天津'));
  await page.click('.stop-editor summary');
  await page.waitForFunction(() => document.querySelector('#terms-stoplist').value.includes('\n'));
  await page.evaluate(() => {
    const area = document.querySelector('#terms-stoplist');
    area.value += '\n天津';
  });
  await page.click('#terms-stop-save');
  await waitFor('天津', false);
  assert.ok((await page.evaluate(() => localStorage.getItem('textlens.stopwords.list'))).split('\n').includes('天津'));
  // Survives a reload.
  await loadSeeds();
  await page.waitForFunction(() => document.querySelector('#terms-stop')?.checked);
  await waitFor('天津', false);
  await waitFor('习近平', true);
  await page.evaluate(() => { localStorage.removeItem('textlens.stopwords.list'); localStorage.removeItem('textlens.stopwords.on'); });
});

test('what is typed in the stopword editor and not saved survives the table being drawn again', async () => {
  await loadSeeds();
  const { page } = ctx;
  await page.click('#terms-tab-frequencies');
  await page.click('.stop-editor summary');
  await page.waitForFunction(() => document.querySelector('#terms-stoplist').value.includes('\n'));
  const draft = `${await page.inputValue('#terms-stoplist')}\n天津`;
  await page.fill('#terms-stoplist', draft);
  await page.$eval('.stop-editor', (d) => { d.dataset.before = '1'; });
  // Another file: the Terms view is drawn again, with a new editor.
  await dropFiles(page, [{ name: 'third.txt', bytes: seedFiles[0].bytes }]);
  await loaded(page, 3);
  await page.waitForFunction(() => document.querySelector('#view-terms .stop-editor:not([data-before])'));
  if (!await page.$eval('.stop-editor', (d) => d.open)) await page.click('.stop-editor summary');
  await page.waitForFunction((d) => document.querySelector('#terms-stoplist').value === d, draft);
  // Kept, not saved: 天津 is still counted.
  const stored = await page.evaluate(() => localStorage.getItem('textlens.stopwords.list'));
  assert.ok(!(stored ?? '').split('\n').includes('天津'), 'not saved');
  assert.ok(await page.$$eval('#view-terms table.terms tbody th.term', (ths) => ths.some((th) => th.textContent === '天津')), 'not applied');
});

test('n-grams and collocates of the seed pair', async () => {
  await loadSeeds();
  const { page } = ctx;
  await page.click('#terms-tab-ngrams');
  await page.waitForSelector('table.ngrams tbody th.term');
  const grams = await page.$$eval('table.ngrams tbody th.term', (ths) => ths.map((th) => th.textContent));
  // 全球治理 is one term since #4 (term discovery), so the most frequent bigram is 上合 + 组织.
  assert.equal(grams[0], '上合组织', 'the most frequent bigram');
  assert.ok(grams.every((g) => !/[。，,]/.test(g)), 'no n-gram crosses punctuation');
  await page.click('#terms-tab-collocates');
  await page.fill('#coll-node', '峰会');
  await page.press('#coll-node', 'Enter');
  await page.waitForSelector('table.collocates tbody th.term');
  const coll = await page.$$eval('table.collocates tbody th.term', (ths) => ths.map((th) => th.textContent));
  assert.equal(coll[0], '天津', 'the strongest collocate of 峰会 by log-likelihood');
});

test('a table of 100,000 terms renders only the rows in view', async () => {
  const { page } = ctx;
  await page.reload();
  await page.waitForFunction(() => document.body.classList.contains('ready'));
  const words = Array.from({ length: 100_000 }, (_, i) => `w${i.toString(36)}x`);
  await dropFiles(page, [{ name: 'many.txt', bytes: Buffer.from(`${words.join(' ')} w0x.\n`) }]);
  await page.waitForFunction(() => document.querySelectorAll('#view-documents .doc-name').length === 1);
  await page.click('#tab-terms');
  await page.waitForSelector('#view-terms table.terms tbody th.term');
  const summary = await page.textContent('#view-terms .summary');
  assert.match(summary.replace(/[,\s]/g, ''), /100000/);
  const rendered = await page.locator('#view-terms table.terms tbody tr').count();
  assert.ok(rendered < 400, `${rendered} rows in the DOM`);
  assert.equal(await page.textContent('#view-terms table.terms tbody tr th.term >> nth=0'), 'w0x');
  // Scroll to the end: the last rows appear.
  await page.$eval('#view-terms .vtable', (el) => { el.scrollTop = el.scrollHeight; });
  await page.waitForFunction(() => [...document.querySelectorAll('#view-terms table.terms tbody td.rank')].some((td) => td.textContent.replace(/[^\d]/g, '') === '100000'));
  // Sorting by term re-orders all 100,000 rows.
  await page.$eval('#view-terms .vtable', (el) => { el.scrollTop = 0; });
  await page.click('#view-terms table.terms thead th.term button');
  await page.waitForFunction(() => document.querySelector('#view-terms table.terms tbody tr th.term')?.textContent === 'w0x');
});

test('no console error, no failed request', () => {
  assert.deepEqual(ctx.errors, []);
  assert.deepEqual(ctx.failed, []);
});
