//! Finer word boundaries on top of jieba's dictionary segmentation, following
//! the Chinese Treebank / Universal Dependencies conventions that jieba's
//! dictionary does not: a numeral or demonstrative is a word apart from its
//! classifier (一 个, 这 个, 第一 个), a verb apart from a following 于/为
//! (位 于, 成 为), and a place or noun apart from a productive suffix
//! (北京 市, 科学 家, 消费 者). Each rule only splits a word into parts the
//! dictionary knows, and was kept only if it raised F1 on the UD dev sets
//! (see `docs/benchmarks.md`).
//!
//! Idioms (`i`), person names (`nr`) and, for the suffix rule, organisation
//! names (`nt`: 联合国) are never split — a reader's term wins over UD there
//! (it costs 0.002 F1). Words the user or term discovery added are never split.
//!
//! The rules work on simplified text (traditional text is mapped first, see
//! [`super::trad`]).

/// Characters of a numeral (Chinese or Arabic digits, 几/数/多/半 for vague
/// amounts).
fn is_numeral(c: char) -> bool {
    matches!(c, '零' | '〇' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '百' | '千' | '万' | '亿'
        | '两' | '几' | '数' | '多' | '半' | '0'..='9' | '０'..='９')
}

fn is_demonstrative(c: char) -> bool {
    matches!(c, '这' | '那' | '哪' | '每' | '各' | '该' | '某' | '此' | '本' | '其')
}

/// Classifiers (measure words) that stand apart from a numeral or demonstrative.
fn is_classifier(c: char) -> bool {
    matches!(c, '个' | '种' | '座' | '部' | '条' | '支' | '所' | '篇' | '年' | '次' | '名' | '位' | '件' | '本' | '张'
        | '只' | '头' | '匹' | '台' | '辆' | '架' | '艘' | '家' | '间' | '层' | '项' | '份' | '股' | '套' | '批' | '场'
        | '届' | '首' | '枚' | '颗' | '栋' | '起' | '段' | '句' | '道' | '则' | '轮' | '款' | '集' | '季' | '代'
        | '岁' | '倍' | '天' | '周' | '月' | '日' | '号' | '点' | '分' | '秒' | '元' | '米' | '人')
}

/// Productive suffixes that UD splits from a dictionary stem of two or more characters.
fn is_suffix(c: char) -> bool {
    matches!(c, '市' | '省' | '县' | '州' | '区' | '镇' | '村' | '人' | '家' | '者' | '室' | '会' | '员' | '院' | '馆'
        | '场' | '机' | '业' | '军' | '国' | '府' | '币' | '量' | '舰' | '线' | '站' | '队' | '部' | '局' | '厅' | '所'
        | '党' | '派' | '学' | '界' | '节' | '法' | '型' | '式' | '性' | '化' | '率' | '湖' | '河' | '山' | '岛' | '路' | '街'
        | '港' | '桥' | '车' | '语' | '族' | '籍' | '史')
}

/// Two-character words whose second character 于/为 is a word of its own in UD.
fn splits_before_yu_wei(first: char, second: char) -> bool {
    matches!(second, '于' | '为')
        && !matches!(first, '因' | '认' | '以' | '行' | '对' | '关' | '由' | '终' | '至' | '在' | '等' | '过' | '善' | '为'
            | '最' | '较' | '更' | '甚' | '极' | '尤' | '难' | '易' | '便' | '勇' | '敢' | '急' | '利' | '鉴' | '基' | '限')
}

/// Which rules to apply; all on by default. Exposed for measurement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RefineRules {
    pub classifier: bool,
    pub yu_wei: bool,
    pub suffix: bool,
    pub compound: bool,
}

impl Default for RefineRules {
    fn default() -> Self {
        RefineRules { classifier: true, yu_wei: true, suffix: true, compound: true }
    }
}

/// Where to cut `word` (char offsets inside it, ascending), given a dictionary
/// test and the word's part-of-speech tag (`i`/`l` mark idioms, kept whole).
pub fn cuts(word: &[char], tag: &str, rules: RefineRules, has_word: &dyn Fn(&str) -> bool) -> Vec<usize> {
    let n = word.len();
    if n < 2 || matches!(tag, "i" | "nr" | "nrt" | "nrfg") {
        return Vec::new();
    }
    let (Some(&first), Some(&last)) = (word.first(), word.last()) else { return Vec::new() };
    let has = |a: usize, b: usize| has_chars(word.get(a..b).unwrap_or(&[]), has_word);
    if rules.classifier && is_classifier(last) {
        let head = word.get(..n - 1).unwrap_or(&[]);
        let numeral = !head.is_empty() && head.iter().all(|&c| is_numeral(c));
        let ordinal = head.len() >= 2 && head.first() == Some(&'第') && head.iter().skip(1).all(|&c| is_numeral(c));
        let demonstrative = head.len() == 1 && is_demonstrative(first);
        if numeral || ordinal || demonstrative {
            return vec![n - 1];
        }
    }
    if rules.yu_wei && n == 2 {
        if let Some(&second) = word.get(1) {
            if splits_before_yu_wei(first, second) {
                return vec![1];
            }
        }
    }
    if rules.suffix && n >= 3 && tag != "nt" && is_suffix(last) && has(0, n - 1) {
        return vec![n - 1];
    }
    if rules.compound && n == 4 && has(0, 2) && has(2, 4) {
        return vec![2];
    }
    Vec::new()
}

/// `has_word` of `chars` spelled out, on the stack when the word is short.
fn has_chars(chars: &[char], has_word: &dyn Fn(&str) -> bool) -> bool {
    let mut buf = [0u8; 64];
    let mut len = 0;
    for &c in chars {
        match buf.get_mut(len..len + 4) {
            Some(slot) => len += c.encode_utf8(slot).len(),
            None => return has_word(&chars.iter().collect::<String>()),
        }
    }
    std::str::from_utf8(buf.get(..len).unwrap_or(&[])).is_ok_and(has_word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let dict = ["北京", "科学", "人口", "密度", "部分", "联合"];
        let has = |w: &str| dict.contains(&w);
        let all = RefineRules::default();
        let cases: &[(&str, &str, &[usize])] = &[
            ("一个", "", &[1]),
            ("这个", "", &[1]),
            ("第一个", "", &[2]),
            ("三十年", "", &[2]),
            ("一样", "", &[]),
            ("位于", "", &[1]),
            ("成为", "", &[1]),
            ("因为", "", &[]),
            ("关于", "", &[]),
            ("北京市", "ns", &[2]),
            ("科学家", "n", &[2]),
            ("联合国", "nt", &[]),
            ("人口密度", "n", &[2]),
            ("一心一意", "i", &[]),
            ("习近平", "nr", &[]),
        ];
        for (word, tag, expected) in cases {
            let chars: Vec<char> = word.chars().collect();
            assert_eq!(cuts(&chars, tag, all, &has), *expected, "{word}");
        }
        let none = RefineRules { classifier: false, yu_wei: false, suffix: false, compound: false };
        for (word, tag, _) in cases {
            let chars: Vec<char> = word.chars().collect();
            assert!(cuts(&chars, tag, none, &has).is_empty(), "{word}");
        }
    }
}
