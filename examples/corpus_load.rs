//! Time and peak memory of loading the Chinese novels into one corpus
//! (segmentation + term discovery + re-segmentation).
//! `cargo run --release --example corpus_load`
use std::time::Instant;
fn main() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/text/zh/");
    let mut names: Vec<_> = std::fs::read_dir(root).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    names.sort();
    let mut c = textlens::Corpus::new();
    let t = Instant::now();
    let mut bytes = 0;
    for p in names.iter().filter(|p| p.extension().is_some_and(|e| e == "txt") && !p.to_string_lossy().contains("LICENSE")) {
        let b = std::fs::read(p).unwrap_or_default();
        bytes += b.len();
        let t1 = Instant::now();
        let r = c.add_document(&p.to_string_lossy(), &b);
        println!("{:?}: {:.2} s ({})", p.file_name().unwrap_or_default(), t1.elapsed().as_secs_f64(), r.is_ok());
    }
    println!("{:.1} MB in {:.2} s; {} discovered, truncated {}", bytes as f64 / 1e6, t.elapsed().as_secs_f64(), c.discovered_entries().len(), c.discovery_truncated());
    let top: Vec<String> = c.discovered_entries().iter().take(40).map(|(d, _)| d.text.clone()).collect();
    println!("{}", top.join(" "));
    if let Ok(s) = std::fs::read_to_string("/proc/self/status") {
        for l in s.lines().filter(|l| l.starts_with("VmHWM") || l.starts_with("VmRSS")) { println!("{l}"); }
    }
}
