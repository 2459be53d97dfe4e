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
//! Time is linear in the text and memory bounded (see [`discover_in`]): the
//! documents are read as streams, a line repeated within a document counts
//! once, and the stored n-gram counts are capped by
//! [`DiscoverOptions::max_ngrams`] (the result then says `truncated`; below
//! the cap it is exact).


/// Thresholds of [`discover`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DiscoverOptions {
    pub min_count: u32,
    pub min_bond: f64,
    pub min_pmi: f64,
    pub min_entropy: f64,
    /// Budget of stored n-gram counts; past it the result says `truncated`.
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
    /// Occurrences, in the lines counted (a line repeated in a document counts once).
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
    /// Sorted by count (descending), then text; no two overlap (see [`overlaps`]).
    pub terms: Vec<Discovered>,
    /// Whether the n-gram budget was hit (rarer candidates may be missing).
    pub truncated: bool,
}

/// One unit of a document as discovery reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A Han word token: the id of its text.
    Word(u32),
    /// Anything that breaks a phrase: punctuation, other scripts, white space.
    Break,
    /// The end of a line (a break too).
    Line,
}

/// Documents as streams of [`Unit`]s. Discovery walks them a few times (about
/// ten passes) instead of holding a copy of every token.
pub trait Source {
    /// The number of documents.
    fn documents(&self) -> usize;
    /// Calls `visit` with each unit of document `doc`, in order.
    fn walk(&self, doc: usize, visit: &mut dyn FnMut(Unit));
}

/// Documents given as units: `Some(id)` a Han word, `None` a break (no lines).
struct Listed<'a>(&'a [Vec<Option<u32>>]);

impl Source for Listed<'_> {
    fn documents(&self) -> usize {
        self.0.len()
    }

    fn walk(&self, doc: usize, visit: &mut dyn FnMut(Unit)) {
        for u in self.0.get(doc).map_or(&[][..], Vec::as_slice) {
            visit(u.map_or(Unit::Break, Unit::Word));
        }
    }
}

const MAX_N: usize = 4;
const NONE: u32 = u32::MAX;

type Key = [u32; MAX_N];

// Discovery hashes millions of n-grams of our own term ids: Fx (rustc-hash,
// as the vocabulary uses) instead of SipHash, whose flooding resistance buys nothing here.
// Fx hashes differ between wasm32 and x86_64 (it hashes in `usize` steps), so
// nothing below depends on the iteration order of these maps: every result is
// sorted, and every float sum runs over sorted integers (see `entropy`).
type FxMap<K, V> = rustc_hash::FxHashMap<K, V>;
type FxSet<K> = rustc_hash::FxHashSet<K>;

/// Occurrence count, document frequency and the last document seen.
#[derive(Clone, Copy, Default)]
struct Count {
    count: u32,
    docs: u32,
    last_doc: u32,
}

impl Count {
    fn add(&mut self, doc: u32) {
        self.count = self.count.saturating_add(1);
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

/// A 64-bit hash computed the same way on every target (unlike `Hasher`s,
/// which may hash in `usize` steps).
#[derive(Clone, Copy)]
struct Hash64(u64);

impl Hash64 {
    const SEED: u64 = 0x243f_6a88_85a3_08d3;

    fn new(seed: u64) -> Hash64 {
        Hash64(seed ^ Hash64::SEED)
    }

    fn add(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x5151_7cc1_b727_220a);
    }

    fn finish(self) -> u64 {
        // A final mix so that the low bits (the sketch's column) depend on every input.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h
    }
}

/// Entropy (nats) of the neighbour counts `counts`, plus `edge` occurrences
/// at a boundary, each counted as a neighbour of its own.
///
/// The counts are summed in sorted order: a float sum depends on its order,
/// and a hash map's order differs between builds (wasm32 / x86_64), so the page
/// and the CLI would otherwise disagree on a term at the threshold.
fn entropy(mut counts: Vec<u32>, edge: u32) -> f64 {
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

/// Which lines of the documents are counted: a line (the units between two
/// line ends) whose units all occurred in an earlier line of the same
/// document is skipped. So a document repeated N times, or boilerplate
/// repeated on every page, gives the counts of one copy — the statistics
/// below are ratios, and with lines counted once the result does not depend
/// on how often a text was pasted into a file.
struct FreshLines {
    bits: Vec<u64>,
}

impl FreshLines {
    fn of(source: &dyn Source) -> FreshLines {
        let mut bits: Vec<u64> = Vec::new();
        let mut line = 0usize;
        let mut push = |bits: &mut Vec<u64>, fresh: bool| {
            if line / 64 >= bits.len() {
                bits.push(0);
            }
            if fresh {
                if let Some(w) = bits.get_mut(line / 64) {
                    *w |= 1 << (line % 64);
                }
            }
            line += 1;
        };
        // Per document, the hashes of its lines (a collision, ~n²/2⁶⁴, would skip a line).
        let mut seen: FxSet<u64> = FxSet::default();
        for d in 0..source.documents() {
            seen.clear();
            let mut h = Hash64::new(0);
            let mut units = 0u64;
            source.walk(d, &mut |u| match u {
                Unit::Word(id) => {
                    h.add(u64::from(id) + 2);
                    units += 1;
                }
                Unit::Break => {
                    h.add(1);
                    units += 1;
                }
                Unit::Line => {
                    h.add(units);
                    push(&mut bits, seen.insert(h.finish()));
                    h = Hash64::new(0);
                    units = 0;
                }
            });
            h.add(units);
            push(&mut bits, seen.insert(h.finish()));
        }
        FreshLines { bits }
    }

    fn get(&self, line: usize) -> bool {
        self.bits.get(line / 64).is_some_and(|w| w & (1 << (line % 64)) != 0)
    }

    /// Walks the counted lines of every document: `visit(doc, unit)`, with a
    /// [`Unit::Break`] after each document.
    // `line` also advances inside the walk, at each line end: not a loop counter.
    #[allow(clippy::explicit_counter_loop)]
    fn walk(&self, source: &dyn Source, visit: &mut dyn FnMut(u32, Unit)) {
        let mut line = 0usize;
        for d in 0..source.documents() {
            let doc = d as u32;
            let mut keep = self.get(line);
            source.walk(d, &mut |u| {
                if keep {
                    visit(doc, u);
                }
                if u == Unit::Line {
                    line += 1;
                    keep = self.get(line);
                }
            });
            line += 1;
            visit(doc, Unit::Break);
        }
    }
}

/// A count-min sketch of small saturating counters: an upper bound of each
/// n-gram's count in fixed memory, so that only n-grams that may reach
/// `min_count` are stored exactly (no candidate is lost: the bound is never low).
struct Sketch {
    rows: [Vec<u8>; 2],
    mask: u64,
}

impl Sketch {
    /// Columns: the number of windows, rounded up to a power of two, between 2¹⁰ and 2²² (2 × 4 MB).
    fn new(windows: u64) -> Sketch {
        let width = windows.clamp(1 << 10, 1 << 22).next_power_of_two();
        let cols = usize::try_from(width).unwrap_or(1 << 22);
        Sketch { rows: [vec![0; cols], vec![0; cols]], mask: width - 1 }
    }

    fn cells(&self, ids: &[u32]) -> [usize; 2] {
        let mut out = [0; 2];
        for (r, slot) in out.iter_mut().enumerate() {
            let mut h = Hash64::new(r as u64 + 1);
            for &id in ids {
                h.add(u64::from(id));
            }
            *slot = (h.finish() & self.mask) as usize;
        }
        out
    }

    fn add(&mut self, ids: &[u32]) {
        let cells = self.cells(ids);
        for (row, cell) in self.rows.iter_mut().zip(cells) {
            if let Some(c) = row.get_mut(cell) {
                *c = c.saturating_add(1);
            }
        }
    }

    fn at_least(&self, ids: &[u32], min: u32) -> bool {
        let cells = self.cells(ids);
        self.rows.iter().zip(cells).all(|(row, cell)| row.get(cell).is_some_and(|&c| u32::from(c) >= min.min(255)))
    }
}

/// Discovers terms in documents given as sequences of units: `Some(id)` for a
/// Han word token (the id of its text), `None` for anything that breaks a
/// phrase (punctuation, a line break, other scripts). See [`discover_in`].
pub fn discover(
    docs: &[Vec<Option<u32>>],
    text: &dyn Fn(u32) -> String,
    part: &dyn Fn(u32) -> Part,
    options: &DiscoverOptions,
) -> Discovery {
    discover_in(&Listed(docs), text, part, options)
}

/// Discovers terms in the documents of `source`. `text` gives the text of an
/// id; `part` what the id can be in a term.
///
/// Linear in the text, memory bounded: the documents are walked as streams
/// (nothing per token is stored); lines repeated within a document are
/// counted once (see `FreshLines`); the n-grams are counted level by level
/// (Apriori: an n-gram is counted only when both of its (n−1)-grams reached
/// `min_count`), and at each level a first pass fills a fixed-size count-min
/// sketch so that the exact table holds only n-grams that may be frequent.
/// Below [`DiscoverOptions::max_ngrams`] stored counts the result is exact;
/// past it, `truncated` is set. Neighbours are collected for the candidates only.
pub fn discover_in(
    source: &dyn Source,
    text: &dyn Fn(u32) -> String,
    part: &dyn Fn(u32) -> Part,
    options: &DiscoverOptions,
) -> Discovery {
    let multi_doc = source.documents() > 1;
    let min = options.min_count;
    let fresh = FreshLines::of(source);
    // Ids are a vocabulary's (dense): per-id tables are plain vectors.
    let mut unigram_counts: Vec<u32> = Vec::new();
    let mut total_tokens: u64 = 0;
    fresh.walk(source, &mut |_, u| {
        if let Unit::Word(id) = u {
            total_tokens += 1;
            let i = id as usize;
            if i >= unigram_counts.len() {
                unigram_counts.resize(i + 1, 0);
            }
            if let Some(c) = unigram_counts.get_mut(i) {
                *c = c.saturating_add(1);
            }
        }
    });
    // What each id is, and its length in characters, looked up once per id.
    let info: Vec<(Part, u32)> = unigram_counts
        .iter()
        .enumerate()
        .map(|(id, &c)| if c > 0 { (part(id as u32), text(id as u32).chars().count() as u32) } else { (Part::Function, 0) })
        .collect();
    let unigram = |id: u32| unigram_counts.get(id as usize).copied().unwrap_or(0);
    let kind = |id: u32| info.get(id as usize).map_or(Part::Function, |i| i.0);
    let chars_of = |ids: &[u32]| -> u32 { ids.iter().map(|&id| info.get(id as usize).map_or(0, |i| i.1)).sum() };
    // Usable in a term: not a function word, and frequent itself.
    let usable = |id: u32| kind(id) != Part::Function && unigram(id) >= min;

    // Calls `f(doc, window)` for every window of n usable ids in the counted lines.
    let windows = |n: usize, f: &mut dyn FnMut(u32, &[u32])| {
        let mut last = [NONE; MAX_N];
        let mut len = 0usize;
        fresh.walk(source, &mut |doc, u| match u {
            Unit::Word(id) if usable(id) => {
                last.rotate_left(1);
                if let Some(slot) = last.last_mut() {
                    *slot = id;
                }
                len = (len + 1).min(MAX_N);
                if len >= n {
                    if let Some(w) = last.get(MAX_N - n..) {
                        f(doc, w);
                    }
                }
            }
            _ => len = 0,
        });
    };

    // Level by level: levels[n - 2] holds the n-grams.
    let mut levels: Vec<FxMap<Key, Count>> = Vec::new();
    let mut truncated = false;
    let mut stored = 0usize;
    for n in 2..=MAX_N {
        let frequent = |sub: &[u32]| -> bool {
            sub.len() == 1 || levels.get(sub.len() - 2).and_then(|l| l.get(&key_of(sub))).is_some_and(|c| c.count >= min)
        };
        let wanted = |ids: &[u32]| -> bool {
            (n == 2 || (frequent(&ids[..n - 1]) && frequent(&ids[1..]))) && chars_of(ids) <= 12
        };
        let mut count = 0u64;
        windows(n, &mut |_, _| count += 1);
        let mut sketch = Sketch::new(count);
        windows(n, &mut |_, ids| {
            if wanted(ids) {
                sketch.add(ids);
            }
        });
        let mut level: FxMap<Key, Count> = FxMap::default();
        windows(n, &mut |doc, ids| {
            if truncated || !sketch.at_least(ids, min) || !wanted(ids) {
                return;
            }
            let before = level.len();
            level.entry(key_of(ids)).or_default().add(doc);
            stored += level.len() - before;
            if stored > options.max_ngrams {
                truncated = true;
            }
        });
        levels.push(level);
        if truncated {
            break;
        }
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
    // Neighbours of the candidates only: the last MAX_N + 1 units (None a break)
    // and, as each unit arrives, the windows that end just before it.
    let mut neighbours: FxMap<Key, Neighbours> = FxMap::default();
    if !candidates.is_empty() {
        let mut hist: [Option<u32>; MAX_N + 1] = [None; MAX_N + 1];
        fresh.walk(source, &mut |_, u| {
            let next = match u {
                Unit::Word(id) => Some(id),
                Unit::Break | Unit::Line => None,
            };
            for n in 2..=MAX_N {
                let Some(window) = hist.get(MAX_N + 1 - n..) else { break };
                let mut ids = [NONE; MAX_N];
                let mut whole = true;
                for (slot, w) in ids.iter_mut().zip(window) {
                    match w {
                        Some(id) => *slot = *id,
                        None => whole = false,
                    }
                }
                if !whole {
                    break;
                }
                let Some(s) = candidates.contains_key(&ids).then(|| neighbours.entry(ids).or_default()) else { continue };
                match hist.get(MAX_N - n).copied().flatten() {
                    Some(l) => *s.left.entry(l).or_insert(0) += 1,
                    None => s.left_edge += 1,
                }
                match next {
                    Some(r) => *s.right.entry(r).or_insert(0) += 1,
                    None => s.right_edge += 1,
                }
            }
            hist.rotate_left(1);
            if let Some(slot) = hist.last_mut() {
                *slot = next;
            }
        });
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
        let side_free = |neigh: &FxMap<u32, u32>, edge: u32| -> (bool, f64) {
            let h = entropy(neigh.values().copied().collect(), edge);
            if h >= options.min_entropy {
                return (true, h);
            }
            let top = neigh.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)));
            let Some((&x, &with_x)) = top else { return (true, h) };
            // How much of x's occurrences are next to the candidate.
            let bound = f64::from(with_x) / f64::from(count_of(&[x]).max(1)) >= 0.5;
            (!bound, h)
        };
        let (lf, lh) = side_free(&s.left, s.left_edge);
        let (rf, rh) = side_free(&s.right, s.right_edge);
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
    let mut claimed = Claimed::default();
    let mut kept: Vec<Discovered> = Vec::new();
    for d in out {
        if claimed.claim(&d.text) {
            kept.push(d);
        }
    }
    kept.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.text.cmp(&b.text)));
    Discovery { terms: kept, truncated }
}

/// The terms kept so far, indexed so that whether a new term [`overlaps`] any
/// of them costs O(its length²), not O(kept terms).
#[derive(Default)]
struct Claimed {
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

/// Where the terms occur in `text`: byte ranges, in order, not overlapping
/// (leftmost match first, the longest at a place). One pass over the text
/// whatever the number of terms (Aho–Corasick).
pub fn occurrences(text: &str, terms: &[String]) -> Vec<(usize, usize)> {
    Occurrences::new(terms).find(text)
}

/// [`occurrences`] for many texts: the automaton is built once (building it
/// per document cost more than the search over 2 000 short documents).
pub struct Occurrences<'a> {
    automaton: Option<aho_corasick::AhoCorasick>,
    terms: &'a [String],
}

impl<'a> Occurrences<'a> {
    pub fn new(terms: &'a [String]) -> Occurrences<'a> {
        let automaton =
            aho_corasick::AhoCorasick::builder().match_kind(aho_corasick::MatchKind::LeftmostLongest).build(terms).ok();
        Occurrences { automaton, terms }
    }

    /// The terms' occurrences in `text`, as [`occurrences`] gives them.
    pub fn find(&self, text: &str) -> Vec<(usize, usize)> {
        match &self.automaton {
            Some(ac) => ac.find_iter(text).map(|m| (m.start(), m.end())).collect(),
            // Only past the automaton's size limits: one search per term, as before.
            None => {
                let mut found: Vec<(usize, usize)> =
                    self.terms.iter().flat_map(|t| text.match_indices(t.as_str()).map(|(i, m)| (i, i + m.len()))).collect();
                found.sort_unstable();
                found
            }
        }
    }
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
    fn the_sketch_never_counts_low() {
        // A narrow sketch (1 024 columns) and 20 000 distinct windows: many collide,
        // yet every window added 3 times reads at least 3.
        let mut sketch = Sketch::new(1);
        let windows: Vec<[u32; 2]> = (0..20_000u32).map(|i| [i, i.wrapping_mul(2_654_435_761) % 5_000]).collect();
        for w in windows.iter().step_by(7) {
            sketch.add(w);
            sketch.add(w);
        }
        for w in &windows {
            sketch.add(w);
        }
        assert!(windows.iter().step_by(7).all(|w| sketch.at_least(w, 3)));
        // Sized for the windows, it does filter: most windows seen once read below 3.
        let mut sketch = Sketch::new(windows.len() as u64);
        for w in windows.iter().step_by(7) {
            sketch.add(w);
            sketch.add(w);
        }
        for w in &windows {
            sketch.add(w);
        }
        assert!(windows.iter().step_by(7).all(|w| sketch.at_least(w, 3)));
        let low = windows.iter().filter(|w| !sketch.at_least(&w[..], 3)).count();
        assert!(low > windows.len() / 2, "only {low} of {} windows filtered", windows.len());
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

    #[test]
    fn occurrences_finds_every_term_in_one_pass() {
        let text = "上海合作组织峰会，呼日勒苏赫说：上海合作组织。呼日勒";
        let terms = ["上海合作组织".to_owned(), "呼日勒苏赫".to_owned(), "峰会".to_owned()];
        let found: Vec<&str> = occurrences(text, &terms).iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(found, ["上海合作组织", "峰会", "呼日勒苏赫", "上海合作组织"]);
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
