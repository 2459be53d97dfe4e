//! Runs of matches along one diagonal: the shared first step of finding moved
//! passages (compare) and reused passages (reuse).
//!
//! Matches `(a, b)` come in increasing `a`. A match joins the open run whose
//! last match is before it on both sides, at most `gap` behind on each, and
//! whose step differs least between the sides (the skew, at most `max_skew`);
//! otherwise it opens a run. So a passage that was lightly edited — where the
//! edits break some matches and shift the rest by a few units — is still one run.

/// One run of matches: first and last match, how many, and how many units of
/// `a` their windows cover.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Run {
    pub first: (usize, usize),
    pub last: (usize, usize),
    pub count: usize,
    /// Units of `a` covered by the matches' windows of `width` units.
    pub covered: usize,
}

/// How runs are formed.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RunLimits {
    /// The furthest a run's next match may be from its last, on each side.
    pub gap: usize,
    /// The most the two sides' steps may differ.
    pub max_skew: usize,
    /// The width of one match, in units (for `covered`).
    pub width: usize,
    /// At most this many runs are open at once; matches that would open
    /// more are dropped (a budget against repetitive text).
    pub max_open: usize,
}

/// Groups `matches` (sorted by `a`) into runs, in the order they were closed
/// (then the ones still open).
pub(crate) fn runs(matches: impl IntoIterator<Item = (usize, usize)>, limits: RunLimits) -> Vec<Run> {
    let RunLimits { gap, max_skew, width, max_open } = limits;
    let mut open: Vec<Run> = Vec::new();
    let mut done: Vec<Run> = Vec::new();
    for (a, b) in matches {
        let mut i = 0;
        while let Some(run) = open.get(i) {
            if run.last.0.saturating_add(gap) < a {
                done.push(open.swap_remove(i));
            } else {
                i += 1;
            }
        }
        let best = open
            .iter()
            .enumerate()
            .filter(|(_, r)| a > r.last.0 && b > r.last.1 && b - r.last.1 <= gap)
            .map(|(i, r)| ((a - r.last.0).abs_diff(b - r.last.1), r.last.0, i))
            .filter(|&(skew, _, _)| skew <= max_skew)
            .min();
        if let Some(run) = best.and_then(|(_, _, i)| open.get_mut(i)) {
            run.covered += (a - run.last.0).min(width);
            run.last = (a, b);
            run.count += 1;
        } else if open.len() < max_open {
            open.push(Run { first: (a, b), last: (a, b), count: 1, covered: width });
        }
    }
    done.append(&mut open);
    done
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: RunLimits = RunLimits { gap: 8, max_skew: 2, width: 4, max_open: 16 };

    #[test]
    fn runs_table() {
        let run = |first, last, count, covered| Run { first, last, count, covered };
        for (matches, expected) in [
            // One diagonal, steps of 2: windows of 4 overlap, 2 new units each.
            (vec![(0, 10), (2, 12), (4, 14)], vec![run((0, 10), (4, 14), 3, 8)]),
            // A small skew (an edit of 1 unit on side b) keeps the run.
            (vec![(0, 10), (4, 15)], vec![run((0, 10), (4, 15), 2, 8)]),
            // A step past `gap` or a skew past `max_skew` opens a new run.
            (vec![(0, 10), (20, 30)], vec![run((0, 10), (0, 10), 1, 4), run((20, 30), (20, 30), 1, 4)]),
            (vec![(0, 10), (4, 18)], vec![run((0, 10), (0, 10), 1, 4), run((4, 18), (4, 18), 1, 4)]),
            // Backwards on side b is never the same run.
            (vec![(0, 10), (2, 5)], vec![run((0, 10), (0, 10), 1, 4), run((2, 5), (2, 5), 1, 4)]),
            (vec![], vec![]),
        ] {
            assert_eq!(runs(matches.clone(), LIMITS), expected, "{matches:?}");
        }
    }

    #[test]
    fn the_open_budget_drops_matches() {
        let matches: Vec<(usize, usize)> = (0..40).map(|i| (i, 1000 - 20 * i)).collect();
        let got = runs(matches, RunLimits { max_open: 3, ..LIMITS });
        assert_eq!(got.len(), 3 + 3 * 4, "3 runs open per gap + 1 = 9 units of a");
    }
}
