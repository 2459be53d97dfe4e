//! Typed errors for everything the core can refuse.
//!
//! The core never panics on input: every limit and every malformed input is an
//! [`Error`] whose [`ErrorKind`] says what went wrong. The JS side sees
//! `{name, message}` where `name` is [`Error::name`] — stable, CamelCase — and
//! `message` is a lowercase sentence that carries the numbers and the file name.

use std::fmt;

/// An error from the textlens core.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

/// What kind of error happened. New kinds may be added; match with a wildcard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The bytes are not valid UTF-8 and no other encoding could be used.
    NotUtf8,
    /// The bytes are not text at all (PDF, image, archive, executable, NUL-heavy data).
    BinaryFile,
    /// The file holds no bytes, or only white space.
    EmptyFile,
    /// The input is over a configured size limit.
    TooLarge,
    /// An encoding label the decoder does not know.
    UnknownEncoding,
    /// A document id that is not (or no longer) in the corpus.
    UnknownDocument,
    /// An option value out of range or not understood.
    InvalidOption,
    /// A user dictionary line that cannot be read.
    InvalidDictionary,
    /// A container format (e.g. `.docx`) that is damaged.
    BadFormat,
    /// A record of an archive (a JSON line, a row) that cannot be used: not
    /// JSON, no `text`, an id that is not a string, a duplicate id.
    BadRecord,
}

impl ErrorKind {
    /// The stable name used on the JS side (`error.name`).
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::NotUtf8 => "NotUtf8",
            ErrorKind::BinaryFile => "BinaryFile",
            ErrorKind::EmptyFile => "EmptyFile",
            ErrorKind::TooLarge => "TooLarge",
            ErrorKind::UnknownEncoding => "UnknownEncoding",
            ErrorKind::UnknownDocument => "UnknownDocument",
            ErrorKind::InvalidOption => "InvalidOption",
            ErrorKind::InvalidDictionary => "InvalidDictionary",
            ErrorKind::BadFormat => "BadFormat",
            ErrorKind::BadRecord => "BadRecord",
        }
    }
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error { kind, message: message.into() }
    }

    #[allow(dead_code)] // decode now reads any bytes; kept for input that must be UTF-8
    pub(crate) fn not_utf8(name: &str, offset: usize) -> Error {
        Error::new(
            ErrorKind::NotUtf8,
            format!("{name}: not valid UTF-8 (first bad byte at offset {offset})"),
        )
    }

    pub(crate) fn binary(name: &str, what: &str) -> Error {
        Error::new(
            ErrorKind::BinaryFile,
            format!(
                "{name} looks like {what}; textlens reads text, Word and HTML files — save it as .txt first"
            ),
        )
    }

    pub(crate) fn empty(name: &str) -> Error {
        Error::new(ErrorKind::EmptyFile, format!("{name} is empty: there is no text to analyse"))
    }

    pub(crate) fn too_large(name: &str, size: usize, limit: usize) -> Error {
        Error::new(
            ErrorKind::TooLarge,
            format!(
                "{name} is {}, over the limit of {} per file",
                human_size(size),
                human_size(limit)
            ),
        )
    }

    pub(crate) fn unknown_document(id: u32) -> Error {
        Error::new(ErrorKind::UnknownDocument, format!("no document with id {id}"))
    }

    pub(crate) fn too_many_documents(count: usize, limit: usize) -> Error {
        Error::new(ErrorKind::TooLarge, format!("{count} documents are more than the {limit} one analysis takes"))
    }

    pub(crate) fn bad_record(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::BadRecord, message)
    }

    pub(crate) fn invalid_option(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::InvalidOption, message)
    }

    /// What kind of error this is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The stable name for the JS side, e.g. `"NotUtf8"`.
    pub fn name(&self) -> &'static str {
        self.kind.name()
    }

    /// The human-readable message (also what `Display` prints).
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// A size for people: `300 MB`, `2.5 MB`, `11 KB`.
pub(crate) fn human_size(bytes: usize) -> String {
    if bytes < 1_000_000 {
        return format!("{} KB", bytes.div_ceil(1000));
    }
    let v = bytes as f64 / 1_000_000.0;
    if v >= 10.0 {
        format!("{v:.0} MB")
    } else {
        format!("{v:.1} MB")
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// Shorthand used across the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_stable_and_messages_carry_details() {
        let e = Error::not_utf8("a.txt", 17);
        assert_eq!(e.name(), "NotUtf8");
        assert!(e.message().contains("a.txt") && e.message().contains("17"), "{e}");
        let e = Error::too_large("big.txt", 300_000_000, 256_000_000);
        assert_eq!(e.name(), "TooLarge");
        assert_eq!(e.message(), "big.txt is 300 MB, over the limit of 256 MB per file");
        assert_eq!(Error::unknown_document(4).name(), "UnknownDocument");
    }
}
