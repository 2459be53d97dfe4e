//! The inverted index: fingerprint → (document, position), built by sorting.
//!
//! Two products come out of it. *Seeds* — pairs of equal fingerprints in two
//! documents — are what passages grow from; their count is what keeps the
//! search from being all-pairs alignment. *Shared shingle counts* per document
//! pair feed the similarity matrix. Both can grow quadratically in the number of
//! documents sharing a hash, so both take a budget and say when they hit it.
//! Rare hashes are used first, so a budget drops the least telling evidence.

use std::collections::BTreeMap;

/// Two documents hold the same fingerprint: document `a` at shingle `pa`,
/// document `b` at shingle `pb`, with `a < b` (indices into the analysed set).
/// Document numbers are `u32`: an archive holds millions of documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Seed {
    pub a: u32,
    pub b: u32,
    pub pa: u32,
    pub pb: u32,
}

/// One posting: a fingerprint `hash` of document `doc` at shingle `pos`.
pub type Posting = (u64, u32, u32);

/// Seeds of all document pairs, sorted by `(a, b, pa, pb)`; `true` if the
/// budget of `max_seeds` stopped the collection early.
pub(crate) fn seeds(fingerprints: &[Vec<(u64, u32)>], max_seeds: usize) -> (Vec<Seed>, bool) {
    let mut entries: Vec<Posting> = Vec::with_capacity(fingerprints.iter().map(Vec::len).sum());
    for (doc, fps) in fingerprints.iter().enumerate() {
        entries.extend(fps.iter().map(|&(h, pos)| (h, doc as u32, pos)));
    }
    entries.sort_unstable();
    let mut groups: Vec<&[Posting]> = posting_lists(&entries).collect();
    groups.sort_by_key(|g| (g.len(), g.first().copied()));
    let mut out = Vec::new();
    let mut truncated = false;
    for group in groups {
        if out.len() + seed_cost(group) > max_seeds {
            truncated = true;
            break;
        }
        group_seeds(group, &mut out);
    }
    out.sort_unstable();
    (out, truncated)
}

/// The posting lists of sorted `entries`: one slice per hash held by at
/// least two different documents (the others give no seed).
pub fn posting_lists(entries: &[Posting]) -> impl Iterator<Item = &[Posting]> {
    entries.chunk_by(|x, y| x.0 == y.0).filter(|g| g.first().map(|x| x.1) != g.last().map(|x| x.1))
}

/// How many seeds [`group_seeds`] makes of one posting list.
pub fn seed_cost(group: &[Posting]) -> usize {
    let runs = doc_runs(group);
    if runs.len() <= MAX_CLIQUE {
        cross_pairs(group.iter().map(|x| x.1))
    } else {
        runs.windows(2).map(|w| w[0].len() * w[1].len()).sum()
    }
}

/// The seeds of one posting list (sorted by document, then position), added
/// to `out`. Depends on that list only, so posting lists can be cut among
/// workers any way (by hash) and give the same seeds.
pub fn group_seeds(group: &[Posting], out: &mut Vec<Seed>) {
    let runs = doc_runs(group);
    // A fingerprint in many documents links each to the next one only: the
    // copies still join one cluster (through their neighbours), at a cost
    // linear in the documents instead of quadratic.
    let clique = runs.len() <= MAX_CLIQUE;
    for (i, run) in runs.iter().enumerate() {
        let partners: &[&[Posting]] = if clique {
            runs.get(i + 1..).unwrap_or(&[])
        } else {
            runs.get(i + 1..(i + 2).min(runs.len())).unwrap_or(&[])
        };
        for x in run.iter() {
            for other in partners {
                for y in other.iter() {
                    out.push(Seed { a: x.1, b: y.1, pa: x.2, pb: y.2 });
                }
            }
        }
    }
}

/// Above this many documents sharing a fingerprint, seeds link each document
/// to the next one instead of to every other one.
pub const MAX_CLIQUE: usize = 32;

/// The entries of a group (sorted by document) cut into runs of one document.
fn doc_runs(group: &[Posting]) -> Vec<&[Posting]> {
    group.chunk_by(|x, y| x.1 == y.1).collect()
}

/// Number of pairs of items with different documents, given the documents in sorted order.
fn cross_pairs(docs: impl Iterator<Item = u32>) -> usize {
    let (mut total, mut seen, mut run, mut last) = (0usize, 0usize, 0usize, None);
    for d in docs {
        if Some(d) != last {
            seen += run;
            run = 0;
            last = Some(d);
        }
        total += seen;
        run += 1;
    }
    total
}

/// For each pair of documents, how many distinct shingles they share:
/// a row-major `n × n` table (the diagonal holds each document's own count of
/// distinct shingles). `shingles[d]` holds document `d`'s shingle hashes.
/// Shingles shared by exactly the same set of documents are counted together,
/// so 400 copies of one text cost one pass over the pairs, not one per shingle.
/// Returns `true` if `max_updates` pair updates were not enough.
pub(crate) fn shared_counts(shingles: &[Vec<u64>], max_updates: usize) -> (Vec<u32>, bool) {
    let n = shingles.len();
    let mut table = vec![0u32; n * n];
    // 48 bits of hash and 16 bits of document in one word: one sort, half the memory.
    let mut keys: Vec<u64> = Vec::with_capacity(shingles.iter().map(Vec::len).sum());
    for (doc, hashes) in shingles.iter().enumerate() {
        keys.extend(hashes.iter().map(|h| (h & !0xFFFF) | doc as u64));
    }
    keys.sort_unstable();
    keys.dedup();
    let mut by_docs: BTreeMap<Vec<u16>, u32> = BTreeMap::new();
    for group in keys.chunk_by(|x, y| x >> 16 == y >> 16) {
        let docs: Vec<u16> = group.iter().map(|k| (k & 0xFFFF) as u16).collect();
        for &d in &docs {
            if let Some(cell) = table.get_mut(d as usize * n + d as usize) {
                *cell += 1;
            }
        }
        if docs.len() > 1 {
            *by_docs.entry(docs).or_insert(0) += 1;
        }
    }
    let mut sets: Vec<(Vec<u16>, u32)> = by_docs.into_iter().collect();
    sets.sort_by(|x, y| x.0.len().cmp(&y.0.len()).then_with(|| x.0.cmp(&y.0)));
    let mut updates = 0usize;
    for (docs, weight) in sets {
        let m = docs.len();
        updates += m * (m - 1) / 2;
        if updates > max_updates {
            return (table, true);
        }
        for (i, &x) in docs.iter().enumerate() {
            for &y in &docs[i + 1..] {
                let (x, y) = (x as usize, y as usize);
                if let Some(c) = table.get_mut(x * n + y) {
                    *c += weight;
                }
                if let Some(c) = table.get_mut(y * n + x) {
                    *c += weight;
                }
            }
        }
    }
    (table, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_pair_equal_fingerprints_across_documents_only() {
        let fps = vec![
            vec![(10, 0), (20, 5), (10, 9)],
            vec![(20, 1), (30, 2)],
            vec![(10, 4), (30, 7)],
        ];
        let (s, truncated) = seeds(&fps, 100);
        assert!(!truncated);
        let got: Vec<(u32, u32, u32, u32)> = s.iter().map(|s| (s.a, s.b, s.pa, s.pb)).collect();
        assert_eq!(got, vec![(0, 1, 5, 1), (0, 2, 0, 4), (0, 2, 9, 4), (1, 2, 2, 7)]);
    }

    #[test]
    fn seed_budget_keeps_rare_hashes_and_says_so() {
        // Hash 1 is in all three documents (3 pairs), hash 2 in two (1 pair).
        let fps = vec![vec![(1, 0), (2, 1)], vec![(1, 0), (2, 1)], vec![(1, 0)]];
        let (s, truncated) = seeds(&fps, 2);
        assert!(truncated);
        assert_eq!(s, vec![Seed { a: 0, b: 1, pa: 1, pb: 1 }]);
        assert_eq!(cross_pairs([0u32, 0, 1, 2, 2].into_iter()), 8);
    }

    #[test]
    fn a_fingerprint_in_many_documents_links_neighbours() {
        let docs = MAX_CLIQUE + 8;
        let fps: Vec<Vec<(u64, u32)>> = (0..docs).map(|d| vec![(42, d as u32)]).collect();
        let (s, truncated) = seeds(&fps, 1_000);
        assert!(!truncated);
        assert_eq!(s.len(), docs - 1);
        assert!(s.iter().all(|s| s.b == s.a + 1 && s.pa == s.a));
        // Up to MAX_CLIQUE documents, every pair.
        let (s, _) = seeds(&fps[..MAX_CLIQUE], 10_000);
        assert_eq!(s.len(), MAX_CLIQUE * (MAX_CLIQUE - 1) / 2);
    }

    #[test]
    fn shared_counts_are_set_intersections() {
        let a = vec![1 << 16, 2 << 16, 3 << 16, 3 << 16];
        let b = vec![2 << 16, 3 << 16, 4 << 16];
        let c = vec![9 << 16];
        let (t, truncated) = shared_counts(&[a, b, c], 100);
        assert!(!truncated);
        assert_eq!(t, vec![3, 2, 0, 2, 3, 0, 0, 0, 1]);
        let (_, truncated) = shared_counts(&[vec![5 << 16], vec![5 << 16], vec![5 << 16]], 2);
        assert!(truncated);
    }
}
