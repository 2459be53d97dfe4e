// Documents view: one row per loaded document — what was read and how (format, encoding and
// how it was chosen, with an override that re-reads the file at once), its size in characters,
// lines, paragraphs and words, and what the clean-up repaired, with a toggle listing where each
// broken line was joined. Above the table, the clean-up steps, each switchable. The table is the
// shared virtual table: with 2 000 documents it draws only the rows in view, one line each.
import { h, replace, formatBytes, formatNumber } from '../dom.js';
import { t } from '../i18n.js';
import { virtualTable } from '../widgets/virtual-table.js';
import * as segment from './segment.js';

const CLEAN_STEPS = ['lineEndings', 'controlChars', 'trailingSpaces', 'joinLines', 'joinBlocks', 'dehyphenate'];
const JOIN_KINDS = ['joinedLine', 'joinedBlock', 'dehyphenated'];
const JOIN_LIMIT = 500;
const CONTEXT = 24;
/** The Documents table's row height in px (style.css `.vtable table.documents tbody tr`). */
const ROW_HEIGHT = 36;

function scriptMix(s) {
  const total = s.han + s.latin + s.other || 1;
  const parts = [['han', s.han], ['latin', s.latin], ['other', s.other]]
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${t(k)} ${Math.round((n * 100) / total)}%`);
  return parts.join(' · ') || '—';
}

/** The encoding cell: what was used, how it was chosen, and a select to choose another (one line). */
function encodingCell(d, app, state) {
  const select = h('select', {
    class: 'encoding-select',
    'aria-label': t('encodingFor', { name: d.name }),
    onchange: () => setEncoding(app, d, select.value || null),
  }, h('option', { value: '', text: t('autoShort'), title: t('autoDetect') }),
  state.encodings.map((name) => h('option', { value: name, text: name })));
  const chosen = d.encodingOverride ?? '';
  select.value = state.encodings.find((e) => e.toLowerCase() === chosen.toLowerCase()) ?? '';
  return [
    h('span', { class: 'encoding-used' },
      h('span', { class: 'encoding-name', text: d.encoding }),
      ' ',
      h('span', { class: 'muted encoding-method', text: t(`method.${d.decodeMethod}`) })),
    ' ',
    select,
    d.malformed > 0 && h('span', { class: 'warn malformed', text: t('malformed', { n: formatNumber(d.malformed) }) }),
  ];
}

async function setEncoding(app, d, label) {
  try {
    // The worker keeps no file bytes (memory): the file is given again from the journal.
    const source = app.client.sourceOf(d.id);
    // Journaled (protocol.js): replayed after the document itself if the worker restarts.
    await app.busy(t('rereading', { name: d.name }), () => app.client.setEncoding(d.id, source, label || null));
  } catch (err) {
    app.message(t('errorIn', { name: d.name, message: err.message }), 'error');
  }
  await app.refresh();
}

/** The clean-up cell: each repair kind with its count, and the joins toggle (one line). */
function repairsCell(d, state, onToggle) {
  const joins = d.repairs.filter((r) => JOIN_KINDS.includes(r.kind)).reduce((n, r) => n + r.count, 0);
  const open = state.open.has(d.id);
  return [
    joins > 0 && h('button', {
      type: 'button', class: 'button small joins-toggle', 'aria-expanded': String(open),
      text: open ? t('hideJoins') : t('showJoins'), onclick: onToggle,
    }),
    d.repairs.length === 0
      ? h('span', { class: 'muted', text: t('noRepairs') })
      : h('ul', { class: 'repair-list' }, d.repairs.map((r) => h('li', { dataset: { kind: r.kind } },
        h('span', { class: 'num repair-count', text: formatNumber(r.count) }), ' ', t(`repair.${r.kind}`)))),
  ];
}

/** Where each join happened: a snippet of the cleaned text around each join point (made by the core). */
async function joinsRow(d, app) {
  const report = await app.client.repairs(d.id, { kinds: JOIN_KINDS, limit: JOIN_LIMIT, context: CONTEXT });
  const items = report.repairs.map((r) => {
    // The characters on each side of the join are marked; a thin bar shows the join point.
    const before = [...r.before];
    const after = [...r.after];
    const prev = before.pop() ?? '';
    const next = after.shift() ?? '';
    const spaced = r.cleaned.end16 > r.cleaned.start16; // a spaced-script join wrote one space
    return h('li', { class: 'join', dataset: { kind: r.kind } },
      h('span', { class: 'muted', text: before.join('').replace(/\s+/g, ' ') }),
      h('mark', { title: t('joinWas', { was: JSON.stringify(r.was) }) },
        prev, spaced ? ' ' : '', h('span', { class: 'join-point', 'aria-label': t('joinedHere') }), next),
      h('span', { class: 'muted', text: after.join('').replace(/\s+/g, ' ') }));
  });
  // Below the table (its rows are one line each): the document's name, then the joins.
  return h('section', { class: 'joins-row', dataset: { docId: d.id }, 'aria-label': d.name },
    h('h3', { class: 'joins-title', text: d.name }),
    h('p', { class: 'summary', text: report.truncated
      ? t('joinsTruncated', { shown: formatNumber(report.repairs.length), total: formatNumber(report.total) })
      : t('joinsAll', { total: formatNumber(report.total) }) }),
    h('ol', { class: 'joins' }, items));
}

function cleanToolbar(app, state) {
  const boxes = CLEAN_STEPS.map((step) => h('label', { class: 'check' },
    h('input', {
      type: 'checkbox', checked: state.clean[step], dataset: { step },
      onchange: async (e) => {
        state.clean = { ...state.clean, [step]: e.target.checked };
        try {
          await app.busy(t('working'), () => app.client.setCleanOptions(state.clean));
        } catch (err) {
          app.message(err.message, 'error');
        }
        await app.refresh();
      },
    }), t(`clean.${step}`)));
  return h('fieldset', { class: 'toolbar clean-options' }, h('legend', { text: t('cleanup') }), boxes);
}

export async function render(root, app) {
  const state = (app.viewState.documents ??= {
    open: new Set(),
    clean: Object.fromEntries(CLEAN_STEPS.map((s) => [s, true])),
    encodings: null,
  });
  state.encodings ??= app.encodings ?? await app.client.encodings();
  const isDoc = (row) => row.id !== undefined;
  const rerender = () => render(root, app).catch((err) => app.message(err.message, 'error'));
  const toggle = (d) => () => {
    if (state.open.has(d.id)) state.open.delete(d.id); else state.open.add(d.id);
    rerender();
  };
  const number = (key) => ({
    label: t(`${key}Short`), headTitle: t(key), num: true, cls: `c-num ${key}`, value: (r) => (isDoc(r) ? r[key] : -1),
    text: (r) => (isDoc(r) ? formatNumber(r[key]) : ''),
  });
  const columns = [
    {
      label: t('name'), th: true, cls: 'c-name', value: (r) => r.name, title: (r) => r.name,
      // Files of the batch being added: listed at once, marked as waiting or being analysed.
      cell: (r) => h('span', { class: isDoc(r) ? 'doc-name' : 'pending-name', text: r.name }),
    },
    { label: t('size'), num: true, cls: 'c-size', value: (r) => r.bytes ?? r.size, text: (r) => formatBytes(r.bytes ?? r.size) },
    {
      label: t('format'), cls: 'format', value: (r) => (isDoc(r) ? t(`format.${r.format}`) : ''),
      cell: (r) => (isDoc(r) ? t(`format.${r.format}`)
        : h('span', { class: 'muted pending-state', text: t(r.analysing ? 'beingAnalysed' : 'waitingToAnalyse') })),
    },
    { label: t('encoding'), cls: 'encoding', cell: (r) => (isDoc(r) ? encodingCell(r, app, state) : '') },
    number('chars'), number('lines'), number('paragraphs'), number('sentences'), number('words'),
    { label: t('scripts'), cls: 'c-scripts', text: (r) => (isDoc(r) ? scriptMix(r.scripts) : ''), title: (r) => (isDoc(r) ? scriptMix(r.scripts) : '') },
    { label: t('cleanup'), cls: 'repairs', title: (r) => (isDoc(r) ? r.repairs.map((x) => `${x.count} ${t(`repair.${x.kind}`)}`).join(' · ') : undefined), cell: (r) => (isDoc(r) ? repairsCell(r, state, toggle(r)) : '') },
    {
      label: t('actions'), cls: 'c-actions', cell: (r) => (isDoc(r) ? [segment.boundariesButton(app, r), ' ', h('button', {
        type: 'button', class: 'button small remove-doc', text: '×',
        'aria-label': t('removeDoc', { name: r.name }), title: t('removeDoc', { name: r.name }),
        onclick: () => { state.open.delete(r.id); app.removeDocument(r.id); },
      })] : ''),
    },
  ];
  const rows = [...app.docs, ...app.pending];
  const old = root.querySelector('.vtable');
  const table = virtualTable({
    className: 'documents', columns, rows, sort: state.sort, rowHeight: ROW_HEIGHT,
    rowAttrs: (r) => (isDoc(r)
      ? { class: 'doc', dataset: { docId: r.id } }
      : { class: 'pending-doc', dataset: { state: r.analysing ? 'analysing' : 'waiting' } }),
    onSort: (sort) => { state.sort = sort; },
  });
  const joins = [];
  for (const d of app.docs) if (state.open.has(d.id)) joins.push(await joinsRow(d, app));
  // The segmentation panel asks the engine for the discovered terms (discovery runs first):
  // while a batch is being added it is kept as it was, not asked again at each redraw.
  state.panel ??= h('div', { class: 'segment-area' });
  state.boundaries ??= h('div', { class: 'boundaries-area' });
  const bytes = app.docs.reduce((n, d) => n + (d.bytes ?? 0), 0);
  const summary = h('p', { class: 'summary docs-summary', text: app.pending.size
    ? t('docsSummaryPending', { n: formatNumber(app.docs.length), size: formatBytes(bytes), pending: formatNumber(app.pending.size) })
    : t('docsSummary', { n: formatNumber(app.docs.length), size: formatBytes(bytes) }) });
  replace(root, cleanToolbar(app, state), summary, table, joins, state.panel, state.boundaries);
  // Redrawn while files are added: the person's scroll position stays.
  if (old) { table.scrollTop = old.scrollTop; table.scrollLeft = old.scrollLeft; }
  if (app.pending.size > 0 || app.quiet) return;
  await segment.renderSegmentPanel(state.panel, app);
  await segment.renderBoundaries(state.boundaries, app);
}
