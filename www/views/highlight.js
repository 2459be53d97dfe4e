// The term picked in the Terms view (`app.selectedTerm`), marked where it occurs in the
// Documents text view and the Compare view. Occurrences come from the core's concordance
// (same comparison key as the term table: case folded), as UTF-16 ranges of the document
// text, so a mark always covers whole tokens and never a substring of a longer word.
import { h } from '../dom.js';
import { getLang } from '../i18n.js';

const STRINGS = {
  en: {
    marked: 'Marked:', clear: 'Clear', clearLabel: 'Clear the marks of {term}',
    countIn: '{n} in {name}', shownOf: '{shown} of {n} in the part shown',
  },
  zh: {
    marked: '标记：', clear: '清除', clearLabel: '清除 {term} 的标记',
    countIn: '{name} 中 {n} 处', shownOf: '所示部分含 {shown} 处，共 {n} 处',
  },
};

export function hs(key, vars = {}) {
  const str = STRINGS[getLang()]?.[key] ?? STRINGS.en[key] ?? key;
  return str.replace(/\{(\w+)\}/g, (_, k) => (k in vars ? String(vars[k]) : `{${k}}`));
}

const cache = new Map();

/**
 * Sorted UTF-16 ranges `[start, end]` of `term` in document `doc` (empty when no term).
 * Cached per document generation.
 */
export async function termHits(app, term, doc) {
  if (!term) return [];
  const key = `${app.generation}|${doc}|${term}`;
  if (!cache.has(key)) {
    if (cache.size > 16) cache.clear();
    const promise = app.client.kwic({ query: term, doc, context: 0, limit: 0, original: false })
      .then((r) => r.lines.map((l) => [l.hit.start16, l.hit.end16]).sort((x, y) => x[0] - y[0]));
    cache.set(key, promise);
    promise.catch(() => cache.delete(key));
  }
  return cache.get(key);
}

/** Index of the first hit ending after `pos` (hits sorted and disjoint). */
function firstAfter(hits, pos) {
  let lo = 0;
  let hi = hits.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (hits[mid][1] <= pos) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/**
 * `text`, which starts at UTF-16 offset `start` of a document with occurrences `hits`, as
 * nodes: plain strings with `<mark class="term-hit">` around each occurrence (or the part of
 * it inside `text`). Each mark carries `data-hit-<side>` = the occurrence's start, so a
 * person (or a test) can count occurrences even when one is split across two pieces;
 * `other` (optional: {side, hits, delta}) also tags marks that are an occurrence in the
 * other document at offset + delta (inline view: text equal in both).
 */
export function markText(text, start, hits, side, other) {
  if (!text || !hits?.length) return [text];
  const end = start + text.length;
  let i = firstAfter(hits, start);
  if (i >= hits.length || hits[i][0] >= end) return [text];
  const out = [];
  let pos = start;
  for (; i < hits.length && hits[i][0] < end; i++) {
    const [hs0, he0] = hits[i];
    const s0 = Math.max(hs0, start);
    const e0 = Math.min(he0, end);
    if (s0 > pos) out.push(text.slice(pos - start, s0 - start));
    const mark = h('mark', { class: 'term-hit', text: text.slice(s0 - start, e0 - start) });
    mark.dataset[`hit${side.toUpperCase()}`] = String(hs0);
    if (other) {
      const there = hs0 + other.delta;
      const j = firstAfter(other.hits, there);
      if (j < other.hits.length && other.hits[j][0] === there) mark.dataset[`hit${other.side.toUpperCase()}`] = String(there);
    }
    out.push(mark);
    pos = e0;
  }
  if (pos < end) out.push(text.slice(pos - start));
  return out;
}

/** "Marked: [term] — 5 in A · 18 in B [Clear]". `counts`: [[docName, n, shown?]]. */
export function termLegend(term, counts, onClear) {
  return h('p', { class: 'term-legend', role: 'status' },
    h('span', { text: `${hs('marked')} ` }),
    h('mark', { class: 'term-hit legend-swatch', text: term }),
    ' — ',
    counts.map(([name, n, shown], k) => [
      k ? ' · ' : '',
      h('span', { class: 'term-count', text: shown === undefined || shown === n ? hs('countIn', { n, name }) : `${hs('countIn', { n, name })} (${hs('shownOf', { shown, n })})` }),
    ]),
    ' ',
    h('button', { type: 'button', class: 'button small term-clear', text: hs('clear'), 'aria-label': hs('clearLabel', { term }), onclick: onClear }));
}
