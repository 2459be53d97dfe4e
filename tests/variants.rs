//! Variant grouping on the seed pair (../shared/corpus/seeds/): the organisation's
//! full name and the abbreviation the pages introduce are one group, each form counted
//! (issue #14, `src/terms/variants.rs`).

use textlens::terms::{variant_groups, VariantOptions};
use textlens::Corpus;

const SEEDS: [&str; 2] = [
    concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/seeds/000_61b16b637bcca7d8.txt"),
    concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/seeds/001_242e04c1848bbad0.txt"),
];

fn seeds() -> (Corpus, Vec<String>) {
    let mut c = Corpus::new();
    let mut texts = Vec::new();
    for path in SEEDS {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        c.add_document(path, &bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
        texts.push(String::from_utf8(bytes).unwrap_or_default());
    }
    (c, texts)
}

#[test]
fn sco_full_name_and_abbreviation_are_one_group_on_the_seed_pair() {
    let (c, texts) = seeds();
    let v = variant_groups(&c, &VariantOptions::default());
    let g = v.group_of("上合组织").unwrap_or_else(|| panic!("上合组织 in no group: {:?}", v.groups));
    assert_eq!(g.head, "上海合作组织");
    let count = |form: &str| g.forms.iter().find(|f| f.text == form).map(|f| f.count);
    // Counted in the raw files with str::matches: 上海合作组织 7 + 11; 上合组织 never overlaps it.
    let full: u64 = texts.iter().map(|t| t.matches("上海合作组织").count() as u64).sum();
    let short: u64 = texts.iter().map(|t| t.matches("上合组织").count() as u64).sum();
    assert_eq!(full, 18);
    assert!(short >= 10, "{short}");
    assert_eq!(count("上海合作组织"), Some(full));
    assert_eq!(count("上合组织"), Some(short));
    // 上合 alone (迎上合, 上合印记) is a third form, not counted again inside 上合组织.
    let bare: u64 = texts.iter().map(|t| t.matches("上合").count() as u64).sum::<u64>() - short;
    assert_eq!(count("上合"), Some(bare));
    assert_eq!(g.count, full + short + bare);
    let per_doc: Vec<u64> = g.forms.iter().find(|f| f.text == "上合组织").map(|f| f.per_doc.clone()).unwrap_or_default();
    assert_eq!(per_doc.len(), 2);
    assert_eq!(per_doc.iter().sum::<u64>(), short);
}

#[test]
fn grouping_switched_off_finds_nothing() {
    let (c, _) = seeds();
    let off = VariantOptions { abbreviations: false, script: false, width: false };
    assert!(variant_groups(&c, &off).groups.is_empty());
}
