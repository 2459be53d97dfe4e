//! `textlens` — the command-line face of the same core the page uses.
//!
//! ```text
//! textlens terms FILE… [--json] [--limit N] [--numbers]
//! textlens compare A B [--json] [--ignore-case] [--ignore-whitespace]
//! ```
//! `--json` prints the same report objects the page receives from its worker.

use std::process::ExitCode;
use textlens::report::{CompareReport, OpKind, TermReport};
use textlens::{CompareOptions, Corpus, DocId, TermOptions};

const USAGE: &str = "usage:
  textlens terms FILE… [--json] [--limit N] [--numbers]
  textlens compare A B [--json] [--ignore-case] [--ignore-whitespace]

  terms     term frequencies over the files, corpus-wide and per file
  compare   word-level differences between two files
  --json    print the report as JSON (the same shape the web page uses)";

/// A failure the CLI reports: a message and an exit code.
struct Failure(String, u8);

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message, code)) => {
            eprintln!("textlens: {message}");
            ExitCode::from(code)
        }
    }
}

/// Parsed flags and positional arguments of one command.
struct Args<'a> {
    files: Vec<&'a str>,
    flags: Vec<&'a str>,
    limit: Option<usize>,
}

impl<'a> Args<'a> {
    fn parse(args: &'a [String], known: &[&str]) -> Result<Args<'a>, Failure> {
        let mut out = Args { files: Vec::new(), flags: Vec::new(), limit: None };
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            if arg == "--limit" {
                let value = it.next().ok_or_else(|| usage("--limit needs a number"))?;
                out.limit = Some(value.parse().map_err(|_| usage(&format!("--limit: `{value}` is not a number")))?);
            } else if arg.starts_with("--") {
                if !known.contains(&arg.as_str()) {
                    return Err(usage(&format!("unknown option {arg}")));
                }
                out.flags.push(arg);
            } else {
                out.files.push(arg);
            }
        }
        Ok(out)
    }

    fn has(&self, flag: &str) -> bool {
        self.flags.contains(&flag)
    }
}

fn usage(message: &str) -> Failure {
    Failure(format!("{message}\n{USAGE}"), 2)
}

fn run(args: &[String]) -> Result<(), Failure> {
    let Some((command, rest)) = args.split_first() else {
        return Err(usage("no command given"));
    };
    match command.as_str() {
        "terms" => terms(&Args::parse(rest, &["--json", "--numbers"])?),
        "compare" => compare(&Args::parse(rest, &["--json", "--ignore-case", "--ignore-whitespace"])?),
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(usage(&format!("unknown command `{other}`"))),
    }
}

/// Loads the files into a corpus. A file that cannot be read is reported and
/// skipped, so one bad file does not lose the others; the error is returned at the end.
fn load(files: &[&str]) -> (Corpus, Vec<DocId>, Option<Failure>) {
    let mut corpus = Corpus::new();
    let mut ids = Vec::new();
    let mut failure = None;
    for path in files {
        let name = std::path::Path::new(path).file_name().map_or(path.to_string(), |n| n.to_string_lossy().into_owned());
        let result = std::fs::read(path)
            .map_err(|e| format!("{path}: {e}"))
            .and_then(|bytes| corpus.add_document(&name, &bytes).map_err(|e| e.to_string()));
        match result {
            Ok(summary) => ids.push(DocId(summary.id)),
            Err(message) => {
                eprintln!("textlens: {message}");
                failure = Some(Failure(message, 1));
            }
        }
    }
    (corpus, ids, failure)
}

fn print_json<T: serde::Serialize>(value: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value).map_err(|e| Failure(format!("could not write JSON: {e}"), 1))?;
    println!("{text}");
    Ok(())
}

fn terms(args: &Args) -> Result<(), Failure> {
    if args.files.is_empty() {
        return Err(usage("terms needs at least one file"));
    }
    let (corpus, _, failure) = load(&args.files);
    if corpus.documents().is_empty() {
        return Err(failure.unwrap_or_else(|| Failure("no documents".into(), 1)));
    }
    let options = TermOptions {
        include_numbers: args.has("--numbers"),
        limit: args.limit.unwrap_or(if args.has("--json") { 0 } else { 30 }),
        ..TermOptions::default()
    };
    let report = textlens::term_stats(&corpus, &options).map_err(|e| Failure(e.to_string(), 1))?;
    if args.has("--json") {
        print_json(&report)?;
    } else {
        print_terms(&report);
    }
    failure.map_or(Ok(()), Err)
}

fn print_terms(report: &TermReport) {
    println!(
        "{} words counted, {} distinct terms, {} documents",
        report.total_tokens,
        report.distinct_terms,
        report.documents.len()
    );
    let mut header = format!("{:>4}  {:<16} {:>8} {:>9} {:>4}", "#", "term", "count", "per 10k", "docs");
    for d in &report.documents {
        header.push_str(&format!("  {:>12}", truncate(&d.name, 12)));
    }
    println!("{header}");
    for (i, row) in report.terms.iter().enumerate() {
        // Pad by display width: CJK characters take two columns.
        let width: usize = row.term.chars().map(|c| if textlens::segment::is_han(c) { 2 } else { 1 }).sum();
        let pad = " ".repeat(16usize.saturating_sub(width));
        let mut line = format!("{:>4}  {}{} {:>8} {:>9.1} {:>4}", i + 1, row.term, pad, row.count, row.rate, row.df);
        for n in &row.per_doc {
            line.push_str(&format!("  {n:>12}"));
        }
        println!("{line}");
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

fn compare(args: &Args) -> Result<(), Failure> {
    let [a, b] = args.files[..] else {
        return Err(usage("compare needs exactly two files"));
    };
    let (corpus, ids, failure) = load(&[a, b]);
    if let Some(f) = failure {
        return Err(f);
    }
    let [ia, ib] = ids[..] else {
        return Err(Failure("could not load both files".into(), 1));
    };
    let options = CompareOptions {
        ignore_case: args.has("--ignore-case"),
        ignore_whitespace: args.has("--ignore-whitespace"),
    };
    let report = textlens::compare(&corpus, ia, ib, &options).map_err(|e| Failure(e.to_string(), 1))?;
    if args.has("--json") {
        print_json(&report)
    } else {
        print_compare(&report);
        Ok(())
    }
}

/// Inline diff: `[-deleted-]{+inserted+}` inside the text, then a summary line.
fn print_compare(report: &CompareReport) {
    let mut out = String::new();
    let mut changes = 0;
    for op in &report.ops {
        match op.kind {
            OpKind::Equal => out.push_str(&op.a_text),
            _ => {
                changes += 1;
                if !op.a_text.is_empty() {
                    out.push_str(&format!("[-{}-]", op.a_text));
                }
                if !op.b_text.is_empty() {
                    out.push_str(&format!("{{+{}+}}", op.b_text));
                }
            }
        }
    }
    println!("{}", out.trim_end());
    let s = &report.summary;
    println!(
        "\n--- {} vs {}: {} changes; {:.1}% of A's {} words unchanged ({} words of A changed, {} of B)",
        report.a.name, report.b.name, changes, s.same_percent, s.words_a, s.changed_words_a, s.changed_words_b
    );
}
