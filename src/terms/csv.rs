//! CSV export of every terms table, through the crate's one writer
//! ([`crate::csv`]: RFC 4180, CRLF, UTF-8 with a BOM, no cell starts a
//! formula). JSON export is the reports' serde form.

use crate::report::{
    CollocateReport, DistributionReport, DocRef, KeyRow, KeyUse, KeynessReport, KwicReport, NgramReport, TermReport,
    TermRow,
};

pub use crate::csv::BOM;
use crate::csv::Csv;

/// A report that can be written as one CSV table.
pub trait ToCsv {
    /// The table as CSV text, starting with [`BOM`].
    fn to_csv(&self) -> String;
}

impl ToCsv for TermReport {
    fn to_csv(&self) -> String {
        let mut csv = Csv::new();
        term_header(&mut csv, &self.documents, self.terms.iter().any(|t| !t.per_doc.is_empty()));
        for t in &self.terms {
            term_row(&mut csv, t);
        }
        csv.finish()
    }
}

/// The header row of a term table; a column per document when `per_doc`.
pub(super) fn term_header(csv: &mut Csv, documents: &[DocRef], per_doc: bool) {
    for h in ["term", "count", "rate_per_10k", "df", "tfidf", "first_doc", "first_start", "last_doc", "last_start"] {
        csv.field(h);
    }
    if per_doc {
        for d in documents {
            csv.field(&d.name);
        }
    }
    csv.end();
}

/// One row of a term table.
pub(super) fn term_row(csv: &mut Csv, t: &TermRow) {
    csv.field(&t.term).num(t.count).num(t.rate).num(t.df).num(t.tfidf);
    for place in [t.first, t.last] {
        match place {
            Some(p) => csv.num(p.doc).num(p.loc.start),
            None => csv.field("").field(""),
        };
    }
    for c in &t.per_doc {
        csv.num(c);
    }
    csv.end();
}

fn key_row(csv: &mut Csv, r: &KeyRow) {
    let dir = match r.use_ {
        KeyUse::Over => "over",
        KeyUse::Under => "under",
    };
    csv.field(dir).field(&r.term).num(r.target_count).num(r.reference_count);
    csv.num(r.target_rate).num(r.reference_rate).num(r.g2).num(r.log_ratio).num(r.p).end();
}

impl ToCsv for KeynessReport {
    fn to_csv(&self) -> String {
        let mut csv = Csv::new();
        csv.row(&[
            "use",
            "term",
            "target_count",
            "reference_count",
            "target_rate_per_10k",
            "reference_rate_per_10k",
            "g2",
            "log_ratio",
            "p",
        ]);
        for r in self.overused.iter().chain(&self.underused) {
            key_row(&mut csv, r);
        }
        csv.finish()
    }
}

impl ToCsv for NgramReport {
    fn to_csv(&self) -> String {
        let mut csv = Csv::new();
        csv.field("ngram").field("terms").field("n").field("count").field("df");
        for d in &self.documents {
            csv.field(&d.name);
        }
        csv.end();
        for g in &self.ngrams {
            csv.field(&g.text).field(&g.terms.join(" ")).num(g.n).num(g.count).num(g.df);
            for c in &g.per_doc {
                csv.num(c);
            }
            csv.end();
        }
        csv.finish()
    }
}

impl ToCsv for CollocateReport {
    fn to_csv(&self) -> String {
        let mut csv = Csv::new();
        csv.row(&["term", "count", "left", "right", "frequency", "log_likelihood", "mi"]);
        for r in &self.collocates {
            csv.field(&r.term).num(r.count).num(r.left).num(r.right).num(r.frequency);
            csv.num(r.log_likelihood).num(r.mi).end();
        }
        csv.finish()
    }
}

impl ToCsv for KwicReport {
    fn to_csv(&self) -> String {
        let mut csv = Csv::new();
        csv.row(&["document", "left", "hit", "right", "start", "end", "start16", "end16"]);
        for l in &self.lines {
            let name = self.documents.iter().find(|d| d.id == l.doc).map_or("", |d| d.name.as_str());
            csv.field(name).field(&l.left_text).field(&l.hit_text).field(&l.right_text);
            csv.num(l.hit.start).num(l.hit.end).num(l.hit.start16).num(l.hit.end16).end();
        }
        csv.finish()
    }
}

impl ToCsv for DistributionReport {
    fn to_csv(&self) -> String {
        let mut csv = Csv::new();
        csv.field("document").field("count").field("rate_per_10k");
        for b in 1..=self.bins {
            csv.field(&format!("bin{b}"));
        }
        csv.end();
        for d in &self.documents {
            csv.field(&d.name).num(d.count).num(d.rate);
            for c in &d.bins {
                csv.num(c);
            }
            csv.end();
        }
        csv.finish()
    }
}
