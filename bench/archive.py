"""Archive benchmark (#12): reuse over generated archives of N articles (~2 KB
each, 1 in 4 a reprint of a wire story), in process (textlens.reuse) and as
the Spark job on local[2], per stage; time per doubling of articles.

    .venv/bin/python bench/archive.py [N ...]          (default: 10000 50000 100000)
    .venv/bin/python bench/archive.py --no-spark 10000 20000 40000

Articles are words drawn at random from the vocabulary of a public-domain
book (so no two articles share text by chance); stories are 150-word runs
planted in 2–5 articles with 2 % of their words changed. Peak memory: the
in-process path's peak RSS (resource.getrusage), measured in a child process.
"""

import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BOOK = os.path.join(HERE, "..", "..", "shared", "corpus", "text", "en", "gutenberg_1342_pride_and_prejudice.txt")


def generate(n: int, seed: int = 1):
    rng = random.Random(seed)
    with open(BOOK, encoding="utf-8") as f:
        words = re.findall(r"[A-Za-z]+", f.read())
    rows = []
    stories = []
    for i in range(n):
        text = " ".join(rng.choice(words) for _ in range(330)) + "."
        rows.append({"id": f"a{i:07d}", "text": text, "date": f"2020-{1 + i % 12:02d}-{1 + i % 28:02d}", "series": f"p{i % 7}"})
    i = 0
    while i < n:
        copies = rng.randint(2, 5)
        story = [rng.choice(words) for _ in range(150)]
        for k in range(copies):
            if i + k * 3 >= n:
                break
            edited = [w if rng.random() > 0.02 else rng.choice(words) for w in story]
            r = rows[i + k * 3]
            r["text"] = r["text"][: len(r["text"]) // 2] + ". " + " ".join(edited) + ". " + r["text"][len(r["text"]) // 2:]
        stories.append(copies)
        i += 3 * copies + 10
    return rows


def in_process(path: str) -> dict:
    """Runs textlens.reuse on the JSON lines at ``path`` in a child process: seconds and peak RSS (MB)."""
    code = (
        "import json,time,resource,textlens\n"
        f"rows=[json.loads(l) for l in open({path!r})]\n"
        "t=time.perf_counter(); c=time.process_time(); r=textlens.reuse(rows)\n"
        "dt=time.perf_counter()-t; cpu=time.process_time()-c\n"
        "print(json.dumps({'seconds':round(dt,2),'cpu_seconds':round(cpu,2),'clusters':len(r['clusters']),'truncated':r['truncation'],"
        "'peak_mb':round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024)}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def spark_stages(spark, path: str, out: str) -> dict:
    """The Spark job on a fresh output: wall seconds of each stage and in all."""
    from textlens import spark as job

    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    info = job.reuse(spark, path, out)
    return {"total": round(time.perf_counter() - start, 2), **info["seconds"]}


def main(argv):
    spark_on = "--no-spark" not in argv
    sizes = [int(a) for a in argv if a.isdigit()] or [10_000, 50_000, 100_000]
    tmp = tempfile.mkdtemp(prefix="textlens-archive-bench-")
    spark = None
    if spark_on:
        from textlens.spark import session

        spark = session("local[2]", app="textlens-bench")
        spark.conf.set("spark.sql.shuffle.partitions", "4")
        spark.sparkContext.setLogLevel("ERROR")
    results = []
    for n in sizes:
        rows = generate(n)
        path = os.path.join(tmp, f"a{n}.jsonl")
        with open(path, "w") as f:
            for r in rows:
                f.write(json.dumps(r) + "\n")
        mb = os.path.getsize(path) / 1e6
        r = {"articles": n, "mb": round(mb, 1), "in_process": in_process(path)}
        if spark is not None:
            r["spark"] = spark_stages(spark, path, os.path.join(tmp, f"out{n}"))
        results.append(r)
        print(json.dumps(r), flush=True)
    for a, b in zip(results, results[1:]):
        doublings = math.log2(b["articles"] / a["articles"])
        per = (b["in_process"]["cpu_seconds"] / a["in_process"]["cpu_seconds"]) ** (1 / doublings)
        line = f"{a['articles']} → {b['articles']}: in process ×{per:.2f} CPU time per doubling"
        if spark is not None:
            sp = (b["spark"]["total"] / a["spark"]["total"]) ** (1 / doublings)
            line += f", Spark ×{sp:.2f} per doubling"
        print(line)
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
