//! Which unchanged rows a reader sees folded to one line ("… 42 unchanged paragraphs …"), as
//! diff tools people know do: every row within [`CONTEXT_ROWS`] of a change is shown, and a run
//! of at least [`MIN_ROWS`] other unchanged rows folds. The page's Compare view and the HTML
//! report fold the same runs.

use crate::report::{Row, RowKind};
use serde::Serialize;

/// Unchanged rows shown on each side of a changed row.
pub const CONTEXT_ROWS: usize = 1;
/// Runs of fewer unchanged rows than this are shown, not folded (a fold line saves nothing).
pub const MIN_ROWS: usize = 3;

/// A run of unchanged rows shown folded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Fold {
    /// Half-open range of row indices.
    pub rows: [u32; 2],
    /// Paragraphs in those rows (each row counts the longer of its two sides, at least one).
    pub paragraphs: u32,
}

/// The folds of `rows`, in order.
pub fn folds(rows: &[Row]) -> Vec<Fold> {
    let mut near = vec![false; rows.len()];
    for (r, row) in rows.iter().enumerate() {
        if row.kind != RowKind::Equal {
            let end = (r + CONTEXT_ROWS + 1).min(rows.len());
            for flag in near.iter_mut().take(end).skip(r.saturating_sub(CONTEXT_ROWS)) {
                *flag = true;
            }
        }
    }
    let mut out = Vec::new();
    let mut r = 0;
    while r < rows.len() {
        if near[r] {
            r += 1;
            continue;
        }
        let start = r;
        while r < rows.len() && !near[r] {
            r += 1;
        }
        if r - start >= MIN_ROWS {
            let paragraphs = rows[start..r]
                .iter()
                .map(|row| {
                    let a = row.a_paragraphs[1].saturating_sub(row.a_paragraphs[0]);
                    let b = row.b_paragraphs[1].saturating_sub(row.b_paragraphs[0]);
                    a.max(b).max(1)
                })
                .sum();
            out.push(Fold { rows: [start as u32, r as u32], paragraphs });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(kinds: &str) -> Vec<Row> {
        kinds
            .chars()
            .enumerate()
            .map(|(i, k)| {
                let i = i as u32;
                Row {
                    kind: if k == '=' { RowKind::Equal } else { RowKind::Edited },
                    ops: [i, i + 1],
                    a_paragraphs: [i, i + 1],
                    b_paragraphs: [i, i + 1],
                }
            })
            .collect()
    }

    fn spans(kinds: &str) -> Vec<[u32; 2]> {
        folds(&rows(kinds)).iter().map(|f| f.rows).collect()
    }

    #[test]
    fn runs_fold_with_one_row_of_context_around_each_change() {
        // rows:       0123456789
        assert_eq!(spans("=====x===="), vec![[0, 4], [7, 10]]); // 4 and 6 are context
        assert_eq!(spans("x========x"), vec![[2, 8]]);
        assert_eq!(spans("=x===x="), Vec::<[u32; 2]>::new()); // 3..4: one row between contexts
        assert_eq!(spans("x=====x"), vec![[2, 5]]);
        assert_eq!(spans("x====x"), Vec::<[u32; 2]>::new()); // 2..4: two rows, not worth a fold
        assert_eq!(spans("======"), vec![[0, 6]]); // no change at all: one fold
        assert_eq!(spans(""), Vec::<[u32; 2]>::new());
    }

    #[test]
    fn paragraphs_count_the_longer_side() {
        let mut r = rows("x=====");
        r[3].a_paragraphs = [3, 6];
        r[3].b_paragraphs = [3, 3];
        let f = folds(&r);
        assert_eq!(f, vec![Fold { rows: [2, 6], paragraphs: 6 }]);
    }
}
