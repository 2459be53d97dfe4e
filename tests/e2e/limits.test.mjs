// Limits and visible work in the page (#11): a file over the loaded total and a .docx that unpacks
// past the per-file limit (packed it passes the page's own check; the core refuses it) each get a
// message naming the file and its size while the documents loaded before stay; and documents are
// listed — the ones analysed, and the one being analysed marked so — while a large file is analysed.
// Limits are lowered with ?maxFileMB= / ?maxTotalMB=.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { open, dropFiles, listedNames, readSeeds, readNovels } from './harness.mjs';

const seeds = readSeeds();

// ---- a deflated zip written here (the e2e ingest test's is stored, which cannot be a bomb) ----
const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function zip(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, data] of files) {
    const n = Buffer.from(name);
    const packed = deflateRawSync(data, { level: 9 });
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14); local.writeUInt32LE(packed.length, 18); local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10); central.writeUInt32LE(crc, 16); central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24); central.writeUInt16LE(n.length, 28); central.writeUInt32LE(offset, 42);
    locals.push(local, n, packed);
    centrals.push(central, n);
    offset += 30 + n.length + packed.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(files.length, 8); end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(dir.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}
// 3 MB of Chinese in one paragraph: a few KB packed.
const body = '上海合作组织成员国元首理事会第二十五次会议。'.repeat(3_000_000 / 66);
const bomb = zip([
  ['[Content_Types].xml', Buffer.from('<?xml version="1.0"?><Types/>')],
  ['word/document.xml', Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><w:document><w:body><w:p><w:r><w:t>${body}</w:t></w:r></w:p></w:body></w:document>`)],
]);

let ctx;
before(async () => { ctx = await open(); });
after(async () => { await ctx?.close(); });

async function load(page, query) {
  await page.goto(`${ctx.url}${query}`);
  await page.waitForFunction(() => document.body.classList.contains('ready'));
}

const waitForDocs = (page, n) =>
  page.waitForFunction((count) => document.querySelectorAll('#view-documents tr.doc').length === count, n, { timeout: 60_000 });

test('a file over the loaded total: a message naming it and the total; the loaded documents stay', async () => {
  const { page } = ctx;
  // The seeds are 11.5 KB and 9.4 KB; a third file of 15 KB passes 30 KB in all.
  await load(page, '?maxTotalMB=0.03');
  await dropFiles(page, seeds);
  await waitForDocs(page, 2);
  await dropFiles(page, [{ name: 'third.txt', bytes: Buffer.from('第三篇文章。'.repeat(834)) }]);
  await page.locator('#messages .message.error', { hasText: 'third.txt would bring the loaded total to 35.9 KB, over the limit of 30.0 KB' }).first().waitFor();
  assert.deepEqual(await listedNames(page), seeds.map((s) => s.name));
});

test('a .docx that unpacks past the file limit: the core refuses it by name; the loaded documents stay', async () => {
  const { page } = ctx;
  assert.ok(bomb.length < 50_000, `${bomb.length} bytes packed`);
  await load(page, '?maxFileMB=1');
  await dropFiles(page, [seeds[0], { name: 'bomb.docx', bytes: bomb }, seeds[1]]);
  await page.locator('#messages .message.error', { hasText: /bomb\.docx \(\d+ KB\) unpacks to more than 1\.0 MB of text .*over the limit of 1\.0 MB per file/ }).first().waitFor();
  await waitForDocs(page, 2);
  assert.deepEqual(await listedNames(page), seeds.map((s) => s.name));
  // Nothing crashed: the page did not restart its worker.
  assert.equal(await page.locator('#messages .message', { hasText: /restart/i }).count(), 0);
});

test('documents are listed while a large file is analysed, that one marked as in progress', async () => {
  const { page } = ctx;
  await load(page, '');
  const big = readNovels();
  // One batch: a seed, then 8.9 MB. The seed is listed while the big file is analysed.
  // (setInputFiles: the harness's drop passes bytes as a JSON array, slow for 8.9 MB.)
  await page.setInputFiles('#file-input', [
    { name: seeds[0].name, mimeType: 'text/plain', buffer: seeds[0].bytes },
    { name: 'four-novels.txt', mimeType: 'text/plain', buffer: big },
  ]);
  await page.waitForSelector('#progress[data-stage=segmenting]', { timeout: 60_000 });
  await page.waitForSelector('#view-documents tr.pending-doc[data-state=analysing]');
  assert.deepEqual(await listedNames(page), [seeds[0].name]);
  assert.deepEqual(await page.locator('#view-documents .pending-name').allTextContents(), ['four-novels.txt']);
  assert.equal(await page.locator('#view-documents .empty').count(), 0, '"No documents yet" while work runs');
  await waitForDocs(page, 2);
  assert.equal(await page.locator('#view-documents tr.pending-doc').count(), 0);
  assert.deepEqual(await listedNames(page), [seeds[0].name, 'four-novels.txt']);
});

test('no console error', () => {
  assert.deepEqual(ctx.errors, []);
});
