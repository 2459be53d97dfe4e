// textlens page: state, intake (drop / pick / paste / example), tabs, messages, progress.
// Views live in views/*.js; each exports `render(root, app)` and re-renders from app state.
import { Client, CancelledError } from './client.js';
import { CORE_LIMITS } from './protocol.js';
import { h, replace, formatBytes, formatNumber } from './dom.js';
import { setLang, getLang, t } from './i18n.js';
import * as documentsView from './views/documents.js';
import * as termsView from './views/terms.js';
import * as compareView from './views/compare.js';
import * as reuseView from './views/reuse.js';

/**
 * The page's size limits, checked before a file is read (the core checks its own, larger ones).
 * `?maxFileMB=` / `?maxTotalMB=` in the address lower or raise them (tests use it).
 */
const params = new URLSearchParams(location.search);
/** `?key=` in MB, kept between 1 KB and the core's own limit `max` (a link cannot lift it); else `fallback`. */
function mb(key, fallback, max) {
  const v = Number(params.get(key));
  return params.has(key) && Number.isFinite(v) && v > 0 ? Math.min(Math.max(v * 1e6, 1e3), max) : fallback;
}
export const LIMITS = {
  maxFileBytes: mb('maxFileMB', 100e6, CORE_LIMITS.maxFileBytes),
  maxTotalBytes: mb('maxTotalMB', 250e6, CORE_LIMITS.maxTotalBytes),
};

const VIEWS = { documents: documentsView, terms: termsView, compare: compareView, reuse: reuseView };

/** Everything the views read and call. */
export const app = {
  client: new Client(),
  /** Document summaries from the worker, in the order added. */
  docs: [],
  /** Files of the batch being added that are not analysed yet, in order: Set of {name, size, analysing}. */
  pending: new Set(),
  /** The encodings the core offers (fetched at start, while the worker is idle). */
  encodings: null,
  view: 'documents',
  /** Per-view state the views keep between renders. */
  viewState: {},
  /** Bumped on every change of the document set; views cache by it. */
  generation: 0,
  /** The term picked in the Terms view; the Documents text view and Compare mark it (null: none). */
  selectedTerm: null,
  /** After a Cancel: views show what they have and start no analysis until asked. */
  quiet: false,
  /** Runs `fn` with the progress bar shown; errors become messages. */
  busy,
  message,
  refresh,
  show,
  removeDocument,
};

// An engine crash is told in words a person reads, never as the trap's text ("unreachable"),
// and the list is refreshed from the restarted engine, so it shows what was really kept.
let crashToldAt = 0;
let crashRefreshes = 0;
app.client.onRestart = () => {
  setTimeout(() => {
    // A crash while adding a file was already told, naming the file.
    if (Date.now() - crashToldAt > 1000) message(t('crashed'), 'error');
    // Each refresh replays the journal, dropping a step that fails; never loop on crashes.
    if (crashRefreshes++ < 3) refresh().then(() => { crashRefreshes = 0; }, () => {});
  }, 0);
};
app.client.onReplayFailure = (entry, err) => {
  const reason = describeError(err);
  if (entry.op === 'addDocument') message(t('replayFailed', { name: entry.args[0], message: reason }), 'error');
  else message(t('replayStepFailed', { message: reason }), 'error');
};

/** What went wrong, for a person: a crash or an engine that cannot start in the page's words. */
function describeError(err) {
  if (err?.name === 'Crash') return t('crashWords');
  if (err?.name === 'EngineUnavailable') return t('engineUnavailable');
  return err?.message ?? String(err);
}

const $ = (id) => document.getElementById(id);

// ---------- messages ----------

function message(text, kind = 'info') {
  const list = $('messages');
  const item = h('li', { class: `message ${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    h('span', { class: 'message-text', text }),
    h('button', { type: 'button', class: 'link', 'aria-label': t('dismiss'), text: '×', onclick: () => item.remove() }));
  list.append(item);
  if (kind !== 'error') setTimeout(() => item.remove(), 6000);
  while (list.children.length > 8) list.firstElementChild.remove();
}

// ---------- progress ----------

let busyCount = 0;
async function busy(label, fn) {
  busyCount++;
  $('progress').hidden = false;
  $('progress-label').textContent = label;
  const bar = $('progress-bar');
  bar.removeAttribute('value');
  $('progress').dataset.stage = '';
  // `text`: a new label for the work (the file of a batch being analysed now).
  const onProgress = (p, stage, text = label) => {
    if (typeof p === 'number') bar.value = p;
    const pct = typeof p === 'number' ? ` ${Math.round(p * 100)}%` : '';
    $('progress-label').textContent = stage ? `${text} ${t(`stage.${stage}`)}${pct}` : text;
    $('progress').dataset.stage = stage ?? '';
  };
  try {
    return await fn(onProgress);
  } finally {
    busyCount--;
    if (busyCount === 0) $('progress').hidden = true;
  }
}

// ---------- documents ----------

async function refresh(onProgress) {
  app.docs = await app.client.call('documents', [], { onProgress });
  app.generation++;
  render();
  // The list of files stays current behind whichever view is open.
  if (app.view !== 'documents') renderView('documents');
}

/** Re-renders at most every `ms` while a batch is added (a table of 2 000 rows is not redrawn 2 000 times). */
let lastBatchRender = 0;
let trailingRender = 0;
function renderSoon(ms = 400) {
  // Only the Documents view changes with each file; the others wait for the batch.
  if (app.view !== 'documents') return;
  const wait = lastBatchRender + ms - performance.now();
  if (wait > 0) {
    // Too soon: drawn once the interval is over (what changed meanwhile is never left unshown).
    trailingRender ||= setTimeout(() => { trailingRender = 0; renderSoon(ms); }, wait);
    return;
  }
  lastBatchRender = performance.now();
  render();
}

/** Files sent to the worker ahead of the one it is analysing (it takes them in order). */
const ADD_WINDOW = 32;

/**
 * Adds files (File/Blob with a name); one bad file never stops the others. The files are
 * listed at once as waiting, then as being analysed, and each as analysed when it is. Up to
 * ADD_WINDOW files are in the worker's queue at a time, so 2 000 short files cost no round
 * trip each; every step here is O(1) per file (the batch costs O(files), not O(files²)).
 */
async function addSources(sources) {
  app.quiet = false;
  const first = app.docs.length === 0;
  // A view the person picks while the files are read is where they stay.
  const shownBefore = viewsShown;
  let total = app.docs.reduce((n, d) => n + (d.bytes ?? 0), 0);
  const accepted = [];
  for (const { name, source } of sources) {
    const size = source.size ?? source.byteLength ?? 0;
    if (size > LIMITS.maxFileBytes) {
      message(t('tooLargeFile', { name, size: formatBytes(size), limit: formatBytes(LIMITS.maxFileBytes) }), 'error');
      continue;
    }
    if (total + size > LIMITS.maxTotalBytes) {
      message(t('tooLargeTotal', { name, total: formatBytes(total + size), limit: formatBytes(LIMITS.maxTotalBytes) }), 'error');
      continue;
    }
    total += size;
    accepted.push({ name, source, size, entry: { name, size, analysing: false } });
  }
  for (const a of accepted) app.pending.add(a.entry);
  render();
  const n = accepted.length;
  // One progress bar for the batch: a big file's own stages, or the count of files done.
  const label = (i) => (n > 1 ? t('addingOf', { name: accepted[i].name, i: formatNumber(i + 1), n: formatNumber(n) }) : t('adding', { name: accepted[i].name }));
  let cancelled = false;
  try {
    if (n) await busy(label(0), async (onProgress) => {
      const inflight = [];
      let next = 0;
      const launch = () => {
        const i = next++;
        const { name, source } = accepted[i];
        const progress = (p, stage) => onProgress(n > 1 ? (i + (p ?? 0)) / n : p, stage, label(i));
        inflight.push({ i, result: app.client.call('addDocument', [name, source], { onProgress: progress })
          .then((summary) => ({ summary }), (error) => ({ error })) });
      };
      while (next < n || inflight.length) {
        while (next < n && inflight.length < ADD_WINDOW) launch();
        const { i, result } = inflight[0];
        const { entry, name, size } = accepted[i];
        entry.analysing = true;
        if (n > 1) onProgress(i / n, null, label(i));
        // A large file's start and end are shown at once; short files' every 400 ms.
        const wait = size >= 1e6 ? 0 : 400;
        renderSoon(wait);
        const { summary, error } = await result;
        inflight.shift();
        app.pending.delete(entry);
        if (summary) {
          // Listed at once with the summary the add returned (before term discovery, which the
          // next analysis runs); the full list is fetched when the batch is done.
          app.docs.push(summary);
          app.generation++;
        } else if (error instanceof CancelledError || error.name === 'Cancelled') {
          message(t('cancelled'));
          cancelled = true;
          break;
        } else if (error.name === 'Crash') {
          // This file stopped the engine; the ones queued behind it were never analysed: send them
          // again (the engine restarts on the next call, replaying the documents it had).
          crashToldAt = Date.now();
          message(t('crashIn', { name }), 'error');
          next = i + 1;
          inflight.length = 0;
        } else {
          message(t('errorIn', { name, message: describeError(error) }), 'error');
        }
        renderSoon(wait);
      }
    });
  } finally {
    for (const a of accepted) app.pending.delete(a.entry);
    // A redraw the batch left waiting would come after the final one below, replacing the view
    // under the person's hands (an open panel, text being typed): the final one draws all of it.
    clearTimeout(trailingRender);
    trailingRender = 0;
    // The list after term discovery (which runs now, once for the batch, with its progress shown);
    // after a Cancel, the files added so far as they are, and nothing starts again by itself.
    if (cancelled) {
      app.quiet = true;
      app.generation++;
      render();
      if (app.view !== 'documents') renderView('documents');
    } else await busy(t('working'), (onProgress) => refresh(onProgress)).catch((err) => {
      // Cancelled while finding terms: the files added stay listed (a restarted engine is given
      // them again, and finds the terms at the next analysis).
      if (err.name === 'Cancelled') {
        message(t('cancelled'));
        // Nothing starts again by itself: views show what they have until the person asks.
        app.quiet = true;
      } else if (err.name !== 'Crash') message(describeError(err), 'error');
      app.generation++;
      render();
      if (app.view !== 'documents') renderView('documents');
    });
  }
  // The first screen answers why people came: two documents, their comparison; one or many,
  // their words. Later drops leave the person where they are; the Documents tab lists the files.
  if (first && app.view === 'documents' && viewsShown === shownBefore && app.docs.length > 0) show(app.docs.length === 2 ? 'compare' : 'terms');
}

async function removeDocument(id) {
  await app.client.removeDocument(id);
  await refresh();
}

// ---------- views ----------

/** How many times a view was shown: a batch moves the person on only if they picked none meanwhile. */
let viewsShown = 0;
function show(view) {
  viewsShown++;
  app.view = view;
  // A view chosen after a Cancel runs its analysis again.
  app.quiet = false;
  for (const tab of document.querySelectorAll('[role=tab]')) {
    const selected = tab.dataset.view === view;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    $(`view-${tab.dataset.view}`).hidden = !selected;
  }
  render();
}

function render() {
  renderView(app.view);
}

function renderView(view) {
  const root = $(`view-${view}`);
  // While a batch is added its files are listed in the Documents view, never "No documents yet".
  if (app.docs.length === 0 && !(view === 'documents' && app.pending.size > 0)) {
    replace(root, h('p', { class: 'empty', text: t('noDocuments') }));
    return;
  }
  // Cancelled: a view that asks the engine says so and offers to run again (the documents stay loaded).
  const cancelledNote = () => replace(root, h('p', { class: 'empty cancelled' }, t('cancelledView'), ' ',
    h('button', { type: 'button', class: 'button small', text: t('runAgain'), onclick: () => { app.quiet = false; renderView(view); } })));
  if (app.quiet && view !== 'documents') { cancelledNote(); return; }
  VIEWS[view].render(root, app).catch((err) => {
    if (err.name === 'Cancelled') {
      message(t('cancelled'));
      app.quiet = true;
      cancelledNote();
    // A crash is told once, by onRestart.
    } else if (err.name !== 'Crash') message(describeError(err), 'error');
  });
}

// ---------- intake ----------

function wireIntake() {
  $('file-input').addEventListener('change', (e) => {
    const files = [...e.target.files];
    e.target.value = '';
    addSources(files.map((f) => ({ name: f.name, source: f })));
  });

  // The example pair is fetched while the page loads, so the button makes no request later.
  const examples = Promise.all(['seed-000.txt', 'seed-001.txt'].map(async (name) => {
    const res = await fetch(new URL(`./examples/${name}`, import.meta.url));
    return { name, source: await res.blob() };
  }));
  examples.catch(() => {});
  $('example-button').addEventListener('click', async () => {
    await addSources(await examples);
  });

  $('paste-toggle').addEventListener('click', () => {
    const box = $('paste-box');
    box.hidden = !box.hidden;
    $('paste-toggle').setAttribute('aria-expanded', String(!box.hidden));
    if (!box.hidden) $('paste-text').focus();
  });
  $('paste-add').addEventListener('click', async () => {
    const text = $('paste-text').value;
    if (!text.trim()) { message(t('emptyPaste'), 'error'); return; }
    const name = $('paste-name').value.trim() || 'pasted.txt';
    await addSources([{ name, source: new TextEncoder().encode(text) }]);
    $('paste-text').value = '';
  });

  $('cancel-button').addEventListener('click', () => app.client.cancel());

  // The whole page is a drop zone.
  let depth = 0;
  const overlay = $('drop-overlay');
  const hasFiles = (e) => [...(e.dataTransfer?.types ?? [])].includes('Files');
  document.addEventListener('dragenter', (e) => { if (hasFiles(e)) { depth++; overlay.hidden = false; } });
  document.addEventListener('dragleave', () => { depth = Math.max(0, depth - 1); if (!depth) overlay.hidden = true; });
  document.addEventListener('dragover', (e) => { if (hasFiles(e)) e.preventDefault(); });
  document.addEventListener('drop', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth = 0;
    overlay.hidden = true;
    addSources([...e.dataTransfer.files].map((f) => ({ name: f.name, source: f })));
  });
}

function wireTabs() {
  const tabs = [...document.querySelectorAll('[role=tab]')];
  for (const tab of tabs) {
    tab.addEventListener('click', () => show(tab.dataset.view));
    tab.addEventListener('keydown', (e) => {
      const i = tabs.indexOf(tab);
      const next = e.key === 'ArrowRight' ? tabs[(i + 1) % tabs.length]
        : e.key === 'ArrowLeft' ? tabs[(i - 1 + tabs.length) % tabs.length] : null;
      if (next) { e.preventDefault(); next.focus(); show(next.dataset.view); }
    });
  }
}

function wireLang() {
  const select = $('lang-select');
  select.value = getLang();
  select.addEventListener('change', () => { setLang(select.value); render(); });
  setLang(getLang());
}

function showLimits() {
  $('limits-hint').textContent = t('limitsHint', { file: formatBytes(LIMITS.maxFileBytes), total: formatBytes(LIMITS.maxTotalBytes) });
}

wireLang();
showLimits();
$('lang-select').addEventListener('change', showLimits);
wireTabs();
wireIntake();
render();
// Compile the wasm and build the dictionary while the person decides what to drop; the core
// enforces the page's limits too (journaled: a restarted worker gets them first).
app.client.call('setLimits', [LIMITS.maxFileBytes, LIMITS.maxTotalBytes])
  .then(() => app.client.encodings())
  .then((encodings) => { app.encodings = encodings; return app.client.documents(); })
  .then(() => document.body.classList.add('ready'), (err) => message(describeError(err), 'error'));
