//! Reuse across documents (#7) on real text: the seed pair, and generated
//! corpora with planted passages whose places are known.
//!
//! The generated corpora are built from the books in `../shared/corpus/text/`:
//! each document is a run of consecutive sentences of one book (runs never
//! overlap), and shared passages — 2 or more consecutive sentences from a
//! reserved part of a book — are planted as paragraphs in 2 to 4 documents of
//! the same language, half of the copies exact and half with 2–10% of their
//! units edited (substituted, deleted or inserted).

use std::ops::Range;
use textlens::report::ReuseReport;
use textlens::{reuse, Corpus, ReuseOptions};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");

fn read(path: &str) -> Vec<u8> {
    std::fs::read(format!("{CORPUS}/{path}")).unwrap_or_else(|e| panic!("{path}: {e}"))
}

// ----------------------------------------------------------------------------
// The seed pair.

const SEED_A: &str = "seeds/000_61b16b637bcca7d8.txt";
const SEED_B: &str = "seeds/001_242e04c1848bbad0.txt";

fn seeds() -> ReuseReport {
    let mut c = Corpus::new();
    for name in [SEED_A, SEED_B] {
        c.add_document(name, &read(name)).unwrap_or_else(|e| panic!("{e}"));
    }
    reuse(&c, &ReuseOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// The cluster texts of document `doc`, all joined.
fn shared_text(r: &ReuseReport, doc: u32) -> String {
    r.clusters.iter().flat_map(|c| &c.members).filter(|m| m.doc == doc).map(|m| m.text.as_str()).collect()
}

fn unique_text(r: &ReuseReport, doc: u32) -> String {
    r.coverage.iter().filter(|c| c.doc == doc).flat_map(|c| &c.unique).map(|u| u.text.as_str()).collect()
}

#[test]
fn seed_pair_shares_the_xinhua_reports() {
    let r = seeds();
    assert!(!r.truncated, "{:?}", r.truncation);
    // Sentences of the Xi–Putin talks and of the China–Russia–Mongolia summit,
    // read in both pages (the seeds were checked by eye; 001 moves the 中俄蒙
    // paragraph into the talks report and edits 会同 → 同, 俄中 → 中俄, 协作 → 合作).
    let talks = [
        "习近平强调,中俄两国各自发展振兴都有强大动力",
        "习近平指出,中俄两国元首相互出席对方国家举办的纪念世界反法西斯战争胜利庆典",
        "体现了高度的战略性,达到历史最高水平",
        "两国元首还就共同关心的国际和地区问题深入交换了意见",
    ];
    let summit = [
        "习近平指出,近年来,中俄蒙三方合作稳步发展",
        "普京表示,俄中蒙是友好邻邦,有着悠久合作传统",
        "呼日勒苏赫表示,中俄是蒙古国的重要邻国",
        "上海合作组织是地区国家共护安全、共谋发展的主要平台",
    ];
    for doc in [0, 1] {
        let shared = shared_text(&r, doc);
        for s in talks.iter().chain(&summit) {
            assert!(shared.contains(s), "doc {doc}: {s} is not in a shared passage");
        }
    }
    // Each Mongolia-summit sentence and each talks sentence is in a cluster
    // that holds both documents.
    for s in talks.iter().chain(&summit) {
        let both = r.clusters.iter().any(|c| {
            c.members.iter().any(|m| m.doc == 0 && m.text.contains(s)) && c.members.iter().any(|m| m.doc == 1 && m.text.contains(s))
        });
        assert!(both, "no cluster holds {s} in both documents");
    }
    // The one-character edits show as variants against the reference.
    let variants: Vec<(&str, &str)> = r
        .clusters
        .iter()
        .flat_map(|c| &c.members)
        .flat_map(|m| &m.variants)
        .map(|v| (v.text.as_str(), v.reference_text.as_str()))
        .collect();
    assert!(variants.contains(&("合", "协")) || variants.contains(&("协", "合")), "{variants:?}");
    assert!(variants.iter().any(|v| v.0.is_empty() && v.1 == "会") || variants.iter().any(|v| v.0 == "会"), "{variants:?}");
}

#[test]
fn seed_pair_own_material_is_unique() {
    let r = seeds();
    let (own_a, own_b) = (unique_text(&r, 0), unique_text(&r, 1));
    // The Chongqing standing committee meeting is only in 000 ...
    for s in ["市委常委会举行会议", "市委书记袁家军主持会议并讲话", "加快打造“15分钟养老服务圈”", "新重庆-重庆日报记者 卢志民"] {
        assert!(own_a.contains(s), "000: {s} not reported as unique");
        assert!(!shared_text(&r, 0).contains(s), "000: {s} reported as shared");
    }
    // ... and the Tianjin thank-you letter only in 001.
    for s in ["致全市人民的感谢信", "亲爱的市民朋友们", "你们为天津赢得了荣誉,为城市增添了光彩", "中共天津市委"] {
        assert!(own_b.contains(s), "001: {s} not reported as unique");
        assert!(!shared_text(&r, 1).contains(s), "001: {s} reported as shared");
    }
    // Shared passages are not listed as unique.
    assert!(!own_a.contains("呼日勒苏赫表示") && !own_b.contains("呼日勒苏赫表示"));
    // Coverage adds up.
    for c in &r.coverage {
        assert!(c.shared_units > 0 && c.shared_units < c.units, "{c:?}");
        let unique: u32 = c.unique.iter().map(|u| u.units).sum();
        assert!(unique + c.shared_units <= c.units);
    }
    // The words of the unique parts name what the pages add: the pension
    // reform in Chongqing, the summit city in Tianjin.
    let words: Vec<&str> = r.edit_words.unique.iter().map(|w| w.term.as_str()).collect();
    for w in ["养老", "上合"] {
        assert!(words.contains(&w), "{w} not among {words:?}");
    }
}

#[test]
fn seed_pair_matrix_is_symmetric_where_it_should_be() {
    let r = seeds();
    let m = &r.matrix;
    assert_eq!(m.shared[0][1], m.shared[1][0]);
    assert_eq!(m.jaccard[0][1], m.jaccard[1][0]);
    assert!(m.shared[0][1] > 0);
    // 000 is longer, so a smaller share of it is in 001 than the other way round.
    assert!(m.containment[0][1] < m.containment[1][0], "{m:?}");
    let expected = f64::from(m.shared[0][1]) / f64::from(m.shingles[0]);
    assert!((m.containment[0][1] - expected).abs() < 1e-4);
    let json = serde_json::to_value(&r).unwrap_or_default();
    for key in ["documents", "settings", "matrix", "clusters", "passages", "coverage", "editWords", "truncated"] {
        assert!(json.get(key).is_some(), "{key} missing");
    }
    assert!(json["coverage"][0].get("sharedPercent").is_some());
}

#[test]
fn an_exact_copy_is_all_shared() {
    let text = read(SEED_A);
    let mut c = Corpus::new();
    for name in ["a.txt", "copy.txt"] {
        c.add_document(name, &text).unwrap_or_else(|e| panic!("{e}"));
    }
    let r = reuse(&c, &ReuseOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.matrix.containment[0][1], 1.0);
    assert_eq!(r.matrix.jaccard[0][1], 1.0);
    for cov in &r.coverage {
        assert_eq!(cov.shared_units, cov.units, "{cov:?}");
        assert!(cov.unique.is_empty());
    }
    assert!(r.clusters.iter().all(|c| c.members.iter().all(|m| m.variants.is_empty() && m.same_percent == 100.0)));
    assert!(r.edit_words.edited.is_empty() && r.edit_words.unique.is_empty());
}

#[test]
fn budgets_truncate_and_say_so() {
    let mut c = Corpus::new();
    for name in [SEED_A, SEED_B] {
        c.add_document(name, &read(name)).unwrap_or_else(|e| panic!("{e}"));
    }
    let o = ReuseOptions { max_seeds: 10, max_matrix_updates: 0, ..ReuseOptions::default() };
    let r = reuse(&c, &o).unwrap_or_else(|e| panic!("{e}"));
    assert!(r.truncated);
    assert!(r.truncation.iter().any(|t| t.starts_with("seeds: more than 10")), "{:?}", r.truncation);
    assert!(r.truncation.iter().any(|t| t.starts_with("matrix: more than 0")), "{:?}", r.truncation);
    let o = ReuseOptions { max_align_units: 100, ..ReuseOptions::default() };
    let r = reuse(&c, &o).unwrap_or_else(|e| panic!("{e}"));
    assert!(r.truncated && r.truncation.iter().any(|t| t.starts_with("passages: alignment budget of 100")));
}

#[test]
fn a_passage_in_forty_documents_is_one_cluster() {
    // More documents than MAX_CLIQUE (32) share one paragraph: seeds link
    // neighbours only, and the cluster still holds every copy.
    let book = load_book("text/en/gutenberg_1342_pride_and_prejudice.txt", false);
    let shared = book.sentences[book.reserve..book.reserve + 4].join(" ");
    let mut c = Corpus::new();
    for d in 0..40 {
        let own = book.sentences[d * 30..d * 30 + 30].join(" ");
        let text = format!("{own}\n\n{shared}\n\n{}", book.sentences[2000 + d * 10..2010 + d * 10].join(" "));
        c.add_document(&format!("d{d}.txt"), text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    }
    let r = reuse(&c, &ReuseOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert!(!r.truncated, "{:?}", r.truncation);
    let big: Vec<_> = r.clusters.iter().filter(|c| c.documents >= 2).collect();
    assert_eq!(big.len(), 1, "{:?}", big.iter().map(|c| c.documents).collect::<Vec<_>>());
    assert_eq!(big[0].documents, 40);
    for m in &big[0].members {
        // A copy may take in a matching word or two around it (one document's
        // own text ends with "Mr.", like another's): that is shared too.
        assert!(m.text.contains(shared.as_str()) || shared.contains(m.text.trim()), "{:?}", m.text);
        assert!(m.units.abs_diff(big[0].units) <= 3, "{} vs {}", m.units, big[0].units);
    }
    assert!(r.passages.len() < 40 * 39 / 2, "{} passages", r.passages.len());
    // The matrix still counts every pair.
    assert!(r.matrix.shared.iter().enumerate().all(|(i, row)| row.iter().enumerate().all(|(j, &s)| i == j || s > 0)));
}

mod props {
    use super::*;
    use proptest::prelude::*;

    fn doc_text() -> impl Strategy<Value = String> {
        // Words and Han characters from small pools, so documents share n-grams often.
        let piece = prop_oneof![
            prop::sample::select(vec!["the", "cat", "sat", "on", "mat", "Cat", "a", "dog"]).prop_map(|w| format!("{w} ")),
            prop::sample::select(vec!["习", "近", "平", "同", "普", "京", "会", "谈", "。", "，", "😀", "\n\n"]).prop_map(str::to_owned),
        ];
        prop::collection::vec(piece, 1..300).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn reports_point_into_the_texts(texts in prop::collection::vec(doc_text(), 2..5), k in 5usize..12) {
            let mut c = Corpus::new();
            let mut kept = Vec::new();
            for (i, t) in texts.iter().enumerate() {
                // Reports index the document's (cleaned) text, so check against that.
                if let Ok(summary) = c.add_document(&format!("{i}"), t.as_bytes()) {
                    let doc = c.document(textlens::DocId(summary.id)).unwrap_or_else(|e| panic!("{e}"));
                    kept.push(doc.text.clone());
                }
            }
            prop_assume!(kept.len() >= 2);
            let o = ReuseOptions { min_units: k, ..ReuseOptions::default() };
            let r = reuse(&c, &o).unwrap_or_else(|e| panic!("{e}"));
            let text = |id: u32| kept[r.documents.iter().position(|d| d.id == id).unwrap_or(0)].as_str();
            let utf16 = |s: &str| s.encode_utf16().collect::<Vec<u16>>();
            for cl in &r.clusters {
                prop_assert!(cl.members.len() >= 2);
                for m in &cl.members {
                    let t = text(m.doc);
                    prop_assert_eq!(t.get(m.loc.start as usize..m.loc.end as usize), Some(m.text.as_str()));
                    let u = utf16(t);
                    prop_assert_eq!(String::from_utf16_lossy(&u[m.loc.start16 as usize..m.loc.end16 as usize]), m.text.clone());
                    prop_assert!(m.units as usize >= k);
                    for v in &m.variants {
                        prop_assert!(v.loc.start >= m.loc.start && v.loc.end <= m.loc.end);
                    }
                }
            }
            for cov in &r.coverage {
                prop_assert!(cov.shared_units <= cov.units && cov.shared_bytes <= cov.bytes);
                let t = text(cov.doc);
                for u in &cov.unique {
                    prop_assert_eq!(t.get(u.loc.start as usize..u.loc.end as usize), Some(u.text.as_str()));
                }
            }
            for (i, row) in r.matrix.containment.iter().enumerate() {
                for (j, &v) in row.iter().enumerate() {
                    prop_assert!((0.0..=1.0).contains(&v));
                    prop_assert_eq!(r.matrix.shared[i][j], r.matrix.shared[j][i]);
                }
            }
            let mut order = r.matrix.order.clone();
            order.sort_unstable();
            prop_assert_eq!(order, (0..kept.len() as u32).collect::<Vec<_>>());
            // Deterministic.
            let again = reuse(&c, &o).unwrap_or_else(|e| panic!("{e}"));
            prop_assert_eq!(again, r);
        }
    }
}

// ----------------------------------------------------------------------------
// Generated corpora with planted passages.

/// A small deterministic generator (splitmix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

struct Book {
    zh: bool,
    sentences: Vec<String>,
    /// Next sentence for document material; passages come from the last tenth.
    next: usize,
    reserve: usize,
}

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

fn units(s: &str, zh: bool) -> usize {
    if zh {
        s.chars().filter(|&c| is_han(c)).count()
    } else {
        s.split_whitespace().count()
    }
}

fn load_book(path: &str, zh: bool) -> Book {
    let raw = String::from_utf8_lossy(&read(path)).replace("\r\n", "\n");
    // Leave out the Gutenberg header and licence.
    let (from, to) = (raw.len() * 3 / 100, raw.len() * 96 / 100);
    let body = raw.get(raw.ceil_char_boundary_compat(from)..raw.ceil_char_boundary_compat(to)).unwrap_or("");
    let mut sentences = Vec::new();
    for para in body.split("\n\n").skip(1) {
        let joined: String = if zh {
            para.chars().filter(|c| !c.is_whitespace()).collect()
        } else {
            para.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        let mut cur = String::new();
        let mut chars = joined.chars().peekable();
        while let Some(c) = chars.next() {
            cur.push(c);
            if matches!(c, '.' | '!' | '?' | '。' | '！' | '？') {
                while let Some(&q) = chars.peek() {
                    if matches!(q, '"' | '\'' | '”' | '’' | ')' | '」' | '』') {
                        cur.push(q);
                        chars.next();
                    } else {
                        break;
                    }
                }
                let s = cur.trim().to_owned();
                if units(&s, zh) > 0 {
                    sentences.push(s);
                }
                cur.clear();
            }
        }
        let s = cur.trim().to_owned();
        if units(&s, zh) > 0 {
            sentences.push(s);
        }
    }
    let reserve = sentences.len() * 9 / 10;
    Book { zh, sentences, next: 0, reserve }
}

trait CharBoundary {
    fn ceil_char_boundary_compat(&self, i: usize) -> usize;
}

impl CharBoundary for String {
    fn ceil_char_boundary_compat(&self, mut i: usize) -> usize {
        while i < self.len() && !self.is_char_boundary(i) {
            i += 1;
        }
        i.min(self.len())
    }
}

/// A planted passage: its copies as (document index, byte range), the first the original.
struct Planted {
    copies: Vec<(usize, Range<usize>)>,
}

struct Generated {
    names: Vec<String>,
    texts: Vec<String>,
    planted: Vec<Planted>,
}

const EDIT_WORDS_EN: [&str; 4] = ["reportedly", "allegedly", "officially", "purportedly"];
const EDIT_CHARS_ZH: [char; 4] = ['据', '悉', '称', '报'];

/// Edits `rate` of the units of `text`: substitutions (from a fixed pool, so
/// the words of the edits are known), deletions and insertions.
fn edit(text: &str, zh: bool, rate: f64, rng: &mut Rng) -> String {
    if zh {
        let mut chars: Vec<char> = text.chars().collect();
        let han: Vec<usize> = (0..chars.len()).filter(|&i| is_han(chars[i])).collect();
        let edits = ((han.len() as f64 * rate) as usize).max(1);
        let mut at: Vec<usize> = (0..edits).map(|_| han[rng.below(han.len())]).collect();
        at.sort_unstable();
        at.dedup();
        for &i in at.iter().rev() {
            let pool = EDIT_CHARS_ZH[rng.below(EDIT_CHARS_ZH.len())];
            match rng.below(4) {
                0 | 1 => chars[i] = pool,
                2 => {
                    chars.remove(i);
                }
                _ => chars.insert(i, pool),
            }
        }
        chars.into_iter().collect()
    } else {
        let mut words: Vec<String> = text.split(' ').map(str::to_owned).collect();
        let edits = ((words.len() as f64 * rate) as usize).max(1);
        let mut at: Vec<usize> = (0..edits).map(|_| rng.below(words.len())).collect();
        at.sort_unstable();
        at.dedup();
        for &i in at.iter().rev() {
            let pool = EDIT_WORDS_EN[rng.below(EDIT_WORDS_EN.len())].to_owned();
            match rng.below(4) {
                0 | 1 => words[i] = pool,
                2 => {
                    words.remove(i);
                }
                _ => words.insert(i, pool),
            }
        }
        words.join(" ")
    }
}

/// `n` documents of about `size` bytes, with about `per_doc` planted passages each.
fn generate(n: usize, size: usize, per_doc: usize, seed: u64) -> Generated {
    let mut rng = Rng(seed);
    let mut books: Vec<Book> = [
        ("text/en/gutenberg_1342_pride_and_prejudice.txt", false),
        ("text/en/gutenberg_2701_moby_dick.txt", false),
        ("text/zh/hongloumeng_simp.txt", true),
        ("text/zh/shuihuzhuan_simp.txt", true),
        ("text/zh/sanguoyanyi_simp.txt", true),
        ("text/zh/xiyouji_simp.txt", true),
    ]
    .iter()
    .map(|&(p, zh)| load_book(p, zh))
    .collect();
    // Own material: paragraphs of 4 sentences, from each book in turn while it lasts.
    let mut docs: Vec<(usize, Vec<String>)> = Vec::new(); // (book, paragraphs)
    for d in 0..n {
        let left = |bk: &Book| bk.sentences[bk.next..bk.reserve].iter().map(String::len).sum::<usize>();
        let b = (0..books.len())
            .map(|k| (d + k) % books.len())
            .find(|&b| left(&books[b]) > size + size / 2)
            .unwrap_or(0);
        let book = &mut books[b];
        let mut paras = Vec::new();
        let mut bytes = 0;
        while bytes < size && book.next + 4 <= book.reserve {
            let sep = if book.zh { "" } else { " " };
            let p = book.sentences[book.next..book.next + 4].join(sep);
            book.next += 4;
            bytes += p.len() + 2;
            paras.push(p);
        }
        assert!(!paras.is_empty(), "the books are too short for {n} documents of {size} bytes");
        docs.push((b, paras));
    }
    // Passages: consecutive sentences from a book's reserve, ≥ 2 sentences and ≥ 40 units.
    let passages = n * per_doc / 3;
    let mut inserts: Vec<Vec<(usize, String, usize)>> = vec![Vec::new(); n]; // (paragraph slot, text, passage)
    let mut copies_of: Vec<Vec<usize>> = Vec::new();
    for p in 0..passages {
        let zh = rng.chance(0.5);
        let hosts_pool: Vec<usize> = (0..n).filter(|&d| books[docs[d].0].zh == zh).collect();
        if hosts_pool.len() < 2 {
            continue;
        }
        let candidates: Vec<usize> = (0..books.len()).filter(|&b| books[b].zh == zh).collect();
        let b = candidates[rng.below(candidates.len())];
        let book = &mut books[b];
        book.reserve += 1 + rng.below(3);
        let mut take = Vec::new();
        while book.reserve < book.sentences.len()
            && (take.len() < 2 || units(&take.join(" "), zh) < 40)
            && take.len() < 8
        {
            take.push(book.sentences[book.reserve].clone());
            book.reserve += 1;
        }
        if take.len() < 2 || units(&take.join(" "), zh) < 40 {
            continue;
        }
        let text = take.join(if zh { "" } else { " " });
        let m = 2 + rng.below(3);
        let mut hosts: Vec<usize> = Vec::new();
        while hosts.len() < m.min(hosts_pool.len()) {
            let h = hosts_pool[rng.below(hosts_pool.len())];
            if !hosts.contains(&h) {
                hosts.push(h);
            }
        }
        for (k, &h) in hosts.iter().enumerate() {
            let copy = if k == 0 || rng.chance(0.5) {
                text.clone()
            } else {
                let rate = 0.02 + 0.08 * (rng.below(1000) as f64 / 1000.0);
                edit(&text, zh, rate, &mut rng)
            };
            // A paragraph slot not used by another passage of this document.
            let slots = docs[h].1.len() + 1;
            let mut slot = rng.below(slots);
            while inserts[h].iter().any(|x| x.0 == slot) {
                slot = (slot + 1) % slots;
            }
            inserts[h].push((slot, copy, p));
        }
        copies_of.push(hosts);
    }
    // Assemble.
    let mut planted: Vec<Planted> = (0..passages).map(|_| Planted { copies: Vec::new() }).collect();
    let mut texts = Vec::with_capacity(n);
    let mut names = Vec::with_capacity(n);
    for (d, (b, paras)) in docs.iter().enumerate() {
        let mut ins = inserts[d].clone();
        ins.sort_by_key(|x| x.0);
        let mut text = String::new();
        let mut k = 0;
        for slot in 0..=paras.len() {
            while k < ins.len() && ins[k].0 == slot {
                if !text.is_empty() {
                    text.push_str("\n\n");
                }
                let start = text.len();
                text.push_str(&ins[k].1);
                planted[ins[k].2].copies.push((d, start..text.len()));
                k += 1;
            }
            if let Some(p) = paras.get(slot) {
                if !text.is_empty() {
                    text.push_str("\n\n");
                }
                text.push_str(p);
            }
        }
        text.push('\n');
        names.push(format!("doc{d:03}-book{b}.txt"));
        texts.push(text);
    }
    planted.retain(|p| p.copies.len() >= 2);
    Generated { names, texts, planted }
}

fn cover(ranges: &[Range<usize>], target: &Range<usize>) -> usize {
    // Ranges may overlap: count each byte of target once.
    let mut rs: Vec<Range<usize>> = ranges
        .iter()
        .map(|r| r.start.max(target.start)..r.end.min(target.end))
        .filter(|r| r.start < r.end)
        .collect();
    rs.sort_by_key(|r| r.start);
    let (mut total, mut pos) = (0, target.start);
    for r in rs {
        let s = r.start.max(pos);
        if r.end > s {
            total += r.end - s;
            pos = r.end;
        }
    }
    total
}

fn inter(x: &Range<usize>, y: &Range<usize>) -> usize {
    x.end.min(y.end).saturating_sub(x.start.max(y.start))
}

#[derive(Debug, Default)]
struct Scores {
    true_pairs: usize,
    found_pairs: usize,
    passages: usize,
    correct_passages: usize,
    /// Detected passages outside the planted truth whose two sides are, by an
    /// independent check (edit distance over units), the same text repeated in the books.
    natural_repeats: usize,
    planted_bytes: usize,
    covered_planted_bytes: usize,
    detected_bytes: usize,
    detected_in_planted_bytes: usize,
    clusters_exact: usize,
}

impl Scores {
    fn recall(&self) -> f64 {
        self.found_pairs as f64 / self.true_pairs.max(1) as f64
    }
    fn precision(&self) -> f64 {
        self.correct_passages as f64 / self.passages.max(1) as f64
    }
    fn precision_with_natural(&self) -> f64 {
        (self.correct_passages + self.natural_repeats) as f64 / self.passages.max(1) as f64
    }
    fn byte_recall(&self) -> f64 {
        self.covered_planted_bytes as f64 / self.planted_bytes.max(1) as f64
    }
    fn byte_precision(&self) -> f64 {
        self.detected_in_planted_bytes as f64 / self.detected_bytes.max(1) as f64
    }
}

/// Scores a report against the planted truth.
/// - A planted copy pair (two documents holding the same planted passage) is
///   found when the passages detected between those two documents cover at
///   least half of the planted copy on both sides.
/// - A detected passage is correct when at least half of it, on both sides,
///   lies in copies of one planted passage.
/// - Byte figures: planted bytes covered by any shared stretch of their
///   document, and detected shared bytes that lie in planted copies.
fn score(g: &Generated, r: &ReuseReport) -> Scores {
    let mut s = Scores::default();
    let ids: Vec<u32> = r.documents.iter().map(|d| d.id).collect();
    let index = |id: u32| ids.iter().position(|&x| x == id).unwrap_or(usize::MAX);
    type Sides = Vec<(Range<usize>, Range<usize>)>;
    let mut between: std::collections::BTreeMap<(usize, usize), Sides> = Default::default();
    for p in &r.passages {
        let (a, b) = (index(p.a), index(p.b));
        let (ra, rb) = (p.a_loc.start as usize..p.a_loc.end as usize, p.b_loc.start as usize..p.b_loc.end as usize);
        between.entry((a, b)).or_default().push((ra.clone(), rb.clone()));
        between.entry((b, a)).or_default().push((rb, ra));
    }
    for p in &g.planted {
        for (i, (da, sa)) in p.copies.iter().enumerate() {
            for (db, sb) in &p.copies[i + 1..] {
                if da == db {
                    continue;
                }
                s.true_pairs += 1;
                let found = between.get(&(*da, *db)).is_some_and(|ps| {
                    let ra: Vec<Range<usize>> = ps.iter().map(|x| x.0.clone()).collect();
                    let rb: Vec<Range<usize>> = ps.iter().map(|x| x.1.clone()).collect();
                    2 * cover(&ra, sa) >= sa.len() && 2 * cover(&rb, sb) >= sb.len()
                });
                s.found_pairs += found as usize;
            }
        }
        // Exactly one cluster holds all the copies and nothing else.
        let docs: std::collections::BTreeSet<usize> = p.copies.iter().map(|c| c.0).collect();
        let exact = r.clusters.iter().any(|c| {
            let cd: std::collections::BTreeSet<usize> = c.members.iter().map(|m| index(m.doc)).collect();
            cd == docs
                && p.copies.iter().all(|(d, sp)| {
                    c.members.iter().any(|m| {
                        index(m.doc) == *d && 2 * inter(&(m.loc.start as usize..m.loc.end as usize), sp) >= sp.len()
                    })
                })
        });
        s.clusters_exact += exact as usize;
    }
    let copies_in = |d: usize| -> Vec<(usize, Range<usize>)> {
        g.planted
            .iter()
            .enumerate()
            .flat_map(|(k, p)| p.copies.iter().filter(move |c| c.0 == d).map(move |c| (k, c.1.clone())))
            .collect()
    };
    for p in &r.passages {
        s.passages += 1;
        let (a, b) = (index(p.a), index(p.b));
        let (ra, rb) = (p.a_loc.start as usize..p.a_loc.end as usize, p.b_loc.start as usize..p.b_loc.end as usize);
        let (ca, cb) = (copies_in(a), copies_in(b));
        let ok = ca.iter().any(|(k, sa)| {
            2 * inter(sa, &ra) >= ra.len()
                && cb.iter().any(|(k2, sb)| k2 == k && 2 * inter(sb, &rb) >= rb.len())
        });
        s.correct_passages += ok as usize;
        if !ok {
            let ta = g.texts[a].get(ra.clone()).unwrap_or("");
            let tb = g.texts[b].get(rb.clone()).unwrap_or("");
            let same = same_text(ta, tb);
            s.natural_repeats += same as usize;
            if std::env::var_os("TEXTLENS_SHOW_EXTRA").is_some() {
                let short = |t: &str| t.chars().take(80).collect::<String>();
                println!("extra ({}) {} {} units {}/{}:\n  A: {}\n  B: {}", if same { "repeat" } else { "UNVERIFIED" }, g.names[a], g.names[b], p.a_units, p.b_units, short(ta), short(tb));
            }
        }
    }
    for (d, cov) in r.coverage.iter().enumerate() {
        let shared: Vec<Range<usize>> = cov.shared.iter().map(|l| l.start as usize..l.end as usize).collect();
        let planted: Vec<Range<usize>> = copies_in(d).into_iter().map(|c| c.1).collect();
        for sp in &planted {
            s.planted_bytes += sp.len();
            s.covered_planted_bytes += cover(&shared, sp);
        }
        for sh in &shared {
            s.detected_bytes += sh.len();
            s.detected_in_planted_bytes += cover(&planted, sh);
        }
    }
    s
}

/// Whether two stretches are the same text up to 15% of unit edits (Levenshtein
/// over Han characters and lower-cased words, independent of the core).
fn same_text(a: &str, b: &str) -> bool {
    let units = |s: &str| -> Vec<String> {
        let mut out = Vec::new();
        let mut word = String::new();
        for c in s.chars() {
            if is_han(c) || !c.is_alphanumeric() {
                if !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
                if is_han(c) {
                    out.push(c.to_string());
                }
            } else {
                word.extend(c.to_lowercase());
            }
        }
        if !word.is_empty() {
            out.push(word);
        }
        out
    };
    let (x, y) = (units(a), units(b));
    if x.is_empty() || y.is_empty() || x.len() > 3000 || y.len() > 3000 {
        return false;
    }
    let mut prev: Vec<usize> = (0..=y.len()).collect();
    for (i, xi) in x.iter().enumerate() {
        let mut cur = vec![i + 1; y.len() + 1];
        for (j, yj) in y.iter().enumerate() {
            cur[j + 1] = (prev[j] + (xi != yj) as usize).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    let d = prev[y.len()];
    d as f64 <= 0.15 * x.len().max(y.len()) as f64
}

fn run(g: &Generated, options: &ReuseOptions) -> (ReuseReport, std::time::Duration, std::time::Duration) {
    let t0 = std::time::Instant::now();
    let mut c = Corpus::new();
    for (name, text) in g.names.iter().zip(&g.texts) {
        c.add_document(name, text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    }
    let t1 = std::time::Instant::now();
    let r = reuse(&c, options).unwrap_or_else(|e| panic!("{e}"));
    (r, t1 - t0, t1.elapsed())
}

fn print_scores(label: &str, s: &Scores, planted: usize) {
    println!(
        "{label}: pairs {}/{} recall {:.4}; passages {}/{} precision {:.4} ({:.4} counting {} repeats in the books); bytes recall {:.4} precision {:.4}; clusters exact {}/{}",
        s.found_pairs,
        s.true_pairs,
        s.recall(),
        s.correct_passages,
        s.passages,
        s.precision(),
        s.precision_with_natural(),
        s.natural_repeats,
        s.byte_recall(),
        s.byte_precision(),
        s.clusters_exact,
        planted
    );
}

#[test]
fn planted_passages_are_found_with_high_precision_and_recall() {
    let g = generate(60, 20_000, 3, 7);
    assert!(g.planted.len() >= 40, "only {} passages planted", g.planted.len());
    let (r, _, _) = run(&g, &ReuseOptions::default());
    assert!(!r.truncated, "{:?}", r.truncation);
    let s = score(&g, &r);
    print_scores("60 docs", &s, g.planted.len());
    assert!(s.recall() >= 0.95, "{s:?}");
    assert!(s.precision() >= 0.95, "{s:?}");
    assert!(s.byte_recall() >= 0.95 && s.byte_precision() >= 0.95, "{s:?}");
    // The words of the edits are the planted edit words.
    let top: Vec<&str> = r.edit_words.edited.iter().take(8).map(|w| w.term.as_str()).collect();
    let planted_words = EDIT_WORDS_EN.iter().filter(|w| top.contains(w)).count();
    assert!(planted_words >= 3, "{top:?}");
}

/// Parameter sweep: `cargo test --release --test reuse -- --ignored sweep --nocapture`.
#[test]
#[ignore]
fn sweep() {
    let g = generate(100, 20_000, 3, 11);
    for (ngram, window, min_units) in [(4, 6, 25), (5, 6, 25), (6, 6, 25), (5, 4, 25), (5, 8, 25), (5, 10, 25), (5, 6, 15), (5, 6, 20), (5, 6, 30), (5, 6, 40), (8, 8, 25)] {
        let o = ReuseOptions { ngram, window, min_units, ..ReuseOptions::default() };
        let (r, _, t) = run(&g, &o);
        let s = score(&g, &r);
        print_scores(&format!("n={ngram} w={window} K={min_units} {:.0} ms", t.as_secs_f64() * 1e3), &s, g.planted.len());
    }
}

/// Scaling: `cargo test --release --test reuse -- --ignored scaling --nocapture`.
#[test]
#[ignore]
fn scaling() {
    for n in [50, 100, 200, 400] {
        let g = generate(n, 20_000, 3, 5);
        let bytes: usize = g.texts.iter().map(String::len).sum();
        let (r, load, t) = run(&g, &ReuseOptions::default());
        let s = score(&g, &r);
        print_scores(
            &format!("{n} docs {:.1} MB: add {:.0} ms, reuse {:.0} ms", bytes as f64 / 1e6, load.as_secs_f64() * 1e3, t.as_secs_f64() * 1e3),
            &s,
            g.planted.len(),
        );
    }
}


/// Thirty versions of one wire story: each edits 3% of the units, drops one paragraph and adds one
/// of its own. Every version is near every other; the story's paragraphs are clusters across all
/// versions, and each version's own paragraph is unique to it.
fn wire_story(versions: usize) -> (Corpus, Vec<String>) {
    let book = load_book("text/en/gutenberg_2701_moby_dick.txt", false);
    let paras: Vec<String> = (0..12).map(|p| book.sentences[3000 + p * 4..3004 + p * 4].join(" ")).collect();
    let mut rng = Rng(99);
    let mut c = Corpus::new();
    let mut own = Vec::new();
    let mut next_own = 5000;
    for v in 0..versions {
        let drop = rng.below(paras.len());
        // Own paragraphs: consecutive sentences, at least 40 words, never overlapping.
        let mut mine = String::new();
        while units(&mine, false) < 40 {
            mine = format!("{mine} {}", book.sentences[next_own]).trim().to_owned();
            next_own += 1;
        }
        let mut out: Vec<String> = Vec::new();
        for (p, text) in paras.iter().enumerate() {
            if p != drop {
                out.push(edit(text, false, 0.03, &mut rng));
            }
            if p == 5 {
                out.push(mine.clone());
            }
        }
        own.push(mine);
        c.add_document(&format!("v{v:02}.txt"), out.join("\n\n").as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    }
    (c, own)
}

#[test]
fn versions_of_a_wire_story() {
    for versions in [12, 40] {
        let (c, own) = wire_story(versions);
        let r = reuse(&c, &ReuseOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        assert!(!r.truncated, "{:?}", r.truncation);
        // Every version is its own paragraph plus what it shares with the others, give or take
        // a few words at an edited end ("… ha, ha’s the final consequence." ending in
        // "… allegedly the final consequence." is not worth a passage of its own).
        for cov in &r.coverage {
            let unique: u32 = cov.unique.iter().map(|u| u.units).sum();
            assert!(cov.shared_units + unique + 8 >= cov.units, "{versions}: {cov:?}");
            assert_eq!(cov.unique.len(), 1, "{versions}: {cov:?}");
        }
        // Each version's own paragraph is reported unique to it, nearly whole.
        for (i, cov) in r.coverage.iter().enumerate() {
            let mine = &own[i];
            // A few words of an edited neighbour may come along ("…that is forward!" whose
            // other versions end "…that is toward!"); the own paragraph is there whole, or nearly.
            let found = cov.unique.iter().any(|u| {
                u.text.contains(mine.as_str()) || (mine.contains(u.text.trim()) && 10 * u.text.len() >= 8 * mine.len())
            });
            assert!(found, "{versions}: version {i}: {:?}", cov.unique.iter().map(|u| &u.text).collect::<Vec<_>>());
        }
        // The story's paragraphs travel across (nearly) all versions: the largest cluster
        // holds at least all but the versions that dropped that paragraph.
        let biggest = r.clusters.iter().map(|c| c.documents).max().unwrap_or(0);
        assert!(biggest as usize >= versions * 3 / 4, "{versions}: biggest cluster {biggest}");
        println!(
            "{versions} versions: {} clusters (sizes {:?}), {} passages",
            r.clusters.len(),
            r.clusters.iter().map(|c| c.documents).take(20).collect::<Vec<_>>(),
            r.passages.len()
        );
        // The words of the edits are the planted edit words.
        let top: Vec<&str> = r.edit_words.edited.iter().take(6).map(|w| w.term.as_str()).collect();
        assert!(EDIT_WORDS_EN.iter().filter(|w| top.contains(w)).count() >= 3, "{top:?}");
    }
}

#[test]
fn more_than_500_documents_are_refused() {
    let mut c = Corpus::new();
    for i in 0..501 {
        c.add_document(&format!("{i}.txt"), format!("document number {i}").as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    }
    let e = reuse(&c, &ReuseOptions::default()).err();
    assert_eq!(e.map(|e| (e.name(), e.message().to_owned())), Some(("TooLarge", "501 documents are more than the 500 one analysis takes".into())));
    let some = ReuseOptions { documents: (0..500).collect(), ..ReuseOptions::default() };
    assert!(reuse(&c, &some).is_ok());
}

/// Twenty-four "papers" re-printing the seed pages, each leaving out other paragraphs (the
/// seeds' PDF line breaks cut some paragraphs in two, so cuts fall mid-sentence too). Copies are
/// exact, so every cluster must hold the same text in every member: the clusters may not chain
/// different paragraphs together just because documents share different stretches.
#[test]
fn papers_keeping_different_paragraphs_make_clean_clusters() {
    let split = |p: &str| -> Vec<String> {
        let t = String::from_utf8_lossy(&read(p)).to_string();
        let mut out = Vec::new();
        let mut cur = String::new();
        for line in t.split('\n') {
            if line.trim().is_empty() {
                if !cur.trim().is_empty() { out.push(cur.clone()); }
                cur.clear();
            } else {
                if !cur.is_empty() { cur.push('\n'); }
                cur.push_str(line);
            }
        }
        if !cur.trim().is_empty() { out.push(cur); }
        out
    };
    let base = split(SEED_A);
    let other = split(SEED_B);
    let mut c = Corpus::new();
    for i in 0..24usize {
        let src = if i % 3 == 0 { &other } else { &base };
        let keep: Vec<&str> = src.iter().enumerate().filter(|(k, _)| (k * 7 + i * 3) % 5 != 0).map(|(_, p)| p.as_str()).collect();
        c.add_document(&format!("paper-{i:02}"), keep.join("\n\n").as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    }
    let r = reuse(&c, &ReuseOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert!(!r.truncated);
    assert!(r.clusters.len() >= 10, "{} clusters", r.clusters.len());
    // Short clusters at the seams (the sentence 蔡奇、王毅参加会晤。 ends a report in both pages and
    // is followed by different text) may hold copies whose ends differ; the rest are exact.
    let members: Vec<_> = r.clusters.iter().flat_map(|c| &c.members).collect();
    let exact = members.iter().filter(|m| m.same_percent >= 90.0).count();
    println!("{exact} of {} copies ≥ 90% the same as their reference, {} clusters", members.len(), r.clusters.len());
    assert!(exact * 100 >= members.len() * 95, "{exact} of {}", members.len());
    for c in r.clusters.iter().filter(|c| c.units >= 50) {
        assert!(c.members.iter().all(|m| m.same_percent >= 90.0), "cluster {}: {:?}", c.id, c.members.iter().map(|m| m.same_percent).collect::<Vec<_>>());
    }
    // The Chongqing meeting, only in papers re-printing 000, is clustered among those alone.
    let chongqing: Vec<_> = r.clusters.iter().filter(|c| c.members.iter().any(|m| m.text.contains("养老服务"))).collect();
    assert!(!chongqing.is_empty());
    assert!(chongqing.iter().all(|c| c.members.iter().all(|m| m.doc % 3 != 0)));
}
