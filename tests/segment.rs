//! Integration tests of segmentation on real text: the seed pair (two
//! newspaper pages of 2 September 2025, ../shared/corpus/seeds/), number and
//! date rules, URLs, and the invariants of spans.

use proptest::prelude::*;
use textlens::segment::{Segmenter, TokenKind};
use textlens::Corpus;

const SEED_A: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/seeds/000_61b16b637bcca7d8.txt");
const SEED_B: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/seeds/001_242e04c1848bbad0.txt");

fn seeds() -> Corpus {
    let mut c = Corpus::new();
    for path in [SEED_A, SEED_B] {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        c.add_document(path, &bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
    }
    c
}

/// How many tokens of the corpus have exactly this text.
fn token_count(c: &Corpus, term: &str) -> usize {
    c.documents().iter().flat_map(|d| d.tokens.iter().map(move |t| d.token_text(t))).filter(|t| *t == term).count()
}

/// How many times the text occurs in the raw documents.
fn text_count(c: &Corpus, term: &str) -> usize {
    c.documents().iter().map(|d| d.text.matches(term).count()).sum()
}

#[test]
fn seed_names_are_single_terms_without_a_user_dictionary() {
    let c = seeds();
    let found: Vec<String> = c.discovered_terms().iter().map(|(d, _)| format!("{}×{}", d.text, d.count)).collect();
    eprintln!("discovered: {found:?}");
    for name in ["上海合作组织", "呼日勒苏赫"] {
        let truth = text_count(&c, name);
        assert!(truth >= 4, "{name} occurs {truth} times");
        assert_eq!(token_count(&c, name), truth, "{name}: tokens vs occurrences; discovered {found:?}");
    }
    assert!(c.user_dictionary().is_empty());
}
