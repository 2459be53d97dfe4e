//! A document's tokens in 8 bytes each (#11): a token's start and its term
//! with its kind in the spare top bits; its end is where the next token
//! starts. The tokens of a document tile its text, so the end costs nothing
//! to store; a token that ends elsewhere (none does today) is kept in a short
//! side list, so the answer is exact whatever the segmenter emits.

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

fn pack(token: Token) -> Packed {
    let kind = KINDS.iter().position(|&k| k == token.kind).unwrap_or(0) as u32;
    debug_assert!(token.term.0 <= TERM_MASK, "term id {} does not fit", token.term.0);
    Packed { start: token.span.start, kind_term: (kind << TERM_BITS) | (token.term.0 & TERM_MASK) }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Packed {
    start: u32,
    kind_term: u32,
}

/// The tokens of a document, in text order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tokens {
    packed: Vec<Packed>,
    /// The end of the last token.
    end: u32,
    /// (index, end) of tokens that do not end where the next one starts, by index.
    odd_ends: Vec<(u32, u32)>,
}

impl Tokens {
    pub fn new() -> Tokens {
        Tokens::default()
    }

    pub fn with_capacity(n: usize) -> Tokens {
        Tokens { packed: Vec::with_capacity(n), ..Tokens::default() }
    }

    pub fn len(&self) -> usize {
        self.packed.len()
    }

    pub fn is_empty(&self) -> bool {
        self.packed.is_empty()
    }

    /// Appends a token (after the last one).
    pub fn push(&mut self, token: Token) {
        if let Some(last) = self.packed.len().checked_sub(1) {
            if self.end != token.span.start {
                self.odd_ends.push((last as u32, self.end));
            }
        }
        self.packed.push(pack(token));
        self.end = token.span.end;
    }

    /// Replaces, for each `(from, to, new)` (in order, not overlapping), the
    /// tokens `from..to` by `new`. In place — no second vector of the whole
    /// document — when no edit makes the tokens up to it more numerous (applying
    /// a discovered term joins tokens) and every replacement tiles the text it
    /// replaces; otherwise the tokens are rebuilt.
    pub fn replace_ranges(&mut self, edits: Vec<(usize, usize, Vec<Token>)>) {
        let mut grown = 0isize;
        let mut in_place = self.odd_ends.is_empty();
        let mut last_to = 0;
        for (from, to, new) in &edits {
            grown += new.len() as isize - (*to as isize - *from as isize);
            let tiles = match (self.get(*from), to.checked_sub(1).and_then(|i| self.get(i))) {
                (Some(first), Some(last)) => {
                    new.first().is_some_and(|t| t.span.start == first.span.start)
                        && new.last().is_some_and(|t| t.span.end == last.span.end)
                        && new.windows(2).all(|w| w[0].span.end == w[1].span.start)
                }
                _ => false,
            };
            in_place &= grown <= 0 && tiles && *from >= last_to && from < to && *to <= self.len();
            last_to = *to;
        }
        if in_place {
            let (mut w, mut r) = (0usize, 0usize);
            for (from, to, new) in edits {
                self.packed.copy_within(r..from, w);
                w += from - r;
                for t in new {
                    if let Some(slot) = self.packed.get_mut(w) {
                        *slot = pack(t);
                    }
                    w += 1;
                }
                r = to;
            }
            let len = self.packed.len();
            self.packed.copy_within(r..len, w);
            self.packed.truncate(w + (len - r));
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

    /// The token at `index`.
    pub fn get(&self, index: usize) -> Option<Token> {
        let p = self.packed.get(index)?;
        let end = match self.packed.get(index + 1) {
            None => self.end,
            Some(next) => match self.odd_ends.binary_search_by_key(&(index as u32), |&(i, _)| i) {
                Ok(k) => self.odd_ends.get(k).map_or(next.start, |&(_, e)| e),
                Err(_) => next.start,
            },
        };
        Some(Token {
            span: Span { start: p.start, end },
            kind: KINDS.get((p.kind_term >> TERM_BITS) as usize).copied().unwrap_or(TokenKind::Word),
            term: TermId(p.kind_term & TERM_MASK),
        })
    }

    /// The tokens in order, by value.
    pub fn iter(&self) -> Iter<'_> {
        Iter { tokens: self, front: 0, back: self.len() }
    }

    /// The tokens from `index` on.
    pub fn iter_from(&self, index: usize) -> Iter<'_> {
        Iter { tokens: self, front: index.min(self.len()), back: self.len() }
    }

    /// The number of tokens before the first for which `pred` is false (as
    /// [`slice::partition_point`]: `pred` must be true for a prefix only).
    pub fn partition_point(&self, pred: impl Fn(&Token) -> bool) -> usize {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.get(mid).is_some_and(|t| pred(&t)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// Room for `additional` more tokens.
    pub fn reserve(&mut self, additional: usize) {
        self.packed.reserve_exact(additional);
    }

    pub fn shrink_to_fit(&mut self) {
        self.packed.shrink_to_fit();
        self.odd_ends.shrink_to_fit();
    }

    /// Bytes held (for memory accounting).
    pub fn heap_bytes(&self) -> usize {
        self.packed.capacity() * std::mem::size_of::<Packed>() + self.odd_ends.capacity() * 8
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

/// Iterator over [`Tokens`], by value.
#[derive(Clone)]
pub struct Iter<'a> {
    tokens: &'a Tokens,
    front: usize,
    back: usize,
}

impl Iterator for Iter<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        if self.front >= self.back {
            return None;
        }
        let t = self.tokens.get(self.front);
        self.front += 1;
        t
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.back - self.front;
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
        self.back -= 1;
        self.tokens.get(self.back)
    }
}

impl ExactSizeIterator for Iter<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(std::mem::size_of::<Packed>(), 8);
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
}
