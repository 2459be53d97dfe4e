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
//! `join::join_decision`; they only look at the current text, and the join pass runs
//! until nothing changes, so cleaning is idempotent.

mod join;
mod offsets;

pub use offsets::OffsetMap;
use join::join_pass;
use offsets::{Dir, StepBuilder, StepMap};
use crate::span::Span;
use serde::{Deserialize, Serialize};

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

/// Most join passes a text gets; each removes at least one break, and real
/// text settles in two or three.
const MAX_JOIN_PASSES: usize = 64;

/// Cleans `original` with the steps `options` switches on.
pub fn clean(original: &str, options: &CleanOptions) -> Cleaned {
    clean_owned(original.to_owned(), options)
}

/// [`clean`] taking the text: it becomes the cleaned text when no step changes
/// it, and is freed by the first step that does, so at most two copies of the
/// text live at once (#11).
pub fn clean_owned(original: String, options: &CleanOptions) -> Cleaned {
    let original_len = original.len();
    let mut text = original;
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
    let map = OffsetMap { steps, original_len: original_len as u32, cleaned_len: text.len() as u32 };
    let repairs = repairs_of(&map);
    Cleaned { text, map, repairs }
}

/// Every edit of every step, with its span in the original and in the cleaned text.
fn repairs_of(map: &OffsetMap) -> Vec<Repair> {
    let mut out = Vec::with_capacity(map.steps.iter().map(|s| s.edits.len()).sum());
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
