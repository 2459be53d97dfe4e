"""A generated newspaper archive with planted reprints, for the Python and Spark tests
and bench/archive.py.

Articles are runs of sentences from the public-domain books in
``../shared/corpus/text/`` (English: Pride and Prejudice; Chinese: 三国演义),
each article with sentences of its own. Wire stories — runs of sentences
from a reserved part of the books — are reprinted in 2 to 5 articles of
different papers (``series``), a few days apart (``date``), each copy with
some words substituted or deleted (0–4 %); a few stories are reprinted again
months later. The truth is every planted copy: ``(story, id, start, end)``
in code points of the article's text.
"""

from __future__ import annotations

import datetime
import os
import random
import re

HERE = os.path.dirname(os.path.abspath(__file__))
TEXT = os.path.join(HERE, "..", "..", "..", "shared", "corpus", "text")
PAPERS = ["Gazette", "Herald", "Courier", "Tribune", "Observer", "Chronicle"]


def _sentences(path: str, zh: bool, skip: float = 0.05) -> list[str]:
    with open(os.path.join(TEXT, path), encoding="utf-8") as f:
        raw = f.read()
    body = raw[int(len(raw) * skip): int(len(raw) * 0.95)]
    if zh:
        body = re.sub(r"\s+", "", body)
        parts = re.findall(r"[^。！？]+[。！？]+[”』」]?", body)
        return [p for p in parts if len(p) >= 12]
    body = re.sub(r"\s+", " ", body)
    parts = re.findall(r"[^.!?]+[.!?]+[\"”’']?", body)
    return [p.strip() for p in parts if len(p.split()) >= 8]


_CACHE: dict = {}


def books():
    if not _CACHE:
        _CACHE["en"] = _sentences("en/gutenberg_1342_pride_and_prejudice.txt", False)
        _CACHE["zh"] = _sentences("zh/sanguoyanyi_simp.txt", True)
    return _CACHE


def _edit(text: str, zh: bool, rate: float, rng: random.Random) -> str:
    if zh:
        chars = list(text)
        for i, c in enumerate(chars):
            if "\u4e00" <= c <= "\u9fff" and rng.random() < rate:
                chars[i] = rng.choice("之乎者也其而于以为")
        return "".join(chars)
    words = text.split(" ")
    out = []
    for w in words:
        r = rng.random()
        if r < rate / 2:
            continue  # deleted
        out.append(rng.choice(["report", "city", "council", "river", "market"]) if r < rate else w)
    return " ".join(out)


def generate(articles: int = 320, seed: int = 7, story_len: int = 7, own_len: int = 9):
    """``(rows, truth)``: ``rows`` dicts with ``id, text, date, series``;
    ``truth`` a list of ``(story, id, start, end)``, one per planted copy."""
    rng = random.Random(seed)
    b = books()
    texts: list[list[str]] = []
    meta = []
    start = datetime.date(2020, 1, 1)
    cursor = {"en": 0, "zh": 0}
    langs = []
    for i in range(articles):
        lang = "zh" if i % 4 == 3 else "en"
        langs.append(lang)
        own = b[lang][cursor[lang]: cursor[lang] + own_len]
        cursor[lang] += own_len
        texts.append(list(own))
        meta.append({"date": start + datetime.timedelta(days=i // 3), "series": PAPERS[i % len(PAPERS)]})
    # Stories from the second half of each book: never in an article's own sentences.
    reserve = {lang: len(b[lang]) // 2 for lang in b}
    assert all(cursor[lang] < reserve[lang] for lang in b), "books too short for this many articles"
    planted: list[tuple[int, int, str]] = []  # (story, article, text)
    story = 0
    by_lang = {lang: [i for i in range(articles) if langs[i] == lang] for lang in b}
    used: set = set()
    for lang, pool in by_lang.items():
        for k in range(len(pool) // 4):
            base = b[lang][reserve[lang] + story_len * k: reserve[lang] + story_len * (k + 1)]
            text = ("" if lang == "zh" else " ").join(base)
            free = [i for i in pool if i not in used]
            if len(free) < 2:
                break
            first = rng.choice(free)
            near = sorted((i for i in free if i != first), key=lambda i: (abs(i - first), i))
            copies = [first] + near[: rng.randint(1, 4)]
            if k % 10 == 9:
                # Reprinted again months later (the date-window filter drops these pairs).
                late = [i for i in free if abs(meta[i]["date"] - meta[first]["date"]).days > 60 and i not in copies]
                if late:
                    copies = [first, rng.choice(late)]
            for n, i in enumerate(copies):
                used.add(i)
                copy = text if n == 0 else _edit(text, lang == "zh", rng.choice([0.0, 0.01, 0.02, 0.04]), rng)
                planted.append((story, i, copy))
            story += 1
    rows, truth = [], []
    order = list(range(articles))
    rng.shuffle(order)
    for i in order:
        parts = list(texts[i])
        sep = "" if langs[i] == "zh" else " "
        para = "\n\n"
        mine = [(s, t) for (s, a, t) in planted if a == i]
        at = rng.randint(1, len(parts) - 1)
        before = sep.join(parts[:at])
        text = before
        spans = []
        for s, t in mine:
            text += para
            spans.append((s, len(text), len(text) + len(t)))
            text += t
        text += para + sep.join(parts[at:])
        art_id = f"{meta[i]['series'][:3].lower()}-{meta[i]['date'].isoformat()}-{i:05d}"
        rows.append({"id": art_id, "text": text, "date": meta[i]["date"].isoformat(), "series": meta[i]["series"]})
        truth.extend((s, art_id, a, e) for (s, a, e) in spans)
    return rows, truth


def score(members: list[tuple[str, int, int, object]], truth: list[tuple[int, str, int, int]]):
    """Precision and recall of clustered copies ``(id, start, end, cluster)``
    against the planted ones: a found copy is right when it covers at least
    half of a planted copy and at least half of it is that copy; a planted
    copy is found when a right copy of it shares its cluster with a right copy
    of another planted copy of the same story."""
    def overlap(a0, a1, b0, b1):
        return max(0, min(a1, b1) - max(a0, b0))

    by_id: dict = {}
    for s, i, a, e in truth:
        by_id.setdefault(i, []).append((s, a, e))
    right = 0
    hits: dict = {}  # cluster -> {(story, id)}
    for i, a, e, c in members:
        match = [s for (s, ta, te) in by_id.get(i, []) if 2 * overlap(a, e, ta, te) >= max(te - ta, e - a)]
        if match:
            right += 1
            hits.setdefault(c, set()).add((match[0], i))
    found = set()
    for pairs in hits.values():
        for s, i in pairs:
            if any(s2 == s and i2 != i for (s2, i2) in pairs):
                found.add((s, i))
    precision = right / max(1, len(members))
    recall = len(found) / max(1, len({(s, i) for (s, i, _, _) in truth}))
    return precision, recall


def seeds_and_chapters(chars: int = 40_000, pieces: int = 4) -> list[dict]:
    """The two seed newspapers and the first ``chars`` characters of three
    Chinese novels, each cut at line ends into ``pieces`` documents: a corpus
    where term discovery finds names and terms across documents."""
    seeds = os.path.join(TEXT, "..", "seeds")
    rows = []
    for name in sorted(os.listdir(seeds)):
        with open(os.path.join(seeds, name), encoding="utf-8") as f:
            rows.append({"id": name, "text": f.read()})
    for book in ("hongloumeng_simp.txt", "xiyouji_simp.txt", "sanguoyanyi_simp.txt"):
        with open(os.path.join(TEXT, "zh", book), encoding="utf-8") as f:
            lines = f.read()[:chars].splitlines()
        step = -(-len(lines) // pieces)
        for i in range(pieces):
            rows.append({"id": f"{book}#{i}", "text": "\n".join(lines[i * step:(i + 1) * step])})
    return rows
