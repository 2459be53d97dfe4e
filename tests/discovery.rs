//! Term discovery at scale (#11): linear counting is the same algorithm at
//! every size — a corpus and the same corpus with each document pasted three
//! times give the same terms, the seeds' names stay whole — and the budget
//! says `truncated` when it is hit, never a silently different answer.
//! Data: the seed pair and two of the novels of ../shared/corpus.

use textlens::segment::discover::{self, batch, DiscoverOptions, Part};
use textlens::segment::{is_han, TokenKind};
use textlens::Corpus;

const ZH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/text/zh/");
const SEEDS: [&str; 2] = [
    concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/seeds/000_61b16b637bcca7d8.txt"),
    concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/seeds/001_242e04c1848bbad0.txt"),
];

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The first `n` bytes of a novel, cut at a line end.
fn novel_head(name: &str, n: usize) -> String {
    let text = read(&format!("{ZH}{name}"));
    let end = text.get(n..).and_then(|rest| rest.find('\n')).map_or(text.len(), |i| n + i + 1);
    text[..end].to_owned()
}

/// The seed pair and 400 KB of two novels, each text pasted `times` times (joined by a line break).
fn corpus(times: usize) -> Corpus {
    let texts = [
        read(SEEDS[0]),
        read(SEEDS[1]),
        novel_head("hongloumeng_simp.txt", 400_000),
        novel_head("xiyouji_simp.txt", 400_000),
    ];
    let mut c = Corpus::new();
    for (i, text) in texts.iter().enumerate() {
        let pasted = vec![text.as_str(); times].join("\n");
        c.add_document_with_progress(None, &format!("{i}.txt"), pasted.as_bytes(), &mut |_, _| {})
            .unwrap_or_else(|e| panic!("{i}: {e}"));
    }
    c.refresh_discovery();
    c
}

fn terms(c: &Corpus) -> Vec<String> {
    c.discovered_entries().iter().map(|(d, _)| d.text.clone()).collect()
}

fn token_count(c: &Corpus, term: &str) -> usize {
    c.stored_documents().iter().flat_map(|d| d.tokens.iter().map(move |t| d.token_text(t))).filter(|t| *t == term).count()
}

#[test]
fn a_corpus_and_the_same_corpus_three_times_give_the_same_terms() {
    let once = corpus(1);
    let thrice = corpus(3);
    let found = terms(&once);
    assert!(found.len() >= 10, "too few terms to compare: {found:?}");
    assert!(!once.discovery_truncated() && !thrice.discovery_truncated());
    assert_eq!(found, terms(&thrice));
    // The evidence is the same too: a line repeated in a document counts once.
    let evidence = |c: &Corpus| c.discovered_entries().iter().map(|(d, _)| (d.count, d.docs)).collect::<Vec<_>>();
    assert_eq!(evidence(&once), evidence(&thrice));
    // The seeds' names stay whole in both (7 + 11 and 2 + 2 in the pair): 上海合作组织 by
    // discovery; 呼日勒苏赫 is already one word for the segmenter's names (#14), so
    // discovery has nothing to add there, but the count must hold all the same.
    assert!(found.iter().any(|t| t == "上海合作组织"), "上海合作组织 not among {found:?}");
    for (name, n) in [("上海合作组织", 18), ("呼日勒苏赫", 4)] {
        assert_eq!(token_count(&once, name), n, "{name} once");
        assert_eq!(token_count(&thrice, name), 3 * n, "{name} three times");
    }
}

/// The corpus's documents as discovery's units, with ids' texts and parts.
fn units(c: &Corpus) -> Vec<Vec<Option<u32>>> {
    c.stored_documents()
        .iter()
        .map(|d| {
            d.tokens
                .iter()
                .map(|t| {
                    let han = t.kind == TokenKind::Word && d.token_text(t).chars().next().is_some_and(is_han);
                    han.then_some(t.term.0)
                })
                .collect()
        })
        .collect()
}

#[test]
fn the_budget_says_truncated_and_below_it_the_answer_is_exact() {
    let mut c = Corpus::new();
    c.set_auto_discover(false);
    for (i, name) in ["hongloumeng_simp.txt", "shuihuzhuan_simp.txt"].iter().enumerate() {
        let text = novel_head(name, 300_000);
        c.add_document_with_progress(None, &format!("{i}.txt"), text.as_bytes(), &mut |_, _| {})
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let docs = units(&c);
    let vocab = c.vocabulary();
    let seg = c.segmenter();
    let text = |id: u32| vocab.term(textlens::vocab::TermId(id)).to_owned();
    let part = |id: u32| {
        let t = vocab.term(textlens::vocab::TermId(id));
        if discover::is_function_word(t) {
            Part::Function
        } else if seg.in_dictionary(t) {
            Part::Known
        } else {
            Part::Unknown
        }
    };
    let names = |d: &discover::Discovery| d.terms.iter().map(|t| t.text.clone()).collect::<Vec<_>>();
    let unbounded = discover::discover(&docs, &text, &part, &DiscoverOptions { max_ngrams: usize::MAX, ..Default::default() });
    let default = discover::discover(&docs, &text, &part, &DiscoverOptions::default());
    assert!(!unbounded.truncated && !default.truncated);
    assert!(!unbounded.terms.is_empty());
    assert_eq!(names(&unbounded), names(&default));
    // A budget far below what the text needs: the result says so.
    let small = discover::discover(&docs, &text, &part, &DiscoverOptions { max_ngrams: 50, ..Default::default() });
    assert!(small.truncated);
}

/// Discovery run as the Spark job runs it: each batch (a corpus of its own)
/// counts, the rows are summed across batches, the plan selects; the unigram
/// rows of the first step give the neighbours' counts at the last.
fn batched(batches: &[Corpus]) -> batch::Plan {
    let seg = textlens::segment::Segmenter::new();
    let part = |w: &str| discover::part_of(&seg, w);
    let mut plan = batch::Plan::new(DiscoverOptions::default());
    let mut unigrams: Vec<batch::Row> = Vec::new();
    let mut steps = 0;
    while plan.step != batch::Step::Done {
        let mut rows = batch::merge(batches.iter().flat_map(|c| c.discovery_counts(&plan)));
        if plan.step == batch::Step::Unigrams {
            unigrams = rows.clone();
        }
        rows.retain(|(k, c, _)| plan.keeps(k, *c));
        if plan.step == batch::Step::Neighbours {
            let named: std::collections::BTreeSet<String> =
                rows.iter().filter_map(|(k, _, _)| batch::neighbour_of(k)).map(|w| format!("U{w}")).collect();
            rows.extend(unigrams.iter().filter(|(k, _, _)| named.contains(k)).cloned());
        }
        plan.advance(&rows, &part);
        steps += 1;
        assert!(steps <= 6, "the plan does not end");
    }
    plan
}

/// The texts as `n` batches, document `i` in batch `i % n` (or in order, cut in `n` runs).
fn split(texts: &[String], n: usize, interleaved: bool) -> Vec<Corpus> {
    let mut batches: Vec<Corpus> = (0..n).map(|_| Corpus::new()).collect();
    for (i, text) in texts.iter().enumerate() {
        let b = if interleaved { i % n } else { i * n / texts.len() };
        batches[b]
            .add_document_with_progress(None, &format!("{i}.txt"), text.as_bytes(), &mut |_, _| {})
            .unwrap_or_else(|e| panic!("{i}: {e}"));
    }
    batches
}

#[test]
fn discovery_in_batches_finds_the_terms_of_one_process_for_any_split() {
    // The seed pair and 30 chapters-sized pieces of three novels: many documents, terms across them.
    let mut texts = vec![read(SEEDS[0]), read(SEEDS[1])];
    for name in ["hongloumeng_simp.txt", "xiyouji_simp.txt", "sanguoyanyi_simp.txt"] {
        let head = novel_head(name, 200_000);
        let lines: Vec<&str> = head.lines().collect();
        for piece in lines.chunks(lines.len().div_ceil(10)) {
            texts.push(piece.join("\n"));
        }
    }
    let whole = split(&texts, 1, false).remove(0);
    let mut one = whole;
    one.refresh_discovery();
    let expected: Vec<discover::Discovered> = {
        let mut v: Vec<_> = one.discovered_entries().into_iter().map(|(d, _)| d.clone()).collect();
        v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.text.cmp(&b.text)));
        v
    };
    assert!(expected.len() >= 10, "too few terms to compare: {expected:?}");
    assert!(!one.discovery_truncated());
    let term_counts = |corpora: &[Corpus]| {
        let mut sums: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
        let o = textlens::TermOptions { per_doc: false, positions: false, ..Default::default() };
        for c in corpora {
            for row in textlens::terms(c, &o).unwrap_or_else(|e| panic!("{e}")).terms {
                let s = sums.entry(row.term.clone()).or_default();
                s.0 += row.count as usize;
                s.1 += row.df as usize;
            }
        }
        sums
    };
    let in_one = term_counts(std::slice::from_ref(&one));
    for (n, interleaved) in [(1, false), (2, false), (3, true), (7, true)] {
        let mut batches = split(&texts, n, interleaved);
        let plan = batched(&batches);
        // The same terms with the same evidence, to the bit.
        assert_eq!(plan.terms(), &expected[..], "{n} batches");
        for c in &mut batches {
            c.use_discovery(&plan);
        }
        assert_eq!(term_counts(&batches), in_one, "{n} batches");
    }
}

/// The page's `addDocument` (`Corpus::add_document_and_discover`): the summary it returns is the
/// document's after the discovery the addition ran, which re-segments it (上海合作组织 becomes one
/// word, so the word count drops); deferred, the summary is the one before, and discovery is due.
#[test]
fn an_added_document_is_summarised_after_its_discovery() {
    let add = |defer: bool| {
        let mut c = Corpus::new();
        let mut last = None;
        for (i, path) in SEEDS.iter().enumerate() {
            let summary = c
                .add_document_and_discover(None, &format!("{i}.txt"), read(path).into_bytes(), &mut |_, _| {}, defer)
                .unwrap_or_else(|e| panic!("{e}"));
            last = Some(summary);
        }
        (c, last.unwrap_or_else(|| panic!("no summary")))
    };
    let (c, after) = add(false);
    assert!(!c.discovery_pending());
    assert_eq!(Some(&after), c.documents().last(), "the summary the corpus lists now");
    let (mut deferred, before) = add(true);
    assert!(deferred.discovery_pending());
    assert!(before.words > after.words, "discovery joined words: {} → {}", before.words, after.words);
    deferred.refresh_discovery();
    assert_eq!(deferred.documents().last(), Some(&after));
}
