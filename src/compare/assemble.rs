//! From the alignment to the report: operations with text and places, moves,
//! the side-by-side rows and the summary.

use super::refine;
use super::{Alignment, CompareOptions, Budget, Seg, Side, UnitKind, NO_PARA};
use crate::corpus::Document;
use crate::report::{
    CompareReport, CompareSummary, DiffOp, DocRef, Loc, Move, OpKind, Part, Row, RowKind,
};
use crate::span::{Span, Utf16Cursor};
use std::ops::Range;

/// An operation in unit indices, before text and offsets are attached.
struct UnitOp {
    kind: OpKind,
    a: Range<usize>,
    b: Range<usize>,
    move_id: Option<usize>,
}

fn seg_kind(seg: &Seg) -> OpKind {
    match seg {
        Seg::Equal { .. } => OpKind::Equal,
        Seg::Change { a, b } if b.is_empty() && !a.is_empty() => OpKind::Delete,
        Seg::Change { a, .. } if a.is_empty() => OpKind::Insert,
        Seg::Change { .. } => OpKind::Replace,
        Seg::MoveFrom { .. } => OpKind::MoveFrom,
        Seg::MoveTo { .. } => OpKind::MoveTo,
    }
}

fn unit_ops(segs: &[Seg], sa: &Side, sb: &Side, split_paragraphs: bool) -> Vec<UnitOp> {
    let mut out = Vec::with_capacity(segs.len() * 2);
    for seg in segs {
        let move_id = match seg {
            Seg::MoveFrom { id, .. } | Seg::MoveTo { id, .. } => Some(*id),
            _ => None,
        };
        let (a, b) = (seg.a(), seg.b());
        if let (Seg::Equal { .. }, true) = (seg, split_paragraphs) {
            // Split equal runs where a paragraph starts on either side, so rows
            // stay one paragraph high where the paragraphs agree.
            let (mut start, mut pa, mut pb) = (0usize, NO_PARA, NO_PARA);
            for i in 0..a.len() {
                let qa = sa.para.get(a.start + i).copied().unwrap_or(NO_PARA);
                let qb = sb.para.get(b.start + i).copied().unwrap_or(NO_PARA);
                let new_a = qa != NO_PARA && pa != NO_PARA && qa != pa;
                let new_b = qb != NO_PARA && pb != NO_PARA && qb != pb;
                if (new_a || new_b) && i > start {
                    out.push(UnitOp {
                        kind: OpKind::Equal,
                        a: a.start + start..a.start + i,
                        b: b.start + start..b.start + i,
                        move_id: None,
                    });
                    start = i;
                }
                if qa != NO_PARA {
                    pa = qa;
                }
                if qb != NO_PARA {
                    pb = qb;
                }
            }
            out.push(UnitOp { kind: OpKind::Equal, a: a.start + start..a.end, b: b.start + start..b.end, move_id: None });
        } else {
            out.push(UnitOp { kind: seg_kind(seg), a, b, move_id });
        }
    }
    out
}

/// Byte spans of `ops` on one side. White space that is not a unit (ignored)
/// goes to the equal neighbour, so changes do not drag spaces along.
fn side_spans(ops: &[UnitOp], side: &Side, pick: fn(&UnitOp) -> &Range<usize>, whole: Span) -> Vec<Span> {
    let units = &side.units;
    let mut spans = vec![Span::new(whole.start as usize, whole.start as usize); ops.len()];
    let consuming: Vec<usize> = (0..ops.len()).filter(|&i| !pick(&ops[i]).is_empty()).collect();
    let mut cursor = whole.start;
    let mut next_consuming = 0usize;
    for (i, op) in ops.iter().enumerate() {
        let r = pick(op);
        if r.is_empty() {
            spans[i] = Span { start: cursor, end: cursor };
            continue;
        }
        let start = cursor;
        next_consuming += 1;
        let end = match consuming.get(next_consuming) {
            None => whole.end,
            Some(&j) => {
                let next = &ops[j];
                let last_end = units.get(r.end.wrapping_sub(1)).map_or(start, |u| u.span.end);
                let next_start = units.get(pick(next).start).map_or(last_end, |u| u.span.start);
                if op.kind != OpKind::Equal && next.kind == OpKind::Equal {
                    last_end
                } else {
                    next_start
                }
            }
        };
        spans[i] = Span { start, end: end.max(start) };
        cursor = end.max(start);
    }
    spans
}

fn to_diff_ops(
    uops: &[UnitOp],
    sa: &Side,
    sb: &Side,
    whole_a: Span,
    whole_b: Span,
    refine_changes: bool,
) -> Vec<DiffOp> {
    let spans_a = side_spans(uops, sa, |o| &o.a, whole_a);
    let spans_b = side_spans(uops, sb, |o| &o.b, whole_b);
    let mut ca = Utf16Cursor::new(&sa.doc.text, &sa.doc.utf16);
    let mut cb = Utf16Cursor::new(&sb.doc.text, &sb.doc.utf16);
    uops.iter()
        .zip(spans_a.iter().zip(spans_b.iter()))
        .map(|(u, (&pa, &pb))| {
            let a_text = pa.slice(&sa.doc.text);
            let b_text = pb.slice(&sb.doc.text);
            let parts = if refine_changes && u.kind == OpKind::Replace {
                refine::refine(a_text, b_text)
                    .map(|ps| {
                        ps.into_iter()
                            .map(|p| {
                                let ra = Span::new(pa.start as usize + p.a.start, pa.start as usize + p.a.end);
                                let rb = Span::new(pb.start as usize + p.b.start, pb.start as usize + p.b.end);
                                Part {
                                    kind: p.kind,
                                    a: Loc::of(sa.doc, ra),
                                    b: Loc::of(sb.doc, rb),
                                    a_text: ra.slice(&sa.doc.text).to_owned(),
                                    b_text: rb.slice(&sb.doc.text).to_owned(),
                                }
                            })
                            .collect()
                    })
                    .unwrap_or_default()
            } else {
                Vec::new()
            };
            DiffOp {
                kind: u.kind,
                a: Loc::at_cursor(&mut ca, pa),
                b: Loc::at_cursor(&mut cb, pb),
                a_text: a_text.to_owned(),
                b_text: b_text.to_owned(),
                move_id: u.move_id.map(|m| m as u32),
                parts,
            }
        })
        .collect()
}

/// Span of units `r` of `side`, from the first unit's start to the last one's end.
fn units_span(side: &Side, r: &Range<usize>) -> Span {
    let start = side.units.get(r.start).map_or(0, |u| u.span.start);
    let end = if r.is_empty() { start } else { side.units.get(r.end - 1).map_or(start, |u| u.span.end) };
    Span { start, end }
}

pub(super) fn build_report(sa: &Side, sb: &Side, al: &Alignment, options: &CompareOptions, budget: &Budget) -> CompareReport {
    let uops = unit_ops(&al.segs, sa, sb, true);
    let whole_a = Span::new(0, sa.doc.text.len());
    let whole_b = Span::new(0, sb.doc.text.len());
    let ops = to_diff_ops(&uops, sa, sb, whole_a, whole_b, true);

    let mut from_op = vec![0u32; al.moves.len()];
    let mut to_op = vec![0u32; al.moves.len()];
    for (i, op) in uops.iter().enumerate() {
        match (op.kind, op.move_id) {
            (OpKind::MoveFrom, Some(m)) => {
                if let Some(slot) = from_op.get_mut(m) {
                    *slot = i as u32;
                }
            }
            (OpKind::MoveTo, Some(m)) => {
                if let Some(slot) = to_op.get_mut(m) {
                    *slot = i as u32;
                }
            }
            _ => {}
        }
    }
    let moves: Vec<Move> = al
        .moves
        .iter()
        .enumerate()
        .map(|(id, m)| {
            // The passage as shown in the main ops (including any spaces it carries).
            let fa = from_op.get(id).and_then(|&i| ops.get(i as usize));
            let tb = to_op.get(id).and_then(|&i| ops.get(i as usize));
            let wa = fa.map_or_else(|| units_span(sa, &m.a), |o| Span { start: o.a.start, end: o.a.end });
            let wb = tb.map_or_else(|| units_span(sb, &m.b), |o| Span { start: o.b.start, end: o.b.end });
            let inner_u = unit_ops(&m.segs, sa, sb, false);
            let inner = to_diff_ops(&inner_u, sa, sb, wa, wb, true);
            let edited = inner.iter().any(|o| o.kind != OpKind::Equal);
            Move {
                id: id as u32,
                a: Loc::of(sa.doc, wa),
                b: Loc::of(sb.doc, wb),
                from_op: from_op.get(id).copied().unwrap_or(0),
                to_op: to_op.get(id).copied().unwrap_or(0),
                words_a: count_words(sa, &m.a),
                words_b: count_words(sb, &m.b),
                edited,
                ops: inner,
            }
        })
        .collect();
    let rows = rows(&uops, sa, sb);
    let summary = summarize(&uops, sa, sb, moves.len());
    CompareReport {
        version: crate::report::FORMAT_VERSION,
        a: word_doc_ref(sa.doc),
        b: word_doc_ref(sb.doc),
        options: options.settings(),
        ops,
        moves,
        rows,
        summary,
        truncated: budget.exhausted(),
        steps: budget.used,
    }
}

/// A document's reference for the compare report, with its word-like tokens
/// (the terms reports' `DocRef`s count the tokens their filters let count).
fn word_doc_ref(doc: &Document) -> DocRef {
    let words = doc.tokens.iter().filter(|t| t.kind.is_wordlike()).count() as u64;
    DocRef { id: doc.id.0, name: doc.name.clone(), tokens: words }
}

/// Word-like tokens among units `r` (at character granularity a word counts
/// at its first character).
fn count_words(side: &Side, r: &Range<usize>) -> u64 {
    side.units.get(r.clone()).map_or(0, |us| us.iter().filter(|u| u.kind == UnitKind::Word && u.first).count() as u64)
}

fn summarize(uops: &[UnitOp], sa: &Side, sb: &Side, moves: usize) -> CompareSummary {
    let mut s = CompareSummary::default();
    let mut changes = 0u32;
    for op in uops {
        let wa = count_words(sa, &op.a);
        let wb = count_words(sb, &op.b);
        match op.kind {
            OpKind::Equal => {
                s.equal_words += wa;
                s.equal_words_b += wb;
            }
            OpKind::Replace => {
                s.edited_words_a += wa;
                s.edited_words_b += wb;
            }
            OpKind::Delete => s.only_a_words += wa,
            OpKind::Insert => s.only_b_words += wb,
            OpKind::MoveFrom => s.moved_words_a += wa,
            OpKind::MoveTo => s.moved_words_b += wb,
        }
        if op.kind != OpKind::Equal {
            changes += 1;
        }
    }
    s.words_a = s.equal_words + s.edited_words_a + s.only_a_words + s.moved_words_a;
    s.words_b = s.equal_words_b + s.edited_words_b + s.only_b_words + s.moved_words_b;
    s.changed_words_a = s.words_a - s.equal_words;
    s.changed_words_b = s.words_b - s.equal_words_b;
    s.same_percent = if s.words_a == 0 { 100.0 } else { s.equal_words as f64 * 100.0 / s.words_a as f64 };
    let total = (s.words_a + s.words_b) as f64;
    let pct = |n: u64| if total == 0.0 { 0.0 } else { n as f64 * 100.0 / total };
    s.equal_percent = if total == 0.0 { 100.0 } else { pct(s.equal_words + s.equal_words_b) };
    s.edited_percent = pct(s.edited_words_a + s.edited_words_b);
    s.moved_percent = pct(s.moved_words_a + s.moved_words_b);
    s.only_a_percent = pct(s.only_a_words);
    s.only_b_percent = pct(s.only_b_words);
    s.changes = changes;
    s.moves = moves as u32;
    s
}

/// Paragraph range `[first, last]` touched by units `r`, if any.
fn para_range(side: &Side, r: &Range<usize>) -> Option<(u32, u32)> {
    let ps = side.para.get(r.clone())?;
    let first = ps.iter().copied().find(|&p| p != NO_PARA)?;
    let last = ps.iter().rev().copied().find(|&p| p != NO_PARA)?;
    Some((first, last))
}

/// Cuts the operations into rows: a row ends only where no paragraph of
/// either side continues past it, so an edit that joins or splits paragraphs
/// keeps them in one row. Operations on white space alone join the row before.
fn rows(uops: &[UnitOp], sa: &Side, sb: &Side) -> Vec<Row> {
    let pa: Vec<Option<(u32, u32)>> = uops.iter().map(|o| para_range(sa, &o.a)).collect();
    let pb: Vec<Option<(u32, u32)>> = uops.iter().map(|o| para_range(sb, &o.b)).collect();
    // Smallest first paragraph at or after each op.
    let n = uops.len();
    let mut min_a_after = vec![u32::MAX; n + 1];
    let mut min_b_after = vec![u32::MAX; n + 1];
    for i in (0..n).rev() {
        min_a_after[i] = min_a_after[i + 1].min(pa[i].map_or(u32::MAX, |p| p.0));
        min_b_after[i] = min_b_after[i + 1].min(pb[i].map_or(u32::MAX, |p| p.0));
    }
    let mut out = Vec::new();
    let (mut start, mut max_a, mut max_b) = (0usize, None::<u32>, None::<u32>);
    let (mut first_a, mut first_b) = (None::<u32>, None::<u32>);
    for i in 0..=n {
        let has_para = i < n && (pa[i].is_some() || pb[i].is_some());
        let row_has_para = max_a.is_some() || max_b.is_some();
        let free_a = max_a.map_or(true, |m| m < min_a_after[i]);
        let free_b = max_b.map_or(true, |m| m < min_b_after[i]);
        if i == n || (has_para && row_has_para && free_a && free_b) {
            if i > start {
                // Equal white space between paragraphs does not make a row "edited".
                let kinds: Vec<OpKind> = (start..i)
                    .filter(|&k| uops[k].kind != OpKind::Equal || pa[k].is_some() || pb[k].is_some())
                    .map(|k| uops[k].kind)
                    .collect();
                out.push(Row {
                    kind: row_kind(&kinds),
                    ops: [start as u32, i as u32],
                    a_paragraphs: match (first_a, max_a) {
                        (Some(f), Some(l)) => [f, l + 1],
                        _ => [0, 0],
                    },
                    b_paragraphs: match (first_b, max_b) {
                        (Some(f), Some(l)) => [f, l + 1],
                        _ => [0, 0],
                    },
                });
            }
            (start, max_a, max_b, first_a, first_b) = (i, None, None, None, None);
        }
        if i < n {
            if let Some((f, l)) = pa[i] {
                first_a = Some(first_a.map_or(f, |x| x.min(f)));
                max_a = Some(max_a.map_or(l, |x| x.max(l)));
            }
            if let Some((f, l)) = pb[i] {
                first_b = Some(first_b.map_or(f, |x| x.min(f)));
                max_b = Some(max_b.map_or(l, |x| x.max(l)));
            }
        }
    }
    out
}

fn row_kind(kinds: &[OpKind]) -> RowKind {
    let has = |k: OpKind| kinds.contains(&k);
    // (An empty list — white space only — is an equal row.)
    let moved = has(OpKind::MoveFrom) || has(OpKind::MoveTo);
    let both = has(OpKind::Equal) || has(OpKind::Replace) || (has(OpKind::Delete) && has(OpKind::Insert));
    if kinds.iter().all(|&k| k == OpKind::Equal) {
        RowKind::Equal
    } else if !both && moved && !(has(OpKind::MoveFrom) && has(OpKind::Insert) || has(OpKind::MoveTo) && has(OpKind::Delete)) {
        RowKind::Moved
    } else if !both && !has(OpKind::Insert) && !has(OpKind::MoveTo) {
        RowKind::OnlyA
    } else if !both && !has(OpKind::Delete) && !has(OpKind::MoveFrom) {
        RowKind::OnlyB
    } else {
        RowKind::Edited
    }
}
