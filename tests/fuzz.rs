//! The fuzzer: every entry point of the core, fed seeded random input, on the
//! stable toolchain (cargo-fuzz needs nightly). Input number `i` of seed `s` is
//! a buffer of random bytes made from `(s, i)` alone; [`arbitrary`] turns it
//! into a structured case, so any input can be replayed by its number.
//!
//! Cases, by weight:
//! - a file read as every format (`.txt`, `.html`, `.docx` valid and broken,
//!   no extension …), with and without an encoding override, and decoded alone;
//! - the clean-up with every option; the segmenter with a user dictionary;
//! - the CSV writer, checked by reading its output back;
//! - one step on a corpus that lives for [`SESSION`] inputs: add (any id,
//!   deferred discovery or not), remove, re-encode (kept bytes or given
//!   bytes), re-add, clean options, user dictionary, discovered terms, limits,
//!   every analysis with odd options (as JSON, the way the page sends them),
//!   every export (CSV, JSON, HTML, unified diff, slices) and every report.
//!
//! A case passes if nothing panics, no single allocation is absurd for the
//! input's size, and the checks on what came back hold (CSV cells never start
//! a formula; the unified diff's header lines are intact; token spans lie in
//! their text). Usage (`./build.sh fuzz N` runs the first):
//!
//! ```text
//! cargo test --profile checked --test fuzz -- [N] [--seed S] [--from I] [--max-len BYTES] [--replay I] [--stats]
//! ```
//!
//! With no `N`, a short fixed-seed pass (what `./build.sh test` runs). It
//! prints how many inputs ran and how many panicked, and exits non-zero if any
//! case failed, naming the `--replay` that shows it.

use arbitrary::Unstructured;
use serde_json::{json, Map, Value};
use std::alloc::{GlobalAlloc, Layout, System};
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use textlens::corpus::Limits;
use textlens::{Corpus, DocId, ToCsv};

/// Inputs that share one corpus (a sequence of operations).
const SESSION: u64 = 32;
/// Inputs of the short pass `cargo test` runs.
const DEFAULT_INPUTS: u64 = 3000;
/// A single allocation larger than this, from inputs of a few KB, is a defect.
const ALLOC_ALARM: usize = 64 << 20;

// ---------- allocation watch ----------

/// The system allocator, noting the largest single request since the last reset.
struct Watch;

static LARGEST: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Watch {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LARGEST.fetch_max(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        LARGEST.fetch_max(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LARGEST.fetch_max(new_size, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Watch = Watch;

// ---------- the driver ----------

struct Args {
    inputs: u64,
    seed: u64,
    max_len: usize,
    replay: Option<u64>,
    from: u64,
    stats: bool,
}

fn parse_args() -> Args {
    let mut args = Args { inputs: DEFAULT_INPUTS, seed: 1, max_len: 2048, replay: None, from: 0, stats: false };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = |name: &str| -> u64 {
            it.next().and_then(|v| v.parse().ok()).unwrap_or_else(|| {
                eprintln!("fuzz: {name} needs a number");
                std::process::exit(2)
            })
        };
        match a.as_str() {
            "--seed" => args.seed = value("--seed"),
            "--max-len" => args.max_len = value("--max-len") as usize,
            "--replay" => args.replay = Some(value("--replay")),
            "--from" => args.from = value("--from"),
            "--stats" => args.stats = true,
            // Flags cargo's test runner may pass (`--nocapture`, `--quiet` …).
            s if s.starts_with('-') => {}
            s => {
                args.inputs = s.parse().unwrap_or_else(|_| {
                    eprintln!("fuzz: `{s}` is not a number of inputs");
                    std::process::exit(2)
                })
            }
        }
    }
    args
}

/// The random bytes of input `i`: a function of `(seed, i)` only.
fn input_bytes(seed: u64, i: u64, max_len: usize, buf: &mut Vec<u8>) {
    let mut rng = fastrand::Rng::with_seed(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ i);
    // Mostly small inputs (fast), now and then up to max_len.
    let len = if rng.u8(..) < 230 { rng.usize(16..=max_len.clamp(16, 512)) } else { rng.usize(16..=max_len.max(16)) };
    buf.clear();
    buf.resize(len, 0);
    rng.fill(buf);
}

#[derive(Default)]
struct Tally {
    ran: u64,
    panicked: u64,
    oversized: u64,
    failed: u64,
    first: Vec<String>,
    slowest: (Duration, u64),
}

impl Tally {
    /// Keeps the first few of each kind of failure (`kind` is the count so far).
    fn note(&mut self, kind: u64, what: String) {
        if kind <= 8 {
            self.first.push(what);
        }
    }
}

/// Per kind of step: how often it ran and how often the core answered (not an
/// error) — to see that the cases reach deep, not only the error paths.
static STATS: Mutex<std::collections::BTreeMap<String, (u64, u64)>> = Mutex::new(std::collections::BTreeMap::new());

fn stat<T>(what: &'static str, r: &textlens::Result<T>) {
    if let Ok(mut m) = STATS.lock() {
        let e = m.entry(what.to_owned()).or_default();
        e.0 += 1;
        e.1 += u64::from(r.is_ok());
        if let Err(err) = r {
            m.entry(format!("{what}: {}", err.name())).or_default().0 += 1;
        }
    }
}

/// The message and place of the last panic (the hook keeps them from stderr).
static LAST_PANIC: Mutex<String> = Mutex::new(String::new());

fn main() {
    let args = parse_args();
    panic::set_hook(Box::new(|info| {
        let place = info.location().map_or(String::from("?"), |l| format!("{}:{}", l.file(), l.line()));
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = format!("{message} at {place}");
        }
    }));
    let fragments = Fragments::load();
    let (from, to) = match args.replay {
        Some(i) => (i - i % SESSION, i + 1),
        // From the start of a session, so every input is the one a full run gives it.
        None => (args.from - args.from % SESSION, args.from - args.from % SESSION + args.inputs),
    };
    let verbose = args.replay.is_some();
    let mut tally = Tally::default();
    let mut session: Option<Session> = None;
    let mut buf = Vec::new();
    let start = Instant::now();
    for i in from..to {
        if i % SESSION == 0 || session.is_none() {
            session = Some(Session::new());
        }
        input_bytes(args.seed, i, args.max_len, &mut buf);
        LARGEST.store(0, Ordering::Relaxed);
        let t = Instant::now();
        let outcome = {
            let s = session.as_mut();
            panic::catch_unwind(AssertUnwindSafe(|| match s {
                Some(s) => run_case(&buf, &fragments, s, verbose),
                None => Ok(()),
            }))
        };
        let took = t.elapsed();
        tally.ran += 1;
        if took > tally.slowest.0 {
            tally.slowest = (took, i);
        }
        let replay = format!("--seed {} --max-len {} --replay {i}", args.seed, args.max_len);
        match outcome {
            Err(_) => {
                tally.panicked += 1;
                let what = LAST_PANIC.lock().map(|m| m.clone()).unwrap_or_default();
                tally.note(tally.panicked, format!("input {i} panicked: {what}  ({replay})"));
                // The corpus may be half-changed: the rest of the session starts afresh.
                session = None;
            }
            Ok(Err(problem)) => {
                tally.failed += 1;
                tally.note(tally.failed, format!("input {i}: {problem}  ({replay})"));
            }
            Ok(Ok(())) => {}
        }
        let largest = LARGEST.load(Ordering::Relaxed);
        if largest > ALLOC_ALARM {
            tally.oversized += 1;
            tally.note(tally.oversized, format!("input {i} allocated {} MB at once from {} bytes  ({replay})", largest >> 20, buf.len()));
        }
        if !verbose && tally.ran % 100_000 == 0 {
            let secs = start.elapsed().as_secs_f64();
            eprintln!(
                "fuzz: {} ran, {} panicked, {} oversized, {} failed ({:.0} inputs/s)",
                tally.ran,
                tally.panicked,
                tally.oversized,
                tally.failed,
                tally.ran as f64 / secs
            );
        }
    }
    let secs = start.elapsed().as_secs_f64();
    if args.stats {
        for (what, (ran, answered)) in STATS.lock().map(|m| m.clone()).unwrap_or_default() {
            let unit = if what.starts_with("time:") { "µs in all" } else { "answered" };
            println!("fuzz: {what:<24} {ran:>9} ran {answered:>9} {unit}");
        }
    }
    for line in &tally.first {
        println!("fuzz: {line}");
    }
    println!(
        "fuzz: {} inputs ran, {} panicked, {} oversized allocations, {} failed checks (seed {}, {:.1} s, {:.0} inputs/s; slowest: input {} took {} ms)",
        tally.ran,
        tally.panicked,
        tally.oversized,
        tally.failed,
        args.seed,
        secs,
        tally.ran as f64 / secs.max(1e-9),
        tally.slowest.1,
        tally.slowest.0.as_millis()
    );
    if tally.panicked + tally.oversized + tally.failed > 0 {
        std::process::exit(1);
    }
}

// ---------- what a case is made of ----------

/// Pieces of text that exercise the tricky paths, and real sentences.
struct Fragments {
    pieces: Vec<String>,
}

const PIECES: &[&str] = &[
    "上海合作组织", "会同", "同", "协作", "合作", "俄中", "中俄", "我提\n出全球治理倡议", "。", "，", "、", "「", "」",
    "新华社", "天津", "2025年9月2日", "３．５％", "ＡＢＣ", "ａｂｃ", "１２３", "New York", "don't", "e-\nmail", "co-\n\noperation",
    "U.S.", "3.14", "-5", "1,000", "😀", "👨\u{200d}👩\u{200d}👧", "🇨🇳", "e\u{301}", "\u{200b}", "\u{feff}", "\u{202e}", "\u{2028}",
    "\r\n", "\n", "\n\n", "\r", "\t", "  ", "\u{3000}", "\u{0}", "\u{1b}[31m", "\u{7f}", "\u{85}", "=HYPERLINK(\"http://x\",\"y\")",
    "+1", "-", "@SUM(A1)", "<p>", "</p>", "&amp;", "&#x1F600;", "&#0;", "&#xD800;", "&#x110000;", "&nbsp;", "&", "<", ">",
    "İ", "ß", "ﬁ", "Σς", "ǅ", "\u{fffd}", "a", "b", "the", "of", "and", " ", ".", ",", "!", "?", "\"", "'", "…", "——", "·",
    "Ⅻ", "①", "㎞", "\u{e000}", "\u{10ffff}", "𠀀", "𪚥", "ｶﾀｶﾅ", "カタカナ", "한국어", "العربية", "עברית", "ไทย", "Ελληνικά",
];

impl Fragments {
    fn load() -> Fragments {
        let mut pieces: Vec<String> = PIECES.iter().map(|s| s.to_string()).collect();
        // Real sentences from the seed pair (when the shared corpus is there).
        for name in ["000_61b16b637bcca7d8.txt", "001_242e04c1848bbad0.txt"] {
            let path = format!("{}/../shared/corpus/seeds/{name}", env!("CARGO_MANIFEST_DIR"));
            if let Ok(text) = std::fs::read_to_string(path) {
                pieces.extend(text.split_inclusive(['。', '\n']).take(200).map(str::to_owned));
            }
        }
        Fragments { pieces }
    }
}

/// Never-failing draws from the input bytes (an exhausted input gives the low end).
struct Draw<'a> {
    u: Unstructured<'a>,
}

impl<'a> Draw<'a> {
    fn below(&mut self, n: usize) -> usize {
        if n <= 1 {
            return 0;
        }
        self.u.choose_index(n).unwrap_or(0)
    }
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        self.u.int_in_range(lo..=hi).unwrap_or(lo)
    }
    fn flag(&mut self) -> bool {
        self.u.arbitrary().unwrap_or(false)
    }
    fn one_in(&mut self, n: u32) -> bool {
        self.u.ratio(1, n.max(1)).unwrap_or(false)
    }
    fn pick<'b, T>(&mut self, from: &'b [T]) -> &'b T {
        let i = self.below(from.len());
        &from[i]
    }
    fn bytes(&mut self, max: usize) -> Vec<u8> {
        let n = self.below(max + 1).min(self.u.len());
        self.u.bytes(n).map(<[u8]>::to_vec).unwrap_or_default()
    }
    /// A number a field might get: small, at a boundary, or huge.
    fn odd_number(&mut self) -> u64 {
        match self.below(10) {
            0 => 0,
            1 => 1,
            2..=5 => self.range(2, 8),
            6 => self.range(0, 300),
            7 => *self.pick(&[u64::from(u32::MAX), u64::from(u32::MAX) + 1, (1u64 << 53) + 1, 1 << 20]),
            _ => self.range(0, 40),
        }
    }
    /// Text made of fragments.
    fn text(&mut self, f: &Fragments, max_pieces: usize) -> String {
        let n = self.below(max_pieces + 1);
        let mut s = String::new();
        for _ in 0..n {
            if self.one_in(12) {
                let b = self.bytes(8);
                s.push_str(&String::from_utf8_lossy(&b));
            } else {
                s.push_str(self.pick(&f.pieces).as_str());
            }
        }
        s
    }
}

const NAMES: &[&str] = &[
    "a.txt", "b.html", "c.htm", "d.docx", "e.md", "f.csv", "g.xml", "h.xhtml", "noext", "UPPER.TXT", "=cmd|' /C calc'!A0.txt",
    "../../etc/passwd", "two\nlines.txt", "crlf\r\n.html", "\u{202e}txt.exe", "", ".docx", "中文名.txt", "a b,c\"d.txt",
    "\u{1b}[2J.txt", "x.docx.txt", "doc.DOCX",
];

const LABELS: &[&str] = &[
    "utf-8", "UTF-8", "utf-16le", "utf-16be", "utf-16", "gb18030", "gbk", "gb2312", "big5", "shift_jis", "euc-jp",
    "euc-kr", "iso-2022-jp", "windows-1252", "iso-8859-1", "koi8-r", "x-user-defined", "replacement", "bogus", "",
    " utf-8 ", "latin1", "ascii",
];

fn name(d: &mut Draw, f: &Fragments) -> String {
    if d.one_in(8) {
        let ext = *d.pick(&["", ".txt", ".html", ".docx", ".md"]);
        format!("{}{ext}", d.text(f, 3))
    } else {
        d.pick(NAMES).to_string()
    }
}

fn label(d: &mut Draw) -> Option<String> {
    match d.below(4) {
        0 => Some(d.pick(LABELS).to_string()),
        1 if d.one_in(4) => Some(String::from_utf8_lossy(&d.bytes(12)).into_owned()),
        _ => None,
    }
}

/// The bytes of a file: text in some encoding, markup, a Word file (valid or
/// broken), or raw bytes.
fn content(d: &mut Draw, f: &Fragments) -> Vec<u8> {
    match d.below(10) {
        0 => d.bytes(512),
        1..=3 => {
            let text = d.text(f, 24);
            encode(d, &text)
        }
        4 | 5 => {
            let text = html(d, f);
            encode(d, &text)
        }
        6 | 7 => docx(d, f),
        8 => {
            // One long run: a long line, a long space run, a long repeat.
            let piece = d.pick(&["a", " ", "\n", "中", "\r\n", "-\n", "。", "&amp;", "<b>", "\u{0}"]).to_string();
            let most = if d.one_in(32) { 20_000 } else { 1_500 };
            let n = d.range(1, most) as usize;
            let mut s = d.text(f, 3);
            s.push_str(&piece.repeat(n));
            s.push_str(&d.text(f, 3));
            s.into_bytes()
        }
        _ => {
            // Text with bytes broken in.
            let mut b = d.text(f, 16).into_bytes();
            for _ in 0..d.range(1, 6) {
                let at = d.below(b.len() + 1);
                let junk = d.bytes(3);
                b.splice(at..at, junk);
            }
            b
        }
    }
}

fn encode(d: &mut Draw, text: &str) -> Vec<u8> {
    match d.below(8) {
        0 => {
            let mut b = vec![0xFF, 0xFE];
            b.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            b
        }
        1 => text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        2 | 3 => {
            let enc = *d.pick(&[
                encoding_rs::GB18030,
                encoding_rs::BIG5,
                encoding_rs::SHIFT_JIS,
                encoding_rs::EUC_KR,
                encoding_rs::WINDOWS_1252,
            ]);
            enc.encode(text).0.into_owned()
        }
        4 => {
            let mut b = vec![0xEF, 0xBB, 0xBF];
            b.extend_from_slice(text.as_bytes());
            b
        }
        _ => text.as_bytes().to_vec(),
    }
}

fn html(d: &mut Draw, f: &Fragments) -> String {
    const MARKUP: &[&str] = &[
        "<html>", "<head>", "<meta charset=\"gbk\">", "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=big5\">",
        "<title>", "</title>", "<body>", "<p>", "</p>", "<div>", "<br>", "<br/>", "<script>alert(1)</script>", "<script>",
        "<style>p{}</style>", "<!-- c -->", "<!--", "-->", "<![CDATA[x]]>", "<pre>", "</pre>", "<textarea>", "<b", "<a href='x'>",
        "</a>", "<img src=x onerror=alert(1)>", "<svg><script>1</script></svg>", "<?xml version=\"1.0\" encoding=\"shift_jis\"?>",
        "<!DOCTYPE html>", "<li>", "<td>", "<h1>", "</h1>", "<noscript>", "<template>", "</", "<", "&", "&#", "&#x;", "&lt",
    ];
    let mut s = String::new();
    for _ in 0..d.below(30) {
        if d.flag() {
            s.push_str(d.pick::<&str>(MARKUP));
        } else {
            s.push_str(d.pick(&f.pieces).as_str());
        }
    }
    if d.one_in(16) {
        let most = if d.one_in(8) { 3000 } else { 300 };
        s.push_str(&"<div>".repeat(d.range(1, most) as usize));
    }
    s
}

/// A `.docx`: a zip with `word/document.xml`, now and then broken.
fn docx(d: &mut Draw, f: &Fragments) -> Vec<u8> {
    use std::io::Write;
    const RUNS: &[&str] = &[
        "<w:p>", "</w:p>", "<w:r>", "</w:r>", "<w:t>", "</w:t>", "<w:t xml:space=\"preserve\">", "<w:tab/>", "<w:br/>",
        "<w:delText>cut</w:delText>", "<w:instrText>HYPERLINK</w:instrText>", "<mc:AlternateContent><mc:Fallback>",
        "</mc:Fallback></mc:AlternateContent>", "<w:txbxContent>", "</w:txbxContent>", "&amp;", "&lt;", "<", "&#x0;",
    ];
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document><w:body>");
    for _ in 0..d.below(20) {
        if d.one_in(3) {
            xml.push_str(d.pick::<&str>(RUNS));
        } else {
            xml.push_str("<w:p><w:r><w:t>");
            xml.push_str(&d.text(f, 4).replace('<', "&lt;"));
            xml.push_str("</w:t></w:r></w:p>");
        }
    }
    xml.push_str("</w:body></w:document>");
    let part = *d.pick(&["word/document.xml", "word/document.xml", "word/document.xml", "xl/workbook.xml", "content.xml", "x"]);
    let deflate = d.flag();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let method = if deflate { zip::CompressionMethod::Deflated } else { zip::CompressionMethod::Stored };
    let options = zip::write::SimpleFileOptions::default().compression_method(method);
    let written = zip
        .start_file("[Content_Types].xml", options)
        .and_then(|()| zip.write_all(b"<Types/>").map_err(Into::into))
        .and_then(|()| zip.start_file(part, options))
        .and_then(|()| zip.write_all(xml.as_bytes()).map_err(Into::into))
        .and_then(|()| zip.finish());
    let mut bytes = match written {
        Ok(cursor) => cursor.into_inner(),
        Err(_) => return xml.into_bytes(),
    };
    match d.below(6) {
        0 => {
            // Truncated.
            let at = d.below(bytes.len());
            bytes.truncate(at);
        }
        1 => {
            // Bytes flipped.
            for _ in 0..d.range(1, 8) {
                let at = d.below(bytes.len());
                if let Some(b) = bytes.get_mut(at) {
                    *b ^= 1 << d.below(8);
                }
            }
        }
        2 => {
            // Sizes that lie: every uncompressed-size field (local header at
            // +22, central directory at +24) claims a huge part.
            let claim = (d.odd_number() as u32).to_le_bytes();
            for (sig, off) in [(&b"PK\x03\x04"[..], 22usize), (&b"PK\x01\x02"[..], 24)] {
                let mut at = 0;
                while let Some(p) = find(&bytes[at..], sig) {
                    let field = at + p + off;
                    if let Some(slot) = bytes.get_mut(field..field + 4) {
                        slot.copy_from_slice(&claim);
                    }
                    at += p + 4;
                }
            }
        }
        _ => {}
    }
    bytes
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

// ---------- options, as the page sends them ----------

#[derive(Clone, Copy)]
enum Kind {
    Bool,
    Uint,
    OptUint,
    DocId,
    OptDocId,
    Float,
    Query,
    Words,
    Langs,
    DocIds,
    Enum(&'static [&'static str]),
}

const FILTER: &[(&str, Kind)] = &[
    ("includeNumbers", Kind::Bool),
    ("includePunct", Kind::Bool),
    ("minLength", Kind::Uint),
    ("stopwords", Kind::Words),
    ("stopwordLanguages", Kind::Langs),
    ("foldWidth", Kind::Bool),
];

fn options(d: &mut Draw, f: &Fragments, s: Option<&Session>, own: &[(&str, Kind)], filter: bool) -> Value {
    let mut m = Map::new();
    let fields = own.iter().chain(if filter { FILTER } else { &[] });
    // One object in ten has a value of the wrong type somewhere.
    let wrong = if d.one_in(10) { d.below(own.len() + 6) } else { usize::MAX };
    for (i, &(key, kind)) in fields.enumerate() {
        if d.below(3) == 0 {
            continue; // the default
        }
        let v = if i == wrong {
            // A value of the wrong type.
            d.pick(&[json!(null), json!(-1), json!(1.5), json!("x"), json!([1]), json!({}), json!(1e300)]).clone()
        } else {
            match kind {
                Kind::Bool => json!(d.flag()),
                Kind::Uint => json!(d.odd_number()),
                Kind::OptUint => {
                    if d.flag() {
                        json!(null)
                    } else {
                        json!(d.odd_number())
                    }
                }
                Kind::DocId => json!(some_id(s, d)),
                Kind::OptDocId => {
                    if d.flag() {
                        json!(null)
                    } else {
                        json!(some_id(s, d))
                    }
                }
                Kind::Float => json!(*d.pick(&[0.0, 1e-300, 0.01, 0.05, 0.5, 1.0, 2.0, -1.0, 1e300])),
                Kind::Query => json!(query(s, d, f)),
                Kind::Words => json!((0..d.below(4)).map(|_| query(s, d, f)).collect::<Vec<_>>()),
                Kind::Langs => json!((0..d.below(3)).map(|_| *d.pick(&["en", "zh", "en", "zh", "xx"])).collect::<Vec<_>>()),
                Kind::DocIds => json!((0..d.below(5)).map(|_| some_id(s, d)).collect::<Vec<_>>()),
                Kind::Enum(names) => json!(if d.one_in(10) { "nonsense" } else { *d.pick(names) }),
            }
        };
        m.insert(key.to_owned(), v);
    }
    if d.one_in(10) {
        m.insert("unknownKey".into(), json!(1));
    }
    Value::Object(m)
}

fn some_id(s: Option<&Session>, d: &mut Draw) -> u32 {
    match s {
        Some(s) => s.some_id(d),
        None => *d.pick(&[0, 1, u32::MAX]),
    }
}

fn query(s: Option<&Session>, d: &mut Draw, f: &Fragments) -> String {
    match s {
        Some(s) => s.query(d, f),
        None => d.text(f, 3),
    }
}

/// Options the way `wasm.rs` reads them: an object, or a refusal.
fn read<T: serde::de::DeserializeOwned>(v: Value) -> Option<T> {
    serde_json::from_value(v).ok()
}

const TERMS: &[(&str, Kind)] = &[
    ("limit", Kind::Uint),
    ("search", Kind::Query),
    ("doc", Kind::OptDocId),
    ("sort", Kind::Enum(&["count", "tfidf", "df", "position", "term"])),
    ("perDoc", Kind::Bool),
    ("positions", Kind::Bool),
];
const KEYNESS: &[(&str, Kind)] = &[
    ("target", Kind::DocId),
    ("reference", Kind::OptDocId),
    ("alpha", Kind::Float),
    ("bonferroni", Kind::Bool),
    ("minCount", Kind::Uint),
    ("limit", Kind::Uint),
];
const NGRAMS: &[(&str, Kind)] = &[
    ("minN", Kind::Uint),
    ("maxN", Kind::Uint),
    ("minCount", Kind::Uint),
    ("doc", Kind::OptDocId),
    ("limit", Kind::Uint),
    ("maxRows", Kind::Uint),
];
const COLLOCATES: &[(&str, Kind)] = &[
    ("query", Kind::Query),
    ("left", Kind::Uint),
    ("right", Kind::Uint),
    ("measure", Kind::Enum(&["logLikelihood", "mi"])),
    ("minCount", Kind::Uint),
    ("doc", Kind::OptDocId),
    ("limit", Kind::Uint),
];
const KWIC: &[(&str, Kind)] = &[
    ("query", Kind::Query),
    ("context", Kind::Uint),
    ("sort", Kind::Enum(&["position", "left", "right"])),
    ("doc", Kind::OptDocId),
    ("limit", Kind::Uint),
    ("maxLines", Kind::Uint),
    ("foldWidth", Kind::Bool),
    ("original", Kind::Bool),
];
const DISTRIBUTION: &[(&str, Kind)] = &[("query", Kind::Query), ("bins", Kind::Uint), ("foldWidth", Kind::Bool)];
const COMPARE: &[(&str, Kind)] = &[
    ("ignoreCase", Kind::Bool),
    ("ignoreWhitespace", Kind::Bool),
    ("ignoreWidth", Kind::Bool),
    ("granularity", Kind::Enum(&["word", "character"])),
    ("minMoveUnits", Kind::Uint),
    ("maxSteps", Kind::OptUint),
];
const REUSE: &[(&str, Kind)] = &[
    ("documents", Kind::DocIds),
    ("ngram", Kind::Uint),
    ("window", Kind::Uint),
    ("minUnits", Kind::Uint),
    ("maxWords", Kind::Uint),
    ("maxSeeds", Kind::Uint),
    ("maxAlignUnits", Kind::Uint),
    ("maxMatrixUpdates", Kind::Uint),
];
const CLEAN: &[(&str, Kind)] = &[
    ("lineEndings", Kind::Bool),
    ("controlChars", Kind::Bool),
    ("trailingSpaces", Kind::Bool),
    ("joinLines", Kind::Bool),
    ("joinBlocks", Kind::Bool),
    ("dehyphenate", Kind::Bool),
];
const REPAIRS: &[(&str, Kind)] = &[("limit", Kind::Uint), ("context", Kind::Uint)];

// ---------- the corpus a session works on ----------

struct Session {
    corpus: Corpus,
    /// Every file added (id, name, bytes), for re-encoding and re-adding.
    files: Vec<(u32, String, Vec<u8>)>,
}

impl Session {
    fn new() -> Session {
        let mut corpus = Corpus::new();
        // The page's worker keeps no bytes; the CLI does. Sessions do either.
        corpus.set_keep_bytes(true);
        Session { corpus, files: Vec::new() }
    }

    fn some_id(&self, d: &mut Draw) -> u32 {
        let ids: Vec<u32> = self.corpus.stored_documents().iter().map(|doc| doc.id.0).collect();
        if !ids.is_empty() && d.below(5) > 0 {
            *d.pick(&ids)
        } else {
            *d.pick(&[0, 1, 2, 3, 7, u32::MAX])
        }
    }

    /// A query: a word of a document, a fragment, or junk.
    fn query(&self, d: &mut Draw, f: &Fragments) -> String {
        let docs = self.corpus.stored_documents();
        match d.below(5) {
            0 | 1 if !docs.is_empty() => {
                let doc = d.pick(docs);
                if doc.tokens.is_empty() {
                    return String::new();
                }
                let a = d.below(doc.tokens.len());
                let b = (a + d.below(3)).min(doc.tokens.len() - 1);
                let span = |i: usize| doc.tokens.get(i).map(|t| t.span).unwrap_or_default();
                let (s, e) = (span(a).start as usize, span(b).end as usize);
                doc.text.get(s..e).unwrap_or("").to_owned()
            }
            2 if d.one_in(4) => String::new(),
            _ => d.text(f, 3),
        }
    }
}

// ---------- the cases ----------

type Check = Result<(), String>;

fn run_case(data: &[u8], f: &Fragments, s: &mut Session, verbose: bool) -> Check {
    let mut d = Draw { u: Unstructured::new(data) };
    let case = d.below(20);
    let t = Instant::now();
    let (what, result) = match case {
        0..=3 => ("time: read file", read_file(&mut d, f, verbose)),
        4 => ("time: clean", clean_text(&mut d, f, verbose)),
        5 => ("time: segment", segment_text(&mut d, f, verbose)),
        6 => ("time: csv writer", csv_writer(&mut d, f, verbose)),
        _ => {
            let step = d.below(24);
            let label: &'static str = ["time: add", "time: add", "time: add", "time: add", "time: add", "time: remove", "time: set encoding", "time: set encoding with bytes", "time: re-add", "time: clean options", "time: user dictionary", "time: discovered term", "time: settings", "time: term stats", "time: keyness", "time: ngrams", "time: collocates", "time: kwic", "time: distribution", "time: compare", "time: compare", "time: reuse", "time: reports", "time: reports"][step];
            (label, corpus_step(&mut d, f, s, step, verbose))
        }
    };
    if let Ok(mut m) = STATS.lock() {
        let e = m.entry(what.to_owned()).or_default();
        e.0 += 1;
        e.1 += t.elapsed().as_micros() as u64;
    }
    result
}

fn read_file(d: &mut Draw, f: &Fragments, verbose: bool) -> Check {
    let bytes = content(d, f);
    let enc = label(d);
    for n in [name(d, f), "x.txt".into(), "x.html".into(), "x.docx".into(), "x".into()] {
        if verbose {
            eprintln!("extract {n:?} ({} bytes, encoding {enc:?})", bytes.len());
        }
        let x = textlens::formats::extract(&n, &bytes, enc.as_deref());
        stat("extract", &x);
        if let Ok(x) = x {
            let _ = serde_json::to_string(&x.text);
        }
    }
    for sniff in [false, true] {
        let o = textlens::decode::DecodeOptions { encoding: enc.clone(), sniff_declaration: sniff };
        let _ = textlens::decode::decode("x", &bytes, &o);
    }
    let _ = textlens::decode::sniff_binary(&bytes);
    Ok(())
}

fn clean_text(d: &mut Draw, f: &Fragments, verbose: bool) -> Check {
    let text = d.text(f, 40);
    let o: textlens::CleanOptions = read(options(d, f, None, CLEAN, false)).unwrap_or_default();
    if verbose {
        eprintln!("clean {text:?} with {o:?}");
    }
    let cleaned = textlens::clean(&text, &o);
    let _ = cleaned;
    Ok(())
}

fn segment_text(d: &mut Draw, f: &Fragments, verbose: bool) -> Check {
    let text = d.text(f, 40);
    let dict = user_dictionary(d, f);
    if verbose {
        eprintln!("segment {text:?} with dictionary {dict:?}");
    }
    let mut seg = textlens::segment::Segmenter::new();
    seg.set_join_numbers(d.flag());
    if let Ok(words) = textlens::segment::userdict::parse_user_dictionary(&dict) {
        for w in &words {
            seg.add_word(&w.word, w.freq);
        }
    }
    let tokens = seg.segment(&text);
    let mut at = 0usize;
    for t in &tokens {
        let (a, b) = (t.span.start as usize, t.span.end as usize);
        if a != at || b < a || text.get(a..b).is_none() {
            return Err(format!("segment: token {a}..{b} after {at} in {text:?}"));
        }
        at = b;
    }
    if at != text.len() {
        return Err(format!("segment: tokens end at {at} of {} in {text:?}", text.len()));
    }
    Ok(())
}

fn user_dictionary(d: &mut Draw, f: &Fragments) -> String {
    let mut s = String::new();
    for _ in 0..d.below(6) {
        s.push_str(&d.text(f, 2));
        match d.below(5) {
            0 => s.push_str(&format!(" {}", d.odd_number())),
            1 => s.push_str(" x n"),
            2 => s.push_str(" -3"),
            _ => {}
        }
        s.push_str(d.pick::<&str>(&["\n", "\r\n", "", "\t"]));
    }
    s
}

// ---------- CSV ----------

/// Reads CSV as RFC 4180 says; `Err` if it is not well-formed.
fn parse_csv(text: &str) -> Result<Vec<Vec<String>>, String> {
    let body = text.strip_prefix('\u{FEFF}').ok_or("no byte-order mark")?;
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut chars = body.chars().peekable();
    let mut quoted_cell = false;
    while let Some(c) = chars.next() {
        match c {
            '"' if cell.is_empty() && !quoted_cell => {
                quoted_cell = true;
                loop {
                    match chars.next() {
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                            cell.push('"');
                        }
                        Some('"') => break,
                        Some(c) => cell.push(c),
                        None => return Err("unterminated quote".into()),
                    }
                }
            }
            '"' => return Err("quote inside an unquoted cell".into()),
            ',' => {
                row.push(std::mem::take(&mut cell));
                quoted_cell = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {
                chars.next();
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
                quoted_cell = false;
            }
            '\r' | '\n' => return Err("a bare CR or LF outside quotes".into()),
            c if quoted_cell => return Err(format!("{c:?} after a closing quote")),
            c => cell.push(c),
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        return Err("the last row does not end with CRLF".into());
    }
    Ok(rows)
}

fn is_number(cell: &str) -> bool {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let mut parts = digits.splitn(2, '.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    !int.is_empty() && int.bytes().all(|b| b.is_ascii_digit()) && frac.map_or(true, |f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// Every CSV export: well-formed, and no cell a spreadsheet would run.
fn check_csv(what: &str, text: &str) -> Check {
    let rows = parse_csv(text).map_err(|e| format!("{what} CSV: {e}"))?;
    for row in &rows {
        for cell in row {
            if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_number(cell) {
                return Err(format!("{what} CSV: cell {cell:?} starts a formula"));
            }
        }
    }
    Ok(())
}

fn csv_writer(d: &mut Draw, f: &Fragments, verbose: bool) -> Check {
    enum Cell {
        Text(String),
        Int(i64),
        Float(f64),
    }
    let mut table: Vec<Vec<Cell>> = Vec::new();
    for _ in 0..d.below(5) {
        let mut row = Vec::new();
        for _ in 0..d.range(1, 6) {
            row.push(match d.below(4) {
                0 => Cell::Int(d.odd_number() as i64 * if d.flag() { -1 } else { 1 }),
                1 => Cell::Float(*d.pick(&[0.5, -0.25, 1e-9, -1e20, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -0.0])),
                _ => Cell::Text(d.text(f, 3)),
            });
        }
        table.push(row);
    }
    let mut csv = textlens::csv::Csv::new();
    for row in &table {
        for cell in row {
            match cell {
                Cell::Text(t) => csv.field(t),
                Cell::Int(n) => csv.num(*n),
                Cell::Float(x) => csv.num(*x),
            };
        }
        csv.end();
    }
    let text = csv.finish();
    if verbose {
        eprintln!("csv {text:?}");
    }
    check_csv("writer", &text)?;
    let rows = parse_csv(&text)?;
    if rows.len() != table.len() {
        return Err(format!("csv: {} rows written, {} read", table.len(), rows.len()));
    }
    for (written, read) in table.iter().zip(&rows) {
        if written.len() != read.len() {
            return Err(format!("csv: {} cells written, {} read: {text:?}", written.len(), read.len()));
        }
        for (w, r) in written.iter().zip(read) {
            let ok = match w {
                Cell::Text(t) if t.starts_with(['=', '+', '-', '@', '\t', '\r']) => r.strip_prefix('\'') == Some(t),
                Cell::Text(t) => r == t,
                Cell::Int(n) => r == &n.to_string(),
                Cell::Float(x) if x.is_finite() => r.parse::<f64>().ok() == Some(*x),
                Cell::Float(_) => true,
            };
            if !ok {
                return Err(format!("csv: cell read back as {r:?}: {text:?}"));
            }
        }
    }
    Ok(())
}

// ---------- corpus steps ----------

fn corpus_step(d: &mut Draw, f: &Fragments, s: &mut Session, step: usize, verbose: bool) -> Check {
    macro_rules! say {
        ($($t:tt)*) => { if verbose { eprintln!($($t)*); } };
    }
    match step {
        0..=4 => {
            let n = name(d, f);
            let bytes = content(d, f);
            let id = if d.one_in(8) { Some(DocId(s.some_id(d))) } else { None };
            let defer = d.flag();
            say!("add {n:?} ({} bytes) id {id:?} defer {defer}", bytes.len());
            let mut last = 0.0f64;
            let mut backwards = None;
            let added = s.corpus.add_document_with_progress(id, &n, &bytes, &mut |stage, done| {
                if !(0.0..=1.0).contains(&done) || done < last {
                    backwards = Some((stage.name(), last, done));
                }
                last = done;
            });
            stat("add", &added);
            if let Some((stage, a, b)) = backwards {
                return Err(format!("add: progress went from {a} to {b} ({stage})"));
            }
            if let Ok(summary) = added {
                s.files.push((summary.id, n, bytes));
            }
            if !defer {
                s.corpus.refresh_discovery();
            }
        }
        5 => {
            let id = s.some_id(d);
            say!("remove {id}");
            stat("remove", &s.corpus.remove_document(DocId(id)));
        }
        6 => {
            let id = s.some_id(d);
            let l = label(d);
            say!("set encoding of {id} to {l:?}");
            stat("setEncoding", &s.corpus.set_encoding(DocId(id), l.as_deref()));
        }
        7 => {
            let id = s.some_id(d);
            let l = label(d);
            let bytes = match s.files.iter().find(|(i, ..)| *i == id) {
                Some((_, _, b)) if d.flag() => b.clone(),
                _ => content(d, f),
            };
            say!("set encoding of {id} to {l:?} with {} bytes", bytes.len());
            stat("setEncodingWithBytes", &s.corpus.set_encoding_with_bytes(DocId(id), &bytes, l.as_deref()));
        }
        8 => {
            // Remove and add again (the page's re-add; a replayed worker).
            if !s.files.is_empty() {
                let k = d.below(s.files.len());
                let (id, n, bytes) = s.files[k].clone();
                let same_id = d.flag();
                say!("re-add {n:?} (was {id}, same id {same_id})");
                let _ = s.corpus.remove_document(DocId(id));
                let again = if same_id {
                    s.corpus.add_document_with_id(DocId(id), &n, &bytes)
                } else {
                    s.corpus.add_document(&n, &bytes)
                };
                stat("re-add", &again);
                if let Ok(summary) = again {
                    s.files.push((summary.id, n, bytes));
                }
            }
        }
        9 => {
            let o: Option<textlens::CleanOptions> = read(options(d, f, Some(s), CLEAN, false));
            say!("clean options {o:?}");
            if let Some(o) = o {
                let _ = s.corpus.set_clean_options(o);
            }
        }
        10 => {
            let dict = user_dictionary(d, f);
            say!("user dictionary {dict:?}");
            stat("userDictionary", &s.corpus.set_user_dictionary(&dict));
        }
        11 => {
            let found: Vec<String> = s.corpus.discovered_entries().iter().map(|(t, _)| t.text.clone()).collect();
            let term = if !found.is_empty() && !d.one_in(4) { d.pick(&found).clone() } else { s.query(d, f) };
            let accept = d.flag();
            say!("discovered term {term:?} accept {accept}");
            stat("discoveredTerm", &s.corpus.set_discovered_term(&term, accept));
        }
        12 => match d.below(4) {
            0 => {
                let on = d.flag();
                say!("auto discover {on}");
                s.corpus.set_auto_discover(on);
            }
            1 => {
                let keep = d.flag();
                say!("keep bytes {keep}");
                s.corpus.set_keep_bytes(keep);
            }
            2 if d.one_in(4) => {
                let max_file_bytes = d.range(0, 4096) as usize;
                let max_total_bytes = d.range(0, 8192) as usize;
                say!("limits {max_file_bytes} {max_total_bytes}");
                s.corpus.set_limits(Limits { max_file_bytes, max_total_bytes });
            }
            _ => {
                say!("refresh discovery");
                s.corpus.refresh_discovery();
            }
        },
        13 => {
            let o = options(d, f, Some(s), TERMS, true);
            say!("terms {o}");
            if let Some(o) = read(o) {
                let r = textlens::terms(&s.corpus, &o);
                stat("terms", &r);
                if let Ok(r) = r {
                    check_csv("terms", &r.to_csv())?;
                    let _ = serde_json::to_string(&r);
                }
            }
        }
        14 => {
            let o = options(d, f, Some(s), KEYNESS, true);
            say!("keyness {o}");
            if let Some(o) = read(o) {
                let r = textlens::keyness(&s.corpus, &o);
                stat("keyness", &r);
                if let Ok(r) = r {
                    check_csv("keyness", &r.to_csv())?;
                    let _ = serde_json::to_string(&r);
                }
            }
        }
        15 => {
            let o = options(d, f, Some(s), NGRAMS, true);
            say!("ngrams {o}");
            if let Some(o) = read(o) {
                let r = textlens::ngrams(&s.corpus, &o);
                stat("ngrams", &r);
                if let Ok(r) = r {
                    check_csv("ngrams", &r.to_csv())?;
                    let _ = serde_json::to_string(&r);
                }
            }
        }
        16 => {
            let o = options(d, f, Some(s), COLLOCATES, true);
            say!("collocates {o}");
            if let Some(o) = read(o) {
                let r = textlens::collocates(&s.corpus, &o);
                stat("collocates", &r);
                if let Ok(r) = r {
                    check_csv("collocates", &r.to_csv())?;
                    let _ = serde_json::to_string(&r);
                }
            }
        }
        17 => {
            let o = options(d, f, Some(s), KWIC, false);
            say!("kwic {o}");
            if let Some(o) = read(o) {
                let r = textlens::kwic(&s.corpus, &o);
                stat("kwic", &r);
                if let Ok(r) = r {
                    check_csv("kwic", &r.to_csv())?;
                    let _ = serde_json::to_string(&r);
                }
            }
        }
        18 => {
            let o = options(d, f, Some(s), DISTRIBUTION, false);
            say!("distribution {o}");
            if let Some(o) = read(o) {
                let r = textlens::distribution(&s.corpus, &o);
                stat("distribution", &r);
                if let Ok(r) = r {
                    check_csv("distribution", &r.to_csv())?;
                    let _ = serde_json::to_string(&r);
                }
            }
        }
        19 | 20 => {
            let (a, b) = (s.some_id(d), s.some_id(d));
            let o = options(d, f, Some(s), COMPARE, false);
            let per_slice = d.odd_number() as usize;
            say!("compare {a} {b} {o} (slices of {per_slice})");
            if let Some(o) = read(o) {
                let r = textlens::compare(&s.corpus, DocId(a), DocId(b), &o);
                stat("compare", &r);
                if let Ok(r) = r {
                    for format in ["html", "unified", "json", "pdf"] {
                        let out = textlens::compare::export(&r, format);
                        stat("export", &out);
                        if let Ok(out) = out {
                            if format == "unified" {
                                check_unified(&out)?;
                            }
                        }
                    }
                    let _ = textlens::compare::sliced(r, per_slice);
                }
            }
        }
        21 => {
            let o = options(d, f, Some(s), REUSE, false);
            say!("reuse {o}");
            if let Some(o) = read(o) {
                let r = textlens::reuse(&s.corpus, &o);
                stat("reuse", &r);
                if let Ok(r) = r {
                    check_csv("reuse clusters", &textlens::reuse::clusters_csv(&r))?;
                    check_csv("reuse matrix", &textlens::reuse::matrix_csv(&r))?;
                    let _ = serde_json::to_string(&r);
                }
            }
        }
        _ => {
            // The per-document reports the page asks for, and the invariants of a stored document.
            let id = s.some_id(d);
            let start = d.odd_number() as usize;
            let limit = d.odd_number() as usize;
            let o: Option<textlens::report::RepairOptions> = read(options(d, f, Some(s), REPAIRS, false));
            say!("reports of {id} (tokens from {start}, {limit})");
            // With --replay, each report says how much it asked for at once.
            let mark = |what: &str| {
                if verbose {
                    eprintln!("  {what}: largest allocation so far {} bytes", LARGEST.load(Ordering::Relaxed));
                }
            };
            let _ = serde_json::to_string(&s.corpus.documents());
            mark("summaries");
            let _ = serde_json::to_string(&s.corpus.discovered_terms());
            mark("discovered terms");
            stat("reports", &s.corpus.document(DocId(id)));
            if let Ok(doc) = s.corpus.document(DocId(id)) {
                let _ = serde_json::to_string(&doc.document_text());
                mark("document text");
                let _ = serde_json::to_string(&doc.segment(start, limit));
                mark("segment");
                if let Some(o) = o {
                    say!("repairs {o:?}");
                    let _ = serde_json::to_string(&doc.repairs(&o));
                    mark("repairs");
                }
                check_document(doc)?;
                mark("checks");
            }
        }
    }
    Ok(())
}

fn check_document(doc: &textlens::Document) -> Check {
    let original = doc.original();
    let mut at = 0usize;
    for t in &doc.tokens {
        let (a, b) = (t.span.start as usize, t.span.end as usize);
        if a < at || b <= a || doc.text.get(a..b).is_none() {
            return Err(format!("{}: token {a}..{b} after {at} in a text of {} bytes", doc.name, doc.text.len()));
        }
        at = b;
        let o = doc.original_span(t.span);
        if original.get(o.start as usize..o.end as usize).is_none() {
            return Err(format!("{}: token {a}..{b} maps to {:?}, outside the original", doc.name, o));
        }
    }
    Ok(())
}

/// The unified diff's header: two lines naming the files, nothing else.
fn check_unified(out: &str) -> Check {
    let mut lines = out.split('\n');
    let (a, b) = (lines.next().unwrap_or(""), lines.next().unwrap_or(""));
    if !a.starts_with("--- ") || !b.starts_with("+++ ") || a.contains('\r') || b.contains('\r') {
        return Err(format!("unified diff header is broken: {a:?} {b:?}"));
    }
    if let Some(third) = lines.next() {
        if !third.is_empty() && !third.starts_with("@@") {
            return Err(format!("unified diff: {third:?} after the header"));
        }
    }
    Ok(())
}
