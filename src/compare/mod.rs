//! Comparing two documents the way an editor reads them: paragraphs aligned by
//! content, word-level edits inside them, moved passages linked both ways.
//!
//! # How it works
//! 1. **Units and keys.** Each side's tokens become *units* (one per token at
//!    word granularity; one per character of a word at character granularity)
//!    with a comparison key folded per [`CompareOptions`]. With
//!    `ignore_whitespace` white space is not a unit at all; it rides along with
//!    the neighbouring operation.
//! 2. **Backbone** ([`align`]). Token n-grams that occur exactly once on each
//!    side are anchors; the longest chain of anchors in the same order on both
//!    sides (longest increasing subsequence) is the in-order backbone. It cuts
//!    both documents into aligned segments.
//! 3. **Moves** ([`moves`]). Anchors off the chain are clustered into passages
//!    (tolerating small gaps, so a moved passage that was also edited stays one
//!    passage) and grown by exact matching at both ends. Each accepted passage
//!    is taken out of the in-order diff on both sides and gets its own inner
//!    diff. We chose unique anchors + LIS over a global "find the longest common
//!    substring, repeat" search because it is O(n log n), deterministic, and
//!    repeated boiler-plate (which cannot be said to have moved) never anchors.
//! 4. **Segment diffs.** Between backbone cuts, the remaining units are diffed
//!    with imara-diff's histogram algorithm, then a semantic clean-up
//!    ([`cleanup`]) merges changes separated by trivial equalities so edits read
//!    as whole words and phrases.
//! 5. **Refinement** ([`refine`]). A short replacement containing Han gets a
//!    character-level breakdown when it shares characters (会同 → 同, 协作 → 合作).
//! 6. **Report.** Operations tile both texts in order; equal runs are split at
//!    paragraph starts, and consecutive operations sharing a paragraph form a
//!    *row* of the side-by-side view — so split and merged paragraphs end up in
//!    one row, re-ordered ones in rows of kind `moved`.
//!
//! The comparison is symmetric by construction: the pair is put in a canonical
//! order (by text) before the work, and the result is mirrored back, so
//! `compare(b, a)` is exactly `compare(a, b)` with the roles swapped.
//!
//! All work is counted in steps against [`CompareOptions::max_steps`]; when the
//! budget runs out the remaining segments are reported as whole replacements and
//! the report says `truncated: true`. Steps, not wall-clock time, so the result
//! is the same on every machine and `std::time` is not needed on wasm.

pub(crate) mod align;
pub(crate) mod anchors;
mod assemble;
pub(crate) mod cleanup;
pub mod export;
pub mod fold;
pub(crate) mod moves;
mod options;
pub(crate) mod refine;
mod units;

use crate::corpus::{Corpus, DocId, Document};
use crate::error::{Error, Result};
use crate::report::CompareReport;
use crate::vocab::Vocabulary;

pub use crate::report::Granularity;
pub use options::{CompareOptions, DEFAULT_MAX_STEPS};
pub(crate) use units::*;
use assemble::build_report;
pub use export::{export, sliced, to_html, to_unified, SlicedReport};

/// Compares documents `a` and `b` of `corpus`.
///
/// Line-break repairs (joining lines broken inside a sentence) are a property of
/// the documents as the corpus cleaned them; compare reads the text the corpus holds.
///
/// # Errors
/// [`ErrorKind::UnknownDocument`](crate::ErrorKind::UnknownDocument) if either
/// id is not loaded; [`ErrorKind::InvalidOption`](crate::ErrorKind::InvalidOption)
/// for a zero step budget.
pub fn compare(corpus: &Corpus, a: DocId, b: DocId, options: &CompareOptions) -> Result<CompareReport> {
    let da = corpus.document(a)?;
    let db = corpus.document(b)?;
    compare_in(da, db, Some(corpus.vocabulary()), options)
}

/// Compares two documents (which may come from different corpora).
///
/// # Errors
/// [`ErrorKind::InvalidOption`](crate::ErrorKind::InvalidOption) for a zero step budget.
pub fn compare_documents(da: &Document, db: &Document, options: &CompareOptions) -> Result<CompareReport> {
    compare_in(da, db, None, options)
}

/// `vocab`: the vocabulary both documents were interned in, if they share one
/// (then most keys come straight from the tokens' term ids, without hashing text).
fn compare_in(da: &Document, db: &Document, vocab: Option<&Vocabulary>, options: &CompareOptions) -> Result<CompareReport> {
    let max_steps = options.max_steps.unwrap_or(DEFAULT_MAX_STEPS);
    if max_steps == 0 {
        return Err(Error::invalid_option("maxSteps must be at least 1, got 0"));
    }
    let mut budget = Budget { limit: max_steps, used: 0, hit: false };
    // Canonical order: the result does not depend on which side came first.
    let swap = (da.text.len(), da.text.as_str()) > (db.text.len(), db.text.as_str());
    let (first, second) = if swap { (db, da) } else { (da, db) };
    let mut keys = Keys::new(vocab);
    let x = Side::build(first, options, &mut keys);
    let y = Side::build(second, options, &mut keys);
    budget.spend((x.units.len() + y.units.len()) as u64);
    let mut alignment = align::align(&x, &y, keys.len(), options, &mut budget);
    if swap {
        alignment.mirror();
    }
    let (sa, sb) = if swap { (y, x) } else { (x, y) };
    Ok(build_report(&sa, &sb, &alignment, options, &budget))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::OpKind;

    fn corpus(a: &str, b: &str) -> Corpus {
        let mut c = Corpus::new();
        assert!(c.add_document("a", a.as_bytes()).is_ok());
        assert!(c.add_document("b", b.as_bytes()).is_ok());
        c
    }

    fn run(c: &Corpus, o: &CompareOptions) -> CompareReport {
        compare(c, DocId(0), DocId(1), o).unwrap_or_else(|e| panic!("{e}"))
    }

    fn rebuild(report: &CompareReport) -> (String, String) {
        let a = report.ops.iter().map(|o| o.a_text.as_str()).collect::<Vec<_>>().join("");
        let b = report.ops.iter().map(|o| o.b_text.as_str()).collect::<Vec<_>>().join("");
        (a, b)
    }

    fn changes(r: &CompareReport) -> Vec<(&str, &str)> {
        r.ops.iter().filter(|o| o.kind != OpKind::Equal).map(|o| (o.a_text.as_str(), o.b_text.as_str())).collect()
    }

    #[test]
    fn one_word_change_is_one_replace_with_a_character_breakdown() {
        let (a, b) = ("就是要会同所有志同道合国家。", "就是要同所有志同道合国家。");
        let c = corpus(a, b);
        let r = run(&c, &CompareOptions::default());
        assert_eq!(changes(&r), vec![("会同", "同")]);
        let op = r.ops.iter().find(|o| o.kind == OpKind::Replace).unwrap();
        let parts: Vec<(OpKind, &str, &str)> =
            op.parts.iter().map(|p| (p.kind, p.a_text.as_str(), p.b_text.as_str())).collect();
        assert_eq!(parts, vec![(OpKind::Delete, "会", ""), (OpKind::Equal, "同", "同")]);
        let (ra, rb) = rebuild(&r);
        assert_eq!((ra.as_str(), rb.as_str()), (a, b));
    }

    #[test]
    fn ignore_case_width_and_whitespace() {
        let c = corpus("The  Cat sat，ok.", "the cat\nsat,ok.");
        let plain = run(&c, &CompareOptions::default());
        assert!(plain.ops.iter().any(|o| o.kind != OpKind::Equal));
        let opts =
            CompareOptions { ignore_case: true, ignore_whitespace: true, ignore_width: true, ..Default::default() };
        let folded = run(&c, &opts);
        assert!(folded.ops.iter().all(|o| o.kind == OpKind::Equal), "{:?}", folded.ops);
        let (ra, rb) = rebuild(&folded);
        let text = |id: u32| c.document(DocId(id)).map(|d| d.text.clone()).unwrap_or_default();
        assert_eq!((ra, rb), (text(0), text(1)));
    }

    #[test]
    fn character_granularity_refines_han_but_keeps_latin_words_whole() {
        let opts = CompareOptions { granularity: Granularity::Character, ..Default::default() };
        let c = corpus("a text here, 就是要会同所有国家", "a test here, 就是要同所有国家");
        let r = run(&c, &opts);
        assert_eq!(changes(&r), vec![("text", "test"), ("会", "")]);
    }

    #[test]
    fn ignored_spaces_stay_with_the_equal_text() {
        let c = corpus("one two three four", "one 2 three four");
        let r = run(&c, &CompareOptions { ignore_whitespace: true, ..Default::default() });
        assert_eq!(changes(&r), vec![("two", "2")]);
    }

    #[test]
    fn unknown_document_and_bad_budget() {
        let c = corpus("a", "b");
        let e = compare(&c, DocId(0), DocId(9), &CompareOptions::default()).err();
        assert_eq!(e.map(|e| e.name()), Some("UnknownDocument"));
        let e = compare(&c, DocId(0), DocId(1), &CompareOptions { max_steps: Some(0), ..Default::default() }).err();
        assert_eq!(e.map(|e| e.name()), Some("InvalidOption"));
    }

    #[test]
    fn width_folding_table() {
        for (wide, narrow) in [('，', ','), ('Ａ', 'A'), ('～', '~'), ('\u{3000}', ' '), ('中', '中'), (',', ','), ('￥', '¥'), ('\u{A0}', ' ')] {
            assert_eq!(fold_width(wide), narrow, "{wide:?}");
        }
    }
}
