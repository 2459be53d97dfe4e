//! The core never panics on input (a panic in wasm kills the worker): arbitrary
//! bytes and odd option values go through every analysis, and each either
//! answers or returns an error.

use proptest::prelude::*;
use textlens::report::KwicSort;
use textlens::{
    CollocateOptions, CompareOptions, Corpus, DistributionOptions, FilterOptions, Granularity, KeynessOptions,
    KwicOptions, NgramOptions, ReuseOptions, TermOptions,
};

/// Text that exercises the tricky paths: mixed scripts, 4-byte characters,
/// line breaks inside sentences, markup, entities, invalid UTF-8 bytes.
fn messy_bytes() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just("上海合作组织".as_bytes().to_vec()),
        Just("。".as_bytes().to_vec()),
        Just("New York".as_bytes().to_vec()),
        Just("😀".as_bytes().to_vec()),
        Just(b"\n\n".to_vec()),
        Just(b"-\n".to_vec()),
        Just(b"<p>&amp;&#x1F600;&#0;</p>".to_vec()),
        Just(vec![0xFF, 0xFE]),
        Just(vec![0xE4, 0xB8]),
        "[a-c 天津上海。,.\n\t]{0,12}".prop_map(String::into_bytes),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn no_analysis_panics(
        docs in prop::collection::vec(messy_bytes(), 1..4),
        query in "[a-c 天津上海😀]{0,6}",
        small in 0usize..6,
        wide in 0usize..200,
        char_level in any::<bool>(),
        flag in any::<bool>(),
    ) {
        let mut corpus = Corpus::new();
        for (i, bytes) in docs.iter().enumerate() {
            let name = if i % 2 == 1 { format!("d{i}.html") } else { format!("d{i}.txt") };
            let _ = corpus.add_document(&name, bytes);
        }
        let filter = FilterOptions { min_length: small, fold_width: flag, include_punct: flag, ..FilterOptions::default() };
        let doc = (small % 3 == 2).then_some(small as u32);
        let terms = textlens::terms(&corpus, &TermOptions { min_length: small, fold_width: flag, include_punct: flag, limit: small, ..TermOptions::default() });
        prop_assert_eq!(terms.is_ok(), small >= 1, "only minLength 0 is an error");
        let _ = textlens::terms(&corpus, &TermOptions { doc, ..TermOptions::default() });
        for sort in [KwicSort::Position, KwicSort::Left, KwicSort::Right] {
            let o = KwicOptions { query: query.clone(), context: wide, sort, original: flag, limit: small, ..KwicOptions::default() };
            let _ = textlens::kwic(&corpus, &o);
        }
        let _ = textlens::ngrams(&corpus, &NgramOptions { filter: filter.clone(), min_n: small, max_n: small + 1, min_count: 1, doc, ..NgramOptions::default() });
        let o = CollocateOptions { filter: filter.clone(), query: query.clone(), left: wide, right: small, min_count: 1, doc, ..CollocateOptions::default() };
        let _ = textlens::collocates(&corpus, &o);
        let o = KeynessOptions { filter, target: small as u32 % 4, reference: doc, alpha: 1.0, ..KeynessOptions::default() };
        let _ = textlens::keyness(&corpus, &o);
        let _ = textlens::distribution(&corpus, &DistributionOptions { query: query.clone(), bins: wide, ..DistributionOptions::default() });
        let n = corpus.stored_documents().len() as u32;
        for a in 0..n {
            for b in 0..n {
                let granularity = if char_level { Granularity::Character } else { Granularity::Word };
                let o = CompareOptions { granularity, min_move_units: small as u32, ignore_case: flag, ignore_width: flag, max_steps: flag.then_some(wide as u64), ..CompareOptions::default() };
                let _ = textlens::compare(&corpus, textlens::DocId(a), textlens::DocId(b), &o);
            }
        }
        let o = ReuseOptions { ngram: small, window: wide % 7, min_units: small * 2, ..ReuseOptions::default() };
        let _ = textlens::reuse(&corpus, &o);
    }
}
