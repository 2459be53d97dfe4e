//! Reuse over an archive: millions of articles, read in batches, spread over
//! workers or run in one process — with the same stages as [`reuse`](super::reuse).
//!
//! Every stage depends only on its own slice of the data, so any cut of the
//! input into batches or partitions gives the same tables:
//!
//! 1. [`analyse`]: texts → [`Units`] (offsets in code points of the text as
//!    given) and fingerprints. Keys are hashes of the folded terms, no
//!    vocabulary is shared, term discovery is off: a document's units depend on
//!    its text alone.
//! 2. [`seeds`]: postings `(hash, doc, pos)` of any set of whole posting lists
//!    → seed pairs. A list longer than `max_posting` is dropped and counted.
//! 3. [`align`]: one document pair and its seeds → passages and a [`DocPairRow`].
//! 4. [`components`]: the connected components of the document pairs with
//!    passages (the Spark job computes them itself, the same way: the label of
//!    a component is its smallest document number).
//! 5. [`cluster_component`]: one component's documents and passages →
//!    clusters, members with variants, passages with their cluster, coverage.
//! 6. [`rank_clusters`]: cluster ids in report order over all components.
//!
//! [`run`] does all of it in one process; [`write_tables`] writes the tables
//! as JSON lines (`textlens reuse --jsonl FILE --out DIR`).
//!
//! Files: this one holds the options and stages 1–4; `component.rs` stages 5
//! and 6 and their rows; `run.rs` the records, the in-process run and JSON lines.

mod component;
mod run;

pub use component::{
    cluster_component, lone_coverage, rank_clusters, ClusterRow, ComponentDoc, ComponentTables, CoverageRow, MemberRow,
    PassageRow, VariantRow,
};
pub use run::{parse_line, parse_record, read_jsonl, run, run_jsonl, write_tables, DocumentRow, Record, RecordError, Tables};

use crate::reuse::cluster::{self, Cluster};
use crate::reuse::fingerprint::Units;
use crate::reuse::index::{self, Posting, Seed};
use crate::reuse::passages::{self, Aligner, PairPassage, Params};
use crate::reuse::{compare_copies, fingerprints, matrix, shared_ranges};
use crate::corpus::{Corpus, Limits};
use crate::error::{Error, ErrorKind, Result};
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::ops::Range;

/// How to look for reuse in an archive. Budgets are per posting list, per
/// document pair and per component, so they do not depend on how the work is cut.
#[derive(Clone, Debug, Deserialize)]
#[serde(default)]
pub struct ArchiveOptions {
    /// Units per shingle (1..=32).
    pub ngram: usize,
    /// Winnowing window in shingles (1..=64).
    pub window: usize,
    /// Shortest passage, in units, on both sides (at least `ngram`).
    pub min_units: usize,
    /// Budget: a fingerprint in more postings than this (boilerplate) gives no seeds.
    pub max_posting: usize,
    /// Budget: units aligned for one document pair.
    pub max_pair_units: usize,
    /// Budget: units aligned while clustering one component.
    pub max_component_units: usize,
    /// Largest text of one document, in bytes.
    pub max_text_bytes: usize,
}

impl Default for ArchiveOptions {
    fn default() -> Self {
        ArchiveOptions {
            ngram: 5,
            window: 6,
            min_units: 25,
            max_posting: 10_000,
            max_pair_units: 2_000_000,
            max_component_units: 60_000_000,
            max_text_bytes: Limits::default().max_file_bytes,
        }
    }
}

impl ArchiveOptions {
    /// # Errors
    /// [`ErrorKind::InvalidOption`] for settings out of range.
    pub fn check(&self) -> Result<()> {
        super::ReuseOptions { ngram: self.ngram, window: self.window, min_units: self.min_units, ..Default::default() }
            .check()?;
        if self.max_posting < 2 {
            return Err(Error::invalid_option(format!("max_posting must be at least 2, got {}", self.max_posting)));
        }
        Ok(())
    }

    fn params(&self, max_align_units: usize) -> Params {
        Params { ngram: self.ngram, window: self.window, min_units: self.min_units, max_align_units }
    }
}

/// One analysed document: its units and its fingerprints `(hash, position)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Analysed {
    pub units: Units,
    pub fingerprints: Vec<(u64, u32)>,
    /// Code points of the text.
    pub chars: u32,
}

/// Stage 1: the units and fingerprints of each of `texts` (with `ids`, for
/// messages). Units index the text as given, in code points. An empty text
/// has no units; a text over `max_text_bytes`, binary data or NUL bytes give
/// an error naming the id.
pub fn analyse(ids: &[&str], texts: &[&str], options: &ArchiveOptions) -> Vec<Result<Analysed>> {
    let mut corpus = Corpus::new();
    corpus.set_auto_discover(false);
    corpus.set_keep_bytes(false);
    corpus.set_limits(Limits { max_file_bytes: options.max_text_bytes, max_total_bytes: usize::MAX });
    ids.iter()
        .zip(texts)
        .map(|(id, text)| {
            let chars = text.chars().count() as u32;
            if text.trim().is_empty() {
                return Ok(Analysed { units: Units::default(), fingerprints: Vec::new(), chars });
            }
            // Quoted, the id never reads as a file extension (`a.html` is still text).
            let name = format!("id {id:?}");
            // Deferred: discovery never runs (it would not be applied, and it cost a sixth of the time).
            let summary = corpus.add_document_with_progress(None, &name, text.as_bytes(), &mut |_, _| {})?;
            let id = crate::corpus::DocId(summary.id);
            let units = corpus.document(id).map(|d| Units::of(d, corpus.vocabulary()).in_original_chars(d));
            // One document at a time: memory stays that of the batch's largest text.
            let _ = corpus.remove_document(id);
            let units = units?;
            let fingerprints = fingerprints(&units, options.ngram, options.window);
            Ok(Analysed { units, fingerprints, chars })
        })
        .collect()
}

/// Stage 2: the seeds of `postings` (any order; whole posting lists), sorted
/// by `(a, b, pa, pb)`, and the number of posting lists dropped for being
/// longer than `options.max_posting`.
pub fn seeds(postings: &mut [Posting], options: &ArchiveOptions) -> (Vec<Seed>, usize) {
    postings.sort_unstable();
    let mut out = Vec::new();
    let mut dropped = 0;
    for group in index::posting_lists(postings) {
        if group.len() > options.max_posting {
            dropped += 1;
        } else {
            index::group_seeds(group, &mut out);
        }
    }
    out.sort_unstable();
    (out, dropped)
}

/// A passage between two documents of an archive, by document number, in units.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArchivePassage {
    pub a: u32,
    pub b: u32,
    pub ra: Range<usize>,
    pub rb: Range<usize>,
    pub matched: usize,
}

/// Sparse similarity: one row per document pair that shares a passage.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocPairRow {
    pub a: String,
    pub b: String,
    pub passages: u32,
    /// Units equal on both sides, over all passages.
    pub matched: u32,
    /// Units of `a` (of `b`) inside a passage shared with the other.
    pub a_shared: u32,
    pub b_shared: u32,
    /// Those as a share of the document's units (0..1, 4 decimals).
    pub a_containment: f64,
    pub b_containment: f64,
}

/// Stage 3: the passages of documents `a` < `b` (numbers; `ids` for the row)
/// from their seeds, and the pair's row (`None` without passages); `true` if
/// the pair's alignment budget ran out (its passages are then left out).
pub fn align(
    (a, b): (u32, u32),
    ids: (&str, &str),
    (ua, ub): (&Units, &Units),
    seeds: &[Seed],
    options: &ArchiveOptions,
) -> (Vec<ArchivePassage>, Option<DocPairRow>, bool) {
    let mut work = 0;
    let Some(found) =
        passages::align_pair(ua, ub, seeds, options.params(options.max_pair_units), &mut Aligner::default(), &mut work)
    else {
        return (Vec::new(), None, true);
    };
    if found.is_empty() {
        return (Vec::new(), None, false);
    }
    let passages: Vec<ArchivePassage> =
        found.into_iter().map(|(ra, rb, matched)| ArchivePassage { a, b, ra, rb, matched }).collect();
    let covered = |ranges: Vec<Range<usize>>| cluster::union(ranges).iter().map(Range::len).sum::<usize>();
    let a_shared = covered(passages.iter().map(|p| p.ra.clone()).collect());
    let b_shared = covered(passages.iter().map(|p| p.rb.clone()).collect());
    let share = |x: usize, u: &Units| matrix::round4(x as f64 / u.len().max(1) as f64);
    let row = DocPairRow {
        a: ids.0.to_owned(),
        b: ids.1.to_owned(),
        passages: passages.len() as u32,
        matched: passages.iter().map(|p| p.matched as u32).sum(),
        a_shared: a_shared as u32,
        b_shared: b_shared as u32,
        a_containment: share(a_shared, ua),
        b_containment: share(b_shared, ub),
    };
    (passages, Some(row), false)
}

/// Stage 4: the component of each document of `pairs`, labelled by its
/// smallest document number; sorted by document.
pub fn components(pairs: &[(u32, u32)]) -> Vec<(u32, u32)> {
    let mut docs: Vec<u32> = pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
    docs.sort_unstable();
    docs.dedup();
    let index = |d: u32| docs.binary_search(&d).unwrap_or(0);
    let mut parent: Vec<usize> = (0..docs.len()).collect();
    for &(a, b) in pairs {
        let (ra, rb) = (matrix::find(&mut parent, index(a)), matrix::find(&mut parent, index(b)));
        if ra != rb {
            // The smaller index is the root: the label is the smallest document.
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    (0..docs.len())
        .map(|i| {
            let root = matrix::find(&mut parent, i);
            (docs.get(i).copied().unwrap_or(0), docs.get(root).copied().unwrap_or(0))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_are_labelled_by_their_smallest_document() {
        assert_eq!(components(&[(5, 9), (2, 9), (11, 12)]), vec![(2, 2), (5, 2), (9, 2), (11, 11), (12, 11)]);
    }

    #[test]
    fn units_round_trip_through_bytes() {
        let a = analyse(&["x"], &["Die Katze sitzt. 猫坐在垫子上。"], &ArchiveOptions::default());
        let Some(Ok(a)) = a.first() else { panic!("{a:?}") };
        assert_eq!(a.units.len(), 9);
        assert_eq!(Units::from_bytes(&a.units.to_bytes()), Ok(a.units.clone()));
        assert!(Units::from_bytes(&[1, 0, 0, 0, 9]).is_err());
    }
}
