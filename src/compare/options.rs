//! How to compare: the options a comparison takes (and echoes as
//! [`crate::report::CompareSettings`]).

use crate::report::{CompareSettings, Granularity};
use serde::{Deserialize, Serialize};

/// How to compare.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CompareOptions {
    /// Treat upper and lower case as equal.
    pub ignore_case: bool,
    /// Ignore white space: runs of spaces, line breaks and blank lines count as nothing.
    pub ignore_whitespace: bool,
    /// Treat full-width and half-width forms as equal (the width part of NFKC:
    /// `，` = `,`, `Ａ` = `A`, ideographic and no-break spaces = space).
    pub ignore_width: bool,
    pub granularity: Granularity,
    /// Smallest moved passage, in words and punctuation marks (of which at
    /// least five eighths must be words); shorter out-of-order matches are
    /// shown as deleted and inserted.
    pub min_move_units: u32,
    /// Work budget in steps (roughly: units touched). `None`: the default,
    /// [`DEFAULT_MAX_STEPS`].
    pub max_steps: Option<u64>,
}

impl CompareOptions {
    /// The settings a report echoes.
    pub fn settings(&self) -> CompareSettings {
        CompareSettings {
            ignore_case: self.ignore_case,
            ignore_whitespace: self.ignore_whitespace,
            ignore_width: self.ignore_width,
            granularity: self.granularity,
            min_move_units: self.min_move_units,
            max_steps: self.max_steps,
        }
    }
}

/// Default work budget: ample for two 10 MB documents.
pub const DEFAULT_MAX_STEPS: u64 = 200_000_000;

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions {
            ignore_case: false,
            ignore_whitespace: false,
            ignore_width: false,
            granularity: Granularity::Word,
            min_move_units: 8,
            max_steps: None,
        }
    }
}
