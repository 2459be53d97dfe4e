// The Terms view's four tables: frequencies (corpus or one document), keyness, n-grams and
// collocates. Each renders into `content`; picking a term selects it for the detail below.
import { h, replace, formatNumber, yieldToPage } from '../../dom.js';
import { t } from '../../i18n.js';
import { virtualTable } from '../../widgets/virtual-table.js';
import { barChart } from '../../widgets/charts.js';
import { s } from './strings.js';
import { ROW_CAP, cached, select, exportButtons } from './controls.js';

/**
 * The term column of a `termTable` report as `termAt(i)`, plus `all()` (every term, split
 * once when sorting or searching needs them): splitting 100,000 strings up front is a long
 * task, and the first screen needs only a few dozen.
 */
function termColumn(r) {
  if (r.termColumn) return r.termColumn;
  const text = r.terms;
  const n = text === '' ? 0 : r.count.length;
  const starts = new Uint32Array(n + 1);
  let at = 0;
  for (let i = 0; i < n; i++) {
    starts[i] = at;
    const nl = text.indexOf('\n', at);
    at = nl < 0 ? text.length + 1 : nl + 1;
  }
  starts[n] = text.length + 1;
  let all = null;
  r.termColumn = {
    length: n,
    termAt: (i) => (all ? all[i] : text.slice(starts[i], starts[i + 1] - 1)),
    all: () => (all ??= n ? text.split('\n') : []),
  };
  return r.termColumn;
}

/** Intl formatters are slow to create (locale data): make the table's ones while the page is idle. */
function warmFormatters() {
  for (const digits of [0, 1, 2]) formatNumber(1, digits);
}
if (globalThis.requestIdleCallback) requestIdleCallback(warmFormatters);

export async function frequencies(app, state, content, filter, pick) {
  const options = { ...filter, doc: state.scope === '' ? null : Number(state.scope), limit: 0 };
  // Columns (typed arrays + one string of terms): 100,000 rows cross from the worker in one copy.
  const r = await cached(app, state, 'termTable', options);
  const col = termColumn(r);
  // Taking a large table in (structured clone, term index) and drawing it are two tasks, so
  // neither blocks the page for long.
  if (col.length > 10_000) await yieldToPage();
  if (!content.isConnected) return;
  const term = col.termAt;
  // Grouped variants: the forms of a row's group, listed with their counts (上合组织 22 · 上合 3).
  const groups = new Map();
  if (filter.groupVariants) {
    // Totals only: counts per document for every form would be dense (2 000 documents: 43 MB).
    const v = await cached(app, state, 'variants', { perDoc: false });
    for (const g of v.groups) groups.set(g.head, g.forms.slice(1).map((f) => `${f.text} ${formatNumber(f.count)}`).join(' · '));
  }
  const termText = (i) => (groups.has(term(i)) ? `${term(i)}  (${groups.get(term(i))})` : term(i));
  const docCols = r.doc === null ? r.documents : [];
  // Row i's counts per document, sparse: documents perDocDocs[o[i]..o[i + 1]] (ascending), found by halving.
  const o = r.perDocOffsets;
  const perDoc = (i, j) => {
    let lo = o[i];
    let hi = o[i + 1];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (r.perDocDocs[mid] < j) lo = mid + 1; else hi = mid;
    }
    return lo < o[i + 1] && r.perDocDocs[lo] === j ? r.perDocCounts[lo] : 0;
  };
  // A row is its index into the columns.
  const columns = [
    { label: '#', num: true, cls: 'muted rank', text: (_, i) => i + 1 },
    {
      label: t('term'), th: true, cls: 'term', value: (i) => col.all()[i], title: termText,
      // The head term in full; its grouped variants after it, muted (textContent stays termText).
      cell: (i) => (groups.has(term(i)) ? [term(i), h('span', { class: 'muted variants', text: `  (${groups.get(term(i))})` })] : term(i)),
    },
    { label: t('count'), num: true, cls: 'c-count', value: (i) => r.count[i], text: (i) => formatNumber(r.count[i]) },
    { label: t('rate'), num: true, cls: 'c-rate', value: (i) => r.rate[i], text: (i) => formatNumber(r.rate[i], 1) },
    { label: t('df'), num: true, cls: 'c-df', value: (i) => r.df[i], text: (i) => r.df[i] },
    { label: s('tfidf'), num: true, cls: 'c-tfidf', value: (i) => r.tfidf[i], text: (i) => formatNumber(r.tfidf[i] * 1000, 2), title: () => 'TF-IDF × 1000' },
    ...docCols.map((d, j) => ({
      label: d.name, headTitle: d.name, num: true, cls: 'doc-col', value: (i) => perDoc(i, j),
      text: (i) => { const n = perDoc(i, j); return n ? formatNumber(n) : '·'; },
    })),
  ];
  const all = new Uint32Array(col.length);
  for (let i = 0; i < all.length; i++) all[i] = i;
  const search = h('input', { id: 'terms-search', type: 'search', value: state.search, placeholder: s('search'), 'aria-label': s('search') });
  const summary = h('p', { class: 'summary' });
  const tableSlot = h('div');
  const showRows = () => {
    const needle = state.search.trim().toLowerCase();
    const terms = needle ? col.all() : null;
    const rows = needle ? all.filter((i) => terms[i].includes(needle)) : all;
    const scopeName = r.doc === null ? '' : s('inDoc', { name: app.docs.find((d) => d.id === r.doc)?.name ?? r.doc });
    summary.textContent = s('termsSummary', {
      shown: formatNumber(rows.length), total: formatNumber(r.distinctTerms), tokens: formatNumber(r.totalTokens), scope: scopeName,
    });
    replace(tableSlot, rows.length
      // Many documents: only the per-document columns in view are drawn.
      ? virtualTable({ className: 'terms', columns, rows, onPick: (i) => pick(term(i)), windowFrom: columns.length - docCols.length, columnWidth: 90 })
      : h('p', { class: 'empty', text: s('noRows') }));
  };
  let timer = 0;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => { state.search = search.value; showRows(); }, 120);
  });
  const name = r.doc === null ? 'terms' : `terms-doc${r.doc}`;
  const top = Array.from(all.subarray(0, 20), (i) => ({ term: term(i), count: r.count[i] }));
  replace(content,
    h('div', { class: 'toolbar' }, h('label', { class: 'field', for: 'terms-search' }, s('search'), search),
      exportButtons(app, name, 'terms', options, () => app.client.terms(options))),
    summary,
    h('div', { class: 'terms-main' }, tableSlot, barChart(top, (x) => pick(x.term), s('barTitle'))));
  showRows();
}

export async function keyness(app, state, content, filter, pick, rerender) {
  const controls = h('div', { class: 'toolbar' },
    select('keyness-target', s('target'), state.target, app.docs.map((d) => [d.id, d.name]), (v) => { state.target = Number(v); rerender(); }),
    select('keyness-reference', s('reference'), state.reference,
      [['', s('rest')], ...app.docs.filter((d) => d.id !== Number(state.target)).map((d) => [d.id, d.name])],
      (v) => { state.reference = v; rerender(); }),
    select('keyness-alpha', s('alpha'), state.alpha,
      [['0.05', 'p < 0.05'], ['0.01', 'p < 0.01'], ['0.001', 'p < 0.001'], ['1', '—']], (v) => { state.alpha = v; rerender(); }),
    h('label', { class: 'check', for: 'keyness-bonferroni' },
      h('input', { id: 'keyness-bonferroni', type: 'checkbox', checked: state.bonferroni || undefined, onchange: (e) => { state.bonferroni = e.target.checked; rerender(); } }),
      s('bonferroni')));
  if (app.docs.length < 2) {
    replace(content, h('p', { class: 'empty', text: t('needTwo') }));
    return;
  }
  const options = {
    ...filter, target: Number(state.target), reference: state.reference === '' ? null : Number(state.reference),
    alpha: Number(state.alpha), bonferroni: state.bonferroni, limit: ROW_CAP,
  };
  const r = await cached(app, state, 'keyness', options);
  const columns = [
    { label: t('term'), th: true, cls: 'term', value: (x) => x.term, text: (x) => x.term },
    { label: s('targetCount'), num: true, value: (x) => x.targetCount, text: (x) => formatNumber(x.targetCount) },
    { label: s('refCount'), num: true, value: (x) => x.referenceCount, text: (x) => formatNumber(x.referenceCount) },
    { label: s('g2'), num: true, value: (x) => x.g2, text: (x) => formatNumber(x.g2, 2) },
    { label: s('logRatio'), num: true, value: (x) => x.logRatio, text: (x) => formatNumber(x.logRatio, 2) },
    { label: s('p'), num: true, value: (x) => x.p, text: (x) => (x.p < 0.0001 ? x.p.toExponential(1) : formatNumber(x.p, 4)) },
  ];
  const side = (title, rows, cls) => h('section', { class: `key-side ${cls}` },
    h('h3', { text: `${title} (${formatNumber(rows.length)})` }),
    rows.length ? virtualTable({ className: `keyness ${cls}`, columns, rows, onPick: (x) => pick(x.term) }) : h('p', { class: 'hint', text: s('noRows') }));
  replace(content, controls,
    h('div', { class: 'toolbar' },
      h('p', { class: 'summary', text: s('keySummary', { tests: formatNumber(r.tests), critical: formatNumber(r.critical, 2) }) }),
      exportButtons(app, `keyness-${r.target.name}`, 'keyness', options, () => r)),
    h('div', { class: 'key-sides' }, side(s('overused'), r.overused, 'overused'), side(s('underused'), r.underused, 'underused')));
}

export async function ngrams(app, state, content, filter, rerender) {
  const sizes = [2, 3, 4, 5].map((n) => [n, String(n)]);
  const controls = h('div', { class: 'toolbar' },
    select('ngram-min', s('minN'), state.nMin, sizes, (v) => { state.nMin = Number(v); state.nMax = Math.max(state.nMax, state.nMin); rerender(); }),
    select('ngram-max', s('maxN'), state.nMax, sizes, (v) => { state.nMax = Number(v); state.nMin = Math.min(state.nMin, state.nMax); rerender(); }),
    h('label', { class: 'field', for: 'ngram-min-count' }, s('minCount'),
      h('input', { id: 'ngram-min-count', type: 'number', min: 1, value: state.minCount, class: 'narrow', onchange: (e) => { state.minCount = Math.max(1, Number(e.target.value) || 1); rerender(); } })));
  const options = { ...filter, minN: state.nMin, maxN: state.nMax, minCount: state.minCount, limit: ROW_CAP };
  const r = await cached(app, state, 'ngrams', options);
  const columns = [
    { label: '#', num: true, cls: 'muted rank', text: (_, i) => i + 1 },
    { label: s('ngram'), th: true, cls: 'term', value: (x) => x.text, text: (x) => x.text, title: (x) => x.terms.join(' | ') },
    { label: s('n'), num: true, value: (x) => x.n, text: (x) => x.n },
    { label: t('count'), num: true, value: (x) => x.count, text: (x) => formatNumber(x.count) },
    { label: t('df'), num: true, value: (x) => x.df, text: (x) => x.df },
    ...r.documents.map((d, j) => ({ label: d.name, headTitle: d.name, num: true, cls: 'doc-col', value: (x) => x.perDoc[j], text: (x) => (x.perDoc[j] ? formatNumber(x.perDoc[j]) : '·') })),
  ];
  replace(content, controls,
    h('div', { class: 'toolbar' },
      h('p', { class: 'summary', text: s('ngramSummary', { rows: formatNumber(r.ngrams.length), distinct: formatNumber(r.distinct) }) }),
      exportButtons(app, 'ngrams', 'ngrams', options, () => r)),
    r.ngrams.length ? virtualTable({ className: 'ngrams', columns, rows: r.ngrams }) : h('p', { class: 'empty', text: s('noRows') }));
}

export async function collocates(app, state, content, filter, pick, rerender) {
  const node = h('input', { id: 'coll-node', type: 'search', value: state.selected ?? '', 'aria-label': s('node') });
  node.addEventListener('change', () => { state.selected = node.value.trim() || null; app.selectedTerm = state.selected; rerender(); });
  const controls = h('div', { class: 'toolbar' },
    h('label', { class: 'field', for: 'coll-node' }, s('node'), node),
    select('coll-window', s('window'), state.window, [2, 3, 4, 5, 8, 10].map((n) => [n, `±${n}`]), (v) => { state.window = Number(v); rerender(); }),
    select('coll-measure', s('measure'), state.measure, [['logLikelihood', s('logLikelihood')], ['mi', s('mi')]], (v) => { state.measure = v; rerender(); }));
  if (!state.selected) {
    replace(content, controls, h('p', { class: 'empty', text: s('pickTerm') }));
    return;
  }
  const options = { ...filter, query: state.selected, left: state.window, right: state.window, measure: state.measure };
  const r = await cached(app, state, 'collocates', options);
  const columns = [
    { label: t('term'), th: true, cls: 'term', value: (x) => x.term, text: (x) => x.term },
    { label: t('count'), num: true, value: (x) => x.count, text: (x) => formatNumber(x.count) },
    { label: s('left'), num: true, value: (x) => x.left, text: (x) => formatNumber(x.left) },
    { label: s('right'), num: true, value: (x) => x.right, text: (x) => formatNumber(x.right) },
    { label: s('frequency'), num: true, value: (x) => x.frequency, text: (x) => formatNumber(x.frequency) },
    { label: s('g2'), num: true, value: (x) => x.logLikelihood, text: (x) => formatNumber(x.logLikelihood, 2) },
    { label: s('mutual'), num: true, value: (x) => x.mi, text: (x) => formatNumber(x.mi, 2) },
  ];
  replace(content, controls,
    h('div', { class: 'toolbar' },
      h('p', { class: 'summary', text: s('collSummary', { n: formatNumber(r.nodeCount), node: r.query, rows: formatNumber(r.collocates.length) }) }),
      exportButtons(app, `collocates-${r.query}`, 'collocates', options, () => r)),
    r.collocates.length ? virtualTable({ className: 'collocates', columns, rows: r.collocates, onPick: (x) => pick(x.term) }) : h('p', { class: 'empty', text: s('noRows') }));
}
