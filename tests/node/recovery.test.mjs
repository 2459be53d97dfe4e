// Crash recovery in the client and the worker (#13), with the real wasm core in this thread: a
// step that fails when a restarted worker replays it is reported and dropped (not silently, and
// not replayed again and again). (A failed start of the engine: engine-start.test.mjs.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initSync, Corpus } from '../../www/pkg/textlens.js';
import { answer } from '../../www/worker.js';
import { Client } from '../../www/client.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
initSync({ module: readFileSync(join(ROOT, 'www', 'pkg', 'textlens_bg.wasm')) });
const seed = new Uint8Array(readFileSync(join(ROOT, '..', 'shared', 'corpus', 'seeds', '000_61b16b637bcca7d8.txt')));

/**
 * A Worker answering in this thread over a real corpus, as the page's does, except that adding a
 * file named `crash*` traps, and so does replaying (a given id) a file named `replay-trap*`. A
 * trap, as in wasm, leaves the worker unusable: every later call traps too.
 */
class TrappingWorker {
  static started = 0;
  constructor() {
    TrappingWorker.started++;
    const real = new Corpus();
    let poisoned = false;
    const trap = () => { poisoned = true; throw new WebAssembly.RuntimeError('unreachable'); };
    const corpus = new Proxy(real, {
      get: (target, prop) => {
        const value = target[prop];
        if (typeof value !== 'function') return value;
        return (...args) => {
          if (poisoned) trap();
          const [name, , id] = args;
          if (prop === 'addDocument' && (name.startsWith('crash') || (name.startsWith('replay-trap') && id !== undefined))) trap();
          return value.apply(target, args);
        };
      },
    });
    this.queue = Promise.resolve();
    this.live = true;
    this.ready = async () => corpus;
  }
  postMessage(message) {
    this.queue = this.queue.then(() => answer(message, this.ready, (m) => { if (this.live) this.onmessage({ data: m }); }));
  }
  terminate() { this.live = false; }
}

test('a step that traps on replay is reported once, dropped with what belongs to it, and the rest goes on', async () => {
  globalThis.Worker = TrappingWorker;
  const client = new Client('unused');
  const restarts = [];
  const failures = [];
  client.onRestart = () => restarts.push(1);
  client.onReplayFailure = (entry, err) => failures.push([entry.args[0], err.name]);

  const a = await client.addDocument('a.txt', seed);
  const bad = await client.addDocument('replay-trap.txt', seed);
  await client.setEncoding(bad.id, seed, 'gb18030');
  // The crash: its message is not the trap's text.
  await assert.rejects(client.addDocument('crash.txt', seed), (err) => err.name === 'Crash' && !/^unreachable$/.test(err.message));
  assert.equal(restarts.length, 1);

  // The restarted worker replays a.txt, then replay-trap.txt, which traps: reported, dropped
  // (its encoding entry too), and this call fails with the crash.
  await assert.rejects(client.documents(), { name: 'Crash' });
  assert.deepEqual(failures, [['replay-trap.txt', 'Crash']]);
  assert.deepEqual(client.journal.map((j) => j.key), [`doc:${a.id}`]);

  // Later calls work: a.txt is back, and the bad file is not replayed again.
  const docs = await client.documents();
  assert.deepEqual(docs.map((d) => d.name), ['a.txt']);
  const c = await client.addDocument('c.txt', seed);
  assert.deepEqual((await client.documents()).map((d) => d.id), [a.id, c.id]);
  assert.deepEqual(failures.length, 1);
  delete globalThis.Worker;
});

test('a document whose file cannot be read again is reported, not silently dropped', async () => {
  globalThis.Worker = TrappingWorker;
  const client = new Client('unused');
  const failures = [];
  client.onReplayFailure = (entry, err) => failures.push([entry.args[0], err.message]);
  let readable = true;
  // A Blob whose file was moved away: reading it fails after the first time.
  const moved = { size: seed.length, stream: () => (readable ? new Blob([seed]).stream() : new ReadableStream({ start(c) { c.error(new Error('the file was moved')); } })) };
  await client.addDocument('a.txt', seed);
  await client.addDocument('moved.txt', moved);
  readable = false;
  client.cancel();
  const docs = await client.documents();
  assert.deepEqual(docs.map((d) => d.name), ['a.txt']);
  assert.deepEqual(failures, [['moved.txt', 'the file was moved']]);
  delete globalThis.Worker;
});
