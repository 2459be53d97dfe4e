//! Text → tokens.
//!
//! The text is cut into runs of Han and non-Han characters. Han runs go
//! through `han.rs`: jieba's algorithm (dictionary DAG, best path, HMM for
//! unknown words such as 呼日勒苏赫) over a dictionary `build.rs` compiles into
//! the binary, so a [`Segmenter`] is ready at once; traditional runs are
//! segmented in their simplified form ([`trad`], offsets kept) and the words
//! refined to CTB/UD boundaries ([`refine`]). Everything else follows the
//! Unicode word rules of UAX #29, except that URLs and e-mail addresses are
//! one token ([`links`]). Numbers then absorb their Chinese units and dates
//! ([`numbers`]: 2025年, 9月2日). Every token carries its byte span and a
//! [`TokenKind`]; the spans tile the input exactly (no byte is lost or repeated).
//!
//! Around the segmenter: [`sentences`] (UAX #29 adjusted for 。！？…” and
//! hard-wrapped lines), [`userdict`] (the user dictionary format),
//! [`discover`] (corpus-level term discovery, applied by
//! [`crate::Corpus`]) and [`eval`] (scoring against UD gold standards).

pub mod eval;
mod han;
mod hmm;
mod lexicon;
pub mod names;
pub mod trad;
pub mod refine;
pub mod discover;
pub mod userdict;
pub mod numbers;
pub mod links;
pub mod sentences;

pub use han::{HanSegmenter, RunContext};

use crate::span::Span;
use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

/// What a token is. Terms are counted over [`TokenKind::Word`] (and, on request,
/// numbers and punctuation).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum TokenKind {
    Word,
    Number,
    Punct,
    Symbol,
    Emoji,
    Space,
}

impl TokenKind {
    /// Whether the token is counted as a word-like unit (word or number).
    pub fn is_wordlike(self) -> bool {
        matches!(self, TokenKind::Word | TokenKind::Number)
    }
}

/// A token before interning: where it is and what it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawToken {
    pub span: Span,
    pub kind: TokenKind,
}

/// Splits text into tokens. Holds the Chinese dictionary, so build it once.
pub struct Segmenter {
    han: HanSegmenter,
    join_numbers: bool,
}

impl Segmenter {
    /// A segmenter with the built-in dictionary.
    pub fn new() -> Segmenter {
        Segmenter { han: HanSegmenter::new(), join_numbers: true }
    }

    /// Whether numbers absorb their Chinese units and dates (2025年, 9月2日);
    /// on by default, off for gold-standard (UD) output. See [`numbers`].
    pub fn set_join_numbers(&mut self, on: bool) {
        self.join_numbers = on;
    }

    /// Whether names the dictionary lacks — transliterated names, and personal names
    /// where a title, byline or list calls for one — are words (on by default; see
    /// [`names`]). Off, Han runs are cut exactly as jieba cuts them.
    pub fn set_names(&mut self, on: bool) {
        self.han.set_names(on);
    }

    /// Chooses the boundary refinements (all on by default); for measurement.
    pub fn set_refine_rules(&mut self, rules: refine::RefineRules) {
        self.han.set_rules(rules);
    }

    /// Adds a word to the dictionary (kept whole, never split by the refinement
    /// rules); without `freq` it gets one high enough to hold together in
    /// ordinary contexts. Returns the frequency used.
    pub fn add_word(&mut self, word: &str, freq: Option<usize>) -> usize {
        self.han.add_word(word, freq)
    }

    /// What `word` names — a person, a place or an organisation — if the
    /// dictionary or the name rules say it is a name (see [`names`]).
    pub fn name_kind(&self, word: &str) -> Option<names::NameKind> {
        self.han.name_kind(word)
    }

    /// Whether `word` is in the built-in (or user) dictionary.
    pub fn in_dictionary(&self, word: &str) -> bool {
        self.han.has_word(word)
    }

    /// Tokens of `text`, in order; their spans tile `text`.
    pub fn segment(&self, text: &str) -> Vec<RawToken> {
        let mut out = Vec::with_capacity(text.len() / 3 + 1);
        self.segment_into(text, 0, &mut out);
        out
    }

    /// Appends the tokens of `text` to `out`, with spans shifted by `base`.
    pub fn segment_into(&self, text: &str, base: usize, out: &mut Vec<RawToken>) {
        let first = out.len();
        self.segment_runs(text, base, out);
        if self.join_numbers && first == 0 {
            // The common case (`segment`): no tail to split off and put back.
            numbers::join_numbers(text, base, out);
        } else if self.join_numbers {
            let mut tail = out.split_off(first);
            numbers::join_numbers(text, base, &mut tail);
            out.extend(tail);
        }
    }

    fn segment_runs(&self, text: &str, base: usize, out: &mut Vec<RawToken>) {
        let mut scratch = han::Scratch::default();
        // End of the last Han run that was a name of a byline or a list, if any.
        let mut last_name_run: Option<usize> = None;
        for (start, end, han) in ScriptRuns::new(text) {
            let run = text.get(start..end).unwrap_or("");
            let mut one = run.chars();
            if han {
                let ctx = if self.han.names() { self.run_context(text, start, end, last_name_run) } else { RunContext::default() };
                let whole = ctx.name_at_start && self.han.name_at_start(run) == Some(run.chars().count());
                last_name_run = whole.then_some(end);
                self.han.cut(run, base + start, out, &mut scratch, ctx);
            } else if let (Some(c), None) = (one.next(), one.next()) {
                // A lone punctuation mark or space between Han runs: no rules to run.
                let s = base + start;
                let mut buf = [0u8; 4];
                out.push(RawToken { span: Span::new(s, s + run.len()), kind: classify(c.encode_utf8(&mut buf)) });
            } else {
                let mut pos = 0;
                for (ls, le) in links::find_links(run) {
                    uax29_words(run.get(pos..ls).unwrap_or(""), base + start + pos, out);
                    out.push(RawToken { span: Span::new(base + start + ls, base + start + le), kind: TokenKind::Word });
                    pos = le;
                }
                uax29_words(run.get(pos..).unwrap_or(""), base + start + pos, out);
            }
        }
    }

    /// What surrounds the Han run `text[start..end]`: a byline (记者 杨依军 曹嘉明), a
    /// photo credit (丁海涛 摄) or a list of names (蔡奇、王毅) says a name starts it.
    /// `last_name_run` is the end of the previous run if that run was such a name.
    fn run_context(&self, text: &str, start: usize, end: usize, last_name_run: Option<usize>) -> RunContext {
        let before = text.get(..start).unwrap_or("");
        let after = text.get(end..).unwrap_or("");
        let gap = before.trim_end_matches(is_inline_space);
        let spaced = gap.len() < before.len();
        let byline = spaced && (BYLINE.iter().any(|w| gap.ends_with(w)) || last_name_run == Some(gap.len()));
        let credit = after.trim_start_matches(is_inline_space).starts_with('摄') && after.starts_with(is_inline_space);
        let listed = |s: &str| s.starts_with('、');
        let after_listed_name = before.ends_with('、') && last_name_run == Some(start - '、'.len_utf8());
        let listed_before_name = listed(after)
            && after.get('、'.len_utf8()..).is_some_and(|rest| {
                let c: Vec<char> = rest.chars().take(2).collect();
                names::surname_len(&c, 0) > 0
            });
        let list_name = (before.ends_with('、') || listed(after)) && (after_listed_name || listed_before_name);
        RunContext { name_at_start: byline || credit || list_name }
    }
}

/// Words a byline or photo credit puts before the names (新华社记者 丁海涛 摄).
const BYLINE: &[&str] = &["记者", "通讯员", "摄影", "编辑", "撰文", "作者", "文", "图", "摄"];

/// Spaces inside a line (ASCII, no-break, ideographic).
fn is_inline_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{a0}' | '\u{3000}')
}

impl Default for Segmenter {
    fn default() -> Self {
        Segmenter::new()
    }
}

/// Appends the UAX #29 word segments of `text` (which starts at byte `base`).
fn uax29_words(text: &str, base: usize, out: &mut Vec<RawToken>) {
    for (offset, piece) in text.split_word_bound_indices() {
        let s = base + offset;
        out.push(RawToken { span: Span::new(s, s + piece.len()), kind: classify(piece) });
    }
}

/// The script of a token, by its first letter-like character.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Script {
    Han,
    Latin,
    Cyrillic,
    Greek,
    Arabic,
    Hebrew,
    Kana,
    Hangul,
    Thai,
    Devanagari,
    Other,
    /// No letters: digits, punctuation, symbols, space.
    Common,
}

/// The script of `text`: that of its first alphabetic character.
pub fn script_of(text: &str) -> Script {
    for c in text.chars() {
        let u = c as u32;
        let script = match u {
            _ if is_han(c) => Script::Han,
            0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A => Script::Latin,
            0x370..=0x3FF | 0x1F00..=0x1FFF => Script::Greek,
            0x400..=0x52F => Script::Cyrillic,
            0x590..=0x5FF => Script::Hebrew,
            0x600..=0x6FF | 0x750..=0x77F => Script::Arabic,
            0x900..=0x97F => Script::Devanagari,
            0xE00..=0xE7F => Script::Thai,
            0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Script::Kana,
            0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => Script::Hangul,
            _ if c.is_alphabetic() => Script::Other,
            _ => continue,
        };
        return script;
    }
    Script::Common
}

/// Whether `c` is a Han ideograph (CJK Unified Ideographs and extensions,
/// compatibility ideographs, and 〇).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x323AF)
}

/// Iterator over maximal runs of Han / non-Han text: `(start, end, is_han)`.
struct ScriptRuns<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> ScriptRuns<'a> {
    fn new(text: &'a str) -> Self {
        ScriptRuns { text, pos: 0 }
    }
}

impl Iterator for ScriptRuns<'_> {
    type Item = (usize, usize, bool);

    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.text.get(self.pos..)?;
        let first = rest.chars().next()?;
        let han = is_han(first);
        let len = rest
            .char_indices()
            .find(|&(_, c)| is_han(c) != han)
            .map_or(rest.len(), |(i, _)| i);
        let start = self.pos;
        self.pos += len;
        Some((start, self.pos, han))
    }
}

/// The kind of a UAX #29 word segment.
pub fn classify(piece: &str) -> TokenKind {
    let mut chars = piece.chars();
    let Some(first) = chars.next() else { return TokenKind::Space };
    if chars.next().is_none() && is_punct(first) {
        // The common case between Han runs (，。、), before the slower Unicode lookups.
        return TokenKind::Punct;
    }
    if piece.chars().all(char::is_whitespace) {
        return TokenKind::Space;
    }
    if is_emoji(first) {
        return TokenKind::Emoji;
    }
    if piece.chars().any(char::is_alphabetic) {
        return TokenKind::Word;
    }
    if piece.chars().any(char::is_numeric) {
        return TokenKind::Number;
    }
    if is_punct(first) {
        return TokenKind::Punct;
    }
    TokenKind::Symbol
}

fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF)
}

/// Punctuation (Unicode general category P*) for the blocks real text uses;
/// maths and currency signs are symbols.
pub fn is_punct(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation() && !matches!(c, '$' | '+' | '<' | '=' | '>' | '^' | '`' | '|' | '~');
    }
    matches!(c as u32,
        0x00A1 | 0x00A7 | 0x00AB | 0x00B6 | 0x00B7 | 0x00BB | 0x00BF
        | 0x2010..=0x2027 | 0x2030..=0x205E
        | 0x2E00..=0x2E4F
        | 0x3001..=0x3003 | 0x3008..=0x3011 | 0x3014..=0x301F | 0x3030 | 0x303D | 0x30FB
        | 0xFE10..=0xFE19 | 0xFE30..=0xFE6B
        | 0xFF01..=0xFF03 | 0xFF05..=0xFF0A | 0xFF0C..=0xFF0F | 0xFF1A | 0xFF1B | 0xFF1F | 0xFF20
        | 0xFF3B..=0xFF3D | 0xFF3F | 0xFF5B | 0xFF5D | 0xFF5F..=0xFF65)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        Segmenter::new()
            .segment(text)
            .iter()
            .filter(|t| t.kind.is_wordlike())
            .map(|t| t.span.slice(text))
            .collect()
    }

    #[test]
    fn spans_tile_mixed_text() {
        let text = "习近平同普京会谈。Hello, world! 2025年 «quoted» 👍🏽\n";
        let tokens = Segmenter::new().segment(text);
        let mut pos = 0;
        for t in &tokens {
            assert_eq!(t.span.start as usize, pos);
            pos = t.span.end as usize;
        }
        assert_eq!(pos, text.len());
    }

    #[test]
    fn chinese_names_and_places_are_words() {
        let w = words("国家主席习近平在北京人民大会堂同俄罗斯总统普京举行会谈");
        for expected in ["习近平", "主席", "普京", "俄罗斯", "总统"] {
            assert!(w.contains(&expected), "{expected} missing from {w:?}");
        }
    }

    #[test]
    fn kinds() {
        let t = "Hi 42 , $ 。👍";
        let kinds: Vec<TokenKind> = Segmenter::new().segment(t).iter().map(|t| t.kind).collect();
        use TokenKind::*;
        assert_eq!(kinds, vec![Word, Space, Number, Space, Punct, Space, Symbol, Space, Punct, Emoji]);
    }
}
