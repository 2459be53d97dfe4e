// Terms view: frequencies (corpus or one document), keyness, n-grams and collocates, with a
// concordance (KWIC) and a distribution chart for the selected term, CSV/JSON export, and a
// stopword list the person can edit (kept in localStorage). Tables render only the rows in
// view, so 100,000 rows scroll and sort smoothly. DOM nodes and textContent only.
import { h, replace, download, yieldToPage } from '../dom.js';
import { t, getLang, translator } from '../i18n.js';

const STRINGS = {
  en: {
    frequencies: 'Frequencies', keyness: 'Keyness', ngrams: 'N-grams', collocates: 'Collocates',
    scope: 'Scope', search: 'Search', minLength: 'Min length', kinds: 'Tokens', kindWords: 'words',
    kindNumbers: 'words + numbers', kindPunct: 'words + numbers + punctuation', stopwords: 'Hide stopwords',
    editStopwords: 'Edit stopword list', stopHelp: 'One word per line. Kept in this browser only.',
    loadList: 'Add built-in list', save: 'Save', resetList: 'Reset to built-in zh + en', saved: 'Stopword list saved ({n} words).',
    exportCsv: 'CSV', exportJson: 'JSON', export: 'Export', tfidf: 'TF-IDF',
    termsSummary: '{shown} of {total} terms · {tokens} tokens counted{scope}', inDoc: ' in {name}',
    target: 'Target', reference: 'Reference', rest: 'all other documents', alpha: 'Significance',
    bonferroni: 'Bonferroni', overused: 'Overused in the target', underused: 'Underused in the target',
    targetCount: 'Target', refCount: 'Reference', g2: 'G²', logRatio: 'Log ratio', p: 'p',
    keySummary: '{tests} terms tested; listed when G² > {critical}.', noRows: 'Nothing to show.',
    ngram: 'N-gram', n: 'n', minN: 'From', maxN: 'to', minCount: 'Min count',
    ngramSummary: '{rows} n-grams listed of {distinct} distinct.',
    node: 'Node', window: 'Window', measure: 'Rank by', logLikelihood: 'log-likelihood', mi: 'MI',
    left: 'Left', right: 'Right', frequency: 'Freq', mutual: 'MI', pickTerm: 'Click a term in a table, or type one.',
    collSummary: '{n} occurrences of {node}; {rows} collocates.',
    concordance: 'Concordance of {term}', hits: '{n} hits', sortBy: 'Sort by', position: 'position',
    leftWords: 'left words', rightWords: 'right words', distribution: 'Distribution along each document',
    barTitle: 'Top terms', hit: 'Hit', document: 'Document', context: 'In context', close: 'Close',
    markedIn: 'Marked in the views:', show: 'Show', moreLines: 'Showing {shown} of {total} lines.', wordsPer10k: '{rate} per 10k words',
  },
  zh: {
    frequencies: '词频', keyness: '关键词', ngrams: 'N 元组', collocates: '搭配词',
    scope: '范围', search: '搜索', minLength: '最短长度', kinds: '词元', kindWords: '词语',
    kindNumbers: '词语 + 数字', kindPunct: '词语 + 数字 + 标点', stopwords: '隐藏停用词',
    editStopwords: '编辑停用词表', stopHelp: '每行一个词，只保存在本浏览器中。',
    loadList: '加入内置词表', save: '保存', resetList: '恢复内置中文 + 英文词表', saved: '已保存停用词表（{n} 个词）。',
    exportCsv: 'CSV', exportJson: 'JSON', export: '导出', tfidf: 'TF-IDF',
    termsSummary: '{shown} / {total} 个词 · 统计 {tokens} 个词元{scope}', inDoc: '（{name}）',
    target: '目标', reference: '参照', rest: '其余全部文档', alpha: '显著性',
    bonferroni: 'Bonferroni 校正', overused: '目标中偏多', underused: '目标中偏少',
    targetCount: '目标', refCount: '参照', g2: 'G²', logRatio: '对数比', p: 'p',
    keySummary: '检验 {tests} 个词；G² > {critical} 时列出。', noRows: '没有内容。',
    ngram: 'N 元组', n: 'n', minN: '从', maxN: '到', minCount: '最少次数',
    ngramSummary: '列出 {rows} 个，共 {distinct} 个不同的 N 元组。',
    node: '节点词', window: '窗口', measure: '排序依据', logLikelihood: '对数似然', mi: '互信息',
    left: '左', right: '右', frequency: '频次', mutual: 'MI', pickTerm: '在表中点击一个词，或输入一个词。',
    collSummary: '{node} 出现 {n} 次；{rows} 个搭配词。',
    concordance: '{term} 的索引行', hits: '{n} 处', sortBy: '排序', position: '位置',
    leftWords: '左侧词', rightWords: '右侧词', distribution: '在各文档中的分布',
    barTitle: '高频词', hit: '命中', document: '文档', context: '上下文', close: '关闭',
    markedIn: '已在以下视图中标记：', show: '显示', moreLines: '显示 {shown} / {total} 行。', wordsPer10k: '每万词 {rate} 次',
  },
};

/** This view's UI string `key`; falls back to the shared strings. */
const s = translator(STRINGS);

/** Like dom.js formatNumber, with the Intl formatters cached: tables format thousands of cells. */
const formatters = new Map();
function formatNumber(n, digits = 0) {
  const lang = document.documentElement.lang || 'en';
  const key = `${lang}|${digits}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang, { maximumFractionDigits: digits, minimumFractionDigits: digits });
    formatters.set(key, f);
  }
  return f.format(n);
}

// ---------- stopwords (localStorage) ----------

const STOP_LIST = 'textlens.stopwords.list';
const STOP_ON = 'textlens.stopwords.on';

async function builtinStopwords(app, langs = ['zh', 'en']) {
  const lists = await Promise.all(langs.map((l) => app.client.call('stopwords', [l])));
  return [...new Set(lists.flat().filter(Boolean))];
}

/** The person's list (the built-in zh + en lists until they save their own). */
async function stopwordList(app) {
  const saved = localStorage.getItem(STOP_LIST);
  if (saved !== null) return saved.split('\n').map((w) => w.trim()).filter(Boolean);
  return builtinStopwords(app);
}

// ---------- options ----------

function filterOptions(state, stopwords) {
  return {
    minLength: Math.max(1, Number(state.minLength) || 1),
    includeNumbers: state.kinds !== 'words',
    includePunct: state.kinds === 'punct',
    stopwords: state.stopOn ? stopwords : [],
  };
}

/** Calls `op` once per distinct options and document generation. */
async function cached(app, state, op, options) {
  const key = `${app.generation}|${op}|${JSON.stringify(options)}`;
  state.cache ??= new Map();
  if (!state.cache.has(key)) {
    if (state.cache.size > 24) state.cache.clear();
    const value = await app.busy(t('working'), () => app.client.call(op, [options]));
    state.cache.set(key, value);
  }
  return state.cache.get(key);
}

// ---------- virtualized table ----------

/** Rows of object-shaped reports the page asks for: beyond this, cloning them from the worker blocks the page. */
const ROW_CAP = 20_000;

const ROW_HEIGHT = 30;
/** Rows drawn beyond each edge of the viewport: enough for a fast wheel flick between frames. */
const OVERSCAN = 50;

/** A file name with a zero-width space after each _ . - so a narrow header wraps it there, not mid-word. */
function breakable(label) {
  return String(label).replace(/([_.-])(?=.)/g, '$1\u200b');
}

/**
 * A table that renders only the rows near the viewport (plus OVERSCAN on each side).
 * columns: [{label, cls, num, th, value(row), text(row, index)}]; sorting by clicking a header.
 */
function virtualTable({ className, columns, rows, onPick, sort }) {
  let order = rows;
  let sortState = sort ?? null;
  const tbody = h('tbody');
  const wrap = h('div', { class: 'table-wrap vtable' });
  const headRow = h('tr');
  const table = h('table', { class: `table ${className}` }, h('thead', {}, headRow), tbody);
  // Spacers outside the table stand in for the rows not drawn, so every row of tbody is a real row.
  const before = h('div', { class: 'spacer', 'aria-hidden': 'true' });
  const after = h('div', { class: 'spacer', 'aria-hidden': 'true' });
  wrap.append(before, table, after);

  function applySort() {
    if (!sortState) { order = rows; return; }
    const col = columns[sortState.col];
    const dir = sortState.dir;
    order = rows.slice().sort((a, b) => {
      const x = col.value(a);
      const y = col.value(b);
      // Code point order for text (as the core sorts), fast enough for 100,000 rows.
      const c = typeof x === 'number' ? x - y : (x < y ? -1 : x > y ? 1 : 0);
      return dir * c;
    });
  }

  function header() {
    headRow.replaceChildren(...columns.map((col, i) => {
      const sorted = sortState?.col === i;
      const th = h('th', {
        scope: 'col', class: `${col.num ? 'num ' : ''}${col.cls ?? ''}`, title: col.headTitle,
        'aria-sort': sorted ? (sortState.dir > 0 ? 'ascending' : 'descending') : undefined,
      });
      if (col.value) {
        th.append(h('button', {
          type: 'button', class: 'sort', text: (col.headTitle ? breakable(col.label) : col.label) + (sorted ? (sortState.dir > 0 ? ' ▲' : ' ▼') : ''),
          onclick: () => {
            sortState = { col: i, dir: sorted ? -sortState.dir : (col.num ? -1 : 1) };
            applySort();
            header();
            draw(true);
          },
        }));
      } else {
        th.textContent = col.label;
      }
      return th;
    }));
  }

  let drawn = [-1, -1];
  // The wrapper's height (CSS max-height 60vh) until a ResizeObserver reports the real one:
  // reading clientHeight here would force a layout of the whole page on first draw.
  let viewport = Math.round(window.innerHeight * 0.6);
  function draw(force = false) {
    const first = Math.max(0, Math.floor(wrap.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(order.length, first + Math.ceil(viewport / ROW_HEIGHT) + 2 * OVERSCAN);
    if (!force && first === drawn[0] && last === drawn[1]) return;
    drawn = [first, last];
    before.style.height = `${first * ROW_HEIGHT}px`;
    after.style.height = `${(order.length - last) * ROW_HEIGHT}px`;
    const body = [];
    for (let i = first; i < last; i++) {
      const row = order[i];
      const tr = h('tr', { dataset: { index: i } });
      columns.forEach((col) => {
        const text = col.text(row, i);
        tr.append(h(col.th ? 'th' : 'td', {
          scope: col.th ? 'row' : undefined, class: `${col.num ? 'num ' : ''}${col.cls ?? ''}`, text, title: col.title?.(row),
        }));
      });
      if (onPick) {
        tr.tabIndex = 0;
        tr.classList.add('pickable');
      }
      body.push(tr);
    }
    tbody.replaceChildren(...body);
  }

  // One listener for all rows (rows come and go as the table scrolls).
  if (onPick) {
    const rowOf = (e) => e.target.closest?.('tr[data-index]');
    tbody.addEventListener('click', (e) => { const tr = rowOf(e); if (tr) onPick(order[Number(tr.dataset.index)]); });
    tbody.addEventListener('keydown', (e) => { const tr = rowOf(e); if (tr && e.key === 'Enter') onPick(order[Number(tr.dataset.index)]); });
  }
  let frame = 0;
  wrap.addEventListener('scroll', () => {
    if (frame) return;
    frame = requestAnimationFrame(() => { frame = 0; draw(); });
  });
  applySort();
  header();
  draw(true);
  // Once laid out, draw what the real viewport shows (observed after layout, never forcing
  // one); draw() does nothing if the range is unchanged.
  const resize = new ResizeObserver((entries) => {
    if (!wrap.isConnected) { resize.disconnect(); return; }
    const height = Math.round(entries.at(-1).contentRect.height);
    if (height > 0 && height !== viewport) { viewport = height; draw(); }
  });
  resize.observe(wrap);
  return wrap;
}

// ---------- charts (SVG) ----------

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs = {}, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** Horizontal bars of the top terms by count. */
function barChart(rows, onPick) {
  const top = rows.slice(0, 20);
  const max = Math.max(1, ...top.map((r) => r.count));
  const barH = 18;
  const labelW = 84;
  const width = 330;
  const chart = svg('svg', {
    class: 'bars', role: 'img', viewBox: `0 0 ${width} ${top.length * barH + 4}`,
    width, height: top.length * barH + 4, 'aria-label': s('barTitle'),
  });
  top.forEach((r, i) => {
    const y = i * barH + 2;
    const w = Math.max(1, ((width - labelW - 54) * r.count) / max);
    const g = svg('g', { class: 'bar', tabindex: 0, role: 'button', 'aria-label': `${r.term} ${r.count}` });
    g.append(
      svg('text', { x: labelW - 6, y: y + barH - 5, 'text-anchor': 'end', class: 'bar-label' }, r.term),
      svg('rect', { x: labelW, y: y + 2, width: w, height: barH - 4, rx: 2, class: 'bar-rect' }),
      svg('text', { x: labelW + w + 4, y: y + barH - 5, class: 'bar-value' }, formatNumber(r.count)),
    );
    g.addEventListener('click', () => onPick(r));
    g.addEventListener('keydown', (e) => { if (e.key === 'Enter') onPick(r); });
    chart.append(g);
  });
  return h('figure', { class: 'chart' }, h('figcaption', { text: s('barTitle') }), chart);
}

/** One strip per document: hits per bin as bars. */
function distributionChart(report) {
  const bins = report.bins;
  const max = Math.max(1, ...report.documents.flatMap((d) => d.bins));
  const rowH = 34;
  const labelW = 170;
  const width = 560;
  const binW = (width - labelW - 70) / bins;
  const chart = svg('svg', {
    class: 'dist', role: 'img', viewBox: `0 0 ${width} ${report.documents.length * rowH + 4}`,
    width, height: report.documents.length * rowH + 4, 'aria-label': s('distribution'),
  });
  report.documents.forEach((d, i) => {
    const y = i * rowH + 2;
    const name = d.name.length > 24 ? `${d.name.slice(0, 23)}…` : d.name;
    chart.append(svg('text', { x: labelW - 8, y: y + rowH / 2 + 4, 'text-anchor': 'end', class: 'bar-label' }, name));
    chart.append(svg('line', { x1: labelW, x2: labelW + bins * binW, y1: y + rowH - 4, y2: y + rowH - 4, class: 'axis' }));
    d.bins.forEach((n, b) => {
      if (!n) return;
      const hgt = Math.max(2, ((rowH - 8) * n) / max);
      const rect = svg('rect', { x: labelW + b * binW + 1, y: y + rowH - 4 - hgt, width: Math.max(1, binW - 2), height: hgt, class: 'bar-rect' });
      rect.append(svg('title', {}, `${d.name}: ${n}`));
      chart.append(rect);
    });
    chart.append(svg('text', { x: labelW + bins * binW + 6, y: y + rowH / 2 + 4, class: 'bar-value' }, formatNumber(d.count)));
  });
  return h('figure', { class: 'chart' }, h('figcaption', { text: s('distribution') }), chart);
}

// ---------- shared controls ----------

function select(id, label, value, options, onchange) {
  return h('label', { class: 'field', for: id }, label,
    h('select', { id, onchange: (e) => onchange(e.target.value) },
      options.map(([v, text]) => h('option', { value: v, text, selected: String(v) === String(value) || undefined }))));
}

/** CSV comes from the core (`termsCsv`); JSON is the report itself, fetched when asked for. */
function exportButtons(app, name, op, options, getReport) {
  return h('span', { class: 'export' }, `${s('export')}:`,
    h('button', {
      type: 'button', class: 'button small', 'data-export': 'csv', text: s('exportCsv'),
      onclick: async () => {
        const text = await app.client.call('termsCsv', [op, options]);
        download(`${name}.csv`, text, 'text/csv;charset=utf-8');
      },
    }),
    h('button', {
      type: 'button', class: 'button small', 'data-export': 'json', text: s('exportJson'),
      onclick: async () => download(`${name}.json`, JSON.stringify(await getReport(), null, 2), 'application/json'),
    }));
}

// ---------- the view ----------

export async function render(root, app) {
  const state = (app.viewState.terms ??= {
    tab: 'frequencies', scope: '', search: '', minLength: 1, kinds: 'words', stopOn: localStorage.getItem(STOP_ON) === '1',
    selected: null, kwicSort: 'position', alpha: '0.05', bonferroni: false, nMin: 2, nMax: 3, minCount: 2,
    window: 5, measure: 'logLikelihood', target: null, reference: '',
  });
  // The selected term is shared: the Documents and Compare views mark it, and can clear it.
  if (app.selectedTerm !== undefined) state.selected = app.selectedTerm || null;
  // Drop selections that point at removed documents.
  const ids = new Set(app.docs.map((d) => d.id));
  if (state.scope !== '' && !ids.has(Number(state.scope))) state.scope = '';
  if (state.target === null || !ids.has(Number(state.target))) state.target = app.docs.at(-1)?.id ?? 0;
  if (state.reference !== '' && (!ids.has(Number(state.reference)) || Number(state.reference) === Number(state.target))) state.reference = '';
  const stopwords = state.stopOn ? await stopwordList(app) : [];
  const rerender = () => render(root, app).catch((err) => app.message(err.message, 'error'));

  const tabs = ['frequencies', 'keyness', 'ngrams', 'collocates'];
  // Toggle buttons, not role=tab: the page's own tabs are found by [role=tab].
  const tabBar = h('div', { class: 'subtabs', role: 'group', 'aria-label': t('terms') },
    tabs.map((name) => h('button', {
      type: 'button', id: `terms-tab-${name}`, 'aria-pressed': String(state.tab === name),
      class: 'subtab', text: s(name), onclick: () => { state.tab = name; rerender(); },
    })));

  const filters = h('div', { class: 'toolbar filters' },
    state.tab === 'frequencies' && select('terms-scope', s('scope'), state.scope,
      [['', t('allDocuments')], ...app.docs.map((d) => [d.id, d.name])], (v) => { state.scope = v; rerender(); }),
    h('label', { class: 'field', for: 'terms-min-length' }, s('minLength'),
      h('input', {
        id: 'terms-min-length', type: 'number', min: 1, max: 20, value: state.minLength, class: 'narrow',
        onchange: (e) => { state.minLength = Math.max(1, Number(e.target.value) || 1); rerender(); },
      })),
    select('terms-kinds', s('kinds'), state.kinds,
      [['words', s('kindWords')], ['numbers', s('kindNumbers')], ['punct', s('kindPunct')]], (v) => { state.kinds = v; rerender(); }),
    h('label', { class: 'check', for: 'terms-stop' },
      h('input', {
        id: 'terms-stop', type: 'checkbox', checked: state.stopOn || undefined,
        onchange: (e) => { state.stopOn = e.target.checked; localStorage.setItem(STOP_ON, state.stopOn ? '1' : '0'); rerender(); },
      }), s('stopwords')),
    stopwordEditor(app, rerender));

  const content = h('div', { class: 'terms-content' });
  const detail = h('div', { class: 'terms-detail' });
  replace(root, tabBar, filters, content, detail);

  const filter = filterOptions(state, stopwords);
  const pick = (term) => { state.selected = term; app.selectedTerm = term; showDetail(app, state, detail, filter); if (state.tab === 'collocates') rerender(); };
  if (state.tab === 'frequencies') await frequencies(app, state, content, filter, pick);
  else if (state.tab === 'keyness') await keyness(app, state, content, filter, pick, rerender);
  else if (state.tab === 'ngrams') await ngrams(app, state, content, filter, rerender);
  else await collocates(app, state, content, filter, pick, rerender);
  if (state.selected) await showDetail(app, state, detail, filter);
}

function stopwordEditor(app, rerender) {
  const area = h('textarea', { id: 'terms-stoplist', rows: 8, 'aria-describedby': 'terms-stop-help' });
  const langSelect = h('select', { id: 'terms-stop-lang', 'aria-label': s('loadList') });
  const details = h('details', { class: 'stop-editor' },
    h('summary', { text: s('editStopwords') }),
    h('p', { id: 'terms-stop-help', class: 'hint', text: s('stopHelp') }),
    area,
    h('div', { class: 'toolbar' },
      langSelect,
      h('button', {
        type: 'button', class: 'button small', text: s('loadList'),
        onclick: async () => {
          const words = await builtinStopwords(app, [langSelect.value]);
          const have = new Set(area.value.split('\n').map((w) => w.trim()).filter(Boolean));
          area.value = [...have, ...words.filter((w) => !have.has(w))].join('\n');
        },
      }),
      h('button', {
        type: 'button', class: 'button small', text: s('resetList'),
        onclick: async () => { area.value = (await builtinStopwords(app)).join('\n'); },
      }),
      h('button', {
        type: 'button', class: 'button small primary', id: 'terms-stop-save', text: s('save'),
        onclick: () => {
          const words = [...new Set(area.value.split('\n').map((w) => w.trim()).filter(Boolean))];
          localStorage.setItem(STOP_LIST, words.join('\n'));
          app.message(s('saved', { n: words.length }));
          rerender();
        },
      })));
  details.addEventListener('toggle', async () => {
    if (!details.open || area.dataset.loaded) return;
    area.dataset.loaded = '1';
    area.value = (await stopwordList(app)).join('\n');
    const langs = await app.client.call('stopwordLanguages');
    // Language names in the page's language (the core names them in English).
    let names = null;
    try { names = new Intl.DisplayNames([getLang() === 'zh' ? 'zh-CN' : 'en'], { type: 'language' }); } catch { /* older browsers */ }
    const label = (code, name) => (getLang() === 'en' || !names ? name : names.of(code) ?? name);
    langSelect.replaceChildren(...langs.map(([code, name]) => h('option', { value: code, text: `${label(code, name)} (${code})` })));
  });
  return details;
}

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

async function frequencies(app, state, content, filter, pick) {
  const options = { ...filter, doc: state.scope === '' ? null : Number(state.scope), limit: 0 };
  // Columns (typed arrays + one string of terms): 100,000 rows cross from the worker in one copy.
  const r = await cached(app, state, 'termTable', options);
  const col = termColumn(r);
  // Taking a large table in (structured clone, term index) and drawing it are two tasks, so
  // neither blocks the page for long.
  if (col.length > 10_000) await yieldToPage();
  if (!content.isConnected) return;
  const term = col.termAt;
  const nDocs = r.documents.length;
  const docCols = r.doc === null ? r.documents : [];
  // A row is its index into the columns.
  const columns = [
    { label: '#', num: true, cls: 'muted rank', text: (_, i) => i + 1 },
    { label: t('term'), th: true, cls: 'term', value: (i) => col.all()[i], text: (i) => term(i) },
    { label: t('count'), num: true, cls: 'c-count', value: (i) => r.count[i], text: (i) => formatNumber(r.count[i]) },
    { label: t('rate'), num: true, cls: 'c-rate', value: (i) => r.rate[i], text: (i) => formatNumber(r.rate[i], 1) },
    { label: t('df'), num: true, cls: 'c-df', value: (i) => r.df[i], text: (i) => r.df[i] },
    { label: s('tfidf'), num: true, cls: 'c-tfidf', value: (i) => r.tfidf[i], text: (i) => formatNumber(r.tfidf[i] * 1000, 2), title: () => 'TF-IDF × 1000' },
    ...docCols.map((d, j) => ({
      label: d.name, headTitle: d.name, num: true, cls: 'doc-col', value: (i) => r.perDoc[i * nDocs + j],
      text: (i) => (r.perDoc[i * nDocs + j] ? formatNumber(r.perDoc[i * nDocs + j]) : '·'),
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
      ? virtualTable({ className: 'terms', columns, rows, onPick: (i) => pick(term(i)) })
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
      exportButtons(app, name, 'termStats', options, () => app.client.call('termStats', [options]))),
    summary,
    h('div', { class: 'terms-main' }, tableSlot, barChart(top, (x) => pick(x.term))));
  showRows();
}

async function keyness(app, state, content, filter, pick, rerender) {
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

async function ngrams(app, state, content, filter, rerender) {
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

async function collocates(app, state, content, filter, pick, rerender) {
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

// ---------- detail: distribution + concordance of the selected term ----------

/** Collapses white space and keeps at most `n` characters from one end. */
function clip(text, n, fromEnd) {
  const flat = text.replace(/\s+/g, ' ');
  const chars = [...flat];
  if (chars.length <= n) return flat;
  return fromEnd ? `…${chars.slice(-n).join('')}` : `${chars.slice(0, n).join('')}…`;
}

async function showDetail(app, state, detail, filter) {
  const term = state.selected;
  if (!term) { detail.replaceChildren(); return; }
  app.selectedTerm = term;
  const kwicOptions = { query: term, context: 10, sort: state.kwicSort, limit: ROW_CAP, original: false };
  const [dist, kwic] = await Promise.all([
    cached(app, state, 'distribution', { query: term, bins: 20 }),
    cached(app, state, 'kwic', kwicOptions),
  ]);
  const names = new Map(kwic.documents.map((d) => [d.id, d.name]));
  const contextPane = h('div', { class: 'kwic-context', hidden: true, 'aria-live': 'polite' });
  const jump = async (line) => {
    const wide = await cached(app, state, 'kwic', { query: term, context: 80, doc: line.doc });
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
    distributionChart(dist),
    h('div', { class: 'toolbar' },
      h('span', { class: 'summary', text: s('hits', { n: formatNumber(kwic.total) }) }),
      kwic.truncated && h('span', { class: 'summary', text: s('moreLines', { shown: formatNumber(kwic.lines.length), total: formatNumber(kwic.total) }) }),
      sortSelect,
      exportButtons(app, `kwic-${term}`, 'kwic', kwicOptions, () => kwic)),
    kwic.lines.length ? virtualTable({ className: 'kwic', columns, rows: kwic.lines, onPick: jump }) : h('p', { class: 'hint', text: s('noRows') }),
    contextPane);
}
