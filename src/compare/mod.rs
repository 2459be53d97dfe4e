//! Comparing two documents: a token-level diff whose operations carry spans.
//!
//! Tokens are mapped to comparison keys (exact text, or folded per
//! [`CompareOptions`]) and diffed with imara-diff's histogram algorithm. The
//! display always shows the original text of each side.

use crate::corpus::{Corpus, DocId, Document};
use crate::error::Result;
use crate::report::{CompareReport, CompareSummary, DiffOp, DocRef, Loc, OpKind, FORMAT_VERSION};
use crate::segment::TokenKind;
use crate::span::Span;
use imara_diff::{Algorithm, Diff, Token as DiffToken};
use serde::Deserialize;
use std::collections::HashMap;

/// How to compare.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CompareOptions {
    /// Treat upper and lower case as equal.
    pub ignore_case: bool,
    /// Treat any run of white space as equal to any other.
    pub ignore_whitespace: bool,
}

/// Compares documents `a` and `b` of `corpus`.
///
/// # Errors
/// [`ErrorKind::UnknownDocument`](crate::ErrorKind::UnknownDocument) if either id is not loaded.
pub fn compare(corpus: &Corpus, a: DocId, b: DocId, options: &CompareOptions) -> Result<CompareReport> {
    let da = corpus.document(a)?;
    let db = corpus.document(b)?;
    let mut keys = Keys::default();
    let ka: Vec<DiffToken> = da.tokens.iter().map(|t| keys.key(da, t, options)).collect();
    let kb: Vec<DiffToken> = db.tokens.iter().map(|t| keys.key(db, t, options)).collect();
    let mut diff = Diff::default();
    diff.compute_with(Algorithm::Histogram, &ka, &kb, keys.len());
    diff.postprocess_with(&ka, &kb, imara_diff::NoSliderHeuristic);

    let mut ops = Vec::new();
    let (mut ia, mut ib) = (0usize, 0usize);
    for hunk in diff.hunks() {
        let (ha, hb) = (hunk.before.start as usize, hunk.after.start as usize);
        if ha > ia {
            ops.push(op(OpKind::Equal, da, db, ia..ha, ib..hb));
        }
        let (ea, eb) = (hunk.before.end as usize, hunk.after.end as usize);
        let kind = match (ea > ha, eb > hb) {
            (true, true) => OpKind::Replace,
            (true, false) => OpKind::Delete,
            _ => OpKind::Insert,
        };
        ops.push(op(kind, da, db, ha..ea, hb..eb));
        ia = ea;
        ib = eb;
    }
    if ia < da.tokens.len() || ib < db.tokens.len() {
        ops.push(op(OpKind::Equal, da, db, ia..da.tokens.len(), ib..db.tokens.len()));
    }
    let summary = summarize(da, db, &diff);
    Ok(CompareReport {
        version: FORMAT_VERSION,
        a: doc_ref(da),
        b: doc_ref(db),
        ops,
        summary,
        truncated: false,
    })
}

fn doc_ref(doc: &Document) -> DocRef {
    let words = doc.tokens.iter().filter(|t| t.kind.is_wordlike()).count() as u64;
    DocRef { id: doc.id.0, name: doc.name.clone(), tokens: words }
}

/// The span covering tokens `range` of `doc` (empty at the right place if the range is empty).
fn token_span(doc: &Document, range: std::ops::Range<usize>) -> Span {
    let start = doc
        .tokens
        .get(range.start)
        .map_or(doc.text.len() as u32, |t| t.span.start);
    let end = if range.end > range.start {
        doc.tokens.get(range.end - 1).map_or(start, |t| t.span.end)
    } else {
        start
    };
    Span { start, end }
}

fn op(kind: OpKind, da: &Document, db: &Document, ra: std::ops::Range<usize>, rb: std::ops::Range<usize>) -> DiffOp {
    let sa = token_span(da, ra);
    let sb = token_span(db, rb);
    DiffOp {
        kind,
        a: Loc::of(da, sa),
        b: Loc::of(db, sb),
        a_text: sa.slice(&da.text).to_owned(),
        b_text: sb.slice(&db.text).to_owned(),
    }
}

fn summarize(da: &Document, db: &Document, diff: &Diff) -> CompareSummary {
    let words_a = da.tokens.iter().filter(|t| t.kind.is_wordlike()).count() as u64;
    let words_b = db.tokens.iter().filter(|t| t.kind.is_wordlike()).count() as u64;
    let changed_words_a = da
        .tokens
        .iter()
        .enumerate()
        .filter(|(i, t)| t.kind.is_wordlike() && diff.is_removed(*i as u32))
        .count() as u64;
    let changed_words_b = db
        .tokens
        .iter()
        .enumerate()
        .filter(|(i, t)| t.kind.is_wordlike() && diff.is_added(*i as u32))
        .count() as u64;
    let equal_words = words_a - changed_words_a;
    CompareSummary {
        equal_words,
        changed_words_a,
        changed_words_b,
        words_a,
        words_b,
        same_percent: if words_a == 0 { 100.0 } else { equal_words as f64 * 100.0 / words_a as f64 },
    }
}

/// Comparison keys local to one comparison.
#[derive(Default)]
struct Keys<'a> {
    ids: HashMap<std::borrow::Cow<'a, str>, u32>,
}

impl<'a> Keys<'a> {
    fn key(&mut self, doc: &'a Document, token: &crate::corpus::Token, options: &CompareOptions) -> DiffToken {
        let text = token.span.slice(&doc.text);
        let key: std::borrow::Cow<'a, str> = if options.ignore_whitespace && token.kind == TokenKind::Space {
            " ".into()
        } else if options.ignore_case && text.chars().any(char::is_uppercase) {
            text.to_lowercase().into()
        } else {
            text.into()
        };
        let next = self.ids.len() as u32;
        DiffToken(*self.ids.entry(key).or_insert(next))
    }

    fn len(&self) -> u32 {
        self.ids.len() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(a: &str, b: &str) -> Corpus {
        let mut c = Corpus::new();
        assert!(c.add_document("a", a.as_bytes()).is_ok());
        assert!(c.add_document("b", b.as_bytes()).is_ok());
        c
    }

    fn rebuild(report: &CompareReport) -> (String, String) {
        let a = report.ops.iter().map(|o| o.a_text.as_str()).collect::<Vec<_>>().join("");
        let b = report.ops.iter().map(|o| o.b_text.as_str()).collect::<Vec<_>>().join("");
        (a, b)
    }

    #[test]
    fn one_word_change_is_one_replace() {
        let (a, b) = ("就是要会同所有志同道合国家。", "就是要同所有志同道合国家。");
        let c = corpus(a, b);
        let r = compare(&c, DocId(0), DocId(1), &CompareOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        let changes: Vec<(&str, &str)> = r
            .ops
            .iter()
            .filter(|o| o.kind != OpKind::Equal)
            .map(|o| (o.a_text.as_str(), o.b_text.as_str()))
            .collect();
        assert_eq!(changes, vec![("会同", "同")]);
        let (ra, rb) = rebuild(&r);
        assert_eq!((ra.as_str(), rb.as_str()), (a, b));
    }

    #[test]
    fn ignore_case_and_whitespace() {
        let c = corpus("The  Cat sat.", "the cat\nsat.");
        let plain = compare(&c, DocId(0), DocId(1), &CompareOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        assert!(plain.ops.iter().any(|o| o.kind != OpKind::Equal));
        let opts = CompareOptions { ignore_case: true, ignore_whitespace: true };
        let folded = compare(&c, DocId(0), DocId(1), &opts).unwrap_or_else(|e| panic!("{e}"));
        assert!(folded.ops.iter().all(|o| o.kind == OpKind::Equal), "{:?}", folded.ops);
    }

    #[test]
    fn unknown_document() {
        let c = corpus("a", "b");
        let e = compare(&c, DocId(0), DocId(9), &CompareOptions::default()).err();
        assert_eq!(e.map(|e| e.name()), Some("UnknownDocument"));
    }
}
