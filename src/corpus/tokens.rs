//! A document's tokens in about 3 bytes each (#11), in blocks of 16: per block
//! the start of its first token and where its codes begin (4 + 4 bytes); per
//! token a code of a few bits: its kind (1 bit for a word, 2 for punctuation,
//! 3 for a space, else 5), the step from the previous token's start to its own
//! (4 bits up to 14, 12 bits up to 269) and its term id in the shortest of 7
//! classes of 5, 9, 13, 17, 21, 25 or 32 bits behind a prefix of 1–6 bits
//! (ids are handed out in first-seen order, so frequent terms have small ids).
//! At 9 MB of Chinese (2.08 M tokens, 134 k terms) that is 2.5 bytes of codes
//! a token and 3.0 in all; the 5¼-byte layout before it took 11.0 MB there.
//! `get` decodes at most one block; iteration decodes each code once.
//!
//! A token's end is where the next one starts: the tokens of a document tile
//! its text. A step that does not fit (a jump back, a token of 270 bytes or
//! more) and a token that ends elsewhere (none does today) are kept in short
//! side lists, so the answer is exact whatever the segmenter emits.

use super::Token;
use crate::segment::TokenKind;
use crate::span::Span;
use crate::vocab::TermId;
use std::collections::VecDeque;

/// Tokens per block: the most codes `get` decodes.
const BLOCK: usize = 16;
/// Widths of the term id's classes; class `c` has a prefix of `c` one bits and
/// a zero (the last class, of 32 bits, only its six ones).
const ID_WIDTHS: [u32; 7] = [5, 9, 13, 17, 21, 25, 32];
/// The last id class.
const LAST_CLASS: u32 = ID_WIDTHS.len() as u32 - 1;
/// Steps below this take 4 bits; the 4-bit code `SHORT` says 8 bits follow.
const SHORT: u32 = 15;
/// The 8 bits after [`SHORT`] that say the start is in `far_starts`; below it, the step less [`SHORT`].
const FAR: u32 = 255;
/// The longest code: kind 5, step 4 + 8, id 6 + 32 bits.
const MAX_CODE_BITS: u32 = 55;
const NO_TOKEN: Token = Token { span: Span { start: 0, end: 0 }, kind: TokenKind::Word, term: TermId(0) };

/// The code of a token of `kind`, step `step` (`None`: far) and term `term`,
/// its first bit lowest, and its length in bits.
fn code(kind: TokenKind, step: Option<u32>, term: u32) -> (u64, u32) {
    let (mut bits, mut n): (u64, u32) = match kind {
        TokenKind::Word => (0b0, 1),
        TokenKind::Punct => (0b01, 2),
        TokenKind::Space => (0b011, 3),
        TokenKind::Number => (0b00111, 5),
        TokenKind::Symbol => (0b01111, 5),
        TokenKind::Emoji => (0b10111, 5),
    };
    let mut add = |value: u64, width: u32| {
        bits |= value << n;
        n += width;
    };
    match step {
        Some(s) if s < SHORT => add(u64::from(s), 4),
        Some(s) if s - SHORT < FAR => add(u64::from(SHORT) | u64::from(s - SHORT) << 4, 12),
        _ => add(u64::from(SHORT) | u64::from(FAR) << 4, 12),
    }
    let width = 32 - term.leading_zeros();
    let class = ID_WIDTHS.iter().position(|&w| width <= w).unwrap_or(ID_WIDTHS.len() - 1) as u32;
    add((1 << class) - 1, class + u32::from(class < LAST_CLASS));
    add(u64::from(term), ID_WIDTHS.get(class as usize).copied().unwrap_or(32));
    (bits, n)
}

/// Appends the `n` low bits of `code` (no others set) to `bytes`, whose last
/// byte has `used` bits in use (0: the code starts a new byte).
#[inline]
fn put(bytes: &mut Vec<u8>, used: &mut u32, code: u64, n: u32) {
    let (mut code, mut n) = (code, n);
    if *used > 0 {
        if let Some(last) = bytes.last_mut() {
            *last |= (code << *used) as u8;
        }
        let room = 8 - *used;
        if n < room {
            *used += n;
            return;
        }
        code >>= room;
        n -= room;
        *used = 0;
    }
    while n >= 8 {
        bytes.push(code as u8);
        code >>= 8;
        n -= 8;
    }
    if n > 0 {
        bytes.push(code as u8);
        *used = n;
    }
}

/// Reads codes, first bit lowest, from a byte; past the end it reads zeros.
#[derive(Clone, Copy)]
struct Bits<'a> {
    bytes: &'a [u8],
    /// The next byte to load into `buf`.
    pos: usize,
    /// Bits loaded, not yet taken (the lowest is the next).
    buf: u64,
    /// How many bits of `buf` are loaded (above them: the bytes from `pos`, or zeros).
    n: u32,
}

impl<'a> Bits<'a> {
    fn at(bytes: &'a [u8], pos: usize) -> Bits<'a> {
        Bits { bytes, pos, buf: 0, n: 0 }
    }

    /// Loads bits until at least 56 are.
    #[inline]
    fn refill(&mut self) {
        let take = (63 - self.n) / 8;
        match self.bytes.get(self.pos..self.pos + 8).and_then(|b| <[u8; 8]>::try_from(b).ok()) {
            // The bytes past `take` land where they will be loaded again: or-ing them twice is harmless.
            Some(word) => self.buf |= u64::from_le_bytes(word) << self.n,
            None => {
                for k in 0..take {
                    let byte = self.bytes.get(self.pos + k as usize).copied().unwrap_or(0);
                    self.buf |= u64::from(byte) << (self.n + 8 * k);
                }
            }
        }
        self.pos += take as usize;
        self.n += 8 * take;
    }

    /// Takes `width` (< 64, at most the loaded) bits.
    #[inline]
    fn take(&mut self, width: u32) -> u32 {
        let value = self.buf & ((1 << width) - 1);
        self.buf >>= width;
        self.n -= width;
        value as u32
    }

    /// Decodes a token's code: its kind, step (`None`: far) and term.
    #[inline]
    fn token(&mut self) -> (TokenKind, Option<u32>, u32) {
        self.refill();
        let kind = match (self.buf & 0b111).trailing_ones() {
            0 => (TokenKind::Word, 1),
            1 => (TokenKind::Punct, 2),
            2 => (TokenKind::Space, 3),
            _ => match (self.buf >> 3) & 0b11 {
                0 => (TokenKind::Number, 5),
                1 => (TokenKind::Symbol, 5),
                2 => (TokenKind::Emoji, 5),
                _ => (TokenKind::Word, 5),
            },
        };
        self.take(kind.1);
        let step = match self.take(4) {
            SHORT => match self.take(8) {
                FAR => None,
                long => Some(SHORT + long),
            },
            short => Some(short),
        };
        let class = (self.buf & 0b11_1111).trailing_ones().min(LAST_CLASS);
        self.take(class + u32::from(class < LAST_CLASS));
        let term = self.take(ID_WIDTHS.get(class as usize).copied().unwrap_or(32));
        (kind.0, step, term)
    }
}

/// The side lists of [`Tokens`] (or of the tokens as they were, in `replace_in_place`).
#[derive(Clone, Copy)]
struct Side<'a> {
    far_starts: &'a [(u32, u32)],
    odd_ends: &'a [(u32, u32)],
}

/// A block to decode: its codes, its first token, how many tokens it has,
/// where its first token starts and where its last ends unless that end is odd.
struct Block<'a> {
    bits: Bits<'a>,
    first: usize,
    len: usize,
    start: u32,
    end: u32,
}

impl Block<'_> {
    /// Decodes the first `want` tokens (at most the block's) into `out`; returns how many.
    #[inline]
    fn decode(mut self, want: usize, side: Side<'_>, out: &mut [Token; BLOCK]) -> usize {
        let want = want.min(self.len).min(BLOCK);
        let first = self.first;
        let mut far = side.far_starts.partition_point(|&(i, _)| (i as usize) < first);
        let mut start = self.start;
        // One code past the wanted ones (in the block) gives the last one's end.
        let codes = (want + 1).min(self.len);
        let mut prev: Option<&mut Token> = None;
        for (j, slot) in out.iter_mut().enumerate().take(codes) {
            let (kind, step, term) = self.bits.token();
            let at = match step {
                _ if j == 0 => {
                    far += usize::from(step.is_none());
                    start
                }
                Some(s) => start.wrapping_add(s),
                None => {
                    far += 1;
                    side.far_starts.get(far - 1).map_or(0, |&(_, s)| s)
                }
            };
            start = at;
            if let Some(p) = prev {
                p.span.end = at;
            }
            *slot = Token { span: Span { start: at, end: self.end }, kind, term: TermId(term) };
            prev = Some(slot);
        }
        // Odd ends last: they replace the ends from the starts.
        let odd = side.odd_ends.partition_point(|&(i, _)| (i as usize) < first);
        for &(i, end) in side.odd_ends.get(odd..).unwrap_or(&[]).iter().take_while(|&&(i, _)| (i as usize) < first + want) {
            if let Some(t) = out.get_mut(i as usize - first) {
                t.span.end = end;
            }
        }
        want
    }
}

/// The tokens of a document, in text order.
#[derive(Clone, Default)]
pub struct Tokens {
    /// The tokens' codes, a block after another, each block from a new byte.
    bytes: Vec<u8>,
    /// Bits in use of the last byte of `bytes` (0: the next code starts a new byte).
    used: u32,
    /// Per block: where its codes begin in `bytes`.
    offsets: Vec<u32>,
    /// Per block: the start of its first token.
    checkpoints: Vec<u32>,
    len: usize,
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
    bytes: &'a [u8],
    offsets: &'a [u32],
    checkpoints: &'a [u32],
    side: Side<'a>,
    len: usize,
    end: u32,
}

impl Parts<'_> {
    /// Decodes the first `want` tokens of block `b` into `out`; returns how many.
    #[inline]
    fn block(&self, b: usize, want: usize, out: &mut [Token; BLOCK]) -> usize {
        let (Some(&offset), Some(&start)) = (self.offsets.get(b), self.checkpoints.get(b)) else { return 0 };
        let first = b * BLOCK;
        let block = Block {
            bits: Bits::at(self.bytes, offset as usize),
            first,
            len: self.len.saturating_sub(first).min(BLOCK),
            start,
            end: self.checkpoints.get(b + 1).copied().unwrap_or(self.end),
        };
        block.decode(want, self.side, out)
    }

    fn get(&self, index: usize) -> Option<Token> {
        if index >= self.len {
            return None;
        }
        let mut out = [NO_TOKEN; BLOCK];
        let n = self.block(index / BLOCK, index % BLOCK + 1, &mut out);
        out.get(index % BLOCK).filter(|_| index % BLOCK < n).copied()
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
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn parts(&self) -> Parts<'_> {
        Parts {
            bytes: &self.bytes,
            offsets: &self.offsets,
            checkpoints: &self.checkpoints,
            side: Side { far_starts: &self.far_starts, odd_ends: &self.odd_ends },
            len: self.len,
            end: self.end,
        }
    }

    /// Appends a token (after the last one).
    pub fn push(&mut self, token: Token) {
        let index = self.len;
        if index % BLOCK == 0 {
            self.used = 0;
            self.offsets.push(self.bytes.len() as u32);
            self.checkpoints.push(token.span.start);
        }
        let (bits, n) = self.encode(index, &token);
        put(&mut self.bytes, &mut self.used, bits, n);
        self.len += 1;
    }

    /// The code of `token` as token `index` after the tokens `..index`
    /// encoded so far; notes its far start and the previous token's odd end
    /// in the side lists.
    #[inline]
    fn encode(&mut self, index: usize, token: &Token) -> (u64, u32) {
        let start = token.span.start;
        let before = if index == 0 { 0 } else { self.last_start };
        if index > 0 && self.end != start {
            self.odd_ends.push((index as u32 - 1, self.end));
        }
        let step = start.checked_sub(before).filter(|&d| d < SHORT + FAR);
        if step.is_none() {
            self.far_starts.push((index as u32, start));
        }
        self.last_start = start;
        self.end = token.span.end;
        code(token.kind, step, token.term.0)
    }

    /// Replaces, for each `(from, to, new)` (in order, not overlapping), the
    /// tokens `from..to` by `new`. In place — the codes rewritten over
    /// themselves, no second copy of the document's tokens — when no edit
    /// makes the tokens up to it more numerous (applying a discovered term
    /// joins tokens); otherwise the tokens are rebuilt.
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
    /// were there. The old tokens are decoded a block at a time, ahead of the
    /// new ones written over them, each block's first token from a new byte;
    /// where the new codes are longer than the old and would overwrite codes
    /// not yet read, those are first kept aside (in `Rewrite::spill`: at most
    /// the bytes by which the codes grew).
    fn replace_in_place(&mut self, edits: Vec<(usize, usize, Vec<Token>)>) {
        let mut old = Rewrite {
            len: self.len,
            bytes: self.bytes.len(),
            end: self.end,
            far_starts: std::mem::take(&mut self.far_starts),
            odd_ends: std::mem::take(&mut self.odd_ends),
            read: 0,
            spill: VecDeque::new(),
            codes: Vec::with_capacity(MAX_CODE_BITS as usize * BLOCK / 8 + 1),
            tokens: [NO_TOKEN; BLOCK],
            next: 0,
            written: 0,
            block: Vec::with_capacity(MAX_CODE_BITS as usize * BLOCK / 8 + 1),
            used: 0,
        };
        self.far_starts.reserve(old.far_starts.len());
        self.odd_ends.reserve(old.odd_ends.len());
        self.len = 0;
        let len = old.len;
        for (from, to, new) in edits.into_iter().chain(std::iter::once((len, len, Vec::new()))) {
            while old.next < from {
                let Some(t) = old.next_token(self) else { break };
                self.rewrite(&mut old, &t);
            }
            while old.next < to && old.next_token(self).is_some() {}
            for t in &new {
                self.rewrite(&mut old, t);
            }
        }
        let used = old.used;
        old.flush(self);
        self.bytes.truncate(old.written);
        self.used = used;
        let blocks = self.len.div_ceil(BLOCK);
        self.offsets.truncate(blocks);
        self.checkpoints.truncate(blocks);
        if self.len == 0 {
            self.last_start = 0;
            self.end = 0;
        }
    }

    /// Writes `token` after the tokens rewritten so far (in `replace_in_place`).
    fn rewrite(&mut self, old: &mut Rewrite, token: &Token) {
        let index = self.len;
        if index % BLOCK == 0 {
            old.flush(self);
            let (offset, start) = (old.written as u32, token.span.start);
            let b = index / BLOCK;
            match (self.offsets.get_mut(b), self.checkpoints.get_mut(b)) {
                (Some(o), Some(c)) => (*o, *c) = (offset, start),
                _ => {
                    self.offsets.push(offset);
                    self.checkpoints.push(start);
                }
            }
        }
        let (bits, n) = self.encode(index, token);
        put(&mut old.block, &mut old.used, bits, n);
        self.len += 1;
    }

    /// The token at `index` (decodes at most one block of codes).
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
            front: index.min(self.len),
            back: self.len,
            front_block: usize::MAX,
            front_tokens: [NO_TOKEN; BLOCK],
            back_block: usize::MAX,
            back_tokens: [NO_TOKEN; BLOCK],
        }
    }

    /// The number of tokens before the first for which `pred` is false (as
    /// [`slice::partition_point`]: `pred` must be true for a prefix only): a
    /// binary search over the blocks' first tokens, then a scan of one block.
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
        // Block lo - 1's first token passes, block lo's (if any) does not.
        let Some(passed) = lo.checked_sub(1) else { return 0 };
        let mut out = [NO_TOKEN; BLOCK];
        let n = self.parts().block(passed, BLOCK, &mut out);
        passed * BLOCK + out.iter().take(n).take_while(|t| pred(t)).count()
    }

    /// Room for `additional` more tokens (their codes at the bytes a token
    /// so far, or 3 before there are any).
    pub fn reserve(&mut self, additional: usize) {
        let per_token = match self.len {
            0..=255 => 3.0,
            len => self.bytes.len() as f64 / len as f64 + 1.0 / 16.0,
        };
        self.bytes.reserve_exact((additional as f64 * per_token) as usize);
        let blocks = (self.len + additional).div_ceil(BLOCK);
        self.offsets.reserve_exact(blocks.saturating_sub(self.offsets.len()));
        self.checkpoints.reserve_exact(blocks.saturating_sub(self.checkpoints.len()));
    }

    pub fn shrink_to_fit(&mut self) {
        self.bytes.shrink_to_fit();
        self.offsets.shrink_to_fit();
        self.checkpoints.shrink_to_fit();
        self.far_starts.shrink_to_fit();
        self.odd_ends.shrink_to_fit();
    }

    /// Bytes held (for memory accounting).
    pub fn heap_bytes(&self) -> usize {
        self.bytes.capacity()
            + (self.offsets.capacity() + self.checkpoints.capacity()) * 4
            + (self.far_starts.capacity() + self.odd_ends.capacity()) * 8
    }
}

/// The old tokens read ahead of the new ones written over them, in `replace_in_place`.
struct Rewrite {
    /// How many tokens and bytes of codes there were, and where the last token ended.
    len: usize,
    bytes: usize,
    end: u32,
    far_starts: Vec<(u32, u32)>,
    odd_ends: Vec<(u32, u32)>,
    /// Old codes before this byte are read (those from it on are in `spill`, then in the codes).
    read: usize,
    /// Old codes from `read` on that new ones have overwritten.
    spill: VecDeque<u8>,
    /// The old codes of the block being read, and its tokens.
    codes: Vec<u8>,
    tokens: [Token; BLOCK],
    /// The next old token to read.
    next: usize,
    /// New codes before this byte are written; those of the block being written are in `block`.
    written: usize,
    block: Vec<u8>,
    /// Bits in use of the last byte of `block`.
    used: u32,
}

impl Rewrite {
    /// The next old token, decoding its block when it starts one.
    fn next_token(&mut self, tokens: &Tokens) -> Option<Token> {
        let index = self.next;
        if index >= self.len {
            return None;
        }
        if index % BLOCK == 0 {
            // The block's offsets and checkpoints are not yet written over: fewer new tokens than old are.
            let b = index / BLOCK;
            let upto = tokens.offsets.get(b + 1).map_or(self.bytes, |&o| o as usize);
            self.codes.clear();
            let spilled = self.spill.len().min(upto.saturating_sub(self.read));
            self.codes.extend(self.spill.drain(..spilled));
            let from = self.read + spilled;
            self.codes.extend_from_slice(tokens.bytes.get(from..upto).unwrap_or(&[]));
            self.read = upto.max(self.read);
            let block = Block {
                bits: Bits::at(&self.codes, 0),
                first: index,
                len: (self.len - index).min(BLOCK),
                start: tokens.checkpoints.get(b).copied().unwrap_or(0),
                end: tokens.checkpoints.get(b + 1).copied().unwrap_or(self.end),
            };
            let side = Side { far_starts: &self.far_starts, odd_ends: &self.odd_ends };
            block.decode(BLOCK, side, &mut self.tokens);
        }
        self.next += 1;
        self.tokens.get(index % BLOCK).copied()
    }

    /// Writes the codes of the block being written after those written, first
    /// keeping aside the old codes not yet read that they cover.
    fn flush(&mut self, tokens: &mut Tokens) {
        let (at, n) = (self.written, self.block.len());
        let unread = self.read + self.spill.len();
        let covered = (at + n).min(self.bytes);
        if unread < covered {
            self.spill.extend(tokens.bytes.get(unread..covered).unwrap_or(&[]));
        }
        let fits = tokens.bytes.len().saturating_sub(at).min(n);
        if let (Some(dst), Some(src)) = (tokens.bytes.get_mut(at..at + fits), self.block.get(..fits)) {
            dst.copy_from_slice(src);
        }
        tokens.bytes.extend_from_slice(self.block.get(fits..).unwrap_or(&[]));
        self.written = at + n;
        self.block.clear();
        self.used = 0;
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
    front_tokens: [Token; BLOCK],
    /// The block decoded into `back_tokens` (`usize::MAX`: none yet).
    back_block: usize,
    back_tokens: [Token; BLOCK],
}

impl Iterator for Iter<'_> {
    type Item = Token;

    #[inline]
    fn next(&mut self) -> Option<Token> {
        if self.front >= self.back {
            return None;
        }
        let index = self.front;
        let b = index / BLOCK;
        if self.front_block != b {
            self.parts.block(b, BLOCK, &mut self.front_tokens);
            self.front_block = b;
        }
        self.front = index + 1;
        self.front_tokens.get(index % BLOCK).copied()
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
        self.back_tokens.get(index % BLOCK).copied()
    }
}

impl ExactSizeIterator for Iter<'_> {}

#[cfg(test)]
mod tests;
