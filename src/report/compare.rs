//! The compare report (`crate::compare` builds it).

use super::{DocRef, Loc};
use serde::{Deserialize, Serialize};

/// How fine a comparison is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Granularity {
    /// Words as the segmenter cut them (jieba words for Chinese).
    #[default]
    Word,
    /// Characters inside words (changes in non-Han words still snap to the
    /// whole word, so Latin text never shows "te[x→s]t").
    Character,
}

/// The settings a comparison ran with, echoed in its report (the fields of
/// `crate::compare::CompareOptions`, defaults filled in as given).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CompareSettings {
    pub ignore_case: bool,
    pub ignore_whitespace: bool,
    pub ignore_width: bool,
    pub granularity: Granularity,
    pub min_move_units: u32,
    pub max_steps: Option<u64>,
}

/// A comparison of two documents. See `docs/report-format.md`, section "compare".
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CompareReport {
    pub version: u32,
    pub a: DocRef,
    pub b: DocRef,
    /// The options the comparison ran with.
    pub options: CompareSettings,
    /// In order; concatenating `aText` gives document A exactly, `bText` document B.
    pub ops: Vec<DiffOp>,
    /// Moved passages, by id; each links its `moveFrom` and `moveTo` op.
    pub moves: Vec<Move>,
    /// The side-by-side rows: consecutive ops that share a paragraph on either side.
    pub rows: Vec<Row>,
    pub summary: CompareSummary,
    /// True if the step budget was hit: some segments are shown as whole
    /// replacements instead of word-level diffs.
    pub truncated: bool,
    /// Work done, in steps (what `maxSteps` limits).
    pub steps: u64,
}

/// What an operation (or a part of a refined one) does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum OpKind {
    Equal,
    /// Only in A.
    Delete,
    /// Only in B.
    Insert,
    /// Edited: `aText` became `bText`.
    Replace,
    /// A passage of A that appears elsewhere in B (`moveId`); `b` is empty.
    MoveFrom,
    /// The B side of a moved passage (`moveId`); `a` is empty.
    MoveTo,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DiffOp {
    pub kind: OpKind,
    pub a: Loc,
    pub b: Loc,
    pub a_text: String,
    pub b_text: String,
    /// For `moveFrom` / `moveTo`: the index into `moves`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub move_id: Option<u32>,
    /// For a short `replace` with Han: its character-level breakdown (parts tile
    /// `aText` and `bText`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Part>,
}

/// A character-level piece of a refined replacement.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Part {
    pub kind: OpKind,
    pub a: Loc,
    pub b: Loc,
    pub a_text: String,
    pub b_text: String,
}

/// A passage found in both documents in different places.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Move {
    pub id: u32,
    /// Where it is in A and in B.
    pub a: Loc,
    pub b: Loc,
    /// Index in `ops` of its `moveFrom` and of its `moveTo`.
    pub from_op: u32,
    pub to_op: u32,
    pub words_a: u64,
    pub words_b: u64,
    /// True if the passage was also edited (some inner op is not equal).
    pub edited: bool,
    /// The passage's own diff: equal / replace / delete / insert ops tiling its A and B text.
    pub ops: Vec<DiffOp>,
}

/// What a row of the side-by-side view holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum RowKind {
    Equal,
    /// Both sides present, with changes.
    Edited,
    /// Only a moved passage (one side empty).
    Moved,
    OnlyA,
    OnlyB,
}

/// A row of the side-by-side view: paragraphs of A and of B aligned with each other.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Row {
    pub kind: RowKind,
    /// Half-open range of `ops`.
    pub ops: [u32; 2],
    /// Half-open ranges of paragraph indices (`[0, 0]` when the side has none).
    pub a_paragraphs: [u32; 2],
    pub b_paragraphs: [u32; 2],
}

/// Shares of the two documents, in word-like tokens. Every word of A is
/// exactly one of equal / edited / moved / only-in-A, every word of B one of
/// equal / edited / moved / only-in-B; the five percentages are of all words
/// of both documents and add up to 100.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CompareSummary {
    /// Words of A in equal ops.
    pub equal_words: u64,
    /// Words of B in equal ops (differs from `equalWords` only at character granularity).
    pub equal_words_b: u64,
    /// Words of A not in equal ops (edited, moved or deleted).
    pub changed_words_a: u64,
    /// Words of B not in equal ops.
    pub changed_words_b: u64,
    pub words_a: u64,
    pub words_b: u64,
    pub edited_words_a: u64,
    pub edited_words_b: u64,
    pub moved_words_a: u64,
    pub moved_words_b: u64,
    pub only_a_words: u64,
    pub only_b_words: u64,
    /// Percentage of A's words that are unchanged in B.
    pub same_percent: f64,
    pub equal_percent: f64,
    pub edited_percent: f64,
    pub moved_percent: f64,
    pub only_a_percent: f64,
    pub only_b_percent: f64,
    /// Non-equal ops (what `n` / `p` step through).
    pub changes: u32,
    pub moves: u32,
}
