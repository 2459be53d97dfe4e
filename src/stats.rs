//! The statistics the analyses share, a leaf: log-likelihood G² (Rayson &
//! Garside 2000), log-ratio (Hardie 2014), chi-square (1 d.f.) p-values and
//! critical values, and the smoothed idf of the term table. Keyness and the
//! collocates' 2×2 tables (`terms`) and reuse's edit words use them.

/// `x · ln(x / e)`, taken as 0 when `x` is 0: one cell of a G² sum (here and
/// in the collocates' 2×2 table).
pub fn observed_ln_ratio(x: f64, e: f64) -> f64 {
    if x > 0.0 && e > 0.0 {
        x * (x / e).ln()
    } else {
        0.0
    }
}

/// Log-likelihood G² of a term with frequency `a` in a corpus of `c` tokens
/// and `b` in a corpus of `d` tokens: `2 Σ O ln(O / E)` over the two
/// frequencies, with `E1 = c (a + b) / (c + d)` and `E2 = d (a + b) / (c + d)`.
pub fn log_likelihood(a: f64, b: f64, c: f64, d: f64) -> f64 {
    let n = c + d;
    if n <= 0.0 {
        return 0.0;
    }
    let e1 = c * (a + b) / n;
    let e2 = d * (a + b) / n;
    2.0 * (observed_ln_ratio(a, e1) + observed_ln_ratio(b, e2))
}

/// Log-ratio effect size: `log2((a / c) / (b / d))`, a zero frequency
/// replaced by 0.5 so the ratio stays finite.
pub fn log_ratio(a: f64, b: f64, c: f64, d: f64) -> f64 {
    let a = if a > 0.0 { a } else { 0.5 };
    let b = if b > 0.0 { b } else { 0.5 };
    if c <= 0.0 || d <= 0.0 {
        return 0.0;
    }
    ((a / c) / (b / d)).log2()
}

/// Complementary error function, fractional error below 1.2e-7 everywhere
/// (Chebyshev fit from Numerical Recipes, §6.2).
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98 + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let r = t * poly.exp();
    if x >= 0.0 {
        r
    } else {
        2.0 - r
    }
}

/// p-value of a statistic under chi-square with 1 degree of freedom:
/// `P(X > g2) = erfc(sqrt(g2 / 2))`.
pub fn p_value(g2: f64) -> f64 {
    if g2 <= 0.0 {
        1.0
    } else {
        erfc((g2 / 2.0).sqrt()).min(1.0)
    }
}

/// The chi-square (1 degree of freedom) value whose p-value is `alpha`,
/// found by bisection on [`p_value`]; 0 for `alpha >= 1`.
pub fn critical_value(alpha: f64) -> f64 {
    if alpha >= 1.0 {
        return 0.0;
    }
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    while p_value(hi) > alpha && hi < 1e6 {
        hi *= 2.0;
    }
    for _ in 0..200 {
        let mid = (lo + hi) / 2.0;
        if p_value(mid) > alpha {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    hi
}

/// Smoothed inverse document frequency: `ln((1 + n) / (1 + df)) + 1`.
pub fn idf(n_docs: usize, df: u32) -> f64 {
    ((1.0 + n_docs as f64) / (1.0 + df as f64)).ln() + 1.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn critical_values_match_the_chi_square_table() {
        for (alpha, expected) in [(0.05, 3.841_459), (0.01, 6.634_897), (0.001, 10.827_566), (0.0001, 15.136_705)] {
            let v = critical_value(alpha);
            assert!((v - expected).abs() < 1e-4, "alpha {alpha}: {v} vs {expected}");
        }
        assert_eq!(critical_value(1.0), 0.0);
        assert_eq!(p_value(0.0), 1.0);
    }

    #[test]
    fn log_likelihood_edge_cases() {
        // No difference in relative frequency → 0.
        assert!(log_likelihood(10.0, 20.0, 100.0, 200.0).abs() < 1e-12);
        // Absent from the reference: only the target term contributes.
        let g = log_likelihood(5.0, 0.0, 100.0, 100.0);
        assert!((g - 2.0 * 5.0 * 2f64.ln()).abs() < 1e-12, "{g}");
        assert_eq!(log_likelihood(0.0, 0.0, 0.0, 0.0), 0.0);
        // Zero replaced by 0.5: (5/100) / (0.5/100) = 10.
        assert!((log_ratio(5.0, 0.0, 100.0, 100.0) - 10f64.log2()).abs() < 1e-12);
        assert!((log_ratio(1.0, 4.0, 10.0, 10.0) + 2.0).abs() < 1e-12);
    }
}
