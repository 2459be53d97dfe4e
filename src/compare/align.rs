//! The backbone of a comparison: unique n-gram anchors, their longest in-order
//! chain, and the diffs of the segments between chain blocks.
//!
//! An anchor is an n-gram of content units (white space skipped) that occurs
//! exactly once in each document. The longest chain of anchors increasing on
//! both sides (LIS, O(k log k)) is what stayed in order; it cuts both documents
//! into aligned segments that are diffed one by one, so no diff ever spans the
//! whole document unless nothing at all anchors. Anchors off the chain are
//! handed to [`super::moves`].

use super::anchors::{longest_chain, unique_anchors};
use super::{
    cleanup, moves, push_seg, Alignment, Budget, CompareOptions, Granularity, MovedPassage, Seg, Side, UnitKind,
};
use imara_diff::{Algorithm, Diff, Token as DiffToken};
use std::ops::Range;

/// The n-gram length for anchors.
pub(crate) fn ngram_len(options: &CompareOptions) -> usize {
    match options.granularity {
        Granularity::Word => 4,
        Granularity::Character => 7,
    }
}

pub(crate) fn align(x: &Side, y: &Side, num_keys: u32, options: &CompareOptions, budget: &mut Budget) -> Alignment {
    let kx: Vec<u32> = x.content.iter().map(|&i| x.keys.get(i as usize).copied().unwrap_or(0)).collect();
    let ky: Vec<u32> = y.content.iter().map(|&i| y.keys.get(i as usize).copied().unwrap_or(0)).collect();
    let n = ngram_len(options);
    let mut anchors = Vec::new();
    let mut chain = Vec::new();
    let mut found = Vec::new();
    if budget.spend(2 * (kx.len() + ky.len()) as u64) {
        anchors = unique_anchors(&kx, &ky, n);
        chain = longest_chain(&anchors);
        budget.spend(anchors.len() as u64 * 4);
        found = moves::find(&anchors, &mut chain, &kx, &ky, n, options.min_move_units.max(1) as usize);
    }

    // Content ranges → unit ranges; ids in order of side A.
    let to_units = |side: &Side, r: &Range<usize>| -> Range<usize> {
        let start = side.content.get(r.start).map_or(0, |&u| u as usize);
        let end = if r.is_empty() { start } else { side.content.get(r.end - 1).map_or(start, |&u| u as usize + 1) };
        start..end
    };
    // Snapped passages must still be long enough, and mostly words: a run of
    // punctuation and path pieces ("/listing-17-18/src/") is not a moved passage.
    let min_units = options.min_move_units.max(1) as usize;
    let min_words = (min_units * 5).div_ceil(8);
    let words = |side: &Side, r: &Range<usize>| {
        r.clone()
            .filter(|&c| {
                side.content.get(c).and_then(|&u| side.units.get(u as usize)).is_some_and(|u| u.kind == UnitKind::Word && u.first)
            })
            .count()
    };
    let found: Vec<moves::Found> = found
        .into_iter()
        .map(|m| snap_to_boundaries(x, y, m, n))
        .filter(|m| m.a.len() >= min_units && m.b.len() >= min_units)
        .filter(|m| words(x, &m.a) >= min_words && words(y, &m.b) >= min_words)
        .collect();
    let mut passages: Vec<MovedPassage> = found
        .iter()
        .map(|m| MovedPassage { a: to_units(x, &m.a), b: to_units(y, &m.b), segs: Vec::new() })
        .collect();
    passages.sort_by_key(|m| (m.a.start, m.b.start));
    let mut moved_a: Vec<(Range<usize>, usize)> = passages.iter().enumerate().map(|(i, m)| (m.a.clone(), i)).collect();
    let mut moved_b: Vec<(Range<usize>, usize)> = passages.iter().enumerate().map(|(i, m)| (m.b.clone(), i)).collect();
    moved_a.sort_by_key(|(r, _)| r.start);
    moved_b.sort_by_key(|(r, _)| r.start);

    // Cut points at the ends of chain blocks (runs of chained anchors).
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut block: Option<(u32, u32, u32)> = None; // (a_end, b_end, diagonal)
    for (anchor, _) in anchors.iter().zip(chain.iter()).filter(|(_, &c)| c) {
        let (ae, be) = (anchor.a + n as u32, anchor.b + n as u32);
        let diag = anchor.a.wrapping_sub(anchor.b);
        match block {
            Some((a_end, _, d)) if d == diag && anchor.a <= a_end => block = Some((ae, be, d)),
            Some((a_end, b_end, _)) => {
                cuts.push((a_end as usize, b_end as usize));
                block = Some((ae, be, diag));
            }
            None => block = Some((ae, be, diag)),
        }
    }
    if let Some((a_end, b_end, _)) = block {
        cuts.push((a_end as usize, b_end as usize));
    }
    let mut unit_cuts: Vec<(usize, usize)> = Vec::with_capacity(cuts.len() + 1);
    for (ca, cb) in cuts {
        let ua = to_units(x, &(0..ca)).end;
        let ub = to_units(y, &(0..cb)).end;
        if unit_cuts.last().map_or(true, |&(pa, pb)| ua > pa && ub > pb) {
            unit_cuts.push((ua, ub));
        }
    }
    unit_cuts.push((x.units.len(), y.units.len()));

    let mut differ = SegmentDiffer::new(num_keys);
    let mut segs: Vec<Seg> = Vec::new();
    let (mut pa, mut pb) = (0usize, 0usize);
    let (mut ia, mut ib) = (0usize, 0usize);
    for (ua, ub) in unit_cuts {
        if ua < pa || ub < pb {
            continue;
        }
        let ja = ia + moved_a.get(ia..).map_or(0, |m| m.iter().take_while(|(r, _)| r.start < ua).count());
        let jb = ib + moved_b.get(ib..).map_or(0, |m| m.iter().take_while(|(r, _)| r.start < ub).count());
        differ.diff(
            x,
            y,
            pa..ua,
            pb..ub,
            moved_a.get(ia..ja).unwrap_or(&[]),
            moved_b.get(ib..jb).unwrap_or(&[]),
            budget,
            &mut segs,
        );
        (pa, pb, ia, ib) = (ua, ub, ja, jb);
    }
    let mut segs = cleanup::semantic(segs, |r| x.weight(r), |r| y.weight(r));
    if options.granularity == Granularity::Character {
        segs = cleanup::snap_to_words(segs, |first, i| word_back(if first { x } else { y }, i), |first, i| {
            word_fwd(if first { x } else { y }, i)
        });
        segs = cleanup::semantic(segs, |r| x.weight(r), |r| y.weight(r));
    }
    for m in &mut passages {
        let mut inner = Vec::new();
        differ.diff(x, y, m.a.clone(), m.b.clone(), &[], &[], budget, &mut inner);
        m.segs = cleanup::semantic(inner, |r| x.weight(r), |r| y.weight(r));
    }
    Alignment { segs, moves: passages }
}

/// Units before unit `i` that belong to the same non-Han word (character granularity).
fn word_back(side: &Side, i: usize) -> usize {
    let mut k = 0;
    while let Some(u) = side.units.get(i - k) {
        if u.first || k == i || is_han_unit(side, i) {
            break;
        }
        k += 1;
    }
    k
}

/// Units from unit `i` on that continue the non-Han word of unit `i - 1`.
fn word_fwd(side: &Side, i: usize) -> usize {
    if i == 0 || is_han_unit(side, i - 1) {
        return 0;
    }
    let mut k = 0;
    while side.units.get(i + k).is_some_and(|u| !u.first) {
        k += 1;
    }
    k
}

fn is_han_unit(side: &Side, i: usize) -> bool {
    side.units.get(i).is_some_and(|u| u.span.slice(&side.doc.text).chars().any(crate::segment::is_han))
}

/// Whether content unit `c` of `side` starts a sentence or paragraph: it is
/// in another paragraph than content unit `c - 1`, or that one ends a sentence.
fn starts_sentence(side: &Side, c: usize) -> bool {
    let Some(prev) = c.checked_sub(1) else { return true };
    let unit = |i: usize| side.content.get(i).map(|&u| u as usize);
    let (Some(u), Some(p)) = (unit(c), unit(prev)) else { return true };
    if side.para.get(u) != side.para.get(p) {
        return true;
    }
    let text = side.units.get(p).map_or("", |x| x.span.slice(&side.doc.text));
    matches!(text.trim(), "。" | "！" | "？" | "!" | "?" | "." | "；" | ";" | "…" | "……")
}

/// Exact growth at a passage's ends can run a few units past a sentence or
/// paragraph boundary (the next paragraph starts with the same name on both
/// sides); such a short overhang of less than `n` units is cut back.
fn snap_to_boundaries(x: &Side, y: &Side, mut m: moves::Found, n: usize) -> moves::Found {
    for k in 1..n.min(m.a.len()).min(m.b.len()) {
        if starts_sentence(x, m.a.end - k) || starts_sentence(y, m.b.end - k) {
            m.a.end -= k;
            m.b.end -= k;
            break;
        }
    }
    for k in 1..n.min(m.a.len()).min(m.b.len()) {
        if starts_sentence(x, m.a.start + k) || starts_sentence(y, m.b.start + k) {
            m.a.start += k;
            m.b.start += k;
            break;
        }
    }
    m
}

/// Diffs segments, reusing its buffers: local key ids per segment keep the
/// histogram's tables the size of the segment, not of the vocabulary.
pub(crate) struct SegmentDiffer {
    local_of: Vec<u32>,
    stamp: Vec<u32>,
    generation: u32,
    diff: Diff,
}

/// A run of the compacted segment diff, in compact indices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Hunk {
    pub equal: bool,
    pub a: Range<usize>,
    pub b: Range<usize>,
}

impl SegmentDiffer {
    pub(crate) fn new(num_keys: u32) -> SegmentDiffer {
        SegmentDiffer {
            local_of: vec![0; num_keys as usize],
            stamp: vec![0; num_keys as usize],
            generation: 0,
            diff: Diff::default(),
        }
    }

    /// Diffs units `ra` of `x` against `rb` of `y`, leaving out the moved ranges
    /// (which appear as move segments at their place), and appends the segments.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn diff(
        &mut self,
        x: &Side,
        y: &Side,
        ra: Range<usize>,
        rb: Range<usize>,
        moved_a: &[(Range<usize>, usize)],
        moved_b: &[(Range<usize>, usize)],
        budget: &mut Budget,
        out: &mut Vec<Seg>,
    ) {
        let ca = compact(ra.clone(), moved_a);
        let cb = compact(rb.clone(), moved_b);
        let key = |side: &Side, u: usize| side.keys.get(u).copied().unwrap_or(u32::MAX);
        let prefix = ca.iter().zip(cb.iter()).take_while(|(&a, &b)| key(x, a) == key(y, b)).count();
        let suffix = ca
            .get(prefix..)
            .unwrap_or(&[])
            .iter()
            .rev()
            .zip(cb.get(prefix..).unwrap_or(&[]).iter().rev())
            .take_while(|(&a, &b)| key(x, a) == key(y, b))
            .count();
        let (ma, mb) = (prefix..ca.len() - suffix, prefix..cb.len() - suffix);
        let mut hunks = Vec::new();
        if prefix > 0 {
            hunks.push(Hunk { equal: true, a: 0..prefix, b: 0..prefix });
        }
        if !ma.is_empty() || !mb.is_empty() {
            // A segment's diff is near-linear when it has anchors inside and can go
            // super-linear without: charge it a factor growing with its size.
            let size = (ma.len() + mb.len()) as u64;
            if !ma.is_empty() && !mb.is_empty() && budget.spend(size * (1 + size / 65_536)) {
                self.middle(x, y, &ca, &cb, ma.clone(), mb.clone(), &mut hunks);
            } else {
                // One side empty, or out of budget (the report then says truncated).
                hunks.push(Hunk { equal: false, a: ma.clone(), b: mb.clone() });
            }
        }
        if suffix > 0 {
            hunks.push(Hunk { equal: true, a: ma.end..ca.len(), b: mb.end..cb.len() });
        }
        expand(&hunks, &ca, &cb, ra, rb, moved_a, moved_b, out);
    }

    #[allow(clippy::too_many_arguments)]
    fn middle(
        &mut self,
        x: &Side,
        y: &Side,
        ca: &[usize],
        cb: &[usize],
        ma: Range<usize>,
        mb: Range<usize>,
        hunks: &mut Vec<Hunk>,
    ) {
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.stamp.iter_mut().for_each(|s| *s = 0);
            self.generation = 1;
        }
        let mut next = 0u32;
        let mut local = |k: u32| -> DiffToken {
            let i = k as usize;
            match (self.stamp.get_mut(i), self.local_of.get_mut(i)) {
                (Some(s), Some(l)) => {
                    if *s != self.generation {
                        *s = self.generation;
                        *l = next;
                        next += 1;
                    }
                    DiffToken(*l)
                }
                _ => DiffToken(u32::MAX),
            }
        };
        let ta: Vec<DiffToken> =
            ca.get(ma.clone()).unwrap_or(&[]).iter().map(|&u| local(x.keys.get(u).copied().unwrap_or(u32::MAX))).collect();
        let tb: Vec<DiffToken> =
            cb.get(mb.clone()).unwrap_or(&[]).iter().map(|&u| local(y.keys.get(u).copied().unwrap_or(u32::MAX))).collect();
        self.diff.compute_with(Algorithm::Histogram, &ta, &tb, next);
        let (mut ia, mut ib) = (0usize, 0usize);
        for h in self.diff.hunks() {
            let (ha, hb) = (h.before.start as usize, h.after.start as usize);
            if ha > ia {
                hunks.push(Hunk { equal: true, a: ma.start + ia..ma.start + ha, b: mb.start + ib..mb.start + hb });
            }
            let (ea, eb) = (h.before.end as usize, h.after.end as usize);
            hunks.push(Hunk { equal: false, a: ma.start + ha..ma.start + ea, b: mb.start + hb..mb.start + eb });
            (ia, ib) = (ea, eb);
        }
        if ia < ta.len() || ib < tb.len() {
            hunks.push(Hunk { equal: true, a: ma.start + ia..ma.end, b: mb.start + ib..mb.end });
        }
    }
}

/// The unit indices of `r` outside the moved ranges.
fn compact(r: Range<usize>, moved: &[(Range<usize>, usize)]) -> Vec<usize> {
    let mut out = Vec::with_capacity(r.len());
    let mut m = moved.iter().peekable();
    let mut i = r.start;
    while i < r.end {
        if let Some((mr, _)) = m.peek() {
            if mr.start <= i {
                i = i.max(mr.end);
                m.next();
                continue;
            }
        }
        out.push(i);
        i += 1;
    }
    out
}

/// Turns compact hunks back into segments over unit indices, with the moved
/// ranges as move segments where they sit.
#[allow(clippy::too_many_arguments, unused_assignments)]
fn expand(
    hunks: &[Hunk],
    ca: &[usize],
    cb: &[usize],
    ra: Range<usize>,
    rb: Range<usize>,
    moved_a: &[(Range<usize>, usize)],
    moved_b: &[(Range<usize>, usize)],
    out: &mut Vec<Seg>,
) {
    let (mut cur_a, mut cur_b) = (ra.start, rb.start);
    let (mut ma, mut mb) = (moved_a.iter().peekable(), moved_b.iter().peekable());
    // Emits the moved ranges of A that start before `upto`.
    macro_rules! flush_a {
        ($upto:expr) => {
            while let Some((r, id)) = ma.peek() {
                if r.start >= $upto {
                    break;
                }
                out.push(Seg::MoveFrom { a: r.clone(), at_b: cur_b, id: *id });
                cur_a = r.end;
                ma.next();
            }
        };
    }
    macro_rules! flush_b {
        ($upto:expr) => {
            while let Some((r, id)) = mb.peek() {
                if r.start >= $upto {
                    break;
                }
                out.push(Seg::MoveTo { b: r.clone(), at_a: cur_a, id: *id });
                cur_b = r.end;
                mb.next();
            }
        };
    }
    for h in hunks {
        if h.equal {
            let mut run: Option<(usize, usize, usize)> = None; // (a start, b start, len)
            for j in 0..h.a.len().min(h.b.len()) {
                let (Some(&ua), Some(&ub)) = (ca.get(h.a.start + j), cb.get(h.b.start + j)) else { break };
                if ua != cur_a || ub != cur_b {
                    if let Some((sa, sb, len)) = run.take() {
                        push_seg(out, Seg::Equal { a: sa..sa + len, b: sb..sb + len });
                    }
                    flush_a!(ua);
                    flush_b!(ub);
                }
                run = match run {
                    Some((sa, sb, len)) => Some((sa, sb, len + 1)),
                    None => Some((ua, ub, 1)),
                };
                cur_a = ua + 1;
                cur_b = ub + 1;
            }
            if let Some((sa, sb, len)) = run {
                push_seg(out, Seg::Equal { a: sa..sa + len, b: sb..sb + len });
            }
        } else {
            for &ua in ca.get(h.a.clone()).unwrap_or(&[]) {
                if ua != cur_a {
                    flush_a!(ua);
                }
                push_seg(out, Seg::Change { a: ua..ua + 1, b: cur_b..cur_b });
                cur_a = ua + 1;
            }
            for &ub in cb.get(h.b.clone()).unwrap_or(&[]) {
                if ub != cur_b {
                    flush_b!(ub);
                }
                push_seg(out, Seg::Change { a: cur_a..cur_a, b: ub..ub + 1 });
                cur_b = ub + 1;
            }
        }
    }
    flush_a!(ra.end);
    flush_b!(rb.end);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_skips_moved_ranges() {
        assert_eq!(compact(0..8, &[(2..4, 0), (6..7, 1)]), vec![0, 1, 4, 5, 7]);
        assert_eq!(compact(3..5, &[]), vec![3, 4]);
    }
}
