//! The Chinese dictionary: a static double-array trie built by `build.rs` (no
//! parsing at start-up) plus the words added at run time (user dictionary,
//! discovered terms).
//!
//! Static layout (little endian, see build.rs): slot count `m: u32`, total
//! frequency `u64`, the count `k: u32` of distinct (frequency, tag class) pairs
//! and those pairs (`k` frequencies, `u32`, then `k` tags, `u8`), then `m` bases
//! (`u32`), `m` checks (`u16`: the slot's label) and `m` word ids (`u16`: 0 or
//! 1 + a pair). The logarithms of the `k` frequencies are taken once, when a
//! [`Lexicon`] is made. The child of the node in slot `s` along a character with
//! label `c` is the slot `t = base[s] + c` if `check[t] == c` (a double array):
//! three loads per character (label, base, check), where a binary search among
//! the hundreds of children of a first character took up to ten. Labels are
//! looked up by code point below `0xA000` (`LABELS`), by binary search above it
//! (`EXTRA`).

use std::collections::HashMap;

static DICT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/dict.bin"));

mod labels {
    include!(concat!(env!("OUT_DIR"), "/trie.rs"));
}
use labels::{EXTRA, LABELS};

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

/// The `i`-th `u32` of `b`. Checked arithmetic: on wasm32 `usize` is 32 bits, and a
/// leaf's base plus a label (past the array on purpose) times 4 would wrap around.
fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    let s = i.checked_mul(4)?;
    b.get(s..s.checked_add(4)?).and_then(|s| s.try_into().ok()).map(u32::from_le_bytes)
}

/// The `i`-th `u16` of `b` (checked as [`u32_at`]).
fn u16_at(b: &[u8], i: usize) -> Option<u16> {
    let s = i.checked_mul(2)?;
    b.get(s..s.checked_add(2)?).and_then(|s| s.try_into().ok()).map(u16::from_le_bytes)
}

/// The trie's label of `c` (0: no dictionary word has it).
#[inline]
fn label(c: char) -> u16 {
    match LABELS.get(c as usize) {
        Some(&l) => l,
        None => EXTRA.binary_search_by_key(&c, |&(e, _)| e).ok().and_then(|i| EXTRA.get(i)).map_or(0, |&(_, l)| l),
    }
}

struct Static {
    total: u64,
    /// The distinct (frequency, tag class) pairs of words: `k` frequencies (`u32`), `k` tags.
    freqs: &'static [u8],
    tags: &'static [u8],
    /// A `u32` a slot: its base.
    bases: &'static [u8],
    /// A `u16` a slot: its label (0: free). A failed step reads only this array.
    checks: &'static [u8],
    /// A `u16` a slot: 0, or 1 + the pair of the word ending there.
    word_ids: &'static [u8],
}

impl Static {
    fn load() -> Static {
        let m = u32_at(DICT, 0).unwrap_or(0) as usize;
        let total = DICT.get(4..12).and_then(|s| s.try_into().ok()).map_or(0, u64::from_le_bytes);
        let k = u32_at(DICT, 3).unwrap_or(0) as usize;
        let mut pos = 16;
        let mut take = |len: usize| {
            let s = DICT.get(pos..pos + len).unwrap_or(&[]);
            pos += len;
            s
        };
        let freqs = take(k * 4);
        let tags = take(k);
        let bases = take(m * 4);
        let checks = take(m * 2);
        let word_ids = take(m * 2);
        Static { total, freqs, tags, bases, checks, word_ids }
    }

    /// The slot of the child of the node in slot `s` along `c`.
    #[inline]
    fn child(&self, s: u32, c: char) -> Option<u32> {
        let label = label(c);
        let t = u32_at(self.bases, s as usize)?.wrapping_add(u32::from(label));
        (label != 0 && u16_at(self.checks, t as usize) == Some(label)).then_some(t)
    }

    /// The pair index of the word ending in slot `t`, if one does.
    #[inline]
    fn word_id(&self, t: u32) -> Option<usize> {
        u16_at(self.word_ids, t as usize).and_then(|id| id.checked_sub(1)).map(usize::from)
    }

    /// Frequency and tag class if a word ends in slot `t`.
    #[inline]
    fn word(&self, t: u32) -> Option<(u32, u8)> {
        let i = self.word_id(t)?;
        Some((u32_at(self.freqs, i).unwrap_or(0), self.tags.get(i).copied().unwrap_or(0)))
    }

    fn find(&self, word: &str) -> Option<(u32, u8)> {
        let mut at = 0;
        for c in word.chars() {
            at = self.child(at, c)?;
        }
        self.word(at)
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
    /// The natural logarithm of the frequency of each static word pair.
    log_freqs: Vec<f64>,
}

impl Lexicon {
    pub fn new() -> Lexicon {
        let stat = Static::load();
        let total = stat.total;
        let log_freqs = (0..stat.tags.len()).map(|i| f64::from(u32_at(stat.freqs, i).unwrap_or(0)).ln()).collect();
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
        let mut at = 0;
        for &c in word {
            at = self.stat.child(at, c)?;
        }
        self.stat.word(at).map(|(f, t)| (u64::from(f), t))
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
        // The slot of chars[i..=j] in the trie while it is a prefix of a word.
        let mut at = Some(0);
        for (j, &c) in chars.iter().enumerate().skip(i) {
            let len = j + 1 - i;
            at = at.and_then(|s| self.stat.child(s, c));
            if at.is_none() && len > added_max {
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
            } else if let Some(id) = at.and_then(|t| self.stat.word_id(t)) {
                let log_freq = self.log_freqs.get(id).copied().unwrap_or(0.0);
                let tag = self.stat.tags.get(id).copied().unwrap_or(0);
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

    /// An index whose byte offset does not fit a `usize` is out of range, not wrapped
    /// around (on wasm32, a leaf's base plus a label times 4 would otherwise land on a
    /// real slot and give every leaf the root's children).
    #[test]
    fn offsets_do_not_wrap() {
        let b = [1u8, 0, 2, 0];
        assert_eq!(u16_at(&b, 1), Some(2));
        assert_eq!(u16_at(&b, usize::MAX / 2 + 1), None);
        assert_eq!(u32_at(&b, 0), Some(0x0002_0001));
        assert_eq!(u32_at(&b, usize::MAX / 4 + 1), None);
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

    /// Every word of jieba's dictionary is found with its frequency and tag class, and
    /// no proper prefix that is not itself a word is: the double array loses and invents
    /// nothing (a slot shared by two parents, or a leaf's base landing in the array,
    /// would show here).
    #[test]
    fn every_dictionary_word_and_nothing_else() {
        let lex = Lexicon::new();
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/jieba/dict.txt")).unwrap_or_default();
        let mut words: HashMap<&str, (u64, u8)> = HashMap::new();
        for line in text.lines() {
            let mut it = line.split_whitespace();
            let (Some(w), Some(f)) = (it.next(), it.next()) else { continue };
            let tag = match it.next().unwrap_or("") {
                "i" => TAG_IDIOM,
                "l" => TAG_FIXED,
                "nr" | "nrt" | "nrfg" => TAG_NAME,
                "nt" => TAG_ORG,
                "ns" => TAG_PLACE,
                _ => NO_NAME_TAG,
            };
            let f: u64 = f.parse().unwrap_or(0);
            words.entry(w).and_modify(|e| e.0 = f).or_insert((f, tag));
        }
        assert!(words.len() > 190_000, "{}", words.len());
        for (w, &want) in &words {
            assert_eq!(lex.get(w), Some(want), "{w}");
            let chars: Vec<char> = w.chars().collect();
            assert_eq!(lex.get_chars(&chars), Some(want), "{w}");
            for (k, _) in w.char_indices().skip(1) {
                let prefix = &w[..k];
                if !words.contains_key(prefix) && !cfg!(feature = "cedict") {
                    assert_eq!(lex.get(prefix), None, "{prefix}");
                }
            }
        }
        for absent in ["", "𠀀", "上海合作组织x", "龘龘"] {
            assert_eq!(lex.get(absent), None, "{absent}");
        }
    }
}
