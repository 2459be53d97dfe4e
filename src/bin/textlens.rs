//! `textlens` — the command-line face of the same core the page uses.
//!
//! ```text
//! textlens terms FILE… [--json|--csv] [--limit N] [--numbers] [--punct] [--stopwords LANGS]
//!                [--min-length N] [--search TEXT] [--doc N] [--sort count|tfidf|df|position|term]
//! textlens keyness FILE… --target N [--reference M] [--alpha P] [--bonferroni] [--json|--csv]
//! textlens ngrams FILE… [--n MIN-MAX] [--min-count N] [--json|--csv]
//! textlens collocates FILE… --query TEXT [--window N] [--measure ll|mi] [--json|--csv]
//! textlens kwic FILE… --query TEXT [--context N] [--sort position|left|right] [--json|--csv]
//! textlens distribution FILE… --query TEXT [--bins N] [--json|--csv]
//! textlens compare A B [--json | --html | --unified] [--ignore-case] [--ignore-whitespace]
//!                      [--ignore-width] [--chars]
//! textlens segment FILE… [--format spaced|json] [--json] [--dict FILE] [--split-numbers] [--no-discover] [--encoding LABEL]
//! textlens reuse FILE… [--json | --csv [--matrix]] [--min-units N]
//! textlens info FILE… [--json] [--encoding LABEL]
//! ```
//! Documents are numbered from 0 in the order given (`--target 1` is the second
//! file); a file name works too.
//! `--json` prints the same report objects the page receives from its worker.

use std::process::ExitCode;
use textlens::report::{CompareReport, DocumentSummary, OpKind, TermReport};
use textlens::terms::FilterOptions;
use textlens::{CompareOptions, Corpus, DocId, Granularity, TermOptions, ToCsv};

/// `println!` that ends the program quietly when stdout is closed (`textlens … | head`)
/// instead of panicking on the broken pipe.
macro_rules! out {
    () => { out!("") };
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let line = format!($($arg)*);
        if writeln!(std::io::stdout().lock(), "{}", textlens::native::for_output(&line, std::io::IsTerminal::is_terminal(&std::io::stdout()))).is_err() {
            std::process::exit(0);
        }
    }};
}

/// `print!` with the same broken-pipe handling as [`out!`].
macro_rules! out_raw {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let text = format!($($arg)*);
        if write!(std::io::stdout().lock(), "{}", textlens::native::for_output(&text, std::io::IsTerminal::is_terminal(&std::io::stdout()))).is_err() {
            std::process::exit(0);
        }
    }};
}


const USAGE: &str = "usage:
  textlens terms FILE… [--json|--csv] [--limit N] [--numbers] [--punct] [--stopwords LANGS]
                 [--min-length N] [--search TEXT] [--doc N] [--sort count|tfidf|df|position|term]
  textlens keyness FILE… --target N [--reference M] [--alpha P] [--bonferroni] [--limit N] [--json|--csv]
  textlens ngrams FILE… [--n MIN-MAX] [--min-count N] [--limit N] [--json|--csv]
  textlens collocates FILE… --query TEXT [--window N] [--measure ll|mi] [--limit N] [--json|--csv]
  textlens kwic FILE… --query TEXT [--context N] [--sort position|left|right] [--limit N] [--json|--csv]
  textlens distribution FILE… --query TEXT [--bins N] [--json|--csv]
  textlens compare A B [--json | --html | --unified] [--ignore-case] [--ignore-whitespace]
                       [--ignore-width] [--chars]
  textlens segment FILE… [--format spaced|json] [--json] [--dict FILE] [--split-numbers] [--no-discover] [--encoding LABEL]
  textlens reuse FILE… [--json | --csv [--matrix]] [--min-units N]
  textlens info FILE… [--json] [--encoding LABEL]

  terms         term frequencies over the files, corpus-wide and per file
  keyness       terms over- and underused in one file against the others (G², log-ratio)
  ngrams        recurring 2–5-word sequences that stay inside a sentence
  collocates    words found near a word or phrase
  kwic          a word or phrase in context (concordance)
  distribution  where a word or phrase occurs along each file
  compare       paragraphs aligned, word-level edits and moved passages between two files
  segment       the words of each input line on one output line, separated by single
                spaces (line N out is line N in); --json: tokens with kinds and spans.
                --dict: a user dictionary (one term a line, optional frequency);
                terms discovered across the files are applied unless --no-discover;
                --split-numbers keeps 2025 年 apart (the UD convention)
  reuse         passages shared among 2..500 files, each file's own material, similarity matrix
  info          how each file was read: format, encoding and how it was chosen,
                size, lines, paragraphs, words, and what the clean-up repaired
  --encoding    (info, segment) read the files in this encoding (gb18030, big5, shift_jis, utf-16le …)
  --json        print the report as JSON (the same shape the web page uses)
  --csv         print the report as CSV (RFC 4180, UTF-8 with BOM); for reuse: one row per copy
                of each shared passage, with --matrix the similarity matrix
  --html        (compare) print a self-contained HTML report (no script; open it in any browser)
  --unified     (compare) print a unified diff (by line)
  --ignore-width (compare) treat full-width and half-width forms as equal (，= ,)
  --chars       (compare) compare by character inside words instead of by word
  filters (terms, keyness, ngrams, collocates): --numbers --punct --min-length N
                --stopwords zh,en (built-in lists) --fold-width
  documents are numbered from 0 in the order given; a file name works too";

/// Flags that take no value, shared by the terms commands.
const TERM_FLAGS: &[&str] = &["--json", "--csv", "--numbers", "--punct", "--fold-width", "--bonferroni"];
/// Options that take a value.
const VALUE_OPTIONS: &[&str] = &[
    "--stopwords", "--min-length", "--search", "--doc", "--sort", "--target", "--reference", "--alpha",
    "--n", "--min-count", "--query", "--window", "--measure", "--context", "--bins", "--format", "--dict",
];

/// A failure the CLI reports: a message and an exit code.
struct Failure(String, u8);

impl Failure {
    /// A failure whose message was already printed (exit code 1).
    fn reported() -> Failure {
        Failure(String::new(), 1)
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message, code)) => {
            if !message.is_empty() {
                eprintln!("textlens: {}", textlens::native::for_output(&message, std::io::IsTerminal::is_terminal(&std::io::stderr())));
            }
            ExitCode::from(code)
        }
    }
}

/// Parsed flags and positional arguments of one command.
struct Args<'a> {
    files: Vec<&'a str>,
    flags: Vec<&'a str>,
    limit: Option<usize>,
    values: Vec<(&'a str, &'a str)>,
    encoding: Option<&'a str>,
}

impl<'a> Args<'a> {
    fn parse(args: &'a [String], known: &[&str]) -> Result<Args<'a>, Failure> {
        let mut out = Args { files: Vec::new(), flags: Vec::new(), limit: None, values: Vec::new(), encoding: None };
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            if arg == "--limit" {
                let value = it.next().ok_or_else(|| usage("--limit needs a number"))?;
                out.limit = Some(value.parse().map_err(|_| usage(&format!("--limit: `{value}` is not a number")))?);
            } else if VALUE_OPTIONS.contains(&arg.as_str()) && known.contains(&arg.as_str()) {
                let value = it.next().ok_or_else(|| usage(&format!("{arg} needs a value")))?;
                out.values.push((arg, value));
            } else if arg == "--encoding" && known.contains(&"--encoding") {
                out.encoding = Some(it.next().ok_or_else(|| usage("--encoding needs a label, e.g. gb18030"))?);
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

    /// The value of `--name`, if given (the last one wins).
    fn value(&self, name: &str) -> Option<&'a str> {
        self.values.iter().rev().find(|(k, _)| *k == name).map(|(_, v)| *v)
    }

    /// `--name` parsed as a number, or `default`.
    fn number<T: std::str::FromStr>(&self, name: &str, default: T) -> Result<T, Failure> {
        match self.value(name) {
            None => Ok(default),
            Some(v) => v.parse().map_err(|_| usage(&format!("{name}: `{v}` is not a valid number"))),
        }
    }

    /// `--name` parsed as one of the JSON names of an option enum (`tfidf`, `left`, …).
    fn choice<T: serde::de::DeserializeOwned>(&self, name: &str, default: T) -> Result<T, Failure> {
        match self.value(name) {
            None => Ok(default),
            Some(v) => serde_json::from_value(serde_json::Value::String(v.to_owned()))
                .map_err(|_| usage(&format!("{name}: `{v}` is not one of the allowed values"))),
        }
    }

    fn filter(&self) -> Result<FilterOptions, Failure> {
        Ok(FilterOptions {
            include_numbers: self.has("--numbers"),
            include_punct: self.has("--punct"),
            min_length: self.number("--min-length", 1)?,
            stopwords: Vec::new(),
            stopword_languages: self
                .value("--stopwords")
                .map(|v| v.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect())
                .unwrap_or_default(),
            fold_width: self.has("--fold-width"),
        })
    }
}

/// The known options of a terms command: the shared flags, the filters and `extra`.
fn term_options(extra: &[&'static str]) -> Vec<&'static str> {
    let mut known = TERM_FLAGS.to_vec();
    known.extend(["--stopwords", "--min-length"]);
    known.extend(extra);
    known
}

fn usage(message: &str) -> Failure {
    Failure(format!("{message}\n{USAGE}"), 2)
}

fn run(args: &[String]) -> Result<(), Failure> {
    let Some((command, rest)) = args.split_first() else {
        return Err(usage("no command given"));
    };
    match command.as_str() {
        "terms" => terms(&Args::parse(rest, &term_options(&["--search", "--doc", "--sort"]))?),
        "keyness" => keyness(&Args::parse(rest, &term_options(&["--target", "--reference", "--alpha"]))?),
        "ngrams" => ngrams(&Args::parse(rest, &term_options(&["--n", "--min-count", "--doc"]))?),
        "collocates" => collocates(&Args::parse(
            rest,
            &term_options(&["--query", "--window", "--measure", "--min-count", "--doc"]),
        )?),
        "kwic" => kwic(&Args::parse(rest, &term_options(&["--query", "--context", "--sort", "--doc"]))?),
        "distribution" => distribution(&Args::parse(rest, &term_options(&["--query", "--bins"]))?),
        "compare" => compare(&Args::parse(
            rest,
            &["--json", "--html", "--unified", "--ignore-case", "--ignore-whitespace", "--ignore-width", "--chars"],
        )?),
        "segment" => segment(&Args::parse(rest, &["--json", "--format", "--dict", "--split-numbers", "--no-discover", "--encoding"])?),
        "reuse" => reuse(rest),
        "info" => info(&Args::parse(rest, &["--json", "--encoding"])?),
        "-h" | "--help" | "help" => {
            out!("{USAGE}");
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
        let result = textlens::native::read_file(std::path::Path::new(path), corpus.limits().max_file_bytes)
            .map_err(|e| format!("{path}: {e}"))
            .and_then(|bytes| {
                corpus.add_document_with_progress(None, &name, &bytes, &mut |_, _| {}).map_err(|e| e.to_string())
            });
        match result {
            Ok(summary) => ids.push(DocId(summary.id)),
            Err(message) => {
                eprintln!("textlens: {}", textlens::native::for_output(&message, std::io::IsTerminal::is_terminal(&std::io::stderr())));
                failure = Some(Failure::reported());
            }
        }
    }
    // One term discovery over all the files, as the page runs it after a batch of adds.
    corpus.refresh_discovery();
    (corpus, ids, failure)
}

fn print_json<T: serde::Serialize>(value: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value).map_err(|e| Failure(format!("could not write JSON: {e}"), 1))?;
    out!("{text}");
    Ok(())
}

/// Loads the files of a terms command; fails if none could be read.
fn load_some(args: &Args, command: &str) -> Result<(Corpus, Option<Failure>), Failure> {
    if args.files.is_empty() {
        return Err(usage(&format!("{command} needs at least one file")));
    }
    let (corpus, _, failure) = load(&args.files);
    if corpus.documents().is_empty() {
        return Err(failure.unwrap_or_else(|| Failure("no documents".into(), 1)));
    }
    Ok((corpus, failure))
}

/// A document given as its 0-based number or its file name.
fn doc_arg(corpus: &Corpus, args: &Args, name: &str) -> Result<Option<u32>, Failure> {
    let Some(v) = args.value(name) else { return Ok(None) };
    if let Ok(n) = v.parse::<u32>() {
        return Ok(Some(n));
    }
    let base = std::path::Path::new(v).file_name().map_or(v.to_owned(), |n| n.to_string_lossy().into_owned());
    corpus
        .documents()
        .iter()
        .find(|d| d.name == base)
        .map(|d| Some(d.id.0))
        .ok_or_else(|| usage(&format!("{name}: `{v}` is neither a document number nor a file given")))
}

/// Prints `report` as JSON, CSV, or with `human`; then reports a load failure.
fn emit<T: serde::Serialize + ToCsv>(
    args: &Args,
    report: &T,
    failure: Option<Failure>,
    human: impl FnOnce(&T),
) -> Result<(), Failure> {
    if args.has("--json") {
        print_json(report)?;
    } else if args.has("--csv") {
        out_raw!("{}", report.to_csv());
    } else {
        human(report);
    }
    failure.map_or(Ok(()), Err)
}

fn core(e: textlens::Error) -> Failure {
    Failure(e.to_string(), 1)
}

fn terms(args: &Args) -> Result<(), Failure> {
    let (corpus, failure) = load_some(args, "terms")?;
    let filter = args.filter()?;
    let options = TermOptions {
        include_numbers: filter.include_numbers,
        include_punct: filter.include_punct,
        min_length: filter.min_length,
        stopword_languages: filter.stopword_languages,
        fold_width: filter.fold_width,
        limit: args.limit.unwrap_or(if args.has("--json") || args.has("--csv") { 0 } else { 30 }),
        search: args.value("--search").unwrap_or("").to_owned(),
        doc: doc_arg(&corpus, args, "--doc")?,
        sort: args.choice("--sort", textlens::terms::TermSort::Count)?,
        ..TermOptions::default()
    };
    let report = textlens::term_stats(&corpus, &options).map_err(core)?;
    emit(args, &report, failure, print_terms)
}

fn keyness(args: &Args) -> Result<(), Failure> {
    let (corpus, failure) = load_some(args, "keyness")?;
    let target = doc_arg(&corpus, args, "--target")?.ok_or_else(|| usage("keyness needs --target N"))?;
    let options = textlens::KeynessOptions {
        filter: args.filter()?,
        target,
        reference: doc_arg(&corpus, args, "--reference")?,
        alpha: args.number("--alpha", 0.05)?,
        bonferroni: args.has("--bonferroni"),
        limit: args.limit.unwrap_or(if args.has("--json") || args.has("--csv") { 0 } else { 20 }),
        ..textlens::KeynessOptions::default()
    };
    let report = textlens::keyness(&corpus, &options).map_err(core)?;
    emit(args, &report, failure, |r| {
        let refs: Vec<&str> = r.reference.iter().map(|d| d.name.as_str()).collect();
        out!(
            "{} ({} words) against {} ({} words); {} terms tested, G² > {:.2} (alpha {}{})",
            r.target.name,
            r.target_tokens,
            refs.join(", "),
            r.reference_tokens,
            r.tests,
            r.critical,
            r.alpha,
            if r.bonferroni { ", Bonferroni" } else { "" }
        );
        for (title, rows) in [("overused", &r.overused), ("underused", &r.underused)] {
            out!("\n{title}:\n{:<16} {:>7} {:>7} {:>9} {:>8}", "term", "target", "ref", "G²", "log2 ratio");
            for k in rows {
                out!(
                    "{}{} {:>7} {:>7} {:>9.2} {:>8.2}",
                    k.term,
                    pad(&k.term, 16),
                    k.target_count,
                    k.reference_count,
                    k.g2,
                    k.log_ratio
                );
            }
        }
    })
}

fn ngrams(args: &Args) -> Result<(), Failure> {
    let (corpus, failure) = load_some(args, "ngrams")?;
    let (min_n, max_n) = match args.value("--n") {
        None => (2, 3),
        Some(v) => {
            let parse = |s: &str| s.trim().parse::<usize>().map_err(|_| usage(&format!("--n: `{v}` is not N or MIN-MAX")));
            match v.split_once('-') {
                Some((a, b)) => (parse(a)?, parse(b)?),
                None => (parse(v)?, parse(v)?),
            }
        }
    };
    let options = textlens::NgramOptions {
        filter: args.filter()?,
        min_n,
        max_n,
        min_count: args.number("--min-count", 2)?,
        doc: doc_arg(&corpus, args, "--doc")?,
        limit: args.limit.unwrap_or(if args.has("--json") || args.has("--csv") { 0 } else { 30 }),
        ..textlens::NgramOptions::default()
    };
    let report = textlens::ngrams(&corpus, &options).map_err(core)?;
    emit(args, &report, failure, |r| {
        out!("{} distinct n-grams of {}–{} words{}", r.distinct, r.min_n, r.max_n, if r.truncated { " (truncated)" } else { "" });
        for g in &r.ngrams {
            out!("{:>7}  {}", g.count, g.text);
        }
    })
}

fn collocates(args: &Args) -> Result<(), Failure> {
    let (corpus, failure) = load_some(args, "collocates")?;
    let query = args.value("--query").ok_or_else(|| usage("collocates needs --query TEXT"))?;
    let window = args.number("--window", 5)?;
    let options = textlens::CollocateOptions {
        filter: args.filter()?,
        query: query.to_owned(),
        left: window,
        right: window,
        measure: match args.value("--measure") {
            None | Some("ll") => textlens::report::CollocateMeasure::LogLikelihood,
            Some("mi") => textlens::report::CollocateMeasure::Mi,
            Some(other) => args.choice("--measure", textlens::report::CollocateMeasure::LogLikelihood).map_err(|_| {
                usage(&format!("--measure: `{other}` is not ll or mi"))
            })?,
        },
        min_count: args.number("--min-count", 2)?,
        doc: doc_arg(&corpus, args, "--doc")?,
        limit: args.limit.unwrap_or(if args.has("--json") || args.has("--csv") { 0 } else { 30 }),
    };
    let report = textlens::collocates(&corpus, &options).map_err(core)?;
    emit(args, &report, failure, |r| {
        out!("{} occurrences of {}; window {}–{}", r.node_count, r.query, r.left, r.right);
        out!("{:<16} {:>6} {:>6} {:>9} {:>7}", "term", "count", "freq", "G²", "MI");
        for c in &r.collocates {
            out!("{}{} {:>6} {:>6} {:>9.2} {:>7.2}", c.term, pad(&c.term, 16), c.count, c.frequency, c.log_likelihood, c.mi);
        }
    })
}

fn kwic(args: &Args) -> Result<(), Failure> {
    let (corpus, failure) = load_some(args, "kwic")?;
    let query = args.value("--query").ok_or_else(|| usage("kwic needs --query TEXT"))?;
    let options = textlens::KwicOptions {
        query: query.to_owned(),
        context: args.number("--context", 8)?,
        sort: args.choice("--sort", textlens::report::KwicSort::Position)?,
        doc: doc_arg(&corpus, args, "--doc")?,
        limit: args.limit.unwrap_or(0),
        fold_width: args.has("--fold-width"),
        ..textlens::KwicOptions::default()
    };
    let report = textlens::kwic(&corpus, &options).map_err(core)?;
    emit(args, &report, failure, |r| {
        let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        for l in &r.lines {
            let left = flat(&l.left_text);
            let width: usize = left.chars().map(|c| if textlens::segment::is_han(c) { 2 } else { 1 }).sum();
            out!("{}{} [{}] {}", " ".repeat(40usize.saturating_sub(width)), left, flat(&l.hit_text), flat(&l.right_text));
        }
        out!("{} hits{}", r.total, if r.truncated { " (not all shown)" } else { "" });
    })
}

fn distribution(args: &Args) -> Result<(), Failure> {
    let (corpus, failure) = load_some(args, "distribution")?;
    let query = args.value("--query").ok_or_else(|| usage("distribution needs --query TEXT"))?;
    let options = textlens::DistributionOptions {
        query: query.to_owned(),
        bins: args.number("--bins", 10)?,
        fold_width: args.has("--fold-width"),
    };
    let report = textlens::distribution(&corpus, &options).map_err(core)?;
    emit(args, &report, failure, |r| {
        for d in &r.documents {
            let bins: Vec<String> = d.bins.iter().map(u64::to_string).collect();
            out!("{:<24} {:>6}  {}", truncate(&d.name, 24), d.count, bins.join(" "));
        }
    })
}

/// Spaces to pad `s` to `width` display columns (CJK characters take two).
fn pad(s: &str, width: usize) -> String {
    let w: usize = s.chars().map(|c| if textlens::segment::is_han(c) { 2 } else { 1 }).sum();
    " ".repeat(width.saturating_sub(w))
}

fn print_terms(report: &TermReport) {
    out!(
        "{} words counted, {} distinct terms, {} documents",
        report.total_tokens,
        report.distinct_terms,
        report.documents.len()
    );
    let mut header = format!("{:>4}  {:<16} {:>8} {:>9} {:>4}", "#", "term", "count", "per 10k", "docs");
    for d in &report.documents {
        header.push_str(&format!("  {:>12}", truncate(&d.name, 12)));
    }
    out!("{header}");
    for (i, row) in report.terms.iter().enumerate() {
        // Pad by display width: CJK characters take two columns.
        let width: usize = row.term.chars().map(|c| if textlens::segment::is_han(c) { 2 } else { 1 }).sum();
        let pad = " ".repeat(16usize.saturating_sub(width));
        let mut line = format!("{:>4}  {}{} {:>8} {:>9.1} {:>4}", i + 1, row.term, pad, row.count, row.rate, row.df);
        for n in &row.per_doc {
            line.push_str(&format!("  {n:>12}"));
        }
        out!("{line}");
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
        ignore_width: args.has("--ignore-width"),
        granularity: if args.has("--chars") { Granularity::Character } else { Granularity::Word },
        ..CompareOptions::default()
    };
    let report = textlens::compare(&corpus, ia, ib, &options).map_err(|e| Failure(e.to_string(), 1))?;
    if report.truncated {
        eprintln!("textlens: the comparison hit its work budget; some parts are whole replacements");
    }
    if args.has("--json") {
        print_json(&report)
    } else if args.has("--html") {
        out_raw!("{}", textlens::compare::to_html(&report));
        Ok(())
    } else if args.has("--unified") {
        out_raw!("{}", textlens::compare::to_unified(&report));
        Ok(())
    } else {
        print_compare(&report);
        Ok(())
    }
}

/// Inline diff: `[-deleted-]{+inserted+}` inside the text, moved passages as
/// `[<moved #N: text>]` where they left A and `{>moved #N: text<}` where they
/// arrive in B, then a summary line.
fn print_compare(report: &CompareReport) {
    let mut out = String::new();
    let mut changes = 0;
    for op in &report.ops {
        match op.kind {
            OpKind::Equal => out.push_str(&op.a_text),
            OpKind::MoveFrom => {
                changes += 1;
                out.push_str(&format!("[<moved #{}: {}>]", op.move_id.unwrap_or(0), op.a_text));
            }
            OpKind::MoveTo => {
                changes += 1;
                out.push_str(&format!("{{>moved #{}: {}<}}", op.move_id.unwrap_or(0), op.b_text));
            }
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
    out!("{}", out.trim_end());
    let s = &report.summary;
    out!(
        "\n--- {} vs {}: {} changes; {:.1}% of A's {} words unchanged ({} words of A changed, {} of B)",
        report.a.name, report.b.name, changes, s.same_percent, s.words_a, s.changed_words_a, s.changed_words_b
    );
    out!(
        "equal {:.1}% · edited {:.1}% · moved {:.1}% ({} passages) · only in A {:.1}% · only in B {:.1}%",
        s.equal_percent, s.edited_percent, s.moved_percent, s.moves, s.only_a_percent, s.only_b_percent
    );
}

/// `textlens segment`: see the usage text.
fn segment(args: &Args) -> Result<(), Failure> {
    if args.files.is_empty() {
        return Err(usage("segment needs at least one file"));
    }
    let format = match (args.has("--json"), args.value("--format")) {
        (true, _) | (_, Some("json")) => "json",
        (_, None | Some("spaced")) => "spaced",
        (_, Some(other)) => return Err(usage(&format!("--format: `{other}` is not spaced or json"))),
    };
    let join_numbers = !args.has("--split-numbers");
    let dict = match args.value("--dict") {
        Some(path) => textlens::native::read_file(std::path::Path::new(path), 16 << 20)
            .map_err(|e| e.to_string())
            .and_then(|b| String::from_utf8(b).map_err(|e| e.to_string()))
            .map_err(|e| Failure(format!("{path}: {e}"), 1))?,
        None => String::new(),
    };
    let user = textlens::segment::userdict::parse_user_dictionary(&dict)
        .map_err(|e| Failure(format!("{}: {e}", args.value("--dict").unwrap_or("")), 1))?;
    // Read and decode every file first: discovery looks across all of them.
    let mut texts: Vec<(String, String)> = Vec::new();
    let mut failure = None;
    for path in &args.files {
        let limits = textlens::corpus::Limits::default();
        let left = limits.max_total_bytes.saturating_sub(texts.iter().map(|(_, t)| t.len()).sum());
        let result = textlens::native::read_file(std::path::Path::new(path), limits.max_file_bytes.min(left))
            .map_err(|e| format!("{path}: {e}"))
            .and_then(|bytes| textlens::formats::extract(path, &bytes, args.encoding).map_err(|e| e.to_string()));
        match result {
            Ok(decoded) => texts.push(((*path).to_owned(), decoded.text)),
            Err(message) => {
                eprintln!("textlens: {}", textlens::native::for_output(&message, std::io::IsTerminal::is_terminal(&std::io::stderr())));
                failure = Some(Failure(message, 1));
            }
        }
    }
    let mut seg = textlens::segment::Segmenter::new();
    seg.set_join_numbers(join_numbers);
    for w in &user {
        seg.add_word(&w.word, w.freq);
    }
    if !args.has("--no-discover") {
        let mut corpus = Corpus::new();
        corpus.set_user_dictionary(&dict).map_err(|e| Failure(e.to_string(), 1))?;
        for (i, (_, text)) in texts.iter().enumerate() {
            // Already extracted: hand the corpus plain text. Errors were reported
            // above; an empty file just has no terms.
            let _ = corpus.add_document(&format!("{i}.txt"), text.as_bytes());
        }
        for (d, rejected) in corpus.discovered_terms() {
            if !rejected {
                seg.add_word(&d.text, None);
            }
        }
    }
    if format == "json" {
        let documents: Vec<serde_json::Value> = texts
            .iter()
            .map(|(name, text)| {
                let index = textlens::span::Utf16Index::new(text);
                let mut cursor = textlens::span::Utf16Cursor::new(text, &index);
                let tokens: Vec<textlens::report::TokenRow> = seg
                    .segment(text)
                    .iter()
                    .map(|t| {
                        let piece = t.span.slice(text);
                        textlens::report::TokenRow {
                            text: piece.to_owned(),
                            kind: t.kind,
                            script: textlens::segment::script_of(piece),
                            loc: textlens::report::Loc::at_cursor(&mut cursor, t.span),
                        }
                    })
                    .collect();
                serde_json::json!({ "name": name, "tokens": tokens })
            })
            .collect();
        print_json(&serde_json::json!({ "version": textlens::report::FORMAT_VERSION, "documents": documents }))?;
    } else {
        use std::io::Write;
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        let mut words: Vec<&str> = Vec::new();
        let to_terminal = std::io::IsTerminal::is_terminal(&std::io::stdout());
        for (_, text) in &texts {
            // Line N in is line N out: no joining of lines in this mode.
            let body = text.strip_suffix('\n').unwrap_or(text);
            for line in body.split('\n') {
                let line = line.strip_suffix('\r').unwrap_or(line);
                let tokens = seg.segment(line);
                words.clear();
                words.extend(
                    tokens.iter().filter(|t| t.kind != textlens::segment::TokenKind::Space).map(|t| t.span.slice(line)),
                );
                writeln!(out, "{}", textlens::native::for_output(&words.join(" "), to_terminal)).map_err(|e| Failure(format!("could not write: {e}"), 1))?;
            }
        }
        out.flush().map_err(|e| Failure(format!("could not write: {e}"), 1))?;
    }
    failure.map_or(Ok(()), Err)
}
fn reuse(rest: &[String]) -> Result<(), Failure> {
    // `--min-units N` is this command's own option; the rest parse as usual.
    let mut min_units = None;
    let mut others: Vec<String> = Vec::new();
    let mut it = rest.iter();
    while let Some(arg) = it.next() {
        if arg == "--min-units" {
            let value = it.next().ok_or_else(|| usage("--min-units needs a number"))?;
            min_units = Some(value.parse::<usize>().map_err(|_| usage(&format!("--min-units: `{value}` is not a number")))?);
        } else {
            others.push(arg.clone());
        }
    }
    let args = Args::parse(&others, &["--json", "--csv", "--matrix"])?;
    if args.files.len() < 2 {
        return Err(usage("reuse needs at least two files"));
    }
    let (corpus, _, failure) = load(&args.files);
    let mut options = textlens::ReuseOptions::default();
    if let Some(k) = min_units {
        options.min_units = k;
    }
    let report = textlens::reuse(&corpus, &options).map_err(|e| Failure(e.to_string(), 1))?;
    if args.has("--json") {
        print_json(&report)?;
    } else if args.has("--csv") {
        if args.has("--matrix") {
            out_raw!("{}", textlens::reuse::matrix_csv(&report));
        } else {
            out_raw!("{}", textlens::reuse::clusters_csv(&report));
        }
    } else {
        print_reuse(&report);
    }
    failure.map_or(Ok(()), Err)
}

/// `textlens info`: the Documents view's summary of each file.
fn info(args: &Args) -> Result<(), Failure> {
    if args.files.is_empty() {
        return Err(usage("info needs at least one file"));
    }
    let (mut corpus, ids, mut failure) = load(&args.files);
    if let Some(label) = args.encoding {
        for id in &ids {
            if let Err(e) = corpus.set_encoding(*id, Some(label)) {
                eprintln!("textlens: {e}");
                failure = Some(Failure(e.to_string(), 1));
            }
        }
    }
    let summaries = corpus.summaries();
    if args.has("--json") {
        print_json(&summaries)?;
    } else {
        for s in &summaries {
            print_info(s);
        }
    }
    failure.map_or(Ok(()), Err)
}

fn print_reuse(report: &textlens::report::ReuseReport) {
    let name = |id: u32| report.documents.iter().find(|d| d.id == id).map_or("?", |d| d.name.as_str());
    out!("{} documents, {} shared passages in {} clusters", report.documents.len(), report.passages.len(), report.clusters.len());
    out!("\nshared / own, per document:");
    for c in &report.coverage {
        out!("  {:>5.1}% shared  {:>7} units  {}", c.shared_percent, c.units, name(c.doc));
    }
    out!("\nclusters (documents × units):");
    for c in report.clusters.iter().take(30) {
        let first = c.members.get(c.reference as usize).map_or(String::new(), |m| {
            let t: String = m.text.split_whitespace().collect::<Vec<_>>().join(" ");
            truncate(&t, 60)
        });
        let docs: Vec<&str> = c.members.iter().map(|m| name(m.doc)).collect();
        out!("  #{:<3} {} × {:<5} {}\n        in {}", c.id, c.documents, c.units, first, docs.join(", "));
    }
    if report.clusters.len() > 30 {
        out!("  … {} more (see --json or --csv)", report.clusters.len() - 30);
    }
    let words = |list: &[textlens::report::KeyWord]| list.iter().take(12).map(|w| w.term.as_str()).collect::<Vec<_>>().join(" ");
    out!("\nwords of the edits: {}", words(&report.edit_words.edited));
    out!("words of the own material: {}", words(&report.edit_words.unique));
    if report.truncated {
        out!("\ntruncated: {}", report.truncation.join("; "));
    }
}

fn print_info(s: &DocumentSummary) {
    let size = if s.bytes < 1_000_000 {
        format!("{:.1} KB", s.bytes as f64 / 1000.0)
    } else {
        format!("{:.1} MB", s.bytes as f64 / 1_000_000.0)
    };
    out!("{}  {size}  {}  {} ({})", s.name, s.format.name(), s.encoding, s.decode_method.describe());
    if s.malformed > 0 {
        out!("  {} bytes could not be read (shown as U+FFFD)", s.malformed);
    }
    out!(
        "  {} characters ({} before clean-up), {} lines, {} paragraphs, {} sentences, {} words",
        s.chars, s.original_chars, s.lines, s.paragraphs, s.sentences, s.words
    );
    if s.repairs.is_empty() {
        out!("  clean-up: nothing to repair");
    } else {
        let parts: Vec<String> = s.repairs.iter().map(|r| format!("{} {}", r.count, r.kind.describe())).collect();
        out!("  clean-up: {}", parts.join(", "));
    }
}
