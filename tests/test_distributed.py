"""Many workers, one frontier: the Redis queue, seen-set and leases, and real crawls by several processes at once.

Needs Redis (``NEWSBOT_TEST_REDIS_URL``, default redis://127.0.0.1:6379/0) and, for the crawls, PostgreSQL (the
``db_url`` machinery of conftest.py). Each test uses Redis keys under a prefix of its own and deletes them after.
Without the services these tests skip, or fail under ``NEWSBOT_REQUIRE_SERVICES=1``.
"""

from __future__ import annotations

import json
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import redis
from click.testing import CliRunner
from conftest import make_article, upgraded_sessions
from newsbot.pipelines.dedupe import DedupePipeline
from newsbot.pipelines.drops import Duplicate
from newsbot.pipelines.store import StorePipeline
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler
from sqlalchemy import select

import newsbot.settings
from newsbot.cli import main
from newsbot.distributed import SharedFrontier
from newsbot.distributed.frontier import Frontier, Keys
from newsbot.items import Article
from newsbot.samplesite.server import RequestRecord, SampleSite
from newsbot.spiders.gamespot import GamespotSpider
from newsbot.spiders.news import NewsSpider
from newsbot.storage import models

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = json.loads((ROOT / "newsbot/samplesite/site/manifest.json").read_text())
STORED = sorted(p["path"] for p in MANIFEST["pages"] if p["outcome"] == "stored")
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"

pytestmark = pytest.mark.databases("postgresql")


# Services --------------------------------------------------------------------------------------------------


def redis_url() -> str:
    return os.environ.get("NEWSBOT_TEST_REDIS_URL") or DEFAULT_REDIS_URL


def require_redis() -> redis.Redis:
    """A client of the test Redis; skip when it does not answer, fail instead under NEWSBOT_REQUIRE_SERVICES=1."""
    client = redis.Redis.from_url(redis_url(), socket_connect_timeout=3)
    try:
        client.ping()
    except redis.RedisError as exc:
        problem = f"Redis not reachable at {redis_url()} (set NEWSBOT_TEST_REDIS_URL): {exc}"
        if os.environ.get("NEWSBOT_REQUIRE_SERVICES") == "1":
            pytest.fail(problem, pytrace=False)
        pytest.skip(problem)
    return client


@pytest.fixture
def server() -> Iterator[redis.Redis]:
    client = require_redis()
    yield client
    client.close()


@pytest.fixture
def prefix(server: redis.Redis) -> Iterator[str]:
    """A Redis key prefix of this test's own; its keys are deleted afterwards."""
    name = f"newsbot-test-{uuid.uuid4().hex[:10]}"
    yield name
    keys = list(server.scan_iter(match=f"{name}:*", count=1000))
    if keys:
        server.delete(*keys)


@pytest.fixture
def spider() -> GamespotSpider:
    return GamespotSpider(base_url="http://127.0.0.1:9")


def frontier(server: redis.Redis, prefix: str, spider: GamespotSpider, lease: float = 30) -> Frontier:
    return Frontier(server, Keys.for_site(prefix, "gamespot"), spider, lease=lease)


def feed(spider: GamespotSpider, n: int) -> Request:
    return Request(f"{spider.base_url}/feeds/{n}/", callback=spider.parse_feed, errback=spider.discovery_failed)


# Settings --------------------------------------------------------------------------------------------------


def test_without_a_redis_url_the_add_on_leaves_scrapys_scheduler_alone() -> None:
    settings = Settings({"NEWSBOT_REDIS_URL": "", "NEWSBOT_REDIS_PREFIX": "newsbot"})
    with pytest.raises(NotConfigured):
        SharedFrontier().update_settings(settings)
    assert settings["SCHEDULER"] == "scrapy.core.scheduler.Scheduler"
    assert newsbot.settings.ADDONS == {"newsbot.distributed.SharedFrontier": 100}


def test_with_a_redis_url_workers_use_scrapy_redis_with_per_site_keys() -> None:
    settings = Settings({"NEWSBOT_REDIS_URL": "redis://queue:6379/0", "NEWSBOT_REDIS_PREFIX": "crawl"})
    SharedFrontier().update_settings(settings)
    assert settings["SCHEDULER"] == "newsbot.distributed.scheduler.SharedScheduler"
    assert settings["DUPEFILTER_CLASS"] == "scrapy_redis.dupefilter.RFPDupeFilter"
    assert settings["REDIS_URL"] == "redis://queue:6379/0"
    assert settings.getbool("SCHEDULER_PERSIST")
    assert settings["SCHEDULER_QUEUE_KEY"] % {"spider": "variety"} == "crawl:variety:requests"
    assert settings["SCHEDULER_DUPEFILTER_KEY"] % {"spider": "variety"} == "crawl:variety:seen"


# The frontier ----------------------------------------------------------------------------------------------


def test_a_url_found_by_two_workers_is_queued_once(server: redis.Redis, prefix: str, spider: GamespotSpider) -> None:
    one, two = frontier(server, prefix, spider), frontier(server, prefix, spider)
    assert one.push(feed(spider, 1))
    assert not two.push(feed(spider, 1))
    assert len(one.queue) == 1


def test_a_taken_request_stays_in_flight_until_released(
    server: redis.Redis, prefix: str, spider: GamespotSpider
) -> None:
    worker = frontier(server, prefix, spider)
    worker.push(feed(spider, 1))
    token, data = worker.take() or ("", b"")
    assert worker.decode(data).url == feed(spider, 1).url
    assert (len(worker.queue), worker.status("gamespot").in_flight) == (0, {worker.worker: 1})
    worker.release([token])
    assert worker.status("gamespot").in_flight == {}


def test_queued_requests_are_json_and_come_back_whole(server: redis.Redis, prefix: str, spider: GamespotSpider) -> None:
    news = NewsSpider(profile="variety", base_url="http://127.0.0.1:9")
    worker = Frontier(server, Keys.for_site(prefix, "variety"), news, lease=30)
    listing = news.listing_request(news.profile.listings[0], 2)
    article = news.article_request("http://127.0.0.1:9/2025/film/news/a-story-1236300100/", redirects=1, origin="x")
    article.headers["If-None-Match"] = '"abc"'
    for request in (listing, article):
        assert worker.push(request)
        [(raw, _)] = server.zpopmin(worker.keys.requests)
        assert json.loads(raw)["url"] == request.url  # data, not a pickle
        server.zadd(worker.keys.requests, {raw: 0})
        token, data = worker.take() or ("", b"")
        back = worker.decode(data)
        worker.release([token])
        meta = {key: list(value) if isinstance(value, tuple) else value for key, value in request.meta.items()}
        assert (back.url, back.callback, back.cb_kwargs, back.meta) == (
            request.url,
            request.callback,
            request.cb_kwargs,
            meta,
        )
        assert back.headers == request.headers


def test_a_pickled_entry_is_refused_and_never_unpickled(
    server: redis.Redis, prefix: str, spider: GamespotSpider, tmp_path: Path
) -> None:
    worker = frontier(server, prefix, spider)
    ran = tmp_path / "pickle-ran"
    server.zadd(worker.keys.requests, {pickle.dumps(RunsOnLoad(str(ran))): 0})
    _, data = worker.take() or ("", b"")
    with pytest.raises(ValueError, match="not a JSON request"):
        worker.decode(data)
    assert not ran.exists(), "unpickling the entry ran its code"
    assert worker.give_back()[0].startswith("<refused entry: not a JSON request")


class RunsOnLoad:
    """What an attacker would queue: unpickling it makes a folder (a stand-in for any command)."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self) -> tuple:
        return (os.mkdir, (self.path,))


#: Heartbeat lease of the workers that die in these tests: long enough that a loaded machine does not expire a fresh
#: heartbeat before the test checks it; the tests then wait for the expiry itself (``wait_for``), not a fixed time.
LEASE = 1.0


def wait_for(condition: Callable[[], Any], seconds: float = 30) -> Any:
    """The first truthy value of ``condition()``, polled until ``seconds`` pass (then its last, falsy, value)."""
    deadline = time.monotonic() + seconds
    while not (value := condition()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return value


def test_what_a_dead_worker_held_goes_back_to_the_queue(
    server: redis.Redis, prefix: str, spider: GamespotSpider
) -> None:
    dead, alive = frontier(server, prefix, spider, lease=LEASE), frontier(server, prefix, spider)
    for n in range(3):
        alive.push(feed(spider, n))
    dead.beat()
    dead.take()
    dead.take()
    alive.beat()
    assert alive.requeue_dead() == {}, "a worker whose heartbeat is fresh is not dead"
    moved = wait_for(alive.requeue_dead)  # once the dead worker's heartbeat expires
    assert list(moved) == [dead.worker]
    assert len(moved[dead.worker]) == 2
    assert set(moved[dead.worker]) <= {feed(spider, n).url for n in range(3)}
    assert (len(alive.queue), alive.status("gamespot").in_flight) == (3, {})
    assert alive.requeue_dead() == {}, "requests are re-queued once"


def test_of_many_workers_starting_together_one_seeds_the_pass(
    server: redis.Redis, prefix: str, spider: GamespotSpider
) -> None:
    workers = [frontier(server, prefix, spider) for _ in range(8)]
    start = threading.Barrier(len(workers))
    claims: list[tuple[str, str]] = []

    def claim(worker: Frontier) -> None:
        start.wait()
        claims.append(worker.claim())

    threads = [threading.Thread(target=claim, args=(worker,)) for worker in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    states = Counter(state for state, _ in claims)
    assert states == {"seed": 1, "seeding": 7}
    assert len({seeder for _, seeder in claims}) == 1


def test_a_pass_ends_only_when_nothing_is_queued_or_in_flight(
    server: redis.Redis, prefix: str, spider: GamespotSpider
) -> None:
    one, two = frontier(server, prefix, spider), frontier(server, prefix, spider)
    assert one.claim()[0] == "seed"
    assert two.finish() == "seeding"
    one.seed([feed(spider, 1)])
    assert two.finish() == "queued"
    token, _ = two.take() or ("", b"")
    assert one.finish() == "busy"
    two.push(feed(spider, 2))  # the page two fetched links to more work
    two.release([token])
    assert one.finish() == "queued"
    token, _ = one.take() or ("", b"")
    one.release([token])
    assert (two.finish(), one.finish()) == ("finished", "none")
    assert one.claim()[0] == "seed", "the next worker to start begins a new pass"
    assert one.push(feed(spider, 1)), "a new pass forgets the urls the last one saw"


def test_a_seeder_that_dies_while_seeding_is_replaced(server: redis.Redis, prefix: str, spider: GamespotSpider) -> None:
    seeder, other = frontier(server, prefix, spider, lease=LEASE), frontier(server, prefix, spider)
    seeder.beat()
    state, first = seeder.claim()
    assert state == "seed"
    assert not other.take_over_seeding(first), "a seeder whose heartbeat is fresh keeps seeding"
    assert wait_for(lambda: other.take_over_seeding(first))
    assert other.pass_info()["seeder"] == other.worker


def test_an_open_pass_left_with_no_work_is_replaced_by_a_new_one(
    server: redis.Redis, prefix: str, spider: GamespotSpider
) -> None:
    """The last worker died before it could say the pass was over: the next one starts a new pass, not an idle one."""
    one = frontier(server, prefix, spider)
    one.claim()
    one.seed([])
    assert frontier(server, prefix, spider).claim()[0] == "seed"


# newsbot seed ----------------------------------------------------------------------------------------------


def seed_command(prefix: str, *args: str) -> list[str]:
    settings = ["-s", f"NEWSBOT_REDIS_URL={redis_url()}", "-s", f"NEWSBOT_REDIS_PREFIX={prefix}"]
    return ["seed", "gamespot", "-a", "base_url=http://127.0.0.1:9", *settings, *args]


def test_seed_queues_the_start_requests_once(server: redis.Redis, prefix: str) -> None:
    runner = CliRunner()
    first = runner.invoke(main, seed_command(prefix))
    assert first.exit_code == 0, first.output
    assert "gamespot: seeded 5 start requests" in first.stdout
    assert server.zcard(f"{prefix}:gamespot:requests") == 5
    again = runner.invoke(main, seed_command(prefix))
    assert again.exit_code == 1
    assert "a pass of gamespot is under way" in again.stderr
    assert server.zcard(f"{prefix}:gamespot:requests") == 5


def test_seed_status_shows_the_queue_and_who_holds_what(server: redis.Redis, prefix: str) -> None:
    runner = CliRunner()
    runner.invoke(main, seed_command(prefix))
    result = runner.invoke(main, seed_command(prefix, "--status"))
    assert result.exit_code == 0, result.output
    assert "gamespot: pass open since" in result.stdout
    assert "  queued: 5" in result.stdout
    assert "  in flight: 0" in result.stdout


def test_seed_requeue_lists_what_dead_workers_held(server: redis.Redis, prefix: str, spider: GamespotSpider) -> None:
    runner = CliRunner()
    runner.invoke(main, seed_command(prefix))
    dead = frontier(server, prefix, spider)  # never sent a heartbeat: dead to the others
    taken = [dead.take() for _ in range(2)]
    result = runner.invoke(main, seed_command(prefix, "--requeue"))
    assert result.exit_code == 0, result.output
    urls = [dead.decode(data).url for _, data in filter(None, taken)]
    assert sorted(result.stdout.split()) == sorted(urls)
    assert f"re-queued 2 requests held by {dead.worker}" in result.stderr
    assert server.zcard(f"{prefix}:gamespot:requests") == 5


def test_seed_without_a_redis_url_says_how_to_give_one() -> None:
    result = CliRunner().invoke(main, ["seed", "gamespot", "-s", "NEWSBOT_REDIS_URL="])
    assert result.exit_code == 2
    assert "NEWSBOT_REDIS_URL is not set" in result.output


# Crawls by several processes -------------------------------------------------------------------------------


@dataclass
class Worker:
    name: str
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def agent(self) -> str:
        return agent(self.name)

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def agent(name: str) -> str:
    return f"newsbot-test/{name} (+http://workers.test)"


def start_worker(name: str, base_url: str, db_url: str, prefix: str, folder: Path, *, cli: bool = False) -> Worker:
    """``scrapy crawl gamespot`` (or ``newsbot crawl gamespot``) as one worker of the shared frontier."""
    settings = {
        "NEWSBOT_DATABASE_URL": db_url,
        "NEWSBOT_REDIS_URL": redis_url(),
        "NEWSBOT_REDIS_PREFIX": prefix,
        "NEWSBOT_REDIS_LEASE": "2",
        "NEWSBOT_SPOOL_DIR": str(folder / f"spool-{name}"),
        "USER_AGENT": agent(name),
        "AUTOTHROTTLE_ENABLED": "0",
        "DOWNLOAD_DELAY": "0",
        "CONCURRENT_REQUESTS_PER_DOMAIN": "2",
        "LOG_LEVEL": "INFO",
    }
    program = [sys.executable, "-m", "newsbot.cli", "crawl"] if cli else [sys.executable, "-m", "scrapy", "crawl"]
    command = [*program, "gamespot", "-a", f"base_url={base_url}"]
    command += [arg for name_value in settings.items() for arg in ("-s", "=".join(name_value))]
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
    log = folder / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    return Worker(name, process, log)


def finish(workers: list[Worker], timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    for worker in workers:
        try:
            worker.process.wait(max(1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            for other in workers:
                other.process.kill()
            pytest.fail(f"{worker.name} did not finish:\n{worker.output()[-3000:]}")
        assert worker.process.returncode == 0, f"{worker.name} failed:\n{worker.output()[-3000:]}"


def stored_paths(db_url: str) -> list[str]:
    with upgraded_sessions(db_url)() as session:
        urls = session.scalars(select(models.Article.canonical_url)).all()
    return sorted(urlsplit(url).path for url in urls)


def redis_left(server: redis.Redis, prefix: str) -> list[str]:
    """The keys a finished pass leaves besides its seen-set (none)."""
    return sorted(k.decode() for k in server.scan_iter(match=f"{prefix}:*") if not k.endswith(b":seen"))


def article_fetches(log: list[RequestRecord]) -> Counter[str]:
    articles = set(STORED)
    return Counter(r.path for r in log if r.path in articles)


@pytest.mark.slow
def test_three_workers_crawl_the_site_together_fetching_and_storing_each_article_once(
    server: redis.Redis, prefix: str, db_url: str, tmp_path: Path
) -> None:
    # Answers slow enough that the crawl outlasts the workers' start-up on a loaded machine: at 0.05 s the first two
    # workers could finish the site before the third took a request (and read robots.txt).
    with SampleSite(latency=0.2) as site:
        workers = [
            start_worker("w1", site.base_url, db_url, prefix, tmp_path),
            start_worker("w2", site.base_url, db_url, prefix, tmp_path),
            start_worker("w3", site.base_url, db_url, prefix, tmp_path, cli=True),
        ]
        finish(workers)
        log = site.requests()
    paths = Counter(r.path for r in log if r.path != "/robots.txt")
    assert {path: n for path, n in paths.items() if n > 1} == {}, "a page was fetched by two workers"
    assert article_fetches(log) == dict.fromkeys(STORED, 1)
    assert Counter(r.path for r in log)["/robots.txt"] == 3, "each worker reads robots.txt itself"
    by_worker = Counter(r.user_agent for r in log if r.path != "/robots.txt")
    assert all(by_worker[w.agent] > 0 for w in workers), f"a worker did no work: {by_worker}"
    outputs = [w.output() for w in workers]
    assert sum("seeded 5 start requests" in out for out in outputs) == 1, "the start requests are seeded once"
    assert stored_paths(db_url) == STORED
    assert redis_left(server, prefix) == []


@pytest.mark.slow
def test_a_killed_workers_requests_are_requeued_and_the_others_finish_the_crawl(
    server: redis.Redis, prefix: str, db_url: str, tmp_path: Path
) -> None:
    keys = Keys.for_site(prefix, "gamespot")
    with SampleSite(latency=0.3) as site:
        workers = [start_worker(f"w{n}", site.base_url, db_url, prefix, tmp_path) for n in (1, 2, 3)]
        victim, held = None, []
        deadline = time.monotonic() + 120
        while victim is None and time.monotonic() < deadline:
            time.sleep(0.05)
            if len(article_fetches(site.requests())) < 8:
                continue
            holders = Counter(t.decode().rpartition("#")[0] for t in server.hkeys(keys.inflight))
            for worker in workers:
                holder = next((h for h in holders if f":{worker.process.pid}:" in h), None)
                if holder and holders[holder] >= 2:
                    worker.process.send_signal(signal.SIGKILL)
                    worker.process.wait()
                    killed_at = time.time()
                    held = sorted(t.decode() for t in server.hkeys(keys.inflight) if t.decode().startswith(holder))
                    victim = worker
                    break
        assert victim is not None, "no worker held two requests mid-crawl"
        assert held, "the killed worker held nothing at its death"
        survivors = [w for w in workers if w is not victim]
        finish(survivors)
        log = site.requests()
    assert stored_paths(db_url) == STORED, "an article was lost with the killed worker"
    requeued = [line for w in survivors for line in w.output().splitlines() if "stopped sending heartbeats" in line]
    assert len(requeued) == 1, requeued
    assert f"re-queued the {len(held)} requests it held" in requeued[0]
    with upgraded_sessions(db_url)() as session:
        runs = session.scalars(select(models.CrawlRun)).all()
    finished = [run for run in runs if run.finish_reason == "finished"]
    assert len(finished) == 2
    assert sum(run.stats.get("newsbot/distributed/requeued", 0) for run in finished) == len(held)
    # Every url the dead worker held was fetched again by a survivor after the death.
    urls = requeued[0].rsplit("it held: ", 1)[1].split(", ")
    assert len(urls) == len(held)
    after = {(r.path, r.user_agent) for r in log if r.time > killed_at}
    for url in urls:
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        assert any(path == target and agent != victim.agent for path, agent in after), url
    assert redis_left(server, prefix) == []


@pytest.mark.slow
def test_a_worker_stopped_with_sigterm_finishes_what_it_holds_and_the_other_finishes_the_pass(
    server: redis.Redis, prefix: str, db_url: str, tmp_path: Path
) -> None:
    keys = Keys.for_site(prefix, "gamespot")
    with SampleSite(latency=0.3) as site:
        stopped, other = (start_worker(name, site.base_url, db_url, prefix, tmp_path) for name in ("w1", "w2"))
        holder, deadline = None, time.monotonic() + 120
        while holder is None and time.monotonic() < deadline:
            time.sleep(0.05)
            if len(article_fetches(site.requests())) < 6:
                continue
            tokens = [t.decode() for t in server.hkeys(keys.inflight)]
            holder = next((t.rpartition("#")[0] for t in tokens if f":{stopped.process.pid}:" in t), None)
        assert holder is not None, "the worker held no request mid-crawl"
        stopped.process.send_signal(signal.SIGTERM)
        stopped.process.wait(60)
        assert stopped.process.returncode == 0, stopped.output()[-3000:]
        assert not [t for t in server.hkeys(keys.inflight) if t.decode().startswith(holder)], "it kept leases"
        finish([other])
        log = site.requests()
    assert article_fetches(log) == dict.fromkeys(STORED, 1), "what the stopped worker held was finished, not redone"
    assert stored_paths(db_url) == STORED
    assert "stopped sending heartbeats" not in other.output(), "a clean stop leaves nothing to re-queue"
    with upgraded_sessions(db_url)() as session:
        reasons = sorted(session.scalars(select(models.CrawlRun.finish_reason)))
    assert reasons == ["finished", "shutdown"]
    assert redis_left(server, prefix) == []


# One store for all workers ---------------------------------------------------------------------------------

BODY = "The studio behind Harbor Lights says the game slips to spring.\n\nIt needs more time for the harbor levels."


HARBOR = {
    "headline": "Harbor Lights delayed to spring",
    "body_text": BODY,
    "body_html": "".join(f"<p>{p}</p>" for p in BODY.split("\n\n")),
}


def store_at_once(db_url: str, folder: Path, articles: list[Article]) -> list[BaseException]:
    """Each article through dedupe and store in its own "worker" (pipelines, connections), all at the same moment."""
    start = threading.Barrier(len(articles))
    errors: list[BaseException] = []

    def work(n: int, article: Article) -> None:
        spool_dir = str(folder / f"spool-{n}")
        crawler = get_crawler(settings_dict={"NEWSBOT_DATABASE_URL": db_url, "NEWSBOT_SPOOL_DIR": spool_dir})
        crawler.stats.open_spider()
        dedupe, store = DedupePipeline(crawler), StorePipeline(crawler)
        start.wait()
        try:
            store.process_item(dedupe.process_item(article))
        except Duplicate:
            pass
        except BaseException as exc:  # reported by the caller: a thread's exception would vanish otherwise
            errors.append(exc)

    threads = [threading.Thread(target=work, args=pair) for pair in enumerate(articles)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_workers_storing_the_same_article_at_once_store_one_row(db_url: str, tmp_path: Path) -> None:
    url = "https://www.gamespot.com/articles/harbor-lights-delayed/1100-6500001/"
    article = make_article(url, published_at=datetime(2025, 3, 1, 9, tzinfo=UTC), **HARBOR)
    assert store_at_once(db_url, tmp_path, [article] * 4) == []
    assert stored_paths(db_url) == ["/articles/harbor-lights-delayed/1100-6500001/"]


def test_workers_storing_a_story_and_its_syndicated_copy_at_once_keep_one_article(db_url: str, tmp_path: Path) -> None:
    first_seen, later = datetime(2025, 3, 1, 9, tzinfo=UTC), datetime(2025, 3, 1, 11, tzinfo=UTC)
    original = make_article(
        "https://www.gamespot.com/articles/harbor-lights-delayed/1100-6500001/", published_at=first_seen, **HARBOR
    )
    copy = make_article(
        "https://www.gamespot.com/articles/harbor-lights-slips/1100-6500002/", published_at=later, **HARBOR
    )
    assert store_at_once(db_url, tmp_path, [original, copy]) == []
    assert stored_paths(db_url) == ["/articles/harbor-lights-delayed/1100-6500001/"]
    with upgraded_sessions(db_url)() as session:
        copies = session.scalars(select(models.Duplicate.canonical_url)).all()
    assert [urlsplit(u).path for u in copies] == ["/articles/harbor-lights-slips/1100-6500002/"]
