//! Collocates: the words that keep company with a node word or phrase inside
//! a window of ±N counted tokens.
//!
//! For each candidate word we build the 2×2 table *in the node's windows /
//! elsewhere* × *this word / other words* and score it with log-likelihood G²
//! (how sure) and mutual information (how exclusive: log2 of observed over
//! expected co-occurrence). Only attracted words (observed > expected) are
//! listed. Windows skip white space and the kinds that are not counted, and do
//! not reach into other documents.

use super::{FilterOptions, Lens};
use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::report::{CollocateMeasure, CollocateReport, CollocateRow, FORMAT_VERSION};
use serde::Deserialize;

/// The widest window on a side.
pub const MAX_WINDOW: usize = 50;

/// Options of [`collocates`].
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CollocateOptions {
    #[serde(flatten)]
    pub filter: FilterOptions,
    /// The node: a word or phrase.
    pub query: String,
    /// Window size to the left, in counted tokens.
    pub left: usize,
    /// Window size to the right, in counted tokens.
    pub right: usize,
    pub measure: CollocateMeasure,
    /// List only words seen at least this often in the windows.
    pub min_count: u64,
    /// Restrict to one document (its id).
    pub doc: Option<u32>,
    /// At most this many rows (0 = all).
    pub limit: usize,
}

impl Default for CollocateOptions {
    fn default() -> Self {
        CollocateOptions {
            filter: FilterOptions::default(),
            query: String::new(),
            left: 5,
            right: 5,
            measure: CollocateMeasure::LogLikelihood,
            min_count: 2,
            doc: None,
            limit: 0,
        }
    }
}


/// G² and MI of a word seen `o11` times in windows of `r1` tokens, `c1` times
/// in `n` tokens.
pub fn association(o11: f64, r1: f64, c1: f64, n: f64) -> (f64, f64) {
    if n <= 0.0 || r1 <= 0.0 || c1 <= 0.0 {
        return (0.0, 0.0);
    }
    let o12 = (r1 - o11).max(0.0);
    let o21 = (c1 - o11).max(0.0);
    let o22 = (n - r1 - c1 + o11).max(0.0);
    let (r2, c2) = ((n - r1).max(0.0), (n - c1).max(0.0));
    let cell = crate::stats::observed_ln_ratio;
    let g2 = 2.0 * (cell(o11, r1 * c1 / n) + cell(o12, r1 * c2 / n) + cell(o21, r2 * c1 / n) + cell(o22, r2 * c2 / n));
    let mi = if o11 > 0.0 { (o11 / (r1 * c1 / n)).log2() } else { f64::NEG_INFINITY };
    (g2, mi)
}

/// Collocates of `options.query`.
///
/// # Errors
/// [`ErrorKind::InvalidOption`](crate::ErrorKind::InvalidOption) for an empty
/// query, or a window wider than [`MAX_WINDOW`] or of 0 on both sides; an unknown `doc`.
pub fn collocates(corpus: &Corpus, options: &CollocateOptions) -> Result<CollocateReport> {
    let (wl, wr) = (options.left, options.right);
    if wl > MAX_WINDOW || wr > MAX_WINDOW || wl + wr == 0 {
        return Err(Error::invalid_option(format!(
            "the window must be 0..={MAX_WINDOW} tokens on each side and not empty, got left {wl}, right {wr}"
        )));
    }
    let lens = Lens::new(corpus, &options.filter)?;
    let docs = lens.scope(options.doc)?;
    let node = lens.query(&options.query)?;
    let n_keys = lens.n_keys();
    let mut freq = vec![0u64; n_keys];
    let mut total = 0u64;
    let mut scratch = Vec::new();
    for doc in &docs {
        let (counts, tokens) = lens.doc_counts(doc, &mut scratch);
        total += tokens;
        for (k, c) in counts {
            if let Some(f) = freq.get_mut(k as usize) {
                *f += u64::from(c);
            }
        }
    }
    let mut left = vec![0u64; n_keys];
    let mut right = vec![0u64; n_keys];
    let mut node_count = 0u64;
    let mut window_tokens = 0u64;
    if let Some(node) = &node {
        for doc in &docs {
            // Token indices of counted tokens, and their keys.
            let counted: Vec<(u32, u32)> =
                doc.tokens.iter().enumerate().filter_map(|(i, t)| lens.counted(t).map(|k| (i as u32, k))).collect();
            for (start, end) in lens.matches(doc, node) {
                node_count += 1;
                let p = counted.partition_point(|&(i, _)| (i as usize) < start);
                let q = counted.partition_point(|&(i, _)| (i as usize) < end);
                let before = counted.get(p.saturating_sub(wl)..p).unwrap_or(&[]);
                let after = counted.get(q..(q + wr).min(counted.len())).unwrap_or(&[]);
                for (side, words) in [(&mut left, before), (&mut right, after)] {
                    for &(_, k) in words {
                        window_tokens += 1;
                        if let Some(slot) = side.get_mut(k as usize) {
                            *slot += 1;
                        }
                    }
                }
            }
        }
    }
    let (r1, n) = (window_tokens as f64, total as f64);
    let mut rows: Vec<CollocateRow> = (0..n_keys as u32)
        .filter_map(|k| {
            let i = k as usize;
            let (l, r) = (left.get(i).copied().unwrap_or(0), right.get(i).copied().unwrap_or(0));
            let count = l + r;
            if count == 0 || count < options.min_count || !lens.shown(k) {
                return None;
            }
            let f = freq.get(i).copied().unwrap_or(0);
            let (o11, c1) = (count as f64, f as f64);
            if o11 * n <= r1 * c1 {
                return None; // not attracted
            }
            let (log_likelihood, mi) = association(o11, r1, c1, n);
            Some(CollocateRow {
                term: lens.text(k).to_owned(),
                count,
                left: l,
                right: r,
                frequency: f,
                log_likelihood,
                mi,
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        let by = match options.measure {
            CollocateMeasure::LogLikelihood => b.log_likelihood.total_cmp(&a.log_likelihood),
            CollocateMeasure::Mi => b.mi.total_cmp(&a.mi),
        };
        by.then_with(|| b.count.cmp(&a.count)).then_with(|| a.term.cmp(&b.term))
    });
    if options.limit > 0 {
        rows.truncate(options.limit);
    }
    Ok(CollocateReport {
        version: FORMAT_VERSION,
        query: options.query.clone(),
        node: node.unwrap_or_default().iter().map(|&k| lens.text(k).to_owned()).collect(),
        doc: options.doc,
        left: wl,
        right: wr,
        measure: options.measure,
        node_count,
        window_tokens,
        total_tokens: total,
        collocates: rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_count_both_sides_and_skip_the_node() {
        let mut c = Corpus::new();
        c.add_document("a", "red wine and red wine, white bread. bread and water and bread.".as_bytes())
            .map(|_| ())
            .unwrap_or_else(|e| panic!("{e}"));
        let r = collocates(
            &c,
            &CollocateOptions { query: "wine".into(), left: 1, right: 1, min_count: 1, ..Default::default() },
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.node_count, 2);
        assert_eq!(r.window_tokens, 4, "red|and, red|white (the comma is not counted)");
        let red = r.collocates.iter().find(|x| x.term == "red").map(|x| (x.count, x.left, x.right, x.frequency));
        assert_eq!(red, Some((2, 2, 0, 2)));
        assert_eq!(r.collocates.first().map(|x| x.term.as_str()), Some("red"));
        // red: O11 = 2, R1 = 4, C1 = 2, N = 12 words → MI = log2(2·12 / 8).
        let mi = r.collocates.first().map(|x| x.mi).unwrap_or_default();
        assert!((mi - (24.0f64 / 8.0).log2()).abs() < 1e-12, "{mi}");
        let bad = collocates(&c, &CollocateOptions { query: "wine".into(), left: 0, right: 0, ..Default::default() });
        assert_eq!(bad.err().map(|e| e.name()), Some("InvalidOption"));
    }
}
