"""Scale-out: pages/s of 1, 2 and 3 workers sharing one Redis frontier, as ratios to one plain process alone.

Run: ``python tests/benchmarks/workers.py [--copies N] [--latency 0.1,0] [--concurrency 4]``. Builds the loopback
site of ``crawl_throughput.py`` (the sample site's stored pages repeated N times, one sitemap; 2,050 article pages
by default, so a crawl lasts 10 to 60 s and start-up does not decide a ratio), serves it from a separate process
with a request log, and for each server latency crawls it with the baseline, one plain ``scrapy crawl gamespot``
without Redis (what a user runs alone), then with 1, 2 and 3 such processes at once on one Redis frontier
(NEWSBOT_REDIS_URL set, a fresh key prefix and a fresh database each time). Needs Redis
(``NEWSBOT_TEST_REDIS_URL``, default redis://127.0.0.1:6379/0); stores into PostgreSQL
(``NEWSBOT_TEST_POSTGRES_URL``, default the test server) when it answers, else into one SQLite file.

The CPU time of the crawl processes (with their parse workers and start-up) per page is printed too: on a shared
machine it moves far less than pages/s, and at latency 0 it is what decides pages/s.

pages/s is counted over the crawl itself, from the moment every process has sent its first request to the server's
last logged request (process start-up, the same for any number of workers, is printed apart). Every process gets
``--concurrency`` requests in flight, as the total (``CONCURRENT_REQUESTS``) and per site: with no download delay,
Scrapy 2.19 starts every request queued on a site's slot at once, past ``CONCURRENT_REQUESTS_PER_DOMAIN`` (the
plain process had up to 14 in flight with a limit of 4), while a Redis worker hands its downloader one request at a
time and kept to 4; the total limit holds for both. So N workers put N times the requests in flight on the site:

- latency 0.1 s stands in for a remote site: one worker waits on the network, so more workers add throughput
  until the CPU (2 cores here, shared with the server, Redis and the database) runs out;
- latency 0: the crawl is CPU-bound from the first worker on; more processes share the same 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
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
        "CONCURRENT_REQUESTS": str(concurrency),
        "CONCURRENT_REQUESTS_PER_DOMAIN": str(concurrency),
        "LOG_LEVEL": "WARNING",
    }
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
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
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the crawls and their parse workers, all ended
    cpu = (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)
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
        "cpu_ms_per_page": 1000 * cpu / max(1, len(records)),
    }


def rate(figures: dict) -> float:
    return figures["pages"] / figures["window"]


def best(rounds: int, measure: Callable[[], dict]) -> dict:
    """The fastest of ``rounds`` runs (other work on the machine only ever slows a run down), with every run's rate
    under ``"rates"`` so the spread shows."""
    runs = [measure() for _ in range(rounds)]
    return {**max(runs, key=rate), "rates": sorted(rate(r) for r in runs)}


def describe(figures: dict) -> str:
    spread = " / ".join(f"{r:.1f}" for r in figures["rates"])
    return (
        f"({figures['pages']} pages in {figures['window']:.1f} s with all at work; runs {spread} pages/s; first"
        f" request {figures['startup']:.1f} s after launch, all at work after {figures['all_in']:.1f} s,"
        f" {figures['first_pages']} pages before; pages per process {figures['per_worker']};"
        f" CPU of the crawl processes {figures['cpu_ms_per_page']:.1f} ms per page; fetched twice:"
        f" {figures['fetched_twice']})"
    )


def run(work: Path, latency: float, workers: int, base_url: str, concurrency: int, shared: bool = True) -> dict:
    with database(work, f"w{workers}-{latency}") as db_url:
        return crawl(workers, base_url, db_url, work / "requests.jsonl", concurrency, shared)


def measure(work: Path, latency: float, counts: list[int], concurrency: int, rounds: int) -> dict[int, float]:
    """pages/s by number of Redis workers, the plain process alone under 0; printed as ratios to it."""
    server, base_url = serve(work / "site", work / "requests.jsonl", latency)
    rates: dict[int, float] = {}
    try:
        print(f"server latency {latency:.2f} s, {concurrency} requests in flight per worker, best of {rounds}:")
        alone = best(rounds, lambda: run(work, latency, 1, base_url, concurrency, shared=False))
        rates[0] = rate(alone)
        print(f"  1 process, no Redis  {rates[0]:7.1f} pages/s  = 1.00x   {describe(alone)}")
        for workers in counts:
            figures = best(rounds, lambda workers=workers: run(work, latency, workers, base_url, concurrency))
            rates[workers] = rate(figures)
            print(
                f"  {workers} worker{'s' if workers > 1 else ' '} on Redis {rates[workers]:7.1f} pages/s"
                f"  = {rates[workers] / rates[0]:.2f}x   {describe(figures)}"
            )
    finally:
        server.terminate()
        server.wait(10)
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=50, help="versions of each sample page (41 pages each)")
    parser.add_argument("--latency", default="0.1,0", help="comma-separated server latencies in seconds")
    parser.add_argument("--workers", default="1,2,3", help="comma-separated worker counts on the Redis frontier")
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
