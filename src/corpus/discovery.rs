//! The discovery driver: runs corpus-level term discovery
//! (`crate::segment::discover`) over the documents, applies the terms found
//! (with the user dictionary and the user's rejections) and re-segments what
//! they touch.

use crate::error::{Error, Result};
use crate::report::{DiscoveredTermRow, DiscoveredTermsReport, UserDictionaryReport, FORMAT_VERSION};
use super::{Corpus, Token};
use crate::segment::discover::{self, batch, DiscoverOptions, Discovered, Discovery};
use crate::segment::userdict::{self, UserWord};
use crate::segment::{Segmenter, TokenKind};
use crate::vocab::{TermId, Vocabulary};
use std::cell::{Cell, RefCell};

impl Corpus {
    /// Whether documents were added since term discovery last ran.
    pub fn discovery_pending(&self) -> bool {
        self.discovery_pending
    }

    /// Runs term discovery over all documents if documents were added since it
    /// last ran (see [`Corpus::add_document_with_progress`]); returns whether it ran.
    /// Every analysis of a corpus built with deferred adds must come after this.
    pub fn refresh_discovery(&mut self) -> bool {
        self.refresh_discovery_with_progress(&mut |_| {})
    }

    /// [`Corpus::refresh_discovery`], calling `progress(done)` as it goes
    /// (`done` rising from 0 to 1: the passes over the documents, then the
    /// re-segmentation of those that hold new terms).
    pub fn refresh_discovery_with_progress(&mut self, progress: &mut dyn FnMut(f64)) -> bool {
        if !self.discovery_pending {
            return false;
        }
        self.run_discovery_with_progress(progress);
        true
    }

    /// A fresh segmenter holding the user dictionary and the applied discovered terms.
    pub(super) fn rebuild_segmenter(&mut self) {
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
    pub(super) fn applied_terms(&self) -> Vec<String> {
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
    pub(super) fn run_discovery(&mut self) {
        self.run_discovery_with_progress(&mut |_| {});
    }

    /// [`Corpus::run_discovery`] with a progress hook (see [`Corpus::refresh_discovery_with_progress`]).
    fn run_discovery_with_progress(&mut self, progress: &mut dyn FnMut(f64)) {
        let start = if self.forget_discovery(progress) { RESEGMENT_SHARE } else { 0.0 };
        progress(start);
        let vocab = &self.vocab;
        let text = |id: u32| vocab.term(TermId(id)).to_owned();
        let seg = &self.segmenter;
        let part = |id: u32| discover::part_of(seg, vocab.term(TermId(id)));
        let units = DiscoveryUnits::new(&self.docs, vocab, start, progress);
        let found = discover::discover_in(&units, &text, &part, &DiscoverOptions::default());
        self.apply_discovery(found, progress);
    }

    /// Forgets the terms of an earlier discovery and re-segments without them
    /// (calling `progress` as it goes); returns whether there were any.
    fn forget_discovery(&mut self, progress: &mut dyn FnMut(f64)) -> bool {
        self.discovery_pending = false;
        let had_applied = !self.applied_terms().is_empty();
        self.discovered.clear();
        if had_applied {
            // The documents segmented again without the earlier terms (progress by text size).
            self.rebuild_segmenter();
            let total = self.docs.iter().map(|d| d.text.len()).sum::<usize>().max(1) as f64;
            let mut before = 0usize;
            let mut docs = std::mem::take(&mut self.docs);
            for doc in docs.iter_mut() {
                let len = doc.text.len();
                doc.tokens = self.tokenize_in_stretches(&doc.text, &mut |done| {
                    progress(RESEGMENT_SHARE * (before as f64 + done * len as f64) / total);
                });
                doc.tokens.shrink_to_fit();
                before += len;
            }
            self.docs = docs;
        }
        had_applied
    }

    /// Keeps the terms `found` and, unless rejected or automatic application
    /// is off, adds them to the segmenter and re-segments around them.
    fn apply_discovery(&mut self, found: Discovery, progress: &mut dyn FnMut(f64)) {
        self.discovery_truncated = found.truncated;
        let mut new_terms = Vec::new();
        // No two found terms overlap, and earlier terms were cleared.
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
        progress(DISCOVER_SHARE);
        self.resegment_around(&new_terms, progress);
    }

    /// This corpus as one batch of a larger one: the counts of the step
    /// `plan` is at (see [`discover::batch`]), over the documents as they are
    /// segmented before discovery. Call it on documents added with deferred
    /// discovery ([`Corpus::add_document_with_progress`]), before any analysis.
    pub fn discovery_counts(&self, plan: &batch::Plan) -> Vec<batch::Row> {
        let vocab = &self.vocab;
        let mut none = |_: f64| {};
        batch::count(plan, &DiscoveryUnits::new(&self.docs, vocab, 0.0, &mut none), &|id| vocab.term(TermId(id)).to_owned())
    }

    /// Applies the terms a batched discovery found over the whole corpus
    /// (`plan` done) instead of discovering them in these documents alone: the
    /// documents are then segmented as in a corpus holding every batch.
    pub fn use_discovery(&mut self, plan: &batch::Plan) {
        self.forget_discovery(&mut |_| {});
        self.apply_discovery(Discovery { terms: plan.terms().to_vec(), truncated: false }, &mut |_| {});
    }

    /// Re-segments only the stretches of text around occurrences of `terms`
    /// (the Han run holding each, widened to token boundaries), so applying a
    /// discovered term costs time in proportion to its occurrences.
    pub(super) fn resegment_around(&mut self, terms: &[String], progress: &mut dyn FnMut(f64)) {
        let mut docs = std::mem::take(&mut self.docs);
        let finder = discover::Occurrences::new(terms);
        let n = docs.len().max(1) as f64;
        for (d, doc) in docs.iter_mut().enumerate() {
            progress(DISCOVER_SHARE + (1.0 - DISCOVER_SHARE) * d as f64 / n);
            let text = doc.text.as_str();
            let mut ranges: Vec<(usize, usize)> = finder.find(text)
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
            // Token `ti` is the next of `old` (read in order: `get` would decode up to 16 steps a token).
            let mut old = doc.tokens.iter().peekable();
            let mut edits: Vec<(usize, usize, Vec<Token>)> = Vec::new();
            let mut raw = Vec::new();
            let mut ti = 0;
            let mut done = 0usize;
            for (rs, re) in ranges {
                let rs = rs.max(done);
                if rs >= re {
                    continue;
                }
                while old.next_if(|t| t.span.end as usize <= rs).is_some() {
                    ti += 1;
                }
                let from = ti;
                let start = old.peek().map_or(rs, |t| rs.min(t.span.start as usize));
                let mut end = re;
                while let Some(t) = old.next_if(|t| (t.span.start as usize) < end) {
                    end = end.max(t.span.end as usize);
                    ti += 1;
                }
                raw.clear();
                self.segmenter.segment_into(text.get(start..end).unwrap_or(""), start, &mut raw);
                let new = raw
                    .iter()
                    .map(|r| Token { span: r.span, kind: r.kind, term: self.vocab.intern_token(r.span.slice(text)) })
                    .collect();
                edits.push((from, ti, new));
                done = end;
            }
            // In place (no second token vector of the document) when the terms only join tokens.
            doc.tokens.replace_ranges(edits);
            doc.tokens.shrink_to_fit();
        }
        self.docs = docs;
    }

    /// Replaces the user dictionary (one term a line, optional frequency) and
    /// re-segments every document; returns the entries now in effect.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidDictionary`](crate::ErrorKind::InvalidDictionary)
    /// with the line number; the corpus is then unchanged.
    pub fn set_user_dictionary(&mut self, text: &str) -> Result<UserDictionaryReport> {
        let words = userdict::parse_user_dictionary(text)?;
        let entries = words.len();
        self.user_words = words;
        self.rebuild_segmenter();
        self.resegment(|_| true);
        self.run_discovery();
        let words = self.user_words.iter().map(|w| w.word.clone()).collect();
        Ok(UserDictionaryReport { version: FORMAT_VERSION, entries, words })
    }

    /// The user dictionary in effect.
    pub fn user_dictionary(&self) -> &[UserWord] {
        &self.user_words
    }

    /// Rejects (`accept = false`) or accepts again a discovered term and
    /// re-segments every document; returns the discovered terms after it.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidOption`](crate::ErrorKind::InvalidOption) if no such term was discovered.
    pub fn set_discovered_term(&mut self, term: &str, accept: bool) -> Result<DiscoveredTermsReport> {
        if !self.discovered.contains_key(term) {
            return Err(Error::invalid_option(format!("`{term}` is not a discovered term")));
        }
        let changed = if accept { self.rejected.remove(term) } else { self.rejected.insert(term.to_owned()) };
        if changed {
            self.rebuild_segmenter();
            self.resegment(|_| true);
        }
        Ok(self.discovered_terms())
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

    /// Discovered terms as discovery found them (its evidence), sorted by text, with whether
    /// each is rejected; the report of them is [`Corpus::discovered_terms`].
    pub fn discovered_entries(&self) -> Vec<(&Discovered, bool)> {
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

    /// The discovered terms with their evidence, most frequent first (the page's
    /// `discoveredTerms`).
    pub fn discovered_terms(&self) -> DiscoveredTermsReport {
        let vocab = self.vocabulary();
        // Token count and document frequency of every term, now.
        let mut counts = vec![0usize; vocab.len()];
        let mut docs = vec![0u32; vocab.len()];
        let mut last_doc = vec![u32::MAX; vocab.len()];
        for d in self.stored_documents() {
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
        let mut terms: Vec<DiscoveredTermRow> = self
            .discovered_entries()
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
            auto_apply: self.auto_discover(),
            terms,
            truncated: self.discovery_truncated(),
        }
    }
}

/// Where discovery's progress is when its passes end (the rest re-segments around the terms found).
const DISCOVER_SHARE: f64 = 0.85;
/// The share of segmenting again without earlier terms, when there were some.
const RESEGMENT_SHARE: f64 = 0.35;
/// How many times `discover_in` walks each document (lines with unigrams,
/// the windows of every level, two passes for each of three n-gram levels,
/// neighbours): progress counts walks.
const DISCOVER_PASSES: usize = 9;

/// The documents' tokens as term discovery's units, read in place (no copy
/// per token); counts the walks to report progress.
struct DiscoveryUnits<'a, 'p> {
    docs: &'a [super::Document],
    /// Two bits a term: whether its text begins with a Han character
    /// ([`HAN`]; as the text of each of its tokens does: case folding changes
    /// no Han character) and whether it holds a line end ([`LINE`]; as each
    /// of its tokens does), so that a walk reads the tokens' kinds and terms
    /// and no text (#11).
    flags: Vec<u64>,
    walks: Cell<usize>,
    /// Where progress stands when the walks begin.
    start: f64,
    progress: RefCell<&'p mut dyn FnMut(f64)>,
}

/// In [`DiscoveryUnits::flags`]: the term's text begins with a Han character.
const HAN: u64 = 1;
/// In [`DiscoveryUnits::flags`]: the term's text holds a line end.
const LINE: u64 = 2;
/// Units handed to a walk's visitor at a time (a 2 KB buffer).
const RUN: usize = 256;

impl<'a, 'p> DiscoveryUnits<'a, 'p> {
    /// The units of `docs`, reporting progress from `start` to [`DISCOVER_SHARE`] as they are walked.
    fn new(docs: &'a [super::Document], vocab: &Vocabulary, start: f64, progress: &'p mut dyn FnMut(f64)) -> Self {
        let mut flags = vec![0u64; vocab.len().div_ceil(32)];
        for (id, bits) in (0..vocab.len()).step_by(32).zip(flags.iter_mut()) {
            for k in 0..32.min(vocab.len() - id) {
                *bits |= Self::flags_of(vocab.term(TermId((id + k) as u32))) << (2 * k);
            }
        }
        DiscoveryUnits { docs, flags, walks: Cell::new(0), start, progress: RefCell::new(progress) }
    }

    /// The [`HAN`] and [`LINE`] flags of a text.
    fn flags_of(text: &str) -> u64 {
        let han = text.chars().next().is_some_and(crate::segment::is_han);
        (u64::from(han) * HAN) | (u64::from(text.contains('\n')) * LINE)
    }

    /// What token `index` of `doc`, of `kind` and `term`, is to discovery
    /// (read from its text when the term is not in the table).
    #[inline]
    fn unit(&self, doc: &super::Document, index: usize, kind: TokenKind, term: TermId) -> discover::Unit {
        // Without a branch on the kind (kinds mix unpredictably): the flag that matters for it, if any.
        let want = match kind {
            TokenKind::Word => HAN,
            TokenKind::Space => LINE,
            _ => 0,
        };
        let flags = match self.flags.get(term.0 as usize / 32) {
            Some(bits) => bits >> (2 * (term.0 % 32)),
            None => doc.tokens.get(index).map_or(0, |t| Self::flags_of(doc.token_text(t))),
        };
        match flags & want {
            HAN => discover::Unit::Word(term.0),
            LINE => discover::Unit::Line,
            _ => discover::Unit::Break,
        }
    }
}

impl discover::Source for DiscoveryUnits<'_, '_> {
    fn documents(&self) -> usize {
        self.docs.len()
    }

    fn walk(&self, doc: usize, visit: &mut dyn FnMut(&[discover::Unit])) {
        let walks = self.walks.get() + 1;
        self.walks.set(walks);
        if let Ok(mut progress) = self.progress.try_borrow_mut() {
            let expected = (DISCOVER_PASSES * self.docs.len()).max(1) as f64;
            progress(self.start + (DISCOVER_SHARE - self.start) * (walks as f64 / expected).min(0.99));
        }
        let Some(d) = self.docs.get(doc) else { return };
        let mut run = [discover::Unit::Break; RUN];
        let mut len = 0;
        d.tokens.for_each_block(|first, kinds, terms| {
            if len + kinds.len() > RUN {
                visit(run.get(..len).unwrap_or(&[]));
                len = 0;
            }
            let slots = run.get_mut(len..).unwrap_or(&mut []);
            for (j, (slot, (&kind, &term))) in slots.iter_mut().zip(kinds.iter().zip(terms)).enumerate() {
                *slot = self.unit(d, first + j, kind, term);
            }
            len += kinds.len();
        });
        visit(run.get(..len).unwrap_or(&[]));
    }
}
