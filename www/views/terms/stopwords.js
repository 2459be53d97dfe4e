// Stopwords: the person's list, kept in this browser's localStorage (the built-in zh + en
// lists until they save their own), whether to hide them, and the editor for the list.
// Storage may be blocked (the list then lasts for this page) or hold a value another page of
// this origin planted: a stored list is used only up to STOP_MAX_CHARS, and whenever stopwords
// are hidden the view says from which list (see `stopwordSource`).
import { h } from '../../dom.js';
import { getLang } from '../../i18n.js';
import { load, save } from '../../storage.js';
import { s } from './strings.js';

const STOP_LIST = 'textlens.stopwords.list';
const STOP_ON = 'textlens.stopwords.on';
/** The longest stopword list the page keeps or reads back, in characters. */
export const STOP_MAX_CHARS = 200_000;

/** The list and switch for this page when storage is blocked (null: use storage). */
const session = { list: null, on: null };
/** A stored list that was refused (too long), reported once. */
let refused = null;

/** Whether the person chose to hide stopwords. */
export const stopwordsOn = () => session.on ?? load(STOP_ON, { maxChars: 1 }) === '1';
export const setStopwordsOn = (on) => { if (!save(STOP_ON, on ? '1' : '0')) session.on = on; };

/** The saved list (an array), or null when there is none or it is unusable. */
function savedList() {
  const saved = session.list ?? load(STOP_LIST, { maxChars: STOP_MAX_CHARS, onProblem: (_, n) => { refused ??= n; } });
  return saved === null ? null : saved.split('\n').map((w) => w.trim()).filter(Boolean);
}

/**
 * Where the words being hidden come from: `{saved: true, count}` for a list saved in this
 * browser, `{saved: false, count}` for the built-in lists; `refused` is the length of a stored
 * list that was too long to use (or null).
 */
export async function stopwordSource(app) {
  const saved = savedList();
  return { saved: saved !== null, count: (saved ?? await builtinStopwords(app)).length, refused };
}

async function builtinStopwords(app, langs = ['zh', 'en']) {
  const lists = await Promise.all(langs.map((l) => app.client.stopwords(l)));
  return [...new Set(lists.flat().filter(Boolean))];
}

/** The person's list (the built-in zh + en lists until they save their own). */
export async function stopwordList(app) {
  return savedList() ?? builtinStopwords(app);
}

export function stopwordEditor(app, rerender) {
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
          const text = words.join('\n');
          if (text.length > STOP_MAX_CHARS) {
            app.message(s('stopTooLong', { n: text.length, max: STOP_MAX_CHARS }), 'error');
            return;
          }
          refused = null;
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
    area.value = (await stopwordList(app)).join('\n');
    const langs = await app.client.stopwordLanguages();
    // Language names in the page's language (the core names them in English).
    let names = null;
    try { names = new Intl.DisplayNames([getLang() === 'zh' ? 'zh-CN' : 'en'], { type: 'language' }); } catch { /* older browsers */ }
    const label = (code, name) => (getLang() === 'en' || !names ? name : names.of(code) ?? name);
    langSelect.replaceChildren(...langs.map(([code, name]) => h('option', { value: code, text: `${label(code, name)} (${code})` })));
  });
  return details;
}
