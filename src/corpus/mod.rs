//! The documents a person has loaded, segmented once and interned into one
//! shared [`Vocabulary`].
//!
//! `Corpus` is what the worker holds and what the CLI builds. Adding a document
//! reads it (format, encoding: [`formats::extract`]), cleans it ([`clean`]),
//! segments and interns it; every analysis afterwards works on the stored
//! tokens of the cleaned text and never re-splits text. The original text, the
//! repairs and the offset map back to it stay with the document.
//!
//! The module is split by role: [`document`] (a stored document and its own
//! reports), [`ingest`] (the pipeline that adds one) and [`discovery`] (the
//! driver of corpus-level term discovery); this file holds the corpus itself.

mod discovery;
mod document;
mod ingest;
mod tokens;

pub use document::{DocId, Document, OriginalLocator, Token};
pub use ingest::{paragraphs, Stage};
pub use tokens::Tokens;

use crate::clean::CleanOptions;
use crate::error::{Error, Result};
use crate::report::DocumentSummary;
use crate::segment::discover::Discovered;
use crate::segment::userdict::UserWord;
use crate::segment::Segmenter;
use std::collections::{BTreeMap, BTreeSet};
use crate::vocab::Vocabulary;

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
        Limits { max_file_bytes: crate::formats::MAX_FILE_BYTES, max_total_bytes: 256_000_000 }
    }
}

impl Limits {
    /// The limits a person chose (the page's `setLimits`), in bytes; a 0 keeps the default.
    pub fn or_default(max_file_bytes: usize, max_total_bytes: usize) -> Limits {
        let default = Limits::default();
        let pick = |asked: usize, default: usize| if asked > 0 { asked } else { default };
        Limits {
            max_file_bytes: pick(max_file_bytes, default.max_file_bytes),
            max_total_bytes: pick(max_total_bytes, default.max_total_bytes),
        }
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
    /// The documents' counted sizes summed, kept by adds so that adding a file
    /// does not walk all documents (`None`: sum them again, after a change).
    loaded_bytes: Option<usize>,
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
            loaded_bytes: None,
        }
    }

    pub fn set_limits(&mut self, limits: Limits) {
        self.limits = limits;
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Removes a document.
    ///
    /// # Errors
    /// [`ErrorKind::UnknownDocument`](crate::ErrorKind::UnknownDocument) if there is no such document.
    pub fn remove_document(&mut self, id: DocId) -> Result<()> {
        let index = self.index_of(id)?;
        self.docs.remove(index);
        self.loaded_bytes = None;
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

    /// The stored documents themselves, in the order they were added; their
    /// report is [`Corpus::documents`].
    pub fn stored_documents(&self) -> &[Document] {
        &self.docs
    }

    /// Summaries of all documents, in the order they were added (the page's
    /// `documents`, `textlens documents`).
    pub fn documents(&self) -> Vec<DocumentSummary> {
        self.docs.iter().map(Document::summary).collect()
    }

    /// Adds a document as [`Corpus::add_document_owned`] does, then runs the
    /// term discovery the addition made due unless `defer_discovery` (it is then
    /// left for [`Corpus::refresh_discovery`], so a batch of adds costs one run).
    /// The summary is the document's after discovery, which may re-segment it.
    ///
    /// # Errors
    /// As [`Corpus::add_document_owned`]; the corpus is then unchanged.
    pub fn add_document_and_discover(
        &mut self,
        id: Option<DocId>,
        name: &str,
        bytes: Vec<u8>,
        progress: &mut dyn FnMut(Stage, f64),
        defer_discovery: bool,
    ) -> Result<DocumentSummary> {
        let summary = self.add_document_owned(id, name, bytes, progress)?;
        if !defer_discovery && self.refresh_discovery() {
            return self.document(DocId(summary.id)).map(Document::summary);
        }
        Ok(summary)
    }

    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocab
    }

    pub fn segmenter(&self) -> &Segmenter {
        &self.segmenter
    }
}

impl Default for Corpus {
    fn default() -> Self {
        Corpus::new()
    }
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
    fn a_zero_limit_keeps_the_default() {
        let d = Limits::default();
        let l = Limits::or_default(0, 5_000);
        assert_eq!((l.max_file_bytes, l.max_total_bytes), (d.max_file_bytes, 5_000));
        let l = Limits::or_default(1_000, 0);
        assert_eq!((l.max_file_bytes, l.max_total_bytes), (1_000, d.max_total_bytes));
    }

    #[test]
    fn errors_leave_the_corpus_unchanged() {
        let mut c = Corpus::new();
        c.add_document("a.txt", "第一篇文章。".as_bytes()).map(|_| ()).unwrap_or_else(|e| panic!("{e}"));
        assert!(c.add_document("b.pdf", b"%PDF-1.7\n\xFF\xFE\x00\x00junk\xC3").is_err());
        assert!(c.add_document("nul.txt", &[0u8; 64]).is_err());
        assert!(c.add_document("c.txt", b"   \n").is_err());
        assert_eq!(c.stored_documents().len(), 1);
        assert!(c.remove_document(DocId(7)).is_err());
        assert!(c.remove_document(DocId(0)).is_ok());
        assert!(c.stored_documents().is_empty());
    }
}
