"""The textlens Spark job: text reuse and term counts over an archive.

    python -m textlens.spark reuse --input PATH --output DIR [--format parquet|json]
                                   [--filter-pairs SQL] [--on-error raise|skip]
                                   [--partitions N] [--master URL]
    python -m textlens.spark terms --input PATH --output DIR [--group-by COLUMN] [--no-discover]

Input: JSON lines or Parquet with ``id`` (string) and ``text``; ``date`` and
``series`` are kept for ``--filter-pairs`` (``id2``, ``date2``, ``series2``
name the second document of a pair), other fields pass through onto
``documents`` as ``extra`` (JSON).

Every stage runs the textlens Rust core over Arrow batches (``mapInArrow``,
and a cogroup per component) and writes its result under ``DIR/_stages/``;
a stage found there is not run again, so a killed job resumes. The stages:
records → units and fingerprints → seeds (posting lists, partitioned by
hash) → pairs filtered by ``--filter-pairs`` → alignment per pair →
connected components (label propagation, here) → clusters per component →
coverage. Runs the same with ``--master local[*]`` and under ``spark-submit``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Iterator

import pyarrow as pa

OPTION_NAMES = ("ngram", "window", "min_units", "max_posting", "max_pair_units", "max_component_units", "max_text_bytes")


class JobError(Exception):
    """A job that cannot go on: bad input (with ``--on-error raise``) or bad arguments."""


def session(master: str | None = None, app: str = "textlens"):
    """A Spark session: ``master`` if given, else the one spark-submit set, else local[*]."""
    from pyspark import SparkConf
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app)
    if master:
        builder = builder.master(master)
    elif not SparkConf().contains("spark.master"):
        builder = builder.master("local[*]")
    # Python workers run this interpreter, which has textlens installed.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    conf = SparkConf()
    spark = (
        builder.config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.ui.enabled", "false")
        # The job says what it did when it ends; Spark's bars would fill the terminal.
        .config("spark.ui.showConsoleProgress", conf.get("spark.ui.showConsoleProgress", "false"))
        .getOrCreate()
    )
    # Spark's default of 200 shuffle partitions makes each of discovery's seven steps 200 tasks,
    # minutes for a handful of articles on a laptop: unless it was set (spark-submit --conf,
    # or --partitions), shuffle into as many partitions as there are cores, at least 2.
    if not conf.contains("spark.sql.shuffle.partitions"):
        spark.conf.set("spark.sql.shuffle.partitions", str(max(2, spark.sparkContext.defaultParallelism)))
    return spark


# ---------------------------------------------------------------------------
# Stages on disk.


class Stages:
    """``DIR/_stages/NAME``: computed once, read back afterwards."""

    def __init__(self, spark, output: str):
        self.spark = spark
        self.root = os.path.join(output, "_stages")
        self.ran: list[str] = []
        self.seconds: dict[str, float] = {}

    def path(self, name: str) -> str:
        return os.path.join(self.root, name)

    def done(self, name: str) -> bool:
        return os.path.exists(os.path.join(self.path(name), "_SUCCESS"))

    def get(self, name: str, compute):
        if not self.done(name):
            import time

            start = time.perf_counter()
            compute().write.mode("overwrite").parquet(self.path(name))
            self.seconds[name] = round(time.perf_counter() - start, 2)
            self.ran.append(name)
        return self.spark.read.parquet(self.path(name))


# ---------------------------------------------------------------------------
# Input.


def _read_records(spark, path: str, partitions: int):
    """The input as rows ``line, id, text, date, series, extra, error_kind,
    error_message``: each record checked by the core (line numbers from 1)."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    schema = StructType([
        StructField("line", LongType()), StructField("id", StringType()), StructField("text", StringType()),
        StructField("date", StringType()), StructField("series", StringType()), StructField("extra", StringType()),
        StructField("error_kind", StringType()), StructField("error_message", StringType()),
    ])
    if _is_parquet(path):
        frame = spark.read.parquet(path)
        for needed in ("id", "text"):
            if needed not in frame.columns:
                raise JobError(f"{path}: no `{needed}` column (columns: {', '.join(frame.columns)})")
        id_type = dict(frame.dtypes)["id"]
        if id_type != "string":
            raise JobError(f"{path}: `id` must be a string column, it is {id_type}")
        others = [c for c in frame.columns if c not in ("id", "text", "date", "series")]
        frame = frame.select(
            "id", "text",
            *(F.col(c).cast("string").alias(c) if c in frame.columns else F.lit(None).cast("string").alias(c) for c in ("date", "series")),
            (F.to_json(F.struct(*others)) if others else F.lit(None).cast("string")).alias("extra"),
        )
        lines = frame.rdd.zipWithIndex().map(lambda r: (r[1] + 1, json.dumps(r[0].asDict(), ensure_ascii=False)))
    else:
        lines = spark.sparkContext.textFile(path).zipWithIndex().map(lambda r: (r[1] + 1, r[0]))
    lines = lines.filter(lambda r: r[1].strip() != "")
    frame = spark.createDataFrame(lines, "line long, json string").repartition(partitions)

    def check(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        from textlens import _core

        for batch in batches:
            out = {f.name: [] for f in schema.fields}
            for line, raw in zip(batch.column("line").to_pylist(), batch.column("json").to_pylist()):
                problem = _core.check_record(raw, "line", line)
                row = {"line": line, "id": None, "text": None, "date": None, "series": None, "extra": None,
                       "error_kind": None, "error_message": None}
                if problem:
                    row["error_kind"], row["error_message"] = problem
                    try:  # name the id when there is one
                        value = json.loads(raw)
                        if isinstance(value, dict) and isinstance(value.get("id"), str):
                            row["id"] = value["id"]
                    except ValueError:
                        pass
                else:
                    value = json.loads(raw)
                    row["id"], row["text"] = value.pop("id"), value.pop("text")
                    for key in ("date", "series"):
                        v = value.pop(key, None)
                        row[key] = None if v is None else str(v)
                    extra = value.pop("extra", None) if _is_parquet(path) else None
                    row["extra"] = extra if extra is not None else (json.dumps(value, ensure_ascii=False) if value else None)
                for k, v in row.items():
                    out[k].append(v)
            yield pa.RecordBatch.from_pydict(out, schema=pa.schema([
                ("line", pa.int64()), ("id", pa.string()), ("text", pa.string()), ("date", pa.string()),
                ("series", pa.string()), ("extra", pa.string()), ("error_kind", pa.string()), ("error_message", pa.string()),
            ]))

    return frame.mapInArrow(check, schema)


def _is_parquet(path: str) -> bool:
    return path.endswith(".parquet") or (os.path.isdir(path) and any(f.endswith(".parquet") for f in os.listdir(path)))


def _fail_or_count(errors_frame, on_error: str) -> None:
    if on_error == "raise":
        first = errors_frame.orderBy("line").limit(1).collect()
        if first:
            raise JobError(f"{first[0]['kind']}: {first[0]['message']} (use --on-error skip to leave such records out)")


# ---------------------------------------------------------------------------
# reuse


def reuse(spark, input_path: str, output: str, *, fmt: str = "parquet", filter_pairs: str | None = None,
          on_error: str = "raise", partitions: int | None = None, options: dict | None = None) -> dict:
    """Runs the reuse job; returns what it did (stages run, counts)."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    opts = {"ngram": 5, "window": 6, "min_units": 25, "max_posting": 10_000, "max_pair_units": 2_000_000,
            "max_component_units": 60_000_000, "max_text_bytes": 256_000_000, **(options or {})}
    opts_json = json.dumps(opts)
    parts = partitions or int(spark.conf.get("spark.sql.shuffle.partitions"))
    stages = Stages(spark, output)

    # 0. Records, checked; numbers in id order.
    def records():
        checked = _read_records(spark, input_path, parts)
        good = checked.where("error_kind is null")
        dup = good.withColumn("n", F.count("*").over(Window.partitionBy("id"))).where("n > 1")
        dup_err = dup.withColumn("first", F.min("line").over(Window.partitionBy("id"))).where("line > first").select(
            "line", "id", F.lit(None).cast("string").alias("text"), "date", "series", "extra",
            F.lit("BadRecord").alias("error_kind"),
            F.concat(F.lit("line "), F.col("line").cast("string"), F.lit(": id \""), F.col("id"), F.lit("\" appears twice")).alias("error_message"),
        )
        firsts = good.withColumn("first", F.min("line").over(Window.partitionBy("id"))).where("line = first").drop("first")
        return checked.where("error_kind is not null").unionByName(dup_err).unionByName(firsts)

    recs = stages.get("records", records)
    errors = recs.where("error_kind is not null").select("line", "id", F.col("error_kind").alias("kind"), F.col("error_message").alias("message"))
    _fail_or_count(errors, on_error)
    good = recs.where("error_kind is null")

    # 1. Units and fingerprints (numbers: place in id order).
    def analysed():
        numbered = good.select("id", "text").rdd.sortBy(lambda r: r["id"].encode("utf-8")).zipWithIndex().map(
            lambda r: (r[1], r[0]["id"], r[0]["text"]))
        frame = spark.createDataFrame(numbered, "number long, id string, text string").repartition(parts)

        def analyse(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
            from textlens import _core

            for batch in batches:
                numbers = batch.column("number").to_pylist()
                ids = batch.column("id").to_pylist()
                units, errs, chars, counts, (h, d, p) = _core.analyse(ids, batch.column("text").to_pylist(), numbers, opts_json)
                fp_hash = [[] for _ in numbers]
                fp_pos = [[] for _ in numbers]
                index = {n: i for i, n in enumerate(numbers)}
                for hh, dd, pp in zip(h, d, p):
                    fp_hash[index[dd]].append(hh)
                    fp_pos[index[dd]].append(pp)
                yield pa.RecordBatch.from_pydict({
                    "number": numbers, "id": ids, "chars": chars, "units_count": counts,
                    "units": units, "fp_hash": fp_hash, "fp_pos": fp_pos,
                    "error_kind": [e[0] if e else None for e in errs], "error_message": [e[1] if e else None for e in errs],
                }, schema=pa.schema([("number", pa.int64()), ("id", pa.string()), ("chars", pa.int64()), ("units_count", pa.int64()),
                                     ("units", pa.binary()), ("fp_hash", pa.list_(pa.int64())), ("fp_pos", pa.list_(pa.int64())),
                                     ("error_kind", pa.string()), ("error_message", pa.string())]))

        return frame.mapInArrow(analyse, "number long, id string, chars long, units_count long, units binary, "
                                         "fp_hash array<long>, fp_pos array<long>, error_kind string, error_message string")

    an = stages.get("units", analysed)
    an_errors = an.where("error_kind is not null").join(good.select("id", "line"), "id").select(
        "line", "id", F.col("error_kind").alias("kind"), F.col("error_message").alias("message"))
    _fail_or_count(an_errors, on_error)
    errors = errors.unionByName(an_errors)
    docs = an.where("error_kind is null")

    # 2. Seeds: posting lists gathered by hash, each list whole in one partition.
    def seeds():
        postings = docs.select(F.col("number").alias("doc"), F.arrays_zip("fp_hash", "fp_pos").alias("fp")).select(
            "doc", F.explode("fp").alias("fp")).select(F.col("fp.fp_hash").alias("hash"), "doc", F.col("fp.fp_pos").alias("pos"))

        def seed(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
            from textlens import _core

            table = pa.Table.from_batches(list(batches))
            if table.num_rows == 0:
                return
            (a, b, pa_, pb), _dropped = _core.seeds(table.column("hash").to_pylist(), table.column("doc").to_pylist(),
                                                   table.column("pos").to_pylist(), opts_json)
            yield pa.RecordBatch.from_pydict({"a": a, "b": b, "pa": pa_, "pb": pb},
                                             schema=pa.schema([("a", pa.int64()), ("b", pa.int64()), ("pa", pa.int64()), ("pb", pa.int64())]))

        return postings.repartition(parts, "hash").mapInArrow(seed, "a long, b long, pa long, pb long")

    sd = stages.get("seeds", seeds)

    # 3. Pairs, filtered on both documents' metadata; aligned one by one.
    def aligned():
        pairs = sd.groupBy("a", "b").agg(F.collect_list("pa").alias("pa"), F.collect_list("pb").alias("pb"))
        meta = docs.select("number", "id").join(good.select("id", "date", "series"), "id")
        first = meta.select(F.col("number").alias("a"), "id", "date", "series")
        second = meta.select(F.col("number").alias("b"), F.col("id").alias("id2"), F.col("date").alias("date2"), F.col("series").alias("series2"))
        pairs = pairs.join(first, "a").join(second, "b")
        if filter_pairs:
            pairs = pairs.where(filter_pairs)
        units = docs.select("number", "units")
        pairs = pairs.join(units.select(F.col("number").alias("a"), F.col("units").alias("units_a")), "a").join(
            units.select(F.col("number").alias("b"), F.col("units").alias("units_b")), "b")
        pairs = pairs.select("a", "b", "id", "id2", "units_a", "units_b", "pa", "pb").repartition(parts, "a", "b")

        def align(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
            from textlens import _core

            for batch in batches:
                rows = batch.to_pylist()
                out = {"a": [], "b": [], "passages": [], "pair": [], "cut": []}
                for r in rows:
                    cols, pair, cut = _core.align(r["a"], r["b"], r["id"], r["id2"], r["units_a"], r["units_b"], r["pa"], r["pb"], opts_json)
                    out["a"].append(r["a"])
                    out["b"].append(r["b"])
                    out["passages"].append([dict(zip(("ra_start", "ra_end", "rb_start", "rb_end", "matched"), x)) for x in zip(*cols)])
                    out["pair"].append(pair)
                    out["cut"].append(cut)
                yield pa.RecordBatch.from_pydict(out, schema=ALIGNED)

        return pairs.mapInArrow(align, "a long, b long, passages array<struct<ra_start:long, ra_end:long, rb_start:long, rb_end:long, matched:long>>, pair string, cut boolean")

    al = stages.get("aligned", aligned)
    linked = al.where("size(passages) > 0")

    # 4. Connected components of the pairs with passages: every document takes
    #    the smallest label among its neighbours until none changes.
    def components():
        edges = linked.select("a", "b")
        edges = edges.unionByName(edges.select(F.col("b").alias("a"), F.col("a").alias("b"))).cache()
        labels = edges.select(F.col("a").alias("doc")).distinct().withColumn("label", F.col("doc"))
        while True:
            proposed = edges.join(labels.select(F.col("doc").alias("b"), F.col("label").alias("nl")), "b").groupBy(
                F.col("a").alias("doc")).agg(F.min("nl").alias("nl"))
            updated = labels.join(proposed, "doc", "left").select(
                "doc", F.least("label", F.coalesce("nl", "label")).alias("label"), (F.coalesce("nl", "label") < F.col("label")).alias("changed"))
            updated = updated.localCheckpoint()
            if updated.where("changed").limit(1).count() == 0:
                return updated.select("doc", "label")
            labels = updated.select("doc", "label")

    comp = stages.get("components", components)

    # 5. Clusters, members, passages and coverage per component, in the core.
    def clustered():
        cdocs = comp.join(docs.select(F.col("number").alias("doc"), "id", "units"), "doc").join(
            good.select("id", "text"), "id").select(F.col("label").alias("component"), F.col("doc").alias("number"), "id", "units", "text")
        cpass = linked.select("a", "b", F.explode("passages").alias("p")).join(
            comp.select(F.col("doc").alias("a"), F.col("label").alias("component")), "a").select(
            "component", "a", "b", "p.ra_start", "p.ra_end", "p.rb_start", "p.rb_end", "p.matched")

        def cluster(key, docs_t: pa.Table, pass_t: pa.Table) -> pa.Table:
            from textlens import _core

            d = docs_t.to_pydict()
            p = pass_t.to_pydict()
            tables = _core.cluster_component(
                d["number"], d["id"], d["units"], d["text"],
                (p["a"], p["b"], p["ra_start"], p["ra_end"], p["rb_start"], p["rb_end"], p["matched"]), opts_json)
            return pa.table({"component": [key[0].as_py()], "tables": [tables]})

        return cdocs.groupBy("component").cogroup(cpass.groupBy("component")).applyInArrow(cluster, "component long, tables string")

    cl = stages.get("clusters", clustered)

    # 6. The output tables.
    from pyspark.sql.types import ArrayType

    def table(name: str, schema: str):
        parsed = cl.select(F.explode(F.from_json(F.get_json_object("tables", f"$.{name}"), ArrayType(_ddl(spark, schema)))).alias("r"))
        return parsed.select("r.*")

    clusters = table("clusters", CLUSTER)
    ranked = clusters.rdd.sortBy(lambda r: (-(r["documents"] * r["units"]), -r["documents"], r["key"][0], r["key"][1])).zipWithIndex().map(
        lambda x: (x[0]["key"][0], x[0]["key"][1], x[1]))
    ids = spark.createDataFrame(ranked, "k0 long, k1 long, cluster_id long")

    def with_id(frame):
        return frame.withColumn("k0", F.col("key")[0]).withColumn("k1", F.col("key")[1]).join(ids, ["k0", "k1"], "left").drop(
            "cluster", "k0", "k1", "key").withColumnRenamed("cluster_id", "cluster")

    out = {
        "documents": docs.select("id", "number", "chars", F.col("units_count").alias("units")).join(good.select("id", "date", "series", "extra"), "id"),
        "clusters": with_id(clusters).select("cluster", "documents", "members", "units", "reference", "reference_start", "reference_end"),
        "members": with_id(table("members", MEMBER)).select("cluster", "id", "start", "end", "units", "reference", "same_percent", "text", "variants"),
        "passages": with_id(table("passages", PASSAGE)).select("cluster", "a", "b", "a_start", "a_end", "b_start", "b_end", "a_units", "b_units", "matched"),
        "coverage": table("coverage", COVERAGE).unionByName(
            docs.join(comp.select(F.col("doc").alias("number")), "number", "left_anti").select(
                "id", F.col("units_count").alias("units"), F.lit(0).cast("long").alias("shared_units"),
                F.lit(0.0).alias("shared_percent"), "chars", F.lit(0).cast("long").alias("shared_chars"))),
        "doc_pairs": al.where("pair is not null").select(F.from_json("pair", _ddl(spark, DOC_PAIR)).alias("r")).select("r.*"),
        "errors": errors,
    }
    import time

    start = time.perf_counter()
    for name, frame in out.items():
        writer = frame.write.mode("overwrite")
        (writer.json if fmt == "json" else writer.parquet)(os.path.join(output, name))
    stages.seconds["tables"] = round(time.perf_counter() - start, 2)
    cut_pairs = al.where("cut").count()
    return {"stages_run": stages.ran, "seconds": stages.seconds, "errors": out["errors"].count(), "cut_pairs": cut_pairs}


ALIGNED = pa.schema([
    ("a", pa.int64()), ("b", pa.int64()),
    ("passages", pa.list_(pa.struct([("ra_start", pa.int64()), ("ra_end", pa.int64()), ("rb_start", pa.int64()),
                                    ("rb_end", pa.int64()), ("matched", pa.int64())]))),
    ("pair", pa.string()), ("cut", pa.bool_()),
])
CLUSTER = ("cluster long, documents long, members long, units long, reference string, reference_start long, "
           "reference_end long, key array<long>")
MEMBER = ("cluster long, id string, start long, end long, units long, reference boolean, same_percent double, text string, "
          "variants array<struct<start:long, end:long, text:string, reference_text:string>>, key array<long>")
PASSAGE = ("cluster long, a string, b string, a_start long, a_end long, b_start long, b_end long, a_units long, "
           "b_units long, matched long, key array<long>")
COVERAGE = "id string, units long, shared_units long, shared_percent double, chars long, shared_chars long"
DOC_PAIR = ("a string, b string, passages long, matched long, a_shared long, b_shared long, a_containment double, "
            "b_containment double")


def _ddl(spark, ddl: str):
    from pyspark.sql.types import _parse_datatype_string

    return _parse_datatype_string(ddl)


# ---------------------------------------------------------------------------
# terms


def terms(spark, input_path: str, output: str, *, group_by: str | None = None, fmt: str = "parquet",
          on_error: str = "raise", partitions: int | None = None, discover: bool = True) -> dict:
    """Term counts (``term, count, docs``, per group with ``group_by``): those
    of ``textlens.terms(rows)`` and ``textlens terms --json``. With
    ``discover`` (the default, as there) terms are first discovered across
    every row, group or not (see ``discover_terms``) and applied to each."""
    from pyspark.sql import functions as F

    parts = partitions or int(spark.conf.get("spark.sql.shuffle.partitions"))
    checked = _read_records(spark, input_path, parts)
    errors = checked.where("error_kind is not null").select("line", "id", F.col("error_kind").alias("kind"), F.col("error_message").alias("message"))
    _fail_or_count(errors, on_error)
    good = checked.where("error_kind is null")
    if group_by:
        if group_by not in ("date", "series"):
            good = good.withColumn(group_by, F.get_json_object("extra", f"$.{group_by}"))
        good = good.withColumn("group", F.col(group_by).cast("string"))
    else:
        good = good.withColumn("group", F.lit(None).cast("string"))
    good = good.select("group", "id", "text").persist()
    plan = discover_terms(good) if discover else None
    options = json.dumps({"positions": False, "perDoc": False})

    def count(batches: Iterator[pa.RecordBatch], plan: str | None = plan) -> Iterator[pa.RecordBatch]:
        from textlens import _core

        for batch in batches:
            by_group: dict = {}
            for g, i, t in zip(batch.column("group").to_pylist(), batch.column("id").to_pylist(), batch.column("text").to_pylist()):
                by_group.setdefault(g, ([], []))
                by_group[g][0].append(i)
                by_group[g][1].append(t)
            out = {"group": [], "term": [], "count": [], "docs": []}
            for g, (names, texts) in by_group.items():
                raw = _core.terms_with(names, texts, options, plan) if plan else _core.terms(names, texts, options, False)
                for row in json.loads(raw)["terms"]:
                    out["group"].append(g)
                    out["term"].append(row["term"])
                    out["count"].append(row["count"])
                    out["docs"].append(row["df"])
            yield pa.RecordBatch.from_pydict(out, schema=pa.schema([("group", pa.string()), ("term", pa.string()), ("count", pa.int64()), ("docs", pa.int64())]))

    counted = good.mapInArrow(count, "group string, term string, count long, docs long")
    result = counted.groupBy("group", "term").agg(F.sum("count").alias("count"), F.sum("docs").alias("docs"))
    result = result.withColumnRenamed("group", group_by) if group_by else result.drop("group")
    writer = result.write.mode("overwrite")
    (writer.json if fmt == "json" else writer.parquet)(os.path.join(output, "terms"))
    errors.write.mode("overwrite").parquet(os.path.join(output, "errors"))
    found = len(json.loads(plan)["terms"]) if plan else 0
    good.unpersist()
    return {"errors": errors.count(), "discovered_terms": found}


ROWS = pa.schema([("key", pa.string()), ("count", pa.int64()), ("docs", pa.int64())])


def discover_terms(docs) -> str:
    """Term discovery over a DataFrame of ``id, text`` rows, as the Rust core
    runs it in one process but split by partition: each step counts per
    partition (``mapInArrow``), sums by key (a shuffle), and the driver's plan
    selects from the sums what the next step counts (six steps: unigrams, 2-,
    3-, 4-grams, neighbours of the candidates, done). Returns the finished
    plan (JSON) whose terms every partition then applies. Exact at any size:
    partitions store the distinct n-grams they hold, with no budget (the CLI's
    discovery says ``truncated`` past its budget; below it the terms are the same)."""
    from pyspark.sql import functions as F

    from textlens import _core

    spark = docs.sparkSession
    plan_json = _core.discovery_plan()
    unigrams = None
    while True:
        plan = json.loads(plan_json)
        step, least = plan["step"], plan["options"]["min_count"]
        if step == "done":
            return plan_json
        shared = spark.sparkContext.broadcast(plan_json)

        def count(batches: Iterator[pa.RecordBatch], shared=shared) -> Iterator[pa.RecordBatch]:
            from textlens import _core

            for batch in batches:
                k, c, d = _core.discovery_count(batch.column("id").to_pylist(), batch.column("text").to_pylist(), shared.value)
                yield pa.RecordBatch.from_pydict({"key": k, "count": c, "docs": d}, schema=ROWS)

        rows = docs.select("id", "text").mapInArrow(count, "key string, count long, docs long").groupBy("key").agg(
            F.sum("count").alias("count"), F.sum("docs").alias("docs"))
        if step == "unigrams":
            rows = rows.persist()
            unigrams = rows.where(F.col("key").startswith("U"))
            kept = rows.where(F.col("key").startswith("#") | (F.col("count") >= least))
        elif step == "neighbours":
            # The neighbours' own counts, from the first step (the plan keeps only frequent words).
            named = rows.select(F.concat(F.lit("U"), F.substring_index("key", "\u0002", -1)).alias("key")).where("key <> 'U'").distinct()
            kept = rows.unionByName(unigrams.join(named, "key"))
        else:
            kept = rows.where(F.col("count") >= least)
        got = kept.collect()
        plan_json = _core.discovery_advance(plan_json, [r["key"] for r in got], [r["count"] for r in got], [r["docs"] for r in got])
        shared.unpersist()


# ---------------------------------------------------------------------------


def main(argv: list[str] | None = None, spark=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m textlens.spark", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("reuse", "terms"):
        p = sub.add_parser(name)
        p.add_argument("--input", required=True, help="JSON lines or Parquet with id and text")
        p.add_argument("--output", required=True, help="directory for the tables (and _stages/)")
        p.add_argument("--format", choices=("parquet", "json"), default="parquet")
        p.add_argument("--on-error", choices=("raise", "skip"), default="raise",
                       help="bad records: stop with a message naming the line (raise) or leave them out and list them in errors/ (skip)")
        p.add_argument("--partitions", type=int, help="partitions of each shuffle (default: spark.sql.shuffle.partitions if set, else the number of cores)")
        p.add_argument("--master", help="Spark master (default: the one spark-submit gives, else local[*])")
    reuse_p = sub.choices["reuse"]
    reuse_p.add_argument("--filter-pairs", metavar="SQL", help="keep the document pairs where this holds, e.g. \"series <> series2\"")
    for o in OPTION_NAMES:
        reuse_p.add_argument("--" + o.replace("_", "-"), type=int, dest=o)
    sub.choices["terms"].add_argument("--group-by", metavar="COLUMN")
    sub.choices["terms"].add_argument("--no-discover", action="store_true",
                                      help="do not apply the terms discovered across the rows (as textlens terms --no-discover)")
    args = parser.parse_args(argv)
    spark = spark or session(args.master)
    try:
        if args.command == "reuse":
            options = {o: getattr(args, o) for o in OPTION_NAMES if getattr(args, o) is not None}
            info = reuse(spark, args.input, args.output, fmt=args.format, filter_pairs=args.filter_pairs,
                         on_error=args.on_error, partitions=args.partitions, options=options)
        else:
            info = terms(spark, args.input, args.output, group_by=args.group_by, fmt=args.format,
                         on_error=args.on_error, partitions=args.partitions, discover=not args.no_discover)
    except JobError as e:
        print(f"textlens.spark: {e}", file=sys.stderr)
        return 1
    print(json.dumps(info))
    return 0


if __name__ == "__main__":
    sys.exit(main())
