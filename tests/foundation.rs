//! Foundation, natively: the seeds through the core and through the `textlens` CLI.

use std::process::Command;
use textlens::report::OpKind;
use textlens::{compare, terms, CompareOptions, Corpus, DocId, TermOptions};

const SEED_A: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/seeds/000_61b16b637bcca7d8.txt");
const SEED_B: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/seeds/001_242e04c1848bbad0.txt");

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn seeds() -> Corpus {
    let mut c = Corpus::new();
    for path in [SEED_A, SEED_B] {
        let name = path.rsplit('/').next().unwrap_or(path);
        c.add_document(name, read(path).as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    }
    c
}

/// Occurrences of words in the seeds (000, 001), counted in the seed files
/// themselves, not by the code under test: `grep -o WORD FILE | wc -l`, the same
/// after removing all white space (so no word broken across a PDF line is missed:
/// the counts agree), then each occurrence of 天津 read in its context
/// (`grep -o '.\{12\}天津.\{8\}'`):
/// - 习近平 21 / 13, 普京 6 / 6, 呼日勒苏赫 2 / 2: every occurrence is the name.
/// - 上海合作组织 7 / 11: every occurrence is the organisation's name (a term
///   found by corpus-level discovery; the dictionary cuts it 上海 / 合作 / 组织).
/// - 天津 5 / 29 in the files; in 001 two occurrences are inside longer words the
///   dictionary holds whole — 中共天津市委 (the signature) and 天津人 ("做文明有礼
///   天津人") — so 27 there. 天津市民 is 天津 + 市民, and in 天津市人民政府 the jieba
///   dictionary's frequencies cut 天津 / 市 (jieba itself does), so both count.
const SEED_COUNTS: &[(&str, [u64; 2])] = &[
    ("习近平", [21, 13]),
    ("普京", [6, 6]),
    ("呼日勒苏赫", [2, 2]),
    ("上海合作组织", [7, 11]),
    ("天津", [5, 27]),
];

#[test]
fn seed_terms_are_words_with_their_true_counts() {
    let c = seeds();
    let report = terms(&c, &TermOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    for (word, per_doc) in SEED_COUNTS {
        let row = report.terms.iter().find(|r| r.term == *word);
        assert_eq!(row.map(|r| r.per_doc.clone()), Some(per_doc.to_vec()), "{word}");
        assert_eq!(row.map(|r| r.count), Some(per_doc.iter().sum()), "{word}");
    }
}

#[test]
fn seed_compare_shows_the_one_character_edit_in_place() {
    let c = seeds();
    let r = compare(&c, DocId(0), DocId(1), &CompareOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let i = r
        .ops
        .iter()
        .position(|o| o.kind == OpKind::Replace && o.a_text == "会同" && o.b_text == "同")
        .unwrap_or_else(|| panic!("no 会同/同 edit"));
    assert!(r.ops[i - 1].kind == OpKind::Equal && r.ops[i - 1].a_text.ends_with("就是要"));
    assert!(r.ops[i + 1].kind == OpKind::Equal && r.ops[i + 1].a_text.starts_with("所有志同道合国家"));
    let a: String = r.ops.iter().map(|o| o.a_text.as_str()).collect();
    // Reports index the cleaned text (the seed's PDF line breaks joined), not the file.
    let doc_a = c.document(DocId(0)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a.trim(), doc_a.text.trim(), "the a-side rebuilds document A");
    assert_eq!(doc_a.original(), read(SEED_A), "the original text is the file");
}

fn cli(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_textlens")).args(args).output().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn cli_terms_json_matches_the_core() {
    let out = cli(&["terms", "--json", SEED_A, SEED_B]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    let report = terms(&seeds(), &TermOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    // Same text parser on both sides, so floats compare exactly.
    let core: serde_json::Value = serde_json::to_string(&report)
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default();
    assert_eq!(json, core);
    let terms = json["terms"].as_array().map_or(0, Vec::len);
    assert_eq!(terms, report.distinct_terms);
    let xi = json["terms"].as_array().and_then(|t| t.iter().find(|r| r["term"] == "习近平"));
    assert_eq!(xi.map(|r| r["perDoc"].clone()), Some(serde_json::json!([21, 13])));
}

#[test]
fn cli_compare_marks_the_edit_inline() {
    let out = cli(&["compare", SEED_A, SEED_B]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("就是要[-会同-]{+同+}所有志同道合国家"), "{text}");
    assert!(text.contains("000_61b16b637bcca7d8.txt vs 001_242e04c1848bbad0.txt"));
}

#[test]
fn cli_reports_bad_files_by_name_and_keeps_the_good_ones() {
    let dir = std::env::temp_dir().join(format!("textlens-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let pdf = dir.join("report.pdf");
    std::fs::write(&pdf, b"%PDF-1.7\n\xe2\xe3\xcf\xd3").unwrap_or_else(|e| panic!("{e}"));
    let pdf = pdf.to_string_lossy().into_owned();
    let out = cli(&["terms", "--json", SEED_A, &pdf]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("report.pdf looks like a PDF"), "{err}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["documents"].as_array().map_or(0, Vec::len), 1);
    let usage = cli(&["frobnicate"]);
    assert_eq!(usage.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}
