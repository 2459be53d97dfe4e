//! The core's modules import each other without a cycle (issue #10).
//!
//! Reads `src/**/*.rs` (not the bindings `src/wasm.rs` and `src/bin/`, which sit
//! on top of everything), collects every `crate::…` and `super::…` path in code (not comments) outside
//! `#[cfg(test)]` modules, and checks two graphs for cycles:
//! - the top-level modules (`report`, `corpus`, `terms`, …): an edge from the
//!   module a file belongs to, to each top-level module it names;
//! - inside each folder module, its child modules (`compare::align` →
//!   `compare::anchors`); references to the folder's own `mod.rs` items are
//!   the parent's, not a sibling's, and are left out.
//!
//! `docs/architecture.md` draws the resulting layers.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module path of a source file: `src/a.rs` → `[a]`, `src/a/mod.rs` → `[a]`, `src/a/b.rs` → `[a, b]`.
fn module_of(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let last = parts.pop().unwrap_or_default();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_owned());
    }
    parts
}

fn sources(dir: &Path, root: &Path, out: &mut Vec<(Vec<String>, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let rel = path.strip_prefix(root).unwrap().to_path_buf();
        if path.is_dir() {
            if rel != Path::new("bin") {
                sources(&path, root, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") && rel != Path::new("wasm.rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            // Unit tests may reach anywhere; they sit at the end of each file.
            let body = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
            // Comments (and doc comments) may name any module; only code counts.
            let body: String = body.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n");
            out.push((module_of(&rel), body));
        }
    }
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The paths after each `prefix::` in `text`, as lists of identifiers; a
/// group `prefix::{a::b, c}` gives `[a, b]` and `[c]` (first level of nesting only).
fn paths_after(text: &str, prefix: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let needle = format!("{prefix}::");
    let mut rest = text;
    while let Some(at) = rest.find(&needle) {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + needle.len()..];
        if before.is_some_and(is_ident) {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            // Items at the group's own level: split at its commas, skipping nested groups.
            let (mut depth, mut start) = (0usize, 0usize);
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        out.push(idents(group[start..i].trim()));
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.push(idents(group[start..i].trim()));
                        start = i + 1;
                    }
                    _ => {}
                }
            }
        } else {
            out.push(idents(rest));
        }
    }
    out
}

/// `a::b::{…}` or `a::b::C` → `[a, b, C]` (stops at the first non-path character).
fn idents(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s;
    loop {
        let len = rest.find(|c: char| !is_ident(c)).unwrap_or(rest.len());
        if len == 0 {
            break;
        }
        out.push(rest[..len].to_owned());
        rest = &rest[len..];
        match rest.strip_prefix("::") {
            Some(r) => rest = r,
            None => break,
        }
    }
    out
}

/// A cycle of `graph`, if it has one.
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_owned(), 1);
        stack.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            match state.get(next.as_str()) {
                Some(1) => {
                    let from = stack.iter().position(|n| n == next).unwrap_or(0);
                    let mut found = stack[from..].to_vec();
                    found.push(next.clone());
                    return Some(found);
                }
                Some(_) => {}
                None => {
                    if let Some(found) = visit(next, graph, state, stack) {
                        return Some(found);
                    }
                }
            }
        }
        stack.pop();
        state.insert(node.to_owned(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if !state.contains_key(node.as_str()) {
            if let Some(found) = visit(node, graph, &mut state, &mut Vec::new()) {
                return Some(found);
            }
        }
    }
    None
}

#[test]
fn core_modules_import_each_other_without_a_cycle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &root, &mut files);
    let modules: BTreeSet<Vec<String>> = files.iter().map(|(m, _)| m.clone()).collect();
    let top_level: BTreeSet<String> = modules.iter().filter_map(|m| m.first().cloned()).collect();
    assert!(top_level.contains("report") && top_level.contains("corpus"), "{top_level:?}");

    let mut top: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut siblings: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, text) in &files {
        let Some(own_top) = module.first() else { continue };
        top.entry(own_top.clone()).or_default();
        let mut targets: Vec<Vec<String>> = paths_after(text, "crate");
        // `super::x` in `a::b` names `a::x`; in `a` (a mod.rs) it would name the crate root.
        if module.len() >= 2 {
            let parent = &module[..module.len() - 1];
            for p in paths_after(text, "super") {
                targets.push(parent.iter().cloned().chain(p).collect());
            }
        }
        for target in targets {
            let Some(first) = target.first() else { continue };
            if top_level.contains(first) && first != own_top {
                top.entry(own_top.clone()).or_default().insert(first.clone());
            }
            // A sibling: same parent, a child module of it that is not this file's.
            if module.len() >= 2 && target.len() >= module.len() {
                let parent = &module[..module.len() - 1];
                let named: Vec<String> = target[..module.len()].to_vec();
                if target.starts_with(parent) && modules.contains(&named) && &named != module {
                    siblings.entry(module.join("::")).or_default().insert(named.join("::"));
                }
            }
        }
    }
    assert!(!top["report"].contains("corpus"), "report names corpus: {:?}", top["report"]);
    if let Some(found) = cycle(&top) {
        panic!("import cycle among the core's modules: {}", found.join(" → "));
    }
    if let Some(found) = cycle(&siblings) {
        panic!("import cycle among sibling modules: {}", found.join(" → "));
    }
}

#[test]
fn the_cycle_finder_finds_cycles() {
    let graph = |edges: &[(&str, &str)]| {
        let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (a, b) in edges {
            g.entry((*a).to_owned()).or_default().insert((*b).to_owned());
        }
        g
    };
    assert_eq!(cycle(&graph(&[("a", "b"), ("b", "c"), ("c", "a")])).map(|c| c.len()), Some(4));
    assert_eq!(cycle(&graph(&[("a", "b"), ("b", "c"), ("a", "c")])), None);
    assert_eq!(
        paths_after("use crate::{clean::{self, RepairKind}, span};\nlet x = crate::terms::idf(1, 2);", "crate"),
        vec![vec!["clean".to_owned()], vec!["span".to_owned()], vec![
            "terms".to_owned(),
            "idf".to_owned()
        ]]
    );
}
