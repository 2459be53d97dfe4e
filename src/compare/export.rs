//! Exports of a [`CompareReport`]: a self-contained HTML report and a unified
//! diff. (JSON is the report itself, serialised.)
//!
//! The HTML page needs no script and loads nothing: styles are inline
//! attributes, every piece of document text is escaped, and navigation (the
//! summary's links to each change, moves linked both ways) is plain `#anchors`.

use crate::error::{Error, Result};
use crate::report::{CompareReport, CompareSummary, DiffOp, DocRef, Move, OpKind, Row, RowKind};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt::Write;

const DEL: &str = "background:#fdd;color:#900;text-decoration:line-through";
const INS: &str = "background:#dfd;color:#060;text-decoration:none";
const MOVE: &str = "background:#e6e6ff;border-left:3px solid #66c;padding-left:2px";
const LINK: &str = "color:#44a;font-size:80%;text-decoration:none";
const TABLE: &str = "width:100%;border-collapse:collapse;table-layout:fixed";
const FOLD: &str = "border-top:1px dashed #ccc;border-bottom:1px dashed #ccc;padding:.2em 0;margin:.2em 0";

/// The HTML report's own Content-Security-Policy (it is opened from disk or
/// mailed on, away from the page's policy): no script, no request of any
/// kind; only its inline style attributes.
pub const REPORT_CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/// The report rendered as `format`: `"html"`, `"unified"` or `"json"`.
///
/// # Errors
/// [`ErrorKind::InvalidOption`](crate::ErrorKind::InvalidOption) for another format name.
pub fn export(report: &CompareReport, format: &str) -> Result<String> {
    match format {
        "html" => Ok(to_html(report)),
        "unified" => Ok(to_unified(report)),
        "json" => serde_json::to_string(report)
            .map_err(|e| Error::invalid_option(format!("could not write the report as JSON: {e}"))),
        other => Err(Error::invalid_option(format!(
            "export format `{other}` is not known; use html, unified or json"
        ))),
    }
}

/// A [`CompareReport`] for transport to the page: the same fields, but the ops
/// as JSON texts of consecutive slices (`opsJson`), which the page parses as
/// its rendering reaches them instead of taking a large report in at once.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SlicedReport {
    pub version: u32,
    pub a: DocRef,
    pub b: DocRef,
    pub options: crate::report::CompareSettings,
    pub moves: Vec<Move>,
    pub rows: Vec<Row>,
    pub summary: CompareSummary,
    pub truncated: bool,
    pub steps: u64,
    /// `ops` in slices of at most `per_slice`, each a JSON array.
    pub ops_json: Vec<String>,
    /// The runs of unchanged rows the page shows folded (as the HTML report does).
    pub folds: Vec<super::fold::Fold>,
}

/// `report` with its ops cut into JSON slices of `per_slice` ops (at least 1).
///
/// # Errors
/// [`ErrorKind::InvalidOption`](crate::ErrorKind::InvalidOption) if an op cannot be written as JSON.
pub fn sliced(report: CompareReport, per_slice: usize) -> Result<SlicedReport> {
    let ops_json = report
        .ops
        .chunks(per_slice.max(1))
        .map(|chunk| {
            serde_json::to_string(chunk).map_err(|e| Error::invalid_option(format!("could not write ops as JSON: {e}")))
        })
        .collect::<Result<Vec<String>>>()?;
    let folds = super::fold::folds(&report.rows);
    Ok(SlicedReport {
        version: report.version,
        a: report.a,
        b: report.b,
        options: report.options,
        moves: report.moves,
        rows: report.rows,
        summary: report.summary,
        truncated: report.truncated,
        steps: report.steps,
        ops_json,
        folds,
    })
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The report as one HTML page: summary bar with links to every change, then
/// a two-column table of aligned rows.
pub fn to_html(report: &CompareReport) -> String {
    let s = &report.summary;
    let mut out = String::with_capacity(report.ops.iter().map(|o| o.a_text.len() + o.b_text.len()).sum::<usize>() * 2 + 4096);
    let title = format!("textlens compare: {} ↔ {}", report.a.name, report.b.name);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"{REPORT_CSP}\">\n<title>{}</title></head>\n\
         <body style=\"font-family:system-ui,sans-serif;margin:1.5em;line-height:1.6\">\n<h1 style=\"font-size:1.3em\">{}</h1>\n",
        escape_html(&title),
        escape_html(&title)
    );
    let _ = writeln!(
        out,
        "<p id=\"summary\" style=\"padding:.5em;background:#f4f4f4\">equal {:.1}% · edited {:.1}% · moved {:.1}% · only in A {:.1}% · only in B {:.1}% — {} changes, {} moves</p>",
        s.equal_percent, s.edited_percent, s.moved_percent, s.only_a_percent, s.only_b_percent, s.changes, s.moves
    );
    if report.truncated {
        out.push_str("<p style=\"color:#900;font-weight:bold\">The comparison hit its work budget: some parts are shown as whole replacements, not word by word.</p>\n");
    }
    // Links to every change.
    out.push_str("<nav style=\"font-size:85%\">Changes: ");
    let mut n = 0u32;
    for op in &report.ops {
        if op.kind != OpKind::Equal {
            n += 1;
            let _ = write!(out, "<a href=\"#c{n}\" style=\"{LINK}\">{n}</a> ");
        }
    }
    out.push_str("</nav>\n");
    let _ = write!(
        out,
        "<table style=\"{TABLE}\">\n<tr><th style=\"text-align:left\">A: {}</th><th style=\"text-align:left\">B: {}</th></tr>\n",
        escape_html(&report.a.name),
        escape_html(&report.b.name)
    );
    // Long unchanged runs fold into a <details> (opens without script) between two tables.
    let folds = super::fold::folds(&report.rows);
    let mut next_fold = folds.iter().peekable();
    // Change numbers per op (1-based, equal ops 0).
    let mut change_no = Vec::with_capacity(report.ops.len());
    let mut k = 0u32;
    for op in &report.ops {
        if op.kind == OpKind::Equal {
            change_no.push(0);
        } else {
            k += 1;
            change_no.push(k);
        }
    }
    for (ri, row) in report.rows.iter().enumerate() {
        if let Some(fold) = next_fold.peek() {
            if fold.rows[0] as usize == ri {
                let _ = write!(
                    out,
                    "</table>\n<details style=\"{FOLD}\"><summary style=\"cursor:pointer;color:#666;text-align:center\">… {} unchanged paragraph{} …</summary>\n<table style=\"{TABLE}\">\n",
                    fold.paragraphs,
                    if fold.paragraphs == 1 { "" } else { "s" }
                );
            }
        }
        let bg = match row.kind {
            RowKind::Equal => "",
            RowKind::Edited => "background:#fffbe6;",
            RowKind::Moved => "background:#f3f3ff;",
            RowKind::OnlyA => "background:#fff4f4;",
            RowKind::OnlyB => "background:#f4fff4;",
        };
        let td = format!("{bg}vertical-align:top;white-space:pre-wrap;border-top:1px solid #ddd;padding:.3em .6em;width:50%");
        let _ = write!(out, "<tr id=\"r{ri}\"><td style=\"{td}\">");
        let (o0, o1) = (row.ops[0] as usize, row.ops[1] as usize);
        let ops = report.ops.get(o0..o1).unwrap_or(&[]);
        for left in [true, false] {
            if !left {
                let _ = write!(out, "</td><td style=\"{td}\">");
            }
            for (j, op) in ops.iter().enumerate() {
                // Blank lines at the edges of a cell are the gaps between paragraphs.
                let edges = (j == 0, j + 1 == ops.len());
                side_html(&mut out, report, op, change_no.get(o0 + j).copied().unwrap_or(0), left, edges);
            }
        }
        out.push_str("</td></tr>\n");
        if let Some(fold) = next_fold.peek() {
            if fold.rows[1] as usize == ri + 1 {
                let _ = write!(out, "</table></details>\n<table style=\"{TABLE}\">\n");
                next_fold.next();
            }
        }
    }
    out.push_str("</table>\n</body></html>\n");
    out
}

/// One op's content on side A (`left`) or B.
fn side_html(out: &mut String, report: &CompareReport, op: &DiffOp, change: u32, left: bool, edges: (bool, bool)) {
    let text = if left { &op.a_text } else { &op.b_text };
    // The change anchor sits on side A when it has text there, else on side B.
    let anchor_here = change > 0 && (left != op.a_text.is_empty() || op.kind == OpKind::MoveTo && !left);
    let id = if anchor_here { format!(" id=\"c{change}\"") } else { String::new() };
    match op.kind {
        OpKind::Equal => {
            let mut t = text.as_str();
            if edges.0 {
                t = t.trim_start();
            }
            if edges.1 {
                t = t.trim_end();
            }
            out.push_str(&escape_html(t));
        }
        OpKind::Delete | OpKind::Insert | OpKind::Replace => {
            if text.is_empty() {
                if anchor_here {
                    let _ = write!(out, "<a{id}></a>");
                }
                return;
            }
            let (tag, style) = if left { ("del", DEL) } else { ("ins", INS) };
            if !op.parts.is_empty() {
                // Character breakdown: shared characters plain, changed ones marked.
                let _ = write!(out, "<span{id}>");
                for p in &op.parts {
                    let t = if left { &p.a_text } else { &p.b_text };
                    if t.is_empty() {
                        continue;
                    }
                    if p.kind == OpKind::Equal {
                        let _ = write!(out, "<span style=\"text-decoration:underline dotted\">{}</span>", escape_html(t));
                    } else {
                        let _ = write!(out, "<{tag} style=\"{style}\">{}</{tag}>", escape_html(t));
                    }
                }
                out.push_str("</span>");
            } else {
                let _ = write!(out, "<{tag}{id} style=\"{style}\">{}</{tag}>", escape_html(text));
            }
        }
        OpKind::MoveFrom | OpKind::MoveTo => {
            if text.is_empty() {
                return;
            }
            let m = op.move_id.unwrap_or(0);
            let (here, there, label) =
                if left { ("a", "b", "moved → see B") } else { ("b", "a", "moved ← from A") };
            let _ = write!(
                out,
                "<span{id} style=\"{MOVE}\"><a id=\"m{m}{here}\" href=\"#m{m}{there}\" style=\"{LINK}\">[{label}]</a> "
            );
            match report.moves.get(m as usize) {
                Some(mv) if mv.edited => {
                    for inner in &mv.ops {
                        let t = if left { &inner.a_text } else { &inner.b_text };
                        if t.is_empty() {
                            continue;
                        }
                        if inner.kind == OpKind::Equal {
                            out.push_str(&escape_html(t));
                        } else if left {
                            let _ = write!(out, "<del style=\"{DEL}\">{}</del>", escape_html(t));
                        } else {
                            let _ = write!(out, "<ins style=\"{INS}\">{}</ins>", escape_html(t));
                        }
                    }
                }
                _ => out.push_str(&escape_html(text)),
            }
            out.push_str("</span>");
        }
    }
}

/// A unified diff (`diff -u` style, 3 lines of context) of the two documents.
/// A unified diff is about lines, so this one is: the texts (rebuilt from the
/// ops) are diffed line by line with the histogram algorithm, exactly as
/// `git diff --histogram` would; moved passages show as removed and added.
pub fn to_unified(report: &CompareReport) -> String {
    let text_a: String = report.ops.iter().map(|o| o.a_text.as_str()).collect();
    let text_b: String = report.ops.iter().map(|o| o.b_text.as_str()).collect();
    let la: Vec<&str> = text_a.split_inclusive('\n').collect();
    let lb: Vec<&str> = text_b.split_inclusive('\n').collect();
    let mut ids: HashMap<&str, u32> = HashMap::new();
    let ta = line_tokens(&la, &mut ids);
    let tb = line_tokens(&lb, &mut ids);
    let mut diff = imara_diff::Diff::default();
    diff.compute_with(imara_diff::Algorithm::Histogram, &ta, &tb, ids.len() as u32);
    // Lines tagged ' ', '-', '+'.
    let mut lines: Vec<(char, &str)> = Vec::with_capacity(la.len().max(lb.len()));
    let (mut ia, mut ib) = (0usize, 0usize);
    for hunk in diff.hunks() {
        let (ha, hb) = (hunk.before.start as usize, hunk.after.start as usize);
        lines.extend(la.get(ia..ha).unwrap_or(&[]).iter().map(|l| (' ', *l)));
        let (ea, eb) = (hunk.before.end as usize, hunk.after.end as usize);
        lines.extend(la.get(ha..ea).unwrap_or(&[]).iter().map(|l| ('-', *l)));
        lines.extend(lb.get(hb..eb).unwrap_or(&[]).iter().map(|l| ('+', *l)));
        (ia, ib) = (ea, eb);
    }
    lines.extend(la.get(ia..).unwrap_or(&[]).iter().map(|l| (' ', *l)));
    let _ = ib;
    let mut out = format!("--- {}\n+++ {}\n", diff_path("a/", &report.a.name), diff_path("b/", &report.b.name));
    const CONTEXT: usize = 3;
    let changed: Vec<usize> = lines.iter().enumerate().filter(|(_, l)| l.0 != ' ').map(|(i, _)| i).collect();
    // Line numbers (1-based) before each entry.
    let mut before: Vec<(usize, usize)> = Vec::with_capacity(lines.len() + 1);
    let (mut na, mut nb) = (1usize, 1usize);
    for l in &lines {
        before.push((na, nb));
        match l.0 {
            ' ' => {
                na += 1;
                nb += 1;
            }
            '-' => na += 1,
            _ => nb += 1,
        }
    }
    before.push((na, nb));
    let mut i = 0;
    while i < changed.len() {
        let first = changed.get(i).copied().unwrap_or(0);
        let mut last = first;
        let mut j = i;
        while let Some(&next) = changed.get(j + 1) {
            if next - last > 2 * CONTEXT {
                break;
            }
            last = next;
            j += 1;
        }
        let start = first.saturating_sub(CONTEXT);
        let end = (last + CONTEXT + 1).min(lines.len());
        let slice = lines.get(start..end).unwrap_or(&[]);
        let count_a = slice.iter().filter(|l| l.0 != '+').count();
        let count_b = slice.iter().filter(|l| l.0 != '-').count();
        let (sa, sb) = before.get(start).copied().unwrap_or((1, 1));
        let sa = if count_a == 0 { sa - 1 } else { sa };
        let sb = if count_b == 0 { sb - 1 } else { sb };
        let _ = writeln!(out, "@@ -{sa},{count_a} +{sb},{count_b} @@");
        for &(tag, text) in slice {
            out.push(tag);
            out.push_str(text);
            if !text.ends_with('\n') {
                out.push_str("\n\\ No newline at end of file\n");
            }
        }
        i = j + 1;
    }
    out
}

/// Interns lines for the line diff.
/// A document name as a path on a `---`/`+++` line, safe for `patch` and
/// `git apply`: no path segment `..` or `.` and no leading `/` (a diff of
/// `../../etc/passwd` must not patch outside the directory it is applied in),
/// and a name holding a control character, a quote or a backslash written the
/// way git writes it, in double quotes with C escapes (`"a/two\nlines.txt"`),
/// so a newline in a name cannot end the header line and start a hunk.
pub fn diff_path(prefix: &str, name: &str) -> String {
    let segments: Vec<&str> = name.split(['/', '\\']).filter(|s| !s.is_empty() && *s != "." && *s != "..").collect();
    let path = format!("{prefix}{}", segments.join("/"));
    if !path.chars().any(|c| c.is_control() || c == '"' || c == '\\') {
        return path;
    }
    let mut out = String::with_capacity(path.len() + 8);
    out.push('"');
    for c in path.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    let _ = write!(out, "\\{b:03o}");
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn line_tokens<'t>(lines: &[&'t str], ids: &mut HashMap<&'t str, u32>) -> Vec<imara_diff::Token> {
    lines
        .iter()
        .map(|&l| {
            let next = ids.len() as u32;
            imara_diff::Token(*ids.entry(l).or_insert(next))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_hold_the_ops_in_order() {
        let mut corpus = crate::Corpus::new();
        let a = corpus.add_document("a", "one two three. four five six.".as_bytes()).map(|s| s.id).unwrap_or(0);
        let b = corpus.add_document("b", "one 2 three. four five 6.".as_bytes()).map(|s| s.id).unwrap_or(0);
        let report = crate::compare(&corpus, crate::DocId(a), crate::DocId(b), &Default::default())
            .unwrap_or_else(|e| panic!("{e}"));
        let whole = serde_json::to_value(&report.ops).unwrap_or_default();
        let sliced = sliced(report, 2).unwrap_or_else(|e| panic!("{e}"));
        let mut joined = Vec::new();
        for s in &sliced.ops_json {
            let part: Vec<serde_json::Value> = serde_json::from_str(s).unwrap_or_default();
            assert!(!part.is_empty() && part.len() <= 2);
            joined.extend(part);
        }
        assert_eq!(serde_json::Value::Array(joined), whole);
    }

    #[test]
    fn escaping_table() {
        for (raw, escaped) in [
            ("a<b>&c", "a&lt;b&gt;&amp;c"),
            ("\"'", "&quot;&#39;"),
            ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
            ("中文", "中文"),
        ] {
            assert_eq!(escape_html(raw), escaped);
        }
    }

    #[test]
    fn diff_paths_cannot_escape_or_break_the_header() {
        for (name, path) in [
            ("000.txt", "a/000.txt"),
            ("中文 稿.txt", "a/中文 稿.txt"),
            ("../../etc/passwd", "a/etc/passwd"),
            ("/etc/passwd", "a/etc/passwd"),
            ("..\\..\\win.ini", "a/win.ini"),
            ("./x/../y", "a/x/y"),
            ("two\nlines.txt", "\"a/two\\nlines.txt\""),
            ("cr\r\n+++ b/evil", "\"a/cr\\r\\n+++ b/evil\""),
            ("say \"hi\"", "\"a/say \\\"hi\\\"\""),
            ("esc\u{1b}[2J", "\"a/esc\\033[2J\""),
            ("", "a/"),
        ] {
            assert_eq!(diff_path("a/", name), path, "{name:?}");
        }
    }
}
