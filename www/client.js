// A promise API over the worker: one method per operation of protocol.js
// (`client.compare(a, b, options)`), or `client.call(op, args, {onProgress})`. Cancel =
// terminate the worker, reject what is pending, and restart lazily; a restarted worker is
// replayed the documents (and settings) it had, under the same ids: the journal of the calls
// that changed its state, kept as each operation's `journal` entry in protocol.js says.
import { OPS, isOp, documentKey } from './protocol.js';

import { scriptURL } from './trusted.js';

export class CancelledError extends Error {
  constructor() { super('cancelled'); this.name = 'Cancelled'; }
}

export class Client {
  constructor(url = new URL('./worker.js', import.meta.url)) {
    this.url = url;
    this.worker = null;
    this.pending = new Map();
    this.nextId = 1;
    /** Calls that change the worker's state, replayed after a restart: key → {key, op, args},
     * in the order recorded (a Map: recording or forgetting one costs the same with 2 000 documents). */
    this.entries = new Map();
    /** Called after the worker crashed and was stopped (it restarts on the next call). */
    this.onRestart = null;
    /**
     * Called when a journaled step fails as a restarted worker replays it (the file moved or
     * changed on disk, or the step crashes the engine again): `(entry, error)`. The entry (and,
     * for a document, everything recorded about it) is dropped from the journal, so one bad
     * step cannot make every later restart fail; the page says which document was lost.
     */
    this.onReplayFailure = null;
  }

  start() {
    if (this.worker) return this.worker;
    const worker = new Worker(scriptURL(this.url), { type: 'module' });
    // A stopped worker's last messages are not this one's.
    worker.onmessage = (e) => { if (this.worker === worker) this.receive(e.data); };
    worker.onerror = (e) => {
      e.preventDefault();
      this.crash(`the analysis worker failed: ${e.message || 'unknown error'}`);
    };
    this.worker = worker;
    return worker;
  }

  receive(msg) {
    if (msg.crashed) { this.restartAfterCrash(); return; }
    const call = this.pending.get(msg.id);
    if (!call) return;
    if ('progress' in msg) { call.onProgress?.(msg.progress, msg.stage); return; }
    this.pending.delete(msg.id);
    if (msg.ok) call.resolve(msg.value);
    else {
      (call.onError ?? call.reject)(Object.assign(new Error(msg.error.message), { name: msg.error.name }));
      // A trap leaves this worker unusable: stop it now, before the page sends it the next call
      // (its own `crashed` message comes later, and is then ignored).
      if (msg.error.name === 'Crash') this.restartAfterCrash();
    }
  }

  /** Runs `op(...args)` in the worker; a call that changes its state is journaled. */
  async call(op, args = [], options = {}) {
    const value = await this.send(op, args, options);
    const entry = OPS[op].journal?.(args, value);
    if (entry) {
      for (const key of entry.forget ?? [entry.key]) this.forget(key);
      if (entry.args) this.entries.set(entry.key, { key: entry.key, op, args: entry.args });
    }
    return value;
  }

  send(op, args, { onProgress, transfer = [] } = {}) {
    if (!isOp(op)) return Promise.reject(Object.assign(new Error(`unknown operation ${op}`), { name: 'UnknownOperation' }));
    const replaying = !this.worker && this.entries.size > 0;
    this.start();
    if (replaying) this.replay();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.worker.postMessage({ id, op, args }, transfer);
    });
  }

  /** The file (or bytes) document `docId` was added from, as the journal holds it. */
  sourceOf(docId) {
    return this.entries.get(documentKey(docId))?.args[1];
  }

  /** The journal in the order it replays: [{key, op, args}]. */
  get journal() { return [...this.entries.values()]; }

  forget(key) { this.entries.delete(key); }

  replay() {
    for (const entry of this.entries.values()) {
      const id = this.nextId++;
      // `onError`: the step itself failed (reported, dropped); `reject`: the worker was stopped
      // for another reason before answering (the step stays, for the next replay).
      this.pending.set(id, { resolve() {}, reject() {}, onError: (err) => this.replayFailed(entry, err) });
      this.worker.postMessage({ id, op: entry.op, args: entry.args });
    }
  }

  replayFailed(entry, error) {
    // Already dropped with the document it belonged to.
    if (this.entries.get(entry.key) !== entry) return;
    // A document's other entries (its encoding) go with it, as when it is removed.
    const docId = entry.op === 'addDocument' ? entry.args[2] : null;
    const gone = new Set([entry.key, ...(docId != null ? OPS.removeDocument.journal([docId]).forget : [])]);
    for (const key of gone) this.entries.delete(key);
    this.onReplayFailure?.(entry, error);
  }

  /** Stops all work now. Pending calls reject with CancelledError. */
  cancel() {
    if (!this.worker) return;
    this.worker.terminate();
    this.worker = null;
    for (const call of this.pending.values()) call.reject(new CancelledError());
    this.pending.clear();
  }

  crash(message) {
    this.worker?.terminate();
    this.worker = null;
    for (const call of this.pending.values()) {
      call.reject(Object.assign(new Error(message), { name: 'Crash' }));
    }
    this.pending.clear();
    this.onRestart?.();
  }

  restartAfterCrash() { this.crash('the analysis engine stopped unexpectedly'); }
}

// client.addDocument(name, source), client.compare(a, b, options), …
for (const op of Object.keys(OPS)) {
  Client.prototype[op] = function (...args) { return this.call(op, args); };
}
