//! The documents a person has loaded, segmented once and interned into one
//! shared [`Vocabulary`].
//!
//! `Corpus` is what the worker holds and what the CLI builds. Adding a document
//! decodes, segments and interns it; every analysis afterwards works on the
//! stored tokens and never re-splits text.

use crate::decode::{self, DecodeMethod};
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
}

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
        }
    }

    pub fn set_limits(&mut self, limits: Limits) {
        self.limits = limits;
    }

    /// Decodes, segments and stores a file; returns its summary.
    ///
    /// # Errors
    /// The file is too large, empty, binary or not decodable — see
    /// [`decode::decode`]. On error the corpus is unchanged.
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
        if self.docs.iter().any(|d| d.id == id) {
            return Err(Error::invalid_option(format!("document id {} is already in use", id.0)));
        }
        if bytes.len() > self.limits.max_file_bytes {
            return Err(Error::too_large(name, bytes.len(), self.limits.max_file_bytes));
        }
        let total: usize = self.docs.iter().map(|d| d.size).sum::<usize>() + bytes.len();
        if total > self.limits.max_total_bytes {
            return Err(Error::new(
                crate::ErrorKind::TooLarge,
                format!(
                    "{name} would bring the loaded total to {} MB, over the limit of {} MB; remove a document first",
                    total / 1_000_000,
                    self.limits.max_total_bytes / 1_000_000
                ),
            ));
        }
        let decoded = decode::decode(name, bytes)?;
        if decoded.text.trim().is_empty() {
            return Err(Error::empty(name));
        }
        self.next_id = self.next_id.max(id.0.saturating_add(1));
        let doc = self.build_document(id, name, bytes.len(), decoded);
        self.docs.push(doc);
        self.refresh_discovery();
        let summary = self.docs.last().map(DocumentSummary::of);
        summary.ok_or_else(|| Error::unknown_document(id.0))
    }

    fn build_document(&mut self, id: DocId, name: &str, size: usize, decoded: decode::Decoded) -> Document {
        let text = decoded.text;
        let tokens = self.tokenize(&text);
        let paragraphs = paragraphs(&text);
        let sentences = paragraphs
            .iter()
            .flat_map(|p| crate::segment::sentences::sentence_spans(p.slice(&text), p.start as usize))
            .collect();
        let utf16 = Utf16Index::new(&text);
        Document {
            id,
            name: name.to_owned(),
            size,
            encoding: decoded.encoding,
            decode_method: decoded.method,
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
    fn refresh_discovery(&mut self) {
        let units: Vec<Vec<Option<u32>>> = self
            .docs
            .iter()
            .map(|d| {
                d.tokens
                    .iter()
                    .map(|t| {
                        let han = t.kind == TokenKind::Word
                            && d.token_text(t).chars().next().is_some_and(crate::segment::is_han);
                        han.then_some(t.term.0)
                    })
                    .collect()
            })
            .collect();
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
        let found = discover::discover(&units, &text, &part, &DiscoverOptions::default());
        self.discovery_truncated = found.truncated;
        let mut new_terms = Vec::new();
        for d in found.terms {
            // A term that would claim characters of one already found is left out.
            if !self.discovered.keys().any(|k| discover::overlaps(k, &d.text)) {
                new_terms.push(d.text.clone());
                self.discovered.insert(d.text.clone(), d);
            }
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
            let mut ranges: Vec<(usize, usize)> = terms
                .iter()
                .flat_map(|t| text.match_indices(t.as_str()).map(|(i, m)| (i, i + m.len())))
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
        self.refresh_discovery();
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
            self.refresh_discovery();
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

impl Default for Corpus {
    fn default() -> Self {
        Corpus::new()
    }
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
        assert!(c.add_document("b.txt", b"\xFF\xFE\x00\x00junk\xC3").is_err());
        assert!(c.add_document("c.txt", b"   \n").is_err());
        assert_eq!(c.documents().len(), 1);
        assert!(c.remove_document(DocId(7)).is_err());
        assert!(c.remove_document(DocId(0)).is_ok());
        assert!(c.documents().is_empty());
    }
}
