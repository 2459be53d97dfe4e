// Documents view: one row per loaded document, with what was read and how.
import { h, replace, formatBytes, formatNumber } from '../dom.js';
import { t } from '../i18n.js';
import * as segment from './segment.js';

function scriptMix(s) {
  const total = s.han + s.latin + s.other || 1;
  const parts = [['han', s.han], ['latin', s.latin], ['other', s.other]]
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${t(k)} ${Math.round((n * 100) / total)}%`);
  return parts.join(' · ') || '—';
}

export async function render(root, app) {
  const panel = h('div', { class: 'segment-area' });
  const boundaries = h('div', { class: 'boundaries-area' });
  const rows = app.docs.map((d) => h('tr', { dataset: { docId: d.id } },
    h('th', { scope: 'row', class: 'doc-name', text: d.name }),
    h('td', { class: 'num', text: formatBytes(d.bytes) }),
    h('td', { text: d.encoding }),
    h('td', { text: scriptMix(d.scripts) }),
    h('td', { class: 'num', text: formatNumber(d.paragraphs) }),
    h('td', { class: 'num', text: formatNumber(d.sentences) }),
    h('td', { class: 'num', text: formatNumber(d.words) }),
    h('td', {}, segment.boundariesButton(app, d), ' ', h('button', {
      type: 'button', class: 'button small', text: t('remove'),
      'aria-label': t('removeDoc', { name: d.name }),
      onclick: () => app.removeDocument(d.id),
    }))));
  replace(root, h('table', { class: 'table documents' },
    h('thead', {}, h('tr', {},
      ['name', 'size', 'encoding', 'scripts', 'paragraphs', 'sentences', 'words', 'remove']
        .map((k) => h('th', { scope: 'col', class: ['size', 'paragraphs', 'sentences', 'words'].includes(k) ? 'num' : '', text: t(k) })))),
    h('tbody', {}, rows)), panel, boundaries);
  await segment.renderSegmentPanel(panel, app);
  await segment.renderBoundaries(boundaries, app);
}
