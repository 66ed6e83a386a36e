"""Memory against database size: the same 2,000-page crawl into a database of 10,000 and of 200,000 articles.

Run: ``python tests/benchmarks/memory.py [--pages 2000] [--small 10000] [--large 200000]``. Each database is
filled fast with bulk SQL inserts (articles of the crawled site, each in a story of its own with its fingerprint
joined an hour before the crawl, inside the story window), not by crawling. Then ``newsbot crawl gamespot`` crawls
the soak benchmark's generated site (``soak.py``: pages the databases do not hold) into each, while this script
samples the crawler's RSS and its parse workers' twice a second. Prints the peak of each crawl and the ratio of
the large database's to the small one's (target: within 10%, PASS/FAIL), with stories on (the target) and off
(the crawler without its story index); the databases are built and crawled in the same run, so the baseline
shares the machine's state.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
from newsbot.pipelines.stories import StoryPipeline
from scrapy.utils.test import get_crawler
from soak import children_rss_kib, rss_kib
from sqlalchemy import insert

from newsbot.storage import models
from newsbot.storage.db import dispose_engine, session_factory, upgrade
from newsbot.stories.fingerprint import NUM_PERM, SCHEME

ROOT = Path(__file__).resolve().parents[2]
SOAK = Path(__file__).with_name("soak.py")
#: The crawl's clock: every filled story member joined an hour before, well inside NEWSBOT_STORY_WINDOW_DAYS.
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
CHUNK = 5_000


def fill(url: str, articles: int) -> None:
    """``articles`` stored articles of gamespot, each a story of its own with a fingerprint, in bulk inserts."""
    upgrade(url)
    sessions = session_factory(url)
    rng = np.random.default_rng(1)
    seen = NOW - timedelta(hours=1)
    with sessions.begin() as session:
        session.execute(insert(models.Source.__table__), [{"id": 1, "name": "gamespot", "created_at": seen}])
    for start in range(0, articles, CHUNK):
        numbers = range(start + 1, min(start + CHUNK, articles) + 1)
        with sessions.begin() as session:
            session.execute(
                insert(models.Article.__table__),
                [
                    {
                        "id": n, "source_id": 1, "url": f"https://www.gamespot.com/articles/old-story-{n}/1100-{n}/",
                        "canonical_url": f"https://www.gamespot.com/articles/old-story-{n}/1100-{n}/",
                        "url_key": f"https://gamespot.com/articles/old-story-{n}/1100-{n}", "kind": "article",
                        "headline": f"Old story {n}", "body_text": f"The body of old story {n}, stored long ago.",
                        "body_html": "", "word_count": 8, "content_hash": f"{n:064x}", "first_seen_at": seen,
                        "last_seen_at": seen, "etag": f'"{n}"',
                    }
                    for n in numbers
                ],
            )  # fmt: skip
            session.execute(
                insert(models.Story.__table__),
                [{"id": n, "headline": f"Old story {n}", "first_seen_at": seen, "member_count": 1} for n in numbers],
            )
            session.execute(
                insert(models.StoryMember.__table__),
                [{"id": n, "story_id": n, "article_id": n, "source_id": 1, "joined_at": seen} for n in numbers],
            )
            signatures = rng.integers(0, 2**32, size=(len(numbers), NUM_PERM), dtype=np.uint32)
            sentences = rng.integers(0, 2**63, size=(len(numbers), 5), dtype=np.uint64)
            session.execute(
                insert(models.StorySignature.__table__),
                [
                    {
                        "article_id": n,
                        "scheme": SCHEME,
                        "minhash": signatures[i].astype("<u4").tobytes(),
                        "sentences": sentences[i].astype("<u8").tobytes(),
                    }
                    for i, n in enumerate(numbers)
                ],
            )
    # The story index in the database: what the first crawl opening on a database filed before it does, once.
    crawler = get_crawler(settings_dict={"NEWSBOT_DATABASE_URL": url})
    crawler.stats.open_spider()
    StoryPipeline.from_crawler(crawler).index_stored_members()
    dispose_engine(url)


def crawl(base_url: str, url: str, *settings: str) -> tuple[int, int, float]:
    """Crawl the soak site into ``url``: (peak crawler RSS, peak whole-crawl RSS, in KiB; seconds)."""
    command = [
        sys.executable, "-m", "newsbot.cli", "crawl", "gamespot", "-a", f"base_url={base_url}",
        "-s", f"NEWSBOT_DATABASE_URL={url}", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8", "-s", "LOG_LEVEL=WARNING", "-s", f"NEWSBOT_NOW={NOW.isoformat()}",
        "-s", "NEWSBOT_PROGRESS_ENABLED=0",
    ]  # fmt: skip
    for setting in settings:
        command += ["-s", setting]
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
    started = time.monotonic()
    crawler = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    peaks = [0, 0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.5):
            try:
                rss, children = rss_kib(crawler.pid), children_rss_kib(crawler.pid)
            except OSError:
                continue
            peaks[0], peaks[1] = max(peaks[0], rss), max(peaks[1], rss + children)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    status = crawler.wait()
    done.set()
    sampler.join()
    if status != 0:
        sys.exit(f"the crawl into {url} failed (exit {status})")
    return peaks[0], peaks[1], time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=200_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="newsbot-memory-"))
    server = subprocess.Popen(
        [sys.executable, str(SOAK), "--serve", str(args.pages)], stdout=subprocess.PIPE, text=True
    )
    assert server.stdout is not None
    base_url = server.stdout.readline().strip()
    # Each crawl gets its own copy of the filled database: a crawl stores its pages, which the next would skip.
    modes = {"stories on": [], "stories off": ["NEWSBOT_STORY_ENABLED=0"]}
    results: dict[tuple[str, int], tuple[int, int, float]] = {}
    try:
        for articles in (args.small, args.large):
            filled = work / f"db-{articles}.db"
            started = time.monotonic()
            fill(f"sqlite:///{filled}", articles)
            print(f"filled a database of {articles:,} articles in {time.monotonic() - started:.0f} s", flush=True)
            for mode, settings in modes.items():
                copy = work / f"db-{articles}-{mode.replace(' ', '-')}.db"
                shutil.copyfile(filled, copy)
                results[mode, articles] = crawler, whole, seconds = crawl(base_url, f"sqlite:///{copy}", *settings)
                print(
                    f"{articles:>7,} articles, {mode}: crawl of {args.pages:,} pages in {seconds:.0f} s, peak RSS "
                    f"crawler {crawler / 1024:.1f} MiB, with its parse workers {whole / 1024:.1f} MiB",
                    flush=True,
                )
                copy.unlink()
            filled.unlink()
    finally:
        server.terminate()
    for mode in modes:
        large, small = results[mode, args.large], results[mode, args.small]
        print(
            f"peak RSS ratio {args.large:,} / {args.small:,} articles, {mode}: crawler {large[0] / small[0]:.3f}x, "
            f"whole crawl {large[1] / small[1]:.3f}x"
        )
    ratio = results["stories on", args.large][0] / results["stories on", args.small][0]
    print(
        f"target: the crawler's peak within 10% with stories on: {ratio:.3f}x ({'PASS' if ratio <= 1.10 else 'FAIL'})"
    )


if __name__ == "__main__":
    main()
