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
mod rows;

pub use collocates::{collocates, CollocateOptions};
pub use csv::ToCsv;
pub use distribution::{distribution, DistributionOptions};
pub use keyness::{keyness, KeynessOptions};
pub use kwic::{kwic, KwicOptions};
pub use ngrams::{ngrams, NgramOptions};
pub use rows::TermRows;
use rows::Tallies;
pub use table::{term_table, term_table_columns, Column, ColumnSink};
pub use variants::{variants, VariantGroup, VariantOptions, Variants};
pub use names::{names, NameOptions, NameReport, NameRow};
pub use lens::Lens;
use lens::key_text;
pub use options::{FilterOptions, TermOptions, TermSort};

mod lens;
mod options;

use crate::corpus::{Corpus, Document};
use crate::error::Result;
use crate::report::{DocRef, Loc, TermPos, TermReport};

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

/// [`top_sorted`] for an order under which no two items are equal (ties broken down to a
/// unique key), so that an unstable sort gives the same result: in place, where the stable
/// sort takes scratch as large as the items (5 MB for the term table of 9 MB of text, #11).
pub(crate) fn top_sorted_distinct<T>(items: &mut [T], limit: usize, mut order: impl FnMut(&T, &T) -> std::cmp::Ordering) -> usize {
    let keep = if limit > 0 && limit < items.len() {
        items.select_nth_unstable_by(limit - 1, &mut order);
        limit
    } else {
        items.len()
    };
    if let Some(top) = items.get_mut(..keep) {
        top.sort_unstable_by(order);
    }
    keep
}

/// Counts terms over the corpus, or over one document (`options.doc`).
///
/// # Errors
/// [`ErrorKind::InvalidOption`](crate::ErrorKind::InvalidOption) for a
/// `min_length` of 0 or an unknown stopword language;
/// [`ErrorKind::UnknownDocument`](crate::ErrorKind::UnknownDocument) for a bad `doc`.
pub fn terms(corpus: &Corpus, options: &TermOptions) -> Result<TermReport> {
    term_rows(corpus, options, &mut |_| {}).map(TermRows::into_report)
}

/// [`terms`] with its rows made one at a time as it is serialized: exactly the report's
/// JSON (or JS object), without ever holding the table as [`TermRow`](crate::report::TermRow)s
/// (20 MB for the 133 000 rows of 9 MB of Chinese text, #11).
///
/// # Errors
/// As [`terms`].
pub fn terms_lazy<'a>(corpus: &'a Corpus, options: &TermOptions) -> Result<TermRows<'a>> {
    term_rows(corpus, options, &mut |_| {})
}

/// [`terms`] as CSV, written row by row from the compact rows: the table is never held as
/// [`TermRow`](crate::report::TermRow)s (#11). The same text as `terms(..)?.to_csv()`.
///
/// # Errors
/// As [`terms`].
pub fn terms_csv(corpus: &Corpus, options: &TermOptions) -> Result<String> {
    Ok(term_rows(corpus, options, &mut |_| {})?.csv_rows().collect())
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

    /// The counts per document of `rows` (their keys, in order).
    fn of_rows(lens: &Lens<'_>, tallies: &Tallies, rows: &[u32]) -> PerDocCounts {
        let mut offsets = Self::offsets(|k| tallies.df(k), rows);
        let cells = offsets.pop().unwrap_or(0);
        let (docs, counts) = match (
            Self::of_one_document(lens, tallies, rows, Cell::Document),
            Self::of_one_document(lens, tallies, rows, Cell::Count),
        ) {
            (Some(docs), Some(counts)) => (docs.collect(), counts.collect()),
            _ => {
                let row_of = Self::row_of(lens, rows);
                let docs = Self::cells(lens, &row_of, &mut offsets, cells, Cell::Document, &mut |_| {});
                (docs, Self::cells(lens, &row_of, &mut offsets, cells, Cell::Count, &mut |_| {}))
            }
        };
        offsets.push(cells);
        PerDocCounts { offsets, docs, counts }
    }

    /// With one document stored, each row has one cell: that document (index 0) with the row's
    /// count. `field` of those cells in row order — the counts per document without counting
    /// the tokens again (at 90 MB, 0.7 s in the page); `None` with several documents.
    fn of_one_document<'r>(
        lens: &Lens<'_>,
        tallies: &'r Tallies,
        rows: &'r [u32],
        field: Cell,
    ) -> Option<impl ExactSizeIterator<Item = u32> + 'r> {
        (lens.corpus().stored_documents().len() == 1).then(|| {
            rows.iter().map(move |&k| match field {
                Cell::Document => 0,
                Cell::Count => u32::try_from(tallies.count(k)).unwrap_or(u32::MAX),
            })
        })
    }

    /// Where each row's cells start, and after the last, the number of cells: a row has one
    /// cell for each document its key occurs in, its `df(key)`.
    fn offsets(df: impl Fn(u32) -> u32, rows: &[u32]) -> Vec<u32> {
        let mut offsets = Vec::with_capacity(rows.len() + 1);
        let mut at = 0u32;
        offsets.push(0);
        for &k in rows {
            at = at.saturating_add(df(k));
            offsets.push(at);
        }
        offsets
    }

    /// The row of each key (`u32::MAX` for none).
    fn row_of(lens: &Lens<'_>, rows: &[u32]) -> Vec<u32> {
        let mut row_of = vec![u32::MAX; lens.n_keys()];
        for (i, &k) in rows.iter().enumerate() {
            if let Some(slot) = row_of.get_mut(k as usize) {
                *slot = i as u32;
            }
        }
        row_of
    }

    /// One field of the `cells` cells of the rows (`row_of`: key → row), grouped by row, each
    /// row's documents in order: each document's tokens are counted again, then each count
    /// goes to its row's next cell. `starts` are where each row's cells start (the
    /// [`offsets`](Self::offsets) without the last). Calls `progress(done)` (0 to 1).
    fn cells(
        lens: &Lens<'_>,
        row_of: &[u32],
        starts: &mut [u32],
        cells: u32,
        field: Cell,
        progress: &mut dyn FnMut(f64),
    ) -> Vec<u32> {
        let mut column = vec![0u32; cells as usize];
        let mut tally = vec![0u32; lens.n_keys()];
        let next = starts;
        let stored = lens.corpus().stored_documents();
        for (d, doc) in stored.iter().enumerate() {
            progress(d as f64 / stored.len() as f64);
            rows::tally(lens, doc, &mut tally);
            rows::take_tally(lens, doc, &mut tally, |k, n| {
                let Some(r) = row_of.get(k as usize).copied().filter(|&r| r != u32::MAX) else { return };
                let Some(at) = next.get_mut(r as usize) else { return };
                if let Some(cell) = column.get_mut(*at as usize) {
                    *cell = match field {
                        Cell::Document => d as u32,
                        Cell::Count => n,
                    };
                }
                *at += 1;
            });
        }
        // Each row's next cell is now the next row's first: back to the starts.
        if !next.is_empty() {
            next.rotate_right(1);
        }
        if let Some(first) = next.first_mut() {
            *first = 0;
        }
        progress(1.0);
        column
    }
}

/// A field of the cells of [`PerDocCounts`].
#[derive(Clone, Copy)]
enum Cell {
    Document,
    Count,
}

/// [`terms`] before its rows are written out: the rows as compact records
/// ([`TermRows`]), each turned into a [`TermRow`] only when it is written or collected,
/// with the counts per document sparse when `options.per_doc`. Calls `progress(done)`
/// (0 to 1) as it counts document by document.
///
/// # Errors
/// As [`terms`].
pub fn term_rows<'a>(corpus: &'a Corpus, options: &TermOptions, progress: &mut dyn FnMut(f64)) -> Result<TermRows<'a>> {
    let counting = rows::count(corpus, options, 0.9, progress)?;
    progress(0.9);
    let rows = TermRows::new(counting, options);
    progress(1.0);
    Ok(rows)
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
            // Distinct items (value, index): the unstable sort gives what the stable one does.
            let mut distinct: Vec<(u32, usize)> = items.iter().copied().zip(0..).collect();
            let mut stable = distinct.clone();
            top_sorted(&mut stable, limit, |a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            let keep = top_sorted_distinct(&mut distinct, limit, |a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            distinct.truncate(keep);
            assert_eq!(distinct, stable, "limit {limit}");
        }
    }
}
