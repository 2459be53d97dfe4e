//! The term table before it is written (#11): one compact record per row (40 bytes: key,
//! counts, first and last place as index pairs), turned into a [`TermRow`] (its text, its
//! places as [`TermPos`], its counts per document) only when the row is written. At 9 MB of
//! Chinese text the 133 000 records take 5 MB, where the `TermRow`s took 20 MB, and the
//! CLI writes `--json` and `--csv` row by row without ever holding them all.

use super::{term_pos, Lens, PerDocCounts, TermOptions};
use crate::corpus::Document;
use crate::csv::Csv;
use crate::report::{TermPos, TermReport, TermRow, TermTable};
use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

/// One row of the term table, compact: what [`TermRows::row`] makes a [`TermRow`] of.
#[derive(Clone, Copy, Debug)]
pub(super) struct Counted {
    /// Occurrences in scope.
    pub count: u64,
    /// The best tf-idf over the documents in scope.
    pub tfidf: f64,
    /// The key (see [`Lens`]).
    pub key: u32,
    /// Documents of the corpus the key occurs in.
    pub df: u32,
    /// First and last occurrence in scope as (document index, token index); the
    /// document is `u32::MAX` when positions were not counted.
    pub first: (u32, u32),
    pub last: (u32, u32),
}

impl Counted {
    /// Key `key`, not seen yet.
    pub fn new(key: u32) -> Counted {
        Counted { count: 0, tfidf: 0.0, key, df: 0, first: (u32::MAX, 0), last: (u32::MAX, 0) }
    }
}

/// The rows of a [`TermReport`], sorted and cut to the limit, each made a [`TermRow`] when
/// asked for: [`row`](Self::row), or written one at a time as JSON (`Serialize`: exactly
/// the JSON of the collected report) or as CSV ([`csv_rows`](Self::csv_rows)). Made by
/// [`term_rows`](super::term_rows); [`into_report`](Self::into_report) collects them.
pub struct TermRows<'a> {
    /// Every field of the report but its rows (`terms` is empty).
    head: TermReport,
    lens: Lens<'a>,
    docs: &'a [Document],
    rows: Vec<Counted>,
    /// The counts per document of each row, sparse (empty unless asked for).
    per_doc: PerDocCounts,
    /// Whether each row carries its counts per document (`options.per_doc`).
    with_per_doc: bool,
    /// Whether each row carries its first and last place (`options.positions`).
    positions: bool,
}

impl<'a> TermRows<'a> {
    pub(super) fn new(
        head: TermReport,
        lens: Lens<'a>,
        rows: Vec<Counted>,
        per_doc: PerDocCounts,
        options: &TermOptions,
    ) -> TermRows<'a> {
        let docs = lens.corpus().stored_documents();
        TermRows { head, lens, docs, rows, per_doc, with_per_doc: options.per_doc, positions: options.positions }
    }

    /// Every field of the report but its rows (`terms` is empty).
    pub fn head(&self) -> &TermReport {
        &self.head
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Row `i` (from 0), as the report holds it.
    pub fn row(&self, i: usize) -> Option<TermRow> {
        self.rows.get(i).map(|r| self.make(i, r))
    }

    /// The rows in order.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = TermRow> + '_ {
        self.rows.iter().enumerate().map(|(i, r)| self.make(i, r))
    }

    /// Row `i`, whose record is `r`, made a [`TermRow`].
    fn make(&self, i: usize, r: &Counted) -> TermRow {
        let place = |(d, t): (u32, u32)| -> Option<TermPos> {
            self.docs.get(d as usize).filter(|_| self.positions).map(|doc| term_pos(doc, t as usize))
        };
        TermRow {
            term: self.lens.text(r.key).to_owned(),
            count: r.count,
            rate: r.count as f64 * 10_000.0 / self.head.total_tokens.max(1) as f64,
            df: r.df,
            tfidf: r.tfidf,
            first: place(r.first),
            last: place(r.last),
            per_doc: if self.with_per_doc { self.per_doc.dense_row(i, self.docs.len()) } else { Vec::new() },
        }
    }

    /// The report with every row made.
    pub fn into_report(self) -> TermReport {
        let terms = self.rows().collect();
        TermReport { terms, ..self.head }
    }

    /// The rows as columns, for the page's big tables: no row is made a [`TermRow`].
    pub fn into_table(self) -> TermTable {
        let mut terms = String::with_capacity(self.rows.len() * 8);
        for (i, r) in self.rows.iter().enumerate() {
            if i > 0 {
                terms.push('\n');
            }
            terms.push_str(self.lens.text(r.key));
        }
        let total = self.head.total_tokens.max(1) as f64;
        let column = |f: &dyn Fn(&Counted) -> f64| self.rows.iter().map(f).collect::<Vec<f64>>();
        let (count, rate, tfidf) =
            (column(&|r| r.count as f64), column(&|r| r.count as f64 * 10_000.0 / total), column(&|r| r.tfidf));
        let df = self.rows.iter().map(|r| r.df).collect();
        let TermReport { version, documents, doc, total_tokens, shown_tokens, distinct_terms, .. } = self.head;
        TermTable {
            version,
            documents,
            doc,
            total_tokens,
            shown_tokens,
            distinct_terms,
            terms,
            count,
            rate,
            df,
            tfidf,
            per_doc_offsets: self.per_doc.offsets,
            per_doc_docs: self.per_doc.docs,
            per_doc_counts: self.per_doc.counts,
        }
    }

    /// The table as CSV (what [`ToCsv`](super::ToCsv) gives for the collected report), in
    /// pieces: the header row, starting with the BOM, then one piece per row.
    pub fn csv_rows(&self) -> impl Iterator<Item = String> + '_ {
        let mut csv = Csv::new();
        // The collected report has document columns when its rows carry counts per document.
        let with_docs = self.with_per_doc && !self.rows.is_empty() && !self.docs.is_empty();
        super::csv::term_header(&mut csv, &self.head.documents, with_docs);
        let header = csv.take();
        std::iter::once(header).chain(self.rows().map(move |row| {
            super::csv::term_row(&mut csv, &row);
            csv.take()
        }))
    }
}

/// Exactly the JSON of [`TermRows::into_report`]'s [`TermReport`], each row made as it is written.
impl Serialize for TermRows<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let h = &self.head;
        let mut s = serializer.serialize_struct("TermReport", 7)?;
        s.serialize_field("version", &h.version)?;
        s.serialize_field("documents", &h.documents)?;
        s.serialize_field("doc", &h.doc)?;
        s.serialize_field("totalTokens", &h.total_tokens)?;
        s.serialize_field("shownTokens", &h.shown_tokens)?;
        s.serialize_field("distinctTerms", &h.distinct_terms)?;
        s.serialize_field("terms", &Lazy(self))?;
        s.end()
    }
}

/// The rows of a [`TermRows`] as a JSON array, made one at a time.
struct Lazy<'r, 'a>(&'r TermRows<'a>);

impl Serialize for Lazy<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for row in self.0.rows() {
            seq.serialize_element(&row)?;
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::super::{term_rows, terms, TermSort, ToCsv};
    use super::*;
    use crate::corpus::Corpus;

    /// The two seed newspaper pages (the same Xinhua story, edited).
    fn seeds() -> Corpus {
        let mut c = Corpus::new();
        for (name, text) in [
            ("seed_000.txt", include_str!("../../tests/fixtures/snapshots/seed_000.txt")),
            ("seed_001.txt", include_str!("../../tests/fixtures/snapshots/seed_001.txt")),
        ] {
            c.add_document(name, text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        }
        c.refresh_discovery();
        c
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
            assert_eq!(rows.into_report(), report);
        }
        // The cases are real: the whole table has the names whole, in both documents.
        let all = terms(&c, &TermOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        let sco = all.terms.iter().find(|t| t.term == "上海合作组织").map(|t| (t.df, t.per_doc.len(), t.first.is_some()));
        assert_eq!(sco, Some((2, 2, true)));
    }

    #[test]
    fn a_record_is_forty_bytes() {
        assert_eq!(std::mem::size_of::<Counted>(), 40);
    }
}
