//! The Chinese dictionary: a static character trie built by `build.rs` (no
//! parsing at start-up) plus the words added at run time (user dictionary,
//! discovered terms).
//!
//! Static layout (little endian, see build.rs): node count `n: u32`, total
//! frequency `u64`, the count `k: u32` of distinct frequencies and those `k`
//! frequencies (`u32`), then `n + 1` first-child ids, `n` edge characters, `n`
//! frequency ids (`u16`, into the `k`) and `n` flags (`u8`: `0x80` = a word ends
//! here, low bits = tag class). The logarithms of the `k` frequencies are taken
//! once, when a [`Lexicon`] is made. Nodes are numbered breadth first, so the children of
//! node `k` are the nodes `first[k]..first[k + 1]`, sorted by character: a
//! child is found by binary search, and the root's children of the Han
//! blocks through a direct table.

use std::collections::HashMap;

static DICT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/dict.bin"));

mod root_index {
    include!(concat!(env!("OUT_DIR"), "/first.rs"));
}
use root_index::{ROOT, ROOT_FROM};

/// A dictionary word found in text: where it ends (char index), its
/// log-frequency and tag class.
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
pub(super) const TAG_PLACE: u8 = 5;
/// Words of jieba's dictionary that are not names, idioms or fixed expressions.
pub(super) const NO_NAME_TAG: u8 = 0;
/// Words added at run time: never split by the refinement rules.
pub(super) const TAG_USER: u8 = 9;

const WORD: u8 = 0x80;

fn u32_at(b: &[u8], i: usize) -> u32 {
    b.get(i * 4..i * 4 + 4).and_then(|s| s.try_into().ok()).map_or(0, u32::from_le_bytes)
}

fn u16_at(b: &[u8], i: usize) -> u16 {
    b.get(i * 2..i * 2 + 2).and_then(|s| s.try_into().ok()).map_or(0, u16::from_le_bytes)
}

/// A Bloom filter (one hash) over the two-character prefixes of the dictionary: most
/// character pairs of a text start no word, and one bit in 128 KB says so before a
/// binary search over the hundreds of children of a first character.
struct Pairs {
    bits: Vec<u64>,
}

const PAIR_BITS: u32 = 20;

impl Pairs {
    #[inline]
    fn bit(a: char, b: char) -> usize {
        let key = u64::from(a as u32) << 21 | u64::from(b as u32);
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - PAIR_BITS)) as usize
    }

    fn build(first: &[u8], chars: &[u8]) -> Pairs {
        let mut bits = vec![0u64; (1 << PAIR_BITS) / 64];
        for k in u32_at(first, 0)..u32_at(first, 1) {
            let a = char::from_u32(u32_at(chars, k as usize)).unwrap_or('\0');
            for child in u32_at(first, k as usize)..u32_at(first, k as usize + 1) {
                let b = char::from_u32(u32_at(chars, child as usize)).unwrap_or('\0');
                let i = Pairs::bit(a, b);
                if let Some(w) = bits.get_mut(i / 64) {
                    *w |= 1 << (i % 64);
                }
            }
        }
        Pairs { bits }
    }

    /// False when no dictionary word starts with `a` `b`; true when one may.
    #[inline]
    fn may_start(&self, a: char, b: char) -> bool {
        let i = Pairs::bit(a, b);
        self.bits.get(i / 64).is_some_and(|w| w >> (i % 64) & 1 == 1)
    }
}

struct Static {
    pairs: &'static Pairs,
    total: u64,
    /// The distinct frequencies, ascending.
    distinct: &'static [u8],
    first: &'static [u8],
    chars: &'static [u8],
    freq_ids: &'static [u8],
    flags: &'static [u8],
}

impl Static {
    fn load() -> Static {
        let n = u32_at(DICT, 0) as usize;
        let total = DICT.get(4..12).and_then(|s| s.try_into().ok()).map_or(0, u64::from_le_bytes);
        let k = DICT.get(12..16).and_then(|s| s.try_into().ok()).map_or(0, u32::from_le_bytes) as usize;
        let mut pos = 16;
        let mut take = |len: usize| {
            let s = DICT.get(pos..pos + len).unwrap_or(&[]);
            pos += len;
            s
        };
        let distinct = take(k * 4);
        let first = take((n + 1) * 4);
        let chars = take(n * 4);
        let freq_ids = take(n * 2);
        let flags = take(n);
        static PAIRS: std::sync::OnceLock<Pairs> = std::sync::OnceLock::new();
        let pairs = PAIRS.get_or_init(|| Pairs::build(first, chars));
        Static { pairs, total, distinct, first, chars, freq_ids, flags }
    }

    /// Frequency id and tag class if a word ends at `node`.
    #[inline]
    fn word_id(&self, node: u32) -> Option<(u16, u8)> {
        let flags = self.flags.get(node as usize).copied().unwrap_or(0);
        (node != 0 && flags & WORD != 0).then(|| (u16_at(self.freq_ids, node as usize), flags & !WORD))
    }

    /// The child of `node` along `c` (0 = none; the root is never a child).
    #[inline]
    fn child(&self, node: u32, c: char) -> u32 {
        let u = c as u32;
        if node == 0 {
            if let Some(&id) = ROOT.get(u.wrapping_sub(ROOT_FROM) as usize) {
                return id;
            }
        }
        let (mut lo, mut hi) = (u32_at(self.first, node as usize), u32_at(self.first, node as usize + 1));
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let m = u32_at(self.chars, mid as usize);
            if m < u {
                lo = mid + 1;
            } else if m > u {
                hi = mid;
            } else {
                return mid;
            }
        }
        0
    }

    /// Frequency and tag class if a word ends at `node`.
    #[inline]
    fn word(&self, node: u32) -> Option<(u32, u8)> {
        self.word_id(node).map(|(id, tag)| (u32_at(self.distinct, usize::from(id)), tag))
    }

    fn find(&self, word: &str) -> Option<(u32, u8)> {
        let mut node = 0;
        for c in word.chars() {
            node = self.child(node, c);
            if node == 0 {
                return None;
            }
        }
        self.word(node)
    }
}

/// The dictionary a [`super::han::HanSegmenter`] uses.
pub(super) struct Lexicon {
    stat: Static,
    /// Words added at run time: frequency (replacing a static one) and tag.
    added: HashMap<String, (u64, u8)>,
    /// First characters of added words, with the longest added word in chars.
    added_first: HashMap<char, usize>,
    total: u64,
    log_total: f64,
    /// The natural logarithm of each distinct static frequency, by frequency id.
    log_freqs: Vec<f64>,
}

impl Lexicon {
    pub fn new() -> Lexicon {
        let stat = Static::load();
        let total = stat.total;
        let log_freqs = (0..stat.distinct.len() / 4).map(|i| f64::from(u32_at(stat.distinct, i)).ln()).collect();
        Lexicon {
            stat,
            added: HashMap::new(),
            added_first: HashMap::new(),
            total,
            log_total: (total.max(1) as f64).ln(),
            log_freqs,
        }
    }

    pub fn log_total(&self) -> f64 {
        self.log_total
    }

    /// Frequency and tag class of `word`, if it is a word.
    pub fn get(&self, word: &str) -> Option<(u64, u8)> {
        if !self.added.is_empty() {
            if let Some(&(f, t)) = self.added.get(word) {
                return Some((f, t));
            }
        }
        self.stat.find(word).map(|(f, t)| (u64::from(f), t))
    }

    /// [`Self::get`] for a word given as characters.
    pub fn get_chars(&self, word: &[char]) -> Option<(u64, u8)> {
        if !self.added.is_empty() {
            return self.get(&word.iter().collect::<String>());
        }
        let mut node = 0;
        for &c in word {
            node = self.stat.child(node, c);
            if node == 0 {
                return None;
            }
        }
        self.stat.word(node).map(|(f, t)| (u64::from(f), t))
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
    /// `chars` (`text` decoded; `offsets` their byte offsets in `text`, one
    /// more at the end), shortest first. Added words override static ones.
    pub fn for_each_prefix(&self, text: &str, chars: &[char], offsets: &[usize], i: usize, mut f: impl FnMut(Match)) {
        let Some(&c0) = chars.get(i) else { return };
        let added_max = if self.added_first.is_empty() { 0 } else { self.added_first.get(&c0).copied().unwrap_or(0) };
        let mut node = 0u32;
        for (j, &c) in chars.iter().enumerate().skip(i) {
            let len = j + 1 - i;
            if len == 2 && node != 0 && !self.stat.pairs.may_start(c0, c) {
                node = 0;
            } else if node != 0 || len == 1 {
                node = self.stat.child(node, c);
            }
            if node == 0 && len > added_max {
                break;
            }
            let added = if len <= added_max {
                match (offsets.get(i), offsets.get(j + 1)) {
                    (Some(&s), Some(&e)) => text.get(s..e).and_then(|w| self.added.get(w)).copied(),
                    _ => None,
                }
            } else {
                None
            };
            if let Some((freq, tag)) = added {
                f(Match { end: j + 1, log_freq: (freq as f64).ln(), tag });
            } else if let Some((id, tag)) = self.stat.word_id(node) {
                let log_freq = self.log_freqs.get(usize::from(id)).copied().unwrap_or(0.0);
                f(Match { end: j + 1, log_freq, tag });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prefixes(lex: &Lexicon, text: &str, i: usize) -> Vec<String> {
        let offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let mut out = Vec::new();
        let chars: Vec<char> = text.chars().collect();
        lex.for_each_prefix(text, &chars, &offsets, i, |m| {
            out.push(text.get(offsets[i]..offsets[m.end]).unwrap_or("").to_owned());
        });
        out
    }

    #[test]
    fn prefixes_walk_like_a_trie() {
        let lex = Lexicon::new();
        assert_eq!(prefixes(&lex, "说什么脂正浓", 1), ["什", "什么"]);
        let sco: &[&str] = if cfg!(feature = "cedict") { &["上", "上海", "上海合作组织"] } else { &["上", "上海"] };
        assert_eq!(prefixes(&lex, "上海合作组织", 0), sco);
        assert_eq!(prefixes(&lex, "中华人民共和国成立", 0), ["中", "中华", "中华人民共和国"]);
        assert!(prefixes(&lex, "𠀀", 0).is_empty());
    }
}
