// The Names list of the Terms view: the people, places and organisations the documents name,
// with their counts per document (the core's `names`); picking one shows its concordance.
import { h, replace, formatNumber } from '../../dom.js';
import { virtualTable } from '../../widgets/virtual-table.js';
import { s } from './strings.js';
import { ROW_CAP, cached, select } from './controls.js';

export async function namesTable(app, state, content, pick, rerender) {
  const kind = state.nameKind || null;
  const r = await cached(app, state, 'names', { kind, limit: ROW_CAP });
  const all = kind ? (await cached(app, state, 'names', { kind: null, limit: ROW_CAP })).names : r.names;
  const count = (k) => all.filter((n) => n.kind === k).length;
  const columns = [
    { label: s('name'), th: true, cls: 'term', value: (x) => x.name, text: (x) => x.name },
    { label: s('nameKind'), cls: 'name-kind', value: (x) => x.kind, text: (x) => s(x.kind) },
    { label: s('frequency'), num: true, cls: 'c-count', value: (x) => x.count, text: (x) => formatNumber(x.count) },
    ...r.documents.map((d, j) => ({
      label: d.name, headTitle: d.name, num: true, cls: 'doc-col', value: (x) => x.perDoc[j],
      text: (x) => (x.perDoc[j] ? formatNumber(x.perDoc[j]) : '·'),
    })),
  ];
  replace(content,
    h('div', { class: 'toolbar' },
      select('names-kind', s('nameKind'), state.nameKind,
        [['', s('allKinds')], ['person', s('person')], ['place', s('place')], ['organisation', s('organisation')]],
        (v) => { state.nameKind = v; rerender(); })),
    h('p', {
      class: 'summary', id: 'names-summary',
      text: s('namesSummary', {
        n: formatNumber(all.length), people: formatNumber(count('person')), places: formatNumber(count('place')),
        orgs: formatNumber(count('organisation')),
      }),
    }),
    r.names.length
      ? virtualTable({ className: 'terms names', columns, rows: r.names, onPick: (x) => pick(x.name) })
      : h('p', { class: 'empty', text: s('noRows') }));
}
