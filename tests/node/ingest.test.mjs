// Ingest through the wasm API, as the worker calls it: encodings re-read on request,
// clean-up switched, repairs located in both texts. Runs on the built www/pkg.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initSync, Corpus } from '../../www/pkg/textlens.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
initSync({ module: readFileSync(join(ROOT, 'www', 'pkg', 'textlens_bg.wasm')) });
const SEED = join(ROOT, '..', 'shared', 'corpus', 'seeds', '000_61b16b637bcca7d8.txt');
const seedText = readFileSync(SEED, 'utf8');
// GB18030 by the system's iconv, an encoder independent of the one under test.
const gb18030 = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030', SEED]);

test('a GB18030 file reads like its UTF-8 original, and can be re-read in another encoding', () => {
  const corpus = new Corpus();
  const utf8 = corpus.addDocument('utf8.txt', readFileSync(SEED));
  const gb = corpus.addDocument('gb.txt', gb18030);
  assert.deepEqual([gb.encoding, gb.decodeMethod, gb.malformed], ['GB18030', 'guessed', 0]);
  assert.equal(corpus.documentText(gb.id).text, corpus.documentText(utf8.id).text);
  assert.equal(corpus.documentText(gb.id).original, seedText);

  const big5 = corpus.setEncoding(gb.id, gb18030, 'big5');
  assert.deepEqual([big5.encoding, big5.decodeMethod, big5.encodingOverride], ['Big5', 'override', 'big5']);
  assert.ok(big5.malformed > 0);
  assert.throws(() => corpus.setEncoding(gb.id, gb18030, 'klingon'), { name: 'UnknownEncoding' });
  const back = corpus.setEncoding(gb.id, gb18030, undefined);
  assert.deepEqual([back.encoding, back.decodeMethod, back.id], ['GB18030', 'guessed', gb.id]);
  assert.ok(corpus.encodings().includes('GB18030'));
});

test('repairs point into the cleaned and the original text, in UTF-16 offsets', () => {
  const corpus = new Corpus();
  const d = corpus.addDocument('000.txt', readFileSync(SEED));
  assert.deepEqual(d.repairs, [{ kind: 'joinedBlock', count: 12 }]);
  const { text, original } = corpus.documentText(d.id);
  const report = corpus.repairs(d.id, { kinds: ['joinedBlock'] });
  assert.equal(report.total, 12);
  const first = report.repairs[0];
  assert.equal(original.slice(first.original.start16, first.original.end16), '\n\n');
  assert.equal(text.slice(first.cleaned.start16 - 2, first.cleaned.start16 + 7), '我提出全球治理倡议');

  const off = corpus.setCleanOptions({ joinBlocks: false });
  assert.deepEqual([off[0].paragraphs, off[0].repairs], [57, []]);
  assert.equal(corpus.documentText(d.id).text, original);
  assert.throws(() => corpus.repairs(99, {}), { name: 'UnknownDocument' });
});
