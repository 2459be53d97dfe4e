// Compare view: two documents aligned paragraph by paragraph — side by side (one scroller,
// so both columns always scroll together) or inline — with word-level edits, a character
// breakdown inside changed Chinese words, moved passages linked both ways, a summary bar
// that links to the changes, n / p to step through them, options and exports.
// Long unchanged runs fold to one line (context kept around each change; a click or "Full text"
// shows them), and a change map beside the text shows where every change lies: click to go there.
// Long reports render in time slices so the page never freezes.
import { h, replace, formatNumber, download, yieldToPage } from '../dom.js';
import { t, translator } from '../i18n.js';
import { termHits, markText, termLegend } from './highlight.js';

const STR = {
  en: {
    sideBySide: 'Side by side', inline: 'Inline', layout: 'Layout', ignoreWidth: 'Ignore width (，= ,)',
    granularity: 'Compare by', byWord: 'word', byChar: 'character', equal: 'equal', edited: 'edited',
    moved: 'moved', onlyA: 'only in A', onlyB: 'only in B', next: 'Next change (n)', prev: 'Previous change (p)',
    position: 'Change {k} of {n}', noChanges: 'No differences.', allChanges: 'All changes ({n})',
    exportHtml: 'HTML report', exportUnified: 'Unified diff', exportJson: 'JSON', export: 'Export:',
    movedTo: '↷ moved — go to B', movedFrom: '↶ moved — go to A', truncated: 'The comparison hit its work budget: some parts are shown as whole replacements, not word by word.',
    rendering: 'Showing {done} of {total}…', keys: 'Keys: n next change, p previous.',
    kind_replace: 'edited', kind_delete: 'only in A', kind_insert: 'only in B', kind_moveFrom: 'moved (A)', kind_moveTo: 'moved (B)',
    show: 'Show', folded: 'Changes in context', fullText: 'Full text',
    fold: '… {n} unchanged paragraphs — show …', fold1: '… 1 unchanged paragraph — show …',
    map: 'Where the changes are: click to go to one',
  },
  zh: {
    sideBySide: '并排', inline: '行内', layout: '布局', ignoreWidth: '忽略全半角（，= ,）',
    granularity: '比较单位', byWord: '词', byChar: '字', equal: '相同', edited: '修改', moved: '移动',
    onlyA: '仅 A 有', onlyB: '仅 B 有', next: '下一处改动（n）', prev: '上一处改动（p）',
    position: '第 {k} 处，共 {n} 处', noChanges: '没有差异。', allChanges: '全部改动（{n}）',
    exportHtml: 'HTML 报告', exportUnified: '统一差异格式', exportJson: 'JSON', export: '导出：',
    movedTo: '↷ 已移动——转到 B', movedFrom: '↶ 已移动——转到 A', truncated: '比较达到了工作量上限：部分内容显示为整体替换，而非逐词比较。',
    rendering: '已显示 {done} / {total}…', keys: '快捷键：n 下一处，p 上一处。',
    kind_replace: '修改', kind_delete: '仅 A 有', kind_insert: '仅 B 有', kind_moveFrom: '移动（A）', kind_moveTo: '移动（B）',
    show: '显示', folded: '改动及上下文', fullText: '全文',
    fold: '…… {n} 段未改动——展开 ……', fold1: '…… 1 段未改动——展开 ……',
    map: '改动分布：点击跳转',
  },
};

const tt = translator(STR);

/** Milliseconds of rendering between yields to the event loop. */
const SLICE_MS = 12;

/** The view's live state for the key handler (one compare view per page). */
let live = null;

function docSelect(id, label, docs, value, onchange) {
  return h('label', { class: 'field', for: id }, label,
    h('select', { id, onchange: (e) => onchange(Number(e.target.value)) },
      docs.map((d) => h('option', { value: d.id, selected: d.id === value, text: d.name }))));
}

function checkbox(id, label, checked, onchange) {
  return h('label', { class: 'check', for: id },
    h('input', { type: 'checkbox', id, checked, onchange: (e) => onchange(e.target.checked) }), label);
}

function radio(name, value, label, checked, onchange) {
  const id = `${name}-${value}`;
  return h('label', { class: 'check', for: id },
    h('input', { type: 'radio', name, id, value, checked, onchange: () => onchange(value) }), label);
}

/** `text` with a character breakdown: shared characters plain, changed ones marked. */
function withParts(tag, text, start, parts, side, hits) {
  const el = h(tag, {});
  if (!parts?.length) { el.append(...markText(text, start, hits, side)); return el; }
  for (const p of parts) {
    const piece = side === 'a' ? p.aText : p.bText;
    if (!piece) continue;
    const nodes = markText(piece, p[side].start16, hits, side);
    el.append(...(p.kind === 'equal' ? nodes : [h('span', { class: 'hot' }, nodes)]));
  }
  return el;
}

/** A moved passage's text on one side, with its own edits marked. */
function movedText(report, op, side, hits) {
  const move = report.moves[op.moveId];
  const el = h(side === 'a' ? 'del' : 'ins', { class: 'moved' });
  if (!move?.edited) { el.append(...markText(side === 'a' ? op.aText : op.bText, op[side].start16, hits, side)); return el; }
  for (const inner of move.ops) {
    const text = side === 'a' ? inner.aText : inner.bText;
    if (!text) continue;
    const nodes = markText(text, inner[side].start16, hits, side);
    el.append(...(inner.kind === 'equal' ? nodes : [h('span', { class: 'hot' }, nodes)]));
  }
  return el;
}

/**
 * The nodes of op `i` for `side` ('a', 'b', or 'both' for inline). Changes carry
 * `data-change` (1-based); the first node of each change gets `id="change-N"`.
 */
function opNodes(report, i, n, side, jump, marks) {
  const op = report.ops[i];
  if (op.kind === 'equal') {
    const from = side === 'b' ? 'b' : 'a';
    const text = op[`${from}Text`];
    // Blank lines before the first word of a document are noise on screen.
    const shown = i === 0 ? text.replace(/^\s+/, '') : text;
    if (!marks) return [shown];
    const start = op[from].start16 + (text.length - shown.length);
    const other = side === 'both' ? { side: 'b', hits: marks.b, delta: op.b.start16 - op.a.start16 } : undefined;
    return markText(shown, start, marks[from], from, other);
  }
  const primary = side === 'both' || (side === 'a' ? op.aText !== '' : op.aText === '');
  const attrs = { class: `change chg ${op.kind}`, tabindex: -1, 'data-change': n, id: primary ? `change-${n}` : undefined };
  if (op.kind === 'moveFrom' || op.kind === 'moveTo') {
    const from = op.kind === 'moveFrom';
    if ((side === 'a' && !from) || (side === 'b' && from)) return [];
    const here = from ? 'from' : 'to';
    const there = from ? 'to' : 'from';
    return [h('span', { ...attrs, class: `${attrs.class} move`, id: primary ? `change-${n}` : undefined },
      h('span', { id: `move-${op.moveId}-${here}`, class: 'move-anchor' }),
      h('button', { type: 'button', class: 'move-link', text: from ? tt('movedTo') : tt('movedFrom'),
        onclick: () => jump(`move-${op.moveId}-${there}`) }),
      movedText(report, op, from ? 'a' : 'b', marks?.[from ? 'a' : 'b']))];
  }
  const el = h('span', attrs);
  if ((side === 'a' || side === 'both') && op.aText) el.append(withParts('del', op.aText, op.a.start16, op.parts, 'a', marks?.a));
  if ((side === 'b' || side === 'both') && op.bText) el.append(withParts('ins', op.bText, op.b.start16, op.parts, 'b', marks?.b));
  if (!el.firstChild) el.classList.add('gap');
  return [el];
}

/**
 * The worker sends a report's ops as JSON slices (`opsJson`); they are parsed as rendering
 * reaches them, so no single step of taking a large report in blocks the page. This makes
 * `report.ops` (and `report.numbers`, the 1-based change number of each op, 0 for equal ops)
 * hold at least ops `0..=upto`.
 */
function takeOps(report, upto = Infinity) {
  report.ops ??= [];
  report.numbers ??= [];
  report.lastNumber ??= 0;
  while (report.ops.length <= upto && report.opsJson?.length) {
    for (const op of JSON.parse(report.opsJson.shift())) {
      report.ops.push(op);
      report.numbers.push(op.kind === 'equal' ? 0 : ++report.lastNumber);
    }
  }
}


/** Appends `count` items made by `make(i)` to `container` in time slices; false if superseded. */
async function renderSliced(container, count, make, stillCurrent, onProgress) {
  let i = 0;
  while (i < count) {
    const start = performance.now();
    const frag = document.createDocumentFragment();
    do {
      for (const node of make(i)) frag.append(node);
      i++;
    } while (i < count && performance.now() - start < SLICE_MS);
    container.append(frag);
    onProgress?.(i, count);
    if (i < count) {
      await yieldToPage();
      if (!stillCurrent()) return false;
    }
  }
  return true;
}

function summaryBar(report, goToKind) {
  const s = report.summary;
  const parts = [
    ['equal', s.equalPercent, null], ['edited', s.editedPercent, 'replace'], ['moved', s.movedPercent, 'moveFrom'],
    ['onlyA', s.onlyAPercent, 'delete'], ['onlyB', s.onlyBPercent, 'insert'],
  ];
  const bar = h('div', { class: 'summary-bar', role: 'img', 'aria-label': parts.map(([k, p]) => `${tt(k)} ${formatNumber(p, 1)}%`).join(', ') });
  const legend = h('p', { class: 'summary summary-legend' });
  for (const [key, pct, kind] of parts) {
    const seg = h('span', { class: `seg ${key}`, title: `${tt(key)} ${formatNumber(pct, 1)}%` });
    seg.style.flexGrow = String(Math.max(pct, 0));
    bar.append(seg);
    const label = `${tt(key)} ${formatNumber(pct, 1)}%`;
    legend.append(kind && pct > 0
      ? h('button', { type: 'button', class: `legend-item link-button ${key}`, text: label, onclick: () => goToKind(kind) })
      : h('span', { class: `legend-item ${key}`, text: label }), ' ');
  }
  return [bar, legend];
}

/** The list of every change, built when opened. */
function changeList(report, numbers, goTo) {
  const total = report.summary.changes;
  const list = h('ol', { class: 'change-list' });
  const details = h('details', { class: 'changes-details' }, h('summary', { text: tt('allChanges', { n: total }) }), list);
  details.addEventListener('toggle', async () => {
    if (!details.open || list.childElementCount) return;
    takeOps(report);
    const changed = [];
    report.ops.forEach((op, i) => { if (numbers[i]) changed.push(i); });
    const snippet = (s) => (s.length > 40 ? `${s.slice(0, 39)}…` : s).replace(/\s+/g, ' ');
    renderSliced(list, changed.length, (j) => {
      const op = report.ops[changed[j]];
      const n = numbers[changed[j]];
      const text = [op.aText && `−${snippet(op.aText)}`, op.bText && `+${snippet(op.bText)}`].filter(Boolean).join(' ');
      return [h('li', {}, h('button', { type: 'button', class: 'link-button', onclick: () => goTo(n - 1) },
        h('span', { class: 'muted', text: `${tt(`kind_${op.kind}`)} ` }), text))];
    }, () => details.isConnected);
  });
  return details;
}

/**
 * What to draw, in order: `{row}` for a row shown, `{fold}` for a run of unchanged rows shown
 * as one line. The core chooses the runs (`report.folds`, as in its HTML report): every row
 * within one row of a change is shown.
 */
function foldedItems(report) {
  const items = [];
  let next = 0;
  for (let r = 0; r < report.rows.length;) {
    const fold = report.folds?.[next];
    if (fold && fold.rows[0] === r) {
      items.push({ fold });
      next++;
      r = fold.rows[1];
    } else {
      items.push({ row: r++ });
    }
  }
  return items;
}

const MAP_COLORS = { replace: '#d4a814', delete: '#c0392b', insert: '#2e8b57', moveFrom: '#6b6bd6', moveTo: '#6b6bd6' };

/**
 * The change map: a strip as tall as the text's scroller, one tick per change at its place in
 * the two documents (share of A's and B's text before it). Click: the nearest change.
 * Mouse only (n / p and the list of changes do the same by keyboard), so hidden from assistive tech.
 */
function changeMap(report, numbers, goTo) {
  const canvas = h('canvas', { class: 'change-map', title: tt('map'), 'aria-hidden': 'true' });
  const places = []; // [fraction, kind] per change, by number
  const last = report.ops[report.ops.length - 1];
  const total = Math.max(1, (last?.a.end16 ?? 0) + (last?.b.end16 ?? 0));
  /** Where op `i` starts, as a share of both documents. */
  const placeOf = (i) => { const op = report.ops[i]; return op ? (op.a.start16 + op.b.start16) / total : 1; };
  report.ops.forEach((op, i) => {
    if (numbers[i]) places[numbers[i] - 1] = [placeOf(i), op.kind];
  });
  let current = -1;
  let view = null; // [from, to]: the part of the documents the text shows now
  const draw = () => {
    const ratio = window.devicePixelRatio || 1;
    const { clientWidth: w, clientHeight: hgt } = canvas;
    if (!w || !hgt) return;
    canvas.width = Math.round(w * ratio);
    canvas.height = Math.round(hgt * ratio);
    const g = canvas.getContext('2d');
    g.scale(ratio, ratio);
    const tick = Math.max(2, Math.min(6, hgt / Math.max(1, places.length)));
    for (const [at, kind] of places) {
      g.fillStyle = MAP_COLORS[kind] ?? '#888';
      g.fillRect(2, Math.min(hgt - tick, at * hgt), w - 4, tick);
    }
    if (view) {
      // The part in sight: a veil over the ticks, outlined.
      const [y, h2] = [view[0] * hgt, Math.max(4, (view[1] - view[0]) * hgt)];
      g.fillStyle = 'rgba(128, 128, 128, 0.35)';
      g.fillRect(0, y, w, h2);
      g.strokeStyle = getComputedStyle(canvas).color;
      g.lineWidth = 1;
      g.strokeRect(0.5, y + 0.5, w - 1, h2 - 1);
    }
    if (current >= 0 && places[current]) {
      g.strokeStyle = getComputedStyle(canvas).color;
      g.lineWidth = 2;
      g.strokeRect(1, Math.min(hgt - tick - 2, places[current][0] * hgt - 1), w - 2, tick + 2);
    }
  };
  canvas.addEventListener('click', (e) => {
    if (!places.length) return;
    const at = (e.clientY - canvas.getBoundingClientRect().top) / canvas.clientHeight;
    let best = 0;
    places.forEach(([p], k) => { if (Math.abs(p - at) < Math.abs(places[best][0] - at)) best = k; });
    goTo(best);
  });
  new ResizeObserver(draw).observe(canvas);
  return {
    canvas, draw, placeOf,
    setCurrent(k) { current = k; draw(); },
    setView(from, to) { view = [from, to]; draw(); },
  };
}

export async function render(root, app) {
  if (app.docs.length < 2) {
    replace(root, h('p', { class: 'empty', text: t('needTwo') }));
    return;
  }
  // Other views may open this one with a partial state (documents, `at`): fill in the rest.
  const s = (app.viewState.compare ??= {});
  s.ignoreCase ??= false;
  s.ignoreWhitespace ??= false;
  s.ignoreWidth ??= false;
  s.granularity ??= 'word';
  s.layout ??= 'inline';
  s.fold ??= true;
  const ids = app.docs.map((d) => d.id);
  if (!ids.includes(s.a)) s.a = ids[0];
  if (!ids.includes(s.b) || s.b === s.a) s.b = ids.find((id) => id !== s.a);
  const options = () => ({
    ignoreCase: s.ignoreCase, ignoreWhitespace: s.ignoreWhitespace, ignoreWidth: s.ignoreWidth, granularity: s.granularity,
  });
  const key = JSON.stringify([app.generation, s.a, s.b, options()]);
  if (s.key !== key) {
    s.report = await app.busy(t('working'), () => app.client.compare(s.a, s.b, options()));
    s.key = key;
    s.current = -1;
  }
  const report = s.report;
  // The term picked in the Terms view, marked in both documents.
  const term = app.selectedTerm || null;
  const [hitsA, hitsB] = term ? await Promise.all([termHits(app, term, s.a), termHits(app, term, s.b)]) : [[], []];
  const marks = term ? { a: hitsA, b: hitsB } : null;
  const token = (s.token = (s.token ?? 0) + 1);
  const stillCurrent = () => s.token === token && root.isConnected;
  const rerender = () => render(root, app);
  takeOps(report, 0);
  const numbers = report.numbers;
  const total = report.summary.changes;
  const position = h('span', { class: 'change-pos', 'aria-live': 'polite',
    text: total ? tt('position', { k: s.current >= 0 ? s.current + 1 : 0, n: total }) : tt('noChanges') });
  const progress = h('span', { class: 'muted render-progress' });

  let rendered = null;
  let map = null;
  function jump(id) {
    const el = document.getElementById(id);
    if (!el) return;
    const target = el.closest('.chg') ?? el;
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: 'center' });
    const n = Number(target.dataset.change);
    if (n) mark(n - 1);
  }
  function mark(k) {
    s.current = k;
    for (const el of root.querySelectorAll('.chg.current')) el.classList.remove('current');
    for (const el of root.querySelectorAll(`.chg[data-change="${k + 1}"]`)) el.classList.add('current');
    position.textContent = tt('position', { k: k + 1, n: total });
    map?.setCurrent(k);
  }
  async function goTo(k) {
    if (!total) return;
    k = (k + total) % total;
    let el = document.getElementById(`change-${k + 1}`);
    if (!el && rendered) { await rendered; el = document.getElementById(`change-${k + 1}`); }
    if (!el) return;
    mark(k);
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: 'center' });
  }
  const goToKind = async (kind) => {
    await rendered;
    takeOps(report);
    const i = report.ops.findIndex((op) => op.kind === kind);
    if (i >= 0) goTo(numbers[i] - 1);
  };
  live = { app, next: () => goTo(s.current + 1), prev: () => goTo(s.current < 0 ? total - 1 : s.current - 1) };

  const exportAs = async (format) => {
    const base = `compare-${nameOf(app, s.a)}-${nameOf(app, s.b)}`.replace(/[^\p{L}\p{N}._-]+/gu, '_');
    if (format === 'json') {
      takeOps(report);
      // The report as the CLI's --json writes it: without the page's transport fields.
      const { opsJson, numbers: _, lastNumber, folds, ...clean } = report;
      download(`${base}.json`, JSON.stringify(clean, null, 1), 'application/json');
      return;
    }
    const text = await app.busy(t('working'), () => app.client.compareExport(s.a, s.b, options(), format));
    if (format === 'html') download(`${base}.html`, text, 'text/html;charset=utf-8');
    else download(`${base}.diff`, text, 'text/x-diff;charset=utf-8');
  };

  const body = h('div', { class: `diff ${s.layout === 'sideBySide' ? 'sbs' : 'inline'}`, lang: 'und' });
  const mapSlot = h('div', { class: 'change-map-slot' });
  replace(root,
    h('div', { class: 'toolbar' },
      docSelect('compare-a', t('docA'), app.docs, s.a, (v) => { s.a = v; rerender(); }),
      docSelect('compare-b', t('docB'), app.docs, s.b, (v) => { s.b = v; rerender(); }),
      checkbox('ignore-case', t('ignoreCase'), s.ignoreCase, (v) => { s.ignoreCase = v; rerender(); }),
      checkbox('ignore-ws', t('ignoreWhitespace'), s.ignoreWhitespace, (v) => { s.ignoreWhitespace = v; rerender(); }),
      checkbox('ignore-width', tt('ignoreWidth'), s.ignoreWidth, (v) => { s.ignoreWidth = v; rerender(); }),
      h('span', { class: 'field' }, tt('granularity'),
        radio('granularity', 'word', tt('byWord'), s.granularity === 'word', (v) => { s.granularity = v; rerender(); }),
        radio('granularity', 'character', tt('byChar'), s.granularity === 'character', (v) => { s.granularity = v; rerender(); }))),
    h('div', { class: 'toolbar' },
      h('span', { class: 'field' }, tt('layout'),
        radio('layout', 'sideBySide', tt('sideBySide'), s.layout === 'sideBySide', (v) => { s.layout = v; rerender(); }),
        radio('layout', 'inline', tt('inline'), s.layout === 'inline', (v) => { s.layout = v; rerender(); })),
      h('span', { class: 'field' }, tt('show'),
        radio('fold', 'folded', tt('folded'), s.fold, () => { s.fold = true; rerender(); }),
        radio('fold', 'full', tt('fullText'), !s.fold, () => { s.fold = false; rerender(); })),
      h('span', { class: 'field' }, tt('export'),
        h('button', { type: 'button', class: 'button', id: 'export-html', text: tt('exportHtml'), onclick: () => exportAs('html') }),
        h('button', { type: 'button', class: 'button', id: 'export-unified', text: tt('exportUnified'), onclick: () => exportAs('unified') }),
        h('button', { type: 'button', class: 'button', id: 'export-json', text: tt('exportJson'), onclick: () => exportAs('json') }))),
    report.truncated ? h('p', { class: 'message error truncated', role: 'alert', text: tt('truncated') }) : null,
    term ? termLegend(term, [[nameOf(app, s.a), hitsA.length], [nameOf(app, s.b), hitsB.length]], () => { app.selectedTerm = null; rerender(); }) : null,
    summaryBar(report, goToKind),
    h('p', { class: 'summary nav' },
      h('button', { type: 'button', class: 'button', id: 'prev-change', text: tt('prev'), onclick: () => live?.prev() }), ' ',
      h('button', { type: 'button', class: 'button', id: 'next-change', text: tt('next'), onclick: () => live?.next() }), ' ',
      position, ' ', h('span', { class: 'muted', text: tt('keys') }), ' ', progress),
    total ? changeList(report, numbers, goTo) : null,
    h('div', { class: 'diff-wrap' }, h('div', { class: 'diff-scroll' }, body), mapSlot));

  const onProgress = (done, count) => {
    progress.textContent = done < count ? tt('rendering', { done, total: count }) : '';
  };
  const sbs = s.layout === 'sideBySide';
  if (sbs) {
    body.append(h('div', { class: 'sbs-row sbs-head' },
      h('div', { class: 'cell a', text: nameOf(app, s.a) }), h('div', { class: 'cell b', text: nameOf(app, s.b) })));
  }
  // One block per row (paragraph group), so the browser lays out and paints rows, not one giant
  // paragraph; side by side, a row is a grid of two cells, inline, equal text and changes sit
  // inline inside it.
  const makeRow = (r) => {
    const row = report.rows[r];
    takeOps(report, row.ops[1] - 1);
    if (!sbs) {
      const block = h('div', { class: `inline-row ${row.kind}`, 'data-row': r });
      for (let i = row.ops[0]; i < row.ops[1]; i++) {
        for (const node of opNodes(report, i, numbers[i], 'both', jump, marks)) block.append(node);
      }
      return block;
    }
    const a = h('div', { class: 'cell a' });
    const b = h('div', { class: 'cell b' });
    for (let i = row.ops[0]; i < row.ops[1]; i++) {
      for (const node of opNodes(report, i, numbers[i], 'a', jump, marks)) a.append(node);
      for (const node of opNodes(report, i, numbers[i], 'b', jump, marks)) b.append(node);
    }
    trimCell(a);
    trimCell(b);
    return h('div', { class: `sbs-row ${row.kind}`, 'data-row': r }, a, b);
  };
  // A folded run: one line that shows its rows when clicked.
  const makeFold = ({ rows: [from, to], paragraphs: n }) => {
    takeOps(report, report.rows[to - 1].ops[1] - 1);
    const line = h('div', { class: 'fold', 'data-from': from, 'data-to': to });
    line.append(h('button', { type: 'button', class: 'link-button fold-button', text: n === 1 ? tt('fold1') : tt('fold', { n: formatNumber(n) }),
      onclick: () => {
        const rows = document.createDocumentFragment();
        for (let r = from; r < to; r++) rows.append(makeRow(r));
        line.replaceWith(rows);
      } }));
    return line;
  };
  const items = s.fold ? foldedItems(report) : report.rows.map((_, r) => ({ row: r }));
  rendered = renderSliced(body, items.length, (k) => [items[k].fold ? makeFold(items[k].fold) : makeRow(items[k].row)],
    stillCurrent, onProgress);
  await rendered;
  if (!stillCurrent()) return;
  takeOps(report);
  if (total) {
    map = changeMap(report, numbers, goTo);
    mapSlot.append(map.canvas);
    trackView(root.querySelector('.diff-scroll'), body, report, map);
  }
  if (s.current >= 0) mark(s.current);
  if (s.at) {
    // Opened on a passage (UTF-16 start in A, e.g. from Reuse): show its row.
    const at = typeof s.at === 'number' ? s.at : s.at.a;
    s.at = null;
    const i = report.ops.findIndex((op) => op.a.end16 > at && op.a.start16 <= at);
    const r = i < 0 ? -1 : report.rows.findIndex((row) => row.ops[0] <= i && i < row.ops[1]);
    // A passage in a folded run: unfold it first.
    for (const fold of body.querySelectorAll('.fold')) {
      if (Number(fold.dataset.from) <= r && r < Number(fold.dataset.to)) fold.querySelector('button').click();
    }
    body.querySelector(`[data-row="${r}"]`)?.scrollIntoView({ block: 'start' });
  }
}

/**
 * Keeps the change map's band on the part of the documents the scroller shows: the first and
 * last rows (or folds) in sight, found by bisection, as shares of the two documents.
 */
function trackView(scroller, body, report, map) {
  const rowOf = (el) => Number(el.dataset.row ?? el.dataset.from);
  const endOf = (el) => Number(el.dataset.row !== undefined ? Number(el.dataset.row) + 1 : el.dataset.to);
  const startOp = (r) => report.rows[r]?.ops[0] ?? report.ops.length;
  let pending = false;
  const update = () => {
    pending = false;
    const items = [...body.children].filter((el) => el.dataset.row !== undefined || el.dataset.from !== undefined);
    if (!items.length) return;
    const box = scroller.getBoundingClientRect();
    // The first item whose bottom is below the scroller's top, and the last whose top is above its bottom.
    const firstBelow = (y, edge) => {
      let lo = 0;
      let hi = items.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (items[mid].getBoundingClientRect()[edge] > y) hi = mid; else lo = mid + 1;
      }
      return lo;
    };
    const first = Math.min(items.length - 1, firstBelow(box.top, 'bottom'));
    const last = Math.max(first, firstBelow(box.bottom, 'top') - 1);
    map.setView(map.placeOf(startOp(rowOf(items[first]))), map.placeOf(startOp(endOf(items[last]))));
  };
  const later = () => { if (!pending) { pending = true; requestAnimationFrame(update); } };
  scroller.addEventListener('scroll', later, { passive: true });
  // Opening a fold changes what is in sight without a scroll.
  body.addEventListener('click', later);
  update();
}

/**
 * Blank lines at the edges of a cell are the gaps between paragraphs: not shown side by side.
 * trimStart/trimEnd (the same white space as \s) are linear; `replace(/\s+$/, '')` retries at
 * every position of a long white-space run followed by text: quadratic, seconds on the main thread.
 */
function trimCell(cell) {
  const first = cell.firstChild;
  if (first?.nodeType === Node.TEXT_NODE) first.data = first.data.trimStart();
  const last = cell.lastChild;
  if (last?.nodeType === Node.TEXT_NODE) last.data = last.data.trimEnd();
}

function nameOf(app, id) {
  return app.docs.find((d) => d.id === id)?.name ?? String(id);
}

document.addEventListener('keydown', (e) => {
  if (!live || live.app.view !== 'compare' || e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.target.closest?.('input, select, textarea, [contenteditable]')) return;
  if (e.key === 'n') { e.preventDefault(); live.next(); }
  else if (e.key === 'p') { e.preventDefault(); live.prev(); }
});
