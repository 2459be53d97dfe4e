//! Text → cleaned text, with a map back to the original.
//!
//! Each clean-up is a *step* that reads the previous text and writes a new
//! one, recording every edit (what it replaced, with what, and why). The edits
//! of all steps are the [`Repair`]s a person sees, and chained backwards they
//! are the [`OffsetMap`] from the cleaned text to the original: views show and
//! highlight the original, exports cite original offsets.
//!
//! The steps, each switchable in [`CleanOptions`]: line endings (CRLF, CR,
//! U+2028 → LF); control characters (NUL and friends dropped, form feed → a
//! paragraph break); trailing spaces; joining lines and blocks broken inside a
//! sentence. Joining is the delicate one: PDF text breaks lines (and, across
//! columns and pages, whole blocks) in the middle of words — 我提 / 出全球治理倡议
//! — while headlines, bylines and title lines (据新华社, ■记者 …, 外交部:中方决定…)
//! look much the same but must stay on their own. The rules live in
//! [`join_decision`]; they only look at the current text, and the join pass runs
//! until nothing changes, so cleaning is idempotent.

use crate::span::Span;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Which clean-up steps run. All on by default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CleanOptions {
    /// CRLF, lone CR, U+2028, U+0085 → LF; U+2029 → a blank line.
    pub line_endings: bool,
    /// Drop NUL and other control characters (and stray U+FEFF); form feed → a blank line.
    pub control_chars: bool,
    /// Remove spaces and tabs at the end of lines.
    pub trailing_spaces: bool,
    /// Join lines of one block that are broken inside a sentence.
    pub join_lines: bool,
    /// Join blocks (separated by blank lines) that are broken inside a sentence.
    pub join_blocks: bool,
    /// `exam-` + `ple` → `example` where `example` occurs elsewhere in the text
    /// (otherwise the hyphen is kept: `well-` + `known` → `well-known`).
    pub dehyphenate: bool,
}

impl Default for CleanOptions {
    fn default() -> Self {
        CleanOptions {
            line_endings: true,
            control_chars: true,
            trailing_spaces: true,
            join_lines: true,
            join_blocks: true,
            dehyphenate: true,
        }
    }
}

impl CleanOptions {
    /// No clean-up at all: the cleaned text is the original.
    pub fn none() -> CleanOptions {
        CleanOptions {
            line_endings: false,
            control_chars: false,
            trailing_spaces: false,
            join_lines: false,
            join_blocks: false,
            dehyphenate: false,
        }
    }
}

/// What a repair did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RepairKind {
    LineEnding,
    ControlChar,
    TrailingSpace,
    /// A line break inside a sentence removed (CJK) or made a space.
    JoinedLine,
    /// A blank-line break inside a sentence removed (CJK) or made a space.
    JoinedBlock,
    /// A hyphenated line break removed together with its hyphen.
    Dehyphenated,
}

impl RepairKind {
    pub const ALL: [RepairKind; 6] = [
        RepairKind::LineEnding,
        RepairKind::ControlChar,
        RepairKind::TrailingSpace,
        RepairKind::JoinedLine,
        RepairKind::JoinedBlock,
        RepairKind::Dehyphenated,
    ];

    /// Words for people.
    pub fn describe(self) -> &'static str {
        match self {
            RepairKind::LineEnding => "line endings normalised",
            RepairKind::ControlChar => "control characters removed",
            RepairKind::TrailingSpace => "trailing spaces removed",
            RepairKind::JoinedLine => "broken lines joined",
            RepairKind::JoinedBlock => "broken paragraphs joined",
            RepairKind::Dehyphenated => "hyphenated words rejoined",
        }
    }
}

/// One edit of the clean-up: `original` (bytes of the original text) became
/// `cleaned` (bytes of the cleaned text; empty where something was removed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Repair {
    pub kind: RepairKind,
    pub original: Span,
    pub cleaned: Span,
}

/// The result of [`clean`].
#[derive(Clone, Debug)]
pub struct Cleaned {
    pub text: String,
    pub map: OffsetMap,
    /// In order of their place in the cleaned text (then original text).
    pub repairs: Vec<Repair>,
}

/// One edit of one step: `from` (in the step's input) became `to` (in its output).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Edit {
    from: Span,
    to: Span,
    kind: RepairKind,
    /// The text of `from` — a line end, a NUL, some spaces — so the original
    /// can be rebuilt from the cleaned text instead of being stored whole.
    removed: Box<str>,
}

/// The edits of one step, sorted; text between them is copied unchanged.
#[derive(Clone, Debug, Default)]
struct StepMap {
    edits: Vec<Edit>,
}

/// Which way a [`StepMap`] is read.
#[derive(Clone, Copy)]
enum Dir {
    /// Output offset → input offset.
    Back,
    /// Input offset → output offset.
    Forward,
}

impl StepMap {
    fn sides(e: &Edit, dir: Dir) -> (Span, Span) {
        match dir {
            Dir::Back => (e.to, e.from),
            Dir::Forward => (e.from, e.to),
        }
    }

    /// Where a span *starting* at `c` starts on the other side: inside a
    /// replacement, at the replacement's start; right after a deletion, after it.
    fn left(&self, c: u32, dir: Dir) -> u32 {
        let i = self.edits.partition_point(|e| Self::sides(e, dir).0.start <= c);
        match i.checked_sub(1).and_then(|j| self.edits.get(j)) {
            None => c,
            Some(e) => {
                let (d, r) = Self::sides(e, dir);
                if c < d.end {
                    r.start
                } else {
                    r.end + (c - d.end)
                }
            }
        }
    }

    /// Where a span *ending* at `c` ends on the other side: inside a
    /// replacement, at its end; right before a deletion, before it.
    fn right(&self, c: u32, dir: Dir) -> u32 {
        let i = self.edits.partition_point(|e| Self::sides(e, dir).0.start < c);
        match i.checked_sub(1).and_then(|j| self.edits.get(j)) {
            None => c,
            Some(e) => {
                let (d, r) = Self::sides(e, dir);
                if c <= d.end {
                    r.end
                } else {
                    r.end + (c - d.end)
                }
            }
        }
    }
}

/// Maps byte offsets of the cleaned text to the original text and back.
///
/// Both directions are monotonic; the cleaned text's `0..len` maps onto the
/// original's `0..len`. Text the clean-up did not touch maps to identical text.
#[derive(Clone, Debug, Default)]
pub struct OffsetMap {
    /// Applied in order original → cleaned.
    steps: Vec<StepMap>,
    original_len: u32,
    cleaned_len: u32,
}

impl OffsetMap {
    /// The span of the original text that `cleaned` (a span of the cleaned
    /// text) came from. A point inside a replacement widens to the whole
    /// replacement.
    pub fn to_original(&self, cleaned: Span) -> Span {
        let start = self.start_to_original(cleaned.start);
        let end = self.end_to_original(cleaned.end).max(start);
        Span { start, end }
    }

    /// The original offset where a cleaned span starting at `c` starts. The
    /// start of the cleaned text is the start of the original (even if the
    /// clean-up removed something there), so the whole maps onto the whole.
    pub fn start_to_original(&self, c: u32) -> u32 {
        if c == 0 {
            return 0;
        }
        self.steps.iter().rev().fold(c.min(self.cleaned_len), |c, s| s.left(c, Dir::Back))
    }

    /// The original offset where a cleaned span ending at `c` ends; the end of
    /// the cleaned text is the end of the original.
    pub fn end_to_original(&self, c: u32) -> u32 {
        if c >= self.cleaned_len {
            return self.original_len;
        }
        self.steps.iter().rev().fold(c, |c, s| s.right(c, Dir::Back))
    }

    /// The span of the cleaned text that `original` (a span of the original) became.
    pub fn to_cleaned(&self, original: Span) -> Span {
        let start = if original.start == 0 {
            0
        } else {
            self.steps.iter().fold(original.start.min(self.original_len), |c, s| s.left(c, Dir::Forward))
        };
        let end = if original.end >= self.original_len {
            self.cleaned_len
        } else {
            self.steps.iter().fold(original.end, |c, s| s.right(c, Dir::Forward))
        };
        Span { start, end: end.max(start) }
    }

    /// The original text, rebuilt from `cleaned` (the text this map was made
    /// with) by undoing every edit, last step first.
    pub fn original_of(&self, cleaned: &str) -> String {
        let mut text = cleaned.to_owned();
        for step in self.steps.iter().rev() {
            let mut out = String::with_capacity(text.len() + step.edits.len() * 2);
            let mut copied = 0usize;
            for e in &step.edits {
                out.push_str(text.get(copied..e.to.start as usize).unwrap_or(""));
                out.push_str(&e.removed);
                copied = e.to.end as usize;
            }
            out.push_str(text.get(copied..).unwrap_or(""));
            text = out;
        }
        text
    }

    pub fn original_len(&self) -> usize {
        self.original_len as usize
    }

    pub fn cleaned_len(&self) -> usize {
        self.cleaned_len as usize
    }

    /// True if the cleaned text is the original.
    pub fn is_identity(&self) -> bool {
        self.steps.is_empty()
    }
}

/// Writes a step's output while recording its edits.
struct StepBuilder<'a> {
    input: &'a str,
    out: String,
    edits: Vec<Edit>,
    copied_to: usize,
}

impl<'a> StepBuilder<'a> {
    fn new(input: &'a str) -> StepBuilder<'a> {
        StepBuilder { input, out: String::new(), edits: Vec::new(), copied_to: 0 }
    }

    /// Replaces `input[start..end]` (after what was already written) by `with`.
    fn replace(&mut self, start: usize, end: usize, with: &str, kind: RepairKind) {
        if self.out.capacity() == 0 {
            self.out.reserve(self.input.len());
        }
        let (Some(copy), true) = (self.input.get(self.copied_to..start), start <= end) else {
            return; // never happens: steps replace in order; refusing keeps the map consistent
        };
        self.out.push_str(copy);
        let to_start = self.out.len();
        self.out.push_str(with);
        let removed = self.input.get(start..end).unwrap_or("").into();
        self.edits.push(Edit { from: Span::new(start, end), to: Span::new(to_start, self.out.len()), kind, removed });
        self.copied_to = end;
    }

    /// The output and its map, or `None` if nothing changed.
    fn finish(mut self) -> Option<(String, StepMap)> {
        if self.edits.is_empty() {
            return None;
        }
        self.out.push_str(self.input.get(self.copied_to..).unwrap_or(""));
        Some((self.out, StepMap { edits: self.edits }))
    }
}

/// Most join passes a text gets; each removes at least one break, and real
/// text settles in two or three.
const MAX_JOIN_PASSES: usize = 64;

/// Cleans `original` with the steps `options` switches on.
pub fn clean(original: &str, options: &CleanOptions) -> Cleaned {
    let mut text = original.to_owned();
    let mut steps: Vec<StepMap> = Vec::new();
    let mut run = |text: &mut String, step: &dyn Fn(&str) -> Option<(String, StepMap)>| -> bool {
        match step(text) {
            Some((out, map)) => {
                *text = out;
                steps.push(map);
                true
            }
            None => false,
        }
    };
    if options.line_endings {
        run(&mut text, &line_endings);
    }
    if options.control_chars {
        run(&mut text, &control_chars);
    }
    if options.trailing_spaces {
        run(&mut text, &trailing_spaces);
    }
    if options.join_lines || options.join_blocks {
        for _ in 0..MAX_JOIN_PASSES {
            if !run(&mut text, &|t: &str| join_pass(t, options)) {
                break;
            }
        }
    }
    let map = OffsetMap { steps, original_len: original.len() as u32, cleaned_len: text.len() as u32 };
    let repairs = repairs_of(&map);
    Cleaned { text, map, repairs }
}

/// Every edit of every step, with its span in the original and in the cleaned text.
fn repairs_of(map: &OffsetMap) -> Vec<Repair> {
    let mut out = Vec::new();
    for (k, step) in map.steps.iter().enumerate() {
        let before = map.steps.get(..k).unwrap_or(&[]);
        let after = map.steps.get(k + 1..).unwrap_or(&[]);
        for e in &step.edits {
            let o_start = before.iter().rev().fold(e.from.start, |c, s| s.left(c, Dir::Back));
            let o_end = before.iter().rev().fold(e.from.end, |c, s| s.right(c, Dir::Back));
            let c_start = after.iter().fold(e.to.start, |c, s| s.left(c, Dir::Forward));
            let c_end = after.iter().fold(e.to.end, |c, s| s.right(c, Dir::Forward));
            out.push(Repair {
                kind: e.kind,
                original: Span { start: o_start, end: o_end.max(o_start) },
                cleaned: Span { start: c_start, end: c_end.max(c_start) },
            });
        }
    }
    out.sort_by_key(|r| (r.cleaned.start, r.original.start, r.kind));
    out
}

fn line_endings(input: &str) -> Option<(String, StepMap)> {
    let mut b = StepBuilder::new(input);
    let mut chars = input.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\r' => {
                let end = if chars.peek().map(|&(_, n)| n) == Some('\n') { i + 2 } else { i + 1 };
                if end == i + 2 {
                    chars.next();
                }
                b.replace(i, end, "\n", RepairKind::LineEnding);
            }
            '\u{2028}' | '\u{0085}' => b.replace(i, i + c.len_utf8(), "\n", RepairKind::LineEnding),
            '\u{2029}' => b.replace(i, i + c.len_utf8(), "\n\n", RepairKind::LineEnding),
            _ => {}
        }
    }
    b.finish()
}

fn control_chars(input: &str) -> Option<(String, StepMap)> {
    let mut b = StepBuilder::new(input);
    for (i, c) in input.char_indices() {
        let end = i + c.len_utf8();
        match c {
            '\n' | '\t' | '\r' => {}
            '\u{0C}' => b.replace(i, end, "\n\n", RepairKind::ControlChar),
            '\u{FEFF}' => b.replace(i, end, "", RepairKind::ControlChar),
            c if c.is_control() => b.replace(i, end, "", RepairKind::ControlChar),
            _ => {}
        }
    }
    b.finish()
}

fn is_trailing_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}' | '\u{00A0}')
}

fn trailing_spaces(input: &str) -> Option<(String, StepMap)> {
    let mut b = StepBuilder::new(input);
    let mut pos = 0;
    for line in input.split('\n') {
        let content = line.trim_end_matches(is_trailing_space);
        if content.len() < line.len() {
            b.replace(pos + content.len(), pos + line.len(), "", RepairKind::TrailingSpace);
        }
        pos += line.len() + 1;
    }
    b.finish()
}

// ---------------------------------------------------------------- joining

/// Chinese, Japanese: scripts written without spaces between words.
fn is_cjk(c: char) -> bool {
    crate::segment::is_han(c)
        || matches!(c as u32,
            0x3000..=0x303F | 0x3040..=0x30FF | 0x31F0..=0x31FF | 0x3100..=0x312F
            | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF)
}

/// Ends a sentence (or a clause that a line may end on): no join after it.
fn is_terminal(c: char) -> bool {
    matches!(c, '。' | '.' | '!' | '?' | '\u{FF01}' | '\u{FF1F}' | '…' | '‥' | ':' | '\u{FF1A}' | '\u{FF0E}' | '\u{FF61}')
}

/// A clause inside a sentence goes on after it: a line ending here is broken.
fn is_comma_like(c: char) -> bool {
    matches!(c, ',' | '\u{FF0C}' | '、' | ';' | '\u{FF1B}' | '\u{FF64}')
}

/// Closing quotes and brackets: a line ending with them ends as the character before them does.
fn is_closer(c: char) -> bool {
    matches!(c, '”' | '’' | '」' | '』' | '\u{FF09}' | '】' | '》' | '〉' | '"' | '\'' | ')' | ']' | '}' | '〕' | '〗')
}

/// Punctuation that marks a line as prose rather than a headline.
fn is_clause_punct(c: char) -> bool {
    matches!(c, ',' | '\u{FF0C}' | ';' | '\u{FF1B}' | '。' | '!' | '?' | '\u{FF01}' | '\u{FF1F}' | '\u{FF64}')
}

/// Chinese numerals: `一、`, `二是` start list items, not word fragments.
fn is_cjk_numeral(c: char) -> bool {
    "一二三四五六七八九十百千万零〇两第".contains(c)
}

/// How a line ends, for the join rules.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Ending {
    Terminal,
    Comma,
    Other(char),
}

fn ending(p: &str) -> Ending {
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
fn is_title_like(s: &str) -> bool {
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
fn visible_chars(s: &str, cap: usize) -> usize {
    s.chars().filter(|c| !c.is_whitespace()).take(cap).count()
}

/// 据新华社, ■记者 …, 新华社记者 … 摄, (记者 …): credit lines.
fn is_byline(s: &str) -> bool {
    const HEADS: &[&str] = &["据", "■", "□", "●", "▲", "◆", "★", "本报", "记者", "新华社", "来源", "文/", "图/", "(记者", "\u{FF08}记者"];
    let s = s.trim_start();
    HEADS.iter().any(|h| s.starts_with(h)) && visible_chars(s, 41) <= 40
}

/// A line that starts a list item, heading, quote or indented block.
fn starts_new_item(n: &str) -> bool {
    let Some(first) = n.chars().next() else { return true };
    first.is_whitespace()
        || "“「『【(\u{FF08}".contains(first)
        || n.starts_with("```")
        || n.starts_with("~~~")
        || starts_list_item(n)
}

/// A line that starts with a bullet, a number or a heading mark.
fn starts_list_item(n: &str) -> bool {
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
fn starts_with_fragment(n: &str) -> bool {
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
enum Join {
    Keep,
    /// Replace the break by this.
    With(&'static str),
    /// `exam-` + `ple`: remove the hyphen too, if the word is known.
    Hyphen,
}

/// Context of one break between the text before it and the line after it.
struct BreakContext<'a> {
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
fn join_decision(ctx: &BreakContext<'_>) -> Join {
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
fn word_set(text: &str) -> HashSet<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .map(|w| w.trim_matches('-'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// One pass of joining over the whole text.
fn join_pass(input: &str, options: &CleanOptions) -> Option<(String, StepMap)> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn cleaned(text: &str) -> String {
        clean(text, &CleanOptions::default()).text
    }

    #[test]
    fn table() {
        let t = |input: &str, expected: &str| assert_eq!(cleaned(input), expected, "input {input:?}");
        // line endings, controls, trailing spaces
        t("A\r\nB\rC", "A\nB\nC");
        t("ab\0c\u{FEFF}d", "abcd");
        t("X  \t\nY\u{3000}\n", "X\nY\n");
        t("page one.\u{0C}Page two.", "page one.\n\nPage two.");
        // CJK broken inside a sentence: joined without a space, across a line or a blank line
        t("习近平指出,我提\n\n出全球治理倡议。", "习近平指出,我提出全球治理倡议。");
        t("中俄两国都强调主权平等,国际法治\n多边主义。", "中俄两国都强调主权平等,国际法治多边主义。");
        t("要加强经济、\n\n教育合作。", "要加强经济、教育合作。");
        // … but not after a sentence end, nor a headline, nor a byline
        t("会谈取得成果。\n\n双方签署文件。", "会谈取得成果。\n\n双方签署文件。");
        t("据新华社\n\n外交部:中方决定对俄罗斯持普通护照人员试行免签政策\n\n外交部发言人2日宣布,……",
          "据新华社\n\n外交部:中方决定对俄罗斯持普通护照人员试行免签政策\n\n外交部发言人2日宣布,……");
        t("■记者 张三\n\n9月2日上午,会议召开。", "■记者 张三\n\n9月2日上午,会议召开。");
        t("中共天津市委\n天津市人民政府\n2025年9月2日", "中共天津市委\n天津市人民政府\n2025年9月2日");
        // a headline-looking fragment whose next line is the rest of a word
        t("习近平就推进中俄蒙合作提出3点建\n\n议。一是夯实政治互信。", "习近平就推进中俄蒙合作提出3点建议。一是夯实政治互信。");
        // lists, indentation, quotes start new items
        t("内容如下,\n一、坚持原则", "内容如下,\n一、坚持原则");
        t("第一段没有句号\n\u{3000}\u{3000}第二段", "第一段没有句号\n\u{3000}\u{3000}第二段");
        // spaced scripts: one space; hyphens only where the word exists
        t("the quick brown\nfox jumps.", "the quick brown fox jumps.");
        t("An exam-\nple is an example.", "An example is an example.");
        t("a well-\nknown fact.", "a well-known fact.");
        t("Title\n\nThe text starts here.", "Title\n\nThe text starts here.");
        t("It goes on\n\nand on.", "It goes on and on.");
        t("```\nlet x\nlet y\n```", "```\nlet x\nlet y\n```");
        t("- one\n- two", "- one\n- two");
        t("# Heading\nsome text", "# Heading\nsome text");
    }

    #[test]
    fn each_step_switches_off() {
        let text = "A \r\nB\0\n\n习近平指出,我提\n\n出全球治理倡议";
        let none = clean(text, &CleanOptions::none());
        assert_eq!(none.text, text);
        assert!(none.repairs.is_empty() && none.map.is_identity());
        let kinds = |o: CleanOptions| {
            let mut k: Vec<RepairKind> = clean(text, &o).repairs.iter().map(|r| r.kind).collect();
            k.dedup();
            k
        };
        let all = CleanOptions::default();
        assert_eq!(
            kinds(all),
            vec![RepairKind::TrailingSpace, RepairKind::LineEnding, RepairKind::ControlChar, RepairKind::JoinedBlock]
        );
        assert!(!kinds(CleanOptions { join_blocks: false, ..all }).contains(&RepairKind::JoinedBlock));
        assert!(!kinds(CleanOptions { control_chars: false, ..all }).contains(&RepairKind::ControlChar));
        assert!(!kinds(CleanOptions { line_endings: false, ..all }).contains(&RepairKind::LineEnding));
    }

    #[test]
    fn repairs_point_at_both_texts() {
        let text = "双方坚守初心,我提\r\n\r\n出全球治理倡议。";
        let c = clean(text, &CleanOptions::default());
        assert_eq!(c.text, "双方坚守初心,我提出全球治理倡议。");
        let join = c.repairs.iter().find(|r| r.kind == RepairKind::JoinedBlock).copied();
        let join = join.unwrap_or_else(|| panic!("no join in {:?}", c.repairs));
        assert_eq!(join.original.slice(text), "\r\n\r\n");
        assert!(join.cleaned.is_empty());
        assert_eq!(c.text.get(..join.cleaned.start as usize), Some("双方坚守初心,我提"));
        // the map: a word across the join maps to the original with the break inside
        let at = c.text.find("提出").unwrap_or(0);
        let span = c.map.to_original(Span::new(at, at + "提出".len()));
        assert_eq!(span.slice(text), "提\r\n\r\n出");
        assert_eq!(c.map.to_cleaned(span), Span::new(at, at + "提出".len()));
    }
}
