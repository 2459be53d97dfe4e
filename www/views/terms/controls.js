// What the Terms view's sub-views share: the filter options, a cache of reports, the row cap,
// a labelled select and the export buttons.
import { h, download } from '../../dom.js';
import { t } from '../../i18n.js';
import { s } from './strings.js';

/** Rows of object-shaped reports the page asks for: beyond this, cloning them from the worker blocks the page. */
export const ROW_CAP = 20_000;

export function filterOptions(state, stopwords) {
  return {
    minLength: Math.max(1, Number(state.minLength) || 1),
    includeNumbers: state.kinds !== 'words',
    includePunct: state.kinds === 'punct',
    stopwords: state.stopOn ? stopwords : [],
    groupVariants: state.groupVariants,
  };
}

/** Calls `op` once per distinct options and document generation. */
export async function cached(app, state, op, options) {
  const key = `${app.generation}|${op}|${JSON.stringify(options)}`;
  state.cache ??= new Map();
  if (!state.cache.has(key)) {
    if (state.cache.size > 24) state.cache.clear();
    const value = await app.busy(t('working'), (onProgress) => app.client.call(op, [options], { onProgress }));
    state.cache.set(key, value);
  }
  return state.cache.get(key);
}

export function select(id, label, value, options, onchange) {
  return h('label', { class: 'field', for: id }, label,
    h('select', { id, onchange: (e) => onchange(e.target.value) },
      options.map(([v, text]) => h('option', { value: v, text, selected: String(v) === String(value) || undefined }))));
}

/** CSV comes from the core (`termsCsv`); JSON is the report itself, fetched when asked for. */
export function exportButtons(app, name, op, options, getReport) {
  return h('span', { class: 'export' }, `${s('export')}:`,
    h('button', {
      type: 'button', class: 'button small', 'data-export': 'csv', text: s('exportCsv'),
      onclick: async () => {
        const text = await app.client.termsCsv(op, options);
        download(`${name}.csv`, text, 'text/csv;charset=utf-8');
      },
    }),
    h('button', {
      type: 'button', class: 'button small', 'data-export': 'json', text: s('exportJson'),
      onclick: async () => download(`${name}.json`, JSON.stringify(await getReport(), null, 2), 'application/json'),
    }));
}
