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
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn tok(start: u32, end: u32, kind: TokenKind, term: u32) -> Token {
        Token { span: Span { start, end }, kind, term: TermId(term) }
    }

    #[test]
    fn tokens_come_back_as_they_went_in() {
        let given = vec![
            tok(0, 3, TokenKind::Word, 0),
            tok(3, 4, TokenKind::Space, 1),
            tok(4, 6, TokenKind::Number, TERM_MASK),
            // A gap: this one ends at 8, the next starts at 9.
            tok(6, 8, TokenKind::Emoji, 7),
            tok(9, 12, TokenKind::Punct, 2),
            tok(12, 12, TokenKind::Symbol, 3),
            tok(12, 20, TokenKind::Word, 4),
        ];
        let tokens: Tokens = given.iter().copied().collect();
        assert_eq!(tokens.len(), given.len());
        assert_eq!(tokens.iter().collect::<Vec<_>>(), given);
        assert_eq!(tokens.iter().rev().collect::<Vec<_>>(), given.iter().rev().copied().collect::<Vec<_>>());
        assert_eq!(tokens.iter_from(4).next(), given.get(4).copied());
        assert_eq!(tokens.get(7), None);
        assert_eq!(tokens.partition_point(|t| t.span.start < 9), 4);
    }

    #[test]
    fn ranges_are_replaced_in_place_or_rebuilt_alike() {
        // 上海|合作|组织|，|上海|合作|组织 (3 bytes a character) → the name joined twice.
        let words = [(0, 6), (6, 12), (12, 18), (18, 21), (21, 27), (27, 33), (33, 39)];
        let base: Tokens = words.iter().enumerate().map(|(i, &(s, e))| tok(s, e, TokenKind::Word, i as u32)).collect();
        let joined = |s, e| vec![tok(s, e, TokenKind::Word, 9)];
        let mut t = base.clone();
        t.replace_ranges(vec![(0, 3, joined(0, 18)), (4, 7, joined(21, 39))]);
        let want = vec![tok(0, 18, TokenKind::Word, 9), tok(18, 21, TokenKind::Word, 3), tok(21, 39, TokenKind::Word, 9)];
        assert_eq!(t.iter().collect::<Vec<_>>(), want);
        // A replacement with more tokens than it replaces: rebuilt, same kind of answer.
        let mut t = base.clone();
        let split = vec![tok(0, 3, TokenKind::Word, 7), tok(3, 6, TokenKind::Word, 8)];
        t.replace_ranges(vec![(0, 1, split.clone())]);
        let mut want = split;
        want.extend(base.iter().skip(1));
        assert_eq!(t.iter().collect::<Vec<_>>(), want);
    }

    #[test]
    fn tiling_tokens_take_five_and_a_quarter_bytes() {
        // Chinese words of 1–4 characters, a space now and then: every step fits in its byte.
        let mut at = 0;
        let tokens: Tokens = (0..1600u32)
            .map(|i| {
                let len = if i % 7 == 0 { 1 } else { 3 * (1 + i % 4) };
                at += len;
                tok(at - len, at, TokenKind::Word, i)
            })
            .collect();
        assert_eq!(tokens.heap_bytes(), 1600 * 5 + 1600 / BLOCK * 4);
        assert!(tokens.far_starts.is_empty() && tokens.odd_ends.is_empty());
    }

    #[test]
    fn long_tokens_and_jumps_back_are_exact() {
        // A 300-byte run of spaces, a 255-byte step (just past a byte), jumps back and forth: five far steps.
        let given = vec![
            tok(0, 300, TokenKind::Space, 1),
            tok(300, 555, TokenKind::Word, 2),
            tok(555, 558, TokenKind::Word, 3),
            tok(100, 103, TokenKind::Punct, 4),
            tok(u32::MAX - 4, u32::MAX, TokenKind::Symbol, 5),
            tok(7, 9, TokenKind::Emoji, 6),
        ];
        let tokens: Tokens = given.iter().copied().collect();
        assert_eq!(tokens.iter().collect::<Vec<_>>(), given);
        assert_eq!(tokens.iter().rev().collect::<Vec<_>>(), given.iter().rev().copied().collect::<Vec<_>>());
        assert_eq!((0..given.len()).filter_map(|i| tokens.get(i)).collect::<Vec<_>>(), given);
        assert_eq!(tokens.far_starts.len(), 5);
    }

    /// A token's shape: how it starts (after the last end, after a gap, anywhere), how long it is, its kind and term.
    type Shape = (u8, u32, u8, u32, usize, u32);

    fn shapes(max: usize) -> impl Strategy<Value = Vec<Shape>> {
        prop::collection::vec((0u8..10, any::<u32>(), 0u8..10, any::<u32>(), 0..KINDS.len(), 0..=TERM_MASK), 0..max)
    }

    /// Tokens from shapes: tiling ones (each starts where the last ended; some
    /// longer than a step byte), or any at all (gaps, jumps back, odd ends).
    fn build(shapes: &[Shape], tiling: bool, mut end: u32) -> Vec<Token> {
        shapes
            .iter()
            .map(|&(how, x, long, y, kind, term)| {
                let start = match how {
                    _ if tiling => end,
                    0..=5 => end,
                    6..=8 => end.saturating_add(x % 1000),
                    _ => x,
                };
                let len = match long {
                    0..=6 => y % 13,
                    7 | 8 => 240 + y % 70_000,
                    _ => y,
                };
                let stop = if !tiling && long == 9 { y } else { start.saturating_add(len) };
                end = stop;
                tok(start, stop, KINDS.get(kind).copied().unwrap_or(TokenKind::Word), term)
            })
            .collect()
    }

    /// Every way of reading `tokens` gives `model`.
    fn same(tokens: &Tokens, model: &[Token], ops: &[(bool, usize)]) -> Result<(), TestCaseError> {
        prop_assert_eq!(tokens.len(), model.len());
        prop_assert_eq!(tokens.iter().collect::<Vec<_>>(), model);
        prop_assert!(tokens.iter().rev().eq(model.iter().rev().copied()));
        for (i, t) in model.iter().enumerate() {
            prop_assert_eq!(tokens.get(i), Some(*t));
        }
        prop_assert_eq!(tokens.get(model.len()), None);
        let mut pushed = Tokens::new();
        pushed.extend(model.iter().copied());
        prop_assert_eq!(&pushed, tokens);
        // Mixed steps from both ends, skips and restarts, as on a slice.
        let (mut it, mut want) = (tokens.iter(), model.iter().copied());
        for &(back, n) in ops {
            match (back, n % 4) {
                (true, _) => prop_assert_eq!(it.next_back(), want.next_back()),
                (false, 0) => prop_assert_eq!(it.nth(n), want.nth(n)),
                (false, 1) => {
                    let from = n % (model.len() + 2);
                    it = tokens.iter_from(from);
                    want = model.get(from.min(model.len())..).unwrap_or(&[]).iter().copied();
                }
                _ => prop_assert_eq!(it.next(), want.next()),
            }
            prop_assert_eq!(it.size_hint(), want.size_hint());
        }
        Ok(())
    }

    fn ops() -> impl Strategy<Value = Vec<(bool, usize)>> {
        prop::collection::vec((any::<bool>(), 0usize..80), 0..60)
    }

    /// Splices `edits` into `model` as `replace_ranges` promises (later edits
    /// that reach back into earlier ones replace nothing before the earlier end).
    fn spliced(model: &[Token], edits: &[(usize, usize, Vec<Token>)]) -> Vec<Token> {
        let mut out = Vec::new();
        let mut r = 0;
        for (from, to, new) in edits {
            out.extend(model.iter().skip(r).take(from.saturating_sub(r)));
            out.extend(new.iter().copied());
            r = r.max(*to);
        }
        out.extend(model.iter().skip(r));
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        #[test]
        fn any_tokens_come_back_exactly(s in shapes(120), tiling in any::<bool>(), ops in ops()) {
            let model = build(&s, tiling, 0);
            let tokens: Tokens = model.iter().copied().collect();
            same(&tokens, &model, &ops)?;
            if tiling && s.iter().all(|&(_, _, long, _, _, _)| long < 7) {
                prop_assert!(tokens.far_starts.is_empty() && tokens.odd_ends.is_empty());
            }
        }

        #[test]
        fn partition_point_is_the_slices(s in shapes(200), at in any::<u32>()) {
            let model = build(&s, true, 0);
            let tokens: Tokens = model.iter().copied().collect();
            let ends: Vec<u32> = model.iter().map(|t| t.span.start).collect();
            for x in [0, 1, at, at % 2000, ends.get(at as usize % (ends.len() + 1)).copied().unwrap_or(u32::MAX), u32::MAX] {
                prop_assert_eq!(tokens.partition_point(|t| t.span.start < x), model.partition_point(|t| t.span.start < x));
                prop_assert_eq!(tokens.partition_point(|t| t.span.end <= x), model.partition_point(|t| t.span.end <= x));
            }
        }

        #[test]
        fn replacing_ranges_is_splicing(
            s in shapes(150),
            tiling in any::<bool>(),
            cuts in prop::collection::vec((0usize..6, 0usize..8, 0usize..4, any::<bool>(), shapes(4)), 0..12),
            ops in ops(),
        ) {
            let model = build(&s, tiling, 0);
            // Edits in order: each joins (or splits) the text it replaces, or puts any tokens there.
            let mut edits = Vec::new();
            let mut at = 0;
            for (gap, width, parts, tiles, new) in &cuts {
                let from = (at + gap).min(model.len());
                let to = (from + width).min(model.len());
                let new = match (model.get(from), to.checked_sub(1).and_then(|i| model.get(i))) {
                    (Some(first), Some(last)) if *tiles && from < to => {
                        let (s, e) = (first.span.start, last.span.end.max(first.span.start));
                        let n = (*parts as u32).min(e - s);
                        // In u64: spans reach past 2^32 / parts (the checked profile traps on overflow).
                        let at = |k: u32| s + (u64::from(e - s) * u64::from(k) / u64::from(n)) as u32;
                        (0..n).map(|k| tok(at(k), at(k + 1), TokenKind::Word, k)).collect()
                    }
                    _ => build(new, tiling, model.get(from).map_or(0, |t| t.span.start)),
                };
                edits.push((from, to, new));
                at = to;
            }
            let want = spliced(&model, &edits);
            let mut grown = 0isize;
            let joins = edits.iter().all(|(from, to, new)| {
                grown += new.len() as isize - (*to - *from) as isize;
                grown <= 0
            });
            let mut tokens: Tokens = model.iter().copied().collect();
            let before = tokens.kind_terms.as_ptr();
            tokens.replace_ranges(edits);
            same(&tokens, &want, &ops)?;
            // Joining tokens costs no second vector.
            prop_assert!(!joins || tokens.kind_terms.as_ptr() == before);
            // And it goes on as if built afresh.
            let mut more = want.clone();
            more.extend(build(&s, tiling, want.last().map_or(0, |t| t.span.end)));
            tokens.extend(more.iter().skip(want.len()).copied());
            same(&tokens, &more, &[])?;
        }

        #[test]
        fn edits_out_of_order_are_rebuilt_as_spliced(
            s in shapes(60),
            edits in prop::collection::vec((0usize..70, 0usize..70, shapes(3)), 0..6),
        ) {
            let model = build(&s, false, 0);
            let edits: Vec<(usize, usize, Vec<Token>)> =
                edits.iter().map(|(a, b, new)| (*a, *b, build(new, false, 0))).collect();
            let want = spliced(&model, &edits);
            let mut tokens: Tokens = model.iter().copied().collect();
            tokens.replace_ranges(edits);
            same(&tokens, &want, &[])?;
        }
    }
}
