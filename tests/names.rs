//! Names in single sentences and single documents, without a user dictionary or
//! corpus discovery (issue #14, `src/segment/names.rs`).
//!
//! Sources of the sentences: the seed pages (../shared/corpus/seeds/, 2 September 2025,
//! Xinhua reports as printed by 重庆日报 and 天津日报), and Xinhua / Ministry of Foreign
//! Affairs wire formulas of 2023–2025 naming the officials who held those posts then
//! (外交部发言人毛宁, 国务院总理李强, 乌克兰总统泽连斯基, 以色列总理内塔尼亚胡, 联合国秘书长古特雷斯,
//! 新华社记者 李学仁 摄, the 2023 Politburo Standing Committee in protocol order).

use textlens::segment::Segmenter;

const SEED_A: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/seeds/000_61b16b637bcca7d8.txt");
const SEED_B: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/seeds/001_242e04c1848bbad0.txt");

fn words(seg: &Segmenter, text: &str) -> Vec<String> {
    seg.segment(text).iter().filter(|t| t.kind.is_wordlike()).map(|t| t.span.slice(text).to_owned()).collect()
}

/// (pattern, sentence, the names that must be single tokens)
const TABLE: &[(&str, &str, &[&str])] = &[
    // Bylines: names after 记者, separated by spaces, one after the other.
    ("byline", "新华社北京9月2日电（记者 杨依军 曹嘉明）", &["杨依军", "曹嘉明"]),
    ("byline", "■记者 魏彧 孙启明 史莺 廖晨霞", &["魏彧", "孙启明", "史莺", "廖晨霞"]),
    ("byline", "新重庆-重庆日报记者 卢志民", &["卢志民"]),
    // Photo credits: a name before 摄.
    ("photo credit", "新华社记者 丁海涛 摄", &["丁海涛"]),
    ("photo credit", "新华社记者 李学仁 摄", &["李学仁"]),
    ("photo credit", "图为会谈现场。 鞠鹏 摄", &["鞠鹏"]),
    // Titles: a name after 主席 / 总统 / 总理 / 发言人 / 书记.
    ("title", "外交部发言人郭嘉昆2日宣布", &["郭嘉昆"]),
    ("title", "市委书记袁家军主持会议并讲话。", &["袁家军"]),
    ("title", "外交部发言人毛宁主持例行记者会。", &["毛宁"]),
    ("title", "国务院总理李强出席开幕式并致辞。", &["李强"]),
    ("title", "国家主席习近平同俄罗斯总统普京举行会谈", &["习近平", "普京"]),
    // Speakers: a name before 说 / 表示 at the start of a clause.
    ("speaker", "“欢迎俄罗斯朋友多来中国。”郭嘉昆说。", &["郭嘉昆"]),
    // Lists of names, 、-separated.
    ("list", "蔡奇、王毅参加上述活动。", &["蔡奇", "王毅"]),
    ("list", "李强、赵乐际、王沪宁、蔡奇、丁薛祥、李希参加会见。", &["李强", "赵乐际", "王沪宁", "蔡奇", "丁薛祥", "李希"]),
    // Transliterated names, with or without a title before them.
    ("transliteration", "蒙古国总统呼日勒苏赫在北京人民大会堂", &["呼日勒苏赫"]),
    ("transliteration", "呼日勒苏赫表示，中俄是蒙古国的重要邻国", &["呼日勒苏赫"]),
    ("transliteration", "乌克兰总统泽连斯基表示", &["泽连斯基"]),
    ("transliteration", "以色列总理内塔尼亚胡当天说", &["内塔尼亚胡"]),
    ("transliteration", "联合国秘书长古特雷斯发表讲话", &["古特雷斯"]),
    ("transliteration", "俄罗斯外长拉夫罗夫说", &["拉夫罗夫"]),
];

#[test]
fn names_in_single_sentences() {
    let seg = Segmenter::new();
    let mut failures = Vec::new();
    for (pattern, sentence, names) in TABLE {
        let w = words(&seg, sentence);
        for name in *names {
            if !w.iter().any(|x| x == name) {
                failures.push(format!("{pattern}: {name} not whole in {}", w.join("|")));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Every pattern of the issue is covered.
    for pattern in ["byline", "photo credit", "title", "list", "transliteration"] {
        assert!(TABLE.iter().any(|(p, _, _)| *p == pattern), "{pattern}");
    }
}

#[test]
fn traditional_script_names_too() {
    let seg = Segmenter::new();
    let w = words(&seg, "外交部發言人郭嘉昆說，蒙古國總統呼日勒蘇赫");
    for name in ["郭嘉昆", "呼日勒蘇赫"] {
        assert!(w.iter().any(|x| x == name), "{name} in {w:?}");
    }
}

/// Contexts that look like a name's but hold none stay as the dictionary cuts them.
#[test]
fn no_names_where_there_are_none() {
    let seg = Segmenter::new();
    let table: &[(&str, &[&str])] = &[
        ("在习近平总书记和党中央的坚强领导下", &["和", "党中央"]),
        ("能源、航天、卫生、科研等领域", &["卫生", "科研"]),
        ("当日例行记者会上", &["记者", "会"]),
        ("主席台上", &["主席台"]),
        ("中方愿同俄方、蒙方一道", &["俄方"]),
    ];
    for (text, expected) in table {
        let w = words(&seg, text);
        for e in *expected {
            assert!(w.iter().any(|x| x == e), "{e} not a word of {text}: {w:?}");
        }
    }
}

#[test]
fn seed_names_whole_when_each_seed_is_segmented_alone() {
    let seg = Segmenter::new();
    let a = std::fs::read_to_string(SEED_A).unwrap_or_else(|e| panic!("{SEED_A}: {e}"));
    let b = std::fs::read_to_string(SEED_B).unwrap_or_else(|e| panic!("{SEED_B}: {e}"));
    for (text, names) in [
        (&a, &["呼日勒苏赫", "郭嘉昆", "袁家军", "卢志民", "蔡奇", "王毅", "习近平", "普京"][..]),
        (&b, &["呼日勒苏赫", "杨依军", "曹嘉明", "丁海涛", "魏彧", "孙启明", "史莺", "廖晨霞", "蔡奇", "王毅"][..]),
    ] {
        let w = words(&seg, text);
        for name in names {
            let tokens = w.iter().filter(|x| x == name).count();
            assert_eq!(tokens, text.matches(name).count(), "{name}: every occurrence one token");
        }
    }
}

#[test]
fn names_off_gives_the_dictionary_cut() {
    let mut seg = Segmenter::new();
    seg.set_names(false);
    assert_eq!(words(&seg, "总统呼日勒苏赫"), ["总统", "呼日勒", "苏赫"]);
    assert!(words(&seg, "新华社记者 丁海涛 摄").contains(&"海涛".to_owned()));
}
