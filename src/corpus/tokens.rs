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

use super::Token;
use crate::segment::TokenKind;
use crate::span::Span;
use crate::vocab::TermId;
use std::collections::VecDeque;

/// Tokens per block: the most codes `get` decodes.
const BLOCK: usize = 16;
/// Widths of the term id classes, in bits.
const ID_WIDTHS: [u32; 8] = [5, 8, 11, 14, 17, 20, 24, 32];
/// The kind-and-class nibble that says an escape byte (kind | class << 3) comes first in the bits.
const ESCAPE: u8 = 15;
/// The kind and id class of each kind-and-class nibble below [`ESCAPE`].
const PAIRS: [(TokenKind, u8); 15] = [
    (TokenKind::Word, 0),
    (TokenKind::Word, 1),
    (TokenKind::Word, 2),
    (TokenKind::Word, 3),
    (TokenKind::Word, 4),
    (TokenKind::Word, 5),
    (TokenKind::Word, 6),
    (TokenKind::Word, 7),
    (TokenKind::Punct, 0),
    (TokenKind::Punct, 1),
    (TokenKind::Punct, 2),
    (TokenKind::Punct, 3),
    (TokenKind::Space, 0),
    (TokenKind::Space, 1),
    (TokenKind::Space, 2),
];
/// Kinds by their number in an escape byte.
const KINDS: [TokenKind; 6] =
    [TokenKind::Word, TokenKind::Punct, TokenKind::Space, TokenKind::Number, TokenKind::Symbol, TokenKind::Emoji];
/// What a descriptor says when it has no escape and a short step: the id's
/// width (bits 0–5), the step (bits 8–11) and the kind's number in [`KINDS`]
/// (bits 16–18); [`SLOW`] when it has either (then the bits say more).
const DESCRIBED: [u32; 256] = {
    let mut table = [SLOW; 256];
    let mut d = 0;
    while d < 256 {
        let (pair, step) = (d & 15, d >> 4);
        if pair < PAIRS.len() && step < SHORT as usize {
            let (kind, class) = PAIRS[pair];
            let mut k = 0;
            while !matches_kind(KINDS[k], kind) {
                k += 1;
            }
            table[d] = ID_WIDTHS[class as usize] | (step as u32) << 8 | (k as u32) << 16;
        }
        d += 1;
    }
    table
};
/// The kind a descriptor without an escape says (a word for the others).
const KIND_OF: [TokenKind; 256] = {
    let mut table = [TokenKind::Word; 256];
    let mut d = 0;
    while d < 256 {
        if d & 15 < PAIRS.len() {
            table[d] = PAIRS[d & 15].0;
        }
        d += 1;
    }
    table
};
/// An id's width in bits → its class (the first of [`ID_WIDTHS`] it fits in).
const CLASS_OF: [u8; 33] = {
    let mut table = [0u8; 33];
    let mut width = 0;
    while width <= 32 {
        let mut class = 0;
        while ID_WIDTHS[class] < width as u32 {
            class += 1;
        }
        table[width] = class as u8;
        width += 1;
    }
    table
};
/// In [`DESCRIBED`]: the descriptor has an escape byte or a long step.
const SLOW: u32 = 1 << 31;

/// `a == b` in a constant.
const fn matches_kind(a: TokenKind, b: TokenKind) -> bool {
    a as u8 == b as u8
}

/// Steps below this are their nibble; the nibble `SHORT` says a byte in the bits follows.
const SHORT: u8 = 15;
/// That byte when the start is in `far_starts`; below it, the step less [`SHORT`].
const FAR: u32 = 255;
/// The most bits a token takes in the bit stream: escape, step, a 32-bit id.
const MAX_BITS: usize = 8 + 8 + 32;

/// The class of an id: the first of [`ID_WIDTHS`] it fits in.
#[inline]
fn class_of(term: u32) -> u8 {
    CLASS_OF.get((32 - term.leading_zeros()) as usize).copied().unwrap_or(7)
}

/// The descriptor of a token of `kind`, step `step` (`None`: far) and term
/// `term`, and its bits (first bit lowest) with their number.
#[inline]
fn code(kind: TokenKind, step: Option<u32>, term: u32) -> (u8, u64, u32) {
    let class = class_of(term);
    let pair = match kind {
        TokenKind::Word => class,
        TokenKind::Punct if class < 4 => 8 + class,
        TokenKind::Space if class < 3 => 12 + class,
        _ => ESCAPE,
    };
    let (mut bits, mut n) = (0u64, 0u32);
    if pair == ESCAPE {
        let k = KINDS.iter().position(|&x| x == kind).unwrap_or(0) as u64;
        bits = k | u64::from(class) << 3;
        n = 8;
    }
    let nibble = match step {
        Some(s) if s < u32::from(SHORT) => s as u8,
        _ => {
            let long = step.map_or(FAR, |s| (s - u32::from(SHORT)).min(FAR));
            bits |= u64::from(long) << n;
            n += 8;
            SHORT
        }
    };
    bits |= u64::from(term) << n;
    n += ID_WIDTHS.get(usize::from(class)).copied().unwrap_or(32);
    (pair | nibble << 4, bits, n)
}

/// Appends the `n` low bits of `code` (no others set) to `bytes`, whose last
/// byte has `used` bits in use (0: the code starts a new byte).
#[inline]
fn put(bytes: &mut Vec<u8>, used: &mut u32, code: u64, n: u32) {
    // At most 7 + 48 bits: the last byte (if in use) and the code fit in a u64.
    let mut word = code << *used;
    if *used > 0 {
        word |= u64::from(bytes.pop().unwrap_or(0));
    }
    let total = *used + n;
    let keep = bytes.len() + (total as usize).div_ceil(8);
    bytes.extend_from_slice(&word.to_le_bytes());
    bytes.truncate(keep);
    *used = total % 8;
}

/// The 64 bits of `bytes` from bit `at` of byte `base` on (zeros past the
/// end), first bit lowest, shifted so that bit `at` is the lowest: at least
/// 57 of the stream's. (Bits are counted from a block's first byte: a count
/// from the first would wrap a 32-bit `usize` past 512 MB of bits.)
#[inline]
fn bits_at(bytes: &[u8], base: usize, at: usize) -> u64 {
    let p = base + at / 8;
    let word = match bytes.get(p..p + 8).and_then(|b| <[u8; 8]>::try_from(b).ok()) {
        Some(word) => word,
        None => {
            let mut word = [0; 8];
            for (w, b) in word.iter_mut().zip(bytes.get(p..).unwrap_or(&[])) {
                *w = *b;
            }
            word
        }
    };
    u64::from_le_bytes(word) >> (at % 8)
}

/// The side lists of [`Tokens`] (or of the tokens as they were, in `replace_in_place`).
#[derive(Clone, Copy)]
struct Side<'a> {
    far_starts: &'a [(u32, u32)],
    odd_ends: &'a [(u32, u32)],
}

/// A block to decode: its descriptors, its bits (from byte `base` of
/// `bits`), its first token, where that starts, and where its last token
/// ends unless that end is odd.
struct Block<'a> {
    descriptors: &'a [u8],
    bits: &'a [u8],
    base: usize,
    first: usize,
    start: u32,
    end: u32,
}

/// A block's tokens decoded, by part: their kinds, terms and starts, and
/// after the last one decoded, the next start (or the block's end): the ends,
/// but for odd ones.
#[derive(Clone, Copy)]
struct Decoded {
    kinds: [TokenKind; BLOCK],
    terms: [u32; BLOCK],
    starts: [u32; BLOCK + 1],
}

const NOTHING: Decoded = Decoded { kinds: [TokenKind::Word; BLOCK], terms: [0; BLOCK], starts: [0; BLOCK + 1] };

impl Decoded {
    /// Token `j` of the block, whose first token is token `first`, with its odd end if it has one.
    #[inline]
    fn token(&self, j: usize, first: usize, odd_ends: &[(u32, u32)]) -> Token {
        let start = self.starts.get(j).copied().unwrap_or(0);
        let mut end = self.starts.get(j + 1).copied().unwrap_or(start);
        if !odd_ends.is_empty() {
            if let Ok(k) = odd_ends.binary_search_by_key(&((first + j) as u32), |&(i, _)| i) {
                end = odd_ends.get(k).map_or(end, |&(_, e)| e);
            }
        }
        Token {
            span: Span { start, end },
            kind: self.kinds.get(j).copied().unwrap_or(TokenKind::Word),
            term: TermId(self.terms.get(j).copied().unwrap_or(0)),
        }
    }
}

impl Block<'_> {
    /// Decodes the first `want` tokens (at most the block's) into `out`, and
    /// the start after them; returns how many.
    #[inline]
    fn decode(self, want: usize, far_starts: &[(u32, u32)], out: &mut Decoded) -> usize {
        let len = self.descriptors.len().min(BLOCK);
        let want = want.min(len);
        // One code past the wanted ones (in the block) gives the last one's end.
        let codes = (want + 1).min(len);
        if !self.decode_plain(codes, out) {
            self.decode_any(codes, far_starts, out);
        }
        if codes == want {
            if let Some(after) = out.starts.get_mut(want) {
                *after = self.end;
            }
        }
        want
    }

    /// [`decode`](Self::decode) of `codes` codes when none of their
    /// descriptors has an escape or a long step (no start is far): what the
    /// descriptors say, and the ids. False (`out` half written) at the first that has.
    #[inline]
    fn decode_plain(&self, codes: usize, out: &mut Decoded) -> bool {
        let mut at = 0;
        // Less the first step, so that the first start is the block's.
        let first_step = self.descriptors.first().map_or(0, |&d| DESCRIBED[usize::from(d)] >> 8 & 15);
        let mut start = self.start.wrapping_sub(first_step);
        let slots = out.kinds.iter_mut().zip(out.terms.iter_mut()).zip(out.starts.iter_mut());
        for (((kind, term), slot), &d) in slots.zip(self.descriptors).take(codes) {
            let described = DESCRIBED[usize::from(d)];
            if described & SLOW != 0 {
                return false;
            }
            let width = described & 63;
            *term = (bits_at(self.bits, self.base, at) & ((1 << width) - 1)) as u32;
            at += width as usize;
            start = start.wrapping_add(described >> 8 & 15);
            *slot = start;
            *kind = KIND_OF[usize::from(d)];
        }
        true
    }

    /// [`decode`](Self::decode) of `codes` codes of any kind.
    fn decode_any(&self, codes: usize, far_starts: &[(u32, u32)], out: &mut Decoded) {
        let mut at = 0;
        let mut start = self.start;
        let mut far = usize::MAX;
        let slots = out.kinds.iter_mut().zip(out.terms.iter_mut()).zip(out.starts.iter_mut());
        for (j, (((kind_slot, term_slot), start_slot), &d)) in slots.zip(self.descriptors).take(codes).enumerate() {
            let word = bits_at(self.bits, self.base, at);
            let (kind, class, mut n) = match PAIRS.get(usize::from(d & 15)) {
                Some(&(kind, class)) => (kind, class, 0),
                None => (KINDS.get(word as usize & 7).copied().unwrap_or(TokenKind::Word), (word >> 3) as u8 & 7, 8),
            };
            let nibble = d >> 4;
            let step = if nibble < SHORT {
                Some(u32::from(nibble))
            } else {
                let long = (word >> n) as u32 & 255;
                n += 8;
                (long != FAR).then_some(u32::from(SHORT) + long)
            };
            let width = ID_WIDTHS.get(usize::from(class)).copied().unwrap_or(32);
            *term_slot = ((word >> n) & ((1 << width) - 1)) as u32;
            at += (n + width) as usize;
            start = match step {
                Some(s) if j > 0 => start.wrapping_add(s),
                Some(_) => start,
                None => {
                    if far == usize::MAX {
                        far = far_starts.partition_point(|&(i, _)| (i as usize) < self.first);
                    }
                    far += 1;
                    far_starts.get(far - 1).map_or(0, |&(_, s)| s)
                }
            };
            *start_slot = start;
            *kind_slot = kind;
        }
    }
}

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

    /// [`replace_ranges`](Self::replace_ranges) for edits that are in order,
    /// within the tokens, and never leave more tokens before their end than
    /// were there. The old tokens are decoded a block at a time, ahead of the
    /// new ones written over them (each new token at an index no later than
    /// an old one read); where the new bits are longer than the old and would
    /// overwrite bits not yet read, those are first kept aside (in
    /// `Rewrite::spill`: at most the bytes by which the bits grew).
    fn replace_in_place(&mut self, edits: Vec<(usize, usize, Vec<Token>)>) {
        let len = self.len();
        let room = MAX_BITS * BLOCK / 8 + 1;
        let mut old = Rewrite {
            len,
            bytes: self.bits.len(),
            end: self.end,
            far_starts: std::mem::take(&mut self.far_starts),
            odd_ends: std::mem::take(&mut self.odd_ends),
            read: 0,
            spill: VecDeque::new(),
            codes: Vec::with_capacity(room),
            tokens: NOTHING,
            next: 0,
            count: 0,
            written: 0,
            block: Vec::with_capacity(room),
            used: 0,
        };
        self.far_starts.reserve(old.far_starts.len());
        self.odd_ends.reserve(old.odd_ends.len());
        for (from, to, new) in edits.into_iter().chain(std::iter::once((len, len, Vec::new()))) {
            // After the first token of a run moved, the others keep their descriptors (same step, same term).
            let mut moved = 0;
            while old.next < from {
                let r = old.next;
                let Some(t) = old.next_token(self) else { break };
                let d = self.descriptors.get(r).copied().unwrap_or(ESCAPE);
                let described = DESCRIBED[usize::from(d)];
                if moved > 0 && described & SLOW == 0 && old.odd_ends.is_empty() {
                    self.rewrite_plain(&mut old, &t, d, described & 63);
                } else {
                    self.rewrite(&mut old, &t);
                }
                moved += 1;
            }
            while old.next < to && old.next_token(self).is_some() {}
            for t in &new {
                self.rewrite(&mut old, t);
            }
        }
        let used = old.used;
        old.flush(self);
        self.bits.truncate(old.written);
        self.used = used;
        self.descriptors.truncate(old.count);
        let blocks = old.count.div_ceil(BLOCK);
        self.blocks.truncate(blocks);
        if old.count == 0 {
            self.last_start = 0;
            self.end = 0;
        }
    }

    /// Writes `token` after the tokens rewritten so far (in `replace_in_place`).
    fn rewrite(&mut self, old: &mut Rewrite, token: &Token) {
        let index = old.count;
        if index % BLOCK == 0 {
            self.begin_block(old, index, token.span.start);
        }
        let (descriptor, bits, n) = self.encode(index, token);
        match self.descriptors.get_mut(index) {
            Some(slot) => *slot = descriptor,
            None => self.descriptors.push(descriptor),
        }
        put(&mut old.block, &mut old.used, bits, n);
        old.count += 1;
    }

    /// [`rewrite`](Self::rewrite) of a token moved with the one before it,
    /// which ends where it starts, whose descriptor `descriptor` has no
    /// escape or long step, and whose id takes `width` bits.
    #[inline]
    fn rewrite_plain(&mut self, old: &mut Rewrite, token: &Token, descriptor: u8, width: u32) {
        let index = old.count;
        if index % BLOCK == 0 {
            self.begin_block(old, index, token.span.start);
        }
        self.last_start = token.span.start;
        self.end = token.span.end;
        match self.descriptors.get_mut(index) {
            Some(slot) => *slot = descriptor,
            None => self.descriptors.push(descriptor),
        }
        put(&mut old.block, &mut old.used, u64::from(token.term.0), width);
        old.count += 1;
    }

    /// Writes the bits of the block before and starts block `index / BLOCK`
    /// (in `replace_in_place`), whose first token starts at `start`.
    fn begin_block(&mut self, old: &mut Rewrite, index: usize, start: u32) {
        old.flush(self);
        let offset = old.written as u32;
        match self.blocks.get_mut(index / BLOCK) {
            Some(slot) => *slot = (start, offset),
            None => self.blocks.push((start, offset)),
        }
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

/// The old tokens read ahead of the new ones written over them, in `replace_in_place`.
struct Rewrite {
    /// How many tokens and bytes of bits there were, and where the last token ended.
    len: usize,
    bytes: usize,
    end: u32,
    far_starts: Vec<(u32, u32)>,
    odd_ends: Vec<(u32, u32)>,
    /// Old bits before this byte are read (those from it on are in `spill`, then in `Tokens::bits`).
    read: usize,
    /// Old bits from `read` on that new ones have overwritten.
    spill: VecDeque<u8>,
    /// The old bits of the block being read, and its tokens.
    codes: Vec<u8>,
    tokens: Decoded,
    /// The next old token to read.
    next: usize,
    /// New tokens written.
    count: usize,
    /// New bits before this byte are written; those of the block being written are in `block`.
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
            // This block's descriptors, offset and checkpoint and the next
            // block's are not yet written over: fewer new tokens than `index` are.
            let b = index / BLOCK;
            let upto = tokens.blocks.get(b + 1).map_or(self.bytes, |&(_, o)| o as usize);
            self.codes.clear();
            let spilled = self.spill.len().min(upto.saturating_sub(self.read));
            self.codes.extend(self.spill.drain(..spilled));
            let from = self.read + spilled;
            self.codes.extend_from_slice(tokens.bits.get(from..upto).unwrap_or(&[]));
            self.read = upto.max(self.read);
            let block = Block {
                descriptors: tokens.descriptors.get(index..self.len.min(index + BLOCK)).unwrap_or(&[]),
                bits: &self.codes,
                base: 0,
                first: index,
                start: tokens.blocks.get(b).map_or(0, |&(s, _)| s),
                end: tokens.blocks.get(b + 1).map_or(self.end, |&(s, _)| s),
            };
            block.decode(BLOCK, &self.far_starts, &mut self.tokens);
        }
        self.next += 1;
        Some(self.tokens.token(index % BLOCK, index / BLOCK * BLOCK, &self.odd_ends))
    }

    /// Writes the bits of the block being written after those written, first
    /// keeping aside the old bits not yet read that they cover.
    fn flush(&mut self, tokens: &mut Tokens) {
        let (at, n) = (self.written, self.block.len());
        let unread = self.read + self.spill.len();
        let covered = (at + n).min(self.bytes);
        if unread < covered {
            self.spill.extend(tokens.bits.get(unread..covered).unwrap_or(&[]));
        }
        let fits = tokens.bits.len().saturating_sub(at).min(n);
        if let (Some(dst), Some(src)) = (tokens.bits.get_mut(at..at + fits), self.block.get(..fits)) {
            dst.copy_from_slice(src);
        }
        tokens.bits.extend_from_slice(self.block.get(fits..).unwrap_or(&[]));
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
