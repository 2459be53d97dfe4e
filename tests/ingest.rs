//! Ingest, end to end through `Corpus::add_document`: encodings, formats,
//! refusals, clean-up of the seed's PDF line breaks, and the offset map.
//! Fixtures: tests/fixtures/ingest/README.md; the seeds: ../shared/corpus/seeds/.

use encoding_rs::Encoding;
use proptest::prelude::*;
use std::io::Write;
use textlens::clean::{clean, CleanOptions, RepairKind};
use textlens::decode::DecodeMethod;
use textlens::report::{OpKind, RepairOptions};
use textlens::{
    compare, corpus::paragraphs, terms, CompareOptions, Corpus, DocId, ErrorKind, Format,
    Span, TermOptions,
};

const SEED_000: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/corpus/seeds/000_61b16b637bcca7d8.txt"
);
const SEED_001: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/corpus/seeds/001_242e04c1848bbad0.txt"
);
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ingest/");

fn read(path: &str) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn fixture(name: &str) -> String {
    String::from_utf8(read(&format!("{FIXTURES}{name}"))).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// `text` in `encoding`, optionally with its byte-order mark.
fn encode(text: &str, encoding: &'static Encoding, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if encoding == encoding_rs::UTF_16LE {
        if bom {
            out.extend([0xFF, 0xFE]);
        }
        out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    } else if encoding == encoding_rs::UTF_16BE {
        if bom {
            out.extend([0xFE, 0xFF]);
        }
        out.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    } else {
        let (bytes, _, unmappable) = encoding.encode(text);
        assert!(!unmappable, "text not encodable as {}", encoding.name());
        out.extend(bytes.iter());
    }
    out
}

fn one(name: &str, bytes: &[u8]) -> Corpus {
    let mut c = Corpus::new();
    c.add_document(name, bytes)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    c
}

fn term_counts(c: &Corpus) -> Vec<(String, u64)> {
    let report = terms(c, &TermOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    report
        .terms
        .into_iter()
        .map(|r| (r.term, r.count))
        .collect()
}

#[test]
fn seed_000_reads_the_same_in_every_encoding() {
    let utf8 = read(SEED_000);
    let text = String::from_utf8(utf8.clone()).unwrap_or_else(|e| panic!("{e}"));
    let reference = one("000.txt", &utf8);
    let ref_doc = &reference.stored_documents()[0];
    assert_eq!(
        (ref_doc.encoding, ref_doc.decode_method),
        ("UTF-8", DecodeMethod::ValidUtf8)
    );
    let ref_terms = term_counts(&reference);
    assert!(ref_terms.len() > 500, "{} terms", ref_terms.len());

    let cases = [
        (
            encoding_rs::GB18030,
            false,
            "GB18030",
            DecodeMethod::Guessed,
        ),
        (encoding_rs::UTF_16LE, true, "UTF-16LE", DecodeMethod::Bom),
        (
            encoding_rs::UTF_16LE,
            false,
            "UTF-16LE",
            DecodeMethod::Utf16Pattern,
        ),
        (encoding_rs::UTF_16BE, true, "UTF-16BE", DecodeMethod::Bom),
        (
            encoding_rs::UTF_16BE,
            false,
            "UTF-16BE",
            DecodeMethod::Utf16Pattern,
        ),
        (encoding_rs::UTF_8, true, "UTF-8", DecodeMethod::Bom),
    ];
    for (encoding, bom, name, method) in cases {
        let mut bytes = encode(&text, encoding, false);
        if bom && encoding == encoding_rs::UTF_8 {
            bytes.splice(0..0, [0xEF, 0xBB, 0xBF]);
        } else if bom {
            bytes = encode(&text, encoding, true);
        }
        let c = one("000.txt", &bytes);
        let doc = &c.stored_documents()[0];
        let what = format!("{name} bom={bom}");
        assert_eq!(
            (doc.encoding, doc.decode_method, doc.malformed),
            (name, method, 0),
            "{what}"
        );
        assert_eq!(doc.original(), ref_doc.original(), "{what}: original text");
        assert_eq!(doc.text, ref_doc.text, "{what}: cleaned text");
        assert_eq!(term_counts(&c), ref_terms, "{what}: term counts");
    }
}

/// The paragraphs of a document's cleaned text.
fn paras(doc: &textlens::Document) -> Vec<&str> {
    paragraphs(&doc.text)
        .iter()
        .map(|s| s.slice(&doc.text))
        .collect()
}

#[test]
fn seed_000_breaks_are_joined_and_headlines_stay() {
    let c = one("000.txt", &read(SEED_000));
    let doc = &c.stored_documents()[0];
    let p = paras(doc);
    // The seed has 57 blocks; 12 of them are the second halves of sentences broken by the PDF.
    assert_eq!(p.len(), 45);
    let joins = doc
        .repairs
        .iter()
        .filter(|r| r.kind == RepairKind::JoinedBlock)
        .count();
    assert_eq!(joins, 12);
    let with = |needle: &str| p.iter().filter(|p| p.contains(needle)).count();
    for joined in [
        "我提出全球治理倡议,就是要会同所有志同道合国家",
        "习近平就推进中俄蒙合作提出3点建议。一是夯实政治互信",
        "我明天出席纪念中国人民抗日战争胜利80周年活动",
        "将为解决全球治理赤字发挥重要作用。",
        "领导人会晤是否就此进行了讨论?",
        "可免办签证入境。",
        "数字经济、教育、环保、旅游",
        "贡献中国智慧、提供中国方案",
        "全球发展倡议、全球安全倡议",
        "要着力加强和改进民族工作",
        "八项规定精神,提炼固化",
        "不断完善村(社区)养老服务",
    ] {
        assert_eq!(with(joined), 1, "{joined} is not inside one paragraph");
    }
    // The headlines, bylines and title lines are paragraphs of their own.
    for headline in [
        "习近平同俄罗斯总统普京会谈",
        "据新华社",
        "外交部:中方决定对俄罗斯持普通护照人员试行免签政策",
        "习近平主持中俄蒙元首第七次会晤",
        "外交部:习近平主席提出全球治理倡议是上合组织天津峰会最大亮点",
        "市委常委会举行会议",
        "深入学习贯彻习近平总书记重要讲话精神 研究部署深化养老服务改革发展等工作",
        "市委书记袁家军主持并讲话",
        "新重庆-重庆日报记者 卢志民",
    ] {
        assert!(
            p.contains(&headline),
            "headline {headline} is not its own paragraph"
        );
    }
    assert_eq!(p.iter().filter(|&&p| p == "据新华社").count(), 4);
}

#[test]
fn seed_001_headlines_and_signatures_stay() {
    let c = one("001.txt", &read(SEED_001));
    let p = paras(&c.stored_documents()[0]);
    for own in [
        "致全市人民的感谢信",
        "亲爱的市民朋友们:",
        "天津宣言 上合组织再出发",
        "(下转第8版)",
        "新华社记者 丁海涛 摄",
    ] {
        assert!(p.contains(&own), "{own} is not its own paragraph");
    }
    assert!(
        p.contains(&"中共天津市委\n天津市人民政府\n2025年9月2日"),
        "the signature block was joined"
    );
}

#[test]
fn seed_pair_paragraph_differs_only_by_one_word() {
    let mut c = Corpus::new();
    let a = DocId(
        c.add_document("000.txt", &read(SEED_000))
            .map(|s| s.id)
            .unwrap_or_else(|e| panic!("{e}")),
    );
    let b = DocId(
        c.add_document("001.txt", &read(SEED_001))
            .map(|s| s.id)
            .unwrap_or_else(|e| panic!("{e}")),
    );
    let da = c.document(a).unwrap_or_else(|e| panic!("{e}"));
    let para = paragraphs(&da.text)
        .into_iter()
        .find(|s| s.slice(&da.text).contains("我提出全球治理倡议"))
        .unwrap_or_else(|| panic!("no paragraph with 我提出全球治理倡议"));
    let report = compare(&c, a, b, &CompareOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let inside: Vec<_> = report
        .ops
        .iter()
        .filter(|op| op.a.start < para.end && op.a.end > para.start && op.kind != OpKind::Equal)
        .map(|op| (op.a_text.as_str(), op.b_text.as_str()))
        .collect();
    assert_eq!(inside, vec![("会同", "同")]);
}

#[test]
fn big5_and_shift_jis_samples_decode() {
    for (file, encoding, name) in [
        ("hongloumeng_trad_excerpt.txt", encoding_rs::BIG5, "Big5"),
        ("wagahai_excerpt.txt", encoding_rs::SHIFT_JIS, "Shift_JIS"),
    ] {
        let text = fixture(file);
        let c = one(file, &encode(&text, encoding, false));
        let doc = &c.stored_documents()[0];
        assert_eq!(
            (doc.encoding, doc.decode_method, doc.malformed),
            (name, DecodeMethod::Guessed, 0),
            "{file}"
        );
        assert_eq!(doc.original(), text, "{file}");
    }
}

#[test]
fn html_keeps_visible_text_only() {
    let c = one("news.html", fixture("news.html").as_bytes());
    let doc = &c.stored_documents()[0];
    assert_eq!(doc.format, Format::Html);
    assert_eq!(
        paras(doc),
        vec![
            "习近平同俄罗斯总统普京会谈",
            "9月2日上午\u{FF0C}国家主席习近平在北京人民大会堂同俄罗斯总统普京举行会谈。",
            "双方签署能源、航天&人工智能等领域<20余份>双边合作文件 ——据新华社",
            "第一项",
            "第二项",
            "Café & crème",
        ]
    );
    for hidden in ["标题", "color", "脚本", "注释", "启用"] {
        assert!(!doc.text.contains(hidden), "{hidden} leaked into the text");
    }
}

/// A minimal Word document: content types, the package relationship and the body.
fn make_docx(paragraphs: &[&str]) -> Vec<u8> {
    let body: String = paragraphs
        .iter()
        .map(|p| {
            let escaped = p
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            format!("<w:p><w:r><w:t xml:space=\"preserve\">{escaped}</w:t></w:r></w:p>")
        })
        .collect();
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}<w:sectPr/></w:body></w:document>"
    );
    let parts = [
        ("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>".to_owned()),
        ("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>".to_owned()),
        ("word/document.xml", document),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in parts {
        zip.start_file(name, options)
            .unwrap_or_else(|e| panic!("{e}"));
        zip.write_all(content.as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
    }
    zip.finish().unwrap_or_else(|e| panic!("{e}")).into_inner()
}

#[test]
fn docx_made_here_reads_as_paragraphs() {
    let bytes = make_docx(&[
        "习近平同俄罗斯总统普京会谈",
        "习近平指出,中俄两国元首相互出席对方国家举办的纪念活动。我提",
        "出全球治理倡议,就是要会同所有志同道合国家。",
        "R&D <costs>",
    ]);
    let c = one("made.docx", &bytes);
    let doc = &c.stored_documents()[0];
    assert_eq!((doc.format, doc.encoding), (Format::Docx, "UTF-8"));
    assert_eq!(
        paras(doc),
        vec![
            "习近平同俄罗斯总统普京会谈",
            "习近平指出,中俄两国元首相互出席对方国家举办的纪念活动。我提出全球治理倡议,就是要会同所有志同道合国家。",
            "R&D <costs>",
        ]
    );
    // The same zip under another name is still a Word document.
    assert_eq!(one("download", &bytes).stored_documents()[0].format, Format::Docx);
}

#[test]
fn bad_files_are_refused_by_name_and_nothing_is_lost() {
    let mut c = Corpus::new();
    c.add_document("000.txt", &read(SEED_000))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10".to_vec();
    png.extend([0u8; 64]);
    let mut xlsx = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    xlsx.start_file("xl/workbook.xml", zip::write::SimpleFileOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    xlsx.write_all(b"<workbook/>")
        .unwrap_or_else(|e| panic!("{e}"));
    let xlsx = xlsx.finish().unwrap_or_else(|e| panic!("{e}")).into_inner();
    let cases: Vec<(&str, Vec<u8>, ErrorKind, &str)> = vec![
        ("report.pdf", b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj".to_vec(), ErrorKind::BinaryFile,
         "report.pdf looks like a PDF; textlens reads text, Word and HTML files — save it as .txt first"),
        ("photo.png", png, ErrorKind::BinaryFile, "photo.png looks like a PNG image;"),
        ("empty.txt", Vec::new(), ErrorKind::EmptyFile, "empty.txt is empty"),
        ("blank.txt", b" \r\n\t\n".to_vec(), ErrorKind::EmptyFile, "blank.txt is empty"),
        ("zeros.bin", vec![0u8; 4096], ErrorKind::BinaryFile, "zeros.bin looks like binary data (many NUL bytes)"),
        ("table.xlsx", xlsx, ErrorKind::BinaryFile, "table.xlsx looks like an Excel workbook (.xlsx)"),
        ("broken.docx", b"PK\x03\x04\x14\0\0\0truncated".to_vec(), ErrorKind::BadFormat, "broken.docx is damaged"),
        ("scripts.html", b"<html><script>alert(1)</script></html>".to_vec(), ErrorKind::EmptyFile, "scripts.html has no visible text"),
    ];
    for (name, bytes, kind, message) in cases {
        let e = c
            .add_document(name, &bytes)
            .err()
            .unwrap_or_else(|| panic!("{name} was accepted"));
        assert_eq!(e.kind(), kind, "{name}: {e}");
        assert!(e.message().starts_with(message), "{name}: {e}");
        assert_eq!(c.stored_documents().len(), 1, "{name} changed the corpus");
    }
    assert_eq!(c.stored_documents()[0].name, "000.txt");
}

#[test]
fn invalid_bytes_and_nuls_inside_text_are_read_and_reported() {
    let seed = read(SEED_000);
    // Bad bytes inside UTF-8: still UTF-8, each bad sequence shown as U+FFFD and counted.
    let mut bad = seed.clone();
    let at = String::from_utf8_lossy(&seed).find("我提").unwrap_or(0);
    bad.splice(at..at, [0xC3, 0x28, 0xFF]);
    let c = one("bad.txt", &bad);
    let doc = &c.stored_documents()[0];
    assert_eq!(
        (doc.encoding, doc.decode_method, doc.malformed),
        ("UTF-8", DecodeMethod::MostlyUtf8, 2)
    );
    assert!(
        doc.text.contains("\u{FFFD}(\u{FFFD}我提出全球治理倡议"),
        "bad bytes not marked"
    );
    // NUL bytes inside text: dropped from the cleaned text, kept in the original, reported.
    let mut nuls = seed.clone();
    nuls.splice(at..at, [0, 0, 0]);
    let c = one("nul.txt", &nuls);
    let doc = &c.stored_documents()[0];
    let reference = one("000.txt", &seed);
    assert_eq!(doc.text, reference.stored_documents()[0].text);
    assert_eq!(doc.original().matches('\0').count(), 3);
    let summary = &c.documents()[0];
    let controls = summary
        .repairs
        .iter()
        .find(|r| r.kind == RepairKind::ControlChar)
        .map(|r| r.count);
    assert_eq!(controls, Some(3));
}

#[test]
fn encoding_override_re_decodes_at_once() {
    let text = String::from_utf8(read(SEED_000)).unwrap_or_else(|e| panic!("{e}"));
    let mut c = Corpus::new();
    c.add_document("first.txt", "第一篇。".as_bytes())
        .unwrap_or_else(|e| panic!("{e}"));
    let id = DocId(
        c.add_document("gb.txt", &encode(&text, encoding_rs::GB18030, false))
            .map(|s| s.id)
            .unwrap_or_else(|e| panic!("{e}")),
    );
    let good = c.document(id).map(|d| d.text.clone()).unwrap_or_default();
    let s = c
        .set_encoding(id, Some("big5"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (s.encoding, s.decode_method, s.encoding_override.as_deref()),
        ("Big5", DecodeMethod::Override, Some("big5"))
    );
    assert!(s.malformed > 0);
    assert_ne!(
        c.document(id).map(|d| d.text.clone()).unwrap_or_default(),
        good
    );
    let e = c
        .set_encoding(id, Some("no-such-encoding"))
        .err()
        .map(|e| e.kind());
    assert_eq!(e, Some(ErrorKind::UnknownEncoding));
    assert_eq!(
        c.document(id).map(|d| d.encoding).ok(),
        Some("Big5"),
        "a failed override changed the document"
    );
    let s = c.set_encoding(id, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (s.encoding, s.decode_method),
        ("GB18030", DecodeMethod::Guessed)
    );
    assert_eq!(
        c.document(id).map(|d| d.text.clone()).unwrap_or_default(),
        good
    );
    // Ids and order stay; the other document is untouched.
    let ids: Vec<u32> = c.documents().iter().map(|s| s.id).collect();
    assert_eq!(ids, vec![0, 1]);
    // A valid UTF-8 file can be re-read too (its bytes are its original text).
    let s = c
        .set_encoding(DocId(0), Some("utf-16le"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.encoding, "UTF-16LE");
    assert!(c.set_encoding(DocId(0), None).is_ok());
    assert_eq!(
        c.document(DocId(0)).map(|d| d.text.clone()).ok().as_deref(),
        Some("第一篇。")
    );
}

#[test]
fn clean_options_apply_to_loaded_documents() {
    let mut c = Corpus::new();
    c.add_document("000.txt", &read(SEED_000))
        .unwrap_or_else(|e| panic!("{e}"));
    let joined = c.documents()[0].paragraphs;
    let off = CleanOptions {
        join_blocks: false,
        ..CleanOptions::default()
    };
    let s = c.set_clean_options(off);
    assert_eq!((joined, s[0].paragraphs), (45, 57));
    assert!(s[0]
        .repairs
        .iter()
        .all(|r| r.kind != RepairKind::JoinedBlock));
    let s = c.set_clean_options(CleanOptions::default());
    assert_eq!(s[0].paragraphs, 45);
}

#[test]
fn repairs_locate_joins_in_both_texts() {
    let c = one("000.txt", &read(SEED_000));
    let doc = &c.stored_documents()[0];
    let report = doc.repairs(&RepairOptions { kinds: vec![RepairKind::JoinedBlock], limit: 5, context: 0 });
    assert_eq!(
        (report.total, report.repairs.len(), report.truncated),
        (12, 5, true)
    );
    let first = report.repairs[0].clone();
    let original = Span {
        start: first.original.start,
        end: first.original.end,
    };
    let doc_original = doc.original();
    assert_eq!(original.slice(&doc_original), "\n\n");
    // UTF-16 offsets index the same place as the byte offsets.
    let before16: usize = doc_original[..first.original.start as usize]
        .encode_utf16()
        .count();
    assert_eq!(first.original.start16 as usize, before16);
    assert!(doc.text[..first.cleaned.start as usize].ends_with("我提"));
    // Any cleaned span maps to the original, e.g. for an export citing the file.
    let locator = textlens::corpus::OriginalLocator::new(doc);
    let at = doc.text.find("我提出全球").unwrap_or(0);
    let loc = locator.loc(Span::new(at, at + "我提出全球".len()));
    let cited = Span {
        start: loc.start,
        end: loc.end,
    }
    .slice(locator.text());
    assert_eq!(cited, "我提\n\n出全球");
    let from16: String = String::from_utf16_lossy(
        &locator.text().encode_utf16().collect::<Vec<u16>>()
            [loc.start16 as usize..loc.end16 as usize],
    );
    assert_eq!(from16, cited);
    let with = doc.repairs(
        &RepairOptions {
            kinds: vec![RepairKind::JoinedBlock],
            limit: 1,
            context: 4,
        },
    );
    let r = &with.repairs[0];
    let snippet = (r.before.as_deref(), r.was.as_deref(), r.after.as_deref());
    assert_eq!(snippet, (Some("心。我提"), Some("\n\n"), Some("出全球治")));
    let json = serde_json::to_value(&report).unwrap_or_default();
    assert!(
        json["repairs"][0].get("before").is_none(),
        "context fields appear only when asked for"
    );
    assert_eq!(json["repairs"][0]["kind"], "joinedBlock");
    assert!(json["repairs"][0]["original"]["start16"].is_number());
}

#[test]
fn limits_give_clear_messages() {
    let mut c = Corpus::new();
    c.set_limits(textlens::corpus::Limits {
        max_file_bytes: 10_000,
        max_total_bytes: 15_000,
    });
    let e = c
        .add_document("000.txt", &read(SEED_000))
        .err()
        .map(|e| (e.kind(), e.message().to_owned()));
    assert_eq!(
        e,
        Some((
            ErrorKind::TooLarge,
            "000.txt is 12 KB, over the limit of 10 KB per file".to_owned()
        ))
    );
    let eight = "字".repeat(2700);
    c.add_document("a.txt", eight.as_bytes())
        .unwrap_or_else(|e| panic!("{e}"));
    let e = c
        .add_document("b.txt", eight.as_bytes())
        .err()
        .map(|e| (e.kind(), e.message().to_owned()));
    assert_eq!(e, Some((ErrorKind::TooLarge, "b.txt would bring the loaded total to 17 KB, over the limit of 15 KB for all documents; remove a document first".to_owned())));
    assert_eq!(c.stored_documents().len(), 1);
}

// ------------------------------------------------------------ properties

/// Text made of the pieces clean-up reacts to.
fn messy_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "我提",
        "出全球治理倡议",
        "。",
        ",",
        "、",
        "\n",
        "\n\n",
        "\n\n\n",
        "\r\n",
        "\r",
        " ",
        "  ",
        "\t",
        "\0",
        "\u{0C}",
        "\u{3000}",
        "\u{FEFF}",
        "\u{2029}",
        "exam-",
        "ple",
        "example",
        "well-",
        "known",
        "据新华社",
        "■记者 张三",
        "外交部:中方决定",
        "the quick",
        "Brown fox",
        "1. ",
        "一、",
        "议。",
        "“",
        "”",
        "```",
        "- ",
        "# ",
        "é",
        "😀",
        "a",
        "Z",
        "2025",
        "年",
        "(",
        ")",
        ";",
        "?",
        "…",
        "<",
        "|",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

fn options() -> impl Strategy<Value = CleanOptions> {
    prop::array::uniform6(any::<bool>()).prop_map(|b| CleanOptions {
        line_endings: b[0],
        control_chars: b[1],
        trailing_spaces: b[2],
        join_lines: b[3],
        join_blocks: b[4],
        dehyphenate: b[5],
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn offset_map_is_monotonic_and_covers(text in messy_text(), opts in options()) {
        let c = clean(&text, &opts);
        let map = &c.map;
        // The original is rebuilt exactly from the cleaned text and the edits.
        prop_assert_eq!(&map.original_of(&c.text), &text);
        prop_assert_eq!(map.start_to_original(0), 0);
        prop_assert_eq!(map.end_to_original(c.text.len() as u32) as usize, text.len());
        let bounds: Vec<u32> = c.text.char_indices().map(|(i, _)| i as u32).chain([c.text.len() as u32]).collect();
        let mut last = (0u32, 0u32);
        for &b in &bounds {
            let (l, r) = (map.start_to_original(b), map.end_to_original(b));
            prop_assert!(l >= last.0 && r >= last.1, "not monotonic at {}", b);
            prop_assert!(text.is_char_boundary(l as usize) && text.is_char_boundary(r as usize));
            last = (l, r);
        }
        // Every character the clean-up did not write itself maps onto itself
        // (but at the two ends, which take in whatever was removed there).
        for (i, ch) in c.text.char_indices() {
            let span = map.to_original(Span::new(i, i + ch.len_utf8()));
            if !ch.is_whitespace() && i > 0 && i + ch.len_utf8() < c.text.len() {
                prop_assert_eq!(span.slice(&text), ch.to_string(), "at {}", i);
            }
        }
        // Repairs are sorted and point into both texts.
        for r in &c.repairs {
            prop_assert!(r.original.end as usize <= text.len() && r.cleaned.end as usize <= c.text.len());
        }
    }

    #[test]
    fn cleaning_is_idempotent(text in messy_text(), opts in options()) {
        let once = clean(&text, &opts);
        let twice = clean(&once.text, &opts);
        prop_assert_eq!(&twice.text, &once.text);
        prop_assert!(twice.repairs.is_empty(), "{:?}", twice.repairs);
    }

    #[test]
    fn markup_never_panics(pieces in prop::collection::vec(prop::sample::select(vec![
        "<p>", "</p>", "<script>", "</script>", "</script", "<style>", "</style>", "&amp;", "&#x4E2D;", "&#", "&",
        "&nbsp", "<!--", "-->", "<", ">", "\"", "'", "<a href=\"x>y\">", "中", "a", " ", "\n", "<br>", "<pre>",
        "</pre>", "<w:p>", "</w:p>", "<w:t>", "</w:t>", "<w:tab/>", "<head>", "</head>", "<body>", "<!DOCTYPE html>",
    ]), 0..40)) {
        let html = pieces.concat();
        let _ = textlens::formats::html::html_to_text(&html);
        let _ = textlens::formats::docx::document_xml_to_text(&html);
    }

    #[test]
    fn decoding_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let _ = textlens::decode::decode("f", &bytes, &textlens::decode::DecodeOptions::default());
        let _ = textlens::formats::extract("f.html", &bytes, None);
        let _ = textlens::formats::extract("f.docx", &bytes, None);
    }
}

// ------------------------------------------------------------ the CLI

/// Seed 000 in four encodings, written to a fresh temporary folder.
fn encoded_seed_files() -> (std::path::PathBuf, Vec<String>) {
    let text = String::from_utf8(read(SEED_000)).unwrap_or_else(|e| panic!("{e}"));
    let dir = std::env::temp_dir().join(format!("textlens-ingest-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let files = [
        ("utf8.txt", text.as_bytes().to_vec()),
        ("gb18030.txt", encode(&text, encoding_rs::GB18030, false)),
        ("utf16le.txt", encode(&text, encoding_rs::UTF_16LE, false)),
        (
            "utf16be-bom.txt",
            encode(&text, encoding_rs::UTF_16BE, true),
        ),
    ];
    let mut paths = Vec::new();
    for (name, bytes) in files {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{e}"));
        paths.push(path.to_string_lossy().into_owned());
    }
    (dir, paths)
}

fn cli_json(args: &[&str]) -> serde_json::Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_textlens"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn cli_reads_every_encoding_to_the_same_terms() {
    let (dir, paths) = encoded_seed_files();
    let mut args = vec!["info", "--json"];
    args.extend(paths.iter().map(String::as_str));
    let info = cli_json(&args);
    let how: Vec<(String, String)> = info
        .as_array()
        .map(|docs| {
            docs.iter()
                .map(|d| {
                    (
                        d["encoding"].as_str().unwrap_or("").to_owned(),
                        d["decodeMethod"].as_str().unwrap_or("").to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let expected = [
        ("UTF-8", "validUtf8"),
        ("GB18030", "guessed"),
        ("UTF-16LE", "utf16Pattern"),
        ("UTF-16BE", "bom"),
    ];
    assert_eq!(
        how,
        expected.map(|(a, b)| (a.to_owned(), b.to_owned())).to_vec()
    );
    args[0] = "terms";
    let terms = cli_json(&args);
    let rows = terms["terms"].as_array().cloned().unwrap_or_default();
    assert!(rows.len() > 500, "{} terms", rows.len());
    for row in rows {
        let per_doc = row["perDoc"].as_array().cloned().unwrap_or_default();
        assert_eq!(per_doc.len(), 4);
        assert!(
            per_doc.iter().all(|n| *n == per_doc[0]),
            "{}: {per_doc:?}",
            row["term"]
        );
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn markdown_blocks_and_csv_rows_stay_apart() {
    let prose = "It goes on\n\nand on,\nand ends here.\n";
    let text = one("a.txt", prose.as_bytes());
    assert_eq!(
        text.stored_documents()[0].text,
        "It goes on and on, and ends here.\n"
    );
    // In Markdown a blank line always ends a paragraph; lines inside one are joined.
    let md = one("a.md", prose.as_bytes());
    assert_eq!(
        (md.stored_documents()[0].format, md.stored_documents()[0].text.as_str()),
        (Format::Markdown, "It goes on\n\nand on, and ends here.\n")
    );
    let csv = one("t.csv", b"name,city\nalice,paris\nbob,rome\n");
    assert_eq!(
        (csv.stored_documents()[0].format, csv.stored_documents()[0].text.as_str()),
        (Format::Csv, "name,city\nalice,paris\nbob,rome\n")
    );
}
