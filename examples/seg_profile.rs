//! Where segmentation time goes: the zh corpus segmented with each stage switched
//! on in turn (names, refine rules, number joining), best of N runs, plus a checksum
//! of the token boundaries so a speed change can be checked to change no output.
//! `cargo run --release --example seg_profile [-- RUNS [CONFIG]]` (CONFIG: 0..=3, one
//! configuration only, e.g. under `perf stat`).
use std::time::Instant;
use textlens::segment::{refine::RefineRules, Segmenter};

fn main() {
    let runs: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(3);
    let only: Option<usize> = std::env::args().nth(2).and_then(|a| a.parse().ok());
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/text/zh");
    let mut files: Vec<_> = std::fs::read_dir(root).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    files.sort();
    let texts: Vec<String> = files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "txt") && !f.to_string_lossy().contains("LICENSE"))
        .map(|f| std::fs::read_to_string(f).unwrap_or_default())
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let off = RefineRules { classifier: false, yu_wei: false, suffix: false, compound: false };
    let configs: [(&str, bool, bool, bool); 4] = [
        ("plain (no names, no refine, no numbers)", false, false, false),
        ("+ refine", false, true, false),
        ("+ names", true, true, false),
        ("+ numbers (default)", true, true, true),
    ];
    for (k, (name, names, refine, numbers)) in configs.into_iter().enumerate() {
        if only.is_some_and(|o| o != k) {
            continue;
        }
        let mut seg = Segmenter::new();
        seg.set_names(names);
        seg.set_join_numbers(numbers);
        if !refine {
            seg.set_refine_rules(off);
        }
        let mut best = f64::MAX;
        let mut sum = 0u64;
        for _ in 0..runs {
            let t = Instant::now();
            sum = 0;
            for text in &texts {
                for tok in seg.segment(text) {
                    sum = sum.wrapping_mul(31).wrapping_add(u64::from(tok.span.end)).wrapping_add(tok.kind as u64);
                }
            }
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!("{name:42} {best:.3} s {:6.1} MB/s  checksum {sum:016x}", bytes as f64 / 1e6 / best);
    }
}
