//! Term statistics over a corpus: frequencies and TF-IDF (this file), keyness,
//! n-grams, collocates, concordance (KWIC), distribution, stopwords and CSV.
//!
//! Everything runs over interned [`TermId`]s, mapped once per request to
//! *keys* (the comparison unit: the case-folded term, optionally width-folded)
//! through a [`Lens`], which also knows which tokens count and which terms are
//! shown. Counting is linear in the number of tokens with sparse per-document
//! counts, so 500 documents with a large vocabulary stay cheap. Output order is
//! always deterministic (sorted, ties by term text).
//!
//! Which analysis for which question:
//! - "which words dominate?" → [`terms`] (per corpus or `doc`);
//! - "which words distinguish this document?" → [`keyness()`];
//! - "which phrases recur?" → [`ngrams()`]; "what goes with X?" → [`collocates()`];
//! - "show me X in context" → [`kwic()`]; "where along the text is X?" → [`distribution()`].

pub mod collocates;
pub mod csv;
pub mod distribution;
pub mod keyness;
pub mod kwic;
pub mod ngrams;
pub mod stopwords;
mod table;
pub mod variants;
pub mod names;

pub use collocates::{collocates, CollocateOptions};
pub use csv::ToCsv;
pub use distribution::{distribution, DistributionOptions};
pub use keyness::{keyness, KeynessOptions};
pub use kwic::{kwic, KwicOptions};
pub use ngrams::{ngrams, NgramOptions};
pub use table::term_table;
pub use variants::{variants, VariantGroup, VariantOptions, Variants};
pub use names::{names, NameOptions, NameReport, NameRow};
pub use lens::Lens;
use lens::key_text;
pub use options::{FilterOptions, TermOptions, TermSort};

mod lens;
mod options;

use crate::corpus::{Corpus, Document};
use crate::error::{Error, Result};
use crate::report::{DocRef, Loc, TermPos, TermReport, TermRow, FORMAT_VERSION};
use crate::stats::idf;

/// A document's reference for a terms report, with its counted tokens (those
/// the filters let count; compare's `DocRef`s count word-like tokens instead).
pub(crate) fn counted_doc_ref(doc: &Document, tokens: u64) -> DocRef {
    DocRef { id: doc.id.0, name: doc.name.clone(), tokens }
}

/// The place of token `index` of `doc`.
pub(crate) fn term_pos(doc: &Document, index: usize) -> TermPos {
    let span = doc.tokens.get(index).map(|t| t.span).unwrap_or_default();
    TermPos { doc: doc.id.0, token: index as u32, loc: Loc::of(doc, span) }
}

/// Sorts `items` by `order` and keeps the first `limit` (0 = all); with a
/// limit, the top is selected first so only it is sorted (O(n + k log k)).
pub(crate) fn top_sorted<T>(items: &mut Vec<T>, limit: usize, mut order: impl FnMut(&T, &T) -> std::cmp::Ordering) {
    if limit > 0 && limit < items.len() {
        items.select_nth_unstable_by(limit - 1, &mut order);
        items.truncate(limit);
    }
    items.sort_by(order);
}

/// Counts terms over the corpus, or over one document (`options.doc`).
///
/// # Errors
/// [`ErrorKind::InvalidOption`](crate::ErrorKind::InvalidOption) for a
/// `min_length` of 0 or an unknown stopword language;
/// [`ErrorKind::UnknownDocument`](crate::ErrorKind::UnknownDocument) for a bad `doc`.
pub fn terms(corpus: &Corpus, options: &TermOptions) -> Result<TermReport> {
    let (mut report, per_doc) = terms_counted(corpus, options, &mut |_| {})?;
    if options.per_doc {
        let n_docs = report.documents.len();
        for (r, row) in report.terms.iter_mut().enumerate() {
            row.per_doc = per_doc.dense_row(r, n_docs);
        }
    }
    Ok(report)
}

/// Each row's counts per document, sparse (rows × documents would be 100
/// million cells for 50 000 terms in 2 000 documents): row `r`'s documents
/// (indices into the report's `documents`, ascending) are
/// `docs[offsets[r]..offsets[r + 1]]`, with their counts in `counts`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PerDocCounts {
    pub offsets: Vec<u32>,
    pub docs: Vec<u32>,
    pub counts: Vec<u32>,
}

impl PerDocCounts {
    /// Row `r` as one count per document (0 where the term is absent).
    pub fn dense_row(&self, r: usize, n_docs: usize) -> Vec<u64> {
        let mut row = vec![0u64; n_docs];
        let (from, to) = (self.offsets.get(r).copied().unwrap_or(0), self.offsets.get(r + 1).copied().unwrap_or(0));
        for i in from as usize..to as usize {
            if let (Some(&d), Some(&c)) = (self.docs.get(i), self.counts.get(i)) {
                if let Some(cell) = row.get_mut(d as usize) {
                    *cell = u64::from(c);
                }
            }
        }
        row
    }
}

/// [`terms`] for the term table ([`term_table`]): the rows without `per_doc`
/// (the counts per document sparse instead, when `options.per_doc`), calling
/// `progress(done)` (0 to 1) as it counts document by document.
///
/// # Errors
/// As [`terms`].
pub fn terms_counted(corpus: &Corpus, options: &TermOptions, progress: &mut dyn FnMut(f64)) -> Result<(TermReport, PerDocCounts)> {
    let lens = Lens::new(corpus, &options.filter())?;
    let docs = corpus.stored_documents();
    let scope_index = match options.doc {
        Some(id) => Some(docs.iter().position(|d| d.id.0 == id).ok_or_else(|| Error::unknown_document(id))?),
        None => None,
    };
    let n_keys = lens.n_keys();
    let mut scratch = Vec::new();
    let mut sparse: Vec<(Vec<(u32, u32)>, u64)> = Vec::with_capacity(docs.len());
    let mut df = vec![0u32; n_keys];
    let n_docs = docs.len().max(1) as f64;
    for (d, doc) in docs.iter().enumerate() {
        progress(0.9 * d as f64 / n_docs);
        let (counts, tokens) = lens.doc_counts(doc, &mut scratch);
        for &(k, _) in &counts {
            if let Some(d) = df.get_mut(k as usize) {
                *d += 1;
            }
        }
        sparse.push((counts, tokens));
    }
    let in_scope = |d: usize| scope_index.map_or(true, |s| s == d);

    // Counts in scope and the best tf-idf over the documents in scope.
    let mut count = vec![0u64; n_keys];
    let mut tfidf = vec![0f64; n_keys];
    let mut total_tokens = 0u64;
    for (d, (counts, tokens)) in sparse.iter().enumerate() {
        if !in_scope(d) {
            continue;
        }
        total_tokens += tokens;
        for &(k, c) in counts {
            let k = k as usize;
            if let (Some(n), Some(best), Some(&f)) = (count.get_mut(k), tfidf.get_mut(k), df.get(k)) {
                *n += u64::from(c);
                let v = f64::from(c) / (*tokens).max(1) as f64 * idf(docs.len(), f);
                if v > *best {
                    *best = v;
                }
            }
        }
    }

    let needle = key_text(options.search.trim(), options.fold_width);
    let mut keys: Vec<u32> = (0..n_keys as u32)
        .filter(|&k| {
            count.get(k as usize).is_some_and(|&c| c > 0)
                && lens.shown(k)
                && (needle.is_empty() || lens.text(k).contains(needle.as_str()))
        })
        .collect();
    let shown_tokens: u64 = keys.iter().map(|&k| count.get(k as usize).copied().unwrap_or(0)).sum();
    let distinct_terms = keys.len();

    // First and last occurrence (document index, token index).
    let with_positions = options.positions || options.sort == TermSort::Position;
    let n_pos = if with_positions { n_keys } else { 0 };
    let mut first = vec![(u32::MAX, 0u32); n_pos];
    let mut last = vec![(u32::MAX, 0u32); n_pos];
    for (d, doc) in docs.iter().enumerate() {
        if !in_scope(d) || !with_positions {
            continue;
        }
        for (i, t) in doc.tokens.iter().enumerate() {
            if let Some(k) = lens.counted(&t) {
                let k = k as usize;
                if let (Some(f), Some(l)) = (first.get_mut(k), last.get_mut(k)) {
                    if f.0 == u32::MAX {
                        *f = (d as u32, i as u32);
                    }
                    *l = (d as u32, i as u32);
                }
            }
        }
    }

    let at = |k: u32, v: &[(u32, u32)]| v.get(k as usize).copied().unwrap_or((0, 0));
    let c = |k: u32| count.get(k as usize).copied().unwrap_or(0);
    let t = |k: u32| tfidf.get(k as usize).copied().unwrap_or(0.0);
    let f = |k: u32| df.get(k as usize).copied().unwrap_or(0);
    let by_text = |a: u32, b: u32| lens.text(a).cmp(lens.text(b));
    let order = |a: &u32, b: &u32| -> std::cmp::Ordering {
        let (a, b) = (*a, *b);
        match options.sort {
            TermSort::Count => c(b).cmp(&c(a)).then_with(|| by_text(a, b)),
            TermSort::Tfidf => t(b).total_cmp(&t(a)).then_with(|| by_text(a, b)),
            TermSort::Df => f(b).cmp(&f(a)).then_with(|| c(b).cmp(&c(a))).then_with(|| by_text(a, b)),
            TermSort::Position => at(a, &first).cmp(&at(b, &first)),
            TermSort::Term => by_text(a, b),
        }
    };
    top_sorted(&mut keys, options.limit, order);

    progress(0.9);
    // Per document, sparse: each (row, document, count) in document order, then grouped by row.
    let mut per_doc = PerDocCounts::default();
    if options.per_doc {
        let mut row_of = vec![u32::MAX; n_keys];
        for (r, &k) in keys.iter().enumerate() {
            if let Some(slot) = row_of.get_mut(k as usize) {
                *slot = r as u32;
            }
        }
        let mut cells: Vec<(u32, u32, u32)> = Vec::new();
        for (d, (counts, _)) in sparse.iter().enumerate() {
            for &(k, n) in counts {
                let r = row_of.get(k as usize).copied().unwrap_or(u32::MAX);
                if r != u32::MAX {
                    cells.push((r, d as u32, n));
                }
            }
        }
        // Stable: within a row the documents stay in order.
        cells.sort_by_key(|&(r, _, _)| r);
        let mut offsets = vec![0u32; keys.len() + 1];
        for &(r, _, _) in &cells {
            if let Some(o) = offsets.get_mut(r as usize + 1) {
                *o += 1;
            }
        }
        for r in 0..keys.len() {
            let before = offsets.get(r).copied().unwrap_or(0);
            if let Some(o) = offsets.get_mut(r + 1) {
                *o += before;
            }
        }
        per_doc = PerDocCounts {
            offsets,
            docs: cells.iter().map(|&(_, d, _)| d).collect(),
            counts: cells.iter().map(|&(_, _, n)| n).collect(),
        };
    }
    let pos = |k: u32, v: &[(u32, u32)]| {
        let (d, i) = v.get(k as usize).copied()?;
        docs.get(d as usize).filter(|_| options.positions).map(|doc| term_pos(doc, i as usize))
    };
    let terms = keys
        .iter()
        .map(|&k| TermRow {
            term: lens.text(k).to_owned(),
            count: c(k),
            rate: c(k) as f64 * 10_000.0 / total_tokens.max(1) as f64,
            df: f(k),
            tfidf: t(k),
            first: pos(k, &first),
            last: pos(k, &last),
            per_doc: Vec::new(),
        })
        .collect();
    let documents = docs.iter().zip(&sparse).map(|(doc, (_, tokens))| counted_doc_ref(doc, *tokens)).collect();
    progress(1.0);
    let report = TermReport { version: FORMAT_VERSION, documents, doc: options.doc, total_tokens, shown_tokens, distinct_terms, terms };
    Ok((report, per_doc))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A corpus of `docs`, named d0, d1, …; shared by the tests of the terms modules.
    pub(super) fn corpus(docs: &[&str]) -> Corpus {
        let mut c = Corpus::new();
        for (i, d) in docs.iter().enumerate() {
            c.add_document(&format!("d{i}"), d.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        }
        c
    }

    #[test]
    fn counts_sum_to_the_token_total() {
        let c = corpus(&["The cat saw the dog. 猫看见了狗。", "A dog! The dog, 42 times."]);
        let r = terms(&c, &TermOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        let sum: u64 = r.terms.iter().map(|t| t.count).sum();
        assert_eq!(sum, r.total_tokens);
        assert_eq!(r.shown_tokens, r.total_tokens);
        let the = r.terms.iter().find(|t| t.term == "the").map(|t| (t.count, t.df, t.per_doc.clone()));
        assert_eq!(the, Some((3, 2, vec![2, 1])));
        let dog = r.terms.iter().find(|t| t.term == "dog").map(|t| t.count);
        assert_eq!(dog, Some(3));
        assert!(r.terms.iter().all(|t| t.term != "42"), "numbers are off by default");
        assert_eq!(r.terms[0].term, "dog", "ties broken by term text: dog < the");
    }

    #[test]
    fn min_length_zero_is_an_error() {
        let c = Corpus::new();
        let opts = TermOptions { min_length: 0, ..TermOptions::default() };
        assert_eq!(terms(&c, &opts).map_err(|e| e.name()).err(), Some("InvalidOption"));
        let opts = TermOptions { stopword_languages: vec!["xx".into()], ..TermOptions::default() };
        let err = terms(&c, &opts).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("`xx`") && err.contains("zh"), "{err}");
    }

    #[test]
    fn first_last_tfidf_and_one_document_scope() {
        let c = corpus(&["b a b", "a c a c"]);
        let r = terms(&c, &TermOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        let row = |t: &str| r.terms.iter().find(|x| x.term == t).cloned();
        let a = row("a").unwrap_or_else(|| panic!("a"));
        let (first, last) = (a.first.unwrap_or_else(|| panic!("first")), a.last.unwrap_or_else(|| panic!("last")));
        assert_eq!((first.doc, first.token, first.loc.start), (0, 2, 2));
        assert_eq!((last.doc, last.token), (1, 4));
        let lean = terms(&c, &TermOptions { positions: false, ..TermOptions::default() })
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(lean.terms.iter().all(|t| t.first.is_none() && t.last.is_none()));
        assert_eq!(lean.terms.iter().map(|t| t.count).sum::<u64>(), r.total_tokens);
        // df(a) = 2 of 2 → idf 1; best tf is 2/4 in doc 1.
        assert!((a.tfidf - 0.5).abs() < 1e-12, "{}", a.tfidf);
        // b: 2/3 in doc 0, idf = ln(3/2) + 1.
        let b = row("b").unwrap_or_else(|| panic!("b"));
        assert!((b.tfidf - 2.0 / 3.0 * ((1.5f64).ln() + 1.0)).abs() < 1e-12);
        let one =
            terms(&c, &TermOptions { doc: Some(1), ..TermOptions::default() }).unwrap_or_else(|e| panic!("{e}"));
        let rows: Vec<(&str, u64, u32)> = one.terms.iter().map(|t| (t.term.as_str(), t.count, t.df)).collect();
        assert_eq!(rows, vec![("a", 2, 2), ("c", 2, 1)]);
        assert_eq!(one.total_tokens, 4);
        let bad = terms(&c, &TermOptions { doc: Some(9), ..TermOptions::default() });
        assert_eq!(bad.err().map(|e| e.name()), Some("UnknownDocument"));
    }

    #[test]
    fn stopwords_search_and_width_folding() {
        let c = corpus(&["我们的ＡＢＣ和abc。我们去了北京。"]);
        let plain = terms(&c, &TermOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        assert!(plain.terms.iter().any(|t| t.term == "ａｂｃ"));
        let folded = terms(&c, &TermOptions { fold_width: true, ..TermOptions::default() })
            .unwrap_or_else(|e| panic!("{e}"));
        let abc = folded.terms.iter().find(|t| t.term == "abc").map(|t| t.count);
        assert_eq!(abc, Some(2));
        let opts = TermOptions { stopword_languages: vec!["zh".into()], ..TermOptions::default() };
        let r = terms(&c, &opts).unwrap_or_else(|e| panic!("{e}"));
        assert!(r.terms.iter().all(|t| t.term != "我们" && t.term != "的"));
        assert!(r.shown_tokens < r.total_tokens);
        let opts = TermOptions { search: "北".into(), ..TermOptions::default() };
        let r = terms(&c, &opts).unwrap_or_else(|e| panic!("{e}"));
        let terms: Vec<&str> = r.terms.iter().map(|t| t.term.as_str()).collect();
        assert_eq!(terms, vec!["北京"]);
    }

    #[test]
    fn top_sorted_equals_sort_then_truncate() {
        let items: Vec<u32> = (0..500u32).map(|i| i.wrapping_mul(2_654_435_761) % 97).collect();
        for limit in [0, 1, 5, 96, 97, 499, 500, 501] {
            let mut want = items.clone();
            want.sort_by(|a, b| b.cmp(a));
            if limit > 0 {
                want.truncate(limit);
            }
            let mut got = items.clone();
            top_sorted(&mut got, limit, |a, b| b.cmp(a));
            assert_eq!(got, want, "limit {limit}");
        }
    }
}
