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
        WasmCorpus { inner: crate::Corpus::new() }
    }

    /// Decodes, segments and stores a file; returns its summary. With `id`,
    /// stores it under that id (used when a restarted worker replays).
    #[wasm_bindgen(js_name = addDocument)]
    pub fn add_document(&mut self, name: &str, bytes: &[u8], id: Option<u32>) -> Result<JsValue, JsValue> {
        let summary = match id {
            Some(id) => self.inner.add_document_with_id(DocId(id), name, bytes),
            None => self.inner.add_document(name, bytes),
        };
        to_js(&summary.map_err(js_error)?)
    }

    #[wasm_bindgen(js_name = removeDocument)]
    pub fn remove_document(&mut self, id: u32) -> Result<(), JsValue> {
        self.inner.remove_document(DocId(id)).map_err(js_error)
    }

    /// Summaries of all documents, in the order they were added.
    pub fn documents(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.summaries())
    }

    /// Term statistics; `options` is a `TermOptions` object (all fields optional).
    #[wasm_bindgen(js_name = termStats)]
    pub fn term_stats(&self, options: JsValue) -> Result<JsValue, JsValue> {
        let options: crate::TermOptions = from_js(options)?;
        to_js(&crate::term_stats(&self.inner, &options).map_err(js_error)?)
    }

    /// Compares documents `a` and `b`; `options` is a `CompareOptions` object.
    pub fn compare(&self, a: u32, b: u32, options: JsValue) -> Result<JsValue, JsValue> {
        let options: crate::CompareOptions = from_js(options)?;
        to_js(&crate::compare(&self.inner, DocId(a), DocId(b), &options).map_err(js_error)?)
    }
}

impl Default for WasmCorpus {
    fn default() -> Self {
        WasmCorpus::new()
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
