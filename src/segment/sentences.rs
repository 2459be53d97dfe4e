//! Sentences: UAX #29 sentence boundaries, adjusted for Chinese text and
//! hard-wrapped lines.
//!
//! * A sentence ends after 。！？!? (and `.` as UAX #29 decides) together with
//!   the closing quotes and brackets that follow (”」』）》), so `他说：“好。”然后`
//!   ends after `”`.
//! * A double ellipsis `……` (or `......`) followed by closing marks ends a
//!   sentence when more text follows; a single `…` does not.
//! * A line break alone does not end a sentence (UAX #29 would break at every
//!   newline of a hard-wrapped paragraph); blank lines separate paragraphs,
//!   which are split first.

use crate::span::Span;
use unicode_segmentation::UnicodeSegmentation;

fn is_terminal(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '.' | '．' | '｡' | '‼' | '⁇' | '⁈' | '⁉' | '…')
}

fn is_closing(c: char) -> bool {
    matches!(c, '”' | '’' | '」' | '』' | '）' | ')' | '》' | '〉' | '】' | '〕' | ']' | '"' | '\'' | '»' | '›')
}

fn is_opening(c: char) -> bool {
    matches!(c, '“' | '‘' | '「' | '『' | '（' | '(' | '《' | '〈' | '【' | '〔' | '[' | '«' | '‹')
}

/// Sentence spans of `paragraph` (the text of one paragraph) shifted by
/// `base`, trimmed of trailing white space, empty ones left out.
pub fn sentence_spans(paragraph: &str, base: usize) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut start: Option<usize> = None;
    for (i, piece) in paragraph.split_sentence_bound_indices() {
        for (s, e) in split_after_ellipsis(piece) {
            let (s, e) = (i + s, i + e);
            let text = paragraph.get(s..e).unwrap_or("");
            let trimmed = text.trim_end();
            let st = *start.get_or_insert(s);
            let ends = trimmed.chars().rev().find(|&c| !is_closing(c)).is_some_and(is_terminal);
            if ends {
                out.push(Span::new(base + st, base + s + trimmed.len()));
                start = None;
            } else if trimmed.is_empty() && st == s {
                start = None;
            }
        }
    }
    if let Some(st) = start {
        let rest = paragraph.get(st..).unwrap_or("").trim_end();
        if !rest.is_empty() {
            out.push(Span::new(base + st, base + st + rest.len()));
        }
    }
    out
}

/// Cuts a UAX #29 sentence after each `……` + closing marks that has text
/// after it, and between a terminal (+ closing marks) and an opening mark.
fn split_after_ellipsis(piece: &str) -> Vec<(usize, usize)> {
    let mut cuts = vec![0];
    let chars: Vec<(usize, char)> = piece.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let run_start = k;
        while chars.get(k).is_some_and(|&(_, c)| c == '…') {
            k += 1;
        }
        let mut dots = 0;
        if k == run_start {
            while chars.get(k).is_some_and(|&(_, c)| c == '.') {
                k += 1;
                dots += 1;
            }
        }
        let ellipsis = (k - run_start >= 2 && dots == 0) || dots >= 6;
        if k == run_start {
            // UAX #29 counts opening brackets as closing ones, so 。「 stays
            // together: cut before an opening mark after a terminal.
            if chars.get(k).is_some_and(|&(_, c)| is_terminal(c) && c != '.') {
                while chars.get(k).is_some_and(|&(_, c)| is_terminal(c)) {
                    k += 1;
                }
                while chars.get(k).is_some_and(|&(_, c)| is_closing(c)) {
                    k += 1;
                }
                if let Some(&(at, c)) = chars.get(k) {
                    if is_opening(c) {
                        cuts.push(at);
                    }
                }
                continue;
            }
            k += 1;
            continue;
        }
        if ellipsis {
            while chars.get(k).is_some_and(|&(_, c)| is_closing(c)) {
                k += 1;
            }
            if let Some(&(at, c)) = chars.get(k) {
                if !c.is_whitespace() && !is_terminal(c) {
                    cuts.push(at);
                }
            }
        }
    }
    cuts.push(piece.len());
    cuts.windows(2).filter_map(|w| match w {
        [a, b] if b > a => Some((*a, *b)),
        _ => None,
    }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases: &[(&str, &[&str])] = &[
            ("他说：“我们走吧。”然后走了。", &["他说：“我们走吧。”", "然后走了。"]),
            ("真的吗？！「是的。」好", &["真的吗？！", "「是的。」", "好"]),
            ("我提\n出全球治理倡议。下一句", &["我提\n出全球治理倡议。", "下一句"]),
            ("他想了想……”又说：“算了。", &["他想了想……”", "又说：“算了。"]),
            ("等等…还有", &["等等…还有"]),
            ("It rained. Then it stopped!  ", &["It rained. ", "Then it stopped!"]),
        ];
        for (text, expected) in cases {
            let got: Vec<&str> = sentence_spans(text, 0).iter().map(|s| s.slice(text)).collect();
            let expected: Vec<&str> = expected.iter().map(|e| e.trim_end()).collect();
            assert_eq!(got, expected, "{text}");
        }
    }
}
