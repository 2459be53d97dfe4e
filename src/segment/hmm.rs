//! jieba's hidden Markov model for words the dictionary does not know: each
//! character is labelled Begin, End, Middle or Single by Viterbi decoding, with
//! the model's tables compiled in by `build.rs` from `data/jieba/hmm.model` (MIT).

mod model {
    use super::MIN_FLOAT;
    include!(concat!(env!("OUT_DIR"), "/hmm.rs"));
}

const MIN_FLOAT: f64 = -3.14e100;
const B: usize = 0;
const E: usize = 1;
const M: usize = 2;
const S: usize = 3;

/// States that may precede each state, in ascending order (a tie goes to the second).
const PREV: [[usize; 2]; 4] = [[E, S], [B, M], [B, M], [E, S]];

/// Whether the model covers `c` (CJK Unified Ideographs U+4E00–U+9FD5).
pub(super) fn covers(c: char) -> bool {
    ('\u{4E00}'..='\u{9FD5}').contains(&c)
}

#[inline]
fn emit(c: char) -> [f64; 4] {
    let i = (c as u32).wrapping_sub(model::EMIT_FIRST) as usize;
    match model::EMIT_INDEX.get(i) {
        Some(&row) if row != u16::MAX => model::EMIT.get(row as usize).copied().unwrap_or([MIN_FLOAT; 4]),
        _ => [MIN_FLOAT; 4],
    }
}

/// Cuts `chars` (all covered by the model, at least two) into words; returns
/// the word lengths in characters.
pub(super) fn cut(chars: &[char], prev: &mut Vec<[u8; 4]>, path: &mut Vec<u8>, out: &mut Vec<usize>) {
    let n = chars.len();
    let Some(&first) = chars.first() else { return };
    prev.clear();
    prev.resize(n, [0; 4]);
    let e0 = emit(first);
    let mut v = [0.0; 4];
    for y in 0..4 {
        v[y] = model::START[y] + e0[y];
    }
    for (t, &c) in chars.iter().enumerate().skip(1) {
        let em = emit(c);
        let mut next = [0.0; 4];
        for y in 0..4 {
            let [y0, y1] = PREV[y];
            let p0 = v[y0] + model::TRANS[y0][y] + em[y];
            let p1 = v[y1] + model::TRANS[y1][y] + em[y];
            let (p, s) = if p0 > p1 { (p0, y0) } else { (p1, y1) };
            next[y] = p;
            if let Some(row) = prev.get_mut(t) {
                row[y] = s as u8;
            }
        }
        v = next;
    }
    let mut state = if v[E] > v[S] { E } else { S };
    path.clear();
    path.resize(n, 0);
    for t in (0..n).rev() {
        if let Some(p) = path.get_mut(t) {
            *p = state as u8;
        }
        if t > 0 {
            state = prev.get(t).map_or(S, |row| row[state] as usize);
        }
    }
    let mut begin = 0;
    let mut emitted = 0;
    for (i, &s) in path.iter().enumerate() {
        match s as usize {
            B => begin = i,
            // For a valid path `begin == emitted` at E and `i == emitted` at
            // S; counting from `emitted` keeps the words tiling regardless.
            E | S => {
                let _ = begin;
                out.push(i + 1 - emitted);
                emitted = i + 1;
            }
            _ => {}
        }
    }
    if emitted < n {
        out.push(n - emitted);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_tile_the_run() {
        for run in ["呼日勒苏赫", "我们中出了一个叛徒", "郭嘉昆说", "啊"] {
            let chars: Vec<char> = run.chars().collect();
            let (mut prev, mut path, mut lens) = (Vec::new(), Vec::new(), Vec::new());
            cut(&chars, &mut prev, &mut path, &mut lens);
            assert_eq!(lens.iter().sum::<usize>(), chars.len(), "{run}: {lens:?}");
            assert!(lens.iter().all(|&l| l > 0));
        }
        assert!(covers('中') && !covers('a') && !covers('〇'));
    }
}
