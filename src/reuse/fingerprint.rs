//! Comparison units, shingle hashes and winnowed fingerprints.
//!
//! A document becomes a sequence of *units*: one per word or number outside Han
//! runs (a stable hash of its case-folded term, [`term_key`]), one per Han
//! character inside Han runs. The key of a word depends only on its text, never
//! on which corpus or batch the document was read with: an archive cut into
//! partitions gives every word the same key in each of them.
//! Han characters rather than jieba words make matching independent of how a
//! sentence happened to be segmented (an edit next to a word can change the cut
//! of its neighbours). Punctuation and white space are not units, so re-wrapped
//! lines and full/half-width punctuation do not break a match.

use crate::corpus::Document;
use crate::segment::{is_han, TokenKind};
use crate::span::Span;
use crate::vocab::Vocabulary;

/// Bit set on the key of a Han character, so it never collides with a word's key.
const HAN_BIT: u32 = 0x8000_0000;

/// The key of a (folded) term: FNV-1a over its UTF-8 bytes, mixed, 31 bits.
/// Fixed for ever: stored fingerprints of an archive stay comparable.
pub fn term_key(term: &str) -> u32 {
    let h = term.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3));
    (mix(h) as u32) & !HAN_BIT
}

/// The comparison units of one document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Units {
    /// One key per unit: a word's [`term_key`], or a Han code point with [`HAN_BIT`] set.
    pub keys: Vec<u32>,
    /// The byte span of each unit in the document's text.
    pub spans: Vec<Span>,
    /// Where a stretch ending with each unit ends: after the punctuation that
    /// directly follows the unit ("文件。", "said,”"), so passages keep their full stops.
    pub ends: Vec<u32>,
    /// Whether each unit is the first of a sentence.
    pub sentence_start: Vec<bool>,
}

impl Units {
    /// The units of `doc`, whose terms are in `vocab` (its corpus's vocabulary).
    pub fn of(doc: &Document, vocab: &Vocabulary) -> Units {
        let mut units = Units::default();
        // Each term hashed once per document.
        let mut keys: rustc_hash::FxHashMap<u32, u32> = rustc_hash::FxHashMap::default();
        let mut key_of = |t: crate::vocab::TermId| *keys.entry(t.0).or_insert_with(|| term_key(vocab.term(t)));
        for token in &doc.tokens {
            if !matches!(token.kind, TokenKind::Word | TokenKind::Number) {
                if token.kind == TokenKind::Punct {
                    // Extend the last unit's end if the punctuation touches it.
                    if let Some(end) = units.ends.last_mut() {
                        if *end == token.span.start {
                            *end = token.span.end;
                        }
                    }
                }
                continue;
            }
            let text = doc.token_text(token);
            if text.chars().next().is_some_and(is_han) {
                let base = token.span.start as usize;
                for (i, c) in text.char_indices() {
                    units.keys.push(if is_han(c) { c as u32 | HAN_BIT } else { key_of(token.term) });
                    units.spans.push(Span::new(base + i, base + i + c.len_utf8()));
                    units.ends.push((base + i + c.len_utf8()) as u32);
                }
            } else {
                units.keys.push(key_of(token.term));
                units.spans.push(token.span);
                units.ends.push(token.span.end);
            }
        }
        let starts: Vec<u32> = doc.sentences.iter().map(|s| s.start).collect();
        let mut prev_end = 0u32;
        units.sentence_start = units
            .spans
            .iter()
            .enumerate()
            .map(|(i, sp)| {
                // A sentence starts in the gap before this unit (or at it).
                let lo = starts.partition_point(|&s| s <= prev_end);
                let hi = starts.partition_point(|&s| s <= sp.start);
                prev_end = sp.end;
                i == 0 || hi > lo
            })
            .collect();
        units
    }

    pub fn is_sentence_start(&self, i: usize) -> bool {
        self.sentence_start.get(i).copied().unwrap_or(i == self.len())
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The byte span covering units `start..end` and the punctuation right
    /// after the last one (empty at `start` if the range is empty).
    pub fn span(&self, start: usize, end: usize, text_len: usize) -> Span {
        let s = self.spans.get(start).map_or(text_len as u32, |s| s.start);
        let e = if end > start { self.ends.get(end - 1).copied().unwrap_or(s) } else { s };
        Span { start: s, end: e }
    }
}

impl Units {
    /// The units in a compact binary form (little-endian: count, then keys,
    /// span starts, span ends, stretch ends as `u32`, then one byte per
    /// sentence start): how an archive job stores them between stages.
    pub fn to_bytes(&self) -> Vec<u8> {
        let n = self.len();
        let mut out = Vec::with_capacity(4 + n * 17);
        out.extend_from_slice(&(n as u32).to_le_bytes());
        let words = self
            .keys
            .iter()
            .copied()
            .chain(self.spans.iter().map(|s| s.start))
            .chain(self.spans.iter().map(|s| s.end))
            .chain(self.ends.iter().copied());
        for w in words {
            out.extend_from_slice(&w.to_le_bytes());
        }
        out.extend(self.sentence_start.iter().map(|&b| u8::from(b)));
        out
    }

    /// Units back from [`Units::to_bytes`].
    ///
    /// # Errors
    /// [`ErrorKind::BadFormat`](crate::ErrorKind::BadFormat) if the bytes are not units.
    pub fn from_bytes(bytes: &[u8]) -> crate::Result<Units> {
        let bad = || crate::Error::new(crate::ErrorKind::BadFormat, "stored units are damaged (wrong length)");
        let word = |i: usize| -> Option<u32> {
            let b = bytes.get(i * 4..i * 4 + 4)?;
            Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        };
        let n = word(0).ok_or_else(bad)? as usize;
        if bytes.len() != 4 + n * 17 {
            return Err(bad());
        }
        let column = |k: usize| -> Vec<u32> { (0..n).map(|i| word(1 + k * n + i).unwrap_or(0)).collect() };
        let (starts, ends_) = (column(1), column(2));
        Ok(Units {
            keys: column(0),
            spans: starts.iter().zip(&ends_).map(|(&s, &e)| Span { start: s, end: e }).collect(),
            ends: column(3),
            sentence_start: bytes.get(4 + n * 16..).unwrap_or(&[]).iter().map(|&b| b != 0).collect(),
        })
    }

    /// The same units with every offset moved from the document's cleaned
    /// text (in bytes) to its original text in code points — what Python
    /// slices with `text[start:end]`.
    pub fn in_original_chars(&self, doc: &Document) -> Units {
        let original = doc.original();
        // Byte offset of each char start, and the end: byte → char by binary search.
        let bounds: Vec<u32> =
            original.char_indices().map(|(i, _)| i as u32).chain(std::iter::once(original.len() as u32)).collect();
        let chars = |byte: u32| bounds.partition_point(|&b| b < byte) as u32;
        let spans = self
            .spans
            .iter()
            .map(|&s| {
                let o = doc.original_span(s);
                Span { start: chars(o.start), end: chars(o.end) }
            })
            .collect();
        let ends = self.ends.iter().map(|&e| chars(doc.offsets.end_to_original(e))).collect();
        Units { keys: self.keys.clone(), spans, ends, sentence_start: self.sentence_start.clone() }
    }
}

/// Mixes 64 bits (splitmix64's finaliser): deterministic on every platform.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The hash of every `n`-gram of `keys`, in order (`keys.len() - n + 1` of them).
pub fn shingles(keys: &[u32], n: usize) -> Vec<u64> {
    if n == 0 {
        return Vec::new();
    }
    keys.windows(n)
        .map(|w| mix(w.iter().fold(n as u64, |h, &k| (h.rotate_left(23) ^ u64::from(k)).wrapping_mul(0x9e37_79b9_7f4a_7c15))))
        .collect()
}

/// Winnowing (Schleimer, Wilkerson & Aiken 2003): the smallest hash of every
/// window of `w` consecutive shingles, rightmost on ties, each position once.
/// Any run of at least `w + n - 1` units shared by two documents yields at
/// least one common fingerprint. Returns `(hash, shingle position)`.
pub fn winnow(hashes: &[u64], w: usize) -> Vec<(u64, u32)> {
    let w = w.max(1);
    let mut out: Vec<(u64, u32)> = Vec::with_capacity(hashes.len() * 2 / (w + 1) + 1);
    if hashes.is_empty() {
        return out;
    }
    let windows = hashes.len().saturating_sub(w) + 1;
    let mut last: Option<usize> = None;
    for start in 0..windows {
        let end = (start + w).min(hashes.len());
        let mut best = start;
        for i in start..end {
            if hashes.get(i) <= hashes.get(best) {
                best = i;
            }
        }
        if last != Some(best) {
            if let Some(&h) = hashes.get(best) {
                out.push((h, best as u32));
            }
            last = Some(best);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Corpus;

    fn doc_units(text: &str) -> (Corpus, Units) {
        let mut c = Corpus::new();
        assert!(c.add_document("a", text.as_bytes()).is_ok());
        let u = Units::of(&c.stored_documents()[0], c.vocabulary());
        (c, u)
    }

    #[test]
    fn han_runs_become_characters_and_words_stay_words() {
        let text = "习近平同普京会谈。Hello, World 42!";
        let (_c, u) = doc_units(text);
        let pieces: Vec<&str> = u.spans.iter().map(|s| s.slice(text)).collect();
        assert_eq!(pieces, vec!["习", "近", "平", "同", "普", "京", "会", "谈", "Hello", "World", "42"]);
        assert_eq!(u.keys[0], '习' as u32 | HAN_BIT);
        // A stretch ending in 谈 takes the full stop; one ending in World does not take the space.
        assert_eq!(u.span(6, 8, text.len()).slice(text), "会谈。");
        assert_eq!(u.span(8, 10, text.len()).slice(text), "Hello, World");
        assert_eq!(u.span(10, 11, text.len()).slice(text), "42!");
        assert_eq!(u.span(3, 3, text.len()), Span::new(9, 9));
        let starts: Vec<&str> = (0..u.len()).filter(|&i| u.is_sentence_start(i)).map(|i| pieces[i]).collect();
        assert_eq!(starts, vec!["习", "Hello"]);
        assert!(u.is_sentence_start(u.len()), "the end of the text ends a sentence");
    }

    #[test]
    fn case_and_punctuation_do_not_change_units() {
        let (_a, ua) = doc_units("The cat, sat.\nOn the mat");
        let (_b, ub) = doc_units("the cat sat on\n\nthe mat!");
        // Two corpora, two vocabularies: the keys are still equal.
        assert_eq!(ua.keys, ub.keys);
        assert_eq!(ua.len(), 6);
        assert_eq!(ua.keys[0], term_key("the"));
        assert_ne!(term_key("the"), term_key("cat"));
    }

    #[test]
    fn winnowing_guarantee_holds_for_shared_runs() {
        // Two key sequences sharing a run of 30 keys in different places.
        let shared: Vec<u32> = (100..130).collect();
        let a: Vec<u32> = (0..50).chain(shared.iter().copied()).chain(200..220).collect();
        let b: Vec<u32> = (500..510).chain(shared.iter().copied()).chain(600..690).collect();
        let (n, w) = (5, 8);
        let fa = winnow(&shingles(&a, n), w);
        let fb = winnow(&shingles(&b, n), w);
        let common = fa.iter().filter(|(h, _)| fb.iter().any(|(g, _)| g == h)).count();
        // 30 shared units hold 26 shingles: at least floor(26 / 8) = 3 full windows.
        assert!(common >= 3, "only {common} common fingerprints");
        // Fingerprints are strictly increasing in position and a fraction of all shingles.
        assert!(fa.windows(2).all(|p| p[0].1 < p[1].1));
        assert!(fa.len() < shingles(&a, n).len() / 2);
    }

    #[test]
    fn edge_cases() {
        assert!(shingles(&[1, 2], 3).is_empty());
        assert!(shingles(&[1, 2], 0).is_empty());
        assert_eq!(winnow(&[], 4), vec![]);
        assert_eq!(winnow(&[7, 3, 9], 4), vec![(3, 1)]);
        assert_eq!(winnow(&[5, 5], 1), vec![(5, 0), (5, 1)]);
    }
}
