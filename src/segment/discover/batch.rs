//! Discovery over a corpus split into batches (the Spark job's partitions):
//! the counting stages run per batch and give rows keyed by text, rows with
//! the same key add up across batches, and a [`Plan`] on one machine selects
//! from the sums and says what the next step counts. Six steps: unigrams,
//! 2-, 3- and 4-grams (each level only where the one below was frequent),
//! the neighbours of the candidates, done.
//!
//! Below the in-process budget ([`DiscoverOptions::max_ngrams`]) the terms are
//! those of [`super::discover_in`] over the whole corpus, byte for byte: both
//! run the same counting and selection functions, and the sketch that bounds
//! the in-process counts never changes a count it keeps. Batches have no
//! budget (each stores the distinct n-grams it holds; the sums live in the
//! cluster's shuffle), so past the budget the in-process result says
//! `truncated` and the batched one is the exact answer.
//!
//! Row keys: `#documents`, `#tokens` (totals); `U` + word (its count); `G` +
//! parts joined by [`SEP`] (count and documents of an n-gram); `L` or `R` +
//! the candidate's parts joined by [`SEP`] + [`NEIGHBOUR`] + the neighbour
//! (empty at a boundary) for its neighbours.

use super::count::{self, key_of, Budget, Count, FreshLines, FxMap, Key, Neighbours, NONE};
use super::select::{self, Tables};
use super::{DiscoverOptions, Discovered, Part, Source};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Joins the parts of an n-gram in a row key (no word holds it).
pub const SEP: char = '\u{1}';
/// Separates a candidate from its neighbour in a row key.
pub const NEIGHBOUR: char = '\u{2}';

/// One count of a batch: key, count, documents. Rows with the same key add up.
pub type Row = (String, u64, u64);

/// What a batch counts next.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Step {
    #[default]
    Unigrams,
    /// The n-grams of one length (2 to 4).
    Grams(usize),
    Neighbours,
    Done,
}

/// The state of a batched discovery between steps (it travels as JSON to
/// every batch): the sums so far and what the next step counts.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    pub step: Step,
    pub options: DiscoverOptions,
    documents: u64,
    tokens: u64,
    /// Usable words (not function words, frequent) and their counts.
    unigrams: BTreeMap<String, u32>,
    /// Frequent n-grams of each length from 2, parts joined by [`SEP`]: count, documents.
    levels: Vec<BTreeMap<String, (u32, u32)>>,
    /// The candidates whose neighbours the next step counts.
    candidates: BTreeSet<String>,
    /// The terms, once done.
    terms: Vec<Discovered>,
}

impl Plan {
    pub fn new(options: DiscoverOptions) -> Plan {
        Plan { options, ..Plan::default() }
    }

    /// The terms found (empty until [`Step::Done`]), as [`super::Discovery::terms`].
    pub fn terms(&self) -> &[Discovered] {
        &self.terms
    }

    /// Whether the merged row `key` with `count` matters to [`Plan::advance`]
    /// (the rest can be dropped before they are gathered).
    pub fn keeps(&self, key: &str, count: u64) -> bool {
        match self.step {
            Step::Unigrams | Step::Grams(_) => key.starts_with('#') || count >= u64::from(self.options.min_count),
            Step::Neighbours => true,
            Step::Done => false,
        }
    }

    /// Takes the rows of the step just counted, summed over all batches, and
    /// moves to the next step. At [`Step::Neighbours`] the rows must also hold
    /// the `U` row (from the first step) of every neighbour named. `part` says
    /// what a word can be in a term (see [`super::part_of`]).
    pub fn advance(&mut self, rows: &[Row], part: &dyn Fn(&str) -> Part) {
        let min = self.options.min_count;
        let sat = |x: u64| u32::try_from(x).unwrap_or(u32::MAX);
        match self.step {
            Step::Unigrams => {
                for (key, n, _) in rows {
                    match key.as_str() {
                        "#documents" => self.documents += n,
                        "#tokens" => self.tokens += n,
                        _ => {
                            if let Some(word) = key.strip_prefix('U') {
                                if *n >= u64::from(min) && part(word) != Part::Function {
                                    self.unigrams.insert(word.to_owned(), sat(*n));
                                }
                            }
                        }
                    }
                }
                self.step = Step::Grams(2);
            }
            Step::Grams(n) => {
                let mut level = BTreeMap::new();
                for (key, c, d) in rows {
                    if let Some(gram) = key.strip_prefix('G') {
                        if *c >= u64::from(min) {
                            level.insert(gram.to_owned(), (sat(*c), sat(*d)));
                        }
                    }
                }
                self.levels.push(level);
                if n < count::MAX_N {
                    self.step = Step::Grams(n + 1);
                    return;
                }
                let (t, words) = self.tables(&BTreeMap::new(), part);
                let found = select::candidates(&t, &self.options);
                self.candidates = found.keys().map(|k| joined(k, &words)).collect();
                self.step = if self.candidates.is_empty() { Step::Done } else { Step::Neighbours };
            }
            Step::Neighbours => {
                let mut others = BTreeMap::new();
                for (key, c, _) in rows {
                    if let Some(word) = key.strip_prefix('U') {
                        others.insert(word.to_owned(), sat(*c));
                    }
                }
                let (t, words) = self.tables(&others, part);
                let id: FxMap<&str, u32> = words.iter().enumerate().map(|(i, w)| (w.as_str(), i as u32)).collect();
                let mut neighbours: FxMap<Key, Neighbours> = FxMap::default();
                for (key, c, _) in rows {
                    let (left, rest) = match key.chars().next() {
                        Some('L') => (true, &key[1..]),
                        Some('R') => (false, &key[1..]),
                        _ => continue,
                    };
                    let Some((gram, neighbour)) = rest.split_once(NEIGHBOUR) else { continue };
                    let Some(k) = key_from(gram, &id) else { continue };
                    let s = neighbours.entry(k).or_default();
                    let c = sat(*c);
                    match (neighbour, left) {
                        ("", true) => s.left_edge += c,
                        ("", false) => s.right_edge += c,
                        (w, side) => {
                            let Some(&x) = id.get(w) else { continue };
                            *(if side { &mut s.left } else { &mut s.right }).entry(x).or_insert(0) += c;
                        }
                    }
                }
                let found = select::candidates(&t, &self.options);
                let text = |i: u32| words.get(i as usize).cloned().unwrap_or_default();
                self.terms = select::terms(&t, &found, &neighbours, &text, &self.options);
                self.candidates.clear();
                self.step = Step::Done;
            }
            Step::Done => {}
        }
    }

    /// The sums as the selection reads them: ids are the words' places in
    /// text order (the plan's usable words and `others`).
    fn tables(&self, others: &BTreeMap<String, u32>, part: &dyn Fn(&str) -> Part) -> (Tables, Vec<String>) {
        let mut counts: BTreeMap<&str, u32> = others.iter().map(|(w, &c)| (w.as_str(), c)).collect();
        counts.extend(self.unigrams.iter().map(|(w, &c)| (w.as_str(), c)));
        let words: Vec<String> = counts.keys().map(|w| (*w).to_owned()).collect();
        let id: FxMap<&str, u32> = words.iter().enumerate().map(|(i, w)| (w.as_str(), i as u32)).collect();
        let levels = self
            .levels
            .iter()
            .map(|level| {
                level
                    .iter()
                    .filter_map(|(gram, &(count, docs))| Some((key_from(gram, &id)?, Count::summed(count, docs))))
                    .collect()
            })
            .collect();
        let t = Tables {
            unigrams: counts.values().copied().collect(),
            info: words.iter().map(|w| (part(w), select::char_len(w))).collect(),
            total: self.tokens,
            documents: self.documents,
            levels,
        };
        (t, words)
    }
}

/// The key of a gram whose parts are joined by [`SEP`], in the ids `id`.
fn key_from(gram: &str, id: &FxMap<&str, u32>) -> Option<Key> {
    let mut k = [NONE; count::MAX_N];
    for (n, part) in gram.split(SEP).enumerate() {
        *k.get_mut(n)? = *id.get(part)?;
    }
    Some(k)
}

/// The parts of `key` (ids into `words`) joined by [`SEP`].
fn joined(key: &Key, words: &[String]) -> String {
    let parts: Vec<&str> =
        key.iter().take_while(|&&k| k != NONE).map(|&k| words.get(k as usize).map_or("", String::as_str)).collect();
    parts.join(&SEP.to_string())
}

/// The counts `plan.step` asks for over one batch of documents (`text` gives
/// the text of an id of the batch's units). Documents are whole in one batch.
pub fn count(plan: &Plan, source: &dyn Source, text: &dyn Fn(u32) -> String) -> Vec<Row> {
    let (fresh, unigrams, total) = FreshLines::with_unigrams(source);
    let mut rows: Vec<Row> = Vec::new();
    let with_text = |i: usize| unigrams.get(i).is_some_and(|&c| c > 0).then(|| text(i as u32));
    match plan.step {
        Step::Unigrams => {
            rows.push(("#documents".to_owned(), source.documents() as u64, 0));
            rows.push(("#tokens".to_owned(), total, 0));
            for (i, &c) in unigrams.iter().enumerate() {
                if let Some(w) = with_text(i) {
                    rows.push((format!("U{w}"), u64::from(c), 0));
                }
            }
        }
        Step::Grams(n) => {
            // The batch's own ids: usable as the plan says, their lengths, their texts.
            let words: Vec<Option<String>> = (0..unigrams.len()).map(with_text).collect();
            let usable: Vec<bool> =
                words.iter().map(|w| w.as_ref().is_some_and(|w| plan.unigrams.contains_key(w))).collect();
            let chars: Vec<u32> = words.iter().map(|w| w.as_ref().map_or(0, |w| w.chars().count() as u32)).collect();
            let plain = words_of(&words);
            let below = n.checked_sub(3).and_then(|i| plan.levels.get(i));
            let mut frequent: FxMap<Key, bool> = FxMap::default();
            let mut is_frequent = |ids: &[u32]| -> bool {
                let Some(level) = below else { return true };
                *frequent.entry(key_of(ids)).or_insert_with(|| level.contains_key(&joined(&key_of(ids), &plain)))
            };
            let wanted = |ids: &[u32], is_frequent: &mut dyn FnMut(&[u32]) -> bool| {
                ids.iter().map(|&id| chars.get(id as usize).copied().unwrap_or(0)).sum::<u32>() <= 12
                    && (n == 2 || (is_frequent(&ids[..n - 1]) && is_frequent(&ids[1..])))
            };
            let mut budget = Budget { stored: 0, max: usize::MAX, truncated: false };
            let usable_id = |id: u32| usable.get(id as usize).copied().unwrap_or(false);
            let level =
                count::level(source, &fresh, n, &usable_id, |ids: &[u32]| wanted(ids, &mut is_frequent), None, &mut budget);
            let mut grams: Vec<(String, Count)> = level.iter().map(|(k, c)| (joined(k, &plain), *c)).collect();
            grams.sort_by(|a, b| a.0.cmp(&b.0));
            rows.extend(grams.into_iter().map(|(g, c)| (format!("G{g}"), u64::from(c.count), u64::from(c.docs))));
        }
        Step::Neighbours => {
            let words: Vec<Option<String>> = (0..unigrams.len()).map(with_text).collect();
            let plain = words_of(&words);
            let mut memo: FxMap<Key, bool> = FxMap::default();
            let found = count::neighbours(source, &fresh, |_| true, |key: &Key| {
                *memo.entry(*key).or_insert_with(|| plan.candidates.contains(&joined(key, &plain)))
            });
            let mut keyed: Vec<(String, u64)> = Vec::new();
            for (key, s) in &found {
                let gram = joined(key, &plain);
                let word = |x: &u32| plain.get(*x as usize).cloned().unwrap_or_default();
                for (side, map, edge) in [('L', &s.left, s.left_edge), ('R', &s.right, s.right_edge)] {
                    if edge > 0 {
                        keyed.push((format!("{side}{gram}{NEIGHBOUR}"), u64::from(edge)));
                    }
                    for (x, &c) in map {
                        keyed.push((format!("{side}{gram}{NEIGHBOUR}{}", word(x)), u64::from(c)));
                    }
                }
            }
            keyed.sort();
            rows.extend(keyed.into_iter().map(|(k, c)| (k, c, 0)));
        }
        Step::Done => {}
    }
    rows
}

/// The batch's words by id (empty where an id does not occur).
fn words_of(words: &[Option<String>]) -> Vec<String> {
    words.iter().map(|w| w.clone().unwrap_or_default()).collect()
}

/// Rows with the same key summed, in key order.
pub fn merge(rows: impl IntoIterator<Item = Row>) -> Vec<Row> {
    let mut sums: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for (k, c, d) in rows {
        let s = sums.entry(k).or_insert((0, 0));
        s.0 += c;
        s.1 += d;
    }
    sums.into_iter().map(|(k, (c, d))| (k, c, d)).collect()
}

/// The neighbour named by a row key of [`Step::Neighbours`] (none at a boundary).
pub fn neighbour_of(key: &str) -> Option<&str> {
    key.split_once(NEIGHBOUR).map(|(_, w)| w).filter(|w| !w.is_empty())
}
