// Small SVG charts: horizontal bars of the top terms, and hits along each document.
import { h, svg, formatNumber } from '../dom.js';

/** Horizontal bars of the top `rows` ({term, count}) by count, titled `title`; a bar picks its row. */
export function barChart(rows, onPick, title) {
  const top = rows.slice(0, 20);
  const max = Math.max(1, ...top.map((r) => r.count));
  const barH = 18;
  const labelW = 84;
  const width = 330;
  const chart = svg('svg', {
    // A group, not an image: its bars are buttons (an image may not hold interactive parts).
    class: 'bars', role: 'group', viewBox: `0 0 ${width} ${top.length * barH + 4}`,
    width, height: top.length * barH + 4, 'aria-label': title,
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
    g.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onPick(r); }
    });
    chart.append(g);
  });
  return h('figure', { class: 'chart' }, h('figcaption', { text: title }), chart);
}

/** One strip per document of a distribution report: hits per bin as bars, titled `title`. */
export function distributionChart(report, title) {
  const bins = report.bins;
  const max = Math.max(1, ...report.documents.flatMap((d) => d.bins));
  const rowH = 34;
  const labelW = 170;
  const width = 560;
  const binW = (width - labelW - 70) / bins;
  const chart = svg('svg', {
    class: 'dist', role: 'img', viewBox: `0 0 ${width} ${report.documents.length * rowH + 4}`,
    width, height: report.documents.length * rowH + 4, 'aria-label': title,
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
  return h('figure', { class: 'chart' }, h('figcaption', { text: title }), chart);
}
