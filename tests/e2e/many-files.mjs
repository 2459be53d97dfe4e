// Many short files for the page's many-documents test and benchmark (#11): `n` files of about
// `size` bytes, cut at character boundaries from the shared corpus — Chinese novels and English
// books taken in turn (even files Chinese, odd files English), each a consecutive stretch.
import { readFileSync } from 'node:fs';
import { SHARED } from './harness.mjs';

const ZH = ['hongloumeng_simp.txt', 'sanguoyanyi_simp.txt'].map((f) => `${SHARED}/text/zh/${f}`);
const EN = ['gutenberg_1342_pride_and_prejudice.txt', 'gutenberg_2701_moby_dick.txt'].map((f) => `${SHARED}/text/en/${f}`);

/** Cuts `text` (a Buffer of UTF-8) into `count` pieces of at most `size` bytes, each ending at a character end. */
function pieces(text, count, size) {
  const out = [];
  let at = 0;
  while (out.length < count && at < text.length) {
    let end = Math.min(at + size, text.length);
    // Back up to the start of a UTF-8 character (never 10xxxxxx).
    while (end < text.length && (text[end] & 0xc0) === 0x80) end--;
    out.push(text.subarray(at, end));
    at = end;
  }
  return out;
}

/** `n` files [{name, bytes}] of about `size` bytes, mixed zh/en, named doc-0001-zh.txt, doc-0002-en.txt, … */
export function manyFiles(n = 2000, size = 1500) {
  const half = Math.ceil(n / 2);
  const zh = pieces(Buffer.concat(ZH.map((p) => readFileSync(p))), half, size);
  const en = pieces(Buffer.concat(EN.map((p) => readFileSync(p))), half, size);
  return Array.from({ length: n }, (_, i) => {
    const lang = i % 2 === 0 ? 'zh' : 'en';
    const bytes = (lang === 'zh' ? zh : en)[i >> 1];
    return { name: `doc-${String(i + 1).padStart(4, '0')}-${lang}.txt`, bytes };
  });
}
