use std::time::Instant;
fn main() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/text/zh/hongloumeng_simp.txt")).unwrap_or_default();
    let mut seg = textlens::segment::Segmenter::new();
    let t = Instant::now();
    let n = seg.segment(&text).len();
    println!("default {:.2} s {n}", t.elapsed().as_secs_f64());
    seg.set_join_numbers(false);
    seg.set_refine_rules(textlens::segment::refine::RefineRules { classifier: false, yu_wei: false, suffix: false, compound: false });
    let t = Instant::now();
    let n = seg.segment(&text).len();
    println!("no rules {:.2} s {n}", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let n = textlens::segment::trad::has_traditional(&text);
    println!("has_trad {:.3} s {n}", t.elapsed().as_secs_f64());
}
