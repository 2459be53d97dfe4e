//! Variant forms of one term, grouped and counted together (issue #14): an
//! organisation's full name and the abbreviation the corpus uses for it
//! (上海合作组织 / 上合组织 / 上合), traditional and simplified script (組織 / 组织),
//! full and half width (ＳＣＯ / SCO).
//!
//! Script and width variants are terms (tokens) whose folded forms are equal.
//! Abbreviations are found from the full names the corpus holds: a term of four
//! or more Han characters (or a run of word tokens) ending in an organisation
//! word (组织, 大学, 委员会 …) is cut into its words (上海 | 合作 | 组织) and its
//! abbreviations are built the way Chinese abbreviates names — the first
//! character of each word, keeping the last word or not (上合组织, 上合, 北大, 中共).
//! A candidate counts only where the corpus *introduces* it: some document has
//! the full name before the short form's first stand-alone use. Forms are then
//! counted in the text, longest first, so 上合 inside 上合组织 is not counted twice.
//!
//! Cost: one pass over the tokens, then for each group one pass over the texts
//! per form; the number of full names examined is capped at [`MAX_FULL_NAMES`]
//! (most frequent first) and the result says `truncated` when the cap was hit.

use crate::corpus::Corpus;
use crate::segment::names::ORG_WORDS;
use crate::segment::{is_han, trad, TokenKind};
use crate::vocab::TermId;
use crate::width::fold_width;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Full names examined for abbreviations, most frequent first.
pub const MAX_FULL_NAMES: usize = 2_000;

/// Tokens (or matches) between two progress reports.
const PROGRESS_EVERY: usize = 1 << 16;


/// Which kinds of variants to group.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VariantOptions {
    pub abbreviations: bool,
    pub script: bool,
    pub width: bool,
    /// Each form's counts per document ([`VariantForm::per_doc`]); off, they are left empty
    /// (the page shows totals only: dense counts for 2 000 documents were 43 MB).
    pub per_doc: bool,
}

impl Default for VariantOptions {
    fn default() -> Self {
        VariantOptions { abbreviations: true, script: true, width: true, per_doc: true }
    }
}

/// How a form relates to its group's head.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum VariantKind {
    /// The full or most frequent form.
    Head,
    /// A short form of the head (上合组织 for 上海合作组织).
    Abbreviation,
    /// The same term in the other script (traditional / simplified).
    Script,
    /// The same term in another width (full-width letters or digits).
    Width,
}

/// One written form of a group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VariantForm {
    pub text: String,
    pub kind: VariantKind,
    /// Occurrences in the corpus (an abbreviation's inside a longer form not included).
    pub count: u64,
    /// Occurrences per document, in corpus order (empty without [`VariantOptions::per_doc`]).
    pub per_doc: Vec<u64>,
}

/// Forms of one term: the head first, then by count (ties by text).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VariantGroup {
    pub head: String,
    /// Occurrences of all forms.
    pub count: u64,
    pub forms: Vec<VariantForm>,
}

/// Every group of two or more forms, by total count descending (ties by head).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Variants {
    pub groups: Vec<VariantGroup>,
    /// More full names than [`MAX_FULL_NAMES`] were candidates; the rarest were not examined.
    pub truncated: bool,
}

impl Variants {
    /// The group holding `form`, if any.
    pub fn group_of(&self, form: &str) -> Option<&VariantGroup> {
        self.groups.iter().find(|g| g.forms.iter().any(|f| f.text == form))
    }
}

/// The variant groups of `corpus`.
pub fn variants(corpus: &Corpus, options: &VariantOptions) -> Variants {
    variants_with_progress(corpus, options, &mut |_| {})
}

/// [`variants`], calling `progress(done)` (0 to 1) as it goes: counting the words, then
/// finding the full names and their short forms in the texts (seconds at 90 MB in the page).
pub fn variants_with_progress(corpus: &Corpus, options: &VariantOptions, progress: &mut dyn FnMut(f64)) -> Variants {
    let docs = corpus.stored_documents();
    progress(0.0);
    let words = Words::count(corpus, &mut |done| progress(0.4 * done));
    let mut groups = Vec::new();
    let mut grouped: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut truncated = false;
    if options.abbreviations {
        let (abbr, cut) = abbreviation_groups(corpus, &words, options.per_doc, &mut |done| progress(0.4 + 0.55 * done));
        truncated = cut;
        for g in abbr {
            grouped.extend(g.forms.iter().map(|f| f.text.clone()));
            groups.push(g);
        }
    }
    if options.script || options.width {
        let fold = |w: &str| folded(w, options.width, options.script);
        // Words whose folded forms are equal; BTreeMap for a deterministic order. Of the forms
        // of a group, at most one is its folded form itself, so a group is the words that fold
        // to something else plus that form if it is a word: no map of every word is needed.
        let mut by_key: BTreeMap<String, Vec<(&str, VariantKind)>> = BTreeMap::new();
        for w in words.texts().filter(|w| !grouped.contains(*w)) {
            let (key, kind) = fold(w);
            if key != w {
                by_key.entry(key).or_default().push((w, kind));
            }
        }
        for (key, forms) in by_key.iter_mut() {
            if let Some(w) = words.written(key).filter(|w| !grouped.contains(*w)) {
                let (again, kind) = fold(w);
                if again == w {
                    forms.push((w, kind));
                }
            }
        }
        let by_key: Vec<Vec<(&str, VariantKind)>> = by_key.into_values().filter(|f| f.len() > 1).collect();
        let per_doc = if options.per_doc {
            words.per_doc(by_key.iter().flatten().map(|&(w, _)| w), docs.len())
        } else {
            FxHashMap::default()
        };
        for forms in by_key {
            let mut forms: Vec<VariantForm> = forms
                .into_iter()
                .map(|(w, kind)| VariantForm {
                    text: w.to_owned(),
                    kind,
                    count: words.total(w),
                    per_doc: per_doc.get(w).cloned().unwrap_or_default(),
                })
                .collect();
            // The head is the most frequent form; a form already in the folded
            // script and width keeps its kind only if it is not the head.
            forms.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.text.cmp(&b.text)));
            let head_kind = forms.first().map(|f| f.kind);
            for (i, f) in forms.iter_mut().enumerate() {
                if i == 0 {
                    f.kind = VariantKind::Head;
                } else if f.kind == VariantKind::Head {
                    f.kind = head_kind.filter(|k| *k != VariantKind::Head).unwrap_or(VariantKind::Script);
                }
            }
            groups.push(make_group(forms));
        }
    }
    groups.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.head.cmp(&b.head)));
    progress(1.0);
    Variants { groups, truncated }
}

/// Word tokens by their text, with their counts.
///
/// Counted by term id — a token's text is its vocabulary key unless it has capitals — so the
/// texts are hashed once per term, not once per token (#11: a third of the time at 30 MB), and
/// the counts take 8 bytes a term; counts per document are taken only for the forms that need
/// them ([`Words::per_doc`]).
struct Words<'c> {
    corpus: &'c Corpus,
    /// Word tokens written as their term's key, by term id.
    total: Vec<u64>,
    /// Word tokens written otherwise (with capitals), by text.
    cased: FxHashMap<&'c str, u64>,
}

impl<'c> Words<'c> {
    fn count(corpus: &'c Corpus, progress: &mut dyn FnMut(f64)) -> Words<'c> {
        let vocab = corpus.vocabulary();
        let mut words = Words { corpus, total: vec![0; vocab.len()], cased: FxHashMap::default() };
        let docs = corpus.stored_documents();
        let all = docs.iter().map(|d| d.tokens.len()).sum::<usize>().max(1) as f64;
        let mut seen = 0usize;
        for doc in docs {
            for t in doc.tokens.iter() {
                seen += 1;
                if seen % PROGRESS_EVERY == 0 {
                    progress(seen as f64 / all);
                }
                if t.kind != TokenKind::Word {
                    continue;
                }
                let text = t.span.slice(&doc.text);
                match words.total.get_mut(t.term.0 as usize) {
                    Some(n) if vocab.term(t.term) == text => *n += 1,
                    _ => *words.cased.entry(text).or_default() += 1,
                }
            }
        }
        progress(1.0);
        words
    }

    /// Every word's text, once each (in no particular order).
    fn texts(&self) -> impl Iterator<Item = &'c str> + '_ {
        let vocab = self.corpus.vocabulary();
        let keyed = self.total.iter().enumerate().filter(|(_, &n)| n > 0).map(move |(i, _)| vocab.term(TermId(i as u32)));
        keyed.chain(self.cased.keys().copied())
    }

    /// `text` as a word of the corpus, if it is one.
    fn written(&self, text: &str) -> Option<&'c str> {
        if let Some((&w, _)) = self.cased.get_key_value(text) {
            return Some(w);
        }
        let vocab = self.corpus.vocabulary();
        let id = vocab.get(text)?;
        self.total.get(id.0 as usize).is_some_and(|&n| n > 0).then(|| vocab.term(id))
    }

    /// Occurrences of the word `text`.
    fn total(&self, text: &str) -> u64 {
        match self.cased.get(text) {
            Some(&n) => n,
            None => self.corpus.vocabulary().get(text).and_then(|id| self.total.get(id.0 as usize)).copied().unwrap_or(0),
        }
    }

    /// The counts per document of each of `forms` (words), in one pass over the tokens.
    fn per_doc<'f>(&self, forms: impl Iterator<Item = &'f str>, n_docs: usize) -> FxHashMap<&'f str, Vec<u64>> {
        let vocab = self.corpus.vocabulary();
        let mut out: FxHashMap<&'f str, Vec<u64>> = forms.map(|w| (w, vec![0; n_docs])).collect();
        if out.is_empty() {
            return out;
        }
        // The terms of the forms (a form with capitals is a token of its lower-cased term).
        let ids: rustc_hash::FxHashSet<u32> =
            out.keys().filter_map(|w| vocab.get(&w.to_lowercase()).or_else(|| vocab.get(w))).map(|id| id.0).collect();
        for (d, doc) in self.corpus.stored_documents().iter().enumerate() {
            for t in doc.tokens.iter().filter(|t| t.kind == TokenKind::Word && ids.contains(&t.term.0)) {
                if let Some(cell) = out.get_mut(t.span.slice(&doc.text)).and_then(|row| row.get_mut(d)) {
                    *cell += 1;
                }
            }
        }
        out
    }
}

/// Groups of *terms* (vocabulary entries) for the term table, KWIC and
/// distribution: the head's text and the other terms counted as it. Cheaper than
/// [`variants`]: abbreviations are taken only where they are terms
/// themselves (上合 for 上海合作组织), so the texts are scanned once, only to
/// see which full names come before their short forms.
pub fn term_groups(corpus: &Corpus, fold_width_too: bool) -> Vec<(String, Vec<String>)> {
    let vocab = corpus.vocabulary();
    let docs = corpus.stored_documents();
    let mut count = vec![0u64; vocab.len()];
    for doc in docs {
        for t in doc.tokens.iter().filter(|t| t.kind == TokenKind::Word) {
            if let Some(c) = count.get_mut(t.term.0 as usize) {
                *c += 1;
            }
        }
    }
    let term = |i: usize| vocab.term(crate::vocab::TermId(i as u32));
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    let mut grouped: std::collections::HashSet<usize> = std::collections::HashSet::new();
    // Abbreviations that are terms of their own, introduced after their full name.
    let seg = crate::segment::Segmenter::new();
    let mut full: Vec<usize> = (0..vocab.len())
        .filter(|&i| {
            let w = term(i);
            count.get(i).is_some_and(|&c| c > 0)
                && w.chars().count() >= 4
                && w.chars().all(is_han)
                && ORG_WORDS.iter().any(|o| w.ends_with(o) && w != *o)
        })
        .collect();
    full.sort_by(|&a, &b| count[b].cmp(&count[a]).then_with(|| term(a).cmp(term(b))));
    full.truncate(MAX_FULL_NAMES);
    // Each full name with its abbreviations that are terms; all found in one pass over the texts.
    let candidates: Vec<(usize, String, Vec<String>)> = full
        .into_iter()
        .map(|i| {
            let name = term(i);
            let parts: Vec<&str> =
                seg.segment(name).iter().filter(|t| t.kind.is_wordlike()).map(|t| t.span.slice(name)).collect();
            let shorts = abbreviations(&parts).into_iter().filter(|a| vocab.get(a).is_some()).collect();
            (i, name.to_owned(), shorts)
        })
        .filter(|(_, _, shorts): &(usize, String, Vec<String>)| !shorts.is_empty())
        .collect();
    let found =
        Occurrences::find(corpus, candidates.iter().flat_map(|(_, name, shorts)| std::iter::once(name).chain(shorts)), &mut |_| {});
    for (i, name, shorts) in candidates {
        let name = name.as_str();
        let shorts: Vec<String> = shorts
            .into_iter()
            .filter(|a| vocab.get(a).is_some_and(|id| !grouped.contains(&(id.0 as usize))) && introduced(found.of(name), found.of(a)))
            .collect();
        if !shorts.is_empty() {
            grouped.insert(i);
            grouped.extend(shorts.iter().filter_map(|a| vocab.get(a)).map(|id| id.0 as usize));
            out.push((name.to_owned(), shorts));
        }
    }
    // Script and width: terms whose folded forms are equal; the most frequent is the head.
    // As in `variants`, a group is the terms that fold to another text, plus that text when it
    // is a term: no map of every term's folded form.
    let fold = |w: &str| folded(w, fold_width_too, true).0;
    let free = |i: usize| !grouped.contains(&i) && count.get(i).is_some_and(|&c| c > 0);
    let mut by_key: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for i in (0..vocab.len()).filter(|&i| free(i)) {
        let key = fold(term(i));
        if key != term(i) {
            by_key.entry(key).or_default().push(i);
        }
    }
    for (key, ids) in by_key.iter_mut() {
        if let Some(id) = vocab.get(key).map(|id| id.0 as usize).filter(|&i| free(i) && fold(term(i)) == term(i)) {
            ids.push(id);
        }
    }
    for (_, mut ids) in by_key.into_iter().filter(|(_, v)| v.len() > 1) {
        ids.sort_by(|&a, &b| count[b].cmp(&count[a]).then_with(|| term(a).cmp(term(b))));
        let head = term(ids[0]).to_owned();
        out.push((head, ids.iter().skip(1).map(|&i| term(i).to_owned()).collect()));
    }
    out
}

/// The form `w` is counted as: lower case, then width-folded and simplified if asked; with
/// the kind of the last change made (the head's kind when none was).
fn folded(w: &str, width: bool, script: bool) -> (String, VariantKind) {
    let mut key = w.to_lowercase();
    let mut kind = VariantKind::Head;
    if width {
        let f = fold_width(&key).to_lowercase();
        if f != key {
            kind = VariantKind::Width;
        }
        key = f;
    }
    if script {
        if let Some(s) = trad::simplify(&key) {
            if s != key {
                kind = VariantKind::Script;
            }
            key = s;
        }
    }
    (key, kind)
}

fn make_group(forms: Vec<VariantForm>) -> VariantGroup {
    let head = forms.first().map(|f| f.text.clone()).unwrap_or_default();
    VariantGroup { head, count: forms.iter().map(|f| f.count).sum(), forms }
}

/// Full names ending in an organisation word, with their abbreviations the
/// corpus introduces.
fn abbreviation_groups(
    corpus: &Corpus,
    words: &Words<'_>,
    per_doc: bool,
    progress: &mut dyn FnMut(f64),
) -> (Vec<VariantGroup>, bool) {
    let docs = corpus.stored_documents();
    let total = docs.iter().map(|d| d.tokens.len()).sum::<usize>().max(1) as f64;
    let mut seen = 0usize;
    // Candidates: one token (上海合作组织 once discovered), or a run of up to four
    // adjacent word tokens ending in an organisation word (上海 合作 组织).
    let mut full: FxHashMap<String, u64> = FxHashMap::default();
    for w in words.texts() {
        if w.chars().count() >= 4 && w.chars().all(is_han) && ORG_WORDS.iter().any(|o| w.ends_with(o) && w != *o) {
            *full.entry(w.to_owned()).or_default() += 1;
        }
    }
    // A token is an organisation word when its term is (they have no capitals): one
    // lookup per token instead of a comparison with each of the words.
    let vocab = corpus.vocabulary();
    let org_terms: Vec<u32> = ORG_WORDS.iter().filter_map(|o| vocab.get(o)).map(|id| id.0).collect();
    for doc in docs {
        let toks = &doc.tokens;
        for (i, t) in toks.iter().enumerate() {
            seen += 1;
            if seen % PROGRESS_EVERY == 0 {
                progress(0.3 * seen as f64 / total);
            }
            if t.kind != TokenKind::Word || !org_terms.contains(&t.term.0) || !ORG_WORDS.contains(&t.span.slice(&doc.text)) {
                continue;
            }
            for back in 1..=3 {
                let Some(first) = i.checked_sub(back) else { break };
                let run: Vec<_> = toks.iter_from(first).take(back + 1).collect();
                if run.iter().any(|x| x.kind != TokenKind::Word || !x.span.slice(&doc.text).chars().all(is_han)) {
                    break;
                }
                let start = run.first().map_or(t.span.start, |x| x.span.start);
                let text = doc.text.get(start as usize..t.span.end as usize).unwrap_or("");
                if text.chars().count() >= 4 {
                    *full.entry(text.to_owned()).or_default() += 1;
                }
            }
        }
    }
    let mut full: Vec<(String, u64)> = full.into_iter().collect();
    full.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let truncated = full.len() > MAX_FULL_NAMES;
    full.truncate(MAX_FULL_NAMES);
    // The stock dictionary's cut: the corpus's own segmenter holds the full names as
    // discovered words, which would leave them in one piece.
    let seg = crate::segment::Segmenter::new();
    // Each full name with its abbreviations; every form found in one pass over the texts
    // (a search of every text per form was names × text).
    let candidates: Vec<(String, Vec<String>)> = full
        .into_iter()
        .map(|(name, _)| {
            let parts: Vec<&str> =
                seg.segment(&name).iter().filter(|t| t.kind.is_wordlike()).map(|t| t.span.slice(&name)).collect();
            let shorts = abbreviations(&parts);
            (name, shorts)
        })
        .collect();
    let found = Occurrences::find(
        corpus,
        candidates.iter().flat_map(|(name, shorts)| std::iter::once(name).chain(shorts)),
        &mut |done| progress(0.3 + 0.7 * done),
    );
    let occ = |form: &str| found.of(form);
    let mut groups: Vec<VariantGroup> = Vec::new();
    let mut taken: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (name, shorts) in candidates {
        if taken.contains(&name) {
            continue;
        }
        let mut shorts: Vec<String> = shorts.into_iter().filter(|a| !taken.contains(a)).collect();
        shorts.retain(|a| introduced(occ(&name), occ(a)));
        if shorts.is_empty() {
            continue;
        }
        let mut forms_text = vec![name.clone()];
        forms_text.extend(shorts);
        let lists: Vec<&[(u32, usize, usize)]> = forms_text.iter().map(|f| occ(f)).collect();
        let counts = count_forms(&lists, docs.len());
        let forms: Vec<VariantForm> = forms_text
            .iter()
            .zip(counts)
            .enumerate()
            .map(|(i, (text, by_doc))| VariantForm {
                text: text.clone(),
                kind: if i == 0 { VariantKind::Head } else { VariantKind::Abbreviation },
                count: by_doc.iter().sum(),
                per_doc: if per_doc { by_doc } else { Vec::new() },
            })
            .filter(|f| f.count > 0)
            .collect();
        if forms.len() < 2 {
            continue;
        }
        taken.extend(forms.iter().map(|f| f.text.clone()));
        // A full name met again as a longer run (合作组织 inside 上海合作组织) is not a new group.
        groups.push(make_group(forms));
    }
    (groups, truncated)
}

/// Abbreviations of a name cut into `parts` (上海 | 合作 | 组织): the first character
/// of every part but the last, then the last part whole (上合组织, from three parts
/// on) or its first character (上合组, 北大), and the first characters of the first
/// two parts (上合).
/// Only non-contiguous ones: 上海 or 合作组织 are parts of the name, not short forms.
fn abbreviations(parts: &[&str]) -> Vec<String> {
    let initial = |p: &&str| p.chars().next();
    let (Some(last), true) = (parts.last(), parts.len() >= 2) else { return Vec::new() };
    let heads: String = parts.iter().take(parts.len() - 1).filter_map(initial).collect();
    let mut out = Vec::new();
    if parts.len() >= 3 && last.chars().count() >= 2 {
        out.push(format!("{heads}{last}"));
    }
    out.push(format!("{heads}{}", initial(last).map(String::from).unwrap_or_default()));
    if parts.len() >= 3 {
        out.push(parts.iter().take(2).filter_map(initial).collect());
    }
    let name: String = parts.concat();
    out.retain(|a| a.chars().count() >= 2 && !name.contains(a.as_str()));
    out.dedup();
    out
}

/// Where each form occurs, per form: `(document, start, end)` in text order, as
/// `str::match_indices` finds them (leftmost, not overlapping an earlier one of
/// the same form), found in one pass over each text for all forms (Aho–Corasick).
struct Occurrences {
    index: FxHashMap<String, usize>,
    found: Vec<Vec<(u32, usize, usize)>>,
}

impl Occurrences {
    /// Calls `progress(done)` (0 to 1) by the share of the texts' bytes searched.
    fn find<'a>(corpus: &Corpus, forms: impl Iterator<Item = &'a String>, progress: &mut dyn FnMut(f64)) -> Occurrences {
        let mut index: FxHashMap<String, usize> = FxHashMap::default();
        let mut forms_list: Vec<&str> = Vec::new();
        for form in forms {
            if !index.contains_key(form) {
                index.insert(form.clone(), forms_list.len());
                forms_list.push(form);
            }
        }
        let forms = forms_list;
        let mut out: Vec<Vec<(u32, usize, usize)>> = vec![Vec::new(); forms.len()];
        let ac = aho_corasick::AhoCorasick::new(&forms).ok();
        let docs = corpus.stored_documents();
        let total = docs.iter().map(|d| d.text.len()).sum::<usize>().max(1) as f64;
        let mut before = 0usize;
        for (d, doc) in docs.iter().enumerate() {
            let d = d as u32;
            let mut keep = |f: usize, start: usize, end: usize| {
                if let Some(list) = out.get_mut(f) {
                    // An occurrence overlapping the form's previous one is not counted (as match_indices).
                    if !list.last().is_some_and(|&(ld, _, le)| ld == d && start < le) {
                        list.push((d, start, end));
                    }
                }
            };
            match &ac {
                // Overlapping matches come by end position: in text order for each form.
                Some(ac) => {
                    for (n, m) in ac.find_overlapping_iter(doc.text.as_str()).enumerate() {
                        keep(m.pattern().as_usize(), m.start(), m.end());
                        if n % PROGRESS_EVERY == 0 {
                            progress((before + m.end()) as f64 / total);
                        }
                    }
                }
                // Only past the automaton's size limits: one search per form.
                None => {
                    for (f, form) in forms.iter().enumerate() {
                        for (i, m) in doc.text.match_indices(form) {
                            keep(f, i, i + m.len());
                        }
                    }
                }
            }
            before += doc.text.len();
            progress(before as f64 / total);
        }
        Occurrences { index, found: out }
    }

    /// The occurrences of `form` (none if it was not searched for).
    fn of(&self, form: &str) -> &[(u32, usize, usize)] {
        self.index.get(form).and_then(|&i| self.found.get(i)).map_or(&[], Vec::as_slice)
    }
}

/// Whether some document has the full name (occurrences `full`) before the first
/// use of the short form (`short`). A short form is never part of its full name
/// ([`abbreviations`] keeps only those), so no use of it lies inside one.
fn introduced(full: &[(u32, usize, usize)], short: &[(u32, usize, usize)]) -> bool {
    let mut first_full: FxHashMap<u32, usize> = FxHashMap::default();
    for &(d, s, _) in full {
        first_full.entry(d).or_insert(s);
    }
    let mut seen = None;
    short.iter().any(|&(d, s, _)| {
        // The first use in each document only.
        if seen == Some(d) {
            return false;
        }
        seen = Some(d);
        first_full.get(&d).is_some_and(|&f| f < s)
    })
}

/// Occurrences of each form per document (`occurrences[f]` of form f, as
/// [`Occurrences`] gives them), longest first where they overlap.
fn count_forms(occurrences: &[&[(u32, usize, usize)]], n_docs: usize) -> Vec<Vec<u64>> {
    let mut counts = vec![vec![0u64; n_docs]; occurrences.len()];
    let mut hits: Vec<(u32, usize, std::cmp::Reverse<usize>, usize)> = occurrences
        .iter()
        .enumerate()
        .flat_map(|(f, list)| list.iter().map(move |&(d, s, e)| (d, s, std::cmp::Reverse(e), f)))
        .collect();
    // Per document, leftmost first, longer first at the same start; overlaps dropped.
    hits.sort_unstable();
    let mut at = (u32::MAX, 0usize);
    for (d, s, std::cmp::Reverse(e), f) in hits {
        if d != at.0 || s >= at.1 {
            if let Some(c) = counts.get_mut(f).and_then(|c| c.get_mut(d as usize)) {
                *c += 1;
            }
            at = (d, e);
        }
    }
    counts
}

#[cfg(test)]
mod tests;
