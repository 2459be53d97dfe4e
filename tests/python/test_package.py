"""textlens in process (#12): reuse tables, terms against the CLI, segment, errors."""

import json
import os
import subprocess

import pandas as pd
import pytest

import textlens
from archive_corpus import score

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
SEEDS = os.path.join(ROOT, "..", "shared", "corpus", "seeds")
CLI = os.path.join(ROOT, "target", "release", "textlens")


def seeds():
    rows = []
    for name in sorted(os.listdir(SEEDS)):
        with open(os.path.join(SEEDS, name), encoding="utf-8") as f:
            rows.append({"id": name, "text": f.read()})
    return rows


@pytest.fixture(scope="module")
def tables(corpus):
    rows, _ = corpus
    return textlens.reuse(rows)


def test_reuse_finds_the_planted_reprints(corpus, tables):
    rows, truth = corpus
    assert len(rows) >= 300
    members = tables["members"]
    found = list(zip(members["id"], members["start"], members["end"], members["cluster"]))
    precision, recall = score(found, truth)
    assert precision >= 0.95 and recall >= 0.95, (precision, recall, len(found), len(truth))
    assert not tables["truncation"]


def test_offsets_are_code_points_of_the_text(corpus, tables):
    rows, _ = corpus
    text = {r["id"]: r["text"] for r in rows}
    members = tables["members"]
    assert len(members) > 100
    for m in members.itertuples():
        assert text[m.id][m.start:m.end] == m.text
    chinese = [m for m in members.itertuples() if any("\u4e00" <= c <= "\u9fff" for c in m.text)]
    assert chinese, "the Chinese reprints are clustered too"
    p = tables["passages"].iloc[0]
    assert len(text[p.a][p.a_start:p.a_end].strip()) > 0


def test_tables_fit_together(corpus, tables):
    rows, _ = corpus
    docs = tables["documents"]
    assert sorted(docs["id"]) == sorted(r["id"] for r in rows)
    # Pass-through fields land on documents.
    assert {"date", "series"} <= set(docs.columns)
    clusters = tables["clusters"]
    assert list(clusters["cluster"]) == list(range(len(clusters)))
    assert set(tables["members"]["cluster"]) == set(clusters["cluster"])
    sizes = tables["members"].groupby("cluster").size()
    assert (sizes.loc[clusters["cluster"]].values == clusters["members"].values).all()
    cov = tables["coverage"].set_index("id")
    assert len(cov) == len(rows)
    assert ((cov["shared_units"] <= cov["units"]) & (cov["shared_percent"] <= 100)).all()
    pairs = tables["doc_pairs"]
    assert (pairs["a"] < pairs["b"]).all() and ((pairs["a_containment"] > 0) & (pairs["a_containment"] <= 1)).all()


def test_same_rows_in_another_order_give_the_same_tables(corpus, tables):
    rows, _ = corpus
    again = textlens.reuse(pd.DataFrame(list(reversed(rows))))
    for name in textlens.TABLES:
        a = tables[name].drop(columns=[c for c in ("date", "series") if c in tables[name]])
        b = again[name].drop(columns=[c for c in ("date", "series") if c in again[name]])
        assert a.to_json() == b.to_json(), name


def test_the_seed_pair_shares_the_xinhua_report():
    t = textlens.reuse(seeds())
    text = " ".join(t["members"]["text"])
    assert "中俄两国" in text
    assert len(t["clusters"]) >= 2


def test_terms_equal_the_cli():
    if not os.path.exists(CLI):
        subprocess.run(["cargo", "build", "--release", "--bin", "textlens"], cwd=ROOT, check=True)
    files = [os.path.join(SEEDS, n) for n in sorted(os.listdir(SEEDS))]
    cli = json.loads(subprocess.run([CLI, "terms", "--json", *files], capture_output=True, check=True).stdout)
    frame = textlens.terms(seeds())
    assert dict(zip(frame["term"], frame["count"])) == {r["term"]: r["count"] for r in cli["terms"]}
    assert "上海合作组织" in set(frame["term"])


def test_keyness_compare_segment():
    rows = seeds()
    k = textlens.keyness(rows, target=rows[0]["id"])
    assert {"term", "g2", "use"} <= set(k.columns) and len(k) > 0
    c = textlens.compare(rows[0]["text"], rows[1]["text"])
    assert isinstance(c, dict) and c
    text = "习近平同普京会谈。Hello, World 42!"
    tokens = textlens.segment(text)
    assert all(text[t.start:t.end] == t.text for t in tokens.itertuples())
    assert "Hello" in set(tokens["text"])


def test_compare_places_are_code_points_of_the_texts_given():
    # A character outside the BMP (two UTF-16 units, four UTF-8 bytes) before the edit.
    a, b = "𠀀甲乙😀丙丁说：上海合作组织峰会。", "𠀀甲乙😀丙戊说：上海合作组织峰会。"
    ops = textlens.compare(a, b)["ops"]
    assert len(ops) > 1 and set(ops["kind"]) >= {"equal", "replace"}
    for op in ops.itertuples():
        assert a[op.aStart:op.aEnd] == op.aText and b[op.bStart:op.bEnd] == op.bText
    assert "".join(a[s:e] for s, e in zip(ops["aStart"], ops["aEnd"])) == a
    # The seeds: PDF line breaks inside sentences are cleaned away, so aText is
    # the passage without them; the places still tile each text as given.
    rows = seeds()
    a, b = rows[0]["text"], rows[1]["text"]
    report = textlens.compare(a, b)
    ops = report["ops"]
    for text, side in ((a, "a"), (b, "b")):
        starts, ends = list(ops[side + "Start"]), list(ops[side + "End"])
        assert starts[0] == 0 and ends[-1] == len(text)
        assert all(e <= s2 for e, s2 in zip(ends, starts[1:]))
        for s, e, t in zip(starts, ends, ops[side + "Text"]):
            assert "".join(text[s:e].split()) == "".join(t.split()), (side, s, e, t)
    # The edits of the wire story: 会同 / 同 and 中俄 / 俄中 are replaced passages, sliced from the texts.
    edited = {(a[r.aStart:r.aEnd], b[r.bStart:r.bEnd]) for r in ops.itertuples() if r.kind == "replace"}
    assert any("俄中" in x + y or "中俄" in x + y for x, y in edited), edited


def test_bad_rows_raise_named_errors():
    good = {"id": "a", "text": "some text here"}
    with pytest.raises(textlens.BadRecordError, match=r"row 2 \(id \"b\"\): no `text`"):
        textlens.reuse([good, {"id": "b", "title": "x"}])
    with pytest.raises(textlens.BadRecordError, match=r"row 1: `id` must be a string, got a number"):
        textlens.reuse([{"id": 17, "text": "x"}, good])
    with pytest.raises(textlens.BadRecordError, match="appears twice"):
        textlens.reuse([good, good])
    with pytest.raises(textlens.TooLargeError, match=r"id \"big\" is 3 KB, over the limit of 2 KB"):
        textlens.reuse([good, {"id": "big", "text": "word " * 500}], max_text_bytes=2000)
    with pytest.raises(textlens.InvalidOptionError, match="ngram must be"):
        textlens.reuse([good], ngram=0)
    with pytest.raises(textlens.InvalidOptionError, match="unknown option"):
        textlens.reuse([good], ngrams=3)
    assert issubclass(textlens.TooLargeError, textlens.TextlensError)
    # Skipped and counted instead.
    t = textlens.reuse([good, {"id": "b"}, {"id": 3, "text": "x"}], on_error="skip")
    assert list(t["documents"]["id"]) == ["a"]
    assert list(t["errors"]["kind"]) == ["BadRecord", "BadRecord"]


def test_a_300_mb_text_is_refused_by_id():
    big = "a" * 300_000_000
    with pytest.raises(textlens.TooLargeError, match=r"id \"huge\" is 300 MB, over the limit of 256 MB"):
        textlens.reuse([{"id": "small", "text": "x y z"}, {"id": "huge", "text": big}])
