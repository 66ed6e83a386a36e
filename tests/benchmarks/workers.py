"""Scale-out: pages/s of 1, 2 and 3 worker processes sharing one Redis frontier and one database, as ratios to 1.

Run: ``python tests/benchmarks/workers.py [--copies N] [--latency 0.1,0] [--concurrency 4]``. Builds the loopback
site of ``crawl_throughput.py`` (the sample site's stored pages repeated N times, one sitemap), serves it from a
separate process with a request log, and for each server latency crawls it with 1, 2 and 3 ``scrapy crawl
gamespot`` processes at once (NEWSBOT_REDIS_URL set, a fresh key prefix and a fresh database each time). Needs
Redis (``NEWSBOT_TEST_REDIS_URL``, default redis://127.0.0.1:6379/0); stores into PostgreSQL
(``NEWSBOT_TEST_POSTGRES_URL``, default the test server) when it answers, else into one SQLite file.

pages/s is counted over the crawl itself, from the server's first logged request to its last (process start-up,
the same for any number of workers, is printed apart). Each worker keeps the per-site concurrency it would have
alone (``--concurrency``), so N workers put N times the requests in flight on the site:

- latency 0.1 s stands in for a remote site: one worker waits on the network, so more workers add throughput
  until the CPU (2 cores here, shared with the server, Redis and the database) runs out;
- latency 0: the crawl is CPU-bound from the first worker on; more processes share the same 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import redis
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

# The site and its server come from the sibling benchmark (benchmarks are scripts, not a package).
sys.path.insert(0, str(Path(__file__).resolve().parent))
from crawl_throughput import build_site, serve

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("NEWSBOT_TEST_REDIS_URL") or "redis://127.0.0.1:6379/0"
POSTGRES_URL = os.environ.get("NEWSBOT_TEST_POSTGRES_URL") or "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@contextmanager
def database(work: Path, name: str) -> Iterator[str]:
    """A fresh PostgreSQL schema (dropped afterwards) or, without PostgreSQL, a fresh SQLite file."""
    admin = create_engine(POSTGRES_URL, poolclass=NullPool, connect_args={"connect_timeout": 3})
    schema = f"newsbot_bench_{uuid.uuid4().hex[:10]}"
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except SQLAlchemyError:
        admin.dispose()
        yield f"sqlite:///{work / name}.db"
        return
    try:
        url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def crawl(workers: int, base_url: str, db_url: str, log: Path, concurrency: int, shared: bool = True) -> dict:
    """Run ``workers`` crawl processes at once on one fresh frontier (or one alone without Redis, ``shared``
    False); the figures from the server's log."""
    prefix = f"newsbot-bench-{uuid.uuid4().hex[:8]}"
    log.write_text("")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
    settings = {
        "NEWSBOT_DATABASE_URL": db_url,
        "NEWSBOT_REDIS_URL": REDIS_URL if shared else "",
        "NEWSBOT_REDIS_PREFIX": prefix,
        "AUTOTHROTTLE_ENABLED": "0",
        "DOWNLOAD_DELAY": "0",
        "CONCURRENT_REQUESTS_PER_DOMAIN": str(concurrency),
        "LOG_LEVEL": "WARNING",
    }
    started = time.time()
    processes = []
    for n in range(workers):
        command = [sys.executable, "-m", "scrapy", "crawl", "gamespot", "-a", f"base_url={base_url}"]
        for name, value in {**settings, "USER_AGENT": f"bench-worker-{n}"}.items():
            command += ["-s", f"{name}={value}"]
        processes.append(subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True))
    for process in processes:
        _, err = process.communicate(timeout=1800)
        if process.returncode != 0:
            sys.exit(f"a worker failed:\n{err[-3000:]}")
    ended = time.time()
    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)
    records = [json.loads(line) for line in log.read_text().splitlines()]
    firsts: dict[str, float] = {}
    for record in records:
        firsts.setdefault(record["user_agent"], record["time"])
    # From the moment the last worker to start sent its first request: all of them at work.
    all_in, last = max(firsts.values()), max(r["time"] for r in records)
    paths = Counter(r["path"] for r in records if r["path"] != "/robots.txt")
    return {
        "pages": sum(1 for r in records if r["time"] >= all_in),
        "window": last - all_in,
        "first_pages": sum(1 for r in records if r["time"] < all_in),
        "startup": min(firsts.values()) - started,
        "all_in": all_in - started,
        "wall": ended - started,
        "per_worker": sorted(Counter(r["user_agent"] for r in records).values(), reverse=True),
        "fetched_twice": sum(1 for n in paths.values() if n > 1),
    }


def rate(figures: dict) -> float:
    return figures["pages"] / figures["window"]


def best(rounds: int, measure: Callable[[], dict]) -> dict:
    """The fastest of ``rounds`` runs: other work on the machine only ever slows a run down."""
    return max((measure() for _ in range(rounds)), key=rate)


def run(work: Path, latency: float, workers: int, base_url: str, concurrency: int, shared: bool = True) -> dict:
    with database(work, f"w{workers}-{latency}") as db_url:
        return crawl(workers, base_url, db_url, work / "requests.jsonl", concurrency, shared)


def measure(work: Path, latency: float, counts: list[int], concurrency: int, rounds: int) -> dict[int, float]:
    server, base_url = serve(work / "site", work / "requests.jsonl", latency)
    rates: dict[int, float] = {}
    try:
        print(f"server latency {latency:.2f} s, {concurrency} requests in flight per worker, best of {rounds}:")
        alone = best(rounds, lambda: run(work, latency, 1, base_url, concurrency, shared=False))
        print(f"  1 process without Redis (Scrapy's own scheduler): {rate(alone):7.1f} pages/s")
        for workers in counts:
            figures = best(rounds, lambda workers=workers: run(work, latency, workers, base_url, concurrency))
            rates[workers] = rate(figures)
            print(
                f"  {workers} worker{'s' if workers > 1 else ' '}  {rates[workers]:7.1f} pages/s"
                f"  = {rates[workers] / rates[counts[0]]:.2f}x   ({figures['pages']} pages in {figures['window']:.1f} s"
                f" with all at work; first request {figures['startup']:.1f} s after launch, all at work after"
                f" {figures['all_in']:.1f} s, {figures['first_pages']} pages before; pages per worker"
                f" {figures['per_worker']}; fetched twice: {figures['fetched_twice']})"
            )
    finally:
        server.terminate()
        server.wait(10)
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10, help="versions of each sample page (43 pages each)")
    parser.add_argument("--latency", default="0.1,0", help="comma-separated server latencies in seconds")
    parser.add_argument("--workers", default="1,2,3", help="comma-separated worker counts; the first is the baseline")
    parser.add_argument("--concurrency", type=int, default=4, help="requests in flight per worker")
    parser.add_argument("--rounds", type=int, default=2, help="crawls of each kind; the fastest counts")
    args = parser.parse_args()
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        sys.exit(f"Redis not reachable at {REDIS_URL} (set NEWSBOT_TEST_REDIS_URL): {exc}")
    work = Path(tempfile.mkdtemp(prefix="newsbot-workers-"))
    counts = [int(n) for n in args.workers.split(",")]
    try:
        pages = build_site(work / "site", args.copies)
        with database(work, "probe") as url:
            store = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
        print(f"site: {pages} article pages; store: {store}; {os.cpu_count()} CPUs", file=sys.stderr)
        for latency in args.latency.split(","):
            measure(work, float(latency), counts, args.concurrency, args.rounds)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
