//! The similarity matrix and an order of its rows that puts near-copies together.
//!
//! The order is the leaf order of a single-linkage clustering: pairs are merged
//! from the most to the least similar, and each merge joins two runs end to end,
//! turned so that the two documents of the merging pair meet. Every group of
//! documents more similar to each other than to the rest is therefore one
//! contiguous block of rows.

/// `(containment, jaccard)` as `n × n` row-major tables from shared shingle counts
/// (`shared[i*n+i]` is document i's own count). Values rounded to 4 decimals.
pub(crate) fn similarities(shared: &[u32], n: usize) -> (Vec<f64>, Vec<f64>) {
    let own = |i: usize| shared.get(i * n + i).copied().unwrap_or(0) as f64;
    let mut containment = vec![0.0; n * n];
    let mut jaccard = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            let s = shared.get(i * n + j).copied().unwrap_or(0) as f64;
            let (c, jac) = if i == j {
                (1.0, 1.0)
            } else {
                let union = own(i) + own(j) - s;
                (ratio(s, own(i)), ratio(s, union))
            };
            if let (Some(x), Some(y)) = (containment.get_mut(i * n + j), jaccard.get_mut(i * n + j)) {
                *x = round4(c);
                *y = round4(jac);
            }
        }
    }
    (containment, jaccard)
}

fn ratio(x: f64, y: f64) -> f64 {
    if y > 0.0 {
        x / y
    } else {
        0.0
    }
}

pub(crate) fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// A display order of `n` items given a symmetric similarity `sim(i, j)`.
pub(crate) fn order(n: usize, sim: impl Fn(usize, usize) -> f64) -> Vec<usize> {
    let mut edges: Vec<(f64, usize, usize)> = Vec::new();
    for i in 0..n {
        for j in i + 1..n {
            let s = sim(i, j);
            if s > 0.0 {
                edges.push((s, i, j));
            }
        }
    }
    edges.sort_by(|x, y| y.0.total_cmp(&x.0).then_with(|| (x.1, x.2).cmp(&(y.1, y.2))));
    // runs[root] holds the items of a component in display order; parent is a union-find.
    let mut parent: Vec<usize> = (0..n).collect();
    let mut runs: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    for (_, i, j) in edges {
        let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
        if ri == rj {
            continue;
        }
        let mut left = std::mem::take(&mut runs[ri]);
        let mut right = std::mem::take(&mut runs[rj]);
        // Turn the runs so that i ends the left one and j starts the right one, when it can.
        if left.first() == Some(&i) && left.len() > 1 {
            left.reverse();
        }
        if right.last() == Some(&j) && right.len() > 1 {
            right.reverse();
        }
        left.extend(right);
        let root = ri.min(rj);
        parent[ri] = root;
        parent[rj] = root;
        runs[root] = left;
    }
    // Components in order of their smallest member (the root is the smallest index).
    (0..n).filter(|&i| find(&mut parent, i) == i).flat_map(|i| std::mem::take(&mut runs[i])).collect()
}

/// The root of `x` in a union-find forest (path halving); an index outside
/// the forest is its own root. Shared with the cluster step.
pub(crate) fn find(parent: &mut [usize], mut x: usize) -> usize {
    while let Some(&p) = parent.get(x) {
        if p == x {
            break;
        }
        let grand = parent.get(p).copied().unwrap_or(p);
        if let Some(slot) = parent.get_mut(x) {
            *slot = grand;
        }
        x = grand;
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containment_and_jaccard() {
        // a has 10 shingles, b 4, all of b's in a.
        let shared = vec![10, 4, 4, 4];
        let (c, j) = similarities(&shared, 2);
        assert_eq!(c, vec![1.0, 0.4, 1.0, 1.0]);
        assert_eq!(j, vec![1.0, 0.4, 0.4, 1.0]);
        let (c, _) = similarities(&[0, 0, 0, 0], 2);
        assert_eq!(c, vec![1.0, 0.0, 0.0, 1.0]);
    }

    #[test]
    fn near_copies_sit_together() {
        // 0 ~ 3 ~ 5 and 1 ~ 4; 2 alone.
        let groups = [0, 1, 2, 0, 1, 0];
        let order = order(6, |i, j| if groups[i] == groups[j] && groups[i] != 2 { 0.9 - 0.01 * (i + j) as f64 } else { 0.0 });
        assert_eq!(order.len(), 6);
        let pos = |x: usize| order.iter().position(|&o| o == x).unwrap_or(99);
        let block = |xs: &[usize]| {
            let mut p: Vec<usize> = xs.iter().map(|&x| pos(x)).collect();
            p.sort();
            p.windows(2).all(|w| w[1] == w[0] + 1)
        };
        assert!(block(&[0, 3, 5]) && block(&[1, 4]), "{order:?}");
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(sorted, vec![0, 1, 2, 3, 4, 5]);
    }

    #[test]
    fn the_strongest_link_is_adjacent() {
        // A chain 0-1 (0.9), 1-2 (0.8), 2-3 (0.7): order follows the chain.
        let s = |i: usize, j: usize| match (i.min(j), i.max(j)) {
            (0, 1) => 0.9,
            (1, 2) => 0.8,
            (2, 3) => 0.7,
            _ => 0.0,
        };
        assert_eq!(order(4, s), vec![0, 1, 2, 3]);
        assert_eq!(order(0, s), Vec::<usize>::new());
    }
}
