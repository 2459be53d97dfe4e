// Documents view: one row per loaded document — what was read and how (format, encoding and
// how it was chosen, with an override that re-reads the file at once), its size in characters,
// lines, paragraphs and words, and what the clean-up repaired, with a toggle listing where each
// broken line was joined. Above the table, the clean-up steps, each switchable.
import { h, replace, formatBytes, formatNumber } from '../dom.js';
import { t } from '../i18n.js';
import * as segment from './segment.js';

const CLEAN_STEPS = ['lineEndings', 'controlChars', 'trailingSpaces', 'joinLines', 'joinBlocks', 'dehyphenate'];
const JOIN_KINDS = ['joinedLine', 'joinedBlock', 'dehyphenated'];
const JOIN_LIMIT = 500;
const CONTEXT = 24;

function scriptMix(s) {
  const total = s.han + s.latin + s.other || 1;
  const parts = [['han', s.han], ['latin', s.latin], ['other', s.other]]
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${t(k)} ${Math.round((n * 100) / total)}%`);
  return parts.join(' · ') || '—';
}

/** The encoding cell: what was used, how it was chosen, and a select to choose another. */
function encodingCell(d, app, state) {
  const select = h('select', {
    class: 'encoding-select',
    'aria-label': t('encodingFor', { name: d.name }),
    onchange: () => setEncoding(app, d, select.value || null),
  }, h('option', { value: '', text: t('autoDetect') }),
  state.encodings.map((name) => h('option', { value: name, text: name })));
  const chosen = d.encodingOverride ?? '';
  select.value = state.encodings.find((e) => e.toLowerCase() === chosen.toLowerCase()) ?? '';
  return h('td', { class: 'encoding' },
    h('div', { class: 'encoding-used' },
      h('span', { class: 'encoding-name', text: d.encoding }),
      ' ',
      h('span', { class: 'muted encoding-method', text: t(`method.${d.decodeMethod}`) })),
    d.malformed > 0 && h('div', { class: 'warn malformed', text: t('malformed', { n: formatNumber(d.malformed) }) }),
    select);
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

/** The clean-up cell: each repair kind with its count, and the joins toggle. */
function repairsCell(d, state, onToggle) {
  const joins = d.repairs.filter((r) => JOIN_KINDS.includes(r.kind)).reduce((n, r) => n + r.count, 0);
  const open = state.open.has(d.id);
  return h('td', { class: 'repairs' },
    d.repairs.length === 0
      ? h('span', { class: 'muted', text: t('noRepairs') })
      : h('ul', { class: 'repair-list' }, d.repairs.map((r) => h('li', { dataset: { kind: r.kind } },
        h('span', { class: 'num repair-count', text: formatNumber(r.count) }), ' ', t(`repair.${r.kind}`)))),
    joins > 0 && h('button', {
      type: 'button', class: 'button small joins-toggle', 'aria-expanded': String(open),
      text: open ? t('hideJoins') : t('showJoins'), onclick: onToggle,
    }));
}

/** Where each join happened: a snippet of the cleaned text around each join point (made by the core). */
async function joinsRow(d, app, columns) {
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
  return h('tr', { class: 'joins-row', dataset: { docId: d.id } }, h('td', { colspan: columns },
    h('p', { class: 'summary', text: report.truncated
      ? t('joinsTruncated', { shown: formatNumber(report.repairs.length), total: formatNumber(report.total) })
      : t('joinsAll', { total: formatNumber(report.total) }) }),
    h('ol', { class: 'joins' }, items)));
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
  state.encodings ??= await app.client.encodings();
  const head = ['name', 'size', 'format', 'encoding', 'chars', 'lines', 'paragraphs', 'sentences', 'words', 'scripts', 'cleanup', 'remove'];
  const numeric = new Set(['size', 'chars', 'lines', 'paragraphs', 'sentences', 'words']);
  const rows = [];
  for (const d of app.docs) {
    const toggle = () => {
      if (state.open.has(d.id)) state.open.delete(d.id); else state.open.add(d.id);
      render(root, app).catch((err) => app.message(err.message, 'error'));
    };
    rows.push(h('tr', { class: 'doc', dataset: { docId: d.id } },
      h('th', { scope: 'row', class: 'doc-name', text: d.name }),
      h('td', { class: 'num', text: formatBytes(d.bytes) }),
      h('td', { class: 'format', text: t(`format.${d.format}`) }),
      encodingCell(d, app, state),
      h('td', { class: 'num chars', text: formatNumber(d.chars) }),
      h('td', { class: 'num lines', text: formatNumber(d.lines) }),
      h('td', { class: 'num paragraphs', text: formatNumber(d.paragraphs) }),
      h('td', { class: 'num sentences', text: formatNumber(d.sentences) }),
      h('td', { class: 'num words', text: formatNumber(d.words) }),
      h('td', { text: scriptMix(d.scripts) }),
      repairsCell(d, state, toggle),
      h('td', {}, segment.boundariesButton(app, d), ' ', h('button', {
        type: 'button', class: 'button small', text: t('remove'),
        'aria-label': t('removeDoc', { name: d.name }),
        onclick: () => { state.open.delete(d.id); app.removeDocument(d.id); },
      }))));
    if (state.open.has(d.id)) rows.push(await joinsRow(d, app, head.length));
  }
  const panel = h('div', { class: 'segment-area' });
  const boundaries = h('div', { class: 'boundaries-area' });
  replace(root,
    cleanToolbar(app, state),
    h('div', { class: 'table-wrap' }, h('table', { class: 'table documents' },
      h('thead', {}, h('tr', {}, head.map((k) => h('th', { scope: 'col', class: numeric.has(k) ? 'num' : '', text: t(k) })))),
      h('tbody', {}, rows))), panel, boundaries);
  await segment.renderSegmentPanel(panel, app);
  await segment.renderBoundaries(boundaries, app);
}
