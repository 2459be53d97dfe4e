// The module worker that owns the wasm instance. It answers the operations of protocol.js, one
// handler each, named as the list names them; each handler calls the wasm export of the same name.
// Files arrive as raw File/Blob objects and are read here, off the main thread.
import init, { Corpus } from './pkg/textlens.js';
import { OPS, CORE_LIMITS } from './protocol.js';

let ready = null;

/**
 * Memoised: compile the wasm and build the corpus (dictionary) once per worker. A failure is
 * not memoised: the next call tries again (a wasm that failed to load may load later).
 */
export function ensureReady() {
  ready ??= init({ module_or_path: new URL('./pkg/textlens_bg.wasm', import.meta.url) })
    // The engine's memory, for benchmarks (bench/page-scale.mjs reads its size from here).
    .then((wasm) => { globalThis.textlensMemory = wasm.memory; return new Corpus(); })
    .catch((err) => {
      ready = null;
      throw Object.assign(new Error(`the analysis engine could not start: ${err?.message ?? err}`), { name: 'EngineUnavailable' });
    });
  return ready;
}

/** Refuses a file over the core's limit before a byte of it is copied (the page may have been told another limit). */
function checkSize(name, source) {
  const size = source?.size ?? source?.byteLength ?? 0;
  if (size > CORE_LIMITS.maxFileBytes) {
    const mb = (n) => `${Math.round(n / 1e6)} MB`;
    throw Object.assign(new Error(`${name} is ${mb(size)}, over the limit of ${mb(CORE_LIMITS.maxFileBytes)} per file`), { name: 'TooLarge' });
  }
}

/** Files under this size report no stages of their own (the page counts them instead). */
const SMALL_FILE = 1_000_000;

/** Files up to this size are read in one step (2 000 short files: no stream per file). */
const READ_AT_ONCE = 4_000_000;

/**
 * Small files whose reading started when their message arrived: the next files are read while
 * one is analysed (2 000 short files are not read one after another).
 */
const prefetched = new WeakMap();
function prefetch({ op, args }) {
  const source = args?.[1];
  if (op !== 'addDocument' || !(source?.size <= READ_AT_ONCE) || typeof source.arrayBuffer !== 'function') return;
  const reading = source.arrayBuffer();
  reading.catch(() => {});
  prefetched.set(source, reading);
}

async function bytesOf(source, post) {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  const early = prefetched.get(source);
  if (early) {
    prefetched.delete(source);
    return new Uint8Array(await early);
  }
  if (source.size <= READ_AT_ONCE && typeof source.arrayBuffer === 'function') return new Uint8Array(await source.arrayBuffer());
  // A Blob/File: stream it so large files show progress.
  const total = source.size || 1;
  const reader = source.stream().getReader();
  const out = new Uint8Array(source.size);
  let at = 0;
  let lastReport = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    out.set(value, at);
    at += value.length;
    if (at - lastReport > 4_000_000) {
      lastReport = at;
      post({ progress: at / total, stage: 'reading' });
    }
  }
  return out.subarray(0, at);
}

/** Ops per JSON slice of a compare report. */
const OPS_PER_SLICE = 1000;

/**
 * One handler per operation of protocol.js: `(call, ...args)`, where `call` is
 * `{corpus, post}` and `post(message)` sends a message about this call to the page.
 */
export const handlers = {
  async addDocument({ corpus, post }, name, source, docId) {
    checkSize(name, source);
    const bytes = await bytesOf(source, post);
    // The core reports its stages (decoding, cleaning, segmenting, indexing) as it goes; each
    // report is posted at once, so the page sees it while this call still runs.
    // A short file is done in a millisecond: its stages would only be messages (2 000 files, 12 000).
    const onProgress = bytes.length >= SMALL_FILE ? (progress, stage) => post({ progress, stage }) : undefined;
    // Discovery is deferred: it runs once, before the next op that reads tokens (see prepare).
    return corpus.addDocument(name, bytes, docId ?? undefined, onProgress, true);
  },
  setLimits({ corpus }, maxFileBytes, maxTotalBytes) { return corpus.setLimits(maxFileBytes, maxTotalBytes); },
  removeDocument({ corpus }, docId) { return corpus.removeDocument(docId); },
  documents({ corpus }) { return corpus.documents(); },
  documentText({ corpus }, docId) { return corpus.documentText(docId); },
  encodings({ corpus }) { return corpus.encodings(); },
  async setEncoding({ corpus, post }, docId, source, label) {
    if (source == null) throw Object.assign(new Error('the file is no longer at hand: add it again'), { name: 'InvalidOption' });
    checkSize(`document ${docId}`, source);
    return corpus.setEncoding(docId, await bytesOf(source, post), label ?? undefined);
  },
  setCleanOptions({ corpus }, options) { return corpus.setCleanOptions(options); },
  repairs({ corpus }, docId, options) { return corpus.repairs(docId, options); },
  segment({ corpus }, docId, start, limit) { return corpus.segment(docId, start ?? undefined, limit ?? undefined); },
  discoveredTerms({ corpus }) { return corpus.discoveredTerms(); },
  setDiscoveredTerm({ corpus }, term, accept) { return corpus.setDiscoveredTerm(term, accept); },
  setUserDictionary({ corpus }, text) { return corpus.setUserDictionary(text); },
  terms({ corpus }, options) { return corpus.terms(options); },
  termTable({ corpus, post }, options) {
    return corpus.termTable(options, (progress) => post({ progress, stage: 'termTable' }));
  },
  keyness({ corpus }, options) { return corpus.keyness(options); },
  ngrams({ corpus }, options) { return corpus.ngrams(options); },
  collocates({ corpus }, options) { return corpus.collocates(options); },
  kwic({ corpus }, options) { return corpus.kwic(options); },
  distribution({ corpus }, options) { return corpus.distribution(options); },
  names({ corpus }, options) { return corpus.names(options); },
  variants({ corpus, post }, options) {
    return corpus.variants(options, (progress) => post({ progress, stage: 'variants' }));
  },
  termsCsv({ corpus }, op, options) { return corpus.termsCsv(op, options); },
  stopwords({ corpus }, lang) { return corpus.stopwords(lang); },
  stopwordLanguages({ corpus }) { return corpus.stopwordLanguages(); },
  // The ops travel as JSON text in slices: the page parses one slice at a time while it
  // renders, so receiving the report of two large documents never blocks it for long.
  compare({ corpus }, a, b, options) { return corpus.compare(a, b, options, OPS_PER_SLICE); },
  compareExport({ corpus }, a, b, options, format) { return corpus.compareExport(a, b, options, format); },
  reuse({ corpus }, options) { return corpus.reuse(options); },
  reuseCsv({ corpus }, options, table) { return corpus.reuseCsv(options, table); },
};

/** Before an operation that reads tokens: the term discovery that additions left due. */
export function prepare({ corpus, post }, op) {
  if (OPS[op].discover !== false && corpus.discoveryPending()) {
    post({ progress: 0, stage: 'discovering' });
    corpus.refreshDiscovery((progress) => post({ progress, stage: 'discovering' }));
  }
}

/**
 * Answers one message `{id, op, args}` with the corpus `ready()` gives, through `post`:
 * progress, then the value or the error as `{name, message}`.
 */
export async function answer({ id, op, args = [] }, ready, post) {
  try {
    const corpus = await ready();
    if (!Object.hasOwn(handlers, op)) throw Object.assign(new Error(`unknown operation ${op}`), { name: 'UnknownOperation' });
    const call = { corpus, post: (message) => post({ id, ...message }) };
    prepare(call, op);
    const value = await handlers[op](call, ...args);
    post({ id, ok: true, value });
  } catch (err) {
    // Structured clone drops custom error names, so send plain data.
    const name = err instanceof WebAssembly.RuntimeError ? 'Crash' : (err?.name ?? 'Error');
    // A trap's own text ("unreachable") means nothing to a person; the page words a Crash itself.
    const message = name === 'Crash' ? `internal error in the analysis engine (${err.message})` : String(err?.message ?? err);
    post({ id, ok: false, error: { name, message } });
    // A trap leaves the wasm instance unusable: tell the page to restart us.
    if (name === 'Crash') post({ crashed: true });
  }
}

// Messages are handled one at a time, in order: an add awaits the reading of its file, and an
// op sent after it (a replayed journal, then `documents`) must see the document.
let queue = Promise.resolve();
if (typeof WorkerGlobalScope !== 'undefined') {
  self.onmessage = (event) => {
    prefetch(event.data);
    queue = queue.then(() => answer(event.data, ensureReady, (message) => postMessage(message)));
  };
}
