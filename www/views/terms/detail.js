// The detail of the selected term: its distribution along each document and its concordance
// (KWIC), with a wider context for a picked line.
import { h, replace, formatNumber } from '../../dom.js';
import { t } from '../../i18n.js';
import { virtualTable } from '../../widgets/virtual-table.js';
import { distributionChart } from '../../widgets/charts.js';
import { s } from './strings.js';
import { ROW_CAP, cached, select, exportButtons } from './controls.js';

/** Collapses white space and keeps at most `n` characters from one end. */
function clip(text, n, fromEnd) {
  const flat = text.replace(/\s+/g, ' ');
  const chars = [...flat];
  if (chars.length <= n) return flat;
  return fromEnd ? `…${chars.slice(-n).join('')}` : `${chars.slice(0, n).join('')}…`;
}

export async function showDetail(app, state, detail, filter) {
  const term = state.selected;
  if (!term) { detail.replaceChildren(); return; }
  app.selectedTerm = term;
  // With variants grouped, the concordance and the distribution follow the group (上合 with 上海合作组织).
  const groupVariants = Boolean(filter.groupVariants);
  const kwicOptions = { query: term, context: 10, sort: state.kwicSort, limit: ROW_CAP, original: false, groupVariants };
  const [dist, kwic] = await Promise.all([
    cached(app, state, 'distribution', { query: term, bins: 20, groupVariants }),
    cached(app, state, 'kwic', kwicOptions),
  ]);
  const names = new Map(kwic.documents.map((d) => [d.id, d.name]));
  const contextPane = h('div', { class: 'kwic-context', hidden: true, 'aria-live': 'polite' });
  const jump = async (line) => {
    const wide = await cached(app, state, 'kwic', { query: term, context: 80, doc: line.doc, groupVariants });
    const found = wide.lines.find((l) => l.token === line.token) ?? line;
    contextPane.hidden = false;
    replace(contextPane,
      h('div', { class: 'toolbar' },
        h('strong', { text: `${s('context')} — ${names.get(line.doc) ?? line.doc}` }),
        h('button', { type: 'button', class: 'button small', text: s('close'), onclick: () => { contextPane.hidden = true; } })),
      h('p', { class: 'context-text' }, found.leftText, h('mark', { text: found.hitText }), found.rightText));
    contextPane.scrollIntoView({ block: 'nearest' });
  };
  const columns = [
    { label: s('document'), cls: 'doc-col muted', text: (x) => names.get(x.doc) ?? x.doc, title: (x) => names.get(x.doc) },
    { label: s('left'), cls: 'kwic-left', text: (x) => clip(x.leftText, 40, true), title: (x) => x.leftText },
    { label: s('hit'), cls: 'kwic-hit', text: (x) => x.hitText },
    { label: s('right'), cls: 'kwic-right', text: (x) => clip(x.rightText, 40, false), title: (x) => x.rightText },
  ];
  const sortSelect = select('kwic-sort', s('sortBy'), state.kwicSort,
    [['position', s('position')], ['left', s('leftWords')], ['right', s('rightWords')]],
    (v) => { state.kwicSort = v; showDetail(app, state, detail, filter).catch((err) => app.message(err.message, 'error')); });
  const rate = dist.documents.map((d) => `${d.name}: ${s('wordsPer10k', { rate: formatNumber(d.rate, 1) })}`).join(' · ');
  replace(detail,
    h('div', { class: 'toolbar' },
      h('h3', { class: 'detail-title', text: s('concordance', { term }) }),
      h('span', { class: 'hint', text: s('markedIn') }),
      h('button', { type: 'button', class: 'button small', id: 'terms-show-compare', text: t('compare'), onclick: () => app.show('compare') }),
      h('button', { type: 'button', class: 'button small', id: 'terms-show-documents', text: t('documents'), onclick: () => app.show('documents') })),
    h('p', { class: 'summary', text: rate }),
    distributionChart(dist, s('distribution')),
    h('div', { class: 'toolbar' },
      h('span', { class: 'summary', text: s('hits', { n: formatNumber(kwic.total) }) }),
      kwic.truncated && h('span', { class: 'summary', text: s('moreLines', { shown: formatNumber(kwic.lines.length), total: formatNumber(kwic.total) }) }),
      sortSelect,
      exportButtons(app, `kwic-${term}`, 'kwic', kwicOptions, () => kwic)),
    kwic.lines.length ? virtualTable({ className: 'kwic', columns, rows: kwic.lines, onPick: jump }) : h('p', { class: 'hint', text: s('noRows') }),
    contextPane);
}
