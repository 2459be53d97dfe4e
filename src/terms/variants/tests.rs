//! Variant groups on small texts and on the seeds.

use super::*;

#[test]
fn abbreviation_candidates() {
    assert_eq!(abbreviations(&["上海", "合作", "组织"]), ["上合组织", "上合组", "上合"]);
    assert_eq!(abbreviations(&["北京", "大学"]), ["北大"]);
    assert_eq!(abbreviations(&["中国", "共产党"]), ["中共"]);
    assert!(abbreviations(&["组织"]).is_empty());
}

fn corpus(texts: &[&str]) -> Corpus {
    let mut c = Corpus::new();
    for (i, t) in texts.iter().enumerate() {
        let _ = c.add_document(&format!("d{i}"), t.as_bytes());
    }
    c
}

#[test]
fn abbreviation_must_be_introduced() {
    let c = corpus(&["上海合作组织成立。上合组织峰会在天津举行，上合组织成员国"]);
    let v = variants(&c, &VariantOptions::default());
    let g = v.group_of("上合组织").map(|g| (g.head.clone(), g.count));
    assert_eq!(g, Some(("上海合作组织".to_owned(), 3)));
    // Short form first and the full name never before it: not grouped.
    let c = corpus(&["上合组织峰会。", "另一篇：上合组织。"]);
    assert!(variants(&c, &VariantOptions::default()).group_of("上合组织").is_none());
}

#[test]
fn script_and_width() {
    let c = corpus(&["組織和组织，ＳＣＯ与SCO。"]);
    let v = variants(&c, &VariantOptions::default());
    let kinds = |w: &str| v.group_of(w).map(|g| g.forms.iter().map(|f| (f.text.clone(), f.kind)).collect::<Vec<_>>());
    let org = kinds("组织").unwrap_or_default();
    assert_eq!(org.len(), 2, "{org:?}");
    let mut k: Vec<VariantKind> = org.iter().map(|f| f.1).collect();
    k.sort();
    assert_eq!(k, [VariantKind::Head, VariantKind::Script], "{org:?}");
    let sco = kinds("SCO").unwrap_or_default();
    assert_eq!(sco.len(), 2, "{sco:?}");
    let off = variants(&c, &VariantOptions { abbreviations: false, script: false, width: false, per_doc: true });
    assert!(off.groups.is_empty());
}

#[test]
fn forms_differing_in_case_are_counted_apart() {
    // One term (putin) in the vocabulary; three written forms, each counted as written.
    let c = corpus(&["Putin met putin and PUTIN.", "putin, Ｐｕｔｉｎ"]);
    let v = variants(&c, &VariantOptions::default());
    let forms: Vec<(String, u64, Vec<u64>)> = v
        .group_of("putin")
        .map(|g| g.forms.iter().map(|f| (f.text.clone(), f.count, f.per_doc.clone())).collect())
        .unwrap_or_default();
    assert_eq!(
        forms,
        [
            ("putin".to_owned(), 2, vec![1, 1]),
            ("PUTIN".to_owned(), 1, vec![1, 0]),
            ("Putin".to_owned(), 1, vec![1, 0]),
            ("Ｐｕｔｉｎ".to_owned(), 1, vec![0, 1]),
        ]
    );
}

#[test]
fn progress_rises_to_one_and_changes_nothing() {
    let mut c = Corpus::new();
    for f in ["000_61b16b637bcca7d8.txt", "001_242e04c1848bbad0.txt"] {
        let path = format!("{}/../shared/corpus/seeds/{f}", env!("CARGO_MANIFEST_DIR"));
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        c.add_document(f, &bytes).unwrap_or_else(|e| panic!("{e}"));
    }
    let mut seen = Vec::new();
    let with = variants_with_progress(&c, &VariantOptions::default(), &mut |done| seen.push(done));
    assert_eq!(with, variants(&c, &VariantOptions::default()));
    // Without counts per document: the same groups and totals, no per-document rows.
    let totals = variants(&c, &VariantOptions { per_doc: false, ..VariantOptions::default() });
    let strip = |v: &Variants| -> Vec<(String, Vec<(String, u64)>)> {
        v.groups.iter().map(|g| (g.head.clone(), g.forms.iter().map(|f| (f.text.clone(), f.count)).collect())).collect()
    };
    assert_eq!(strip(&totals), strip(&with));
    assert!(with.groups.iter().all(|g| g.forms.iter().all(|f| f.per_doc.len() == 2)));
    assert!(totals.groups.iter().all(|g| g.forms.iter().all(|f| f.per_doc.is_empty())));
    assert!(with.group_of("上合组织").is_some(), "{:?}", with.groups.iter().map(|g| &g.head).collect::<Vec<_>>());
    assert_eq!((seen.first().copied(), seen.last().copied()), (Some(0.0), Some(1.0)));
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
}
