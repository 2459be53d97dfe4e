//! Keyness: which terms distinguish a target document from a reference (the
//! rest of the corpus, or one other document).
//!
//! Log-likelihood G² (Rayson & Garside 2000) says how sure we are a difference
//! is not chance; log-ratio (Hardie 2014) says how big it is. A term is listed
//! when G² exceeds the chi-square critical value (1 degree of freedom) for the
//! chosen significance level, optionally Bonferroni-corrected for the number
//! of terms tested; 0.05, 0.01 and 0.001 give 3.84, 6.63 and 10.83.

use super::{counted_doc_ref, FilterOptions, Lens};
use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::report::{KeyRow, KeyUse, KeynessReport, FORMAT_VERSION};
use crate::stats::{critical_value, log_likelihood, log_ratio, p_value};
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
        None => corpus.stored_documents().iter().filter(|d| d.id != target.id).collect(),
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
        reference.push(counted_doc_ref(doc, tokens));
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
        target: counted_doc_ref(target, t_tokens),
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
