// Smoke test of the built wasm in Node: the same module the worker loads, initialised
// synchronously from its bytes, answering the page's calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initSync, Corpus } from '../../www/pkg/textlens.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
initSync({ module: readFileSync(join(ROOT, 'www', 'pkg', 'textlens_bg.wasm')) });
const seeds = ['000_61b16b637bcca7d8.txt', '001_242e04c1848bbad0.txt']
  .map((n) => readFileSync(join(ROOT, '..', 'shared', 'corpus', 'seeds', n)));

test('documents, terms and compare through the wasm API', () => {
  const corpus = new Corpus();
  const a = corpus.addDocument('a.txt', seeds[0]);
  const b = corpus.addDocument('b.txt', seeds[1]);
  assert.deepEqual([a.id, b.id], [0, 1]);
  assert.equal(a.encoding, 'UTF-8');
  assert.ok(a.words > 1000 && b.words > 1000);
  assert.deepEqual(corpus.documents().map((d) => d.name), ['a.txt', 'b.txt']);

  const terms = corpus.terms({ limit: 0 });
  const sum = terms.terms.reduce((s, t) => s + t.count, 0);
  assert.equal(sum, terms.totalTokens, 'term counts sum to the counted tokens');
  const xi = terms.terms.find((t) => t.term === '习近平');
  assert.equal(xi.count, seeds.map((s) => s.toString().split('习近平').length - 1).reduce((x, y) => x + y));

  // The ops come as JSON slices (here of 10 ops), as the worker asks for them.
  const sliced = corpus.compare(0, 1, {}, 10);
  assert.ok(sliced.opsJson.length > 1, 'the seeds differ in more than 10 ops');
  const report = { ...sliced, ops: sliced.opsJson.flatMap((slice) => JSON.parse(slice)) };
  assert.ok(sliced.opsJson.slice(0, -1).every((slice) => JSON.parse(slice).length === 10));
  // Offsets index the cleaned text (seed 000's PDF line breaks are joined), not the file.
  const textA = corpus.documentText(0).text;
  const textB = corpus.documentText(1).text;
  assert.equal(report.ops.map((o) => o.aText).join(''), textA.slice(report.ops[0].a.start16));
  assert.equal(report.ops.map((o) => o.bText).join(''), textB.slice(report.ops[0].b.start16));
  for (const op of report.ops) {
    // UTF-16 offsets slice the same text the report carries.
    assert.equal(textA.slice(op.a.start16, op.a.end16), op.aText);
    assert.equal(textB.slice(op.b.start16, op.b.end16), op.bText);
  }
});

test('errors cross the boundary with their names', () => {
  const corpus = new Corpus();
  const cases = [
    [new Uint8Array([]), 'EmptyFile'],
    [new TextEncoder().encode('%PDF-1.4 binary'), 'BinaryFile'],
  ];
  for (const [bytes, name] of cases) {
    assert.throws(() => corpus.addDocument('x.bin', bytes), (e) => e.name === name && e.message.includes('x.bin'));
  }
  assert.throws(() => corpus.removeDocument(42), { name: 'UnknownDocument' });
  assert.throws(() => corpus.terms({ minLength: 0 }), { name: 'InvalidOption' });
  assert.throws(() => corpus.compare(0, 1, {}, 100), { name: 'UnknownDocument' });
  assert.equal(corpus.documents().length, 0);
});
