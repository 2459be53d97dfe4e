//! Times the terms analyses natively on the four simplified Chinese novels
//! (../shared/corpus/text/zh/, ≈ 9 MB). Run with
//! `cargo run --release --example terms_bench`. Timings only; no assertions.

use std::time::Instant;
use textlens::report::KwicSort;
use textlens::{Corpus, KeynessOptions, KwicOptions, NgramOptions, TermOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/text/zh/");
    let names = ["hongloumeng_simp.txt", "sanguoyanyi_simp.txt", "shuihuzhuan_simp.txt", "xiyouji_simp.txt"];
    let mut corpus = Corpus::new();
    let mut bytes_total = 0;
    let t = Instant::now();
    for name in names {
        let bytes = std::fs::read(format!("{dir}{name}"))?;
        bytes_total += bytes.len();
        corpus.add_document(name, &bytes)?;
    }
    let tokens: usize = corpus.stored_documents().iter().map(|d| d.tokens.len()).sum();
    println!("load+segment {:.1} MB, {tokens} tokens: {:?}", bytes_total as f64 / 1e6, t.elapsed());

    let time = |label: &str, f: &mut dyn FnMut() -> String| {
        let mut best = f64::MAX;
        let mut note = String::new();
        for _ in 0..5 {
            let t = Instant::now();
            note = f();
            best = best.min(t.elapsed().as_secs_f64() * 1000.0);
        }
        println!("{label}: {best:.1} ms (best of 5) {note}");
    };
    let mut all = None;
    time("term table, all rows", &mut || {
        let r = textlens::terms(&corpus, &TermOptions::default()).map(|r| r.terms.len()).unwrap_or(0);
        all = Some(r);
        format!("{r} rows")
    });
    time("term table, top 1000", &mut || {
        let r = textlens::terms(&corpus, &TermOptions { limit: 1000, ..TermOptions::default() });
        format!("{} rows", r.map(|r| r.terms.len()).unwrap_or(0))
    });
    let report = textlens::terms(&corpus, &TermOptions::default())?;
    let term = report.terms.iter().min_by_key(|t| t.count.abs_diff(10_000)).map(|t| t.term.clone()).unwrap_or_default();
    for sort in [KwicSort::Position, KwicSort::Right] {
        time(&format!("kwic `{term}` {sort:?}"), &mut || {
            let r = textlens::kwic(&corpus, &KwicOptions { query: term.clone(), sort, ..KwicOptions::default() });
            format!("{} hits", r.map(|r| r.lines.len()).unwrap_or(0))
        });
    }
    time("keyness doc 0 vs rest", &mut || {
        let r = textlens::keyness(&corpus, &KeynessOptions::default());
        format!("{} over", r.map(|r| r.overused.len()).unwrap_or(0))
    });
    time("ngrams 2..3", &mut || {
        let r = textlens::ngrams(&corpus, &NgramOptions::default());
        format!("{} rows", r.map(|r| r.ngrams.len()).unwrap_or(0))
    });
    time("collocates", &mut || {
        let r =
            textlens::collocates(&corpus, &textlens::CollocateOptions { query: term.clone(), ..Default::default() });
        format!("{} rows", r.map(|r| r.collocates.len()).unwrap_or(0))
    });
    time("distribution", &mut || {
        let r = textlens::distribution(
            &corpus,
            &textlens::DistributionOptions { query: term.clone(), ..Default::default() },
        );
        format!("{} docs", r.map(|r| r.documents.len()).unwrap_or(0))
    });
    Ok(())
}
