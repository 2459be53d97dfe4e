// Reuse benchmark (#7): 50 / 100 / 200 / 400 documents of ~20 KB, generated from the books in
// ../shared/corpus/text/ with planted shared passages (as in tests/reuse.rs), dropped on the page
// in headless Chromium with the Reuse view open. Measures drop → heat map and clusters shown
// (decode + segment every file, the reuse call, rendering), the reuse call alone, and the native
// CLI (`textlens reuse --json`) on the same files. Median of 3 runs per size.
import { readFileSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { open, SHARED, ROOT } from '../tests/e2e/harness.mjs';

const SIZES = (process.env.REUSE_SIZES ?? '50,100,200,400').split(',').map(Number);
const RUNS = Number(process.env.REUSE_RUNS ?? 3);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// ---------- corpus generation (a deterministic sketch of tests/reuse.rs) ----------

function rng(seed) {
  let s = BigInt(seed);
  return () => {
    s = (s + 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn;
    let z = s;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & 0xffffffffffffffffn;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & 0xffffffffffffffffn;
    return Number((z ^ (z >> 31n)) >> 11n) / 2 ** 53;
  };
}
const isHan = (c) => /\p{Script=Han}/u.test(c);
const units = (s, zh) => (zh ? [...s].filter(isHan).length : s.split(/\s+/).filter(Boolean).length);

function loadBook(path, zh) {
  const raw = readFileSync(join(SHARED, path), 'utf8').replace(/\r\n/g, '\n');
  const body = raw.slice(Math.floor(raw.length * 0.03), Math.floor(raw.length * 0.96));
  const sentences = [];
  for (const para of body.split('\n\n').slice(1)) {
    const joined = zh ? para.replace(/\s+/g, '') : para.split(/\s+/).filter(Boolean).join(' ');
    for (const m of joined.matchAll(/[^.!?。！？]+[.!?。！？]*["'”’)」』]*/gu)) {
      const s = m[0].trim();
      if (units(s, zh) > 0) sentences.push(s);
    }
  }
  return { zh, sentences, next: 0, reserve: Math.floor(sentences.length * 0.9) };
}

function generate(n, size, perDoc, seed) {
  const rand = rng(seed);
  const below = (k) => Math.floor(rand() * k);
  const books = [
    ['text/en/gutenberg_1342_pride_and_prejudice.txt', false], ['text/en/gutenberg_2701_moby_dick.txt', false],
    ['text/zh/hongloumeng_simp.txt', true], ['text/zh/shuihuzhuan_simp.txt', true],
    ['text/zh/sanguoyanyi_simp.txt', true], ['text/zh/xiyouji_simp.txt', true],
  ].map(([p, zh]) => loadBook(p, zh));
  const left = (b) => b.sentences.slice(b.next, b.reserve).reduce((s, x) => s + Buffer.byteLength(x), 0);
  const docs = [];
  for (let d = 0; d < n; d++) {
    let b = 0;
    for (let k = 0; k < books.length; k++) {
      const c = (d + k) % books.length;
      if (left(books[c]) > size * 1.5) { b = c; break; }
    }
    const book = books[b];
    const paras = [];
    let bytes = 0;
    while (bytes < size && book.next + 4 <= book.reserve) {
      const p = book.sentences.slice(book.next, book.next + 4).join(book.zh ? '' : ' ');
      book.next += 4;
      bytes += Buffer.byteLength(p) + 2;
      paras.push(p);
    }
    docs.push({ book: b, paras, inserts: [] });
  }
  const passages = Math.floor((n * perDoc) / 3);
  let planted = 0;
  for (let p = 0; p < passages; p++) {
    const zh = rand() < 0.5;
    const hosts = docs.map((_, i) => i).filter((i) => books[docs[i].book].zh === zh);
    const cands = books.map((_, i) => i).filter((i) => books[i].zh === zh);
    if (hosts.length < 2) continue;
    const book = books[cands[below(cands.length)]];
    book.reserve += 1 + below(3);
    const take = [];
    while (book.reserve < book.sentences.length && (take.length < 2 || units(take.join(' '), zh) < 40) && take.length < 8) {
      take.push(book.sentences[book.reserve++]);
    }
    if (take.length < 2) continue;
    const text = take.join(zh ? '' : ' ');
    const m = Math.min(2 + below(3), hosts.length);
    const chosen = new Set();
    while (chosen.size < m) chosen.add(hosts[below(hosts.length)]);
    for (const h of chosen) docs[h].inserts.push([below(docs[h].paras.length + 1), text]);
    planted++;
  }
  const files = docs.map((d, i) => {
    const parts = [];
    d.paras.forEach((p, slot) => {
      for (const [s, t] of d.inserts) if (s === slot) parts.push(t);
      parts.push(p);
    });
    for (const [s, t] of d.inserts) if (s === d.paras.length) parts.push(t);
    return { name: `doc${String(i).padStart(3, '0')}.txt`, bytes: Buffer.from(`${parts.join('\n\n')}\n`) };
  });
  return { files, planted };
}

// ---------- measure ----------

const ctx = await open();
const rows = [];
for (const n of SIZES) {
  const { files, planted } = generate(n, 20_000, 3, 5);
  const mb = files.reduce((s, f) => s + f.bytes.length, 0) / 1e6;
  const reuse = [];
  const total = [];
  let clusters = 0;
  for (let run = 0; run < RUNS; run++) {
    await ctx.page.reload();
    await ctx.page.waitForFunction(() => document.body.classList.contains('ready'));
    await ctx.page.click('#tab-reuse');
    // Hand the files to the page first (not timed: the test harness's transfer is slow), then drop.
    await ctx.page.evaluate((list) => {
      window.benchFiles = list.map((f) => new File([Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0))], f.name));
    }, files.map((f) => ({ name: f.name, data: f.bytes.toString('base64') })));
    const t0 = await ctx.page.evaluate(() => {
      const dt = new DataTransfer();
      for (const f of window.benchFiles) dt.items.add(f);
      const target = document.querySelector('main');
      const start = performance.now();
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
      }
      return start;
    });
    await ctx.page.waitForFunction((k) => document.querySelector('#view-reuse .reuse-summary')?.textContent.startsWith(`${k} documents`)
      && document.querySelector('#view-reuse svg.heatmap'), n, { timeout: 600_000, polling: 20 });
    const t2 = await ctx.page.evaluate(() => performance.now());
    clusters = Number(await ctx.page.$eval('#view-reuse .reuse-summary', (p) => p.textContent.match(/in (\d+) clusters/)[1]));
    // The view times its own call to the worker (analysis + transfer of the report).
    const reuseMs = Number(await ctx.page.$eval('#view-reuse .reuse-summary', (p) => p.dataset.ms));
    reuse.push(reuseMs);
    total.push(t2 - t0);
  }
  // Native CLI on the same files.
  const dir = mkdtempSync(join(tmpdir(), 'textlens-reuse-'));
  const paths = files.map((f) => { const p = join(dir, f.name); writeFileSync(p, f.bytes); return p; });
  const cli = [];
  for (let run = 0; run < RUNS; run++) {
    const t = performance.now();
    execFileSync(join(ROOT, 'target', 'release', 'textlens'), ['reuse', '--json', ...paths], { maxBuffer: 1 << 30 });
    cli.push(performance.now() - t);
  }
  rmSync(dir, { recursive: true, force: true });
  const tt = median(total);
  rows.push(`| ${n} | ${mb.toFixed(1)} MB | ${planted} | ${clusters} | ${median(reuse).toFixed(0)} ms | ${tt.toFixed(0)} ms | ${median(cli).toFixed(0)} ms |`);
  console.error(rows.at(-1));
}
await ctx.close();
console.log(`Reuse: drop → heat map and clusters in headless Chromium (median of ${RUNS}); native CLI on the same files`);
console.log('| documents | size | planted passages | clusters | reuse call (worker) | drop → heat map (add + reuse + render) | CLI `reuse --json` (load + analyse) |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
console.log('No peer measured: passim needs Spark and CollateX a JVM; neither is installed on this machine.');
