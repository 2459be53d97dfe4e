//! What the command line accepts, declared with clap's derive API: clap gives `help`, `--help`,
//! `-h`, `--version`, suggestions for misspelt commands and options, and usage errors with exit
//! status 2. The values are checked here; `commands.rs` turns them into the core's options.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Printed under every help text.
const EXIT_STATUS: &str = "\
Exit status:
  0  success
  1  input error: a file could not be read or analysed (it is named on stderr;
     the other files are still reported)
  2  usage error: unknown command or option, missing or invalid value

Documents are numbered from 0 in the order given (--doc 1 is the second file);
a file name works too. --json prints the report objects the web page receives.";

#[derive(Debug, Parser)]
#[command(
    name = "textlens",
    version,
    about = "Segment, count terms and compare documents: the core of the textlens page, on the command line",
    after_help = EXIT_STATUS,
    arg_required_else_help = true,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Term frequencies over the files, corpus-wide and per file
    #[command(after_help = EXIT_STATUS)]
    Terms(TermsArgs),
    /// Terms over- and underused in one file against the others (G², log-ratio)
    #[command(after_help = EXIT_STATUS)]
    Keyness(KeynessArgs),
    /// Recurring 2–5-word sequences that stay inside a sentence
    #[command(after_help = EXIT_STATUS)]
    Ngrams(NgramsArgs),
    /// Words found near a word or phrase
    #[command(after_help = EXIT_STATUS)]
    Collocates(CollocatesArgs),
    /// A word or phrase in context (concordance)
    #[command(after_help = EXIT_STATUS)]
    Kwic(KwicArgs),
    /// Where a word or phrase occurs along each file
    #[command(after_help = EXIT_STATUS)]
    Distribution(DistributionArgs),
    /// Paragraphs aligned, word-level edits and moved passages between two files
    #[command(after_help = EXIT_STATUS)]
    Compare(CompareArgs),
    /// The words of each input line on one output line, separated by single spaces
    #[command(
        long_about = "The words of each input line on one output line, separated by single spaces \
                      (line N out is line N in); --json: tokens with kinds and spans. Terms discovered \
                      across the files are applied unless --no-discover.",
        after_help = EXIT_STATUS
    )]
    Segment(SegmentArgs),
    /// Passages shared among 2..500 files, each file's own material, similarity matrix
    #[command(after_help = EXIT_STATUS)]
    Reuse(ReuseArgs),
    /// How each file was read: format, encoding, size, words, clean-up repairs
    #[command(
        visible_alias = "info",
        long_about = "How each file was read: format, encoding and how it was chosen, size, lines, \
                      paragraphs, sentences, words, and what the clean-up repaired (the page's \
                      Documents view). `info` is the same command, its earlier name.",
        after_help = EXIT_STATUS
    )]
    Documents(DocumentsArgs),
}

/// `--json` or `--csv`; neither: a table for people.
#[derive(Debug, Args)]
pub struct Output {
    /// Print the report as JSON (the same shape the web page uses)
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print the report as CSV (RFC 4180, UTF-8 with BOM)
    #[arg(long)]
    pub csv: bool,
}

impl Output {
    /// Rows to print when `--limit` is not given: all for JSON and CSV, `human` for a table.
    pub fn default_limit(&self, human: usize) -> usize {
        if self.json || self.csv {
            0
        } else {
            human
        }
    }
}

/// Which terms count (terms, keyness, ngrams, collocates).
#[derive(Debug, Args)]
pub struct Filters {
    /// Count numbers as terms
    #[arg(long)]
    pub numbers: bool,
    /// Count punctuation as terms
    #[arg(long)]
    pub punct: bool,
    /// Leave out terms shorter than N characters
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub min_length: usize,
    /// Leave out the built-in stopwords of these languages, e.g. zh,en
    #[arg(long, value_name = "LANGS", value_delimiter = ',')]
    pub stopwords: Vec<String>,
    /// Count full-width and half-width forms as one term (ＡＢＣ = ABC)
    #[arg(long)]
    pub fold_width: bool,
    /// Count a term's written forms as one: 組織/组织, ＳＣＯ/SCO, and abbreviations the text introduces (上合/上海合作组织)
    #[arg(long)]
    pub group_variants: bool,
}

/// Which rows of a table: one document's, and how many (terms, ngrams, collocates).
#[derive(Debug, Args)]
pub struct Rows {
    /// Count in one document only (number or file name)
    #[arg(long, value_name = "DOC")]
    pub doc: Option<String>,
    /// Rows to show (0: all; default 30 in the table, all with --json/--csv)
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

/// One or more files to read.
#[derive(Debug, Args)]
pub struct Files {
    /// Text, Word (.docx) or HTML files, in any encoding
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct TermsArgs {
    #[command(flatten)]
    pub files: Files,
    #[command(flatten)]
    pub output: Output,
    #[command(flatten)]
    pub filters: Filters,
    #[command(flatten)]
    pub rows: Rows,
    /// Only terms containing TEXT
    #[arg(long, value_name = "TEXT", default_value = "")]
    pub search: String,
    /// Order of the rows
    #[arg(long, value_enum, default_value_t = TermSort::Count)]
    pub sort: TermSort,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum TermSort {
    /// Count, highest first
    Count,
    /// TF-IDF, highest first
    Tfidf,
    /// Number of documents, then count
    Df,
    /// First occurrence first
    Position,
    /// Term text (code point order)
    Term,
}

#[derive(Debug, Args)]
pub struct KeynessArgs {
    #[command(flatten)]
    pub files: Files,
    #[command(flatten)]
    pub output: Output,
    #[command(flatten)]
    pub filters: Filters,
    /// The document to test (number or file name)
    #[arg(long, value_name = "DOC", required = true)]
    pub target: String,
    /// The document to test against (default: all the others)
    #[arg(long, value_name = "DOC")]
    pub reference: Option<String>,
    /// Significance level of the G² test
    #[arg(long, value_name = "P", default_value_t = 0.05)]
    pub alpha: f64,
    /// Divide alpha by the number of terms tested
    #[arg(long)]
    pub bonferroni: bool,
    /// Rows to show per list (0: all; default 20 in the table, all with --json/--csv)
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

#[derive(Debug, Args)]
pub struct NgramsArgs {
    #[command(flatten)]
    pub files: Files,
    #[command(flatten)]
    pub output: Output,
    #[command(flatten)]
    pub filters: Filters,
    /// Lengths in words: N or MIN-MAX
    #[arg(long = "n", value_name = "MIN-MAX", value_parser = parse_range, default_value = "2-3")]
    pub n: (usize, usize),
    /// Leave out n-grams seen fewer than N times
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub min_count: u64,
    #[command(flatten)]
    pub rows: Rows,
}

/// `N` or `MIN-MAX`.
fn parse_range(v: &str) -> Result<(usize, usize), String> {
    let parse = |s: &str| s.trim().parse::<usize>().map_err(|_| format!("`{v}` is not N or MIN-MAX"));
    match v.split_once('-') {
        Some((a, b)) => Ok((parse(a)?, parse(b)?)),
        None => Ok((parse(v)?, parse(v)?)),
    }
}

#[derive(Debug, Args)]
pub struct CollocatesArgs {
    #[command(flatten)]
    pub files: Files,
    #[command(flatten)]
    pub output: Output,
    #[command(flatten)]
    pub filters: Filters,
    /// The word or phrase
    #[arg(long, value_name = "TEXT", required = true)]
    pub query: String,
    /// Words on each side
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub window: usize,
    /// How collocates are ranked
    #[arg(long, value_enum, default_value_t = Measure::Ll)]
    pub measure: Measure,
    /// Leave out words seen near it fewer than N times
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub min_count: u64,
    #[command(flatten)]
    pub rows: Rows,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Measure {
    /// Log-likelihood (G²)
    #[value(alias = "logLikelihood")]
    Ll,
    /// Mutual information
    Mi,
}

#[derive(Debug, Args)]
pub struct KwicArgs {
    #[command(flatten)]
    pub files: Files,
    #[command(flatten)]
    pub output: Output,
    /// The word or phrase
    #[arg(long, value_name = "TEXT", required = true)]
    pub query: String,
    /// Words of context on each side
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub context: usize,
    /// Order of the lines
    #[arg(long, value_enum, default_value_t = KwicSort::Position)]
    pub sort: KwicSort,
    /// Lines of one document only (number or file name)
    #[arg(long, value_name = "DOC")]
    pub doc: Option<String>,
    /// Lines to show (0: all)
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub limit: usize,
    /// Match full-width and half-width forms alike
    #[arg(long)]
    pub fold_width: bool,
    /// Count a term's written forms as one: 組織/组织, ＳＣＯ/SCO, and abbreviations the text introduces (上合/上海合作组织)
    #[arg(long)]
    pub group_variants: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum KwicSort {
    /// Document order, then position
    Position,
    /// By the words to the left, nearest first
    Left,
    /// By the words to the right, nearest first
    Right,
}

#[derive(Debug, Args)]
pub struct DistributionArgs {
    #[command(flatten)]
    pub files: Files,
    #[command(flatten)]
    pub output: Output,
    /// The word or phrase
    #[arg(long, value_name = "TEXT", required = true)]
    pub query: String,
    /// Equal parts each file is cut into
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub bins: usize,
    /// Match full-width and half-width forms alike
    #[arg(long)]
    pub fold_width: bool,
    /// Count a term's written forms as one: 組織/组织, ＳＣＯ/SCO, and abbreviations the text introduces (上合/上海合作组织)
    #[arg(long)]
    pub group_variants: bool,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The earlier version
    #[arg(value_name = "A")]
    pub a: PathBuf,
    /// The later version
    #[arg(value_name = "B")]
    pub b: PathBuf,
    /// Print the report as JSON (the same shape the web page uses)
    #[arg(long, group = "format")]
    pub json: bool,
    /// Print a self-contained HTML report (no script; opens in any browser)
    #[arg(long, group = "format")]
    pub html: bool,
    /// Print a unified diff (by line)
    #[arg(long, group = "format")]
    pub unified: bool,
    /// Treat upper and lower case as equal
    #[arg(long)]
    pub ignore_case: bool,
    /// Treat runs of white space as equal
    #[arg(long)]
    pub ignore_whitespace: bool,
    /// Treat full-width and half-width forms as equal (，= ,)
    #[arg(long)]
    pub ignore_width: bool,
    /// Compare by character inside words instead of by word
    #[arg(long)]
    pub chars: bool,
}

#[derive(Debug, Args)]
pub struct SegmentArgs {
    #[command(flatten)]
    pub files: Files,
    /// spaced: the words of each line, space-separated; json: tokens with kinds and spans
    #[arg(long, value_enum, default_value_t = SegmentFormat::Spaced)]
    pub format: SegmentFormat,
    /// Same as --format json
    #[arg(long)]
    pub json: bool,
    /// A user dictionary: one term a line, optional frequency after a space
    #[arg(long, value_name = "FILE")]
    pub dict: Option<PathBuf>,
    /// Keep numbers apart from their unit (2025 年, the UD convention)
    #[arg(long)]
    pub split_numbers: bool,
    /// Do not apply the terms discovered across the files
    #[arg(long)]
    pub no_discover: bool,
    /// Read the files in this encoding (gb18030, big5, shift_jis, utf-16le …)
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SegmentFormat {
    Spaced,
    Json,
}

#[derive(Debug, Args)]
pub struct ReuseArgs {
    /// Text, Word (.docx) or HTML files, in any encoding
    #[arg(value_name = "FILE", num_args = 2.., required_unless_present = "jsonl")]
    pub files: Vec<PathBuf>,
    /// An archive in JSON lines ({"id", "text", optional "date", "series", …} per line): write the
    /// archive tables (documents, passages, clusters, members, coverage, doc_pairs) to --out DIR
    #[arg(long, value_name = "ARCHIVE.jsonl", conflicts_with = "files", requires = "out")]
    pub jsonl: Option<PathBuf>,
    /// With --jsonl: the directory the tables are written to
    #[arg(long, value_name = "DIR", requires = "jsonl")]
    pub out: Option<PathBuf>,
    /// With --jsonl: stop at the first bad record (raise) or skip and count it (skip)
    #[arg(long, value_enum, value_name = "WHAT", default_value = "raise", requires = "jsonl")]
    pub on_error: OnError,
    #[command(flatten)]
    pub output: Output,
    /// With --csv: the similarity matrix instead of one row per copy of each shared passage
    #[arg(long, requires = "csv")]
    pub matrix: bool,
    /// Shortest shared passage, in units
    #[arg(long, value_name = "N")]
    pub min_units: Option<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OnError {
    Raise,
    Skip,
}

#[derive(Debug, Args)]
pub struct DocumentsArgs {
    #[command(flatten)]
    pub files: Files,
    /// Print the summaries as JSON (the same shape the web page uses)
    #[arg(long)]
    pub json: bool,
    /// Read the files in this encoding (gb18030, big5, shift_jis, utf-16le …)
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_declaration_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn ranges() {
        assert_eq!(parse_range("2-4"), Ok((2, 4)));
        assert_eq!(parse_range("3"), Ok((3, 3)));
        assert!(parse_range("x").is_err());
    }
}
