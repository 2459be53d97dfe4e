//! The tests of `Tokens` against a plain `Vec<Token>` model (proptest) and at its edges.

use super::*;
use crate::segment::TokenKind;
use proptest::prelude::*;

const KINDS: [TokenKind; 6] =
    [TokenKind::Word, TokenKind::Number, TokenKind::Punct, TokenKind::Symbol, TokenKind::Emoji, TokenKind::Space];

fn tok(start: u32, end: u32, kind: TokenKind, term: u32) -> Token {
    Token { span: Span { start, end }, kind, term: TermId(term) }
}

#[test]
fn tokens_come_back_as_they_went_in() {
    let given = vec![
        tok(0, 3, TokenKind::Word, 0),
        tok(3, 4, TokenKind::Space, 1),
        tok(4, 6, TokenKind::Number, u32::MAX),
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

/// The bits of a token past its descriptor, as the module's doc says: an
/// escape byte unless a word, or punctuation or a space with a small id; the id
/// in its class's width (the step is short here).
fn payload_bits(kind: TokenKind, term: u32) -> usize {
    let width = 32 - term.leading_zeros();
    let class = [5, 8, 11, 14, 17, 20, 24, 32].iter().position(|&w| width <= w).unwrap_or(7);
    let plain = match kind {
        TokenKind::Word => true,
        TokenKind::Punct => class < 4,
        TokenKind::Space => class < 3,
        _ => false,
    };
    [5, 8, 11, 14, 17, 20, 24, 32][class] + if plain { 0 } else { 8 }
}

#[test]
fn tiling_tokens_take_about_three_bytes() {
    // Chinese words of 1–4 characters, a space now and then: every step fits in 4 bits.
    let mut at = 0;
    let given: Vec<Token> = (0..1600u32)
        .map(|i| {
            let (len, kind) = if i % 7 == 0 { (1, TokenKind::Space) } else { (3 * (1 + i % 4), TokenKind::Word) };
            at += len;
            tok(at - len, at, kind, i)
        })
        .collect();
    let tokens: Tokens = given.iter().copied().collect();
    // A descriptor byte a token; the bits of each block of 16 from a new byte, its offset and first start (8 bytes).
    let bits: usize = given.chunks(BLOCK).map(|b| b.iter().map(|t| payload_bits(t.kind, t.term.0)).sum::<usize>().div_ceil(8)).sum();
    assert_eq!(tokens.heap_bytes(), 1600 + bits + 1600 / BLOCK * 8);
    assert!(tokens.heap_bytes() < 1600 * 3, "{} bytes", tokens.heap_bytes());
    assert!(tokens.far_starts.is_empty() && tokens.odd_ends.is_empty());
    assert_eq!(tokens.iter().collect::<Vec<_>>(), given);
}

#[test]
fn every_kind_step_and_id_class_at_its_edges() {
    // Steps either side of the nibble's and the byte's ends (270 is far); ids
    // either side of each class's end; every kind with every class (so with and
    // without an escape byte), in blocks with and without the slow codes.
    let steps = [0, 1, 14, 15, 16, 268, 269, 270, 271, 1000];
    let mut ids = vec![0, 1];
    for w in [5, 8, 11, 14, 17, 20, 24] {
        ids.extend([(1u32 << w) - 1, 1 << w]);
    }
    ids.extend([u32::MAX - 1, u32::MAX]);
    let mut at = 0u32;
    let mut given = Vec::new();
    for (i, &id) in ids.iter().cycle().take(ids.len() * KINDS.len()).enumerate() {
        // Every fourth block of plain steps only.
        let len = if i / BLOCK % 4 == 3 { 3 } else { steps.get(i % steps.len()).copied().unwrap_or(1) };
        given.push(tok(at, at + len, KINDS.get(i / ids.len()).copied().unwrap_or(TokenKind::Word), id));
        at += len;
    }
    let tokens: Tokens = given.iter().copied().collect();
    assert_eq!(tokens.iter().collect::<Vec<_>>(), given);
    assert_eq!(tokens.iter().rev().collect::<Vec<_>>(), given.iter().rev().copied().collect::<Vec<_>>());
    assert_eq!((0..given.len()).filter_map(|i| tokens.get(i)).collect::<Vec<_>>(), given);
    // Steps of 270 bytes and more are the far ones.
    let far = given.windows(2).filter(|w| w[1].span.start - w[0].span.start >= 270).count();
    assert!(far > 10);
    assert_eq!(tokens.far_starts.len(), far);
    assert!(tokens.odd_ends.is_empty());
}

#[test]
fn codes_that_grow_in_place_keep_the_ones_not_yet_read() {
    // Pairs of small-id tokens joined into one token of a 32-bit id: fewer tokens, more bytes of codes.
    let given: Vec<Token> = (0..400u32).map(|i| tok(3 * i, 3 * i + 3, TokenKind::Word, i % 20)).collect();
    let mut tokens: Tokens = given.iter().copied().collect();
    let bytes_before = tokens.bits.len();
    let edits: Vec<(usize, usize, Vec<Token>)> =
        (0..150).map(|k| (2 * k, 2 * k + 2, vec![tok(6 * k as u32, 6 * k as u32 + 6, TokenKind::Word, u32::MAX - k as u32)])).collect();
    let want = spliced(&given, &edits);
    tokens.replace_ranges(edits);
    assert!(tokens.bits.len() > bytes_before, "{} <= {bytes_before}", tokens.bits.len());
    assert_eq!(tokens.iter().collect::<Vec<_>>(), want);
    assert_eq!((0..want.len()).filter_map(|i| tokens.get(i)).collect::<Vec<_>>(), want);
}

#[test]
fn long_tokens_and_jumps_back_are_exact() {
    // A 300-byte run of spaces, a 270-byte step (just past the 12-bit code), jumps back and forth: five far steps.
    let given = vec![
        tok(0, 300, TokenKind::Space, 1),
        tok(300, 570, TokenKind::Word, 2),
        tok(570, 573, TokenKind::Word, 3),
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
    // Term ids of any width, so that every id class and its edges come up.
    let term = (0u32..=32, any::<u32>()).prop_map(|(w, x)| x.checked_shr(32 - w).unwrap_or(0));
    prop::collection::vec((0u8..10, any::<u32>(), 0u8..10, any::<u32>(), 0..KINDS.len(), term), 0..max)
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
                0..=6 => y % 20,
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
    // Read a block at a time, kinds and terms only (discovery's walks).
    let mut blocks = Vec::new();
    let mut firsts = Vec::new();
    tokens.for_each_block(|first, kinds, terms| {
        firsts.push((first, kinds.len() == terms.len()));
        blocks.extend(kinds.iter().copied().zip(terms.iter().copied()));
    });
    prop_assert_eq!(blocks, model.iter().map(|t| (t.kind, t.term)).collect::<Vec<_>>());
    prop_assert!(firsts.iter().enumerate().all(|(b, &(first, same))| first == b * BLOCK && same));
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
        let (before, bits_before, room) = (tokens.descriptors.as_ptr(), tokens.bits.as_ptr(), tokens.bits.capacity());
        tokens.replace_ranges(edits);
        same(&tokens, &want, &ops)?;
        // Joining tokens costs no second vector (nor a new one for the bits, unless they grew past the room there was).
        prop_assert!(!joins || tokens.descriptors.as_ptr() == before);
        prop_assert!(!joins || tokens.bits.as_ptr() == bits_before || tokens.bits.len() > room);
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
