// Scale benchmark of the native CLI: `textlens terms FILE --json > /dev/null` on the inputs of
// bench/scale-inputs.mjs (the Chinese novels repeated, cut at 1, 9, 30, 90, 200 MB; GB18030 and UTF-16
// copies of the 9 MB one), each under /usr/bin/time -v: wall time, CPU time (user + system: the
// machine is shared, so wall time also counts waiting) and peak RSS. Ratios are against the next smaller
// UTF-8 input of the same run; the goals are ≤ 1.1 × the size ratio for time and ≤ 4× the input
// for peak memory. The table replaces the block between the scale markers in docs/benchmarks.md.
// Run: node bench/scale.mjs [SIZE_MB …] (after cargo build --release --bin textlens)
import { readFileSync, writeFileSync, openSync, closeSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { makeInputs } from './scale-inputs.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const CLI = `${ROOT}target/release/textlens`;
const DOC = `${ROOT}docs/benchmarks.md`;
const only = process.argv.slice(2);

/** Runs the CLI on `path` under /usr/bin/time -v: {wall, cpu, rssMB, ok}. */
function measure(path) {
  const devnull = openSync('/dev/null', 'w');
  const r = spawnSync('/usr/bin/time', ['-v', CLI, 'terms', path, '--json'], {
    stdio: ['ignore', devnull, 'pipe'],
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  closeSync(devnull);
  const field = (name) => r.stderr.split('\n').find((l) => l.trim().startsWith(name))?.split(': ').pop()?.trim();
  const clock = (field('Elapsed (wall clock) time') ?? '0').split(':').map(Number);
  const wall = clock.reduce((s, x) => s * 60 + x, 0);
  const cpu = Number(field('User time (seconds)')) + Number(field('System time (seconds)'));
  const rssMB = Number(field('Maximum resident set size (kbytes)')) / 1000;
  const ok = r.status === 0;
  if (!ok) console.error(r.stderr.split('\n').filter((l) => l.startsWith('textlens')).join('\n'));
  return { wall, cpu, rssMB, ok };
}

const inputs = makeInputs().filter((i) => only.length === 0 || only.some((s) => i.name.startsWith(`zh-${s}mb`)));
const rows = [];
let prev = null;
for (const input of inputs) {
  const m = measure(input.path);
  const mb = input.bytes / 1e6;
  let ratio = '';
  if (input.encoding === 'UTF-8' && prev) {
    const size = input.bytes / prev.bytes;
    ratio = `${size.toFixed(1)}× input → ${(m.wall / prev.wall).toFixed(1)}× wall, ${(m.cpu / prev.cpu).toFixed(1)}× CPU`;
  }
  if (input.encoding === 'UTF-8') prev = { bytes: input.bytes, wall: m.wall, cpu: m.cpu };
  const row = `| ${input.name} | ${input.encoding} | ${mb.toFixed(1)} MB | ${m.ok ? '' : 'FAILED '}${m.wall.toFixed(1)} s | ${m.cpu.toFixed(1)} s | ${m.rssMB.toFixed(0)} MB | ${(m.rssMB / mb).toFixed(1)}× | ${ratio} |`;
  console.log(row);
  rows.push(row);
}

const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
const block = [
  `Run ${when} UTC on ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, \`node bench/scale.mjs\`: \`/usr/bin/time -v target/release/textlens terms FILE --json > /dev/null\`.`,
  '',
  '| input | encoding | size | wall | CPU | peak RSS | RSS / input | against the previous UTF-8 row |',
  '|---|---|---|---|---|---|---|---|',
  ...rows,
].join('\n');
if (only.length === 0) {
  const doc = readFileSync(DOC, 'utf8');
  const re = /<!-- scale:begin -->[\s\S]*<!-- scale:end -->/;
  if (re.test(doc)) {
    writeFileSync(DOC, doc.replace(re, `<!-- scale:begin -->\n${block}\n<!-- scale:end -->`));
  } else {
    console.log('(no scale markers in docs/benchmarks.md: table not written)');
  }
}
console.log(block);
