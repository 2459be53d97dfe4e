//! Generated move tests with known ground truth, over the novels in
//! ../shared/corpus/text/ (English and Chinese).
//!
//! Each case takes ~150 sentences of a novel as document A and builds B by
//! moving passages of 1–3 sentences far from where they were (half of them
//! also edited, at most 10% of their words or characters), deleting other
//! passages, and inserting passages from another book. A reported move is
//! correct when most of it (≥ 50% on each side) lies in one truly moved
//! passage; a moved passage is found when correct moves cover ≥ 50% of it.
//! Precision and recall over all cases must be ≥ 0.95; the test prints them.

use std::ops::Range;
use textlens::report::OpKind;
use textlens::{compare, CleanOptions, CompareOptions, Corpus, DocId};

fn corpus_file(rel: &str) -> String {
    let path = format!("{}/../shared/corpus/text/{rel}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    String::from_utf8_lossy(&bytes).replace("\r\n", "\n")
}

/// xorshift64*: deterministic cases without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Sentences of `text`, each with its trailing white space, tiling `text`.
fn sentences(text: &str, zh: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        cur.push(c);
        let end = if zh { matches!(c, '。' | '！' | '？') } else { matches!(c, '.' | '!' | '?') };
        if end {
            while let Some(&q) = chars.peek() {
                if matches!(q, '”' | '"' | '’' | '\'' | '」' | '』') {
                    cur.push(q);
                    chars.next();
                } else {
                    break;
                }
            }
            let mut boundary = zh;
            while let Some(&w) = chars.peek() {
                if w.is_whitespace() {
                    cur.push(w);
                    chars.next();
                    boundary = true;
                } else {
                    break;
                }
            }
            if boundary {
                out.push(std::mem::take(&mut cur));
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Edits at most 10% of the words (English) or characters (Chinese) of `s`.
fn edit(s: &str, zh: bool, rng: &mut Rng) -> String {
    if zh {
        let mut chars: Vec<char> = s.chars().collect();
        let han: Vec<usize> = (0..chars.len()).filter(|&i| ('\u{4e00}'..='\u{9fff}').contains(&chars[i])).collect();
        let n = (han.len() / 10).max(1).min(han.len());
        for _ in 0..n {
            let i = han[rng.below(han.len())];
            chars[i] = ['甲', '乙', '丙', '丁'][rng.below(4)];
        }
        chars.into_iter().collect()
    } else {
        let mut words: Vec<String> = s.split(' ').map(str::to_owned).collect();
        let n = (words.len() / 10).max(1);
        for _ in 0..n {
            let i = rng.below(words.len());
            words[i] = ["quixotic", "zebra", "umbrella"][rng.below(3)].to_owned();
        }
        words.join(" ")
    }
}

struct Case {
    a: String,
    b: String,
    /// Byte ranges of each moved passage in A and in B.
    moved: Vec<(Range<usize>, Range<usize>)>,
}

/// What happens to a passage of A.
#[derive(Clone, Copy, PartialEq)]
enum Fate {
    Keep,
    Delete,
    Move { to: usize, edited: bool },
}

fn make_case(source: &[String], filler: &[String], zh: bool, rng: &mut Rng) -> Case {
    let start = rng.below(source.len().saturating_sub(200));
    let sents = &source[start..start + 150];
    // Group sentences into passages of 1–3.
    let mut passages: Vec<String> = Vec::new();
    let mut i = 0;
    while i < sents.len() {
        let n = 1 + rng.below(3);
        passages.push(sents[i..(i + n).min(sents.len())].concat());
        i += n;
    }
    let np = passages.len();
    let mut fate = vec![Fate::Keep; np];
    let long_enough = |p: &str| if zh { p.chars().count() >= 12 } else { p.split_whitespace().count() >= 8 };
    // 6 moves far from their place, 3 deletions, 3 insertions.
    let mut moves = 0;
    let mut tries = 0;
    while moves < 6 && tries < 1000 {
        tries += 1;
        let p = 1 + rng.below(np - 2);
        let to = 1 + rng.below(np - 2);
        let neighbours_kept = (p.saturating_sub(1)..=(p + 1).min(np - 1)).all(|q| fate[q] == Fate::Keep);
        if p.abs_diff(to) < 8 || !neighbours_kept || !long_enough(&passages[p]) {
            continue;
        }
        let target_free = fate.iter().all(|f| !matches!(f, Fate::Move { to: t, .. } if t.abs_diff(to) < 3));
        if !target_free || (to.saturating_sub(1)..=to + 1).any(|q| q == p) {
            continue;
        }
        fate[p] = Fate::Move { to, edited: moves % 2 == 1 };
        moves += 1;
    }
    let mut deletions = 0;
    while deletions < 3 {
        let p = 1 + rng.below(np - 2);
        if fate[p] == Fate::Keep && !fate.iter().any(|f| matches!(f, Fate::Move { to, .. } if to.abs_diff(p) < 2)) {
            fate[p] = Fate::Delete;
            deletions += 1;
        }
    }
    let inserts: Vec<(usize, String)> = (0..3)
        .map(|_| {
            let k = rng.below(filler.len() - 3);
            (1 + rng.below(np - 2), filler[k..k + 2].concat())
        })
        .collect();

    // B: kept passages in order; moved ones land before passage `to`.
    let a: String = passages.concat();
    let mut a_ranges = Vec::with_capacity(np);
    let mut pos = 0;
    for p in &passages {
        a_ranges.push(pos..pos + p.len());
        pos += p.len();
    }
    let mut b = String::new();
    let mut moved = Vec::new();
    for (q, passage) in passages.iter().enumerate() {
        for (p, f) in fate.iter().enumerate() {
            if let Fate::Move { to, edited } = *f {
                if to == q {
                    let text = if edited { edit(&passages[p], zh, rng) } else { passages[p].clone() };
                    moved.push((a_ranges[p].clone(), b.len()..b.len() + text.len()));
                    b.push_str(&text);
                }
            }
        }
        for (at, text) in &inserts {
            if *at == q {
                b.push_str(text);
            }
        }
        if fate[q] == Fate::Keep {
            b.push_str(passage);
        }
    }
    Case { a, b, moved }
}

fn overlap(x: &Range<usize>, y: &Range<usize>) -> usize {
    x.end.min(y.end).saturating_sub(x.start.max(y.start))
}

/// (correct detected, detected, found truths, truths) for one case.
fn score(case: &Case, options: &CompareOptions) -> (usize, usize, usize, usize) {
    let mut c = Corpus::new();
    // The ground truth is in bytes of the texts as generated: no clean-up.
    c.set_clean_options(CleanOptions::none());
    let ia = DocId(c.add_document("a", case.a.as_bytes()).unwrap().id);
    let ib = DocId(c.add_document("b", case.b.as_bytes()).unwrap().id);
    let r = compare(&c, ia, ib, options).unwrap();
    assert!(!r.truncated);
    let mut covered = vec![0usize; case.moved.len()];
    let mut correct = 0;
    for m in &r.moves {
        let from = &r.ops[m.from_op as usize];
        let to = &r.ops[m.to_op as usize];
        assert_eq!((from.kind, to.kind), (OpKind::MoveFrom, OpKind::MoveTo));
        let (da, db) = (from.a.start as usize..from.a.end as usize, to.b.start as usize..to.b.end as usize);
        let hit = case.moved.iter().position(|(ta, tb)| 2 * overlap(&da, ta) >= da.len() && 2 * overlap(&db, tb) >= db.len());
        if let Some(t) = hit {
            correct += 1;
            covered[t] += overlap(&da, &case.moved[t].0);
        }
    }
    let found = case.moved.iter().zip(&covered).filter(|((ta, _), &cov)| 2 * cov >= ta.len()).count();
    (correct, r.moves.len(), found, case.moved.len())
}

fn run(source: &str, filler: &str, zh: bool, cases: usize, seed: u64) -> (usize, usize, usize, usize) {
    let source = sentences(&corpus_file(source), zh);
    let filler = sentences(&corpus_file(filler), zh);
    let mut rng = Rng(seed);
    let mut total = (0, 0, 0, 0);
    for _ in 0..cases {
        let case = make_case(&source, &filler, zh, &mut rng);
        let s = score(&case, &CompareOptions::default());
        total = (total.0 + s.0, total.1 + s.1, total.2 + s.2, total.3 + s.3);
    }
    total
}

fn report(name: &str, t: (usize, usize, usize, usize)) -> (f64, f64) {
    let precision = if t.1 == 0 { 1.0 } else { t.0 as f64 / t.1 as f64 };
    let recall = t.2 as f64 / t.3.max(1) as f64;
    println!("{name}: precision {precision:.3} ({}/{}), recall {recall:.3} ({}/{})", t.0, t.1, t.2, t.3);
    (precision, recall)
}

#[test]
fn moves_in_english_novels() {
    let p = run("en/gutenberg_1342_pride_and_prejudice.txt", "en/gutenberg_2701_moby_dick.txt", false, 10, 0x5EED_0001);
    let m = run("en/gutenberg_2701_moby_dick.txt", "en/gutenberg_1342_pride_and_prejudice.txt", false, 10, 0x5EED_0002);
    let t = (p.0 + m.0, p.1 + m.1, p.2 + m.2, p.3 + m.3);
    let (precision, recall) = report("english", t);
    assert!(precision >= 0.95 && recall >= 0.95, "precision {precision:.3}, recall {recall:.3}");
}

#[test]
fn moves_in_chinese_novels() {
    let h = run("zh/hongloumeng_simp.txt", "zh/xiyouji_simp.txt", true, 10, 0x5EED_0003);
    let s = run("zh/sanguoyanyi_simp.txt", "zh/shuihuzhuan_simp.txt", true, 10, 0x5EED_0004);
    let t = (h.0 + s.0, h.1 + s.1, h.2 + s.2, h.3 + s.3);
    let (precision, recall) = report("chinese", t);
    assert!(precision >= 0.95 && recall >= 0.95, "precision {precision:.3}, recall {recall:.3}");
}

#[test]
fn sentence_splitter_tiles_its_input() {
    for (text, zh) in [("One. Two!  Three? \"Four.\" Five", false), ("甲乙。丙丁！“戊己？”庚", true)] {
        let s = sentences(text, zh);
        assert_eq!(s.concat(), text);
        assert!(s.len() >= 4, "{s:?}");
    }
}
