"""Stories: precision and recall on the labelled pairs, and the index's cost per article at 10,000 and 100,000.

    .venv/bin/python tests/benchmarks/stories.py            # about 3 minutes on a 2-core machine
    .venv/bin/python tests/benchmarks/stories.py --quick    # 2,000 and 20,000 articles

1. Evaluation (``tests/fixtures/dedupe/``): precision and recall of the story decision at the default threshold,
   per category, and at other thresholds for comparison; then at the default threshold on the held-out pairs
   (``held_out/``), which were written after the threshold was chosen and never used to choose it.
2. Scale: synthetic articles (250 words drawn from a Zipf vocabulary, 15-word sentences, four sites; one in ten an
   edited copy of an earlier one, 20 words replaced). For each size: the cost of a fingerprint, of a decision plus
   insert (over all articles, and over the last 1,000 at full size), how many planted copies joined their
   original's story and how many other articles joined any, memory per article of an index loaded at spider open
   (traced), and on SQLite: loading the index from the database and filing 1,000 more articles through
   the pipeline in its batches (lock, decisions, rows written).
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from newsbot.pipelines.stories import StoryPipeline  # noqa: E402
from scrapy.utils.test import get_crawler  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from newsbot import settings as project_settings  # noqa: E402
from newsbot.storage import models  # noqa: E402
from newsbot.storage.db import dispose_engine, session_factory, upgrade  # noqa: E402
from newsbot.stories.evaluation import evaluate  # noqa: E402
from newsbot.stories.fingerprint import SCHEME, Fingerprint  # noqa: E402
from newsbot.stories.index import DEFAULT_THRESHOLD, StoryIndex  # noqa: E402

EVALUATION = ROOT / "tests" / "fixtures" / "dedupe"
SITES = ("gamespot", "collider", "pcgamer", "variety")
VOCABULARY = 30_000
WORDS, SENTENCE = 250, 15


def evaluation() -> None:
    print("== evaluation: tests/fixtures/dedupe/")
    lexical, cross, categories = evaluate(EVALUATION, DEFAULT_THRESHOLD)
    print(f"pairs: {sum(categories.values())} ({', '.join(f'{k} {v}' for k, v in sorted(categories.items()))})")
    print(
        f"threshold {DEFAULT_THRESHOLD}: precision {lexical.precision:.3f}, recall {lexical.recall:.3f} "
        f"over {lexical.pairs} pairs; translations found {cross.true_positives}/{cross.pairs} (out of reach of words)"
    )
    for pair in lexical.wrong:
        print(f"  wrong: {pair['a']} ~ {pair['b']} (labelled {pair['label']}, {pair['category']})")
    for threshold in (0.2, 0.25, 0.35, 0.4, 0.5):
        score, _, _ = evaluate(EVALUATION, threshold)
        print(f"threshold {threshold}: precision {score.precision:.3f}, recall {score.recall:.3f}")
    held_out, _, _ = evaluate(EVALUATION / "held_out", DEFAULT_THRESHOLD)
    print(
        f"held out (held_out/, never used to choose the threshold): precision {held_out.precision:.3f},"
        f" recall {held_out.recall:.3f} over {held_out.pairs} pairs"
    )
    for pair in held_out.wrong:
        print(f"  wrong: {pair['a']} ~ {pair['b']} (labelled {pair['label']}, {pair['category']})")


def synthetic(count: int, seed: int = 7) -> tuple[list[str], list[int]]:
    """``count`` texts, and for each the index of the text it copies (-1 for an original)."""
    rng = np.random.default_rng(seed)
    vocabulary = np.array([f"w{n}" for n in range(VOCABULARY)])
    weights = 1 / np.arange(1, VOCABULARY + 1)
    words = vocabulary[rng.choice(VOCABULARY, size=(count, WORDS), p=weights / weights.sum())]
    texts: list[str] = []
    copies: list[int] = []
    for number in range(count):
        row = words[number]
        original = -1
        if number > 10 and rng.random() < 0.1:
            original = int(rng.integers(0, number))
            while copies[original] != -1:  # copy an original, so planted clusters are pairs or stars
                original = copies[original]
            row = words[original].copy()
            row[rng.integers(0, WORDS, size=20)] = vocabulary[rng.integers(0, VOCABULARY, size=20)]
        texts.append(" ".join(" ".join(row[i : i + SENTENCE]) + "." for i in range(0, WORDS, SENTENCE)))
        copies.append(original)
    return texts, copies


def scale(count: int) -> dict[str, float]:
    print(f"== {count:,} synthetic articles")
    texts, copies = synthetic(count)
    index = StoryIndex(DEFAULT_THRESHOLD)
    started = time.perf_counter()
    fingerprints = [index.fingerprint(SITES[n % 4], text) for n, text in enumerate(texts)]
    per_fingerprint = (time.perf_counter() - started) / count
    stories, joined_right, joined_wrong = [], 0, 0
    gc.disable()
    started = time.perf_counter()
    for number, fingerprint in enumerate(fingerprints):
        if number == count - 1000:
            last_started = time.perf_counter()
        match = index.match(fingerprint)
        stories.append(match.story_id if match else number)
        index.add(number, stories[-1], fingerprint)
    ended = time.perf_counter()
    gc.enable()
    for number, original in enumerate(copies):
        if original == -1:
            joined_wrong += stories[number] != number
        else:
            joined_right += stories[number] == stories[original]
    planted = sum(1 for c in copies if c != -1)
    per_decision = (ended - started) / count
    per_decision_last = (ended - last_started) / 1000
    print(f"fingerprint (sentences, shingles, MinHash {index.num_perm}): {per_fingerprint * 1e6:.0f} us/article")
    print(
        f"decision + insert (LSH {index.bands} bands x {index.rows} rows): {per_decision * 1e6:.0f} us/article "
        f"on average, {per_decision_last * 1e6:.0f} us over the last 1,000"
    )
    print(f"planted copies joined: {joined_right}/{planted}; other articles that joined a story: {joined_wrong}")
    del index
    gc.collect()
    tracemalloc.start()
    loaded = StoryIndex(DEFAULT_THRESHOLD)
    loaded.add_many(list(range(count)), stories, fingerprints)
    traced, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"memory, index loaded at spider open: {traced / count:.0f} bytes/article ({traced / 2**20:.1f} MiB)")
    figures = {
        "fingerprint": per_fingerprint,
        "decision": per_decision,
        "last": per_decision_last,
        "memory": traced / count,
    }
    figures.update(database(count, texts, fingerprints, stories))
    return figures


def database(count: int, texts: list[str], fingerprints: list[Fingerprint], stories: list[int]) -> dict[str, float]:
    """SQLite: a database of ``count`` filed articles; index them in the database (what the first crawl after the
    index moved there does once), then file 1,000 more through the pipeline."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/stories.db"
        upgrade(url)
        sessions = session_factory(url)
        now = datetime(2026, 1, 1, tzinfo=UTC)
        with sessions.begin() as session:
            session.execute(insert(models.Source), [{"id": n + 1, "name": name} for n, name in enumerate(SITES)])
            story_ids = sorted(set(stories))
            session.execute(
                insert(models.Story), [{"id": s + 1, "headline": "h", "first_seen_at": now} for s in story_ids]
            )
            session.execute(
                insert(models.Article),
                [article_row(n, texts[n], now) for n in range(count)],
            )
            session.execute(
                insert(models.StoryMember),
                [
                    {
                        "id": n + 1,
                        "story_id": stories[n] + 1,
                        "article_id": n + 1,
                        "source_id": n % 4 + 1,
                        "joined_at": now,
                    }
                    for n in range(count)
                ],
            )
            session.execute(
                insert(models.StorySignature),
                [
                    {
                        "article_id": n + 1,
                        "scheme": SCHEME,
                        "minhash": f.signature_bytes(),
                        "sentences": f.sentence_bytes(),
                    }
                    for n, f in enumerate(fingerprints)
                ],
            )
        crawler = get_crawler(settings_dict={"NEWSBOT_DATABASE_URL": url})
        crawler.stats.open_spider()
        pipeline = StoryPipeline.from_crawler(crawler)
        started = time.perf_counter()
        pipeline.index_stored_members()
        load = time.perf_counter() - started
        more, _ = synthetic(1000, seed=count)
        with sessions.begin() as session:
            session.execute(insert(models.Article), [article_row(count + n, text, now) for n, text in enumerate(more)])
        started = time.perf_counter()
        urls = [f"https://{SITES[n % 4]}.test/{count + n}/" for n in range(1000)]
        batch = project_settings.NEWSBOT_STORE_BATCH_SIZE
        for start in range(0, len(urls), batch):  # as the pipeline files them: one stored batch at a time
            pipeline.file_many(urls[start : start + batch])
        filing = (time.perf_counter() - started) / 1000
        dispose_engine(url)
    print(
        f"SQLite: stored members indexed in the database in {load:.2f} s (once); filing an article in batches of "
        f"{project_settings.NEWSBOT_STORE_BATCH_SIZE} (lock, decision, rows): {filing * 1e3:.2f} ms"
    )
    return {"load": load, "filing": filing}


def article_row(number: int, text: str, now: datetime) -> dict[str, object]:
    url = f"https://{SITES[number % 4]}.test/{number}/"
    return {
        "id": number + 1,
        "source_id": number % 4 + 1,
        "url": url,
        "canonical_url": url,
        "url_key": url[:-1],
        "headline": f"Story {number}",
        "body_text": text,
        "body_html": "",
        "word_count": WORDS,
        "content_hash": str(number),
        "first_seen_at": now,
        "last_seen_at": now,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2,000 and 20,000 articles instead of 10x more")
    args = parser.parse_args()
    evaluation()
    small, large = (2_000, 20_000) if args.quick else (10_000, 100_000)
    first, second = scale(small), scale(large)
    print(f"== growth from {small:,} to {large:,} articles (10x)")
    print(
        f"decision + insert, last 1,000: {first['last'] * 1e6:.0f} -> {second['last'] * 1e6:.0f} us/article "
        f"({second['last'] / first['last']:.2f}x); memory {first['memory']:.0f} -> {second['memory']:.0f} "
        f"bytes/article; SQLite filing {first['filing'] * 1e3:.2f} -> {second['filing'] * 1e3:.2f} ms"
    )


if __name__ == "__main__":
    main()
