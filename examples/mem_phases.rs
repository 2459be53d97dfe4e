//! Where the memory of `textlens terms FILE --json` (and `--csv`) goes, phase by phase: a counting global
//! allocator records the bytes live after each phase and the peak reached during it. Run with
//! `cargo run --release --example mem_phases -- FILE [FILE …]` (the scale inputs are made by
//! `node bench/scale-inputs.mjs`). Figures only; no assertions. With a tiny file it gives the
//! fixed cost (dictionary, tables) that does not grow with the text. With `MEM_STOP=1` it stops after
//! discovery, so that `heaptrack` (its peak consumers) shows what discovery holds at its peak.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = LIVE.fetch_add(by, Relaxed) + by;
    PEAK.fetch_max(now, Relaxed);
}

// SAFETY: every call is passed to the system allocator unchanged; only sizes are counted.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc_zeroed(layout);
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        LIVE.fetch_sub(layout.size(), Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() {
            // Large blocks grow in place or by remapping, so count only the difference.
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

const MB: f64 = 1e6;

/// Prints the bytes live now and the peak since the last call, then starts a new phase.
fn phase(label: &str, input: usize) {
    static CLOCK: std::sync::Mutex<Option<std::time::Instant>> = std::sync::Mutex::new(None);
    let secs = CLOCK.lock().map_or(0.0, |mut c| {
        let now = std::time::Instant::now();
        c.replace(now).map_or(0.0, |t| now.duration_since(t).as_secs_f64())
    });
    let live = LIVE.load(Relaxed);
    let peak = PEAK.swap(live, Relaxed);
    println!(
        "{label:<28} live {:>8.1} MB ({:>4.1}×)   peak in phase {:>8.1} MB ({:>4.1}×)  {secs:>6.2} s",
        live as f64 / MB,
        live as f64 / input.max(1) as f64,
        peak as f64 / MB,
        peak as f64 / input.max(1) as f64
    );
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let files: Vec<String> = std::env::args().skip(1).collect();
    let input: usize = files.iter().map(|f| std::fs::metadata(f).map(|m| m.len() as usize).unwrap_or(0)).sum();
    println!("input {:.1} MB in {} file(s)", input as f64 / MB, files.len());
    phase("start", input);
    let mut corpus = textlens::Corpus::new();
    // As the CLI loads: a GB18030 or UTF-16 file's bytes are dropped once decoded.
    corpus.set_keep_bytes(false);
    phase("empty corpus (dictionary)", input);
    for f in &files {
        let bytes = std::fs::read(f)?;
        let name = f.rsplit('/').next().unwrap_or(f);
        let mut last = None;
        corpus.add_document_owned(None, name, bytes, &mut |stage, _| {
            if last != Some(stage) {
                phase(&format!("  (start of {stage:?})"), input);
                last = Some(stage);
            }
        })?;
    }
    phase("documents added", input);
    let docs = corpus.stored_documents();
    let sum = |f: &dyn Fn(&textlens::Document) -> usize| docs.iter().map(f).sum::<usize>() as f64 / MB;
    println!(
        "  all {} documents: text {:.1} MB, tokens {:.1} MB, paragraphs+sentences {:.1} MB, repairs {:.1} MB, offset maps {:.1} MB, UTF-16 indexes {:.1} MB, names {:.1} MB, the documents themselves {:.1} MB",
        docs.len(),
        sum(&|d| d.text.capacity()),
        sum(&|d| d.tokens.heap_bytes()),
        sum(&|d| (d.paragraphs.capacity() + d.sentences.capacity()) * std::mem::size_of::<textlens::Span>()),
        sum(&|d| d.repairs.capacity() * std::mem::size_of::<textlens::clean::Repair>()),
        sum(&|d| d.offsets.heap_bytes()),
        sum(&|d| d.utf16.heap_bytes()),
        sum(&|d| d.name.capacity()),
        sum(&|_| std::mem::size_of::<textlens::Document>()),
    );
    for d in docs.iter().take(8) {
        println!(
            "  {}: text {:.1} MB, tokens {} = {:.1} MB, paragraphs+sentences {:.1} MB, repairs {}, {}",
            d.name,
            d.text.capacity() as f64 / MB,
            d.tokens.len(),
            d.tokens.heap_bytes() as f64 / MB,
            ((d.paragraphs.capacity() + d.sentences.capacity()) * std::mem::size_of::<textlens::Span>()) as f64 / MB,
            d.repairs.len(),
            d.encoding,
        );
    }
    let vocab = corpus.vocabulary();
    println!("  vocabulary: {} terms, {:.1} MB", vocab.len(), vocab.heap_bytes() as f64 / MB);
    corpus.refresh_discovery();
    phase("discovery", input);
    if std::env::var_os("MEM_STOP").is_some() {
        return Ok(());
    }
    // The page's sequence after discovery (#11): the stopword detection's `terms`, then the term
    // table written column by column to a sink that keeps nothing (the page's copies each to JS).
    let detect = textlens::TermOptions { limit: 200, positions: false, per_doc: false, ..Default::default() };
    let report = textlens::terms(&corpus, &detect)?;
    println!("  page: terms {{limit 200}}: {} rows", report.terms.len());
    drop(report);
    phase("page: terms {limit 200}", input);
    let table = textlens::TermOptions { stopword_languages: vec!["zh".into()], ..Default::default() };
    let mut sink = Discard(0);
    textlens::terms::term_table_columns(&corpus, &table, &mut |_| {}, &mut sink)?;
    println!("  page: term table columns {:.1} MB", sink.0 as f64 / MB);
    phase("page: term table columns", input);
    // The path `textlens terms FILE --json` / `--csv` takes: compact rows, each made a row as it is written.
    let rows = textlens::terms::term_rows(&corpus, &textlens::TermOptions::default(), &mut |_| {})?;
    println!("  term rows: {}", rows.len());
    phase("term table (compact rows)", input);
    let mut out = std::io::BufWriter::new(std::io::sink());
    serde_json::to_writer_pretty(&mut out, &rows)?;
    out.flush()?;
    drop(out);
    phase("JSON streamed", input);
    let mut out = std::io::BufWriter::new(std::io::sink());
    for piece in rows.csv_rows() {
        out.write_all(piece.as_bytes())?;
    }
    out.flush()?;
    drop(out);
    phase("CSV streamed", input);
    if std::env::var_os("MEM_STRING").is_some() {
        // What the Python binding does: one compact JSON string, written from the rows.
        let text = serde_json::to_string(&rows)?;
        println!("  compact JSON {:.1} MB", text.len() as f64 / MB);
        drop(text);
        phase("compact JSON from rows", input);
        // What it did before: the rows collected into a report, then the string.
        let report = rows.into_report();
        phase("rows collected (TermReport)", input);
        let text = serde_json::to_string(&report)?;
        println!("  JSON {:.1} MB", text.len() as f64 / MB);
        drop(text);
        phase("JSON as one String", input);
    }
    Ok(())
}

/// A term table sink that keeps nothing: it counts the bytes of the columns.
struct Discard(usize);

impl textlens::terms::ColumnSink for Discard {
    fn head(&mut self, _: &textlens::report::TermReport) {}
    fn text(&mut self, _: textlens::terms::Column, pieces: &mut dyn Iterator<Item = &str>) {
        self.0 += pieces.map(str::len).sum::<usize>();
    }
    fn numbers(&mut self, _: textlens::terms::Column, values: &mut dyn ExactSizeIterator<Item = f64>) {
        self.0 += 8 * values.count();
    }
    fn integers(&mut self, _: textlens::terms::Column, values: &mut dyn ExactSizeIterator<Item = u32>) {
        self.0 += 4 * values.count();
    }
}
