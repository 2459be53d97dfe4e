//! The term table in columns (the page's `termTable`): the rows of [`terms`](super::terms)
//! without their positions, one column per field for the page's big tables, with the counts
//! per document sparse. The columns are written to a [`ColumnSink`] one at a time, each from
//! the counts of the keys as it is written, so that no column of the whole table is held beside
//! them (#11): the page's sink copies each into a JS typed array, a slice at a time. Only the
//! two columns of cells (a document and a count each) are made whole, one after the other,
//! since their cells are placed document by document.

use super::rows;
use super::{Cell, PerDocCounts, TermOptions};
use crate::corpus::Corpus;
use crate::error::Result;
use crate::report::{TermReport, TermTable};

/// A column of the term table, named as on the wire (the fields of [`TermTable`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    /// The terms in row order, separated by `\n` (text).
    Terms,
    Count,
    Rate,
    /// Documents the term occurs in (integers).
    Df,
    Tfidf,
    /// Where each row's cells of counts per document start, then the number of cells (integers).
    PerDocOffsets,
    /// The document (an index into `documents`) of each cell (integers).
    PerDocDocs,
    /// The count of each cell (integers).
    PerDocCounts,
}

impl Column {
    /// The name of the column in the page's table (camelCase).
    pub fn name(self) -> &'static str {
        match self {
            Column::Terms => "terms",
            Column::Count => "count",
            Column::Rate => "rate",
            Column::Df => "df",
            Column::Tfidf => "tfidf",
            Column::PerDocOffsets => "perDocOffsets",
            Column::PerDocDocs => "perDocDocs",
            Column::PerDocCounts => "perDocCounts",
        }
    }
}

/// Where [`term_table_columns`] writes the table: first its head, then each column whole, in
/// the order of [`Column`], its values in row order.
pub trait ColumnSink {
    /// Every field of the table but its columns (the report's `terms` is empty).
    fn head(&mut self, head: &TermReport);
    /// A column of text, in pieces: the column is their concatenation.
    fn text(&mut self, column: Column, pieces: &mut dyn Iterator<Item = &str>);
    /// A column of numbers.
    fn numbers(&mut self, column: Column, values: &mut dyn ExactSizeIterator<Item = f64>);
    /// A column of integers.
    fn integers(&mut self, column: Column, values: &mut dyn ExactSizeIterator<Item = u32>);
}

/// The rows of [`terms`](super::terms) with `options` as columns, written to `sink`, each
/// made from the counts of the keys as it is written (no [`TermRow`](crate::report::TermRow)
/// is made, and no column is held but the one being written);
/// positions (`first`/`last`) are not computed, since a column table has no place for them.
/// The counts per document are empty columns unless `options.per_doc`. Calls
/// `progress(done)` (0 to 1) as it counts, document by document.
///
/// # Errors
/// As [`terms`](super::terms); then nothing is written.
pub fn term_table_columns(
    corpus: &Corpus,
    options: &TermOptions,
    progress: &mut dyn FnMut(f64),
    sink: &mut dyn ColumnSink,
) -> Result<()> {
    let options = TermOptions { positions: false, ..options.clone() };
    // With counts per document, they are counted again from the tokens once the rows are known.
    let till = if options.per_doc { 0.6 } else { 1.0 };
    let rows::Counting { head, lens, tallies, rows, .. } = rows::count(corpus, &options, till, progress)?;
    sink.head(&head);
    let mut terms = rows.iter().enumerate().flat_map(|(i, &k)| [if i == 0 { "" } else { "\n" }, lens.text(k)]);
    sink.text(Column::Terms, &mut terms);
    sink.numbers(Column::Count, &mut rows.iter().map(|&k| tallies.count(k) as f64));
    sink.numbers(Column::Rate, &mut rows.iter().map(|&k| tallies.rate(k)));
    sink.integers(Column::Df, &mut rows.iter().map(|&k| tallies.df(k)));
    sink.numbers(Column::Tfidf, &mut rows.iter().map(|&k| tallies.tfidf(k)));
    if !options.per_doc {
        for column in [Column::PerDocOffsets, Column::PerDocDocs, Column::PerDocCounts] {
            sink.integers(column, &mut std::iter::empty());
        }
        progress(1.0);
        return Ok(());
    }
    progress(till);
    let mut starts = PerDocCounts::offsets(|k| tallies.df(k), &rows);
    sink.integers(Column::PerDocOffsets, &mut starts.iter().copied());
    let cells = starts.pop().unwrap_or(0);
    if let (Some(mut docs), Some(mut counts)) = (
        PerDocCounts::of_one_document(&lens, &tallies, &rows, Cell::Document),
        PerDocCounts::of_one_document(&lens, &tallies, &rows, Cell::Count),
    ) {
        sink.integers(Column::PerDocDocs, &mut docs);
        sink.integers(Column::PerDocCounts, &mut counts);
        progress(1.0);
        return Ok(());
    }
    // Only the rows' keys are needed now, to find each count's row.
    drop(tallies);
    let row_of = PerDocCounts::row_of(&lens, &rows);
    drop(rows);
    // One column at a time: the documents of the cells, then their counts.
    let half = (1.0 - till) / 2.0;
    for (column, field, from) in
        [(Column::PerDocDocs, Cell::Document, till), (Column::PerDocCounts, Cell::Count, till + half)]
    {
        let values = PerDocCounts::cells(&lens, &row_of, &mut starts, cells, field, &mut |done| progress(from + half * done));
        sink.integers(column, &mut values.iter().copied());
    }
    Ok(())
}

/// [`term_table_columns`] collected into a [`TermTable`].
///
/// # Errors
/// As [`terms`](super::terms).
pub fn term_table(corpus: &Corpus, options: &TermOptions, progress: &mut dyn FnMut(f64)) -> Result<TermTable> {
    let mut table = TermTable {
        version: 0,
        documents: Vec::new(),
        doc: None,
        total_tokens: 0,
        shown_tokens: 0,
        distinct_terms: 0,
        terms: String::new(),
        count: Vec::new(),
        rate: Vec::new(),
        df: Vec::new(),
        tfidf: Vec::new(),
        per_doc_offsets: Vec::new(),
        per_doc_docs: Vec::new(),
        per_doc_counts: Vec::new(),
    };
    term_table_columns(corpus, options, progress, &mut table)?;
    Ok(table)
}

impl ColumnSink for TermTable {
    fn head(&mut self, head: &TermReport) {
        self.version = head.version;
        self.documents.clone_from(&head.documents);
        self.doc = head.doc;
        (self.total_tokens, self.shown_tokens, self.distinct_terms) = (head.total_tokens, head.shown_tokens, head.distinct_terms);
    }

    fn text(&mut self, column: Column, pieces: &mut dyn Iterator<Item = &str>) {
        if column == Column::Terms {
            self.terms = pieces.collect();
        }
    }

    fn numbers(&mut self, column: Column, values: &mut dyn ExactSizeIterator<Item = f64>) {
        let values = values.collect();
        match column {
            Column::Count => self.count = values,
            Column::Rate => self.rate = values,
            Column::Tfidf => self.tfidf = values,
            _ => {}
        }
    }

    fn integers(&mut self, column: Column, values: &mut dyn ExactSizeIterator<Item = u32>) {
        let values = values.collect();
        match column {
            Column::Df => self.df = values,
            Column::PerDocOffsets => self.per_doc_offsets = values,
            Column::PerDocDocs => self.per_doc_docs = values,
            Column::PerDocCounts => self.per_doc_counts = values,
            _ => {}
        }
    }
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
