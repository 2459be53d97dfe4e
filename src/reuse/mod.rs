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

mod cluster;
mod edits;
mod fingerprint;
mod index;
mod matrix;
mod passages;

use crate::corpus::{Corpus, DocId, Document};
use crate::error::{Error, Result};
use crate::report::{
    ClusterMember, Coverage, EditWords, Loc, ReuseCluster, ReuseDoc, ReuseReport, ReuseSettings, SharedPassage,
    SimilarityMatrix, UniquePassage, Variant, FORMAT_VERSION,
};
use crate::segment::TokenKind;
use crate::span::Span;
use fingerprint::Units;
use passages::{Aligner, Params};
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
/// # Errors
/// [`ErrorKind::InvalidOption`](crate::ErrorKind::InvalidOption) for settings
/// out of range or fewer than 2 documents;
/// [`ErrorKind::TooLarge`](crate::ErrorKind::TooLarge) for more than
/// [`MAX_DOCUMENTS`]; [`ErrorKind::UnknownDocument`](crate::ErrorKind::UnknownDocument)
/// for an id that is not loaded.
pub fn reuse(corpus: &Corpus, options: &ReuseOptions) -> Result<ReuseReport> {
    options.check()?;
    let docs: Vec<&Document> = if options.documents.is_empty() {
        corpus.documents().iter().collect()
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
    let n = docs.len();
    let mut truncation = Vec::new();

    // 1. Units, shingles, fingerprints.
    let units: Vec<Units> = docs.iter().map(|d| Units::of(d)).collect();
    let mut shingle_sets: Vec<Vec<u64>> = Vec::with_capacity(n);
    let mut fingerprints: Vec<Vec<(u64, u32)>> = Vec::with_capacity(n);
    for u in &units {
        let hashes = fingerprint::shingles(&u.keys, options.ngram);
        fingerprints.push(fingerprint::winnow(&hashes, options.window));
        let mut set = hashes;
        set.sort_unstable();
        set.dedup();
        shingle_sets.push(set);
    }

    // 2. Matrix.
    let (shared, cut) = index::shared_counts(&shingle_sets, options.max_matrix_updates);
    drop(shingle_sets);
    if cut {
        truncation.push(format!(
            "matrix: more than {} pair updates; shingles shared by the most documents were not counted",
            options.max_matrix_updates
        ));
    }
    let (containment, jaccard) = matrix::similarities(&shared, n);
    let cell = |t: &[f64], i: usize, j: usize| t.get(i * n + j).copied().unwrap_or(0.0);
    let order = matrix::order(n, |i, j| cell(&containment, i, j).max(cell(&containment, j, i)));

    // 3. Seeds and passages.
    let (seeds, cut) = index::seeds(&fingerprints, options.max_seeds);
    drop(fingerprints);
    if cut {
        truncation.push(format!(
            "seeds: more than {}; fingerprints shared by the most documents were left out",
            options.max_seeds
        ));
    }
    let params = Params {
        ngram: options.ngram,
        window: options.window,
        min_units: options.min_units,
        max_align_units: options.max_align_units,
    };
    let (pair_passages, cut, mut work) = passages::find(&units, &seeds, params);
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
        let Some(reference) = c.members.get(c.reference) else { continue };
        let (rdoc, rkeys) = match (docs.get(reference.doc), units.get(reference.doc)) {
            (Some(d), Some(u)) => (*d, u.keys.get(reference.range.clone()).unwrap_or(&[])),
            _ => continue,
        };
        let mut members = Vec::with_capacity(c.members.len());
        let mut member_docs: Vec<usize> = Vec::new();
        let mut reference_index = 0;
        let mut cluster_edits: Vec<(usize, Range<usize>)> = Vec::new();
        for (i, m) in c.members.iter().enumerate() {
            let (Some(doc), Some(u)) = (docs.get(m.doc), units.get(m.doc)) else { continue };
            let span = u.span(m.range.start, m.range.end, doc.text.len());
            let mut member = ClusterMember {
                doc: doc.id.0,
                loc: Loc::of(doc, span),
                units: m.range.len() as u32,
                text: span.slice(&doc.text).to_owned(),
                same_percent: 100.0,
                variants: Vec::new(),
            };
            if i != c.reference {
                let mkeys = u.keys.get(m.range.clone()).unwrap_or(&[]);
                work += rkeys.len() + mkeys.len();
                if work > options.max_align_units {
                    variants_cut = true;
                    member.same_percent = 0.0;
                } else {
                    let ops = aligner.ops(rkeys, mkeys);
                    let same: usize = ops.iter().filter(|o| o.equal).map(|o| o.b.len()).sum();
                    // Linked through an alignment's changed part, not a copy: leave it out.
                    if 3 * same < mkeys.len() {
                        continue;
                    }
                    member.same_percent = matrix::round4(100.0 * same as f64 / mkeys.len().max(1) as f64);
                    let last = ops.len().saturating_sub(1);
                    for (k, op) in ops.iter().enumerate().filter(|(_, o)| !o.equal) {
                        let at = |r: &Range<usize>, base: usize| base + r.start..base + r.end;
                        let mr = at(&op.b, m.range.start);
                        let rr = at(&op.a, reference.range.start);
                        let rspan = units_span(&units, reference.doc, &rr, rdoc.text.len());
                        // A deletion shows as an empty variant where the reference's text would be.
                        let mspan = u.span(mr.start, mr.end, doc.text.len());
                        member.variants.push(Variant {
                            loc: Loc::of(doc, mspan),
                            text: mspan.slice(&doc.text).to_owned(),
                            reference_text: rspan.slice(&rdoc.text).to_owned(),
                        });
                        if !mr.is_empty() {
                            cluster_edits.push((m.doc, mr));
                        }
                        // Words the member cut from inside the reference (not where it merely starts later or ends earlier).
                        if k != 0 && k != last && !rr.is_empty() {
                            cluster_edits.push((reference.doc, rr));
                        }
                    }
                }
            }
            if i == c.reference {
                reference_index = members.len();
            }
            members.push(member);
            member_docs.push(m.doc);
        }
        member_docs.dedup();
        if members.len() < 2 {
            continue;
        }
        for (d, r) in cluster_edits {
            if let Some(e) = edited.get_mut(d) {
                e.push(r);
            }
        }
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

    let mut shared_ranges: Vec<Vec<Range<usize>>> = vec![Vec::new(); n];
    for p in &pair_passages {
        if let Some(s) = shared_ranges.get_mut(p.a) {
            s.push(p.ra.clone());
        }
        if let Some(s) = shared_ranges.get_mut(p.b) {
            s.push(p.rb.clone());
        }
    }
    let shared_ranges: Vec<Vec<Range<usize>>> = shared_ranges.into_iter().map(cluster::union).collect();
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

    let rows = |t: &[f64]| -> Vec<Vec<f64>> { t.chunks(n.max(1)).map(<[f64]>::to_vec).collect() };
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
        matrix: SimilarityMatrix {
            order: order.iter().map(|&i| i as u32).collect(),
            shingles: (0..n).map(|i| shared.get(i * n + i).copied().unwrap_or(0)).collect(),
            shared: shared.chunks(n.max(1)).map(<[u32]>::to_vec).collect(),
            containment: rows(&containment),
            jaccard: rows(&jaccard),
        },
        clusters: report_clusters,
        passages: report_passages,
        coverage,
        edit_words,
        truncated: !truncation.is_empty(),
        truncation,
    })
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

/// The matrix as CSV (the crate's one writer, [`crate::csv`]): a header of
/// document names, then one row per document (display order) with its
/// containment in every other document.
pub fn matrix_csv(report: &ReuseReport) -> String {
    let mut csv = crate::csv::Csv::new();
    let name = |i: u32| report.documents.get(i as usize).map_or("", |d| d.name.as_str());
    csv.field("document");
    for &j in &report.matrix.order {
        csv.field(name(j));
    }
    csv.end();
    for &i in &report.matrix.order {
        csv.field(name(i));
        for &j in &report.matrix.order {
            csv.num(report.matrix.containment.get(i as usize).and_then(|r| r.get(j as usize)).copied().unwrap_or(0.0));
        }
        csv.end();
    }
    csv.finish()
}

/// The clusters as CSV (the crate's one writer, [`crate::csv`]): one row per member.
pub fn clusters_csv(report: &ReuseReport) -> String {
    let mut csv = crate::csv::Csv::new();
    csv.row(&["cluster", "documents", "reference", "doc", "name", "start", "end", "units", "samePercent", "variants", "text"]);
    for c in &report.clusters {
        for (i, m) in c.members.iter().enumerate() {
            let name = report.documents.iter().find(|d| d.id == m.doc).map_or("", |d| d.name.as_str());
            csv.num(c.id).num(c.documents).bool(i as u32 == c.reference).num(m.doc).field(name);
            csv.num(m.loc.start).num(m.loc.end).num(m.units).num(m.same_percent).num(m.variants.len()).field(&m.text).end();
        }
    }
    csv.finish()
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
