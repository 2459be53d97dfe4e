//! A document's tokens in about 5¼ bytes each (#11): per token its term with
//! its kind in the spare top bits (4 bytes) and the step from the previous
//! token's start to its own (1 byte); every 16th token's start in full, so
//! that `get` decodes at most 16 steps while iteration costs one step a token.
//! A token's end is where the next one starts: the tokens of a document tile
//! its text. A step that does not fit in a byte (a token of 255 bytes or more,
//! a jump back) and a token that ends elsewhere (none does today) are kept in
//! short side lists, so the answer is exact whatever the segmenter emits.

use super::Token;
use crate::segment::TokenKind;
use crate::span::Span;
use crate::vocab::TermId;

/// Term ids use the low 29 bits (536 M distinct terms, more than the bytes of
/// any text the limits accept); the kind the top 3.
const TERM_BITS: u32 = 29;
const TERM_MASK: u32 = (1 << TERM_BITS) - 1;
const KINDS: [TokenKind; 6] =
    [TokenKind::Word, TokenKind::Number, TokenKind::Punct, TokenKind::Symbol, TokenKind::Emoji, TokenKind::Space];

/// Tokens per checkpoint (a start kept in full): the most steps `get` decodes.
const BLOCK: usize = 16;
/// The step of a token whose start is in `far_starts`.
const FAR: u8 = u8::MAX;

fn pack(token: &Token) -> u32 {
    let kind = KINDS.iter().position(|&k| k == token.kind).unwrap_or(0) as u32;
    debug_assert!(token.term.0 <= TERM_MASK, "term id {} does not fit", token.term.0);
    (kind << TERM_BITS) | (token.term.0 & TERM_MASK)
}

#[inline]
fn unpack(kind_term: u32, span: Span) -> Token {
    Token {
        span,
        kind: KINDS.get((kind_term >> TERM_BITS) as usize).copied().unwrap_or(TokenKind::Word),
        term: TermId(kind_term & TERM_MASK),
    }
}

/// The tokens of a document, in text order.
#[derive(Clone, Default)]
pub struct Tokens {
    /// Per token: its kind (top bits) and term.
    kind_terms: Vec<u32>,
    /// Per token: its start minus the previous token's start (the first
    /// token's start), or [`FAR`].
    steps: Vec<u8>,
    /// The start of tokens 0, 16, 32, … (for `get`; iteration needs none).
    checkpoints: Vec<u32>,
    /// (index, start) of the tokens whose step is [`FAR`], by index.
    far_starts: Vec<(u32, u32)>,
    /// (index, end) of tokens that do not end where the next one starts, by index.
    odd_ends: Vec<(u32, u32)>,
    /// The start of the last token.
    last_start: u32,
    /// The end of the last token.
    end: u32,
}

/// Decodes starts forward from a known one.
#[derive(Clone, Copy, Debug, Default)]
struct Cursor {
    /// The token whose start comes next.
    next: usize,
    /// The start of token `next - 1` (0 before the first).
    start: u32,
    /// Entries of `far_starts` before token `next`.
    far: usize,
}

impl Cursor {
    /// The start of token `self.next` (moving past it), or `None` after the last.
    #[inline]
    fn step(&mut self, steps: &[u8], far_starts: &[(u32, u32)]) -> Option<u32> {
        let step = *steps.get(self.next)?;
        self.start = if step == FAR {
            let start = far_starts.get(self.far).map_or(0, |&(_, s)| s);
            self.far += 1;
            start
        } else {
            self.start.wrapping_add(u32::from(step))
        };
        self.next += 1;
        Some(self.start)
    }

    /// The start of token `self.next`, not moving.
    fn peek(&self, steps: &[u8], far_starts: &[(u32, u32)]) -> Option<u32> {
        let mut copy = *self;
        copy.step(steps, far_starts)
    }
}

/// The stored parts of [`Tokens`], borrowed (what `get` and [`Iter`] read).
#[derive(Clone, Copy)]
struct Parts<'a> {
    kind_terms: &'a [u32],
    steps: &'a [u8],
    checkpoints: &'a [u32],
    far_starts: &'a [(u32, u32)],
    odd_ends: &'a [(u32, u32)],
    end: u32,
}

impl Parts<'_> {
    /// A cursor that has just decoded the start of token `index` (`< len`),
    /// from the checkpoint before it.
    fn cursor_at(&self, index: usize) -> Cursor {
        let block = index / BLOCK;
        let first = block * BLOCK;
        let mut cursor = Cursor {
            next: first + 1,
            start: self.checkpoints.get(block).copied().unwrap_or(0),
            far: self.far_starts.partition_point(|&(i, _)| i as usize <= first),
        };
        while cursor.next <= index && cursor.step(self.steps, self.far_starts).is_some() {}
        cursor
    }

    /// The end of token `index`, given the start of the next one (`None` for the last).
    fn end_of(&self, index: usize, next_start: Option<u32>) -> u32 {
        match next_start {
            None => self.end,
            Some(next) => match self.odd_ends.binary_search_by_key(&(index as u32), |&(i, _)| i) {
                Ok(k) => self.odd_ends.get(k).map_or(next, |&(_, e)| e),
                Err(_) => next,
            },
        }
    }

    fn get(&self, index: usize) -> Option<Token> {
        let kind_term = *self.kind_terms.get(index)?;
        // Mostly no step from the checkpoint to the next token is far: a sum does.
        let first = index / BLOCK * BLOCK;
        if let (Some(&checkpoint), Some(steps)) = (self.checkpoints.get(index / BLOCK), self.steps.get(first + 1..=index + 1)) {
            if !steps.contains(&FAR) {
                let start = steps.iter().take(index - first).fold(checkpoint, |at, &s| at.wrapping_add(u32::from(s)));
                let next = steps.last().map(|&s| start.wrapping_add(u32::from(s)));
                return Some(unpack(kind_term, Span { start, end: self.end_of(index, next) }));
            }
        }
        let mut cursor = self.cursor_at(index);
        let start = cursor.start;
        let next = cursor.step(self.steps, self.far_starts);
        Some(unpack(kind_term, Span { start, end: self.end_of(index, next) }))
    }
}

impl Tokens {
    pub fn new() -> Tokens {
        Tokens::default()
    }

    pub fn with_capacity(n: usize) -> Tokens {
        let mut out = Tokens::default();
        out.reserve(n);
        out
    }

    pub fn len(&self) -> usize {
        self.kind_terms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.kind_terms.is_empty()
    }

    fn parts(&self) -> Parts<'_> {
        Parts {
            kind_terms: &self.kind_terms,
            steps: &self.steps,
            checkpoints: &self.checkpoints,
            far_starts: &self.far_starts,
            odd_ends: &self.odd_ends,
            end: self.end,
        }
    }

    /// Appends a token (after the last one).
    pub fn push(&mut self, token: Token) {
        let index = self.len();
        let (kind_term, step) = self.encode(index, &token);
        if index % BLOCK == 0 {
            self.checkpoints.push(token.span.start);
        }
        self.kind_terms.push(kind_term);
        self.steps.push(step);
    }

    /// The kind-and-term and the step of `token` as token `index` after the
    /// tokens `..index` encoded so far; notes its far start and the previous
    /// token's odd end in the side lists.
    #[inline]
    fn encode(&mut self, index: usize, token: &Token) -> (u32, u8) {
        let start = token.span.start;
        let before = if index == 0 { 0 } else { self.last_start };
        if index > 0 && self.end != start {
            self.odd_ends.push((index as u32 - 1, self.end));
        }
        let step = match start.checked_sub(before) {
            Some(d) if d < u32::from(FAR) => d as u8,
            _ => {
                self.far_starts.push((index as u32, start));
                FAR
            }
        };
        self.last_start = start;
        self.end = token.span.end;
        (pack(token), step)
    }

    /// Writes `token` as token `index` of the tokens `..index` encoded so far,
    /// over what the slot held (`index < self.len()`).
    fn overwrite(&mut self, index: usize, token: &Token) {
        let (kind_term, step) = self.encode(index, token);
        if let Some(slot) = self.kind_terms.get_mut(index) {
            *slot = kind_term;
        }
        if let Some(slot) = self.steps.get_mut(index) {
            *slot = step;
        }
        if index % BLOCK == 0 {
            if let Some(slot) = self.checkpoints.get_mut(index / BLOCK) {
                *slot = token.span.start;
            }
        }
    }

    /// Replaces, for each `(from, to, new)` (in order, not overlapping), the
    /// tokens `from..to` by `new`. In place — no second vector of the whole
    /// document — when no edit makes the tokens up to it more numerous
    /// (applying a discovered term joins tokens); otherwise the tokens are
    /// rebuilt.
    pub fn replace_ranges(&mut self, edits: Vec<(usize, usize, Vec<Token>)>) {
        if edits.is_empty() {
            return;
        }
        let len = self.len();
        let mut grown = 0isize;
        let mut in_place = true;
        let mut last_to = 0;
        for (from, to, new) in &edits {
            grown += new.len() as isize - (*to as isize - *from as isize);
            in_place &= grown <= 0 && *from >= last_to && from <= to && *to <= len;
            last_to = *to;
        }
        if in_place {
            self.replace_in_place(edits);
            return;
        }
        let old = std::mem::take(self);
        let mut out = Tokens::with_capacity(old.len());
        let mut r = 0;
        for (from, to, new) in edits {
            out.extend(old.iter_from(r).take(from.saturating_sub(r)));
            out.extend(new);
            r = r.max(to);
        }
        out.extend(old.iter_from(r));
        *self = out;
    }

    /// [`replace_ranges`](Self::replace_ranges) for edits that are in order,
    /// within the tokens, and never leave more tokens before their end than
    /// were there, so every old token is read before its slot is written.
    /// Only the short side lists are built anew.
    fn replace_in_place(&mut self, edits: Vec<(usize, usize, Vec<Token>)>) {
        let len = self.len();
        let old = Old {
            end: self.end,
            far_starts: std::mem::take(&mut self.far_starts),
            odd_ends: std::mem::take(&mut self.odd_ends),
        };
        self.far_starts.reserve(old.far_starts.len());
        self.odd_ends.reserve(old.odd_ends.len());
        // The old tokens before `walk.next` are read (their starts decoded, their odd ends passed).
        let mut walk = Cursor::default();
        let mut odd = 0;
        // Written: the tokens before `w`.
        let mut w = 0;
        for (from, to, new) in edits.into_iter().chain(std::iter::once((len, len, Vec::new()))) {
            if walk.next < from {
                w = self.move_run(from, w, &mut walk, &mut odd, &old);
            }
            // The replaced tokens: their starts are decoded only to keep `walk` in step.
            while walk.next < to && walk.step(&self.steps, &old.far_starts).is_some() {}
            while old.odd_ends.get(odd).is_some_and(|&(i, _)| (i as usize) < to) {
                odd += 1;
            }
            for t in &new {
                self.overwrite(w, t);
                w += 1;
            }
        }
        if w == 0 {
            self.last_start = 0;
            self.end = 0;
        }
        self.kind_terms.truncate(w);
        self.steps.truncate(w);
        self.checkpoints.truncate(w.div_ceil(BLOCK));
    }

    /// Moves the old tokens `walk.next..to` to `w..` (`w <= walk.next`) and
    /// returns where the writing goes on. The first is written as a new token
    /// (its step and the odd end before it change); the rest keep their steps
    /// and kinds, copied as they are; only their checkpoints are decoded anew.
    fn move_run(&mut self, to: usize, w: usize, walk: &mut Cursor, odd: &mut usize, old: &Old) -> usize {
        let r = walk.next;
        let Some(start) = walk.step(&self.steps, &old.far_starts) else { return w };
        let end_at = |i: usize, odd: usize, next: Option<u32>| match old.odd_ends.get(odd) {
            Some(&(k, e)) if k as usize == i => e,
            _ => next.unwrap_or(old.end),
        };
        let kind_term = self.kind_terms.get(r).copied().unwrap_or(0);
        let end = end_at(r, *odd, walk.peek(&self.steps, &old.far_starts));
        self.overwrite(w, &unpack(kind_term, Span { start, end }));
        let n = to - r;
        if n > 1 {
            // Odd ends inside the run move along; the last one's end is `self.end` below.
            while let Some(&(i, e)) = old.odd_ends.get(*odd).filter(|&&(i, _)| (i as usize) < to - 1) {
                self.odd_ends.push(((i as usize - r + w) as u32, e));
                *odd += 1;
            }
            self.kind_terms.copy_within(r + 1..to, w + 1);
            self.steps.copy_within(r + 1..to, w + 1);
            let mut at = start;
            if let Some(steps) = self.steps.get(w + 1..w + n) {
                for (p, &step) in (w + 1..).zip(steps) {
                    at = if step == FAR {
                        let s = old.far_starts.get(walk.far).map_or(0, |&(_, s)| s);
                        walk.far += 1;
                        self.far_starts.push((p as u32, s));
                        s
                    } else {
                        at.wrapping_add(u32::from(step))
                    };
                    if p % BLOCK == 0 {
                        if let Some(slot) = self.checkpoints.get_mut(p / BLOCK) {
                            *slot = at;
                        }
                    }
                }
            }
            walk.next = to;
            walk.start = at;
            self.last_start = at;
            self.end = end_at(to - 1, *odd, walk.peek(&self.steps, &old.far_starts));
        }
        while old.odd_ends.get(*odd).is_some_and(|&(i, _)| (i as usize) < to) {
            *odd += 1;
        }
        w + n
    }

    /// The token at `index` (decodes up to 16 steps).
    pub fn get(&self, index: usize) -> Option<Token> {
        self.parts().get(index)
    }

    /// The tokens in order, by value.
    pub fn iter(&self) -> Iter<'_> {
        self.iter_from(0)
    }

    /// The tokens from `index` on.
    pub fn iter_from(&self, index: usize) -> Iter<'_> {
        let mut it = Iter {
            parts: self.parts(),
            front: 0,
            back: self.len(),
            start: 0,
            far: 0,
            odd: 0,
            next_odd: usize::MAX,
            back_start: None,
        };
        it.seat(index.min(self.len()));
        it
    }

    /// The number of tokens before the first for which `pred` is false (as
    /// [`slice::partition_point`]: `pred` must be true for a prefix only): a
    /// binary search over the checkpoints, then a scan of one block.
    pub fn partition_point(&self, pred: impl Fn(&Token) -> bool) -> usize {
        let (mut lo, mut hi) = (0, self.checkpoints.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.get(mid * BLOCK).is_some_and(|t| pred(&t)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        // Token (lo - 1) * BLOCK passes, token lo * BLOCK (if any) does not.
        let Some(passed) = lo.checked_sub(1) else { return 0 };
        let from = passed * BLOCK + 1;
        let to = (lo * BLOCK).min(self.len());
        from + self.iter_from(from).take(to.saturating_sub(from)).take_while(|t| pred(t)).count()
    }

    /// Room for `additional` more tokens.
    pub fn reserve(&mut self, additional: usize) {
        self.kind_terms.reserve_exact(additional);
        self.steps.reserve_exact(additional);
        let blocks = (self.len() + additional).div_ceil(BLOCK);
        self.checkpoints.reserve_exact(blocks.saturating_sub(self.checkpoints.len()));
    }

    pub fn shrink_to_fit(&mut self) {
        self.kind_terms.shrink_to_fit();
        self.steps.shrink_to_fit();
        self.checkpoints.shrink_to_fit();
        self.far_starts.shrink_to_fit();
        self.odd_ends.shrink_to_fit();
    }

    /// Bytes held (for memory accounting).
    pub fn heap_bytes(&self) -> usize {
        self.kind_terms.capacity() * 4
            + self.steps.capacity()
            + self.checkpoints.capacity() * 4
            + (self.far_starts.capacity() + self.odd_ends.capacity()) * 8
    }
}

/// What `replace_in_place` reads of the tokens as they were.
struct Old {
    end: u32,
    far_starts: Vec<(u32, u32)>,
    odd_ends: Vec<(u32, u32)>,
}

/// Equal when they hold the same tokens.
impl PartialEq for Tokens {
    fn eq(&self, other: &Tokens) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for Tokens {}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Extend<Token> for Tokens {
    fn extend<I: IntoIterator<Item = Token>>(&mut self, iter: I) {
        for t in iter {
            self.push(t);
        }
    }
}

impl FromIterator<Token> for Tokens {
    fn from_iter<I: IntoIterator<Item = Token>>(iter: I) -> Tokens {
        let mut out = Tokens::new();
        out.extend(iter);
        out.shrink_to_fit();
        out
    }
}

impl<'a> IntoIterator for &'a Tokens {
    type Item = Token;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// Iterator over [`Tokens`], by value: one step decoded a token from the
/// front; from the back one step undone (or, after a far step, up to 16 decoded).
#[derive(Clone)]
pub struct Iter<'a> {
    parts: Parts<'a>,
    front: usize,
    back: usize,
    /// The start of token `front` (when `front < back`).
    start: u32,
    /// Entries of `far_starts` up to token `front`.
    far: usize,
    /// Entries of `odd_ends` before token `front`, and the index of the next.
    odd: usize,
    next_odd: usize,
    /// The start of token `back`, once known.
    back_start: Option<u32>,
}

impl Iter<'_> {
    /// Moves the front to `index` (`<= back`).
    fn seat(&mut self, index: usize) {
        self.front = index;
        if index < self.back {
            let cursor = self.parts.cursor_at(index);
            self.start = cursor.start;
            self.far = cursor.far;
            self.odd = self.parts.odd_ends.partition_point(|&(i, _)| (i as usize) < index);
            self.next_odd = self.parts.odd_ends.get(self.odd).map_or(usize::MAX, |&(i, _)| i as usize);
        }
    }

    /// The end of token `front`, which has an odd one.
    #[cold]
    fn odd_end(&mut self) -> u32 {
        let end = self.parts.odd_ends.get(self.odd).map_or(0, |&(_, e)| e);
        self.odd += 1;
        self.next_odd = self.parts.odd_ends.get(self.odd).map_or(usize::MAX, |&(i, _)| i as usize);
        end
    }
}

impl Iterator for Iter<'_> {
    type Item = Token;

    #[inline]
    fn next(&mut self) -> Option<Token> {
        if self.front >= self.back {
            return None;
        }
        let index = self.front;
        let kind_term = *self.parts.kind_terms.get(index)?;
        let start = self.start;
        let next_start = match self.parts.steps.get(index + 1) {
            Some(&FAR) => {
                let s = self.parts.far_starts.get(self.far).map_or(0, |&(_, s)| s);
                self.far += 1;
                Some(s)
            }
            Some(&step) => Some(start.wrapping_add(u32::from(step))),
            None => None,
        };
        let end = if index == self.next_odd { self.odd_end() } else { next_start.unwrap_or(self.parts.end) };
        self.start = next_start.unwrap_or(start);
        self.front = index + 1;
        Some(unpack(kind_term, Span { start, end }))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.back.saturating_sub(self.front);
        (n, Some(n))
    }

    fn nth(&mut self, n: usize) -> Option<Token> {
        if n > BLOCK {
            self.seat(self.front.saturating_add(n).min(self.back));
        } else {
            for _ in 0..n {
                self.next()?;
            }
        }
        self.next()
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Token> {
        if self.front >= self.back {
            return None;
        }
        let parts = self.parts;
        let index = self.back - 1;
        let kind_term = *parts.kind_terms.get(index)?;
        let next_start = match self.back_start {
            Some(s) => Some(s),
            None => parts.get(self.back).map(|t| t.span.start),
        };
        // Undo the step to the next token when it is not far; else decode from the checkpoint.
        let start = match (next_start, parts.steps.get(self.back)) {
            (Some(next), Some(&step)) if step != FAR => next.wrapping_sub(u32::from(step)),
            _ => parts.cursor_at(index).start,
        };
        self.back = index;
        self.back_start = Some(start);
        Some(unpack(kind_term, Span { start, end: parts.end_of(index, next_start) }))
    }
}

impl ExactSizeIterator for Iter<'_> {}

#[cfg(test)]
mod tests;
