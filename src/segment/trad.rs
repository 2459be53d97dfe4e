//! Traditional → simplified Chinese, character for character, so traditional
//! text can be segmented with the simplified dictionary while every offset
//! stays valid.
//!
//! The tables are OpenCC's (Apache-2.0): CJK compatibility ideographs, Taiwan
//! variants and `TSCharacters`, composed into one char → char map, plus the
//! `TSPhrases` entries of equal length for the characters whose simplified
//! form depends on the word (乾隆 stays 乾隆, 乾淨 becomes 干净). Because the
//! output has exactly as many characters as the input, the n-th character of
//! the simplified text is the n-th character of the original, which is how
//! token spans are mapped back. Measured on UD Chinese-GSD (traditional), see
//! `docs/benchmarks.md`.

#[path = "trad_table.rs"]
mod table;

/// The block of code points [`simplify_char`] maps through a direct table
/// (CJK Extension A and Unified Ideographs, where nearly all of them lie).
const DIRECT: std::ops::Range<u32> = 0x3400..0xA000;

/// The simplified form of each character of [`DIRECT`], built once.
fn direct_table() -> &'static [char] {
    static TABLE: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t: Vec<char> = DIRECT.map(|u| char::from_u32(u).unwrap_or(' ')).collect();
        for &(k, v, _) in table::CHARS.iter() {
            if let Some(slot) = t.get_mut((k as u32).wrapping_sub(DIRECT.start) as usize) {
                *slot = v;
            }
        }
        t
    })
}

/// The simplified form of one character (itself when it has none).
pub fn simplify_char(c: char) -> char {
    let u = c as u32;
    if u < DIRECT.start {
        return c;
    }
    if u < DIRECT.end {
        return direct_table().get((u - DIRECT.start) as usize).copied().unwrap_or(c);
    }
    match table::CHARS.binary_search_by(|&(k, _, _)| k.cmp(&c)) {
        Ok(i) => table::CHARS.get(i).map_or(c, |&(_, v, _)| v),
        Err(_) => c,
    }
}

/// Whether `c` is used only in traditional text (its simplified form differs
/// and it is no simplified character itself: 們, 國, 乾 — but not 著, 么).
#[inline]
pub fn is_traditional_only(c: char) -> bool {
    let u = c as u32;
    if u < 0x3400 {
        return false;
    }
    if u < 0x10000 {
        return table::TRAD_ONLY_BMP.get((u >> 6) as usize).is_some_and(|w| w >> (u & 63) & 1 == 1);
    }
    table::CHARS.binary_search_by(|&(k, _, _)| k.cmp(&c)).ok().and_then(|i| table::CHARS.get(i)).is_some_and(|e| e.2)
}

/// Whether `text` is traditional Chinese: it has a character only
/// traditional text uses. Simplified text is left exactly as it is (mapping
/// it would turn 著名 into 着名 and 什么 into 什幺).
pub fn has_traditional(text: &str) -> bool {
    text.chars().any(is_traditional_only)
}

/// The simplified form of `text`, with the same number of characters; `None`
/// when it is not traditional (see [`has_traditional`]).
pub fn simplify(text: &str) -> Option<String> {
    if !has_traditional(text) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some((from, to)) = phrase_at(rest) {
            out.push_str(to);
            rest = rest.get(from.len()..).unwrap_or("");
            continue;
        }
        out.push(simplify_char(c));
        rest = rest.get(c.len_utf8()..).unwrap_or("");
    }
    Some(out)
}

/// The first characters of the phrases, sorted, each with the range of
/// [`table::PHRASES`] that starts with it (the table is sorted, so they are
/// consecutive); built once.
fn phrase_index() -> &'static [(char, usize, usize)] {
    static INDEX: std::sync::OnceLock<Vec<(char, usize, usize)>> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index: Vec<(char, usize, usize)> = Vec::new();
        for (i, (k, _)) in table::PHRASES.iter().enumerate() {
            let Some(c) = k.chars().next() else { continue };
            match index.last_mut() {
                Some(last) if last.0 == c => last.2 = i + 1,
                _ => index.push((c, i, i + 1)),
            }
        }
        index
    })
}

/// The longest phrase of the table at the start of `text`.
fn phrase_at(text: &str) -> Option<(&'static str, &'static str)> {
    let first = text.chars().next()?;
    let index = phrase_index();
    let &(_, lo, hi) = index.get(index.binary_search_by(|e| e.0.cmp(&first)).ok()?)?;
    let mut best: Option<(&'static str, &'static str)> = None;
    for &(k, v) in table::PHRASES.get(lo..hi).unwrap_or(&[]) {
        if text.starts_with(k) && best.map_or(true, |(b, _)| k.len() > b.len()) {
            best = Some((k, v));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_and_keep_lengths() {
        assert!(table::CHARS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(phrase_index().windows(2).all(|w| w[0].0 < w[1].0 && w[0].2 == w[1].1));
        assert!(table::CHARS.iter().any(|e| e.2) && table::CHARS.iter().any(|e| !e.2));
        for &(k, v, only) in table::CHARS.iter() {
            assert_eq!(is_traditional_only(k), only, "{k}");
            assert_eq!(simplify_char(k), v, "{k}");
        }
        assert_eq!(simplify_char('中'), '中');
        assert!(table::PHRASES.windows(2).all(|w| w[0].0 < w[1].0));
        for (k, v) in table::PHRASES {
            assert_eq!(k.chars().count(), v.chars().count(), "{k}");
        }
    }

    #[test]
    fn table() {
        for (trad, simp) in [
            ("上海合作組織", "上海合作组织"),
            ("臺灣的經濟發展", "台湾的经济发展"),
            ("裡面", "里面"),
            ("乾隆皇帝", "乾隆皇帝"),
            ("乾淨", "干净"),
            ("Hello 世界", "Hello 世界"),
        ] {
            let got = simplify(trad).unwrap_or_else(|| trad.to_owned());
            assert_eq!(got, simp, "{trad}");
            assert_eq!(got.chars().count(), trad.chars().count());
        }
        assert_eq!(simplify("已经是简体"), None);
        assert_eq!(simplify("说什么著名"), None, "simplified text is never mapped");
        assert_eq!(simplify("看著們").as_deref(), Some("看着们"));
    }
}
