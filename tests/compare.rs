//! Compare on real text: the seed pair (two newspaper pages re-printing the
//! same Xinhua reports with edits, a moved paragraph and PDF line breaks), and
//! property tests of the invariants on generated edits.

use proptest::prelude::*;
use std::cell::RefCell;
use textlens::compare::{to_html, to_unified};
use textlens::report::{CompareReport, OpKind, RowKind};
use textlens::{compare, compare_documents, CleanOptions, CompareOptions, Corpus, DocId, Granularity};

const SEED_A: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/seeds/000_61b16b637bcca7d8.txt");
const SEED_B: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/seeds/001_242e04c1848bbad0.txt");

/// The seed pair as the corpus cleans it by default (PDF line breaks joined).
fn seeds() -> (Corpus, DocId, DocId) {
    seeds_with(CleanOptions::default())
}

/// The seed pair exactly as stored, PDF breaks ("我提" / blank line / "出全球治理倡议") included.
fn raw_seeds() -> (Corpus, DocId, DocId) {
    seeds_with(CleanOptions::none())
}

fn seeds_with(clean: CleanOptions) -> (Corpus, DocId, DocId) {
    let mut c = Corpus::new();
    c.set_clean_options(clean);
    let a = std::fs::read(SEED_A).unwrap();
    let b = std::fs::read(SEED_B).unwrap();
    let ia = c.add_document("000.txt", &a).unwrap().id;
    let ib = c.add_document("001.txt", &b).unwrap().id;
    (c, DocId(ia), DocId(ib))
}

fn paragraph_text(c: &Corpus, doc: DocId, range: [u32; 2]) -> String {
    let d = c.document(doc).unwrap();
    d.paragraphs[range[0] as usize..range[1] as usize].iter().map(|p| p.slice(&d.text)).collect::<Vec<_>>().join("\n")
}

/// Checks that the edit `from` → `to` is one small op inside a row that aligns
/// an A paragraph containing `context_a` with a B paragraph containing `context_b`.
fn assert_small_edit(c: &Corpus, ids: (DocId, DocId), r: &CompareReport, from: &str, to: &str, ctx: (&str, &str)) {
    let found: Vec<usize> = r
        .ops
        .iter()
        .enumerate()
        .filter(|(_, o)| o.kind != OpKind::Equal && o.a_text.contains(from) && o.b_text.contains(to))
        .filter(|(_, o)| o.a_text.chars().count() <= from.chars().count() + 3)
        .filter(|(_, o)| o.b_text.chars().count() <= to.chars().count() + 3)
        .map(|(i, _)| i)
        .collect();
    assert!(!found.is_empty(), "no small op {from:?} → {to:?}");
    let ok = found.iter().any(|&i| {
        r.rows.iter().any(|row| {
            (row.ops[0] as usize..row.ops[1] as usize).contains(&i)
                && row.kind == RowKind::Edited
                && paragraph_text(c, ids.0, row.a_paragraphs).contains(ctx.0)
                && paragraph_text(c, ids.1, row.b_paragraphs).contains(ctx.1)
        })
    });
    assert!(ok, "{from:?} → {to:?} is not inside the aligned paragraphs {ctx:?}");
}

#[test]
fn seed_pair_edits_are_small_in_place_edits() {
    for (c, a, b) in [raw_seeds(), seeds()] {
        check_seed_edits(&c, a, b);
    }
}

fn check_seed_edits(c: &Corpus, a: DocId, b: DocId) {
    for options in [
        CompareOptions::default(),
        CompareOptions { ignore_whitespace: true, ..Default::default() },
        CompareOptions { ignore_width: true, ignore_case: true, ..Default::default() },
    ] {
        let r = compare(c, a, b, &options).unwrap();
        assert!(!r.truncated);
        let ids = (a, b);
        assert_small_edit(c, ids, &r, "会同", "同", ("就是要会同所有志同道合国家", "就是要同所有志同道合国家"));
        assert_small_edit(c, ids, &r, "协作", "合作", ("框架内协作", "框架内合作"));
        assert_small_edit(c, ids, &r, "俄中", "中俄", ("俄中关系体现了高度的战略性", "中俄关系体现了高度的战略性"));
        assert_small_edit(c, ids, &r, "的", "", ("面向未来的战略合作", "面向未来战略合作"));
        // The character breakdown shows what really changed inside the words.
        let op = r.ops.iter().find(|o| o.a_text == "会同" && o.b_text == "同").unwrap();
        let deleted: Vec<&str> = op.parts.iter().filter(|p| p.kind == OpKind::Delete).map(|p| p.a_text.as_str()).collect();
        assert_eq!(deleted, vec!["会"]);
        let op = r.ops.iter().find(|o| o.a_text == "协作").unwrap();
        let replaced: Vec<(&str, &str)> =
            op.parts.iter().filter(|p| p.kind != OpKind::Equal).map(|p| (p.a_text.as_str(), p.b_text.as_str())).collect();
        assert_eq!(replaced, vec![("协", "合")]);
    }
}

#[test]
fn seed_pair_moved_paragraph_is_a_move() {
    for (c, a, b) in [raw_seeds(), seeds()] {
        check_seed_move(&c, a, b);
    }
}

fn check_seed_move(c: &Corpus, a: DocId, b: DocId) {
    let r = compare(c, a, b, &CompareOptions::default()).unwrap();
    let key = "近年来,中俄蒙三方合作稳步发展";
    let moves: Vec<_> = r.moves.iter().filter(|m| {
        let from = &r.ops[m.from_op as usize];
        let to = &r.ops[m.to_op as usize];
        from.kind == OpKind::MoveFrom && to.kind == OpKind::MoveTo && from.a_text.contains(key) && to.b_text.contains(key)
    }).collect();
    assert_eq!(moves.len(), 1, "the 近年来 paragraph is one move");
    let m = moves[0];
    // The whole paragraph moved (it ends 携手推动三方合作高质量发展。 on both sides).
    assert!(r.ops[m.from_op as usize].a_text.trim_end().ends_with("携手推动三方合作高质量发展。"));
    assert!(r.ops[m.to_op as usize].b_text.trim_end().ends_with("携手推动三方合作高质量发展。"));
    // Linked both ways and not also reported as deleted or inserted.
    assert_eq!(r.ops[m.from_op as usize].move_id, Some(m.id));
    assert_eq!(r.ops[m.to_op as usize].move_id, Some(m.id));
    for o in &r.ops {
        if matches!(o.kind, OpKind::Delete | OpKind::Insert | OpKind::Replace) {
            assert!(!o.a_text.contains(key) && !o.b_text.contains(key), "{o:?}");
        }
    }
    // Each end sits in a row of its own, of kind moved.
    for op in [m.from_op, m.to_op] {
        let row = r.rows.iter().find(|row| (row.ops[0]..row.ops[1]).contains(&op)).unwrap();
        assert_eq!(row.kind, RowKind::Moved, "{row:?}");
    }
    assert!(r.summary.moved_words_a > 30 && r.summary.moved_words_a == r.summary.moved_words_b);
}

#[test]
fn seed_pair_split_paragraph_aligns_with_its_merged_counterpart() {
    let (c, a, b) = raw_seeds();
    let r = compare(&c, a, b, &CompareOptions::default()).unwrap();
    // Raw A has "我提\n\n出全球治理倡议" (a PDF break); B has one paragraph.
    let i = r.ops.iter().position(|o| o.a_text.contains("提\n\n出") && o.b_text.contains("提出")).unwrap();
    let row = r.rows.iter().find(|row| (row.ops[0] as usize..row.ops[1] as usize).contains(&i)).unwrap();
    assert_eq!(row.a_paragraphs[1] - row.a_paragraphs[0], 2, "{row:?}");
    assert_eq!(row.b_paragraphs[1] - row.b_paragraphs[0], 1, "{row:?}");
    assert!(paragraph_text(&c, a, row.a_paragraphs).contains("就是要会同所有志同道合国家"));
    assert!(paragraph_text(&c, b, row.b_paragraphs).contains("就是要同所有志同道合国家"));
    // With the corpus's line-break repairs the break is gone and 我提出 is equal text.
    let (c, a, b) = seeds();
    let r = compare(&c, a, b, &CompareOptions::default()).unwrap();
    assert!(r.ops.iter().any(|o| o.kind == OpKind::Equal && o.a_text.contains("我提出全球治理倡议")));
    let row = r.rows.iter().find(|row| paragraph_text(&c, a, row.a_paragraphs).contains("我提出全球治理倡议")).unwrap();
    assert_eq!((row.a_paragraphs[1] - row.a_paragraphs[0], row.b_paragraphs[1] - row.b_paragraphs[0]), (1, 1));
}

#[test]
fn seed_pair_exports() {
    let (c, a, b) = seeds();
    let r = compare(&c, a, b, &CompareOptions::default()).unwrap();
    let html = to_html(&r);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.to_lowercase().contains("<script"));
    assert!(!html.contains("<style"), "styles are inline attributes");
    assert!(html.contains("<del") && html.contains("会</del>"));
    // Every change is linked from the summary and has its anchor.
    for n in 1..=r.summary.changes {
        assert!(html.contains(&format!("href=\"#c{n}\"")) && html.contains(&format!("id=\"c{n}\"")), "change {n}");
    }
    assert!(html.contains("href=\"#m0b\"") && html.contains("id=\"m0b\"") && html.contains("href=\"#m0a\""));
    let unified = to_unified(&r);
    assert!(unified.starts_with("--- a/000.txt\n+++ b/001.txt\n@@ -"));
    assert!(unified.lines().any(|l| l.starts_with('-') && l.contains("会同所有志同道合国家")));
    assert!(unified.lines().any(|l| l.starts_with('+') && l.contains("就是要同所有志同道合国家")));
    assert_eq!(apply_unified(&c.document(a).unwrap().text, &unified), c.document(b).unwrap().text);
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["ops"][0]["kind"], "equal");
    assert!(json["moves"][0]["fromOp"].is_u64() && json["summary"]["equalPercent"].is_f64());
}

/// Applies a unified diff to `a` (a minimal `patch`: hunks in order, context checked).
fn apply_unified(a: &str, diff: &str) -> String {
    let lines: Vec<&str> = a.split_inclusive('\n').collect();
    let mut out = String::new();
    let mut next = 0usize; // next line of `a` to copy
    let mut body = diff.split_inclusive('\n').skip(2).peekable();
    while let Some(header) = body.next() {
        assert!(header.starts_with("@@ -"), "{header}");
        let start: usize = header[4..].split([',', ' ']).next().unwrap().parse().unwrap();
        let start = start.max(1) - 1;
        out.extend(lines[next..start].iter().copied());
        next = start;
        while let Some(line) = body.next_if(|l| !l.starts_with("@@")) {
            let (tag, text) = line.split_at(1);
            let text = match body.next_if(|l| l.starts_with("\\ No newline")) {
                Some(_) => text.strip_suffix('\n').unwrap_or(text),
                None => text,
            };
            match tag {
                " " => {
                    assert_eq!(lines[next], text);
                    out.push_str(text);
                    next += 1;
                }
                "-" => {
                    assert_eq!(lines[next], text);
                    next += 1;
                }
                "+" => out.push_str(text),
                _ => panic!("bad line {line:?}"),
            }
        }
    }
    out.extend(lines[next..].iter().copied());
    out
}

#[test]
fn html_escapes_document_text() {
    let mut c = Corpus::new();
    let a = c.add_document("<a>.txt", b"Hello <b>bold</b> & more.\n\nSecond paragraph stays.").unwrap().id;
    let b = c.add_document("b.txt", b"Hello <i>bold</i> & more.\n\nSecond paragraph stays.").unwrap().id;
    let r = compare(&c, DocId(a), DocId(b), &CompareOptions::default()).unwrap();
    let html = to_html(&r);
    assert!(!html.contains("<b>") && !html.contains("<i>") && !html.contains("<a>"));
    // "<" and ">" are equal text around the changed tag name: escaped in place.
    assert!(html.contains("Hello &lt;") && html.contains("&gt;bold&lt;/"), "{html}");
    assert!(html.contains("A: &lt;a&gt;.txt"));
}

#[test]
fn a_tiny_budget_truncates_but_still_tiles() {
    let (c, a, b) = seeds();
    let r = compare(&c, a, b, &CompareOptions { max_steps: Some(1000), ..Default::default() }).unwrap();
    assert!(r.truncated);
    let (ra, rb) = rebuild(&r);
    assert_eq!(ra, c.document(a).unwrap().text);
    assert_eq!(rb, c.document(b).unwrap().text);
    let full = compare(&c, a, b, &CompareOptions::default()).unwrap();
    assert!(!full.truncated && full.steps > 1000);
}

fn rebuild(r: &CompareReport) -> (String, String) {
    (r.ops.iter().map(|o| o.a_text.as_str()).collect(), r.ops.iter().map(|o| o.b_text.as_str()).collect())
}

// ---------------------------------------------------------------------------
// Properties on generated edits.

thread_local! {
    static CORPUS: RefCell<Corpus> = RefCell::new(Corpus::new());
}

/// Runs `f` on documents made of `a` and `b` in a shared corpus.
fn with_docs<T>(a: &str, b: &str, f: impl FnOnce(&Corpus, DocId, DocId) -> T) -> T {
    CORPUS.with(|c| {
        let mut c = c.borrow_mut();
        let ia = DocId(c.add_document("a", a.as_bytes()).unwrap().id);
        let ib = DocId(c.add_document("b", b.as_bytes()).unwrap().id);
        let out = f(&c, ia, ib);
        c.remove_document(ia).unwrap();
        c.remove_document(ib).unwrap();
        out
    })
}

const WORDS: &[&str] = &[
    "the", "The", "cat", "sat", "on", "mat", "ＡＢ", "AB", "合作", "中俄", "俄中", "关系", "发展", "会同", "同", "，", ",", "。", ".",
    "river", "stone", "light", "北京", "上海", "2025", "年", "!", "会谈", "moved", "passage", "text", "test",
];

fn words() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(
        prop_oneof![
            8 => prop::sample::select(WORDS).prop_map(str::to_owned),
            2 => prop::sample::select(&[" ", "  ", "\n", "\n\n", "\u{3000}"][..]).prop_map(str::to_owned),
        ],
        1..120,
    )
}

#[derive(Clone, Debug)]
enum Edit {
    Delete(usize, usize),
    Insert(usize, String),
    Replace(usize, String),
    Move(usize, usize, usize),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    prop::collection::vec(
        prop_oneof![
            (0usize..200, 1usize..6).prop_map(|(i, n)| Edit::Delete(i, n)),
            (0usize..200, prop::sample::select(WORDS)).prop_map(|(i, w)| Edit::Insert(i, w.to_owned())),
            (0usize..200, prop::sample::select(WORDS)).prop_map(|(i, w)| Edit::Replace(i, w.to_owned())),
            (0usize..200, 1usize..30, 0usize..200).prop_map(|(i, n, j)| Edit::Move(i, n, j)),
        ],
        0..8,
    )
}

fn apply(words: &[String], edits: &[Edit]) -> Vec<String> {
    let mut w = words.to_vec();
    for e in edits {
        let len = w.len().max(1);
        match e {
            Edit::Delete(i, n) => {
                let i = i % len;
                let end = (i + n).min(w.len());
                if i < end && w.len() > end - i {
                    w.drain(i..end);
                }
            }
            Edit::Insert(i, s) => w.insert(i % (w.len() + 1), s.clone()),
            Edit::Replace(i, s) => {
                if !w.is_empty() {
                    let i = i % w.len();
                    w[i] = s.clone();
                }
            }
            Edit::Move(i, n, j) => {
                let i = i % len;
                let end = (i + n).min(w.len());
                if i < end {
                    let part: Vec<String> = w.drain(i..end).collect();
                    let j = j % (w.len() + 1);
                    for (k, p) in part.into_iter().enumerate() {
                        w.insert(j + k, p);
                    }
                }
            }
        }
    }
    if w.concat().trim().is_empty() {
        w.push("end".to_owned());
    }
    w
}

fn options() -> impl Strategy<Value = CompareOptions> {
    (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>(), 2u32..10).prop_map(|(c, w, f, g, m)| CompareOptions {
        ignore_case: c,
        ignore_whitespace: w,
        ignore_width: f,
        granularity: if g { Granularity::Character } else { Granularity::Word },
        min_move_units: m,
        max_steps: None,
    })
}

/// Checks that ops, parts and moves tile the texts and that locations slice them.
fn check_tiling(c: &Corpus, a: DocId, b: DocId, r: &CompareReport) {
    let (ta, tb) = (&c.document(a).unwrap().text, &c.document(b).unwrap().text);
    let (ra, rb) = rebuild(r);
    assert_eq!(&ra, ta);
    assert_eq!(&rb, tb);
    let utf16 = |t: &str, byte: u32| t[..byte as usize].encode_utf16().count() as u32;
    for o in &r.ops {
        assert_eq!(&ta[o.a.start as usize..o.a.end as usize], o.a_text);
        assert_eq!(&tb[o.b.start as usize..o.b.end as usize], o.b_text);
        assert_eq!((o.a.start16, o.b.end16), (utf16(ta, o.a.start), utf16(tb, o.b.end)));
        if !o.parts.is_empty() {
            let pa: String = o.parts.iter().map(|p| p.a_text.as_str()).collect();
            let pb: String = o.parts.iter().map(|p| p.b_text.as_str()).collect();
            assert_eq!((pa.as_str(), pb.as_str()), (o.a_text.as_str(), o.b_text.as_str()));
        }
        match o.kind {
            OpKind::Equal | OpKind::Replace => assert!(!o.a_text.is_empty() && !o.b_text.is_empty(), "{o:?}"),
            OpKind::Delete | OpKind::MoveFrom => assert!(!o.a_text.is_empty() && o.b_text.is_empty(), "{o:?}"),
            OpKind::Insert | OpKind::MoveTo => assert!(o.a_text.is_empty() && !o.b_text.is_empty(), "{o:?}"),
        }
    }
    for m in &r.moves {
        let from = &r.ops[m.from_op as usize];
        let to = &r.ops[m.to_op as usize];
        assert_eq!((from.kind, to.kind), (OpKind::MoveFrom, OpKind::MoveTo));
        assert_eq!((from.move_id, to.move_id), (Some(m.id), Some(m.id)));
        let ia: String = m.ops.iter().map(|o| o.a_text.as_str()).collect();
        let ib: String = m.ops.iter().map(|o| o.b_text.as_str()).collect();
        assert_eq!((ia.as_str(), ib.as_str()), (from.a_text.as_str(), to.b_text.as_str()));
    }
    // Rows tile the ops.
    let mut next = 0;
    for row in &r.rows {
        assert_eq!(row.ops[0], next);
        assert!(row.ops[1] > row.ops[0]);
        next = row.ops[1];
    }
    assert_eq!(next as usize, r.ops.len());
    let s = &r.summary;
    let total = s.equal_percent + s.edited_percent + s.moved_percent + s.only_a_percent + s.only_b_percent;
    assert!((total - 100.0).abs() < 1e-6, "{s:?}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, ..ProptestConfig::default() })]

    #[test]
    fn ops_rebuild_both_documents(base in words(), edits in edits(), opts in options()) {
        let a = base.concat();
        let b = apply(&base, &edits).concat();
        prop_assume!(!a.trim().is_empty());
        with_docs(&a, &b, |c, ia, ib| {
            let r = compare(c, ia, ib, &opts).unwrap();
            check_tiling(c, ia, ib, &r);
            // The unified diff is a patch that turns A into B (as the corpus holds them).
            let (ta, tb) = (&c.document(ia).unwrap().text, &c.document(ib).unwrap().text);
            assert_eq!(&apply_unified(ta, &to_unified(&r)), tb);
        });
    }

    #[test]
    fn a_document_against_itself_is_all_equal(base in words(), opts in options()) {
        let a = base.concat();
        prop_assume!(!a.trim().is_empty());
        with_docs(&a, &a, |c, ia, ib| {
            let r = compare(c, ia, ib, &opts).unwrap();
            prop_assert!(r.ops.iter().all(|o| o.kind == OpKind::Equal), "{:?}", r.ops);
            prop_assert!(r.moves.is_empty());
            prop_assert!(r.rows.iter().all(|row| row.kind == RowKind::Equal));
            prop_assert_eq!(r.summary.equal_percent, 100.0);
            Ok(())
        })?;
    }

    #[test]
    fn swapping_sides_swaps_roles_and_keeps_figures(base in words(), edits in edits(), opts in options()) {
        let a = base.concat();
        let b = apply(&base, &edits).concat();
        prop_assume!(!a.trim().is_empty());
        with_docs(&a, &b, |c, ia, ib| {
            let ab = compare(c, ia, ib, &opts).unwrap();
            let ba = compare(c, ib, ia, &opts).unwrap();
            let (x, y) = (&ab.summary, &ba.summary);
            prop_assert_eq!(x.equal_percent, y.equal_percent);
            prop_assert_eq!(x.edited_percent, y.edited_percent);
            prop_assert_eq!(x.moved_percent, y.moved_percent);
            prop_assert_eq!(x.only_a_percent, y.only_b_percent);
            prop_assert_eq!(x.only_b_percent, y.only_a_percent);
            prop_assert_eq!((x.words_a, x.words_b), (y.words_b, y.words_a));
            prop_assert_eq!(ab.ops.len(), ba.ops.len());
            for (p, q) in ab.ops.iter().zip(ba.ops.iter()) {
                let mirrored = match p.kind {
                    OpKind::Delete => OpKind::Insert,
                    OpKind::Insert => OpKind::Delete,
                    OpKind::MoveFrom => OpKind::MoveTo,
                    OpKind::MoveTo => OpKind::MoveFrom,
                    k => k,
                };
                prop_assert_eq!(q.kind, mirrored);
                prop_assert_eq!((&p.a_text, &p.b_text), (&q.b_text, &q.a_text));
            }
            Ok(())
        })?;
    }
}

#[test]
fn documents_from_two_corpora_compare() {
    let mut c1 = Corpus::new();
    let mut c2 = Corpus::new();
    c1.add_document("a", "甲乙丙丁。".as_bytes()).unwrap();
    c2.add_document("b", "甲乙丁。".as_bytes()).unwrap();
    let r = compare_documents(&c1.stored_documents()[0], &c2.stored_documents()[0], &CompareOptions::default()).unwrap();
    assert!(r.ops.iter().any(|o| o.kind != OpKind::Equal));
}
