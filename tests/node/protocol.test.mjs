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
  prepare({ corpus, post() {} }, 'terms');
  assert.deepEqual(called, ['discoveryPending', 'refreshDiscovery']);
  for (const name of called) assert.equal(typeof Corpus.prototype[name], 'function', `the wasm Corpus has no \`${name}\``);
  const skipped = recorder();
  prepare({ corpus: skipped.corpus, post() {} }, 'addDocument');
  assert.deepEqual(skipped.called, [], 'adding a document defers discovery');
});

/** `termTable` → `term_table`. */
const snake = (name) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The methods of the wasm `Corpus` in src/wasm.rs: JS name → {rust, body}. */
function wasmMethods() {
  const source = readFileSync(join(ROOT, 'src', 'wasm.rs'), 'utf8');
  const start = source.indexOf('impl WasmCorpus');
  const end = source.indexOf('pub struct WasmSegmenter');
  const text = source.slice(start, end);
  const found = [...text.matchAll(/(?:#\[wasm_bindgen\(js_name = (\w+)\)\]\s*)?pub fn (\w+)\(/g)];
  return new Map(found.map((m, i) => [m[1] ?? m[2], { rust: m[2], body: text.slice(m.index + m[0].length, found[i + 1]?.index ?? text.length) }]));
}

test('each operation has one name in wasm.rs and the core, and only its transports differ', () => {
  const methods = wasmMethods();
  for (const [op, spec] of Object.entries(OPS)) {
    const m = methods.get(op);
    assert.ok(m, `src/wasm.rs exports no \`${op}\``);
    assert.equal(m.rust, snake(op), `the wasm export ${op} is the Rust method ${m.rust}`);
    const calls = (name) => new RegExp(`(?:\\.|::)${name}(?:_\\w+)?\\(`).test(m.body);
    if (spec.core) assert.ok(m.body.includes(spec.core), `${op} calls ${spec.core}`);
    else if (spec.transport) {
      // A transport has a core function of its own name, or computes each report it carries.
      for (const of of spec.transport) assert.ok(isOp(of) && !OPS[of].transport, `${op} carries the report of the operation ${of}`);
      assert.ok(calls(snake(op)) || spec.transport.every((of) => calls(snake(of))), `${op} computes ${spec.transport.join(', ')}`);
    } else assert.ok(calls(snake(op)), `${op}: src/wasm.rs calls no core function named ${snake(op)}:\n${m.body}`);
  }
  // termsCsv's `op` argument is the name of an operation, one of its transports.
  const arms = [...methods.get('termsCsv').body.matchAll(/"(\w+)" =>/g)].map((a) => a[1]);
  assert.deepEqual(arms.sort(), [...OPS.termsCsv.transport].sort());
});

test('every CLI command is an operation of the list, under the same name', () => {
  const args = readFileSync(join(ROOT, 'src', 'bin', 'textlens', 'args.rs'), 'utf8');
  const block = args.slice(args.indexOf('pub enum Command {'));
  const commands = [...block.slice(0, block.indexOf('\n}')).matchAll(/^ {4}(\w+)\(\w+\),$/gm)].map((m) => m[1].toLowerCase());
  assert.ok(commands.length >= 10, commands.join(' '));
  for (const c of commands) assert.ok(isOp(c) && !OPS[c].transport, `textlens ${c} is not an operation of protocol.js`);
});

test('docs/architecture.md lists every operation in its table', () => {
  const doc = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');
  for (const op of Object.keys(OPS)) assert.match(doc, new RegExp(`^\\| \`${op}\` \\|`, 'm'), op);
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
  const slow = client.terms({ limit: 0 });
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
