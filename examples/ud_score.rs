//! Prints word-segmentation P/R/F1 and OOV recall of textlens on the UD
//! Chinese sets, and the segmenter's build time.
//!
//! `cargo run --release --example ud_score [DIR]`

use std::time::Instant;
use textlens::segment::eval::{parse_conllu, Score};
use textlens::segment::Segmenter;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/gold/ud-zh").to_owned());
    let t = Instant::now();
    let mut seg = Segmenter::new();
    if let Ok(off) = std::env::var("UD_RULES_OFF") {
        let mut r = textlens::segment::refine::RefineRules::default();
        r.classifier = !off.contains("classifier");
        r.yu_wei = !off.contains("yu_wei");
        r.suffix = !off.contains("suffix");
        r.compound = !off.contains("compound");
        seg.set_refine_rules(r);
    }
    println!("segmenter built in {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    let seg2 = Segmenter::new();
    drop(seg2);
    for name in [
        "UD_Chinese-GSDSimp_zh_gsdsimp-ud-dev.conllu",
        "UD_Chinese-GSDSimp_zh_gsdsimp-ud-test.conllu",
        "UD_Chinese-GSD_zh_gsd-ud-dev.conllu",
        "UD_Chinese-GSD_zh_gsd-ud-test.conllu",
    ] {
        let path = format!("{dir}/{name}");
        let Ok(src) = std::fs::read_to_string(&path) else {
            println!("{name}: cannot read {path}");
            continue;
        };
        let sentences = match parse_conllu(&src) {
            Ok(s) => s,
            Err(e) => {
                println!("{name}: {e}");
                continue;
            }
        };
        let mut score = Score::default();
        let t = Instant::now();
        for s in &sentences {
            let words: Vec<&str> = seg
                .segment(&s.text)
                .iter()
                .filter(|t| t.kind != textlens::segment::TokenKind::Space)
                .map(|t| t.span.slice(&s.text))
                .collect();
            score.add(&s.words, &words, |w| seg.in_dictionary(w));
            if std::env::var("UD_ERRORS").is_ok() && name.contains("dev") {
                let g = textlens::segment::eval::spans_of(&s.words);
                let p = textlens::segment::eval::spans_of(&words);
                let chars: Vec<char> = s.text.chars().filter(|c| !c.is_whitespace()).collect();
                for &(ps, pe) in &p {
                    if !g.contains(&(ps, pe)) {
                        let gold: Vec<String> = g.iter().filter(|&&(gs, ge)| ge > ps && gs < pe).map(|&(gs, ge)| chars[gs..ge].iter().collect()).collect();
                        let pw: String = chars[ps..pe].iter().collect();
                        println!("ERR\t{pw}\t{}", gold.join(" "));
                    }
                }
            }
        }
        println!(
            "{name:48} P {:.4} R {:.4} F1 {:.4} OOV-R {:.4} ({} gold, {} oov) {:.0} ms",
            score.precision(),
            score.recall(),
            score.f1(),
            score.oov_recall(),
            score.gold,
            score.oov_gold,
            t.elapsed().as_secs_f64() * 1e3
        );
    }
}

/// With `UD_ERRORS=1`: the most frequent wrong predicted words with the gold split.
#[allow(dead_code)]
pub fn errors() {}
