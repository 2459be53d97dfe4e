//! The term table before it is written (#11): the counts of each key in a few flat arrays
//! (16 bytes a key: count, documents and, while counting, this document's count; 8 more for
//! the best relative frequency when the scope has several documents) and the rows as keys in
//! order; each row is made a [`TermRow`] (its text, its places as [`TermPos`], its counts per
//! document) only when it is written. At 9 MB of Chinese text (133 000 keys) that is 2 MB,
//! where the `TermRow`s took 20 MB, and the CLI writes `--json` and `--csv` row by row
//! without ever holding them all. No counts per document are kept while counting: when the
//! table has a column per document, they are counted again for its rows only.

use super::{key_text, term_pos, Lens, PerDocCounts, TermOptions, TermSort};
use crate::corpus::{Corpus, Document};
use crate::csv::Csv;
use crate::error::{Error, Result};
use crate::report::{TermPos, TermReport, TermRow, FORMAT_VERSION};
use crate::stats::idf;
use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

/// The counts of every key (see [`Lens`]) in scope, one array per field.
#[derive(Debug)]
pub(super) struct Tallies {
    /// Occurrences in scope.
    count: Vec<u64>,
    /// Documents of the corpus the key occurs in.
    df: Vec<u32>,
    /// The best relative frequency over the documents in scope; empty when the scope is one
    /// document (its relative frequency is then `count / total_tokens`).
    best_tf: Vec<f64>,
    /// The idf of each df, from 0 to the number of documents.
    idf: Vec<f64>,
    /// Counted tokens in scope.
    total_tokens: u64,
}

impl Tallies {
    pub fn count(&self, key: u32) -> u64 {
        self.count.get(key as usize).copied().unwrap_or(0)
    }

    pub fn df(&self, key: u32) -> u32 {
        self.df.get(key as usize).copied().unwrap_or(0)
    }

    /// The best tf-idf over the documents in scope: the best relative frequency times the
    /// idf (the product rounds monotonically, so the best product is the product of the best).
    pub fn tfidf(&self, key: u32) -> f64 {
        let tf = if self.best_tf.is_empty() {
            self.count(key) as f64 / self.total_tokens.max(1) as f64
        } else {
            self.best_tf.get(key as usize).copied().unwrap_or(0.0)
        };
        tf * self.idf.get(self.df(key) as usize).copied().unwrap_or(0.0)
    }

    /// Occurrences per 10,000 counted tokens in scope.
    pub fn rate(&self, key: u32) -> f64 {
        self.count(key) as f64 * 10_000.0 / self.total_tokens.max(1) as f64
    }

}

/// A place as (document index, token index); the document is `u32::MAX` for none.
type Place = (u32, u32);

/// First and last place of a key in scope.
type Places = [Place; 2];

const NOWHERE: Places = [(u32::MAX, 0), (u32::MAX, 0)];

/// Counts `doc`'s counted tokens into `tally` (one count per key, zero on entry); returns
/// how many there were. [`take_tally`] then reads the counts back and zeroes them.
pub(super) fn tally(lens: &Lens<'_>, doc: &Document, tally: &mut [u32]) -> u64 {
    let mut tokens = 0u64;
    for t in doc.tokens.iter() {
        if let Some(c) = lens.counted(&t).and_then(|k| tally.get_mut(k as usize)) {
            *c += 1;
            tokens += 1;
        }
    }
    tokens
}

/// Calls `each(key, count)` once for each key [`tally`] counted in `doc` (in the order of
/// their first occurrence), leaving `tally` zeroed.
pub(super) fn take_tally(lens: &Lens<'_>, doc: &Document, tally: &mut [u32], mut each: impl FnMut(u32, u32)) {
    for t in doc.tokens.iter() {
        let Some(k) = lens.counted(&t) else { continue };
        if let Some(c) = tally.get_mut(k as usize).map(std::mem::take).filter(|&c| c > 0) {
            each(k, c);
        }
    }
}

/// The rows of the term table, counted, sorted and cut to the limit: what [`TermRows`] and
/// the columns of [`term_table_columns`](super::term_table_columns) are written from.
pub(super) struct Counting<'a> {
    /// Every field of the report but its rows (`terms` is empty).
    pub head: TermReport,
    pub lens: Lens<'a>,
    pub tallies: Tallies,
    /// The key of each row, in order.
    pub rows: Vec<u32>,
    /// The first and last place of each row, when `options.positions`.
    pub places: RowPlaces,
}

/// The first and last place of each key in scope, as counted: token indices, and the documents
/// they are in when several documents are in scope (with one, every place is in it: 8 bytes a
/// key, not 16).
pub(super) struct KeyPlaces {
    /// First and last token index of each key (`u32::MAX` first: not found).
    tokens: Vec<[u32; 2]>,
    /// First and last document index of each key; empty when only `only` is in scope.
    docs: Vec<[u32; 2]>,
    only: u32,
}

impl KeyPlaces {
    /// Places of `n_keys` keys, none found yet; `only`: the one document in scope, if one.
    fn new(n_keys: usize, only: Option<usize>) -> KeyPlaces {
        KeyPlaces {
            tokens: vec![[u32::MAX, 0]; n_keys],
            docs: if only.is_some() { Vec::new() } else { vec![[u32::MAX, 0]; n_keys] },
            only: only.map_or(u32::MAX, |d| d as u32),
        }
    }

    /// Key `k` is at token `i` of document `d` (documents and their tokens in order).
    fn see(&mut self, k: u32, d: u32, i: u32) {
        let Some(t) = self.tokens.get_mut(k as usize) else { return };
        let unseen = t[0] == u32::MAX;
        if unseen {
            t[0] = i;
        }
        t[1] = i;
        if let Some(ds) = self.docs.get_mut(k as usize) {
            if unseen {
                ds[0] = d;
            }
            ds[1] = d;
        }
    }

    fn get(&self, k: u32) -> Places {
        match self.tokens.get(k as usize) {
            Some(&[first, last]) if first != u32::MAX => {
                let [d0, d1] = self.docs.get(k as usize).copied().unwrap_or([self.only; 2]);
                [(d0, first), (d1, last)]
            }
            _ => NOWHERE,
        }
    }
}

/// The first and last place of each row: by row when the rows are a few of the keys (a limit),
/// else by key, as counted, so that no second copy of them is made (at 9 MB of Chinese with no
/// limit that copy was 2 MB, the CLI's peak).
pub(super) enum RowPlaces {
    None,
    ByRow(Vec<Places>),
    ByKey(KeyPlaces),
}

impl RowPlaces {
    /// Row `i`'s places, whose key is `k`.
    fn get(&self, i: usize, k: u32) -> Places {
        match self {
            RowPlaces::None => NOWHERE,
            RowPlaces::ByRow(p) => p.get(i).copied().unwrap_or(NOWHERE),
            RowPlaces::ByKey(p) => p.get(k),
        }
    }
}

/// Counts the terms of `corpus` with `options` (see [`terms`](super::terms)) in one pass
/// over each document's tokens; calls `progress(done)` from 0 to `till` as it goes,
/// document by document.
pub(super) fn count<'a>(
    corpus: &'a Corpus,
    options: &TermOptions,
    till: f64,
    progress: &mut dyn FnMut(f64),
) -> Result<Counting<'a>> {
    let lens = Lens::new(corpus, &options.filter())?;
    let docs = corpus.stored_documents();
    let scope_index = match options.doc {
        Some(id) => Some(docs.iter().position(|d| d.id.0 == id).ok_or_else(|| Error::unknown_document(id))?),
        None => None,
    };
    let in_scope = |d: usize| scope_index.map_or(true, |s| s == d);
    let n_keys = lens.n_keys();
    let one_document = scope_index.is_some() || docs.len() <= 1;
    let mut t = Tallies {
        count: vec![0; n_keys],
        df: vec![0; n_keys],
        best_tf: if one_document { Vec::new() } else { vec![0.0; n_keys] },
        idf: (0..=docs.len()).map(|df| idf(docs.len(), df as u32)).collect(),
        total_tokens: 0,
    };
    let mut counts = vec![0u32; n_keys];
    let mut tokens_of: Vec<u64> = Vec::with_capacity(docs.len());
    let n_docs = docs.len().max(1) as f64;
    for (d, doc) in docs.iter().enumerate() {
        progress(till * d as f64 / n_docs);
        let tokens = tally(&lens, doc, &mut counts);
        tokens_of.push(tokens);
        let in_scope = in_scope(d);
        if in_scope {
            t.total_tokens += tokens;
        }
        take_tally(&lens, doc, &mut counts, |k, c| {
            if let Some(df) = t.df.get_mut(k as usize) {
                *df += 1;
            }
            if !in_scope {
                return;
            }
            if let Some(count) = t.count.get_mut(k as usize) {
                *count += u64::from(c);
            }
            if let Some(best) = t.best_tf.get_mut(k as usize) {
                let tf = f64::from(c) / tokens.max(1) as f64;
                if tf > *best {
                    *best = tf;
                }
            }
        });
    }

    // First and last occurrence (document index, token index).
    let mut places = None;
    if options.positions || options.sort == TermSort::Position {
        let only = scope_index.or((docs.len() == 1).then_some(0));
        let p = places.insert(KeyPlaces::new(n_keys, only));
        for (d, doc) in docs.iter().enumerate() {
            if !in_scope(d) {
                continue;
            }
            for (i, tok) in doc.tokens.iter().enumerate() {
                if let Some(k) = lens.counted(&tok) {
                    p.see(k, d as u32, i as u32);
                }
            }
        }
    }

    // The rows: the shown keys (in the buffer the counts of a document took).
    let needle = key_text(options.search.trim(), options.fold_width);
    let mut rows = counts;
    rows.clear();
    rows.extend((0..n_keys as u32).filter(|&k| {
        t.count(k) > 0 && lens.shown(k) && (needle.is_empty() || lens.text(k).contains(needle.as_str()))
    }));
    let shown_tokens: u64 = rows.iter().map(|&k| t.count(k)).sum();
    let distinct_terms = rows.len();

    let first = |k: u32| places.as_ref().map_or(NOWHERE[0], |p| p.get(k)[0]);
    let by_text = |a: u32, b: u32| lens.text(a).cmp(lens.text(b));
    let order = |&a: &u32, &b: &u32| -> std::cmp::Ordering {
        match options.sort {
            TermSort::Count => t.count(b).cmp(&t.count(a)).then_with(|| by_text(a, b)),
            TermSort::Tfidf => t.tfidf(b).total_cmp(&t.tfidf(a)).then_with(|| by_text(a, b)),
            TermSort::Df => t.df(b).cmp(&t.df(a)).then_with(|| t.count(b).cmp(&t.count(a))).then_with(|| by_text(a, b)),
            TermSort::Position => first(a).cmp(&first(b)),
            TermSort::Term => by_text(a, b),
        }
    };
    // Every order ends in the key's text, or the first place, both one key's own.
    let keep = super::top_sorted_distinct(&mut rows, options.limit, order);
    rows.truncate(keep);
    if rows.len() < rows.capacity() / 2 {
        rows.shrink_to_fit();
    }
    // The places of the rows: copied in row order only when that is much smaller.
    let places = match places.filter(|_| options.positions) {
        Some(p) if rows.len() * 2 < n_keys => RowPlaces::ByRow(rows.iter().map(|&k| p.get(k)).collect()),
        Some(p) => RowPlaces::ByKey(p),
        None => RowPlaces::None,
    };
    let documents = docs.iter().zip(&tokens_of).map(|(doc, &tokens)| super::counted_doc_ref(doc, tokens)).collect();
    let head = TermReport {
        version: FORMAT_VERSION,
        documents,
        doc: options.doc,
        total_tokens: t.total_tokens,
        shown_tokens,
        distinct_terms,
        terms: Vec::new(),
    };
    Ok(Counting { head, lens, tallies: t, rows, places })
}

/// The rows of a [`TermReport`], sorted and cut to the limit, each made a [`TermRow`] when
/// asked for: [`row`](Self::row), or written one at a time as JSON (`Serialize`: exactly
/// the JSON of the collected report) or as CSV ([`csv_rows`](Self::csv_rows)). Made by
/// [`term_rows`](super::term_rows); [`into_report`](Self::into_report) collects them.
pub struct TermRows<'a> {
    /// Every field of the report but its rows (`terms` is empty).
    head: TermReport,
    lens: Lens<'a>,
    docs: &'a [Document],
    tallies: Tallies,
    /// The key of each row, in order.
    rows: Vec<u32>,
    /// The first and last place of each row (none unless `options.positions`).
    places: RowPlaces,
    /// The counts per document of each row, sparse (empty unless asked for).
    per_doc: PerDocCounts,
    /// Whether each row carries its counts per document (`options.per_doc`).
    with_per_doc: bool,
}

impl<'a> TermRows<'a> {
    /// The rows of `counting`, with their counts per document if `options.per_doc`.
    pub(super) fn new(counting: Counting<'a>, options: &TermOptions) -> TermRows<'a> {
        let Counting { head, lens, tallies, rows, places } = counting;
        let docs = lens.corpus().stored_documents();
        let per_doc = if options.per_doc { PerDocCounts::of_rows(&lens, &tallies, &rows) } else { PerDocCounts::default() };
        TermRows { head, lens, docs, tallies, rows, places, per_doc, with_per_doc: options.per_doc }
    }

    /// Every field of the report but its rows (`terms` is empty).
    pub fn head(&self) -> &TermReport {
        &self.head
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Row `i` (from 0), as the report holds it.
    pub fn row(&self, i: usize) -> Option<TermRow> {
        self.rows.get(i).map(|&k| self.make(i, k))
    }

    /// The rows in order.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = TermRow> + '_ {
        self.rows.iter().enumerate().map(|(i, &k)| self.make(i, k))
    }

    /// Row `i`, whose key is `k`, made a [`TermRow`].
    fn make(&self, i: usize, k: u32) -> TermRow {
        let places = self.places.get(i, k);
        let place = |(d, t): Place| -> Option<TermPos> { self.docs.get(d as usize).map(|doc| term_pos(doc, t as usize)) };
        TermRow {
            term: self.lens.text(k).to_owned(),
            count: self.tallies.count(k),
            rate: self.tallies.rate(k),
            df: self.tallies.df(k),
            tfidf: self.tallies.tfidf(k),
            first: place(places[0]),
            last: place(places[1]),
            per_doc: if self.with_per_doc { self.per_doc.dense_row(i, self.docs.len()) } else { Vec::new() },
        }
    }

    /// The report with every row made.
    pub fn into_report(self) -> TermReport {
        let terms = self.rows().collect();
        TermReport { terms, ..self.head }
    }

    /// The table as CSV (what [`ToCsv`](super::ToCsv) gives for the collected report), in
    /// pieces: the header row, starting with the BOM, then one piece per row.
    pub fn csv_rows(&self) -> impl Iterator<Item = String> + '_ {
        let mut csv = Csv::new();
        // The collected report has document columns when its rows carry counts per document.
        let with_docs = self.with_per_doc && !self.rows.is_empty() && !self.docs.is_empty();
        super::csv::term_header(&mut csv, &self.head.documents, with_docs);
        let header = csv.take();
        std::iter::once(header).chain(self.rows().map(move |row| {
            super::csv::term_row(&mut csv, &row);
            csv.take()
        }))
    }
}

/// Exactly the JSON of [`TermRows::into_report`]'s [`TermReport`], each row made as it is written.
impl Serialize for TermRows<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let h = &self.head;
        let mut s = serializer.serialize_struct("TermReport", 7)?;
        s.serialize_field("version", &h.version)?;
        s.serialize_field("documents", &h.documents)?;
        s.serialize_field("doc", &h.doc)?;
        s.serialize_field("totalTokens", &h.total_tokens)?;
        s.serialize_field("shownTokens", &h.shown_tokens)?;
        s.serialize_field("distinctTerms", &h.distinct_terms)?;
        s.serialize_field("terms", &Lazy(self))?;
        s.end()
    }
}

/// The rows of a [`TermRows`] as a JSON array, made one at a time.
struct Lazy<'r, 'a>(&'r TermRows<'a>);

impl Serialize for Lazy<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for row in self.0.rows() {
            seq.serialize_element(&row)?;
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests;
