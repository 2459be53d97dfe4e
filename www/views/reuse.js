// Reuse view: who shares what with whom across the loaded documents.
// A heat map of the similarity matrix (click a cell → Compare that pair), the shared passages
// grouped into clusters with each copy's variants marked, per-document coverage strips with the
// unique passages, and the words of the edits. Exports: JSON, clusters CSV, matrix CSV.
import { h, svg, replace, formatNumber, download } from '../dom.js';
import { translator } from '../i18n.js';

// The view's own words (kept here so the shared string table stays small).
const WORDS = {
  en: {
    summary: '{docs} documents · {passages} shared passages in {clusters} clusters',
    truncated: 'Budget reached — the result is partial: {what}',
    matrix: 'Similarity', containment: 'Containment (row in column)', jaccard: 'Jaccard',
    matrixHint: 'Darker = more of the row document is found in the column document. Click a cell to compare the pair.',
    cellTitle: '{a} → {b}: {pct}%', topPairs: 'Most similar pairs',
    clusters: 'Shared passages', clusterLabel: '#{id} · {docs} documents · {units} units',
    members: 'Copies of passage #{id}', reference: 'reference', same: '{pct}% same as the reference',
    compareWithRef: 'Compare with the reference', compareDocs: 'Compare {a} with {b}',
    coverage: 'Shared and own material', sharedPct: '{pct}% shared', uniqueCount: '{n} passages only here', uniqueOne: '1 passage only here',
    editWords: 'The words of the edits', edited: 'Over-represented in edits', unique: 'Over-represented in own material',
    word: 'Word', inPart: 'Here', inCore: 'Shared core', g2: 'G²', none: 'None.',
    noShared: 'No passage of {k} or more units is shared between these documents.',
    exportJson: 'JSON', exportClusters: 'Clusters CSV', exportMatrix: 'Matrix CSV', more: 'Show {n} more',
    variantTitle: 'reference: {ref}', needTwo: 'Load at least two documents to see what they share.',
    working: 'Finding shared passages…',
  },
  zh: {
    summary: '{docs} 篇文档 · {passages} 处共享段落，归为 {clusters} 组',
    truncated: '已达计算上限——结果不完整：{what}',
    matrix: '相似度', containment: '包含度（行在列中）', jaccard: 'Jaccard 系数',
    matrixHint: '颜色越深，行文档的内容在列文档中出现得越多。点击格子比较这两篇。',
    cellTitle: '{a} → {b}：{pct}%', topPairs: '最相似的文档对',
    clusters: '共享段落', clusterLabel: '#{id} · {docs} 篇 · {units} 字词',
    members: '段落 #{id} 的各个版本', reference: '参照', same: '与参照相同 {pct}%',
    compareWithRef: '与参照比较', compareDocs: '比较 {a} 与 {b}',
    coverage: '共享与独有内容', sharedPct: '共享 {pct}%', uniqueCount: '独有段落 {n} 处', uniqueOne: '独有段落 1 处',
    editWords: '改动用词', edited: '改动处多用的词', unique: '独有内容多用的词',
    word: '词语', inPart: '此处', inCore: '共享部分', g2: 'G²', none: '无。',
    noShared: '这些文档之间没有 {k} 字词以上的共享段落。',
    exportJson: 'JSON', exportClusters: '段落 CSV', exportMatrix: '矩阵 CSV', more: '再显示 {n} 项',
    variantTitle: '参照：{ref}', needTwo: '至少载入两篇文档才能查看共享内容。',
    working: '正在查找共享段落…',
  },
};

const w = translator(WORDS);

function shorten(text, n) {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > n ? `${flat.slice(0, n - 1)}…` : flat;
}

/** Opens the Compare view on documents `a` and `b`; `at` hints the passage (UTF-16 starts). */
function openCompare(app, a, b, at) {
  const s = (app.viewState.compare ??= { ignoreCase: false, ignoreWhitespace: false });
  s.a = a;
  s.b = b;
  s.at = at ?? null;
  app.show('compare');
}

// ---------- heat map ----------

function heatMap(app, r, metric) {
  const n = r.documents.length;
  const order = r.matrix.order;
  const values = r.matrix[metric];
  const cell = Math.max(2, Math.min(40, Math.floor(560 / n)));
  const labels = n <= 60;
  const labelWidth = labels ? 180 : 0;
  const size = cell * n;
  const name = (i) => r.documents[i].name;
  const g = svg('g', { transform: `translate(${labelWidth},${labels ? 8 : 0})` });
  g.append(svg('rect', { x: 0, y: 0, width: size, height: size, class: 'heat-bg' }));
  order.forEach((i, row) => {
    order.forEach((j, col) => {
      const v = values[i][j];
      if (i !== j && !(v > 0)) return;
      const pct = formatNumber(v * 100, 1);
      const rect = svg('rect', {
        x: col * cell, y: row * cell, width: cell, height: cell,
        class: i === j ? 'heat-diag' : 'heat-cell',
        'fill-opacity': i === j ? undefined : (0.12 + 0.88 * v).toFixed(3),
        'data-a': r.documents[i].id, 'data-b': r.documents[j].id,
        onclick: i === j ? undefined : () => openCompare(app, r.documents[i].id, r.documents[j].id),
      }, svg('title', {}, document.createTextNode(w('cellTitle', { a: name(i), b: name(j), pct }))));
      g.append(rect);
    });
    if (labels) {
      const label = svg('text', { x: -6, y: row * cell + cell / 2, class: 'heat-label', 'text-anchor': 'end', 'dominant-baseline': 'middle' });
      label.textContent = shorten(name(i), 22);
      g.append(label);
    }
  });
  return svg('svg', {
    class: 'heatmap', role: 'img', 'aria-label': w('matrix'),
    width: size + labelWidth + 4, height: size + (labels ? 12 : 4), viewBox: `0 0 ${size + labelWidth + 4} ${size + (labels ? 12 : 4)}`,
  }, g);
}

/** The most similar pairs as buttons: the keyboard's way into the heat map. */
function topPairs(app, r, metric) {
  const n = r.documents.length;
  const pairs = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i !== j && r.matrix[metric][i][j] > 0 && (metric === 'containment' || i < j)) pairs.push([r.matrix[metric][i][j], i, j]);
    }
  }
  pairs.sort((x, y) => y[0] - x[0] || x[1] - y[1] || x[2] - y[2]);
  return h('ol', { class: 'top-pairs' }, pairs.slice(0, 10).map(([v, i, j]) => h('li', {},
    h('button', {
      type: 'button', class: 'link-button',
      onclick: () => openCompare(app, r.documents[i].id, r.documents[j].id),
      text: `${r.documents[i].name} → ${r.documents[j].name}`,
    }), ` ${formatNumber(v * 100, 1)}%`)));
}

// ---------- clusters ----------

/** A member's text with its variants marked: the reference's words struck, the copy's marked. */
function memberText(m) {
  const out = [];
  let at = 0;
  const text = m.text;
  for (const v of m.variants) {
    const s = v.loc.start16 - m.loc.start16;
    const e = v.loc.end16 - m.loc.start16;
    if (s > at) out.push(text.slice(at, s));
    const title = w('variantTitle', { ref: v.referenceText || '∅' });
    if (v.referenceText) out.push(h('del', { class: 'variant-ref', title, text: v.referenceText }));
    if (e > s) out.push(h('mark', { class: 'variant', title, text: text.slice(s, e) }));
    at = Math.max(at, e);
  }
  out.push(text.slice(at));
  return out;
}

function clusterDetail(app, r, c) {
  const name = (id) => r.documents.find((d) => d.id === id)?.name ?? String(id);
  const ref = c.members[c.reference];
  return h('div', { class: 'cluster-detail', id: 'cluster-detail' },
    h('h4', { text: w('members', { id: c.id }) }),
    c.members.map((m, k) => h('article', { class: `member${k === c.reference ? ' reference' : ''}` },
      h('header', { class: 'member-head' },
        h('strong', { class: 'member-doc', text: name(m.doc) }),
        k === c.reference
          ? h('span', { class: 'badge', text: w('reference') })
          : [h('span', { class: 'muted', text: w('same', { pct: formatNumber(m.samePercent, 1) }) }),
            h('button', {
              type: 'button', class: 'button small compare-ref',
              onclick: () => openCompare(app, ref.doc, m.doc, { a: ref.loc.start16, b: m.loc.start16 }),
              text: w('compareWithRef'),
            })]),
      h('p', { class: 'member-text' }, memberText(m)))));
}

function clusterList(app, r, state, rerender) {
  if (r.clusters.length === 0) return h('p', { class: 'muted', text: w('noShared', { k: r.settings.minUnits }) });
  const shown = r.clusters.slice(0, state.clusterLimit);
  const list = h('ol', { class: 'clusters' }, shown.map((c) => {
    const ref = c.members[c.reference];
    const selected = state.cluster === c.id;
    return h('li', {},
      h('button', {
        type: 'button', class: `cluster${selected ? ' selected' : ''}`, 'aria-expanded': String(selected),
        'data-cluster': c.id,
        onclick: () => { state.cluster = selected ? null : c.id; rerender(); },
      },
      h('span', { class: 'cluster-label', text: w('clusterLabel', { id: c.id, docs: c.documents, units: c.units }) }),
      h('span', { class: 'cluster-preview', text: shorten(ref.text, 90) })),
      selected ? clusterDetail(app, r, c) : null);
  }));
  const more = r.clusters.length - shown.length;
  return [list, more > 0 ? h('button', {
    type: 'button', class: 'button small',
    onclick: () => { state.clusterLimit += 100; rerender(); }, text: w('more', { n: Math.min(more, 100) }),
  }) : null];
}

// ---------- coverage ----------

function coverageStrip(cov) {
  const width = 240;
  const scale = (b) => (b / Math.max(1, cov.bytes)) * width;
  return svg('svg', { class: 'strip', width, height: 12, viewBox: `0 0 ${width} 12`, role: 'img', 'aria-label': w('sharedPct', { pct: formatNumber(cov.sharedPercent, 1) }) },
    svg('rect', { x: 0, y: 0, width, height: 12, class: 'strip-own' }),
    cov.shared.map((l) => svg('rect', { x: scale(l.start).toFixed(1), y: 0, width: Math.max(1, scale(l.end - l.start)).toFixed(1), height: 12, class: 'strip-shared' })));
}

function coverageTable(r) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'table coverage' },
    h('tbody', {}, r.coverage.map((cov) => {
      const doc = r.documents.find((d) => d.id === cov.doc);
      return h('tr', { 'data-doc': cov.doc },
        h('th', { scope: 'row', class: 'doc-name', text: doc?.name ?? '' }),
        h('td', {}, coverageStrip(cov)),
        h('td', { class: 'num', text: w('sharedPct', { pct: formatNumber(cov.sharedPercent, 1) }) }),
        h('td', {}, cov.unique.length === 0 ? '' : h('details', { class: 'unique' },
          h('summary', { text: cov.unique.length === 1 ? w('uniqueOne') : w('uniqueCount', { n: cov.unique.length }) }),
          cov.unique.map((u) => h('p', { class: 'unique-text', text: u.text })))));
    }))));
}

// ---------- words of the edits ----------

function wordTable(title, rows) {
  return h('div', { class: 'edit-words' },
    h('h4', { text: title }),
    rows.length === 0 ? h('p', { class: 'muted', text: w('none') }) : h('table', { class: 'table' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', text: w('word') }), h('th', { scope: 'col', class: 'num', text: w('inPart') }),
        h('th', { scope: 'col', class: 'num', text: w('inCore') }), h('th', { scope: 'col', class: 'num', text: w('g2') }))),
      h('tbody', {}, rows.slice(0, 15).map((x) => h('tr', {},
        h('th', { scope: 'row', class: 'term', text: x.term }), h('td', { class: 'num', text: x.count }),
        h('td', { class: 'num', text: x.coreCount }), h('td', { class: 'num', text: formatNumber(x.g2, 1) }))))));
}

// ---------- export ----------

/** CSV comes from the core's one writer (as `textlens reuse --csv [--matrix]`): no cell starts a formula. */
async function downloadCsv(app, table) {
  try {
    const text = await app.busy(w('working'), () => app.client.reuseCsv({}, table));
    download(`reuse-${table}.csv`, text, 'text/csv;charset=utf-8');
  } catch (err) {
    if (err.name !== 'Cancelled') app.message(err.message, 'error');
  }
}

// ---------- the view ----------

export async function render(root, app) {
  if (app.docs.length < 2) {
    replace(root, h('p', { class: 'empty', text: w('needTwo') }));
    return;
  }
  const state = (app.viewState.reuse ??= { metric: 'containment', cluster: null, clusterLimit: 100 });
  if (state.generation !== app.generation) {
    const started = performance.now();
    state.report = await app.busy(w('working'), () => app.client.reuse({}));
    state.ms = performance.now() - started;
    state.generation = app.generation;
    state.cluster = null;
  }
  const r = state.report;
  const rerender = () => render(root, app);
  replace(root,
    h('div', { class: 'toolbar' },
      h('p', { class: 'summary reuse-summary', dataset: { ms: Math.round(state.ms) }, text: w('summary', { docs: r.documents.length, passages: r.passages.length, clusters: r.clusters.length }) }),
      h('button', { type: 'button', class: 'button small', onclick: () => download('reuse.json', JSON.stringify(r, null, 2), 'application/json'), text: w('exportJson') }),
      h('button', { type: 'button', class: 'button small', onclick: () => downloadCsv(app, 'clusters'), text: w('exportClusters') }),
      h('button', { type: 'button', class: 'button small', onclick: () => downloadCsv(app, 'matrix'), text: w('exportMatrix') })),
    r.truncated ? h('p', { class: 'message error', role: 'alert', text: w('truncated', { what: r.truncation.join('; ') }) }) : null,
    h('div', { class: 'reuse-grid' },
      h('section', { class: 'reuse-matrix' },
        h('h3', { text: w('matrix') }),
        h('div', { class: 'toolbar' },
          ['containment', 'jaccard'].map((m) => h('label', { class: 'check', for: `metric-${m}` },
            h('input', { type: 'radio', name: 'reuse-metric', id: `metric-${m}`, checked: state.metric === m, onchange: () => { state.metric = m; rerender(); } }),
            w(m)))),
        h('p', { class: 'muted small', text: w('matrixHint') }),
        h('div', { class: 'heatmap-wrap' }, heatMap(app, r, state.metric)),
        h('h4', { text: w('topPairs') }),
        topPairs(app, r, state.metric)),
      h('section', { class: 'reuse-clusters' },
        h('h3', { text: w('clusters') }),
        clusterList(app, r, state, rerender))),
    h('section', { class: 'reuse-coverage' }, h('h3', { text: w('coverage') }), coverageTable(r)),
    h('section', { class: 'reuse-words' },
      h('h3', { text: w('editWords') }),
      h('div', { class: 'edit-words-grid' },
        wordTable(w('edited'), r.editWords.edited),
        wordTable(w('unique'), r.editWords.unique))));
}
