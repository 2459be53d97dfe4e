//! Comparison units, shingle hashes and winnowed fingerprints.
//!
//! A document becomes a sequence of *units*: one per word or number outside Han
//! runs (its interned, case-folded term), one per Han character inside Han runs.
//! Han characters rather than jieba words make matching independent of how a
//! sentence happened to be segmented (an edit next to a word can change the cut
//! of its neighbours). Punctuation and white space are not units, so re-wrapped
//! lines and full/half-width punctuation do not break a match.

use crate::corpus::Document;
use crate::segment::{is_han, TokenKind};
use crate::span::Span;

/// Bit set on the key of a Han character, so it never collides with a term id.
const HAN_BIT: u32 = 0x8000_0000;

/// The comparison units of one document.
#[derive(Clone, Debug, Default)]
pub(crate) struct Units {
    /// One key per unit: a term id, or a Han code point with [`HAN_BIT`] set.
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
    pub fn of(doc: &Document) -> Units {
        let mut units = Units::default();
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
                    units.keys.push(if is_han(c) { c as u32 | HAN_BIT } else { token.term.0 & !HAN_BIT });
                    units.spans.push(Span::new(base + i, base + i + c.len_utf8()));
                    units.ends.push((base + i + c.len_utf8()) as u32);
                }
            } else {
                units.keys.push(token.term.0 & !HAN_BIT);
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

    /// The byte span covering units `start..end` and the punctuation right
    /// after the last one (empty at `start` if the range is empty).
    pub fn span(&self, start: usize, end: usize, text_len: usize) -> Span {
        let s = self.spans.get(start).map_or(text_len as u32, |s| s.start);
        let e = if end > start { self.ends.get(end - 1).copied().unwrap_or(s) } else { s };
        Span { start: s, end: e }
    }
}

/// Mixes 64 bits (splitmix64's finaliser): deterministic on every platform.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The hash of every `n`-gram of `keys`, in order (`keys.len() - n + 1` of them).
pub(crate) fn shingles(keys: &[u32], n: usize) -> Vec<u64> {
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
pub(crate) fn winnow(hashes: &[u64], w: usize) -> Vec<(u64, u32)> {
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
        let u = Units::of(&c.documents()[0]);
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
        // Term ids come from different corpora, so compare the shape: equal keys at equal places.
        let same = |u: &Units| -> Vec<usize> { u.keys.iter().map(|k| u.keys.iter().position(|x| x == k).unwrap_or(0)).collect() };
        assert_eq!(same(&ua), same(&ub));
        assert_eq!(ua.len(), 6);
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
