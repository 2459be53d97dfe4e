// Ingest, end to end in the page: seed 000 dropped in other encodings reads exactly like the
// UTF-8 original (same characters, paragraphs, words and term counts); HTML and Word files
// give their text; bad files give a message naming them while everything loaded stays; the
// encoding override re-reads a document at once; the join toggle shows where broken lines
// were joined; the clean-up switches apply to loaded documents.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { open, dropFiles, listedNames, foreignRequests, SEEDS, ROOT } from './harness.mjs';

const seedBytes = readFileSync(SEEDS[0]);
const seedText = seedBytes.toString('utf8');
// Encoded outside textlens: GB18030 by the system's iconv, UTF-16 by Node.
const gb18030 = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030', SEEDS[0]]);
const utf16le = Buffer.from(seedText, 'utf16le');
const utf16beBom = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(utf16le).swap16()]);

// ---- a minimal .docx, stored (uncompressed) zip written here ----
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function zip(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, text] of files) {
    const data = Buffer.from(text, 'utf8');
    const fname = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18); local.writeUInt32LE(data.length, 22); local.writeUInt16LE(fname.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16); central.writeUInt32LE(data.length, 20); central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fname.length, 28); central.writeUInt32LE(offset, 42);
    locals.push(local, fname, data);
    centrals.push(central, fname);
    offset += 30 + fname.length + data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(files.length, 8); end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(dir.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const docx = zip([
  ['[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'],
  ['word/document.xml', `<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body>`
    + '<w:p><w:r><w:t>习近平同俄罗斯总统普京会谈</w:t></w:r></w:p>'
    + '<w:p><w:r><w:t>两国元首还就共同关心的国际和地区问题</w:t></w:r><w:r><w:t xml:space="preserve">深入交换了意见。</w:t></w:r></w:p>'
    + '</w:body></w:document>'],
]);

let ctx;
before(async () => { ctx = await open(); });
after(async () => { await ctx?.close(); });

/** The Documents view's rows, as a person reads them. */
function rows(page) {
  return page.$$eval('#view-documents tr.doc', (trs) => trs.map((tr) => {
    const text = (sel) => tr.querySelector(sel)?.textContent ?? '';
    const num = (sel) => Number(text(sel).replace(/[^\d]/g, ''));
    return {
      name: text('.doc-name'), format: text('.format'), encoding: text('.encoding-name'),
      method: text('.encoding-method'), malformed: text('.malformed'),
      chars: num('.chars'), lines: num('.lines'), paragraphs: num('.paragraphs'), words: num('.words'),
      repairs: [...tr.querySelectorAll('.repair-list li')].map((li) => li.textContent),
    };
  }));
}

async function waitForDocs(page, n) {
  await page.waitForFunction((count) => document.querySelectorAll('#view-documents tr.doc').length === count, n);
  // The first files land on Compare or Terms; these tests read and work the Documents view.
  if (await page.getAttribute('#tab-documents', 'aria-selected') !== 'true') await page.click('#tab-documents');
}

test('seed 000 in GB18030 and UTF-16 reads exactly like the UTF-8 original', async () => {
  const { page } = ctx;
  await dropFiles(page, [{ name: 'utf8.txt', bytes: seedBytes }]);
  await waitForDocs(page, 1);
  await dropFiles(page, [
    { name: 'gb18030.txt', bytes: gb18030 },
    { name: 'utf16le-nobom.txt', bytes: utf16le },
    { name: 'utf16be-bom.txt', bytes: utf16beBom },
  ]);
  await waitForDocs(page, 4);
  const [ref, ...others] = await rows(page);
  assert.deepEqual([ref.encoding, ref.method, ref.paragraphs], ['UTF-8', 'valid UTF-8', 45]);
  assert.deepEqual(ref.repairs, ['12 broken paragraphs joined']);
  assert.deepEqual(others.map((r) => [r.name, r.encoding, r.method]), [
    ['gb18030.txt', 'GB18030', 'guessed'],
    ['utf16le-nobom.txt', 'UTF-16LE', 'UTF-16 pattern'],
    ['utf16be-bom.txt', 'UTF-16BE', 'byte-order mark'],
  ]);
  for (const r of others) {
    assert.deepEqual([r.chars, r.lines, r.paragraphs, r.words, r.repairs, r.malformed],
      [ref.chars, ref.lines, ref.paragraphs, ref.words, ref.repairs, ''], r.name);
  }
  // Term counts: every row of the Terms table has the same count in all four documents.
  await page.click('#tab-terms');
  await page.waitForSelector('#view-terms table.terms tbody tr');
  const perDoc = await page.$$eval('#view-terms table.terms tbody tr', (trs) => trs.map((tr) =>
    [...tr.querySelectorAll('td.doc-col')].map((td) => td.textContent)));
  assert.ok(perDoc.length >= 100, `${perDoc.length} terms`);
  for (const counts of perDoc) assert.equal(new Set(counts).size, 1, `per-document counts differ: ${counts}`);
  await page.click('#tab-documents');
});

test('the encoding override re-reads the document at once', async () => {
  const { page } = ctx;
  const select = page.locator('#view-documents tr.doc', { hasText: 'gb18030.txt' }).locator('select.encoding-select');
  await select.selectOption('Big5');
  await page.waitForFunction(() => [...document.querySelectorAll('#view-documents tr.doc')]
    .some((tr) => tr.querySelector('.doc-name').textContent === 'gb18030.txt'
      && tr.querySelector('.encoding-name').textContent === 'Big5'));
  let row = (await rows(page)).find((r) => r.name === 'gb18030.txt');
  assert.equal(row.method, 'chosen by you');
  assert.match(row.malformed, /^\d+ bytes could not be read/);
  await page.locator('#view-documents tr.doc', { hasText: 'gb18030.txt' }).locator('select.encoding-select').selectOption('');
  await page.waitForFunction(() => [...document.querySelectorAll('#view-documents tr.doc')]
    .some((tr) => tr.querySelector('.doc-name').textContent === 'gb18030.txt'
      && tr.querySelector('.encoding-name').textContent === 'GB18030'));
  row = (await rows(page)).find((r) => r.name === 'gb18030.txt');
  const ref = (await rows(page))[0];
  assert.deepEqual([row.method, row.words, row.malformed], ['guessed', ref.words, '']);
});

test('the join toggle lists where each broken line was joined', async () => {
  const { page } = ctx;
  await page.locator('#view-documents tr.doc', { hasText: 'utf8.txt' }).locator('.joins-toggle').click();
  await page.waitForSelector('#view-documents .joins-row li.join');
  const joins = await page.$$eval('#view-documents .joins-row li.join', (lis) => lis.map((li) => ({
    text: li.textContent, marked: li.querySelector('mark').textContent,
  })));
  assert.equal(joins.length, 12);
  assert.ok(joins.some((j) => j.text.includes('我提出全球治理倡议') && j.marked === '提出'), 'the 我提/出 join');
  assert.ok(joins.some((j) => j.marked === '建议'), 'the 3点建/议 join');
  await page.locator('#view-documents tr.doc', { hasText: 'utf8.txt' }).locator('.joins-toggle').click();
  await page.waitForFunction(() => !document.querySelector('#view-documents .joins-row'));
});

test('switching a clean-up step applies it to loaded documents', async () => {
  const { page } = ctx;
  await page.locator('#view-documents input[data-step=joinBlocks]').uncheck();
  await page.waitForFunction(() => document.querySelector('#view-documents tr.doc .paragraphs')?.textContent === '57');
  await page.locator('#view-documents input[data-step=joinBlocks]').check();
  await page.waitForFunction(() => document.querySelector('#view-documents tr.doc .paragraphs')?.textContent === '45');
});

test('HTML and Word files give their text', async () => {
  const { page } = ctx;
  const html = readFileSync(join(ROOT, 'tests', 'fixtures', 'ingest', 'news.html'));
  await dropFiles(page, [{ name: 'news.html', bytes: html }, { name: 'made.docx', bytes: docx }]);
  await waitForDocs(page, 6);
  const all = await rows(page);
  const h = all.find((r) => r.name === 'news.html');
  const d = all.find((r) => r.name === 'made.docx');
  assert.deepEqual([h.format, h.paragraphs], ['HTML', 6]);
  assert.deepEqual([d.format, d.paragraphs, d.chars], ['Word', 2, 13 + 2 + 26]);
});

test('bad files: a message naming each, and nothing loaded is lost', async () => {
  const { page } = ctx;
  const before = await listedNames(page);
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]);
  await dropFiles(page, [
    { name: 'report.pdf', bytes: Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n', 'latin1') },
    { name: 'photo.png', bytes: png },
    { name: 'empty.txt', bytes: Buffer.alloc(0) },
    { name: 'zeros.bin', bytes: Buffer.alloc(2048) },
  ]);
  const expected = {
    'report.pdf': 'report.pdf looks like a PDF; textlens reads text, Word and HTML files — save it as .txt first',
    'photo.png': 'photo.png looks like a PNG image',
    'empty.txt': 'empty.txt is empty',
    'zeros.bin': 'zeros.bin looks like binary data (many NUL bytes)',
  };
  for (const [name, text] of Object.entries(expected)) {
    const alert = page.locator('#messages .message.error').filter({ hasText: text });
    await alert.first().waitFor();
  }
  // Invalid bytes inside UTF-8 text: read as UTF-8, the bad bytes counted.
  const at = Buffer.byteLength(seedText.slice(0, 100));
  const bad = Buffer.concat([seedBytes.subarray(0, at), Buffer.from([0xff, 0xfe]), seedBytes.subarray(at)]);
  await dropFiles(page, [{ name: 'bad-bytes.txt', bytes: bad }]);
  await waitForDocs(page, before.length + 1);
  const row = (await rows(page)).find((r) => r.name === 'bad-bytes.txt');
  assert.deepEqual([row.encoding, row.method], ['UTF-8', 'UTF-8 with bad bytes']);
  assert.match(row.malformed, /^2 bytes could not be read/);
  assert.deepEqual(await listedNames(page), [...before, 'bad-bytes.txt']);
});

test('no console error, no failed request, nothing sent to another host', () => {
  assert.deepEqual(ctx.errors, []);
  assert.deepEqual(ctx.failed, []);
  assert.deepEqual(foreignRequests(ctx.requests, ctx.url), []);
});
