//! `.docx` → the paragraphs of `word/document.xml`.
//!
//! A Word file is a zip of XML parts; the body text is in `<w:t>` runs inside
//! `<w:p>` paragraphs. We read only that part (through the `zip` crate, deflate
//! only) and pick the runs out with the markup tokenizer of [`super::html`]:
//! deleted text (`w:delText`), field codes (`w:instrText`) and the fallback
//! copies of text boxes (`mc:Fallback`) are not `w:t` runs, or are skipped.

use super::html::{decode_entities, Piece, Tokenizer};
use crate::error::{Error, ErrorKind, Result};
use std::io::Read;

/// Unpacked parts larger than this are refused (a zip bomb, or not a document).
const MAX_PART_BYTES: u64 = 512 * 1024 * 1024;

/// What a zip file is, from the names of its entries.
pub(crate) enum ZipKind {
    Docx(Vec<u8>),
    Other(&'static str),
}

/// Opens a zip and, if it is a Word document, returns its `word/document.xml`.
///
/// # Errors
/// [`ErrorKind::BadFormat`] if the zip is damaged or the part too large.
pub(crate) fn open(name: &str, bytes: &[u8]) -> Result<ZipKind> {
    let bad = |what: String| Error::new(ErrorKind::BadFormat, format!("{name} is damaged: {what}"));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    let has = |zip: &zip::ZipArchive<_>, n: &str| zip.index_for_name(n).is_some();
    if !has(&zip, "word/document.xml") {
        let kind = if has(&zip, "xl/workbook.xml") {
            "an Excel workbook (.xlsx)"
        } else if has(&zip, "ppt/presentation.xml") {
            "a PowerPoint presentation (.pptx)"
        } else if has(&zip, "content.xml") && has(&zip, "mimetype") {
            "an OpenDocument file (.odt/.ods)"
        } else if has(&zip, "META-INF/container.xml") {
            "an EPUB e-book"
        } else {
            "a zip archive"
        };
        return Ok(ZipKind::Other(kind));
    }
    let part = zip.by_name("word/document.xml").map_err(|e| bad(e.to_string()))?;
    // The declared size is the file's word, not a fact: reserve no more than
    // deflate could give from these bytes (a tiny file claiming 512 MB must
    // not make the worker ask for 512 MB); the vector grows if it is more.
    let plausible = (bytes.len() as u64).saturating_mul(4);
    let mut xml = Vec::with_capacity(usize::try_from(part.size().min(MAX_PART_BYTES).min(plausible)).unwrap_or(0));
    part.take(MAX_PART_BYTES + 1).read_to_end(&mut xml).map_err(|e| bad(e.to_string()))?;
    if xml.len() as u64 > MAX_PART_BYTES {
        return Err(bad(format!("word/document.xml unpacks to more than {} MB", MAX_PART_BYTES / 1_000_000)));
    }
    Ok(ZipKind::Docx(xml))
}

/// The paragraphs of a `word/document.xml`, separated by blank lines; empty
/// paragraphs are dropped. Tabs and line breaks inside a paragraph are kept.
pub fn document_xml_to_text(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len() / 4);
    // A stack, because text boxes put paragraphs inside paragraphs.
    let mut paragraphs: Vec<String> = Vec::new();
    let mut in_text = false;
    let mut tokens = Tokenizer::new(xml);
    while let Some(piece) = tokens.next() {
        match piece {
            Piece::Text(raw) => {
                if in_text {
                    if let Some(p) = paragraphs.last_mut() {
                        p.push_str(&decode_entities(raw));
                    }
                }
            }
            Piece::Tag { name, closing, self_closing } => {
                let local = name.rsplit(':').next().unwrap_or(name);
                match (local, closing, self_closing) {
                    ("p", false, false) => paragraphs.push(String::new()),
                    ("p", true, _) => {
                        if let Some(p) = paragraphs.pop() {
                            let p = p.trim();
                            if !p.is_empty() {
                                if !out.is_empty() {
                                    out.push_str("\n\n");
                                }
                                out.push_str(p);
                            }
                        }
                    }
                    ("t", false, false) => in_text = true,
                    ("t", true, _) => in_text = false,
                    ("tab", false, _) | ("br", false, _) | ("cr", false, _) | ("noBreakHyphen", false, _) => {
                        let c = match local {
                            "tab" => '\t',
                            "noBreakHyphen" => '-',
                            _ => '\n',
                        };
                        if let Some(p) = paragraphs.last_mut() {
                            p.push(c);
                        }
                    }
                    ("Fallback", false, false) => {
                        tokens.skip_to_end_tag(name);
                    }
                    _ => {}
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_runs() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>标题</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">第一段 </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>加粗&amp;继续</w:t></w:r><w:r><w:tab/><w:t>。</w:t></w:r></w:p>
<w:p/>
<w:p><w:r><w:delText>删掉的</w:delText><w:instrText>PAGE</w:instrText><w:t>第二段</w:t><w:br/><w:t>换行</w:t></w:r></w:p>
</w:body></w:document>"#;
        assert_eq!(document_xml_to_text(xml), "标题\n\n第一段 加粗&继续\t。\n\n第二段\n换行");
    }
}
