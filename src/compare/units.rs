//! Units and keys: each side's tokens as comparison units with folded keys,
//! the work budget, and the segments an alignment is made of.

use super::CompareOptions;
use crate::corpus::Document;
use crate::report::Granularity;
use crate::segment::{is_han, TokenKind};
use crate::span::Span;
use crate::vocab::{TermId, Vocabulary};
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

/// Counts work against a limit.
pub(crate) struct Budget {
    pub(crate) limit: u64,
    pub(crate) used: u64,
    pub(crate) hit: bool,
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
    pub(crate) fn build(doc: &'d Document, options: &CompareOptions, keys: &mut Keys<'d>) -> Side<'d> {
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
pub(crate) struct Keys<'a> {
    pub(crate) ids: HashMap<Cow<'a, str>, u32, FxBuild>,
    pub(crate) vocab: Option<&'a Vocabulary>,
    pub(crate) base: u32,
}

impl<'a> Keys<'a> {
    pub(crate) fn new(vocab: Option<&'a Vocabulary>) -> Keys<'a> {
        Keys { ids: HashMap::default(), vocab, base: vocab.map_or(0, |v| v.len() as u32) }
    }

    /// The key of a whole token with vocabulary term `term`.
    pub(crate) fn token_key(&mut self, text: &'a str, term: TermId, kind: UnitKind, options: &CompareOptions) -> u32 {
        if self.vocab.is_some() {
            let folds_width = options.ignore_width && (kind == UnitKind::Space || text.chars().any(is_wide_form));
            if !folds_width && (options.ignore_case || !text.chars().any(char::is_uppercase)) {
                return term.0;
            }
        }
        self.key(text, kind, options)
    }

    pub(crate) fn key(&mut self, text: &'a str, kind: UnitKind, options: &CompareOptions) -> u32 {
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

    pub(crate) fn len(&self) -> u32 {
        self.base + self.ids.len() as u32
    }
}

/// The comparison key of a unit's text under `options`.
pub(crate) fn fold<'a>(text: &'a str, kind: UnitKind, options: &CompareOptions) -> Cow<'a, str> {
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

pub(crate) fn is_wide_form(c: char) -> bool {
    fold_width(c) != c
}

/// The width-folded form of one character (shared with the term table).
pub(crate) use crate::width::fold_width_char as fold_width;

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
    pub(crate) fn a(&self) -> Range<usize> {
        match self {
            Seg::Equal { a, .. } | Seg::Change { a, .. } | Seg::MoveFrom { a, .. } => a.clone(),
            Seg::MoveTo { at_a, .. } => *at_a..*at_a,
        }
    }

    pub(crate) fn b(&self) -> Range<usize> {
        match self {
            Seg::Equal { b, .. } | Seg::Change { b, .. } | Seg::MoveTo { b, .. } => b.clone(),
            Seg::MoveFrom { at_b, .. } => *at_b..*at_b,
        }
    }

    pub(crate) fn mirror(&mut self) {
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
    pub(crate) fn mirror(&mut self) {
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

/// Whether a string contains a Han character.
pub(crate) fn has_han(s: &str) -> bool {
    s.chars().any(is_han)
}
