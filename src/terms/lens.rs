//! The lens every terms analysis looks through: which tokens count, each
//! term's comparison key (case- and, if asked, width-folded), which keys are
//! hidden by the filters.

use super::{stopwords, FilterOptions};
use crate::corpus::{Corpus, Document, Token};
use crate::error::{Error, Result};
use crate::segment::TokenKind;
use crate::vocab::{TermId, Vocabulary};
use crate::width::fold_width;
use std::collections::HashSet;

/// The comparison key of a piece of text: lower case, then width-folded if asked.
pub(super) fn key_text(s: &str, width: bool) -> String {
    let lower = s.to_lowercase();
    if width {
        // Folding can make new upper-case ASCII (Ａ → A), so fold case again.
        fold_width(&lower).to_lowercase()
    } else {
        lower
    }
}

/// Width-folded (or variant-grouped) keys: the key of each term id, the key texts (interned
/// once each, as the corpus's vocabulary is: 134 000 keys in 3 MB where a vector and a map of
/// strings took 14 MB, #11), and the key a key text stands for once variants are grouped.
#[derive(Debug)]
pub(super) struct Folded {
    of: Vec<u32>,
    keys: Vocabulary,
    current: Vec<u32>,
}

/// A per-request view of a corpus: term id → key, which tokens count, which
/// keys are shown. Built in O(vocabulary).
pub struct Lens<'a> {
    corpus: &'a Corpus,
    /// `Some` when width folding merged terms: key of each term id, key texts,
    /// and key text → key.
    folded: Option<Folded>,
    fold_width: bool,
    include_numbers: bool,
    include_punct: bool,
    /// Whether each key is shown (not a stopword, long enough).
    shown: Vec<bool>,
}

impl<'a> Lens<'a> {
    /// A lens over `corpus` with `filter`.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidOption`](crate::ErrorKind::InvalidOption) for a
    /// `min_length` of 0 or an unknown stopword language.
    pub fn new(corpus: &'a Corpus, filter: &FilterOptions) -> Result<Lens<'a>> {
        if filter.min_length == 0 {
            return Err(Error::invalid_option("minLength must be at least 1"));
        }
        let vocab = corpus.vocabulary();
        let folded = (filter.fold_width || filter.group_variants).then(|| {
            let mut of = Vec::with_capacity(vocab.len());
            let mut keys = Vocabulary::new();
            for i in 0..vocab.len() {
                of.push(keys.intern(&key_text(vocab.term(TermId(i as u32)), filter.fold_width)).0);
            }
            // The key each key text stands for: itself, or its group's head's.
            let mut current: Vec<u32> = (0..keys.len() as u32).collect();
            if filter.group_variants {
                // Each variant's key becomes its head's (上合 → 上海合作组织, 組織 → 组织).
                let mut remap: Vec<u32> = current.clone();
                let stands_for = |current: &[u32], text: &str| keys.get(text).and_then(|id| current.get(id.0 as usize)).copied();
                for (head, forms) in super::variants::term_groups(corpus, filter.fold_width) {
                    let Some(hk) = stands_for(&current, &key_text(&head, filter.fold_width)) else { continue };
                    for form in forms {
                        let form = key_text(&form, filter.fold_width);
                        if let Some(slot) = stands_for(&current, &form).and_then(|fk| remap.get_mut(fk as usize)) {
                            *slot = hk;
                        }
                        if let Some(slot) = keys.get(&form).and_then(|id| current.get_mut(id.0 as usize)) {
                            *slot = hk;
                        }
                    }
                }
                for k in of.iter_mut() {
                    *k = remap.get(*k as usize).copied().unwrap_or(*k);
                }
            }
            Folded { of, keys, current }
        });
        let mut lens = Lens {
            corpus,
            folded,
            fold_width: filter.fold_width,
            include_numbers: filter.include_numbers,
            include_punct: filter.include_punct,
            shown: Vec::new(),
        };
        let mut stop: HashSet<u32> = HashSet::new();
        let mut add_stop = |lens: &Lens<'_>, word: &str| {
            if let Some(k) = lens.lookup(word.trim()) {
                stop.insert(k);
            }
        };
        for word in &filter.stopwords {
            add_stop(&lens, word);
        }
        for lang in &filter.stopword_languages {
            let list = stopwords::builtin(lang).ok_or_else(|| {
                let known: Vec<&str> = stopwords::languages().iter().map(|l| l.0).collect();
                Error::invalid_option(format!(
                    "no built-in stopword list for language `{lang}` (known: {})",
                    known.join(", ")
                ))
            })?;
            for word in list {
                add_stop(&lens, word);
            }
        }
        let min = filter.min_length;
        lens.shown = (0..lens.n_keys() as u32)
            .map(|k| !stop.contains(&k) && (min <= 1 || lens.text(k).chars().count() >= min))
            .collect();
        Ok(lens)
    }

    pub fn corpus(&self) -> &'a Corpus {
        self.corpus
    }

    /// Number of distinct keys (key ids run from 0 to this).
    pub fn n_keys(&self) -> usize {
        match &self.folded {
            Some(f) => f.keys.len(),
            None => self.corpus.vocabulary().len(),
        }
    }

    /// The key of a term id (whatever its kind).
    pub fn key_of(&self, term: TermId) -> u32 {
        match &self.folded {
            Some(f) => f.of.get(term.0 as usize).copied().unwrap_or(u32::MAX),
            None => term.0,
        }
    }

    /// The key of a token if its kind is counted.
    pub fn counted(&self, token: &Token) -> Option<u32> {
        self.counts_kind(token.kind).then(|| self.key_of(token.term))
    }

    pub fn counts_kind(&self, kind: TokenKind) -> bool {
        match kind {
            TokenKind::Word => true,
            TokenKind::Number => self.include_numbers,
            TokenKind::Punct | TokenKind::Symbol | TokenKind::Emoji => self.include_punct,
            TokenKind::Space => false,
        }
    }

    /// Whether a key is shown (not a stopword, long enough).
    pub fn shown(&self, key: u32) -> bool {
        self.shown.get(key as usize).copied().unwrap_or(false)
    }

    /// The text of a key (empty for an unknown key).
    pub fn text(&self, key: u32) -> &str {
        match &self.folded {
            Some(f) => f.keys.term(TermId(key)),
            None => self.corpus.vocabulary().term(TermId(key)),
        }
    }

    /// The key of a word typed by a person, if the corpus has it.
    pub fn lookup(&self, word: &str) -> Option<u32> {
        match &self.folded {
            Some(f) => f.keys.get(&key_text(word, self.fold_width)).and_then(|id| f.current.get(id.0 as usize)).copied(),
            None => self.corpus.vocabulary().get(&key_text(word, false)).map(|t| t.0),
        }
    }

    /// The keys of a query (a word or a phrase), segmented like the documents.
    /// `Ok(None)` if a word of the query never occurs in the corpus.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidOption`](crate::ErrorKind::InvalidOption) if the query has no words.
    pub fn query(&self, query: &str) -> Result<Option<Vec<u32>>> {
        let raw = self.corpus.segmenter().segment(query);
        let words: Vec<&str> = raw.iter().filter(|t| t.kind != TokenKind::Space).map(|t| t.span.slice(query)).collect();
        if words.is_empty() {
            return Err(Error::invalid_option("the query is empty: type a word or a phrase"));
        }
        Ok(words.iter().map(|w| self.lookup(w)).collect())
    }

    /// The documents in scope: one (by id) or all.
    ///
    /// # Errors
    /// [`ErrorKind::UnknownDocument`](crate::ErrorKind::UnknownDocument).
    pub fn scope(&self, doc: Option<u32>) -> Result<Vec<&'a Document>> {
        match doc {
            Some(id) => Ok(vec![self.corpus.document(crate::DocId(id))?]),
            None => Ok(self.corpus.stored_documents().iter().collect()),
        }
    }

    /// Sparse counts of the counted keys of `doc`, sorted by key, and the
    /// number of counted tokens. `scratch` is a zeroed buffer of `n_keys()`
    /// entries, left zeroed on return.
    pub fn doc_counts(&self, doc: &Document, scratch: &mut Vec<u32>) -> (Vec<(u32, u32)>, u64) {
        scratch.resize(self.n_keys(), 0);
        let mut touched: Vec<u32> = Vec::new();
        let mut tokens = 0u64;
        for t in &doc.tokens {
            if let Some(k) = self.counted(&t) {
                if let Some(c) = scratch.get_mut(k as usize) {
                    if *c == 0 {
                        touched.push(k);
                    }
                    *c += 1;
                    tokens += 1;
                }
            }
        }
        touched.sort_unstable();
        let counts = touched
            .iter()
            .map(|&k| {
                let c = scratch.get_mut(k as usize).map_or(0, std::mem::take);
                (k, c)
            })
            .collect();
        (counts, tokens)
    }

    /// Start indices (into `doc.tokens`) and end indices (exclusive) of the
    /// matches of a key sequence; white space between the words is skipped.
    pub fn matches(&self, doc: &Document, keys: &[u32]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let Some((&first, rest)) = keys.split_first() else { return out };
        let tokens = &doc.tokens;
        for (i, t) in tokens.iter().enumerate() {
            if t.kind == TokenKind::Space || self.key_of(t.term) != first {
                continue;
            }
            let mut j = i + 1;
            let mut ok = true;
            for &k in rest {
                while tokens.get(j).is_some_and(|t| t.kind == TokenKind::Space) {
                    j += 1;
                }
                match tokens.get(j) {
                    Some(t) if self.key_of(t.term) == k => j += 1,
                    _ => {
                        ok = false;
                        break;
                    }
                }
            }
            if ok {
                out.push((i, j));
            }
        }
        out
    }
}
