//! A document's tokens in about 3 bytes each (#11). Per token a descriptor
//! byte: its kind with the class of its term id (a nibble: a word of any of
//! the 8 classes, punctuation of the first 4, a space of the first 3; else an
//! escape byte says which) and the step from the previous token's start to its
//! own (a nibble: up to 14; else a byte says up to 269, or that the start is
//! kept in full). Then, in a bit stream, the escape bytes and the term ids,
//! each in its class's width: 5, 8, 11, 14, 17, 20, 24 or 32 bits (ids are
//! handed out in first-seen order, so frequent terms have small ids). Per
//! block of 16 tokens, the start of its first token and where its bits begin
//! (8 bytes). At 9 MB of Chinese (2.09 M tokens, 134 k terms; 23 % of the
//! tokens have an id below 2^7, 56 % below 2^11, 76 % below 2^14) that is 3.0
//! bytes a token, 6.2 MB, where the 5¼-byte layout before it took 11.0 MB.
//! The descriptors give every code's length without reading the bits, so a
//! block decodes in one tight loop (about 3 ns a token) and `get` sums the
//! descriptors before its token and reads one id; iteration decodes each
//! block once. The kind stays per token: the segmenter does not promise one
//! kind per term.
//!
//! A token's end is where the next one starts: the tokens of a document tile
//! its text. A step that does not fit (a jump back, a token of 270 bytes or
//! more) and a token that ends elsewhere (none does today) are kept in short
//! side lists, so the answer is exact whatever the segmenter emits.
//!
//! The module is split by role: [`code`] (the layout of a token's code and
//! the decoding of a block) and [`rewrite`] (edits applied in place, over
//! the old tokens); this file holds `Tokens`, its API and its iterator.

mod code;
mod rewrite;

use super::Token;
use crate::segment::TokenKind;
use crate::span::Span;
use crate::vocab::TermId;
use code::{bits_at, code, put, Block, Decoded, Side, BLOCK, DESCRIBED, FAR, KIND_OF, NOTHING, SHORT, SLOW};

/// The tokens of a document, in text order.
#[derive(Clone, Default)]
pub struct Tokens {
    /// Per token: its kind-and-class nibble (low) and its step nibble.
    descriptors: Vec<u8>,
    /// The tokens' escape and step bytes and term ids, a block after another,
    /// each block from a new byte.
    bits: Vec<u8>,
    /// Bits in use of the last byte of `bits` (0: the next token's start a new byte).
    used: u32,
    /// Per block: the start of its first token, and where its bits begin in `bits`.
    blocks: Vec<(u32, u32)>,
    /// (index, start) of the tokens whose step is far, by index.
    far_starts: Vec<(u32, u32)>,
    /// (index, end) of tokens that do not end where the next one starts, by index.
    odd_ends: Vec<(u32, u32)>,
    /// The start of the last token.
    last_start: u32,
    /// The end of the last token.
    end: u32,
}

/// The stored parts of [`Tokens`], borrowed (what `get` and [`Iter`] read).
#[derive(Clone, Copy)]
struct Parts<'a> {
    descriptors: &'a [u8],
    bits: &'a [u8],
    blocks: &'a [(u32, u32)],
    side: Side<'a>,
    end: u32,
}

impl Parts<'_> {
    /// Decodes the first `want` tokens of block `b` into `out`; returns how many.
    #[inline]
    fn block(&self, b: usize, want: usize, out: &mut Decoded) -> usize {
        let Some(&(start, offset)) = self.blocks.get(b) else { return 0 };
        let first = b * BLOCK;
        let block = Block {
            descriptors: self.descriptors.get(first..).unwrap_or(&[]),
            bits: self.bits,
            base: offset as usize,
            first,
            start,
            end: self.blocks.get(b + 1).map_or(self.end, |&(s, _)| s),
        };
        block.decode(want, self.side.far_starts, out)
    }

    fn get(&self, index: usize) -> Option<Token> {
        if index >= self.descriptors.len() {
            return None;
        }
        if let Some(token) = self.get_plain(index) {
            return Some(token);
        }
        let mut out = NOTHING;
        let (b, j) = (index / BLOCK, index % BLOCK);
        let n = self.block(b, j + 1, &mut out);
        (j < n).then(|| out.token(j, b * BLOCK, self.side.odd_ends))
    }
}

impl Parts<'_> {
    /// [`get`](Self::get) when the descriptors of token `index`, of those
    /// before it in its block and of the next have no escape or long step:
    /// the start and the place of the id summed from the descriptors, and
    /// only its id read.
    #[inline]
    fn get_plain(&self, index: usize) -> Option<Token> {
        let (b, j) = (index / BLOCK, index % BLOCK);
        let first = index - j;
        let &(block_start, offset) = self.blocks.get(b)?;
        let descriptors = self.descriptors.get(first..(first + BLOCK).min(self.descriptors.len()))?;
        let first_step = DESCRIBED[usize::from(*descriptors.first()?)] >> 8 & 15;
        let (mut at, mut start) = (0, block_start.wrapping_sub(first_step));
        for &d in descriptors.get(..j)? {
            let described = DESCRIBED[usize::from(d)];
            if described & SLOW != 0 {
                return None;
            }
            at += (described & 63) as usize;
            start = start.wrapping_add(described >> 8 & 15);
        }
        let d = *descriptors.get(j)?;
        let described = DESCRIBED[usize::from(d)];
        if described & SLOW != 0 {
            return None;
        }
        start = start.wrapping_add(described >> 8 & 15);
        let width = described & 63;
        let term = (bits_at(self.bits, offset as usize, at) & ((1 << width) - 1)) as u32;
        let mut end = match descriptors.get(j + 1) {
            Some(&next) => {
                let next = DESCRIBED[usize::from(next)];
                if next & SLOW != 0 {
                    return None;
                }
                start.wrapping_add(next >> 8 & 15)
            }
            None => self.blocks.get(b + 1).map_or(self.end, |&(s, _)| s),
        };
        if !self.side.odd_ends.is_empty() {
            if let Ok(k) = self.side.odd_ends.binary_search_by_key(&(index as u32), |&(i, _)| i) {
                end = self.side.odd_ends.get(k).map_or(end, |&(_, e)| e);
            }
        }
        Some(Token { span: Span { start, end }, kind: KIND_OF[usize::from(d)], term: TermId(term) })
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
        self.descriptors.len()
    }

    pub fn is_empty(&self) -> bool {
        self.descriptors.is_empty()
    }

    fn parts(&self) -> Parts<'_> {
        Parts {
            descriptors: &self.descriptors,
            bits: &self.bits,
            blocks: &self.blocks,
            side: Side { far_starts: &self.far_starts, odd_ends: &self.odd_ends },
            end: self.end,
        }
    }

    /// Appends a token (after the last one).
    pub fn push(&mut self, token: Token) {
        let index = self.len();
        if index % BLOCK == 0 {
            self.used = 0;
            self.blocks.push((token.span.start, self.bits.len() as u32));
        }
        let (descriptor, bits, n) = self.encode(index, &token);
        // Grown by a quarter, not doubled, past what `reserve` foresaw.
        if self.descriptors.len() == self.descriptors.capacity() {
            self.descriptors.reserve_exact((index / 4).max(64));
        }
        if self.bits.capacity() - self.bits.len() < 8 {
            self.bits.reserve_exact((self.bits.len() / 4).max(64));
        }
        self.descriptors.push(descriptor);
        put(&mut self.bits, &mut self.used, bits, n);
    }

    /// The descriptor and bits of `token` as token `index` after the tokens
    /// `..index` encoded so far; notes its far start and the previous token's
    /// odd end in the side lists.
    #[inline]
    fn encode(&mut self, index: usize, token: &Token) -> (u8, u64, u32) {
        let start = token.span.start;
        let before = if index == 0 { 0 } else { self.last_start };
        if index > 0 && self.end != start {
            self.odd_ends.push((index as u32 - 1, self.end));
        }
        let step = start.checked_sub(before).filter(|&d| d < u32::from(SHORT) + FAR);
        if step.is_none() {
            self.far_starts.push((index as u32, start));
        }
        self.last_start = start;
        self.end = token.span.end;
        code(token.kind, step, token.term.0)
    }

    /// Replaces, for each `(from, to, new)` (in order, not overlapping), the
    /// tokens `from..to` by `new`. In place — rewritten over themselves, no
    /// second copy of the document's tokens — when no edit makes the tokens
    /// up to it more numerous (applying a discovered term joins tokens);
    /// otherwise the tokens are rebuilt.
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

    /// The token at `index` (decodes at most one block).
    pub fn get(&self, index: usize) -> Option<Token> {
        self.parts().get(index)
    }

    /// The tokens in order, by value.
    pub fn iter(&self) -> Iter<'_> {
        self.iter_from(0)
    }

    /// The tokens from `index` on.
    pub fn iter_from(&self, index: usize) -> Iter<'_> {
        Iter {
            parts: self.parts(),
            front: index.min(self.len()),
            back: self.len(),
            front_block: usize::MAX,
            front_tokens: NOTHING,
            back_block: usize::MAX,
            back_tokens: NOTHING,
        }
    }

    /// Calls `visit(first, kinds, terms)` for each block of up to
    /// [`BLOCK`] tokens, in order: the kinds and terms of tokens `first..`.
    /// For a walk that needs neither starts nor ends (term discovery's): it
    /// reads only the descriptors and the ids. A block whose codes have no
    /// escape byte or long step (nearly all) is read in one tight loop, its
    /// ids at the places its descriptors sum to; the others are decoded whole,
    /// as [`iter`](Self::iter) decodes them.
    #[inline]
    pub fn for_each_block(&self, mut visit: impl FnMut(usize, &[TokenKind], &[TermId])) {
        let mut out = NOTHING;
        let mut kinds = [TokenKind::Word; BLOCK];
        let mut terms = [TermId(0); BLOCK];
        for (b, (descriptors, &(_, offset))) in self.descriptors.chunks(BLOCK).zip(&self.blocks).enumerate() {
            let n = descriptors.len();
            if descriptors.iter().fold(0, |all, &d| all | DESCRIBED[usize::from(d)]) & SLOW == 0 {
                let mut at = 0;
                for ((kind, term), &d) in kinds.iter_mut().zip(terms.iter_mut()).zip(descriptors) {
                    let width = DESCRIBED[usize::from(d)] & 63;
                    *term = TermId((bits_at(&self.bits, offset as usize, at) & ((1 << width) - 1)) as u32);
                    *kind = KIND_OF[usize::from(d)];
                    at += width as usize;
                }
            } else {
                self.parts().block(b, BLOCK, &mut out);
                for (j, (kind, term)) in kinds.iter_mut().zip(terms.iter_mut()).enumerate().take(n) {
                    (*kind, *term) = out.kind_term(j);
                }
            }
            visit(b * BLOCK, kinds.get(..n).unwrap_or(&[]), terms.get(..n).unwrap_or(&[]));
        }
    }

    /// The number of tokens before the first for which `pred` is false (as
    /// [`slice::partition_point`]: `pred` must be true for a prefix only): a
    /// binary search over the blocks' first tokens, then a scan of one block.
    pub fn partition_point(&self, pred: impl Fn(&Token) -> bool) -> usize {
        let (mut lo, mut hi) = (0, self.blocks.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.get(mid * BLOCK).is_some_and(|t| pred(&t)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        // Block lo - 1's first token passes, block lo's (if any) does not.
        let Some(passed) = lo.checked_sub(1) else { return 0 };
        let mut out = NOTHING;
        let n = self.parts().block(passed, BLOCK, &mut out);
        let first = passed * BLOCK;
        first + (0..n).take_while(|&j| pred(&out.token(j, first, &self.odd_ends))).count()
    }

    /// Room for `additional` more tokens (their bits at a tenth more bytes a
    /// token than so far, as later terms have larger ids; or 2 before there are any).
    pub fn reserve(&mut self, additional: usize) {
        let len = self.len();
        let per_token = match len {
            0..=255 => 2.0,
            _ => self.bits.len() as f64 / len as f64 * 1.1 + 1.0 / 16.0,
        };
        self.descriptors.reserve_exact(additional);
        self.bits.reserve_exact((additional as f64 * per_token) as usize);
        let blocks = (len + additional).div_ceil(BLOCK);
        self.blocks.reserve_exact(blocks.saturating_sub(self.blocks.len()));
    }

    pub fn shrink_to_fit(&mut self) {
        self.descriptors.shrink_to_fit();
        self.bits.shrink_to_fit();
        self.blocks.shrink_to_fit();
        self.far_starts.shrink_to_fit();
        self.odd_ends.shrink_to_fit();
    }

    /// Bytes held (for memory accounting).
    pub fn heap_bytes(&self) -> usize {
        self.descriptors.capacity()
            + self.bits.capacity()
            + self.blocks.capacity() * 8
            + (self.far_starts.capacity() + self.odd_ends.capacity()) * 8
    }
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

/// Iterator over [`Tokens`], by value: from either end, a block of codes is
/// decoded when the iteration enters it, so each is decoded once.
#[derive(Clone)]
pub struct Iter<'a> {
    parts: Parts<'a>,
    front: usize,
    back: usize,
    /// The block decoded into `front_tokens` (`usize::MAX`: none yet).
    front_block: usize,
    front_tokens: Decoded,
    /// The block decoded into `back_tokens` (`usize::MAX`: none yet).
    back_block: usize,
    back_tokens: Decoded,
}

impl Iter<'_> {
    /// Decodes the block of the front token into `front_tokens`.
    #[inline(never)]
    fn decode_front(&mut self) {
        let b = self.front / BLOCK;
        self.parts.block(b, BLOCK, &mut self.front_tokens);
        self.front_block = b;
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
        if self.front_block != index / BLOCK {
            self.decode_front();
        }
        self.front = index + 1;
        let j = index % BLOCK;
        Some(self.front_tokens.token(j, index - j, self.parts.side.odd_ends))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.back.saturating_sub(self.front);
        (n, Some(n))
    }

    fn nth(&mut self, n: usize) -> Option<Token> {
        self.front = self.front.saturating_add(n).min(self.back);
        self.next()
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Token> {
        if self.front >= self.back {
            return None;
        }
        let index = self.back - 1;
        let b = index / BLOCK;
        if self.back_block != b {
            self.parts.block(b, BLOCK, &mut self.back_tokens);
            self.back_block = b;
        }
        self.back = index;
        let j = index % BLOCK;
        Some(self.back_tokens.token(j, index - j, self.parts.side.odd_ends))
    }
}

impl ExactSizeIterator for Iter<'_> {}

#[cfg(test)]
mod tests;
