//! From seeds to passages: chain the seeds of a document pair, then align the
//! region around each chain locally so lightly edited copies still match.
//!
//! The alignment is a histogram diff (imara-diff) of the two regions' units,
//! read as a local alignment: equal units score +1, each unit of a change
//! scores −[`MISMATCH`]; the best-scoring stretches (bounded by long changes)
//! are the passages. A stretch that touches the edge of its region is aligned
//! again with a wider margin, so a passage is never cut short by the window.

use super::fingerprint::Units;
use super::index::Seed;
use crate::diagonal::{self, Run, RunLimits};
use imara_diff::{Algorithm, Diff, Token};
use rustc_hash::FxHashMap;
use std::ops::Range;

/// Score of one unit inside a change, against +1 for an equal unit. At 2 a
/// stretch stays positive while under a third of it is changed; unrelated
/// text (a few chance matches of common words) scores well below zero.
const MISMATCH: i64 = 2;
/// A change longer than this many units always ends a passage.
const MAX_GAP: usize = 24;
/// How many times a passage touching its region's edge is re-aligned wider.
const MAX_WIDENINGS: usize = 4;

/// A local alignment: units of `a`, units of `b`, units equal on both sides.
pub type Stretch = (Range<usize>, Range<usize>, usize);

/// A passage shared by two documents (indices into the analysed set).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PairPassage {
    pub a: usize,
    pub b: usize,
    /// Units of `a` and of `b`.
    pub ra: Range<usize>,
    pub rb: Range<usize>,
    /// Units equal on both sides.
    pub matched: usize,
}

/// What `find` needs to know.
#[derive(Clone, Copy, Debug)]
pub struct Params {
    pub ngram: usize,
    pub window: usize,
    /// Both sides of a passage hold at least this many units.
    pub min_units: usize,
    /// Budget: total units fed to the aligner.
    pub max_align_units: usize,
}

/// Finds the passages of every pair that has seeds. `seeds` are sorted by
/// `(a, b, pa, pb)`. Returns the passages sorted by `(a, b, ra.start)`,
/// `true` if the alignment budget ran out, and the units aligned.
pub(crate) fn find(units: &[Units], seeds: &[Seed], params: Params) -> (Vec<PairPassage>, bool, usize) {
    let mut aligner = Aligner::default();
    let mut out = Vec::new();
    let mut work = 0usize;
    for pair in seeds.chunk_by(|x, y| (x.a, x.b) == (y.a, y.b)) {
        let Some(first) = pair.first() else { continue };
        let (a, b) = (first.a as usize, first.b as usize);
        let (Some(ua), Some(ub)) = (units.get(a), units.get(b)) else { continue };
        match align_pair(ua, ub, pair, params, &mut aligner, &mut work) {
            Some(found) => out.extend(found.into_iter().map(|(ra, rb, matched)| PairPassage { a, b, ra, rb, matched })),
            None => return (finish(out), true, work),
        }
    }
    (finish(out), false, work)
}

/// The passages of one document pair, `ua` and `ub`, from its seeds (sorted
/// by `(pa, pb)`), in order of `a`; `None` if the alignment budget (`work`
/// against `params.max_align_units`) ran out. Depends on the two documents
/// and their seeds only: an archive job aligns each pair wherever it likes.
pub fn align_pair(
    ua: &Units,
    ub: &Units,
    seeds: &[Seed],
    params: Params,
    aligner: &mut Aligner,
    work: &mut usize,
) -> Option<Vec<Stretch>> {
    let mut found = Vec::new();
    // A lone seed is a shared phrase, not yet a passage: a passage of
    // `min_units` holds several windows, hence several fingerprints.
    for chain in chains(seeds, params).iter().filter(|c| c.count >= 2) {
        found.extend(align_chain(aligner, ua, ub, chain, params, work)?);
    }
    let found = found.into_iter().map(|st| trim_to_sentences(ua, ub, st, params.min_units)).collect();
    Some(dedup(found))
}

fn finish(mut out: Vec<PairPassage>) -> Vec<PairPassage> {
    out.sort_by_key(|x| (x.a, x.b, x.ra.start, x.rb.start));
    out
}

/// Groups a pair's seeds (sorted by position in `a`) into chains whose
/// consecutive seeds are close in both documents and near one diagonal.
fn chains(seeds: &[Seed], params: Params) -> Vec<Run> {
    // Seeds of a passage with ≤10% edits sit a few windows apart at most.
    let gap = 4 * (params.window + params.ngram) + MAX_GAP;
    let limits = RunLimits { gap, max_skew: MAX_GAP, width: params.ngram, max_open: 256 };
    let mut done = diagonal::runs(seeds.iter().map(|s| (s.pa as usize, s.pb as usize)), limits);
    done.sort_by_key(|c| (c.first, c.last));
    done
}

/// Aligns the region around `chain`, widening it while a passage touches its
/// edge. `None` if the budget ran out.
fn align_chain(
    aligner: &mut Aligner,
    ua: &Units,
    ub: &Units,
    chain: &Run,
    params: Params,
    work: &mut usize,
) -> Option<Vec<Stretch>> {
    let mut margin = params.window + params.ngram + MAX_GAP;
    let mut result = Vec::new();
    for _ in 0..=MAX_WIDENINGS {
        let wa = chain.first.0.saturating_sub(margin)..(chain.last.0 + params.ngram + margin).min(ua.len());
        let wb = chain.first.1.saturating_sub(margin)..(chain.last.1 + params.ngram + margin).min(ub.len());
        let (ka, kb) = (ua.keys.get(wa.clone())?, ub.keys.get(wb.clone())?);
        *work += ka.len() + kb.len();
        if *work > params.max_align_units {
            return None;
        }
        let ops = aligner.ops(ka, kb);
        result = stretches(&ops, params.min_units)
            .into_iter()
            .map(|(ra, rb, m)| (ra.start + wa.start..ra.end + wa.start, rb.start + wb.start..rb.end + wb.start, m))
            .collect();
        let touches = result.iter().any(|(ra, rb, _)| {
            (ra.start == wa.start && wa.start > 0)
                || (rb.start == wb.start && wb.start > 0)
                || (ra.end == wa.end && wa.end < ua.len())
                || (rb.end == wb.end && wb.end < ub.len())
        });
        if !touches {
            break;
        }
        margin *= 2;
    }
    Some(result)
}

/// At most this many units are trimmed from either end of a passage.
const MAX_TRIM: usize = 5;

/// Trims a few equal units from either end of a passage when that makes it
/// start and end on sentence boundaries in both documents: "…发展。习近平强调…"
/// shared because both documents happen to end the sentence before with 发展.
fn trim_to_sentences(ua: &Units, ub: &Units, st: Stretch, min_units: usize) -> Stretch {
    let (mut ra, mut rb, mut matched) = st;
    let equal = |i: usize, j: usize| ua.keys.get(i).is_some() && ua.keys.get(i) == ub.keys.get(j);
    if !(ua.is_sentence_start(ra.start) && ub.is_sentence_start(rb.start)) {
        let lead = (1..=MAX_TRIM).take_while(|&k| equal(ra.start + k - 1, rb.start + k - 1)).find(|&k| {
            ua.is_sentence_start(ra.start + k) && ub.is_sentence_start(rb.start + k)
        });
        if let Some(k) = lead.filter(|&k| ra.len().min(rb.len()) >= min_units + k) {
            ra.start += k;
            rb.start += k;
            matched = matched.saturating_sub(k);
        }
    }
    if !(ua.is_sentence_start(ra.end) && ub.is_sentence_start(rb.end)) {
        let tail = (1..=MAX_TRIM)
            .take_while(|&k| k <= ra.len() && k <= rb.len() && equal(ra.end - k, rb.end - k))
            .find(|&k| ua.is_sentence_start(ra.end - k) && ub.is_sentence_start(rb.end - k));
        if let Some(k) = tail.filter(|&k| ra.len().min(rb.len()) >= min_units + k) {
            ra.end -= k;
            rb.end -= k;
            matched = matched.saturating_sub(k);
        }
    }
    (ra, rb, matched)
}

/// Keeps the best of overlapping passages (by matched units), in order of `a`.
fn dedup(mut found: Vec<Stretch>) -> Vec<Stretch> {
    found.sort_by(|x, y| y.2.cmp(&x.2).then_with(|| (x.0.start, x.1.start).cmp(&(y.0.start, y.1.start))));
    let mut kept: Vec<Stretch> = Vec::new();
    for f in found {
        if !kept.iter().any(|k| overlap(&k.0, &f.0) > 0 && overlap(&k.1, &f.1) > 0) {
            kept.push(f);
        }
    }
    kept.sort_by_key(|k| (k.0.start, k.1.start));
    kept
}

pub(crate) fn overlap(x: &Range<usize>, y: &Range<usize>) -> usize {
    x.end.min(y.end).saturating_sub(x.start.max(y.start))
}

/// One step of an alignment: `a` and `b` are equal, or `a` changed into `b`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Op {
    pub equal: bool,
    pub a: Range<usize>,
    pub b: Range<usize>,
}

/// Diffs unit keys, reusing its buffers between calls.
#[derive(Default)]
pub struct Aligner {
    ids: FxHashMap<u32, u32>,
    ta: Vec<Token>,
    tb: Vec<Token>,
    diff: Diff,
}

impl Aligner {
    /// The alignment of `a` and `b` as alternating equal and changed steps tiling both.
    pub fn ops(&mut self, a: &[u32], b: &[u32]) -> Vec<Op> {
        self.ids.clear();
        self.ta.clear();
        self.tb.clear();
        for (keys, out) in [(a, &mut self.ta), (b, &mut self.tb)] {
            for &k in keys {
                let next = self.ids.len() as u32;
                out.push(Token(*self.ids.entry(k).or_insert(next)));
            }
        }
        self.diff.compute_with(Algorithm::Histogram, &self.ta, &self.tb, self.ids.len() as u32);
        let mut ops = Vec::new();
        let (mut ia, mut ib) = (0usize, 0usize);
        for h in self.diff.hunks() {
            let (sa, sb) = (h.before.start as usize, h.after.start as usize);
            if sa > ia {
                ops.push(Op { equal: true, a: ia..sa, b: ib..sb });
            }
            ia = h.before.end as usize;
            ib = h.after.end as usize;
            ops.push(Op { equal: false, a: sa..ia, b: sb..ib });
        }
        if ia < a.len() {
            ops.push(Op { equal: true, a: ia..a.len(), b: ib..b.len() });
        }
        ops
    }
}

fn score(op: &Op) -> i64 {
    if op.equal {
        op.a.len() as i64
    } else {
        -MISMATCH * op.a.len().max(op.b.len()) as i64
    }
}

/// How far the score of a stretch may fall below its best before the stretch
/// ends there (BLAST's X-drop): about 15 units of net change. Without it, two
/// shared stretches would be bridged across a paragraph one document has and
/// the other has not, whenever chance matches of common words ("the", "的")
/// cut that paragraph's change into hunks shorter than [`MAX_GAP`].
const X_DROP: i64 = 30;

/// The local alignments in `ops`: stretches that start and end with equal
/// units, scored +1 per equal unit and −[`MISMATCH`] per changed unit, each
/// ended where its score drops [`X_DROP`] below its best, falls to zero, or
/// meets a change longer than [`MAX_GAP`]; both sides at least `min_units` long.
/// Returns `(a range, b range, equal units)`.
pub(crate) fn stretches(ops: &[Op], min_units: usize) -> Vec<Stretch> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < ops.len() {
        let (mut run, mut best, mut start, mut best_end) = (0i64, 0i64, i, None::<usize>);
        let mut next = None;
        for (j, op) in ops.iter().enumerate().skip(i) {
            let long = !op.equal && op.a.len().max(op.b.len()) > MAX_GAP;
            run += score(op);
            if run > best {
                best = run;
                best_end = Some(j);
            }
            match best_end {
                None if run <= 0 => {
                    run = 0;
                    start = j + 1;
                }
                Some(e) if long || run <= 0 || best - run > X_DROP => {
                    next = Some(e + 1);
                    break;
                }
                _ => {}
            }
        }
        if let (Some(e), Some(first)) = (best_end, ops.get(start)) {
            if let (Some(last), Some(mid)) = (ops.get(e), ops.get(start..=e)) {
                let (ra, rb) = (first.a.start..last.a.end, first.b.start..last.b.end);
                if ra.len() >= min_units && rb.len() >= min_units {
                    let matched = mid.iter().filter(|o| o.equal).map(|o| o.a.len()).sum();
                    out.push((ra, rb, matched));
                }
            }
        }
        // Go on after this stretch's best end: what follows may hold another one.
        i = next.or(best_end.map(|e| e + 1)).unwrap_or(ops.len()).max(i + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(equal: bool, a: Range<usize>, b: Range<usize>) -> Op {
        Op { equal, a, b }
    }

    #[test]
    fn aligner_ops_tile_both_sides() {
        let mut al = Aligner::default();
        let a = [1, 2, 3, 4, 5, 6];
        let b = [1, 2, 9, 4, 5, 6, 7];
        let ops = al.ops(&a, &b);
        assert_eq!(ops, vec![op(true, 0..2, 0..2), op(false, 2..3, 2..3), op(true, 3..6, 3..6), op(false, 6..6, 6..7)]);
    }

    #[test]
    fn stretches_bridge_small_edits_and_stop_at_long_changes() {
        let ops = vec![
            op(false, 0..5, 0..3),    // lead-in: not part of any passage
            op(true, 5..25, 3..23),   // 20 equal
            op(false, 25..26, 23..24), // one substitution
            op(true, 26..46, 24..44), // 20 equal
            op(false, 46..90, 44..60), // long change: cut
            op(true, 90..95, 60..65), // too short on its own
        ];
        assert_eq!(stretches(&ops, 30), vec![(5..46, 3..44, 40)]);
        assert_eq!(stretches(&ops, 3), vec![(5..46, 3..44, 40), (90..95, 60..65, 5)]);
    }

    #[test]
    fn a_paragraph_only_one_side_has_ends_the_stretch() {
        // 60 equal, then 30 units on one side against 30 on the other with a
        // chance match every 6 units (no hunk longer than MAX_GAP), then 60 equal.
        let mut ops = vec![op(true, 0..60, 0..60)];
        let (mut a, mut b) = (60, 60);
        for _ in 0..5 {
            ops.push(op(false, a..a + 5, b..b + 5));
            ops.push(op(true, a + 5..a + 6, b + 5..b + 6));
            a += 6;
            b += 6;
        }
        ops.push(op(true, a..a + 60, b..b + 60));
        let st = stretches(&ops, 20);
        assert_eq!(st, vec![(0..60, 0..60, 60), (89..150, 89..150, 61)]);
    }

    #[test]
    fn kadane_drops_a_weak_tail() {
        // +10, −6 (3 changed), +2: the tail does not pay for the change.
        let ops = vec![op(true, 0..10, 0..10), op(false, 10..13, 10..13), op(true, 13..15, 13..15)];
        assert_eq!(stretches(&ops, 1), vec![(0..10, 0..10, 10), (13..15, 13..15, 2)]);
    }

    #[test]
    fn passages_are_trimmed_to_sentences() {
        let mut c = crate::Corpus::new();
        let a = "推动关系取得更大发展。习近平强调，双方要以大项目引领合作。我提出倡议";
        let b = "携手推动三方合作高质量发展。习近平强调，双方要以大项目引领合作。他表示";
        assert!(c.add_document("a", a.as_bytes()).is_ok() && c.add_document("b", b.as_bytes()).is_ok());
        let ua = Units::of(&c.stored_documents()[0], c.vocabulary());
        let ub = Units::of(&c.stored_documents()[1], c.vocabulary());
        let ops = Aligner::default().ops(&ua.keys, &ub.keys);
        let st = stretches(&ops, 10);
        assert_eq!(st.len(), 1);
        let text = |u: &Units, r: &Range<usize>, t: &str| u.span(r.start, r.end, t.len()).slice(t).to_owned();
        assert_eq!(text(&ua, &st[0].0, a), "发展。习近平强调，双方要以大项目引领合作。");
        let (ra, rb, matched) = trim_to_sentences(&ua, &ub, st[0].clone(), 10);
        assert_eq!(text(&ua, &ra, a), "习近平强调，双方要以大项目引领合作。");
        assert_eq!(text(&ub, &rb, b), "习近平强调，双方要以大项目引领合作。");
        assert_eq!(matched, 16);
        // Not below the minimum length.
        let (ra, _, _) = trim_to_sentences(&ua, &ub, st[0].clone(), 17);
        assert_eq!(text(&ua, &ra, a), "发展。习近平强调，双方要以大项目引领合作。");
    }

    #[test]
    fn chains_follow_diagonals() {
        let p = Params { ngram: 5, window: 4, min_units: 20, max_align_units: 1_000_000 };
        let s = |pa, pb| Seed { a: 0, b: 1, pa, pb };
        let seeds = vec![s(10, 110), s(14, 115), s(20, 120), s(500, 30), s(505, 35)];
        let c = chains(&seeds, p);
        assert_eq!(c.len(), 2);
        assert_eq!((c[0].first, c[0].last, c[0].count), ((10, 110), (20, 120), 3));
        assert_eq!((c[1].first, c[1].last, c[1].count), ((500, 30), (505, 35), 2));
    }
}
