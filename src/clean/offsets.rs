//! Offset bookkeeping: each step's edits ([`StepMap`]), the chained map from
//! cleaned text back to the original ([`OffsetMap`]), and the writer a step
//! records its edits with ([`StepBuilder`]).

use super::RepairKind;
use crate::span::Span;

/// One edit of one step: `from` (in the step's input) became `to` (in its output).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Edit {
    pub(super) from: Span,
    pub(super) to: Span,
    pub(super) kind: RepairKind,
}

/// The edits of one step, sorted; text between them is copied unchanged.
#[derive(Clone, Debug, Default)]
pub(super) struct StepMap {
    pub(super) edits: Vec<Edit>,
    /// The text of every edit's `from` — a line end, a NUL, some spaces — one
    /// after another, so the original can be rebuilt from the cleaned text
    /// instead of being stored whole. One string, not one allocation an edit
    /// (#11: 300 000 joined lines in 90 MB of novels).
    pub(super) removed: String,
}

/// Which way a [`StepMap`] is read.
#[derive(Clone, Copy)]
pub(super) enum Dir {
    /// Output offset → input offset.
    Back,
    /// Input offset → output offset.
    Forward,
}

impl StepMap {
    pub(super) fn sides(e: &Edit, dir: Dir) -> (Span, Span) {
        match dir {
            Dir::Back => (e.to, e.from),
            Dir::Forward => (e.from, e.to),
        }
    }

    /// Where a span *starting* at `c` starts on the other side: inside a
    /// replacement, at the replacement's start; right after a deletion, after it.
    pub(super) fn left(&self, c: u32, dir: Dir) -> u32 {
        let i = self.edits.partition_point(|e| Self::sides(e, dir).0.start <= c);
        match i.checked_sub(1).and_then(|j| self.edits.get(j)) {
            None => c,
            Some(e) => {
                let (d, r) = Self::sides(e, dir);
                if c < d.end {
                    r.start
                } else {
                    r.end + (c - d.end)
                }
            }
        }
    }

    /// Where a span *ending* at `c` ends on the other side: inside a
    /// replacement, at its end; right before a deletion, before it.
    pub(super) fn right(&self, c: u32, dir: Dir) -> u32 {
        let i = self.edits.partition_point(|e| Self::sides(e, dir).0.start < c);
        match i.checked_sub(1).and_then(|j| self.edits.get(j)) {
            None => c,
            Some(e) => {
                let (d, r) = Self::sides(e, dir);
                if c <= d.end {
                    r.end
                } else {
                    r.end + (c - d.end)
                }
            }
        }
    }
}

/// Maps byte offsets of the cleaned text to the original text and back.
///
/// Both directions are monotonic; the cleaned text's `0..len` maps onto the
/// original's `0..len`. Text the clean-up did not touch maps to identical text.
#[derive(Clone, Debug, Default)]
pub struct OffsetMap {
    /// Applied in order original → cleaned.
    pub(super) steps: Vec<StepMap>,
    pub(super) original_len: u32,
    pub(super) cleaned_len: u32,
}

impl OffsetMap {
    /// Bytes held on the heap (capacity, not length): for the memory figures of #11.
    pub fn heap_bytes(&self) -> usize {
        self.steps.capacity() * std::mem::size_of::<StepMap>()
            + self.steps.iter().map(|s| s.edits.capacity() * std::mem::size_of::<Edit>() + s.removed.capacity()).sum::<usize>()
    }

    /// The span of the original text that `cleaned` (a span of the cleaned
    /// text) came from. A point inside a replacement widens to the whole
    /// replacement.
    pub fn to_original(&self, cleaned: Span) -> Span {
        let start = self.start_to_original(cleaned.start);
        let end = self.end_to_original(cleaned.end).max(start);
        Span { start, end }
    }

    /// The original offset where a cleaned span starting at `c` starts. The
    /// start of the cleaned text is the start of the original (even if the
    /// clean-up removed something there), so the whole maps onto the whole.
    pub fn start_to_original(&self, c: u32) -> u32 {
        if c == 0 {
            return 0;
        }
        self.steps.iter().rev().fold(c.min(self.cleaned_len), |c, s| s.left(c, Dir::Back))
    }

    /// The original offset where a cleaned span ending at `c` ends; the end of
    /// the cleaned text is the end of the original.
    pub fn end_to_original(&self, c: u32) -> u32 {
        if c >= self.cleaned_len {
            return self.original_len;
        }
        self.steps.iter().rev().fold(c, |c, s| s.right(c, Dir::Back))
    }

    /// The span of the cleaned text that `original` (a span of the original) became.
    pub fn to_cleaned(&self, original: Span) -> Span {
        let start = if original.start == 0 {
            0
        } else {
            self.steps.iter().fold(original.start.min(self.original_len), |c, s| s.left(c, Dir::Forward))
        };
        let end = if original.end >= self.original_len {
            self.cleaned_len
        } else {
            self.steps.iter().fold(original.end, |c, s| s.right(c, Dir::Forward))
        };
        Span { start, end: end.max(start) }
    }

    /// The original text, rebuilt from `cleaned` (the text this map was made
    /// with) by undoing every edit, last step first.
    pub fn original_of(&self, cleaned: &str) -> String {
        let mut text = cleaned.to_owned();
        for step in self.steps.iter().rev() {
            let mut out = String::with_capacity(text.len() + step.edits.len() * 2);
            let mut copied = 0usize;
            let mut removed = 0usize;
            for e in &step.edits {
                out.push_str(text.get(copied..e.to.start as usize).unwrap_or(""));
                let end = removed + e.from.len();
                out.push_str(step.removed.get(removed..end).unwrap_or(""));
                removed = end;
                copied = e.to.end as usize;
            }
            out.push_str(text.get(copied..).unwrap_or(""));
            text = out;
        }
        text
    }

    pub fn original_len(&self) -> usize {
        self.original_len as usize
    }

    pub fn cleaned_len(&self) -> usize {
        self.cleaned_len as usize
    }

    /// True if the cleaned text is the original.
    pub fn is_identity(&self) -> bool {
        self.steps.is_empty()
    }
}

/// Writes a step's output while recording its edits.
pub(super) struct StepBuilder<'a> {
    pub(super) input: &'a str,
    pub(super) out: String,
    pub(super) edits: Vec<Edit>,
    pub(super) removed: String,
    pub(super) copied_to: usize,
}

impl<'a> StepBuilder<'a> {
    pub(super) fn new(input: &'a str) -> StepBuilder<'a> {
        StepBuilder { input, out: String::new(), edits: Vec::new(), removed: String::new(), copied_to: 0 }
    }

    /// Replaces `input[start..end]` (after what was already written) by `with`.
    pub(super) fn replace(&mut self, start: usize, end: usize, with: &str, kind: RepairKind) {
        if self.out.capacity() == 0 {
            self.out.reserve(self.input.len());
        }
        let (Some(copy), Some(removed)) = (self.input.get(self.copied_to..start), self.input.get(start..end)) else {
            return; // never happens: steps replace in order; refusing keeps the map consistent
        };
        self.out.push_str(copy);
        let to_start = self.out.len();
        self.out.push_str(with);
        self.removed.push_str(removed);
        self.edits.push(Edit { from: Span::new(start, end), to: Span::new(to_start, self.out.len()), kind });
        self.copied_to = end;
    }

    /// The output and its map, or `None` if nothing changed.
    pub(super) fn finish(mut self) -> Option<(String, StepMap)> {
        if self.edits.is_empty() {
            return None;
        }
        self.out.push_str(self.input.get(self.copied_to..).unwrap_or(""));
        self.edits.shrink_to_fit();
        self.removed.shrink_to_fit();
        Some((self.out, StepMap { edits: self.edits, removed: self.removed }))
    }
}
