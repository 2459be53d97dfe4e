//! Edits applied in place (`Tokens::replace_in_place`): the new tokens are
//! written over the old ones, which [`Rewrite`] reads a block ahead.

use super::code::{put, Block, Decoded, BLOCK, DESCRIBED, ESCAPE, MAX_BITS, NOTHING, SLOW};
use super::{Token, Tokens};
use std::collections::VecDeque;

impl Tokens {
    /// [`replace_ranges`](Self::replace_ranges) for edits that are in order,
    /// within the tokens, and never leave more tokens before their end than
    /// were there. The old tokens are decoded a block at a time, ahead of the
    /// new ones written over them (each new token at an index no later than
    /// an old one read); where the new bits are longer than the old and would
    /// overwrite bits not yet read, those are first kept aside (in
    /// `Rewrite::spill`: at most the bytes by which the bits grew).
    pub(super) fn replace_in_place(&mut self, edits: Vec<(usize, usize, Vec<Token>)>) {
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
