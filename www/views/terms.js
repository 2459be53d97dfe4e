// Terms view: the most frequent terms across the corpus, with a column per document.
import { h, replace, formatNumber } from '../dom.js';
import { t } from '../i18n.js';

const LIMIT = 200;

export async function render(root, app) {
  const state = (app.viewState.terms ??= {});
  if (state.generation !== app.generation) {
    state.report = await app.busy(t('working'), () => app.client.call('termStats', [{ limit: LIMIT }]));
    state.generation = app.generation;
  }
  const r = state.report;
  const head = h('tr', {},
    h('th', { scope: 'col', class: 'num', text: '#' }),
    h('th', { scope: 'col', text: t('term') }),
    h('th', { scope: 'col', class: 'num', text: t('count') }),
    h('th', { scope: 'col', class: 'num', text: t('rate') }),
    h('th', { scope: 'col', class: 'num', text: t('df') }),
    r.documents.map((d) => h('th', { scope: 'col', class: 'num doc-col', title: d.name, text: d.name })));
  const body = r.terms.map((row, i) => h('tr', {},
    h('td', { class: 'num muted', text: i + 1 }),
    h('th', { scope: 'row', class: 'term', text: row.term }),
    h('td', { class: 'num', text: formatNumber(row.count) }),
    h('td', { class: 'num', text: formatNumber(row.rate, 1) }),
    h('td', { class: 'num', text: row.df }),
    row.perDoc.map((n) => h('td', { class: 'num', text: n ? formatNumber(n) : '·' }))));
  replace(root,
    h('p', { class: 'summary', text: t('showing', { shown: r.terms.length, total: formatNumber(r.distinctTerms), tokens: formatNumber(r.totalTokens) }) }),
    h('div', { class: 'table-wrap' }, h('table', { class: 'table terms' }, h('thead', {}, head), h('tbody', {}, body))));
}
