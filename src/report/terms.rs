//! The terms reports: term table, keyness, n-grams, collocates, concordance
//! and distribution (`crate::terms` builds them).

use super::{DocRef, Loc};
use serde::Serialize;

/// Term frequencies across the corpus (or one document of it) and per document.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TermReport {
    pub version: u32,
    /// The documents, in the order of every `perDoc` array.
    pub documents: Vec<DocRef>,
    /// The document the table is restricted to (`None`: the whole corpus).
    pub doc: Option<u32>,
    /// Counted tokens in scope (after the kind filter): the denominator of `rate`.
    pub total_tokens: u64,
    /// Tokens of the shown terms (after stopwords, minimum length and search), before `limit`.
    pub shown_tokens: u64,
    /// Distinct shown terms before `limit` was applied.
    pub distinct_terms: usize,
    /// Sorted as asked (default: count descending), ties by term ascending.
    pub terms: Vec<TermRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TermRow {
    pub term: String,
    /// Occurrences in scope.
    pub count: u64,
    /// Occurrences per 10,000 counted tokens in scope.
    pub rate: f64,
    /// Number of documents of the corpus the term occurs in.
    pub df: u32,
    /// Relative frequency × smoothed idf, `ln((1 + N) / (1 + df)) + 1`: for the
    /// scope's document, or the highest over documents for the whole corpus.
    pub tfidf: f64,
    /// First occurrence in scope (`None` when positions were not asked for).
    pub first: Option<TermPos>,
    /// Last occurrence in scope (`None` when positions were not asked for).
    pub last: Option<TermPos>,
    /// Count in each document, in the order of `documents` (empty if not asked for).
    pub per_doc: Vec<u64>,
}

/// Where a token is: document id, index in the document's tokens, and its place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TermPos {
    pub doc: u32,
    pub token: u32,
    pub loc: Loc,
}

/// Which way a key term leans.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum KeyUse {
    /// Relatively more frequent in the target than in the reference.
    Over,
    /// Relatively less frequent in the target than in the reference.
    Under,
}

/// Keyness: the terms that distinguish a target document from a reference.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeynessReport {
    pub version: u32,
    pub target: DocRef,
    /// The reference documents (the rest of the corpus, or one document).
    pub reference: Vec<DocRef>,
    pub target_tokens: u64,
    pub reference_tokens: u64,
    /// The significance level asked for (before any Bonferroni correction).
    pub alpha: f64,
    pub bonferroni: bool,
    /// Number of terms tested (the Bonferroni divisor).
    pub tests: usize,
    /// The G² a term must exceed to be listed (chi-square, 1 degree of freedom).
    pub critical: f64,
    /// Overused terms, G² descending, ties by term.
    pub overused: Vec<KeyRow>,
    /// Underused terms, G² descending, ties by term.
    pub underused: Vec<KeyRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyRow {
    pub term: String,
    pub target_count: u64,
    pub reference_count: u64,
    /// Per 10,000 tokens of the target.
    pub target_rate: f64,
    /// Per 10,000 tokens of the reference.
    pub reference_rate: f64,
    /// Log-likelihood G² (Rayson & Garside 2000).
    pub g2: f64,
    /// log2 of the ratio of relative frequencies, a zero count taken as 0.5 (Hardie 2014).
    pub log_ratio: f64,
    /// p-value of G² under chi-square with 1 degree of freedom (uncorrected).
    pub p: f64,
    #[serde(rename = "use")]
    pub use_: KeyUse,
}

/// Token n-grams.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NgramReport {
    pub version: u32,
    pub documents: Vec<DocRef>,
    pub doc: Option<u32>,
    pub min_n: usize,
    pub max_n: usize,
    /// Distinct n-grams counted (before `minCount` and `limit`).
    pub distinct: usize,
    /// True if the distinct n-gram budget was hit: counts are exact only for
    /// n-grams seen before that point.
    pub truncated: bool,
    /// Count descending, then n descending, then text.
    pub ngrams: Vec<NgramRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NgramRow {
    /// The text of the first occurrence, white space runs shown as one space.
    pub text: String,
    /// The comparison keys of its tokens.
    pub terms: Vec<String>,
    pub n: usize,
    pub count: u64,
    pub df: u32,
    pub first: TermPos,
    /// Count in each document, in the order of `documents`.
    pub per_doc: Vec<u64>,
}

/// How collocates are ranked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CollocateMeasure {
    #[default]
    LogLikelihood,
    Mi,
}

/// Collocates of a term or phrase within a window.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CollocateReport {
    pub version: u32,
    pub query: String,
    /// The node's comparison keys (empty if it does not occur).
    pub node: Vec<String>,
    pub doc: Option<u32>,
    pub left: usize,
    pub right: usize,
    pub measure: CollocateMeasure,
    /// Occurrences of the node.
    pub node_count: u64,
    /// Counted tokens in all windows.
    pub window_tokens: u64,
    /// Counted tokens in scope.
    pub total_tokens: u64,
    pub collocates: Vec<CollocateRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CollocateRow {
    pub term: String,
    /// Occurrences inside the node's windows.
    pub count: u64,
    pub left: u64,
    pub right: u64,
    /// Occurrences in scope.
    pub frequency: u64,
    /// G² of the 2×2 table window/outside × term/other.
    pub log_likelihood: f64,
    /// log2(observed / expected) co-occurrence.
    pub mi: f64,
}

/// How concordance lines are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum KwicSort {
    /// Document order, then position.
    #[default]
    Position,
    /// By the words to the left, nearest first (L1, L2, …).
    Left,
    /// By the words to the right, nearest first (R1, R2, …).
    Right,
}

/// A concordance (keyword in context).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KwicReport {
    pub version: u32,
    pub query: String,
    /// The comparison keys matched (empty if a word of the query never occurs).
    pub terms: Vec<String>,
    pub documents: Vec<DocRef>,
    pub sort: KwicSort,
    /// All hits in scope, including those not returned.
    pub total: usize,
    /// True if lines were left out (`limit` or the line budget).
    pub truncated: bool,
    pub lines: Vec<KwicLine>,
}

/// One concordance line; `left`, `hit` and `right` are adjacent and each
/// slices the document's text exactly.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KwicLine {
    pub doc: u32,
    /// Index of the hit's first token in the document.
    pub token: u32,
    pub left: Loc,
    pub hit: Loc,
    pub right: Loc,
    pub left_text: String,
    pub hit_text: String,
    pub right_text: String,
    /// The hit's place in the document's original text (`documentText(id).original`),
    /// when asked for (`original`, on by default).
    pub original: Option<Loc>,
}

/// Where a term or phrase occurs along each document.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DistributionReport {
    pub version: u32,
    pub query: String,
    pub terms: Vec<String>,
    pub bins: usize,
    pub documents: Vec<DocDistribution>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DocDistribution {
    pub id: u32,
    pub name: String,
    /// All tokens of the document (positions are token indices over this).
    pub tokens: u64,
    pub count: u64,
    /// Hits per equal slice of the document's tokens.
    pub bins: Vec<u64>,
    /// Hits per 10,000 counted tokens of the document.
    pub rate: f64,
}

/// The rows of a [`TermReport`] as columns, for the page's big tables (`termTable`): the same
/// header, then one column per field (`first`/`last` left out). Typed arrays cross to the page as
/// one copy each, where 100,000 row objects would block it. The core writes the columns one at
/// a time to a `terms::ColumnSink` (`src/wasm.rs` copies each into a `Float64Array` /
/// `Uint32Array` as it is written); this struct is the sink that collects them in Rust.
#[derive(Clone, Debug, PartialEq)]
pub struct TermTable {
    pub version: u32,
    pub documents: Vec<DocRef>,
    pub doc: Option<u32>,
    pub total_tokens: u64,
    pub shown_tokens: u64,
    pub distinct_terms: usize,
    /// The terms in row order, separated by `\n` (a term never holds a line break).
    pub terms: String,
    pub count: Vec<f64>,
    pub rate: Vec<f64>,
    pub df: Vec<u32>,
    pub tfidf: Vec<f64>,
    /// Counts per document, sparse (rows × documents would be 100 million cells for 50 000
    /// terms in 2 000 documents): row `i`'s documents (indices into `documents`, ascending)
    /// are `per_doc_docs[per_doc_offsets[i]..per_doc_offsets[i + 1]]`, their counts the same
    /// range of `per_doc_counts`. Empty when the options ask for no counts per document.
    pub per_doc_offsets: Vec<u32>,
    pub per_doc_docs: Vec<u32>,
    pub per_doc_counts: Vec<u32>,
}
