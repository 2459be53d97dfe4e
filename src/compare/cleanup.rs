//! Semantic clean-up: changes separated by a trivial equality become one change.
//!
//! A raw diff of "The cat sat" → "A dog sat" says [The→A] " " [cat→dog]: two
//! edits split by a space. A reader sees one edit of a phrase. The rule is
//! diff-match-patch's semantic clean-up applied to units: an equality no longer
//! (in characters) than the larger side of the change before it *and* of the
//! change after it is folded into one change with its neighbours; so is a
//! short equality (a word or two) next to a change ten times its size. Applied with
//! a stack, so a merge can cascade backwards; linear in the number of segments.
//! It runs over the whole document (segments of the backbone included), so a
//! chance 4-gram match inside rewritten text does not split the rewrite.

use super::Seg;
use std::ops::Range;

/// An equality of at most this many characters next to a change at least
/// [`CHANCE_RATIO`] times larger is a chance match inside rewritten text
/// ("[rewritten paragraph] 方法 [和→新] 路径 [rewritten paragraph]").
pub(crate) const CHANCE_CHARS: u64 = 8;
pub(crate) const CHANCE_RATIO: u64 = 10;

/// Merges changes across trivial equalities. `weight_a`/`weight_b` give the
/// characters of a unit range on each side. Move segments are barriers: nothing
/// merges across them.
pub(crate) fn semantic(
    segs: Vec<Seg>,
    weight_a: impl Fn(Range<usize>) -> u64,
    weight_b: impl Fn(Range<usize>) -> u64,
) -> Vec<Seg> {
    let size = |a: &Range<usize>, b: &Range<usize>| weight_a(a.clone()).max(weight_b(b.clone()));
    // (segment, weight): equalities weigh their A characters, changes their larger side.
    let mut out: Vec<(Seg, u64)> = Vec::with_capacity(segs.len());
    for seg in segs {
        let (a, b) = match &seg {
            Seg::Change { a, b } => (a.clone(), b.clone()),
            Seg::Equal { a, .. } => {
                let w = weight_a(a.clone());
                out.push((seg, w));
                continue;
            }
            _ => {
                out.push((seg, 0));
                continue;
            }
        };
        let mut cur = (a.clone(), b.clone(), size(&a, &b));
        // out ends [.., Change, Equal] and cur is a change: merge while the
        // equality is trivial next to both changes.
        while let [.., (Seg::Change { a: pa, b: pb }, prev_w), (Seg::Equal { .. }, eq_w)] = out.as_slice() {
            let (prev_w, eq_w, n) = (*prev_w, *eq_w, out.len());
            let dmp = eq_w <= prev_w && eq_w <= cur.2;
            let chance = eq_w <= CHANCE_CHARS && eq_w * CHANCE_RATIO <= prev_w.max(cur.2);
            if !(dmp || chance) {
                break;
            }
            let (ma, mb) = (pa.start..cur.0.end, pb.start..cur.1.end);
            out.truncate(n - 2);
            let w = size(&ma, &mb);
            cur = (ma, mb, w);
        }
        if let Some((Seg::Change { a: la, b: lb }, _)) = out.last() {
            if la.end == cur.0.start && lb.end == cur.1.start {
                let (ma, mb) = (la.start..cur.0.end, lb.start..cur.1.end);
                out.pop();
                let w = size(&ma, &mb);
                cur = (ma, mb, w);
            }
        }
        out.push((Seg::Change { a: cur.0, b: cur.1 }, cur.2));
    }
    out.into_iter().map(|(s, _)| s).collect()
}

/// At character granularity, widens every change that starts or ends inside a
/// non-Han word to the whole word (on both sides, taking the characters from the
/// neighbouring equalities), so Latin text never reads "te[x→s]t". `back(side,
/// i)` is how many units before unit `i` belong to its word, `fwd(side, i)` how
/// many units from `i` on continue the word before it (0 for Han, which may
/// change by the character).
pub(crate) fn snap_to_words(
    segs: Vec<Seg>,
    back: impl Fn(bool, usize) -> usize,
    fwd: impl Fn(bool, usize) -> usize,
) -> Vec<Seg> {
    let mut segs = segs;
    for i in 0..segs.len() {
        let Some(Seg::Change { a, b }) = segs.get(i).cloned() else { continue };
        let (mut a, mut b) = (a, b);
        // Widen backwards into the equality before, while either side starts mid-word.
        if let Some(Seg::Equal { a: ea, b: eb }) = i.checked_sub(1).and_then(|j| segs.get_mut(j)) {
            loop {
                let k = back(true, a.start).max(back(false, b.start)).min(ea.len());
                if k == 0 {
                    break;
                }
                ea.end -= k;
                eb.end -= k;
                a.start -= k;
                b.start -= k;
            }
        }
        if let Some(Seg::Equal { a: ea, b: eb }) = segs.get_mut(i + 1) {
            loop {
                let k = fwd(true, a.end).max(fwd(false, b.end)).min(ea.len());
                if k == 0 {
                    break;
                }
                ea.start += k;
                eb.start += k;
                a.end += k;
                b.end += k;
            }
        }
        if let Some(slot) = segs.get_mut(i) {
            *slot = Seg::Change { a, b };
        }
    }
    // Drop emptied equalities and join the changes they separated.
    let mut out: Vec<Seg> = Vec::with_capacity(segs.len());
    for seg in segs {
        super::push_seg(&mut out, seg);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(equal: bool, a: Range<usize>, b: Range<usize>) -> Seg {
        if equal {
            Seg::Equal { a, b }
        } else {
            Seg::Change { a, b }
        }
    }

    /// Every unit weighs one character.
    fn run(segs: Vec<Seg>) -> Vec<Seg> {
        semantic(segs, |r| r.len() as u64, |r| r.len() as u64)
    }

    #[test]
    fn changes_snap_to_whole_words() {
        // Units are characters; words: [0..4) "text", [4..5) " ", [5..8) "one" on both sides;
        // the raw diff changed only unit 2 (x → s).
        let word_start = [0usize, 0, 0, 0, 4, 5, 5, 5];
        let word_end = [4usize, 4, 4, 4, 5, 8, 8, 8];
        let back = |_: bool, i: usize| word_start.get(i).map_or(0, |&s| i - s);
        let fwd = |_: bool, i: usize| if i == 0 { 0 } else { word_end.get(i - 1).map_or(0, |&e| e.saturating_sub(i)) };
        let segs = vec![h(true, 0..2, 0..2), h(false, 2..3, 2..3), h(true, 3..8, 3..8)];
        assert_eq!(snap_to_words(segs, back, fwd), vec![h(false, 0..4, 0..4), h(true, 4..8, 4..8)]);
    }

    #[test]
    fn table() {
        // (input, expected)
        let cases = vec![
            // [x→y] = [x→y]: a one-unit equality between one-unit changes folds.
            (
                vec![h(false, 0..1, 0..1), h(true, 1..2, 1..2), h(false, 2..3, 2..3)],
                vec![h(false, 0..3, 0..3)],
            ),
            // A long equality between small changes stays.
            (
                vec![h(false, 0..1, 0..1), h(true, 1..5, 1..5), h(false, 5..6, 5..6)],
                vec![h(false, 0..1, 0..1), h(true, 1..5, 1..5), h(false, 5..6, 5..6)],
            ),
            // Leading and trailing equalities are never folded.
            (
                vec![h(true, 0..1, 0..1), h(false, 1..2, 1..1), h(true, 2..3, 1..2)],
                vec![h(true, 0..1, 0..1), h(false, 1..2, 1..1), h(true, 2..3, 1..2)],
            ),
            // A short equality next to a much larger change is folded.
            (
                vec![h(false, 0..30, 0..30), h(true, 30..32, 30..32), h(false, 32..33, 32..33), h(true, 33..43, 33..43)],
                vec![h(false, 0..33, 0..33), h(true, 33..43, 33..43)],
            ),
            // A move between two changes is a barrier.
            (
                vec![h(false, 0..1, 0..1), Seg::MoveFrom { a: 1..2, at_b: 1, id: 0 }, h(true, 2..3, 1..2), h(false, 3..4, 2..3)],
                vec![h(false, 0..1, 0..1), Seg::MoveFrom { a: 1..2, at_b: 1, id: 0 }, h(true, 2..3, 1..2), h(false, 3..4, 2..3)],
            ),
            // Cascade: after the second merge the first equality is trivial too.
            (
                vec![
                    h(false, 0..2, 0..2),
                    h(true, 2..4, 2..4),
                    h(false, 4..5, 4..5),
                    h(true, 5..6, 5..6),
                    h(false, 6..9, 6..9),
                ],
                vec![h(false, 0..9, 0..9)],
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(run(input.clone()), expected, "{input:?}");
        }
    }
}
