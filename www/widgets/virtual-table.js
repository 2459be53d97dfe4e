// A table that draws only the rows near its viewport, so 100,000 rows scroll and sort smoothly,
// and — when it has many columns of one width (a term table's 2 000 documents) — only the columns
// near it too. Rows are any values; columns say how to show and sort them. DOM nodes and
// textContent only.
import { h, append } from '../dom.js';

const ROW_HEIGHT = 30;
/** Rows drawn beyond each edge of the viewport: enough for a fast wheel flick between frames. */
const OVERSCAN = 50;
/** Windowed columns drawn beyond each side of the viewport. */
const OVERSCAN_COLUMNS = 4;

/** A file name with a zero-width space after each _ . - so a narrow header wraps it there, not mid-word. */
function breakable(label) {
  return String(label).replace(/([_.-])(?=.)/g, '$1\u200b');
}

/**
 * A table that renders only the rows near the viewport (plus OVERSCAN on each side).
 * columns: [{label, cls, num, th, headTitle, value(row), text(row, index), cell(row, index),
 * title(row)}]; `cell` gives the cell's children (nodes) where `text` gives its text; a column
 * with `value` sorts when its header is clicked; `onPick(row)` runs on a row's click or Enter;
 * `rowAttrs(row)` gives a row's `class` and `dataset`; `rowHeight` in px (CSS must agree);
 * `sort` ({col, dir}) is the order to start with, and `onSort(sort)` hears each change.
 * `windowFrom` (with `columnWidth` in px, which CSS must give those columns): the columns from
 * that index on are drawn only near the horizontal viewport.
 */
export function virtualTable({ className, columns, rows, onPick, sort, onSort, rowAttrs, rowHeight = ROW_HEIGHT, windowFrom, columnWidth }) {
  let order = rows;
  let sortState = sort ?? null;
  const tbody = h('tbody');
  const wrap = h('div', { class: 'table-wrap vtable' });
  const headRow = h('tr', { 'aria-rowindex': 1 });
  const table = h('table', {
    class: `table ${className}`, 'aria-rowcount': rows.length + 1, 'aria-colcount': columns.length,
  }, h('thead', {}, headRow), tbody);
  // Spacers outside the table stand in for the rows not drawn, so every row of tbody is a real row.
  const before = h('div', { class: 'spacer', 'aria-hidden': 'true' });
  const after = h('div', { class: 'spacer', 'aria-hidden': 'true' });
  wrap.append(before, table, after);
  const windowed = windowFrom != null && columnWidth > 0 && columns.length - windowFrom > 2 * OVERSCAN_COLUMNS;
  const fixedCount = windowed ? windowFrom : columns.length;
  /** The width of the columns before the windowed ones, once laid out. */
  let fixedWidth = 0;

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

  /** The columns drawn now: every fixed one, and the windowed ones in [from, to). */
  let span = [columns.length, columns.length];
  function columnSpan() {
    if (!windowed) return [columns.length, columns.length];
    const n = columns.length - windowFrom;
    const left = Math.max(0, wrap.scrollLeft - fixedWidth);
    const from = Math.max(0, Math.floor(left / columnWidth) - OVERSCAN_COLUMNS);
    const width = wrap.clientWidth || window.innerWidth;
    const to = Math.min(n, Math.floor(left / columnWidth) + Math.ceil(width / columnWidth) + OVERSCAN_COLUMNS);
    return [windowFrom + from, windowFrom + to];
  }
  /** Indices of the columns to draw, and the widths of the spacers left and right of the windowed ones. */
  function drawnColumns() {
    const list = [];
    for (let c = 0; c < fixedCount; c++) list.push(c);
    if (!windowed) return { list, left: 0, right: 0 };
    for (let c = span[0]; c < span[1]; c++) list.push(c);
    return { list, left: (span[0] - windowFrom) * columnWidth, right: (columns.length - span[1]) * columnWidth };
  }
  const spacerCell = (tag, width) => {
    const cell = h(tag, { class: 'hspacer', 'aria-hidden': 'true' });
    cell.style.width = `${width}px`;
    return cell;
  };

  function header() {
    const { list, left, right } = drawnColumns();
    const cells = list.map((i) => {
      const col = columns[i];
      const sorted = sortState?.col === i;
      const th = h('th', {
        scope: 'col', class: `${col.num ? 'num ' : ''}${col.cls ?? ''}`, title: col.headTitle,
        'aria-sort': sorted ? (sortState.dir > 0 ? 'ascending' : 'descending') : undefined,
        'aria-colindex': windowed ? i + 1 : undefined,
      });
      if (col.value) {
        th.append(h('button', {
          type: 'button', class: 'sort', text: (col.headTitle ? breakable(col.label) : col.label) + (sorted ? (sortState.dir > 0 ? ' ▲' : ' ▼') : ''),
          onclick: () => {
            sortState = { col: i, dir: sorted ? -sortState.dir : (col.num ? -1 : 1) };
            onSort?.(sortState);
            applySort();
            header();
            draw(true);
          },
        }));
      } else {
        th.textContent = col.label;
      }
      return th;
    });
    if (left > 0) cells.splice(fixedCount, 0, spacerCell('td', left));
    if (right > 0) cells.push(spacerCell('td', right));
    headRow.replaceChildren(...cells);
  }

  let drawn = [-1, -1];
  // The wrapper's height (CSS max-height 60vh) until a ResizeObserver reports the real one:
  // reading clientHeight here would force a layout of the whole page on first draw.
  let viewport = Math.round(window.innerHeight * 0.6);
  function draw(force = false) {
    const first = Math.max(0, Math.floor(wrap.scrollTop / rowHeight) - OVERSCAN);
    const last = Math.min(order.length, first + Math.ceil(viewport / rowHeight) + 2 * OVERSCAN);
    if (!force && first === drawn[0] && last === drawn[1]) return;
    drawn = [first, last];
    before.style.height = `${first * rowHeight}px`;
    after.style.height = `${(order.length - last) * rowHeight}px`;
    const { list, left, right } = drawnColumns();
    const body = [];
    for (let i = first; i < last; i++) {
      const row = order[i];
      const attrs = rowAttrs?.(row) ?? {};
      const tr = h('tr', { class: attrs.class, dataset: { ...attrs.dataset, index: i }, 'aria-rowindex': i + 2 });
      for (const c of list) {
        const col = columns[c];
        if (c === fixedCount && left > 0) tr.append(spacerCell('td', left));
        const cell = h(col.th ? 'th' : 'td', {
          scope: col.th ? 'row' : undefined, class: `${col.num ? 'num ' : ''}${col.cls ?? ''}`,
          text: col.cell ? undefined : col.text(row, i), title: col.title?.(row),
          'aria-colindex': windowed ? c + 1 : undefined,
        });
        if (col.cell) append(cell, [col.cell(row, i)]);
        tr.append(cell);
      }
      if (right > 0) tr.append(spacerCell('td', right));
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
    frame = requestAnimationFrame(() => {
      frame = 0;
      const next = columnSpan();
      if (next[0] !== span[0] || next[1] !== span[1]) {
        span = next;
        header();
        draw(true);
      } else {
        draw();
      }
    });
  });
  applySort();
  span = columnSpan();
  header();
  draw(true);
  // Once laid out, draw what the real viewport shows (observed after layout, never forcing
  // one); draw() does nothing if the range is unchanged.
  const resize = new ResizeObserver((entries) => {
    if (!wrap.isConnected) { resize.disconnect(); return; }
    const height = Math.round(entries.at(-1).contentRect.height);
    if (height > 0 && height !== viewport) { viewport = height; draw(); }
    if (windowed) {
      // Laid out now: where the windowed columns start, and how many the width shows.
      const firstWindowed = headRow.children[fixedCount];
      fixedWidth = firstWindowed ? firstWindowed.offsetLeft : fixedWidth;
      const sample = headRow.children[fixedCount + (span[0] > windowFrom ? 1 : 0)];
      if (sample?.offsetWidth > 0) columnWidth = sample.offsetWidth;
      const next = columnSpan();
      if (next[0] !== span[0] || next[1] !== span[1]) { span = next; header(); draw(true); }
    }
  });
  resize.observe(wrap);
  return wrap;
}
