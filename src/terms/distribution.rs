//! Distribution: where a word or phrase occurs along each document, as hit
//! counts in equal slices (bins) of the document's tokens — the data of the
//! small dispersion chart in the Terms view.

use super::{FilterOptions, Lens};
use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::report::{DistributionReport, DocDistribution, FORMAT_VERSION};
use crate::segment::TokenKind;
use serde::Deserialize;

/// The most bins.
pub const MAX_BINS: usize = 1000;

/// Options of [`distribution`].
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DistributionOptions {
    /// A word or phrase.
    pub query: String,
    /// Number of equal slices per document (1..=1000).
    pub bins: usize,
    /// Fold full-width forms when matching.
    pub fold_width: bool,
    /// Match a term's variants too (see [`super::FilterOptions::group_variants`]).
    pub group_variants: bool,
}

impl Default for DistributionOptions {
    fn default() -> Self {
        DistributionOptions { query: String::new(), bins: 10, fold_width: false, group_variants: false }
    }
}

/// Hits of `options.query` per bin, for every document in corpus order.
///
/// # Errors
/// [`ErrorKind::InvalidOption`](crate::ErrorKind::InvalidOption) for an empty
/// query or a bin count outside 1..=1000.
pub fn distribution(corpus: &Corpus, options: &DistributionOptions) -> Result<DistributionReport> {
    let bins = options.bins;
    if bins == 0 || bins > MAX_BINS {
        return Err(Error::invalid_option(format!("bins must be in 1..={MAX_BINS}, got {bins}")));
    }
    let filter =
        FilterOptions { fold_width: options.fold_width, group_variants: options.group_variants, ..FilterOptions::default() };
    let lens = Lens::new(corpus, &filter)?;
    let keys = lens.query(&options.query)?;
    let documents = corpus
        .stored_documents()
        .iter()
        .map(|doc| {
            let n = doc.tokens.len().max(1);
            let mut counts = vec![0u64; bins];
            let mut count = 0u64;
            if let Some(keys) = &keys {
                for (start, _) in lens.matches(doc, keys) {
                    // start < n, so the bin is < bins.
                    if let Some(b) = counts.get_mut(start * bins / n) {
                        *b += 1;
                    }
                    count += 1;
                }
            }
            let words = doc.tokens.iter().filter(|t| t.kind == TokenKind::Word).count();
            DocDistribution {
                id: doc.id.0,
                name: doc.name.clone(),
                tokens: doc.tokens.len() as u64,
                count,
                bins: counts,
                rate: count as f64 * 10_000.0 / words.max(1) as f64,
            }
        })
        .collect();
    Ok(DistributionReport {
        version: FORMAT_VERSION,
        query: options.query.clone(),
        terms: keys.unwrap_or_default().iter().map(|&k| lens.text(k).to_owned()).collect(),
        bins,
        documents,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hits_fall_into_their_slices() {
        // 19 tokens: x at token 0 and token 16 → bins 0 and 16·5/19 = 4 of 5.
        let mut c2 = Corpus::new();
        c2.add_document("a", "x a b c d e f g x h".as_bytes()).ok();
        let r = distribution(&c2, &DistributionOptions { query: "x".into(), bins: 5, ..Default::default() })
            .unwrap_or_else(|e| panic!("{e}"));
        let d = &r.documents[0];
        assert_eq!(d.tokens, 19, "10 words and 9 spaces");
        assert_eq!(d.bins, vec![1, 0, 0, 0, 1]);
        assert_eq!(d.count, 2);
        assert!((d.rate - 2000.0).abs() < 1e-9);
        let bad = distribution(&c2, &DistributionOptions { query: "x".into(), bins: 0, ..Default::default() });
        assert_eq!(bad.err().map(|e| e.name()), Some("InvalidOption"));
    }
}
