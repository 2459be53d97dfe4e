//! The options of the term table and the filters every terms analysis shares.

use serde::Deserialize;

/// Which tokens count as terms and which terms are shown; shared by every
/// analysis of this module (flattened into their options on the wire).
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FilterOptions {
    /// Count numbers as terms too.
    pub include_numbers: bool,
    /// Count punctuation, symbols and emoji as terms too.
    pub include_punct: bool,
    /// Minimum length of a shown term, in characters (at least 1).
    pub min_length: usize,
    /// Terms to hide (matched after case and, if asked, width folding).
    pub stopwords: Vec<String>,
    /// Built-in stopword lists to hide as well (ISO 639-1 codes, see [`stopwords::languages`]).
    pub stopword_languages: Vec<String>,
    /// Fold full-width letters, digits and signs to their ASCII forms when comparing.
    pub fold_width: bool,
    /// Count a term's variants as the term: traditional/simplified, width, and an
    /// abbreviation the corpus introduces (see [`super::variants::term_groups`]).
    pub group_variants: bool,
}

impl Default for FilterOptions {
    fn default() -> Self {
        FilterOptions {
            include_numbers: false,
            include_punct: false,
            min_length: 1,
            stopwords: Vec::new(),
            stopword_languages: Vec::new(),
            fold_width: false,
            group_variants: false,
        }
    }
}

/// How the term table is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TermSort {
    /// Count descending.
    #[default]
    Count,
    /// TF-IDF descending.
    Tfidf,
    /// Document frequency descending, then count descending.
    Df,
    /// First occurrence first.
    Position,
    /// Term text ascending (code point order).
    Term,
}

/// Options of [`terms`].
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TermOptions {
    /// Count numbers as terms too.
    pub include_numbers: bool,
    /// Count punctuation and symbols as terms too.
    pub include_punct: bool,
    /// Minimum length of a term in characters.
    pub min_length: usize,
    /// At most this many rows (0 = all).
    pub limit: usize,
    /// Terms to hide.
    pub stopwords: Vec<String>,
    /// Built-in stopword lists to hide as well.
    pub stopword_languages: Vec<String>,
    /// Fold full-width forms when comparing.
    pub fold_width: bool,
    /// Count a term's variants as the term.
    pub group_variants: bool,
    /// Show only terms whose key contains this text (case-folded); empty = all.
    pub search: String,
    /// Restrict the table to one document (its id); `None` = the whole corpus.
    pub doc: Option<u32>,
    pub sort: TermSort,
    /// Fill `perDoc` in each row.
    pub per_doc: bool,
    /// Fill `first` and `last` in each row (the page's table leaves them out).
    pub positions: bool,
}

impl Default for TermOptions {
    fn default() -> Self {
        TermOptions {
            include_numbers: false,
            include_punct: false,
            min_length: 1,
            limit: 0,
            stopwords: Vec::new(),
            stopword_languages: Vec::new(),
            fold_width: false,
            group_variants: false,
            search: String::new(),
            doc: None,
            sort: TermSort::Count,
            per_doc: true,
            positions: true,
        }
    }
}

impl TermOptions {
    /// The filter part of these options.
    pub fn filter(&self) -> FilterOptions {
        FilterOptions {
            include_numbers: self.include_numbers,
            include_punct: self.include_punct,
            min_length: self.min_length,
            stopwords: self.stopwords.clone(),
            stopword_languages: self.stopword_languages.clone(),
            fold_width: self.fold_width,
            group_variants: self.group_variants,
        }
    }
}
