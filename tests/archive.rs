//! Reuse over an archive (#12): the staged core functions that the Python
//! package, the Spark job and `textlens reuse --jsonl` run.
//!
//! Documents are runs of sentences from the books in `../shared/corpus/text/`
//! (English and Chinese); passages from a reserved part of each book are
//! planted in several documents, some copies edited.

use proptest::prelude::*;
use std::collections::BTreeSet;
use textlens::reuse::archive::{self, ArchiveOptions, ArchivePassage, Record};
use textlens::reuse::index::Posting;
use textlens::{reuse, Corpus, ReuseOptions};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/text");

fn sentences(path: &str, zh: bool) -> Vec<String> {
    let raw = std::fs::read_to_string(format!("{CORPUS}/{path}")).unwrap_or_else(|e| panic!("{path}: {e}"));
    let body: String = raw.chars().skip(raw.chars().count() / 20).collect();
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in body.chars() {
        if c == '\n' || c == '\r' {
            if !zh && !cur.ends_with(' ') {
                cur.push(' ');
            }
            continue;
        }
        cur.push(c);
        if matches!(c, '.' | '!' | '?' | '。' | '！' | '？') {
            let s = cur.split_whitespace().collect::<Vec<_>>().join(" ");
            if s.chars().count() > if zh { 8 } else { 30 } {
                out.push(s);
            }
            cur.clear();
        }
        if out.len() > 3000 {
            break;
        }
    }
    out
}

/// A small archive: `n` documents, each a run of its own sentences; every
/// third document also prints a passage shared with one or two others, in
/// odd ones with a word changed. Ids are not in input order.
fn archive(n: usize) -> Vec<Record> {
    let en = sentences("en/gutenberg_1342_pride_and_prejudice.txt", false);
    let zh = sentences("zh/sanguoyanyi_simp.txt", true);
    let mut docs: Vec<String> = Vec::new();
    for i in 0..n {
        let zh_doc = (i / 3) % 2 == 1;
        let book = if zh_doc { &zh } else { &en };
        let own = 8 * i + 40;
        let mut parts: Vec<String> = book[own..own + 8].to_vec();
        if i % 3 != 2 {
            // Passage k of the reserved part: sentences 2000 + 6k .. +6.
            let k = i / 3;
            let mut shared = book[2000 + 6 * k..2006 + 6 * k].join(" ");
            if i % 3 == 1 {
                shared = shared.replacen(if zh_doc { "曰" } else { " the " }, if zh_doc { "道" } else { " a " }, 1);
            }
            parts.insert(3, shared);
        }
        docs.push(parts.join(if zh_doc { "" } else { " " }));
    }
    docs.into_iter()
        .enumerate()
        .map(|(i, text)| Record { id: format!("art-{:03}", (i * 7) % n), text, line: None })
        .collect()
}

fn options() -> ArchiveOptions {
    ArchiveOptions { min_units: 20, ..ArchiveOptions::default() }
}

/// Passages found when the archive is analysed in the given batches (stage
/// 1 per batch), then seeds per posting-list shard, then alignment per pair.
fn passages_in_batches(records: &[Record], batches: &[Vec<usize>], shards: u64) -> BTreeSet<(u32, u32, usize, usize, usize, usize)> {
    let mut order: Vec<usize> = (0..records.len()).collect();
    order.sort_by(|&x, &y| records[x].id.cmp(&records[y].id));
    let number = |i: usize| order.iter().position(|&o| o == i).unwrap_or(0) as u32;
    let o = options();
    let mut units = vec![None; records.len()];
    let mut postings: Vec<Posting> = Vec::new();
    for batch in batches {
        let ids: Vec<&str> = batch.iter().map(|&i| records[i].id.as_str()).collect();
        let texts: Vec<&str> = batch.iter().map(|&i| records[i].text.as_str()).collect();
        for (&i, a) in batch.iter().zip(archive::analyse(&ids, &texts, &o)) {
            let a = a.unwrap_or_else(|e| panic!("{e}"));
            postings.extend(a.fingerprints.iter().map(|&(h, p)| (h, number(i), p)));
            units[number(i) as usize] = Some(a.units);
        }
    }
    // Posting lists cut among `shards` workers by hash.
    let mut seeds = Vec::new();
    for s in 0..shards {
        let mut shard: Vec<Posting> = postings.iter().copied().filter(|p| p.0 % shards == s).collect();
        seeds.extend(archive::seeds(&mut shard, &o).0);
    }
    seeds.sort_unstable();
    let mut out = BTreeSet::new();
    for pair in seeds.chunk_by(|x, y| (x.a, x.b) == (y.a, y.b)) {
        let (a, b) = (pair[0].a, pair[0].b);
        let (ua, ub) = (units[a as usize].as_ref().unwrap_or_else(|| panic!("units")), units[b as usize].as_ref().unwrap_or_else(|| panic!("units")));
        let (found, _, cut) = archive::align((a, b), ("", ""), (ua, ub), pair, &o);
        assert!(!cut);
        out.extend(found.iter().map(|p: &ArchivePassage| (p.a, p.b, p.ra.start, p.ra.end, p.rb.start, p.rb.end)));
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Reuse over any split of the input into batches (and of the posting
    /// lists into shards) gives the same passages.
    #[test]
    fn any_split_into_batches_gives_the_same_passages(
        assignment in proptest::collection::vec(0usize..5, 24),
        shards in 1u64..8,
    ) {
        let records = archive(24);
        let whole = passages_in_batches(&records, &[(0..24).collect()], 1);
        prop_assert!(whole.len() >= 8, "only {} passages", whole.len());
        let batches: Vec<Vec<usize>> =
            (0..5).map(|b| (0..24).filter(|&i| assignment[i] == b).collect()).filter(|b: &Vec<usize>| !b.is_empty()).collect();
        prop_assert_eq!(passages_in_batches(&records, &batches, shards), whole);
    }
}

/// The archive run finds the passages the page's `reuse` finds: same pairs,
/// same text on both sides (the archive's offsets are code points of the text
/// as given, the page's bytes of the cleaned text).
#[test]
fn the_archive_run_and_the_page_agree() {
    let records = archive(24);
    let tables = archive::run(records.iter().cloned().map(Ok).collect(), &options(), false).unwrap_or_else(|e| panic!("{e}"));
    assert!(tables.truncation.is_empty(), "{:?}", tables.truncation);
    let mut corpus = Corpus::new();
    let mut sorted = records.clone();
    sorted.sort_by(|x, y| x.id.cmp(&y.id));
    for r in &sorted {
        corpus.add_document(&r.id, r.text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    }
    let report = reuse(&corpus, &ReuseOptions { min_units: 20, ..ReuseOptions::default() }).unwrap_or_else(|e| panic!("{e}"));
    let text_of = |id: &str| sorted.iter().find(|r| r.id == id).map_or("", |r| r.text.as_str());
    let chars = |t: &str, s: u32, e: u32| t.chars().skip(s as usize).take((e - s) as usize).collect::<String>();
    let archive_passages: BTreeSet<(String, String, String, String)> = tables
        .passages
        .iter()
        .map(|p| {
            (p.a.clone(), p.b.clone(), chars(text_of(&p.a), p.a_start, p.a_end), chars(text_of(&p.b), p.b_start, p.b_end))
        })
        .collect();
    let name = |id: u32| report.documents.iter().find(|d| d.id == id).map_or(String::new(), |d| d.name.clone());
    let doc_text = |id: u32| corpus.document(textlens::DocId(id)).map_or(String::new(), |d| d.text.clone());
    let page_passages: BTreeSet<(String, String, String, String)> = report
        .passages
        .iter()
        .map(|p| {
            let (ta, tb) = (doc_text(p.a), doc_text(p.b));
            (name(p.a), name(p.b), ta[p.a_loc.start as usize..p.a_loc.end as usize].to_owned(), tb[p.b_loc.start as usize..p.b_loc.end as usize].to_owned())
        })
        .collect();
    assert!(archive_passages.len() >= 8, "{}", archive_passages.len());
    assert_eq!(archive_passages, page_passages);
    // Clusters: the same copies, as (id, text).
    let archive_members: BTreeSet<(String, String)> = tables.members.iter().map(|m| (m.id.clone(), m.text.clone())).collect();
    let page_members: BTreeSet<(String, String)> =
        report.clusters.iter().flat_map(|c| &c.members).map(|m| (name(m.doc), m.text.clone())).collect();
    assert_eq!(archive_members, page_members);
    assert_eq!(tables.clusters.len(), report.clusters.len());
    // Every member's text is its document's text at its offsets, in code points.
    for m in &tables.members {
        assert_eq!(chars(text_of(&m.id), m.start, m.end), m.text);
    }
    // Each planted passage (in documents 3k and 3k+1) is one cluster of two.
    assert!(tables.clusters.iter().all(|c| c.documents == 2), "{:?}", tables.clusters);
    assert_eq!(tables.clusters.len(), 8);
    let edited = tables.members.iter().filter(|m| !m.variants.is_empty()).count();
    assert!(edited >= 4, "{edited} members with variants");
}

#[test]
fn bad_records_are_named_or_skipped_and_counted() {
    let mut records: Vec<Result<Record, textlens::Error>> = archive(6).into_iter().map(Ok).collect();
    records.push(archive::parse_line(r#"{"id": "x", "title": "no text"}"#, 7));
    records.push(Ok(Record { id: "art-001".into(), text: "again".into(), line: Some(8) }));
    let o = options();
    let e = archive::run(records.clone(), &o, false).err();
    assert_eq!(e.map(|e| (e.name(), e.message().to_owned())), Some(("BadRecord", "line 7 (id \"x\"): no `text`".to_owned())));
    let tables = archive::run(records, &o, true).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(tables.documents.len(), 6);
    let errors: Vec<(&str, Option<&str>)> = tables.errors.iter().map(|e| (e.kind, e.id.as_deref())).collect();
    assert_eq!(errors, vec![("BadRecord", None), ("BadRecord", Some("art-001"))]);
    // Over the size limit: named by id.
    let small = ArchiveOptions { max_text_bytes: 1000, ..options() };
    let big = vec![Ok(Record { id: "big".into(), text: "word ".repeat(300), line: None })];
    let e = archive::run(big, &small, false).err().map(|e| (e.name(), e.message().to_owned()));
    assert_eq!(e, Some(("TooLarge", "id \"big\" is 2 KB, over the limit of 1 KB per file".to_owned())));
}

/// `textlens reuse --jsonl FILE --out DIR` (the CLI): the same tables as the run in
/// memory, one JSON object a line; a bad line fails the run naming it.
#[test]
fn jsonl_in_tables_out() {
    let dir = std::env::temp_dir().join(format!("textlens-archive-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let records = archive(12);
    let input = dir.join("a.jsonl");
    let lines: Vec<String> =
        records.iter().map(|r| serde_json::json!({"id": r.id, "text": r.text, "series": "x"}).to_string()).collect();
    // CRLF line ends and a blank line: the texts are read again by byte offset, which must land on each line.
    std::fs::write(&input, format!("\r\n{}", lines.join("\r\n"))).unwrap_or_else(|e| panic!("{e}"));
    let args: Vec<String> =
        ["--jsonl", &input.to_string_lossy(), "--out", &dir.join("out").to_string_lossy(), "--min-units", "20"].map(String::from).to_vec();
    let cli = |args: &[String]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_textlens")).arg("reuse").args(args).output().unwrap_or_else(|e| panic!("{e}"))
    };
    let run = cli(&args);
    let summary = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success() && summary.starts_with("12 documents"), "{summary}");
    let tables = archive::run(records.into_iter().map(Ok).collect(), &options(), false).unwrap_or_else(|e| panic!("{e}"));
    fn rows<T: serde::Serialize>(rows: &[T]) -> Vec<String> {
        rows.iter().map(|m| serde_json::to_string(m).unwrap_or_default()).collect()
    }
    let written = |name: &str| std::fs::read_to_string(dir.join(format!("out/{name}.jsonl"))).unwrap_or_else(|e| panic!("{e}"));
    for (name, expected) in [
        ("members", rows(&tables.members)),
        ("passages", rows(&tables.passages)),
        ("coverage", rows(&tables.coverage)),
        ("doc_pairs", rows(&tables.doc_pairs)),
    ] {
        assert!(!expected.is_empty(), "{name}");
        assert_eq!(written(name).lines().collect::<Vec<_>>(), expected, "{name}");
    }
    std::fs::write(&input, format!("{}\n{{\"id\": \"q\"}}\n", lines[0])).unwrap_or_else(|e| panic!("{e}"));
    let run = cli(&args);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("line 2 (id \"q\"): no `text`"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}
