//! Joining lines and blocks broken inside a sentence: the heuristics that tell a
//! PDF line break (我提 / 出全球治理倡议) from a headline, byline or list item,
//! and the pass that applies them.

use super::offsets::{StepBuilder, StepMap};
use super::{CleanOptions, RepairKind};
use std::collections::HashSet;

/// Chinese, Japanese: scripts written without spaces between words.
pub(super) fn is_cjk(c: char) -> bool {
    crate::segment::is_han(c)
        || matches!(c as u32,
            0x3000..=0x303F | 0x3040..=0x30FF | 0x31F0..=0x31FF | 0x3100..=0x312F
            | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF)
}

/// Ends a sentence (or a clause that a line may end on): no join after it.
pub(super) fn is_terminal(c: char) -> bool {
    matches!(c, '。' | '.' | '!' | '?' | '\u{FF01}' | '\u{FF1F}' | '…' | '‥' | ':' | '\u{FF1A}' | '\u{FF0E}' | '\u{FF61}')
}

/// A clause inside a sentence goes on after it: a line ending here is broken.
pub(super) fn is_comma_like(c: char) -> bool {
    matches!(c, ',' | '\u{FF0C}' | '、' | ';' | '\u{FF1B}' | '\u{FF64}')
}

/// Closing quotes and brackets: a line ending with them ends as the character before them does.
pub(super) fn is_closer(c: char) -> bool {
    matches!(c, '”' | '’' | '」' | '』' | '\u{FF09}' | '】' | '》' | '〉' | '"' | '\'' | ')' | ']' | '}' | '〕' | '〗')
}

/// Punctuation that marks a line as prose rather than a headline.
pub(super) fn is_clause_punct(c: char) -> bool {
    matches!(c, ',' | '\u{FF0C}' | ';' | '\u{FF1B}' | '。' | '!' | '?' | '\u{FF01}' | '\u{FF1F}' | '\u{FF64}')
}

/// Chinese numerals: `一、`, `二是` start list items, not word fragments.
pub(super) fn is_cjk_numeral(c: char) -> bool {
    "一二三四五六七八九十百千万零〇两第".contains(c)
}

/// How a line ends, for the join rules.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Ending {
    Terminal,
    Comma,
    Other(char),
}

pub(super) fn ending(p: &str) -> Ending {
    let mut rev = p.chars().rev().skip_while(|c| c.is_whitespace());
    let Some(last) = rev.next() else { return Ending::Terminal };
    let mut c = last;
    if is_closer(last) {
        // `…。”` ends a sentence; `(see above)` does not.
        for before in rev {
            if !is_closer(before) {
                c = before;
                break;
            }
        }
        if is_terminal(c) {
            return Ending::Terminal;
        }
        return Ending::Other(last);
    }
    if is_terminal(c) {
        Ending::Terminal
    } else if is_comma_like(c) {
        Ending::Comma
    } else {
        Ending::Other(c)
    }
}

/// Headline, title or byline: short, and no clause punctuation.
pub(super) fn is_title_like(s: &str) -> bool {
    let mut n = 0;
    for c in s.chars() {
        if is_clause_punct(c) {
            return false;
        }
        if !c.is_whitespace() {
            n += 1;
        }
        if n > 40 {
            return false;
        }
    }
    true
}

/// Non-space characters of `s`, counting no further than `cap` (the text
/// before a break can be a whole joined chapter: never count all of it).
pub(super) fn visible_chars(s: &str, cap: usize) -> usize {
    s.chars().filter(|c| !c.is_whitespace()).take(cap).count()
}

/// 据新华社, ■记者 …, 新华社记者 … 摄, (记者 …): credit lines.
pub(super) fn is_byline(s: &str) -> bool {
    const HEADS: &[&str] = &["据", "■", "□", "●", "▲", "◆", "★", "本报", "记者", "新华社", "来源", "文/", "图/", "(记者", "\u{FF08}记者"];
    let s = s.trim_start();
    HEADS.iter().any(|h| s.starts_with(h)) && visible_chars(s, 41) <= 40
}

/// A line that starts a list item, heading, quote or indented block.
pub(super) fn starts_new_item(n: &str) -> bool {
    let Some(first) = n.chars().next() else { return true };
    first.is_whitespace()
        || "“「『【(\u{FF08}".contains(first)
        || n.starts_with("```")
        || n.starts_with("~~~")
        || starts_list_item(n)
}

/// A line that starts with a bullet, a number or a heading mark.
pub(super) fn starts_list_item(n: &str) -> bool {
    let mut chars = n.chars();
    let Some(first) = chars.next() else { return false };
    let second = chars.next();
    if "■□●○◆◇▲△▼★☆※•·#>|".contains(first) {
        return true;
    }
    if matches!(first, '-' | '*' | '+' | '–' | '—') && second == Some(' ') {
        return true;
    }
    // 1. 1、 2) 12) — but not 3.5% or 2025年
    let digits: String = n.chars().take(4).take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() && digits.len() <= 3 {
        let mut rest = n.get(digits.len()..).unwrap_or("").chars();
        if let Some(c) = rest.next() {
            let next_is_digit = rest.next().is_some_and(|c| c.is_ascii_digit());
            if matches!(c, '、' | ')' | '\u{FF09}') || (matches!(c, '.' | '\u{FF0E}') && !next_is_digit) {
                return true;
            }
        }
    }
    // 一、 十二、 第三章
    let numerals: String = n.chars().take(5).take_while(|&c| is_cjk_numeral(c)).collect();
    if !numerals.is_empty() && numerals.chars().count() <= 4 {
        let after = n.get(numerals.len()..).unwrap_or("").chars().next();
        if after == Some('、') {
            return true;
        }
        if numerals.starts_with('第') && after.is_some_and(|c| "章节回条篇卷部".contains(c)) {
            return true;
        }
    }
    false
}

/// `议。一是…`: one or two Han characters then punctuation — the tail of a
/// word broken across the break, not the start of anything.
pub(super) fn starts_with_fragment(n: &str) -> bool {
    let mut count = 0;
    for c in n.chars() {
        if crate::segment::is_han(c) && !is_cjk_numeral(c) {
            count += 1;
            if count > 2 {
                return false;
            }
        } else {
            return count > 0 && (is_clause_punct(c) || is_comma_like(c) || c == ':' || c == '\u{FF1A}');
        }
    }
    false
}

/// What to do at one break.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Join {
    Keep,
    /// Replace the break by this.
    With(&'static str),
    /// `exam-` + `ple`: remove the hyphen too, if the word is known.
    Hyphen,
}

/// Context of one break between the text before it and the line after it.
pub(super) struct BreakContext<'a> {
    /// Everything since the last break that was kept.
    before: &'a str,
    /// Whether that kept break was a block break (or the start of the text).
    before_starts_block: bool,
    /// The next line.
    next: &'a str,
    /// Whether the next line is the last of its block.
    next_ends_block: bool,
    /// A blank line (or several) between them.
    is_block: bool,
}

/// The join rules. Nothing joins after a sentence end or a colon, nor before
/// an indented line, a list item, a heading or an opening quote. CJK on either
/// side joins without a space unless the text before is a headline or byline
/// (short, no clause punctuation) — except when the next line starts with the
/// tail of a broken word (`议。`) — or the next line is a headline block.
/// Spaced scripts join with one space when the next line starts in lower
/// case, or, inside a block, when the line before is long or ends with a comma.
pub(super) fn join_decision(ctx: &BreakContext<'_>) -> Join {
    let end = ending(ctx.before);
    let Ending::Other(last) = end else {
        if end == Ending::Comma {
            let first = ctx.next.chars().next();
            // `MOBY-DICK;` / `or, THE WHALE.`: a short block is a title even with a comma.
            let short = visible_chars(ctx.before, 20) < 20;
            let spaced = !ctx.before.chars().rev().find(|c| !c.is_whitespace()).is_some_and(is_cjk)
                && !first.is_some_and(is_cjk);
            if !starts_new_item(ctx.next) && first.is_some_and(|c| c.is_alphanumeric()) && !(ctx.is_block && short && spaced) {
                return Join::With(if spaced { " " } else { "" });
            }
        }
        return Join::Keep;
    };
    let Some(first) = ctx.next.chars().next() else { return Join::Keep };
    if starts_new_item(ctx.next) {
        return Join::Keep;
    }
    let before_trim = ctx.before.trim_start();
    if before_trim.starts_with(['#', '|', '<']) || ctx.next.starts_with('<') {
        return Join::Keep;
    }
    // A list item may wrap onto its next line, but a blank line ends it.
    if ctx.is_block && starts_list_item(before_trim) {
        return Join::Keep;
    }
    // exam- / ple
    if last == '-' && first.is_lowercase() && !is_cjk(first) {
        let prev = ctx.before.trim_end().chars().rev().nth(1);
        if prev.is_some_and(|c| c.is_alphabetic() && !is_cjk(c)) {
            return Join::Hyphen;
        }
        return Join::Keep;
    }
    if is_cjk(last) || is_cjk(first) {
        if !(last.is_alphanumeric() || is_cjk(last)) || !(first.is_alphanumeric() || is_cjk(first)) {
            return Join::Keep;
        }
        if is_byline(ctx.before) {
            return Join::Keep;
        }
        let before_is_title = ctx.before_starts_block && is_title_like(ctx.before);
        let fragment = crate::segment::is_han(last) && starts_with_fragment(ctx.next);
        if before_is_title && !fragment {
            return Join::Keep;
        }
        // A short last line after a short line: a signature block, a date line.
        if !fragment && ctx.next_ends_block && is_title_like(ctx.next) && (ctx.is_block || is_title_like(ctx.before)) {
            return Join::Keep;
        }
        return Join::With("");
    }
    // Spaced scripts.
    if !(last.is_alphanumeric() || (is_closer(last) && !ctx.is_block)) || !first.is_alphanumeric() {
        // A block ending in a bracket is a caption, `[Illustration: …]`, not a broken sentence.
        return Join::Keep;
    }
    if first.is_lowercase() {
        return Join::With(" ");
    }
    let long = visible_chars(ctx.before, 50) >= 50;
    if !ctx.is_block && long && !is_title_like(ctx.before) {
        return Join::With(" ");
    }
    Join::Keep
}

/// Words of the text (letters, digits and inner hyphens), lower-cased — to
/// tell whether `exam-` + `ple` is the word `example`.
pub(super) fn word_set(text: &str) -> HashSet<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .map(|w| w.trim_matches('-'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// One pass of joining over the whole text.
pub(super) fn join_pass(input: &str, options: &CleanOptions) -> Option<(String, StepMap)> {
    // (start, end) of each line, without its '\n'.
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut pos = 0;
    for line in input.split('\n') {
        lines.push((pos, pos + line.len()));
        pos += line.len() + 1;
    }
    let line = |i: usize| lines.get(i).and_then(|&(s, e)| input.get(s..e)).unwrap_or("");
    let blank = |i: usize| line(i).trim().is_empty();
    let is_fence = |i: usize| {
        let t = line(i).trim_start();
        t.starts_with("```") || t.starts_with("~~~")
    };

    let mut b = StepBuilder::new(input);
    let mut words: Option<HashSet<String>> = None;
    let mut in_fence = false;
    let mut prev: Option<usize> = None; // last non-blank line
    let mut cur_start = 0usize;
    let mut cur_starts_block = true;
    for k in 0..lines.len() {
        if blank(k) {
            continue;
        }
        let Some(j) = prev else {
            prev = Some(k);
            cur_start = lines.get(k).map_or(0, |l| l.0);
            if is_fence(k) {
                in_fence = !in_fence;
            }
            continue;
        };
        prev = Some(k);
        let is_block = k > j + 1;
        let (p_end, n_start) = (lines.get(j).map_or(0, |l| l.1), lines.get(k).map_or(0, |l| l.0));
        let fence_here = in_fence || is_fence(j) || is_fence(k);
        if is_fence(k) {
            in_fence = !in_fence;
        }
        let allowed = if is_block { options.join_blocks } else { options.join_lines };
        let decision = if fence_here || !allowed {
            Join::Keep
        } else {
            let next_ends_block = k + 1 >= lines.len() || blank(k + 1);
            join_decision(&BreakContext {
                before: input.get(cur_start..p_end).unwrap_or(""),
                before_starts_block: cur_starts_block,
                next: line(k),
                next_ends_block,
                is_block,
            })
        };
        let before = input.get(cur_start..p_end).unwrap_or("");
        let trimmed_end = cur_start + before.trim_end().len();
        let kind = if is_block { RepairKind::JoinedBlock } else { RepairKind::JoinedLine };
        match decision {
            Join::Keep => {
                cur_start = n_start;
                cur_starts_block = is_block;
            }
            Join::With(with) => b.replace(trimmed_end, n_start, with, kind),
            Join::Hyphen => {
                let head: String = before
                    .trim_end()
                    .trim_end_matches('-')
                    .chars()
                    .rev()
                    .take_while(|c| c.is_alphabetic())
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                let tail: String = line(k).chars().take_while(|c| c.is_alphabetic()).collect();
                let joined = format!("{head}{tail}").to_lowercase();
                let hyphenated = format!("{head}-{tail}").to_lowercase();
                let set = words.get_or_insert_with(|| word_set(input));
                if options.dehyphenate && set.contains(&joined) && !set.contains(&hyphenated) {
                    b.replace(trimmed_end.saturating_sub(1), n_start, "", RepairKind::Dehyphenated);
                } else {
                    b.replace(trimmed_end, n_start, "", kind);
                }
            }
        }
    }
    b.finish()
}
