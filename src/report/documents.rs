//! What the Documents view shows: a document's summary, its texts and where
//! the clean-up repaired it (issue #3). Built by [`crate::corpus::Document`].

use super::Loc;
use crate::clean::RepairKind;
use crate::decode::DecodeMethod;
use crate::formats::Format;
use serde::{Deserialize, Serialize};

/// Counts of characters by script, for the Documents view.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScriptMix {
    pub han: u32,
    pub latin: u32,
    pub other: u32,
}

/// One document as the Documents view lists it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentSummary {
    pub id: u32,
    pub name: String,
    pub bytes: usize,
    pub encoding: &'static str,
    pub decode_method: DecodeMethod,
    /// Byte sequences that could not be decoded (shown as U+FFFD).
    pub malformed: usize,
    pub format: Format,
    /// The encoding label the user chose, if any.
    pub encoding_override: Option<String>,
    /// Characters of the original text, before clean-up.
    pub original_chars: usize,
    /// Clean-up repairs by kind (kinds with none are left out), in kind order.
    pub repairs: Vec<RepairCount>,
    /// Of the cleaned text, from here on.
    pub chars: usize,
    pub lines: usize,
    pub paragraphs: usize,
    pub sentences: usize,
    pub tokens: usize,
    pub words: usize,
    pub scripts: ScriptMix,
}

/// How many repairs of one kind the clean-up made in a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RepairCount {
    pub kind: RepairKind,
    pub count: usize,
}

/// Which repairs a [`RepairReport`] lists.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RepairOptions {
    /// Only these kinds; all kinds if empty.
    pub kinds: Vec<RepairKind>,
    /// At most this many.
    pub limit: usize,
    /// With each repair, this many characters of cleaned text on each side
    /// (`before`, `after`; at most 200) and the text it replaced (`was`); 0 for none.
    pub context: usize,
}

impl Default for RepairOptions {
    fn default() -> Self {
        RepairOptions { kinds: Vec::new(), limit: 1000, context: 0 }
    }
}

/// A document's texts: `text` (cleaned, what every report's offsets index)
/// and `original` (as read, what repairs' `original` offsets index).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentText {
    pub id: u32,
    pub text: String,
    pub original: String,
}

/// Where the clean-up changed a document, for highlighting: each repair's
/// place in the cleaned text and in the original.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RepairReport {
    pub version: u32,
    pub document: u32,
    /// Repairs of the kinds asked for, in order of place; at most `limit`.
    pub repairs: Vec<RepairLoc>,
    /// Repairs of those kinds before `limit` was applied.
    pub total: usize,
    /// True if `limit` cut the list.
    pub truncated: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RepairLoc {
    pub kind: RepairKind,
    /// In the cleaned text (empty where something was removed).
    pub cleaned: Loc,
    /// In the original text.
    pub original: Loc,
    /// With `context`: cleaned text just before `cleaned`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    /// With `context`: cleaned text just after `cleaned`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// With `context`: the original text the repair replaced.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub was: Option<String>,
}
