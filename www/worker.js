// The module worker that owns the wasm instance. Protocol:
//   page → worker  {id, op, args}
//   worker → page  {id, ok: true, value} | {id, ok: false, error: {name, message}} | {id, progress, stage}
// Files arrive as raw File/Blob objects and are read here, off the main thread.
import init, { Corpus } from './pkg/textlens.js';

let corpus = null;
let ready = null;

/** Memoised: compile the wasm and build the corpus (dictionary) once per worker. */
function ensureReady() {
  ready ??= init({ module_or_path: new URL('./pkg/textlens_bg.wasm', import.meta.url) }).then(() => {
    corpus = new Corpus();
  });
  return ready;
}

async function bytesOf(source, id) {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
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
      postMessage({ id, progress: at / total, stage: 'reading' });
    }
  }
  return out.subarray(0, at);
}

/** Ops per JSON slice of a compare report. */
const OPS_PER_SLICE = 1000;

/** Ops that do not read tokens: every other op first runs the term discovery that adds left due. */
const NO_DISCOVERY = new Set(['addDocument', 'removeDocument', 'setEncoding', 'encodings', 'stopwords', 'stopwordLanguages']);

const ops = {
  async addDocument(id, name, source, docId) {
    const bytes = await bytesOf(source, id);
    // The core reports its stages (decoding, cleaning, segmenting, indexing) as it goes; each
    // report is posted at once, so the page sees it while this call still runs.
    const onProgress = (progress, stage) => postMessage({ id, progress, stage });
    // Discovery is deferred: it runs once, before the next op that reads tokens (see handle).
    return corpus.addDocument(name, bytes, docId ?? undefined, onProgress, true);
  },
  removeDocument(id, docId) { return corpus.removeDocument(docId); },
  documents() { return corpus.documents(); },
  termStats(id, options) { return corpus.termStats(options); },
  // The ops travel as JSON text in slices: the page parses one slice at a time while it
  // renders, so receiving the report of two large documents never blocks it for long.
  compare(id, a, b, options) { return corpus.compareSliced(a, b, options, OPS_PER_SLICE); },
  compareExport(id, a, b, options, format) { return corpus.compareExport(a, b, options, format); },
  termTable(id, options) { return corpus.termTable(options); },
  keyness(id, options) { return corpus.keyness(options); },
  ngrams(id, options) { return corpus.ngrams(options); },
  collocates(id, options) { return corpus.collocates(options); },
  kwic(id, options) { return corpus.kwic(options); },
  distribution(id, options) { return corpus.distribution(options); },
  termsCsv(id, op, options) { return corpus.termsCsv(op, options); },
  stopwords(id, lang) { return corpus.stopwords(lang); },
  stopwordLanguages() { return corpus.stopwordLanguages(); },
  reuse(id, options) { return corpus.reuse(options); },
  async setEncoding(id, docId, source, label) {
    if (source == null) throw Object.assign(new Error('the file is no longer at hand: add it again'), { name: 'InvalidOption' });
    return corpus.setEncoding(docId, await bytesOf(source, id), label ?? undefined);
  },
  setCleanOptions(id, options) { return corpus.setCleanOptions(options); },
  repairs(id, docId, options) { return corpus.repairs(docId, options); },
  documentText(id, docId) { return corpus.documentText(docId); },
  encodings() { return corpus.encodings(); },
  // Segmentation (issue #4): token boundaries, discovered terms, user dictionary.
  segmentDocument(id, docId, start, limit) { return corpus.segmentDocument(docId, start ?? undefined, limit ?? undefined); },
  discoveredTerms() { return corpus.discoveredTerms(); },
  setDiscoveredTerm(id, term, accept) { return corpus.setDiscoveredTerm(term, accept); },
  setUserDictionary(id, text) { return corpus.setUserDictionary(text); },
};

// Messages are handled one at a time, in order: an add awaits the reading of its file, and an
// op sent after it (a replayed journal, then `documents`) must see the document.
let queue = Promise.resolve();
self.onmessage = (event) => { queue = queue.then(() => handle(event)); };

async function handle(event) {
  const { id, op, args = [] } = event.data;
  try {
    await ensureReady();
    const fn = ops[op];
    if (!fn) throw Object.assign(new Error(`unknown operation ${op}`), { name: 'UnknownOperation' });
    if (!NO_DISCOVERY.has(op) && corpus.discoveryPending()) {
      postMessage({ id, progress: null, stage: 'discovering' });
      corpus.refreshDiscovery();
    }
    const value = await fn(id, ...args);
    postMessage({ id, ok: true, value });
  } catch (err) {
    // Structured clone drops custom error names, so send plain data.
    const name = err instanceof WebAssembly.RuntimeError ? 'Crash' : (err?.name ?? 'Error');
    postMessage({ id, ok: false, error: { name, message: String(err?.message ?? err) } });
    if (name === 'Crash') {
      // A trap leaves the wasm instance unusable: tell the page to restart us.
      postMessage({ crashed: true });
    }
  }
}
