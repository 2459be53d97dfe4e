//! Corpus-level term discovery: the names and terms a text keeps repeating
//! (上海合作组织, 呼日勒苏赫) that the dictionary cuts into pieces.
//!
//! Candidates are runs of 2–4 adjacent Han word tokens (3–12 characters, no
//! function character such as 的/了/在 as a part) seen at least
//! [`DiscoverOptions::min_count`] times and, when more than one document is
//! loaded, in at least two documents. A candidate is kept when
//!
//! * **cohesion** — at every joint, each side occurs mostly inside the
//!   candidate: `count(ab) / count(a) ≥ min_bond` and `count(ab) / count(b) ≥
//!   min_bond` (a symmetric conditional probability; its log-ratio form is the
//!   pointwise mutual information `ln(N·count(ab) / (count(a)·count(b)))`, which
//!   must be at least [`DiscoverOptions::min_pmi`]); and
//! * **free boundaries** — on each side the neighbours vary (entropy of the
//!   neighbouring tokens, where a text or punctuation boundary counts as a new
//!   neighbour each time, at least [`DiscoverOptions::min_entropy`] nats), or
//!   the one neighbour it always has is itself not bound to it (总统 before
//!   呼日勒苏赫 occurs elsewhere, so it is a title, not part of the name).
//!
//! Time is linear in the text and memory bounded (see [`discover_in`]): the
//! documents are read as streams, a line repeated within a document counts
//! once, and the stored n-gram counts are capped by
//! [`DiscoverOptions::max_ngrams`] (the result then says `truncated`; below
//! the cap it is exact).
//!
//! The work is split into stages that count ([`count`]: lines, unigrams,
//! n-grams level by level, neighbours of candidates) and stages that select
//! from the counts ([`select`]: candidates, then terms). [`discover_in`] runs
//! them in one process over the whole corpus (the page, the CLI, Python);
//! [`batch`] runs the counting stages per batch of documents, with counts
//! keyed by text that add up across batches, and the selection once over the
//! sums (the Spark job: count per partition, reduce by key, select on the
//! driver). Below the budget both give the same terms.


/// Thresholds of [`discover`].
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct DiscoverOptions {
    pub min_count: u32,
    pub min_bond: f64,
    pub min_pmi: f64,
    pub min_entropy: f64,
    /// Budget of stored n-gram counts; past it the result says `truncated`.
    pub max_ngrams: usize,
}

impl Default for DiscoverOptions {
    fn default() -> Self {
        DiscoverOptions { min_count: 3, min_bond: 0.8, min_pmi: 3.0, min_entropy: 1.0, max_ngrams: 4_000_000 }
    }
}

/// A discovered term with the evidence for it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Discovered {
    /// The term's text (its parts joined).
    pub text: String,
    /// The tokens it was cut into.
    pub parts: Vec<String>,
    /// Occurrences, in the lines counted (a line repeated in a document counts once).
    pub count: u32,
    /// In how many documents it occurs.
    pub docs: u32,
    /// The weakest joint's pointwise mutual information (nats).
    pub pmi: f64,
    pub left_entropy: f64,
    pub right_entropy: f64,
}

/// The result of [`discover`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Discovery {
    /// Sorted by count (descending), then text; no two overlap (see [`overlaps`]).
    pub terms: Vec<Discovered>,
    /// Whether the n-gram budget was hit (rarer candidates may be missing).
    pub truncated: bool,
}

/// One unit of a document as discovery reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A Han word token: the id of its text.
    Word(u32),
    /// Anything that breaks a phrase: punctuation, other scripts, white space.
    Break,
    /// The end of a line (a break too).
    Line,
}

/// Documents as streams of [`Unit`]s. Discovery walks them a few times (about
/// ten passes) instead of holding a copy of every token.
pub trait Source {
    /// The number of documents.
    fn documents(&self) -> usize;
    /// Calls `visit` with the units of document `doc`, in order, a run at a
    /// time (runs of any length: one call per run, not per unit, so that the
    /// walks' loops over the units are not calls through a `dyn`).
    fn walk(&self, doc: usize, visit: &mut dyn FnMut(&[Unit]));
}

/// Documents given as units: `Some(id)` a Han word, `None` a break (no lines).
struct Listed<'a>(&'a [Vec<Option<u32>>]);

impl Source for Listed<'_> {
    fn documents(&self) -> usize {
        self.0.len()
    }

    fn walk(&self, doc: usize, visit: &mut dyn FnMut(&[Unit])) {
        for u in self.0.get(doc).map_or(&[][..], Vec::as_slice) {
            visit(&[u.map_or(Unit::Break, Unit::Word)]);
        }
    }
}

pub mod batch;
mod count;
mod select;

use count::{Budget, FreshLines, FxMap, IdSet, Key};
use select::Tables;

/// Discovers terms in documents given as sequences of units: `Some(id)` for a
/// Han word token (the id of its text), `None` for anything that breaks a
/// phrase (punctuation, a line break, other scripts). See [`discover_in`].
pub fn discover(
    docs: &[Vec<Option<u32>>],
    text: &dyn Fn(u32) -> String,
    part: &dyn Fn(u32) -> Part,
    options: &DiscoverOptions,
) -> Discovery {
    discover_in(&Listed(docs), text, part, options)
}

/// Discovers terms in the documents of `source`. `text` gives the text of an
/// id; `part` what the id can be in a term.
///
/// Linear in the text, memory bounded: the documents are walked as streams
/// (nothing per token is stored); lines repeated within a document are
/// counted once (see `FreshLines`); the n-grams are counted level by level
/// (Apriori: an n-gram is counted only when both of its (n−1)-grams reached
/// `min_count`), and at each level a first pass fills a fixed-size count-min
/// sketch so that the exact table holds only n-grams that may be frequent.
/// Below [`DiscoverOptions::max_ngrams`] stored counts the result is exact;
/// past it, `truncated` is set. Neighbours are collected for the candidates only.
pub fn discover_in(
    source: &dyn Source,
    text: &dyn Fn(u32) -> String,
    part: &dyn Fn(u32) -> Part,
    options: &DiscoverOptions,
) -> Discovery {
    let min = options.min_count;
    let (fresh, unigrams, total) = FreshLines::with_unigrams(source);
    // What each id is, and its length in characters, looked up once per id.
    let info = unigrams
        .iter()
        .enumerate()
        .map(|(id, &c)| if c > 0 { (part(id as u32), select::char_len(&text(id as u32))) } else { (Part::Function, 0) })
        .collect();
    let mut t = Tables { unigrams, info, total, documents: source.documents() as u64, levels: Vec::new() };
    let mut budget = Budget { stored: 0, max: options.max_ngrams, truncated: false };
    let usable = IdSet::of(t.unigrams.len(), |id| t.usable(id, min));
    let usable = |id: u32| usable.contains(id);
    let windows = count::window_counts(source, &fresh, &usable);
    for n in 2..=count::MAX_N {
        // An n-gram wanted above 2 is made of two frequent (n-1)-grams: its ids are all in one.
        let in_frequent = (n > 2).then(|| {
            let below = t.levels.last().into_iter().flatten();
            IdSet::of_keys(t.unigrams.len(), below.filter(|(_, c)| c.count >= min).map(|(k, _)| k))
        });
        let may_be_wanted = |ids: &[u32]| in_frequent.as_ref().map_or(true, |f| ids.iter().all(|&id| f.contains(id)));
        let wanted = |ids: &[u32]| may_be_wanted(ids) && t.wanted(ids, min);
        let sketch = Some((min, windows.get(n).copied().unwrap_or(0)));
        let level = count::level(source, &fresh, n, &usable, wanted, sketch, &mut budget);
        t.levels.push(level);
        if budget.truncated {
            break;
        }
    }
    let candidates = select::candidates(&t, options);
    let neighbours = if candidates.is_empty() {
        FxMap::default()
    } else {
        let parts = IdSet::of_keys(t.unigrams.len(), candidates.keys());
        count::neighbours(source, &fresh, |id| parts.contains(id), |key: &Key| candidates.contains_key(key))
    };
    Discovery { terms: select::terms(&t, &candidates, &neighbours, text, options), truncated: budget.truncated }
}

/// Where the terms occur in `text`: byte ranges, in order, not overlapping
/// (leftmost match first, the longest at a place). One pass over the text
/// whatever the number of terms (Aho–Corasick).
pub fn occurrences(text: &str, terms: &[String]) -> Vec<(usize, usize)> {
    Occurrences::new(terms).find(text)
}

/// [`occurrences`] for many texts: the automaton is built once (building it
/// per document cost more than the search over 2 000 short documents).
pub struct Occurrences<'a> {
    automaton: Option<aho_corasick::AhoCorasick>,
    terms: &'a [String],
}

impl<'a> Occurrences<'a> {
    pub fn new(terms: &'a [String]) -> Occurrences<'a> {
        let automaton =
            aho_corasick::AhoCorasick::builder().match_kind(aho_corasick::MatchKind::LeftmostLongest).build(terms).ok();
        Occurrences { automaton, terms }
    }

    /// The terms' occurrences in `text`, as [`occurrences`] gives them.
    pub fn find(&self, text: &str) -> Vec<(usize, usize)> {
        match &self.automaton {
            Some(ac) => ac.find_iter(text).map(|m| (m.start(), m.end())).collect(),
            // Only past the automaton's size limits: one search per term, as before.
            None => {
                let mut found: Vec<(usize, usize)> =
                    self.terms.iter().flat_map(|t| text.match_indices(t.as_str()).map(|(i, m)| (i, i + m.len()))).collect();
                found.sort_unstable();
                found
            }
        }
    }
}

/// Whether two terms could claim the same characters: one contains the
/// other, or an end of one is a start of the other.
pub fn overlaps(a: &str, b: &str) -> bool {
    if a.contains(b) || b.contains(a) {
        return true;
    }
    let ends_starts = |x: &str, y: &str| {
        x.char_indices().skip(1).any(|(i, _)| x.get(i..).is_some_and(|tail| y.starts_with(tail)))
    };
    ends_starts(a, b) || ends_starts(b, a)
}

/// What a token can be in a term.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// A function character (的, 了, …): never part of a term.
    Function,
    /// A dictionary word.
    Known,
    /// A word the dictionary does not hold (from the HMM).
    Unknown,
}

/// Single characters that never form part of a discovered term.
pub fn is_function_word(word: &str) -> bool {
    let mut chars = word.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else { return false };
    matches!(c, '的' | '了' | '在' | '和' | '与' | '是' | '及' | '对' | '为' | '将' | '把' | '被' | '等' | '也' | '都'
        | '就' | '而' | '并' | '同' | '向' | '从' | '于' | '之' | '其' | '以' | '由' | '或' | '又' | '还' | '这' | '那'
        | '个' | '上' | '中' | '下' | '我' | '你' | '他' | '她' | '它' | '们' | '不' | '有' | '要' | '会' | '能' | '着'
        | '过' | '给' | '让' | '但' | '却' | '所' | '很' | '更' | '最' | '已')
}

/// What `word` can be in a term, for a segmenter with its dictionary.
pub fn part_of(segmenter: &crate::segment::Segmenter, word: &str) -> Part {
    if is_function_word(word) {
        Part::Function
    } else if segmenter.in_dictionary(word) {
        Part::Known
    } else {
        Part::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlaps_table() {
        for (a, b, expected) in [
            ("全球治理", "全球治理倡议", true),
            ("全球治理", "治理倡议", true),
            ("上海合作组织", "呼日勒苏赫", false),
            ("合作", "作合", true),
        ] {
            assert_eq!(overlaps(a, b), expected, "{a} / {b}");
        }
    }


    #[test]
    fn occurrences_finds_every_term_in_one_pass() {
        let text = "上海合作组织峰会，呼日勒苏赫说：上海合作组织。呼日勒";
        let terms = ["上海合作组织".to_owned(), "呼日勒苏赫".to_owned(), "峰会".to_owned()];
        let found: Vec<&str> = occurrences(text, &terms).iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(found, ["上海合作组织", "峰会", "呼日勒苏赫", "上海合作组织"]);
    }

    #[test]
    fn a_name_cut_in_two_is_found_and_a_title_is_not_part_of_it() {
        // ids: 0 总统, 1 呼日勒, 2 苏赫, 3 在, 4 北京, 5 会见, 6 普京, 7 说
        let words = ["总统", "呼日勒", "苏赫", "在", "北京", "会见", "普京", "说"];
        let doc = |ids: &[u32]| -> Vec<Option<u32>> {
            let mut v: Vec<Option<u32>> = Vec::new();
            for &i in ids {
                if i == 99 { v.push(None) } else { v.push(Some(i)) }
            }
            v
        };
        // The name twice in each document, the title 总统 more often before 普京,
        // and other text (ids 10..) so the counts mean something.
        let mut a = doc(&[0, 1, 2, 3, 4, 99, 0, 6, 7, 99, 0, 1, 2, 5, 0, 6, 99, 0, 6, 99, 4, 99]);
        let mut b = doc(&[0, 1, 2, 3, 4, 99, 0, 6, 5, 0, 1, 2, 99, 0, 6, 3, 4, 99, 0, 6, 7, 99]);
        for i in 10..70 {
            a.push(Some(i));
            b.push(Some(i + 60));
        }
        let text = |id: u32| words.get(id as usize).map_or_else(|| "词".to_owned(), |w| (*w).to_owned());
        let part = |id: u32| match id {
            1 => Part::Unknown,
            3 => Part::Function,
            _ => Part::Known,
        };
        let found = discover(&[a, b], &text, &part, &DiscoverOptions::default());
        let terms: Vec<&str> = found.terms.iter().map(|d| d.text.as_str()).collect();
        assert_eq!(terms, ["呼日勒苏赫"]);
        assert_eq!(found.terms.first().map(|d| (d.count, d.docs)), Some((4, 2)));
        assert!(!found.truncated);
    }
}
