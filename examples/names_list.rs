//! Prints the names (people, places, organisations) of the files given, with counts per file.
//! `cargo run --release --example names_list FILE…`
fn main() {
    let mut c = textlens::Corpus::new();
    for p in std::env::args().skip(1) {
        match std::fs::read(&p) {
            Ok(b) => {
                if let Err(e) = c.add_document(&p, &b) {
                    eprintln!("{p}: {e}");
                }
            }
            Err(e) => eprintln!("{p}: {e}"),
        }
    }
    let r = textlens::terms::names(&c, &Default::default());
    for n in &r.names {
        println!("{:?}\t{}\t{}\t{:?}", n.kind, n.name, n.count, n.per_doc);
    }
}
