//! Discovery's selection stages: from counts (of one process, or merged from
//! batches) to candidates, and from candidates and their neighbours to terms.
//! Nothing here depends on which ids the counts use or on the order of a hash
//! map: ties are broken by text, float sums run over sorted integers.

use super::count::{key_of, Count, FxMap, FxSet, Key, Neighbours, NONE};
use super::{DiscoverOptions, Discovered, Part};

/// The counts selection reads, by dense id.
#[derive(Default)]
pub(super) struct Tables {
    /// Han word tokens per id (in the counted lines).
    pub(super) unigrams: Vec<u32>,
    /// What each id is and its length in characters (saturating at 255: only
    /// lengths up to 12 matter), two bytes per id.
    pub(super) info: Vec<(Part, u8)>,
    /// All Han word tokens.
    pub(super) total: u64,
    /// Documents in the corpus.
    pub(super) documents: u64,
    /// `levels[n - 2]`: the n-grams counted.
    pub(super) levels: Vec<FxMap<Key, Count>>,
}

impl Tables {
    pub(super) fn unigram(&self, id: u32) -> u32 {
        self.unigrams.get(id as usize).copied().unwrap_or(0)
    }

    pub(super) fn kind(&self, id: u32) -> Part {
        self.info.get(id as usize).map_or(Part::Function, |i| i.0)
    }

    pub(super) fn chars_of(&self, ids: &[u32]) -> u32 {
        ids.iter().map(|&id| self.info.get(id as usize).map_or(0, |i| u32::from(i.1))).sum()
    }

    /// Usable in a term: not a function word, and frequent itself.
    pub(super) fn usable(&self, id: u32, min: u32) -> bool {
        self.kind(id) != Part::Function && self.unigram(id) >= min
    }

    pub(super) fn count_of(&self, ids: &[u32]) -> u32 {
        match ids.len() {
            0 => 0,
            1 => ids.first().map_or(0, |&id| self.unigram(id)),
            n => self.levels.get(n - 2).and_then(|l| l.get(&key_of(ids))).map_or(0, |c| c.count),
        }
    }

    fn frequent(&self, sub: &[u32], min: u32) -> bool {
        sub.len() == 1 || self.levels.get(sub.len() - 2).and_then(|l| l.get(&key_of(sub))).is_some_and(|c| c.count >= min)
    }

    /// Whether an n-gram of usable ids is counted at its level (Apriori: both
    /// of its (n−1)-grams frequent) — at most 12 characters.
    pub(super) fn wanted(&self, ids: &[u32], min: u32) -> bool {
        let n = ids.len();
        (n == 2 || (self.frequent(&ids[..n - 1], min) && self.frequent(&ids[1..], min))) && self.chars_of(ids) <= 12
    }
}

/// A word's length in characters as [`Tables::info`] keeps it (at most 255).
pub(super) fn char_len(word: &str) -> u8 {
    u8::try_from(word.chars().count()).unwrap_or(u8::MAX)
}

/// Count, documents and weakest PMI of each candidate.
pub(super) type Candidates = FxMap<Key, (u32, u32, f64)>;

/// Candidates: frequent, in enough documents, of the right length, cohesive.
pub(super) fn candidates(t: &Tables, options: &DiscoverOptions) -> Candidates {
    let min = options.min_count;
    let multi_doc = t.documents > 1;
    let n_total = t.total.max(1) as f64;
    // Cohesion of `ids` at every joint: (bonded, weakest PMI).
    let cohesion = |ids: &[u32], count: u32| -> (bool, f64) {
        let mut min_pmi = f64::INFINITY;
        let c = f64::from(count);
        for j in 1..ids.len() {
            let (a, b) = ids.split_at(j);
            let (ca, cb) = (f64::from(t.count_of(a).max(1)), f64::from(t.count_of(b).max(1)));
            if c / ca.min(cb) < options.min_bond {
                return (false, 0.0);
            }
            min_pmi = min_pmi.min((n_total * c / (ca * cb)).ln());
        }
        (min_pmi >= options.min_pmi, min_pmi)
    };
    let mut out = Candidates::default();
    for level in &t.levels {
        for (key, c) in level {
            if c.count < min || (multi_doc && c.docs < 2) {
                continue;
            }
            let ids: Vec<u32> = key.iter().copied().take_while(|&k| k != NONE).collect();
            if !(3..=12).contains(&t.chars_of(&ids)) {
                continue;
            }
            let (bonded, pmi) = cohesion(&ids, c.count);
            if bonded {
                out.insert(*key, (c.count, c.docs, pmi));
            }
        }
    }
    out
}

/// The terms among the candidates, given their neighbours: sorted by count
/// (descending), then text; no two overlap.
pub(super) fn terms(
    t: &Tables,
    candidates: &Candidates,
    neighbours: &FxMap<Key, Neighbours>,
    text: &dyn Fn(u32) -> String,
    options: &DiscoverOptions,
) -> Vec<Discovered> {
    let mut out: Vec<Discovered> = Vec::new();
    for (key, &(count, n_docs, pmi)) in candidates {
        let Some(s) = neighbours.get(key) else { continue };
        let ids: Vec<u32> = key.iter().copied().take_while(|&k| k != NONE).collect();
        // Fragments the dictionary does not know (an unknown name cut by the
        // HMM, 呼日勒/苏赫) need only to stick together both ways; a phrase of
        // known words must also show varied neighbours on both sides.
        let fragments = ids.iter().any(|&id| t.kind(id) == Part::Unknown);
        if fragments {
            let both_ways = ids.iter().all(|&id| f64::from(count) / f64::from(t.unigram(id).max(1)) >= options.min_bond);
            if !both_ways {
                continue;
            }
        } else if distinct(&s.left, s.left_edge) < MIN_CONTEXTS || distinct(&s.right, s.right_edge) < MIN_CONTEXTS {
            continue;
        }
        // A side is free if its neighbours vary, or if its most frequent
        // neighbour (the first by text among equals) does not bond with the candidate.
        let side_free = |neigh: &FxMap<u32, u32>, edge: u32| -> (bool, f64) {
            let h = entropy(neigh.values().copied().collect(), edge);
            if h >= options.min_entropy {
                return (true, h);
            }
            let top = neigh.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| text(*b.0).cmp(&text(*a.0))));
            let Some((&x, &with_x)) = top else { return (true, h) };
            // How much of x's occurrences are next to the candidate.
            let bound = f64::from(with_x) / f64::from(t.unigram(x).max(1)) >= 0.5;
            (!bound, h)
        };
        let (lf, lh) = side_free(&s.left, s.left_edge);
        let (rf, rh) = side_free(&s.right, s.right_edge);
        if !(lf && rf) {
            continue;
        }
        let parts: Vec<String> = ids.iter().map(|&id| text(id)).collect();
        out.push(Discovered { text: parts.concat(), parts, count, docs: n_docs, pmi, left_entropy: lh, right_entropy: rh });
    }
    // Overlapping candidates (全球治理 / 全球治理倡议 / 治理倡议): the most
    // frequent, then the shortest, wins; the others would steal its tokens.
    // The same text cut two ways: the first cut by its parts' text.
    out.sort_by(|a, b| {
        b.count.cmp(&a.count).then(a.text.len().cmp(&b.text.len())).then_with(|| a.text.cmp(&b.text)).then_with(|| a.parts.cmp(&b.parts))
    });
    let mut claimed = Claimed::default();
    let mut kept: Vec<Discovered> = Vec::new();
    for d in out {
        if claimed.claim(&d.text) {
            kept.push(d);
        }
    }
    kept.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.text.cmp(&b.text)));
    kept
}

/// Entropy (nats) of the neighbour counts `counts`, plus `edge` occurrences
/// at a boundary, each counted as a neighbour of its own.
///
/// The counts are summed in sorted order: a float sum depends on its order,
/// and a hash map's order differs between builds (wasm32 / x86_64), so the page
/// and the CLI would otherwise disagree on a term at the threshold.
pub(super) fn entropy(mut counts: Vec<u32>, edge: u32) -> f64 {
    counts.sort_unstable();
    let total: u64 = counts.iter().map(|&c| u64::from(c)).sum::<u64>() + u64::from(edge);
    if total == 0 {
        return 0.0;
    }
    let t = total as f64;
    let mut h = 0.0;
    for &c in &counts {
        let p = f64::from(c) / t;
        h += -p * p.ln();
    }
    if edge > 0 {
        let p = 1.0 / t;
        h += f64::from(edge) * (-p * p.ln());
    }
    h
}

/// Distinct neighbours (all boundaries count as one) a phrase of known words
/// needs on each side: a reprinted sentence repeats its phrases with the same
/// neighbours, a name recurs in different ones.
const MIN_CONTEXTS: usize = 3;

fn distinct(neigh: &FxMap<u32, u32>, edge: u32) -> usize {
    neigh.len() + usize::from(edge > 0)
}

/// The terms kept so far, indexed so that whether a new term [`overlaps`](super::overlaps) any
/// of them costs O(its length²), not O(kept terms).
#[derive(Default)]
pub(super) struct Claimed {
    /// The terms themselves.
    whole: FxSet<String>,
    /// Every substring of a term.
    inner: FxSet<String>,
    /// Every prefix of a term.
    heads: FxSet<String>,
    /// Every proper suffix (from the second character) of a term.
    tails: FxSet<String>,
}

impl Claimed {
    /// Keeps `term` and returns true if it overlaps no kept term.
    fn claim(&mut self, term: &str) -> bool {
        let bounds: Vec<usize> = term.char_indices().map(|(i, _)| i).chain([term.len()]).collect();
        let sub = |i: usize, j: usize| bounds.get(i).zip(bounds.get(j)).and_then(|(&a, &b)| term.get(a..b)).unwrap_or("");
        let n = bounds.len() - 1;
        // A kept term holds it; it holds a kept term; a kept term's tail is its head; its tail is a kept term's head.
        let clash = self.inner.contains(term)
            || (0..n).any(|i| (i + 1..=n).any(|j| self.whole.contains(sub(i, j))))
            || (1..=n).any(|j| self.tails.contains(sub(0, j)))
            || (1..n).any(|i| self.heads.contains(sub(i, n)));
        if clash {
            return false;
        }
        self.whole.insert(term.to_owned());
        for i in 0..n {
            for j in i + 1..=n {
                self.inner.insert(sub(i, j).to_owned());
            }
            self.heads.insert(sub(0, i + 1).to_owned());
            if i > 0 {
                self.tails.insert(sub(i, n).to_owned());
            }
        }
        true
    }
}


#[cfg(test)]
mod tests {
    use super::super::overlaps;
    use super::*;

    #[test]
    fn entropy_does_not_depend_on_the_order_of_the_counts() {
        // Counts whose float sum depends on its order: a hash map hands them over
        // in one order on x86_64 and another on wasm32.
        let counts: Vec<u32> = vec![1, 999_983, 2, 7, 1, 65_537, 3, 1, 12_345, 1, 2, 40_000];
        let naive = |cs: &[u32]| {
            let t: f64 = cs.iter().map(|&c| f64::from(c)).sum::<f64>() + 5.0;
            cs.iter().map(|&c| f64::from(c) / t).map(|p| -p * p.ln()).sum::<f64>()
        };
        let mut orders: Vec<Vec<u32>> = Vec::new();
        let mut rotated = counts.clone();
        for _ in 0..counts.len() {
            rotated.rotate_left(1);
            orders.push(rotated.clone());
            orders.push(rotated.iter().rev().copied().collect());
        }
        // The test means something: summed as given, some orders disagree in the last bits.
        let naive_bits: Vec<u64> = orders.iter().map(|o| naive(o).to_bits()).collect();
        assert!(naive_bits.iter().any(|&b| b != naive_bits[0]), "this input does not show order dependence");
        let first = entropy(counts.clone(), 5).to_bits();
        for o in orders {
            assert_eq!(entropy(o.clone(), 5).to_bits(), first, "{o:?}");
        }
        // And through the maps discovery uses: inserted in opposite orders.
        let mut a: FxMap<u32, u32> = FxMap::default();
        let mut b: FxMap<u32, u32> = FxMap::default();
        for (i, &c) in counts.iter().enumerate() {
            a.insert(i as u32 * 7919, c);
        }
        for (i, &c) in counts.iter().enumerate().rev() {
            b.insert(i as u32 * 7919, c);
        }
        assert_eq!(entropy(a.values().copied().collect(), 5).to_bits(), entropy(b.values().copied().collect(), 5).to_bits());
    }


    #[test]
    fn claimed_agrees_with_overlaps_against_every_kept_term() {
        // All strings of 1–4 characters over a 3-letter alphabet, in a fixed shuffled order.
        let alphabet = ['全', '球', '治'];
        let mut all: Vec<String> = vec![String::new()];
        let mut words: Vec<String> = Vec::new();
        for _ in 0..4 {
            all = all.iter().flat_map(|w| alphabet.iter().map(move |c| format!("{w}{c}"))).collect();
            words.extend(all.iter().cloned());
        }
        let mut order: Vec<usize> = (0..words.len()).collect();
        order.sort_by_key(|&i| (i * 37) % words.len());
        let mut claimed = Claimed::default();
        let mut kept: Vec<&str> = Vec::new();
        for &i in &order {
            let w = words[i].as_str();
            let naive = !kept.iter().any(|k| overlaps(k, w));
            assert_eq!(claimed.claim(w), naive, "{w} against {kept:?}");
            if naive {
                kept.push(w);
            }
        }
        assert!(kept.len() > 1);
    }

}
