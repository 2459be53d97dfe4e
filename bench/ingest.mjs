// Ingest benchmark on the built wasm in Node: the four Chinese novels of ../shared/corpus (8.9 MB
// of UTF-8, CRLF line ends) added to one corpus as UTF-8, as GB18030 (made by iconv) and as UTF-16LE
// without BOM — read, decoded, cleaned, segmented. Reports the time of the whole add (median of 3
// corpora) and how much the wasm memory grew per byte of input while adding them (a fresh instance
// per encoding; the dictionary, built with the corpus, is not counted). The time includes the one
// term-discovery run that follows the batch (refreshDiscovery), as in the page.
// Run: node bench/ingest.mjs (after ./build.sh); ./build.sh bench runs it with the others.
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { initSync, Corpus } from '../www/pkg/textlens.js';

const ROOT = new URL('..', import.meta.url).pathname;
const module = new WebAssembly.Module(readFileSync(`${ROOT}www/pkg/textlens_bg.wasm`));
const DIR = `${ROOT}../shared/corpus/text/zh/`;
const NOVELS = ['hongloumeng_simp.txt', 'sanguoyanyi_simp.txt', 'shuihuzhuan_simp.txt', 'xiyouji_simp.txt'];
const RUNS = 3;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const encodings = {
  'UTF-8': (f) => readFileSync(DIR + f),
  GB18030: (f) => execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030', DIR + f], { maxBuffer: 1 << 30 }),
  'UTF-16LE (no BOM)': (f) => Buffer.from(readFileSync(DIR + f, 'utf8'), 'utf16le'),
};

const label = process.argv[2];
if (!label) {
  // One process per encoding: a wasm instance's memory never shrinks, so each gets a fresh one.
  console.log('| input | bytes | add all 4 (median of 3) | MB/s | wasm memory growth |');
  console.log('|---|---|---|---|---|');
  for (const name of Object.keys(encodings)) {
    process.stdout.write(execFileSync(process.execPath, [new URL(import.meta.url).pathname, name], { encoding: 'utf8' }));
  }
} else {
  const files = NOVELS.map((f) => [f, encodings[label](f)]);
  const bytes = files.reduce((n, [, b]) => n + b.length, 0);
  const wasm = initSync({ module });
  const times = [];
  let grown = 0;
  for (let run = 0; run < RUNS; run++) {
    const corpus = new Corpus(); // builds the dictionary: not counted
    const before = wasm.memory.buffer.byteLength;
    const t0 = performance.now();
    // As the page does: discovery deferred during the adds (where the API has it), then run once.
    for (const [name, b] of files) corpus.addDocument(name, b, undefined, undefined, true);
    // Adds leave term discovery due; the page runs it once before the first analysis.
    corpus.refreshDiscovery?.();
    times.push(performance.now() - t0);
    if (run === 0) grown = wasm.memory.buffer.byteLength - before;
    corpus.free();
  }
  const ms = median(times);
  console.log(`| ${label} | ${(bytes / 1e6).toFixed(1)} MB | ${ms.toFixed(0)} ms | ${(bytes / 1e6 / (ms / 1000)).toFixed(1)} | ${(grown / 1e6).toFixed(0)} MB (${(grown / bytes).toFixed(1)}× input) |`);
}
