//! A loaded document: its texts, tokens and where the clean-up changed it, and
//! the reports that describe one document.

use crate::clean::{OffsetMap, Repair, RepairKind};
use crate::decode::DecodeMethod;
use crate::formats::Format;
use crate::report::{
    DocumentSummary, DocumentText, IndexedText, Loc, RepairCount, RepairLoc, RepairOptions, RepairReport, ScriptMix,
    TokenRow, TokenView, FORMAT_VERSION,
};
use crate::segment::{is_han, script_of, TokenKind};
use crate::span::{Span, Utf16Index};
use crate::vocab::TermId;

/// The id of a document in a [`Corpus`]; never reused after removal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocId(pub u32);

/// A token of a stored document: where it is, what it is, and its term.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
    pub term: TermId,
}

/// A loaded document.
#[derive(Debug)]
pub struct Document {
    pub id: DocId,
    pub name: String,
    /// Size of the file in bytes, as given.
    pub size: usize,
    pub encoding: &'static str,
    pub decode_method: DecodeMethod,
    /// Malformed byte sequences replaced by U+FFFD when decoding.
    pub malformed: usize,
    pub format: Format,
    /// Characters of the original text (see [`Document::original`]).
    pub original_chars: usize,
    /// Cleaned-text spans → original-text spans; it also rebuilds the original.
    pub offsets: OffsetMap,
    /// Every edit the clean-up made, in order.
    pub repairs: Vec<Repair>,
    /// The file's bytes, kept to re-decode with another encoding; `None` when
    /// they are exactly the original text (valid UTF-8 plain text), or when the
    /// corpus does not keep bytes (see [`Corpus::set_keep_bytes`]).
    pub(crate) raw: Option<Vec<u8>>,
    /// Whether the original text alone cannot give the file's bytes back (it was
    /// not valid UTF-8 plain text) and they were not kept.
    pub(crate) bytes_dropped: bool,
    /// The encoding label the user chose, if any.
    pub encoding_override: Option<String>,
    /// The cleaned text: what tokens, paragraphs and sentences index into.
    pub text: String,
    /// Its tokens, about 3 bytes each (see [`Tokens`](super::Tokens)).
    pub tokens: super::Tokens,
    /// Paragraph spans (blocks separated by blank lines), trimmed of white space.
    pub paragraphs: Vec<Span>,
    /// Sentence spans (UAX #29), within paragraphs.
    pub sentences: Vec<Span>,
    pub utf16: Utf16Index,
}

/// Characters of context a repair carries at most on each side.
pub const MAX_REPAIR_CONTEXT: usize = 200;

impl Document {
    /// UTF-16 offset of a byte offset of this document's text.
    pub fn to_utf16(&self, byte: usize) -> usize {
        self.utf16.to_utf16(&self.text, byte)
    }

    /// The text of a token.
    pub fn token_text(&self, token: impl std::borrow::Borrow<Token>) -> &str {
        token.borrow().span.slice(&self.text)
    }

    /// The text as read from the file (for HTML and Word: the extracted text),
    /// before clean-up. Rebuilt from the cleaned text and the clean-up's edits
    /// (a document holds one copy of its text, not two): O(length) per call.
    pub fn original(&self) -> String {
        self.offsets.original_of(&self.text)
    }

    /// The span of [`Document::original`] that a span of the cleaned text came from.
    pub fn original_span(&self, cleaned: Span) -> Span {
        self.offsets.to_original(cleaned)
    }

    /// What the document counts against the corpus's limits: its file's size,
    /// or for an archive (.docx) its text's, if larger.
    pub fn counted_size(&self) -> usize {
        if self.format == Format::Docx {
            self.size.max(self.text.len())
        } else {
            self.size
        }
    }

    /// The file's bytes as they were given.
    pub fn bytes(&self) -> std::borrow::Cow<'_, [u8]> {
        match &self.raw {
            Some(raw) => std::borrow::Cow::Borrowed(raw),
            None => std::borrow::Cow::Owned(self.original().into_bytes()),
        }
    }
}

impl IndexedText for Document {
    fn text(&self) -> &str {
        &self.text
    }

    fn utf16(&self) -> &Utf16Index {
        &self.utf16
    }
}

/// The reports of one document.
impl Document {
    /// The document as the Documents view lists it (`Corpus::documents`, `textlens documents`).
    pub fn summary(&self) -> DocumentSummary {
        let mut scripts = ScriptMix::default();
        for c in self.text.chars() {
            if is_han(c) {
                scripts.han += 1;
            } else if c.is_alphabetic() && (c.is_ascii() || ('\u{00C0}'..='\u{024F}').contains(&c)) {
                scripts.latin += 1;
            } else if c.is_alphabetic() {
                scripts.other += 1;
            }
        }
        DocumentSummary {
            id: self.id.0,
            name: self.name.clone(),
            bytes: self.size,
            encoding: self.encoding,
            decode_method: self.decode_method,
            malformed: self.malformed,
            format: self.format,
            encoding_override: self.encoding_override.clone(),
            original_chars: self.original_chars,
            repairs: self.repair_counts(),
            chars: self.text.chars().count(),
            lines: self.text.lines().count(),
            paragraphs: self.paragraphs.len(),
            sentences: self.sentences.len(),
            tokens: self.tokens.len(),
            words: self.tokens.iter().filter(|t| t.kind.is_wordlike()).count(),
            scripts,
        }
    }

    /// How many repairs of each kind the clean-up made (kinds with none left out).
    fn repair_counts(&self) -> Vec<RepairCount> {
        RepairKind::ALL
            .iter()
            .map(|&kind| RepairCount { kind, count: self.repairs.iter().filter(|r| r.kind == kind).count() })
            .filter(|r| r.count > 0)
            .collect()
    }

    /// Its cleaned and original texts (the page's `documentText`).
    pub fn document_text(&self) -> DocumentText {
        DocumentText { id: self.id.0, text: self.text.clone(), original: self.original() }
    }

    /// Where the clean-up changed it: the repairs of `options.kinds` (all if
    /// empty), at most `options.limit`, with `options.context` characters of
    /// context (the page's `repairs`).
    pub fn repairs(&self, options: &RepairOptions) -> RepairReport {
        // Context is for reading a repair in place: capped, or a large value would copy the
        // whole text into every repair (a fuzzer found 512 MB asked for by a 100 KB document).
        let (kinds, limit, context) = (&options.kinds, options.limit, options.context.min(MAX_REPAIR_CONTEXT));
        let locator = OriginalLocator::new(self);
        let wanted = |k: RepairKind| kinds.is_empty() || kinds.contains(&k);
        let total = self.repairs.iter().filter(|r| wanted(r.kind)).count();
        let repairs = self
            .repairs
            .iter()
            .filter(|r| wanted(r.kind))
            .take(limit)
            .map(|r| {
                let (before, after, was) = if context > 0 {
                    let head = self.text.get(..r.cleaned.start as usize).unwrap_or("");
                    let skip = head.chars().rev().take(context).map(char::len_utf8).sum::<usize>();
                    let tail = self.text.get(r.cleaned.end as usize..).unwrap_or("");
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
                    cleaned: Loc::of(self, r.cleaned),
                    original: locator.at(r.original),
                    before,
                    after,
                    was,
                }
            })
            .collect();
        RepairReport { version: FORMAT_VERSION, document: self.id.0, repairs, total, truncated: total > limit }
    }

    /// Its tokens for showing token boundaries: at most `limit` from the first
    /// token at or after byte `start` (the page's `segment`).
    pub fn segment(&self, start: usize, limit: usize) -> TokenView {
        let first = self.tokens.partition_point(|t| (t.span.start as usize) < start);
        let tokens: Vec<TokenRow> = self
            .tokens
            .iter_from(first)
            .take(limit)
            .map(|t| {
                let text = self.token_text(t);
                TokenRow { text: text.to_owned(), kind: t.kind, script: script_of(text), loc: Loc::of(self, t.span) }
            })
            .collect();
        TokenView {
            version: FORMAT_VERSION,
            document_id: self.id.0,
            name: self.name.clone(),
            total_tokens: self.tokens.len(),
            truncated: first + tokens.len() < self.tokens.len(),
            tokens,
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
