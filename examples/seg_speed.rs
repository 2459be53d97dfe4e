//! Native segmentation throughput over the shared corpora (MB/s), and the
//! time to build a segmenter. `cargo run --release --example seg_speed`
use std::time::Instant;
fn main() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/text/");
    let t = Instant::now();
    let seg = textlens::segment::Segmenter::new();
    println!("init {:.3} ms", t.elapsed().as_secs_f64() * 1e3);
    for lang in ["zh", "en"] {
        let mut files: Vec<_> = std::fs::read_dir(format!("{root}{lang}")).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
        files.sort();
        let (mut bytes, mut tokens, t) = (0usize, 0usize, Instant::now());
        for f in files.iter().filter(|f| f.extension().is_some_and(|e| e == "txt") && !f.to_string_lossy().contains("LICENSE")) {
            let text = std::fs::read_to_string(f).unwrap_or_default();
            bytes += text.len();
            tokens += seg.segment(&text).len();
        }
        let s = t.elapsed().as_secs_f64();
        println!("{lang}: {:.1} MB, {tokens} tokens, {:.2} s, {:.1} MB/s", bytes as f64 / 1e6, s, bytes as f64 / 1e6 / s);
    }
}
