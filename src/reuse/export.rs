//! The reuse report's tables as CSV, written with the crate's one writer ([`crate::csv`]): the page's
//! `reuseCsv` and `textlens reuse --csv`.

use crate::error::{Error, Result};
use crate::report::ReuseReport;

/// The reuse table `table` as CSV — `clusters` (one row per member) or `matrix`
/// (containment between documents); the page's `reuseCsv` and `textlens reuse --csv`.
pub fn csv(report: &ReuseReport, table: &str) -> Result<String> {
    match table {
        "clusters" => Ok(clusters_csv(report)),
        "matrix" => Ok(matrix_csv(report)),
        other => Err(Error::invalid_option(format!("no reuse table `{other}`: use clusters or matrix"))),
    }
}

/// The matrix as CSV (the crate's one writer, [`crate::csv`]): a header of
/// document names, then one row per document (display order) with its
/// containment in every other document.
pub fn matrix_csv(report: &ReuseReport) -> String {
    let mut csv = crate::csv::Csv::new();
    let name = |i: u32| report.documents.get(i as usize).map_or("", |d| d.name.as_str());
    csv.field("document");
    for &j in &report.matrix.order {
        csv.field(name(j));
    }
    csv.end();
    for &i in &report.matrix.order {
        csv.field(name(i));
        for &j in &report.matrix.order {
            csv.num(report.matrix.containment.get(i as usize).and_then(|r| r.get(j as usize)).copied().unwrap_or(0.0));
        }
        csv.end();
    }
    csv.finish()
}

/// The clusters as CSV (the crate's one writer, [`crate::csv`]): one row per member.
pub fn clusters_csv(report: &ReuseReport) -> String {
    let mut csv = crate::csv::Csv::new();
    csv.row(&["cluster", "documents", "reference", "doc", "name", "start", "end", "units", "samePercent", "variants", "text"]);
    for c in &report.clusters {
        for (i, m) in c.members.iter().enumerate() {
            let name = report.documents.iter().find(|d| d.id == m.doc).map_or("", |d| d.name.as_str());
            csv.num(c.id).num(c.documents).bool(i as u32 == c.reference).num(m.doc).field(name);
            csv.num(m.loc.start).num(m.loc.end).num(m.units).num(m.same_percent).num(m.variants.len()).field(&m.text).end();
        }
    }
    csv.finish()
}
