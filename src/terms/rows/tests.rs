//! Tests of the term table's rows: counted plainly, first and last places found by scanning.

use super::super::{term_rows, terms, TermSort, ToCsv};
use super::*;
use crate::corpus::Corpus;

/// The two seed newspaper pages (the same Xinhua story, edited).
fn seeds() -> Corpus {
    let mut c = Corpus::new();
    for (name, text) in [
        ("seed_000.txt", include_str!("../../../tests/fixtures/snapshots/seed_000.txt")),
        ("seed_001.txt", include_str!("../../../tests/fixtures/snapshots/seed_001.txt")),
    ] {
        c.add_document(name, text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    }
    c.refresh_discovery();
    c
}

/// Five real documents that share many terms: the seeds, the head of one, and two
/// versions of a book's introduction (English).
fn five() -> Corpus {
    let mut c = seeds();
    for (name, text) in [
        ("seed_000_head.txt", include_str!("../../../tests/fixtures/snapshots/seed_000_head.txt")),
        ("book_intro_2024.md", include_str!("../../../tests/fixtures/snapshots/book_intro_2024.md")),
        ("book_intro_2025.md", include_str!("../../../tests/fixtures/snapshots/book_intro_2025.md")),
    ] {
        c.add_document(name, text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    }
    c.refresh_discovery();
    c
}

fn one() -> Corpus {
    let mut c = Corpus::new();
    c.add_document("seed_000_head.txt", include_str!("../../../tests/fixtures/snapshots/seed_000_head.txt").as_bytes())
        .unwrap_or_else(|e| panic!("{e}"));
    c.refresh_discovery();
    c
}

/// The rows of the term table counted the plain way: a map of counts per document, the
/// best tf-idf over the documents in scope, every row sorted, then cut.
fn counted_plainly(c: &Corpus, o: &TermOptions) -> Vec<(String, u64, u32, f64, Vec<u64>)> {
    use std::collections::HashMap;
    let lens = Lens::new(c, &o.filter()).unwrap_or_else(|e| panic!("{e}"));
    let docs = c.stored_documents();
    let per_doc: Vec<(HashMap<u32, u64>, u64)> = docs
        .iter()
        .map(|d| {
            let mut m = HashMap::new();
            let mut n = 0;
            for t in d.tokens.iter() {
                if let Some(k) = lens.counted(&t) {
                    *m.entry(k).or_insert(0) += 1;
                    n += 1;
                }
            }
            (m, n)
        })
        .collect();
    let scope = |i: usize| o.doc.map_or(true, |id| docs[i].id.0 == id);
    let needle = key_text(o.search.trim(), o.fold_width);
    let mut rows: Vec<(String, u64, u32, f64, Vec<u64>)> = Vec::new();
    for k in 0..lens.n_keys() as u32 {
        let df = per_doc.iter().filter(|(m, _)| m.contains_key(&k)).count() as u32;
        let (mut count, mut tfidf) = (0, 0.0f64);
        for (i, (m, n)) in per_doc.iter().enumerate() {
            if let Some(&n_k) = m.get(&k).filter(|_| scope(i)) {
                count += n_k;
                tfidf = tfidf.max(n_k as f64 / (*n).max(1) as f64 * idf(docs.len(), df));
            }
        }
        if count > 0 && lens.shown(k) && lens.text(k).contains(needle.as_str()) {
            let dense = per_doc.iter().map(|(m, _)| m.get(&k).copied().unwrap_or(0)).collect();
            rows.push((lens.text(k).to_owned(), count, df, tfidf, dense));
        }
    }
    rows.sort_by(|a, b| match o.sort {
        TermSort::Count => b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)),
        TermSort::Tfidf => b.3.total_cmp(&a.3).then_with(|| a.0.cmp(&b.0)),
        TermSort::Df => b.2.cmp(&a.2).then_with(|| b.1.cmp(&a.1)).then_with(|| a.0.cmp(&b.0)),
        TermSort::Term | TermSort::Position => a.0.cmp(&b.0),
    });
    if o.limit > 0 {
        rows.truncate(o.limit);
    }
    rows
}

#[test]
fn the_rows_are_those_counted_plainly() {
    // One document takes a shortcut for its counts per document: it is counted plainly too.
    let five = five();
    for c in [&five, &one()] {
        rows_are_counted_plainly(c);
    }
    // The cases are real: terms shared by several documents, in documents side by side.
    let all = counted_plainly(&five, &TermOptions { positions: false, ..TermOptions::default() });
    assert!(all.iter().any(|r| r.0 == "上海合作组织" && r.2 == 3), "the seeds and the head of one");
    assert!(all.iter().filter(|r| r.2 >= 2).count() > 100);
}

/// Each row's first and last place is the first and last token of its key in scope, found
/// by scanning: with no limit (the places are kept by key) and with one (copied by row).
#[test]
fn first_and_last_places_are_those_found_by_scanning() {
    for c in [&five(), &one()] {
        let last_doc = c.stored_documents().last().map(|d| d.id.0);
        for o in [
            TermOptions { limit: 0, ..TermOptions::default() },
            TermOptions { limit: 9, ..TermOptions::default() },
            TermOptions { limit: 0, doc: last_doc, ..TermOptions::default() },
            TermOptions { sort: TermSort::Position, limit: 0, include_punct: true, ..TermOptions::default() },
        ] {
            let lens = Lens::new(c, &o.filter()).unwrap_or_else(|e| panic!("{e}"));
            let docs = c.stored_documents();
            let mut found: std::collections::HashMap<&str, (TermPos, TermPos)> = Default::default();
            for doc in docs.iter().filter(|d| o.doc.map_or(true, |id| d.id.0 == id)) {
                for (i, t) in doc.tokens.iter().enumerate() {
                    let Some(k) = lens.counted(&t) else { continue };
                    let here = term_pos(doc, i);
                    found.entry(lens.text(k)).and_modify(|p| p.1 = here).or_insert((here, here));
                }
            }
            let report = terms(c, &o).unwrap_or_else(|e| panic!("{e}"));
            assert!(report.terms.len() > 5);
            for row in &report.terms {
                let (first, last) = found.get(row.term.as_str()).unwrap_or_else(|| panic!("{} not found", row.term));
                assert_eq!((row.first.as_ref(), row.last.as_ref()), (Some(first), Some(last)), "{} with {o:?}", row.term);
            }
            if o.limit == 0 {
                assert!(report.terms.len() * 2 >= lens.n_keys() || o.doc.is_some(), "the places kept by key are tested");
            }
        }
    }
}

fn rows_are_counted_plainly(c: &Corpus) {
    let ids: Vec<u32> = c.stored_documents().iter().map(|d| d.id.0).collect();
    let base = TermOptions { positions: false, ..TermOptions::default() };
    let cases = [
        base.clone(),
        TermOptions { limit: 200, per_doc: false, ..base.clone() },
        TermOptions { sort: TermSort::Tfidf, limit: 40, ..base.clone() },
        TermOptions { sort: TermSort::Df, include_numbers: true, ..base.clone() },
        TermOptions { sort: TermSort::Term, include_punct: true, min_length: 2, ..base.clone() },
        TermOptions { doc: ids.get(3).copied(), sort: TermSort::Tfidf, ..base.clone() },
        TermOptions { doc: ids.first().copied(), limit: 7, ..base.clone() },
        TermOptions { stopword_languages: vec!["zh".into(), "en".into()], fold_width: true, ..base.clone() },
        TermOptions { search: "合作".into(), ..base.clone() },
    ];
    for o in &cases {
        let want = counted_plainly(c, o);
        let got = terms(c, o).unwrap_or_else(|e| panic!("{e}"));
        let got: Vec<_> = got.terms.into_iter().map(|r| (r.term, r.count, r.df, r.tfidf, r.per_doc)).collect();
        let want_per_doc = |w: &(String, u64, u32, f64, Vec<u64>)| if o.per_doc { w.4.clone() } else { Vec::new() };
        let want: Vec<_> = want.iter().map(|w| (w.0.clone(), w.1, w.2, w.3, want_per_doc(w))).collect();
        assert_eq!(got.len(), want.len(), "{o:?}");
        for (g, w) in got.iter().zip(&want) {
            // The tf-idf bit for bit: the best product is the product of the best.
            assert!(g.0 == w.0 && g.1 == w.1 && g.2 == w.2 && g.3.to_bits() == w.3.to_bits() && g.4 == w.4, "{o:?}: {g:?} != {w:?}");
        }
    }
}

#[test]
fn the_columns_of_the_term_table_are_the_rows_of_the_report() {
    for c in [five(), one()] {
        columns_are_rows(&c);
    }
}

fn columns_are_rows(c: &Corpus) {
    let ids: Vec<u32> = c.stored_documents().iter().map(|d| d.id.0).collect();
    let cases = [
        TermOptions::default(),
        TermOptions { sort: TermSort::Tfidf, stopword_languages: vec!["zh".into(), "en".into()], ..TermOptions::default() },
        TermOptions { sort: TermSort::Position, limit: 30, include_punct: true, ..TermOptions::default() },
        TermOptions { doc: ids.get(1).copied(), sort: TermSort::Df, ..TermOptions::default() },
        TermOptions { per_doc: false, limit: 200, ..TermOptions::default() },
        TermOptions { group_variants: true, fold_width: true, ..TermOptions::default() },
        TermOptions { search: "no such term".into(), ..TermOptions::default() },
    ];
    for o in &cases {
        let report = terms(c, &TermOptions { positions: false, ..o.clone() }).unwrap_or_else(|e| panic!("{e}"));
        let table = super::super::term_table(c, o, &mut |_| {}).unwrap_or_else(|e| panic!("{e}"));
        let names: Vec<String> = report.terms.iter().map(|r| r.term.clone()).collect();
        assert_eq!(table.terms, names.join("\n"), "{o:?}");
        let column = |f: &dyn Fn(&TermRow) -> f64| report.terms.iter().map(|r| f(r).to_bits()).collect::<Vec<_>>();
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&table.count), column(&|r| r.count as f64), "{o:?}");
        assert_eq!(bits(&table.rate), column(&|r| r.rate), "{o:?}");
        assert_eq!(bits(&table.tfidf), column(&|r| r.tfidf), "{o:?}");
        assert_eq!(table.df, report.terms.iter().map(|r| r.df).collect::<Vec<_>>(), "{o:?}");
        let (head, n) = (TermReport { terms: Vec::new(), ..report.clone() }, report.terms.len());
        assert_eq!((table.version, &table.documents, table.doc), (head.version, &head.documents, head.doc));
        assert_eq!((table.total_tokens, table.shown_tokens, table.distinct_terms), (head.total_tokens, head.shown_tokens, head.distinct_terms));
        if !o.per_doc {
            assert!(table.per_doc_offsets.is_empty() && table.per_doc_docs.is_empty() && table.per_doc_counts.is_empty());
            continue;
        }
        assert_eq!(table.per_doc_offsets.len(), n + 1, "{o:?}");
        let sparse = PerDocCounts {
            offsets: table.per_doc_offsets.clone(),
            docs: table.per_doc_docs.clone(),
            counts: table.per_doc_counts.clone(),
        };
        for (i, row) in report.terms.iter().enumerate() {
            assert_eq!(sparse.dense_row(i, ids.len()), row.per_doc, "{o:?} {}", row.term);
        }
    }
}

#[test]
fn written_row_by_row_the_json_and_csv_are_the_collected_reports() {
    let c = seeds();
    let cases = [
        TermOptions::default(),
        TermOptions { doc: Some(1), sort: TermSort::Position, ..TermOptions::default() },
        TermOptions { sort: TermSort::Tfidf, limit: 25, per_doc: false, ..TermOptions::default() },
        TermOptions { sort: TermSort::Df, positions: false, include_punct: true, ..TermOptions::default() },
        TermOptions { sort: TermSort::Term, group_variants: true, fold_width: true, ..TermOptions::default() },
        TermOptions { search: "no such term".into(), ..TermOptions::default() },
    ];
    for options in &cases {
        let rows = term_rows(&c, options, &mut |_| {}).unwrap_or_else(|e| panic!("{e}"));
        let report = terms(&c, options).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(rows.len(), report.terms.len());
        let streamed = serde_json::to_string_pretty(&rows).unwrap_or_else(|e| panic!("{e}"));
        let collected = serde_json::to_string_pretty(&report).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(streamed, collected, "{options:?}");
        // Compact too (the Python binding's JSON).
        let (streamed, collected) = (serde_json::to_string(&rows).ok(), serde_json::to_string(&report).ok());
        assert!(streamed.is_some() && streamed == collected, "{options:?}");
        let pieces: Vec<String> = rows.csv_rows().collect();
        assert_eq!(pieces.len(), rows.len() + 1, "the header, then one piece a row");
        assert_eq!(pieces.concat(), report.to_csv(), "{options:?}");
        assert_eq!(crate::terms::terms_csv(&c, options).ok(), Some(report.to_csv()), "{options:?}");
        let lazy = crate::terms::terms_lazy(&c, options).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(serde_json::to_string(&lazy).ok(), serde_json::to_string(&report).ok(), "{options:?}");
        assert_eq!(rows.into_report(), report);
    }
    // The cases are real: the whole table has the names whole, in both documents.
    let all = terms(&c, &TermOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let sco = all.terms.iter().find(|t| t.term == "上海合作组织").map(|t| (t.df, t.per_doc.len(), t.first.is_some()));
    assert_eq!(sco, Some((2, 2, true)));
}
