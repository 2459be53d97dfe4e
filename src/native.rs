//! What the native front ends (the CLI, the Python package) need to stay safe
//! with hostile files: read a file only within a size limit, and print
//! document text to a terminal without letting it drive the terminal.
//!
//! Nothing here is used by the page; it is in the core so that each front end
//! calls it rather than writing it again.

use crate::error::Error;
use std::borrow::Cow;
use std::fmt;
use std::io::Read;
use std::path::Path;

/// Why [`read_file`] gave no bytes.
#[derive(Debug)]
pub enum ReadError {
    /// The file could not be opened or read.
    Io(std::io::Error),
    /// The file is over the limit ([`ErrorKind::TooLarge`](crate::ErrorKind::TooLarge)).
    TooLarge(Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "{e}"),
            ReadError::TooLarge(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ReadError {}

/// The bytes of the file at `path`, if it holds at most `limit` bytes.
///
/// The size is checked before reading (the file's metadata), so a 20 GB file
/// is refused without being read; and the read itself stops one byte past the
/// limit, so a file that grows meanwhile, or one whose metadata gives no size
/// (`/dev/zero`, a pipe), is refused too rather than filling memory.
///
/// # Errors
/// [`ReadError::Io`] if the file cannot be read, [`ReadError::TooLarge`]
/// (naming the file, its size and the limit) if it is over `limit`.
pub fn read_file(path: &Path, limit: usize) -> Result<Vec<u8>, ReadError> {
    let name = path.file_name().map_or_else(|| path.to_string_lossy(), |n| n.to_string_lossy());
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let declared = file.metadata().map_err(ReadError::Io)?.len();
    if declared > limit as u64 {
        let size = usize::try_from(declared).unwrap_or(usize::MAX);
        return Err(ReadError::TooLarge(Error::too_large(&name, size, limit)));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(declared).unwrap_or(0));
    file.take(limit as u64 + 1).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() > limit {
        return Err(ReadError::TooLarge(Error::too_large(&name, bytes.len(), limit)));
    }
    Ok(bytes)
}

/// `text` made safe to print to a terminal: every control character other
/// than line feed and tab — ESC (which starts ANSI sequences that recolour,
/// move the cursor, retitle the window or write to the clipboard), CR (which
/// lets a line overwrite itself), BEL, backspace, DEL and the C1 controls
/// (U+0080–U+009F, where U+009B is a one-character CSI) — is written as a
/// visible escape, `\u{1b}`. Text without any comes back as it is.
pub fn sanitize_for_terminal(text: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// [`sanitize_for_terminal`] when `to_terminal` (the output is a terminal,
/// `std::io::IsTerminal`), else `text` as it is: output piped to a file or
/// another program keeps the document's exact characters.
pub fn for_output(text: &str, to_terminal: bool) -> Cow<'_, str> {
    if to_terminal {
        sanitize_for_terminal(text)
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_text_carries_no_control_sequences() {
        for (raw, shown) in [
            ("plain 中文\tcol\n", "plain 中文\tcol\n"),
            ("\u{1b}[31mred\u{1b}[0m", "\\u{1b}[31mred\\u{1b}[0m"),
            ("\u{1b}]0;title\u{7}", "\\u{1b}]0;title\\u{7}"),
            ("over\rwrite", "over\\u{d}write"),
            ("del\u{7f} csi\u{9b}2J bs\u{8}", "del\\u{7f} csi\\u{9b}2J bs\\u{8}"),
        ] {
            assert_eq!(sanitize_for_terminal(raw), shown, "{raw:?}");
        }
        assert!(matches!(sanitize_for_terminal("no controls"), Cow::Borrowed(_)));
        assert_eq!(for_output("\u{1b}[2J", false), "\u{1b}[2J");
        assert_eq!(for_output("\u{1b}[2J", true), "\\u{1b}[2J");
    }

    #[test]
    fn files_over_the_limit_are_refused_before_and_while_reading() {
        let dir = std::env::temp_dir().join(format!("textlens-native-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join("ten.txt");
        std::fs::write(&path, b"0123456789").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(read_file(&path, 10).ok(), Some(b"0123456789".to_vec()));
        match read_file(&path, 9) {
            Err(ReadError::TooLarge(e)) => {
                assert_eq!(e.name(), "TooLarge");
                assert!(e.message().starts_with("ten.txt is "), "{e}");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(read_file(&dir.join("missing.txt"), 10), Err(ReadError::Io(_))));
        let _ = std::fs::remove_dir_all(&dir);
        // A file whose metadata says 0 bytes but which never ends.
        if Path::new("/dev/zero").exists() {
            assert!(matches!(read_file(Path::new("/dev/zero"), 1 << 16), Err(ReadError::TooLarge(_))));
        }
    }
}
