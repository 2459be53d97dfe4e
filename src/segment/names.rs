//! Names in a single document, without a user dictionary (issue #14).
//!
//! Two kinds of evidence, both from open data (`data/names/README.md`):
//!
//! * **Transliterated names** (呼日勒苏赫, 泽连斯基, 内塔尼亚胡) are runs of characters
//!   that occur far more often in foreign proper names than in common words. Each
//!   character has a score (log ratio of the two frequencies, from CC-CEDICT); a run of
//!   three or more scoring characters whose mean is high enough becomes a candidate word
//!   in jieba's DAG ([`translit_ends`]), which the best path takes unless the
//!   dictionary explains the run better.
//! * **Chinese personal names** (surname + one or two given characters) are too easily
//!   confused with ordinary words to be guessed everywhere, so they are only taken where
//!   the context says a name stands: after a title (国家主席, 发言人, 记者), before a
//!   speech verb (郭嘉昆说), as a byline or photo credit (记者 杨依军 曹嘉明, 丁海涛 摄)
//!   and as an item of a list of names (蔡奇、王毅). [`personal_name_len`] decides how
//!   long the name is.
//!
//! Found names are tagged as person names, which the refinement rules never split.

mod tables {
    include!(concat!(env!("OUT_DIR"), "/names.rs"));
}

use serde::{Deserialize, Serialize};

/// What a name names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum NameKind {
    Person,
    Place,
    Organisation,
}

/// Last words of organisation names (上海合作组织, 北京大学, 中国共产党).
pub const ORG_WORDS: &[&str] = &[
    "组织", "大学", "学院", "委员会", "银行", "协会", "联盟", "集团", "公司", "政府", "大会", "理事会", "论坛",
    "共产党", "党", "中心", "研究院", "研究所", "基金会", "联合会", "议会", "机构", "合作社", "交易所", "电视台",
    "外交部", "国务院", "新华社",
];

/// The kind of a proper noun CC-CEDICT lists (习近平, 天津, 联合国), if it does.
pub fn proper_kind(word: &str) -> Option<NameKind> {
    let i = tables::PROPER.binary_search_by(|(w, _)| (*w).cmp(word)).ok()?;
    match tables::PROPER.get(i)?.1 {
        b'P' => Some(NameKind::Person),
        b'L' => Some(NameKind::Place),
        b'O' => Some(NameKind::Organisation),
        _ => None,
    }
}

/// Whether the whole of `chars` is one transliterated-name candidate.
pub fn is_transliteration(chars: &[char]) -> bool {
    longest_translit(chars, 0) == Some(chars.len())
}

/// Shortest transliterated name taken without the dictionary's help.
const TRANSLIT_MIN: usize = 3;
/// Longest run considered (呼日勒苏赫 is 5, 内塔尼亚胡 5, 斯维亚托斯拉夫 7).
const TRANSLIT_MAX: usize = 10;
/// A character below this score (tenths of a natural log) ends a run.
const TRANSLIT_CHAR_MIN: i32 = 0;
/// The mean score (tenths) a run needs to be taken as a name. This and the two
/// constants around it were chosen on the UD dev sets (`examples/ud_score.rs`).
const TRANSLIT_MEAN_MIN: i32 = 28;

/// Transliteration score of `c` in tenths of a natural log (`None`: never in a
/// foreign name).
pub fn translit_score(c: char) -> Option<i32> {
    match tables::TRANSLIT_DIRECT.get((c as u32).wrapping_sub(tables::TRANSLIT_FROM) as usize) {
        Some(&s) if s != i8::MIN => Some(i32::from(s)),
        _ => None,
    }
}

/// Calls `f(end)` for every transliterated-name candidate `chars[i..end]`, shortest
/// first: at least [`TRANSLIT_MIN`] scoring characters with a high enough mean.
pub(super) fn translit_ends(chars: &[char], i: usize, mut f: impl FnMut(usize)) {
    let mut sum = 0;
    for (len, &c) in chars.iter().skip(i).take(TRANSLIT_MAX).enumerate() {
        let Some(s) = translit_score(c).filter(|&s| s >= TRANSLIT_CHAR_MIN) else { return };
        sum += s;
        let len = len + 1;
        // A character repeated (哈哈哈) is laughter or a reduplication, not a name.
        if len >= 2 && chars.get(i + len - 2) == Some(&c) {
            return;
        }
        if len >= TRANSLIT_MIN && sum >= TRANSLIT_MEAN_MIN * len as i32 {
            f(i + len);
        }
    }
}

/// The end of the longest transliterated-name candidate starting at `chars[i]`.
fn longest_translit(chars: &[char], i: usize) -> Option<usize> {
    let mut end = None;
    translit_ends(chars, i, |e| end = Some(e));
    end
}

/// How many characters of `chars[i..]` are a surname: 2 for a compound surname
/// (欧阳, 司马), 1 for a single one, 0 for none.
pub fn surname_len(chars: &[char], i: usize) -> usize {
    if let (Some(&a), Some(&b)) = (chars.get(i), chars.get(i + 1)) {
        if tables::COMPOUND_SURNAMES.binary_search(&(a, b)).is_ok() {
            return 2;
        }
    }
    match chars.get(i) {
        // 和 and 那 are surnames, but far more often a conjunction and a demonstrative.
        Some(&c) if c != '和' && c != '那' && tables::SURNAMES.binary_search(&c).is_ok() => 1,
        _ => 0,
    }
}

/// Titles and roles that a personal name follows (国家主席习近平, 发言人郭嘉昆).
pub const TITLES: &[&str] = &[
    "主席", "总统", "总理", "首相", "书记", "发言人", "部长", "外长", "大使", "市长", "省长", "县长", "区长", "州长",
    "主任", "委员", "常委", "局长", "厅长", "司长", "署长", "总裁", "董事长", "总经理", "校长", "院长", "所长", "教授",
    "记者", "通讯员", "主编", "秘书长", "国务卿", "议长", "总督", "国王", "女王", "教练", "队长", "律师", "法官",
    "院士", "研究员", "工程师", "主持人", "副总理", "会长", "理事长", "特使", "代表", "同志",
];

/// [`TITLES`] as characters, and their last characters sorted, built once.
struct Titles {
    words: Vec<Vec<char>>,
    last: Vec<char>,
}

fn titles() -> &'static Titles {
    static TITLES_INDEX: std::sync::OnceLock<Titles> = std::sync::OnceLock::new();
    TITLES_INDEX.get_or_init(|| {
        let words: Vec<Vec<char>> = TITLES.iter().map(|w| w.chars().collect()).collect();
        let mut last: Vec<char> = words.iter().filter_map(|w| w.last().copied()).collect();
        last.sort_unstable();
        last.dedup();
        Titles { words, last }
    })
}

/// Verbs that follow a named speaker or actor at the start of a clause (郭嘉昆说).
pub(super) const AFTER_NAME: &[&str] = &[
    "表示", "说", "指出", "强调", "认为", "介绍", "透露", "告诉", "宣布", "回答", "称", "主持", "会见", "出席",
    "参加", "提出", "致辞", "发表", "摄", "报道",
];

/// The first characters of [`AFTER_NAME`], sorted, built once.
fn verb_initials() -> &'static [char] {
    static INITIALS: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
    INITIALS.get_or_init(|| {
        let mut v: Vec<char> = AFTER_NAME.iter().filter_map(|w| w.chars().next()).collect();
        v.sort_unstable();
        v.dedup();
        v
    })
}

/// Characters that end a name: a one-character word right after the surname and
/// first given character is more likely the next word (王毅在, 李强说).
pub fn is_stop(c: char) -> bool {
    matches!(c, '说' | '在' | '和' | '与' | '同' | '对' | '是' | '的' | '等' | '也' | '都' | '就' | '将' | '向' | '为' | '被'
        | '把' | '从' | '到' | '于' | '及' | '以' | '曾' | '已' | '还' | '又' | '再' | '所' | '了' | '着' | '过' | '并'
        | '称' | '让' | '请' | '给' | '跟' | '却' | '则' | '而' | '或' | '摄' | '率' | '会' | '要' | '能' | '不' | '一'
        | '致' | '今' | '昨' | '日')
}

/// Whether `chars[a..b]` is spelled by one of `words`.
pub(super) fn starts_with_any(chars: &[char], a: usize, words: &[&str]) -> Option<usize> {
    words.iter().find_map(|w| {
        // Character by character: most words differ at the first.
        let mut n = 0;
        for c in w.chars() {
            if chars.get(a + n) != Some(&c) {
                return None;
            }
            n += 1;
        }
        Some(n)
    })
}

/// A dictionary lookup: frequency and whether the word is itself a name.
pub(super) type Lookup<'a> = &'a dyn Fn(&[char]) -> Option<(u64, bool)>;

/// A common (non-name) dictionary word at least this frequent starting where a given
/// name would start makes the "name" an ordinary phrase (总书记和党中央, 主席向大会).
const COMMON_WORD_FREQ: u64 = 200;

/// The longest common word starting at `a` (chars), if one is frequent.
fn common_word_at(chars: &[char], a: usize, lookup: Lookup<'_>) -> Option<usize> {
    (2..=4).rev().find(|&len| {
        chars.get(a..a + len).and_then(lookup).is_some_and(|(f, name)| !name && f >= COMMON_WORD_FREQ)
    })
}

/// The length in characters of the personal name starting at `chars[i]` in a context
/// that calls for a name (after a title, a byline, a list of names), or `None` when
/// `chars[i..]` does not start with a surname or its given name would start an
/// ordinary word. Two given characters unless the second would start the next word
/// (王毅参加) or is a function word (李强说).
pub(super) fn personal_name_len(chars: &[char], i: usize, lookup: Lookup<'_>) -> Option<usize> {
    let s = surname_len(chars, i);
    if s == 0 {
        return None;
    }
    // 总统卢卡申科, 秘书长古特雷斯: a foreign name that merely starts with a surname.
    if longest_translit(chars, i).is_some_and(|e| e > i + s + 2) {
        return None;
    }
    let g = i + s;
    let n = chars.len();
    if g >= n || common_word_at(chars, g, lookup).is_some() || is_stop(chars.get(g).copied().unwrap_or(' ')) {
        return None;
    }
    let third = g + 1;
    if third >= n {
        return Some(s + 1);
    }
    // A named speaker: the verb decides (郭嘉昆说, 王毅参加).
    if starts_with_any(chars, third + 1, AFTER_NAME).is_some() {
        return Some(s + 2);
    }
    if starts_with_any(chars, third, AFTER_NAME).is_some() {
        return Some(s + 1);
    }
    let next_is_word = common_word_at(chars, third, lookup).is_some();
    let third_stops = chars.get(third).is_some_and(|&c| is_stop(c));
    Some(if next_is_word || third_stops { s + 1 } else { s + 2 })
}

/// Character ranges of the personal names `chars` (one Han run) holds by its own
/// context: after a title, or at the start before a speech verb; `at_start` also
/// takes a name at the start with no further evidence (the run follows a list item
/// that was a name). Sorted, not overlapping.
pub(super) fn personal_names(chars: &[char], at_start: bool, lookup: Lookup<'_>) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let take = |a: usize, len: usize, out: &mut Vec<(usize, usize)>| {
        if out.last().map_or(true, |&(_, e)| e <= a) {
            out.push((a, a + len));
        }
    };
    // A name at the start is taken only `at_start` or before a speech verb, which
    // starts right after a name of two or three (a compound surname: four) characters.
    let verb_follows = || (2..=4).any(|k| chars.get(k).is_some_and(|c| verb_initials().binary_search(c).is_ok()));
    if let Some(len) = (at_start || verb_follows()).then(|| personal_name_len(chars, 0, lookup)).flatten() {
        let speaker = starts_with_any(chars, len, AFTER_NAME).is_some();
        // Already a word of its own (a dictionary name such as 习近平): nothing to add.
        if (at_start || speaker) && chars.get(..len).and_then(lookup).map_or(true, |(_, name)| name) {
            take(0, len, &mut out);
        }
    }
    let titles = titles();
    let mut i = 1;
    while i < chars.len() {
        // Only a title's last character can end a title: most positions stop at one lookup.
        let ends_title = chars.get(i - 1).is_some_and(|c| titles.last.binary_search(c).is_ok());
        if ends_title && titles.words.iter().any(|w| i >= w.len() && chars.get(i - w.len()..i) == Some(w.as_slice())) {
            if let Some(len) = personal_name_len(chars, i, lookup) {
                // The whole candidate a common word (主席团 aside, 总统府): not a name.
                if chars.get(i..i + len).and_then(lookup).map_or(true, |(_, name)| name) {
                    take(i, len, &mut out);
                    i += len;
                    continue;
                }
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn tables_are_loaded() {
        assert!(translit_score('斯').is_some_and(|s| s > 30));
        assert!(translit_score('是').is_none());
        assert_eq!(surname_len(&chars("王毅"), 0), 1);
        assert_eq!(surname_len(&chars("欧阳修"), 0), 2);
        assert_eq!(surname_len(&chars("和平"), 0), 0);
    }

    #[test]
    fn transliteration_candidates() {
        let ends = |s: &str| {
            let c = chars(s);
            let mut out = Vec::new();
            translit_ends(&c, 0, |e| out.push(e));
            out
        };
        assert!(ends("呼日勒苏赫表示").contains(&5));
        assert!(ends("泽连斯基").contains(&4));
        assert!(ends("内塔尼亚胡").contains(&5));
        assert!(ends("哈哈哈").is_empty());
        assert!(ends("我们是").is_empty());
    }

    #[test]
    fn personal_name_lengths() {
        let none = |_: &[char]| None;
        let canjia = |w: &[char]| (w.iter().collect::<String>() == "参加").then_some((5000, false));
        assert_eq!(personal_name_len(&chars("郭嘉昆"), 0, &none), Some(3));
        assert_eq!(personal_name_len(&chars("郭嘉昆说"), 0, &none), Some(3));
        assert_eq!(personal_name_len(&chars("王毅参加会晤"), 0, &canjia), Some(2));
        assert_eq!(personal_name_len(&chars("李强在"), 0, &none), Some(2));
        assert_eq!(personal_name_len(&chars("魏彧"), 0, &none), Some(2));
        assert_eq!(personal_name_len(&chars("欧阳修"), 0, &none), Some(3));
        assert_eq!(personal_name_len(&chars("在北京"), 0, &none), None);
    }
}

