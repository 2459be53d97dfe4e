//! Anchors: n-grams of content units that occur exactly once in each document,
//! and their longest in-order chain. A leaf of `compare`: [`super::align`]
//! cuts the documents at the chain, [`super::moves`] clusters the anchors off it
//! into moved passages.

use super::FxBuild;
use std::collections::HashMap;

/// A unique n-gram: its start in the content sequence of each side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Anchor {
    pub a: u32,
    pub b: u32,
}

/// Anchors: n-grams of `kx` and `ky` occurring exactly once in each, sorted by
/// their position in `kx`. Hash collisions only ever lose anchors (the n-grams
/// are compared before an anchor is made).
pub(crate) fn unique_anchors(kx: &[u32], ky: &[u32], n: usize) -> Vec<Anchor> {
    #[derive(Clone, Copy)]
    struct Slot {
        count_a: u32,
        count_b: u32,
        pos_b: u32,
    }
    if n == 0 || kx.len() < n || ky.len() < n {
        return Vec::new();
    }
    let hashes_a = ngram_hashes(kx, n);
    let hashes_b = ngram_hashes(ky, n);
    let mut slots: HashMap<u64, Slot, FxBuild> = HashMap::with_capacity_and_hasher(hashes_a.len(), FxBuild::default());
    for &h in &hashes_a {
        slots
            .entry(h)
            .and_modify(|s| s.count_a += 1)
            .or_insert(Slot { count_a: 1, count_b: 0, pos_b: 0 });
    }
    for (p, &h) in hashes_b.iter().enumerate() {
        if let Some(s) = slots.get_mut(&h) {
            s.count_b += 1;
            s.pos_b = p as u32;
        }
    }
    let mut out = Vec::new();
    for (p, h) in hashes_a.iter().enumerate() {
        let Some(s) = slots.get(h) else { continue };
        if s.count_a == 1 && s.count_b == 1 {
            let (pa, pb) = (p, s.pos_b as usize);
            if kx.get(pa..pa + n) == ky.get(pb..pb + n) {
                out.push(Anchor { a: pa as u32, b: pb as u32 });
            }
        }
    }
    out
}

/// Polynomial rolling hashes of every n-gram of `keys`.
fn ngram_hashes(keys: &[u32], n: usize) -> Vec<u64> {
    const P: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut pow = 1u64;
    for _ in 1..n {
        pow = pow.wrapping_mul(P);
    }
    let mut out = Vec::with_capacity(keys.len().saturating_sub(n) + 1);
    let mut h = 0u64;
    for (i, &k) in keys.iter().enumerate() {
        if i >= n {
            let old = keys.get(i - n).copied().unwrap_or(0) as u64 + 1;
            h = h.wrapping_sub(old.wrapping_mul(pow));
        }
        h = h.wrapping_mul(P).wrapping_add(k as u64 + 1);
        if i + 1 >= n {
            out.push(h);
        }
    }
    out
}

/// Marks the longest chain of anchors whose `b` increases along `a` (anchors
/// are sorted by `a`, each `a` once). Ties keep the chain found first.
pub(crate) fn longest_chain(anchors: &[Anchor]) -> Vec<bool> {
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<usize> = vec![usize::MAX; anchors.len()];
    for (i, anchor) in anchors.iter().enumerate() {
        let k = tails.partition_point(|&t| anchors.get(t).is_some_and(|x| x.b < anchor.b));
        if let (Some(&t), Some(p)) = (k.checked_sub(1).and_then(|j| tails.get(j)), prev.get_mut(i)) {
            *p = t;
        }
        if k == tails.len() {
            tails.push(i);
        } else if let Some(slot) = tails.get_mut(k) {
            *slot = i;
        }
    }
    let mut on = vec![false; anchors.len()];
    let mut cur = tails.last().copied().unwrap_or(usize::MAX);
    while let Some(slot) = on.get_mut(cur) {
        *slot = true;
        cur = prev.get(cur).copied().unwrap_or(usize::MAX);
    }
    on
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_are_unique_ngrams_on_both_sides() {
        // 1234, 2347, 3477 and 4777 occur once on each side; 7777 twice in a:
        // no anchor; 9123 only in b.
        let a = [1, 2, 3, 4, 7, 7, 7, 7, 7];
        let b = [9, 1, 2, 3, 4, 7, 7, 7, 7];
        let anchors = unique_anchors(&a, &b, 4);
        let expected: Vec<Anchor> = (0..4).map(|i| Anchor { a: i, b: i + 1 }).collect();
        assert_eq!(anchors, expected);
    }

    #[test]
    fn longest_chain_skips_the_out_of_order_anchor() {
        let anchors = [(0, 0), (1, 9), (2, 2), (3, 3), (4, 4)].map(|(a, b)| Anchor { a, b });
        assert_eq!(longest_chain(&anchors), vec![true, false, true, true, true]);
        assert!(longest_chain(&[]).is_empty());
    }
}
