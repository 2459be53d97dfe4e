//! Chinese word segmentation of Han runs: jieba's algorithm over a dictionary
//! compiled into the binary.
//!
//! As in jieba: every dictionary word starting at every character forms a
//! DAG; dynamic programming picks the path with the highest product of word
//! probabilities (`freq / total`); runs of single characters that are not
//! themselves a dictionary word go through the HMM (`hmm.rs`), which is
//! what finds unknown names. The dictionary is jieba's `dict.txt` (MIT,
//! filtered, see `data/jieba/README.md`) laid out by `build.rs`, so building a
//! segmenter parses nothing (`lexicon.rs`). Traditional text is segmented
//! in its simplified form ([`super::trad`]) and the words are refined to
//! CTB/UD boundaries ([`super::refine`]).

use super::lexicon::{self, Lexicon};
use super::names;
use super::refine::{self, RefineRules};
use super::{hmm, RawToken, TokenKind};
use crate::span::Span;

/// Lowest frequency given to an added word without one, so it wins over the
/// dictionary words it overlaps in ordinary contexts.
const USER_MIN_FREQ: u64 = 1000;

/// The frequency a transliterated-name candidate competes with in the DAG: as rare
/// as a rare dictionary word, so the dictionary wins where it explains the run.
const TRANSLIT_FREQ: f64 = 20.0;

/// What the text around a Han run says about a name at its start (see
/// [`super::names`]): a byline, a photo credit or a list of names.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RunContext {
    /// The run starts with a personal name (记者 杨依军; 丁海涛 摄; 蔡奇、王毅参加).
    pub name_at_start: bool,
}

/// Segments runs of Han characters into words.
pub struct HanSegmenter {
    lex: Lexicon,
    rules: RefineRules,
    names: bool,
}

/// A word of a run: char range and tag class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Word {
    start: usize,
    end: usize,
    tag: u8,
}

const NO_TAG: u8 = 0;

/// Buffers reused across the runs of one text, so segmenting a run allocates
/// nothing once they have grown.
#[derive(Default)]
pub struct Scratch {
    chars: Vec<char>,
    offsets: Vec<usize>,
    run_offsets: Vec<usize>,
    route: Vec<(f64, usize, u8)>,
    words: Vec<Word>,
    hmm_prev: Vec<[u8; 4]>,
    hmm_path: Vec<u8>,
    hmm_lens: Vec<usize>,
}

impl HanSegmenter {
    /// A segmenter with the built-in dictionary (nothing is parsed).
    pub fn new() -> HanSegmenter {
        HanSegmenter { lex: Lexicon::new(), rules: RefineRules::default(), names: true }
    }

    pub fn set_rules(&mut self, rules: RefineRules) {
        self.rules = rules;
    }

    /// Whether names the dictionary lacks are found (on by default; off, the
    /// segmentation is jieba's).
    pub fn set_names(&mut self, on: bool) {
        self.names = on;
    }

    /// Adds a word (user dictionary or discovered term) that is kept whole;
    /// returns the frequency it was given. Traditional words are added in
    /// their simplified form, which is what the dictionary sees.
    pub fn add_word(&mut self, word: &str, freq: Option<usize>) -> usize {
        let simplified = super::trad::simplify(word);
        let word = simplified.as_deref().unwrap_or(word);
        let freq = freq.map_or_else(|| self.suggest_freq(word).max(USER_MIN_FREQ), |f| f as u64);
        self.lex.add(word, freq);
        freq as usize
    }

    /// The frequency that makes `word` come out whole when segmented alone
    /// (jieba's `suggest_freq`).
    fn suggest_freq(&self, word: &str) -> u64 {
        let mut sc = Scratch::default();
        decode(word, &mut sc.chars, &mut sc.offsets);
        let log_total = self.lex.log_total();
        let mut log_p = 0.0;
        let Scratch { chars, offsets, route, words, hmm_prev, hmm_path, hmm_lens, .. } = &mut sc;
        self.words(word, chars, offsets, false, route, words, (hmm_prev, hmm_path, hmm_lens));
        for w in words.iter() {
            let piece = slice(word, offsets, w.start, w.end);
            let f = self.lex.get(piece).map_or(1, |(f, _)| f.max(1));
            log_p += (f as f64).ln() - log_total;
        }
        let joined = (log_p + log_total).exp() as u64 + 1;
        joined.max(self.lex.get(word).map_or(1, |(f, _)| f))
    }

    pub fn has_word(&self, word: &str) -> bool {
        match super::trad::simplify(word) {
            Some(simplified) => self.lex.get(&simplified).is_some(),
            None => self.lex.get(word).is_some(),
        }
    }

    pub fn names(&self) -> bool {
        self.names
    }

    /// What `word` names, as far as the dictionary and the name rules tell: its
    /// dictionary tag (person, place, organisation), else the shape of a
    /// transliterated name or of a surname with one or two given characters.
    pub fn name_kind(&self, word: &str) -> Option<names::NameKind> {
        use names::NameKind;
        let simplified = super::trad::simplify(word);
        let w = simplified.as_deref().unwrap_or(word);
        let chars: Vec<char> = w.chars().collect();
        if chars.len() < 2 || !chars.iter().all(|&c| super::is_han(c)) {
            return None;
        }
        if chars.len() >= 3 && names::ORG_WORDS.iter().any(|o| w.ends_with(o) && w != *o) {
            return Some(NameKind::Organisation);
        }
        // A proper noun that jieba knows as a common word (成功 is also a town) is not a name here.
        let common = self.lex.get(w).is_some_and(|(_, tag)| tag == lexicon::NO_NAME_TAG);
        if let Some(kind) = names::proper_kind(w).filter(|_| !common) {
            return Some(kind);
        }
        if self.lex.get(w).is_some_and(|(_, tag)| tag != lexicon::TAG_USER) {
            return None;
        }
        // Not a dictionary word: the shape of a transliterated name, or a surname with
        // one or two given characters that are not function words or country initials
        // (三是, 蒙中 are two words run together).
        if chars.len() >= 3 && names::is_transliteration(&chars) {
            return Some(NameKind::Person);
        }
        let s = names::surname_len(&chars, 0);
        let given = chars.get(s..).unwrap_or(&[]);
        let plain = |c: &char| !names::is_stop(*c) && !"中俄蒙美日韩英法德朝越".contains(*c);
        (s > 0 && (1..=2).contains(&given.len()) && given.iter().all(plain) && plain(&chars[0])).then_some(NameKind::Person)
    }

    /// Frequency of a word given as characters, and whether it is a person name.
    fn lookup(&self, w: &[char]) -> Option<(u64, bool)> {
        self.lex.get_chars(w).map(|(f, t)| (f, t == lexicon::TAG_NAME))
    }

    /// The length in characters of a personal name at the start of `run` in a
    /// context that calls for one (a byline item, a list of names), if any.
    pub fn name_at_start(&self, run: &str) -> Option<usize> {
        let simplified = super::trad::simplify(run);
        let chars: Vec<char> = simplified.as_deref().unwrap_or(run).chars().collect();
        let lookup = |w: &[char]| self.lookup(w);
        let len = names::personal_name_len(&chars, 0, &lookup)?;
        chars.get(..len).and_then(|w| self.lookup(w)).map_or(true, |(_, name)| name).then_some(len)
    }

    /// Appends the words of the Han run `run` (which starts at byte `base` of the
    /// document) to `out`, using `sc`'s buffers; personal names the run's context
    /// calls for are words of their own (see [`super::names`]).
    pub fn cut(&self, run: &str, base: usize, out: &mut Vec<RawToken>, sc: &mut Scratch, ctx: RunContext) {
        let simplified = super::trad::simplify(run);
        let text = simplified.as_deref().unwrap_or(run);
        decode(text, &mut sc.chars, &mut sc.offsets);
        let lookup = |w: &[char]| self.lookup(w);
        let found = if self.names { names::personal_names(&sc.chars, ctx.name_at_start, &lookup) } else { Vec::new() };
        if found.is_empty() {
            // The whole run, already simplified and decoded.
            return self.cut_decoded(run, simplified.as_deref(), base, out, sc);
        }
        // Char index → byte offset in `run` (the original script).
        let starts: Vec<usize> = run.char_indices().map(|(i, _)| i).chain([run.len()]).collect();
        let at = |i: usize| starts.get(i).copied().unwrap_or(run.len());
        let mut pos = 0;
        for (a, b) in found {
            if a > pos {
                self.cut_plain(run.get(at(pos)..at(a)).unwrap_or(""), base + at(pos), out, sc);
            }
            out.push(RawToken { span: Span::new(base + at(a), base + at(b)), kind: TokenKind::Word });
            pos = b;
        }
        if at(pos) < run.len() {
            self.cut_plain(run.get(at(pos)..).unwrap_or(""), base + at(pos), out, sc);
        }
    }

    fn cut_plain(&self, run: &str, base: usize, out: &mut Vec<RawToken>, sc: &mut Scratch) {
        let simplified = super::trad::simplify(run);
        decode(simplified.as_deref().unwrap_or(run), &mut sc.chars, &mut sc.offsets);
        self.cut_decoded(run, simplified.as_deref(), base, out, sc);
    }

    /// [`Self::cut_plain`] once `run` is simplified (`simplified`, if it is
    /// traditional) and that text decoded into `sc.chars` and `sc.offsets`.
    fn cut_decoded(&self, run: &str, simplified: Option<&str>, base: usize, out: &mut Vec<RawToken>, sc: &mut Scratch) {
        // Traditional text is segmented in its simplified form, which has the
        // same number of characters: char indices map back through `run_offsets`.
        let text = simplified.unwrap_or(run);
        let Scratch { chars, offsets, run_offsets, route, words, hmm_prev, hmm_path, hmm_lens } = sc;
        let run_offsets: &[usize] = if simplified.is_some() {
            run_offsets.clear();
            run_offsets.extend(run.char_indices().map(|(i, _)| i).chain([run.len()]));
            run_offsets
        } else {
            offsets
        };
        let has_word = |w: &str| self.lex.get(w).is_some();
        self.words(text, chars, offsets, true, route, words, (hmm_prev, hmm_path, hmm_lens));
        for w in words.iter() {
            let mut start = w.start;
            if w.end - w.start >= 2 && w.tag != lexicon::TAG_USER {
                let tag = match w.tag {
                    lexicon::TAG_IDIOM => "i",
                    lexicon::TAG_FIXED => "l",
                    lexicon::TAG_NAME => "nr",
                    lexicon::TAG_ORG => "nt",
                    lexicon::TAG_PLACE => "ns",
                    _ => "",
                };
                let word_chars = chars.get(w.start..w.end).unwrap_or(&[]);
                for cut in refine::cuts(word_chars, tag, self.rules, &has_word) {
                    push(out, run_offsets, base, start, w.start + cut);
                    start = w.start + cut;
                }
            }
            push(out, run_offsets, base, start, w.end);
        }
    }

    /// jieba's segmentation of `text` (decoded into `chars` with byte
    /// `offsets`, one more at the end).
    #[allow(clippy::too_many_arguments)]
    fn words(
        &self,
        text: &str,
        chars: &[char],
        offsets: &[usize],
        use_hmm: bool,
        route: &mut Vec<(f64, usize, u8)>,
        out: &mut Vec<Word>,
        hmm_buf: HmmBuffers<'_>,
    ) {
        let n = chars.len();
        let log_total = self.lex.log_total();
        // route[i] = (best log-probability of chars i.., end of the first word, its tag)
        route.clear();
        route.resize(n + 1, (0.0, n, NO_TAG));
        for i in (0..n).rev() {
            let mut best: Option<(f64, usize, u8)> = None;
            self.lex.for_each_prefix(text, chars, offsets, i, |m| {
                let rest = route.get(m.end).map_or(0.0, |r| r.0);
                let p = m.log_freq - log_total + rest;
                if best.map_or(true, |(bp, be, _)| p > bp || (p == bp && m.end > be)) {
                    best = Some((p, m.end, m.tag));
                }
            });
            if use_hmm && self.names {
                names::translit_ends(chars, i, |end| {
                    let rest = route.get(end).map_or(0.0, |r| r.0);
                    let p = TRANSLIT_FREQ.ln() - log_total + rest;
                    if best.map_or(true, |(bp, be, _)| p > bp || (p == bp && end > be)) {
                        best = Some((p, end, lexicon::TAG_NAME));
                    }
                });
            }
            let fallback = (0.0 - log_total + route.get(i + 1).map_or(0.0, |r| r.0), i + 1, NO_TAG);
            if let Some(slot) = route.get_mut(i) {
                *slot = best.unwrap_or(fallback);
            }
        }
        out.clear();
        let (hmm_prev, hmm_path, hmm_lens) = hmm_buf;
        let mut x = 0;
        let mut single_from: Option<usize> = None;
        while x < n {
            let (_, y, tag) = route.get(x).copied().unwrap_or((0.0, n, NO_TAG));
            let y = y.max(x + 1);
            if y - x == 1 && use_hmm {
                single_from.get_or_insert(x);
            } else {
                if let Some(a) = single_from.take() {
                    self.singles(text, chars, offsets, a, x, out, (hmm_prev, hmm_path, hmm_lens));
                }
                out.push(Word { start: x, end: y, tag });
            }
            x = y;
        }
        if let Some(a) = single_from {
            self.singles(text, chars, offsets, a, n, out, (hmm_prev, hmm_path, hmm_lens));
        }
    }

    /// A run `a..b` of characters the best path left single: kept single if it
    /// is itself a dictionary word (the dictionary chose to split it), else
    /// cut by the HMM.
    #[allow(clippy::too_many_arguments)]
    fn singles(
        &self,
        text: &str,
        chars: &[char],
        offsets: &[usize],
        a: usize,
        b: usize,
        out: &mut Vec<Word>,
        (prev, path, lens): HmmBuffers<'_>,
    ) {
        let single = |i: usize| Word { start: i, end: i + 1, tag: NO_TAG };
        if b - a == 1 || self.lex.get(slice(text, offsets, a, b)).is_some() {
            out.extend((a..b).map(single));
            return;
        }
        let mut i = a;
        while i < b {
            let covered = chars.get(i).is_some_and(|&c| hmm::covers(c));
            let mut j = i + 1;
            while j < b && chars.get(j).is_some_and(|&c| hmm::covers(c)) == covered {
                j += 1;
            }
            if covered && j - i > 1 {
                lens.clear();
                hmm::cut(chars.get(i..j).unwrap_or(&[]), prev, path, lens);
                let mut s = i;
                for &len in lens.iter() {
                    out.push(Word { start: s, end: s + len, tag: NO_TAG });
                    s += len;
                }
            } else {
                out.extend((i..j).map(single));
            }
            i = j;
        }
    }
}

type HmmBuffers<'a> = (&'a mut Vec<[u8; 4]>, &'a mut Vec<u8>, &'a mut Vec<usize>);

fn decode(text: &str, chars: &mut Vec<char>, offsets: &mut Vec<usize>) {
    chars.clear();
    offsets.clear();
    for (i, c) in text.char_indices() {
        chars.push(c);
        offsets.push(i);
    }
    offsets.push(text.len());
}

fn slice<'a>(text: &'a str, offsets: &[usize], a: usize, b: usize) -> &'a str {
    match (offsets.get(a), offsets.get(b)) {
        (Some(&s), Some(&e)) => text.get(s..e).unwrap_or(""),
        _ => "",
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

    fn words(seg: &HanSegmenter, run: &str) -> Vec<String> {
        let mut out = Vec::new();
        seg.cut(run, 0, &mut out, &mut Scratch::default(), RunContext::default());
        out.iter().map(|t| t.span.slice(run).to_owned()).collect()
    }

    #[test]
    fn table() {
        let mut seg = HanSegmenter::new();
        assert_eq!(words(&seg, "国家主席习近平"), ["国家", "主席", "习近平"]);
        // Traditional: segmented through the simplified form, spans on the original.
        assert_eq!(words(&seg, "國家主席習近平"), ["國家", "主席", "習近平"]);
        // A transliterated name the dictionary lacks is found as one (names.rs) …
        assert_eq!(words(&seg, "总统呼日勒苏赫"), ["总统", "呼日勒苏赫"]);
        // … which jieba alone cuts.
        seg.set_names(false);
        assert_eq!(words(&seg, "总统呼日勒苏赫"), ["总统", "呼日勒", "苏赫"]);
        assert!(!seg.has_word("呼日勒苏赫"));
        let f = seg.add_word("呼日勒苏赫", None);
        assert!(f >= 1000, "{f}");
        assert!(seg.has_word("呼日勒苏赫"));
        assert_eq!(words(&seg, "总统呼日勒苏赫"), ["总统", "呼日勒苏赫"]);
        // An added word is kept whole by the refinement rules too.
        assert_eq!(words(&seg, "北京市"), ["北京", "市"]);
        seg.add_word("北京市", None);
        assert_eq!(words(&seg, "北京市"), ["北京市"]);
        // A traditional user word works on either script.
        seg.add_word("上海合作組織", None);
        assert_eq!(words(&seg, "上海合作组织"), ["上海合作组织"]);
        assert_eq!(words(&seg, "上海合作組織"), ["上海合作組織"]);
    }
}
