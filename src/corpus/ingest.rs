//! Adding documents: read (format, encoding), clean, segment in stretches
//! with progress, intern; re-reading with another encoding or clean-up.

use crate::clean::{self, CleanOptions};
use crate::decode::DecodeMethod;
use crate::formats::{self, Format};
use crate::error::{Error, Result};
use crate::report::DocumentSummary;
use super::{Corpus, DocId, Document, Token};
use crate::span::{Span, Utf16Index};

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
    pub(super) fn range(self) -> (f64, f64) {
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


impl Corpus {
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
        self.add_bytes(id, name, Bytes::Borrowed(bytes), progress)
    }

    /// [`Corpus::add_document_with_progress`] taking the file's bytes: valid
    /// UTF-8 plain text becomes the document's text without a copy, and other
    /// bytes are dropped once decoded (or kept, moved, for re-decoding) — so
    /// adding a file holds one copy of it, not two.
    ///
    /// # Errors
    /// As [`Corpus::add_document_with_progress`].
    pub fn add_document_owned(
        &mut self,
        id: Option<DocId>,
        name: &str,
        bytes: Vec<u8>,
        progress: &mut dyn FnMut(Stage, f64),
    ) -> Result<DocumentSummary> {
        self.add_bytes(id, name, Bytes::Owned(bytes), progress)
    }

    fn add_bytes(
        &mut self,
        id: Option<DocId>,
        name: &str,
        bytes: Bytes<'_>,
        progress: &mut dyn FnMut(Stage, f64),
    ) -> Result<DocumentSummary> {
        let size = bytes.len();
        let id = id.unwrap_or(DocId(self.next_id));
        // Ids from `next_id` on are free: only a replayed (lower) id is looked up.
        if id.0 < self.next_id && self.docs.iter().any(|d| d.id == id) {
            return Err(Error::invalid_option(format!("document id {} is already in use", id.0)));
        }
        if size > self.limits.max_file_bytes {
            return Err(Error::too_large(name, size, self.limits.max_file_bytes));
        }
        let loaded = self.loaded_bytes.unwrap_or_else(|| self.docs.iter().map(Document::counted_size).sum());
        let total = loaded + size;
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
                    crate::error::human_size(size),
                    crate::error::human_size(doc.counted_size()),
                    crate::error::human_size(self.limits.max_total_bytes)
                ),
            ));
        }
        self.next_id = self.next_id.max(id.0.saturating_add(1));
        let summary = doc.summary();
        self.loaded_bytes = Some(loaded + doc.counted_size());
        self.docs.push(doc);
        self.discovery_pending = true;
        Ok(summary)
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

    pub(super) fn replace_document(&mut self, index: usize, id: DocId, name: &str, bytes: &[u8], label: Option<&str>) -> Result<DocumentSummary> {
        let doc = self.read_document(id, name, Bytes::Borrowed(bytes), label, &mut |_, _| {})?;
        let Some(slot) = self.docs.get_mut(index) else { return Err(Error::unknown_document(id.0)) };
        *slot = doc;
        self.loaded_bytes = None;
        Ok(slot.summary())
    }

    /// The clean-up applied to documents.
    pub fn clean_options(&self) -> CleanOptions {
        self.clean_options
    }

    /// Changes the clean-up and applies it to every loaded document (each is
    /// cleaned and segmented again); returns the new summaries.
    pub fn set_clean_options(&mut self, options: CleanOptions) -> Vec<DocumentSummary> {
        self.clean_options = options;
        self.loaded_bytes = None;
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
        self.documents()
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

    pub(super) fn read_document(
        &mut self,
        id: DocId,
        name: &str,
        bytes: Bytes<'_>,
        label: Option<&str>,
        progress: &mut dyn FnMut(Stage, f64),
    ) -> Result<Document> {
        report(progress, Stage::Decoding, 0.0);
        let size = bytes.len();
        let max = self.limits.max_file_bytes;
        let same_as_text = |e: &formats::Extracted, bytes: &[u8]| {
            e.method == DecodeMethod::ValidUtf8
                && matches!(e.format, Format::Text | Format::Markdown | Format::Csv)
                && e.text.as_bytes() == bytes
        };
        let (extracted, needs_raw, raw) = match bytes {
            Bytes::Borrowed(bytes) => {
                let extracted = formats::extract_within(name, bytes, label, max)?;
                let needs_raw = !same_as_text(&extracted, bytes);
                let raw = (needs_raw && self.keep_bytes).then(|| bytes.to_vec());
                (extracted, needs_raw, raw)
            }
            Bytes::Owned(bytes) => match formats::extract_owned(name, bytes, label, max)? {
                // The bytes became the text.
                (extracted, None) => (extracted, false, None),
                (extracted, Some(bytes)) => {
                    let needs_raw = !same_as_text(&extracted, &bytes);
                    let raw = (needs_raw && self.keep_bytes).then_some(bytes);
                    (extracted, needs_raw, raw)
                }
            },
        };
        let mut extracted = extracted;
        let options = self.options_for(extracted.format);
        report(progress, Stage::Cleaning, 0.0);
        // Clean first to refuse a file that is empty once cleaned (only control characters, say).
        // The extracted text is handed over (the offset map rebuilds it), so it is not held beside
        // the cleaned text and the tokens.
        let original_chars = extracted.text.chars().count();
        let cleaned = clean::clean_owned(std::mem::take(&mut extracted.text), &options);
        if cleaned.text.trim().is_empty() {
            return Err(Error::empty(name));
        }
        let mut doc = self.build_cleaned(
            id,
            name,
            size,
            (extracted, original_chars),
            cleaned,
            raw,
            label.map(str::to_owned),
            progress,
        );
        doc.bytes_dropped = needs_raw && !self.keep_bytes;
        Ok(doc)
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn build_document(
        &mut self,
        id: DocId,
        name: &str,
        size: usize,
        extracted: formats::Extracted,
        raw: Option<Vec<u8>>,
        encoding_override: Option<String>,
    ) -> Document {
        let original_chars = extracted.text.chars().count();
        let mut extracted = extracted;
        let cleaned = clean::clean_owned(std::mem::take(&mut extracted.text), &self.options_for(extracted.format));
        self.build_cleaned(id, name, size, (extracted, original_chars), cleaned, raw, encoding_override, &mut |_, _| {})
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn build_cleaned(
        &mut self,
        id: DocId,
        name: &str,
        size: usize,
        (extracted, original_chars): (formats::Extracted, usize),
        cleaned: clean::Cleaned,
        raw: Option<Vec<u8>>,
        encoding_override: Option<String>,
        progress: &mut dyn FnMut(Stage, f64),
    ) -> Document {
        let text = cleaned.text;
        // The text as extracted (`original_chars` characters) was handed to the clean-up, which
        // freed it or made it the cleaned text: the offset map rebuilds it.
        let formats::Extracted { encoding, method, malformed, format, text: _ } = extracted;
        report(progress, Stage::Segmenting, 0.0);
        let mut tokens = self.tokenize_in_stretches(&text, &mut |done| report(progress, Stage::Segmenting, done));
        tokens.shrink_to_fit();
        report(progress, Stage::Indexing, 0.0);
        let mut paragraphs = paragraphs(&text);
        let mut sentences: Vec<Span> = paragraphs
            .iter()
            .flat_map(|p| crate::segment::sentences::sentence_spans(p.slice(&text), p.start as usize))
            .collect();
        // Both grew by doubling: give back the spare room they keep for the document's life.
        paragraphs.shrink_to_fit();
        sentences.shrink_to_fit();
        let utf16 = Utf16Index::new(&text);
        report(progress, Stage::Indexing, 1.0);
        Document {
            id,
            name: name.to_owned(),
            size,
            encoding,
            decode_method: method,
            malformed,
            format,
            original_chars,
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

    pub(super) fn tokenize(&mut self, text: &str) -> super::Tokens {
        let raw = self.segmenter.segment(text);
        raw.iter()
            .map(|t| Token { span: t.span, kind: t.kind, term: self.vocab.intern_token(t.span.slice(text)) })
            .collect()
    }

    /// Segments and interns `text` a stretch of about [`SEGMENT_CHUNK`] bytes at a
    /// time (cut at paragraph starts), calling `progress(done)` after each.
    pub(super) fn tokenize_in_stretches(&mut self, text: &str, progress: &mut dyn FnMut(f64)) -> super::Tokens {
        let mut tokens = super::Tokens::new();
        let mut segments = Vec::new();
        let mut at = 0;
        while at < text.len() {
            let end = chunk_end(text, at, SEGMENT_CHUNK);
            segments.clear();
            self.segmenter.segment_into(text.get(at..end).unwrap_or(""), at, &mut segments);
            tokens.extend(
                segments.iter().map(|t| Token { span: t.span, kind: t.kind, term: self.vocab.intern_token(t.span.slice(text)) }),
            );
            if at == 0 && end < text.len() {
                // From the first stretch, room for the whole text's tokens (+5 %),
                // so the vector is not doubled (and copied) at 2× its size.
                let estimate = tokens.len() as f64 * text.len() as f64 / end.max(1) as f64 * 1.05;
                tokens.reserve((estimate as usize).saturating_sub(tokens.len()));
            }
            at = end;
            progress(at as f64 / text.len() as f64);
        }
        tokens
    }

    /// Re-segments the documents for which `touched` is true (after a
    /// dictionary change); text, paragraphs and sentences stay as they are.
    pub(super) fn resegment(&mut self, touched: impl Fn(&Document) -> bool) {
        let mut docs = std::mem::take(&mut self.docs);
        for doc in docs.iter_mut().filter(|d| touched(d)) {
            doc.tokens = self.tokenize(&doc.text);
        }
        self.docs = docs;
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

/// A file's bytes, lent or given.
pub(super) enum Bytes<'a> {
    Borrowed(&'a [u8]),
    Owned(Vec<u8>),
}

impl Bytes<'_> {
    fn len(&self) -> usize {
        match self {
            Bytes::Borrowed(b) => b.len(),
            Bytes::Owned(b) => b.len(),
        }
    }
}
