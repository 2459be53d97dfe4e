//! Builds the Chinese dictionary and HMM tables at compile time, so the
//! segmenter starts without parsing 5 MB of text (see src/segment/lexicon.rs
//! for the layout it reads).
//!
//! * `OUT_DIR/dict.bin` from `data/jieba/dict.txt` (and `data/cedict/words.txt` with the
//!   `cedict` feature): a character trie with
//!   frequency and tag class per word; `OUT_DIR/first.rs`, the root's children.
//! * `OUT_DIR/hmm.rs` from `data/jieba/hmm.model`: jieba's BMES model as static arrays.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=data/jieba/dict.txt");
    println!("cargo:rerun-if-changed=data/jieba/hmm.model");
    println!("cargo:rerun-if-changed=data/cedict/words.txt");
    println!("cargo:rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let mut dict = std::fs::read_to_string("data/jieba/dict.txt").expect("data/jieba/dict.txt");
    // With the `cedict` feature: CC-CEDICT headwords jieba lacks (CC BY-SA 4.0, see
    // data/cedict/README.md), at frequency 2.
    if std::env::var_os("CARGO_FEATURE_CEDICT").is_some() {
        let cedict = std::fs::read_to_string("data/cedict/words.txt").expect("data/cedict/words.txt");
        for word in cedict.lines().map(str::trim).filter(|w| !w.is_empty()) {
            dict.push_str(word);
            dict.push_str(" 2\n");
        }
    }
    let (bin, first) = build_dict(&dict);
    std::fs::write(out.join("dict.bin"), bin).expect("write dict.bin");
    std::fs::write(out.join("first.rs"), first).expect("write first.rs");
    let hmm = std::fs::read_to_string("data/jieba/hmm.model").expect("data/jieba/hmm.model");
    std::fs::write(out.join("hmm.rs"), build_hmm(&hmm)).expect("write hmm.rs");
}

/// Tag classes the refinement rules look at: 0 other, 1 idiom (`i`), 2 fixed
/// expression (`l`), 3 person name (`nr`, `nrt`, `nrfg`), 4 organisation (`nt`).
fn tag_class(tag: &str) -> u8 {
    match tag {
        "i" => 1,
        "l" => 2,
        "nr" | "nrt" | "nrfg" => 3,
        "nt" => 4,
        _ => 0,
    }
}

/// The dictionary as a character trie in breadth-first order, so the children
/// of every node are consecutive nodes. Blob (little endian): node count `n`,
/// total frequency `u64`, `n + 1` first-child ids, `n` edge characters, `n`
/// frequencies, `n` flags (`0x80` = a word ends here, low bits = tag class).
/// Also a Rust table of the root's children for U+3400..U+A000 (0: none).
fn build_dict(text: &str) -> (Vec<u8>, String) {
    // Later lines replace the frequency of earlier ones, as jieba's loader does.
    let mut words: BTreeMap<&str, (u32, u8)> = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let mut it = line.split_whitespace();
        let Some(word) = it.next() else { continue };
        let freq: u32 = it.next().map_or(0, |f| f.parse().unwrap_or_else(|_| panic!("dict.txt line {}: bad frequency", n + 1)));
        let tag = tag_class(it.next().unwrap_or(""));
        let entry = words.entry(word).or_insert((freq, tag));
        entry.0 = freq;
    }
    let total: u64 = words.values().map(|&(f, _)| u64::from(f)).sum();
    // Build the trie with nested maps, then number it breadth first.
    #[derive(Default)]
    struct Node {
        children: BTreeMap<char, usize>,
        word: Option<(u32, u8)>,
    }
    let mut nodes: Vec<Node> = vec![Node::default()];
    for (w, &info) in &words {
        let mut k = 0;
        for c in w.chars() {
            k = match nodes[k].children.get(&c) {
                Some(&child) => child,
                None => {
                    nodes.push(Node::default());
                    let id = nodes.len() - 1;
                    nodes[k].children.insert(c, id);
                    id
                }
            };
        }
        nodes[k].word = Some(info);
    }
    let mut order: Vec<(usize, char)> = vec![(0, '\0')];
    let mut first_child: Vec<u32> = Vec::with_capacity(nodes.len() + 1);
    let mut q = 0;
    while q < order.len() {
        let (k, _) = order[q];
        first_child.push(order.len() as u32);
        for (&c, &child) in &nodes[k].children {
            order.push((child, c));
        }
        q += 1;
    }
    first_child.push(order.len() as u32);
    let n = order.len() as u32;
    let mut out = Vec::new();
    out.extend_from_slice(&n.to_le_bytes());
    out.extend_from_slice(&total.to_le_bytes());
    for f in &first_child {
        out.extend_from_slice(&f.to_le_bytes());
    }
    for &(_, c) in &order {
        out.extend_from_slice(&(c as u32).to_le_bytes());
    }
    for &(k, _) in &order {
        out.extend_from_slice(&nodes[k].word.map_or(0, |w| w.0).to_le_bytes());
    }
    for &(k, _) in &order {
        out.push(nodes[k].word.map_or(0, |w| 0x80 | w.1));
    }
    let (from, to) = (0x3400u32, 0xA000u32);
    let mut direct = vec![0u32; (to - from) as usize];
    let (a, b) = (first_child[0] as usize, first_child[1] as usize);
    for (id, &(_, c)) in order.iter().enumerate().take(b).skip(a) {
        if (from..to).contains(&(c as u32)) {
            direct[(c as u32 - from) as usize] = id as u32;
        }
    }
    let mut rs = String::from("// Generated by build.rs.\n");
    let _ = writeln!(rs, "pub(super) const ROOT_FROM: u32 = {from:#x};");
    let _ = write!(rs, "pub(super) static ROOT: [u32; {}] = [", direct.len());
    for (i, d) in direct.iter().enumerate() {
        if i % 32 == 0 {
            rs.push('\n');
        }
        let _ = write!(rs, "{d},");
    }
    rs.push_str("\n];\n");
    (out, rs)
}

fn build_hmm(model: &str) -> String {
    let mut lines = model.lines().filter(|l| !l.starts_with('#'));
    let start = lines.next().expect("hmm.model: start probabilities");
    let trans: Vec<&str> = lines.by_ref().take(4).collect();
    let mut emit: BTreeMap<char, [String; 4]> = BTreeMap::new();
    for (i, line) in lines.take(4).enumerate() {
        for pair in line.split(',') {
            let (w, p) = pair.split_once(':').expect("hmm.model: char:prob");
            let c = w.chars().next().expect("hmm.model: empty char");
            emit.entry(c).or_insert_with(|| std::array::from_fn(|_| "MIN_FLOAT".to_owned()))[i] = p.to_owned();
        }
    }
    let (lo, hi) = (0x4E00u32, 0x9FD5u32);
    let rows: Vec<(u32, &[String; 4])> =
        emit.iter().map(|(c, p)| (*c as u32, p)).filter(|(c, _)| (lo..=hi).contains(c)).collect();
    let mut s = String::new();
    s.push_str("// Generated by build.rs from data/jieba/hmm.model.\n");
    let _ = writeln!(s, "pub(super) static START: [f64; 4] = [{}];", start.split(' ').collect::<Vec<_>>().join(", "));
    s.push_str("pub(super) static TRANS: [[f64; 4]; 4] = [\n");
    for t in &trans {
        let _ = writeln!(s, "    [{}],", t.split(' ').collect::<Vec<_>>().join(", "));
    }
    s.push_str("];\n");
    let mut index = vec![u16::MAX; (hi - lo + 1) as usize];
    for (row, (c, _)) in rows.iter().enumerate() {
        index[(c - lo) as usize] = row as u16;
    }
    let _ = writeln!(s, "pub(super) const EMIT_FIRST: u32 = {lo:#x};");
    let _ = write!(s, "pub(super) static EMIT_INDEX: [u16; {}] = [", index.len());
    for (i, r) in index.iter().enumerate() {
        if i % 32 == 0 {
            s.push('\n');
        }
        let _ = write!(s, "{r},");
    }
    s.push_str("\n];\n");
    let _ = writeln!(s, "pub(super) static EMIT: [[f64; 4]; {}] = [", rows.len());
    for (_, p) in &rows {
        let _ = writeln!(s, "    [{}, {}, {}, {}],", p[0], p[1], p[2], p[3]);
    }
    s.push_str("];\n");
    s
}
