//! The Chinese dictionary: a static table built by `build.rs` (no parsing at
//! start-up) plus the words added at run time (user dictionary, discovered
//! terms).
//!
//! Static layout (little endian): word count `n: u32`, total frequency `u64`,
//! first-character index (`m: u32`, then `m × (char, lo, hi)`), `n + 1` word
//! offsets `u32`, `n` frequencies `u32`, `n` tag classes `u8`, then the words'
//! UTF-8 bytes, sorted bytewise (so in code-point order). All words starting
//! with a given prefix form one contiguous range, which is how
//! [`Lexicon::for_each_prefix`] walks it like a trie: it narrows the range
//! one character at a time with two binary searches.

use std::collections::HashMap;

static DICT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/dict.bin"));

mod first_index {
    include!(concat!(env!("OUT_DIR"), "/first.rs"));
}
use first_index::{FIRST_BMP, FIRST_BMP_FROM};

/// A dictionary word found in text: where it ends (char index) and its log-frequency.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Match {
    pub end: usize,
    pub log_freq: f64,
    pub tag: u8,
}

/// Tag classes of the dictionary (see build.rs).
pub(super) const TAG_IDIOM: u8 = 1;
pub(super) const TAG_FIXED: u8 = 2;
pub(super) const TAG_NAME: u8 = 3;
pub(super) const TAG_ORG: u8 = 4;
/// Words added at run time: never split by the refinement rules.
pub(super) const TAG_USER: u8 = 9;

struct Static {
    n: usize,
    total: u64,
    first: &'static [u8],
    offsets: &'static [u8],
    freqs: &'static [u8],
    tags: &'static [u8],
    words: &'static [u8],
}

/// Up to four bytes packed big-endian (shorter slices padded with zeros).
fn pack(bytes: &[u8]) -> u32 {
    let mut v = 0u32;
    for k in 0..4 {
        v = (v << 8) | u32::from(bytes.get(k).copied().unwrap_or(0));
    }
    v
}

fn u32_at(b: &[u8], i: usize) -> u32 {
    b.get(i..i + 4).and_then(|s| s.try_into().ok()).map_or(0, u32::from_le_bytes)
}

impl Static {
    fn load() -> Static {
        let n = u32_at(DICT, 0) as usize;
        let total = DICT.get(4..12).and_then(|s| s.try_into().ok()).map_or(0, u64::from_le_bytes);
        let m = u32_at(DICT, 12) as usize;
        let mut pos = 16;
        let mut take = |len: usize| {
            let s = DICT.get(pos..pos + len).unwrap_or(&[]);
            pos += len;
            s
        };
        let first = take(m * 12);
        let offsets = take((n + 1) * 4);
        let freqs = take(n * 4);
        let tags = take(n);
        let words = DICT.get(pos..).unwrap_or(&[]);
        Static { n, total, first, offsets, freqs, tags, words }
    }

    fn word(&self, i: usize) -> &'static [u8] {
        let (s, e) = (u32_at(self.offsets, i * 4) as usize, u32_at(self.offsets, i * 4 + 4) as usize);
        self.words.get(s..e).unwrap_or(&[])
    }

    fn freq(&self, i: usize) -> u32 {
        u32_at(self.freqs, i * 4)
    }

    /// The range of words starting with character `c`.
    fn first_range(&self, c: char) -> (usize, usize) {
        let m = self.first.len() / 12;
        let u = c as u32;
        let lo = match FIRST_BMP.get(u.wrapping_sub(FIRST_BMP_FROM) as usize) {
            // Direct index for the Han blocks: the entry's position, or none.
            Some(&k) if k == u16::MAX => return (0, 0),
            Some(&k) => usize::from(k),
            None => {
                let (mut lo, mut hi) = (0, m);
                while lo < hi {
                    let mid = (lo + hi) / 2;
                    if u32_at(self.first, mid * 12) < u {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
                lo
            }
        };
        if lo < m && u32_at(self.first, lo * 12) == u {
            (u32_at(self.first, lo * 12 + 4) as usize, u32_at(self.first, lo * 12 + 8) as usize)
        } else {
            (0, 0)
        }
    }

    /// Narrows `lo..hi` (words sharing their first `depth` bytes) to those whose
    /// next character is `c` (its UTF-8 bytes packed big-endian into a `u32`,
    /// so integer order is byte order).
    fn narrow(&self, lo: usize, hi: usize, depth: usize, c: u32, clen: usize) -> (usize, usize) {
        let key = |i: usize| -> u32 {
            let s = u32_at(self.offsets, i * 4) as usize + depth;
            let e = u32_at(self.offsets, i * 4 + 4) as usize;
            if e <= s {
                return 0;
            }
            pack(self.words.get(s..(s + clen).min(e)).unwrap_or(&[]))
        };
        let (mut a, mut b) = (lo, hi);
        while a < b {
            let mid = (a + b) / 2;
            if key(mid) < c {
                a = mid + 1;
            } else {
                b = mid;
            }
        }
        let start = a;
        let mut b = hi;
        while a < b {
            let mid = (a + b) / 2;
            if key(mid) <= c {
                a = mid + 1;
            } else {
                b = mid;
            }
        }
        (start, a)
    }

    fn find(&self, word: &str) -> Option<usize> {
        let bytes = word.as_bytes();
        let (mut lo, mut hi) = (0, self.n);
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.word(mid).cmp(bytes) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }
}

/// The dictionary a [`super::HanSegmenter`] uses.
pub(super) struct Lexicon {
    stat: Static,
    /// Words added at run time: frequency (replacing a static one) and tag.
    added: HashMap<String, (u64, u8)>,
    /// First characters of added words, with the longest added word in chars.
    added_first: HashMap<char, usize>,
    total: u64,
    log_total: f64,
}

impl Lexicon {
    pub fn new() -> Lexicon {
        let stat = Static::load();
        let total = stat.total;
        Lexicon { stat, added: HashMap::new(), added_first: HashMap::new(), total, log_total: (total.max(1) as f64).ln() }
    }

    pub fn log_total(&self) -> f64 {
        self.log_total
    }

    pub fn len(&self) -> usize {
        self.stat.n + self.added.keys().filter(|w| self.stat.find(w).is_none()).count()
    }

    /// Frequency and tag class of `word`, if it is a word.
    pub fn get(&self, word: &str) -> Option<(u64, u8)> {
        if let Some(&(f, t)) = self.added.get(word) {
            return Some((f, t));
        }
        let i = self.stat.find(word)?;
        Some((u64::from(self.stat.freq(i)), self.stat.tags.get(i).copied().unwrap_or(0)))
    }

    /// Adds or re-weights a word; it is then tagged as a user word.
    pub fn add(&mut self, word: &str, freq: u64) {
        if word.is_empty() {
            return;
        }
        let old = self.get(word).map_or(0, |(f, _)| f);
        self.total = self.total.saturating_sub(old).saturating_add(freq);
        self.log_total = (self.total.max(1) as f64).ln();
        self.added.insert(word.to_owned(), (freq, TAG_USER));
        if let Some(c) = word.chars().next() {
            let n = word.chars().count();
            let e = self.added_first.entry(c).or_insert(0);
            *e = (*e).max(n);
        }
    }

    /// Calls `f(match)` for every dictionary word starting at char `i` of
    /// `chars` (whose byte offsets in `text` are `offsets`, with one more at
    /// the end). Added words override static ones of the same text.
    pub fn for_each_prefix(&self, text: &str, offsets: &[usize], i: usize, mut f: impl FnMut(Match)) {
        let Some(&start) = offsets.get(i) else { return };
        let Some(c) = text.get(start..).and_then(|s| s.chars().next()) else { return };
        let n = offsets.len().saturating_sub(1);
        let added_max = self.added_first.get(&c).copied().unwrap_or(0);
        let (mut lo, mut hi) = self.stat.first_range(c);
        let mut j = i + 1;
        loop {
            let end_byte = offsets.get(j).copied().unwrap_or(text.len());
            let depth_end = end_byte - start;
            if lo < hi {
                // The first word of the range is the prefix itself when it is a word.
                let w = self.stat.word(lo);
                if w.len() == depth_end {
                    let word = text.get(start..end_byte).unwrap_or("");
                    if !self.added.contains_key(word) {
                        let tag = self.stat.tags.get(lo).copied().unwrap_or(0);
                        f(Match { end: j, log_freq: (f64::from(self.stat.freq(lo))).ln(), tag });
                    }
                }
            }
            if added_max >= j - i {
                if let Some(word) = text.get(start..end_byte) {
                    if let Some(&(freq, _)) = self.added.get(word) {
                        f(Match { end: j, log_freq: (freq as f64).ln(), tag: TAG_USER });
                    }
                }
            }
            if j >= n || (lo >= hi && added_max <= j - i) {
                break;
            }
            if lo < hi {
                let next_end = offsets.get(j + 1).copied().unwrap_or(text.len());
                let c_bytes = text.as_bytes().get(end_byte..next_end).unwrap_or(&[]);
                let (a, b) = self.stat.narrow(lo, hi, depth_end, pack(c_bytes), c_bytes.len());
                lo = a;
                hi = b;
            }
            j += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prefixes(lex: &Lexicon, text: &str, i: usize) -> Vec<String> {
        let offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let mut out = Vec::new();
        lex.for_each_prefix(text, &offsets, i, |m| {
            out.push(text.get(offsets[i]..offsets[m.end]).unwrap_or("").to_owned());
        });
        out
    }

    #[test]
    fn prefixes_walk_like_a_trie() {
        let lex = Lexicon::new();
        assert_eq!(prefixes(&lex, "说什么脂正浓", 1), ["什", "什么"]);
        assert_eq!(prefixes(&lex, "上海合作组织", 0), ["上", "上海"]);
        assert_eq!(prefixes(&lex, "中华人民共和国成立", 0), ["中", "中华", "中华人民共和国"]);
        assert!(prefixes(&lex, "𠀀", 0).is_empty());
    }
}
