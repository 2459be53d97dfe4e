//! Reuse over an archive in one process: records, every stage in turn, the
//! tables written as JSON lines.

use super::*;

/// A document of the archive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DocumentRow {
    pub id: String,
    /// Its place among all ids in byte order: the number the stages use.
    pub number: u32,
    pub chars: u32,
    pub units: u32,
}

/// A record that could not be used (`--on-error skip`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RecordError {
    /// The line of the input (1-based), when read from JSON lines.
    pub line: Option<u64>,
    pub id: Option<String>,
    pub kind: &'static str,
    pub message: String,
}

/// Every table of a reuse run over an archive.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Tables {
    pub documents: Vec<DocumentRow>,
    pub passages: Vec<PassageRow>,
    pub clusters: Vec<ClusterRow>,
    pub members: Vec<MemberRow>,
    pub coverage: Vec<CoverageRow>,
    pub doc_pairs: Vec<DocPairRow>,
    /// Records skipped (with `skip_errors`).
    pub errors: Vec<RecordError>,
    /// Budgets that were hit.
    pub truncation: Vec<String>,
}

/// One input record: an id and a text (`line` for messages).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub id: String,
    pub text: String,
    pub line: Option<u64>,
}

/// Reads one JSON line `{"id": "…", "text": "…", …}` (other fields ignored).
///
/// # Errors
/// [`ErrorKind::BadRecord`] naming the line: not JSON, not an object, no
/// string `id` or no string `text`.
pub fn parse_line(line: &str, number: u64) -> Result<Record> {
    parse_record(line, "line", number)
}

/// Reads one record given as a JSON object; messages name it as `what number`
/// (`line 7` of a file, `row 7` of a Python iterable).
///
/// # Errors
/// As [`parse_line`].
pub fn parse_record(line: &str, what: &str, number: u64) -> Result<Record> {
    let value: serde_json::Value = serde_json::from_str(line)
        .map_err(|e| Error::bad_record(format!("{what} {number}: not valid JSON ({e})")))?;
    let Some(object) = value.as_object() else {
        return Err(Error::bad_record(format!("{what} {number}: not a JSON object")));
    };
    let id = match object.get("id") {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => {
            return Err(Error::bad_record(format!("{what} {number}: `id` must be a string, got {}", json_type(other))))
        }
        None => return Err(Error::bad_record(format!("{what} {number}: no `id`"))),
    };
    let text = match object.get("text") {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => {
            return Err(Error::bad_record(format!(
                "{what} {number} (id {id:?}): `text` must be a string, got {}",
                json_type(other)
            )))
        }
        None => return Err(Error::bad_record(format!("{what} {number} (id {id:?}): no `text`"))),
    };
    Ok(Record { id, text, line: Some(number) })
}

fn json_type(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// Documents analysed per batch in [`run`] and [`run_jsonl`].
const BATCH: usize = 512;

/// Where a record's text is while the stages run.
enum TextAt {
    /// In memory (records handed over as values).
    Held(String),
    /// One line of the input file, `len` bytes from `start`: read and parsed again when needed.
    Line { start: u64, len: usize },
}

/// A record after stage 1: what the later stages need of it.
struct Entry {
    id: String,
    line: Option<u64>,
    at: TextAt,
    chars: u32,
    unit_count: u32,
    /// Units, when kept from stage 1 (texts in memory) or made again for alignment.
    units: Option<Units>,
    /// Its place among all records analysed: the document of its postings until numbers are given.
    index: u32,
}

/// Stage 1's output: the records, and the postings of all of them in one
/// vector (one per document would leave the heap fragmented by the
/// allocations of analysis between them, and allocation slower as it grows).
#[derive(Default)]
struct Analysis {
    records: Vec<(Entry, Option<Error>)>,
    postings: Vec<Posting>,
}

/// Stage 1 over a batch: each record as an [`Entry`] or its error (kept in
/// input order). Units are kept only with `keep_units`.
fn analyse_batch(batch: Vec<(Record, TextAt)>, options: &ArchiveOptions, keep_units: bool, out: &mut Analysis) {
    let ids: Vec<&str> = batch.iter().map(|(r, _)| r.id.as_str()).collect();
    let texts: Vec<&str> = batch.iter().map(|(r, _)| r.text.as_str()).collect();
    let analysed = analyse(&ids, &texts, options);
    for ((r, at), a) in batch.into_iter().zip(analysed) {
        let (a, e) = match a {
            Ok(a) => (a, None),
            Err(e) => (Analysed { units: Units::default(), fingerprints: Vec::new(), chars: 0 }, Some(e)),
        };
        let at = match at {
            TextAt::Held(_) => TextAt::Held(r.text),
            line => line,
        };
        let unit_count = a.units.len() as u32;
        let units = keep_units.then_some(a.units);
        let index = out.records.len() as u32;
        out.postings.extend(a.fingerprints.iter().map(|&(h, pos)| (h, index, pos)));
        out.records.push((Entry { id: r.id, line: r.line, at, chars: a.chars, unit_count, units, index }, e));
    }
}

/// Reuse over `records` in one process: every stage in turn, the same
/// functions the Spark job runs. With `skip_errors`, a record that cannot be
/// used is left out and listed in `errors`; without, the first one fails the run.
///
/// # Errors
/// Options out of range; with `skip_errors` off, the first bad record
/// ([`ErrorKind::BadRecord`] for a duplicate id, or the error of its text,
/// naming its id).
pub fn run(records: Vec<Result<Record>>, options: &ArchiveOptions, skip_errors: bool) -> Result<Tables> {
    options.check()?;
    if !skip_errors {
        if let Some(Err(e)) = records.iter().find(|r| r.is_err()) {
            return Err(e.clone());
        }
    }
    let mut unreadable = Vec::new();
    let mut entries = Analysis::default();
    let mut batch = Vec::with_capacity(BATCH);
    for r in records {
        match r {
            Ok(r) => batch.push((r, TextAt::Held(String::new()))),
            Err(e) => unreadable.push(e),
        }
        if batch.len() == BATCH {
            analyse_batch(std::mem::take(&mut batch), options, true, &mut entries);
        }
    }
    analyse_batch(batch, options, true, &mut entries);
    stages(entries, unreadable, options, skip_errors, &mut |_| Ok(String::new()))
}

/// Stages 2–6 over the records analysed, and the errors: records that could
/// not be read first (in input order), then duplicate ids, then texts that
/// could not be analysed (in id order). `text` reads a text that is not held.
fn stages(
    analysis: Analysis,
    unreadable: Vec<Error>,
    options: &ArchiveOptions,
    skip_errors: bool,
    text: &mut dyn FnMut(&TextAt) -> Result<String>,
) -> Result<Tables> {
    let mut tables = Tables::default();
    let fail = |e: Error, line: Option<u64>, id: Option<String>, tables: &mut Tables| -> Result<()> {
        if !skip_errors {
            return Err(e);
        }
        tables.errors.push(RecordError { line, id, kind: e.name(), message: e.message().to_owned() });
        Ok(())
    };
    for e in unreadable {
        fail(e, None, None, &mut tables)?;
    }
    let Analysis { records: mut analysed, mut postings } = analysis;
    analysed.sort_by(|(x, _), (y, _)| x.id.cmp(&y.id).then(x.line.cmp(&y.line)));
    let mut first: Vec<(Entry, Option<Error>)> = Vec::with_capacity(analysed.len());
    for (r, e) in analysed {
        if first.last().is_some_and(|(last, _)| last.id == r.id) {
            let e = Error::bad_record(format!("{}id {:?} appears twice", line_prefix(r.line), r.id));
            fail(e, r.line, Some(r.id), &mut tables)?;
        } else {
            first.push((r, e));
        }
    }
    // 1. Units and fingerprints (done); a record whose text failed is dropped.
    let mut kept: Vec<Entry> = Vec::with_capacity(first.len());
    for (r, e) in first {
        match e {
            Some(e) => fail(e, r.line, Some(r.id), &mut tables)?,
            None => kept.push(r),
        }
    }
    tables.documents = kept
        .iter()
        .enumerate()
        .map(|(n, r)| DocumentRow { id: r.id.clone(), number: n as u32, chars: r.chars, units: r.unit_count })
        .collect();
    // 2. Seeds, over the postings of the documents kept, under their numbers.
    let mut number = vec![u32::MAX; kept.iter().map(|r| r.index as usize + 1).max().unwrap_or(0)];
    for (n, r) in kept.iter().enumerate() {
        if let Some(slot) = number.get_mut(r.index as usize) {
            *slot = n as u32;
        }
    }
    postings.retain_mut(|p| {
        p.1 = number.get(p.1 as usize).copied().unwrap_or(u32::MAX);
        p.1 != u32::MAX
    });
    drop(number);
    let (all_seeds, dropped) = seeds(&mut postings, options);
    drop(postings);
    if dropped > 0 {
        tables.truncation.push(format!(
            "seeds: {dropped} fingerprints held by more than {} postings (boilerplate) gave no seeds",
            options.max_posting
        ));
    }
    // Units of the documents in a seed pair, made again where they were not kept.
    let mut wanted: Vec<u32> = all_seeds.iter().flat_map(|s| [s.a, s.b]).collect();
    wanted.sort_unstable();
    wanted.dedup();
    wanted.retain(|&n| kept.get(n as usize).is_some_and(|r| r.units.is_none()));
    for chunk in wanted.chunks(BATCH) {
        let mut texts = Vec::with_capacity(chunk.len());
        for &n in chunk {
            texts.push(kept.get(n as usize).map_or(Ok(String::new()), |r| text(&r.at))?);
        }
        let ids: Vec<&str> = chunk.iter().map(|&n| kept.get(n as usize).map_or("", |r| r.id.as_str())).collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let again = analyse(&ids, &refs, options);
        for (&n, a) in chunk.iter().zip(again) {
            if let Some(r) = kept.get_mut(n as usize) {
                r.units = Some(a?.units);
            }
        }
    }
    // 3. Passages per pair.
    let none = Units::default();
    fn units_of<'a>(r: &'a Entry, none: &'a Units) -> &'a Units {
        r.units.as_ref().unwrap_or(none)
    }
    let mut all_passages: Vec<ArchivePassage> = Vec::new();
    let mut cut_pairs = 0;
    for pair in all_seeds.chunk_by(|x, y| (x.a, x.b) == (y.a, y.b)) {
        let Some(first) = pair.first() else { continue };
        let (Some(ra), Some(rb)) = (kept.get(first.a as usize), kept.get(first.b as usize)) else { continue };
        let (found, row, cut) = align((first.a, first.b), (&ra.id, &rb.id), (units_of(ra, &none), units_of(rb, &none)), pair, options);
        cut_pairs += usize::from(cut);
        all_passages.extend(found);
        tables.doc_pairs.extend(row);
    }
    drop(all_seeds);
    if cut_pairs > 0 {
        tables.truncation.push(format!(
            "passages: {cut_pairs} document pairs over the alignment budget of {} units were left out",
            options.max_pair_units
        ));
    }
    // 4. Components.
    let pairs: Vec<(u32, u32)> = tables.doc_pairs_numbers(&all_passages);
    let component_of: BTreeMap<u32, u32> = components(&pairs).into_iter().collect();
    let mut by_component: BTreeMap<u32, (Vec<u32>, Vec<ArchivePassage>)> = BTreeMap::new();
    for (&doc, &c) in &component_of {
        by_component.entry(c).or_default().0.push(doc);
    }
    for p in all_passages {
        if let Some(c) = component_of.get(&p.a) {
            by_component.entry(*c).or_default().1.push(p);
        }
    }
    // 5. Clusters per component, its texts read for it alone.
    let mut cut_components = 0;
    for (docs, passages) in by_component.values() {
        let mut read: Vec<(u32, &Entry, std::borrow::Cow<'_, str>)> = Vec::with_capacity(docs.len());
        for &n in docs {
            let Some(r) = kept.get(n as usize) else { continue };
            let t = match &r.at {
                TextAt::Held(t) => std::borrow::Cow::Borrowed(t.as_str()),
                at => std::borrow::Cow::Owned(text(at)?),
            };
            read.push((n, r, t));
        }
        let component_docs: Vec<ComponentDoc<'_>> = read
            .iter()
            .map(|(n, r, t)| ComponentDoc { number: *n, id: &r.id, units: units_of(r, &none), text: t })
            .collect();
        let t = cluster_component(&component_docs, passages, options);
        cut_components += usize::from(t.truncated);
        tables.clusters.extend(t.clusters);
        tables.members.extend(t.members);
        tables.passages.extend(t.passages);
        tables.coverage.extend(t.coverage);
    }
    if cut_components > 0 {
        tables.truncation.push(format!(
            "clusters: {cut_components} components over the alignment budget of {} units are incomplete",
            options.max_component_units
        ));
    }
    for (n, r) in kept.iter().enumerate() {
        if !component_of.contains_key(&(n as u32)) {
            tables.coverage.push(lone_coverage(&r.id, n as u32, r.chars, r.unit_count));
        }
    }
    // 6. Cluster ids and the order of every table.
    let ids = rank_clusters(&mut tables.clusters);
    for m in &mut tables.members {
        m.cluster = ids.get(&m.key).copied().unwrap_or(0);
    }
    for p in &mut tables.passages {
        p.cluster = p.key.and_then(|k| ids.get(&k).copied());
    }
    tables.members.sort_by_key(|m| (m.cluster, m.number, m.start));
    tables.passages.sort_by_key(|p| (p.numbers, p.a_start, p.b_start));
    tables.coverage.sort_by_key(|c| c.number);
    Ok(tables)
}

impl Tables {
    fn doc_pairs_numbers(&self, passages: &[ArchivePassage]) -> Vec<(u32, u32)> {
        let mut pairs: Vec<(u32, u32)> = passages.iter().map(|p| (p.a, p.b)).collect();
        pairs.dedup();
        pairs
    }
}

fn line_prefix(line: Option<u64>) -> String {
    line.map_or(String::new(), |l| format!("line {l}: "))
}

/// Calls `visit(number, start, line)` for each non-blank line of `reader`
/// (numbers from 1, `start` its byte offset, the line without its line end),
/// or with the error that names a line that cannot be read.
/// Stops when `visit` returns false.
fn each_line(mut reader: impl std::io::BufRead, visit: &mut dyn FnMut(u64, u64, Result<&str>) -> bool) {
    let mut buf: Vec<u8> = Vec::new();
    let (mut number, mut start) = (0u64, 0u64);
    loop {
        buf.clear();
        let n = match reader.read_until(b'\n', &mut buf) {
            Ok(0) => return,
            Ok(n) => n,
            Err(e) => {
                visit(number + 1, start, Err(Error::bad_record(format!("line {}: cannot be read ({e})", number + 1))));
                return;
            }
        };
        number += 1;
        let mut line: &[u8] = &buf;
        line = line.strip_suffix(b"\n").unwrap_or(line);
        line = line.strip_suffix(b"\r").unwrap_or(line);
        let go_on = match std::str::from_utf8(line) {
            Ok(l) if l.trim().is_empty() => true,
            Ok(l) => visit(number, start, Ok(l)),
            Err(e) => visit(number, start, Err(Error::bad_record(format!("line {number}: cannot be read ({e})")))),
        };
        if !go_on {
            return;
        }
        start += n as u64;
    }
}

/// Reads JSON lines (one record per non-blank line) for [`run`]: each line's
/// record, or the error that names it.
pub fn read_jsonl(reader: impl std::io::BufRead) -> Vec<Result<Record>> {
    let mut out = Vec::new();
    each_line(reader, &mut |number, _, line| {
        out.push(line.and_then(|l| parse_line(l, number)));
        true
    });
    out
}

/// Writes each table of `tables` as `DIR/NAME.jsonl` (one JSON object a
/// line), plus `errors.jsonl` and `truncation.json`.
///
/// # Errors
/// [`ErrorKind::BadFormat`] if a file cannot be written.
pub fn write_tables(tables: &Tables, dir: &std::path::Path) -> Result<()> {
    let io = |e: std::io::Error| Error::new(ErrorKind::BadFormat, format!("{}: {e}", dir.display()));
    std::fs::create_dir_all(dir).map_err(io)?;
    fn write<T: Serialize>(dir: &std::path::Path, name: &str, rows: &[T]) -> Result<()> {
        use std::io::Write;
        let path = dir.join(format!("{name}.jsonl"));
        let io = |e: std::io::Error| Error::new(ErrorKind::BadFormat, format!("{}: {e}", path.display()));
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path).map_err(io)?);
        for row in rows {
            let line = serde_json::to_string(row).map_err(|e| Error::new(ErrorKind::BadFormat, e.to_string()))?;
            writeln!(out, "{line}").map_err(io)?;
        }
        out.flush().map_err(io)
    }
    write(dir, "documents", &tables.documents)?;
    write(dir, "passages", &tables.passages)?;
    write(dir, "clusters", &tables.clusters)?;
    write(dir, "members", &tables.members)?;
    write(dir, "coverage", &tables.coverage)?;
    write(dir, "doc_pairs", &tables.doc_pairs)?;
    write(dir, "errors", &tables.errors)?;
    let truncation = serde_json::to_string(&tables.truncation).map_err(|e| Error::new(ErrorKind::BadFormat, e.to_string()))?;
    std::fs::write(dir.join("truncation.json"), truncation).map_err(io)
}

/// `textlens reuse --jsonl FILE --out DIR`: the stages of [`run`] over JSON
/// lines, and the tables written with [`write_tables`]; returns a one-line summary.
///
/// Texts are not held: stage 1 reads the file in batches and keeps each
/// document's fingerprints and counts; the documents that share a seed are
/// read again (by byte offset) for their units, and each component's for its
/// clusters. Memory grows with the fingerprints (16 bytes for about 2 units
/// in `window + 1`) and with the reprinted documents, not with the texts.
///
/// # Errors
/// The file cannot be read, a record is bad (without `skip_errors`), a table
/// cannot be written.
pub fn run_jsonl(input: &std::path::Path, out: &std::path::Path, options: &ArchiveOptions, skip_errors: bool) -> Result<String> {
    use std::io::{Read, Seek};
    options.check()?;
    let io = |e: std::io::Error| Error::new(ErrorKind::BadFormat, format!("{}: {e}", input.display()));
    let file = std::fs::File::open(input).map_err(io)?;
    let mut unreadable = Vec::new();
    let mut entries = Analysis::default();
    let mut batch = Vec::with_capacity(BATCH);
    each_line(std::io::BufReader::new(file), &mut |number, start, line| {
        match line.and_then(|l| parse_line(l, number).map(|r| (r, l.len()))) {
            Ok((r, len)) => batch.push((r, TextAt::Line { start, len })),
            Err(e) => unreadable.push(e),
        }
        if batch.len() == BATCH {
            analyse_batch(std::mem::take(&mut batch), options, false, &mut entries);
        }
        // Without skip_errors the first bad line ends the run: no need to read on.
        skip_errors || unreadable.is_empty()
    });
    if let (false, Some(e)) = (skip_errors, unreadable.first()) {
        return Err(e.clone());
    }
    analyse_batch(batch, options, false, &mut entries);
    let mut file = std::fs::File::open(input).map_err(io)?;
    let mut buf: Vec<u8> = Vec::new();
    let mut text = |at: &TextAt| -> Result<String> {
        let TextAt::Line { start, len } = *at else { return Ok(String::new()) };
        buf.resize(len, 0);
        file.seek(std::io::SeekFrom::Start(start)).and_then(|_| file.read_exact(&mut buf)).map_err(io)?;
        let line = std::str::from_utf8(&buf).map_err(|e| Error::new(ErrorKind::BadFormat, format!("{}: {e}", input.display())))?;
        Ok(parse_line(line, 0)?.text)
    };
    let tables = stages(entries, unreadable, options, skip_errors, &mut text)?;
    write_tables(&tables, out)?;
    Ok(format!(
        "{} documents, {} passages in {} clusters, {} document pairs, {} records skipped → {}",
        tables.documents.len(),
        tables.passages.len(),
        tables.clusters.len(),
        tables.doc_pairs.len(),
        tables.errors.len(),
        out.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_lines_are_named() {
        let msg = |l: &str| parse_line(l, 7).err().map(|e| (e.name(), e.message().to_owned()));
        assert_eq!(msg(r#"{"id": "a"}"#), Some(("BadRecord", "line 7 (id \"a\"): no `text`".into())));
        assert_eq!(msg(r#"{"id": 3, "text": "x"}"#), Some(("BadRecord", "line 7: `id` must be a string, got a number".into())));
        assert!(msg("{nope").is_some_and(|(_, m)| m.starts_with("line 7: not valid JSON")));
        assert!(parse_line(r#"{"id": "a", "text": "t", "date": "2020"}"#, 1).is_ok());
    }
}
