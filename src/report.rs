//! The report types: what the CLI prints with `--json` and what the worker
//! hands to the page. Field names are stable and camelCase; see
//! `docs/report-format.md`. Change them deliberately and bump [`FORMAT_VERSION`].

use crate::clean::RepairKind;
use crate::corpus::Document;
use crate::decode::DecodeMethod;
use crate::formats::Format;
use crate::span::{Span, Utf16Cursor, Utf16Index};
use serde::{Deserialize, Serialize};

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
        Loc::in_text(&doc.text, &doc.utf16, span)
    }

    /// A place in the text of `cursor`, for spans that come in text order.
    pub fn at_cursor(cursor: &mut Utf16Cursor<'_>, span: Span) -> Loc {
        let (start16, end16) = cursor.span(span);
        Loc { start: span.start, end: span.end, start16, end16 }
    }

    /// A place in some other text than a document's cleaned text (e.g. its original).
    pub fn in_text(text: &str, index: &Utf16Index, span: Span) -> Loc {
        let (start16, end16) = index.span_to_utf16(text, span);
        Loc {
            start: span.start,
            end: span.end,
            start16,
            end16,
        }
    }
}

/// Turns spans of a document's cleaned text into [`Loc`]s in its *original*
/// text — for views that show the original and exports that cite it. Build
/// one per document and reuse it: it rebuilds the original once.
pub struct OriginalLocator<'a> {
    doc: &'a Document,
    original: String,
    index: Utf16Index,
}

impl<'a> OriginalLocator<'a> {
    pub fn new(doc: &'a Document) -> OriginalLocator<'a> {
        let original = doc.original();
        let index = Utf16Index::new(&original);
        OriginalLocator { doc, original, index }
    }

    /// Where the cleaned-text span `cleaned` came from in the original.
    pub fn loc(&self, cleaned: Span) -> Loc {
        self.at(self.doc.original_span(cleaned))
    }

    /// A span that is already in original-text bytes, with its UTF-16 offsets.
    pub fn at(&self, original: Span) -> Loc {
        Loc::in_text(&self.original, &self.index, original)
    }

    /// The original text.
    pub fn text(&self) -> &str {
        &self.original
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
    /// Byte sequences that could not be decoded (shown as U+FFFD).
    pub malformed: usize,
    pub format: Format,
    /// The encoding label the user chose, if any.
    pub encoding_override: Option<String>,
    /// Characters of the original text, before clean-up.
    pub original_chars: usize,
    /// Clean-up repairs by kind (kinds with none are left out), in kind order.
    pub repairs: Vec<RepairCount>,
    /// Of the cleaned text, from here on.
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
            malformed: doc.malformed,
            format: doc.format,
            encoding_override: doc.encoding_override.clone(),
            original_chars: doc.original_chars,
            repairs: RepairCount::of(doc),
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

/// How many repairs of one kind the clean-up made in a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RepairCount {
    pub kind: RepairKind,
    pub count: usize,
}

impl RepairCount {
    pub fn of(doc: &Document) -> Vec<RepairCount> {
        RepairKind::ALL
            .iter()
            .map(|&kind| RepairCount { kind, count: doc.repairs.iter().filter(|r| r.kind == kind).count() })
            .filter(|r| r.count > 0)
            .collect()
    }
}

/// Which repairs [`RepairReport::of`] lists.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RepairOptions {
    /// Only these kinds; all kinds if empty.
    pub kinds: Vec<RepairKind>,
    /// At most this many.
    pub limit: usize,
    /// With each repair, this many characters of cleaned text on each side
    /// (`before`, `after`) and the text it replaced (`was`); 0 for none.
    pub context: usize,
}

impl Default for RepairOptions {
    fn default() -> Self {
        RepairOptions { kinds: Vec::new(), limit: 1000, context: 0 }
    }
}

/// A document's texts: `text` (cleaned, what every report's offsets index)
/// and `original` (as read, what repairs' `original` offsets index).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentText {
    pub id: u32,
    pub text: String,
    pub original: String,
}

impl DocumentText {
    pub fn of(doc: &Document) -> DocumentText {
        DocumentText { id: doc.id.0, text: doc.text.clone(), original: doc.original() }
    }
}

/// Where the clean-up changed a document, for highlighting: each repair's
/// place in the cleaned text and in the original.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RepairReport {
    pub version: u32,
    pub document: u32,
    /// Repairs of the kinds asked for, in order of place; at most `limit`.
    pub repairs: Vec<RepairLoc>,
    /// Repairs of those kinds before `limit` was applied.
    pub total: usize,
    /// True if `limit` cut the list.
    pub truncated: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RepairLoc {
    pub kind: RepairKind,
    /// In the cleaned text (empty where something was removed).
    pub cleaned: Loc,
    /// In the original text.
    pub original: Loc,
    /// With `context`: cleaned text just before `cleaned`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    /// With `context`: cleaned text just after `cleaned`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// With `context`: the original text the repair replaced.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub was: Option<String>,
}

impl RepairReport {
    /// The repairs of `doc` whose kind is in `kinds` (all kinds if empty), at most `limit`.
    pub fn of(doc: &Document, kinds: &[RepairKind], limit: usize) -> RepairReport {
        RepairReport::with(doc, &RepairOptions { kinds: kinds.to_vec(), limit, context: 0 })
    }

    /// As [`RepairReport::of`], with `options.context` characters of context.
    pub fn with(doc: &Document, options: &RepairOptions) -> RepairReport {
        let (kinds, limit, context) = (&options.kinds, options.limit, options.context);
        let locator = OriginalLocator::new(doc);
        let wanted = |k: RepairKind| kinds.is_empty() || kinds.contains(&k);
        let total = doc.repairs.iter().filter(|r| wanted(r.kind)).count();
        let repairs = doc
            .repairs
            .iter()
            .filter(|r| wanted(r.kind))
            .take(limit)
            .map(|r| {
                let (before, after, was) = if context > 0 {
                    let head = doc.text.get(..r.cleaned.start as usize).unwrap_or("");
                    let skip = head.chars().rev().take(context).map(char::len_utf8).sum::<usize>();
                    let tail = doc.text.get(r.cleaned.end as usize..).unwrap_or("");
                    let keep = tail.chars().take(context).map(char::len_utf8).sum::<usize>();
                    (
                        head.get(head.len() - skip..).map(str::to_owned),
                        tail.get(..keep).map(str::to_owned),
                        Some(r.original.slice(locator.text()).to_owned()),
                    )
                } else {
                    (None, None, None)
                };
                RepairLoc {
                    kind: r.kind,
                    cleaned: Loc::of(doc, r.cleaned),
                    original: locator.at(r.original),
                    before,
                    after,
                    was,
                }
            })
            .collect();
        RepairReport { version: FORMAT_VERSION, document: doc.id.0, repairs, total, truncated: total > limit }
    }
}

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

// ---------- segmentation (issue #4) ----------

/// One token as the boundaries view and `textlens segment --json` show it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenRow {
    pub text: String,
    pub kind: crate::segment::TokenKind,
    pub script: crate::segment::Script,
    #[serde(flatten)]
    pub loc: Loc,
}

/// The tokens of a stretch of one document (the Documents view's "show token
/// boundaries"): at most `limit` tokens from the first token at or after byte `start`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenView {
    pub version: u32,
    pub document_id: u32,
    pub name: String,
    /// Tokens of the document in all.
    pub total_tokens: usize,
    pub tokens: Vec<TokenRow>,
    /// Whether the document goes on after the last token shown.
    pub truncated: bool,
}

impl TokenView {
    pub fn of(doc: &Document, start: usize, limit: usize) -> TokenView {
        let first = doc.tokens.partition_point(|t| (t.span.start as usize) < start);
        let tokens: Vec<TokenRow> = doc
            .tokens
            .iter()
            .skip(first)
            .take(limit)
            .map(|t| {
                let text = doc.token_text(t);
                TokenRow { text: text.to_owned(), kind: t.kind, script: crate::segment::script_of(text), loc: Loc::of(doc, t.span) }
            })
            .collect();
        TokenView {
            version: FORMAT_VERSION,
            document_id: doc.id.0,
            name: doc.name.clone(),
            total_tokens: doc.tokens.len(),
            truncated: first + tokens.len() < doc.tokens.len(),
            tokens,
        }
    }
}

/// A term found by corpus-level discovery, with its evidence.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DiscoveredTermRow {
    pub term: String,
    /// The tokens the dictionary cut it into.
    pub parts: Vec<String>,
    /// Occurrences as a token now (0 when rejected).
    pub count: usize,
    /// Occurrences when it was found.
    pub found_count: u32,
    /// Documents it occurs in as a token (when rejected: when it was found).
    pub documents: u32,
    /// Weakest joint's pointwise mutual information (nats).
    pub pmi: f64,
    pub left_entropy: f64,
    pub right_entropy: f64,
    /// Whether the user rejected it (then it is not applied).
    pub rejected: bool,
}

/// The discovered terms of a corpus, most frequent first (then by term).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DiscoveredTermsReport {
    pub version: u32,
    /// Whether discovered terms are applied as they are found.
    pub auto_apply: bool,
    pub terms: Vec<DiscoveredTermRow>,
    /// Whether discovery hit its budget (rarer candidates may be missing).
    pub truncated: bool,
}

impl DiscoveredTermsReport {
    pub fn of(corpus: &crate::Corpus) -> DiscoveredTermsReport {
        let vocab = corpus.vocabulary();
        // Token count and document frequency of every term, now.
        let mut counts = vec![0usize; vocab.len()];
        let mut docs = vec![0u32; vocab.len()];
        let mut last_doc = vec![u32::MAX; vocab.len()];
        for d in corpus.documents() {
            for t in &d.tokens {
                let i = t.term.0 as usize;
                if let Some(c) = counts.get_mut(i) {
                    *c += 1;
                }
                if let (Some(l), Some(n)) = (last_doc.get_mut(i), docs.get_mut(i)) {
                    if *l != d.id.0 {
                        *l = d.id.0;
                        *n += 1;
                    }
                }
            }
        }
        let round = |x: f64| (x * 1000.0).round() / 1000.0;
        let mut terms: Vec<DiscoveredTermRow> = corpus
            .discovered_terms()
            .into_iter()
            .map(|(d, rejected)| {
                let id = vocab.get(&d.text.to_lowercase()).map(|id| id.0 as usize);
                let count = id.and_then(|i| counts.get(i)).copied().unwrap_or(0);
                let documents = id.and_then(|i| docs.get(i)).copied().filter(|_| count > 0).unwrap_or(d.docs);
                (d, rejected, count, documents)
            })
            .map(|(d, rejected, count, documents)| DiscoveredTermRow {
                term: d.text.clone(),
                parts: d.parts.clone(),
                count,
                found_count: d.count,
                documents,
                pmi: round(d.pmi),
                left_entropy: round(d.left_entropy),
                right_entropy: round(d.right_entropy),
                rejected,
            })
            .collect();
        terms.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.term.cmp(&b.term)));
        DiscoveredTermsReport {
            version: FORMAT_VERSION,
            auto_apply: corpus.auto_discover(),
            terms,
            truncated: corpus.discovery_truncated(),
        }
    }
}

/// What `setUserDictionary` answers.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserDictionaryReport {
    pub version: u32,
    /// Entries in effect (after removing duplicates).
    pub entries: usize,
    pub words: Vec<String>,
}

// ---------------------------------------------------------------------------
// Reuse across documents (issue #7): see "Reuse report" in docs/report-format.md.

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
