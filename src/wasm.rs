//! The JavaScript skin over the core — the only module that knows about JS.
//!
//! It converts in (bytes, option objects), calls the core, and converts out
//! (report structs → plain JS objects; the reports already carry UTF-16
//! offsets). Core errors become JS `Error`s whose `name` is the error kind, so
//! the worker can send `{name, message}` to the page.

use crate::corpus::DocId;
use crate::error::Error;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// A corpus of documents, owned by the worker.
#[wasm_bindgen(js_name = Corpus)]
pub struct WasmCorpus {
    inner: crate::Corpus,
}

#[wasm_bindgen(js_class = Corpus)]
impl WasmCorpus {
    /// An empty corpus (builds the Chinese dictionary).
    #[wasm_bindgen(constructor)]
    pub fn new() -> WasmCorpus {
        let mut inner = crate::Corpus::new();
        // The page holds every file; it gives the bytes again to `setEncoding`.
        inner.set_keep_bytes(false);
        WasmCorpus { inner }
    }

    /// Decodes, segments and stores a file; returns its summary. With `id`,
    /// stores it under that id (used when a restarted worker replays). With
    /// `onProgress`, calls `onProgress(done, stage)` as it goes (`done` from 0
    /// to 1; `stage` one of `decoding`, `cleaning`, `segmenting`, `indexing`).
    ///
    /// Term discovery then runs over all documents, unless `deferDiscovery` is
    /// true: it is then left for `refreshDiscovery`, which the worker calls
    /// before the next analysis, so a batch of adds costs one discovery (and
    /// gives the result of one run over the batch).
    #[wasm_bindgen(js_name = addDocument)]
    pub fn add_document(
        &mut self,
        name: &str,
        bytes: Vec<u8>,
        id: Option<u32>,
        on_progress: Option<js_sys::Function>,
        defer_discovery: Option<bool>,
    ) -> Result<JsValue, JsValue> {
        let mut last = -1.0f64;
        let mut progress = |stage: crate::corpus::Stage, done: f64| {
            if let Some(f) = &on_progress {
                // Every report would be a message to the page: at most one per percent.
                if done - last >= 0.01 || done >= 1.0 {
                    last = done;
                    let _ = f.call2(&JsValue::NULL, &JsValue::from(done), &JsValue::from_str(stage.name()));
                }
            }
        };
        // Owned: valid UTF-8 becomes the text in place, other bytes are dropped once decoded.
        let defer = defer_discovery == Some(true);
        to_js(&self.inner.add_document_and_discover(id.map(DocId), name, bytes, &mut progress, defer).map_err(js_error)?)
    }

    /// Whether documents were added since term discovery last ran.
    #[wasm_bindgen(js_name = discoveryPending)]
    pub fn discovery_pending(&self) -> bool {
        self.inner.discovery_pending()
    }

    /// Runs term discovery if documents were added since it last ran (it
    /// re-segments the documents that hold new terms); returns whether it ran.
    ///
    /// With `onProgress`, calls `onProgress(done)` as it goes (`done` from 0 to 1).
    #[wasm_bindgen(js_name = refreshDiscovery)]
    pub fn refresh_discovery(&mut self, on_progress: Option<js_sys::Function>) -> bool {
        let mut report = throttled(on_progress);
        self.inner.refresh_discovery_with_progress(&mut |done| report(done, None))
    }

    /// The page's size limits, enforced by the core too: per file and for all
    /// documents, in bytes; a `.docx` counts its unpacked text (and its
    /// unpacking stops at the per-file limit).
    #[wasm_bindgen(js_name = setLimits)]
    pub fn set_limits(&mut self, max_file_bytes: f64, max_total_bytes: f64) {
        // A JS number that is no byte count (NaN, negative) is 0: the default.
        let bytes = |x: f64| if x.is_finite() && x > 0.0 { x.min(4e9) as usize } else { 0 };
        self.inner.set_limits(crate::corpus::Limits::or_default(bytes(max_file_bytes), bytes(max_total_bytes)));
    }

    #[wasm_bindgen(js_name = removeDocument)]
    pub fn remove_document(&mut self, id: u32) -> Result<(), JsValue> {
        self.inner.remove_document(DocId(id)).map_err(js_error)
    }

    /// Summaries of all documents, in the order they were added.
    pub fn documents(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.documents())
    }

    /// Re-reads document `id` from the file's `bytes` (the corpus does not keep
    /// them) with the encoding `label` (`"gb18030"`, `"big5"` …), or with
    /// detection again for `null`; returns its new summary.
    #[wasm_bindgen(js_name = setEncoding)]
    pub fn set_encoding(&mut self, id: u32, bytes: &[u8], label: Option<String>) -> Result<JsValue, JsValue> {
        to_js(&self.inner.set_encoding_with_bytes(DocId(id), bytes, label.as_deref()).map_err(js_error)?)
    }

    /// Changes the clean-up (a `CleanOptions` object) and applies it to every
    /// document; returns the new summaries.
    #[wasm_bindgen(js_name = setCleanOptions)]
    pub fn set_clean_options(&mut self, options: JsValue) -> Result<JsValue, JsValue> {
        let options: crate::CleanOptions = from_js(options)?;
        to_js(&self.inner.set_clean_options(options))
    }

    /// Where the clean-up changed document `id`; `options` is a `RepairOptions` object.
    pub fn repairs(&self, id: u32, options: JsValue) -> Result<JsValue, JsValue> {
        let options: crate::report::RepairOptions = from_js(options)?;
        let doc = self.inner.document(DocId(id)).map_err(js_error)?;
        to_js(&doc.repairs(&options))
    }

    /// The cleaned and the original text of document `id`.
    #[wasm_bindgen(js_name = documentText)]
    pub fn document_text(&self, id: u32) -> Result<JsValue, JsValue> {
        let doc = self.inner.document(DocId(id)).map_err(js_error)?;
        to_js(&doc.document_text())
    }

    /// The encodings the page offers for an override, by WHATWG name.
    pub fn encodings(&self) -> Result<JsValue, JsValue> {
        to_js(&crate::decode::COMMON_ENCODINGS)
    }

    /// The term table; `options` is a `TermOptions` object (all fields optional).
    /// Its rows are made one at a time as they are converted.
    pub fn terms(&self, options: JsValue) -> Result<JsValue, JsValue> {
        let options: crate::TermOptions = from_js(options)?;
        to_js(&crate::terms::terms_lazy(&self.inner, &options).map_err(js_error)?)
    }

    /// The term table in columns (`terms` without positions), for the page's
    /// big tables: `{version, documents, doc, totalTokens, shownTokens,
    /// distinctTerms, terms, count, rate, df, tfidf, perDocOffsets, perDocDocs,
    /// perDocCounts}` where `terms` is one string with the terms separated by
    /// `\n`, `count`, `rate`, `tfidf` are `Float64Array`s, `df` a `Uint32Array`,
    /// and the counts per document sparse `Uint32Array`s: row `i`'s are at
    /// `perDocOffsets[i] .. perDocOffsets[i + 1]` of `perDocDocs` (document
    /// indices, ascending) and `perDocCounts` (`report::TermTable`). Typed
    /// arrays cross to the page as one copy each, where 100,000 row objects
    /// would block it. The core writes the columns one by one into a `JsTable`,
    /// which fills each JS array a slice at a time: no column is ever whole in
    /// wasm memory. With `onProgress`, calls `onProgress(done)` as it counts.
    #[wasm_bindgen(js_name = termTable)]
    pub fn term_table(&self, options: JsValue, on_progress: Option<js_sys::Function>) -> Result<JsValue, JsValue> {
        let options: crate::TermOptions = from_js(options)?;
        let mut report = throttled(on_progress);
        let mut table = JsTable::default();
        crate::terms::term_table_columns(&self.inner, &options, &mut |done| report(done, None), &mut table)
            .map_err(js_error)?;
        table.finish()
    }

    /// Keyness of one document against the rest or another; `options` is a `KeynessOptions` object.
    pub fn keyness(&self, options: JsValue) -> Result<JsValue, JsValue> {
        let options: crate::KeynessOptions = from_js(options)?;
        to_js(&crate::keyness(&self.inner, &options).map_err(js_error)?)
    }

    /// Token n-grams; `options` is an `NgramOptions` object.
    pub fn ngrams(&self, options: JsValue) -> Result<JsValue, JsValue> {
        let options: crate::NgramOptions = from_js(options)?;
        to_js(&crate::ngrams(&self.inner, &options).map_err(js_error)?)
    }

    /// Collocates of a word or phrase; `options` is a `CollocateOptions` object.
    pub fn collocates(&self, options: JsValue) -> Result<JsValue, JsValue> {
        let options: crate::CollocateOptions = from_js(options)?;
        to_js(&crate::collocates(&self.inner, &options).map_err(js_error)?)
    }

    /// Concordance lines of a word or phrase; `options` is a `KwicOptions` object.
    pub fn kwic(&self, options: JsValue) -> Result<JsValue, JsValue> {
        let options: crate::KwicOptions = from_js(options)?;
        to_js(&crate::kwic(&self.inner, &options).map_err(js_error)?)
    }

    /// Where a word or phrase occurs along each document; `options` is a `DistributionOptions` object.
    pub fn distribution(&self, options: JsValue) -> Result<JsValue, JsValue> {
        let options: crate::DistributionOptions = from_js(options)?;
        to_js(&crate::distribution(&self.inner, &options).map_err(js_error)?)
    }

    /// The people, places and organisations named in the corpus, with counts per
    /// document; `options` is a `NameOptions` object (`{kind, limit}`).
    pub fn names(&self, options: JsValue) -> Result<JsValue, JsValue> {
        let options: crate::terms::NameOptions = from_js(options)?;
        to_js(&crate::terms::names(&self.inner, &options))
    }

    /// A term's written forms grouped and counted together (full name and
    /// abbreviation, script, width); `options` is a `VariantOptions` object. With
    /// `onProgress`, calls `onProgress(done)` as it goes.
    pub fn variants(&self, options: JsValue, on_progress: Option<js_sys::Function>) -> Result<JsValue, JsValue> {
        let options: crate::terms::VariantOptions = from_js(options)?;
        let mut report = throttled(on_progress);
        to_js(&crate::terms::variants::variants_with_progress(&self.inner, &options, &mut |done| report(done, None)))
    }

    /// The same report as `op` (`terms`, `keyness`, `ngrams`, `collocates`,
    /// `kwic`, `distribution`) with `options`, as CSV text (RFC 4180, UTF-8 BOM).
    #[wasm_bindgen(js_name = termsCsv)]
    pub fn terms_csv(&self, op: &str, options: JsValue) -> Result<String, JsValue> {
        use crate::ToCsv;
        let c = &self.inner;
        let csv = match op {
            "terms" => crate::terms::terms_csv(c, &from_js(options)?),
            "keyness" => crate::keyness(c, &from_js(options)?).map(|r| r.to_csv()),
            "ngrams" => crate::ngrams(c, &from_js(options)?).map(|r| r.to_csv()),
            "collocates" => crate::collocates(c, &from_js(options)?).map(|r| r.to_csv()),
            "kwic" => crate::kwic(c, &from_js(options)?).map(|r| r.to_csv()),
            "distribution" => crate::distribution(c, &from_js(options)?).map(|r| r.to_csv()),
            other => Err(Error::invalid_option(format!("no CSV export for `{other}`"))),
        };
        csv.map_err(js_error)
    }

    /// The built-in stopword list of a language (ISO 639-1 code), or `null`.
    pub fn stopwords(&self, lang: &str) -> Result<JsValue, JsValue> {
        to_js(&crate::terms::stopwords::builtin(lang))
    }

    /// The languages with a built-in stopword list: `[[code, name], …]`.
    #[wasm_bindgen(js_name = stopwordLanguages)]
    pub fn stopword_languages(&self) -> Result<JsValue, JsValue> {
        to_js(&crate::terms::stopwords::languages())
    }

    /// Compares documents `a` and `b`; `options` is a `CompareOptions` object.
    /// The report's ops come as JSON texts of `opsPerSlice` ops each (`opsJson`),
    /// which the page parses as it renders.
    pub fn compare(&self, a: u32, b: u32, options: JsValue, ops_per_slice: u32) -> Result<JsValue, JsValue> {
        let options: crate::CompareOptions = from_js(options)?;
        let report = crate::compare(&self.inner, DocId(a), DocId(b), &options).map_err(js_error)?;
        to_js(&crate::compare::sliced(report, ops_per_slice as usize).map_err(js_error)?)
    }

    /// Compares documents `a` and `b` and renders the report as `format`:
    /// `"html"` (self-contained page), `"unified"` (unified diff) or `"json"`.
    #[wasm_bindgen(js_name = compareExport)]
    pub fn compare_export(&self, a: u32, b: u32, options: JsValue, format: &str) -> Result<String, JsValue> {
        let options: crate::CompareOptions = from_js(options)?;
        let report = crate::compare(&self.inner, DocId(a), DocId(b), &options).map_err(js_error)?;
        crate::compare::export(&report, format).map_err(js_error)
    }

    /// Reuse across documents; `options` is a `ReuseOptions` object.
    pub fn reuse(&self, options: JsValue) -> Result<JsValue, JsValue> {
        let options: crate::ReuseOptions = from_js(options)?;
        to_js(&crate::reuse(&self.inner, &options).map_err(js_error)?)
    }

    /// The reuse report with `options` as CSV (the core's one writer, as `textlens reuse --csv`):
    /// `table` is `"clusters"` (one row per copy) or `"matrix"`.
    #[wasm_bindgen(js_name = reuseCsv)]
    pub fn reuse_csv(&self, options: JsValue, table: &str) -> Result<String, JsValue> {
        let options: crate::ReuseOptions = from_js(options)?;
        let report = crate::reuse(&self.inner, &options).map_err(js_error)?;
        crate::reuse::csv(&report, table).map_err(js_error)
    }
}

#[wasm_bindgen(js_class = Corpus)]
impl WasmCorpus {
    /// Tokens of document `id` with their kinds and spans, for showing token
    /// boundaries: at most `limit` (default 4000) from byte `start` (default 0).
    pub fn segment(&self, id: u32, start: Option<u32>, limit: Option<u32>) -> Result<JsValue, JsValue> {
        let doc = self.inner.document(DocId(id)).map_err(js_error)?;
        let view = doc.segment(start.unwrap_or(0) as usize, limit.unwrap_or(4000) as usize);
        to_js(&view)
    }

    /// The terms found by corpus-level discovery, with their evidence.
    #[wasm_bindgen(js_name = discoveredTerms)]
    pub fn discovered_terms(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.discovered_terms())
    }

    /// Accepts or rejects a discovered term (re-segments every document).
    #[wasm_bindgen(js_name = setDiscoveredTerm)]
    pub fn set_discovered_term(&mut self, term: &str, accept: bool) -> Result<JsValue, JsValue> {
        to_js(&self.inner.set_discovered_term(term, accept).map_err(js_error)?)
    }

    /// Replaces the user dictionary (one term a line, optional frequency) and
    /// re-segments every document.
    #[wasm_bindgen(js_name = setUserDictionary)]
    pub fn set_user_dictionary(&mut self, text: &str) -> Result<JsValue, JsValue> {
        to_js(&self.inner.set_user_dictionary(text).map_err(js_error)?)
    }
}

/// A standalone segmenter (no corpus, no discovery): for the benchmark and
/// for segmenting pasted text.
#[wasm_bindgen(js_name = Segmenter)]
pub struct WasmSegmenter {
    inner: crate::segment::Segmenter,
}

#[wasm_bindgen(js_class = Segmenter)]
impl WasmSegmenter {
    #[wasm_bindgen(constructor)]
    pub fn new() -> WasmSegmenter {
        WasmSegmenter { inner: crate::segment::Segmenter::new() }
    }

    /// Whether numbers absorb their units (2025年; on by default).
    #[wasm_bindgen(js_name = setJoinNumbers)]
    pub fn set_join_numbers(&mut self, on: bool) {
        self.inner.set_join_numbers(on);
    }

    /// Adds the words of a user dictionary; returns how many.
    #[wasm_bindgen(js_name = addWords)]
    pub fn add_words(&mut self, text: &str) -> Result<u32, JsValue> {
        let words = crate::segment::userdict::parse_user_dictionary(text).map_err(js_error)?;
        for w in &words {
            self.inner.add_word(&w.word, w.freq);
        }
        Ok(words.len() as u32)
    }

    /// The words of `text` (tokens other than white space) as UTF-16
    /// `[start, end, start, end, …]` offsets.
    #[wasm_bindgen(js_name = wordSpans)]
    pub fn word_spans(&self, text: &str) -> Vec<u32> {
        let tokens = self.inner.segment(text);
        let mut out = Vec::with_capacity(tokens.len() * 2);
        let (mut byte, mut u16_pos) = (0usize, 0u32);
        let mut advance = |to: usize| -> u32 {
            if let Some(piece) = text.get(byte..to) {
                u16_pos += crate::span::utf16_len(piece) as u32;
                byte = to;
            }
            u16_pos
        };
        for t in &tokens {
            let s = advance(t.span.start as usize);
            let e = advance(t.span.end as usize);
            if t.kind != crate::segment::TokenKind::Space {
                out.push(s);
                out.push(e);
            }
        }
        out
    }
}

impl Default for WasmSegmenter {
    fn default() -> Self {
        WasmSegmenter::new()
    }
}

impl Default for WasmCorpus {
    fn default() -> Self {
        WasmCorpus::new()
    }
}

/// The page's term table as it is written: a plain JS object whose columns are JS typed
/// arrays and one JS string, each filled from the core a slice at a time (no column of the
/// whole table is made in wasm memory, which never shrinks, #11).
#[derive(Default)]
struct JsTable {
    out: js_sys::Object,
    /// The first failure to set a field.
    error: Option<JsValue>,
}

/// Values copied to JS at a time (32 KB of `f64`s).
const SLICE: usize = 4096;

impl JsTable {
    fn set(&mut self, key: &str, value: &JsValue) {
        if let Err(e) = js_sys::Reflect::set(&self.out, &JsValue::from_str(key), value) {
            self.error.get_or_insert(e);
        }
    }

    fn finish(self) -> Result<JsValue, JsValue> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.out.into()),
        }
    }
}

impl crate::terms::ColumnSink for JsTable {
    fn head(&mut self, h: &crate::report::TermReport) {
        self.set("version", &JsValue::from(h.version));
        match to_js(&h.documents) {
            Ok(documents) => self.set("documents", &documents),
            Err(e) => {
                self.error.get_or_insert(e);
            }
        }
        self.set("doc", &h.doc.map_or(JsValue::NULL, JsValue::from));
        self.set("totalTokens", &JsValue::from(h.total_tokens as f64));
        self.set("shownTokens", &JsValue::from(h.shown_tokens as f64));
        self.set("distinctTerms", &JsValue::from(h.distinct_terms as f64));
    }

    fn text(&mut self, column: crate::terms::Column, pieces: &mut dyn Iterator<Item = &str>) {
        let mut text = js_sys::JsString::from("");
        let mut slice = String::with_capacity(8 * SLICE);
        for piece in pieces {
            slice.push_str(piece);
            if slice.len() >= 8 * SLICE {
                text = text.concat(&JsValue::from_str(&slice));
                slice.clear();
            }
        }
        text = text.concat(&JsValue::from_str(&slice));
        self.set(column.name(), &text);
    }

    fn numbers(&mut self, column: crate::terms::Column, values: &mut dyn ExactSizeIterator<Item = f64>) {
        let array = js_sys::Float64Array::new_with_length(values.len() as u32);
        in_slices(values, |at, slice| array.subarray(at, at + slice.len() as u32).copy_from(slice));
        self.set(column.name(), &array);
    }

    fn integers(&mut self, column: crate::terms::Column, values: &mut dyn ExactSizeIterator<Item = u32>) {
        let array = js_sys::Uint32Array::new_with_length(values.len() as u32);
        in_slices(values, |at, slice| array.subarray(at, at + slice.len() as u32).copy_from(slice));
        self.set(column.name(), &array);
    }
}

/// Calls `put(at, slice)` with the values in slices of at most [`SLICE`], `at` the index of
/// the slice's first value.
fn in_slices<T>(values: &mut dyn ExactSizeIterator<Item = T>, mut put: impl FnMut(u32, &[T])) {
    let mut slice = Vec::with_capacity(SLICE.min(values.len()));
    let mut at = 0u32;
    loop {
        slice.clear();
        slice.extend((&mut *values).take(SLICE));
        if slice.is_empty() {
            return;
        }
        put(at, &slice);
        at += slice.len() as u32;
    }
}

fn js_error(e: Error) -> JsValue {
    let err = js_sys::Error::new(e.message());
    err.set_name(e.name());
    err.into()
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value.serialize(&serializer).map_err(|e| {
        let err = js_sys::Error::new(&format!("could not convert the result: {e}"));
        err.set_name("Internal");
        err.into()
    })
}

fn from_js<T: DeserializeOwned + Default>(value: JsValue) -> Result<T, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| {
        js_error(Error::invalid_option(format!("options not understood: {e}")))
    })
}

/// A progress reporter calling `f(done)` or `f(done, stage)` at most once per
/// percent (each call is a message to the page), and at the end.
fn throttled(f: Option<js_sys::Function>) -> impl FnMut(f64, Option<&str>) {
    let mut last = -1.0f64;
    move |done: f64, stage: Option<&str>| {
        if let Some(f) = &f {
            if done - last >= 0.01 || (done >= 1.0 && last < 1.0) {
                last = done;
                let _ = match stage {
                    Some(stage) => f.call2(&JsValue::NULL, &JsValue::from(done), &JsValue::from_str(stage)),
                    None => f.call1(&JsValue::NULL, &JsValue::from(done)),
                };
            }
        }
    }
}
