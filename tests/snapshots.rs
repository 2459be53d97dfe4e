//! Snapshots of every report's JSON, the wire format the CLI prints and the
//! worker hands to the page (issue #10).
//!
//! Each test runs the `textlens` CLI with `--json` (or builds a report the CLI
//! has no command for through the library, as `src/wasm.rs` does) on the
//! small fixtures of `tests/fixtures/snapshots/` — the two seed newspaper
//! pages and one chapter of the Rust book at two dates — and compares the
//! output byte for byte with `tests/snapshots/*.json` (expect-test).
//! A change of format fails here; if it is meant, rewrite the files with
//! `UPDATE_EXPECT=1 cargo test --release --test snapshots` and review the diff.
//!
//! The last test checks `docs/report-format.md`'s JSON examples against these
//! snapshots: every key an example shows exists in the snapshot of that report,
//! and every top-level key of the snapshot is shown in the example.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use expect_test::{expect_file, ExpectFile};
use textlens::{Corpus, DocId};

const SEED_A: &str = "tests/fixtures/snapshots/seed_000.txt";
const SEED_B: &str = "tests/fixtures/snapshots/seed_001.txt";
const BOOK_A: &str = "tests/fixtures/snapshots/book_intro_2024.md";
const BOOK_B: &str = "tests/fixtures/snapshots/book_intro_2025.md";
const SEED_HEAD: &str = "tests/fixtures/snapshots/seed_000_head.txt";
const BOOK_HEAD: &str = "tests/fixtures/snapshots/book_intro_head.md";
const NEWS_HTML: &str = "tests/fixtures/ingest/news.html";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the CLI in the crate root; its stdout, which must be a success.
fn cli(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_textlens")).args(args).current_dir(root()).output().unwrap();
    assert!(out.status.success(), "textlens {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn check(expected: ExpectFile, actual: &str) {
    // Every snapshot is JSON; say so before comparing text.
    serde_json::from_str::<serde_json::Value>(actual).unwrap();
    expected.assert_eq(actual);
}

/// The files loaded as the CLI and the worker load a batch: each added
/// without discovery, then one discovery run over all of them.
fn corpus(files: &[&str]) -> Corpus {
    let mut corpus = Corpus::new();
    for path in files {
        let bytes = std::fs::read(root().join(path)).unwrap();
        let name = Path::new(path).file_name().unwrap().to_string_lossy().into_owned();
        corpus.add_document_with_progress(None, &name, &bytes, &mut |_, _| {}).unwrap();
    }
    corpus.refresh_discovery();
    corpus
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap() + "\n"
}

#[test]
fn documents() {
    check(expect_file!["snapshots/documents.json"], &cli(&["documents", "--json", SEED_A, SEED_B, BOOK_A, NEWS_HTML]));
    // The page's `documents()` is the same list.
    let c = corpus(&[SEED_A, SEED_B, BOOK_A, NEWS_HTML]);
    check(expect_file!["snapshots/documents.json"], &json(&c.documents()));
}

#[test]
fn terms() {
    check(expect_file!["snapshots/terms_seeds.json"], &cli(&["terms", "--json", "--limit", "60", SEED_A, SEED_B]));
    check(
        expect_file!["snapshots/terms_book.json"],
        &cli(&["terms", "--json", "--limit", "40", "--stopwords", "en", "--sort", "tfidf", BOOK_A, BOOK_B]),
    );
    check(
        expect_file!["snapshots/terms_seed_doc.json"],
        &cli(&["terms", "--json", "--limit", "20", "--doc", "1", "--punct", "--numbers", "--fold-width", SEED_A, SEED_B]),
    );
}

#[test]
fn keyness() {
    check(expect_file!["snapshots/keyness_seeds.json"], &cli(&["keyness", "--json", "--target", "1", SEED_A, SEED_B]));
    check(
        expect_file!["snapshots/keyness_book.json"],
        &cli(&["keyness", "--json", "--target", "0", "--alpha", "0.01", "--bonferroni", BOOK_A, BOOK_B, SEED_A]),
    );
}

#[test]
fn ngrams() {
    check(expect_file!["snapshots/ngrams_seeds.json"], &cli(&["ngrams", "--json", "--limit", "60", SEED_A, SEED_B]));
    check(
        expect_file!["snapshots/ngrams_book.json"],
        &cli(&["ngrams", "--json", "--n", "2-4", "--min-count", "3", BOOK_A, BOOK_B]),
    );
}

#[test]
fn collocates() {
    check(
        expect_file!["snapshots/collocates_seeds.json"],
        &cli(&["collocates", "--json", "--query", "峰会", SEED_A, SEED_B]),
    );
    check(
        expect_file!["snapshots/collocates_book.json"],
        &cli(&["collocates", "--json", "--query", "Rust", "--window", "3", "--measure", "mi", BOOK_A, BOOK_B]),
    );
}

#[test]
fn kwic() {
    check(
        expect_file!["snapshots/kwic_seeds.json"],
        &cli(&["kwic", "--json", "--query", "天津", "--sort", "right", SEED_A, SEED_B]),
    );
    check(
        expect_file!["snapshots/kwic_book.json"],
        &cli(&["kwic", "--json", "--query", "the compiler", "--context", "4", BOOK_A, BOOK_B]),
    );
}

#[test]
fn distribution() {
    check(
        expect_file!["snapshots/distribution_seeds.json"],
        &cli(&["distribution", "--json", "--query", "天津", SEED_A, SEED_B]),
    );
    check(
        expect_file!["snapshots/distribution_book.json"],
        &cli(&["distribution", "--json", "--query", "Rust", "--bins", "5", BOOK_A, BOOK_B]),
    );
}

#[test]
fn compare() {
    check(expect_file!["snapshots/compare_seeds.json"], &cli(&["compare", "--json", SEED_A, SEED_B]));
    check(
        expect_file!["snapshots/compare_book.json"],
        &cli(&["compare", "--json", "--ignore-case", "--ignore-width", "--chars", BOOK_A, BOOK_B]),
    );
    // The worker's transport: the same report with its ops in JSON slices.
    let c = corpus(&[BOOK_A, BOOK_B]);
    let report = textlens::compare(&c, DocId(0), DocId(1), &textlens::CompareOptions::default()).unwrap();
    let sliced = textlens::compare::sliced(report, 40).unwrap();
    check(expect_file!["snapshots/compare_book_sliced.json"], &json(&sliced));
}

#[test]
fn reuse() {
    check(expect_file!["snapshots/reuse.json"], &cli(&["reuse", "--json", SEED_A, SEED_B, BOOK_A, BOOK_B]));
}

#[test]
fn segment() {
    check(expect_file!["snapshots/segment.json"], &cli(&["segment", "--json", SEED_HEAD, BOOK_HEAD]));
    // The page's token view, its discovered terms and the user dictionary's answer.
    let mut c = corpus(&[SEED_A, SEED_B]);
    let doc = c.document(DocId(0)).unwrap();
    check(expect_file!["snapshots/token_view.json"], &json(&doc.segment(1200, 60)));
    check(
        expect_file!["snapshots/discovered_terms.json"],
        &json(&c.discovered_terms()),
    );
    let answer = c.set_user_dictionary("# names\n上海合作组织 5000\n全球治理倡议\n").unwrap();
    check(expect_file!["snapshots/user_dictionary.json"], &json(&answer));
}

#[test]
fn info() {
    check(expect_file!["snapshots/info_html.json"], &cli(&["info", "--json", NEWS_HTML]));
    // Where the clean-up changed the seed (PDF line breaks joined), with context.
    let c = corpus(&[SEED_A]);
    let doc = c.document(DocId(0)).unwrap();
    let options = textlens::report::RepairOptions { kinds: Vec::new(), limit: 5, context: 6 };
    check(expect_file!["snapshots/repairs.json"], &json(&doc.repairs(&options)));
}

/// Every key (at any depth) of a JSON value.
fn keys(value: &serde_json::Value, into: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                into.insert(k.clone());
                keys(v, into);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| keys(v, into)),
        _ => {}
    }
}

/// The `"key":` names written in a (possibly abridged, `…`) JSON example, and
/// those at its top level (brace depth 1).
fn example_keys(block: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let (mut all, mut top) = (BTreeSet::new(), BTreeSet::new());
    let mut depth = 0i32;
    let chars: Vec<char> = block.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '{' | '[' => depth += 1,
            '}' | ']' => depth -= 1,
            '"' => {
                let end = (i + 1..chars.len()).find(|&j| chars[j] == '"').unwrap();
                let word: String = chars[i + 1..end].iter().collect();
                let next = chars[end + 1..].iter().find(|c| !c.is_whitespace());
                if next == Some(&':') {
                    if depth == 1 {
                        top.insert(word.clone());
                    }
                    all.insert(word);
                }
                i = end;
            }
            _ => {}
        }
        i += 1;
    }
    (all, top)
}

#[test]
fn report_format_examples_match_the_snapshots() {
    let doc = std::fs::read_to_string(root().join("docs/report-format.md")).unwrap();
    // The JSON examples in the order the document shows them, and the snapshot each abridges.
    // `None` marks a fragment (a token row) checked against the snapshot but without its top level.
    let expected: &[(&str, Option<&str>)] = &[
        ("terms_seeds.json", Some("top")),
        ("keyness_seeds.json", Some("top")),
        ("ngrams_seeds.json", Some("top")),
        ("collocates_seeds.json", Some("top")),
        ("kwic_seeds.json", Some("top")),
        ("distribution_seeds.json", Some("top")),
        ("compare_seeds.json", Some("top")),
        ("token_view.json", None),
        ("token_view.json", Some("top")),
        ("discovered_terms.json", Some("top")),
        ("reuse.json", Some("top")),
        ("documents.json", Some("item")),
        ("repairs.json", Some("top")),
    ];
    let blocks: Vec<&str> = doc.split("```json").skip(1).map(|rest| rest.split("```").next().unwrap()).collect();
    assert_eq!(blocks.len(), expected.len(), "a JSON example was added to or removed from docs/report-format.md");
    for (block, (file, level)) in blocks.iter().zip(expected) {
        let text = std::fs::read_to_string(root().join("tests/snapshots").join(file)).unwrap();
        let snapshot: serde_json::Value = serde_json::from_str(&text).unwrap();
        let mut have = BTreeSet::new();
        keys(&snapshot, &mut have);
        let (shown, top) = example_keys(block);
        let unknown: Vec<_> = shown.difference(&have).collect();
        assert!(unknown.is_empty(), "docs/report-format.md shows keys {unknown:?} that {file} does not have");
        let top_level = match level {
            Some("top") => snapshot.as_object(),
            Some(_) => snapshot.as_array().and_then(|a| a.first()).and_then(|v| v.as_object()),
            None => None,
        };
        if let Some(object) = top_level {
            let missing: Vec<_> = object.keys().filter(|k| !top.contains(*k)).collect();
            assert!(missing.is_empty(), "docs/report-format.md's example of {file} leaves out {missing:?}");
        }
    }
}
