// Names and variants in the Terms view, end to end on the seed pair (issue #14): the Names list
// shows people, places and organisations with counts per document (呼日勒苏赫 2 + 2, 郭嘉昆 only in
// seed 000, the bylines' reporters only in seed 001); the kind filter keeps one kind; picking a
// name shows its concordance. With "Group variants" on, 上海合作组织's row lists 上合组织 and 上合 with
// their counts and counts the abbreviation tokens with it, the concordance follows the group, and
// switching grouping off gives the plain counts. A screenshot is written to target/names-e2e.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { open, dropFiles, SEEDS, ROOT, readSeeds, loaded } from './harness.mjs';

const seedFiles = readSeeds();
const seedTexts = SEEDS.map((p) => readFileSync(p, 'utf8'));
const occurrences = (s) => seedTexts.map((t) => t.split(s).length - 1);

let ctx;
before(async () => { ctx = await open({ viewport: { width: 1280, height: 1000 } }); });
after(async () => { await ctx?.close(); });

/** The rendered rows of the Names table: [name, kind, count, per-doc…]. */
const nameRows = (page) => page.$$eval('#view-terms table.names tbody tr', (rows) => rows.map((r) => [
  r.querySelector('th').textContent, ...[...r.querySelectorAll('td')].map((td) => td.textContent),
]));

test('the Names list shows who and what the seed pair names, per document', async () => {
  const { page, errors } = ctx;
  await dropFiles(page, seedFiles);
  await loaded(page, 2);
  await page.click('#tab-terms');
  await page.click('#terms-tab-names');
  await page.waitForSelector('#view-terms table.names tbody tr');
  const rows = new Map((await nameRows(page)).map((r) => [r[0], r.slice(1)]));
  const num = (x) => (x === '·' ? 0 : Number(x.replace(/[^\d]/g, '')));
  const check = (name, kind, perDoc) => {
    const row = rows.get(name);
    assert.ok(row, `${name} listed: ${[...rows.keys()].join(' ')}`);
    assert.equal(row[0], kind, name);
    assert.deepEqual(row.slice(2).map(num), perDoc, `${name} per document`);
    assert.equal(num(row[1]), perDoc[0] + perDoc[1], `${name} total`);
  };
  check('呼日勒苏赫', 'person', occurrences('呼日勒苏赫'));
  check('郭嘉昆', 'person', occurrences('郭嘉昆'));
  check('习近平', 'person', occurrences('习近平'));
  assert.equal(rows.get('天津')?.[0], 'place');
  check('上海合作组织', 'organisation', occurrences('上海合作组织'));
  assert.match(await page.textContent('#names-summary'), /\d+ names: \d+ people, \d+ places, \d+ organisations/);

  await page.selectOption('#names-kind', 'person');
  await page.waitForFunction(() => [...document.querySelectorAll('#view-terms table.names tbody td.name-kind')]
    .every((td) => td.textContent === 'person'));
  const people = (await nameRows(page)).map((r) => r[0]);
  for (const reporter of ['杨依军', '曹嘉明', '丁海涛', '魏彧', '孙启明', '史莺', '廖晨霞', '卢志民', '袁家军']) {
    assert.ok(people.includes(reporter), `${reporter} among the people: ${people.join(' ')}`);
  }
  assert.ok(!people.includes('天津'));

  await page.click('#view-terms table.names tbody tr:has(th:text-is("呼日勒苏赫"))');
  await page.waitForFunction(() => document.querySelector('.detail-title')?.textContent.includes('呼日勒苏赫'));
  const hits = await page.$$eval('#view-terms table.kwic tbody td.kwic-hit', (tds) => tds.map((td) => td.textContent));
  assert.deepEqual(hits, ['呼日勒苏赫', '呼日勒苏赫', '呼日勒苏赫', '呼日勒苏赫']);
  await page.screenshot({ path: join(ROOT, 'target', 'names-e2e.png'), fullPage: false });
  assert.deepEqual(errors, []);
});

test('grouped variants: one row with the forms counted, KWIC follows the group, switchable off', async () => {
  const { page, errors } = ctx;
  await page.selectOption('#names-kind', '');
  await page.click('#terms-tab-frequencies');
  await page.waitForSelector('#view-terms table.terms tbody tr th.term');
  const row = async () => page.$eval('#view-terms table.terms tbody', (tb) => {
    const tr = [...tb.querySelectorAll('tr')].find((r) => r.querySelector('th.term').textContent.startsWith('上海合作组织'));
    return tr && [tr.querySelector('th.term').textContent, Number(tr.querySelectorAll('td')[1].textContent.replace(/[^\d]/g, ''))];
  });
  const full = occurrences('上海合作组织').reduce((a, b) => a + b, 0);
  const short = occurrences('上合组织').reduce((a, b) => a + b, 0);
  const bare = occurrences('上合').reduce((a, b) => a + b, 0) - short;
  const [text, count] = await row();
  assert.equal(text, `上海合作组织  (上合组织 ${short} · 上合 ${bare})`);
  // 上合 where it is a token of its own (in 上合组织 too) counts with the full name.
  assert.ok(count > full + short / 2 && count <= full + short + bare, `${count}`);
  await page.click('#view-terms table.terms tbody tr:has(th.term:text-matches("^上海合作组织"))');
  await page.waitForFunction((n) => document.querySelectorAll('#view-terms table.kwic tbody tr').length > 0
    && document.querySelector('.terms-detail .summary + svg, .terms-detail') && document.body.textContent.includes(`${n} hits`), count);
  const hits = new Set(await page.$$eval('#view-terms table.kwic tbody td.kwic-hit', (tds) => tds.map((td) => td.textContent)));
  assert.ok(hits.has('上海合作组织') && hits.has('上合'), [...hits].join(' '));

  await page.click('#terms-group-variants');
  await page.waitForFunction(() => [...document.querySelectorAll('#view-terms table.terms th.term')].some((th) => th.textContent === '上海合作组织'));
  assert.deepEqual(await row(), ['上海合作组织', full]);
  assert.deepEqual(errors, []);
});
