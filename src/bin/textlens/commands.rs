//! Each command: load the files into a corpus, build the core's options from the parsed
//! arguments, run the analysis and hand the report to `print`. A file that cannot be read is
//! named on stderr and skipped; the others are still reported and the exit status is 1.

use crate::args::{self, Command, Filters, Output};
use crate::print::{self, print_json};
use crate::{out_raw, Failure};
use std::path::{Path, PathBuf};
use textlens::terms::FilterOptions;
use textlens::{CompareOptions, Corpus, DocId, Granularity, TermOptions, ToCsv};

pub fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::Terms(a) => terms(&a),
        Command::Keyness(a) => keyness(&a),
        Command::Ngrams(a) => ngrams(&a),
        Command::Collocates(a) => collocates(&a),
        Command::Kwic(a) => kwic(&a),
        Command::Distribution(a) => distribution(&a),
        Command::Compare(a) => compare(&a),
        Command::Segment(a) => segment(&a),
        Command::Reuse(a) => reuse(&a),
        Command::Documents(a) => documents(&a),
    }
}

/// The name a document gets: its file name, as the page names a dropped file.
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.to_string_lossy().into_owned(), |n| n.to_string_lossy().into_owned())
}

/// Loads the files into a corpus. A file that cannot be read is reported and
/// skipped, so one bad file does not lose the others; the error is returned at the end.
fn load(files: &[PathBuf]) -> (Corpus, Vec<DocId>, Option<Failure>) {
    load_keeping(files, false)
}

/// [`load`], keeping each file's bytes when `keep_bytes` (to read it again with another encoding);
/// otherwise a GB18030 or UTF-16 file's bytes are dropped once decoded and it holds its text alone (#11).
fn load_keeping(files: &[PathBuf], keep_bytes: bool) -> (Corpus, Vec<DocId>, Option<Failure>) {
    let mut corpus = Corpus::new();
    corpus.set_keep_bytes(keep_bytes);
    let mut ids = Vec::new();
    let mut failure = None;
    for path in files {
        // The size is checked before reading (a file that never ends is refused too).
        let read = textlens::native::read_file(path, corpus.limits().max_file_bytes);
        let result = read.map_err(|e| format!("{}: {e}", path.display())).and_then(|bytes| {
            // Owned: valid UTF-8 becomes the text without a copy (#11).
            corpus.add_document_owned(None, &file_name(path), bytes, &mut |_, _| {}).map_err(|e| e.to_string())
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

/// Loads the files of a terms command; fails if none could be read.
fn load_some(files: &[PathBuf]) -> Result<(Corpus, Option<Failure>), Failure> {
    let (corpus, _, failure) = load(files);
    if corpus.stored_documents().is_empty() {
        return Err(failure.unwrap_or_else(|| Failure::input("no documents")));
    }
    Ok((corpus, failure))
}

/// A document given as its 0-based number or its file name.
fn doc_arg(corpus: &Corpus, option: &str, value: Option<&str>) -> Result<Option<u32>, Failure> {
    let Some(v) = value else { return Ok(None) };
    if let Ok(n) = v.parse::<u32>() {
        return Ok(Some(n));
    }
    let base = file_name(Path::new(v));
    corpus
        .stored_documents()
        .iter()
        .find(|d| d.name == base)
        .map(|d| Some(d.id.0))
        .ok_or_else(|| Failure::usage(format!("{option}: `{v}` is neither a document number nor a file given")))
}

fn filter(f: &Filters) -> FilterOptions {
    FilterOptions {
        include_numbers: f.numbers,
        include_punct: f.punct,
        min_length: f.min_length,
        stopwords: Vec::new(),
        stopword_languages: f.stopwords.iter().map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect(),
        fold_width: f.fold_width,
        group_variants: f.group_variants,
    }
}

/// Prints `report` as JSON, CSV, or with `human`; then reports a load failure.
fn emit<T: serde::Serialize + ToCsv>(
    output: &Output,
    report: &T,
    failure: Option<Failure>,
    human: impl FnOnce(&T),
) -> Result<(), Failure> {
    if output.json {
        print_json(report)?;
    } else if output.csv {
        out_raw!("{}", report.to_csv());
    } else {
        human(report);
    }
    failure.map_or(Ok(()), Err)
}

fn core(e: textlens::Error) -> Failure {
    Failure::input(e.to_string())
}

fn terms(a: &args::TermsArgs) -> Result<(), Failure> {
    let (corpus, failure) = load_some(&a.files.files)?;
    let f = filter(&a.filters);
    let options = TermOptions {
        include_numbers: f.include_numbers,
        include_punct: f.include_punct,
        min_length: f.min_length,
        stopword_languages: f.stopword_languages,
        fold_width: f.fold_width,
        group_variants: f.group_variants,
        limit: a.rows.limit.unwrap_or(a.output.default_limit(30)),
        search: a.search.clone(),
        doc: doc_arg(&corpus, "--doc", a.rows.doc.as_deref())?,
        sort: match a.sort {
            args::TermSort::Count => textlens::terms::TermSort::Count,
            args::TermSort::Tfidf => textlens::terms::TermSort::Tfidf,
            args::TermSort::Df => textlens::terms::TermSort::Df,
            args::TermSort::Position => textlens::terms::TermSort::Position,
            args::TermSort::Term => textlens::terms::TermSort::Term,
        },
        ..TermOptions::default()
    };
    // Rows are made one at a time as they are written: a novel-sized table is never held whole (#11).
    let rows = textlens::terms::term_rows(&corpus, &options, &mut |_| {}).map_err(core)?;
    if a.output.json {
        print_json(&rows)?;
    } else if a.output.csv {
        print::stream(rows.csv_rows());
    } else {
        print::terms(&rows.into_report());
    }
    failure.map_or(Ok(()), Err)
}

fn keyness(a: &args::KeynessArgs) -> Result<(), Failure> {
    let (corpus, failure) = load_some(&a.files.files)?;
    let target = doc_arg(&corpus, "--target", Some(&a.target))?.unwrap_or(0);
    let options = textlens::KeynessOptions {
        filter: filter(&a.filters),
        target,
        reference: doc_arg(&corpus, "--reference", a.reference.as_deref())?,
        alpha: a.alpha,
        bonferroni: a.bonferroni,
        limit: a.limit.unwrap_or(a.output.default_limit(20)),
        ..textlens::KeynessOptions::default()
    };
    let report = textlens::keyness(&corpus, &options).map_err(core)?;
    emit(&a.output, &report, failure, print::keyness)
}

fn ngrams(a: &args::NgramsArgs) -> Result<(), Failure> {
    let (corpus, failure) = load_some(&a.files.files)?;
    let options = textlens::NgramOptions {
        filter: filter(&a.filters),
        min_n: a.n.0,
        max_n: a.n.1,
        min_count: a.min_count,
        doc: doc_arg(&corpus, "--doc", a.rows.doc.as_deref())?,
        limit: a.rows.limit.unwrap_or(a.output.default_limit(30)),
        ..textlens::NgramOptions::default()
    };
    let report = textlens::ngrams(&corpus, &options).map_err(core)?;
    emit(&a.output, &report, failure, print::ngrams)
}

fn collocates(a: &args::CollocatesArgs) -> Result<(), Failure> {
    let (corpus, failure) = load_some(&a.files.files)?;
    let options = textlens::CollocateOptions {
        filter: filter(&a.filters),
        query: a.query.clone(),
        left: a.window,
        right: a.window,
        measure: match a.measure {
            args::Measure::Ll => textlens::report::CollocateMeasure::LogLikelihood,
            args::Measure::Mi => textlens::report::CollocateMeasure::Mi,
        },
        min_count: a.min_count,
        doc: doc_arg(&corpus, "--doc", a.rows.doc.as_deref())?,
        limit: a.rows.limit.unwrap_or(a.output.default_limit(30)),
    };
    let report = textlens::collocates(&corpus, &options).map_err(core)?;
    emit(&a.output, &report, failure, print::collocates)
}

fn kwic(a: &args::KwicArgs) -> Result<(), Failure> {
    let (corpus, failure) = load_some(&a.files.files)?;
    let options = textlens::KwicOptions {
        query: a.query.clone(),
        context: a.context,
        sort: match a.sort {
            args::KwicSort::Position => textlens::report::KwicSort::Position,
            args::KwicSort::Left => textlens::report::KwicSort::Left,
            args::KwicSort::Right => textlens::report::KwicSort::Right,
        },
        doc: doc_arg(&corpus, "--doc", a.doc.as_deref())?,
        limit: a.limit,
        fold_width: a.fold_width,
        group_variants: a.group_variants,
        ..textlens::KwicOptions::default()
    };
    let report = textlens::kwic(&corpus, &options).map_err(core)?;
    emit(&a.output, &report, failure, print::kwic)
}

fn distribution(a: &args::DistributionArgs) -> Result<(), Failure> {
    let (corpus, failure) = load_some(&a.files.files)?;
    let options = textlens::DistributionOptions {
        query: a.query.clone(),
        bins: a.bins,
        fold_width: a.fold_width,
        group_variants: a.group_variants,
    };
    let report = textlens::distribution(&corpus, &options).map_err(core)?;
    emit(&a.output, &report, failure, print::distribution)
}

fn compare(a: &args::CompareArgs) -> Result<(), Failure> {
    let (corpus, ids, failure) = load(&[a.a.clone(), a.b.clone()]);
    if let Some(f) = failure {
        return Err(f);
    }
    let [ia, ib] = ids[..] else {
        return Err(Failure::input("could not load both files"));
    };
    let options = CompareOptions {
        ignore_case: a.ignore_case,
        ignore_whitespace: a.ignore_whitespace,
        ignore_width: a.ignore_width,
        granularity: if a.chars { Granularity::Character } else { Granularity::Word },
        ..CompareOptions::default()
    };
    let report = textlens::compare(&corpus, ia, ib, &options).map_err(core)?;
    if report.truncated {
        eprintln!("textlens: the comparison hit its work budget; some parts are whole replacements");
    }
    if a.json {
        print_json(&report)
    } else if a.html {
        out_raw!("{}", textlens::compare::to_html(&report));
        Ok(())
    } else if a.unified {
        out_raw!("{}", textlens::compare::to_unified(&report));
        Ok(())
    } else {
        print::compare(&report);
        Ok(())
    }
}

/// `textlens segment`: the words of each line, or the tokens as JSON.
fn segment(a: &args::SegmentArgs) -> Result<(), Failure> {
    let json = a.json || a.format == args::SegmentFormat::Json;
    let dict = match &a.dict {
        Some(path) => textlens::native::read_file(path, 16 << 20)
            .map_err(|e| e.to_string())
            .and_then(|b| String::from_utf8(b).map_err(|e| e.to_string()))
            .map_err(|e| Failure::input(format!("{}: {e}", path.display())))?,
        None => String::new(),
    };
    let user = textlens::segment::userdict::parse_user_dictionary(&dict).map_err(|e| {
        Failure::input(format!("{}: {e}", a.dict.as_deref().map(Path::display).map(|d| d.to_string()).unwrap_or_default()))
    })?;
    // Read and decode every file first: discovery looks across all of them.
    let mut texts: Vec<(String, String)> = Vec::new();
    let mut failure = None;
    for path in &a.files.files {
        let shown = path.to_string_lossy().into_owned();
        // Within the corpus limits: per file, and what is left of the total.
        let limits = textlens::corpus::Limits::default();
        let left = limits.max_total_bytes.saturating_sub(texts.iter().map(|(_, t)| t.len()).sum());
        let result = textlens::native::read_file(path, limits.max_file_bytes.min(left))
            .map_err(|e| format!("{shown}: {e}"))
            .and_then(|bytes| textlens::formats::extract(&shown, &bytes, a.encoding.as_deref()).map_err(|e| e.to_string()));
        match result {
            Ok(decoded) => texts.push((shown, decoded.text)),
            Err(message) => {
                eprintln!("textlens: {}", textlens::native::for_output(&message, std::io::IsTerminal::is_terminal(&std::io::stderr())));
                failure = Some(Failure::reported());
            }
        }
    }
    let mut seg = textlens::segment::Segmenter::new();
    seg.set_join_numbers(!a.split_numbers);
    for w in &user {
        seg.add_word(&w.word, w.freq);
    }
    if !a.no_discover {
        let mut corpus = Corpus::new();
        corpus.set_user_dictionary(&dict).map_err(core)?;
        for (i, (_, text)) in texts.iter().enumerate() {
            // Already extracted: hand the corpus plain text. Errors were reported
            // above; an empty file just has no terms.
            let _ = corpus.add_document(&format!("{i}.txt"), text.as_bytes());
        }
        for (d, rejected) in corpus.discovered_entries() {
            if !rejected {
                seg.add_word(&d.text, None);
            }
        }
    }
    if json {
        print::segment_json(&seg, &texts)?;
    } else {
        print::segment_spaced(&seg, &texts)?;
    }
    failure.map_or(Ok(()), Err)
}

fn reuse(a: &args::ReuseArgs) -> Result<(), Failure> {
    if let (Some(input), Some(out)) = (&a.jsonl, &a.out) {
        // An archive in JSON lines: the tables of textlens::reuse::archive, written to DIR.
        let mut options = textlens::reuse::archive::ArchiveOptions::default();
        if let Some(k) = a.min_units {
            options.min_units = k;
        }
        let skip = a.on_error == args::OnError::Skip;
        let summary = textlens::reuse::archive::run_jsonl(input, out, &options, skip).map_err(core)?;
        out_raw!("{summary}\n");
        return Ok(());
    }
    let (corpus, _, failure) = load(&a.files);
    let mut options = textlens::ReuseOptions::default();
    if let Some(k) = a.min_units {
        options.min_units = k;
    }
    let report = textlens::reuse(&corpus, &options).map_err(core)?;
    if a.output.json {
        print_json(&report)?;
    } else if a.output.csv {
        let table = if a.matrix { "matrix" } else { "clusters" };
        out_raw!("{}", textlens::reuse::csv(&report, table).map_err(core)?);
    } else {
        print::reuse(&report);
    }
    failure.map_or(Ok(()), Err)
}

/// `textlens documents` (alias `info`): the Documents view's summary of each file.
fn documents(a: &args::DocumentsArgs) -> Result<(), Failure> {
    let (mut corpus, ids, mut failure) = load_keeping(&a.files.files, a.encoding.is_some());
    if let Some(label) = &a.encoding {
        for id in &ids {
            if let Err(e) = corpus.set_encoding(*id, Some(label)) {
                eprintln!("textlens: {e}");
                failure = Some(Failure::reported());
            }
        }
    }
    let report = corpus.documents();
    if a.json {
        print_json(&report)?;
    } else {
        for s in &report {
            print::documents(s);
        }
    }
    failure.map_or(Ok(()), Err)
}
