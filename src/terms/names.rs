//! The names a corpus holds — people, places, organisations — with their counts per
//! document: what a reporter scans first (issue #14, the Terms view's Names list).
//!
//! A word token is a name when the segmenter says so ([`Segmenter::name_kind`]:
//! its dictionary tag, or the shape of a transliterated or Chinese personal name);
//! a word right after a title (总统普京, 发言人郭嘉昆) is a person whatever the
//! dictionary's tag. A run of words that starts with a place and ends in an
//! organisation word (上海 合作 组织, 中国 共产党) is an organisation.
//!
//! [`Segmenter::name_kind`]: crate::segment::Segmenter::name_kind

use crate::corpus::Corpus;
use crate::report::DocRef;
use crate::segment::names::{NameKind, ORG_WORDS, TITLES};
use crate::segment::TokenKind;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Options of [`names`].
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct NameOptions {
    /// Only this kind (`None`: all).
    pub kind: Option<NameKind>,
    /// At most this many rows (0 = all).
    pub limit: usize,
}

/// One name: its text, kind and counts.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NameRow {
    pub name: String,
    pub kind: NameKind,
    pub count: u64,
    /// Count in each document, in the order of `documents`.
    pub per_doc: Vec<u64>,
}

/// The names of a corpus, by count descending (ties by kind, then text).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NameReport {
    pub documents: Vec<DocRef>,
    pub names: Vec<NameRow>,
}

/// The people, places and organisations named in `corpus`.
pub fn names(corpus: &Corpus, options: &NameOptions) -> NameReport {
    let docs = corpus.stored_documents();
    let seg = corpus.segmenter();
    // (text) → (kind votes, per-document counts)
    let mut found: BTreeMap<String, (BTreeMap<NameKind, u64>, Vec<u64>)> = BTreeMap::new();
    let mut add = |text: &str, kind: NameKind, d: usize| {
        let entry = found.entry(text.to_owned()).or_insert_with(|| (BTreeMap::new(), vec![0; docs.len()]));
        *entry.0.entry(kind).or_default() += 1;
        if let Some(c) = entry.1.get_mut(d) {
            *c += 1;
        }
    };
    let mut kinds: BTreeMap<&str, Option<NameKind>> = BTreeMap::new();
    for (d, doc) in docs.iter().enumerate() {
        let words: Vec<&str> = doc
            .tokens
            .iter()
            .filter(|t| t.kind != TokenKind::Space)
            .map(|t| if t.kind == TokenKind::Word { t.span.slice(&doc.text) } else { "" })
            .collect();
        let mut i = 0;
        while i < words.len() {
            let w = words[i];
            if w.is_empty() {
                i += 1;
                continue;
            }
            let kind = *kinds.entry(w).or_insert_with(|| seg.name_kind(w));
            // 上海 合作 组织: a place, then words up to an organisation word.
            if kind == Some(NameKind::Place) {
                // At most one word between, of two or more characters (上海 合作 组织, not 天津 与 上合 组织).
                let end = (i + 1..words.len().min(i + 3))
                    .take_while(|&j| !words[j].is_empty())
                    .find(|&j| ORG_WORDS.contains(&words[j]))
                    .filter(|&e| words[i + 1..e].iter().all(|m| m.chars().count() >= 2));
                if let Some(end) = end {
                    add(&words[i..=end].concat(), NameKind::Organisation, d);
                    i = end + 1;
                    continue;
                }
            }
            let after_title = i > 0 && TITLES.iter().any(|t| words[i - 1].ends_with(t));
            match kind {
                Some(NameKind::Place) if after_title => add(w, NameKind::Person, d),
                Some(k) => add(w, k, d),
                None => {}
            }
            i += 1;
        }
    }
    let mut rows: Vec<NameRow> = found
        .into_iter()
        .filter_map(|(name, (votes, per_doc))| {
            // The kind most often seen (a place that is a title's person once stays a place).
            let kind = votes.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(k, _)| *k)?;
            (options.kind.is_none() || options.kind == Some(kind)).then(|| NameRow {
                name,
                kind,
                count: per_doc.iter().sum(),
                per_doc,
            })
        })
        .collect();
    rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.kind.cmp(&b.kind)).then_with(|| a.name.cmp(&b.name)));
    if options.limit > 0 {
        rows.truncate(options.limit);
    }
    let documents = docs
        .iter()
        .map(|d| DocRef { id: d.id.0, name: d.name.clone(), tokens: d.tokens.iter().filter(|t| t.kind.is_wordlike()).count() as u64 })
        .collect();
    NameReport { documents, names: rows }
}
