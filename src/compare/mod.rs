//! Comparing two documents the way an editor reads them: paragraphs aligned by
//! content, word-level edits inside them, moved passages linked both ways.
//!
//! # How it works
//! 1. **Units and keys.** Each side's tokens become *units* (one per token at
//!    word granularity; one per character of a word at character granularity)
//!    with a comparison key folded per [`CompareOptions`]. With
//!    `ignore_whitespace` white space is not a unit at all; it rides along with
//!    the neighbouring operation.
//! 2. **Backbone** ([`align`]). Token n-grams that occur exactly once on each
//!    side are anchors; the longest chain of anchors in the same order on both
//!    sides (longest increasing subsequence) is the in-order backbone. It cuts
//!    both documents into aligned segments.
//! 3. **Moves** ([`moves`]). Anchors off the chain are clustered into passages
//!    (tolerating small gaps, so a moved passage that was also edited stays one
//!    passage) and grown by exact matching at both ends. Each accepted passage
//!    is taken out of the in-order diff on both sides and gets its own inner
//!    diff. We chose unique anchors + LIS over a global "find the longest common
//!    substring, repeat" search because it is O(n log n), deterministic, and
//!    repeated boiler-plate (which cannot be said to have moved) never anchors.
//! 4. **Segment diffs.** Between backbone cuts, the remaining units are diffed
//!    with imara-diff's histogram algorithm, then a semantic clean-up
//!    ([`cleanup`]) merges changes separated by trivial equalities so edits read
//!    as whole words and phrases.
//! 5. **Refinement** ([`refine`]). A short replacement containing Han gets a
//!    character-level breakdown when it shares characters (会同 → 同, 协作 → 合作).
//! 6. **Report.** Operations tile both texts in order; equal runs are split at
//!    paragraph starts, and consecutive operations sharing a paragraph form a
//!    *row* of the side-by-side view — so split and merged paragraphs end up in
//!    one row, re-ordered ones in rows of kind `moved`.
//!
//! The comparison is symmetric by construction: the pair is put in a canonical
//! order (by text) before the work, and the result is mirrored back, so
//! `compare(b, a)` is exactly `compare(a, b)` with the roles swapped.
//!
//! All work is counted in steps against [`CompareOptions::max_steps`]; when the
//! budget runs out the remaining segments are reported as whole replacements and
//! the report says `truncated: true`. Steps, not wall-clock time, so the result
//! is the same on every machine and `std::time` is not needed on wasm.

pub(crate) mod align;
pub(crate) mod cleanup;
pub mod export;
pub mod fold;
pub(crate) mod moves;
pub(crate) mod refine;

use crate::corpus::{Corpus, DocId, Document};
use crate::error::{Error, Result};
use crate::report::{
    CompareReport, CompareSummary, DiffOp, DocRef, Loc, Move, OpKind, Part, Row, RowKind,
};
use crate::segment::{is_han, TokenKind};
use crate::span::{Span, Utf16Cursor};
use crate::vocab::{TermId, Vocabulary};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

pub use export::{export, sliced, to_html, to_unified, SlicedReport};

/// How fine the comparison is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Granularity {
    /// Words as the segmenter cut them (jieba words for Chinese).
    #[default]
    Word,
    /// Characters inside words (changes in non-Han words still snap to the
    /// whole word, so Latin text never shows "te[x→s]t").
    Character,
}

/// How to compare.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CompareOptions {
    /// Treat upper and lower case as equal.
    pub ignore_case: bool,
    /// Ignore white space: runs of spaces, line breaks and blank lines count as nothing.
    pub ignore_whitespace: bool,
    /// Treat full-width and half-width forms as equal (the width part of NFKC:
    /// `，` = `,`, `Ａ` = `A`, ideographic and no-break spaces = space).
    pub ignore_width: bool,
    pub granularity: Granularity,
    /// Smallest moved passage, in words and punctuation marks (of which at
    /// least five eighths must be words); shorter out-of-order matches are
    /// shown as deleted and inserted.
    pub min_move_units: u32,
    /// Work budget in steps (roughly: units touched). `None`: the default,
    /// [`DEFAULT_MAX_STEPS`].
    pub max_steps: Option<u64>,
}

/// Default work budget: ample for two 10 MB documents.
pub const DEFAULT_MAX_STEPS: u64 = 200_000_000;

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions {
            ignore_case: false,
            ignore_whitespace: false,
            ignore_width: false,
            granularity: Granularity::Word,
            min_move_units: 8,
            max_steps: None,
        }
    }
}

/// Compares documents `a` and `b` of `corpus`.
///
/// Line-break repairs (joining lines broken inside a sentence) are a property of
/// the documents as the corpus cleaned them; compare reads the text the corpus holds.
///
/// # Errors
/// [`ErrorKind::UnknownDocument`](crate::ErrorKind::UnknownDocument) if either
/// id is not loaded; [`ErrorKind::InvalidOption`](crate::ErrorKind::InvalidOption)
/// for a zero step budget.
pub fn compare(corpus: &Corpus, a: DocId, b: DocId, options: &CompareOptions) -> Result<CompareReport> {
    let da = corpus.document(a)?;
    let db = corpus.document(b)?;
    compare_in(da, db, Some(corpus.vocabulary()), options)
}

/// Compares two documents (which may come from different corpora).
///
/// # Errors
/// [`ErrorKind::InvalidOption`](crate::ErrorKind::InvalidOption) for a zero step budget.
pub fn compare_documents(da: &Document, db: &Document, options: &CompareOptions) -> Result<CompareReport> {
    compare_in(da, db, None, options)
}

/// `vocab`: the vocabulary both documents were interned in, if they share one
/// (then most keys come straight from the tokens' term ids, without hashing text).
fn compare_in(da: &Document, db: &Document, vocab: Option<&Vocabulary>, options: &CompareOptions) -> Result<CompareReport> {
    let max_steps = options.max_steps.unwrap_or(DEFAULT_MAX_STEPS);
    if max_steps == 0 {
        return Err(Error::invalid_option("maxSteps must be at least 1, got 0"));
    }
    let mut budget = Budget { limit: max_steps, used: 0, hit: false };
    // Canonical order: the result does not depend on which side came first.
    let swap = (da.text.len(), da.text.as_str()) > (db.text.len(), db.text.as_str());
    let (first, second) = if swap { (db, da) } else { (da, db) };
    let mut keys = Keys::new(vocab);
    let x = Side::build(first, options, &mut keys);
    let y = Side::build(second, options, &mut keys);
    budget.spend((x.units.len() + y.units.len()) as u64);
    let mut alignment = align::align(&x, &y, keys.len(), options, &mut budget);
    if swap {
        alignment.mirror();
    }
    let (sa, sb) = if swap { (y, x) } else { (x, y) };
    Ok(build_report(&sa, &sb, &alignment, options, &budget))
}

/// Counts work against a limit.
pub(crate) struct Budget {
    limit: u64,
    used: u64,
    hit: bool,
}

impl Budget {
    /// Spends `n` steps; false (and `hit` set) once the limit is passed.
    pub(crate) fn spend(&mut self, n: u64) -> bool {
        self.used = self.used.saturating_add(n);
        if self.used > self.limit {
            self.hit = true;
        }
        !self.hit
    }

    pub(crate) fn exhausted(&self) -> bool {
        self.hit
    }
}

/// What a unit is, for counting and for the clean-up weights.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UnitKind {
    /// Word or number.
    Word,
    Space,
    /// Punctuation, symbols, emoji.
    Other,
}

/// The smallest thing compared: a token, or a character of a word.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Unit {
    pub span: Span,
    pub kind: UnitKind,
    /// Characters in the unit (clean-up weight).
    pub chars: u32,
    /// First unit of its token (what word counts count).
    pub first: bool,
}

/// One side of a comparison: its units, their keys, and paragraph membership.
pub(crate) struct Side<'d> {
    pub doc: &'d Document,
    pub units: Vec<Unit>,
    pub keys: Vec<u32>,
    /// Indices of the units that are not white space (what anchors are made of).
    pub content: Vec<u32>,
    /// Paragraph index of each unit; `NO_PARA` for white space between paragraphs.
    pub para: Vec<u32>,
}

pub(crate) const NO_PARA: u32 = u32::MAX;

impl<'d> Side<'d> {
    fn build(doc: &'d Document, options: &CompareOptions, keys: &mut Keys<'d>) -> Side<'d> {
        let mut units = Vec::with_capacity(doc.tokens.len());
        let mut unit_keys = Vec::with_capacity(doc.tokens.len());
        for token in &doc.tokens {
            let kind = match token.kind {
                TokenKind::Space => UnitKind::Space,
                TokenKind::Word | TokenKind::Number => UnitKind::Word,
                _ => UnitKind::Other,
            };
            if kind == UnitKind::Space && options.ignore_whitespace {
                continue;
            }
            let text = token.span.slice(&doc.text);
            if kind == UnitKind::Word && options.granularity == Granularity::Character {
                let base = token.span.start as usize;
                for (i, c) in text.char_indices() {
                    let span = Span::new(base + i, base + i + c.len_utf8());
                    units.push(Unit { span, kind, chars: 1, first: i == 0 });
                    unit_keys.push(keys.key(span.slice(&doc.text), kind, options));
                }
            } else {
                units.push(Unit { span: token.span, kind, chars: text.chars().count() as u32, first: true });
                unit_keys.push(keys.token_key(text, token.term, kind, options));
            }
        }
        if units.is_empty() && !doc.text.is_empty() {
            // Only white space, ignored: one unit keeps the tiling whole.
            units.push(Unit { span: Span::new(0, doc.text.len()), kind: UnitKind::Space, chars: 1, first: true });
            unit_keys.push(keys.key(" ", UnitKind::Space, options));
        }
        let content = units
            .iter()
            .enumerate()
            .filter(|(_, u)| u.kind != UnitKind::Space)
            .map(|(i, _)| i as u32)
            .collect();
        let mut para = Vec::with_capacity(units.len());
        let mut p = 0usize;
        for u in &units {
            while doc.paragraphs.get(p).is_some_and(|s| s.end <= u.span.start) {
                p += 1;
            }
            let inside = doc.paragraphs.get(p).is_some_and(|s| s.start <= u.span.start && u.span.end <= s.end);
            para.push(if inside { p as u32 } else { NO_PARA });
        }
        Side { doc, units, keys: unit_keys, content, para }
    }

    /// Characters of units `range` (clean-up weight).
    pub(crate) fn weight(&self, range: Range<usize>) -> u64 {
        self.units.get(range).map_or(0, |us| us.iter().map(|u| u.chars as u64).sum())
    }
}

/// The hasher of the n-gram and key maps: fast and deterministic.
pub(crate) type FxBuild = rustc_hash::FxBuildHasher;

/// Comparison keys local to one comparison. With the corpus vocabulary, a
/// token whose key is its vocabulary term (the lower-cased text) uses the term
/// id; other keys are interned here, numbered after the vocabulary.
struct Keys<'a> {
    ids: HashMap<Cow<'a, str>, u32, FxBuild>,
    vocab: Option<&'a Vocabulary>,
    base: u32,
}

impl<'a> Keys<'a> {
    fn new(vocab: Option<&'a Vocabulary>) -> Keys<'a> {
        Keys { ids: HashMap::default(), vocab, base: vocab.map_or(0, |v| v.len() as u32) }
    }

    /// The key of a whole token with vocabulary term `term`.
    fn token_key(&mut self, text: &'a str, term: TermId, kind: UnitKind, options: &CompareOptions) -> u32 {
        if self.vocab.is_some() {
            let folds_width = options.ignore_width && (kind == UnitKind::Space || text.chars().any(is_wide_form));
            if !folds_width && (options.ignore_case || !text.chars().any(char::is_uppercase)) {
                return term.0;
            }
        }
        self.key(text, kind, options)
    }

    fn key(&mut self, text: &'a str, kind: UnitKind, options: &CompareOptions) -> u32 {
        let key = fold(text, kind, options);
        if let Some(v) = self.vocab {
            // A key without upper case is a vocabulary term if any token had it.
            if !key.chars().any(char::is_uppercase) {
                if let Some(id) = v.get(&key) {
                    return id.0;
                }
            }
        }
        let next = self.base + self.ids.len() as u32;
        *self.ids.entry(key).or_insert(next)
    }

    fn len(&self) -> u32 {
        self.base + self.ids.len() as u32
    }
}

/// The comparison key of a unit's text under `options`.
fn fold<'a>(text: &'a str, kind: UnitKind, options: &CompareOptions) -> Cow<'a, str> {
    let mut key: Cow<'a, str> = Cow::Borrowed(text);
    if options.ignore_width && text.chars().any(is_wide_form) {
        key = Cow::Owned(text.chars().map(fold_width).collect());
    }
    if options.ignore_case && key.chars().any(char::is_uppercase) {
        key = Cow::Owned(key.to_lowercase());
    }
    if options.ignore_width && kind == UnitKind::Space {
        // Ideographic and no-break spaces fold to a plain space of the same shape.
        key = Cow::Owned(key.chars().map(|c| if c == '\n' || c == '\r' { c } else { ' ' }).collect());
    }
    key
}

fn is_wide_form(c: char) -> bool {
    fold_width(c) != c
}

/// The width-folded form of one character (shared with the term table).
pub(crate) use crate::terms::fold_width_char as fold_width;

/// An aligned piece, in unit indices of each side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Seg {
    Equal { a: Range<usize>, b: Range<usize> },
    /// Replace, delete (empty `b`) or insert (empty `a`).
    Change { a: Range<usize>, b: Range<usize> },
    /// Passage `id` leaves side A here (its B side is elsewhere).
    MoveFrom { a: Range<usize>, at_b: usize, id: usize },
    /// Passage `id` arrives on side B here.
    MoveTo { b: Range<usize>, at_a: usize, id: usize },
}

impl Seg {
    fn a(&self) -> Range<usize> {
        match self {
            Seg::Equal { a, .. } | Seg::Change { a, .. } | Seg::MoveFrom { a, .. } => a.clone(),
            Seg::MoveTo { at_a, .. } => *at_a..*at_a,
        }
    }

    fn b(&self) -> Range<usize> {
        match self {
            Seg::Equal { b, .. } | Seg::Change { b, .. } | Seg::MoveTo { b, .. } => b.clone(),
            Seg::MoveFrom { at_b, .. } => *at_b..*at_b,
        }
    }

    fn mirror(&mut self) {
        *self = match std::mem::replace(self, Seg::Equal { a: 0..0, b: 0..0 }) {
            Seg::Equal { a, b } => Seg::Equal { a: b, b: a },
            Seg::Change { a, b } => Seg::Change { a: b, b: a },
            Seg::MoveFrom { a, at_b, id } => Seg::MoveTo { b: a, at_a: at_b, id },
            Seg::MoveTo { b, at_a, id } => Seg::MoveFrom { a: b, at_b: at_a, id },
        };
    }
}

/// A moved passage and its own diff.
#[derive(Clone, Debug)]
pub(crate) struct MovedPassage {
    pub a: Range<usize>,
    pub b: Range<usize>,
    /// Equal and Change segments tiling `a` and `b`.
    pub segs: Vec<Seg>,
}

/// The whole alignment: segments tiling both sides, and the moved passages.
#[derive(Clone, Debug, Default)]
pub(crate) struct Alignment {
    pub segs: Vec<Seg>,
    pub moves: Vec<MovedPassage>,
}

impl Alignment {
    fn mirror(&mut self) {
        for s in &mut self.segs {
            s.mirror();
        }
        for m in &mut self.moves {
            std::mem::swap(&mut m.a, &mut m.b);
            for s in &mut m.segs {
                s.mirror();
            }
        }
    }
}

/// Appends `seg`, merging it into the previous one when they continue each other.
pub(crate) fn push_seg(out: &mut Vec<Seg>, seg: Seg) {
    let (a, b) = (seg.a(), seg.b());
    if a.is_empty() && b.is_empty() {
        return;
    }
    if let Some(last) = out.last_mut() {
        match (last, &seg) {
            (Seg::Equal { a: la, b: lb }, Seg::Equal { .. }) | (Seg::Change { a: la, b: lb }, Seg::Change { .. })
                if la.end == a.start && lb.end == b.start =>
            {
                la.end = a.end;
                lb.end = b.end;
                return;
            }
            _ => {}
        }
    }
    out.push(seg);
}

// ---------------------------------------------------------------------------
// From the alignment to the report.

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

fn build_report(sa: &Side, sb: &Side, al: &Alignment, options: &CompareOptions, budget: &Budget) -> CompareReport {
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
        a: doc_ref(sa.doc),
        b: doc_ref(sb.doc),
        options: options.clone(),
        ops,
        moves,
        rows,
        summary,
        truncated: budget.exhausted(),
        steps: budget.used,
    }
}

fn doc_ref(doc: &Document) -> DocRef {
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

/// Whether a string contains a Han character.
pub(crate) fn has_han(s: &str) -> bool {
    s.chars().any(is_han)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(a: &str, b: &str) -> Corpus {
        let mut c = Corpus::new();
        assert!(c.add_document("a", a.as_bytes()).is_ok());
        assert!(c.add_document("b", b.as_bytes()).is_ok());
        c
    }

    fn run(c: &Corpus, o: &CompareOptions) -> CompareReport {
        compare(c, DocId(0), DocId(1), o).unwrap_or_else(|e| panic!("{e}"))
    }

    fn rebuild(report: &CompareReport) -> (String, String) {
        let a = report.ops.iter().map(|o| o.a_text.as_str()).collect::<Vec<_>>().join("");
        let b = report.ops.iter().map(|o| o.b_text.as_str()).collect::<Vec<_>>().join("");
        (a, b)
    }

    fn changes(r: &CompareReport) -> Vec<(&str, &str)> {
        r.ops.iter().filter(|o| o.kind != OpKind::Equal).map(|o| (o.a_text.as_str(), o.b_text.as_str())).collect()
    }

    #[test]
    fn one_word_change_is_one_replace_with_a_character_breakdown() {
        let (a, b) = ("就是要会同所有志同道合国家。", "就是要同所有志同道合国家。");
        let c = corpus(a, b);
        let r = run(&c, &CompareOptions::default());
        assert_eq!(changes(&r), vec![("会同", "同")]);
        let op = r.ops.iter().find(|o| o.kind == OpKind::Replace).unwrap();
        let parts: Vec<(OpKind, &str, &str)> =
            op.parts.iter().map(|p| (p.kind, p.a_text.as_str(), p.b_text.as_str())).collect();
        assert_eq!(parts, vec![(OpKind::Delete, "会", ""), (OpKind::Equal, "同", "同")]);
        let (ra, rb) = rebuild(&r);
        assert_eq!((ra.as_str(), rb.as_str()), (a, b));
    }

    #[test]
    fn ignore_case_width_and_whitespace() {
        let c = corpus("The  Cat sat，ok.", "the cat\nsat,ok.");
        let plain = run(&c, &CompareOptions::default());
        assert!(plain.ops.iter().any(|o| o.kind != OpKind::Equal));
        let opts =
            CompareOptions { ignore_case: true, ignore_whitespace: true, ignore_width: true, ..Default::default() };
        let folded = run(&c, &opts);
        assert!(folded.ops.iter().all(|o| o.kind == OpKind::Equal), "{:?}", folded.ops);
        let (ra, rb) = rebuild(&folded);
        let text = |id: u32| c.document(DocId(id)).map(|d| d.text.clone()).unwrap_or_default();
        assert_eq!((ra, rb), (text(0), text(1)));
    }

    #[test]
    fn character_granularity_refines_han_but_keeps_latin_words_whole() {
        let opts = CompareOptions { granularity: Granularity::Character, ..Default::default() };
        let c = corpus("a text here, 就是要会同所有国家", "a test here, 就是要同所有国家");
        let r = run(&c, &opts);
        assert_eq!(changes(&r), vec![("text", "test"), ("会", "")]);
    }

    #[test]
    fn ignored_spaces_stay_with_the_equal_text() {
        let c = corpus("one two three four", "one 2 three four");
        let r = run(&c, &CompareOptions { ignore_whitespace: true, ..Default::default() });
        assert_eq!(changes(&r), vec![("two", "2")]);
    }

    #[test]
    fn unknown_document_and_bad_budget() {
        let c = corpus("a", "b");
        let e = compare(&c, DocId(0), DocId(9), &CompareOptions::default()).err();
        assert_eq!(e.map(|e| e.name()), Some("UnknownDocument"));
        let e = compare(&c, DocId(0), DocId(1), &CompareOptions { max_steps: Some(0), ..Default::default() }).err();
        assert_eq!(e.map(|e| e.name()), Some("InvalidOption"));
    }

    #[test]
    fn width_folding_table() {
        for (wide, narrow) in [('，', ','), ('Ａ', 'A'), ('～', '~'), ('\u{3000}', ' '), ('中', '中'), (',', ','), ('￥', '¥'), ('\u{A0}', ' ')] {
            assert_eq!(fold_width(wide), narrow, "{wide:?}");
        }
    }
}
