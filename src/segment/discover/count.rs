//! Discovery's counting stages: walks over the documents that count units,
//! n-grams level by level, and the neighbours of candidates. Each stage
//! counts whatever batch of documents it is given; the counts of two batches
//! add up to the counts of both (documents are never split), which is what
//! lets [`super::batch`] run them per partition.

use super::{Source, Unit};

pub(super) const MAX_N: usize = 4;
pub(super) const NONE: u32 = u32::MAX;

pub(super) type Key = [u32; MAX_N];

// Discovery hashes millions of n-grams of our own term ids: Fx (rustc-hash,
// as the vocabulary uses) instead of SipHash, whose flooding resistance buys nothing here.
// Fx hashes differ between wasm32 and x86_64 (it hashes in `usize` steps), so
// nothing below depends on the iteration order of these maps: every result is
// sorted, and every float sum runs over sorted integers (see `entropy`).
pub(super) type FxMap<K, V> = rustc_hash::FxHashMap<K, V>;
pub(super) type FxSet<K> = rustc_hash::FxHashSet<K>;

/// Occurrence count, document frequency and the last document seen.
#[derive(Clone, Copy, Default)]
pub(super) struct Count {
    pub(super) count: u32,
    pub(super) docs: u32,
    last_doc: u32,
}

impl Count {
    /// A count summed over batches.
    pub(super) fn summed(count: u32, docs: u32) -> Count {
        Count { count, docs, last_doc: u32::MAX }
    }

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
pub(super) struct Neighbours {
    pub(super) left: FxMap<u32, u32>,
    pub(super) right: FxMap<u32, u32>,
    /// Occurrences at a boundary (each a distinct neighbour).
    pub(super) left_edge: u32,
    pub(super) right_edge: u32,
}

pub(super) fn key_of(ids: &[u32]) -> Key {
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

/// Which lines of the documents are counted: a line (the units between two
/// line ends) whose units all occurred in an earlier line of the same
/// document is skipped. So a document repeated N times, or boilerplate
/// repeated on every page, gives the counts of one copy — the statistics
/// below are ratios, and with lines counted once the result does not depend
/// on how often a text was pasted into a file.
pub(super) struct FreshLines {
    bits: Vec<u64>,
}

/// The most Han words of a line [`FreshLines::with_unigrams`] holds while it
/// learns whether the line is counted (64 KB): past it, the unigrams are
/// counted in a walk of their own.
const LINE_WORDS: usize = 1 << 14;

impl FreshLines {
    /// The counted lines of the documents, and the Han word tokens per id in
    /// them with their total (what [`unigrams`] gives), in one walk: the words
    /// of a line are held until its end says whether it is counted (a second
    /// walk only if a line holds more than [`LINE_WORDS`] of them).
    pub(super) fn with_unigrams(source: &dyn Source) -> (FreshLines, Vec<u32>, u64) {
        let mut bits: Vec<u64> = Vec::new();
        let mut line = 0usize;
        let mut counts: Vec<u32> = Vec::new();
        let mut total: u64 = 0;
        let mut words: Vec<u32> = Vec::new();
        let mut overflow = false;
        let mut end_line = |bits: &mut Vec<u64>, words: &mut Vec<u32>, fresh: bool| {
            if line / 64 >= bits.len() {
                bits.push(0);
            }
            if fresh {
                if let Some(w) = bits.get_mut(line / 64) {
                    *w |= 1 << (line % 64);
                }
                for &id in words.iter() {
                    add_unigram(&mut counts, &mut total, id);
                }
            }
            words.clear();
            line += 1;
        };
        // Per document, the hashes of its lines (a collision, ~n²/2⁶⁴, would skip a line).
        let mut seen: FxSet<u64> = FxSet::default();
        for d in 0..source.documents() {
            seen.clear();
            let mut h = Hash64::new(0);
            let mut units = 0u64;
            source.walk(d, &mut |run| {
                for &u in run {
                    match u {
                        Unit::Word(id) => {
                            h.add(u64::from(id) + 2);
                            units += 1;
                            if words.len() < LINE_WORDS {
                                words.push(id);
                            } else {
                                overflow = true;
                            }
                        }
                        Unit::Break => {
                            h.add(1);
                            units += 1;
                        }
                        Unit::Line => {
                            h.add(units);
                            end_line(&mut bits, &mut words, seen.insert(h.finish()));
                            h = Hash64::new(0);
                            units = 0;
                        }
                    }
                }
            });
            h.add(units);
            end_line(&mut bits, &mut words, seen.insert(h.finish()));
        }
        let fresh = FreshLines { bits };
        if overflow {
            let (counts, total) = unigrams(source, &fresh);
            return (fresh, counts, total);
        }
        // Grown by doubling: the slack would stay live through every later stage.
        counts.shrink_to_fit();
        (fresh, counts, total)
    }

    fn get(&self, line: usize) -> bool {
        self.bits.get(line / 64).is_some_and(|w| w & (1 << (line % 64)) != 0)
    }

    /// Walks the counted lines of every document: `visit(doc, unit)`, with a
    /// [`Unit::Break`] after each document.
    // `line` also advances inside the walk, at each line end: not a loop counter.
    #[allow(clippy::explicit_counter_loop)]
    pub(super) fn walk(&self, source: &dyn Source, mut visit: impl FnMut(u32, Unit)) {
        let mut line = 0usize;
        for d in 0..source.documents() {
            let doc = d as u32;
            let mut keep = self.get(line);
            source.walk(d, &mut |run| {
                for &u in run {
                    if keep {
                        visit(doc, u);
                    }
                    if u == Unit::Line {
                        line += 1;
                        keep = self.get(line);
                    }
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
///
/// A counter only has to tell whether its cell reached `min` (at most 255):
/// it saturates at the smallest of 3, 15 or 255 that is at least `min`, in 2,
/// 4 or 8 bits. With the default `min_count` of 3 the sketch takes a quarter
/// of the bytes whole counters would, and answers exactly as they would.
struct Sketch {
    /// Counters packed `8 / bits` to a byte, `mask + 1` per row, row after row.
    cells: Vec<u8>,
    mask: u64,
    /// Bits per counter (2, 4 or 8).
    bits: u32,
    /// The count a cell must reach (`min`, at most 255).
    min: u8,
}

impl Sketch {
    const ROWS: u64 = 2;

    /// Columns: the number of windows, rounded up to a power of two, between 2¹⁰ and 2²²
    /// (at most 2 × 4 MB, 2 × 1 MB with 2-bit counters); `min`: the count that matters.
    fn new(windows: u64, min: u32) -> Sketch {
        let width = windows.clamp(1 << 10, 1 << 22).next_power_of_two();
        let min = u8::try_from(min).unwrap_or(u8::MAX);
        let bits = match min {
            0..=3 => 2,
            4..=15 => 4,
            _ => 8,
        };
        let bytes = usize::try_from(Sketch::ROWS * width * u64::from(bits) / 8).unwrap_or(0);
        Sketch { cells: vec![0; bytes], mask: width - 1, bits, min }
    }

    /// The counters of `ids`, one per row: (byte, shift) in `cells`.
    fn places(&self, ids: &[u32]) -> [(usize, u32); Sketch::ROWS as usize] {
        let mut out = [(0, 0); Sketch::ROWS as usize];
        let width = self.mask + 1;
        for (r, slot) in out.iter_mut().enumerate() {
            let mut h = Hash64::new(r as u64 + 1);
            for &id in ids {
                h.add(u64::from(id));
            }
            let bit = (r as u64 * width + (h.finish() & self.mask)) * u64::from(self.bits);
            *slot = ((bit / 8) as usize, (bit % 8) as u32);
        }
        out
    }

    fn full(&self) -> u8 {
        u8::MAX >> (8 - self.bits)
    }

    fn add(&mut self, ids: &[u32]) {
        let full = self.full();
        for (byte, shift) in self.places(ids) {
            if let Some(b) = self.cells.get_mut(byte) {
                let c = (*b >> shift) & full;
                if c < full {
                    *b += 1 << shift;
                }
            }
        }
    }

    fn at_least(&self, ids: &[u32]) -> bool {
        let full = self.full();
        self.places(ids).into_iter().all(|(byte, shift)| self.cells.get(byte).is_some_and(|&b| (b >> shift) & full >= self.min))
    }
}

/// Counts a Han word token of `id` into `counts` (per id) and `total`.
fn add_unigram(counts: &mut Vec<u32>, total: &mut u64, id: u32) {
    *total += 1;
    let i = id as usize;
    if i >= counts.len() {
        counts.resize(i + 1, 0);
    }
    if let Some(c) = counts.get_mut(i) {
        *c = c.saturating_add(1);
    }
}

/// Han word tokens per id in the counted lines, and their total.
fn unigrams(source: &dyn Source, fresh: &FreshLines) -> (Vec<u32>, u64) {
    // Ids are a vocabulary's (dense): per-id tables are plain vectors.
    let mut counts: Vec<u32> = Vec::new();
    let mut total: u64 = 0;
    fresh.walk(source, |_, u| {
        if let Unit::Word(id) = u {
            add_unigram(&mut counts, &mut total, id);
        }
    });
    // Grown by doubling: the slack would stay live through every later stage.
    counts.shrink_to_fit();
    (counts, total)
}

/// Calls `f(doc, window)` for every window of `n` adjacent `usable` ids in the counted lines.
fn windows(source: &dyn Source, fresh: &FreshLines, n: usize, usable: &impl Fn(u32) -> bool, mut f: impl FnMut(u32, &[u32])) {
    let mut last = [NONE; MAX_N];
    let mut len = 0usize;
    fresh.walk(source, |doc, u| match u {
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
}

/// The budget of stored n-gram counts over all levels.
pub(super) struct Budget {
    pub(super) stored: usize,
    pub(super) max: usize,
    pub(super) truncated: bool,
}

/// A set of ids, a bit each: per-id questions asked once a unit (is it
/// usable, can it be part of a frequent n-gram) answered from a table that
/// stays in the cache, where the per-id counts it is made from do not.
pub(super) struct IdSet(Vec<u64>);

impl IdSet {
    /// The ids below `len` for which `f` holds.
    pub(super) fn of(len: usize, f: impl Fn(u32) -> bool) -> IdSet {
        let mut bits = vec![0u64; len.div_ceil(64)];
        for (word, id) in bits.iter_mut().zip((0..len).step_by(64)) {
            for k in 0..64.min(len - id) {
                *word |= u64::from(f((id + k) as u32)) << k;
            }
        }
        IdSet(bits)
    }

    /// The ids in the keys `keys` (ids up to the first [`NONE`]).
    pub(super) fn of_keys<'a>(len: usize, keys: impl Iterator<Item = &'a Key>) -> IdSet {
        let mut set = IdSet(vec![0; len.div_ceil(64)]);
        for &id in keys.flat_map(|k| k.iter().take_while(|&&id| id != NONE)) {
            if let Some(word) = set.0.get_mut(id as usize / 64) {
                *word |= 1 << (id % 64);
            }
        }
        set
    }

    #[inline]
    pub(super) fn contains(&self, id: u32) -> bool {
        self.0.get(id as usize / 64).is_some_and(|w| w >> (id % 64) & 1 == 1)
    }
}

/// The number of windows of `n` adjacent `usable` ids in the counted lines,
/// for every `n` up to [`MAX_N`] in one walk (index `n`; what each level's
/// sketch is sized by).
pub(super) fn window_counts(source: &dyn Source, fresh: &FreshLines, usable: &impl Fn(u32) -> bool) -> [u64; MAX_N + 1] {
    let mut counts = [0u64; MAX_N + 1];
    let mut len = 0usize;
    fresh.walk(source, |_, u| match u {
        Unit::Word(id) if usable(id) => {
            len = (len + 1).min(MAX_N);
            for (n, c) in counts.iter_mut().enumerate() {
                *c += u64::from(len >= n);
            }
        }
        _ => len = 0,
    });
    counts
}

/// Counts the `n`-grams of usable ids that are `wanted`. With `sketch`
/// (`min`, and the number of windows from [`window_counts`]), a first pass
/// fills a count-min sketch and only n-grams that may reach `min` are stored
/// (in one process, where the batch is the whole corpus); without, every
/// wanted n-gram is stored (a batch of a larger corpus: its counts are partial).
/// Stops storing, and sets `budget.truncated`, past `budget.max`.
pub(super) fn level(
    source: &dyn Source,
    fresh: &FreshLines,
    n: usize,
    usable: &impl Fn(u32) -> bool,
    mut wanted: impl FnMut(&[u32]) -> bool,
    sketch: Option<(u32, u64)>,
    budget: &mut Budget,
) -> FxMap<Key, Count> {
    let sketch = sketch.map(|(min, windows_of_n)| {
        let mut sketch = Sketch::new(windows_of_n, min);
        windows(source, fresh, n, usable, |_, ids| {
            if wanted(ids) {
                sketch.add(ids);
            }
        });
        sketch
    });
    let mut level: FxMap<Key, Count> = FxMap::default();
    windows(source, fresh, n, usable, |doc, ids| {
        if budget.truncated || !wanted(ids) || sketch.as_ref().is_some_and(|s| !s.at_least(ids)) {
            return;
        }
        let before = level.len();
        level.entry(key_of(ids)).or_default().add(doc);
        budget.stored += level.len() - before;
        if budget.stored > budget.max {
            budget.truncated = true;
        }
    });
    level
}

/// The neighbours of the `candidate` n-grams (of any Han words; a break or a
/// line end is an edge): the last MAX_N + 1 units and, as each unit arrives,
/// the windows that end just before it. `part` must hold for every id of a
/// candidate: a window holding an id it does not hold (nor any longer window
/// ending where it ends) is not looked up.
pub(super) fn neighbours(
    source: &dyn Source,
    fresh: &FreshLines,
    part: impl Fn(u32) -> bool,
    mut candidate: impl FnMut(&Key) -> bool,
) -> FxMap<Key, Neighbours> {
    let mut neighbours: FxMap<Key, Neighbours> = FxMap::default();
    let mut hist: [Option<u32>; MAX_N + 1] = [None; MAX_N + 1];
    fresh.walk(source, |_, u| {
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
                    Some(id) if part(*id) => *slot = *id,
                    _ => whole = false,
                }
            }
            // The longer windows hold this one.
            if !whole {
                break;
            }
            if !candidate(&ids) {
                continue;
            }
            let s = neighbours.entry(ids).or_default();
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
    neighbours
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Documents as lines of units (`None` a break), a line end after each line.
    struct Lines(Vec<Vec<Vec<Option<u32>>>>);

    impl Source for Lines {
        fn documents(&self) -> usize {
            self.0.len()
        }

        fn walk(&self, doc: usize, visit: &mut dyn FnMut(&[Unit])) {
            for line in self.0.get(doc).into_iter().flatten() {
                let units: Vec<Unit> = line.iter().map(|u| u.map_or(Unit::Break, Unit::Word)).collect();
                // In runs of 3, so that lines and runs do not line up.
                for run in units.chunks(3) {
                    visit(run);
                }
                visit(&[Unit::Line]);
            }
        }
    }

    #[test]
    fn unigrams_counted_with_the_lines_are_those_of_the_counted_lines() {
        // A line repeated in a document counts once; in another document again;
        // one line longer than a line's buffer (then a second walk counts them).
        let line = |ids: &[u32]| ids.iter().map(|&i| (i != 99).then_some(i)).collect::<Vec<_>>();
        let long: Vec<Option<u32>> = (0..LINE_WORDS as u32 + 5).map(|i| Some(i % 7)).collect();
        for with_long in [false, true] {
            let mut a = vec![line(&[1, 2, 99, 3]), line(&[4, 5]), line(&[1, 2, 99, 3]), line(&[2])];
            if with_long {
                a.push(long.clone());
            }
            let lines = Lines(vec![a, vec![line(&[1, 2, 99, 3]), line(&[6, 6, 6])]]);
            let (fresh, counts, total) = FreshLines::with_unigrams(&lines);
            assert_eq!((counts.clone(), total), unigrams(&lines, &fresh));
            let mut want = vec![0, 2, 3, 2, 1, 1, 3];
            if with_long {
                for i in 0..LINE_WORDS + 5 {
                    want[i % 7] += 1;
                }
            }
            assert_eq!(counts, want);
            assert_eq!(total, want.iter().map(|&c| u64::from(c)).sum::<u64>());
        }
    }

    #[test]
    fn the_sketch_never_counts_low() {
        // A narrow sketch (1 024 columns) and 20 000 distinct windows: many collide,
        // yet every window added 3 times reads at least 3.
        let mut sketch = Sketch::new(1, 3);
        let windows: Vec<[u32; 2]> = (0..20_000u32).map(|i| [i, i.wrapping_mul(2_654_435_761) % 5_000]).collect();
        for w in windows.iter().step_by(7) {
            sketch.add(w);
            sketch.add(w);
        }
        for w in &windows {
            sketch.add(w);
        }
        assert!(windows.iter().step_by(7).all(|w| sketch.at_least(w)));
        // Sized for the windows, it does filter: most windows seen once read below 3.
        let mut sketch = Sketch::new(windows.len() as u64, 3);
        for w in windows.iter().step_by(7) {
            sketch.add(w);
            sketch.add(w);
        }
        for w in &windows {
            sketch.add(w);
        }
        assert!(windows.iter().step_by(7).all(|w| sketch.at_least(w)));
        let low = windows.iter().filter(|w| !sketch.at_least(&w[..])).count();
        assert!(low > windows.len() / 2, "only {low} of {} windows filtered", windows.len());
    }

    #[test]
    fn narrow_counters_answer_as_whole_bytes_would() {
        // Windows added 1 to 20 times into a narrow sketch (many collisions):
        // for each `min`, the 2-, 4- or 8-bit counters give the answer of 8-bit ones.
        let windows: Vec<[u32; 3]> = (0..6_000u32).map(|i| [i % 97, i / 97, i.wrapping_mul(40_503) % 1_000]).collect();
        for min in [1, 2, 3, 4, 7, 15, 16, 19] {
            let width = windows.len() as u64 * 10;
            let mut narrow = Sketch::new(width, min);
            let mut whole = Sketch { cells: vec![0; narrow.cells.len() * 8 / narrow.bits as usize], bits: 8, ..Sketch::new(width, min) };
            for (i, w) in windows.iter().enumerate() {
                for _ in 0..=(i % 20) {
                    narrow.add(w);
                    whole.add(w);
                }
            }
            let differ = windows.iter().filter(|w| narrow.at_least(&w[..]) != whole.at_least(&w[..])).count();
            assert_eq!(differ, 0, "min {min}: {} bits", narrow.bits);
            let passed = windows.iter().filter(|w| whole.at_least(&w[..])).count();
            assert!(min == 1 || (0 < passed && passed < windows.len()), "min {min}: {passed} of {} pass", windows.len());
        }
        assert_eq!((Sketch::new(1, 3).bits, Sketch::new(1, 15).bits, Sketch::new(1, 16).bits), (2, 4, 8));
    }

}
