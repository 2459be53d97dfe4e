//! textlens: segment text, count terms and compare documents — a pure Rust
//! core that runs natively (the `textlens` CLI) and in the browser as
//! WebAssembly (through `wasm.rs`, the only JS-aware module).
//!
//! The flow is: bytes → [`formats`] and [`decode`] → text → [`clean`] → [`segment`] → tokens interned in a
//! [`Corpus`]'s [`Vocabulary`] → analyses ([`terms`], [`compare`]) that return
//! the plain, serialisable types of [`report`].

// The core never panics on input: a panic in wasm kills the worker.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::unreachable))]

pub mod clean;
pub mod compare;
pub mod csv;
pub mod corpus;
pub mod decode;
mod diagonal;
pub mod error;
pub mod formats;
#[cfg(not(target_arch = "wasm32"))]
pub mod native;
pub mod report;
pub mod reuse;
pub mod segment;
pub mod span;
pub mod stats;
pub mod terms;
pub mod vocab;
pub mod width;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use compare::{compare, compare_documents, CompareOptions, Granularity};
pub use clean::{clean, CleanOptions, OffsetMap, Repair, RepairKind};
pub use corpus::{Corpus, DocId, Document};
pub use formats::Format;
pub use error::{Error, ErrorKind, Result};
pub use reuse::{reuse, ReuseOptions};
pub use span::Span;
pub use terms::{
    collocates, distribution, keyness, kwic, ngrams, terms, CollocateOptions, DistributionOptions,
    FilterOptions, KeynessOptions, KwicOptions, NgramOptions, TermOptions, ToCsv,
};
pub use vocab::{TermId, Vocabulary};
