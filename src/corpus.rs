//! The documents a person has loaded, segmented once and interned into one
//! shared [`Vocabulary`].
//!
//! `Corpus` is what the worker holds and what the CLI builds. Adding a document
//! reads it (format, encoding: [`formats::extract`]), cleans it ([`clean`]),
//! segments and interns it; every analysis afterwards works on the stored
//! tokens of the cleaned text and never re-splits text. The original text, the
//! repairs and the offset map back to it stay with the document.

use crate::clean::{self, CleanOptions, OffsetMap, Repair};
use crate::decode::DecodeMethod;
use crate::formats::{self, Format};
use crate::error::{Error, Result};
use crate::report::DocumentSummary;
use crate::segment::discover::{self, DiscoverOptions, Discovered};
use crate::segment::userdict::{self, UserWord};
use crate::segment::{Segmenter, TokenKind};
use std::collections::{BTreeMap, BTreeSet};
use crate::span::{Span, Utf16Index};
use crate::vocab::{TermId, Vocabulary};

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
    pub tokens: Vec<Token>,
    /// Paragraph spans (blocks separated by blank lines), trimmed of white space.
    pub paragraphs: Vec<Span>,
    /// Sentence spans (UAX #29), within paragraphs.
    pub sentences: Vec<Span>,
    pub utf16: Utf16Index,
}

impl Document {
    /// UTF-16 offset of a byte offset of this document's text.
    pub fn to_utf16(&self, byte: usize) -> usize {
        self.utf16.to_utf16(&self.text, byte)
    }

    /// The text of a token.
    pub fn token_text(&self, token: &Token) -> &str {
        token.span.slice(&self.text)
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

/// The stage of adding a document, as reported to a progress callback.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Detecting the format and encoding, decoding to text.
    Decoding,
    /// Line endings, broken lines, width folding.
    Cleaning,
    /// Paragraphs into tokens (reported every few hundred KB).
    Segmenting,
    /// Paragraphs, sentences and the UTF-16 index.
    Indexing,
}

impl Stage {
    /// The stage's name for the page: `"decoding"`, `"cleaning"`, `"segmenting"`, `"indexing"`.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Decoding => "decoding",
            Stage::Cleaning => "cleaning",
            Stage::Segmenting => "segmenting",
            Stage::Indexing => "indexing",
        }
    }

    /// Where the stage begins in the whole add, from 0 to 1, and its share of it
    /// (segmenting dominates: measured on the Chinese novels).
    fn range(self) -> (f64, f64) {
        match self {
            Stage::Decoding => (0.0, 0.1),
            Stage::Cleaning => (0.1, 0.1),
            Stage::Segmenting => (0.2, 0.7),
            Stage::Indexing => (0.9, 0.1),
        }
    }
}

/// Reports `stage` at `fraction` (0..=1) of that stage as a fraction of the whole add.
fn report(progress: &mut dyn FnMut(Stage, f64), stage: Stage, fraction: f64) {
    let (start, share) = stage.range();
    progress(stage, start + share * fraction.clamp(0.0, 1.0));
}

/// Segmentation reports progress after each stretch of about this many bytes
/// (cut at paragraph starts).
const SEGMENT_CHUNK: usize = 256 * 1024;

/// Limits checked before any work is done.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest single file, in bytes.
    pub max_file_bytes: usize,
    /// Largest total of all loaded files, in bytes.
    pub max_total_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_file_bytes: 256_000_000, max_total_bytes: 256_000_000 }
    }
}

/// A set of documents sharing one vocabulary.
pub struct Corpus {
    segmenter: Segmenter,
    vocab: Vocabulary,
    docs: Vec<Document>,
    next_id: u32,
    limits: Limits,
    /// Words of the user dictionary, applied to every document.
    user_words: Vec<UserWord>,
    /// Terms found by discovery, by text, with the evidence from when they were found.
    discovered: BTreeMap<String, Discovered>,
    /// Discovered terms the user rejected: never applied, never proposed again.
    rejected: BTreeSet<String>,
    /// Whether discovered terms are applied to segmentation as they are found.
    auto_discover: bool,
    /// Whether the last discovery hit its budget.
    discovery_truncated: bool,
    /// Documents were added since discovery last ran (see [`Corpus::refresh_discovery`]).
    discovery_pending: bool,
    /// Whether documents keep their file's bytes for [`Corpus::set_encoding`].
    keep_bytes: bool,
    clean_options: CleanOptions,
}

impl Corpus {
    /// An empty corpus with the built-in dictionary and default limits.
    pub fn new() -> Corpus {
        Corpus {
            segmenter: Segmenter::new(),
            vocab: Vocabulary::new(),
            docs: Vec::new(),
            next_id: 0,
            limits: Limits::default(),
            user_words: Vec::new(),
            discovered: BTreeMap::new(),
            rejected: BTreeSet::new(),
            auto_discover: true,
            discovery_truncated: false,
            discovery_pending: false,
            keep_bytes: true,
            clean_options: CleanOptions::default(),
        }
    }

    pub fn set_limits(&mut self, limits: Limits) {
        self.limits = limits;
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Decodes, cleans, segments and stores a file; returns its summary.
    ///
    /// # Errors
    /// The file is too large, empty, binary or not readable — see
    /// [`formats::extract`]. On error the corpus is unchanged.
    pub fn add_document(&mut self, name: &str, bytes: &[u8]) -> Result<DocumentSummary> {
        self.add_document_with_id(DocId(self.next_id), name, bytes)
    }

    /// Like [`Corpus::add_document`], under a given id — so a restarted worker
    /// can replay its documents and keep the ids the page already knows.
    ///
    /// # Errors
    /// As [`Corpus::add_document`], and [`ErrorKind::InvalidOption`](crate::ErrorKind::InvalidOption)
    /// if the id is in use.
    pub fn add_document_with_id(&mut self, id: DocId, name: &str, bytes: &[u8]) -> Result<DocumentSummary> {
        let summary = self.add_document_with_progress(Some(id), name, bytes, &mut |_, _| {})?;
        self.refresh_discovery();
        Ok(summary)
    }

    /// Adds a file like [`Corpus::add_document_with_id`] (`id` `None`: the next
    /// free one) and calls `progress(stage, done)` along the way, `done` rising
    /// from 0 to 1 over the whole add; segmentation reports every 256 KB.
    ///
    /// Term discovery does **not** run: the corpus notes that it is due, and
    /// [`Corpus::refresh_discovery`] runs it once for the whole batch — so
    /// adding N files costs one discovery, not N, and the result is the one a
    /// single run over all of them gives, whatever the order of the calls in
    /// between. The returned summary is from before discovery.
    ///
    /// # Errors
    /// As [`Corpus::add_document_with_id`].
    pub fn add_document_with_progress(
        &mut self,
        id: Option<DocId>,
        name: &str,
        bytes: &[u8],
        progress: &mut dyn FnMut(Stage, f64),
    ) -> Result<DocumentSummary> {
        let id = id.unwrap_or(DocId(self.next_id));
        if self.docs.iter().any(|d| d.id == id) {
            return Err(Error::invalid_option(format!("document id {} is already in use", id.0)));
        }
        if bytes.len() > self.limits.max_file_bytes {
            return Err(Error::too_large(name, bytes.len(), self.limits.max_file_bytes));
        }
        let loaded: usize = self.docs.iter().map(Document::counted_size).sum();
        let total = loaded + bytes.len();
        if total > self.limits.max_total_bytes {
            return Err(Error::new(
                crate::ErrorKind::TooLarge,
                format!(
                    "{name} would bring the loaded total to {}, over the limit of {} for all documents; remove a document first",
                    crate::error::human_size(total),
                    crate::error::human_size(self.limits.max_total_bytes)
                ),
            ));
        }
        let doc = self.read_document(id, name, bytes, None, progress)?;
        // An archive's text counts, not its packed size.
        if loaded + doc.counted_size() > self.limits.max_total_bytes {
            return Err(Error::new(
                crate::ErrorKind::TooLarge,
                format!(
                    "{name} ({}) unpacks to {} of text, which would bring the loaded total over the limit of {} for all documents; remove a document first",
                    crate::error::human_size(bytes.len()),
                    crate::error::human_size(doc.counted_size()),
                    crate::error::human_size(self.limits.max_total_bytes)
                ),
            ));
        }
        self.next_id = self.next_id.max(id.0.saturating_add(1));
        let summary = DocumentSummary::of(&doc);
        self.docs.push(doc);
        self.discovery_pending = true;
        Ok(summary)
    }

    /// Whether documents were added since term discovery last ran.
    pub fn discovery_pending(&self) -> bool {
        self.discovery_pending
    }

    /// Runs term discovery over all documents if documents were added since it
    /// last ran (see [`Corpus::add_document_with_progress`]); returns whether it ran.
    /// Every analysis of a corpus built with deferred adds must come after this.
    pub fn refresh_discovery(&mut self) -> bool {
        if !self.discovery_pending {
            return false;
        }
        self.run_discovery();
        true
    }

    /// Whether documents keep their file's bytes (on by default). Off, a
    /// document that was not valid UTF-8 plain text holds only its text, and
    /// [`Corpus::set_encoding_with_bytes`] needs the bytes again — the page
    /// holds each file anyway, so the worker's memory stays near the text's size.
    pub fn set_keep_bytes(&mut self, keep: bool) {
        self.keep_bytes = keep;
    }

    /// Re-reads a document with the encoding `label` (WHATWG label such as
    /// `"gb18030"`, `"big5"`, `"utf-16le"`), or with detection again for `None`;
    /// cleans and segments it again. Its id and place stay the same.
    ///
    /// # Errors
    /// [`ErrorKind::UnknownDocument`](crate::ErrorKind::UnknownDocument),
    /// [`ErrorKind::UnknownEncoding`](crate::ErrorKind::UnknownEncoding), or the
    /// re-decoded text is empty; the document is then unchanged.
    pub fn set_encoding(&mut self, id: DocId, label: Option<&str>) -> Result<DocumentSummary> {
        let index = self.index_of(id)?;
        let (name, bytes) = match self.docs.get(index) {
            Some(d) if d.bytes_dropped => {
                return Err(Error::invalid_option(format!(
                    "the bytes of {} are not kept; give the file again to read it with another encoding",
                    d.name
                )))
            }
            Some(d) => (d.name.clone(), d.bytes().into_owned()),
            None => return Err(Error::unknown_document(id.0)),
        };
        self.replace_document(index, id, &name, &bytes, label)
    }

    /// [`Corpus::set_encoding`] with the file's bytes given again (for a corpus
    /// that does not keep them, see [`Corpus::set_keep_bytes`]).
    ///
    /// # Errors
    /// As [`Corpus::set_encoding`], and [`ErrorKind::TooLarge`](crate::ErrorKind::TooLarge)
    /// past the per-file limit.
    pub fn set_encoding_with_bytes(&mut self, id: DocId, bytes: &[u8], label: Option<&str>) -> Result<DocumentSummary> {
        let index = self.index_of(id)?;
        let name = match self.docs.get(index) {
            Some(d) => d.name.clone(),
            None => return Err(Error::unknown_document(id.0)),
        };
        if bytes.len() > self.limits.max_file_bytes {
            return Err(Error::too_large(&name, bytes.len(), self.limits.max_file_bytes));
        }
        self.replace_document(index, id, &name, bytes, label)
    }

    fn replace_document(&mut self, index: usize, id: DocId, name: &str, bytes: &[u8], label: Option<&str>) -> Result<DocumentSummary> {
        let doc = self.read_document(id, name, bytes, label, &mut |_, _| {})?;
        let Some(slot) = self.docs.get_mut(index) else { return Err(Error::unknown_document(id.0)) };
        *slot = doc;
        Ok(DocumentSummary::of(slot))
    }

    /// The clean-up applied to documents.
    pub fn clean_options(&self) -> CleanOptions {
        self.clean_options
    }

    /// Changes the clean-up and applies it to every loaded document (each is
    /// cleaned and segmented again); returns the new summaries.
    pub fn set_clean_options(&mut self, options: CleanOptions) -> Vec<DocumentSummary> {
        self.clean_options = options;
        let docs = std::mem::take(&mut self.docs);
        for mut doc in docs {
            let original = doc.original();
            let rebuilt = self.build_document(
                doc.id,
                &doc.name,
                doc.size,
                formats::Extracted {
                    text: original,
                    format: doc.format,
                    encoding: doc.encoding,
                    method: doc.decode_method,
                    malformed: doc.malformed,
                },
                doc.raw.take(),
                doc.encoding_override.take(),
            );
            self.docs.push(Document { bytes_dropped: doc.bytes_dropped, ..rebuilt });
        }
        self.summaries()
    }

    /// The clean-up options for a format: CSV rows are never joined, and in
    /// Markdown a blank line always ends a paragraph.
    pub fn options_for(&self, format: Format) -> CleanOptions {
        let mut options = self.clean_options;
        match format {
            Format::Csv => {
                options.join_lines = false;
                options.join_blocks = false;
            }
            Format::Markdown => options.join_blocks = false,
            _ => {}
        }
        options
    }

    fn read_document(
        &mut self,
        id: DocId,
        name: &str,
        bytes: &[u8],
        label: Option<&str>,
        progress: &mut dyn FnMut(Stage, f64),
    ) -> Result<Document> {
        report(progress, Stage::Decoding, 0.0);
        let extracted = formats::extract_within(name, bytes, label, self.limits.max_file_bytes)?;
        let needs_raw = !(extracted.method == DecodeMethod::ValidUtf8
            && matches!(extracted.format, Format::Text | Format::Markdown | Format::Csv)
            && extracted.text.as_bytes() == bytes);
        let raw = (needs_raw && self.keep_bytes).then(|| bytes.to_vec());
        let options = self.options_for(extracted.format);
        report(progress, Stage::Cleaning, 0.0);
        // Clean first to refuse a file that is empty once cleaned (only control characters, say).
        let cleaned = clean::clean(&extracted.text, &options);
        if cleaned.text.trim().is_empty() {
            return Err(Error::empty(name));
        }
        let mut doc =
            self.build_cleaned(id, name, bytes.len(), extracted, cleaned, raw, label.map(str::to_owned), progress);
        doc.bytes_dropped = needs_raw && !self.keep_bytes;
        Ok(doc)
    }

    #[allow(clippy::too_many_arguments)]
    fn build_document(
        &mut self,
        id: DocId,
        name: &str,
        size: usize,
        extracted: formats::Extracted,
        raw: Option<Vec<u8>>,
        encoding_override: Option<String>,
    ) -> Document {
        let cleaned = clean::clean(&extracted.text, &self.options_for(extracted.format));
        self.build_cleaned(id, name, size, extracted, cleaned, raw, encoding_override, &mut |_, _| {})
    }

    #[allow(clippy::too_many_arguments)]
    fn build_cleaned(
        &mut self,
        id: DocId,
        name: &str,
        size: usize,
        extracted: formats::Extracted,
        cleaned: clean::Cleaned,
        raw: Option<Vec<u8>>,
        encoding_override: Option<String>,
        progress: &mut dyn FnMut(Stage, f64),
    ) -> Document {
        let text = cleaned.text;
        report(progress, Stage::Segmenting, 0.0);
        let mut tokens = Vec::new();
        let mut segments = Vec::new();
        let mut at = 0;
        while at < text.len() {
            let end = chunk_end(&text, at, SEGMENT_CHUNK);
            segments.clear();
            self.segmenter.segment_into(text.get(at..end).unwrap_or(""), at, &mut segments);
            tokens.extend(
                segments.iter().map(|t| Token { span: t.span, kind: t.kind, term: self.vocab.intern_token(t.span.slice(&text)) }),
            );
            at = end;
            report(progress, Stage::Segmenting, at as f64 / text.len() as f64);
        }
        tokens.shrink_to_fit();
        report(progress, Stage::Indexing, 0.0);
        let paragraphs = paragraphs(&text);
        let sentences = paragraphs
            .iter()
            .flat_map(|p| crate::segment::sentences::sentence_spans(p.slice(&text), p.start as usize))
            .collect();
        let utf16 = Utf16Index::new(&text);
        report(progress, Stage::Indexing, 1.0);
        Document {
            id,
            name: name.to_owned(),
            size,
            encoding: extracted.encoding,
            decode_method: extracted.method,
            malformed: extracted.malformed,
            format: extracted.format,
            original_chars: extracted.text.chars().count(),
            offsets: cleaned.map,
            repairs: cleaned.repairs,
            raw,
            bytes_dropped: false,
            encoding_override,
            text,
            tokens,
            paragraphs,
            sentences,
            utf16,
        }
    }

    fn tokenize(&mut self, text: &str) -> Vec<Token> {
        let raw = self.segmenter.segment(text);
        raw.iter()
            .map(|t| Token { span: t.span, kind: t.kind, term: self.vocab.intern_token(t.span.slice(text)) })
            .collect()
    }

    /// Re-segments the documents for which `touched` is true (after a
    /// dictionary change); text, paragraphs and sentences stay as they are.
    fn resegment(&mut self, touched: impl Fn(&Document) -> bool) {
        let mut docs = std::mem::take(&mut self.docs);
        for doc in docs.iter_mut().filter(|d| touched(d)) {
            doc.tokens = self.tokenize(&doc.text);
        }
        self.docs = docs;
    }

    /// A fresh segmenter holding the user dictionary and the applied discovered terms.
    fn rebuild_segmenter(&mut self) {
        let mut seg = Segmenter::new();
        for w in &self.user_words {
            seg.add_word(&w.word, w.freq);
        }
        for term in self.applied_terms() {
            seg.add_word(&term, None);
        }
        self.segmenter = seg;
    }

    /// Discovered terms that are applied to segmentation (not rejected).
    fn applied_terms(&self) -> Vec<String> {
        if !self.auto_discover {
            return Vec::new();
        }
        self.discovered.keys().filter(|t| !self.rejected.contains(*t)).cloned().collect()
    }

    /// Runs term discovery over all documents; new terms (not rejected) are
    /// added to the segmenter and the documents holding them re-segmented.
    ///
    /// Each run starts from scratch — the terms of earlier runs forgotten, the
    /// documents segmented without them — so its result is the one a single run
    /// over the documents loaded now gives, whether they came one by one or in
    /// a batch (rejections are kept).
    fn run_discovery(&mut self) {
        self.discovery_pending = false;
        let had_applied = !self.applied_terms().is_empty();
        self.discovered.clear();
        if had_applied {
            self.rebuild_segmenter();
            self.resegment(|_| true);
        }
        let units = DiscoveryUnits(&self.docs);
        let vocab = &self.vocab;
        let text = |id: u32| vocab.term(TermId(id)).to_owned();
        let seg = &self.segmenter;
        let part = |id: u32| {
            let t = vocab.term(TermId(id));
            if discover::is_function_word(t) {
                discover::Part::Function
            } else if seg.in_dictionary(t) {
                discover::Part::Known
            } else {
                discover::Part::Unknown
            }
        };
        let found = discover::discover_in(&units, &text, &part, &DiscoverOptions::default());
        self.discovery_truncated = found.truncated;
        let mut new_terms = Vec::new();
        // No two found terms overlap, and earlier terms were cleared above.
        for d in found.terms {
            new_terms.push(d.text.clone());
            self.discovered.insert(d.text.clone(), d);
        }
        let new_terms: Vec<String> = new_terms.into_iter().filter(|t| !self.rejected.contains(t)).collect();
        if !self.auto_discover || new_terms.is_empty() {
            return;
        }
        for t in &new_terms {
            self.segmenter.add_word(t, None);
        }
        self.resegment_around(&new_terms);
    }

    /// Re-segments only the stretches of text around occurrences of `terms`
    /// (the Han run holding each, widened to token boundaries), so applying a
    /// discovered term costs time in proportion to its occurrences.
    fn resegment_around(&mut self, terms: &[String]) {
        let mut docs = std::mem::take(&mut self.docs);
        for doc in docs.iter_mut() {
            let text = doc.text.as_str();
            let mut ranges: Vec<(usize, usize)> = discover::occurrences(text, terms)
                .into_iter()
                .map(|(s, e)| {
                    let start = text.get(..s).map_or(s, |before| {
                        before.char_indices().rev().take_while(|&(_, c)| crate::segment::is_han(c)).last().map_or(s, |(i, _)| i)
                    });
                    let end = text.get(e..).map_or(e, |after| {
                        e + after.char_indices().find(|&(_, c)| !crate::segment::is_han(c)).map_or(after.len(), |(i, _)| i)
                    });
                    (start, end)
                })
                .collect();
            if ranges.is_empty() {
                continue;
            }
            ranges.sort_unstable();
            let old = std::mem::take(&mut doc.tokens);
            let mut tokens = Vec::with_capacity(old.len());
            let mut raw = Vec::new();
            let mut ti = 0;
            let mut done = 0usize;
            for (rs, re) in ranges {
                let rs = rs.max(done);
                if rs >= re {
                    continue;
                }
                while let Some(t) = old.get(ti).filter(|t| t.span.end as usize <= rs) {
                    tokens.push(*t);
                    ti += 1;
                }
                let start = old.get(ti).map_or(rs, |t| rs.min(t.span.start as usize));
                let mut end = re;
                while let Some(t) = old.get(ti).filter(|t| (t.span.start as usize) < end) {
                    end = end.max(t.span.end as usize);
                    ti += 1;
                }
                raw.clear();
                self.segmenter.segment_into(text.get(start..end).unwrap_or(""), start, &mut raw);
                for r in &raw {
                    tokens.push(Token { span: r.span, kind: r.kind, term: self.vocab.intern_token(r.span.slice(text)) });
                }
                done = end;
            }
            tokens.extend(old.get(ti..).unwrap_or(&[]));
            doc.tokens = tokens;
        }
        self.docs = docs;
    }

    /// Replaces the user dictionary (one term a line, optional frequency) and
    /// re-segments every document; returns the number of entries.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidDictionary`](crate::ErrorKind::InvalidDictionary)
    /// with the line number; the corpus is then unchanged.
    pub fn set_user_dictionary(&mut self, text: &str) -> Result<usize> {
        let words = userdict::parse_user_dictionary(text)?;
        let n = words.len();
        self.user_words = words;
        self.rebuild_segmenter();
        self.resegment(|_| true);
        self.run_discovery();
        Ok(n)
    }

    /// The user dictionary in effect.
    pub fn user_dictionary(&self) -> &[UserWord] {
        &self.user_words
    }

    /// Rejects (`accept = false`) or accepts again a discovered term and
    /// re-segments every document.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidOption`](crate::ErrorKind::InvalidOption) if no such term was discovered.
    pub fn set_discovered_term(&mut self, term: &str, accept: bool) -> Result<()> {
        if !self.discovered.contains_key(term) {
            return Err(Error::invalid_option(format!("`{term}` is not a discovered term")));
        }
        let changed = if accept { self.rejected.remove(term) } else { self.rejected.insert(term.to_owned()) };
        if changed {
            self.rebuild_segmenter();
            self.resegment(|_| true);
        }
        Ok(())
    }

    /// Turns automatic application of discovered terms on or off (on by
    /// default) and re-segments every document.
    pub fn set_auto_discover(&mut self, on: bool) {
        if self.auto_discover != on {
            self.auto_discover = on;
            self.rebuild_segmenter();
            self.resegment(|_| true);
            self.run_discovery();
        }
    }

    /// Discovered terms, sorted by text, with whether each is rejected.
    pub fn discovered_terms(&self) -> Vec<(&Discovered, bool)> {
        self.discovered.values().map(|d| (d, self.rejected.contains(&d.text))).collect()
    }

    /// Whether discovered terms are applied as they are found.
    pub fn auto_discover(&self) -> bool {
        self.auto_discover
    }

    /// Whether the last discovery pass hit its budget.
    pub fn discovery_truncated(&self) -> bool {
        self.discovery_truncated
    }

    /// Removes a document.
    ///
    /// # Errors
    /// [`ErrorKind::UnknownDocument`](crate::ErrorKind::UnknownDocument) if there is no such document.
    pub fn remove_document(&mut self, id: DocId) -> Result<()> {
        let index = self.index_of(id)?;
        self.docs.remove(index);
        Ok(())
    }

    fn index_of(&self, id: DocId) -> Result<usize> {
        self.docs.iter().position(|d| d.id == id).ok_or_else(|| Error::unknown_document(id.0))
    }

    /// A document by id.
    ///
    /// # Errors
    /// [`ErrorKind::UnknownDocument`](crate::ErrorKind::UnknownDocument) if there is no such document.
    pub fn document(&self, id: DocId) -> Result<&Document> {
        self.index_of(id).map(|i| &self.docs[i])
    }

    /// All documents, in the order they were added.
    pub fn documents(&self) -> &[Document] {
        &self.docs
    }

    /// Summaries of all documents, in the order they were added.
    pub fn summaries(&self) -> Vec<DocumentSummary> {
        self.docs.iter().map(DocumentSummary::of).collect()
    }

    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocab
    }

    pub fn segmenter(&self) -> &Segmenter {
        &self.segmenter
    }
}

/// The documents' tokens as term discovery's units, read in place (no copy per token).
struct DiscoveryUnits<'a>(&'a [Document]);

impl discover::Source for DiscoveryUnits<'_> {
    fn documents(&self) -> usize {
        self.0.len()
    }

    fn walk(&self, doc: usize, visit: &mut dyn FnMut(discover::Unit)) {
        let Some(d) = self.0.get(doc) else { return };
        for t in &d.tokens {
            let text = d.token_text(t);
            visit(match t.kind {
                TokenKind::Word if text.chars().next().is_some_and(crate::segment::is_han) => discover::Unit::Word(t.term.0),
                TokenKind::Space if text.contains('\n') => discover::Unit::Line,
                _ => discover::Unit::Break,
            });
        }
    }
}

impl Default for Corpus {
    fn default() -> Self {
        Corpus::new()
    }
}

/// Where a stretch of `text` from `start` of about `size` bytes ends: at the
/// start of the next paragraph after `start + size` (a line's first non-blank
/// character after a line break), where segmentation has no context across the
/// cut; the end of the text if there is none.
fn chunk_end(text: &str, start: usize, size: usize) -> usize {
    let from = start.saturating_add(size);
    let Some(rest) = text.get(from..).or_else(|| {
        // `from` inside a character: move on to the next boundary.
        (from..text.len()).find(|&i| text.is_char_boundary(i)).and_then(|i| text.get(i..))
    }) else {
        return text.len();
    };
    let base = text.len() - rest.len();
    let mut after_break = false;
    for (i, c) in rest.char_indices() {
        if c == '\n' {
            after_break = true;
        } else if after_break && !c.is_whitespace() {
            return base + i;
        }
    }
    text.len()
}

/// Blocks of text separated by blank lines, trimmed of surrounding white space.
pub fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim();
        if content.is_empty() {
            if let Some(s) = start.take() {
                out.push(Span::new(s, end));
            }
        } else {
            let lead = line.len() - line.trim_start().len();
            if start.is_none() {
                start = Some(pos + lead);
            }
            end = pos + lead + content.len();
        }
        pos += line.len();
    }
    if let Some(s) = start {
        out.push(Span::new(s, end));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_blank_line_blocks() {
        let text = "\n  Title\n\nOne line\nand its wrap.\r\n\r\n\n Two. \n";
        let p: Vec<&str> = paragraphs(text).iter().map(|s| s.slice(text)).collect();
        assert_eq!(p, vec!["Title", "One line\nand its wrap.", "Two."]);
    }

    #[test]
    fn errors_leave_the_corpus_unchanged() {
        let mut c = Corpus::new();
        c.add_document("a.txt", "第一篇文章。".as_bytes()).map(|_| ()).unwrap_or_else(|e| panic!("{e}"));
        assert!(c.add_document("b.pdf", b"%PDF-1.7\n\xFF\xFE\x00\x00junk\xC3").is_err());
        assert!(c.add_document("nul.txt", &[0u8; 64]).is_err());
        assert!(c.add_document("c.txt", b"   \n").is_err());
        assert_eq!(c.documents().len(), 1);
        assert!(c.remove_document(DocId(7)).is_err());
        assert!(c.remove_document(DocId(0)).is_ok());
        assert!(c.documents().is_empty());
    }
}
