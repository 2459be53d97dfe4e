//! Token n-grams (2–5 tokens) that do not cross a sentence boundary.
//!
//! An n-gram is a run of consecutive counted tokens inside one sentence; white
//! space between them is skipped, anything else that is not counted (by
//! default punctuation) breaks the run. N-grams that begin or end with a hidden
//! term (a stopword, or one shorter than `minLength`) are dropped, as in
//! AntConc's cluster view. The number of distinct n-grams is budgeted.

use super::{doc_ref, term_pos, FilterOptions, Lens};
use crate::corpus::{Corpus, Document};
use crate::error::{Error, Result};
use crate::report::{NgramReport, NgramRow, FORMAT_VERSION};
use crate::segment::TokenKind;
use serde::Deserialize;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};

/// The longest n-gram.
pub const MAX_N: usize = 5;

/// Options of [`ngrams`].
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct NgramOptions {
    #[serde(flatten)]
    pub filter: FilterOptions,
    /// Shortest n-gram, at least 2.
    pub min_n: usize,
    /// Longest n-gram, at most [`MAX_N`].
    pub max_n: usize,
    /// List only n-grams occurring at least this often.
    pub min_count: u64,
    /// Restrict to one document (its id).
    pub doc: Option<u32>,
    /// At most this many rows (0 = all).
    pub limit: usize,
    /// Stop adding new distinct n-grams after this many (the budget).
    pub max_distinct: usize,
}

impl Default for NgramOptions {
    fn default() -> Self {
        NgramOptions {
            filter: FilterOptions::default(),
            min_n: 2,
            max_n: 3,
            min_count: 2,
            doc: None,
            limit: 0,
            max_distinct: 2_000_000,
        }
    }
}

/// Up to [`MAX_N`] keys, unused slots `u32::MAX`.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Key([u32; MAX_N]);

impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        for &k in &self.0 {
            state.write_u32(k);
        }
    }
}

/// A small multiplicative hasher for integer keys (FxHash's scheme): the keys
/// are our own ids, not attacker-chosen, and SipHash would triple the time.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u32(u32::from(b));
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(n)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

struct Entry {
    count: u64,
    df: u32,
    last_doc: u32,
    /// (document index, first token, last token).
    first: (u32, u32, u32),
}

/// Runs of counted tokens that stay inside one sentence: `(key, token index)`.
fn runs(lens: &Lens<'_>, doc: &Document, mut each: impl FnMut(&[(u32, u32)])) {
    let mut run: Vec<(u32, u32)> = Vec::new();
    let mut sentences = doc.sentences.iter().peekable();
    let mut current: Option<usize> = None; // end of the current sentence
    for (i, t) in doc.tokens.iter().enumerate() {
        // Advance to the sentence holding this token's start, if any.
        while sentences.peek().is_some_and(|s| (s.end as usize) <= t.span.start as usize) {
            sentences.next();
        }
        let sentence = sentences
            .peek()
            .filter(|s| s.start <= t.span.start && t.span.end <= s.end)
            .map(|s| s.end as usize);
        if sentence != current {
            each(&run);
            run.clear();
            current = sentence;
        }
        if sentence.is_none() {
            continue;
        }
        match lens.counted(t) {
            Some(k) => run.push((k, i as u32)),
            None if t.kind == TokenKind::Space => {}
            None => {
                each(&run);
                run.clear();
            }
        }
    }
    each(&run);
}

/// Counts n-grams over the corpus (or one document).
///
/// # Errors
/// [`ErrorKind::InvalidOption`](crate::ErrorKind::InvalidOption) for an n
/// outside 2..=5 or `minN > maxN`; those of [`Lens::new`]; an unknown `doc`.
pub fn ngrams(corpus: &Corpus, options: &NgramOptions) -> Result<NgramReport> {
    let (lo, hi) = (options.min_n, options.max_n);
    if lo < 2 || hi > MAX_N || lo > hi {
        return Err(Error::invalid_option(format!(
            "n-gram lengths must satisfy 2 <= minN <= maxN <= {MAX_N}, got minN {lo}, maxN {hi}"
        )));
    }
    let lens = Lens::new(corpus, &options.filter)?;
    let docs = lens.scope(options.doc)?;
    let mut map: IdMap<Key, u32> = IdMap::default();
    let mut entries: Vec<Entry> = Vec::new();
    let mut truncated = false;
    let mut doc_tokens = Vec::with_capacity(docs.len());
    let mut scratch = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        let d = d as u32;
        runs(&lens, doc, |run| {
            for start in 0..run.len() {
                let Some(&(k0, i0)) = run.get(start) else { continue };
                if !lens.shown(k0) {
                    continue;
                }
                let mut key = Key([u32::MAX; MAX_N]);
                for (slot, &(k, _)) in key.0.iter_mut().zip(run.get(start..).unwrap_or(&[])).take(lo - 1) {
                    *slot = k;
                }
                for n in lo..=hi {
                    let Some(&(kn, iend)) = run.get(start + n - 1) else { break };
                    if let Some(slot) = key.0.get_mut(n - 1) {
                        *slot = kn;
                    }
                    if !lens.shown(kn) {
                        continue;
                    }
                    let next = entries.len() as u32;
                    let index = match map.get(&key) {
                        Some(&e) => e,
                        None if entries.len() >= options.max_distinct => {
                            truncated = true;
                            continue;
                        }
                        None => {
                            map.insert(key, next);
                            entries.push(Entry { count: 0, df: 0, last_doc: u32::MAX, first: (d, i0, iend) });
                            next
                        }
                    };
                    if let Some(e) = entries.get_mut(index as usize) {
                        e.count += 1;
                        if e.last_doc != d {
                            e.last_doc = d;
                            e.df += 1;
                        }
                    }
                }
            }
        });
        doc_tokens.push(lens.doc_counts(doc, &mut scratch).1);
    }
    let distinct = entries.len();

    let mut rows: Vec<(Key, u32)> =
        map.into_iter().filter(|(_, e)| entries.get(*e as usize).is_some_and(|e| e.count >= options.min_count)).collect();
    let n_of = |k: &Key| k.0.iter().take_while(|&&x| x != u32::MAX).count();
    let count_of = |e: u32| entries.get(e as usize).map_or(0, |e| e.count);
    let key_texts = |k: &Key| -> Vec<&str> { k.0.iter().take(n_of(k)).map(|&x| lens.text(x)).collect() };
    let lens_ref = &lens;
    let texts_of = |k: Key| k.0.into_iter().take_while(|&x| x != u32::MAX).map(move |x| lens_ref.text(x));
    rows.sort_by(|a, b| {
        count_of(b.1)
            .cmp(&count_of(a.1))
            .then_with(|| n_of(&b.0).cmp(&n_of(&a.0)))
            .then_with(|| texts_of(a.0).cmp(texts_of(b.0)))
    });
    if options.limit > 0 {
        rows.truncate(options.limit);
    }

    // Per-document counts of the listed n-grams: a second pass that only looks
    // up the listed keys.
    let row_of: IdMap<Key, usize> = rows.iter().enumerate().map(|(r, (k, _))| (*k, r)).collect();
    let mut per_doc = vec![vec![0u64; docs.len()]; rows.len()];
    for (d, doc) in docs.iter().enumerate() {
        runs(&lens, doc, |run| {
            for start in 0..run.len() {
                let mut key = Key([u32::MAX; MAX_N]);
                for n in 1..=hi {
                    let Some(&(k, _)) = run.get(start + n - 1) else { break };
                    if let Some(slot) = key.0.get_mut(n - 1) {
                        *slot = k;
                    }
                    if n >= lo {
                        if let Some(cell) = row_of.get(&key).and_then(|&r| per_doc.get_mut(r)).and_then(|v| v.get_mut(d)) {
                            *cell += 1;
                        }
                    }
                }
            }
        });
    }

    let ngrams = rows
        .iter()
        .zip(per_doc)
        .filter_map(|((key, e), per_doc)| {
            let e = entries.get(*e as usize)?;
            let doc = docs.get(e.first.0 as usize)?;
            let start = doc.tokens.get(e.first.1 as usize)?.span.start;
            let end = doc.tokens.get(e.first.2 as usize)?.span.end;
            let raw = doc.text.get(start as usize..end as usize).unwrap_or("");
            Some(NgramRow {
                text: raw.split_whitespace().collect::<Vec<_>>().join(" "),
                terms: key_texts(key).into_iter().map(str::to_owned).collect(),
                n: n_of(key),
                count: e.count,
                df: e.df,
                first: term_pos(doc, e.first.1 as usize),
                per_doc,
            })
        })
        .collect();
    let documents = docs.iter().zip(doc_tokens).map(|(doc, n)| doc_ref(doc, n)).collect();
    Ok(NgramReport { version: FORMAT_VERSION, documents, doc: options.doc, min_n: lo, max_n: hi, distinct, truncated, ngrams })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(docs: &[&str]) -> Corpus {
        let mut c = Corpus::new();
        for (i, d) in docs.iter().enumerate() {
            c.add_document(&format!("d{i}"), d.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        }
        c
    }

    fn grams(r: &NgramReport) -> Vec<(String, u64)> {
        r.ngrams.iter().map(|g| (g.terms.join(" "), g.count)).collect()
    }

    #[test]
    fn ngrams_stay_inside_sentences_and_runs() {
        let c = corpus(&["New York is big. York is old, New York.", "new  york \t is here."]);
        let r = ngrams(&c, &NgramOptions { min_count: 1, ..Default::default() }).unwrap_or_else(|e| panic!("{e}"));
        let g = grams(&r);
        // "big York" would cross a sentence; "old New" would cross a comma.
        assert!(!g.iter().any(|(t, _)| t == "big york" || t == "old new"), "{g:?}");
        let ny = r.ngrams.iter().find(|g| g.terms == ["new", "york"]).cloned();
        let ny = ny.unwrap_or_else(|| panic!("{g:?}"));
        assert_eq!((ny.count, ny.df, ny.per_doc.clone()), (3, 2, vec![2, 1]));
        assert_eq!(ny.text, "New York");
        let yi = r.ngrams.iter().find(|g| g.terms == ["york", "is"]).map(|g| g.count);
        assert_eq!(yi, Some(3), "runs of white space inside a sentence are skipped");
        assert_eq!(g.first().map(|x| x.1), Some(3));
    }

    #[test]
    fn stopword_edges_and_bad_lengths() {
        let c = corpus(&["the cat of the house. the cat of the house."]);
        let opts = NgramOptions {
            filter: FilterOptions { stopwords: vec!["the".into(), "of".into()], ..Default::default() },
            min_n: 2,
            max_n: 4,
            ..Default::default()
        };
        let r = ngrams(&c, &opts).unwrap_or_else(|e| panic!("{e}"));
        let g = grams(&r);
        assert_eq!(g, vec![("cat of the house".to_owned(), 2)], "{g:?}");
        for (lo, hi) in [(1, 3), (2, 6), (4, 3)] {
            let bad = ngrams(&c, &NgramOptions { min_n: lo, max_n: hi, ..Default::default() });
            assert_eq!(bad.err().map(|e| e.name()), Some("InvalidOption"), "{lo}..{hi}");
        }
    }

    #[test]
    fn budget_sets_truncated() {
        let c = corpus(&["a b c d e f g h"]);
        let r = ngrams(&c, &NgramOptions { min_count: 1, max_distinct: 3, ..Default::default() })
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(r.truncated);
        assert_eq!(r.distinct, 3);
    }
}
