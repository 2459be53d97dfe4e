// The page's operations (www/protocol.js) pinned across the layers: the worker answers each
// with a handler of the same name that calls the wasm export of the same name, the built
// module has that export, and the client exposes each one and journals the calls that change
// the worker's state, so a restarted worker gets the same documents back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initSync, Corpus } from '../../www/pkg/textlens.js';
import { OPS, isOp } from '../../www/protocol.js';
import { handlers, prepare, answer } from '../../www/worker.js';
import { Client, CancelledError } from '../../www/client.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
initSync({ module: readFileSync(join(ROOT, 'www', 'pkg', 'textlens_bg.wasm')) });
const seeds = ['000_61b16b637bcca7d8.txt', '001_242e04c1848bbad0.txt']
  .map((n) => new Uint8Array(readFileSync(join(ROOT, '..', 'shared', 'corpus', 'seeds', n))));

/** A corpus stand-in that records which of its methods a handler calls. */
function recorder() {
  const called = [];
  const corpus = new Proxy({}, {
    get: (_, name) => (...args) => { called.push(name); return name === 'discoveryPending' ? true : undefined; },
  });
  return { corpus, called };
}

test('the worker answers exactly the operations of the list', () => {
  assert.deepEqual(Object.keys(handlers).sort(), Object.keys(OPS).sort());
});

test('each operation calls the wasm export of its own name, and the built module has it', async () => {
  for (const [op, spec] of Object.entries(OPS)) {
    const { corpus, called } = recorder();
    const args = spec.params.map((p) => (p === 'source' ? seeds[0] : 0));
    await handlers[op]({ corpus, post() {} }, ...args);
    assert.deepEqual(called, [op], `${op} calls ${called.join(', ')}`);
    assert.equal(typeof Corpus.prototype[op], 'function', `the wasm Corpus has no \`${op}\``);
  }
  // Before an operation that reads tokens, the worker runs the discovery left due.
  const { corpus, called } = recorder();
  prepare({ corpus, post() {} }, 'termStats');
  assert.deepEqual(called, ['discoveryPending', 'refreshDiscovery']);
  for (const name of called) assert.equal(typeof Corpus.prototype[name], 'function', `the wasm Corpus has no \`${name}\``);
  const skipped = recorder();
  prepare({ corpus: skipped.corpus, post() {} }, 'addDocument');
  assert.deepEqual(skipped.called, [], 'adding a document defers discovery');
});

test('the page, the browser tests and the tools ask only for operations of the list', () => {
  const files = ['www', 'tests/e2e', 'tools'].flatMap((dir) => readdirSync(join(ROOT, dir), { recursive: true })
    .filter((f) => /\.m?js$/.test(f) && !f.startsWith('pkg')).map((f) => join(ROOT, dir, f)));
  const asked = new Set();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const [, name] of text.matchAll(/client\.(\w+)\(/g)) {
      assert.equal(typeof Client.prototype[name], 'function', `${file}: client.${name}`);
      if (isOp(name)) asked.add(name);
    }
    // By name: client.call('op', …) and the Terms view's cached(app, state, 'op', …).
    for (const [, name] of text.matchAll(/(?:client\.call|cached)\((?:app, state, )?'(\w+)'/g)) {
      assert.ok(isOp(name), `${file}: '${name}' is not an operation`);
      asked.add(name);
    }
  }
  assert.ok(asked.has('compare') && asked.has('addDocument') && asked.has('segment'), [...asked].join(' '));
});

/** A Worker that answers in this thread with the worker's own `answer`, over a fresh corpus. */
class InThreadWorker {
  static started = 0;
  constructor() {
    InThreadWorker.started++;
    const corpus = new Corpus();
    this.queue = Promise.resolve();
    this.ready = async () => corpus;
    this.live = true;
  }
  postMessage(message) {
    this.queue = this.queue.then(() => answer(message, this.ready, (m) => { if (this.live) this.onmessage({ data: m }); }));
  }
  terminate() { this.live = false; }
}

test('the client exposes every operation and replays the state-changing ones after a restart', async () => {
  globalThis.Worker = InThreadWorker;
  const client = new Client('unused');
  for (const op of Object.keys(OPS)) assert.equal(typeof client[op], 'function', `client.${op}`);
  await assert.rejects(client.call('compareSliced', []), { name: 'UnknownOperation' });

  const a = await client.addDocument('a.txt', seeds[0]);
  const b = await client.addDocument('b.txt', seeds[1]);
  const c = await client.addDocument('c.txt', seeds[1]);
  await client.removeDocument(c.id);
  await client.setCleanOptions({ joinBlocks: false });
  await client.setEncoding(a.id, seeds[0], 'gb18030');
  await client.setEncoding(a.id, seeds[0], 'utf-8');
  const word = (view) => view.tokens.some((t) => t.text === '永久睦邻友好');
  assert.ok(!word(await client.segment(a.id, 0, 4000)), 'the dictionary splits 永久睦邻友好');
  await client.setUserDictionary('永久睦邻友好\n');
  await client.documentText(a.id);
  assert.deepEqual(client.journal.map((j) => j.key), [`doc:${a.id}`, `doc:${b.id}`, 'clean', `encoding:${a.id}`, 'userDictionary']);
  assert.equal(client.sourceOf(b.id), seeds[1]);

  const before = await client.documents();
  const text = await client.documentText(a.id);
  assert.deepEqual(before.map((d) => d.id), [a.id, b.id]);
  assert.equal(before[0].encodingOverride?.toLowerCase(), 'utf-8');

  // Cancel kills the worker; the next call starts a new one and replays the journal first.
  const slow = client.termStats({ limit: 0 });
  client.cancel();
  await assert.rejects(slow, CancelledError);
  const started = InThreadWorker.started;
  const after = await client.documents();
  assert.equal(InThreadWorker.started, started + 1);
  assert.deepEqual(after, before, 'the same documents, ids, encodings and clean-up');
  assert.deepEqual(await client.documentText(a.id), text);
  assert.ok(word(await client.segment(a.id, 0, 4000)), 'the user dictionary was replayed');

  // Detecting the encoding again drops the override from the journal.
  await client.setEncoding(a.id, seeds[0], null);
  assert.deepEqual(client.journal.map((j) => j.key), [`doc:${a.id}`, `doc:${b.id}`, 'clean', 'userDictionary']);
  delete globalThis.Worker;
});
