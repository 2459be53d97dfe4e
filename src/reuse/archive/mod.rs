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

use super::cluster::{self, Cluster};
use super::fingerprint::Units;
use super::index::{self, Posting, Seed};
use super::passages::{self, Aligner, PairPassage, Params};
use super::{compare_copies, fingerprints, matrix, shared_ranges};
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
            let summary = corpus.add_document(&name, text.as_bytes())?;
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

/// A document of a component: its number, id, units and text.
pub struct ComponentDoc<'a> {
    pub number: u32,
    pub id: &'a str,
    pub units: &'a Units,
    pub text: &'a str,
}

/// A shared passage, both sides in code points of the texts as given.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PassageRow {
    /// The cluster holding most of it, if any.
    pub cluster: Option<u64>,
    pub a: String,
    pub b: String,
    pub a_start: u32,
    pub a_end: u32,
    pub b_start: u32,
    pub b_end: u32,
    pub a_units: u32,
    pub b_units: u32,
    pub matched: u32,
    /// Which cluster, before [`rank_clusters`] numbers them.
    #[serde(skip)]
    pub key: Option<(u32, u32)>,
    #[serde(skip)]
    pub numbers: (u32, u32),
}

/// A passage found in several documents.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClusterRow {
    pub cluster: u64,
    /// Distinct documents among the members.
    pub documents: u32,
    pub members: u32,
    /// Units of the reference copy.
    pub units: u32,
    /// The copy the others are compared with.
    pub reference: String,
    pub reference_start: u32,
    pub reference_end: u32,
    /// The first member's document number and start unit: unique, and the
    /// last tie-break of the report order.
    #[serde(skip)]
    pub key: (u32, u32),
}

/// One copy of a cluster's passage.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MemberRow {
    pub cluster: u64,
    pub id: String,
    pub start: u32,
    pub end: u32,
    pub units: u32,
    pub reference: bool,
    /// Units equal to the reference, as a percentage of this copy's units.
    pub same_percent: f64,
    pub text: String,
    /// Where this copy differs from the reference.
    pub variants: Vec<VariantRow>,
    #[serde(skip)]
    pub key: (u32, u32),
    #[serde(skip)]
    pub number: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VariantRow {
    pub start: u32,
    pub end: u32,
    pub text: String,
    /// What the reference has in its place (empty for an insertion).
    pub reference_text: String,
}

/// How much of one document is shared with others.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CoverageRow {
    pub id: String,
    pub units: u32,
    pub shared_units: u32,
    pub shared_percent: f64,
    pub chars: u32,
    pub shared_chars: u32,
    #[serde(skip)]
    pub number: u32,
}

/// What one component gives.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ComponentTables {
    pub clusters: Vec<ClusterRow>,
    pub members: Vec<MemberRow>,
    pub passages: Vec<PassageRow>,
    pub coverage: Vec<CoverageRow>,
    /// Whether the component's budget ran out.
    pub truncated: bool,
}

/// Stage 5: clusters, members, passages and coverage of one component:
/// `docs` (any order) and every passage among them.
pub fn cluster_component(docs: &[ComponentDoc<'_>], passages: &[ArchivePassage], options: &ArchiveOptions) -> ComponentTables {
    let mut docs: Vec<&ComponentDoc<'_>> = docs.iter().collect();
    docs.sort_by_key(|d| d.number);
    let local = |n: u32| docs.binary_search_by_key(&n, |d| d.number).ok();
    let mut pair_passages: Vec<PairPassage> = passages
        .iter()
        .filter_map(|p| {
            Some(PairPassage { a: local(p.a)?, b: local(p.b)?, ra: p.ra.clone(), rb: p.rb.clone(), matched: p.matched })
        })
        .collect();
    pair_passages.sort_by_key(|x| (x.a, x.b, x.ra.start, x.rb.start));
    let units: Vec<Units> = docs.iter().map(|d| d.units.clone()).collect();
    let mut aligner = Aligner::default();
    let mut work = 0;
    let max = options.max_component_units;
    let (clusters, cluster_of, complete) =
        cluster::clusters(&pair_passages, &units, &mut aligner, options.min_units, &mut work, max);
    let mut out = ComponentTables { truncated: !complete, ..ComponentTables::default() };
    let span = |d: usize, r: &Range<usize>| -> (u32, u32, String) {
        let (Some(doc), Some(u)) = (docs.get(d), units.get(d)) else { return (0, 0, String::new()) };
        let chars = doc.text.chars().count();
        let s = u.span(r.start, r.end, chars);
        (s.start, s.end, slice_chars(doc.text, s.start, s.end))
    };
    let mut keys: Vec<Option<(u32, u32)>> = vec![None; clusters.len()];
    for (c_index, c) in clusters.iter().enumerate() {
        let (copies, cut) = compare_copies(c, &units, &mut aligner, &mut work, max);
        out.truncated |= cut;
        let (Some(first), Some(reference)) = (c.members.first(), c.members.get(c.reference)) else { continue };
        if copies.len() < 2 {
            continue;
        }
        let key = (docs.get(first.doc).map_or(0, |d| d.number), first.range.start as u32);
        if let Some(k) = keys.get_mut(c_index) {
            *k = Some(key);
        }
        let (rs, re, _) = span(reference.doc, &reference.range);
        out.clusters.push(ClusterRow {
            cluster: 0,
            documents: documents(c, &copies),
            members: copies.len() as u32,
            units: reference.range.len() as u32,
            reference: docs.get(reference.doc).map_or(String::new(), |d| d.id.to_owned()),
            reference_start: rs,
            reference_end: re,
            key,
        });
        for copy in &copies {
            let Some(m) = c.members.get(copy.member) else { continue };
            let (start, end, text) = span(m.doc, &m.range);
            let variants = copy
                .variants
                .iter()
                .map(|v| {
                    let (vs, ve, vtext) = span(m.doc, &v.member);
                    VariantRow { start: vs, end: ve, text: vtext, reference_text: span(reference.doc, &v.reference).2 }
                })
                .collect();
            out.members.push(MemberRow {
                cluster: 0,
                id: docs.get(m.doc).map_or(String::new(), |d| d.id.to_owned()),
                start,
                end,
                units: m.range.len() as u32,
                reference: copy.member == c.reference,
                same_percent: copy.same_percent,
                text,
                variants,
                key,
                number: docs.get(m.doc).map_or(0, |d| d.number),
            });
        }
    }
    for (p, &c) in pair_passages.iter().zip(&cluster_of) {
        let (Some(da), Some(db)) = (docs.get(p.a), docs.get(p.b)) else { continue };
        let ((a_start, a_end, _), (b_start, b_end, _)) = (span(p.a, &p.ra), span(p.b, &p.rb));
        out.passages.push(PassageRow {
            cluster: None,
            a: da.id.to_owned(),
            b: db.id.to_owned(),
            a_start,
            a_end,
            b_start,
            b_end,
            a_units: p.ra.len() as u32,
            b_units: p.rb.len() as u32,
            matched: p.matched as u32,
            key: keys.get(c).copied().flatten(),
            numbers: (da.number, db.number),
        });
    }
    for ((d, covered), doc) in shared_ranges(docs.len(), &pair_passages).iter().enumerate().zip(&docs) {
        let chars = doc.text.chars().count();
        let u = doc.units;
        let shared_units: usize = covered.iter().map(Range::len).sum();
        let shared_chars: u32 = covered.iter().map(|r| u.span(r.start, r.end, chars)).map(|s| s.end - s.start).sum();
        let _ = d;
        out.coverage.push(CoverageRow {
            id: doc.id.to_owned(),
            units: u.len() as u32,
            shared_units: shared_units as u32,
            shared_percent: matrix::round4(100.0 * shared_units as f64 / u.len().max(1) as f64),
            chars: chars as u32,
            shared_chars,
            number: doc.number,
        });
    }
    out
}

fn documents(c: &Cluster, copies: &[super::ComparedCopy]) -> u32 {
    let mut docs: Vec<usize> = copies.iter().filter_map(|x| c.members.get(x.member)).map(|m| m.doc).collect();
    docs.dedup();
    docs.len() as u32
}

/// Code points `start..end` of `text`.
fn slice_chars(text: &str, start: u32, end: u32) -> String {
    text.chars().skip(start as usize).take(end.saturating_sub(start) as usize).collect()
}

/// The coverage row of a document that shares nothing.
pub fn lone_coverage(id: &str, number: u32, chars: u32, units: u32) -> CoverageRow {
    CoverageRow {
        id: id.to_owned(),
        units,
        shared_units: 0,
        shared_percent: 0.0,
        chars,
        shared_chars: 0,
        number,
    }
}

/// Stage 6: numbers `clusters` (of all components) in report order — most
/// documents × units first, then most documents, then by first member — and
/// returns the map from a cluster's key to its number.
pub fn rank_clusters(clusters: &mut [ClusterRow]) -> BTreeMap<(u32, u32), u64> {
    clusters.sort_by_key(|c| (Reverse(u64::from(c.documents) * u64::from(c.units)), Reverse(c.documents), c.key));
    clusters
        .iter_mut()
        .enumerate()
        .map(|(i, c)| {
            c.cluster = i as u64;
            (c.key, i as u64)
        })
        .collect()
}

/// A document of the archive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DocumentRow {
    pub id: String,
    /// Its place among all ids in byte order: the number the stages use.
    pub number: u32,
    pub chars: u32,
    pub units: u32,
}

/// A record that could not be used (`--on-error skip`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RecordError {
    /// The line of the input (1-based), when read from JSON lines.
    pub line: Option<u64>,
    pub id: Option<String>,
    pub kind: &'static str,
    pub message: String,
}

/// Every table of a reuse run over an archive.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Tables {
    pub documents: Vec<DocumentRow>,
    pub passages: Vec<PassageRow>,
    pub clusters: Vec<ClusterRow>,
    pub members: Vec<MemberRow>,
    pub coverage: Vec<CoverageRow>,
    pub doc_pairs: Vec<DocPairRow>,
    /// Records skipped (with `skip_errors`).
    pub errors: Vec<RecordError>,
    /// Budgets that were hit.
    pub truncation: Vec<String>,
}

/// One input record: an id and a text (`line` for messages).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub id: String,
    pub text: String,
    pub line: Option<u64>,
}

/// Reads one JSON line `{"id": "…", "text": "…", …}` (other fields ignored).
///
/// # Errors
/// [`ErrorKind::BadRecord`] naming the line: not JSON, not an object, no
/// string `id` or no string `text`.
pub fn parse_line(line: &str, number: u64) -> Result<Record> {
    parse_record(line, "line", number)
}

/// Reads one record given as a JSON object; messages name it as `what number`
/// (`line 7` of a file, `row 7` of a Python iterable).
///
/// # Errors
/// As [`parse_line`].
pub fn parse_record(line: &str, what: &str, number: u64) -> Result<Record> {
    let value: serde_json::Value = serde_json::from_str(line)
        .map_err(|e| Error::bad_record(format!("{what} {number}: not valid JSON ({e})")))?;
    let Some(object) = value.as_object() else {
        return Err(Error::bad_record(format!("{what} {number}: not a JSON object")));
    };
    let id = match object.get("id") {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => {
            return Err(Error::bad_record(format!("{what} {number}: `id` must be a string, got {}", json_type(other))))
        }
        None => return Err(Error::bad_record(format!("{what} {number}: no `id`"))),
    };
    let text = match object.get("text") {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => {
            return Err(Error::bad_record(format!(
                "{what} {number} (id {id:?}): `text` must be a string, got {}",
                json_type(other)
            )))
        }
        None => return Err(Error::bad_record(format!("{what} {number} (id {id:?}): no `text`"))),
    };
    Ok(Record { id, text, line: Some(number) })
}

fn json_type(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// Documents analysed per batch in [`run`].
const BATCH: usize = 512;

/// Reuse over `records` in one process: every stage in turn, the same
/// functions the Spark job runs. With `skip_errors`, a record that cannot be
/// used is left out and listed in `errors`; without, the first one fails the run.
///
/// # Errors
/// Options out of range; with `skip_errors` off, the first bad record
/// ([`ErrorKind::BadRecord`] for a duplicate id, or the error of its text,
/// naming its id).
pub fn run(records: Vec<Result<Record>>, options: &ArchiveOptions, skip_errors: bool) -> Result<Tables> {
    options.check()?;
    let mut tables = Tables::default();
    let fail = |e: Error, line: Option<u64>, id: Option<String>, tables: &mut Tables| -> Result<()> {
        if !skip_errors {
            return Err(e);
        }
        tables.errors.push(RecordError { line, id, kind: e.name(), message: e.message().to_owned() });
        Ok(())
    };
    let mut good: Vec<Record> = Vec::with_capacity(records.len());
    for r in records {
        match r {
            Ok(r) => good.push(r),
            Err(e) => fail(e, None, None, &mut tables)?,
        }
    }
    good.sort_by(|x, y| x.id.cmp(&y.id).then(x.line.cmp(&y.line)));
    let mut records: Vec<Record> = Vec::with_capacity(good.len());
    for r in good {
        if records.last().is_some_and(|last: &Record| last.id == r.id) {
            let e = Error::bad_record(format!("{}id {:?} appears twice", line_prefix(r.line), r.id));
            fail(e, r.line, Some(r.id), &mut tables)?;
        } else {
            records.push(r);
        }
    }
    // 1. Units and fingerprints, batch by batch; a record that fails is dropped.
    let mut kept: Vec<(Record, Analysed)> = Vec::with_capacity(records.len());
    for batch in records.chunks(BATCH) {
        let ids: Vec<&str> = batch.iter().map(|r| r.id.as_str()).collect();
        let texts: Vec<&str> = batch.iter().map(|r| r.text.as_str()).collect();
        for (r, a) in batch.iter().zip(analyse(&ids, &texts, options)) {
            match a {
                Ok(a) => kept.push((r.clone(), a)),
                Err(e) => fail(e, r.line, Some(r.id.clone()), &mut tables)?,
            }
        }
    }
    drop(records);
    tables.documents = kept
        .iter()
        .enumerate()
        .map(|(n, (r, a))| DocumentRow { id: r.id.clone(), number: n as u32, chars: a.chars, units: a.units.len() as u32 })
        .collect();
    // 2. Seeds.
    let mut postings: Vec<Posting> = Vec::new();
    for (n, (_, a)) in kept.iter_mut().enumerate() {
        postings.extend(a.fingerprints.iter().map(|&(h, pos)| (h, n as u32, pos)));
        a.fingerprints = Vec::new();
    }
    let (all_seeds, dropped) = seeds(&mut postings, options);
    drop(postings);
    if dropped > 0 {
        tables.truncation.push(format!(
            "seeds: {dropped} fingerprints held by more than {} postings (boilerplate) gave no seeds",
            options.max_posting
        ));
    }
    // 3. Passages per pair.
    let mut all_passages: Vec<ArchivePassage> = Vec::new();
    let mut cut_pairs = 0;
    for pair in all_seeds.chunk_by(|x, y| (x.a, x.b) == (y.a, y.b)) {
        let Some(first) = pair.first() else { continue };
        let (Some((ra, aa)), Some((rb, ab))) = (kept.get(first.a as usize), kept.get(first.b as usize)) else { continue };
        let (found, row, cut) = align((first.a, first.b), (&ra.id, &rb.id), (&aa.units, &ab.units), pair, options);
        cut_pairs += usize::from(cut);
        all_passages.extend(found);
        tables.doc_pairs.extend(row);
    }
    drop(all_seeds);
    if cut_pairs > 0 {
        tables.truncation.push(format!(
            "passages: {cut_pairs} document pairs over the alignment budget of {} units were left out",
            options.max_pair_units
        ));
    }
    // 4. Components.
    let pairs: Vec<(u32, u32)> = tables.doc_pairs_numbers(&all_passages);
    let component_of: BTreeMap<u32, u32> = components(&pairs).into_iter().collect();
    let mut by_component: BTreeMap<u32, (Vec<u32>, Vec<ArchivePassage>)> = BTreeMap::new();
    for (&doc, &c) in &component_of {
        by_component.entry(c).or_default().0.push(doc);
    }
    for p in all_passages {
        if let Some(c) = component_of.get(&p.a) {
            by_component.entry(*c).or_default().1.push(p);
        }
    }
    // 5. Clusters per component.
    let mut cut_components = 0;
    for (docs, passages) in by_component.values() {
        let component_docs: Vec<ComponentDoc<'_>> = docs
            .iter()
            .filter_map(|&n| {
                kept.get(n as usize).map(|(r, a)| ComponentDoc { number: n, id: &r.id, units: &a.units, text: &r.text })
            })
            .collect();
        let t = cluster_component(&component_docs, passages, options);
        cut_components += usize::from(t.truncated);
        tables.clusters.extend(t.clusters);
        tables.members.extend(t.members);
        tables.passages.extend(t.passages);
        tables.coverage.extend(t.coverage);
    }
    if cut_components > 0 {
        tables.truncation.push(format!(
            "clusters: {cut_components} components over the alignment budget of {} units are incomplete",
            options.max_component_units
        ));
    }
    for (n, (r, a)) in kept.iter().enumerate() {
        if !component_of.contains_key(&(n as u32)) {
            tables.coverage.push(lone_coverage(&r.id, n as u32, a.chars, a.units.len() as u32));
        }
    }
    // 6. Cluster ids and the order of every table.
    let ids = rank_clusters(&mut tables.clusters);
    for m in &mut tables.members {
        m.cluster = ids.get(&m.key).copied().unwrap_or(0);
    }
    for p in &mut tables.passages {
        p.cluster = p.key.and_then(|k| ids.get(&k).copied());
    }
    tables.members.sort_by_key(|m| (m.cluster, m.number, m.start));
    tables.passages.sort_by_key(|p| (p.numbers, p.a_start, p.b_start));
    tables.coverage.sort_by_key(|c| c.number);
    Ok(tables)
}

impl Tables {
    fn doc_pairs_numbers(&self, passages: &[ArchivePassage]) -> Vec<(u32, u32)> {
        let mut pairs: Vec<(u32, u32)> = passages.iter().map(|p| (p.a, p.b)).collect();
        pairs.dedup();
        pairs
    }
}

fn line_prefix(line: Option<u64>) -> String {
    line.map_or(String::new(), |l| format!("line {l}: "))
}

/// Reads JSON lines (one record per non-blank line) for [`run`]: each line's
/// record, or the error that names it.
pub fn read_jsonl(reader: impl std::io::BufRead) -> Vec<Result<Record>> {
    let mut out = Vec::new();
    for (i, line) in reader.lines().enumerate() {
        let number = i as u64 + 1;
        match line {
            Ok(line) if line.trim().is_empty() => {}
            Ok(line) => out.push(parse_line(&line, number)),
            Err(e) => out.push(Err(Error::bad_record(format!("line {number}: cannot be read ({e})")))),
        }
    }
    out
}

/// Writes each table of `tables` as `DIR/NAME.jsonl` (one JSON object a
/// line), plus `errors.jsonl` and `truncation.json`.
///
/// # Errors
/// [`ErrorKind::BadFormat`] if a file cannot be written.
pub fn write_tables(tables: &Tables, dir: &std::path::Path) -> Result<()> {
    let io = |e: std::io::Error| Error::new(ErrorKind::BadFormat, format!("{}: {e}", dir.display()));
    std::fs::create_dir_all(dir).map_err(io)?;
    fn write<T: Serialize>(dir: &std::path::Path, name: &str, rows: &[T]) -> Result<()> {
        use std::io::Write;
        let path = dir.join(format!("{name}.jsonl"));
        let io = |e: std::io::Error| Error::new(ErrorKind::BadFormat, format!("{}: {e}", path.display()));
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path).map_err(io)?);
        for row in rows {
            let line = serde_json::to_string(row).map_err(|e| Error::new(ErrorKind::BadFormat, e.to_string()))?;
            writeln!(out, "{line}").map_err(io)?;
        }
        out.flush().map_err(io)
    }
    write(dir, "documents", &tables.documents)?;
    write(dir, "passages", &tables.passages)?;
    write(dir, "clusters", &tables.clusters)?;
    write(dir, "members", &tables.members)?;
    write(dir, "coverage", &tables.coverage)?;
    write(dir, "doc_pairs", &tables.doc_pairs)?;
    write(dir, "errors", &tables.errors)?;
    let truncation = serde_json::to_string(&tables.truncation).map_err(|e| Error::new(ErrorKind::BadFormat, e.to_string()))?;
    std::fs::write(dir.join("truncation.json"), truncation).map_err(io)
}

/// `textlens reuse --jsonl FILE --out DIR`: reads JSON lines, runs [`run`]
/// and writes the tables with [`write_tables`]; returns a one-line summary.
///
/// # Errors
/// The file cannot be read, a record is bad (without `skip_errors`), a table
/// cannot be written.
pub fn run_jsonl(input: &std::path::Path, out: &std::path::Path, options: &ArchiveOptions, skip_errors: bool) -> Result<String> {
    let file = std::fs::File::open(input)
        .map_err(|e| Error::new(ErrorKind::BadFormat, format!("{}: {e}", input.display())))?;
    let tables = run(read_jsonl(std::io::BufReader::new(file)), options, skip_errors)?;
    write_tables(&tables, out)?;
    Ok(format!(
        "{} documents, {} passages in {} clusters, {} document pairs, {} records skipped → {}",
        tables.documents.len(),
        tables.passages.len(),
        tables.clusters.len(),
        tables.doc_pairs.len(),
        tables.errors.len(),
        out.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_lines_are_named() {
        let msg = |l: &str| parse_line(l, 7).err().map(|e| (e.name(), e.message().to_owned()));
        assert_eq!(msg(r#"{"id": "a"}"#), Some(("BadRecord", "line 7 (id \"a\"): no `text`".into())));
        assert_eq!(msg(r#"{"id": 3, "text": "x"}"#), Some(("BadRecord", "line 7: `id` must be a string, got a number".into())));
        assert!(msg("{nope").is_some_and(|(_, m)| m.starts_with("line 7: not valid JSON")));
        assert!(parse_line(r#"{"id": "a", "text": "t", "date": "2020"}"#, 1).is_ok());
    }

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
