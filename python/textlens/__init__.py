"""textlens in Python: the textlens Rust core, in process.

    import textlens
    tables = textlens.reuse([{"id": "a", "text": ...}, {"id": "b", "text": ...}])
    tables["clusters"], tables["members"], tables["passages"], ...

Every function runs the same Rust functions as the CLI, the page and the
Spark job (``python -m textlens.spark``). Offsets are code points of the text
as given: ``text[start:end]`` is the passage. Errors are exceptions named
after the core's error kind (``textlens.BadRecordError``, ``TooLargeError``,
...), all subclasses of ``textlens.TextlensError``.
"""

from __future__ import annotations

import json
import math
from typing import Any, Iterable, Mapping

import pandas as pd

from . import _core
from ._core import (  # noqa: F401  (re-exported)
    BadFormatError,
    BadRecordError,
    BinaryFileError,
    EmptyFileError,
    InvalidDictionaryError,
    InvalidOptionError,
    NotUtf8Error,
    TextlensError,
    TooLargeError,
    UnknownDocumentError,
    UnknownEncodingError,
)

__all__ = [
    "reuse", "terms", "keyness", "compare", "segment", "TABLES",
    "TextlensError", "BadRecordError", "TooLargeError", "InvalidOptionError",
]

#: The tables of a reuse run, in order.
TABLES = ("documents", "passages", "clusters", "members", "coverage", "doc_pairs")

#: The options of ``reuse`` (ArchiveOptions in the core) and their defaults.
REUSE_OPTIONS = {
    "ngram": 5,
    "window": 6,
    "min_units": 25,
    "max_posting": 10_000,
    "max_pair_units": 2_000_000,
    "max_component_units": 60_000_000,
    "max_text_bytes": 256_000_000,
}


def _records(rows: Any) -> list[dict]:
    """Rows as dicts: an iterable of mappings, or a pandas DataFrame."""
    if isinstance(rows, pd.DataFrame):
        return rows.to_dict("records")
    out = []
    for i, row in enumerate(rows):
        if not isinstance(row, Mapping):
            raise BadRecordError(f"row {i + 1}: not a mapping with `id` and `text` (got {type(row).__name__})")
        out.append(dict(row))
    return out


def _json_default(value: Any) -> Any:
    # Pass-through fields (dates, numpy numbers) only need to survive the trip.
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return str(value)


def _line(row: dict) -> str:
    # Only `id` and `text` go to the core; NaN (a missing text in a DataFrame) is no text.
    slim = {k: row[k] for k in ("id", "text") if k in row and not (isinstance(row[k], float) and math.isnan(row[k]))}
    return json.dumps(slim, default=_json_default, ensure_ascii=False)


def _options(known: Mapping[str, Any], given: Mapping[str, Any]) -> dict:
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise InvalidOptionError(f"unknown option(s) {', '.join(unknown)}; known: {', '.join(known)}")
    return {**known, **given}


def reuse(rows: Iterable[Mapping] | pd.DataFrame, *, on_error: str = "raise", **options: Any) -> dict[str, pd.DataFrame]:
    """Text reuse among ``rows`` (dicts or a DataFrame with ``id`` and ``text``;
    other columns are passed through onto ``documents``).

    Returns a dict of DataFrames: ``documents``, ``passages`` (pairs with
    spans on both sides), ``clusters``, ``members`` (``cluster, id, start,
    end``, units, variants), ``coverage`` and ``doc_pairs`` (sparse
    similarity); ``errors`` lists rows left out with ``on_error="skip"``.
    Options: see ``REUSE_OPTIONS``.
    """
    if on_error not in ("raise", "skip"):
        raise InvalidOptionError(f"on_error must be 'raise' or 'skip', got {on_error!r}")
    records = _records(rows)
    opts = _options(REUSE_OPTIONS, options)
    tables = json.loads(_core.reuse([_line(r) for r in records], json.dumps(opts), on_error == "skip"))
    out = {name: _frame(tables[name], name) for name in TABLES}
    out["errors"] = pd.DataFrame(tables["errors"], columns=["line", "id", "kind", "message"]).rename(columns={"line": "row"})
    out["truncation"] = tables["truncation"]
    extra = pd.DataFrame([{k: v for k, v in r.items() if k != "text"} for r in records])
    if len(extra.columns) > 1 and len(out["documents"]):
        extra = extra.drop_duplicates("id")
        out["documents"] = out["documents"].merge(extra, on="id", how="left")
    return out


_COLUMNS = {
    "documents": ["id", "number", "chars", "units"],
    "passages": ["cluster", "a", "b", "a_start", "a_end", "b_start", "b_end", "a_units", "b_units", "matched"],
    "clusters": ["cluster", "documents", "members", "units", "reference", "reference_start", "reference_end"],
    "members": ["cluster", "id", "start", "end", "units", "reference", "same_percent", "text", "variants"],
    "coverage": ["id", "units", "shared_units", "shared_percent", "chars", "shared_chars"],
    "doc_pairs": ["a", "b", "passages", "matched", "a_shared", "b_shared", "a_containment", "b_containment"],
}


def _frame(rows: list[dict], name: str) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=_COLUMNS[name])
    if name == "passages":
        frame["cluster"] = frame["cluster"].astype("Int64")
    return frame


def _names_texts(rows: Any) -> tuple[list[str], list[str]]:
    records = _records(rows)
    names, texts = [], []
    for i, r in enumerate(records):
        problem = _core.check_record(_line(r), "row", i + 1)
        if problem:
            raise getattr(_core, problem[0] + "Error", TextlensError)(problem[1])
        names.append(r["id"])
        texts.append(r["text"])
    return names, texts


def terms(rows: Iterable[Mapping] | pd.DataFrame, *, discover: bool = True, **options: Any) -> pd.DataFrame:
    """The term table of ``rows`` (as ``textlens terms --json``): one row per
    term with ``count``, ``rate``, ``df``, ``tfidf``. Options are the core's
    TermOptions in snake_case (``min_length``, ``stopword_languages``, ...).
    With ``discover`` (the CLI's behaviour) terms found across the rows are
    applied first."""
    names, texts = _names_texts(rows)
    opts = {_camel(k): v for k, v in options.items()}
    opts.setdefault("positions", False)
    opts.setdefault("perDoc", False)
    report = json.loads(_core.terms(names, texts, json.dumps(opts), discover))
    frame = pd.DataFrame(report["terms"], columns=["term", "count", "rate", "df", "tfidf"])
    frame.attrs["total_tokens"] = report["totalTokens"]
    return frame


def keyness(rows: Iterable[Mapping] | pd.DataFrame, target: str, reference: str | None = None, **options: Any) -> pd.DataFrame:
    """Key terms of the row with id ``target`` against the others (or the
    row ``reference``), as ``textlens keyness --json``: one row per term with
    ``use`` ('over' or 'under'), counts, rates, ``g2``, ``log_ratio``, ``p``."""
    names, texts = _names_texts(rows)
    if target not in names or (reference is not None and reference not in names):
        missing = target if target not in names else reference
        raise UnknownDocumentError(f"no row with id {missing!r}")
    opts = {_camel(k): v for k, v in options.items()}
    opts["target"] = names.index(target)
    if reference is not None:
        opts["reference"] = names.index(reference)
    report = json.loads(_core.keyness(names, texts, json.dumps(opts)))
    rows_out = report["overused"] + report["underused"]
    frame = pd.DataFrame(rows_out, columns=["term", "targetCount", "referenceCount", "targetRate", "referenceRate", "g2", "logRatio", "p", "use"])
    return frame.rename(columns=_snake)


def compare(a: str, b: str, **options: Any) -> dict:
    """The comparison of texts ``a`` and ``b`` (as ``textlens compare
    --json``): the report as a dict, its tabular parts (``ops``, ``moves``,
    ``rows``) as DataFrames. Places are code points of the texts as given:
    ``a[op.aStart:op.aEnd]`` is the passage of ``a`` an op covers (its
    ``aText`` is that passage after clean-up, e.g. a line break inside a
    sentence removed), likewise ``bStart``, ``bEnd`` in ``b``."""
    if not isinstance(a, str) or not isinstance(b, str):
        raise BadRecordError("compare takes two str texts")
    opts = {_camel(k): v for k, v in options.items()}
    report = json.loads(_core.compare(a, b, json.dumps(opts)))
    for key, value in list(report.items()):
        if isinstance(value, list) and value and isinstance(value[0], dict):
            report[key] = pd.DataFrame(value)
    return report


def segment(text: str) -> pd.DataFrame:
    """The tokens of ``text``: ``text, kind, script, start, end`` (code points)."""
    if not isinstance(text, str):
        raise BadRecordError(f"segment takes a str, got {type(text).__name__}")
    return pd.DataFrame(json.loads(_core.segment(text)), columns=["text", "kind", "script", "start", "end"])


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.title() for p in rest)


def _snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in name)
