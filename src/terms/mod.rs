//! Term statistics over a corpus: counts, rates and document frequency.
//!
//! Counting runs over interned [`TermId`]s in flat arrays indexed by id, so it
//! is linear in the number of tokens. Output order is deterministic: count
//! descending, then term text ascending.

use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::report::{DocRef, TermReport, TermRow, FORMAT_VERSION};
use crate::segment::TokenKind;
use crate::vocab::TermId;
use serde::Deserialize;

/// Which tokens count as terms, and how many rows to return.
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
}

impl Default for TermOptions {
    fn default() -> Self {
        TermOptions { include_numbers: false, include_punct: false, min_length: 1, limit: 0 }
    }
}

impl TermOptions {
    fn counts(&self, kind: TokenKind) -> bool {
        match kind {
            TokenKind::Word => true,
            TokenKind::Number => self.include_numbers,
            TokenKind::Punct | TokenKind::Symbol | TokenKind::Emoji => self.include_punct,
            TokenKind::Space => false,
        }
    }
}

/// Counts terms over every document of `corpus`.
///
/// # Errors
/// [`ErrorKind::InvalidOption`](crate::ErrorKind::InvalidOption) for a `min_length` of 0.
pub fn term_stats(corpus: &Corpus, options: &TermOptions) -> Result<TermReport> {
    if options.min_length == 0 {
        return Err(Error::invalid_option("minLength must be at least 1"));
    }
    let docs = corpus.documents();
    let vocab = corpus.vocabulary();
    let n_terms = vocab.len();
    // counts[term * n_docs + doc]: dense, since corpora are small in documents.
    let n_docs = docs.len();
    let mut per_doc = vec![0u64; n_terms * n_docs];
    let mut doc_refs = Vec::with_capacity(n_docs);
    let mut eligible: Vec<Option<bool>> = vec![None; n_terms];
    for (d, doc) in docs.iter().enumerate() {
        let mut tokens = 0u64;
        for t in &doc.tokens {
            if !options.counts(t.kind) {
                continue;
            }
            let i = t.term.0 as usize;
            let ok = *eligible[i].get_or_insert_with(|| {
                vocab.term(TermId(t.term.0)).chars().count() >= options.min_length
            });
            if ok {
                per_doc[i * n_docs + d] += 1;
                tokens += 1;
            }
        }
        doc_refs.push(DocRef { id: doc.id.0, name: doc.name.clone(), tokens });
    }
    let total_tokens: u64 = doc_refs.iter().map(|d| d.tokens).sum();
    let mut rows: Vec<TermRow> = (0..n_terms)
        .filter_map(|i| {
            let counts = &per_doc[i * n_docs..(i + 1) * n_docs];
            let count: u64 = counts.iter().sum();
            (count > 0).then(|| TermRow {
                term: vocab.term(TermId(i as u32)).to_owned(),
                count,
                rate: count as f64 * 10_000.0 / total_tokens.max(1) as f64,
                df: counts.iter().filter(|&&c| c > 0).count() as u32,
                per_doc: counts.to_vec(),
            })
        })
        .collect();
    let distinct_terms = rows.len();
    rows.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.term.cmp(&b.term)));
    if options.limit > 0 {
        rows.truncate(options.limit);
    }
    Ok(TermReport { version: FORMAT_VERSION, documents: doc_refs, total_tokens, distinct_terms, terms: rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_sum_to_the_token_total() {
        let mut c = Corpus::new();
        let _ = c.add_document("a", "The cat saw the dog. 猫看见了狗。".as_bytes());
        let _ = c.add_document("b", "A dog! The dog, 42 times.".as_bytes());
        let r = term_stats(&c, &TermOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        let sum: u64 = r.terms.iter().map(|t| t.count).sum();
        assert_eq!(sum, r.total_tokens);
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
    }
}
