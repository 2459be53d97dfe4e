// Scale inputs for bench/scale.mjs: the four simplified Chinese novels of ../shared/corpus/text/zh
// concatenated and repeated, cut at 1, 9, 30, 90 and 200 MB (at a line end, so no character or line is
// split), plus GB18030 and UTF-16LE (with BOM) copies of the 9 MB one. Written to bench/results/scale/
// (git-ignored); a file already there with the right size is kept.
// Run: node bench/scale-inputs.mjs  (prints the paths, one a line)
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const ROOT = new URL('..', import.meta.url).pathname;
const DIR = `${ROOT}../shared/corpus/text/zh/`;
const NOVELS = ['hongloumeng_simp.txt', 'sanguoyanyi_simp.txt', 'shuihuzhuan_simp.txt', 'xiyouji_simp.txt'];
export const OUT = `${ROOT}bench/results/scale/`;
export const SIZES_MB = [1, 9, 30, 90, 200];
const MB = 1_000_000;

/** The UTF-8 text of `mb` MB: the novels repeated, cut at the last line end at or before `mb` MB. */
function cut(source, mb) {
  const want = mb * MB;
  const parts = [];
  let have = 0;
  while (have < want) {
    parts.push(source);
    have += source.length;
  }
  const all = Buffer.concat(parts, have);
  const end = all.lastIndexOf(0x0a, want - 1) + 1;
  return all.subarray(0, end > 0 ? end : want);
}

/** Makes the inputs that are missing; returns [{name, path, encoding, bytes}]. */
export function makeInputs() {
  mkdirSync(OUT, { recursive: true });
  const source = Buffer.concat(NOVELS.map((f) => readFileSync(DIR + f)));
  const inputs = [];
  const write = (name, encoding, make) => {
    const path = OUT + name;
    if (!existsSync(path)) writeFileSync(path, make());
    inputs.push({ name, path, encoding, bytes: statSync(path).size });
  };
  for (const mb of SIZES_MB) {
    write(`zh-${mb}mb.txt`, 'UTF-8', () => cut(source, mb));
  }
  const nine = () => readFileSync(`${OUT}zh-9mb.txt`);
  write('zh-9mb.gb18030.txt', 'GB18030', () =>
    execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030', `${OUT}zh-9mb.txt`], { maxBuffer: 1 << 30 }));
  write('zh-9mb.utf16le.txt', 'UTF-16LE', () =>
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(nine().toString('utf8'), 'utf16le')]));
  return inputs;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const i of makeInputs()) console.log(i.path);
}

/**
 * The first 3 KB of the 1 MB input, cut at a line end: about one newspaper article. The benchmarks'
 * fixed cost: the program (or the page's engine) with its built-in dictionary in use.
 */
export function shortArticle() {
  const path = `${OUT}short-article.txt`;
  const head = readFileSync(`${OUT}zh-1mb.txt`).subarray(0, 3000);
  writeFileSync(path, head.subarray(0, head.lastIndexOf(0x0a) + 1));
  return path;
}
