//! Built-in stopword lists, embedded from `data/stopwords/` (stopwords-iso,
//! MIT; see the README there).
//!
//! The page shows a list, lets a person edit it and sends the edited words
//! back with each request; the core only folds and matches them.

/// `(ISO 639-1 code, English name, file contents)`, sorted by code.
const LISTS: &[(&str, &str, &str)] = &[
    ("ar", "Arabic", include_str!("../../data/stopwords/ar.txt")),
    ("de", "German", include_str!("../../data/stopwords/de.txt")),
    ("en", "English", include_str!("../../data/stopwords/en.txt")),
    ("es", "Spanish", include_str!("../../data/stopwords/es.txt")),
    ("fa", "Persian", include_str!("../../data/stopwords/fa.txt")),
    ("fr", "French", include_str!("../../data/stopwords/fr.txt")),
    ("hi", "Hindi", include_str!("../../data/stopwords/hi.txt")),
    ("id", "Indonesian", include_str!("../../data/stopwords/id.txt")),
    ("it", "Italian", include_str!("../../data/stopwords/it.txt")),
    ("ja", "Japanese", include_str!("../../data/stopwords/ja.txt")),
    ("ko", "Korean", include_str!("../../data/stopwords/ko.txt")),
    ("nl", "Dutch", include_str!("../../data/stopwords/nl.txt")),
    ("pl", "Polish", include_str!("../../data/stopwords/pl.txt")),
    ("pt", "Portuguese", include_str!("../../data/stopwords/pt.txt")),
    ("ru", "Russian", include_str!("../../data/stopwords/ru.txt")),
    ("sv", "Swedish", include_str!("../../data/stopwords/sv.txt")),
    ("tr", "Turkish", include_str!("../../data/stopwords/tr.txt")),
    ("uk", "Ukrainian", include_str!("../../data/stopwords/uk.txt")),
    ("vi", "Vietnamese", include_str!("../../data/stopwords/vi.txt")),
    ("zh", "Chinese (simplified)", include_str!("../../data/stopwords/zh.txt")),
];

/// The languages with a built-in list: `(code, English name)`, sorted by code.
pub fn languages() -> Vec<(&'static str, &'static str)> {
    LISTS.iter().map(|&(code, name, _)| (code, name)).collect()
}

/// The built-in list for an ISO 639-1 code (`"zh"`, `"en"`, …), in the
/// source's order; `None` for a language without a list.
pub fn builtin(code: &str) -> Option<Vec<&'static str>> {
    let code = code.trim().to_ascii_lowercase();
    LISTS
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, _, text)| text.lines().map(str::trim).filter(|w| !w.is_empty()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_load_and_hold_their_languages_words() {
        let zh = builtin("zh").unwrap_or_default();
        assert!(zh.len() > 700, "{}", zh.len());
        assert!(zh.contains(&"的") && zh.contains(&"我们"));
        let en = builtin("EN").unwrap_or_default();
        assert!(en.contains(&"the") && en.contains(&"and"));
        assert!(!en.contains(&"whale"));
        assert!(builtin("xx").is_none());
        let codes: Vec<&str> = languages().iter().map(|l| l.0).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        assert_eq!(codes, sorted);
        for code in codes {
            assert!(builtin(code).is_some_and(|l| !l.is_empty()), "{code}");
        }
    }
}
