//! The human-readable output: tables whose columns line up in a terminal, measured in display
//! columns by unicode-width (a Han character or a full-width sign takes two), and the JSON and
//! line formats that go to stdout unchanged. A closed stdout (`textlens … | head`) ends quietly.

use crate::Failure;
use textlens::report::{
    CollocateReport, CompareReport, DistributionReport, DocumentSummary, KeynessReport, KwicReport, NgramReport, OpKind,
    ReuseReport, TermReport,
};
use unicode_width::UnicodeWidthStr;

/// `println!` that ends the program quietly when stdout is closed instead of panicking on the broken pipe.
#[macro_export]
macro_rules! out {
    () => { $crate::out!("") };
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        // Text from the documents never drives the terminal (escapes shown, not sent).
        let line = format!($($arg)*);
        let to_terminal = std::io::IsTerminal::is_terminal(&std::io::stdout());
        if writeln!(std::io::stdout().lock(), "{}", textlens::native::for_output(&line, to_terminal)).is_err() {
            std::process::exit(0);
        }
    }};
}

/// `print!` with the same broken-pipe handling as [`out!`].
#[macro_export]
macro_rules! out_raw {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let text = format!($($arg)*);
        let to_terminal = std::io::IsTerminal::is_terminal(&std::io::stdout());
        if write!(std::io::stdout().lock(), "{}", textlens::native::for_output(&text, to_terminal)).is_err() {
            std::process::exit(0);
        }
    }};
}

/// Columns `s` takes in a terminal.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` cut to at most `max` columns, with `…` where it was cut.
pub fn fit(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// `s` then spaces, `columns` wide in all.
pub fn left(s: &str, columns: usize) -> String {
    format!("{s}{}", " ".repeat(columns.saturating_sub(width(s))))
}

/// Spaces then `s`, `columns` wide in all.
pub fn right(s: &str, columns: usize) -> String {
    format!("{}{s}", " ".repeat(columns.saturating_sub(width(s))))
}

/// White space inside `s` as single spaces (a table row stays on one line).
fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn print_json<T: serde::Serialize>(value: &T) -> Result<(), Failure> {
    use std::io::Write as _;
    if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        let text = serde_json::to_string_pretty(value).map_err(|e| Failure::input(format!("could not write JSON: {e}")))?;
        out!("{text}");
        return Ok(());
    }
    // Piped or redirected: streamed, so the output (80 MB for a novel-sized term table) is never
    // held in memory whole (#11). The same bytes as above: the document's characters unchanged.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let written = serde_json::to_writer_pretty(&mut out, value)
        .map_err(|e| if e.is_io() { None } else { Some(e.to_string()) })
        .and_then(|()| writeln!(out).and_then(|()| out.flush()).map_err(|_| None));
    match written {
        Ok(()) => Ok(()),
        Err(Some(message)) => Err(Failure::input(format!("could not write JSON: {message}"))),
        // A closed stdout (`textlens … | head`) ends quietly, as `out!` does.
        Err(None) => std::process::exit(0),
    }
}

/// Writes `pieces` to stdout one after another (a CSV table row by row), as [`out_raw!`] would
/// write them joined.
pub fn stream(mut pieces: impl Iterator<Item = String>) {
    use std::io::Write as _;
    let to_terminal = std::io::IsTerminal::is_terminal(&std::io::stdout());
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let written = pieces
        .try_for_each(|piece| out.write_all(textlens::native::for_output(&piece, to_terminal).as_bytes()))
        .and_then(|()| out.flush());
    if written.is_err() {
        // A closed stdout (`textlens … | head`) ends quietly, as `out!` does.
        std::process::exit(0);
    }
}

/// The most documents the term table shows a column for.
const MAX_DOC_COLUMNS: usize = 8;

pub fn terms(report: &TermReport) {
    out!(
        "{} words counted, {} distinct terms, {} documents",
        report.total_tokens,
        report.distinct_terms,
        report.documents.len()
    );
    // A column per document while they fit beside the term (2 000 files would make lines of
    // 34 000 characters); past that, one line says where the counts are.
    let per_doc = report.documents.len() <= MAX_DOC_COLUMNS;
    if !per_doc {
        out!("(counts per document not shown for {} documents; --csv and --json have a column for each)", report.documents.len());
    }
    // Each document's column is as wide as its (shortened) name, at least as wide as its counts.
    let shown: &[_] = if per_doc { &report.documents } else { &[] };
    let columns: Vec<(String, usize)> = shown
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let name = fit(&d.name, 24);
            let counts = report.terms.iter().filter_map(|r| r.per_doc.get(i)).map(|n| n.to_string().len()).max();
            let w = width(&name).max(counts.unwrap_or(0));
            (name, w)
        })
        .collect();
    let term_width = report.terms.iter().map(|r| width(&r.term)).max().unwrap_or(0).clamp(4, 24);
    let mut header = format!("{:>4}  {} {:>8} {:>9} {:>4}", "#", left("term", term_width), "count", "per 10k", "docs");
    for (name, w) in &columns {
        header.push_str(&format!("  {}", right(name, *w)));
    }
    out!("{}", header.trim_end());
    for (i, row) in report.terms.iter().enumerate() {
        let term = fit(&row.term, term_width);
        let mut line =
            format!("{:>4}  {} {:>8} {:>9.1} {:>4}", i + 1, left(&term, term_width), row.count, row.rate, row.df);
        for (n, (_, w)) in row.per_doc.iter().zip(&columns) {
            line.push_str(&format!("  {}", right(&n.to_string(), *w)));
        }
        out!("{line}");
    }
}

pub fn keyness(r: &KeynessReport) {
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
        out!("\n{title}:\n{} {:>7} {:>7} {:>9} {:>10}", left("term", 16), "target", "ref", "G²", "log2 ratio");
        for k in rows {
            out!(
                "{} {:>7} {:>7} {:>9.2} {:>10.2}",
                left(&k.term, 16),
                k.target_count,
                k.reference_count,
                k.g2,
                k.log_ratio
            );
        }
    }
}

pub fn ngrams(r: &NgramReport) {
    out!("{} distinct n-grams of {}–{} words{}", r.distinct, r.min_n, r.max_n, if r.truncated { " (truncated)" } else { "" });
    for g in &r.ngrams {
        out!("{:>7}  {}", g.count, g.text);
    }
}

pub fn collocates(r: &CollocateReport) {
    out!("{} occurrences of {}; window {}–{}", r.node_count, r.query, r.left, r.right);
    out!("{} {:>6} {:>6} {:>9} {:>7}", left("term", 16), "count", "freq", "G²", "MI");
    for c in &r.collocates {
        out!("{} {:>6} {:>6} {:>9.2} {:>7.2}", left(&c.term, 16), c.count, c.frequency, c.log_likelihood, c.mi);
    }
}

/// Concordance lines with the hits one above the other: the left context is right-aligned,
/// cut from its start when it is wider than the column.
pub fn kwic(r: &KwicReport) {
    const LEFT: usize = 40;
    for l in &r.lines {
        let mut context = flat(&l.left_text);
        while width(&context) > LEFT {
            let mut chars = context.chars();
            chars.next();
            context = chars.as_str().to_owned();
        }
        out!("{} [{}] {}", right(&context, LEFT), flat(&l.hit_text), flat(&l.right_text));
    }
    out!("{} hits{}", r.total, if r.truncated { " (not all shown)" } else { "" });
}

pub fn distribution(r: &DistributionReport) {
    for d in &r.documents {
        let bins: Vec<String> = d.bins.iter().map(u64::to_string).collect();
        out!("{} {:>6}  {}", left(&fit(&d.name, 24), 24), d.count, bins.join(" "));
    }
}

/// Inline diff: `[-deleted-]{+inserted+}` inside the text, moved passages as
/// `[<moved #N: text>]` where they left A and `{>moved #N: text<}` where they
/// arrive in B, then a summary line.
pub fn compare(report: &CompareReport) {
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

/// `segment --json`: each file's tokens with kinds, scripts and spans.
pub fn segment_json(seg: &textlens::segment::Segmenter, texts: &[(String, String)]) -> Result<(), Failure> {
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
    print_json(&serde_json::json!({ "version": textlens::report::FORMAT_VERSION, "documents": documents }))
}

/// `segment`: the words of each input line, space-separated, on one output line.
pub fn segment_spaced(seg: &textlens::segment::Segmenter, texts: &[(String, String)]) -> Result<(), Failure> {
    use std::io::Write;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut words: Vec<&str> = Vec::new();
    let write_error = |e: std::io::Error| Failure::input(format!("could not write: {e}"));
    let to_terminal = std::io::IsTerminal::is_terminal(&std::io::stdout());
    for (_, text) in texts {
        // Line N in is line N out: no joining of lines in this mode.
        let body = text.strip_suffix('\n').unwrap_or(text);
        for line in body.split('\n') {
            let line = line.strip_suffix('\r').unwrap_or(line);
            let tokens = seg.segment(line);
            words.clear();
            words.extend(
                tokens.iter().filter(|t| t.kind != textlens::segment::TokenKind::Space).map(|t| t.span.slice(line)),
            );
            writeln!(out, "{}", textlens::native::for_output(&words.join(" "), to_terminal)).map_err(write_error)?;
        }
    }
    out.flush().map_err(write_error)
}

pub fn reuse(report: &ReuseReport) {
    let name = |id: u32| report.documents.iter().find(|d| d.id == id).map_or("?", |d| d.name.as_str());
    out!("{} documents, {} shared passages in {} clusters", report.documents.len(), report.passages.len(), report.clusters.len());
    out!("\nshared / own, per document:");
    for c in &report.coverage {
        out!("  {:>5.1}% shared  {:>7} units  {}", c.shared_percent, c.units, name(c.doc));
    }
    out!("\nclusters (documents × units):");
    for c in report.clusters.iter().take(30) {
        let first = c.members.get(c.reference as usize).map_or(String::new(), |m| fit(&flat(&m.text), 60));
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

pub fn documents(s: &DocumentSummary) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn han_and_full_width_take_two_columns() {
        assert_eq!(width("上海合作组织"), 12);
        assert_eq!(width("ＡＢ,"), 5);
        assert_eq!(width("abc"), 3);
        assert_eq!(left("中国", 6), "中国  ");
        assert_eq!(right("中国", 6), "  中国");
        assert_eq!(right("toolong", 3), "toolong");
    }

    #[test]
    fn fit_cuts_by_columns_and_marks_the_cut() {
        assert_eq!(fit("上海合作组织", 12), "上海合作组织");
        assert_eq!(fit("上海合作组织", 7), "上海合…");
        assert_eq!(width(&fit("上海合作组织", 7)), 7);
        assert_eq!(fit("abcdef", 4), "abc…");
    }
}
