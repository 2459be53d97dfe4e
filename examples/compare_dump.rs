//! Prints the changes of a comparison (a development aid): `cargo run --example compare_dump A B`.
use textlens::{compare, CompareOptions, Corpus};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut c = Corpus::new();
    let mut ids = Vec::new();
    for p in &args[..2] {
        let bytes = std::fs::read(p).unwrap_or_default();
        let t = std::time::Instant::now();
        match c.add_document(p, &bytes) {
            Ok(s) => { ids.push(textlens::DocId(s.id)); eprintln!("loaded {p} in {:?}", t.elapsed()); }
            Err(e) => { eprintln!("{e}"); return; }
        }
    }
    let mut opts = CompareOptions::default();
    if args.iter().any(|a| a == "--ws") { opts.ignore_whitespace = true; }
    if args.iter().any(|a| a == "--char") { opts.granularity = textlens::Granularity::Character; }
    let quiet = args.iter().any(|a| a == "-q");
    for _ in 0..if quiet { 3 } else { 1 } {
        let t = std::time::Instant::now();
        let r = compare(&c, ids[0], ids[1], &opts).unwrap_or_else(|e| panic!("{e}"));
        eprintln!("compare: {:?}, {} ops, {} moves, {} rows, steps {}, truncated {}", t.elapsed(), r.ops.len(), r.moves.len(), r.rows.len(), r.steps, r.truncated);
        if quiet { eprintln!("{:?}", r.summary); continue; }
        for (i, o) in r.ops.iter().enumerate() {
            if o.kind != textlens::report::OpKind::Equal || std::env::var("ALL").is_ok() {
                println!("{i} {:?} {:?} -> {:?} move={:?} parts={:?}", o.kind, o.a_text, o.b_text, o.move_id,
                    o.parts.iter().map(|p| (p.kind, p.a_text.as_str(), p.b_text.as_str())).collect::<Vec<_>>());
            }
        }
        for m in &r.moves {
            println!("move {} ops {}..{} edited {} wordsA {}", m.id, m.from_op, m.to_op, m.edited, m.words_a);
            for o in &m.ops { if o.kind != textlens::report::OpKind::Equal { println!("   inner {:?} {:?} -> {:?}", o.kind, o.a_text, o.b_text); } }
        }
        for (i, row) in r.rows.iter().enumerate() {
            println!("row {i} {:?} ops {:?} a {:?} b {:?}", row.kind, row.ops, row.a_paragraphs, row.b_paragraphs);
        }
        println!("{:?}", r.summary);
    }
}
