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

/// A comparison of two documents.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CompareReport {
    pub version: u32,
    pub a: DocRef,
    pub b: DocRef,
    /// In order; `a` spans tile document A and `b` spans tile document B.
    pub ops: Vec<DiffOp>,
    pub summary: CompareSummary,
    /// True if a budget was hit and the result is coarser than exact.
    pub truncated: bool,
}

/// One operation of a diff.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum OpKind {
    Equal,
    Delete,
    Insert,
    Replace,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DiffOp {
    pub kind: OpKind,
    pub a: Loc,
    pub b: Loc,
    pub a_text: String,
    pub b_text: String,
}

/// Shares of the two documents, in word-like tokens.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CompareSummary {
    /// Word-like tokens of A and B that are equal.
    pub equal_words: u64,
    /// Word-like tokens of A deleted or replaced.
    pub changed_words_a: u64,
    /// Word-like tokens of B inserted or replaced.
    pub changed_words_b: u64,
    pub words_a: u64,
    pub words_b: u64,
    /// Percentage of A's words that are unchanged in B.
    pub same_percent: f64,
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
