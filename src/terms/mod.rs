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
//! - "which words dominate?" → [`term_stats`] (per corpus or `doc`);
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

pub use collocates::{collocates, CollocateOptions};
pub use csv::ToCsv;
pub use distribution::{distribution, DistributionOptions};
pub use keyness::{keyness, KeynessOptions};
pub use kwic::{kwic, KwicOptions};
pub use ngrams::{ngrams, NgramOptions};

use crate::corpus::{Corpus, Document, Token};
use crate::error::{Error, Result};
use crate::report::{DocRef, Loc, TermPos, TermReport, TermRow, FORMAT_VERSION};
use crate::segment::TokenKind;
use crate::stats::idf;
use crate::vocab::TermId;
use crate::width::fold_width;
use serde::Deserialize;
use rustc_hash::FxHashMap;
use std::collections::HashSet;

/// Which tokens count as terms and which terms are shown; shared by every
/// analysis of this module (flattened into their options on the wire).
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FilterOptions {
    /// Count numbers as terms too.
    pub include_numbers: bool,
    /// Count punctuation, symbols and emoji as terms too.
    pub include_punct: bool,
    /// Minimum length of a shown term, in characters (at least 1).
    pub min_length: usize,
    /// Terms to hide (matched after case and, if asked, width folding).
    pub stopwords: Vec<String>,
    /// Built-in stopword lists to hide as well (ISO 639-1 codes, see [`stopwords::languages`]).
    pub stopword_languages: Vec<String>,
    /// Fold full-width letters, digits and signs to their ASCII forms when comparing.
    pub fold_width: bool,
}

impl Default for FilterOptions {
    fn default() -> Self {
        FilterOptions {
            include_numbers: false,
            include_punct: false,
            min_length: 1,
            stopwords: Vec::new(),
            stopword_languages: Vec::new(),
            fold_width: false,
        }
    }
}

/// How the term table is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TermSort {
    /// Count descending.
    #[default]
    Count,
    /// TF-IDF descending.
    Tfidf,
    /// Document frequency descending, then count descending.
    Df,
    /// First occurrence first.
    Position,
    /// Term text ascending (code point order).
    Term,
}

/// Options of [`term_stats`].
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TermOptions {
    /// Count numbers as terms too.
    pub include_numbers: bool,
    /// Count punctuation and symbols as terms too.
    pub include_punct: bool,
    /// Minimum length of a term in characters.
    pub min_length: usize,
    /// At most this many rows (0 = all).
    pub limit: usize,
    /// Terms to hide.
    pub stopwords: Vec<String>,
    /// Built-in stopword lists to hide as well.
    pub stopword_languages: Vec<String>,
    /// Fold full-width forms when comparing.
    pub fold_width: bool,
    /// Show only terms whose key contains this text (case-folded); empty = all.
    pub search: String,
    /// Restrict the table to one document (its id); `None` = the whole corpus.
    pub doc: Option<u32>,
    pub sort: TermSort,
    /// Fill `perDoc` in each row.
    pub per_doc: bool,
    /// Fill `first` and `last` in each row (the page's table leaves them out).
    pub positions: bool,
}

impl Default for TermOptions {
    fn default() -> Self {
        TermOptions {
            include_numbers: false,
            include_punct: false,
            min_length: 1,
            limit: 0,
            stopwords: Vec::new(),
            stopword_languages: Vec::new(),
            fold_width: false,
            search: String::new(),
            doc: None,
            sort: TermSort::Count,
            per_doc: true,
            positions: true,
        }
    }
}

impl TermOptions {
    /// The filter part of these options.
    pub fn filter(&self) -> FilterOptions {
        FilterOptions {
            include_numbers: self.include_numbers,
            include_punct: self.include_punct,
            min_length: self.min_length,
            stopwords: self.stopwords.clone(),
            stopword_languages: self.stopword_languages.clone(),
            fold_width: self.fold_width,
        }
    }
}

/// The comparison key of a piece of text: lower case, then width-folded if asked.
fn key_text(s: &str, width: bool) -> String {
    let lower = s.to_lowercase();
    if width {
        // Folding can make new upper-case ASCII (Ａ → A), so fold case again.
        fold_width(&lower).to_lowercase()
    } else {
        lower
    }
}

/// Width-folded keys: the key of each term id, the key texts, key text → key.
type Folded = (Vec<u32>, Vec<String>, FxHashMap<String, u32>);

/// A per-request view of a corpus: term id → key, which tokens count, which
/// keys are shown. Built in O(vocabulary).
pub struct Lens<'a> {
    corpus: &'a Corpus,
    /// `Some` when width folding merged terms: key of each term id, key texts,
    /// and key text → key.
    folded: Option<Folded>,
    include_numbers: bool,
    include_punct: bool,
    /// Whether each key is shown (not a stopword, long enough).
    shown: Vec<bool>,
}

impl<'a> Lens<'a> {
    /// A lens over `corpus` with `filter`.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidOption`](crate::ErrorKind::InvalidOption) for a
    /// `min_length` of 0 or an unknown stopword language.
    pub fn new(corpus: &'a Corpus, filter: &FilterOptions) -> Result<Lens<'a>> {
        if filter.min_length == 0 {
            return Err(Error::invalid_option("minLength must be at least 1"));
        }
        let vocab = corpus.vocabulary();
        let folded = filter.fold_width.then(|| {
            let mut of = Vec::with_capacity(vocab.len());
            let mut texts: Vec<String> = Vec::new();
            let mut ids: FxHashMap<String, u32> = FxHashMap::default();
            for i in 0..vocab.len() {
                let text = key_text(vocab.term(TermId(i as u32)), true);
                let k = match ids.get(&text) {
                    Some(&k) => k,
                    None => {
                        let k = texts.len() as u32;
                        ids.insert(text.clone(), k);
                        texts.push(text);
                        k
                    }
                };
                of.push(k);
            }
            (of, texts, ids)
        });
        let mut lens = Lens {
            corpus,
            folded,
            include_numbers: filter.include_numbers,
            include_punct: filter.include_punct,
            shown: Vec::new(),
        };
        let mut stop: HashSet<u32> = HashSet::new();
        let mut add_stop = |lens: &Lens<'_>, word: &str| {
            if let Some(k) = lens.lookup(word.trim()) {
                stop.insert(k);
            }
        };
        for word in &filter.stopwords {
            add_stop(&lens, word);
        }
        for lang in &filter.stopword_languages {
            let list = stopwords::builtin(lang).ok_or_else(|| {
                let known: Vec<&str> = stopwords::languages().iter().map(|l| l.0).collect();
                Error::invalid_option(format!(
                    "no built-in stopword list for language `{lang}` (known: {})",
                    known.join(", ")
                ))
            })?;
            for word in list {
                add_stop(&lens, word);
            }
        }
        let min = filter.min_length;
        lens.shown = (0..lens.n_keys() as u32)
            .map(|k| !stop.contains(&k) && (min <= 1 || lens.text(k).chars().count() >= min))
            .collect();
        Ok(lens)
    }

    pub fn corpus(&self) -> &'a Corpus {
        self.corpus
    }

    /// Number of distinct keys (key ids run from 0 to this).
    pub fn n_keys(&self) -> usize {
        match &self.folded {
            Some((_, texts, _)) => texts.len(),
            None => self.corpus.vocabulary().len(),
        }
    }

    /// The key of a term id (whatever its kind).
    pub fn key_of(&self, term: TermId) -> u32 {
        match &self.folded {
            Some((of, _, _)) => of.get(term.0 as usize).copied().unwrap_or(u32::MAX),
            None => term.0,
        }
    }

    /// The key of a token if its kind is counted.
    pub fn counted(&self, token: &Token) -> Option<u32> {
        self.counts_kind(token.kind).then(|| self.key_of(token.term))
    }

    pub fn counts_kind(&self, kind: TokenKind) -> bool {
        match kind {
            TokenKind::Word => true,
            TokenKind::Number => self.include_numbers,
            TokenKind::Punct | TokenKind::Symbol | TokenKind::Emoji => self.include_punct,
            TokenKind::Space => false,
        }
    }

    /// Whether a key is shown (not a stopword, long enough).
    pub fn shown(&self, key: u32) -> bool {
        self.shown.get(key as usize).copied().unwrap_or(false)
    }

    /// The text of a key (empty for an unknown key).
    pub fn text(&self, key: u32) -> &str {
        match &self.folded {
            Some((_, texts, _)) => texts.get(key as usize).map_or("", String::as_str),
            None => self.corpus.vocabulary().term(TermId(key)),
        }
    }

    /// The key of a word typed by a person, if the corpus has it.
    pub fn lookup(&self, word: &str) -> Option<u32> {
        match &self.folded {
            Some((_, _, ids)) => ids.get(&key_text(word, true)).copied(),
            None => self.corpus.vocabulary().get(&key_text(word, false)).map(|t| t.0),
        }
    }

    /// The keys of a query (a word or a phrase), segmented like the documents.
    /// `Ok(None)` if a word of the query never occurs in the corpus.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidOption`](crate::ErrorKind::InvalidOption) if the query has no words.
    pub fn query(&self, query: &str) -> Result<Option<Vec<u32>>> {
        let raw = self.corpus.segmenter().segment(query);
        let words: Vec<&str> = raw.iter().filter(|t| t.kind != TokenKind::Space).map(|t| t.span.slice(query)).collect();
        if words.is_empty() {
            return Err(Error::invalid_option("the query is empty: type a word or a phrase"));
        }
        Ok(words.iter().map(|w| self.lookup(w)).collect())
    }

    /// The documents in scope: one (by id) or all.
    ///
    /// # Errors
    /// [`ErrorKind::UnknownDocument`](crate::ErrorKind::UnknownDocument).
    pub fn scope(&self, doc: Option<u32>) -> Result<Vec<&'a Document>> {
        match doc {
            Some(id) => Ok(vec![self.corpus.document(crate::DocId(id))?]),
            None => Ok(self.corpus.documents().iter().collect()),
        }
    }

    /// Sparse counts of the counted keys of `doc`, sorted by key, and the
    /// number of counted tokens. `scratch` is a zeroed buffer of `n_keys()`
    /// entries, left zeroed on return.
    pub fn doc_counts(&self, doc: &Document, scratch: &mut Vec<u32>) -> (Vec<(u32, u32)>, u64) {
        scratch.resize(self.n_keys(), 0);
        let mut touched: Vec<u32> = Vec::new();
        let mut tokens = 0u64;
        for t in &doc.tokens {
            if let Some(k) = self.counted(t) {
                if let Some(c) = scratch.get_mut(k as usize) {
                    if *c == 0 {
                        touched.push(k);
                    }
                    *c += 1;
                    tokens += 1;
                }
            }
        }
        touched.sort_unstable();
        let counts = touched
            .iter()
            .map(|&k| {
                let c = scratch.get_mut(k as usize).map_or(0, std::mem::take);
                (k, c)
            })
            .collect();
        (counts, tokens)
    }

    /// Start indices (into `doc.tokens`) and end indices (exclusive) of the
    /// matches of a key sequence; white space between the words is skipped.
    pub fn matches(&self, doc: &Document, keys: &[u32]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let Some((&first, rest)) = keys.split_first() else { return out };
        let tokens = &doc.tokens;
        for (i, t) in tokens.iter().enumerate() {
            if t.kind == TokenKind::Space || self.key_of(t.term) != first {
                continue;
            }
            let mut j = i + 1;
            let mut ok = true;
            for &k in rest {
                while tokens.get(j).is_some_and(|t| t.kind == TokenKind::Space) {
                    j += 1;
                }
                match tokens.get(j) {
                    Some(t) if self.key_of(t.term) == k => j += 1,
                    _ => {
                        ok = false;
                        break;
                    }
                }
            }
            if ok {
                out.push((i, j));
            }
        }
        out
    }
}

/// A document's reference for a report, with its counted tokens.
pub(crate) fn doc_ref(doc: &Document, tokens: u64) -> DocRef {
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
pub fn term_stats(corpus: &Corpus, options: &TermOptions) -> Result<TermReport> {
    let lens = Lens::new(corpus, &options.filter())?;
    let docs = corpus.documents();
    let scope_index = match options.doc {
        Some(id) => Some(docs.iter().position(|d| d.id.0 == id).ok_or_else(|| Error::unknown_document(id))?),
        None => None,
    };
    let n_keys = lens.n_keys();
    let mut scratch = Vec::new();
    let mut sparse: Vec<(Vec<(u32, u32)>, u64)> = Vec::with_capacity(docs.len());
    let mut df = vec![0u32; n_keys];
    for doc in docs {
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
            if let Some(k) = lens.counted(t) {
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

    let mut per_doc: Vec<Vec<u64>> = Vec::new();
    if options.per_doc {
        let mut row_of = vec![u32::MAX; n_keys];
        for (r, &k) in keys.iter().enumerate() {
            if let Some(slot) = row_of.get_mut(k as usize) {
                *slot = r as u32;
            }
        }
        per_doc = vec![vec![0u64; docs.len()]; keys.len()];
        for (d, (counts, _)) in sparse.iter().enumerate() {
            for &(k, n) in counts {
                let r = row_of.get(k as usize).copied().unwrap_or(u32::MAX);
                if let Some(cell) = per_doc.get_mut(r as usize).and_then(|row| row.get_mut(d)) {
                    *cell = u64::from(n);
                }
            }
        }
    }
    let pos = |k: u32, v: &[(u32, u32)]| {
        let (d, i) = v.get(k as usize).copied()?;
        docs.get(d as usize).filter(|_| options.positions).map(|doc| term_pos(doc, i as usize))
    };
    let mut per_doc = per_doc.into_iter();
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
            per_doc: per_doc.next().unwrap_or_default(),
        })
        .collect();
    let documents = docs.iter().zip(&sparse).map(|(doc, (_, tokens))| doc_ref(doc, *tokens)).collect();
    Ok(TermReport {
        version: FORMAT_VERSION,
        documents,
        doc: options.doc,
        total_tokens,
        shown_tokens,
        distinct_terms,
        terms,
    })
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
        let r = term_stats(&c, &TermOptions::default()).unwrap_or_else(|e| panic!("{e}"));
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
        assert_eq!(term_stats(&c, &opts).map_err(|e| e.name()).err(), Some("InvalidOption"));
        let opts = TermOptions { stopword_languages: vec!["xx".into()], ..TermOptions::default() };
        let err = term_stats(&c, &opts).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("`xx`") && err.contains("zh"), "{err}");
    }

    #[test]
    fn first_last_tfidf_and_one_document_scope() {
        let c = corpus(&["b a b", "a c a c"]);
        let r = term_stats(&c, &TermOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        let row = |t: &str| r.terms.iter().find(|x| x.term == t).cloned();
        let a = row("a").unwrap_or_else(|| panic!("a"));
        let (first, last) = (a.first.unwrap_or_else(|| panic!("first")), a.last.unwrap_or_else(|| panic!("last")));
        assert_eq!((first.doc, first.token, first.loc.start), (0, 2, 2));
        assert_eq!((last.doc, last.token), (1, 4));
        let lean = term_stats(&c, &TermOptions { positions: false, ..TermOptions::default() })
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(lean.terms.iter().all(|t| t.first.is_none() && t.last.is_none()));
        assert_eq!(lean.terms.iter().map(|t| t.count).sum::<u64>(), r.total_tokens);
        // df(a) = 2 of 2 → idf 1; best tf is 2/4 in doc 1.
        assert!((a.tfidf - 0.5).abs() < 1e-12, "{}", a.tfidf);
        // b: 2/3 in doc 0, idf = ln(3/2) + 1.
        let b = row("b").unwrap_or_else(|| panic!("b"));
        assert!((b.tfidf - 2.0 / 3.0 * ((1.5f64).ln() + 1.0)).abs() < 1e-12);
        let one =
            term_stats(&c, &TermOptions { doc: Some(1), ..TermOptions::default() }).unwrap_or_else(|e| panic!("{e}"));
        let terms: Vec<(&str, u64, u32)> = one.terms.iter().map(|t| (t.term.as_str(), t.count, t.df)).collect();
        assert_eq!(terms, vec![("a", 2, 2), ("c", 2, 1)]);
        assert_eq!(one.total_tokens, 4);
        let bad = term_stats(&c, &TermOptions { doc: Some(9), ..TermOptions::default() });
        assert_eq!(bad.err().map(|e| e.name()), Some("UnknownDocument"));
    }

    #[test]
    fn stopwords_search_and_width_folding() {
        let c = corpus(&["我们的ＡＢＣ和abc。我们去了北京。"]);
        let plain = term_stats(&c, &TermOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        assert!(plain.terms.iter().any(|t| t.term == "ａｂｃ"));
        let folded = term_stats(&c, &TermOptions { fold_width: true, ..TermOptions::default() })
            .unwrap_or_else(|e| panic!("{e}"));
        let abc = folded.terms.iter().find(|t| t.term == "abc").map(|t| t.count);
        assert_eq!(abc, Some(2));
        let opts = TermOptions { stopword_languages: vec!["zh".into()], ..TermOptions::default() };
        let r = term_stats(&c, &opts).unwrap_or_else(|e| panic!("{e}"));
        assert!(r.terms.iter().all(|t| t.term != "我们" && t.term != "的"));
        assert!(r.shown_tokens < r.total_tokens);
        let opts = TermOptions { search: "北".into(), ..TermOptions::default() };
        let r = term_stats(&c, &opts).unwrap_or_else(|e| panic!("{e}"));
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
