//! The reuse report (`crate::reuse` builds it). See "Reuse report" in
//! docs/report-format.md.

use super::Loc;
use serde::Serialize;


/// Who shares what with whom across 2..500 documents, and what each one adds.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReuseReport {
    pub version: u32,
    /// The analysed documents; matrix rows and columns are in this order.
    pub documents: Vec<ReuseDoc>,
    pub settings: ReuseSettings,
    pub matrix: SimilarityMatrix,
    /// Sorted by number of documents (descending), then length (descending).
    pub clusters: Vec<ReuseCluster>,
    /// Every pairwise passage, sorted by `(a, b, aLoc.start)`; `cluster` indexes `clusters`.
    pub passages: Vec<SharedPassage>,
    /// One per document, in the order of `documents`.
    pub coverage: Vec<Coverage>,
    pub edit_words: EditWords,
    /// True if any budget was hit; `truncation` says which.
    pub truncated: bool,
    pub truncation: Vec<String>,
}

/// A document of a reuse report. Units are words, numbers and Han characters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReuseDoc {
    pub id: u32,
    pub name: String,
    pub units: u32,
    pub bytes: u32,
}

/// The settings the report was computed with (defaults filled in).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReuseSettings {
    pub ngram: u32,
    pub window: u32,
    pub min_units: u32,
}

/// Resemblance over shingles (n-grams of units), rows and columns in the order of `documents`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SimilarityMatrix {
    /// A display order (indices into `documents`) that puts near-copies next to each other.
    pub order: Vec<u32>,
    /// Distinct shingles of each document.
    pub shingles: Vec<u32>,
    /// `shared[i][j]`: distinct shingles documents i and j have in common.
    pub shared: Vec<Vec<u32>>,
    /// `containment[i][j]`: share of i's shingles that are also in j (0..1).
    pub containment: Vec<Vec<f64>>,
    /// `jaccard[i][j]`: shared shingles over the union of both documents' shingles (0..1).
    pub jaccard: Vec<Vec<f64>>,
}

/// A passage found in several documents, with every copy.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReuseCluster {
    pub id: u32,
    /// Distinct documents among the members.
    pub documents: u32,
    /// Units of the reference member.
    pub units: u32,
    /// Index into `members` of the copy the others are compared with.
    pub reference: u32,
    /// Sorted by document position in `documents`, then start.
    pub members: Vec<ClusterMember>,
}

/// One copy of a cluster's passage.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterMember {
    /// Document id.
    pub doc: u32,
    pub loc: Loc,
    pub units: u32,
    pub text: String,
    /// Units equal to the reference, as a percentage of this member's units.
    pub same_percent: f64,
    /// Where this copy differs from the reference (text it has and the reference has not, or has otherwise).
    pub variants: Vec<Variant>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Variant {
    pub loc: Loc,
    pub text: String,
    /// What the reference has in its place (empty for an insertion).
    pub reference_text: String,
}

/// A passage shared by two documents.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SharedPassage {
    /// Index into `clusters`; null when the passage's text is in no reported cluster.
    pub cluster: Option<u32>,
    /// Document ids.
    pub a: u32,
    pub b: u32,
    pub a_loc: Loc,
    pub b_loc: Loc,
    pub a_units: u32,
    pub b_units: u32,
    /// Units equal on both sides.
    pub matched: u32,
}

/// How much of one document is shared with the others and how much is its own.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Coverage {
    pub doc: u32,
    pub units: u32,
    pub shared_units: u32,
    pub bytes: u32,
    pub shared_bytes: u32,
    /// Shared units as a percentage of all units.
    pub shared_percent: f64,
    /// The shared stretches, merged, in order.
    pub shared: Vec<Loc>,
    /// Stretches of at least `minUnits` units that no other document has.
    pub unique: Vec<UniquePassage>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UniquePassage {
    pub loc: Loc,
    pub units: u32,
    pub text: String,
}

/// The words of the edits: terms over-represented in the edited and in the
/// unique parts, each against the shared, unedited core (log-likelihood G²).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EditWords {
    pub core_tokens: u64,
    pub edited_tokens: u64,
    pub unique_tokens: u64,
    pub edited: Vec<KeyWord>,
    pub unique: Vec<KeyWord>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyWord {
    pub term: String,
    /// Occurrences in the part (edited or unique).
    pub count: u64,
    /// Occurrences in the shared core.
    pub core_count: u64,
    /// Log-likelihood G² (1 degree of freedom; 3.84 is p < 0.05, 10.83 is p < 0.001).
    pub g2: f64,
    /// log2 of the ratio of relative frequencies (part / core), core count smoothed by 0.5 when 0.
    pub log_ratio: f64,
}
