//! Passages grouped across documents into clusters, and each document's coverage.
//!
//! Every pairwise passage has one end in each of two documents. Each
//! document's shared text is cut into atoms at all passage ends; passages link
//! the atoms they align; a connected group of atoms is a cluster — the same
//! text travelling between documents — and its adjacent atoms in one document
//! are one *member*. The member touched by most passages is the reference the
//! other copies are compared with.

use super::fingerprint::Units;
use super::passages::{overlap, Aligner, Op, PairPassage};
use super::matrix::find;
use std::collections::BTreeSet;
use std::ops::Range;

/// One copy of a clustered passage: units `range` of document `doc` (an index).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub doc: usize,
    pub range: Range<usize>,
    /// Passages with an end in this member.
    pub links: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cluster {
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

/// Clusters of `passages`, in report order, the cluster of each passage, and
/// `false` if the alignment budget (`work` against `max_work`) ran out.
/// Clusters whose copies are all shorter than `min_units` are left out.
///
/// Each document's shared stretches are cut into *atoms* at every end of every
/// passage in it, so an atom is shared by one set of documents throughout. A
/// passage maps each atom of one side through its alignment onto the other
/// side and links it with the atoms it lands on; a connected group of atoms is
/// a cluster, and a cluster's adjacent atoms in one document make one member.
/// Linking whole passages instead would chain everything together as soon as
/// documents share different stretches of one text (versions that each drop
/// and keep other paragraphs of a story).
pub fn clusters(
    passages: &[PairPassage],
    units: &[Units],
    aligner: &mut Aligner,
    min_units: usize,
    work: &mut usize,
    max_work: usize,
) -> (Vec<Cluster>, Vec<usize>, bool) {
    let n_docs = units.len();
    // Passage ends per document: (range, passage).
    let mut ends: Vec<Vec<(Range<usize>, usize)>> = vec![Vec::new(); n_docs];
    for (p, pass) in passages.iter().enumerate() {
        if let Some(e) = ends.get_mut(pass.a) {
            e.push((pass.ra.clone(), p));
        }
        if let Some(e) = ends.get_mut(pass.b) {
            e.push((pass.rb.clone(), p));
        }
    }
    // Each passage's alignment, computed once.
    let mut complete = true;
    let mut alignments: Vec<Vec<Op>> = Vec::with_capacity(passages.len());
    for pass in passages {
        let keys = |d: usize, r: &Range<usize>| units.get(d).and_then(|u| u.keys.get(r.clone())).unwrap_or(&[]);
        let (ka, kb) = (keys(pass.a, &pass.ra), keys(pass.b, &pass.rb));
        *work += ka.len() + kb.len();
        if *work > max_work {
            complete = false;
            alignments.push(Vec::new());
        } else {
            alignments.push(aligner.ops(ka, kb));
        }
    }
    // Cuts: every passage end, then carried across alignments so that where a
    // stretch stops being shared in one document, its copies are cut there too.
    let mut cuts: Vec<BTreeSet<usize>> =
        ends.iter().map(|e| e.iter().flat_map(|(r, _)| [r.start, r.end]).collect()).collect();
    for _ in 0..MAX_CUT_ROUNDS {
        let mut added = false;
        for (pass, ops) in passages.iter().zip(&alignments) {
            if ops.is_empty() {
                continue;
            }
            for (from, to, rf, rt, forward) in [(pass.a, pass.b, &pass.ra, &pass.rb, true), (pass.b, pass.a, &pass.rb, &pass.ra, false)] {
                let inner: Vec<usize> = cuts.get(from).map_or(Vec::new(), |c| c.range(rf.start + 1..rf.end).copied().collect());
                for c in inner {
                    let at = rt.start + if forward { map(ops, c - rf.start) } else { map_back(ops, c - rf.start) };
                    if let Some(target) = cuts.get_mut(to) {
                        // Near an existing cut (within an edit's width) is the same cut.
                        if target.range(at.saturating_sub(2)..at + 3).next().is_none() {
                            target.insert(at);
                            added = true;
                        }
                    }
                }
            }
        }
        if !added {
            break;
        }
    }
    // Atoms: per document, sorted; `first[d]` is the index of document d's first atom.
    let mut atoms: Vec<(usize, Range<usize>)> = Vec::new();
    let mut first = vec![0usize; n_docs + 1];
    for (d, doc_ends) in ends.iter().enumerate() {
        if let Some(f) = first.get_mut(d) {
            *f = atoms.len();
        }
        let covered = union(doc_ends.iter().map(|e| e.0.clone()).collect());
        let doc_cuts: Vec<usize> = cuts.get(d).map_or(Vec::new(), |c| c.iter().copied().collect());
        let mut c = 0;
        for w in doc_cuts.windows(2) {
            let (s, e) = (w[0], w[1]);
            while covered.get(c).is_some_and(|r| r.end <= s) {
                c += 1;
            }
            if covered.get(c).is_some_and(|r| r.start <= s) {
                atoms.push((d, s..e));
            }
        }
    }
    if let Some(f) = first.get_mut(n_docs) {
        *f = atoms.len();
    }
    let atoms_of = |d: usize| -> &[(usize, Range<usize>)] {
        let (s, e) = (first.get(d).copied().unwrap_or(0), first.get(d + 1).copied().unwrap_or(0));
        atoms.get(s..e).unwrap_or(&[])
    };
    // Link atoms through each passage's alignment.
    let mut parent: Vec<usize> = (0..atoms.len()).collect();
    let mut linked = vec![false; atoms.len()];
    for (pass, ops) in passages.iter().zip(&alignments) {
        if ops.is_empty() {
            continue;
        }
        let base_a = first.get(pass.a).copied().unwrap_or(0);
        let base_b = first.get(pass.b).copied().unwrap_or(0);
        let b_atoms = atoms_of(pass.b);
        for (ia, (_, ra)) in atoms_of(pass.a).iter().enumerate() {
            if ra.start < pass.ra.start || ra.end > pass.ra.end {
                continue;
            }
            let mb = map(ops, ra.start - pass.ra.start) + pass.rb.start..map(ops, ra.end - pass.ra.start) + pass.rb.start;
            let from = b_atoms.partition_point(|(_, r)| r.end <= mb.start);
            for (ib, (_, rb)) in b_atoms.iter().enumerate().skip(from).take_while(|(_, (_, r))| r.start < mb.end) {
                // Both atoms mostly the same stretch: a small atom landing inside a big one
                // means a cut is missing there, and linking them would chain unrelated text.
                if 2 * overlap(rb, &mb) >= rb.len().max(mb.len()).max(1) {
                    let (x, y) = (base_a + ia, base_b + ib);
                    let (rx, ry) = (find(&mut parent, x), find(&mut parent, y));
                    if rx != ry {
                        parent[rx.max(ry)] = rx.min(ry);
                    }
                    linked[x] = true;
                    linked[y] = true;
                }
            }
        }
    }
    // Components → clusters; adjacent atoms of one component in one document → one member.
    let mut by_root: Vec<Vec<usize>> = vec![Vec::new(); atoms.len()];
    for (a, _) in linked.iter().enumerate().filter(|(_, &l)| l) {
        let r = find(&mut parent, a);
        by_root[r].push(a);
    }
    let mut out: Vec<(Cluster, usize)> = Vec::new();
    for (root, list) in by_root.iter().enumerate() {
        let mut members: Vec<Member> = Vec::new();
        for &a in list {
            let Some((d, r)) = atoms.get(a) else { continue };
            match members.last_mut() {
                Some(m) if m.doc == *d && m.range.end == r.start => m.range.end = r.end,
                _ => members.push(Member { doc: *d, range: r.clone(), links: 0 }),
            }
        }
        // A sliver between two cuts (a word that two documents happen to have
        // just before a shared paragraph) is shared text, but not a passage:
        // at least two copies must be `min_units` long.
        if members.iter().filter(|m| m.range.len() >= min_units).count() < 2 {
            continue;
        }
        for m in &mut members {
            m.links = ends.get(m.doc).map_or(0, |e| e.iter().filter(|(r, _)| overlap(r, &m.range) > 0).count());
        }
        let reference = members
            .iter()
            .enumerate()
            .max_by(|(i, x), (j, y)| (x.links, x.range.len()).cmp(&(y.links, y.range.len())).then_with(|| j.cmp(i)))
            .map_or(0, |(i, _)| i);
        out.push((Cluster { members, reference }, root));
    }
    // Largest first: documents × length of the reference copy.
    out.sort_by(|(x, _), (y, _)| {
        let len = |c: &Cluster| c.members.get(c.reference).map_or(0, |m| m.range.len());
        (y.documents() * len(y))
            .cmp(&(x.documents() * len(x)))
            .then_with(|| y.documents().cmp(&x.documents()))
            .then_with(|| x.members.first().map(|m| (m.doc, m.range.start)).cmp(&y.members.first().map(|m| (m.doc, m.range.start))))
    });
    let mut cluster_of_root = vec![usize::MAX; atoms.len()];
    for (i, (_, root)) in out.iter().enumerate() {
        if let Some(c) = cluster_of_root.get_mut(*root) {
            *c = i;
        }
    }
    // A passage belongs to the cluster holding most of its first side.
    let of_passage = passages
        .iter()
        .map(|pass| {
            let base = first.get(pass.a).copied().unwrap_or(0);
            let mut weight: Vec<(usize, usize)> = Vec::new();
            for (i, (_, r)) in atoms_of(pass.a).iter().enumerate() {
                if r.start >= pass.ra.start && r.end <= pass.ra.end {
                    let root = find(&mut parent, base + i);
                    let c = cluster_of_root.get(root).copied().unwrap_or(usize::MAX);
                    match weight.iter_mut().find(|w| w.0 == c) {
                        Some(w) => w.1 += r.len(),
                        None => weight.push((c, r.len())),
                    }
                }
            }
            weight.iter().filter(|w| w.0 != usize::MAX).max_by_key(|w| (w.1, std::cmp::Reverse(w.0))).map_or(0, |w| w.0)
        })
        .collect();
    (out.into_iter().map(|(c, _)| c).collect(), of_passage, complete)
}

/// Where unit `pos` of an alignment's second side falls on its first side.
fn map_back(ops: &[Op], pos: usize) -> usize {
    map_across(ops, pos, |op| (&op.b, &op.a))
}

/// Rounds of carrying cuts across alignments (each round reaches one more document away).
const MAX_CUT_ROUNDS: usize = 4;

/// Where unit `pos` of an alignment's first side falls on its second side.
fn map(ops: &[Op], pos: usize) -> usize {
    map_across(ops, pos, |op| (&op.a, &op.b))
}

/// Where unit `pos` of the `from` side of `ops` falls on the `to` side
/// (`sides` picks `(from, to)`): inside a change, clamped to its length.
fn map_across(ops: &[Op], pos: usize, sides: impl Fn(&Op) -> (&Range<usize>, &Range<usize>)) -> usize {
    for op in ops {
        let (from, to) = sides(op);
        if pos < from.end || (pos == from.end && from.is_empty()) {
            let into = pos.saturating_sub(from.start);
            return to.start + if op.equal { into } else { into.min(to.len()) };
        }
    }
    ops.last().map_or(0, |o| sides(o).1.end)
}


/// The union of `ranges` (any order), merged and sorted.
pub fn union(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
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
pub fn gaps(covered: &[Range<usize>], len: usize, min: usize) -> Vec<Range<usize>> {
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

    use crate::span::Span;

    /// A document made of paragraphs, each 30 units long with keys of its own.
    fn units_of(paras: &[u32]) -> Units {
        let keys: Vec<u32> = paras.iter().flat_map(|&p| (0..30).map(move |k| p * 1000 + k)).collect();
        let n = keys.len();
        Units {
            keys,
            spans: (0..n).map(|i| Span::new(i, i + 1)).collect(),
            ends: (1..=n as u32).collect(),
            sentence_start: vec![false; n],
        }
    }

    /// The clusters of documents given as paragraph lists, through the whole
    /// pipeline: each cluster as its members `(doc, paragraphs covered)`.
    fn run(docs: &[&[u32]]) -> Vec<Vec<(usize, Vec<u32>)>> {
        let units: Vec<Units> = docs.iter().map(|d| units_of(d)).collect();
        let fps: Vec<Vec<(u64, u32)>> =
            units.iter().map(|u| super::super::fingerprint::winnow(&super::super::fingerprint::shingles(&u.keys, 5), 6)).collect();
        let (seeds, _) = super::super::index::seeds(&fps, 1_000_000);
        let params = super::super::passages::Params { ngram: 5, window: 6, min_units: 25, max_align_units: 1_000_000 };
        let (ps, _, _) = super::super::passages::find(&units, &seeds, params);
        let (cs, of, complete) = clusters(&ps, &units, &mut Aligner::default(), 25, &mut 0, 1_000_000);
        assert!(complete);
        assert_eq!(of.len(), ps.len());
        cs.iter()
            .map(|c| {
                c.members
                    .iter()
                    .map(|m| {
                        let paras: Vec<u32> = docs[m.doc]
                            .iter()
                            .enumerate()
                            .filter(|(i, _)| 2 * overlap(&m.range, &(i * 30..i * 30 + 30)) >= 30)
                            .map(|(_, &p)| p)
                            .collect();
                        (m.doc, paras)
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_cluster_is_text_shared_by_one_set_of_documents() {
        // Paragraph 1 is in X and Y; 2–3 in X, Y and Z; 4 in Z and W.
        let got = run(&[&[1, 2, 3, 90], &[1, 2, 3, 91], &[92, 2, 3, 4], &[93, 4, 94]]);
        assert_eq!(
            got,
            vec![
                vec![(0, vec![2, 3]), (1, vec![2, 3]), (2, vec![2, 3])],
                vec![(0, vec![1]), (1, vec![1])],
                vec![(2, vec![4]), (3, vec![4])],
            ]
        );
    }

    #[test]
    fn versions_that_keep_different_paragraphs_do_not_chain_into_one_cluster() {
        // Six versions of a story of paragraphs 1..=8, each dropping others.
        let docs: Vec<Vec<u32>> = (0..6u32).map(|v| (1..=8).filter(|p| (p + v) % 3 != 0).collect()).collect();
        let refs: Vec<&[u32]> = docs.iter().map(Vec::as_slice).collect();
        let got = run(&refs);
        assert!(got.len() > 1, "{got:?}");
        for cluster in &got {
            // Every copy holds the same paragraphs, and those are in exactly the cluster's documents.
            let paras = &cluster[0].1;
            assert!(cluster.iter().all(|(_, p)| p == paras), "{cluster:?}");
            let holders: Vec<usize> = (0..docs.len()).filter(|&d| paras.iter().all(|p| docs[d].contains(p))).collect();
            let members: Vec<usize> = cluster.iter().map(|m| m.0).collect();
            assert_eq!(members, holders, "{cluster:?}");
        }
    }

    #[test]
    fn mapping_through_an_alignment() {
        let ops = vec![
            Op { equal: true, a: 0..10, b: 0..10 },
            Op { equal: false, a: 10..14, b: 10..11 },
            Op { equal: true, a: 14..20, b: 11..17 },
        ];
        assert_eq!([0, 5, 10, 12, 14, 20].map(|p| map(&ops, p)), [0, 5, 10, 11, 11, 17]);
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
