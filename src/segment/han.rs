//! Chinese word segmentation of Han runs with jieba-rs.
//!
//! The dictionary is jieba's own `dict.txt` (MIT), embedded in the binary and
//! parsed when the segmenter is built. Unknown words (names such as 呼日勒苏赫)
//! go through jieba's built-in HMM.

use super::{RawToken, TokenKind};
use crate::span::Span;
use jieba_rs::Jieba;

const DICT: &str = include_str!("../../data/jieba/dict.txt");

/// Segments runs of Han characters into words.
pub struct HanSegmenter {
    jieba: Jieba,
}

impl HanSegmenter {
    /// A segmenter with the built-in dictionary.
    pub fn new() -> HanSegmenter {
        let mut reader = DICT.as_bytes();
        // The embedded dictionary is fixed at build time and checked by a test,
        // so a parse failure cannot come from user input; fall back to an empty
        // dictionary (HMM only) rather than panic.
        let jieba = Jieba::with_dict(&mut reader).unwrap_or_else(|_| Jieba::empty());
        HanSegmenter { jieba }
    }

    /// Appends the words of the Han run `run` (which starts at byte `base` of the
    /// document) to `out`.
    pub fn cut(&self, run: &str, base: usize, out: &mut Vec<RawToken>) {
        for token in self.jieba.cut(run, true) {
            out.push(RawToken {
                span: Span::new(base + token.byte_start, base + token.byte_end),
                kind: TokenKind::Word,
            });
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
