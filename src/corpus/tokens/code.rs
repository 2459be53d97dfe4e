//! The code of a token in [`Tokens`](super::Tokens): its descriptor byte and
//! its bits (the constants and tables of the layout, `code` and `put`), and
//! the decoding of a block of codes back into tokens ([`Block`], [`Decoded`]).

use super::Token;
use crate::segment::TokenKind;
use crate::span::Span;
use crate::vocab::TermId;

/// Tokens per block: the most codes `get` decodes.
pub(super) const BLOCK: usize = 16;
/// Widths of the term id classes, in bits.
const ID_WIDTHS: [u32; 8] = [5, 8, 11, 14, 17, 20, 24, 32];
/// The kind-and-class nibble that says an escape byte (kind | class << 3) comes first in the bits.
pub(super) const ESCAPE: u8 = 15;
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
pub(super) const DESCRIBED: [u32; 256] = {
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
pub(super) const KIND_OF: [TokenKind; 256] = {
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
pub(super) const SLOW: u32 = 1 << 31;

/// `a == b` in a constant.
const fn matches_kind(a: TokenKind, b: TokenKind) -> bool {
    a as u8 == b as u8
}

/// Steps below this are their nibble; the nibble `SHORT` says a byte in the bits follows.
pub(super) const SHORT: u8 = 15;
/// That byte when the start is in `far_starts`; below it, the step less [`SHORT`].
pub(super) const FAR: u32 = 255;
/// The most bits a token takes in the bit stream: escape, step, a 32-bit id.
pub(super) const MAX_BITS: usize = 8 + 8 + 32;

/// The class of an id: the first of [`ID_WIDTHS`] it fits in.
#[inline]
fn class_of(term: u32) -> u8 {
    CLASS_OF.get((32 - term.leading_zeros()) as usize).copied().unwrap_or(7)
}

/// The descriptor of a token of `kind`, step `step` (`None`: far) and term
/// `term`, and its bits (first bit lowest) with their number.
#[inline]
pub(super) fn code(kind: TokenKind, step: Option<u32>, term: u32) -> (u8, u64, u32) {
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
pub(super) fn put(bytes: &mut Vec<u8>, used: &mut u32, code: u64, n: u32) {
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
pub(super) fn bits_at(bytes: &[u8], base: usize, at: usize) -> u64 {
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

/// The side lists of [`Tokens`](super::Tokens) (or of the tokens as they were, in `replace_in_place`).
#[derive(Clone, Copy)]
pub(super) struct Side<'a> {
    pub(super) far_starts: &'a [(u32, u32)],
    pub(super) odd_ends: &'a [(u32, u32)],
}

/// A block to decode: its descriptors, its bits (from byte `base` of
/// `bits`), its first token, where that starts, and where its last token
/// ends unless that end is odd.
pub(super) struct Block<'a> {
    pub(super) descriptors: &'a [u8],
    pub(super) bits: &'a [u8],
    pub(super) base: usize,
    pub(super) first: usize,
    pub(super) start: u32,
    pub(super) end: u32,
}

/// A block's tokens decoded, by part: their kinds, terms and starts, and
/// after the last one decoded, the next start (or the block's end): the ends,
/// but for odd ones.
#[derive(Clone, Copy)]
pub(super) struct Decoded {
    kinds: [TokenKind; BLOCK],
    terms: [u32; BLOCK],
    starts: [u32; BLOCK + 1],
}

pub(super) const NOTHING: Decoded = Decoded { kinds: [TokenKind::Word; BLOCK], terms: [0; BLOCK], starts: [0; BLOCK + 1] };

impl Decoded {
    /// The kind and term of token `j` of the block.
    #[inline]
    pub(super) fn kind_term(&self, j: usize) -> (TokenKind, TermId) {
        (self.kinds.get(j).copied().unwrap_or(TokenKind::Word), TermId(self.terms.get(j).copied().unwrap_or(0)))
    }

    /// Token `j` of the block, whose first token is token `first`, with its odd end if it has one.
    #[inline]
    pub(super) fn token(&self, j: usize, first: usize, odd_ends: &[(u32, u32)]) -> Token {
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
    pub(super) fn decode(self, want: usize, far_starts: &[(u32, u32)], out: &mut Decoded) -> usize {
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
