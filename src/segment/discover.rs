//! Corpus-level term discovery: the names and terms a text keeps repeating
//! (上海合作组织, 呼日勒苏赫) that the dictionary cuts into pieces.
//!
//! Candidates are runs of 2–4 adjacent Han word tokens (3–12 characters, no
//! function character such as 的/了/在 as a part) seen at least
//! [`DiscoverOptions::min_count`] times and, when more than one document is
//! loaded, in at least two documents. A candidate is kept when
//!
//! * **cohesion** — at every joint, each side occurs mostly inside the
//!   candidate: `count(ab) / count(a) ≥ min_bond` and `count(ab) / count(b) ≥
//!   min_bond` (a symmetric conditional probability; its log-ratio form is the
//!   pointwise mutual information `ln(N·count(ab) / (count(a)·count(b)))`, which
//!   must be at least [`DiscoverOptions::min_pmi`]); and
//! * **free boundaries** — on each side the neighbours vary (entropy of the
//!   neighbouring tokens, where a text or punctuation boundary counts as a new
//!   neighbour each time, at least [`DiscoverOptions::min_entropy`] nats), or
//!   the one neighbour it always has is itself not bound to it (总统 before
//!   呼日勒苏赫 occurs elsewhere, so it is a title, not part of the name).
//!
//! Everything is linear in the number of tokens: at most `4 × tokens` n-grams
//! are counted, and the count is capped by [`DiscoverOptions::max_ngrams`]
//! (the result then says `truncated`).


/// Thresholds of [`discover`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DiscoverOptions {
    pub min_count: u32,
    pub min_bond: f64,
    pub min_pmi: f64,
    pub min_entropy: f64,
    pub max_ngrams: usize,
}

impl Default for DiscoverOptions {
    fn default() -> Self {
        DiscoverOptions { min_count: 3, min_bond: 0.8, min_pmi: 3.0, min_entropy: 1.0, max_ngrams: 4_000_000 }
    }
}

/// A discovered term with the evidence for it.
#[derive(Clone, Debug, PartialEq)]
pub struct Discovered {
    /// The term's text (its parts joined).
    pub text: String,
    /// The tokens it was cut into.
    pub parts: Vec<String>,
    pub count: u32,
    /// In how many documents it occurs.
    pub docs: u32,
    /// The weakest joint's pointwise mutual information (nats).
    pub pmi: f64,
    pub left_entropy: f64,
    pub right_entropy: f64,
}

/// The result of [`discover`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Discovery {
    /// Sorted by count (descending), then text.
    pub terms: Vec<Discovered>,
    /// Whether the n-gram budget was hit (rarer candidates may be missing).
    pub truncated: bool,
}

const MAX_N: usize = 4;
const NONE: u32 = u32::MAX;

type Key = [u32; MAX_N];

// Discovery hashes millions of n-grams of our own term ids: Fx (rustc-hash,
// as the vocabulary uses) instead of SipHash, whose flooding resistance buys nothing here.
type FxMap<K, V> = rustc_hash::FxHashMap<K, V>;

/// Occurrence count, document frequency and the last document seen.
#[derive(Clone, Copy, Default)]
struct Count {
    count: u32,
    docs: u32,
    last_doc: u32,
}

impl Count {
    fn add(&mut self, doc: u32) {
        self.count += 1;
        if self.docs == 0 || self.last_doc != doc {
            self.docs += 1;
            self.last_doc = doc;
        }
    }
}

/// Neighbours of a candidate.
#[derive(Default)]
struct Neighbours {
    left: FxMap<u32, u32>,
    right: FxMap<u32, u32>,
    /// Occurrences at a boundary (each a distinct neighbour).
    left_edge: u32,
    right_edge: u32,
}

fn key_of(ids: &[u32]) -> Key {
    let mut k = [NONE; MAX_N];
    for (slot, &id) in k.iter_mut().zip(ids) {
        *slot = id;
    }
    k
}

fn entropy(neigh: &FxMap<u32, u32>, edge: u32) -> f64 {
    let total: u32 = neigh.values().sum::<u32>() + edge;
    if total == 0 {
        return 0.0;
    }
    let t = f64::from(total);
    let mut h: f64 = neigh
        .values()
        .map(|&c| {
            let p = f64::from(c) / t;
            -p * p.ln()
        })
        .sum();
    if edge > 0 {
        let p = 1.0 / t;
        h += f64::from(edge) * (-p * p.ln());
    }
    h
}

/// Discovers terms in documents given as sequences of units: `Some(id)` for a
/// Han word token (the id of its text), `None` for anything that breaks a
/// phrase (punctuation, a line break, other scripts). `text` gives the text of
/// an id; `part` what the id can be in a term.
///
/// The n-grams are counted level by level (Apriori): an n-gram is counted
/// only when both of its (n−1)-grams reached `min_count`, so memory follows
/// the repeated phrases, not the text; neighbours are then collected for the
/// candidates only.
pub fn discover(
    docs: &[Vec<Option<u32>>],
    text: &dyn Fn(u32) -> String,
    part: &dyn Fn(u32) -> Part,
    options: &DiscoverOptions,
) -> Discovery {
    let multi_doc = docs.len() > 1;
    let min = options.min_count;
    // Ids are a vocabulary's (dense): per-id tables are plain vectors.
    let max_id = docs.iter().flat_map(|u| u.iter().flatten()).copied().max().map_or(0, |m| m as usize + 1);
    let mut unigram_counts = vec![0u32; max_id];
    let mut total_tokens: u64 = 0;
    for units in docs {
        for id in units.iter().flatten() {
            total_tokens += 1;
            if let Some(c) = unigram_counts.get_mut(*id as usize) {
                *c += 1;
            }
        }
    }
    // What each id is, and its length in characters, looked up once per id.
    let info: Vec<(Part, u32)> = unigram_counts
        .iter()
        .enumerate()
        .map(|(id, &c)| if c > 0 { (part(id as u32), text(id as u32).chars().count() as u32) } else { (Part::Function, 0) })
        .collect();
    let unigram = |id: u32| unigram_counts.get(id as usize).copied().unwrap_or(0);
    let kind = |id: u32| info.get(id as usize).map_or(Part::Function, |i| i.0);
    let chars_of = |ids: &[u32]| -> u32 { ids.iter().map(|&id| info.get(id as usize).map_or(0, |i| i.1)).sum() };
    // Each document as ids usable in a term, NONE for breaks and function words.
    let usable: Vec<Vec<u32>> = docs
        .iter()
        .map(|units| {
            units.iter().map(|u| match u {
                Some(id) if kind(*id) != Part::Function && unigram(*id) >= min => *id,
                _ => NONE,
            }).collect()
        })
        .collect();

    // Level by level: levels[n - 2] holds the n-grams.
    let mut levels: Vec<FxMap<Key, Count>> = Vec::new();
    let mut truncated = false;
    let mut stored = 0usize;
    'levels: for n in 2..=MAX_N {
        let mut level: FxMap<Key, Count> = FxMap::default();
        for (d, units) in usable.iter().enumerate() {
            for ids in units.windows(n) {
                if ids.contains(&NONE) {
                    continue;
                }
                let frequent = |sub: &[u32]| -> bool {
                    sub.len() == 1
                        || levels.get(sub.len() - 2).and_then(|l| l.get(&key_of(sub))).is_some_and(|c| c.count >= min)
                };
                if n > 2 && (!frequent(&ids[..n - 1]) || !frequent(&ids[1..])) {
                    continue;
                }
                if chars_of(ids) > 12 {
                    continue;
                }
                let before = level.len();
                level.entry(key_of(ids)).or_default().add(d as u32);
                stored += level.len() - before;
                if stored > options.max_ngrams {
                    truncated = true;
                    levels.push(level);
                    break 'levels;
                }
            }
        }
        levels.push(level);
    }
    let count_of = |ids: &[u32]| -> u32 {
        match ids.len() {
            0 => 0,
            1 => ids.first().map_or(0, |&id| unigram(id)),
            n => levels.get(n - 2).and_then(|l| l.get(&key_of(ids))).map_or(0, |c| c.count),
        }
    };
    let n_total = total_tokens.max(1) as f64;
    // Cohesion of `ids` at every joint: (bonded, weakest PMI).
    let cohesion = |ids: &[u32], count: u32| -> (bool, f64) {
        let mut min_pmi = f64::INFINITY;
        let c = f64::from(count);
        for j in 1..ids.len() {
            let (a, b) = ids.split_at(j);
            let (ca, cb) = (f64::from(count_of(a).max(1)), f64::from(count_of(b).max(1)));
            if c / ca.min(cb) < options.min_bond {
                return (false, 0.0);
            }
            min_pmi = min_pmi.min((n_total * c / (ca * cb)).ln());
        }
        (min_pmi >= options.min_pmi, min_pmi)
    };
    // Candidates: frequent, in enough documents, of the right length, cohesive.
    let mut candidates: FxMap<Key, (u32, u32, f64)> = FxMap::default();
    for level in &levels {
        for (key, c) in level {
            if c.count < min || (multi_doc && c.docs < 2) {
                continue;
            }
            let ids: Vec<u32> = key.iter().copied().take_while(|&k| k != NONE).collect();
            if !(3..=12).contains(&chars_of(&ids)) {
                continue;
            }
            let (bonded, pmi) = cohesion(&ids, c.count);
            if bonded {
                candidates.insert(*key, (c.count, c.docs, pmi));
            }
        }
    }
    // Neighbours of the candidates only.
    let mut neighbours: FxMap<Key, Neighbours> = FxMap::default();
    if !candidates.is_empty() {
        for units in docs {
            for i in 0..units.len() {
                for n in 2..=MAX_N {
                    let Some(window) = units.get(i..i + n) else { break };
                    let ids: Vec<u32> = window.iter().map_while(|u| *u).collect();
                    if ids.len() < n {
                        break;
                    }
                    let key = key_of(&ids);
                    if !candidates.contains_key(&key) {
                        continue;
                    }
                    let s = neighbours.entry(key).or_default();
                    match i.checked_sub(1).and_then(|j| units.get(j)).copied().flatten() {
                        Some(l) => *s.left.entry(l).or_insert(0) += 1,
                        None => s.left_edge += 1,
                    }
                    match units.get(i + n).copied().flatten() {
                        Some(r) => *s.right.entry(r).or_insert(0) += 1,
                        None => s.right_edge += 1,
                    }
                }
            }
        }
    }
    let mut out: Vec<Discovered> = Vec::new();
    let mut keys: Vec<&Key> = candidates.keys().collect();
    keys.sort_unstable();
    for key in keys {
        let (Some(&(count, n_docs, pmi)), Some(s)) = (candidates.get(key), neighbours.get(key)) else { continue };
        let ids: Vec<u32> = key.iter().copied().take_while(|&k| k != NONE).collect();
        // Fragments the dictionary does not know (an unknown name cut by the
        // HMM, 呼日勒/苏赫) need only to stick together both ways; a phrase of
        // known words must also show varied neighbours on both sides.
        let fragments = ids.iter().any(|&id| kind(id) == Part::Unknown);
        if fragments {
            let both_ways = ids.iter().all(|&id| f64::from(count) / f64::from(count_of(&[id]).max(1)) >= options.min_bond);
            if !both_ways {
                continue;
            }
        } else if distinct(&s.left, s.left_edge) < MIN_CONTEXTS || distinct(&s.right, s.right_edge) < MIN_CONTEXTS {
            continue;
        }
        // A side is free if its neighbours vary, or if its most frequent
        // neighbour does not bond with the candidate.
        let side_free = |neigh: &FxMap<u32, u32>, edge: u32, left: bool| -> (bool, f64) {
            let h = entropy(neigh, edge);
            if h >= options.min_entropy {
                return (true, h);
            }
            let top = neigh.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)));
            let Some((&x, &with_x)) = top else { return (true, h) };
            // How much of x's occurrences are next to the candidate.
            let bound = f64::from(with_x) / f64::from(count_of(&[x]).max(1)) >= 0.5;
            let _ = left;
            (!bound, h)
        };
        let (lf, lh) = side_free(&s.left, s.left_edge, true);
        let (rf, rh) = side_free(&s.right, s.right_edge, false);
        if !(lf && rf) {
            continue;
        }
        let parts: Vec<String> = ids.iter().map(|&id| text(id)).collect();
        out.push(Discovered {
            text: parts.concat(),
            parts,
            count,
            docs: n_docs,
            pmi,
            left_entropy: lh,
            right_entropy: rh,
        });
    }
    // Overlapping candidates (全球治理 / 全球治理倡议 / 治理倡议): the most
    // frequent, then the shortest, wins; the others would steal its tokens.
    out.sort_by(|a, b| b.count.cmp(&a.count).then(a.text.len().cmp(&b.text.len())).then_with(|| a.text.cmp(&b.text)));
    let mut kept: Vec<Discovered> = Vec::new();
    for d in out {
        if !kept.iter().any(|k| overlaps(&k.text, &d.text)) {
            kept.push(d);
        }
    }
    kept.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.text.cmp(&b.text)));
    Discovery { terms: kept, truncated }
}

/// Whether two terms could claim the same characters: one contains the
/// other, or an end of one is a start of the other.
pub fn overlaps(a: &str, b: &str) -> bool {
    if a.contains(b) || b.contains(a) {
        return true;
    }
    let ends_starts = |x: &str, y: &str| {
        x.char_indices().skip(1).any(|(i, _)| x.get(i..).is_some_and(|tail| y.starts_with(tail)))
    };
    ends_starts(a, b) || ends_starts(b, a)
}

/// Distinct neighbours (all boundaries count as one) a phrase of known words
/// needs on each side: a reprinted sentence repeats its phrases with the same
/// neighbours, a name recurs in different ones.
const MIN_CONTEXTS: usize = 3;

fn distinct(neigh: &FxMap<u32, u32>, edge: u32) -> usize {
    neigh.len() + usize::from(edge > 0)
}

/// What a token can be in a term.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// A function character (的, 了, …): never part of a term.
    Function,
    /// A dictionary word.
    Known,
    /// A word the dictionary does not hold (from the HMM).
    Unknown,
}

/// Single characters that never form part of a discovered term.
pub fn is_function_word(word: &str) -> bool {
    let mut chars = word.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else { return false };
    matches!(c, '的' | '了' | '在' | '和' | '与' | '是' | '及' | '对' | '为' | '将' | '把' | '被' | '等' | '也' | '都'
        | '就' | '而' | '并' | '同' | '向' | '从' | '于' | '之' | '其' | '以' | '由' | '或' | '又' | '还' | '这' | '那'
        | '个' | '上' | '中' | '下' | '我' | '你' | '他' | '她' | '它' | '们' | '不' | '有' | '要' | '会' | '能' | '着'
        | '过' | '给' | '让' | '但' | '却' | '所' | '很' | '更' | '最' | '已')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlaps_table() {
        for (a, b, expected) in [
            ("全球治理", "全球治理倡议", true),
            ("全球治理", "治理倡议", true),
            ("上海合作组织", "呼日勒苏赫", false),
            ("合作", "作合", true),
        ] {
            assert_eq!(overlaps(a, b), expected, "{a} / {b}");
        }
    }

    #[test]
    fn a_name_cut_in_two_is_found_and_a_title_is_not_part_of_it() {
        // ids: 0 总统, 1 呼日勒, 2 苏赫, 3 在, 4 北京, 5 会见, 6 普京, 7 说
        let words = ["总统", "呼日勒", "苏赫", "在", "北京", "会见", "普京", "说"];
        let doc = |ids: &[u32]| -> Vec<Option<u32>> {
            let mut v: Vec<Option<u32>> = Vec::new();
            for &i in ids {
                if i == 99 { v.push(None) } else { v.push(Some(i)) }
            }
            v
        };
        // The name twice in each document, the title 总统 more often before 普京,
        // and other text (ids 10..) so the counts mean something.
        let mut a = doc(&[0, 1, 2, 3, 4, 99, 0, 6, 7, 99, 0, 1, 2, 5, 0, 6, 99, 0, 6, 99, 4, 99]);
        let mut b = doc(&[0, 1, 2, 3, 4, 99, 0, 6, 5, 0, 1, 2, 99, 0, 6, 3, 4, 99, 0, 6, 7, 99]);
        for i in 10..70 {
            a.push(Some(i));
            b.push(Some(i + 60));
        }
        let text = |id: u32| words.get(id as usize).map_or_else(|| "词".to_owned(), |w| (*w).to_owned());
        let part = |id: u32| match id {
            1 => Part::Unknown,
            3 => Part::Function,
            _ => Part::Known,
        };
        let found = discover(&[a, b], &text, &part, &DiscoverOptions::default());
        let terms: Vec<&str> = found.terms.iter().map(|d| d.text.as_str()).collect();
        assert_eq!(terms, ["呼日勒苏赫"]);
        assert_eq!(found.terms.first().map(|d| (d.count, d.docs)), Some((4, 2)));
        assert!(!found.truncated);
    }
}
