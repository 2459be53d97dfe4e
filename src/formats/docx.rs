//! `.docx` → the paragraphs of `word/document.xml`.
//!
//! A Word file is a zip of XML parts; the body text is in `<w:t>` runs inside
//! `<w:p>` paragraphs. We read only that part (through the `zip` crate, deflate
//! only) and pick the runs out with the markup tokenizer of [`super::html`]:
//! deleted text (`w:delText`), field codes (`w:instrText`) and the fallback
//! copies of text boxes (`mc:Fallback`) are not `w:t` runs, or are skipped.

use super::html::{decode_entities, Piece, Tokenizer};
use crate::error::{human_size, Error, ErrorKind, Result};
use std::io::Read;

/// What a zip file is, from the names of its entries.
pub(crate) enum ZipKind {
    Docx(Vec<u8>),
    Other(&'static str),
}

/// Opens a zip and, if it is a Word document, returns its `word/document.xml`,
/// unpacked to at most `max_bytes`.
///
/// # Errors
/// [`ErrorKind::BadFormat`] if the zip is damaged; [`ErrorKind::TooLarge`]
/// (naming the file) if the part unpacks to more than `max_bytes` — unpacking
/// stops there, and nothing is allocated from the size the archive declares.
pub(crate) fn open(name: &str, bytes: &[u8], max_bytes: usize) -> Result<ZipKind> {
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
    // The declared size may lie: grow as the data comes, from what the file itself weighs.
    let mut xml = Vec::with_capacity(bytes.len().min(max_bytes));
    let cap = u64::try_from(max_bytes).unwrap_or(u64::MAX).saturating_add(1);
    part.take(cap).read_to_end(&mut xml).map_err(|e| bad(e.to_string()))?;
    if xml.len() > max_bytes {
        return Err(Error::new(
            ErrorKind::TooLarge,
            format!(
                "{name} ({}) unpacks to more than {} of text (word/document.xml), over the limit of {} per file",
                human_size(bytes.len()),
                human_size(max_bytes),
                human_size(max_bytes)
            ),
        ));
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
