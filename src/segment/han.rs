//! Chinese word segmentation of Han runs with jieba-rs.
//!
//! The dictionary is jieba's own `dict.txt` (MIT), embedded in the binary and
//! parsed when the segmenter is built. Unknown words (names such as 呼日勒苏赫)
//! go through jieba's built-in HMM.

use super::{RawToken, TokenKind};
use crate::span::Span;
use super::refine::{self, RefineRules};
use jieba_rs::Jieba;

const DICT: &str = include_str!("../../data/jieba/dict.txt");

/// Part-of-speech tag of words added by the user or by term discovery: never
/// split by the refinement rules.
const USER_TAG: &str = "user";
/// Lowest frequency given to an added word without one, so it wins over the
/// dictionary words it overlaps in ordinary contexts.
const USER_MIN_FREQ: usize = 1000;

/// Segments runs of Han characters into words.
pub struct HanSegmenter {
    jieba: Jieba,
    rules: RefineRules,
}

impl HanSegmenter {
    /// A segmenter with the built-in dictionary.
    pub fn new() -> HanSegmenter {
        let mut reader = DICT.as_bytes();
        // The embedded dictionary is fixed at build time and checked by a test,
        // so a parse failure cannot come from user input; fall back to an empty
        // dictionary (HMM only) rather than panic.
        let jieba = Jieba::with_dict(&mut reader).unwrap_or_else(|_| Jieba::empty());
        HanSegmenter { jieba, rules: RefineRules::default() }
    }

    pub fn set_rules(&mut self, rules: RefineRules) {
        self.rules = rules;
    }

    /// Adds a word (user dictionary or discovered term) that is kept whole;
    /// returns the frequency it was given. Traditional words are added in
    /// their simplified form, which is what the dictionary sees.
    pub fn add_word(&mut self, word: &str, freq: Option<usize>) -> usize {
        let simplified = super::trad::simplify(word);
        let word = simplified.as_deref().unwrap_or(word);
        let freq = freq.unwrap_or_else(|| self.jieba.suggest_freq(word).max(USER_MIN_FREQ));
        self.jieba.add_word(word, Some(freq), Some(USER_TAG))
    }

    pub fn has_word(&self, word: &str) -> bool {
        match super::trad::simplify(word) {
            Some(simplified) => self.jieba.has_word(&simplified),
            None => self.jieba.has_word(word),
        }
    }

    /// Appends the words of the Han run `run` (which starts at byte `base` of the
    /// document) to `out`.
    pub fn cut(&self, run: &str, base: usize, out: &mut Vec<RawToken>) {
        // Traditional text is segmented in its simplified form, which has the
        // same number of characters: char indices map back through `offsets`.
        let simplified = super::trad::simplify(run);
        let text = simplified.as_deref().unwrap_or(run);
        let offsets: Vec<usize> = run.char_indices().map(|(i, _)| i).chain([run.len()]).collect();
        let mut chars: Vec<char> = Vec::new();
        let has_word = |w: &str| self.jieba.has_word(w);
        for tag in self.jieba.tag(text, true) {
            let mut start = tag.start;
            if tag.end - tag.start >= 2 && tag.tag != USER_TAG {
                chars.clear();
                chars.extend(tag.word.chars());
                for cut in refine::cuts(&chars, tag.tag, self.rules, &has_word) {
                    push(out, &offsets, base, start, tag.start + cut);
                    start = tag.start + cut;
                }
            }
            push(out, &offsets, base, start, tag.end);
        }
    }
}

fn push(out: &mut Vec<RawToken>, offsets: &[usize], base: usize, start: usize, end: usize) {
    if let (Some(&s), Some(&e)) = (offsets.get(start), offsets.get(end)) {
        if e > s {
            out.push(RawToken { span: Span::new(base + s, base + e), kind: TokenKind::Word });
        }
    }
}

impl Default for HanSegmenter {
    fn default() -> Self {
        HanSegmenter::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_dictionary_parses() {
        let mut reader = DICT.as_bytes();
        assert!(Jieba::with_dict(&mut reader).is_ok());
    }
}
