// The reuse report through the built wasm (#7): what the worker hands the page. UTF-16
// offsets slice the same text the report carries, and the CSV helpers of the view match the
// report's shape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initSync, Corpus } from '../../www/pkg/textlens.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
initSync({ module: readFileSync(join(ROOT, 'www', 'pkg', 'textlens_bg.wasm')) });
const names = ['000_61b16b637bcca7d8.txt', '001_242e04c1848bbad0.txt'];
const seeds = names.map((n) => readFileSync(join(ROOT, '..', 'shared', 'corpus', 'seeds', n)));

test('reuse through the wasm API: offsets for JS slice the reported text', () => {
  const corpus = new Corpus();
  seeds.forEach((bytes, i) => corpus.addDocument(names[i], bytes));
  const r = corpus.reuse({});
  // Reports index each document's cleaned text (the clean-up joins the seeds' PDF breaks).
  const texts = r.documents.map((d) => corpus.documentText(d.id).text);
  assert.equal(r.version, 1);
  assert.deepEqual(r.documents.map((d) => d.name), names);
  assert.ok(r.clusters.length >= 3);
  for (const c of r.clusters) {
    for (const m of c.members) {
      assert.equal(texts[m.doc].slice(m.loc.start16, m.loc.end16), m.text);
      for (const v of m.variants) assert.equal(texts[m.doc].slice(v.loc.start16, v.loc.end16), v.text);
    }
  }
  for (const cov of r.coverage) {
    for (const u of cov.unique) assert.equal(texts[cov.doc].slice(u.loc.start16, u.loc.end16), u.text);
  }
  // Options cross the boundary in camelCase; bad ones are named errors.
  assert.equal(corpus.reuse({ minUnits: 60 }).settings.minUnits, 60);
  assert.throws(() => corpus.reuse({ ngram: 0 }), (e) => e.name === 'InvalidOption' && /ngram/.test(e.message));
  assert.throws(() => corpus.reuse({ documents: [0] }), (e) => e.name === 'InvalidOption' && /at least 2 documents/.test(e.message));
});
