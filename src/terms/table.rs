//! The term table in columns (the page's `termTable`): the rows of [`terms`] without their
//! positions, laid out as one column per field for the page's big tables, with the counts
//! per document sparse.

use super::{term_rows, TermOptions};
use crate::corpus::Corpus;
use crate::error::Result;
use crate::report::TermTable;

/// The rows of [`terms`](super::terms) with `options` as columns, made from the compact rows
/// directly (no [`TermRow`](crate::report::TermRow) is made); positions (`first`/`last`)
/// are not computed, since a column table has no place for them. Calls `progress(done)`
/// (0 to 1) as it counts, document by document.
///
/// # Errors
/// As [`terms`](super::terms).
pub fn term_table(corpus: &Corpus, options: &TermOptions, progress: &mut dyn FnMut(f64)) -> Result<TermTable> {
    let options = TermOptions { positions: false, ..options.clone() };
    Ok(term_rows(corpus, &options, progress)?.into_table())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terms::terms;

    #[test]
    fn the_columns_hold_the_rows_of_the_term_report() {
        let mut c = Corpus::new();
        for (name, text) in [("a.txt", "上海合作组织 the dog. 上海合作组织 a cat"), ("b.txt", "the dog and the 合作")] {
            c.add_document(name, text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        }
        let options = TermOptions { limit: 4, ..TermOptions::default() };
        let rows = terms(&c, &options).unwrap_or_else(|e| panic!("{e}"));
        let mut reports = Vec::new();
        let table = term_table(&c, &options, &mut |done| reports.push(done)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(reports.first().copied(), Some(0.0));
        assert_eq!(reports.last().copied(), Some(1.0));
        assert!(reports.windows(2).all(|w| w[0] <= w[1]), "{reports:?}");
        let names: Vec<&str> = table.terms.split('\n').collect();
        assert_eq!(names, rows.terms.iter().map(|r| r.term.as_str()).collect::<Vec<_>>());
        assert_eq!(names.len(), 4);
        assert_eq!(table.count, rows.terms.iter().map(|r| r.count as f64).collect::<Vec<_>>());
        assert_eq!(table.df, rows.terms.iter().map(|r| r.df).collect::<Vec<_>>());
        // Sparse counts per document, row by row, equal the rows' dense ones.
        assert_eq!(table.per_doc_offsets.len(), 4 + 1);
        for (i, row) in rows.terms.iter().enumerate() {
            let (from, to) = (table.per_doc_offsets[i] as usize, table.per_doc_offsets[i + 1] as usize);
            let mut dense = vec![0u64; 2];
            for k in from..to {
                dense[table.per_doc_docs[k] as usize] = u64::from(table.per_doc_counts[k]);
            }
            assert_eq!(dense, row.per_doc, "{}", row.term);
        }
        assert_eq!((table.total_tokens, table.distinct_terms), (rows.total_tokens, rows.distinct_terms));
        assert_eq!(table.documents, rows.documents);
    }
}
