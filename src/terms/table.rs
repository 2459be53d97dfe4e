//! The term table in columns (the page's `termTable`): the rows of [`terms`] without their
//! positions, laid out as one column per field for the page's big tables.

use super::{terms, TermOptions};
use crate::corpus::Corpus;
use crate::error::Result;
use crate::report::TermTable;

/// The rows of [`terms`] with `options` as columns; positions (`first`/`last`) are not
/// computed, since a column table has no place for them.
///
/// # Errors
/// As [`terms`].
pub fn term_table(corpus: &Corpus, options: &TermOptions) -> Result<TermTable> {
    let options = TermOptions { positions: false, ..options.clone() };
    terms(corpus, &options).map(TermTable::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_columns_hold_the_rows_of_the_term_report() {
        let mut c = Corpus::new();
        for (name, text) in [("a.txt", "上海合作组织 the dog. 上海合作组织 a cat"), ("b.txt", "the dog and the 合作")] {
            c.add_document(name, text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        }
        let options = TermOptions { limit: 4, ..TermOptions::default() };
        let rows = terms(&c, &options).unwrap_or_else(|e| panic!("{e}"));
        let table = term_table(&c, &options).unwrap_or_else(|e| panic!("{e}"));
        let names: Vec<&str> = table.terms.split('\n').collect();
        assert_eq!(names, rows.terms.iter().map(|r| r.term.as_str()).collect::<Vec<_>>());
        assert_eq!(names.len(), 4);
        assert_eq!(table.count, rows.terms.iter().map(|r| r.count as f64).collect::<Vec<_>>());
        assert_eq!(table.df, rows.terms.iter().map(|r| r.df).collect::<Vec<_>>());
        assert_eq!(table.per_doc.len(), 4 * 2, "rows × documents");
        assert_eq!(table.per_doc[..2], [rows.terms[0].per_doc[0] as f64, rows.terms[0].per_doc[1] as f64]);
        assert_eq!((table.total_tokens, table.distinct_terms), (rows.total_tokens, rows.distinct_terms));
        assert_eq!(table.documents, rows.documents);
    }
}
