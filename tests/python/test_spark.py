"""The Spark job (#12) on one shared local[2] session: the same clusters as
textlens.reuse whatever the partitions, --filter-pairs, resume, terms, bad input."""

import json
import os
import shutil
import subprocess

import pytest

import textlens
from textlens import spark as job
from archive_corpus import score, seeds_and_chapters

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
CLI = os.path.join(ROOT, "target", "release", "textlens")


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n")
    return path


def members_of(spark, out):
    rows = spark.read.parquet(os.path.join(out, "members")).select("cluster", "id", "start", "end").collect()
    return rows


def clusters_as_sets(rows):
    by = {}
    for r in rows:
        by.setdefault(r["cluster"], set()).add((r["id"], r["start"], r["end"]))
    return {frozenset(v) for v in by.values()}


@pytest.fixture(scope="module")
def archive(corpus, tmp_path_factory):
    rows, truth = corpus
    d = tmp_path_factory.mktemp("archive")
    return write_jsonl(str(d / "archive.jsonl"), rows), rows, truth


@pytest.fixture(scope="module")
def in_process(corpus):
    rows, _ = corpus
    t = textlens.reuse(rows)
    return clusters_as_sets(t["members"].to_dict("records")), t


@pytest.mark.parametrize("partitions", [1, 2, 7])
def test_spark_gives_the_clusters_of_textlens_reuse(spark, archive, in_process, tmp_path, partitions):
    path, rows, truth = archive
    out = str(tmp_path / "out")
    assert job.main(["reuse", "--input", path, "--output", out, "--partitions", str(partitions)], spark=spark) == 0
    got = members_of(spark, out)
    assert clusters_as_sets(got) == in_process[0]
    precision, recall = score([(r["id"], r["start"], r["end"], r["cluster"]) for r in got], truth)
    assert precision >= 0.95 and recall >= 0.95, (precision, recall)
    if partitions == 2:
        # Every table is there, and the same as in process where it is keyed by id.
        t = in_process[1]
        pairs = spark.read.parquet(os.path.join(out, "doc_pairs")).toPandas().sort_values(["a", "b"]).reset_index(drop=True)
        mine = t["doc_pairs"].sort_values(["a", "b"]).reset_index(drop=True)
        assert pairs[mine.columns].astype(str).equals(mine.astype(str))
        cov = spark.read.parquet(os.path.join(out, "coverage")).toPandas().sort_values("id").reset_index(drop=True)
        assert cov[["id", "shared_units"]].values.tolist() == t["coverage"].sort_values("id")[["id", "shared_units"]].values.tolist()
        docs = spark.read.parquet(os.path.join(out, "documents"))
        assert docs.count() == len(rows) and "series" in docs.columns
        clusters = spark.read.parquet(os.path.join(out, "clusters")).toPandas().sort_values("cluster")
        assert clusters[["documents", "members", "units"]].values.tolist() == t["clusters"][["documents", "members", "units"]].values.tolist()


def test_filter_pairs_and_resume(spark, archive, tmp_path):
    path, rows, _ = archive
    out = str(tmp_path / "out")
    window = "abs(datediff(to_date(date), to_date(date2))) <= 30"
    assert job.main(["reuse", "--input", path, "--output", out, "--filter-pairs", window], spark=spark) == 0
    date = {r["id"]: r["date"] for r in rows}
    import datetime

    def days(a, b):
        return abs((datetime.date.fromisoformat(date[a]) - datetime.date.fromisoformat(date[b])).days)

    passages = spark.read.parquet(os.path.join(out, "passages")).collect()
    assert passages and all(days(p["a"], p["b"]) <= 30 for p in passages)
    unfiltered = textlens.reuse(rows)["passages"]
    far = [p for p in unfiltered.itertuples() if days(p.a, p.b) > 30]
    assert far, "the corpus plants late reprints"
    assert len(passages) == len(unfiltered) - len(far)
    # Resume: delete one stage; only it runs again, and the output is the same.
    before = clusters_as_sets(members_of(spark, out))
    shutil.rmtree(os.path.join(out, "_stages", "aligned"))
    stamps = {s: os.path.getmtime(os.path.join(out, "_stages", s, "_SUCCESS")) for s in ("records", "units", "seeds", "components", "clusters")}
    info = job.reuse(spark, path, out, filter_pairs=window)
    assert info["stages_run"] == ["aligned"]
    assert all(os.path.getmtime(os.path.join(out, "_stages", s, "_SUCCESS")) == t for s, t in stamps.items())
    assert clusters_as_sets(members_of(spark, out)) == before


def test_terms_equal_textlens_terms(spark, tmp_path, corpus):
    rows, _ = corpus
    rows = rows[:40]
    path = write_jsonl(str(tmp_path / "a.jsonl"), rows)
    out = str(tmp_path / "terms")
    assert job.main(["terms", "--input", path, "--output", out, "--partitions", "3"], spark=spark) == 0
    got = {r["term"]: (r["count"], r["docs"]) for r in spark.read.parquet(os.path.join(out, "terms")).collect()}
    frame = textlens.terms(rows)
    assert got == dict(zip(frame["term"], zip(frame["count"], frame["df"])))
    # Without discovery: the counts of textlens.terms(discover=False).
    plain = str(tmp_path / "plain")
    assert job.main(["terms", "--input", path, "--output", plain, "--no-discover"], spark=spark) == 0
    frame = textlens.terms(rows, discover=False)
    got_plain = {r["term"]: (r["count"], r["docs"]) for r in spark.read.parquet(os.path.join(plain, "terms")).collect()}
    assert got_plain == dict(zip(frame["term"], zip(frame["count"], frame["df"])))
    # Per group: the groups add up to the whole.
    out = str(tmp_path / "by")
    assert job.main(["terms", "--input", path, "--output", out, "--group-by", "series"], spark=spark) == 0
    by = spark.read.parquet(os.path.join(out, "terms")).toPandas()
    assert set(by["series"]) == {r["series"] for r in rows}
    assert by.groupby("term")["count"].sum().to_dict() == {t: c for t, (c, _) in got.items()}


@pytest.fixture(scope="module")
def discovered(tmp_path_factory):
    """Seeds and novel chapters as JSON lines and as files, with the term
    counts of textlens.terms and of `textlens terms --json` (discovery on)."""
    rows = seeds_and_chapters()
    d = tmp_path_factory.mktemp("discovered")
    files = []
    for i, r in enumerate(rows):
        files.append(str(d / f"{i:02}.txt"))
        with open(files[-1], "w", encoding="utf-8") as f:
            f.write(r["text"])
    if not os.path.exists(CLI):
        subprocess.run(["cargo", "build", "--release", "--bin", "textlens"], cwd=ROOT, check=True)
    cli = json.loads(subprocess.run([CLI, "terms", "--json", *files], capture_output=True, check=True).stdout)
    frame = textlens.terms(rows)
    plain = textlens.terms(rows, discover=False)
    return write_jsonl(str(d / "rows.jsonl"), rows), cli, frame, plain


@pytest.mark.parametrize("partitions", [1, 2, 7])
def test_terms_with_discovery_equal_textlens_terms_and_the_cli(spark, tmp_path, discovered, partitions):
    path, cli, frame, plain = discovered
    in_process = dict(zip(frame["term"], zip(frame["count"], frame["df"])))
    assert in_process == {r["term"]: (r["count"], r["df"]) for r in cli["terms"]}
    # Discovery matters here: terms it found are whole, their pieces counted less.
    assert in_process != dict(zip(plain["term"], zip(plain["count"], plain["df"])))
    assert in_process["上海合作组织"] == (18, 2) and "上海合作组织" not in set(plain["term"])
    out = str(tmp_path / "terms")
    args = ["terms", "--input", path, "--output", out, "--partitions", str(partitions)]
    assert job.main(args, spark=spark) == 0
    got = {r["term"]: (r["count"], r["docs"]) for r in spark.read.parquet(os.path.join(out, "terms")).collect()}
    assert got == in_process


def test_bad_input_is_named_or_skipped(spark, tmp_path, corpus, capsys):
    rows, _ = corpus
    lines = [json.dumps(r) for r in rows[:6]]
    lines.insert(2, '{"id": "no-text", "date": "2020-01-01"}')
    lines.insert(4, "{not json")
    lines.insert(5, '{"id": 42, "text": "a number for an id"}')
    path = write_jsonl(str(tmp_path / "bad.jsonl"), lines)
    out = str(tmp_path / "out")
    assert job.main(["reuse", "--input", path, "--output", out], spark=spark) == 1
    assert 'BadRecord: line 3 (id "no-text"): no `text`' in capsys.readouterr().err
    out = str(tmp_path / "skip")
    assert job.main(["reuse", "--input", path, "--output", out, "--on-error", "skip"], spark=spark) == 0
    errors = spark.read.parquet(os.path.join(out, "errors")).orderBy("line").collect()
    assert [(e["line"], e["kind"]) for e in errors] == [(3, "BadRecord"), (5, "BadRecord"), (6, "BadRecord")]
    assert "not valid JSON" in errors[1]["message"] and "`id` must be a string" in errors[2]["message"]
    assert spark.read.parquet(os.path.join(out, "documents")).count() == 6
    # A text over the size limit: named by its id, or skipped.
    big = write_jsonl(str(tmp_path / "big.jsonl"), rows[:3] + [{"id": "huge", "text": "word " * 2000}])
    assert job.main(["reuse", "--input", big, "--output", str(tmp_path / "b1"), "--max-text-bytes", "5000"], spark=spark) == 1
    assert 'id "huge" is 10 KB, over the limit of 5 KB' in capsys.readouterr().err
    assert job.main(["reuse", "--input", big, "--output", str(tmp_path / "b2"), "--max-text-bytes", "5000", "--on-error", "skip"], spark=spark) == 0
    errors = spark.read.parquet(os.path.join(str(tmp_path / "b2"), "errors")).collect()
    assert [(e["id"], e["kind"]) for e in errors] == [("huge", "TooLarge")]


def test_the_module_runs_as_a_command():
    import sys

    r = subprocess.run([sys.executable, "-m", "textlens.spark", "reuse", "--help"], capture_output=True, text=True)
    assert r.returncode == 0 and "--filter-pairs" in r.stdout
