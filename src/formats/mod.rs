//! File formats: which one a file is, and its text.
//!
//! Plain text (`.txt`, `.md`, `.csv` and anything unknown) is decoded as is;
//! HTML is decoded and reduced to its visible text; `.docx` is unzipped and
//! its paragraphs read. A zip that is not a Word document, and every binary
//! format, is refused by name. The text returned here is the document's
//! *original* text: what clean-up starts from and what its offset map points into.

pub mod docx;
pub mod html;

use crate::decode::{self, DecodeMethod, DecodeOptions};
use crate::error::{Error, Result};
use serde::Serialize;

/// The format of a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Format {
    Text,
    Markdown,
    /// Comma- or tab-separated values: never joined across lines.
    Csv,
    Html,
    Docx,
}

impl Format {
    /// From the file name's extension alone.
    pub fn from_name(name: &str) -> Format {
        let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
        match ext.as_str() {
            "md" | "markdown" => Format::Markdown,
            "csv" | "tsv" => Format::Csv,
            "html" | "htm" | "xhtml" => Format::Html,
            "docx" => Format::Docx,
            _ => Format::Text,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "Markdown",
            Format::Csv => "CSV",
            Format::Html => "HTML",
            Format::Docx => "Word (.docx)",
        }
    }
}

/// The core's default limit on one file, in bytes (and on what an archive
/// unpacks to); the corpus's default limits start from it.
pub const MAX_FILE_BYTES: usize = 256_000_000;

/// A file's text before clean-up, and how it was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Extracted {
    pub text: String,
    pub format: Format,
    pub encoding: &'static str,
    pub method: DecodeMethod,
    /// Malformed byte sequences replaced by U+FFFD.
    pub malformed: usize,
}

/// Reads the file `name`: detects its format, decodes it (with `encoding` as
/// an override label, if given) and extracts its text — within the core's
/// default per-file limit (see [`extract_within`]).
///
/// # Errors
/// Empty, binary or undecodable files, damaged `.docx` files, and files with
/// no visible text — each with a message naming the file.
pub fn extract(name: &str, bytes: &[u8], encoding: Option<&str>) -> Result<Extracted> {
    extract_within(name, bytes, encoding, MAX_FILE_BYTES)
}

/// [`extract`] with a limit on what a file may unpack to: a `.docx` whose
/// text part is larger than `max_bytes` is refused (its unpacking stops there).
///
/// # Errors
/// As [`extract`], and [`ErrorKind::TooLarge`](crate::ErrorKind::TooLarge) naming the file.
pub fn extract_within(name: &str, bytes: &[u8], encoding: Option<&str>, max_bytes: usize) -> Result<Extracted> {
    let mut format = Format::from_name(name);
    if bytes.starts_with(b"PK\x03\x04") {
        match docx::open(name, bytes, max_bytes)? {
            docx::ZipKind::Docx(xml) => {
                let options = DecodeOptions { encoding: encoding.map(str::to_owned), sniff_declaration: true };
                let decoded = decode::decode(name, &xml, &options)?;
                let text = docx::document_xml_to_text(&decoded.text);
                return finish(name, text, Format::Docx, decoded);
            }
            docx::ZipKind::Other(kind) => return Err(Error::binary(name, kind)),
        }
    }
    if format == Format::Docx {
        // Named .docx but not a zip: read it for what it is (text, or a binary refused by name).
        format = Format::Text;
    }
    let options = DecodeOptions { encoding: encoding.map(str::to_owned), sniff_declaration: format == Format::Html };
    let mut decoded = decode::decode(name, bytes, &options)?;
    if format == Format::Text && looks_like_html(&decoded.text) {
        format = Format::Html;
        if decoded.method == DecodeMethod::Guessed {
            // Now that we know it is HTML, its own declaration beats a guess.
            let options = DecodeOptions { sniff_declaration: true, ..options };
            decoded = decode::decode(name, bytes, &options)?;
        }
    }
    if format == Format::Html {
        let text = html::html_to_text(&decoded.text);
        return finish(name, text, format, decoded);
    }
    let text = std::mem::take(&mut decoded.text);
    finish(name, text, format, decoded)
}

/// [`extract_within`] taking the bytes: valid UTF-8 plain text (no override,
/// not HTML) becomes the text without a copy, and `None` comes back; for
/// anything else the bytes come back after extraction, for the caller to keep
/// or drop.
///
/// # Errors
/// As [`extract_within`].
pub fn extract_owned(
    name: &str,
    bytes: Vec<u8>,
    encoding: Option<&str>,
    max_bytes: usize,
) -> Result<(Extracted, Option<Vec<u8>>)> {
    let plain = matches!(Format::from_name(name), Format::Text | Format::Markdown | Format::Csv);
    if plain && encoding.is_none() && !bytes.starts_with(b"PK\x03\x04") && decode::takes_as_utf8(&bytes) {
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let bytes = e.into_bytes();
                return extract_within(name, &bytes, encoding, max_bytes).map(|e| (e, Some(bytes)));
            }
        };
        {
            if !looks_like_html(&text) {
                let decoded = decode::Decoded {
                    text: String::new(),
                    encoding: "UTF-8",
                    method: DecodeMethod::ValidUtf8,
                    malformed: 0,
                };
                return finish(name, text, Format::from_name(name), decoded).map(|e| (e, None));
            }
            let bytes = text.into_bytes();
            return extract_within(name, &bytes, encoding, max_bytes).map(|e| (e, Some(bytes)));
        }
    }
    extract_within(name, &bytes, encoding, max_bytes).map(|e| (e, Some(bytes)))
}

fn finish(name: &str, text: String, format: Format, decoded: decode::Decoded) -> Result<Extracted> {
    if text.trim().is_empty() {
        return Err(match format {
            Format::Html | Format::Docx => Error::new(
                crate::ErrorKind::EmptyFile,
                format!("{name} has no visible text (a {} file with nothing to read)", format.name()),
            ),
            _ => Error::empty(name),
        });
    }
    Ok(Extracted { text, format, encoding: decoded.encoding, method: decoded.method, malformed: decoded.malformed })
}

fn looks_like_html(text: &str) -> bool {
    let head: String = text.trim_start().chars().take(15).collect::<String>().to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_from_names() {
        assert_eq!(Format::from_name("a.TXT"), Format::Text);
        assert_eq!(Format::from_name("notes.md"), Format::Markdown);
        assert_eq!(Format::from_name("t.csv"), Format::Csv);
        assert_eq!(Format::from_name("page.HTM"), Format::Html);
        assert_eq!(Format::from_name("report.docx"), Format::Docx);
        assert_eq!(Format::from_name("README"), Format::Text);
    }

    #[test]
    fn html_is_recognised_by_content_too() {
        let e = extract("saved", b"<!DOCTYPE html><p>Hello <b>world</b></p>", None);
        assert_eq!(e.map(|e| (e.text, e.format)), Ok(("Hello world".to_owned(), Format::Html)));
        let e = extract("empty.html", b"<html><script>x()</script></html>", None).map_err(|e| e.kind());
        assert_eq!(e, Err(crate::ErrorKind::EmptyFile));
    }

    #[test]
    fn zips_that_are_not_word_are_named() {
        let e = extract("fake.docx", b"PK\x03\x04garbage", None).map_err(|e| e.kind());
        assert_eq!(e, Err(crate::ErrorKind::BadFormat));
    }
}
