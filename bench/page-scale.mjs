// Page scale benchmark in headless Chromium (#11): for each input, the time from choosing the
// file(s) (the file input's change event) to the Terms table shown with the work done, and the
// engine's wasm memory after (its WebAssembly.Memory only grows, so that is the peak), each in a
// fresh page. Inputs: 2 000 short files (1.5 KB each, mixed zh/en, tests/e2e/many-files.mjs) dropped
// at once, and the scale inputs of bench/scale-inputs.mjs (1, 9, 30, 90 MB Chinese; GB18030 and
// UTF-16LE copies of the 9 MB one). Ratios are against the next smaller UTF-8 input of the same run;
// the goals are 10× the input ≤ 11× the time, 90 MB → term table ≤ 30 s, 2 000 files ≤ 5 s.
// Prints a table and writes it between the page-scale markers of docs/benchmarks.md.
// Run: node bench/page-scale.mjs [many] [all] [SIZE_MB …]   (after ./build.sh; `all` = 90 + 90 + 70 MB
// in three files, the page's whole allowance)
import { existsSync, readFileSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { open } from '../tests/e2e/harness.mjs';
import { manyFiles } from '../tests/e2e/many-files.mjs';
import { makeInputs, shortArticle, OUT } from './scale-inputs.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const DOC = `${ROOT}docs/benchmarks.md`;
const SIZES = [1, 9, 30, 90];
const args = process.argv.slice(2);
const want = (key) => args.length === 0 || args.includes(key);
const MANY_RUNS = 3;

/**
 * CPU seconds (user + system) used so far by this process's descendants — the browser and its
 * renderer, GPU and utility processes (the machine is shared: wall time also counts waiting).
 */
function browserCpu() {
  const parent = new Map();
  const ticks = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(pid), Number(f[1]));
      ticks.set(Number(pid), Number(f[11]) + Number(f[12]));
    } catch { /* gone */ }
  }
  const mine = (pid) => { for (let p = pid; p > 1; p = parent.get(p) ?? 0) if (p === process.pid) return true; return false; };
  let sum = 0;
  for (const [pid, t] of ticks) if (pid !== process.pid && mine(pid)) sum += t;
  return sum / 100;
}

/**
 * One measurement in a fresh page: chooses `files` (paths, or {name, mimeType, buffer}) on the
 * Terms tab; returns {ms, memory (bytes), stages seen}.
 */
async function measure(files, { docColumns = false } = {}) {
  const ctx = await open();
  try {
    const { page } = ctx;
    await page.click('#tab-terms');
    await page.evaluate(() => {
      window.bench = { stages: new Set(), marks: [] };
      document.getElementById('file-input').addEventListener('change', () => { window.bench.chosen = performance.now(); }, { capture: true });
      // When each kind of work first shows (for the breakdown printed on stderr).
      let last = '';
      new MutationObserver(() => {
        const progress = document.getElementById('progress');
        const s = progress.dataset.stage;
        if (s) window.bench.stages.add(s);
        const what = progress.hidden ? 'idle' : `${document.getElementById('progress-label').textContent.split(/[ …]/)[0]} ${s}`;
        if (what !== last) { last = what; window.bench.marks.push([Math.round(performance.now() - window.bench.chosen), what]); }
      }).observe(document.getElementById('progress'), { attributes: true, subtree: true, childList: true, characterData: true });
    });
    const cpu0 = browserCpu();
    await page.setInputFiles('#file-input', files);
    await page.waitForFunction((cols) => document.querySelector('#progress').hidden
      && document.querySelector('#view-terms table.terms tbody tr')
      && (!cols || document.querySelector('#view-terms table.terms thead th.doc-col')), docColumns, { timeout: 600_000, polling: 50 });
    const ms = await page.evaluate(() => performance.now() - window.bench.chosen);
    const cpu = browserCpu() - cpu0;
    const stages = await page.evaluate(() => [...window.bench.stages]);
    console.error(JSON.stringify(await page.evaluate(() => window.bench.marks)));
    const worker = page.workers()[0];
    const memory = await worker.evaluate(() => globalThis.textlensMemory.buffer.byteLength);
    const errors = ctx.errors.slice();
    return { ms, cpu, memory, stages, errors };
  } finally {
    await ctx.close();
  }
}

const mb = (n) => `${(n / 1e6).toFixed(1)} MB`;
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const rows = [];

// The fixed cost: the engine (its built-in dictionary is in its memory from the start) after one
// short article. Growth = (memory − fixed cost) / input.
const allInputs = makeInputs();
const base = await measure(shortArticle());
const growth = (memory, bytes) => `${((memory - base.memory) / bytes).toFixed(1)}×`;

if (want('many')) {
  const files = manyFiles(2000, 1500);
  const bytes = files.reduce((s, f) => s + f.bytes.length, 0);
  const payload = files.map((f) => ({ name: f.name, mimeType: 'text/plain', buffer: f.bytes }));
  const runs = [];
  for (let i = 0; i < MANY_RUNS; i++) runs.push(await measure(payload, { docColumns: true }));
  const sorted = runs.slice().sort((a, b) => a.ms - b.ms);
  const med = sorted[Math.floor(sorted.length / 2)];
  rows.push(`| 2 000 files × 1.5 KB, zh/en (median of ${MANY_RUNS}; runs ${runs.map((r) => secs(r.ms)).join(', ')}) | UTF-8 | ${mb(bytes)} | ${secs(med.ms)} | ${med.cpu.toFixed(1)} s | ${mb(med.memory)} | ${(med.memory / bytes).toFixed(1)}× | ${growth(med.memory, bytes)} | goal ≤ 5 s |`);
  console.error('many', runs.map((r) => [r.ms, r.memory, r.stages, r.errors]));
}

// The page's whole allowance at once (#11: "250 MB in all"): 90 + 90 + 70 MB in three files.
if (want('all')) {
  const all = allInputs;
  const n90 = all.find((i) => i.name === 'zh-90mb.txt');
  const path70 = `${OUT}zh-70mb.txt`;
  if (!existsSync(path70)) {
    const b = readFileSync(n90.path);
    writeFileSync(path70, b.subarray(0, b.lastIndexOf(0x0a, 70_000_000 - 1) + 1));
  }
  const files = [n90.path, n90.path, path70];
  const bytes = files.reduce((s, f) => s + statSync(f).size, 0);
  const r = await measure(files, { docColumns: true });
  console.error('all', JSON.stringify(r));
  rows.push(`| 90 + 90 + 70 MB in three files (the page's 250 MB in all) | UTF-8 | ${mb(bytes)} | ${secs(r.ms)} | ${r.cpu.toFixed(1)} s | ${mb(r.memory)} | ${(r.memory / bytes).toFixed(1)}× | ${growth(r.memory, bytes)} | |`);
}

const inputs = allInputs.filter((i) => !i.name.startsWith('zh-200mb')
  && (args.length === 0 || args.some((a) => i.name.startsWith(`zh-${a}mb`))));
let prev = null;
for (const input of inputs) {
  const r = await measure(input.path);
  console.error(input.name, JSON.stringify(r));
  let ratio = '';
  if (input.encoding === 'UTF-8') {
    if (prev) ratio = `${(input.bytes / prev.bytes).toFixed(1)}× input → ${(r.ms / prev.ms).toFixed(1)}× wall, ${(r.cpu / prev.cpu).toFixed(1)}× CPU`;
    prev = { bytes: input.bytes, ms: r.ms, cpu: r.cpu };
  }
  if (input.name === 'zh-90mb.txt') ratio += `${ratio ? '; ' : ''}goal ≤ 30 s`;
  rows.push(`| ${input.name} | ${input.encoding} | ${mb(input.bytes)} | ${secs(r.ms)} | ${r.cpu.toFixed(1)} s | ${mb(r.memory)} | ${(r.memory / input.bytes).toFixed(1)}× | ${growth(r.memory, input.bytes)} | ${ratio} |`);
}

const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
const table = [
  `Run ${when} UTC on ${cpus().length} × ${cpus()[0]?.model.split(' ').slice(0, 2).join(' ')}, \`node bench/page-scale.mjs\`, headless Chromium, release wasm. Fixed cost, the engine after one short article (the first 3 KB of the text; the built-in dictionary is in wasm memory from the start): ${mb(base.memory)}. Growth = (memory − fixed cost) / input.`,
  '',
  '| input | encoding | size | chosen → term table shown (wall) | browser CPU | wasm memory after (peak) | memory / input | growth | against the previous UTF-8 row |',
  '|---|---|---|---|---|---|---|---|---|',
  ...rows,
].join('\n');
console.log(table);
if (args.length === 0) {
  const doc = readFileSync(DOC, 'utf8');
  const begin = '<!-- page-scale:begin -->';
  const end = '<!-- page-scale:end -->';
  if (doc.includes(begin) && doc.includes(end)) {
    writeFileSync(DOC, `${doc.slice(0, doc.indexOf(begin) + begin.length)}\n${table}\n${doc.slice(doc.indexOf(end))}`);
  }
}
