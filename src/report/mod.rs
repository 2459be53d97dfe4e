//! The report types: what the CLI prints with `--json` and what the worker
//! hands to the page. Field names are stable and camelCase; see
//! `docs/report-format.md`. Change them deliberately and bump [`FORMAT_VERSION`].
//!
//! Wire types only: this module names no module that builds a report (its
//! methods touch report types alone), so every producer can import it. One
//! file per feature; everything is re-exported here (`crate::report::TermReport`).

mod compare;
mod documents;
mod reuse;
mod segment;
mod terms;

pub use compare::*;
pub use documents::*;
pub use reuse::*;
pub use segment::*;
pub use terms::*;

use crate::span::{Span, Utf16Cursor, Utf16Index};
use serde::Serialize;

/// Version of the report format; bumped on any incompatible change.
pub const FORMAT_VERSION: u32 = 1;

/// A place in a document, in bytes (`start`, `end`) and UTF-16 code units
/// (`start16`, `end16`, what JavaScript strings index by).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Loc {
    pub start: u32,
    pub end: u32,
    pub start16: u32,
    pub end16: u32,
}

/// A text with its UTF-16 index, which a [`Loc`] measures: a document's
/// cleaned text (`crate::corpus::Document` implements it).
pub trait IndexedText {
    fn text(&self) -> &str;
    fn utf16(&self) -> &Utf16Index;
}

impl<T: IndexedText + ?Sized> IndexedText for &T {
    fn text(&self) -> &str {
        (**self).text()
    }

    fn utf16(&self) -> &Utf16Index {
        (**self).utf16()
    }
}

impl Loc {
    /// The place of `span` in `doc`'s text.
    pub fn of(doc: &impl IndexedText, span: Span) -> Loc {
        Loc::in_text(doc.text(), doc.utf16(), span)
    }

    /// A place in the text of `cursor`, for spans that come in text order.
    pub fn at_cursor(cursor: &mut Utf16Cursor<'_>, span: Span) -> Loc {
        let (start16, end16) = cursor.span(span);
        Loc { start: span.start, end: span.end, start16, end16 }
    }

    /// A place in some other text than a document's cleaned text (e.g. its original).
    pub fn in_text(text: &str, index: &Utf16Index, span: Span) -> Loc {
        let (start16, end16) = index.span_to_utf16(text, span);
        Loc {
            start: span.start,
            end: span.end,
            start16,
            end16,
        }
    }
}

/// A document named in a report, with a count of its tokens: the counted
/// tokens (after the filters) in the terms reports, the word-like tokens in
/// the compare report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DocRef {
    pub id: u32,
    pub name: String,
    /// Tokens of this document, as the report counts them (see above).
    pub tokens: u64,
}
