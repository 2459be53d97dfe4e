//! The discovery driver: runs corpus-level term discovery
//! (`crate::segment::discover`) over the documents, applies the terms found
//! (with the user dictionary and the user's rejections) and re-segments what
//! they touch.

use crate::error::{Error, Result};
use crate::report::{DiscoveredTermRow, DiscoveredTermsReport, FORMAT_VERSION};
use super::{Corpus, Token};
use crate::segment::discover::{self, DiscoverOptions, Discovered};
use crate::segment::userdict::{self, UserWord};
use crate::segment::{Segmenter, TokenKind};
use crate::vocab::TermId;

impl Corpus {
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
        self.discovery_pending = false;
        let had_applied = !self.applied_terms().is_empty();
        self.discovered.clear();
        if had_applied {
            self.rebuild_segmenter();
            self.resegment(|_| true);
        }
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
    pub(super) fn resegment_around(&mut self, terms: &[String]) {
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

    /// The discovered terms with their evidence, most frequent first (the page's
    /// `discoveredTerms`).
    pub fn discovered_terms_report(&self) -> DiscoveredTermsReport {
        let vocab = self.vocabulary();
        // Token count and document frequency of every term, now.
        let mut counts = vec![0usize; vocab.len()];
        let mut docs = vec![0u32; vocab.len()];
        let mut last_doc = vec![u32::MAX; vocab.len()];
        for d in self.documents() {
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
            auto_apply: self.auto_discover(),
            terms,
            truncated: self.discovery_truncated(),
        }
    }
}
