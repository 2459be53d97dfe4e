//! Character-level refinement of a short replacement containing Han.
//!
//! Chinese words are cut by a dictionary, so 会同 → 同 or 协作 → 合作 is a whole
//! word replaced; the reader wants to see that only 会 went, or only 协 became
//! 合. For a replacement of at most [`MAX_CHARS`] characters a side, with Han on
//! either side, an exact character LCS (tiny DP) gives the breakdown — kept only
//! when it helps: some characters are shared and the changed ones are not more
//! than twice the shared ones. Latin words are never refined (no "te[x→s]t").

use super::has_han;
use crate::report::OpKind;
use std::ops::Range;

/// Longest side refined, in characters.
pub(crate) const MAX_CHARS: usize = 32;

/// A piece of a refined replacement, in byte offsets relative to each side's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Piece {
    pub kind: OpKind,
    pub a: Range<usize>,
    pub b: Range<usize>,
}

/// The character breakdown of `a` → `b`, if it helps.
pub(crate) fn refine(a: &str, b: &str) -> Option<Vec<Piece>> {
    if !(has_han(a) || has_han(b)) {
        return None;
    }
    let ca: Vec<(usize, char)> = a.char_indices().collect();
    let cb: Vec<(usize, char)> = b.char_indices().collect();
    if ca.len() > MAX_CHARS || cb.len() > MAX_CHARS || ca.is_empty() || cb.is_empty() {
        return None;
    }
    let (n, m) = (ca.len(), cb.len());
    let same = |i: usize, j: usize| matches!((ca.get(i), cb.get(j)), (Some(x), Some(y)) if x.1 == y.1);
    // lcs[i * (m + 1) + j]: LCS length of a[i..] and b[j..].
    let mut lcs = vec![0u16; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    let get = |t: &[u16], i: usize, j: usize| t.get(at(i, j)).copied().unwrap_or(0);
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let v = if same(i, j) { get(&lcs, i + 1, j + 1) + 1 } else { get(&lcs, i + 1, j).max(get(&lcs, i, j + 1)) };
            if let Some(slot) = lcs.get_mut(at(i, j)) {
                *slot = v;
            }
        }
    }
    let shared = get(&lcs, 0, 0) as usize;
    let changed = n + m - 2 * shared;
    if shared == 0 || changed > 2 * shared {
        return None;
    }
    let byte_a = |i: usize| ca.get(i).map_or(a.len(), |c| c.0);
    let byte_b = |j: usize| cb.get(j).map_or(b.len(), |c| c.0);
    let mut pieces: Vec<Piece> = Vec::new();
    let mut push = |kind_equal: bool, i0: usize, i1: usize, j0: usize, j1: usize| {
        let (ra, rb) = (byte_a(i0)..byte_a(i1), byte_b(j0)..byte_b(j1));
        if let Some(last) = pieces.last_mut() {
            let last_equal = last.kind == OpKind::Equal;
            if last_equal == kind_equal && last.a.end == ra.start && last.b.end == rb.start {
                last.a.end = ra.end;
                last.b.end = rb.end;
                last.kind = piece_kind(kind_equal, &last.a, &last.b);
                return;
            }
        }
        pieces.push(Piece { kind: piece_kind(kind_equal, &ra, &rb), a: ra, b: rb });
    };
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && same(i, j) {
            push(true, i, i + 1, j, j + 1);
            i += 1;
            j += 1;
        } else if j < m && (i == n || get(&lcs, i, j + 1) >= get(&lcs, i + 1, j)) {
            push(false, i, i, j, j + 1);
            j += 1;
        } else {
            push(false, i, i + 1, j, j);
            i += 1;
        }
    }
    Some(pieces)
}

fn piece_kind(equal: bool, a: &Range<usize>, b: &Range<usize>) -> OpKind {
    match (equal, a.is_empty(), b.is_empty()) {
        (true, _, _) => OpKind::Equal,
        (false, false, true) => OpKind::Delete,
        (false, true, false) => OpKind::Insert,
        _ => OpKind::Replace,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Shown = Option<Vec<(OpKind, String, String)>>;

    fn show(a: &str, b: &str) -> Shown {
        refine(a, b).map(|ps| ps.into_iter().map(|p| (p.kind, a[p.a].to_owned(), b[p.b].to_owned())).collect())
    }

    fn v(items: &[(OpKind, &str, &str)]) -> Shown {
        Some(items.iter().map(|&(k, a, b)| (k, a.to_owned(), b.to_owned())).collect())
    }

    #[test]
    fn table() {
        use OpKind::*;
        let cases: Vec<(&str, &str, Shown)> = vec![
            ("会同", "同", v(&[(Delete, "会", ""), (Equal, "同", "同")])),
            ("协作", "合作", v(&[(Replace, "协", "合"), (Equal, "作", "作")])),
            ("俄中", "中俄", v(&[(Insert, "", "中"), (Equal, "俄", "俄"), (Delete, "中", "")])),
            ("提\n\n出", "提出", v(&[(Equal, "提", "提"), (Delete, "\n\n", ""), (Equal, "出", "出")])),
            // Nothing shared, Latin only, too different: no breakdown.
            ("北京", "上海", None),
            ("text", "test", None),
            ("合作共赢发展", "合", None),
        ];
        for (a, b, expected) in cases {
            assert_eq!(show(a, b), expected, "{a} → {b}");
        }
    }
}
