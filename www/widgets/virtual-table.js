// A table that draws only the rows near its viewport, so 100,000 rows scroll and sort smoothly.
// Rows are any values; columns say how to show and sort them. DOM nodes and textContent only.
import { h } from '../dom.js';

const ROW_HEIGHT = 30;
/** Rows drawn beyond each edge of the viewport: enough for a fast wheel flick between frames. */
const OVERSCAN = 50;

/** A file name with a zero-width space after each _ . - so a narrow header wraps it there, not mid-word. */
function breakable(label) {
  return String(label).replace(/([_.-])(?=.)/g, '$1\u200b');
}

/**
 * A table that renders only the rows near the viewport (plus OVERSCAN on each side).
 * columns: [{label, cls, num, th, headTitle, value(row), text(row, index), title(row)}]; a column
 * with `value` sorts when its header is clicked; `onPick(row)` runs on a row's click or Enter.
 */
export function virtualTable({ className, columns, rows, onPick, sort }) {
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
