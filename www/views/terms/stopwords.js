// Stopwords: the person's list, kept in this browser's localStorage (the built-in zh + en
// lists until they save their own), whether to hide them, and the editor for the list.
import { h } from '../../dom.js';
import { getLang } from '../../i18n.js';
import { s } from './strings.js';

const STOP_LIST = 'textlens.stopwords.list';
const STOP_ON = 'textlens.stopwords.on';

/** Whether the person chose to hide stopwords. */
export const stopwordsOn = () => localStorage.getItem(STOP_ON) === '1';
export const setStopwordsOn = (on) => localStorage.setItem(STOP_ON, on ? '1' : '0');

async function builtinStopwords(app, langs = ['zh', 'en']) {
  const lists = await Promise.all(langs.map((l) => app.client.stopwords(l)));
  return [...new Set(lists.flat().filter(Boolean))];
}

/** The person's list (the built-in zh + en lists until they save their own). */
export async function stopwordList(app) {
  const saved = localStorage.getItem(STOP_LIST);
  if (saved !== null) return saved.split('\n').map((w) => w.trim()).filter(Boolean);
  return builtinStopwords(app);
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
          localStorage.setItem(STOP_LIST, words.join('\n'));
          app.message(s('saved', { n: words.length }));
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
