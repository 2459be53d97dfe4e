//! Variant grouping on the seed pair (../shared/corpus/seeds/): the organisation's
//! full name and the abbreviation the pages introduce are one group, each form counted
//! (issue #14, `src/terms/variants.rs`).

use textlens::terms::{variants, VariantOptions};
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
    let v = variants(&c, &VariantOptions::default());
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
    let off = VariantOptions { abbreviations: false, script: false, width: false, per_doc: true };
    assert!(variants(&c, &off).groups.is_empty());
}

#[test]
fn grouped_term_table_kwic_and_distribution_follow_the_group() {
    use textlens::terms::{distribution, kwic, terms, DistributionOptions, KwicOptions, TermOptions};
    let (c, _) = seeds();
    let count = |group: bool, term: &str| {
        let r = terms(&c, &TermOptions { group_variants: group, ..TermOptions::default() })
            .unwrap_or_else(|e| panic!("{e}"));
        r.terms.iter().find(|t| t.term == term).map_or(0, |t| t.count)
    };
    let (full, short) = (count(false, "上海合作组织"), count(false, "上合"));
    assert_eq!(full, 18);
    assert!(short > 10, "{short}");
    assert_eq!(count(true, "上海合作组织"), full + short, "上合 counted with its full name");
    assert_eq!(count(true, "上合"), 0, "no row of its own");
    let hits = |group: bool| {
        kwic(&c, &KwicOptions { query: "上海合作组织".into(), group_variants: group, ..KwicOptions::default() })
            .map(|r| r.total)
            .unwrap_or_else(|e| panic!("{e}"))
    };
    assert_eq!(hits(false) as u64, full);
    assert_eq!(hits(true) as u64, full + short);
    let spread = |group: bool| -> u64 {
        distribution(&c, &DistributionOptions { query: "上海合作组织".into(), group_variants: group, ..Default::default() })
            .map(|r| r.documents.iter().map(|d| d.count).sum())
            .unwrap_or_else(|e| panic!("{e}"))
    };
    assert_eq!(spread(true), full + short);
}

#[test]
fn names_list_of_the_seed_pair() {
    use textlens::segment::names::NameKind;
    use textlens::terms::{names, NameOptions};
    let (c, texts) = seeds();
    let r = names(&c, &NameOptions::default());
    let row = |n: &str| r.names.iter().find(|x| x.name == n).map(|x| (x.kind, x.per_doc.clone()));
    let per_doc = |n: &str| texts.iter().map(|t| t.matches(n).count() as u64).collect::<Vec<_>>();
    for person in ["呼日勒苏赫", "郭嘉昆", "习近平", "杨依军", "丁海涛", "魏彧"] {
        assert_eq!(row(person), Some((NameKind::Person, per_doc(person))), "{person}");
    }
    assert_eq!(row("上海合作组织"), Some((NameKind::Organisation, per_doc("上海合作组织"))));
    assert_eq!(row("天津").map(|r| r.0), Some(NameKind::Place));
    let people = names(&c, &NameOptions { kind: Some(NameKind::Person), limit: 0 });
    assert!(people.names.iter().all(|n| n.kind == NameKind::Person) && people.names.len() > 10);
}
