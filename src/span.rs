//! Byte spans into a text, and their conversion to UTF-16 offsets for JS.

use serde::Serialize;

/// A half-open byte range `start..end` into a document's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    /// A span from `start` to `end` (byte offsets). Documents are limited far
    /// below 4 GiB, so the offsets fit in `u32`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start: start as u32, end: end as u32 }
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.end <= self.start
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The text under this span; empty if the span does not fit `text`.
    pub fn slice(self, text: &str) -> &str {
        text.get(self.range()).unwrap_or("")
    }
}

/// Converts byte offsets of one text to UTF-16 offsets, with a checkpoint
/// every [`Utf16Index::STEP`] characters so a lookup scans at most that many.
#[derive(Clone, Debug, Default)]
pub struct Utf16Index {
    /// `(byte, utf16)` at every STEP-th character boundary, starting at 0.
    checkpoints: Vec<(u32, u32)>,
}

impl Utf16Index {
    const STEP: usize = 64;

    pub fn new(text: &str) -> Utf16Index {
        let mut checkpoints = Vec::with_capacity(text.len() / Self::STEP + 1);
        let mut u16_pos = 0u32;
        for (n, (byte, c)) in text.char_indices().enumerate() {
            if n % Self::STEP == 0 {
                checkpoints.push((byte as u32, u16_pos));
            }
            u16_pos += c.len_utf16() as u32;
        }
        if checkpoints.is_empty() {
            checkpoints.push((0, 0));
        }
        Utf16Index { checkpoints }
    }

    /// The UTF-16 offset of byte offset `byte` in `text` (the text this index
    /// was built from). A byte inside a character counts from that character's start.
    pub fn to_utf16(&self, text: &str, byte: usize) -> usize {
        let byte = byte.min(text.len());
        let i = self.checkpoints.partition_point(|&(b, _)| b as usize <= byte).saturating_sub(1);
        let (mut b, mut u) = self.checkpoints.get(i).map_or((0, 0), |&(b, u)| (b as usize, u as usize));
        for c in text.get(b..).unwrap_or("").chars() {
            if b + c.len_utf8() > byte {
                break;
            }
            b += c.len_utf8();
            u += c.len_utf16();
        }
        u
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_offsets_match_a_direct_count() {
        let text = "a中😀b".repeat(100);
        let index = Utf16Index::new(&text);
        for (byte, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let expected: usize = text[..byte].chars().map(char::len_utf16).sum();
            assert_eq!(index.to_utf16(&text, byte), expected, "at byte {byte}");
        }
    }
}
