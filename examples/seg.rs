//! Prints the tokens of each argument, separated by `|`.
fn main() {
    let seg = textlens::segment::Segmenter::new();
    for arg in std::env::args().skip(1) {
        let toks: Vec<String> = seg.segment(&arg).iter().map(|t| t.span.slice(&arg).to_owned()).collect();
        println!("{}", toks.join("|"));
    }
}
