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

    /// The length in bytes; 0 for a reversed span.
    pub fn len(self) -> usize {
        self.end.saturating_sub(self.start) as usize
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

/// UTF-16 code units of the characters that start in `bytes` (UTF-8): one per
/// lead byte, one more for each 4-byte lead. Branch-free, so it vectorises —
/// much faster than decoding `chars()` one by one.
fn utf16_units(bytes: &[u8]) -> usize {
    bytes.iter().map(|&b| usize::from((b as i8) >= -0x40) + usize::from(b >= 0xF0)).sum()
}

/// The length of `text` in UTF-16 code units (JS string length), counted from its bytes.
pub fn utf16_len(text: &str) -> usize {
    utf16_units(text.as_bytes())
}

/// `byte` moved back to the start of the character it falls in (at most 3
/// steps), and clamped to the text.
fn floor_char_boundary(text: &str, byte: usize) -> usize {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    byte
}

/// Converts byte offsets of one text to UTF-16 offsets, with a checkpoint
/// every [`Utf16Index::STEP`] characters so a lookup counts at most that many.
#[derive(Clone, Debug, Default)]
pub struct Utf16Index {
    /// `(byte, utf16)` at every STEP-th character boundary, starting at 0.
    checkpoints: Vec<(u32, u32)>,
}

impl Utf16Index {
    /// Bytes held on the heap (capacity, not length): for the memory figures of #11.
    pub fn heap_bytes(&self) -> usize {
        self.checkpoints.capacity() * std::mem::size_of::<(u32, u32)>()
    }

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
        // Room was made for a checkpoint every STEP bytes; there is one every STEP
        // characters, a third of that in Chinese (#11: 1.1 → 0.4 MB at 9 MB).
        checkpoints.shrink_to_fit();
        Utf16Index { checkpoints }
    }

    /// The UTF-16 offset of byte offset `byte` in `text` (the text this index
    /// was built from). A byte inside a character counts from that character's start.
    pub fn to_utf16(&self, text: &str, byte: usize) -> usize {
        let byte = floor_char_boundary(text, byte);
        let i = self.checkpoints.partition_point(|&(b, _)| b as usize <= byte).saturating_sub(1);
        let (b, u) = self.checkpoints.get(i).map_or((0, 0), |&(b, u)| (b as usize, u as usize));
        u + text.as_bytes().get(b..byte).map_or(0, utf16_units)
    }

    /// The UTF-16 offsets of both ends of `span`: the end is counted on from
    /// the start, so a short span costs one lookup, not two.
    pub fn span_to_utf16(&self, text: &str, span: Span) -> (u32, u32) {
        let start = floor_char_boundary(text, span.start as usize);
        let end = floor_char_boundary(text, span.end as usize);
        let start16 = self.to_utf16(text, start);
        let end16 = if end >= start && end - start <= 4 * Self::STEP {
            start16 + text.as_bytes().get(start..end).map_or(0, utf16_units)
        } else {
            self.to_utf16(text, end)
        };
        (start16 as u32, end16 as u32)
    }
}

/// UTF-16 offsets of byte offsets that mostly come in increasing order (the
/// tokens of a text, the operations of a diff): each is counted on from the
/// previous one; an offset behind it falls back to the index.
pub struct Utf16Cursor<'t> {
    text: &'t str,
    index: &'t Utf16Index,
    byte: usize,
    utf16: usize,
}

impl<'t> Utf16Cursor<'t> {
    /// A cursor at the start of `text`.
    pub fn new(text: &'t str, index: &'t Utf16Index) -> Utf16Cursor<'t> {
        Utf16Cursor { text, index, byte: 0, utf16: 0 }
    }

    /// The UTF-16 offset of `byte` (a byte inside a character counts from its start).
    pub fn at(&mut self, byte: usize) -> usize {
        let byte = floor_char_boundary(self.text, byte);
        match self.text.as_bytes().get(self.byte..byte) {
            // Counting on is cheaper than a lookup unless the gap is long.
            Some(gap) if gap.len() <= 16 * Utf16Index::STEP => self.utf16 += utf16_units(gap),
            _ => self.utf16 = self.index.to_utf16(self.text, byte),
        }
        self.byte = byte;
        self.utf16
    }

    /// The UTF-16 offsets of both ends of `span`.
    pub fn span(&mut self, span: Span) -> (u32, u32) {
        let start16 = self.at(span.start as usize) as u32;
        (start16, self.at(span.end as usize) as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn direct(text: &str, byte: usize) -> usize {
        text.char_indices().take_while(|&(b, c)| b + c.len_utf8() <= byte).map(|(_, c)| c.len_utf16()).sum()
    }

    #[test]
    fn utf16_offsets_match_a_direct_count() {
        let text = "a中😀b".repeat(100);
        let index = Utf16Index::new(&text);
        for (byte, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let expected: usize = text[..byte].chars().map(char::len_utf16).sum();
            assert_eq!(index.to_utf16(&text, byte), expected, "at byte {byte}");
        }
    }

    #[test]
    fn utf16_len_is_the_js_length() {
        for text in ["", "abc", "é", "中文", "😀", "a中😀b\u{10FFFF}é", "上海合作组织 SCO 😀😀"] {
            assert_eq!(utf16_len(text), text.encode_utf16().count(), "{text:?}");
        }
    }

    #[test]
    fn bytes_inside_characters_spans_and_cursors_agree_with_a_direct_count() {
        let text = "é中😀 b\u{10FFFF}x".repeat(40);
        let index = Utf16Index::new(&text);
        let mut cursor = Utf16Cursor::new(&text, &index);
        for byte in 0..=text.len() + 2 {
            let expected = direct(&text, byte);
            assert_eq!(index.to_utf16(&text, byte), expected, "at byte {byte}");
            assert_eq!(cursor.at(byte), expected, "cursor at byte {byte}");
        }
        // Backwards and long jumps fall back to the index.
        for byte in [text.len(), 3, 0, text.len() / 2, 1] {
            assert_eq!(cursor.at(byte), direct(&text, byte), "cursor back to {byte}");
        }
        for (s, e) in [(0, 0), (1, 9), (5, 3), (0, text.len()), (7, text.len() + 9), (2000, 2100)] {
            let span = Span::new(s, e);
            let want = (direct(&text, s) as u32, direct(&text, e) as u32);
            assert_eq!(index.span_to_utf16(&text, span), want, "span {s}..{e}");
        }
        assert_eq!(Span::new(5, 3).len(), 0);
    }
}
