//! The report types: what the CLI prints with `--json` and what the worker
//! hands to the page. Field names are stable and camelCase; see
//! `docs/report-format.md`. Change them deliberately and bump [`FORMAT_VERSION`].

use crate::corpus::Document;
use crate::decode::DecodeMethod;
use crate::span::Span;
use serde::Serialize;

/// Version of the report format; bumped on any incompatible change.
pub const FORMAT_VERSION: u32 = 1;

/// A place in a document, in bytes (`start`, `end`) and UTF-16 code units
/// (`start16`, `end16`, what JavaScript strings index by).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Loc {
    pub start: u32,
    pub end: u32,
    pub start16: u32,
    pub end16: u32,
}

impl Loc {
    pub fn of(doc: &Document, span: Span) -> Loc {
        Loc {
            start: span.start,
            end: span.end,
            start16: doc.to_utf16(span.start as usize) as u32,
            end16: doc.to_utf16(span.end as usize) as u32,
        }
    }
}

/// Counts of characters by script, for the Documents view.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScriptMix {
    pub han: u32,
    pub latin: u32,
    pub other: u32,
}

/// One document as the Documents view lists it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentSummary {
    pub id: u32,
    pub name: String,
    pub bytes: usize,
    pub encoding: &'static str,
    pub decode_method: DecodeMethod,
    pub chars: usize,
    pub lines: usize,
    pub paragraphs: usize,
    pub sentences: usize,
    pub tokens: usize,
    pub words: usize,
    pub scripts: ScriptMix,
}

impl DocumentSummary {
    pub fn of(doc: &Document) -> DocumentSummary {
        let mut scripts = ScriptMix::default();
        for c in doc.text.chars() {
            if crate::segment::is_han(c) {
                scripts.han += 1;
            } else if c.is_alphabetic() && (c.is_ascii() || ('\u{00C0}'..='\u{024F}').contains(&c)) {
                scripts.latin += 1;
            } else if c.is_alphabetic() {
                scripts.other += 1;
            }
        }
        DocumentSummary {
            id: doc.id.0,
            name: doc.name.clone(),
            bytes: doc.size,
            encoding: doc.encoding,
            decode_method: doc.decode_method,
            chars: doc.text.chars().count(),
            lines: doc.text.lines().count(),
            paragraphs: doc.paragraphs.len(),
            sentences: doc.sentences.len(),
            tokens: doc.tokens.len(),
            words: doc.tokens.iter().filter(|t| t.kind.is_wordlike()).count(),
            scripts,
        }
    }
}

/// Term frequencies across the corpus and per document.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TermReport {
    pub version: u32,
    /// The documents, in the order of every `perDoc` array.
    pub documents: Vec<DocRef>,
    /// Counted tokens in the whole corpus (after the kind filter).
    pub total_tokens: u64,
    /// Distinct terms before `limit` was applied.
    pub distinct_terms: usize,
    /// Sorted by count (descending), then term (ascending).
    pub terms: Vec<TermRow>,
}

/// A document named in a report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DocRef {
    pub id: u32,
    pub name: String,
    /// Counted tokens in this document.
    pub tokens: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TermRow {
    pub term: String,
    pub count: u64,
    /// Occurrences per 10,000 counted tokens of the corpus.
    pub rate: f64,
    /// Number of documents the term occurs in.
    pub df: u32,
    /// Count in each document, in the order of `documents`.
    pub per_doc: Vec<u64>,
}

/// A comparison of two documents. See `docs/report-format.md`, section "compare".
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CompareReport {
    pub version: u32,
    pub a: DocRef,
    pub b: DocRef,
    /// The options the comparison ran with.
    pub options: crate::compare::CompareOptions,
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
