//! The `textlens` command line keeps the conventions people expect: `help`, `<command> --help`,
//! `-h`, `--version`, suggestions for typos, errors on stderr, and exit status 0 ok / 1 input
//! error / 2 usage error; its tables line up in terminal columns with Han text.

use std::process::{Command, Output};
use unicode_width::UnicodeWidthStr;

const SEED_A: &str = "../shared/corpus/seeds/000_61b16b637bcca7d8.txt";
const SEED_B: &str = "../shared/corpus/seeds/001_242e04c1848bbad0.txt";
const COMMANDS: &[&str] =
    &["terms", "keyness", "ngrams", "collocates", "kwic", "distribution", "compare", "segment", "reuse", "documents"];

fn textlens(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_textlens")).args(args).output().unwrap_or_else(|e| panic!("{e}"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Exit status, stdout, stderr.
fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = textlens(args);
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

#[test]
fn help_lists_every_command_and_the_exit_statuses() {
    for args in [&["help"][..], &["--help"], &["-h"]] {
        let (code, out, err) = run(args);
        assert_eq!(code, Some(0), "{args:?}: {err}");
        for c in COMMANDS {
            assert!(out.lines().any(|l| l.trim_start().starts_with(c)), "{args:?} lists {c}:\n{out}");
        }
        assert!(out.contains("1  input error") && out.contains("2  usage error"), "{out}");
    }
    // No command at all: the help, as a usage error.
    let (code, _, err) = run(&[]);
    assert_eq!(code, Some(2));
    assert!(err.contains("Usage: textlens <COMMAND>"), "{err}");
}

#[test]
fn every_command_has_its_own_help() {
    for c in COMMANDS {
        for args in [vec![*c, "--help"], vec![*c, "-h"], vec!["help", *c]] {
            let (code, out, err) = run(&args);
            assert_eq!(code, Some(0), "{args:?}: {err}");
            assert!(err.is_empty(), "{args:?} wrote to stderr: {err}");
            assert!(out.contains(&format!("Usage: textlens {c} ")), "{args:?}:\n{out}");
            assert!(out.contains("Exit status"), "{args:?}:\n{out}");
        }
    }
    // Options are described, with their allowed values.
    let (_, out, _) = run(&["terms", "--help"]);
    for option in ["--json", "--csv", "--stopwords <LANGS>", "--limit <N>", "--doc <DOC>", "--sort <SORT>", "tfidf"] {
        assert!(out.contains(option), "terms --help names {option}:\n{out}");
    }
    let (_, out, _) = run(&["collocates", "--help"]);
    assert!(out.contains("--query <TEXT>") && out.contains("mi"), "{out}");
}

#[test]
fn version_is_the_crate_version() {
    for flag in ["--version", "-V"] {
        let (code, out, _) = run(&[flag]);
        assert_eq!(code, Some(0));
        assert_eq!(out.trim(), format!("textlens {}", env!("CARGO_PKG_VERSION")));
    }
}

#[test]
fn typos_get_a_suggestion_and_usage_status() {
    let (code, out, err) = run(&["trems", SEED_A]);
    assert_eq!(code, Some(2));
    assert!(out.is_empty(), "errors go to stderr only: {out}");
    assert!(err.contains("unrecognized subcommand 'trems'") && err.contains("'terms'"), "{err}");

    let (code, out, err) = run(&["terms", "--jsno", SEED_A]);
    assert_eq!(code, Some(2));
    assert!(out.is_empty());
    assert!(err.contains("'--jsno'") && err.contains("a similar argument exists: '--json'"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        vec!["frobnicate"],
        vec!["terms"],                                       // no file
        vec!["compare", SEED_A],                             // one file of two
        vec!["kwic", SEED_A],                                // --query missing
        vec!["keyness", SEED_A, SEED_B],                     // --target missing
        vec!["ngrams", "--n", "two", SEED_A],                // not N or MIN-MAX
        vec!["terms", "--limit", "-3", SEED_A],              // not a count
        vec!["terms", "--sort", "alphabetical", SEED_A],     // not an order
        vec!["terms", "--json", "--csv", SEED_A],            // one format at a time
        vec!["reuse", SEED_A],                               // needs two files
        vec!["terms", "--doc", "nosuch.txt", SEED_A, SEED_B], // neither a number nor a file given
    ] {
        let (code, out, err) = run(&args);
        assert_eq!(code, Some(2), "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?} printed on stdout: {out}");
        assert!(!err.is_empty(), "{args:?} said nothing on stderr");
    }
}

#[test]
fn input_errors_exit_1_and_keep_the_good_files() {
    let missing = "../shared/corpus/seeds/no-such-file.txt";
    let (code, out, err) = run(&["terms", "--json", SEED_A, missing]);
    assert_eq!(code, Some(1));
    assert!(err.contains("no-such-file.txt"), "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["documents"].as_array().map_or(0, Vec::len), 1);

    let (code, out, err) = run(&["documents", missing]);
    assert_eq!(code, Some(1));
    assert!(out.is_empty() && err.contains("no-such-file.txt"), "{out} / {err}");
}

#[test]
fn success_exits_0() {
    for args in [
        vec!["terms", SEED_A, SEED_B],
        vec!["compare", "--unified", SEED_A, SEED_B],
        vec!["kwic", "--query", "天津", SEED_A],
        vec!["documents", SEED_A],
    ] {
        let (code, out, err) = run(&args);
        assert_eq!(code, Some(0), "{args:?}: {err}");
        assert!(!out.is_empty());
    }
}

/// `documents` was called `info`: the old name still works, and the help shows it.
#[test]
fn info_is_a_visible_alias_of_documents() {
    let (code, documents, err) = run(&["documents", "--json", SEED_A, SEED_B]);
    assert_eq!(code, Some(0), "{err}");
    let (code, info, err) = run(&["info", "--json", SEED_A, SEED_B]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(info, documents);
    assert!(documents.contains("\"encoding\""), "{documents}");
    let (_, help, _) = run(&["help"]);
    assert!(help.lines().any(|l| l.trim_start().starts_with("documents") && l.contains("[aliases: info]")), "{help}");
}

#[test]
fn term_table_columns_line_up_in_terminal_columns() {
    let (code, out, err) = run(&["terms", "--limit", "40", SEED_A, SEED_B]);
    assert_eq!(code, Some(0), "{err}");
    // Header and rows: the count column ends at the same terminal column on every line,
    // whatever mix of Han and Latin characters the term has.
    let lines: Vec<&str> = out.lines().skip(1).collect();
    assert_eq!(lines.len(), 41, "{out}");
    assert!(lines.iter().any(|l| l.contains("上海合作组织")), "{out}");
    let widths: Vec<usize> = lines.iter().map(|l| UnicodeWidthStr::width(*l)).collect();
    assert!(widths.iter().all(|w| *w == widths[0]), "line widths differ: {widths:?}\n{out}");
    // Fields: rank, term, count, …: where the count ends, in terminal columns.
    let count_end = |line: &str| {
        let mut fields = line.split_whitespace();
        let (term, count) = (fields.nth(1).unwrap_or(""), fields.next().unwrap_or(""));
        let at = line.find(term).unwrap_or(0) + term.len();
        UnicodeWidthStr::width(&line[..at]) + line[at..].find(count).unwrap_or(0) + count.len()
    };
    let ends: Vec<usize> = lines.iter().map(|l| count_end(l)).collect();
    assert!(ends.iter().all(|e| *e == ends[0]), "count column ends at {ends:?}\n{out}");
}

#[test]
fn concordance_hits_line_up() {
    let (code, out, err) = run(&["kwic", "--query", "天津", "--limit", "10", SEED_A, SEED_B]);
    assert_eq!(code, Some(0), "{err}");
    let columns: Vec<usize> = out
        .lines()
        .filter_map(|l| l.find(" [天津] ").map(|at| UnicodeWidthStr::width(&l[..at])))
        .collect();
    assert_eq!(columns.len(), 10, "{out}");
    assert!(columns.iter().all(|c| *c == columns[0]), "hit columns {columns:?}\n{out}");
}

#[test]
fn term_table_of_many_documents_has_no_column_per_document_and_says_where_they_are() {
    // Seed A cut into 20 files of about the same length (at line ends).
    let dir = std::env::temp_dir().join(format!("textlens-cli-many-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let seed = std::fs::read_to_string(SEED_A).unwrap_or_else(|e| panic!("{e}"));
    let lines: Vec<&str> = seed.lines().collect();
    let files: Vec<String> = lines
        .chunks(lines.len().div_ceil(20))
        .enumerate()
        .map(|(i, chunk)| {
            let path = dir.join(format!("part-{i:02}.txt"));
            std::fs::write(&path, chunk.join("\n")).unwrap_or_else(|e| panic!("{e}"));
            path.to_string_lossy().into_owned()
        })
        .collect();
    assert_eq!(files.len(), 20);
    let mut args = vec!["terms", "--limit", "10"];
    args.extend(files.iter().map(String::as_str));
    let (code, out, err) = run(&args);
    assert_eq!(code, Some(0), "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.first().is_some_and(|l| l.ends_with("20 documents")), "{out}");
    // Under the summary, one line says where the per-document counts are.
    assert!(lines.get(1).is_some_and(|l| l.contains("--csv") && l.contains("--json")), "{out}");
    // The table: rank, term, count, per 10k, docs — no column per document.
    let header: Vec<&str> = lines.get(2).map_or(vec![], |l| l.split_whitespace().collect());
    assert_eq!(header, ["#", "term", "count", "per", "10k", "docs"], "{out}");
    let rows = &lines[3..];
    assert_eq!(rows.len(), 10, "{out}");
    assert!(rows.iter().all(|l| l.split_whitespace().count() == 5), "{out}");
    assert!(!out.contains("part-"), "a document's column is shown:\n{out}");
    // JSON keeps a count for every document.
    args.push("--json");
    let (code, out, err) = run(&args);
    assert_eq!(code, Some(0), "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}"));
    let per_doc = json["terms"][0]["perDoc"].as_array().map_or(0, Vec::len);
    assert_eq!(per_doc, 20, "{out}");
    // Two documents still get their columns.
    let (_, out, _) = run(&["terms", "--limit", "3", SEED_A, SEED_B]);
    assert!(out.lines().nth(1).is_some_and(|l| l.contains("000_61b16b637bcca7d8.txt")), "{out}");
    std::fs::remove_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
}
