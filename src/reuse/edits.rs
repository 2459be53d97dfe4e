//! "The words of the edits": which terms the edited and the unique parts use
//! more than the shared core does, by log-likelihood G² (Rayson & Garside 2000).
//!
//! The statistics are the shared ones of the terms keyness
//! ([`log_likelihood`], [`log_ratio`]).

use crate::report::KeyWord;
use crate::stats::{log_likelihood, log_ratio};
use crate::vocab::Vocabulary;

/// Terms over-represented in `part` against `core` (counts indexed by term id):
/// G² ≥ `min_g2`, at least 2 occurrences, sorted by G² (descending) then term;
/// at most `limit` rows.
pub(crate) fn key_words(part: &[u32], core: &[u32], vocab: &Vocabulary, min_g2: f64, limit: usize) -> Vec<KeyWord> {
    let c: f64 = part.iter().map(|&x| f64::from(x)).sum();
    let d: f64 = core.iter().map(|&x| f64::from(x)).sum();
    let mut rows: Vec<KeyWord> = part
        .iter()
        .enumerate()
        .filter(|(_, &a)| a >= 2)
        .filter_map(|(t, &a)| {
            let (a, b) = (f64::from(a), f64::from(core.get(t).copied().unwrap_or(0)));
            if a / c <= b / d.max(1.0) {
                return None;
            }
            let g = log_likelihood(a, b, c, d);
            (g >= min_g2).then(|| KeyWord {
                term: vocab.term(crate::vocab::TermId(t as u32)).to_owned(),
                count: a as u64,
                core_count: b as u64,
                g2: round2(g),
                log_ratio: round2(log_ratio(a, b, c, d)),
            })
        })
        .collect();
    rows.sort_by(|x, y| y.g2.total_cmp(&x.g2).then_with(|| x.term.cmp(&y.term)));
    rows.truncate(limit);
    rows
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g2_matches_a_worked_example() {
        // 100 in 10,000 vs 50 in 20,000, by hand: E1 = 50, E2 = 100;
        // G² = 2·(100·ln 2 + 50·ln 0.5) = 2·(69.31 − 34.66) = 69.31.
        let g = log_likelihood(100.0, 50.0, 10_000.0, 20_000.0);
        assert!((g - 69.31).abs() < 0.01, "{g}");
        assert_eq!(log_likelihood(0.0, 0.0, 10.0, 10.0), 0.0);
        assert!((log_ratio(100.0, 50.0, 10_000.0, 20_000.0) - 2.0).abs() < 1e-9);
    }

    #[test]
    fn only_over_represented_terms_are_listed() {
        let mut v = Vocabulary::new();
        let (x, y, z) = (v.intern("x"), v.intern("y"), v.intern("z"));
        let mut part = vec![0u32; 3];
        let mut core = vec![0u32; 3];
        part[x.0 as usize] = 30; // much more frequent in the part
        part[y.0 as usize] = 10;
        core[y.0 as usize] = 900; // less frequent in the part
        core[z.0 as usize] = 100;
        part[z.0 as usize] = 60;
        let rows = key_words(&part, &core, &v, 3.84, 10);
        let terms: Vec<&str> = rows.iter().map(|r| r.term.as_str()).collect();
        // By hand: x: E1 = 100·30/1100 = 2.73, G² = 2·30·ln 11 = 143.9;
        // z: E1 = 14.55, E2 = 145.45, G² = 2·(60·ln 4.125 + 100·ln 0.6875) = 95.1; y is under-represented.
        assert_eq!(terms, vec!["x", "z"]);
        assert!((rows[0].g2 - 143.87).abs() < 0.05, "{}", rows[0].g2);
        assert!((rows[1].g2 - 95.1).abs() < 0.1, "{}", rows[1].g2);
    }
}
