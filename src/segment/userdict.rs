//! The user dictionary: one term a line, optionally followed by a frequency
//! (`上海合作组织 5000`); blank lines and lines starting with `#` are skipped.

use crate::error::{Error, ErrorKind, Result};

/// Longest accepted term, in characters.
pub const MAX_TERM_CHARS: usize = 64;
/// Most entries in one dictionary.
pub const MAX_ENTRIES: usize = 100_000;

/// One user dictionary entry.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct UserWord {
    pub word: String,
    pub freq: Option<usize>,
}

/// Parses a user dictionary.
///
/// # Errors
/// [`ErrorKind::InvalidDictionary`] with the line number when a frequency is
/// not a whole number, a term is longer than [`MAX_TERM_CHARS`] characters or
/// contains white space or punctuation, or there are more than [`MAX_ENTRIES`] lines.
pub fn parse_user_dictionary(text: &str) -> Result<Vec<UserWord>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut fields = line.split_whitespace();
        let word = fields.next().unwrap_or("");
        let freq = match fields.next() {
            None => None,
            Some(f) => Some(f.parse::<usize>().map_err(|_| {
                Error::new(
                    ErrorKind::InvalidDictionary,
                    format!("user dictionary line {n}: frequency `{f}` is not a whole number"),
                )
            })?),
        };
        let chars = word.chars().count();
        if chars > MAX_TERM_CHARS {
            return Err(Error::new(
                ErrorKind::InvalidDictionary,
                format!("user dictionary line {n}: term of {chars} characters, over the limit of {MAX_TERM_CHARS}"),
            ));
        }
        if word.chars().any(|c| super::is_punct(c) || c.is_control()) {
            return Err(Error::new(
                ErrorKind::InvalidDictionary,
                format!("user dictionary line {n}: term `{word}` contains punctuation"),
            ));
        }
        if out.len() >= MAX_ENTRIES {
            return Err(Error::new(
                ErrorKind::InvalidDictionary,
                format!("user dictionary has more than {MAX_ENTRIES} entries"),
            ));
        }
        out.push(UserWord { word: word.to_owned(), freq });
    }
    out.sort();
    out.dedup_by(|a, b| a.word == b.word);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let ok = parse_user_dictionary("# names\n呼日勒苏赫\n\n上海合作组织 5000\n").unwrap_or_default();
        assert_eq!(
            ok,
            vec![
                UserWord { word: "上海合作组织".into(), freq: Some(5000) },
                UserWord { word: "呼日勒苏赫".into(), freq: None },
            ]
        );
        for (bad, needle) in [("a\n习近平 x1\n", "line 2"), ("上海。合作\n", "punctuation")] {
            let e = parse_user_dictionary(bad).err().map(|e| e.to_string()).unwrap_or_default();
            assert!(e.contains(needle), "{bad:?}: {e}");
        }
    }
}
