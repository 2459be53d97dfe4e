//! Term discovery over files as one corpus: the terms found, the time of the
//! discovery run alone and peak memory — to compare discovery changes.
//! `cargo run --release --example discover_dump -- [--repeat N] FILE…` (each
//! file's text repeated N times, joined by a line break).
use std::time::Instant;
fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut repeat = 1;
    if let Some(i) = args.iter().position(|a| a == "--repeat") {
        repeat = args.get(i + 1).and_then(|n| n.parse().ok()).unwrap_or(1);
        args.drain(i..(i + 2).min(args.len()));
    }
    let mut c = textlens::Corpus::new();
    let t = Instant::now();
    for path in &args {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let text = vec![text.as_str(); repeat].join("\n");
        if let Err(e) = c.add_document_with_progress(None, path, text.as_bytes(), &mut |_, _| {}) {
            eprintln!("{path}: {e}");
        }
    }
    let added = t.elapsed().as_secs_f64();
    let t = Instant::now();
    c.refresh_discovery();
    let found = c.discovered_entries();
    eprintln!("added in {added:.2} s, discovery {:.2} s: {} terms, truncated {}", t.elapsed().as_secs_f64(), found.len(), c.discovery_truncated());
    for (d, _) in &found {
        println!("{}\t{}\t{}\t{:.3}\t{:.3}\t{:.3}", d.text, d.count, d.docs, d.pmi, d.left_entropy, d.right_entropy);
    }
    if let Ok(s) = std::fs::read_to_string("/proc/self/status") {
        for l in s.lines().filter(|l| l.starts_with("VmHWM")) {
            eprintln!("{l}");
        }
    }
}
