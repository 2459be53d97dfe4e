//! Scale: progress while adding, discovery deferred to one run per batch,
//! bytes not kept, and big or bad input (one 50 MB line, a file past the
//! limit) read or refused with a clear message — in the core and the CLI.
//! Data: ../shared/corpus/text/zh (the four novels) and the seeds.

use textlens::corpus::Stage;
use textlens::{Corpus, DocId, ErrorKind, TermOptions};

const ZH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/text/zh/");
const SEED_000: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/seeds/000_61b16b637bcca7d8.txt");
const SEED_001: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/seeds/001_242e04c1848bbad0.txt");

fn read(path: &str) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The first `n` bytes of a novel, cut at a line end.
fn novel_head(name: &str, n: usize) -> Vec<u8> {
    let bytes = read(&format!("{ZH}{name}"));
    let end = bytes.iter().skip(n).position(|&b| b == b'\n').map_or(bytes.len(), |i| n + i + 1);
    bytes[..end].to_vec()
}

fn tokens(c: &Corpus, id: u32) -> Vec<(u32, u32, String)> {
    let d = c.document(DocId(id)).unwrap_or_else(|e| panic!("{e}"));
    d.tokens.iter().map(|t| (t.span.start, t.span.end, d.token_text(t).to_owned())).collect()
}

#[test]
fn progress_rises_through_the_stages_and_chunks_segment_like_one_piece() {
    // 1.2 MB of 红楼梦: segmentation reports in 256 KB stretches.
    let bytes = novel_head("hongloumeng_simp.txt", 1_200_000);
    let mut c = Corpus::new();
    let mut seen: Vec<(Stage, f64)> = Vec::new();
    c.add_document_with_progress(None, "hlm.txt", &bytes, &mut |s, p| seen.push((s, p)))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(seen.windows(2).all(|w| w[0].1 <= w[1].1), "progress went back: {seen:?}");
    assert_eq!(seen.first().map(|s| s.0), Some(Stage::Decoding));
    assert_eq!(seen.last(), Some(&(Stage::Indexing, 1.0)));
    let segmenting = seen.iter().filter(|s| s.0 == Stage::Segmenting).count();
    assert!(segmenting >= 5, "{segmenting} segmenting reports for 1.2 MB");
    let order: Vec<Stage> = seen.iter().map(|s| s.0).fold(Vec::new(), |mut v, s| {
        if v.last() != Some(&s) {
            v.push(s);
        }
        v
    });
    assert_eq!(order, [Stage::Decoding, Stage::Cleaning, Stage::Segmenting, Stage::Indexing]);
    // The stored tokens are those of segmenting the cleaned text in one piece (no discovery ran).
    assert!(c.discovery_pending());
    let doc = c.document(DocId(0)).unwrap_or_else(|e| panic!("{e}"));
    let whole: Vec<(u32, u32)> = c.segmenter().segment(&doc.text).iter().map(|t| (t.span.start, t.span.end)).collect();
    let chunked: Vec<(u32, u32)> = doc.tokens.iter().map(|t| (t.span.start, t.span.end)).collect();
    assert_eq!(chunked.len(), whole.len());
    assert!(chunked == whole, "chunked segmentation differs from one piece");
}

#[test]
fn deferred_discovery_runs_once_and_does_not_depend_on_the_order_of_adds() {
    let a = novel_head("sanguoyanyi_simp.txt", 300_000);
    let b = novel_head("shuihuzhuan_simp.txt", 300_000);
    let build = |first: (&str, &[u8], u32), second: (&str, &[u8], u32)| {
        let mut c = Corpus::new();
        for (name, bytes, id) in [first, second] {
            c.add_document_with_progress(Some(DocId(id)), name, bytes, &mut |_, _| {})
                .unwrap_or_else(|e| panic!("{e}"));
        }
        assert!(c.discovery_pending());
        assert!(c.refresh_discovery());
        assert!(!c.discovery_pending() && !c.refresh_discovery(), "a second refresh has nothing to do");
        c
    };
    let ab = build(("a", &a, 0), ("b", &b, 1));
    let ba = build(("b", &b, 1), ("a", &a, 0));
    let terms = |c: &Corpus| c.discovered_entries().iter().map(|(d, _)| d.text.clone()).collect::<Vec<_>>();
    assert!(!terms(&ab).is_empty(), "discovery found nothing in 600 KB of two novels");
    assert_eq!(terms(&ab), terms(&ba));
    for id in [0, 1] {
        assert!(tokens(&ab, id) == tokens(&ba, id), "document {id} segments differently");
    }
    // Discovered terms are applied: some document holds a token that is a discovered term.
    let found = terms(&ab);
    assert!(tokens(&ab, 0).iter().chain(tokens(&ab, 1).iter()).any(|t| found.contains(&t.2)));
    let counts = |c: &Corpus| {
        textlens::terms(c, &TermOptions::default()).unwrap_or_else(|e| panic!("{e}")).terms.into_iter().map(|r| (r.term, r.count)).collect::<Vec<_>>()
    };
    assert_eq!(counts(&ab), counts(&ba));
}

#[test]
fn a_corpus_that_keeps_no_bytes_rereads_from_bytes_given_again() {
    let text = String::from_utf8(read(SEED_000)).unwrap_or_else(|e| panic!("{e}"));
    let (gb, _, _) = encoding_rs::GB18030.encode(&text);
    let mut kept = Corpus::new();
    let mut lean = Corpus::new();
    lean.set_keep_bytes(false);
    for c in [&mut kept, &mut lean] {
        c.add_document("gb.txt", &gb).unwrap_or_else(|e| panic!("{e}"));
        c.add_document("utf8.txt", text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    }
    // Without the bytes, a GB18030 document cannot be re-read: the message says what to do.
    let e = lean.set_encoding(DocId(0), Some("big5")).err().map(|e| (e.kind(), e.message().to_owned()));
    assert_eq!(
        e,
        Some((
            ErrorKind::InvalidOption,
            "the bytes of gb.txt are not kept; give the file again to read it with another encoding".to_owned()
        ))
    );
    // Valid UTF-8 text is its own bytes: re-reading works either way.
    assert!(lean.set_encoding(DocId(1), None).is_ok());
    for label in [Some("big5"), None] {
        let a = kept.set_encoding(DocId(0), label).unwrap_or_else(|e| panic!("{e}"));
        let b = lean.set_encoding_with_bytes(DocId(0), &gb, label).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((a.encoding, a.malformed, a.words), (b.encoding, b.malformed, b.words));
    }
    assert_eq!(kept.document(DocId(0)).map(|d| d.encoding).ok(), Some("GB18030"));
    assert_eq!(tokens(&kept, 0), tokens(&lean, 0));
}

#[test]
fn one_line_of_fifty_megabytes_is_read() {
    // 50 MB without a line break: seed 001's first paragraph, its line ends made spaces, repeated.
    let seed = String::from_utf8(read(SEED_001)).unwrap_or_else(|e| panic!("{e}"));
    let unit = seed.replace(['\r', '\n'], " ");
    let line = unit.repeat(50_000_000 / unit.len() + 1);
    let mut c = Corpus::new();
    let mut last = (Stage::Decoding, 0.0);
    let s = c
        .add_document_with_progress(None, "line.txt", line.as_bytes(), &mut |s, p| last = (s, p))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.bytes, line.len());
    assert_eq!(s.lines, 1);
    assert_eq!(last, (Stage::Indexing, 1.0));
    // Every token of the seed unit, repeated: the first unit's words recur at its length.
    let doc = c.document(DocId(0)).unwrap_or_else(|e| panic!("{e}"));
    assert!(doc.tokens.len() > 1_000_000, "{} tokens", doc.tokens.len());
}

fn cli(args: &[&str]) -> (bool, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_textlens"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn cli_refuses_a_file_past_the_limit_by_name_and_size_and_reads_the_others() {
    let dir = std::env::temp_dir().join(format!("textlens-scale-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    // 260 MB (sparse where the file system allows): past the 256 MB per-file limit.
    let big = dir.join("big.txt");
    let f = std::fs::File::create(&big).unwrap_or_else(|e| panic!("{e}"));
    f.set_len(260_000_000).unwrap_or_else(|e| panic!("{e}"));
    drop(f);
    let empty = dir.join("empty.txt");
    std::fs::write(&empty, b"").unwrap_or_else(|e| panic!("{e}"));
    let (ok, out, err) = cli(&["info", big.to_str().unwrap_or(""), empty.to_str().unwrap_or(""), SEED_000]);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(!ok, "a refused file makes the exit status non-zero");
    assert!(err.contains("big.txt is 260 MB, over the limit of 256 MB per file"), "{err}");
    assert!(err.contains("empty.txt is empty"), "{err}");
    assert!(out.contains("000_61b16b637bcca7d8.txt"), "the good file is still reported: {out}");
}

#[test]
fn adding_one_by_one_gives_what_one_batch_gives() {
    // Seed 000 alone has discovered terms of its own (养老服务) that the pair does not keep:
    // each discovery run starts from scratch, so the order of runs leaves no trace.
    let files = [("a.txt", read(SEED_000)), ("b.txt", read(SEED_001)), ("c.txt", novel_head("xiyouji_simp.txt", 100_000))];
    let mut eager = Corpus::new();
    let mut batch = Corpus::new();
    for (name, bytes) in &files {
        eager.add_document(name, bytes).unwrap_or_else(|e| panic!("{e}"));
        batch.add_document_with_progress(None, name, bytes, &mut |_, _| {}).unwrap_or_else(|e| panic!("{e}"));
    }
    batch.refresh_discovery();
    let terms = |c: &Corpus| c.discovered_entries().iter().map(|(d, _)| d.text.clone()).collect::<Vec<_>>();
    assert_eq!(terms(&eager), terms(&batch));
    for id in 0..3 {
        assert!(tokens(&eager, id) == tokens(&batch, id), "document {id} segments differently");
    }
}
