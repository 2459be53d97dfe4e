//! Segmentation: token rows, the token view, discovered terms and the user
//! dictionary's answer (`crate::corpus` builds them).

use super::Loc;
use serde::Serialize;

/// One token as the boundaries view and `textlens segment --json` show it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenRow {
    pub text: String,
    pub kind: crate::segment::TokenKind,
    pub script: crate::segment::Script,
    #[serde(flatten)]
    pub loc: Loc,
}

/// The tokens of a stretch of one document (the Documents view's "show token
/// boundaries"): at most `limit` tokens from the first token at or after byte `start`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenView {
    pub version: u32,
    pub document_id: u32,
    pub name: String,
    /// Tokens of the document in all.
    pub total_tokens: usize,
    pub tokens: Vec<TokenRow>,
    /// Whether the document goes on after the last token shown.
    pub truncated: bool,
}

/// A term found by corpus-level discovery, with its evidence.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DiscoveredTermRow {
    pub term: String,
    /// The tokens the dictionary cut it into.
    pub parts: Vec<String>,
    /// Occurrences as a token now (0 when rejected).
    pub count: usize,
    /// Occurrences when it was found.
    pub found_count: u32,
    /// Documents it occurs in as a token (when rejected: when it was found).
    pub documents: u32,
    /// Weakest joint's pointwise mutual information (nats).
    pub pmi: f64,
    pub left_entropy: f64,
    pub right_entropy: f64,
    /// Whether the user rejected it (then it is not applied).
    pub rejected: bool,
}

/// The discovered terms of a corpus, most frequent first (then by term).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DiscoveredTermsReport {
    pub version: u32,
    /// Whether discovered terms are applied as they are found.
    pub auto_apply: bool,
    pub terms: Vec<DiscoveredTermRow>,
    /// Whether discovery hit its budget (rarer candidates may be missing).
    pub truncated: bool,
}

/// What `setUserDictionary` answers.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserDictionaryReport {
    pub version: u32,
    /// Entries in effect (after removing duplicates).
    pub entries: usize,
    pub words: Vec<String>,
}
