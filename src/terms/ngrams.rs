//! Token n-grams (2–5 tokens) that do not cross a sentence boundary.
//!
//! An n-gram is a run of consecutive counted tokens inside one sentence; white
//! space between them is skipped, anything else that is not counted (by
//! default punctuation) breaks the run. N-grams that begin or end with a hidden
//! term (a stopword, or one shorter than `minLength`) are dropped, as in
//! AntConc's cluster view.
//!
//! Counting is sort-based rather than hash-based: the keys of all runs are laid
//! end to end with a separator, the start positions are sorted by the key
//! sequence that follows them (up to `maxN` keys), and then every n-gram of
//! every length is a contiguous group. Time O(T log T), memory a few words per
//! token, and the counts are exact — no budget on distinct n-grams is needed.
//! Only the number of rows returned is budgeted (`maxRows`).

use super::{counted_doc_ref, term_pos, FilterOptions, Lens};
use crate::corpus::{Corpus, Document};
use crate::error::{Error, Result};
use crate::report::{NgramReport, NgramRow, FORMAT_VERSION};
use crate::segment::TokenKind;
use serde::Deserialize;
use std::cmp::Ordering;

/// The longest n-gram.
pub const MAX_N: usize = 5;

/// Separator between runs in the key sequence.
const SEP: u32 = u32::MAX;

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
    /// List only n-grams occurring at least this often (at least 1).
    pub min_count: u64,
    /// Restrict to one document (its id).
    pub doc: Option<u32>,
    /// At most this many rows (0 = all, up to `maxRows`).
    pub limit: usize,
    /// The row budget: never return more rows than this.
    pub max_rows: usize,
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
            max_rows: 200_000,
        }
    }
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
        let sentence =
            sentences.peek().filter(|s| s.start <= t.span.start && t.span.end <= s.end).map(|s| s.end as usize);
        if sentence != current {
            each(&run);
            run.clear();
            current = sentence;
        }
        if sentence.is_none() {
            continue;
        }
        match lens.counted(&t) {
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

/// All runs of the documents end to end: keys (runs separated by [`SEP`],
/// padded with `MAX_N` separators) and, per position, document index and token index.
struct Sequence {
    keys: Vec<u32>,
    token: Vec<u32>,
    /// Where each document's positions start.
    doc_start: Vec<u32>,
}

impl Sequence {
    fn key(&self, p: usize) -> u32 {
        self.keys.get(p).copied().unwrap_or(SEP)
    }

    /// The first two keys at `p`, packed for a quick first comparison.
    fn head(&self, p: u32) -> u64 {
        let p = p as usize;
        (u64::from(self.key(p)) << 32) | u64::from(self.key(p + 1))
    }

    /// The index of the document that position `p` belongs to.
    fn doc(&self, p: usize) -> usize {
        self.doc_start.partition_point(|&s| s as usize <= p).saturating_sub(1)
    }

    /// Compares the key sequences at `a` and `b` from offset `from`, up to
    /// `len` keys or a separator.
    fn cmp_from(&self, a: usize, b: usize, from: usize, len: usize) -> Ordering {
        for i in from..len {
            let (x, y) = (self.key(a + i), self.key(b + i));
            if x != y {
                return x.cmp(&y);
            }
            if x == SEP {
                return Ordering::Equal;
            }
        }
        Ordering::Equal
    }
}

/// Counts n-grams over the corpus (or one document).
///
/// # Errors
/// [`ErrorKind::InvalidOption`](crate::ErrorKind::InvalidOption) for an n
/// outside 2..=5, `minN > maxN` or a `minCount` of 0; those of [`Lens::new`];
/// an unknown `doc`.
pub fn ngrams(corpus: &Corpus, options: &NgramOptions) -> Result<NgramReport> {
    let (lo, hi) = (options.min_n, options.max_n);
    if lo < 2 || hi > MAX_N || lo > hi {
        return Err(Error::invalid_option(format!(
            "n-gram lengths must satisfy 2 <= minN <= maxN <= {MAX_N}, got minN {lo}, maxN {hi}"
        )));
    }
    if options.min_count == 0 {
        return Err(Error::invalid_option("minCount must be at least 1"));
    }
    let lens = Lens::new(corpus, &options.filter)?;
    let docs = lens.scope(options.doc)?;
    let mut seq = Sequence { keys: Vec::new(), token: Vec::new(), doc_start: Vec::with_capacity(docs.len()) };
    let mut doc_tokens = Vec::with_capacity(docs.len());
    let mut scratch = Vec::new();
    for doc in &docs {
        seq.doc_start.push(seq.keys.len() as u32);
        runs(&lens, doc, |run| {
            if run.len() < lo {
                return;
            }
            for &(k, i) in run {
                seq.keys.push(k);
                seq.token.push(i);
            }
            seq.keys.push(SEP);
            seq.token.push(0);
        });
        doc_tokens.push(lens.doc_counts(doc, &mut scratch).1);
    }

    // Start positions of at least a `lo`-gram, with a shown first key, sorted
    // by the keys that follow: first by the two leading keys (a cheap integer
    // sort), then each run sharing them by the rest, up to `hi` keys.
    let mut starts: Vec<u32> = (0..seq.keys.len())
        .filter(|&p| lens.shown(seq.key(p)) && (0..lo).all(|i| seq.key(p + i) != SEP))
        .map(|p| p as u32)
        .collect();
    starts.sort_unstable_by_key(|&p| seq.head(p));
    if hi > 2 {
        let mut i = 0;
        while i < starts.len() {
            let head = starts.get(i).map_or(0, |&p| seq.head(p));
            let mut j = i + 1;
            while starts.get(j).is_some_and(|&q| seq.head(q) == head) {
                j += 1;
            }
            if let Some(run) = starts.get_mut(i..j) {
                if run.len() > 1 {
                    run.sort_unstable_by(|&a, &b| seq.cmp_from(a as usize, b as usize, 2, hi));
                }
            }
            i = j;
        }
    }

    // Every n-gram of length n is a contiguous group of `starts`.
    struct Group {
        n: usize,
        /// Range in `starts`.
        from: usize,
        to: usize,
        count: u64,
        first: usize,
    }
    let mut groups: Vec<Group> = Vec::new();
    let mut distinct = 0usize;
    for n in lo..=hi {
        let mut i = 0;
        while i < starts.len() {
            let p = starts.get(i).map_or(0, |&s| s as usize);
            let valid = (0..n).all(|j| seq.key(p + j) != SEP);
            let mut j = i + 1;
            while let Some(&q) = starts.get(j) {
                if !valid || seq.cmp_from(p, q as usize, 0, n) != Ordering::Equal {
                    break;
                }
                j += 1;
            }
            if valid && lens.shown(seq.key(p + n - 1)) {
                distinct += 1;
                let count = (j - i) as u64;
                if count >= options.min_count {
                    let first = starts.get(i..j).unwrap_or(&[]).iter().map(|&s| s as usize).min().unwrap_or(p);
                    groups.push(Group { n, from: i, to: j, count, first });
                }
            }
            i = j;
        }
    }

    let (lens, seq) = (&lens, &seq);
    let texts = |p: usize, n: usize| (0..n).map(move |j| lens.text(seq.key(p + j)));
    let cap = if options.limit > 0 { options.limit.min(options.max_rows) } else { options.max_rows };
    let truncated = groups.len() > cap;
    super::top_sorted(&mut groups, cap, |a, b| {
        b.count.cmp(&a.count).then_with(|| b.n.cmp(&a.n)).then_with(|| texts(a.first, a.n).cmp(texts(b.first, b.n)))
    });

    let ngrams = groups
        .iter()
        .filter_map(|g| {
            let mut per_doc = vec![0u64; docs.len()];
            for &p in starts.get(g.from..g.to).unwrap_or(&[]) {
                if let Some(c) = per_doc.get_mut(seq.doc(p as usize)) {
                    *c += 1;
                }
            }
            let doc = docs.get(seq.doc(g.first))?;
            let t0 = *seq.token.get(g.first)? as usize;
            let t1 = *seq.token.get(g.first + g.n - 1)? as usize;
            let start = doc.tokens.get(t0)?.span.start;
            let end = doc.tokens.get(t1)?.span.end;
            let raw = doc.text.get(start as usize..end as usize).unwrap_or("");
            Some(NgramRow {
                text: raw.split_whitespace().collect::<Vec<_>>().join(" "),
                terms: texts(g.first, g.n).map(str::to_owned).collect(),
                n: g.n,
                count: g.count,
                df: per_doc.iter().filter(|&&c| c > 0).count() as u32,
                first: term_pos(doc, t0),
                per_doc,
            })
        })
        .collect();
    let documents = docs.iter().zip(doc_tokens).map(|(doc, n)| counted_doc_ref(doc, n)).collect();
    Ok(NgramReport {
        version: FORMAT_VERSION,
        documents,
        doc: options.doc,
        min_n: lo,
        max_n: hi,
        distinct,
        truncated,
        ngrams,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terms::tests::corpus;

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
    fn row_budget_sets_truncated_and_distinct_counts_all() {
        let c = corpus(&["a b c d e f g h"]);
        let r = ngrams(&c, &NgramOptions { min_count: 1, max_rows: 3, ..Default::default() })
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(r.truncated);
        assert_eq!(r.ngrams.len(), 3);
        assert_eq!(r.distinct, 7 + 6, "7 bigrams and 6 trigrams");
        // All counts 1: longer first, then by terms.
        let g = grams(&r);
        assert_eq!(g, vec![("a b c".to_owned(), 1), ("b c d".to_owned(), 1), ("c d e".to_owned(), 1)]);
    }

    #[test]
    fn sort_based_counts_equal_a_direct_count() {
        let text = "甲乙丙甲乙。甲乙丙丁甲乙丙！乙丙 甲乙丙丁。";
        let c = corpus(&[text, "甲乙丙丁"]);
        let r = ngrams(&c, &NgramOptions { min_count: 1, max_n: 4, ..Default::default() })
            .unwrap_or_else(|e| panic!("{e}"));
        // Direct count over each document's runs.
        let lens = Lens::new(&c, &FilterOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        let mut want: std::collections::BTreeMap<Vec<String>, u64> = Default::default();
        for doc in c.stored_documents() {
            runs(&lens, doc, |run| {
                for n in 2..=4 {
                    for w in run.windows(n) {
                        *want.entry(w.iter().map(|&(k, _)| lens.text(k).to_owned()).collect()).or_default() += 1;
                    }
                }
            });
        }
        let got: std::collections::BTreeMap<Vec<String>, u64> =
            r.ngrams.iter().map(|g| (g.terms.clone(), g.count)).collect();
        assert_eq!(got, want);
        assert_eq!(r.distinct, want.len());
    }
}
