// The operations the page asks of the worker: the one list the worker dispatches from and the
// client exposes (`client.compare(a, b, options)`), so an operation has one name at every layer —
// view → client → worker → the wasm export (`Corpus.compare` in src/wasm.rs) → the core
// (`textlens::compare`, `Corpus::documents`, `Document::segment`: the op's name in snake case,
// or that name with a suffix such as `_owned`) → the CLI command of the same name
// (`textlens compare`). docs/architecture.md has the table; tests/node/protocol.test.mjs fails
// when a layer drifts.
//
// Each entry says:
//   params   the arguments, in order (documentation; the client passes them through);
//   core     only where the core's function is not named after the op: the path wasm.rs calls;
//   transport only for an op that carries another op's report in another form (columns, CSV, an
//            export format): the op(s) whose report it carries, which its wasm export computes;
//   discover false for operations that read no tokens: every other one first runs the term
//            discovery that document additions left due (see worker.js);
//   journal  for operations that change the worker's state, what the client's replay journal
//            does after the call succeeds: `{key, args}` records the call (replacing an entry
//            with the same key) to replay on a restarted worker, `{forget: [keys]}` drops
//            entries. `(args, value)` are the call's arguments and its result.
//
// Messages: page → worker {id, op, args}; worker → page {id, ok: true, value} |
// {id, ok: false, error: {name, message}} | {id, progress, stage} | {crashed: true}.

/**
 * The core's own size limits (`Limits::default()` in src/corpus/mod.rs; tests/hardening.rs
 * checks that the two agree). The worker refuses a larger file before copying it into the wasm,
 * and the page never offers more than these, whatever `?maxFileMB=` says.
 */
export const CORE_LIMITS = { maxFileBytes: 256_000_000, maxTotalBytes: 256_000_000 };

/** The journal key of the document a file was added as; the file itself is its args[1]. */
export const documentKey = (docId) => `doc:${docId}`;
const encodingKey = (docId) => `encoding:${docId}`;

export const OPS = {
  // ---- documents ----
  // `docId` is given only when a restarted worker replays the addition, so ids stay valid.
  addDocument: {
    params: ['name', 'source', 'docId'], discover: false,
    journal: ([name, source], summary) => ({ key: documentKey(summary.id), args: [name, source, summary.id] }),
  },
  // The page's size limits, enforced by the core as well (a .docx counts its unpacked text).
  setLimits: {
    params: ['maxFileBytes', 'maxTotalBytes'], discover: false,
    journal: (args) => ({ key: 'limits', args }),
  },
  removeDocument: {
    params: ['docId'], discover: false,
    journal: ([docId]) => ({ forget: [documentKey(docId), encodingKey(docId)] }),
  },
  // The summaries of all documents (`textlens documents`, alias `info`).
  documents: { params: [] },
  documentText: { params: ['docId'] },
  encodings: { params: [], discover: false, core: 'decode::COMMON_ENCODINGS' },
  // The worker keeps no file bytes: `source` is the file again. A null `label` detects again.
  setEncoding: {
    params: ['docId', 'source', 'label'], discover: false,
    journal: ([docId, source, label]) => (label
      ? { key: encodingKey(docId), args: [docId, source, label] }
      : { forget: [encodingKey(docId)] }),
  },
  setCleanOptions: { params: ['options'], journal: ([options]) => ({ key: 'clean', args: [options] }) },
  repairs: { params: ['docId', 'options'] },

  // ---- segmentation: token boundaries, discovered terms, user dictionary ----
  segment: { params: ['docId', 'start', 'limit'] },
  discoveredTerms: { params: [] },
  setDiscoveredTerm: {
    params: ['term', 'accept'],
    journal: ([term, accept]) => ({ key: `term:${term}`, args: [term, accept] }),
  },
  setUserDictionary: { params: ['text'], journal: ([text]) => ({ key: 'userDictionary', args: [text] }) },

  // ---- terms ----
  terms: { params: ['options'] },
  // The rows of `terms` in columns (typed arrays), for the page's big tables.
  termTable: { params: ['options'], transport: ['terms'] },
  keyness: { params: ['options'] },
  ngrams: { params: ['options'] },
  collocates: { params: ['options'] },
  kwic: { params: ['options'] },
  distribution: { params: ['options'] },
  // People, places and organisations with counts per document; a term's variants grouped.
  names: { params: ['options'] },
  variants: { params: ['options'] },
  // The report of `op`, one of the reports above, as CSV from the core's one CSV writer.
  termsCsv: { params: ['op', 'options'], transport: ['terms', 'keyness', 'ngrams', 'collocates', 'kwic', 'distribution'] },
  stopwords: { params: ['lang'], discover: false, core: 'stopwords::builtin' },
  stopwordLanguages: { params: [], discover: false, core: 'stopwords::languages' },

  // ---- compare and reuse ----
  // The ops of the report arrive as JSON slices (`opsJson`), parsed by the page as it renders.
  compare: { params: ['a', 'b', 'options'] },
  // The report of `compare` as a self-contained HTML page, a unified diff or JSON.
  compareExport: { params: ['a', 'b', 'options', 'format'], transport: ['compare'] },
  reuse: { params: ['options'] },
  // The same report as CSV from the core's one CSV writer: `table` is 'clusters' or 'matrix'.
  reuseCsv: { params: ['options', 'table'], transport: ['reuse'] },
};

/** Whether `op` is an operation of the list. */
export const isOp = (op) => Object.hasOwn(OPS, op);
