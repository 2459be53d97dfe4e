//! Concordance (keyword in context): every occurrence of a word or phrase with
//! a few words on each side.
//!
//! The query is segmented like the documents and matched on comparison keys,
//! so 上海合作组织 finds the same tokens the term table counted. Each line's
//! `left`, `hit` and `right` are adjacent spans that slice the original text
//! exactly (bytes and UTF-16). Hits are found and sorted first, and only the
//! lines returned are built, so sorting 10,000 hits stays cheap.

use super::{counted_doc_ref, FilterOptions, Lens};
use crate::corpus::{Corpus, Document};
use crate::error::{Error, Result};
use crate::corpus::OriginalLocator;
use crate::report::{KwicLine, KwicReport, KwicSort, Loc, FORMAT_VERSION};
use crate::segment::TokenKind;
use crate::span::Span;
use serde::Deserialize;
use std::cmp::Ordering;

/// Words compared when sorting by left or right context.
const SORT_DEPTH: usize = 4;
/// The most context words on a side.
pub const MAX_CONTEXT: usize = 200;

/// Options of [`kwic`].
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct KwicOptions {
    /// A word or phrase.
    pub query: String,
    /// Context on each side, in tokens other than white space.
    pub context: usize,
    pub sort: KwicSort,
    /// Restrict to one document (its id).
    pub doc: Option<u32>,
    /// At most this many lines (0 = all, up to `maxLines`).
    pub limit: usize,
    /// The line budget: never build more lines than this.
    pub max_lines: usize,
    /// Fold full-width forms when matching.
    pub fold_width: bool,
    /// Match a term's variants too (see [`super::FilterOptions::group_variants`]).
    pub group_variants: bool,
    /// Give each line the hit's place in the document's original text too
    /// (rebuilds each original once per call; the page's long lists skip it).
    pub original: bool,
}

impl Default for KwicOptions {
    fn default() -> Self {
        KwicOptions {
            query: String::new(),
            context: 8,
            sort: KwicSort::Position,
            doc: None,
            limit: 0,
            max_lines: 100_000,
            fold_width: false,
            group_variants: false,
            original: true,
        }
    }
}

struct Hit<'a> {
    doc: &'a Document,
    /// Token range of the hit.
    start: usize,
    end: usize,
    /// Context keys for sorting, nearest first; `None` past the document's edge.
    keys: [Option<u32>; SORT_DEPTH],
}

/// Non-space token indices going left from `from` (exclusive) or right from `from` (inclusive).
fn words(doc: &Document, from: usize, left: bool) -> impl Iterator<Item = usize> + '_ {
    let tokens = &doc.tokens;
    let mut i = from;
    std::iter::from_fn(move || loop {
        let idx = if left {
            i = i.checked_sub(1)?;
            i
        } else {
            let idx = i;
            i += 1;
            idx
        };
        let t = tokens.get(idx)?;
        if t.kind != TokenKind::Space {
            return Some(idx);
        }
    })
}

/// The concordance of `options.query`.
///
/// # Errors
/// [`ErrorKind::InvalidOption`](crate::ErrorKind::InvalidOption) for an empty
/// query or a context over [`MAX_CONTEXT`]; an unknown `doc`.
pub fn kwic(corpus: &Corpus, options: &KwicOptions) -> Result<KwicReport> {
    if options.context > MAX_CONTEXT {
        return Err(Error::invalid_option(format!(
            "context must be at most {MAX_CONTEXT} words, got {}",
            options.context
        )));
    }
    let filter =
        FilterOptions { fold_width: options.fold_width, group_variants: options.group_variants, ..FilterOptions::default() };
    let lens = Lens::new(corpus, &filter)?;
    let docs = lens.scope(options.doc)?;
    let keys = lens.query(&options.query)?;
    let mut hits: Vec<Hit<'_>> = Vec::new();
    if let Some(keys) = &keys {
        for &doc in &docs {
            for (start, end) in lens.matches(doc, keys) {
                let mut ctx = [None; SORT_DEPTH];
                let side = match options.sort {
                    KwicSort::Left => Some(words(doc, start, true)),
                    KwicSort::Right => Some(words(doc, end, false)),
                    KwicSort::Position => None,
                };
                if let Some(side) = side {
                    for (slot, i) in ctx.iter_mut().zip(side) {
                        *slot = doc.tokens.get(i).map(|t| lens.key_of(t.term));
                    }
                }
                hits.push(Hit { doc, start, end, keys: ctx });
            }
        }
    }
    let total = hits.len();
    if options.sort != KwicSort::Position {
        let text = |k: Option<u32>| k.map(|k| lens.text(k));
        hits.sort_by(|a, b| {
            let by_words = a
                .keys
                .iter()
                .zip(&b.keys)
                .fold(Ordering::Equal, |acc, (&x, &y)| acc.then_with(|| text(x).cmp(&text(y))));
            by_words.then_with(|| (a.doc.id, a.start).cmp(&(b.doc.id, b.start)))
        });
    }
    let cap = if options.limit > 0 { options.limit.min(options.max_lines) } else { options.max_lines };
    hits.truncate(cap);
    let mut lines: Vec<KwicLine> = hits.iter().map(|h| line(h, options.context)).collect();
    if options.original {
        // One locator per document with lines, built when first needed.
        let mut locators: Vec<(u32, OriginalLocator<'_>)> = Vec::new();
        for (line, hit) in lines.iter_mut().zip(&hits) {
            let at = match locators.iter().position(|(id, _)| *id == line.doc) {
                Some(i) => i,
                None => {
                    locators.push((line.doc, OriginalLocator::new(hit.doc)));
                    locators.len() - 1
                }
            };
            if let Some((_, locator)) = locators.get(at) {
                let span = Span { start: line.hit.start, end: line.hit.end };
                line.original = Some(locator.loc(span));
            }
        }
    }
    let documents =
        docs.iter().map(|d| counted_doc_ref(d, d.tokens.iter().filter(|t| lens.counts_kind(t.kind)).count() as u64)).collect();
    Ok(KwicReport {
        version: FORMAT_VERSION,
        query: options.query.clone(),
        terms: keys.unwrap_or_default().iter().map(|&k| lens.text(k).to_owned()).collect(),
        documents,
        sort: options.sort,
        total,
        truncated: lines.len() < total,
        lines,
    })
}

fn line(hit: &Hit<'_>, context: usize) -> KwicLine {
    let doc = hit.doc;
    let span_of = |i: usize| doc.tokens.get(i).map(|t| t.span).unwrap_or_default();
    let hit_start = span_of(hit.start).start;
    let hit_end = hit.end.checked_sub(1).map_or(hit_start, |i| span_of(i).end);
    let left_start = words(doc, hit.start, true).take(context).last().map_or(hit_start, |i| span_of(i).start);
    let right_end = words(doc, hit.end, false).take(context).last().map_or(hit_end, |i| span_of(i).end);
    let left = Span { start: left_start, end: hit_start };
    let mid = Span { start: hit_start, end: hit_end };
    let right = Span { start: hit_end, end: right_end };
    KwicLine {
        doc: doc.id.0,
        token: hit.start as u32,
        left: Loc::of(doc, left),
        hit: Loc::of(doc, mid),
        right: Loc::of(doc, right),
        left_text: left.slice(&doc.text).to_owned(),
        hit_text: mid.slice(&doc.text).to_owned(),
        right_text: right.slice(&doc.text).to_owned(),
        original: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terms::tests::corpus;

    #[test]
    fn phrase_hits_and_sorting() {
        let c = corpus(&["b New York a. c new\nyork z. a NEW YORK b."]);
        let q = |sort| {
            kwic(&c, &KwicOptions { query: "new york".into(), context: 2, sort, ..Default::default() })
                .unwrap_or_else(|e| panic!("{e}"))
        };
        let r = q(KwicSort::Position);
        assert_eq!(r.total, 3);
        assert_eq!(r.terms, vec!["new", "york"]);
        let hits: Vec<&str> = r.lines.iter().map(|l| l.hit_text.as_str()).collect();
        // The clean-up joins the line broken inside the sentence; the original keeps it.
        assert_eq!(hits, vec!["New York", "new york", "NEW YORK"]);
        let doc = c.stored_documents().first().unwrap_or_else(|| panic!("no document"));
        let original = doc.original();
        let at: Vec<&str> = r
            .lines
            .iter()
            .filter_map(|l| l.original)
            .map(|o| original.get(o.start as usize..o.end as usize).unwrap_or(""))
            .collect();
        assert_eq!(at, vec!["New York", "new\nyork", "NEW YORK"]);
        let right: Vec<String> = q(KwicSort::Right).lines.into_iter().map(|l| l.right_text).collect();
        assert_eq!(right, vec![" a.", " b.", " z."]);
        let left: Vec<String> = q(KwicSort::Left).lines.into_iter().map(|l| l.left_text).collect();
        // L1 words: "b", "c", "a" (after ". ") → a, b, c.
        assert_eq!(left, vec![". a ", "b ", ". c "]);
    }

    #[test]
    fn unknown_words_give_no_hits_and_empty_queries_are_errors() {
        let c = corpus(&["some text here"]);
        let r = kwic(&c, &KwicOptions { query: "absent".into(), ..Default::default() });
        assert_eq!(r.map(|r| (r.total, r.terms.len())).ok(), Some((0, 0)));
        let e = kwic(&c, &KwicOptions { query: "  ".into(), ..Default::default() });
        assert_eq!(e.err().map(|e| e.name()), Some("InvalidOption"));
        let e = kwic(&c, &KwicOptions { query: "text".into(), context: 999, ..Default::default() });
        assert_eq!(e.err().map(|e| e.name()), Some("InvalidOption"));
    }

    #[test]
    fn limit_and_budget_truncate() {
        let c = corpus(&["x y x y x y x"]);
        let r = kwic(&c, &KwicOptions { query: "x".into(), limit: 2, ..Default::default() })
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((r.total, r.lines.len(), r.truncated), (4, 2, true));
    }
}
