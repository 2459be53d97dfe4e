//! Bytes → text.
//!
//! UTF-8 (with or without BOM) is taken as is. Anything that is not text, or
//! not UTF-8, is refused with a specific, typed error that names the file.

use crate::error::{Error, Result};
use serde::Serialize;

/// How the encoding of a document was chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum DecodeMethod {
    /// A byte-order mark said so.
    Bom,
    /// The bytes are valid UTF-8.
    ValidUtf8,
}

/// The text of a file and how it was read.
#[derive(Clone, Debug)]
pub struct Decoded {
    pub text: String,
    /// The encoding's WHATWG name, e.g. `"UTF-8"`.
    pub encoding: &'static str,
    pub method: DecodeMethod,
}

/// Decodes the bytes of the file `name`.
///
/// # Errors
/// [`ErrorKind::EmptyFile`](crate::ErrorKind::EmptyFile) for no bytes,
/// [`ErrorKind::BinaryFile`](crate::ErrorKind::BinaryFile) for a known binary
/// format or NUL-heavy data, [`ErrorKind::NotUtf8`](crate::ErrorKind::NotUtf8) otherwise.
pub fn decode(name: &str, bytes: &[u8]) -> Result<Decoded> {
    if bytes.is_empty() {
        return Err(Error::empty(name));
    }
    if let Some(what) = sniff_binary(bytes) {
        return Err(Error::binary(name, what));
    }
    let (body, method) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, DecodeMethod::Bom),
        None => (bytes, DecodeMethod::ValidUtf8),
    };
    match std::str::from_utf8(body) {
        Ok(text) => Ok(Decoded { text: text.to_owned(), encoding: "UTF-8", method }),
        Err(e) => Err(Error::not_utf8(name, e.valid_up_to() + (bytes.len() - body.len()))),
    }
}

/// Names a binary format from its magic bytes, or NUL-heavy data.
pub fn sniff_binary(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF", "a PDF"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"PK\x03\x04", "a zip archive"),
        (b"\x7FELF", "a program (ELF)"),
        (b"MZ", "a Windows program"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"\xD0\xCF\x11\xE0", "an old Office document (.doc/.xls)"),
    ];
    if let Some((_, what)) = MAGIC.iter().find(|(m, _)| bytes.starts_with(m)) {
        return Some(what);
    }
    let head = &bytes[..bytes.len().min(8192)];
    let nuls = head.iter().filter(|&&b| b == 0).count();
    (nuls * 10 > head.len()).then_some("binary data (many NUL bytes)")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn table() {
        let ok = |b: &[u8]| decode("f.txt", b).map(|d| (d.text, d.method));
        let kind = |b: &[u8]| decode("f.txt", b).map_err(|e| e.kind()).err();
        assert_eq!(ok("中文".as_bytes()), Ok(("中文".to_owned(), DecodeMethod::ValidUtf8)));
        assert_eq!(ok(b"\xEF\xBB\xBFabc"), Ok(("abc".to_owned(), DecodeMethod::Bom)));
        assert_eq!(kind(b""), Some(ErrorKind::EmptyFile));
        assert_eq!(kind(b"%PDF-1.7 ..."), Some(ErrorKind::BinaryFile));
        assert_eq!(kind(&[0u8; 100]), Some(ErrorKind::BinaryFile));
        assert_eq!(kind(b"abc \xC4\xE3\xBA\xC3"), Some(ErrorKind::NotUtf8));
    }
}
