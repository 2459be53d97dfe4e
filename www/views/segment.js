// Segmentation panel for the Documents view (issue #4): the user dictionary (kept in
// localStorage, exportable, applied to every document at once), the terms discovered
// across the loaded documents (accept / reject), and a document shown with its token
// boundaries visible. The Documents view calls `renderSegmentPanel` and `boundariesButton`.
import { h, replace, download, formatNumber } from '../dom.js';
import { getLang } from '../i18n.js';
import { load, save } from '../storage.js';
import { termHits, termLegend } from './highlight.js';

const STORAGE_KEY = 'textlens.userDictionary';
/** The longest user dictionary the page keeps or reads back, in characters. */
export const DICT_MAX_CHARS = 1_000_000;
/** Tokens shown at a time with their boundaries. */
const PAGE = 4000;

const STRINGS = {
  en: {
    segmentation: 'Segmentation',
    userDict: 'User dictionary',
    userDictHelp: 'One term per line, optionally followed by a frequency (上海合作组织 5000). Applied to every document.',
    apply: 'Apply',
    export: 'Export',
    applied: (n) => `User dictionary applied: ${n} ${n === 1 ? 'term' : 'terms'}.`,
    inEffect: (n) => `a user dictionary saved in this browser is in effect (${n} ${n === 1 ? 'term' : 'terms'})`,
    storedApplied: (n) => `A user dictionary saved in this browser was applied (${n} ${n === 1 ? 'term' : 'terms'}); see Segmentation to change or clear it.`,
    storedBroken: (m) => `The user dictionary saved in this browser was not applied: ${m}. Fix or clear it under Segmentation.`,
    storedTooLong: (n) => `The user dictionary saved in this browser was not applied: it is too long (${n} characters).`,
    dictTooLong: (n, max) => `Not applied: the dictionary is ${n} characters long, over the ${max} this page takes.`,
    notStored: 'This browser does not let the page store data: the dictionary applies until the page is closed.',
    discovered: 'Discovered terms',
    discoveredHelp: 'Names and terms the documents repeat that the dictionary cut into pieces; they are applied unless you reject them.',
    noneDiscovered: 'No terms discovered yet.',
    term: 'term', parts: 'dictionary cut', count: 'count', docs: 'docs', status: 'status',
    accept: 'Accept', reject: 'Reject', rejected: 'rejected', inUse: 'in use',
    showBoundaries: 'Show token boundaries',
    hideBoundaries: 'Hide token boundaries',
    boundaries: 'Boundaries',
    boundariesOf: (name) => `Token boundaries of ${name}`,
    shown: (n, total) => `First ${n} of ${total} tokens.`,
    more: 'Show more',
    kind: { word: 'word', number: 'number', punct: 'punctuation', symbol: 'symbol', emoji: 'emoji', space: 'space' },
    script: {
      han: 'Han', latin: 'Latin', cyrillic: 'Cyrillic', greek: 'Greek', arabic: 'Arabic', hebrew: 'Hebrew', kana: 'Kana',
      hangul: 'Hangul', thai: 'Thai', devanagari: 'Devanagari', other: 'other script', common: 'no script',
    },
  },
  zh: {
    segmentation: '分词',
    userDict: '用户词典',
    userDictHelp: '每行一个词，可在后面写词频（上海合作组织 5000）。应用于所有文档。',
    apply: '应用',
    export: '导出',
    applied: (n) => `已应用用户词典：${n} 个词。`,
    inEffect: (n) => `本浏览器中保存的用户词典正在使用（${n} 个词）`,
    storedApplied: (n) => `已应用本浏览器中保存的用户词典（${n} 个词）；可在“分词”中修改或清除。`,
    storedBroken: (m) => `本浏览器中保存的用户词典未被应用：${m}。请在“分词”中修改或清除。`,
    storedTooLong: (n) => `本浏览器中保存的用户词典过长（${n} 个字符），未被应用。`,
    dictTooLong: (n, max) => `未应用：词典长 ${n} 个字符，超过本页面可接受的 ${max} 个。`,
    notStored: '本浏览器不允许页面保存数据：该词典在关闭页面前有效。',
    discovered: '发现的词',
    discoveredHelp: '文档中反复出现、却被词典切开的名称和术语；除非您拒绝，否则会被采用。',
    noneDiscovered: '尚未发现新词。',
    term: '词', parts: '词典切分', count: '次数', docs: '文档', status: '状态',
    accept: '采用', reject: '拒绝', rejected: '已拒绝', inUse: '采用中',
    showBoundaries: '显示分词边界',
    hideBoundaries: '隐藏分词边界',
    boundaries: '分词',
    boundariesOf: (name) => `${name} 的分词边界`,
    shown: (n, total) => `显示前 ${n} 个词元，共 ${total} 个。`,
    more: '显示更多',
    kind: { word: '词', number: '数字', punct: '标点', symbol: '符号', emoji: '表情符号', space: '空白' },
    script: {
      han: '汉字', latin: '拉丁字母', cyrillic: '西里尔字母', greek: '希腊字母', arabic: '阿拉伯字母', hebrew: '希伯来字母', kana: '假名',
      hangul: '谚文', thai: '泰文', devanagari: '天城文', other: '其他文字', common: '通用字符',
    },
  },
};

function tokenKindName(kind) {
  return (STRINGS[getLang()] ?? STRINGS.en).kind[kind] ?? kind;
}

/** A token's kind and script, for its tooltip. */
function tokenTitle(tok) {
  const table = STRINGS[getLang()] ?? STRINGS.en;
  return `${table.kind[tok.kind] ?? tok.kind} · ${table.script[tok.script] ?? tok.script}`;
}

function s(key, ...args) {
  const table = STRINGS[getLang()] ?? STRINGS.en;
  const v = table[key] ?? STRINGS.en[key];
  return typeof v === 'function' ? v(...args) : v;
}

/** The stored user dictionary ('' when none, storage is blocked, or it is too long). */
export function storedDictionary(onTooLong) {
  return load(STORAGE_KEY, { maxChars: DICT_MAX_CHARS, onProblem: (_, n) => onTooLong?.(n) }) ?? '';
}

/** Keeps `text` in this browser; false if storage is blocked or full. */
function storeDictionary(text) {
  return save(STORAGE_KEY, text.trim() ? text : null, { maxChars: DICT_MAX_CHARS });
}

/** Sends the user dictionary to the worker; recorded so a restarted worker gets it again. */
async function applyDictionary(app, text) {
  const report = await app.client.setUserDictionary(text);
  app.segment.dictApplied = text;
  return report;
}

/**
 * Applies the stored dictionary once per page, before the first render of the panel, and says
 * so: a dictionary another page of this origin could have planted is never applied silently. A
 * stored value that is too long or that the core refuses is reported and not applied; the page
 * goes on without it. Called by the Documents view; cheap when already done.
 */
async function ensureStoredDictionary(app) {
  app.segment ??= { dictApplied: null, boundaries: null };
  if (app.segment.dictApplied !== null) return false;
  app.segment.dictApplied = '';
  const text = storedDictionary((n) => app.message(s('storedTooLong', n), 'error'));
  if (!text.trim()) return false;
  try {
    const report = await applyDictionary(app, text);
    app.segment.fromStorage = report.entries;
    app.message(s('storedApplied', report.entries));
    return true;
  } catch (err) {
    if (err.name === 'Cancelled' || err.name === 'Crash') throw err;
    app.message(s('storedBroken', err.message), 'error');
    app.segment.storedText = text;
    return false;
  }
}

/** Renders the segmentation panel (user dictionary + discovered terms) into `root`. */
export async function renderSegmentPanel(root, app) {
  if (await ensureStoredDictionary(app)) {
    // Counts changed: let the whole view re-render with the dictionary in effect.
    await app.refresh();
    return;
  }
  // What the person typed and has not applied yet survives any re-render of the view (another
  // file added, a document removed, a late redraw of a batch): only Apply or a reload drops it.
  const textarea = h('textarea', {
    id: 'user-dict', rows: 4, spellcheck: 'false', 'aria-describedby': 'user-dict-help',
    oninput: () => { app.segment.draft = textarea.value; },
  });
  textarea.value = app.segment.draft ?? (app.segment.dictApplied || app.segment.storedText || storedDictionary());
  const applyButton = h('button', {
    type: 'button', id: 'user-dict-apply', class: 'button primary', text: s('apply'),
    onclick: async () => {
      const text = textarea.value;
      if (text.length > DICT_MAX_CHARS) {
        app.message(s('dictTooLong', text.length, DICT_MAX_CHARS), 'error');
        return;
      }
      try {
        const report = await app.busy(s('userDict'), () => applyDictionary(app, text));
        app.segment.draft = null;
        app.segment.fromStorage = null;
        app.segment.storedText = null;
        app.message(s('applied', report.entries));
        if (!storeDictionary(text)) app.message(s('notStored'));
        await app.refresh();
      } catch (err) {
        app.message(err.message, 'error');
      }
    },
  });
  const exportButton = h('button', {
    type: 'button', id: 'user-dict-export', class: 'button', text: s('export'),
    onclick: () => download('textlens-user-dictionary.txt', textarea.value.endsWith('\n') || !textarea.value ? textarea.value : `${textarea.value}\n`),
  });
  const discovered = await app.client.discoveredTerms();
  replace(root,
    h('details', { class: 'segment-panel', open: app.segment.panelOpen ?? false, ontoggle: (e) => { app.segment.panelOpen = e.target.open; } },
      h('summary', {}, s('segmentation'),
        app.segment.fromStorage != null && h('span', { id: 'user-dict-in-effect', class: 'hint', text: ` — ${s('inEffect', app.segment.fromStorage)}` })),
      h('div', { class: 'segment-grid' },
        h('div', { class: 'user-dict' },
          h('label', { for: 'user-dict', class: 'panel-title', text: s('userDict') }),
          h('p', { id: 'user-dict-help', class: 'hint', text: s('userDictHelp') }),
          textarea,
          h('div', { class: 'row' }, applyButton, exportButton)),
        h('div', { class: 'discovered' },
          h('h3', { class: 'panel-title', text: s('discovered') }),
          h('p', { class: 'hint', text: s('discoveredHelp') }),
          discoveredTable(discovered, app)))));
}

function discoveredTable(report, app) {
  if (report.terms.length === 0) return h('p', { class: 'empty', text: s('noneDiscovered') });
  const rows = report.terms.map((d) => h('tr', { dataset: { term: d.term }, class: d.rejected ? 'rejected' : '' },
    h('th', { scope: 'row', class: 'term', text: d.term }),
    h('td', { class: 'parts', text: d.parts.join(' | ') }),
    h('td', { class: 'num', text: formatNumber(d.rejected ? d.foundCount : d.count) }),
    h('td', { class: 'num', text: formatNumber(d.documents) }),
    h('td', { text: d.rejected ? s('rejected') : s('inUse') }),
    h('td', {}, h('button', {
      type: 'button', class: 'button small', text: d.rejected ? s('accept') : s('reject'),
      onclick: async () => {
        try {
          await app.busy(d.term, () => app.client.setDiscoveredTerm(d.term, d.rejected));
          await app.refresh();
        } catch (err) {
          app.message(err.message, 'error');
        }
      },
    }))));
  return h('table', { class: 'table discovered-terms' },
    h('thead', {}, h('tr', {}, ['term', 'parts', 'count', 'docs', 'status', ''].map((k) =>
      h('th', { scope: 'col', class: k === 'count' || k === 'docs' ? 'num' : '', text: k ? s(k) : '' })))),
    h('tbody', {}, rows));
}

/** A button for a document row that shows / hides its token boundaries below the table. */
export function boundariesButton(app, doc) {
  app.segment ??= { dictApplied: null, boundaries: null };
  const open = app.segment.boundaries === doc.id;
  return h('button', {
    type: 'button', class: 'button small boundaries-toggle', 'aria-pressed': String(open),
    dataset: { docId: doc.id }, text: s('boundaries'),
    title: open ? s('hideBoundaries') : s('showBoundaries'),
    'aria-label': `${open ? s('hideBoundaries') : s('showBoundaries')}: ${doc.name}`,
    onclick: async () => {
      app.segment.boundaries = open ? null : doc.id;
      app.segment.boundaryLimit = PAGE;
      await app.refresh();
    },
  });
}

/** Renders the open document's token boundaries into `root` (empty when none is open). */
export async function renderBoundaries(root, app) {
  const id = app.segment?.boundaries;
  const doc = app.docs.find((d) => d.id === id);
  if (id === null || id === undefined || !doc) { replace(root); return; }
  const limit = app.segment.boundaryLimit ?? PAGE;
  const term = app.selectedTerm || null;
  const [view, hits] = await Promise.all([app.client.segment(id, 0, limit), termHits(app, term, id)]);
  // Tokens inside an occurrence of the term picked in the Terms view are marked.
  let k = 0;
  const marked = new Set();
  // Blank lines before the first word of a document are noise on screen.
  let lead = 0;
  while (lead < view.tokens.length && view.tokens[lead].kind === 'space') lead++;
  const tokens = view.tokens.slice(lead).map((tok) => {
    if (tok.kind === 'space') return document.createTextNode(tok.text);
    const span = h('span', { class: `tok tok-${tok.kind}`, title: tokenTitle(tok), text: tok.text });
    while (k < hits.length && hits[k][1] <= tok.start16) k++;
    if (k < hits.length && hits[k][0] < tok.end16) {
      marked.add(hits[k][0]);
      return h('mark', { class: 'term-hit', dataset: { hitA: hits[k][0] } }, span);
    }
    return span;
  });
  replace(root,
    h('h3', { class: 'panel-title', text: s('boundariesOf', view.name) }),
    h('p', { class: 'hint boundaries-legend' },
      ['word', 'number', 'punct', 'symbol'].map((kind, i) => [i ? ' · ' : '', h('span', { class: `tok tok-${kind}`, text: tokenKindName(kind) })]),
      ` — ${s('shown', formatNumber(view.tokens.length), formatNumber(view.totalTokens))}`),
    term ? termLegend(term, [[view.name, hits.length, view.truncated ? marked.size : undefined]],
      () => { app.selectedTerm = null; renderBoundaries(root, app).catch((err) => app.message(err.message, 'error')); }) : null,
    h('div', { class: 'boundaries', lang: 'zh', tabindex: 0, 'aria-label': s('boundariesOf', view.name) }, tokens),
    view.truncated ? h('button', {
      type: 'button', class: 'button small boundaries-more', text: s('more'),
      onclick: async () => { app.segment.boundaryLimit = limit + PAGE; await renderBoundaries(root, app); },
    }) : null);
  // Bring the first marked occurrence into the text box's view (the box scrolls, not the page).
  const first = term ? root.querySelector('.boundaries mark.term-hit') : null;
  if (first) first.parentElement.closest('.boundaries').scrollTop = Math.max(0, first.offsetTop - 40);
}
