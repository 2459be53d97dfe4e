//! Integration tests of the terms analyses on real text: the seed pair
//! (../shared/corpus/seeds/), a Chinese novel and hand-made worked examples.
//! Expected values are computed here, independently of the library.

use std::collections::HashMap;
use textlens::report::{KeyUse, KwicSort};
use textlens::segment::TokenKind;
use textlens::terms::{self, FilterOptions, TermSort};
use textlens::{Corpus, DocId, KeynessOptions, KwicOptions, TermOptions, ToCsv};

const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/seeds/");
const ZH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/text/zh/");

fn seed_corpus() -> Corpus {
    let mut c = Corpus::new();
    for name in ["000_61b16b637bcca7d8.txt", "001_242e04c1848bbad0.txt"] {
        let bytes = std::fs::read(format!("{SEEDS}{name}")).unwrap_or_else(|e| panic!("{name}: {e}"));
        c.add_document(name, &bytes).unwrap_or_else(|e| panic!("{e}"));
    }
    c
}

fn corpus(docs: &[&str]) -> Corpus {
    let mut c = Corpus::new();
    for (i, d) in docs.iter().enumerate() {
        c.add_document(&format!("doc{i}.txt"), d.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    }
    c
}

/// Counts words the simple way: every Word token's text, lower-cased.
fn independent_counts(c: &Corpus) -> (HashMap<String, Vec<u64>>, u64) {
    let n = c.stored_documents().len();
    let mut counts: HashMap<String, Vec<u64>> = HashMap::new();
    let mut total = 0;
    for (d, doc) in c.stored_documents().iter().enumerate() {
        for t in &doc.tokens {
            if t.kind == TokenKind::Word {
                counts.entry(doc.token_text(t).to_lowercase()).or_insert_with(|| vec![0; n])[d] += 1;
                total += 1;
            }
        }
    }
    (counts, total)
}

fn check_counts(c: &Corpus) {
    let r = textlens::terms(c, &TermOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let (expected, total) = independent_counts(c);
    assert_eq!(r.total_tokens, total);
    assert_eq!(r.terms.iter().map(|t| t.count).sum::<u64>(), total, "counts sum to the token total");
    assert_eq!(r.terms.len(), expected.len());
    for row in &r.terms {
        let want = expected.get(&row.term).unwrap_or_else(|| panic!("unexpected term {}", row.term));
        assert_eq!(&row.per_doc, want, "{}", row.term);
        assert_eq!(row.count, want.iter().sum::<u64>(), "{}", row.term);
        assert_eq!(row.df as usize, want.iter().filter(|&&n| n > 0).count(), "{}", row.term);
        // The first occurrence really is this term, and nothing earlier is.
        let first = row.first.unwrap_or_else(|| panic!("no first place for {}", row.term));
        let doc = &c.stored_documents()[first.doc as usize];
        let tok = doc.tokens.get(first.token as usize).unwrap_or_else(|| panic!("no token {}", first.token));
        assert_eq!(doc.token_text(tok).to_lowercase(), row.term);
    }
    for w in r.terms.windows(2) {
        assert!(w[0].count > w[1].count || (w[0].count == w[1].count && w[0].term < w[1].term));
    }
}

#[test]
fn seed_counts_agree_with_an_independent_count() {
    check_counts(&seed_corpus());
}

#[test]
fn novel_counts_agree_with_an_independent_count() {
    // The first 300 KB of 西游记 (cut at a line end), to keep the debug test quick.
    let text = std::fs::read_to_string(format!("{ZH}xiyouji_simp.txt")).unwrap_or_else(|e| panic!("{e}"));
    let mut end = 300_000.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = text[..end].rfind('\n').unwrap_or(end);
    let c = corpus(&[&text[..cut], "孙悟空 and Sun Wukong. 孙悟空！"]);
    check_counts(&c);
    let r = textlens::terms(&c, &TermOptions { limit: 50, ..TermOptions::default() })
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(r.terms.iter().any(|t| t.term == "行者" || t.term == "悟空"), "a main character is among the top terms");
}

#[test]
fn keyness_worked_example() {
    // Target: 100 words, 10 × whale. Reference: 200 words, 5 × whale.
    let a_text = format!("{}{}", "whale ".repeat(10), "sea ".repeat(90));
    let b_text = format!("{}{}", "whale ".repeat(5), "sea ".repeat(195));
    let c = corpus(&[&a_text, &b_text]);
    let r = textlens::keyness(&c, &KeynessOptions { target: 0, alpha: 1.0, ..KeynessOptions::default() })
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((r.target_tokens, r.reference_tokens, r.tests), (100, 200, 2));
    // By hand: E1 = 100·15/300 = 5, E2 = 200·15/300 = 10,
    // G² = 2 (10 ln(10/5) + 5 ln(5/10)) = 10 ln 2; log-ratio = log2((10/100)/(5/200)) = 2.
    let whale = r.overused.iter().find(|k| k.term == "whale").unwrap_or_else(|| panic!("{r:?}"));
    assert!((whale.g2 - 10.0 * std::f64::consts::LN_2).abs() < 1e-9, "{}", whale.g2);
    assert!((whale.g2 - 6.931_471_805_599_453).abs() < 1e-9);
    assert!((whale.log_ratio - 2.0).abs() < 1e-9);
    assert!((whale.target_rate - 1000.0).abs() < 1e-9 && (whale.reference_rate - 250.0).abs() < 1e-9);
    // sea: 90 of 100 vs 195 of 200; E1 = 95, E2 = 190.
    let sea = r.underused.iter().find(|k| k.term == "sea").unwrap_or_else(|| panic!("{r:?}"));
    let g2 = 2.0 * (90.0 * (90.0f64 / 95.0).ln() + 195.0 * (195.0f64 / 190.0).ln());
    assert!((sea.g2 - g2).abs() < 1e-9, "{} vs {g2}", sea.g2);
    assert!((sea.log_ratio - (0.9f64 / 0.975).log2()).abs() < 1e-9);
    assert_eq!(sea.use_, KeyUse::Under);
    // whale's G² 6.93 passes p < 0.05 (3.84) and 0.01 (6.63) but not 0.001 (10.83).
    for (alpha, listed) in [(0.05, true), (0.01, true), (0.001, false)] {
        let r = textlens::keyness(&c, &KeynessOptions { alpha, ..KeynessOptions::default() })
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.overused.iter().any(|k| k.term == "whale"), listed, "alpha {alpha}");
    }
    // Bonferroni over 2 tests at 0.01 → 0.005 → critical 7.88 > 6.93.
    let r = textlens::keyness(&c, &KeynessOptions { alpha: 0.01, bonferroni: true, ..KeynessOptions::default() })
        .unwrap_or_else(|e| panic!("{e}"));
    assert!((r.critical - 7.879_438_576_622_4).abs() < 1e-4, "{}", r.critical);
    assert!(r.overused.is_empty());
}

#[test]
fn seed_keyness_lists_tianjin_as_overused_in_001() {
    let c = seed_corpus();
    let (d0, d1) = (DocId(0), DocId(1));
    let r = textlens::keyness(&c, &KeynessOptions { target: 1, reference: Some(0), ..KeynessOptions::default() })
        .unwrap_or_else(|e| panic!("{e}"));
    let row = r.overused.iter().find(|k| k.term == "天津").unwrap_or_else(|| panic!("{:?}", r.overused));
    // Count 天津 tokens independently and recompute G² and log-ratio.
    let count = |id: DocId| {
        let doc = c.document(id).unwrap_or_else(|e| panic!("{e}"));
        let words: Vec<&str> =
            doc.tokens.iter().filter(|t| t.kind == TokenKind::Word).map(|t| doc.token_text(t)).collect();
        (words.iter().filter(|w| **w == "天津").count() as f64, words.len() as f64)
    };
    let ((a, c1), (b, d)) = (count(d1), count(d0));
    assert_eq!((row.target_count as f64, row.reference_count as f64), (a, b));
    assert!(a > b, "{a} vs {b}");
    let (e1, e2) = (c1 * (a + b) / (c1 + d), d * (a + b) / (c1 + d));
    let term = |o: f64, e: f64| if o > 0.0 { o * (o / e).ln() } else { 0.0 };
    let g2 = 2.0 * (term(a, e1) + term(b, e2));
    assert!((row.g2 - g2).abs() < 1e-9, "{} vs {g2}", row.g2);
    let lr = ((a.max(0.5) / c1) / (b.max(0.5) / d)).log2();
    assert!((row.log_ratio - lr).abs() < 1e-9);
    assert!(row.g2 > 3.84);
    // The other way round it is underused.
    let r = textlens::keyness(&c, &KeynessOptions { target: 0, reference: Some(1), ..KeynessOptions::default() })
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(r.underused.iter().any(|k| k.term == "天津"));
    // Each against the rest: with two documents, the rest is the other one.
    let rest = textlens::keyness(&c, &KeynessOptions { target: 1, ..KeynessOptions::default() })
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(rest.overused.iter().any(|k| k.term == "天津"));
}

/// The UTF-16 code units of `text` from `start` to `end`, as a string.
fn utf16_slice(text: &str, start: u32, end: u32) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16(&units[start as usize..end as usize]).unwrap_or_else(|e| panic!("{e}"))
}

fn check_kwic_slices(c: &Corpus, query: &str, sort: KwicSort) -> usize {
    let r = textlens::kwic(c, &KwicOptions { query: query.into(), context: 5, sort, ..KwicOptions::default() })
        .unwrap_or_else(|e| panic!("{e}"));
    for l in &r.lines {
        let doc = c.document(DocId(l.doc)).unwrap_or_else(|e| panic!("{e}"));
        let text = &doc.text;
        assert_eq!(l.left.end, l.hit.start);
        assert_eq!(l.hit.end, l.right.start);
        assert_eq!(l.left.end16, l.hit.start16);
        assert_eq!(l.hit.end16, l.right.start16);
        for (loc, s) in [(l.left, &l.left_text), (l.hit, &l.hit_text), (l.right, &l.right_text)] {
            assert_eq!(&text[loc.start as usize..loc.end as usize], s.as_str());
            assert_eq!(&utf16_slice(text, loc.start16, loc.end16), s);
        }
        // The hit in the original text: the same words, perhaps with a line break the clean-up joined.
        let original = doc.original();
        let o = l.original.unwrap_or_else(|| panic!("no original place"));
        let squeeze = |s: &str| s.split_whitespace().collect::<String>();
        assert_eq!(squeeze(&original[o.start as usize..o.end as usize]), squeeze(&l.hit_text));
        assert_eq!(utf16_slice(&original, o.start16, o.end16), original[o.start as usize..o.end as usize]);
    }
    r.total
}

#[test]
fn kwic_lines_slice_the_text_exactly_with_emoji_and_cjk() {
    let text = "😀 上海合作组织峰会在天津举行。🇨🇳 天津👍很美！\n\n𠮷野家 and Tianjin 天津 😀 end. 天津";
    let c = corpus(&[text, "天津。"]);
    assert_eq!(check_kwic_slices(&c, "天津", KwicSort::Position), 5);
    assert_eq!(check_kwic_slices(&c, "天津", KwicSort::Left), 5);
    assert_eq!(check_kwic_slices(&c, "天津", KwicSort::Right), 5);
    assert!(check_kwic_slices(&c, "😀", KwicSort::Position) >= 1);
    assert_eq!(check_kwic_slices(&c, "tianjin", KwicSort::Position), 1);
    let seeds = seed_corpus();
    assert!(check_kwic_slices(&seeds, "上海合作组织", KwicSort::Right) > 5);
    assert!(check_kwic_slices(&seeds, "习近平", KwicSort::Left) > 5);
}

#[test]
fn kwic_total_matches_the_term_count() {
    let c = seed_corpus();
    let r = textlens::terms(&c, &TermOptions { limit: 30, ..TermOptions::default() })
        .unwrap_or_else(|e| panic!("{e}"));
    for row in &r.terms {
        let k = textlens::kwic(&c, &KwicOptions { query: row.term.clone(), ..KwicOptions::default() })
            .unwrap_or_else(|e| panic!("{e}"));
        // A single word typed back may be segmented the same way (it is a dictionary word).
        if k.terms == [row.term.clone()] {
            assert_eq!(k.total as u64, row.count, "{}", row.term);
        }
    }
}

#[test]
fn ngrams_on_seeds_do_not_cross_sentences() {
    let c = seed_corpus();
    let r = textlens::ngrams(&c, &textlens::NgramOptions { min_n: 2, max_n: 5, ..Default::default() })
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!r.truncated);
    assert!(r.ngrams.iter().any(|g| g.text.contains("上海合作组织")), "a recurring phrase with the SCO");
    let all = textlens::ngrams(&c, &textlens::NgramOptions { min_n: 2, max_n: 5, min_count: 1, ..Default::default() })
        .unwrap_or_else(|e| panic!("{e}"));
    let got: std::collections::BTreeMap<Vec<String>, u64> =
        all.ngrams.iter().map(|g| (g.terms.clone(), g.count)).collect();
    assert_eq!(got, direct_ngrams(&c, 2, 5), "every n-gram of the seeds, counted the simple way");
    for g in &r.ngrams {
        assert!(g.count >= 2 && (2..=5).contains(&g.n));
        assert!(!g.text.contains('。') && !g.text.contains('，') && !g.text.contains(','), "{}", g.text);
        assert_eq!(g.per_doc.iter().sum::<u64>(), g.count, "{}", g.text);
    }
}

#[test]
fn collocates_and_distribution_on_seeds() {
    let c = seed_corpus();
    let r = textlens::collocates(&c, &textlens::CollocateOptions { query: "峰会".into(), ..Default::default() })
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(r.node_count > 3);
    assert!(!r.collocates.is_empty());
    for w in r.collocates.windows(2) {
        assert!(w[0].log_likelihood >= w[1].log_likelihood);
    }
    let d = textlens::distribution(
        &c,
        &textlens::DistributionOptions { query: "天津".into(), bins: 20, ..Default::default() },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let k = textlens::kwic(&c, &KwicOptions { query: "天津".into(), ..KwicOptions::default() })
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(d.documents.iter().map(|x| x.count).sum::<u64>() as usize, k.total);
    for doc in &d.documents {
        assert_eq!(doc.bins.iter().sum::<u64>(), doc.count);
    }
}

/// A small RFC 4180 reader, written for this test.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(ch) = chars.next() {
        match (quoted, ch) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, _) => field.push(ch),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {
                chars.next();
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, _) => field.push(ch),
        }
    }
    assert!(field.is_empty() && row.is_empty(), "the last row ends with CRLF");
    rows
}

#[test]
fn csv_round_trips_with_chinese_intact() {
    let c = seed_corpus();
    let r = textlens::terms(&c, &TermOptions { limit: 200, ..TermOptions::default() })
        .unwrap_or_else(|e| panic!("{e}"));
    let csv = r.to_csv();
    let body = csv.strip_prefix('\u{FEFF}').unwrap_or_else(|| panic!("no BOM"));
    let rows = parse_csv(body);
    assert_eq!(rows[0][..3], ["term", "count", "rate_per_10k"]);
    assert_eq!(rows.len(), r.terms.len() + 1);
    for (row, t) in rows[1..].iter().zip(&r.terms) {
        assert_eq!(row[0], t.term);
        assert_eq!(row[1], t.count.to_string());
        assert_eq!(row.len(), 9 + r.documents.len());
    }
    let k = textlens::keyness(&c, &KeynessOptions { target: 1, ..KeynessOptions::default() })
        .unwrap_or_else(|e| panic!("{e}"));
    let rows = parse_csv(k.to_csv().trim_start_matches('\u{FEFF}'));
    assert!(rows.iter().any(|r| r[0] == "over" && r[1] == "天津"));
    let q = textlens::kwic(&c, &KwicOptions { query: "天津".into(), ..KwicOptions::default() })
        .unwrap_or_else(|e| panic!("{e}"));
    let rows = parse_csv(q.to_csv().trim_start_matches('\u{FEFF}'));
    for (row, l) in rows[1..].iter().zip(&q.lines) {
        assert_eq!((&row[1], &row[2], &row[3]), (&l.left_text, &l.hit_text, &l.right_text));
    }
}

#[test]
fn json_shape_is_camel_case() {
    let c = seed_corpus();
    let r =
        textlens::terms(&c, &TermOptions { limit: 3, ..TermOptions::default() }).unwrap_or_else(|e| panic!("{e}"));
    let v = serde_json::to_value(&r).unwrap_or_else(|e| panic!("{e}"));
    for key in ["version", "documents", "doc", "totalTokens", "shownTokens", "distinctTerms", "terms"] {
        assert!(v.get(key).is_some(), "{key}");
    }
    let row = &v["terms"][0];
    for key in ["term", "count", "rate", "df", "tfidf", "first", "last", "perDoc"] {
        assert!(row.get(key).is_some(), "{key}");
    }
    assert!(row["first"]["loc"].get("start16").is_some());
    let k = textlens::keyness(&c, &KeynessOptions { target: 1, ..KeynessOptions::default() })
        .unwrap_or_else(|e| panic!("{e}"));
    let v = serde_json::to_value(&k).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(v["overused"][0]["use"], "over");
    assert!(v["overused"][0].get("logRatio").is_some());
    // Options arrive from JS as camelCase JSON, filters flattened.
    let o: KeynessOptions = serde_json::from_str(
        r#"{"target":1,"reference":0,"alpha":0.01,"bonferroni":true,"stopwordLanguages":["zh"],"minLength":2}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((o.target, o.reference, o.filter.min_length), (1, Some(0), 2));
    let t: TermOptions =
        serde_json::from_str(r#"{"sort":"tfidf","doc":1,"search":"天"}"#).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((t.sort, t.doc), (TermSort::Tfidf, Some(1)));
}

#[test]
fn stopwords_hide_rows_but_keep_the_denominator() {
    let c = seed_corpus();
    let all = textlens::terms(&c, &TermOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let opts = TermOptions { stopword_languages: vec!["zh".into()], min_length: 2, ..TermOptions::default() };
    let r = textlens::terms(&c, &opts).unwrap_or_else(|e| panic!("{e}"));
    let zh = terms::stopwords::builtin("zh").unwrap_or_default();
    assert_eq!(r.total_tokens, all.total_tokens);
    assert_eq!(r.terms.iter().map(|t| t.count).sum::<u64>(), r.shown_tokens);
    for t in &r.terms {
        assert!(!zh.contains(&t.term.as_str()) && t.term.chars().count() >= 2, "{}", t.term);
        let same = all.terms.iter().find(|x| x.term == t.term).map(|x| x.rate);
        assert_eq!(same, Some(t.rate), "rates keep the full denominator");
    }
    let _ = FilterOptions::default();
}

/// N-grams counted the simple way: for each sentence, runs of Word tokens broken by any
/// other token that is not white space; every window of every run.
fn direct_ngrams(c: &Corpus, lo: usize, hi: usize) -> std::collections::BTreeMap<Vec<String>, u64> {
    let mut out = std::collections::BTreeMap::new();
    for doc in c.stored_documents() {
        let mut runs: Vec<Vec<String>> = Vec::new();
        for s in &doc.sentences {
            let mut run: Vec<String> = Vec::new();
            for t in doc.tokens.iter().filter(|t| t.span.start >= s.start && t.span.end <= s.end) {
                match t.kind {
                    TokenKind::Word => run.push(doc.token_text(t).to_lowercase()),
                    TokenKind::Space => {}
                    _ => runs.push(std::mem::take(&mut run)),
                }
            }
            runs.push(run);
        }
        for run in runs {
            for n in lo..=hi {
                for w in run.windows(n) {
                    *out.entry(w.to_vec()).or_insert(0) += 1;
                }
            }
        }
    }
    out
}

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

        #[test]
        fn counts_sum_and_kwic_slices(text in "[a-c 天津上海😀。,.\n]{1,80}") {
            prop_assume!(!text.trim().is_empty());
            let mut c = Corpus::new();
            prop_assume!(c.add_document("p", text.as_bytes()).is_ok());
            let r = textlens::terms(&c, &TermOptions { include_numbers: true, include_punct: true, ..TermOptions::default() })
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let doc = &c.stored_documents()[0];
            let non_space = doc.tokens.iter().filter(|t| t.kind != TokenKind::Space).count() as u64;
            prop_assert_eq!(r.terms.iter().map(|t| t.count).sum::<u64>(), non_space);
            prop_assert_eq!(r.total_tokens, non_space);
            for t in r.terms.iter().take(3) {
                check_kwic_slices(&c, &t.term, KwicSort::Left);
            }
        }

        #[test]
        fn ngrams_equal_a_direct_count(text in "[ab天津上海 。,.!\n]{1,120}", lo in 2usize..4, extra in 0usize..2) {
            prop_assume!(!text.trim().is_empty());
            let mut c = Corpus::new();
            prop_assume!(c.add_document("p", text.as_bytes()).is_ok());
            let hi = lo + extra;
            let r = textlens::ngrams(&c, &textlens::NgramOptions { min_n: lo, max_n: hi, min_count: 1, ..Default::default() })
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let got: std::collections::BTreeMap<Vec<String>, u64> = r.ngrams.iter().map(|g| (g.terms.clone(), g.count)).collect();
            prop_assert_eq!(got, direct_ngrams(&c, lo, hi));
        }
    }
}
