//! The core's own limits (#11): per file and in all, an archive's unpacked text
//! counted against them, unpacking stopped at the limit with a `TooLarge`
//! error naming the file — and what was loaded before stays.
//! Data: the seed pair of ../shared/corpus (as the document already loaded).

use std::io::Write;
use textlens::corpus::Limits;
use textlens::{Corpus, ErrorKind};

const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/seeds/000_61b16b637bcca7d8.txt");
const MB: usize = 1_000_000;

/// A Word document whose body is one paragraph of `text_bytes` of Chinese
/// (written in 1 MB pieces: the test never holds the unpacked text).
fn docx_of(text_bytes: usize) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(text_bytes > 4_000_000_000);
    let ok = |r: zip::result::ZipResult<()>| r.unwrap_or_else(|e| panic!("{e}"));
    ok(zip.start_file("[Content_Types].xml", options));
    ok(zip.write_all(b"<?xml version=\"1.0\"?><Types/>").map_err(Into::into));
    ok(zip.start_file("word/document.xml", options));
    ok(zip.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document><w:body><w:p><w:r><w:t>").map_err(Into::into));
    let piece = "上海合作组织成员国元首理事会".repeat(MB / 42);
    let mut written = 0;
    while written < text_bytes {
        ok(zip.write_all(piece.as_bytes()).map_err(Into::into));
        written += piece.len();
    }
    ok(zip.write_all(b"</w:t></w:r></w:p></w:body></w:document>").map_err(Into::into));
    zip.finish().unwrap_or_else(|e| panic!("{e}")).into_inner()
}

fn corpus_with_seed(limits: Limits) -> Corpus {
    let mut c = Corpus::new();
    c.set_limits(limits);
    let seed = std::fs::read(SEED).unwrap_or_else(|e| panic!("{e}"));
    c.add_document("seed.txt", &seed).unwrap_or_else(|e| panic!("{e}"));
    c
}

#[test]
fn a_docx_that_unpacks_past_the_file_limit_is_refused_by_name() {
    // 60 MB of text packed into well under 1 MB, against a 10 MB limit.
    let bomb = docx_of(60 * MB);
    assert!(bomb.len() < MB, "{} bytes packed", bomb.len());
    let mut c = corpus_with_seed(Limits { max_file_bytes: 10 * MB, max_total_bytes: 250 * MB });
    let e = c.add_document("bomb.docx", &bomb).err().unwrap_or_else(|| panic!("a 60 MB text was taken"));
    assert_eq!(e.kind(), ErrorKind::TooLarge);
    assert!(e.message().starts_with("bomb.docx ("), "{e}");
    assert!(e.message().contains("more than 10 MB") && e.message().contains("per file"), "{e}");
    assert_eq!(c.stored_documents().len(), 1, "the loaded document stays");
    // Within the limit the same kind of file reads.
    c.add_document("fine.docx", &docx_of(2 * MB)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(c.stored_documents().len(), 2);
    // The format layer on its own stops at its limit too.
    let e = textlens::formats::extract_within("bomb.docx", &bomb, None, 5 * MB).err().map(|e| e.kind());
    assert_eq!(e, Some(ErrorKind::TooLarge));
}

#[test]
fn an_archives_text_counts_against_the_total() {
    // 8 MB of text in a small zip: under the 10 MB file limit, but with the seed
    // loaded over a total of 8.01 MB — packed it would have fitted.
    let packed = docx_of(8 * MB);
    let mut c = corpus_with_seed(Limits { max_file_bytes: 10 * MB, max_total_bytes: 8 * MB + 10_000 });
    let seed_size = c.stored_documents()[0].size;
    assert!(packed.len() + seed_size < 8 * MB);
    let e = c.add_document("report.docx", &packed).err().unwrap_or_else(|| panic!("over the total, taken"));
    assert_eq!(e.kind(), ErrorKind::TooLarge);
    assert!(e.message().starts_with("report.docx (") && e.message().contains("for all documents"), "{e}");
    assert_eq!(c.stored_documents().len(), 1);
}

#[test]
fn plain_files_past_the_limits_are_refused_by_name_and_size() {
    let mut c = corpus_with_seed(Limits { max_file_bytes: 2 * MB, max_total_bytes: 3 * MB });
    let big = "中文。\n".repeat(300_000); // 3.0 MB
    let e = c.add_document("big.txt", big.as_bytes()).err().unwrap_or_else(|| panic!("taken"));
    assert_eq!(e.kind(), ErrorKind::TooLarge);
    assert_eq!(e.message(), "big.txt is 3.0 MB, over the limit of 2.0 MB per file");
    let part = "中文。\n".repeat(180_000); // 1.8 MB, twice: the second passes the total
    c.add_document("one.txt", part.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let e = c.add_document("two.txt", part.as_bytes()).err().unwrap_or_else(|| panic!("taken"));
    assert_eq!(e.kind(), ErrorKind::TooLarge);
    assert!(e.message().starts_with("two.txt would bring the loaded total to 3."), "{e}");
    assert_eq!(c.stored_documents().len(), 2);
}
