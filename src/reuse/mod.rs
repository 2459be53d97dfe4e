//! Reuse across many documents: who shares what with whom, and what each one adds.
//!
//! The pipeline, linear in the total text except where many documents share
//! the same passage (and there every quadratic step takes a budget):
//!
//! 1. [`fingerprint`]: each document → units (words; Han characters) →
//!    n-gram shingle hashes → winnowed fingerprints.
//! 2. [`index`]: one sorted inverted index over all fingerprints gives *seeds*
//!    (equal fingerprints in two documents), and one over all shingles gives
//!    the shared-shingle counts of the [similarity matrix](matrix).
//! 3. [`passages`]: per document pair with seeds, chains of seeds → regions
//!    aligned locally → passages of at least `min_units` units, edits allowed.
//! 4. [`cluster`]: passages grouped across documents; each copy compared with
//!    the cluster's reference to show its variants; per-document coverage.
//! 5. [`edits`]: the words over-represented in the edited and the unique parts.
//!
//! Which settings? The defaults (`ngram` 5, `window` 6, `minUnits` 25) were
//! chosen by measuring planted passages in generated corpora (see
//! `tests/reuse.rs` and `docs/report-format.md`).

pub mod archive;
pub mod cluster;
mod edits;
mod export;
pub mod fingerprint;
pub mod index;
mod matrix;
pub mod passages;

use crate::corpus::{Corpus, DocId, Document};
use crate::error::{Error, Result};
use crate::report::{
    ClusterMember, Coverage, EditWords, Loc, ReuseCluster, ReuseDoc, ReuseReport, ReuseSettings, SharedPassage,
    SimilarityMatrix, UniquePassage, Variant, FORMAT_VERSION,
};
use crate::segment::TokenKind;
use crate::span::Span;
pub use cluster::Cluster;
pub use export::{clusters_csv, csv, matrix_csv};
pub use fingerprint::Units;
use passages::{Aligner, PairPassage, Params};
use serde::Deserialize;
use std::ops::Range;

/// The most documents one reuse analysis takes.
pub const MAX_DOCUMENTS: usize = 500;

/// How to look for reuse. Units are words and numbers outside Han text, and
/// single characters inside it.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ReuseOptions {
    /// Ids of the documents to analyse; empty means all loaded documents.
    pub documents: Vec<u32>,
    /// Units per shingle (1..=32).
    pub ngram: usize,
    /// Winnowing window in shingles (1..=64): keeps about 2/(window+1) of them.
    pub window: usize,
    /// Shortest passage reported, in units, on both sides (at least `ngram`).
    pub min_units: usize,
    /// Rows in each list of the words of the edits.
    pub max_words: usize,
    /// Budget: seeds (equal fingerprint pairs) collected from the index.
    pub max_seeds: usize,
    /// Budget: units fed to the local aligner (passages and variants).
    pub max_align_units: usize,
    /// Budget: pair updates while counting shared shingles for the matrix.
    pub max_matrix_updates: usize,
}

impl Default for ReuseOptions {
    fn default() -> Self {
        ReuseOptions {
            documents: Vec::new(),
            ngram: 5,
            window: 6,
            min_units: 25,
            max_words: 30,
            max_seeds: 4_000_000,
            max_align_units: 60_000_000,
            max_matrix_updates: 40_000_000,
        }
    }
}

impl ReuseOptions {
    fn params(&self) -> Params {
        Params { ngram: self.ngram, window: self.window, min_units: self.min_units, max_align_units: self.max_align_units }
    }

    fn check(&self) -> Result<()> {
        if !(1..=32).contains(&self.ngram) {
            return Err(Error::invalid_option(format!("ngram must be 1..32, got {}", self.ngram)));
        }
        if !(1..=64).contains(&self.window) {
            return Err(Error::invalid_option(format!("window must be 1..64, got {}", self.window)));
        }
        if self.min_units < self.ngram {
            return Err(Error::invalid_option(format!(
                "minUnits ({}) must be at least ngram ({})",
                self.min_units, self.ngram
            )));
        }
        Ok(())
    }
}

/// Finds reuse among documents of `corpus` (all, or `options.documents`).
///
/// The stages are the public functions of this module's parts, the same ones
/// an archive job runs spread over many workers ([`archive`]):
/// [`Units::of`] → [`fingerprints`] → [`index::group_seeds`] per posting
/// list → [`passages::align_pair`] per document pair → [`cluster::clusters`]
/// → [`compare_copies`] per cluster → [`shared_ranges`] and coverage.
///
/// # Errors
/// [`ErrorKind::InvalidOption`](crate::ErrorKind::InvalidOption) for settings
/// out of range or fewer than 2 documents;
/// [`ErrorKind::TooLarge`](crate::ErrorKind::TooLarge) for more than
/// [`MAX_DOCUMENTS`]; [`ErrorKind::UnknownDocument`](crate::ErrorKind::UnknownDocument)
/// for an id that is not loaded.
pub fn reuse(corpus: &Corpus, options: &ReuseOptions) -> Result<ReuseReport> {
    options.check()?;
    let docs = selected(corpus, options)?;
    let n = docs.len();
    let mut truncation = Vec::new();

    // 1. Units and fingerprints.
    let units: Vec<Units> = docs.iter().map(|d| Units::of(d, corpus.vocabulary())).collect();
    let fingerprints: Vec<Vec<(u64, u32)>> = units.iter().map(|u| fingerprints(u, options.ngram, options.window)).collect();

    // 2. Matrix.
    let (matrix, cut) = similarity_matrix(&units, options);
    if cut {
        truncation.push(format!(
            "matrix: more than {} pair updates; shingles shared by the most documents were not counted",
            options.max_matrix_updates
        ));
    }

    // 3. Seeds and passages.
    let (seeds, cut) = index::seeds(&fingerprints, options.max_seeds);
    drop(fingerprints);
    if cut {
        truncation.push(format!(
            "seeds: more than {}; fingerprints shared by the most documents were left out",
            options.max_seeds
        ));
    }
    let (pair_passages, cut, mut work) = passages::find(&units, &seeds, options.params());
    drop(seeds);
    if cut {
        truncation.push(format!(
            "passages: alignment budget of {} units spent; some document pairs were not aligned",
            options.max_align_units
        ));
    }

    // 4. Clusters, variants, coverage.
    let mut aligner = Aligner::default();
    let (clusters, cluster_of, complete) =
        cluster::clusters(&pair_passages, &units, &mut aligner, options.min_units, &mut work, options.max_align_units);
    if !complete {
        truncation.push(format!(
            "clusters: alignment budget of {} units spent; some passages were not grouped",
            options.max_align_units
        ));
    }
    let mut edited: Vec<Vec<Range<usize>>> = vec![Vec::new(); n];
    let mut report_clusters = Vec::with_capacity(clusters.len());
    let mut variants_cut = false;
    // Report ids of the clusters kept (a cluster left with fewer than two copies is dropped).
    let mut new_id: Vec<Option<u32>> = vec![None; clusters.len()];
    for (old_id, c) in clusters.iter().enumerate() {
        let (copies, cut) = compare_copies(c, &units, &mut aligner, &mut work, options.max_align_units);
        variants_cut |= cut;
        let Some(reference) = c.members.get(c.reference) else { continue };
        if copies.len() < 2 {
            continue;
        }
        let rdoc = docs.get(reference.doc).copied();
        let mut members = Vec::with_capacity(copies.len());
        let mut member_docs: Vec<usize> = Vec::new();
        let mut reference_index = 0;
        for copy in &copies {
            let Some(m) = c.members.get(copy.member) else { continue };
            let (Some(doc), Some(u), Some(rdoc)) = (docs.get(m.doc), units.get(m.doc), rdoc) else { continue };
            let span = u.span(m.range.start, m.range.end, doc.text.len());
            let variants = copy
                .variants
                .iter()
                .map(|v| {
                    let rspan = units_span(&units, reference.doc, &v.reference, rdoc.text.len());
                    // A deletion shows as an empty variant where the reference's text would be.
                    let mspan = u.span(v.member.start, v.member.end, doc.text.len());
                    Variant {
                        loc: Loc::of(doc, mspan),
                        text: mspan.slice(&doc.text).to_owned(),
                        reference_text: rspan.slice(&rdoc.text).to_owned(),
                    }
                })
                .collect();
            if copy.member == c.reference {
                reference_index = members.len();
            }
            members.push(ClusterMember {
                doc: doc.id.0,
                loc: Loc::of(doc, span),
                units: m.range.len() as u32,
                text: span.slice(&doc.text).to_owned(),
                same_percent: copy.same_percent,
                variants,
            });
            member_docs.push(m.doc);
            for (d, r) in copy.edits(m.doc, reference.doc) {
                if let Some(e) = edited.get_mut(d) {
                    e.push(r);
                }
            }
        }
        member_docs.dedup();
        let id = report_clusters.len() as u32;
        if let Some(slot) = new_id.get_mut(old_id) {
            *slot = Some(id);
        }
        report_clusters.push(ReuseCluster {
            id,
            documents: member_docs.len() as u32,
            units: reference.range.len() as u32,
            reference: reference_index as u32,
            members,
        });
    }
    if variants_cut {
        truncation.push(format!(
            "variants: alignment budget of {} units spent; some members show no variants",
            options.max_align_units
        ));
    }

    let shared_ranges = shared_ranges(n, &pair_passages);
    let coverage: Vec<Coverage> = docs
        .iter()
        .zip(&units)
        .zip(&shared_ranges)
        .map(|((doc, u), covered)| coverage(doc, u, covered, options.min_units))
        .collect();

    // 5. The words of the edits.
    let edit_words = edit_words(corpus, &docs, &units, &shared_ranges, edited, options.max_words);

    let report_passages = pair_passages
        .iter()
        .zip(&cluster_of)
        .filter_map(|(p, &c)| {
            let (da, db) = (docs.get(p.a)?, docs.get(p.b)?);
            let sa = units_span(&units, p.a, &p.ra, da.text.len());
            let sb = units_span(&units, p.b, &p.rb, db.text.len());
            Some(SharedPassage {
                cluster: new_id.get(c).copied().flatten(),
                a: da.id.0,
                b: db.id.0,
                a_loc: Loc::of(da, sa),
                b_loc: Loc::of(db, sb),
                a_units: p.ra.len() as u32,
                b_units: p.rb.len() as u32,
                matched: p.matched as u32,
            })
        })
        .collect();

    Ok(ReuseReport {
        version: FORMAT_VERSION,
        documents: docs
            .iter()
            .zip(&units)
            .map(|(d, u)| ReuseDoc { id: d.id.0, name: d.name.clone(), units: u.len() as u32, bytes: d.text.len() as u32 })
            .collect(),
        settings: ReuseSettings {
            ngram: options.ngram as u32,
            window: options.window as u32,
            min_units: options.min_units as u32,
        },
        matrix,
        clusters: report_clusters,
        passages: report_passages,
        coverage,
        edit_words,
        truncated: !truncation.is_empty(),
        truncation,
    })
}

/// The documents a reuse analysis takes, checked against its limits.
fn selected<'a>(corpus: &'a Corpus, options: &ReuseOptions) -> Result<Vec<&'a Document>> {
    let docs: Vec<&Document> = if options.documents.is_empty() {
        corpus.stored_documents().iter().collect()
    } else {
        let mut ids = options.documents.clone();
        ids.sort_unstable();
        ids.dedup();
        ids.iter().map(|&id| corpus.document(DocId(id))).collect::<Result<_>>()?
    };
    if docs.len() < 2 {
        return Err(Error::invalid_option(format!("reuse needs at least 2 documents, got {}", docs.len())));
    }
    if docs.len() > MAX_DOCUMENTS {
        return Err(Error::too_many_documents(docs.len(), MAX_DOCUMENTS));
    }
    Ok(docs)
}

/// The winnowed fingerprints `(hash, shingle position)` of one document's units.
pub fn fingerprints(units: &Units, ngram: usize, window: usize) -> Vec<(u64, u32)> {
    fingerprint::winnow(&fingerprint::shingles(&units.keys, ngram), window)
}

/// The similarity matrix of a few hundred documents from their shared
/// shingles, and `true` if its budget was hit.
fn similarity_matrix(units: &[Units], options: &ReuseOptions) -> (SimilarityMatrix, bool) {
    let n = units.len();
    let shingle_sets: Vec<Vec<u64>> = units
        .iter()
        .map(|u| {
            let mut set = fingerprint::shingles(&u.keys, options.ngram);
            set.sort_unstable();
            set.dedup();
            set
        })
        .collect();
    let (shared, cut) = index::shared_counts(&shingle_sets, options.max_matrix_updates);
    drop(shingle_sets);
    let (containment, jaccard) = matrix::similarities(&shared, n);
    let cell = |t: &[f64], i: usize, j: usize| t.get(i * n + j).copied().unwrap_or(0.0);
    let order = matrix::order(n, |i, j| cell(&containment, i, j).max(cell(&containment, j, i)));
    let rows = |t: &[f64]| -> Vec<Vec<f64>> { t.chunks(n.max(1)).map(<[f64]>::to_vec).collect() };
    let matrix = SimilarityMatrix {
        order: order.iter().map(|&i| i as u32).collect(),
        shingles: (0..n).map(|i| shared.get(i * n + i).copied().unwrap_or(0)).collect(),
        shared: shared.chunks(n.max(1)).map(<[u32]>::to_vec).collect(),
        containment: rows(&containment),
        jaccard: rows(&jaccard),
    };
    (matrix, cut)
}

/// One copy of a cluster as compared with the cluster's reference.
#[derive(Clone, Debug, PartialEq)]
pub struct ComparedCopy {
    /// Index into the cluster's members.
    pub member: usize,
    /// Units equal to the reference, as a percentage of the copy's units
    /// (0 when the budget left it uncompared).
    pub same_percent: f64,
    /// Where it differs from the reference, in units of each document.
    pub variants: Vec<CopyVariant>,
}

/// A difference between a copy and its cluster's reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CopyVariant {
    /// Units of the copy (empty for a deletion).
    pub member: Range<usize>,
    /// Units of the reference in its place (empty for an insertion).
    pub reference: Range<usize>,
    /// Not at either end of the copy: words the copy cut from inside the reference.
    pub inner: bool,
}

impl ComparedCopy {
    /// The edited stretches of the copy (document `doc`) and of the reference
    /// (document `reference_doc`) that this comparison shows.
    pub fn edits(&self, doc: usize, reference_doc: usize) -> Vec<(usize, Range<usize>)> {
        let mut out = Vec::new();
        for v in &self.variants {
            if !v.member.is_empty() {
                out.push((doc, v.member.clone()));
            }
            // Words the member cut from inside the reference (not where it merely starts later or ends earlier).
            if v.inner && !v.reference.is_empty() {
                out.push((reference_doc, v.reference.clone()));
            }
        }
        out
    }
}

/// Each member of cluster `c` compared with its reference, members linked
/// only through an alignment's changed part left out (the reference is
/// always kept), in member order; `true` if the budget (`work` against
/// `max_work`) left some uncompared.
pub fn compare_copies(
    c: &Cluster,
    units: &[Units],
    aligner: &mut Aligner,
    work: &mut usize,
    max_work: usize,
) -> (Vec<ComparedCopy>, bool) {
    let Some(reference) = c.members.get(c.reference) else { return (Vec::new(), false) };
    let Some(rkeys) = units.get(reference.doc).map(|u| u.keys.get(reference.range.clone()).unwrap_or(&[])) else {
        return (Vec::new(), false);
    };
    let mut out = Vec::with_capacity(c.members.len());
    let mut cut = false;
    for (i, m) in c.members.iter().enumerate() {
        let Some(u) = units.get(m.doc) else { continue };
        let mut copy = ComparedCopy { member: i, same_percent: 100.0, variants: Vec::new() };
        if i != c.reference {
            let mkeys = u.keys.get(m.range.clone()).unwrap_or(&[]);
            *work += rkeys.len() + mkeys.len();
            if *work > max_work {
                cut = true;
                copy.same_percent = 0.0;
            } else {
                let ops = aligner.ops(rkeys, mkeys);
                let same: usize = ops.iter().filter(|o| o.equal).map(|o| o.b.len()).sum();
                // Linked through an alignment's changed part, not a copy: leave it out.
                if 3 * same < mkeys.len() {
                    continue;
                }
                copy.same_percent = matrix::round4(100.0 * same as f64 / mkeys.len().max(1) as f64);
                let last = ops.len().saturating_sub(1);
                let at = |r: &Range<usize>, base: usize| base + r.start..base + r.end;
                for (k, op) in ops.iter().enumerate().filter(|(_, o)| !o.equal) {
                    copy.variants.push(CopyVariant {
                        member: at(&op.b, m.range.start),
                        reference: at(&op.a, reference.range.start),
                        inner: k != 0 && k != last,
                    });
                }
            }
        }
        out.push(copy);
    }
    (out, cut)
}

/// Per document (index), the merged unit ranges it shares with any other document.
pub fn shared_ranges(n: usize, passages: &[PairPassage]) -> Vec<Vec<Range<usize>>> {
    let mut shared: Vec<Vec<Range<usize>>> = vec![Vec::new(); n];
    for p in passages {
        if let Some(s) = shared.get_mut(p.a) {
            s.push(p.ra.clone());
        }
        if let Some(s) = shared.get_mut(p.b) {
            s.push(p.rb.clone());
        }
    }
    shared.into_iter().map(cluster::union).collect()
}

fn units_span(units: &[Units], doc: usize, r: &Range<usize>, text_len: usize) -> Span {
    units.get(doc).map_or(Span::default(), |u| u.span(r.start, r.end, text_len))
}

fn coverage(doc: &Document, u: &Units, covered: &[Range<usize>], min_units: usize) -> Coverage {
    let len = doc.text.len();
    let shared: Vec<Span> = covered.iter().map(|r| u.span(r.start, r.end, len)).collect();
    let unique = cluster::gaps(covered, u.len(), min_units)
        .into_iter()
        .map(|r| {
            let span = u.span(r.start, r.end, len);
            UniquePassage { loc: Loc::of(doc, span), units: r.len() as u32, text: span.slice(&doc.text).to_owned() }
        })
        .collect();
    let shared_units: usize = covered.iter().map(Range::len).sum();
    Coverage {
        doc: doc.id.0,
        units: u.len() as u32,
        shared_units: shared_units as u32,
        bytes: len as u32,
        shared_bytes: shared.iter().map(|s| s.len() as u32).sum(),
        shared_percent: matrix::round4(100.0 * shared_units as f64 / u.len().max(1) as f64),
        shared: shared.iter().map(|&s| Loc::of(doc, s)).collect(),
        unique,
    }
}

/// Which part a token falls in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Core,
    Edited,
    Unique,
}

fn edit_words(
    corpus: &Corpus,
    docs: &[&Document],
    units: &[Units],
    shared: &[Vec<Range<usize>>],
    edited: Vec<Vec<Range<usize>>>,
    limit: usize,
) -> EditWords {
    let vocab = corpus.vocabulary();
    let mut counts = [vec![0u32; vocab.len()], vec![0u32; vocab.len()], vec![0u32; vocab.len()]];
    for (((doc, u), shared), edited) in docs.iter().zip(units).zip(shared).zip(edited) {
        let len = doc.text.len();
        let to_spans = |rs: &[Range<usize>]| -> Vec<Span> { rs.iter().map(|r| u.span(r.start, r.end, len)).collect() };
        let shared = to_spans(shared);
        let edited = to_spans(&cluster::union(edited));
        let (mut si, mut ei) = (0usize, 0usize);
        for t in doc.tokens.iter().filter(|t| t.kind == TokenKind::Word) {
            while shared.get(si).is_some_and(|s| s.end <= t.span.start) {
                si += 1;
            }
            while edited.get(ei).is_some_and(|s| s.end <= t.span.start) {
                ei += 1;
            }
            let inside = |s: Option<&Span>| s.is_some_and(|s| s.start < t.span.end && t.span.start < s.end);
            let part = if inside(edited.get(ei)) {
                Part::Edited
            } else if inside(shared.get(si)) {
                Part::Core
            } else {
                Part::Unique
            };
            let slot = match part {
                Part::Core => 0,
                Part::Edited => 1,
                Part::Unique => 2,
            };
            if let Some(c) = counts.get_mut(slot).and_then(|c| c.get_mut(t.term.0 as usize)) {
                *c += 1;
            }
        }
    }
    let [core, edited, unique] = counts;
    let total = |c: &[u32]| c.iter().map(|&x| u64::from(x)).sum::<u64>();
    EditWords {
        core_tokens: total(&core),
        edited_tokens: total(&edited),
        unique_tokens: total(&unique),
        edited: edits::key_words(&edited, &core, vocab, crate::stats::critical_value(0.05), limit),
        unique: edits::key_words(&unique, &core, vocab, crate::stats::critical_value(0.05), limit),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(texts: &[&str]) -> Corpus {
        let mut c = Corpus::new();
        for (i, t) in texts.iter().enumerate() {
            assert!(c.add_document(&format!("d{i}.txt"), t.as_bytes()).is_ok());
        }
        c
    }

    #[test]
    fn options_and_document_counts_are_checked() {
        let c = corpus(&["one document only."]);
        let err = |o: &ReuseOptions| reuse(&c, o).err().map(|e| (e.name(), e.message().to_owned()));
        assert_eq!(
            err(&ReuseOptions::default()),
            Some(("InvalidOption", "reuse needs at least 2 documents, got 1".into()))
        );
        let o = ReuseOptions { ngram: 0, ..ReuseOptions::default() };
        assert_eq!(err(&o).map(|e| e.0), Some("InvalidOption"));
        let o = ReuseOptions { min_units: 3, ..ReuseOptions::default() };
        assert_eq!(err(&o).map(|e| e.1), Some("minUnits (3) must be at least ngram (5)".into()));
        let o = ReuseOptions { documents: vec![0, 7], ..ReuseOptions::default() };
        assert_eq!(err(&o).map(|e| e.0), Some("UnknownDocument"));
    }
}
