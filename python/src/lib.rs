//! The Python binding of the textlens core: the only place that imports PyO3.
//! It converts arguments and results (JSON for reports, bytes for stored
//! units, columns for postings and seeds) and maps core errors onto Python
//! exceptions named after their kind; every analysis is the core's.

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use serde::de::DeserializeOwned;
use textlens::reuse::archive::{self, ArchiveOptions, ArchivePassage, ComponentDoc};
use textlens::reuse::index::{Posting, Seed};
use textlens::reuse::Units;
use textlens::segment::discover::{self, batch, DiscoverOptions};
use textlens::{Corpus, DocId, ErrorKind};

create_exception!(textlens, TextlensError, PyException, "An error of the textlens core.");
create_exception!(textlens, NotUtf8Error, TextlensError);
create_exception!(textlens, BinaryFileError, TextlensError);
create_exception!(textlens, EmptyFileError, TextlensError);
create_exception!(textlens, TooLargeError, TextlensError);
create_exception!(textlens, UnknownEncodingError, TextlensError);
create_exception!(textlens, UnknownDocumentError, TextlensError);
create_exception!(textlens, InvalidOptionError, TextlensError);
create_exception!(textlens, InvalidDictionaryError, TextlensError);
create_exception!(textlens, BadFormatError, TextlensError);
create_exception!(textlens, BadRecordError, TextlensError);

/// A core error as the Python exception of its kind.
fn error(e: textlens::Error) -> PyErr {
    let m = e.message().to_owned();
    match e.kind() {
        ErrorKind::NotUtf8 => NotUtf8Error::new_err(m),
        ErrorKind::BinaryFile => BinaryFileError::new_err(m),
        ErrorKind::EmptyFile => EmptyFileError::new_err(m),
        ErrorKind::TooLarge => TooLargeError::new_err(m),
        ErrorKind::UnknownEncoding => UnknownEncodingError::new_err(m),
        ErrorKind::UnknownDocument => UnknownDocumentError::new_err(m),
        ErrorKind::InvalidOption => InvalidOptionError::new_err(m),
        ErrorKind::InvalidDictionary => InvalidDictionaryError::new_err(m),
        ErrorKind::BadFormat => BadFormatError::new_err(m),
        ErrorKind::BadRecord => BadRecordError::new_err(m),
        _ => TextlensError::new_err(m),
    }
}

fn options<T: DeserializeOwned>(json: &str) -> PyResult<T> {
    serde_json::from_str(json).map_err(|e| InvalidOptionError::new_err(format!("options: {e}")))
}

fn to_json<T: serde::Serialize>(value: &T) -> PyResult<String> {
    serde_json::to_string(value).map_err(|e| TextlensError::new_err(e.to_string()))
}

/// A corpus of `texts` named `names`, loaded as the CLI loads files (one term
/// discovery over all of them, unless `discover` is false); blank texts left
/// out with `skip_blank`.
fn corpus(names: &[String], texts: &[String], discover: bool, skip_blank: bool) -> PyResult<Corpus> {
    let mut c = batch_corpus(names, texts, discover, skip_blank)?;
    c.refresh_discovery();
    Ok(c)
}

/// The corpus of [`corpus`] with its term discovery not run yet.
fn batch_corpus(names: &[String], texts: &[String], discover: bool, skip_blank: bool) -> PyResult<Corpus> {
    let mut c = Corpus::new();
    c.set_auto_discover(discover);
    for (name, text) in names.iter().zip(texts) {
        // A blank text has no terms; a row's id is not a file name (`a.html` is text).
        if !(skip_blank && text.trim().is_empty()) {
            let name = format!("id {name:?}");
            c.add_document_with_progress(None, &name, text.as_bytes(), &mut |_, _| {}).map_err(error)?;
        }
    }
    Ok(c)
}

/// `archive::run` over records given as JSON objects (row `i` is `i + 1`): the tables as JSON.
#[pyfunction]
fn reuse(py: Python<'_>, records: Vec<String>, options_json: &str, skip_errors: bool) -> PyResult<String> {
    let o: ArchiveOptions = options(options_json)?;
    let tables = py.detach(|| {
        let records =
            records.iter().enumerate().map(|(i, r)| archive::parse_record(r, "row", i as u64 + 1)).collect();
        archive::run(records, &o, skip_errors)
    });
    to_json(&tables.map_err(error)?)
}

/// Stage 1 over one batch: per text its units (bytes) or its error `(kind,
/// message)`, code points and unit count; and the postings as columns.
#[allow(clippy::type_complexity)]
#[pyfunction]
fn analyse<'py>(
    py: Python<'py>,
    ids: Vec<String>,
    texts: Vec<String>,
    numbers: Vec<u32>,
    options_json: &str,
) -> PyResult<(Vec<Option<Bound<'py, PyBytes>>>, Vec<Option<(String, String)>>, Vec<u32>, Vec<u32>, (Vec<i64>, Vec<u32>, Vec<u32>))>
{
    let o: ArchiveOptions = options(options_json)?;
    o.check().map_err(error)?;
    let analysed = py.detach(|| {
        let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let text_refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        archive::analyse(&id_refs, &text_refs, &o)
    });
    let (mut units, mut errors, mut chars, mut counts) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut hash, mut doc, mut pos) = (Vec::new(), Vec::new(), Vec::new());
    for (a, &n) in analysed.into_iter().zip(&numbers) {
        match a {
            Ok(a) => {
                units.push(Some(PyBytes::new(py, &a.units.to_bytes())));
                errors.push(None);
                chars.push(a.chars);
                counts.push(a.units.len() as u32);
                for (h, p) in a.fingerprints {
                    // Spark has no unsigned 64-bit type: the same bits as a signed one.
                    hash.push(h as i64);
                    doc.push(n);
                    pos.push(p);
                }
            }
            Err(e) => {
                units.push(None);
                errors.push(Some((e.name().to_owned(), e.message().to_owned())));
                chars.push(0);
                counts.push(0);
            }
        }
    }
    Ok((units, errors, chars, counts, (hash, doc, pos)))
}

/// Stage 2 over whole posting lists given as columns: the seeds as columns,
/// and the number of lists dropped as boilerplate.
#[allow(clippy::type_complexity)]
#[pyfunction]
fn seeds(
    py: Python<'_>,
    hash: Vec<i64>,
    doc: Vec<u32>,
    pos: Vec<u32>,
    options_json: &str,
) -> PyResult<((Vec<u32>, Vec<u32>, Vec<u32>, Vec<u32>), usize)> {
    let o: ArchiveOptions = options(options_json)?;
    let (found, dropped) = py.detach(|| {
        let mut postings: Vec<Posting> =
            hash.iter().zip(&doc).zip(&pos).map(|((&h, &d), &p)| (h as u64, d, p)).collect();
        archive::seeds(&mut postings, &o)
    });
    let columns = (
        found.iter().map(|s| s.a).collect(),
        found.iter().map(|s| s.b).collect(),
        found.iter().map(|s| s.pa).collect(),
        found.iter().map(|s| s.pb).collect(),
    );
    Ok((columns, dropped))
}

fn units(bytes: &[u8]) -> PyResult<Units> {
    Units::from_bytes(bytes).map_err(error)
}

/// Stage 3 for one pair `a < b`: its passages as columns `(ra start, ra end,
/// rb start, rb end, matched)` in units, the pair's row as JSON, and whether
/// its budget ran out.
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
#[pyfunction]
fn align(
    py: Python<'_>,
    a: u32,
    b: u32,
    id_a: &str,
    id_b: &str,
    units_a: &[u8],
    units_b: &[u8],
    pa: Vec<u32>,
    pb: Vec<u32>,
    options_json: &str,
) -> PyResult<((Vec<u32>, Vec<u32>, Vec<u32>, Vec<u32>, Vec<u32>), Option<String>, bool)> {
    let o: ArchiveOptions = options(options_json)?;
    let (ua, ub) = (units(units_a)?, units(units_b)?);
    let mut seeds: Vec<Seed> = pa.iter().zip(&pb).map(|(&pa, &pb)| Seed { a, b, pa, pb }).collect();
    seeds.sort_unstable();
    let (found, row, cut) = py.detach(|| archive::align((a, b), (id_a, id_b), (&ua, &ub), &seeds, &o));
    let column = |f: &dyn Fn(&ArchivePassage) -> usize| found.iter().map(|p| f(p) as u32).collect::<Vec<u32>>();
    let columns = (
        column(&|p| p.ra.start),
        column(&|p| p.ra.end),
        column(&|p| p.rb.start),
        column(&|p| p.rb.end),
        column(&|p| p.matched),
    );
    Ok((columns, row.as_ref().map(to_json).transpose()?, cut))
}

/// Stage 5 for one component: its documents (number, id, units, text) and
/// passages (columns as `align` gives them, with both document numbers).
/// The tables as JSON, each row of clusters, members and passages with its
/// cluster key `[document number, start unit]` (null for a passage in no cluster).
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
#[pyfunction]
fn cluster_component(
    py: Python<'_>,
    numbers: Vec<u32>,
    ids: Vec<String>,
    units_bytes: Vec<Bound<'_, PyBytes>>,
    texts: Vec<String>,
    passages: (Vec<u32>, Vec<u32>, Vec<u32>, Vec<u32>, Vec<u32>, Vec<u32>, Vec<u32>),
    options_json: &str,
) -> PyResult<String> {
    let o: ArchiveOptions = options(options_json)?;
    let all_units: Vec<Units> = units_bytes.iter().map(|b| units(b.as_bytes())).collect::<PyResult<_>>()?;
    let (pa, pb, ras, rae, rbs, rbe, matched) = passages;
    let list: Vec<ArchivePassage> = (0..pa.len())
        .filter_map(|i| {
            Some(ArchivePassage {
                a: *pa.get(i)?,
                b: *pb.get(i)?,
                ra: *ras.get(i)? as usize..*rae.get(i)? as usize,
                rb: *rbs.get(i)? as usize..*rbe.get(i)? as usize,
                matched: *matched.get(i)? as usize,
            })
        })
        .collect();
    let tables = py.detach(|| {
        let docs: Vec<ComponentDoc<'_>> = numbers
            .iter()
            .zip(&ids)
            .zip(&all_units)
            .zip(&texts)
            .map(|(((&number, id), units), text)| ComponentDoc { number, id, units, text })
            .collect();
        archive::cluster_component(&docs, &list, &o)
    });
    let clusters: Vec<_> = tables.clusters.iter().map(|c| keyed(c, Some(c.key))).collect();
    let members: Vec<_> = tables.members.iter().map(|m| keyed(m, Some(m.key))).collect();
    let passages: Vec<_> = tables.passages.iter().map(|p| keyed(p, p.key)).collect();
    to_json(&serde_json::json!({
        "clusters": clusters,
        "members": members,
        "passages": passages,
        "coverage": tables.coverage,
        "truncated": tables.truncated,
    }))
}

/// A row as a JSON object with its cluster key `[document number, start unit]` added.
fn keyed<T: serde::Serialize>(row: &T, key: Option<(u32, u32)>) -> serde_json::Value {
    let mut row = serde_json::to_value(row).unwrap_or(serde_json::Value::Null);
    if let Some(object) = row.as_object_mut() {
        object.insert("key".into(), serde_json::json!(key.map(|k| [k.0, k.1])));
    }
    row
}

/// The coverage row of a document that shares nothing, as JSON.
#[pyfunction]
fn lone_coverage(id: &str, number: u32, chars: u32, unit_count: u32) -> PyResult<String> {
    to_json(&archive::lone_coverage(id, number, chars, unit_count))
}

/// Parses one JSON line as the CLI does; `None` when it is a good record,
/// else `(kind, message)`.
#[pyfunction]
fn check_record(line: &str, what: &str, number: u64) -> Option<(String, String)> {
    archive::parse_record(line, what, number).err().map(|e| (e.name().to_owned(), e.message().to_owned()))
}

/// The term table (`textlens terms --json`) of `texts` as JSON.
#[pyfunction]
fn terms(py: Python<'_>, names: Vec<String>, texts: Vec<String>, options_json: &str, discover: bool) -> PyResult<String> {
    let o: textlens::TermOptions = options(options_json)?;
    // The JSON written row by row from the compact rows, as `textlens terms --json` (#11).
    py.detach(|| {
        let c = corpus(&names, &texts, discover, true)?;
        to_json(&textlens::terms::term_rows(&c, &o, &mut |_| {}).map_err(error)?)
    })
}

/// A batched term discovery's first plan (see `textlens::segment::discover::batch`), as JSON.
#[pyfunction]
fn discovery_plan() -> PyResult<String> {
    to_json(&batch::Plan::new(DiscoverOptions::default()))
}

/// The discovery counts of one batch of texts (blank ones left out, as
/// `terms` leaves them) at the step of `plan_json`: columns key, count, docs.
#[allow(clippy::type_complexity)]
#[pyfunction]
fn discovery_count(
    py: Python<'_>,
    names: Vec<String>,
    texts: Vec<String>,
    plan_json: &str,
) -> PyResult<(Vec<String>, Vec<u64>, Vec<u64>)> {
    let plan: batch::Plan = options(plan_json)?;
    let rows = py.detach(|| batch_corpus(&names, &texts, true, true).map(|c| c.discovery_counts(&plan)))?;
    let mut columns = (Vec::with_capacity(rows.len()), Vec::with_capacity(rows.len()), Vec::with_capacity(rows.len()));
    for (k, c, d) in rows {
        columns.0.push(k);
        columns.1.push(c);
        columns.2.push(d);
    }
    Ok(columns)
}

/// The plan after the step it was at, given that step's rows summed over
/// every batch (columns key, count, docs): the next plan as JSON.
#[pyfunction]
fn discovery_advance(py: Python<'_>, plan_json: &str, keys: Vec<String>, counts: Vec<u64>, docs: Vec<u64>) -> PyResult<String> {
    let mut plan: batch::Plan = options(plan_json)?;
    let rows: Vec<batch::Row> = keys.into_iter().zip(counts).zip(docs).map(|((k, c), d)| (k, c, d)).collect();
    py.detach(|| {
        let seg = textlens::segment::Segmenter::new();
        plan.advance(&rows, &|w| discover::part_of(&seg, w));
    });
    to_json(&plan)
}

/// The term table of one batch of texts with the terms of a finished
/// batched discovery applied (`plan_json`), as JSON.
#[pyfunction]
fn terms_with(py: Python<'_>, names: Vec<String>, texts: Vec<String>, options_json: &str, plan_json: &str) -> PyResult<String> {
    let o: textlens::TermOptions = options(options_json)?;
    let plan: batch::Plan = options(plan_json)?;
    py.detach(|| {
        let mut c = batch_corpus(&names, &texts, true, true)?;
        c.use_discovery(&plan);
        to_json(&textlens::terms::term_rows(&c, &o, &mut |_| {}).map_err(error)?)
    })
}

/// Keyness (`textlens keyness --json`) of `texts`, options as the core takes them.
#[pyfunction]
fn keyness(py: Python<'_>, names: Vec<String>, texts: Vec<String>, options_json: &str) -> PyResult<String> {
    let o: textlens::KeynessOptions = options(options_json)?;
    let report = py.detach(|| corpus(&names, &texts, true, false).and_then(|c| textlens::keyness(&c, &o).map_err(error)));
    to_json(&report?)
}

/// The comparison (`textlens compare --json`) of two texts, with every
/// place given in code points of the text as passed in: each `{a, b}` pair
/// of places becomes `aStart`, `aEnd`, `bStart`, `bEnd` (Python's
/// `a[aStart:aEnd]` is the passage; `aText` is it after clean-up).
#[pyfunction]
fn compare(py: Python<'_>, a: String, b: String, options_json: &str) -> PyResult<String> {
    let o: textlens::CompareOptions = options(options_json)?;
    let names = ["a".to_owned(), "b".to_owned()];
    let report = py.detach(|| -> PyResult<serde_json::Value> {
        let c = corpus(&names, &[a, b], true, false)?;
        let report = textlens::compare(&c, DocId(0), DocId(1), &o).map_err(error)?;
        let mut value = serde_json::to_value(&report).map_err(|e| TextlensError::new_err(e.to_string()))?;
        let docs = [c.document(DocId(0)).map_err(error)?, c.document(DocId(1)).map_err(error)?];
        let places = docs.map(CodePoints::of);
        code_points(&mut value, &places);
        Ok(value)
    });
    to_json(&report?)
}

/// A document's cleaned byte offsets as code points of its original text.
struct CodePoints<'a> {
    doc: &'a textlens::Document,
    /// Byte offset of each character of the original text.
    starts: Vec<u32>,
}

impl<'a> CodePoints<'a> {
    fn of(doc: &'a textlens::Document) -> CodePoints<'a> {
        CodePoints { doc, starts: doc.original().char_indices().map(|(i, _)| i as u32).collect() }
    }

    /// The code-point range of the original text that the cleaned bytes `start..end` came from.
    fn range(&self, start: u32, end: u32) -> (usize, usize) {
        let span = self.doc.original_span(textlens::Span { start, end });
        (self.starts.partition_point(|&b| b < span.start), self.starts.partition_point(|&b| b < span.end))
    }
}

/// Replaces every `a`/`b` place (`{start, end, start16, end16}`, cleaned bytes)
/// in `value` by `aStart`, `aEnd` / `bStart`, `bEnd` in code points.
fn code_points(value: &mut serde_json::Value, docs: &[CodePoints<'_>; 2]) {
    match value {
        serde_json::Value::Object(object) => {
            for (side, doc) in ["a", "b"].into_iter().zip(docs) {
                let place = object.get(side).and_then(|v| {
                    let (s, e) = (v.get("start")?.as_u64()?, v.get("end")?.as_u64()?);
                    v.get("start16")?;
                    Some((u32::try_from(s).ok()?, u32::try_from(e).ok()?))
                });
                if let Some((s, e)) = place {
                    let (s, e) = doc.range(s, e);
                    object.remove(side);
                    object.insert(format!("{side}Start"), s.into());
                    object.insert(format!("{side}End"), e.into());
                }
            }
            for v in object.values_mut() {
                code_points(v, docs);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| code_points(v, docs)),
        _ => {}
    }
}

/// The tokens of `text` (as `textlens segment --json`): text, kind, script,
/// and `start`, `end` in code points.
#[pyfunction]
fn segment(text: &str) -> PyResult<String> {
    let tokens = textlens::segment::Segmenter::new().segment(text);
    let mut chars = 0u32;
    let mut byte = 0usize;
    let mut rows = Vec::with_capacity(tokens.len());
    for t in &tokens {
        let (s, e) = (t.span.start as usize, t.span.end as usize);
        chars += text.get(byte..s).map_or(0, |g| g.chars().count() as u32);
        let piece = text.get(s..e).unwrap_or("");
        let n = piece.chars().count() as u32;
        rows.push(serde_json::json!({
            "text": piece,
            "kind": t.kind,
            "script": textlens::segment::script_of(piece),
            "start": chars,
            "end": chars + n,
        }));
        chars += n;
        byte = e;
    }
    to_json(&rows)
}

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("TextlensError", py.get_type::<TextlensError>())?;
    m.add("NotUtf8Error", py.get_type::<NotUtf8Error>())?;
    m.add("BinaryFileError", py.get_type::<BinaryFileError>())?;
    m.add("EmptyFileError", py.get_type::<EmptyFileError>())?;
    m.add("TooLargeError", py.get_type::<TooLargeError>())?;
    m.add("UnknownEncodingError", py.get_type::<UnknownEncodingError>())?;
    m.add("UnknownDocumentError", py.get_type::<UnknownDocumentError>())?;
    m.add("InvalidOptionError", py.get_type::<InvalidOptionError>())?;
    m.add("InvalidDictionaryError", py.get_type::<InvalidDictionaryError>())?;
    m.add("BadFormatError", py.get_type::<BadFormatError>())?;
    m.add("BadRecordError", py.get_type::<BadRecordError>())?;
    m.add_function(wrap_pyfunction!(reuse, m)?)?;
    m.add_function(wrap_pyfunction!(analyse, m)?)?;
    m.add_function(wrap_pyfunction!(seeds, m)?)?;
    m.add_function(wrap_pyfunction!(align, m)?)?;
    m.add_function(wrap_pyfunction!(cluster_component, m)?)?;
    m.add_function(wrap_pyfunction!(lone_coverage, m)?)?;
    m.add_function(wrap_pyfunction!(check_record, m)?)?;
    m.add_function(wrap_pyfunction!(terms, m)?)?;
    m.add_function(wrap_pyfunction!(discovery_plan, m)?)?;
    m.add_function(wrap_pyfunction!(discovery_count, m)?)?;
    m.add_function(wrap_pyfunction!(discovery_advance, m)?)?;
    m.add_function(wrap_pyfunction!(terms_with, m)?)?;
    m.add_function(wrap_pyfunction!(keyness, m)?)?;
    m.add_function(wrap_pyfunction!(compare, m)?)?;
    m.add_function(wrap_pyfunction!(segment, m)?)?;
    Ok(())
}
