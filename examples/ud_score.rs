//! Prints word-segmentation P/R/F1 and OOV recall of textlens on the UD
//! Chinese sets in three set-ups — default (numbers joined with their units),
//! numbers split (the UD convention), and with corpus term discovery over the
//! 500 sentences loaded as documents — plus the segmenter's build time.
//!
//! `cargo run --release --example ud_score [DIR]`
//! `UD_ERRORS=1` also prints the wrong words of the dev sets; `UD_RULES_OFF=suffix,…`
//! turns boundary refinements off for measurement.

use std::time::Instant;
use textlens::segment::eval::{parse_conllu, spans_of, GoldSentence, Score};
use textlens::segment::{Segmenter, TokenKind};
use textlens::Corpus;

fn words(text: &str, tokens: impl Iterator<Item = (textlens::Span, TokenKind)>) -> Vec<&str> {
    tokens.filter(|(_, k)| *k != TokenKind::Space).map(|(s, _)| s.slice(text)).collect()
}

fn print(name: &str, setup: &str, score: &Score) {
    println!(
        "{name:46} {setup:14} P {:.4} R {:.4} F1 {:.4} OOV-R {:.4} ({} gold, {} oov)",
        score.precision(),
        score.recall(),
        score.f1(),
        score.oov_recall(),
        score.gold,
        score.oov_gold
    );
}

fn errors(s: &GoldSentence, predicted: &[&str]) {
    let g = spans_of(&s.words);
    let p = spans_of(predicted);
    let chars: Vec<char> = s.text.chars().filter(|c| !c.is_whitespace()).collect();
    for &(ps, pe) in &p {
        if !g.contains(&(ps, pe)) {
            let gold: Vec<String> = g
                .iter()
                .filter(|&&(gs, ge)| ge > ps && gs < pe)
                .map(|&(gs, ge)| chars[gs..ge].iter().collect())
                .collect();
            let pw: String = chars[ps..pe].iter().collect();
            println!("ERR\t{pw}\t{}", gold.join(" "));
        }
    }
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/gold/ud-zh").to_owned());
    for _ in 0..3 {
        let t = Instant::now();
        let seg = Segmenter::new();
        println!("segmenter built in {:.1} ms ({})", t.elapsed().as_secs_f64() * 1e3, seg.in_dictionary("我们"));
    }
    let mut seg = Segmenter::new();
    if let Ok(off) = std::env::var("UD_RULES_OFF") {
        seg.set_refine_rules(textlens::segment::refine::RefineRules {
            classifier: !off.contains("classifier"),
            yu_wei: !off.contains("yu_wei"),
            suffix: !off.contains("suffix"),
            compound: !off.contains("compound"),
        });
    }
    let mut split = Segmenter::new();
    split.set_join_numbers(false);
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
        // OOV: gold words with a Han character that the *other* file of the same
        // treebank (dev for test, test for dev) does not contain — a
        // segmenter-independent reference vocabulary, as in SIGHAN (which uses training data).
        let other = if name.contains("dev") { name.replace("dev", "test") } else { name.replace("test", "dev") };
        let vocab: std::collections::HashSet<String> = std::fs::read_to_string(format!("{dir}/{other}"))
            .ok()
            .and_then(|s| parse_conllu(&s).ok())
            .unwrap_or_default()
            .into_iter()
            .flat_map(|s| s.words)
            .collect();
        let in_vocab = |w: &str| vocab.contains(w) || !w.chars().any(textlens::segment::is_han);
        for (setup, seg) in [("default", &seg), ("numbers split", &split)] {
            let mut score = Score::default();
            for s in &sentences {
                let w = words(&s.text, seg.segment(&s.text).iter().map(|t| (t.span, t.kind)));
                score.add(&s.words, &w, in_vocab);
                if setup == "default" && std::env::var("UD_ERRORS").is_ok() && name.contains("dev") {
                    errors(s, &w);
                }
            }
            print(name, setup, &score);
        }
        // Discovery: the sentences loaded as documents of one corpus.
        let mut corpus = Corpus::new();
        for (i, s) in sentences.iter().enumerate() {
            if let Err(e) = corpus.add_document(&format!("s{i}"), s.text.as_bytes()) {
                println!("{name}: sentence {i}: {e}");
            }
        }
        let mut score = Score::default();
        for (s, d) in sentences.iter().zip(corpus.stored_documents()) {
            let w = words(&d.text, d.tokens.iter().map(|t| (t.span, t.kind)));
            score.add(&s.words, &w, in_vocab);
        }
        print(name, "+ discovery", &score);
        let found: Vec<String> =
            corpus.discovered_entries().iter().map(|(d, _)| format!("{}×{}", d.text, d.count)).collect();
        println!("    discovered {}: {}", found.len(), found.join(" "));
    }
}
