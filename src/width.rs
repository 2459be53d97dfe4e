//! Width folding, a leaf: full-width forms to their ordinary width — the part of
//! NFKC that matters for comparing CJK-typeset Latin text, and nothing else
//! (NFKC also rewrites ligatures, circled numbers, compatibility ideographs and
//! more, which a reader of a Chinese text does not take for the same word; see
//! `docs/architecture.md`). The term table's "fold width" and compare's "ignore
//! width" both use it.

use std::borrow::Cow;

/// The ordinary form of one character under width folding: full-width ASCII
/// variants (U+FF01–FF5E) to ASCII, the full-width signs ￠￡￢￣￤￥￦ to
/// theirs, the ideographic and the no-break spaces to a space. This is the
/// part of NFKC that matters for comparing CJK-typeset Latin text; the term
/// table's "fold width" and compare's "ignore width" both use it.
pub fn fold_width_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' | '\u{2007}' | '\u{202F}' => ' ',
        '\u{FFE0}' => '¢',
        '\u{FFE1}' => '£',
        '\u{FFE2}' => '¬',
        '\u{FFE3}' => '¯',
        '\u{FFE4}' => '¦',
        '\u{FFE5}' => '¥',
        '\u{FFE6}' => '₩',
        _ => c,
    }
}

/// `s` with every character width-folded ([`fold_width_char`]).
pub fn fold_width(s: &str) -> Cow<'_, str> {
    if s.chars().all(|c| fold_width_char(c) == c) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().map(fold_width_char).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_folding_table() {
        for (input, expected) in [("ＡＢＣ１２３", "ABC123"), ("a\u{3000}b", "a b"), ("￥５", "¥5"), ("中文", "中文"), ("a\u{A0}b", "a b")]
        {
            assert_eq!(fold_width(input), expected, "{input}");
        }
    }
}
