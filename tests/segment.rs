//! Integration tests of segmentation on real text: the seed pair (two
//! newspaper pages of 2 September 2025, ../shared/corpus/seeds/), the number
//! and date rule, links and emoji, the user dictionary, discovered terms, and
//! the invariants of spans (property tests).

use proptest::prelude::*;
use textlens::segment::{Segmenter, TokenKind};
use textlens::span::Utf16Index;
use textlens::Corpus;

const SEED_A: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/seeds/000_61b16b637bcca7d8.txt");
const SEED_B: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/seeds/001_242e04c1848bbad0.txt");

fn read(path: &str) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn seeds() -> Corpus {
    let mut c = Corpus::new();
    for path in [SEED_A, SEED_B] {
        c.add_document(path, &read(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    }
    c
}

/// How many tokens of the corpus have exactly this text.
fn token_count(c: &Corpus, term: &str) -> usize {
    c.stored_documents().iter().flat_map(|d| d.tokens.iter().map(move |t| d.token_text(t))).filter(|t| *t == term).count()
}

/// How many times the text occurs in the documents.
fn text_count(c: &Corpus, term: &str) -> usize {
    c.stored_documents().iter().map(|d| d.text.matches(term).count()).sum()
}

fn tokens(seg: &Segmenter, text: &str) -> Vec<String> {
    seg.segment(text)
        .iter()
        .filter(|t| t.kind != TokenKind::Space)
        .map(|t| t.span.slice(text).to_owned())
        .collect()
}

#[test]
fn seed_names_are_single_terms_without_a_user_dictionary() {
    let c = seeds();
    let found: Vec<String> = c.discovered_entries().iter().map(|(d, _)| d.text.clone()).collect();
    // Counted with str::matches on the raw files: 上海合作组织 7 + 11, 呼日勒苏赫 2 + 2.
    for (name, truth) in [("上海合作组织", 18), ("呼日勒苏赫", 4)] {
        assert_eq!(text_count(&c, name), truth, "{name} in the text");
        assert_eq!(token_count(&c, name), truth, "{name} as tokens; discovered {found:?}");
    }
    // 呼日勒苏赫 is whole in each document alone (a transliterated name, segment/names.rs);
    // the organisation's name needs the corpus (or, with the `cedict` feature, the dictionary).
    if !cfg!(feature = "cedict") {
        assert!(found.contains(&"上海合作组织".to_owned()), "上海合作组织 not among discovered {found:?}");
    }
    assert!(c.user_dictionary().is_empty());
}

#[test]
fn stock_dictionary_alone_splits_the_names() {
    // Why discovery is needed: without the corpus, the dictionary cuts an organisation's
    // name; a transliterated name is found without it, unless names are off.
    let mut seg = Segmenter::new();
    let sco: &[&str] = if cfg!(feature = "cedict") { &["上海合作组织", "峰会"] } else { &["上海", "合作", "组织", "峰会"] };
    assert_eq!(tokens(&seg, "上海合作组织峰会"), sco);
    assert_eq!(tokens(&seg, "总统呼日勒苏赫"), ["总统", "呼日勒苏赫"]);
    seg.set_names(false);
    assert_eq!(tokens(&seg, "总统呼日勒苏赫"), ["总统", "呼日勒", "苏赫"]);
}

#[test]
fn rejecting_a_discovered_term_splits_it_again() {
    let mut c = seeds();
    let applied = token_count(&c, "全球治理");
    assert!(applied >= 20, "{applied}");
    assert!(c.set_discovered_term("全球治理", false).is_ok());
    assert_eq!(token_count(&c, "全球治理"), 0);
    assert_eq!(token_count(&c, "上海合作组织"), 18, "other terms stay applied");
    assert!(c.set_discovered_term("全球治理", true).is_ok());
    assert_eq!(token_count(&c, "全球治理"), applied);
    let e = c.set_discovered_term("不存在", false).err().map(|e| e.name());
    assert_eq!(e, Some("InvalidOption"));
}

#[test]
fn user_dictionary_resegments_every_document() {
    let mut c = seeds();
    assert!(token_count(&c, "全球治理倡议") == 0);
    let answer = c.set_user_dictionary("# from the page\n全球治理倡议 50000\n中俄关系\n").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((answer.entries, answer.words), (2, vec!["中俄关系".to_owned(), "全球治理倡议".to_owned()]));
    assert_eq!(token_count(&c, "全球治理倡议"), text_count(&c, "全球治理倡议"));
    assert_eq!(token_count(&c, "中俄关系"), text_count(&c, "中俄关系"));
    assert!(text_count(&c, "中俄关系") > 0);
    let e = c.set_user_dictionary("习近平 many\n").err().map(|e| e.to_string()).unwrap_or_default();
    assert!(e.contains("line 1") && e.contains("many"), "{e}");
    assert_eq!(c.user_dictionary().len(), 2, "a bad dictionary leaves the old one");
}

#[test]
fn key_terms_of_the_seeds() {
    let seg = Segmenter::new();
    let text = String::from_utf8(read(SEED_A)).unwrap_or_default();
    let words = tokens(&seg, &text);
    for term in ["习近平", "普京", "俄罗斯", "总统", "治理", "倡议", "天津", "蒙古", "乌兰巴托"] {
        let n = words.iter().filter(|w| *w == term).count();
        let m = text.matches(term).count();
        assert!(m == 0 || n > 0, "{term}: in the text {m} times, never a token");
    }
    let table: &[(&str, &[&str])] = &[
        ("国家主席习近平在北京", &["国家", "主席", "习近平", "在", "北京"]),
        ("同俄罗斯总统普京举行会谈。", &["同", "俄罗斯", "总统", "普京", "举行", "会谈", "。"]),
        ("國家主席習近平同俄羅斯總統普京舉行會談", &["國家", "主席", "習近平", "同", "俄羅斯", "總統", "普京", "舉行", "會談"]),
    ];
    for (text, expected) in table {
        assert_eq!(tokens(&seg, text), *expected, "{text}");
    }
}

#[test]
fn numbers_dates_and_units() {
    let seg = Segmenter::new();
    let table: &[(&str, &[&str])] = &[
        ("9月2日上午", &["9月2日", "上午"]),
        ("2025年上海", &["2025年", "上海"]),
        ("2025年9月2日", &["2025年9月2日"]),
        ("胜利80周年活动", &["胜利", "80周年", "活动"]),
        ("签署20余份合作文件", &["签署", "20余份", "合作", "文件"]),
        ("3.5亿元", &["3.5亿元"]),
        ("增长12.5%", &["增长", "12.5%"]),
        ("１０月", &["１０月"]),
        ("一个国家", &["一", "个", "国家"]),
        ("in 2025 only", &["in", "2025", "only"]),
    ];
    for (text, expected) in table {
        assert_eq!(tokens(&seg, text), *expected, "{text}");
    }
    let kinds: Vec<TokenKind> = seg.segment("9月2日").iter().map(|t| t.kind).collect();
    assert_eq!(kinds, [TokenKind::Number]);
    let mut gold = Segmenter::new();
    gold.set_join_numbers(false);
    assert_eq!(tokens(&gold, "2025年9月2日"), ["2025", "年", "9", "月", "2", "日"]);
}

#[test]
fn links_emoji_and_latin_inside_chinese() {
    let seg = Segmenter::new();
    let table: &[(&str, &[&str])] = &[
        ("访问https://www.gov.cn/zhengce了解。", &["访问", "https://www.gov.cn/zhengce", "了解", "。"]),
        ("联系press@xinhua.org。", &["联系", "press@xinhua.org", "。"]),
        ("家庭👨‍👩‍👧好👍🏽", &["家庭", "👨‍👩‍👧", "好", "👍🏽"]),
        ("使用WebAssembly技术", &["使用", "WebAssembly", "技术"]),
        ("中国🇨🇳", &["中国", "🇨🇳"]),
    ];
    for (text, expected) in table {
        assert_eq!(tokens(&seg, text), *expected, "{text}");
    }
    let kinds: Vec<TokenKind> = seg.segment("好👨‍👩‍👧").iter().map(|t| t.kind).collect();
    assert_eq!(kinds, [TokenKind::Word, TokenKind::Emoji]);
}

#[test]
fn sentences_of_the_seeds_end_at_terminals() {
    let c = seeds();
    for d in c.stored_documents() {
        assert!(d.sentences.len() > 20, "{}: {} sentences", d.name, d.sentences.len());
        for s in &d.sentences {
            let text = s.slice(&d.text);
            let last = text.chars().rev().find(|c| !"”」』）》".contains(*c));
            let para_end = d.paragraphs.iter().any(|p| p.end == s.end);
            assert!(para_end || last.is_some_and(|c| "。！？!?…".contains(c)), "{text:?}");
        }
    }
}

fn shared() -> &'static Segmenter {
    static SEG: std::sync::OnceLock<Segmenter> = std::sync::OnceLock::new();
    SEG.get_or_init(Segmenter::new)
}

proptest! {
    #[test]
    fn spans_tile_and_utf16_slices_match(text in "[a-zA-Z0-9 .,@:/年月日个的国家上海合作组织習近平呼日勒苏赫。！？“”\\n👍🏽-]{0,80}") {
        let toks = shared().segment(&text);
        let mut pos = 0usize;
        for t in &toks {
            prop_assert_eq!(t.span.start as usize, pos);
            prop_assert!(t.span.end > t.span.start);
            pos = t.span.end as usize;
        }
        prop_assert_eq!(pos, text.len());
        let index = Utf16Index::new(&text);
        let utf16: Vec<u16> = text.encode_utf16().collect();
        for t in &toks {
            let (s, e) = (index.to_utf16(&text, t.span.start as usize), index.to_utf16(&text, t.span.end as usize));
            let from16 = String::from_utf16(&utf16[s..e]).unwrap_or_default();
            prop_assert_eq!(from16.as_str(), t.span.slice(&text));
        }
    }
}

/// textlens's segmenter re-implements jieba over a compiled dictionary: with
/// the refinements off it must cut every Han run exactly as jieba-rs does with
/// the same dictionary.
#[test]
fn han_runs_cut_exactly_as_jieba_does() {
    // The same dictionary build.rs compiles: jieba's (plus, with the `cedict` feature, the
    // CC-CEDICT words at frequency 2).
    let mut dict = String::from_utf8(read(concat!(env!("CARGO_MANIFEST_DIR"), "/data/jieba/dict.txt"))).unwrap_or_default();
    if cfg!(feature = "cedict") {
        let cedict = String::from_utf8(read(concat!(env!("CARGO_MANIFEST_DIR"), "/data/cedict/words.txt"))).unwrap_or_default();
        for w in cedict.lines().filter(|w| !w.is_empty()) {
            dict.push_str(w);
            dict.push_str(" 2\n");
        }
    }
    let jieba = jieba_rs::Jieba::with_dict(&mut dict.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let mut seg = Segmenter::new();
    seg.set_join_numbers(false);
    seg.set_names(false);
    seg.set_refine_rules(textlens::segment::refine::RefineRules {
        classifier: false,
        yu_wei: false,
        suffix: false,
        compound: false,
    });
    let zh = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/text/zh/hongloumeng_simp.txt");
    let mut text = String::from_utf8(read(SEED_A)).unwrap_or_default();
    text.push_str(&String::from_utf8(read(SEED_B)).unwrap_or_default());
    let novel = String::from_utf8(read(zh)).unwrap_or_default();
    text.push_str(novel.get(..novel.char_indices().nth(60_000).map_or(novel.len(), |(i, _)| i)).unwrap_or(""));
    let mut runs = 0;
    for run in text.split(|c: char| !('\u{4E00}'..='\u{9FD5}').contains(&c)).filter(|r| !r.is_empty()) {
        let ours: Vec<&str> = seg.segment(run).iter().map(|t| t.span.slice(run)).collect();
        let theirs: Vec<&str> = jieba.cut(run, true).iter().map(|t| t.word).collect();
        assert_eq!(ours, theirs, "run {run}");
        runs += 1;
    }
    assert!(runs > 5_000, "{runs} runs");
}

fn cli(args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_textlens"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("textlens {args:?}: {e}"));
    assert!(out.status.success(), "textlens {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap_or_default()
}

#[test]
fn cli_spaced_keeps_lines_and_takes_a_user_dictionary() {
    let text = String::from_utf8(read(SEED_A)).unwrap_or_default();
    let out = cli(&["segment", SEED_A]);
    let lines_in: Vec<&str> = text.lines().collect();
    let lines_out: Vec<&str> = out.lines().collect();
    assert_eq!(lines_out.len(), lines_in.len(), "line N out is line N in");
    for (i, o) in lines_in.iter().zip(&lines_out) {
        let squeezed: String = i.chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(o.replace(' ', ""), squeezed);
        assert!(!o.contains("  ") && !o.starts_with(' '), "single spaces between words: {o:?}");
    }
    let words = |out: &str| -> Vec<String> { out.split_whitespace().map(str::to_owned).collect() };
    let plain = words(&out);
    assert!(plain.iter().any(|w| w == "习近平") && plain.iter().any(|w| w == "9月2日"));
    assert!(!plain.iter().any(|w| w == "全球治理倡议"));

    let dict = std::env::temp_dir().join(format!("textlens-dict-{}.txt", std::process::id()));
    std::fs::write(&dict, "全球治理倡议\n").unwrap_or_else(|e| panic!("{e}"));
    let with_dict = cli(&["segment", "--dict", dict.to_str().unwrap_or(""), SEED_A]);
    let _ = std::fs::remove_file(&dict);
    let n = words(&with_dict).iter().filter(|w| *w == "全球治理倡议").count();
    assert_eq!(n, text.matches("全球治理倡议").count());

    let gold = words(&cli(&["segment", "--split-numbers", "--no-discover", SEED_A, SEED_B]));
    assert!(gold.windows(4).any(|w| w == ["9", "月", "2", "日"]), "UD convention");
    assert!(!gold.iter().any(|w| w == "上海合作组织"), "no discovery");
    assert_eq!(gold.iter().filter(|w| *w == "呼日勒苏赫").count(), 4, "a name, found in each file alone");
    let discovered = words(&cli(&["segment", SEED_A, SEED_B]));
    assert_eq!(discovered.iter().filter(|w| *w == "上海合作组织").count(), 18, "discovered across the two files");
}

#[test]
fn cli_json_tokens_spell_the_text_with_utf16_offsets() {
    let out = cli(&["segment", "--json", SEED_B]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}"));
    let text = String::from_utf8(read(SEED_B)).unwrap_or_default();
    let utf16: Vec<u16> = text.encode_utf16().collect();
    let tokens = v["documents"][0]["tokens"].as_array().cloned().unwrap_or_default();
    assert!(tokens.len() > 1000);
    let mut spelled = String::new();
    for t in &tokens {
        let piece = t["text"].as_str().unwrap_or("");
        spelled.push_str(piece);
        let (s, e) = (t["start16"].as_u64().unwrap_or(0) as usize, t["end16"].as_u64().unwrap_or(0) as usize);
        assert_eq!(String::from_utf16(&utf16[s..e]).unwrap_or_default(), piece);
    }
    assert_eq!(spelled, text);
    let names = tokens.iter().filter(|t| t["text"] == "上海合作组织").count();
    assert_eq!(names, text.matches("上海合作组织").count(), "discovered across the input files");
}

/// Applying discovered terms re-segments only the stretches around them; the
/// result must equal segmenting each whole document afresh with those terms.
#[test]
fn partial_resegmentation_equals_a_fresh_segmentation() {
    let c = seeds();
    let mut fresh = Segmenter::new();
    for (d, rejected) in c.discovered_entries() {
        if !rejected {
            fresh.add_word(&d.text, None);
        }
    }
    for d in c.stored_documents() {
        let expected: Vec<(u32, u32, TokenKind)> =
            fresh.segment(&d.text).iter().map(|t| (t.span.start, t.span.end, t.kind)).collect();
        let got: Vec<(u32, u32, TokenKind)> = d.tokens.iter().map(|t| (t.span.start, t.span.end, t.kind)).collect();
        assert_eq!(got.len(), expected.len(), "{}", d.name);
        assert!(got == expected, "{}: tokens differ", d.name);
    }
}
