//! Moved passages: anchors that are off the in-order chain, clustered and grown.
//!
//! Off-chain anchors that follow each other on both sides (each step at most
//! [`GAP_FACTOR`]·n units, the two steps about equal) form one cluster, so a
//! passage that was moved *and* lightly edited — where the edits break some
//! n-grams — is still one passage. A cluster is grown by exact matching at both
//! ends (never into text the chain holds), and accepted when it is long enough
//! (`min_move_units` content units on each side), at least half of it is
//! matched, and it outweighs any chain anchors it overlaps (a few stray chained
//! n-grams inside a moved passage are dropped from the chain, not the other way
//! round). Larger clusters are taken first; accepted passages never overlap.
//! The clustering itself is [`crate::diagonal::runs`], shared with reuse.

use super::anchors::Anchor;
use crate::diagonal::{self, Run, RunLimits};
use std::ops::Range;

/// How far apart (in units of n) two anchors of one passage may be.
pub(crate) const GAP_FACTOR: usize = 4;

/// A moved passage, in content indices of each side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Found {
    pub a: Range<usize>,
    pub b: Range<usize>,
}

/// Finds the moved passages; clears `chain` for chain anchors that a passage overrides.
pub(crate) fn find(
    anchors: &[Anchor],
    chain: &mut [bool],
    kx: &[u32],
    ky: &[u32],
    n: usize,
    min_units: usize,
) -> Vec<Found> {
    let gap = GAP_FACTOR * n;
    let off_chain = anchors.iter().zip(chain.iter()).filter(|(_, &c)| !c).map(|(x, _)| (x.a as usize, x.b as usize));
    let limits = RunLimits { gap, max_skew: gap / 2, width: n, max_open: usize::MAX };
    let done = diagonal::runs(off_chain, limits);

    // Positions the chain holds; growth stops there.
    let chained: Vec<usize> = (0..anchors.len()).filter(|&i| chain.get(i).copied().unwrap_or(false)).collect();
    let mut held_a = vec![false; kx.len()];
    let mut held_b = vec![false; ky.len()];
    for &i in &chained {
        if let Some(x) = anchors.get(i) {
            mark(&mut held_a, x.a as usize..x.a as usize + n);
            mark(&mut held_b, x.b as usize..x.b as usize + n);
        }
    }

    let mut candidates: Vec<(Run, Range<usize>, Range<usize>)> = done
        .into_iter()
        .map(|mut c| {
            let (mut a0, mut b0) = c.first;
            let (mut a1, mut b1) = ((c.last.0 + n).min(kx.len()), (c.last.1 + n).min(ky.len()));
            while a0 > 0 && b0 > 0 && kx.get(a0 - 1) == ky.get(b0 - 1) && !held(&held_a, a0 - 1) && !held(&held_b, b0 - 1) {
                a0 -= 1;
                b0 -= 1;
                c.covered += 1;
            }
            while a1 < kx.len() && b1 < ky.len() && kx.get(a1) == ky.get(b1) && !held(&held_a, a1) && !held(&held_b, b1) {
                a1 += 1;
                b1 += 1;
                c.covered += 1;
            }
            (c, a0..a1, b0..b1)
        })
        .collect();
    candidates.sort_by(|x, y| y.0.covered.cmp(&x.0.covered).then(x.1.start.cmp(&y.1.start)));

    let mut taken_a = vec![false; kx.len()];
    let mut taken_b = vec![false; ky.len()];
    let mut found = Vec::new();
    for (c, mut ra, mut rb) in candidates {
        // Trim overlaps with passages already taken, at the ends only.
        while !ra.is_empty() && !rb.is_empty() && (held(&taken_a, ra.start) || held(&taken_b, rb.start)) {
            ra.start += 1;
            rb.start += 1;
        }
        while !ra.is_empty() && !rb.is_empty() && (held(&taken_a, ra.end - 1) || held(&taken_b, rb.end - 1)) {
            ra.end -= 1;
            rb.end -= 1;
        }
        if ra.len() < min_units || rb.len() < min_units || c.covered.min(ra.len()) * 2 < ra.len() {
            continue;
        }
        if ra.clone().any(|i| held(&taken_a, i)) || rb.clone().any(|i| held(&taken_b, i)) {
            continue;
        }
        // Chained anchors increase on both sides: find the overlaps by binary search.
        let pos = |i: usize| anchors.get(i).map_or((0, 0), |x| (x.a as usize, x.b as usize));
        let first_a = chained.partition_point(|&i| pos(i).0 + n <= ra.start);
        let first_b = chained.partition_point(|&i| pos(i).1 + n <= rb.start);
        let mut overlapping: Vec<usize> = chained
            .get(first_a..)
            .unwrap_or(&[])
            .iter()
            .copied()
            .take_while(|&i| pos(i).0 < ra.end)
            .chain(chained.get(first_b..).unwrap_or(&[]).iter().copied().take_while(|&i| pos(i).1 < rb.end))
            .filter(|&i| chain.get(i).copied().unwrap_or(false))
            .collect();
        overlapping.sort_unstable();
        overlapping.dedup();
        if overlapping.len() >= c.count {
            continue;
        }
        for i in overlapping {
            if let Some(slot) = chain.get_mut(i) {
                *slot = false;
            }
        }
        mark(&mut taken_a, ra.clone());
        mark(&mut taken_b, rb.clone());
        found.push(Found { a: ra, b: rb });
    }
    found.sort_by_key(|f| (f.a.start, f.b.start));
    found
}

fn mark(flags: &mut [bool], r: Range<usize>) {
    let end = r.end.min(flags.len());
    if let Some(s) = flags.get_mut(r.start.min(end)..end) {
        s.iter_mut().for_each(|f| *f = true);
    }
}

fn held(flags: &[bool], i: usize) -> bool {
    flags.get(i).copied().unwrap_or(false)
}


#[cfg(test)]
mod tests {
    use super::super::anchors::{longest_chain, unique_anchors};
    use super::*;

    /// Keys 0..40 in order, with 20..30 moved to the front on side b.
    #[test]
    fn a_block_moved_to_the_front_is_one_passage() {
        let a: Vec<u32> = (0..40).collect();
        let b: Vec<u32> = (20..30).chain(0..20).chain(30..40).collect();
        let anchors = unique_anchors(&a, &b, 4);
        let mut chain = longest_chain(&anchors);
        let found = find(&anchors, &mut chain, &a, &b, 4, 8);
        assert_eq!(found, vec![Found { a: 20..30, b: 0..10 }]);
    }

    #[test]
    fn a_moved_and_edited_block_stays_one_passage() {
        let a: Vec<u32> = (0..60).collect();
        // 30..50 moves to the front, with key 40 replaced by 99.
        let moved: Vec<u32> = (30..50).map(|k| if k == 40 { 99 } else { k }).collect();
        let b: Vec<u32> = moved.iter().copied().chain(0..30).chain(50..60).collect();
        let anchors = unique_anchors(&a, &b, 4);
        let mut chain = longest_chain(&anchors);
        let found = find(&anchors, &mut chain, &a, &b, 4, 8);
        assert_eq!(found, vec![Found { a: 30..50, b: 0..20 }]);
    }

    #[test]
    fn short_out_of_order_matches_are_not_moves() {
        let a: Vec<u32> = (0..40).collect();
        let b: Vec<u32> = (20..25).chain(0..20).chain(25..40).collect();
        let anchors = unique_anchors(&a, &b, 4);
        let mut chain = longest_chain(&anchors);
        assert!(find(&anchors, &mut chain, &a, &b, 4, 8).is_empty());
    }
}
