// Compare view: two documents, inline word-level changes.
import { h, replace, formatNumber } from '../dom.js';
import { t } from '../i18n.js';

function docSelect(id, label, docs, value, onchange) {
  return h('label', { class: 'field', for: id }, label,
    h('select', { id, onchange: (e) => onchange(Number(e.target.value)) },
      docs.map((d) => h('option', { value: d.id, selected: d.id === value, text: d.name }))));
}

function checkbox(id, label, checked, onchange) {
  return h('label', { class: 'check', for: id },
    h('input', { type: 'checkbox', id, checked, onchange: (e) => onchange(e.target.checked) }), label);
}

/** The inline rendering: equal text plain, deletions struck through, insertions underlined. */
function inline(report) {
  const out = [];
  let n = 0;
  const last = report.ops.length - 1;
  report.ops.forEach((op, i) => {
    if (op.kind === 'equal') {
      // Blank lines before the first and after the last word are noise here.
      let text = op.aText;
      if (i === 0) text = text.replace(/^\s+/, '');
      if (i === last) text = text.replace(/\s+$/, '');
      out.push(text);
      return;
    }
    n++;
    const change = h('span', { class: 'change', id: `change-${n}`, tabindex: -1 });
    if (op.aText) change.append(h('del', { text: op.aText }));
    if (op.bText) change.append(h('ins', { text: op.bText }));
    out.push(change);
  });
  return { nodes: out, changes: n };
}

export async function render(root, app) {
  if (app.docs.length < 2) {
    replace(root, h('p', { class: 'empty', text: t('needTwo') }));
    return;
  }
  const s = (app.viewState.compare ??= { ignoreCase: false, ignoreWhitespace: false });
  const ids = app.docs.map((d) => d.id);
  if (!ids.includes(s.a)) s.a = ids[0];
  if (!ids.includes(s.b) || s.b === s.a) s.b = ids.find((id) => id !== s.a);
  const key = JSON.stringify([app.generation, s.a, s.b, s.ignoreCase, s.ignoreWhitespace]);
  if (s.key !== key) {
    s.report = await app.busy(t('working'), () => app.client.call('compare', [s.a, s.b,
      { ignoreCase: s.ignoreCase, ignoreWhitespace: s.ignoreWhitespace }]));
    s.key = key;
  }
  const rerender = () => render(root, app);
  const { nodes, changes } = inline(s.report);
  const sum = s.report.summary;
  replace(root,
    h('div', { class: 'toolbar' },
      docSelect('compare-a', t('docA'), app.docs, s.a, (v) => { s.a = v; rerender(); }),
      docSelect('compare-b', t('docB'), app.docs, s.b, (v) => { s.b = v; rerender(); }),
      checkbox('ignore-case', t('ignoreCase'), s.ignoreCase, (v) => { s.ignoreCase = v; rerender(); }),
      checkbox('ignore-ws', t('ignoreWhitespace'), s.ignoreWhitespace, (v) => { s.ignoreWhitespace = v; rerender(); })),
    h('p', { class: 'summary' },
      t('sameShare', { pct: formatNumber(sum.samePercent, 1) }), ' · ', t('changes', { n: changes }), ' · ',
      t('legend'), ' ', h('del', { text: t('deleted') }), ' ', h('ins', { text: t('inserted') })),
    h('div', { class: 'diff inline' }, nodes));
}
