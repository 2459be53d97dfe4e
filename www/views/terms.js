// Terms view: frequencies (corpus or one document), keyness, n-grams and collocates, with a
// concordance (KWIC) and a distribution chart for the selected term, CSV/JSON export, and a
// stopword list the person can edit (kept in localStorage). The parts live in views/terms/;
// tables and charts are the shared widgets. DOM nodes and textContent only.
import { h, replace } from '../dom.js';
import { t, getLang } from '../i18n.js';
import { s } from './terms/strings.js';
import { stopwordsOn, setStopwordsOn, stopwordList, stopwordEditor, corpusLanguages, languageNames, ownList, refusedLength } from './terms/stopwords.js';
import { filterOptions, select } from './terms/controls.js';
import { frequencies, keyness, ngrams, collocates } from './terms/tables.js';
import { namesTable } from './terms/names.js';
import { showDetail } from './terms/detail.js';

export async function render(root, app) {
  const state = (app.viewState.terms ??= {
    tab: 'frequencies', scope: '', search: '', minLength: 1, kinds: 'words', stopOn: stopwordsOn(),
    selected: null, kwicSort: 'position', alpha: '0.05', bonferroni: false, nMin: 2, nMax: 3, minCount: 2,
    window: 5, measure: 'logLikelihood', target: null, reference: '', groupVariants: true, nameKind: '',
  });
  // The selected term is shared: the Documents and Compare views mark it, and can clear it.
  if (app.selectedTerm !== undefined) state.selected = app.selectedTerm || null;
  // Drop selections that point at removed documents.
  const ids = new Set(app.docs.map((d) => d.id));
  if (state.scope !== '' && !ids.has(Number(state.scope))) state.scope = '';
  if (state.target === null || !ids.has(Number(state.target))) state.target = app.docs.at(-1)?.id ?? 0;
  if (state.reference !== '' && (!ids.has(Number(state.reference)) || Number(state.reference) === Number(state.target))) state.reference = '';
  const stopwords = state.stopOn ? await stopwordList(app) : [];
  // Which list hides words: said beside the toggle, so a newcomer sees why 的 and the are missing.
  const langs = await corpusLanguages(app);
  const stopNote = ownList() ? s('stopOwn')
    : langs.length ? s('stopDetected', { langs: languageNames(langs).join(getLang() === 'zh' ? '、' : ', ') }) : s('stopNone');
  const rerender = () => render(root, app).catch((err) => app.message(err.message, 'error'));

  const tabs = ['frequencies', 'names', 'keyness', 'ngrams', 'collocates'];
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
        onchange: (e) => { state.stopOn = e.target.checked; setStopwordsOn(state.stopOn); rerender(); },
      }), s('stopwords'), h('span', { class: 'muted stop-langs', id: 'terms-stop-langs', text: ` (${stopNote})` })),
    refusedLength() && h('span', { class: 'hint error', text: s('stopRefused', { n: refusedLength() }) }),
    h('label', { class: 'check', for: 'terms-group-variants' },
      h('input', {
        id: 'terms-group-variants', type: 'checkbox', checked: state.groupVariants || undefined,
        onchange: (e) => { state.groupVariants = e.target.checked; rerender(); },
      }), s('groupVariants')),
    stopwordEditor(app, rerender));

  const content = h('div', { class: 'terms-content' });
  const detail = h('div', { class: 'terms-detail' });
  replace(root, tabBar, filters, content, detail);

  const filter = filterOptions(state, stopwords);
  const pick = (term) => { state.selected = term; app.selectedTerm = term; showDetail(app, state, detail, filter); if (state.tab === 'collocates') rerender(); };
  if (state.tab === 'frequencies') await frequencies(app, state, content, filter, pick);
  else if (state.tab === 'names') await namesTable(app, state, content, pick, rerender);
  else if (state.tab === 'keyness') await keyness(app, state, content, filter, pick, rerender);
  else if (state.tab === 'ngrams') await ngrams(app, state, content, filter, rerender);
  else await collocates(app, state, content, filter, pick, rerender);
  if (state.selected) await showDetail(app, state, detail, filter);
}
