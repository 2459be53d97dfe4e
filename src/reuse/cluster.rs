//! Passages grouped across documents into clusters, and each document's coverage.
//!
//! Every pairwise passage has one end in each of two documents. Within one
//! document, ends that mostly overlap (at least half of the shorter) are the
//! same *member*; passages link members; a connected group of members is a
//! cluster — the same text travelling between documents. The member with the
//! most links is the reference the other copies are compared with.

use super::passages::{overlap, PairPassage};
use std::ops::Range;

/// One copy of a clustered passage: units `range` of document `doc` (an index).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Member {
    pub doc: usize,
    pub range: Range<usize>,
    /// Passages with an end in this member.
    pub links: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Cluster {
    /// Sorted by `(doc, range.start)`.
    pub members: Vec<Member>,
    /// Index into `members`.
    pub reference: usize,
}

impl Cluster {
    pub fn documents(&self) -> usize {
        let mut docs: Vec<usize> = self.members.iter().map(|m| m.doc).collect();
        docs.dedup();
        docs.len()
    }
}

/// Clusters of `passages`, in report order, and the cluster of each passage.
pub(crate) fn clusters(passages: &[PairPassage]) -> (Vec<Cluster>, Vec<usize>) {
    // Ends: (doc, range, passage index).
    let mut ends: Vec<(usize, Range<usize>, usize)> = Vec::with_capacity(passages.len() * 2);
    for (p, pass) in passages.iter().enumerate() {
        ends.push((pass.a, pass.ra.clone(), p));
        ends.push((pass.b, pass.rb.clone(), p));
    }
    ends.sort_by(|x, y| (x.0, x.1.start, y.1.end, x.2).cmp(&(y.0, y.1.start, x.1.end, y.2)));
    // Sweep each document's ends into members.
    let mut members: Vec<Member> = Vec::new();
    let mut member_of_end: Vec<(usize, usize)> = Vec::with_capacity(ends.len()); // (passage, member)
    for (doc, range, p) in &ends {
        let joins = members.last().is_some_and(|m| {
            m.doc == *doc && 2 * overlap(&m.range, range) >= range.len().min(m.range.len())
        });
        match members.last_mut() {
            Some(m) if joins => {
                m.range.end = m.range.end.max(range.end);
                m.links += 1;
            }
            _ => members.push(Member { doc: *doc, range: range.clone(), links: 1 }),
        }
        member_of_end.push((*p, members.len() - 1));
    }
    // Union the two members of every passage.
    let mut parent: Vec<usize> = (0..members.len()).collect();
    member_of_end.sort_unstable();
    for pair in member_of_end.chunks(2) {
        if let [(_, x), (_, y)] = pair {
            let (rx, ry) = (find(&mut parent, *x), find(&mut parent, *y));
            if rx != ry {
                parent[rx.max(ry)] = rx.min(ry);
            }
        }
    }
    let mut by_root: Vec<Vec<usize>> = vec![Vec::new(); members.len()];
    for m in 0..members.len() {
        let r = find(&mut parent, m);
        by_root[r].push(m);
    }
    let mut out: Vec<(Cluster, usize)> = Vec::new(); // with its root
    for (root, ms) in by_root.iter().enumerate() {
        if ms.is_empty() {
            continue;
        }
        let mut list: Vec<Member> = ms.iter().filter_map(|&m| members.get(m).cloned()).collect();
        list.sort_by_key(|m| (m.doc, m.range.start));
        let reference = list
            .iter()
            .enumerate()
            .max_by(|(i, x), (j, y)| {
                (x.links, x.range.len()).cmp(&(y.links, y.range.len())).then_with(|| j.cmp(i))
            })
            .map_or(0, |(i, _)| i);
        out.push((Cluster { members: list, reference }, root));
    }
    out.sort_by(|(x, _), (y, _)| {
        let len = |c: &Cluster| c.members.get(c.reference).map_or(0, |m| m.range.len());
        y.documents()
            .cmp(&x.documents())
            .then_with(|| len(y).cmp(&len(x)))
            .then_with(|| x.members.first().map(|m| (m.doc, m.range.start)).cmp(&y.members.first().map(|m| (m.doc, m.range.start))))
    });
    let mut cluster_of_root = vec![0usize; members.len()];
    for (i, (_, root)) in out.iter().enumerate() {
        if let Some(c) = cluster_of_root.get_mut(*root) {
            *c = i;
        }
    }
    let mut of_passage = vec![0usize; passages.len()];
    for (p, m) in member_of_end.iter().step_by(2) {
        let r = find(&mut parent, *m);
        if let (Some(slot), Some(&c)) = (of_passage.get_mut(*p), cluster_of_root.get(r)) {
            *slot = c;
        }
    }
    (out.into_iter().map(|(c, _)| c).collect(), of_passage)
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// The union of `ranges` (any order), merged and sorted.
pub(crate) fn union(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::new();
    for r in ranges.into_iter().filter(|r| !r.is_empty()) {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// The gaps of `0..len` not covered by the sorted, disjoint `covered`, at least `min` long.
pub(crate) fn gaps(covered: &[Range<usize>], len: usize, min: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut pos = 0;
    for r in covered.iter().chain(std::iter::once(&(len..len))) {
        if r.start > pos && r.start - pos >= min {
            out.push(pos..r.start);
        }
        pos = pos.max(r.end);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pass(a: usize, ra: Range<usize>, b: usize, rb: Range<usize>) -> PairPassage {
        let matched = ra.len().min(rb.len());
        PairPassage { a, b, ra, rb, matched }
    }

    #[test]
    fn passages_sharing_an_end_form_one_cluster() {
        // Docs 0, 1, 2 share one passage (slightly different extents); 0 and 3 share another.
        let ps = vec![
            pass(0, 100..200, 1, 10..110),
            pass(0, 102..198, 2, 50..146),
            pass(1, 12..110, 2, 50..148),
            pass(0, 400..450, 3, 0..50),
        ];
        let (cs, of) = clusters(&ps);
        assert_eq!(cs.len(), 2);
        assert_eq!(cs[0].documents(), 3);
        let spans: Vec<(usize, Range<usize>)> = cs[0].members.iter().map(|m| (m.doc, m.range.clone())).collect();
        assert_eq!(spans, vec![(0, 100..200), (1, 10..110), (2, 50..148)]);
        assert_eq!(cs[0].reference, 0, "all have two links; the longest first one wins");
        assert_eq!(cs[1].documents(), 2);
        assert_eq!(of, vec![0, 0, 0, 1]);
    }

    #[test]
    fn adjacent_passages_stay_apart() {
        // In doc 0, two passages touch by 3 units: different texts, different clusters.
        let ps = vec![pass(0, 0..50, 1, 0..50), pass(0, 47..100, 2, 0..53)];
        let (cs, _) = clusters(&ps);
        assert_eq!(cs.len(), 2);
    }

    #[test]
    #[allow(clippy::single_range_in_vec_init)]
    fn union_and_gaps() {
        assert_eq!(union(vec![5..9, 0..3, 2..4, 9..9, 8..12]), vec![0..4, 5..12]);
        assert_eq!(gaps(&[0..4, 5..12], 40, 3), vec![12..40]);
        assert_eq!(gaps(&[], 10, 3), vec![0..10]);
        assert_eq!(gaps(&[3..10], 10, 3), vec![0..3]);
    }
}
