//! Keyness: which terms distinguish a target document from a reference (the
//! rest of the corpus, or one other document).
//!
//! Log-likelihood G² (Rayson & Garside 2000) says how sure we are a difference
//! is not chance; log-ratio (Hardie 2014) says how big it is. A term is listed
//! when G² exceeds the chi-square critical value (1 degree of freedom) for the
//! chosen significance level, optionally Bonferroni-corrected for the number
//! of terms tested; 0.05, 0.01 and 0.001 give 3.84, 6.63 and 10.83.

use super::{doc_ref, FilterOptions, Lens};
use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::report::{KeyRow, KeyUse, KeynessReport, FORMAT_VERSION};
use serde::Deserialize;

/// Options of [`keyness`].
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct KeynessOptions {
    #[serde(flatten)]
    pub filter: FilterOptions,
    /// The target document's id.
    pub target: u32,
    /// The reference document's id; `None` = every other document.
    pub reference: Option<u32>,
    /// Significance level in (0, 1]; 1 lists every term that differs.
    pub alpha: f64,
    /// Divide `alpha` by the number of terms tested.
    pub bonferroni: bool,
    /// Test only terms occurring at least this often in target and reference together.
    pub min_count: u64,
    /// At most this many rows in each direction (0 = all).
    pub limit: usize,
}

impl Default for KeynessOptions {
    fn default() -> Self {
        KeynessOptions {
            filter: FilterOptions::default(),
            target: 0,
            reference: None,
            alpha: 0.05,
            bonferroni: false,
            min_count: 1,
            limit: 0,
        }
    }
}

/// `x · ln(x / e)`, taken as 0 when `x` is 0: one cell of a G² sum (here and
/// in the collocates' 2×2 table).
pub(crate) fn observed_ln_ratio(x: f64, e: f64) -> f64 {
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

/// Key terms of `options.target` against `options.reference` (or the rest of
/// the corpus), overused and underused.
///
/// # Errors
/// [`ErrorKind::UnknownDocument`](crate::ErrorKind::UnknownDocument) for a bad
/// id; [`ErrorKind::InvalidOption`](crate::ErrorKind::InvalidOption) for an
/// `alpha` outside (0, 1], a reference equal to the target, or a corpus with
/// nothing to compare against.
pub fn keyness(corpus: &Corpus, options: &KeynessOptions) -> Result<KeynessReport> {
    if !(options.alpha > 0.0 && options.alpha <= 1.0) {
        return Err(Error::invalid_option(format!("alpha must be in (0, 1], got {}", options.alpha)));
    }
    let lens = Lens::new(corpus, &options.filter)?;
    let target = corpus.document(crate::DocId(options.target))?;
    let refs: Vec<_> = match options.reference {
        Some(id) if id == options.target => {
            return Err(Error::invalid_option(format!(
                "document {id} cannot be compared with itself: choose another reference"
            )))
        }
        Some(id) => vec![corpus.document(crate::DocId(id))?],
        None => corpus.documents().iter().filter(|d| d.id != target.id).collect(),
    };
    if refs.is_empty() {
        return Err(Error::invalid_option("keyness needs a reference: add a second document".to_owned()));
    }
    let mut scratch = Vec::new();
    let (t_counts, t_tokens) = lens.doc_counts(target, &mut scratch);
    let mut r_count = vec![0u64; lens.n_keys()];
    let mut r_tokens = 0u64;
    let mut reference = Vec::with_capacity(refs.len());
    for doc in &refs {
        let (counts, tokens) = lens.doc_counts(doc, &mut scratch);
        for (k, n) in counts {
            if let Some(slot) = r_count.get_mut(k as usize) {
                *slot += u64::from(n);
            }
        }
        r_tokens += tokens;
        reference.push(doc_ref(doc, tokens));
    }
    let mut t_count = vec![0u64; lens.n_keys()];
    for &(k, n) in &t_counts {
        if let Some(slot) = t_count.get_mut(k as usize) {
            *slot = u64::from(n);
        }
    }

    let tested: Vec<u32> = (0..lens.n_keys() as u32)
        .filter(|&k| {
            let a = t_count.get(k as usize).copied().unwrap_or(0);
            let b = r_count.get(k as usize).copied().unwrap_or(0);
            a + b > 0 && a + b >= options.min_count && lens.shown(k)
        })
        .collect();
    let tests = tested.len();
    let alpha = if options.bonferroni { options.alpha / tests.max(1) as f64 } else { options.alpha };
    let critical = critical_value(alpha);
    let (c, d) = (t_tokens as f64, r_tokens as f64);
    let mut overused = Vec::new();
    let mut underused = Vec::new();
    for k in tested {
        let a = t_count.get(k as usize).copied().unwrap_or(0);
        let b = r_count.get(k as usize).copied().unwrap_or(0);
        let (af, bf) = (a as f64, b as f64);
        let g2 = log_likelihood(af, bf, c, d);
        if g2 <= critical || g2 <= 0.0 {
            continue;
        }
        // a/c vs b/d without division.
        let use_ = match (af * d).partial_cmp(&(bf * c)) {
            Some(std::cmp::Ordering::Greater) => KeyUse::Over,
            Some(std::cmp::Ordering::Less) => KeyUse::Under,
            _ => continue,
        };
        let row = KeyRow {
            term: lens.text(k).to_owned(),
            target_count: a,
            reference_count: b,
            target_rate: af * 10_000.0 / c.max(1.0),
            reference_rate: bf * 10_000.0 / d.max(1.0),
            g2,
            log_ratio: log_ratio(af, bf, c, d),
            p: p_value(g2),
            use_,
        };
        match use_ {
            KeyUse::Over => overused.push(row),
            KeyUse::Under => underused.push(row),
        }
    }
    for rows in [&mut overused, &mut underused] {
        rows.sort_by(|x, y| y.g2.total_cmp(&x.g2).then_with(|| x.term.cmp(&y.term)));
        if options.limit > 0 {
            rows.truncate(options.limit);
        }
    }
    Ok(KeynessReport {
        version: FORMAT_VERSION,
        target: doc_ref(target, t_tokens),
        reference,
        target_tokens: t_tokens,
        reference_tokens: r_tokens,
        alpha: options.alpha,
        bonferroni: options.bonferroni,
        tests,
        critical,
        overused,
        underused,
    })
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

    #[test]
    fn bad_options_are_errors() {
        let mut c = Corpus::new();
        let _ = c.add_document("a", "one two".as_bytes());
        let name = |o: KeynessOptions| keyness(&c, &o).err().map(|e| e.name());
        assert_eq!(name(KeynessOptions::default()), Some("InvalidOption"), "single document");
        assert_eq!(name(KeynessOptions { alpha: 0.0, ..Default::default() }), Some("InvalidOption"));
        assert_eq!(name(KeynessOptions { reference: Some(0), ..Default::default() }), Some("InvalidOption"));
        assert_eq!(name(KeynessOptions { target: 5, ..Default::default() }), Some("UnknownDocument"));
    }
}
