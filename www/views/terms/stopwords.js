// Stopwords: hidden by default, as corpus tools do. The list is the person's own (kept in this
// browser's localStorage) once they save one; until then, the built-in lists of the languages
// detected in the corpus — those whose stopwords make up a good share of its most frequent words.
// Storage may be blocked (the list and switch then last for this page) or hold a value another
// page of this origin planted: a stored list is used only up to STOP_MAX_CHARS, and the view says
// whenever a saved list is the one hiding words.
import { h } from '../../dom.js';
import { getLang } from '../../i18n.js';
import { load, save } from '../../storage.js';
import { s } from './strings.js';

const STOP_LIST = 'textlens.stopwords.list';
const STOP_ON = 'textlens.stopwords.on';
/** The longest stopword list the page keeps or reads back, in characters. */
export const STOP_MAX_CHARS = 200_000;

/**
 * The list and switch for this page when storage is blocked (null: use storage), and `draft`, the
 * editor's text not saved yet: it survives the view being drawn again (a file added, another
 * table), so nothing typed is lost before Save.
 */
const session = { list: null, on: null, draft: null };
/** A stored list that was refused (too long), reported once. */
let refused = null;

/** Whether stopwords are hidden: yes unless the person chose to show them. */
export const stopwordsOn = () => session.on ?? load(STOP_ON, { maxChars: 1 }) !== '0';
export const setStopwordsOn = (on) => { if (!save(STOP_ON, on ? '1' : '0')) session.on = on; };

/** The saved list (an array), or null when there is none or it is unusable (too long). */
function savedList() {
  const saved = session.list ?? load(STOP_LIST, { maxChars: STOP_MAX_CHARS, onProblem: (_, n) => { refused ??= n; } });
  return saved === null ? null : saved.split('\n').map((w) => w.trim()).filter(Boolean);
}

/** The length of a stored list that was too long to use, or null. */
export const refusedLength = () => refused;

/** Built-in lists, by language code: they never change, so each is asked for once. */
const builtin = new Map();
const builtinList = (app, lang) => {
  if (!builtin.has(lang)) builtin.set(lang, app.client.stopwords(lang).then((w) => w ?? []));
  return builtin.get(lang);
};

async function builtinStopwords(app, langs) {
  const lists = await Promise.all(langs.map((l) => builtinList(app, l)));
  return [...new Set(lists.flat().filter(Boolean))];
}

/** A language whose stopwords are at least this share of the corpus's top word occurrences is detected. */
const DETECT_SHARE = 0.08;
let detected = { generation: -1, langs: null };

/**
 * The languages of the corpus with a built-in list, most present first: for each list, the
 * share of the 200 most frequent words' occurrences that are its stopwords (in a news text,
 * 的, 和, 在 … are a fifth of all words; in an English one, the, of, and …).
 */
export function corpusLanguages(app) {
  if (detected.generation !== app.generation) {
    detected = { generation: app.generation, langs: detect(app) };
    detected.langs.catch(() => { detected.generation = -1; });
  }
  return detected.langs;
}

async function detect(app) {
  // Counts only: no first and last places (a pass over every token) nor counts per document.
  const report = await app.client.terms({ limit: 200, positions: false, perDoc: false });
  const total = report.terms.reduce((n, r) => n + r.count, 0);
  if (!total) return [];
  const shares = [];
  for (const [code] of await app.client.stopwordLanguages()) {
    const list = new Set((await builtinList(app, code)).map((w) => w.toLowerCase()));
    const hits = report.terms.reduce((n, r) => n + (list.has(r.term.toLowerCase()) ? r.count : 0), 0);
    if (hits / total >= DETECT_SHARE) shares.push([code, hits / total]);
  }
  return shares.sort((a, b) => b[1] - a[1]).map(([code]) => code);
}

/** Whether the person saved a list of their own. */
export const ownList = () => savedList() !== null;

/** The person's list, or the built-in lists of the corpus's languages until they save their own. */
export async function stopwordList(app) {
  return savedList() ?? builtinStopwords(app, await corpusLanguages(app));
}

/** Names of language codes in the page's language. */
export function languageNames(codes) {
  let names = null;
  try { names = new Intl.DisplayNames([getLang() === 'zh' ? 'zh-CN' : 'en'], { type: 'language' }); } catch { /* older browsers */ }
  return codes.map((c) => names?.of(c) ?? c);
}

export function stopwordEditor(app, rerender) {
  const area = h('textarea', {
    id: 'terms-stoplist', rows: 8, 'aria-describedby': 'terms-stop-help',
    oninput: () => { session.draft = area.value; },
  });
  const setArea = (text) => { area.value = text; session.draft = text; };
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
          setArea([...have, ...words.filter((w) => !have.has(w))].join('\n'));
        },
      }),
      h('button', {
        type: 'button', class: 'button small', text: s('resetList'),
        onclick: async () => { setArea((await builtinStopwords(app, await corpusLanguages(app))).join('\n')); },
      }),
      h('button', {
        type: 'button', class: 'button small primary', id: 'terms-stop-save', text: s('save'),
        onclick: () => {
          const words = [...new Set(area.value.split('\n').map((w) => w.trim()).filter(Boolean))];
          const text = words.join('\n');
          if (text.length > STOP_MAX_CHARS) {
            app.message(s('stopTooLong', { n: text.length, max: STOP_MAX_CHARS }), 'error');
            return;
          }
          refused = null;
          session.draft = null;
          if (save(STOP_LIST, text)) {
            session.list = null;
            app.message(s('saved', { n: words.length }));
          } else {
            session.list = text;
            app.message(s('notStored', { n: words.length }));
          }
          rerender();
        },
      })));
  details.addEventListener('toggle', async () => {
    if (!details.open || area.dataset.loaded) return;
    area.dataset.loaded = '1';
    area.value = session.draft ?? (await stopwordList(app)).join('\n');
    const langs = await app.client.stopwordLanguages();
    // Language names in the page's language (the core names them in English).
    let names = null;
    try { names = new Intl.DisplayNames([getLang() === 'zh' ? 'zh-CN' : 'en'], { type: 'language' }); } catch { /* older browsers */ }
    const label = (code, name) => (getLang() === 'en' || !names ? name : names.of(code) ?? name);
    langSelect.replaceChildren(...langs.map(([code, name]) => h('option', { value: code, text: `${label(code, name)} (${code})` })));
  });
  return details;
}
