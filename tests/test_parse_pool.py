"""Parsing in worker processes (newsbot/spiders/parse_pool.py): the same articles as in the crawl process; a worker that
dies or hangs costs only the page that caused it; a real crawl survives its worker being killed, and leaves no
worker behind when it is killed itself; a crawl script without a main guard parses in its own process."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import upgraded_sessions
from scrapy.utils.test import get_crawler
from sqlalchemy import func, select
from test_parsers import _mismatches

from newsbot.items import Article
from newsbot.parsers import ParseError, gamespot
from newsbot.samplesite.server import SampleSite
from newsbot.spiders.parse_pool import ParsePool, Parser
from newsbot.storage import models

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = sorted((ROOT / "tests" / "fixtures" / "gamespot").glob("*.html"))
MANIFEST = json.loads((ROOT / "newsbot" / "samplesite" / "site" / "manifest.json").read_text())
POISON = "/poison/"


def crashing_parse(url: str, html: str) -> Article:
    """The GameSpot parser, except that a poison url kills the process it runs in, as a segfault would."""
    if POISON in url:
        os._exit(11)
    return gamespot.parse(url, html)


def hanging_parse(url: str, html: str) -> Article:
    """The GameSpot parser, except that a poison url does not return (a runaway regex, say)."""
    if POISON in url:
        time.sleep(600)
    return gamespot.parse(url, html)


def crashing_or_hanging_parse(url: str, html: str) -> Article:
    """The GameSpot parser, except that a url under /crash/ kills its process and one under /hang/ never returns."""
    if "/crash/" in url:
        os._exit(11)
    if "/hang/" in url:
        time.sleep(600)
    return gamespot.parse(url, html)


def slow_parse(url: str, html: str) -> Article:
    """The GameSpot parser, taking 1.5 s a page (a big page on a slow machine)."""
    time.sleep(1.5)
    return gamespot.parse(url, html)


def fixture_pages() -> list[tuple[dict, str]]:
    """(expected JSON, page) for every GameSpot fixture that parses to an article."""
    pages = []
    for page in FIXTURES:
        expected = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
        if expected.get("headline"):
            pages.append((expected, page.read_text(encoding="utf-8")))
    return pages


async def parse_all(pool: ParsePool, parser: Parser, pages: list[tuple[str, str]]) -> list[Article | BaseException]:
    """Each page's Article or exception, parsed through ``pool`` all at once (as a crawl hands them over)."""
    pool.start()
    assert pool.running is (pool.workers > 0), "the pool did not start its workers"
    try:
        return await asyncio.gather(*(pool.parse(parser, url, html) for url, html in pages), return_exceptions=True)
    finally:
        pool.close()


def assert_as_expected(expected: list[dict], outcomes: list[Article | BaseException]) -> None:
    for want, got in zip(expected, outcomes, strict=True):
        assert isinstance(got, Article), f"{want['url']}: {got!r}"
        problems = _mismatches(want, got)
        assert not problems, f"{want['url']} parsed in a worker:\n" + "\n".join(problems)


def test_pages_parsed_in_a_worker_match_their_fixture_json() -> None:
    cases = fixture_pages()
    pool = ParsePool(workers=1)
    outcomes = asyncio.run(parse_all(pool, gamespot.parse, [(e["url"], html) for e, html in cases]))
    assert_as_expected([e for e, _ in cases], outcomes)


def test_a_broken_page_raises_its_parse_error_across_the_process_boundary() -> None:
    page = (ROOT / "tests" / "fixtures" / "gamespot" / "broken" / "no-headline.html").read_text()
    url = "https://www.gamespot.com/articles/broken/1100-6400001/"
    (outcome,) = asyncio.run(parse_all(ParsePool(workers=1), gamespot.parse, [(url, page)]))
    assert isinstance(outcome, ParseError)
    assert (outcome.url, outcome.field) == (url, "headline")


@pytest.mark.slow
def test_a_page_that_kills_its_worker_is_a_parse_error_and_every_other_page_is_parsed() -> None:
    cases = fixture_pages()
    pages = [(e["url"], html) for e, html in cases]
    poison = ("https://www.gamespot.com/poison/1100-6400002/", cases[0][1])
    middle = len(pages) // 2
    outcomes = asyncio.run(parse_all(ParsePool(workers=1), crashing_parse, [*pages[:middle], poison, *pages[middle:]]))
    died = outcomes.pop(middle)
    assert isinstance(died, ParseError), died
    assert died.url == poison[0]
    assert "parser process died" in died.reason
    assert_as_expected([e for e, _ in cases], outcomes)


@pytest.mark.slow
def test_a_page_that_hangs_is_stopped_at_the_timeout_and_every_other_page_is_parsed() -> None:
    cases = fixture_pages()[:3]
    poison = ("https://www.gamespot.com/poison/1100-6400003/", cases[0][1])
    pages = [(e["url"], html) for e, html in cases]
    started = time.monotonic()
    outcomes = asyncio.run(parse_all(ParsePool(workers=1, timeout=4), hanging_parse, [poison, *pages]))
    assert time.monotonic() - started < 120, "the hung worker was waited for instead of stopped"
    hung = outcomes.pop(0)
    assert isinstance(hung, ParseError), hung
    assert "took over 4 s (NEWSBOT_PARSE_TIMEOUT)" in hung.reason
    assert_as_expected([e for e, _ in cases], outcomes)


@pytest.mark.slow
def test_a_page_running_beside_a_worker_that_dies_goes_to_the_new_workers() -> None:
    """Two workers: one runs a page that hangs, the other dies on its page, and the pool is replaced. Pebble fails
    no page of a pool that was stopped, so the hanging page is sent to the new workers, where its timeout stops it."""
    cases = fixture_pages()[:2]
    hang = ("https://www.gamespot.com/hang/1100-6400004/", cases[0][1])
    crash = ("https://www.gamespot.com/crash/1100-6400005/", cases[0][1])
    pages = [(e["url"], html) for e, html in cases]
    pool = ParsePool(workers=2, timeout=5)

    async def hang_then_crash() -> list[Article | BaseException]:
        pool.start()
        try:
            hanging = asyncio.ensure_future(pool.parse(crashing_or_hanging_parse, *hang))
            await asyncio.sleep(2)  # a worker has started the hanging page
            rest = [pool.parse(crashing_or_hanging_parse, url, html) for url, html in [crash, *pages]]
            return await asyncio.gather(hanging, *rest, return_exceptions=True)
        finally:
            pool.close()

    hung, died, *outcomes = asyncio.run(asyncio.wait_for(hang_then_crash(), timeout=120))
    assert isinstance(hung, ParseError), hung
    assert "took over 5 s (NEWSBOT_PARSE_TIMEOUT)" in hung.reason
    assert isinstance(died, ParseError), died
    assert "parser process died" in died.reason
    assert_as_expected([e for e, _ in cases], outcomes)


@pytest.mark.slow
def test_time_waiting_behind_slow_pages_does_not_count_toward_the_timeout() -> None:
    """Three 1.5 s pages on one worker with a 2 s timeout: the third waits 3 s, then takes 1.5 s; none times out."""
    cases = fixture_pages()[:3]
    pool = ParsePool(workers=1, timeout=2)
    stats = get_crawler().stats

    async def parse_slowly() -> list[Article | BaseException]:
        pool.start(stats)
        try:
            pages = [(e["url"], html) for e, html in cases]
            return await asyncio.gather(*(pool.parse(slow_parse, u, h) for u, h in pages), return_exceptions=True)
        finally:
            pool.close()

    outcomes = asyncio.run(parse_slowly())
    assert_as_expected([e for e, _ in cases], outcomes)
    counted = {k: v for k, v in stats.get_stats().items() if k.startswith("newsbot/parse")}
    assert counted == {}, f"pages were retried or stopped though none took 2 s on a worker: {counted}"


def test_without_workers_pages_are_parsed_in_the_calling_process() -> None:
    cases = fixture_pages()[:2]
    pool = ParsePool(workers=0)
    outcomes = asyncio.run(parse_all(pool, gamespot.parse, [(e["url"], html) for e, html in cases]))
    assert not pool.running
    assert_as_expected([e for e, _ in cases], outcomes)


@pytest.mark.parametrize(("workers", "timeout"), [(-1, 60.0), (1, 0.0)])
def test_bad_settings_are_refused_by_name(workers: int, timeout: float) -> None:
    with pytest.raises(ValueError, match="NEWSBOT_PARSE_WORKERS must be 0 or more and NEWSBOT_PARSE_TIMEOUT"):
        ParsePool(workers, timeout)


# --- a real crawl ------------------------------------------------------------------------------------------


def parse_workers(parent: int) -> list[int]:
    """Pids of the multiprocessing workers ``parent`` spawned (its resource tracker excluded)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
        except (OSError, IndexError, ValueError):
            continue  # ended meanwhile
        if ppid == parent and b"spawn_main" in command:
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie nobody has reaped yet counts as ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def stored_articles(db_url: str) -> int:
    try:
        with upgraded_sessions(db_url)() as session:
            return session.scalar(select(func.count()).select_from(models.Article)) or 0
    except Exception:  # the crawl has not created the tables yet
        return 0


def start_crawl(base_url: str, db_url: str, stderr: Any) -> subprocess.Popen[bytes]:
    """``scrapy crawl gamespot`` of the sample site, two pages in flight, each article committed as it comes."""
    command = [
        sys.executable, "-m", "scrapy", "crawl", "gamespot", "-a", f"base_url={base_url}",
        "-s", f"NEWSBOT_DATABASE_URL={db_url}", "-s", "NEWSBOT_STORE_BATCH_SIZE=1",
        "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2",
    ]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
    return subprocess.Popen(command, env=env, cwd=ROOT, stderr=stderr)


def wait_until_stored(crawl: subprocess.Popen[bytes], db_url: str, count: int) -> None:
    """Return once ``count`` articles are stored, the crawl has ended, or two minutes have passed."""
    deadline = time.monotonic() + 120
    while stored_articles(db_url) < count and crawl.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds the worker through /proc (Linux)")
def test_a_crawl_whose_parse_worker_is_killed_still_stores_every_article(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'crawl.db'}"
    stored = sorted(p["path"] for p in MANIFEST["pages"] if p["outcome"] == "stored")
    log = tmp_path / "crawl.log"
    with SampleSite(latency=0.1) as site:
        base_url = site.base_url
        with log.open("w") as sink:
            crawl = start_crawl(site.base_url, db_url, sink)
        wait_until_stored(crawl, db_url, 3)
        victims = parse_workers(crawl.pid)
        assert crawl.poll() is None, "the crawl ended before the kill"
        assert victims, "the crawl has no parse worker"
        for pid in victims:
            os.kill(pid, signal.SIGKILL)  # as the kernel's OOM killer would
        killed_at = stored_articles(db_url)
        try:
            code = crawl.wait(timeout=200)  # within pytest's own timeout, so that the log below is shown
        except subprocess.TimeoutExpired:
            crawl.kill()
            crawl.wait(30)
            pytest.fail("the crawl hung after its parse worker was killed:\n" + log.read_text()[-3000:])
        assert code == 0, log.read_text()[-3000:]
    stderr = log.read_text()
    assert killed_at < len(stored), "the kill came after the last article: it proved nothing"
    assert "a parse worker died" in stderr
    with upgraded_sessions(db_url)() as session:
        urls = session.scalars(select(models.Article.canonical_url)).all()
        failed = session.scalars(select(models.Failure.url).where(models.Failure.stage == "parse")).all()
        stats = session.scalars(select(models.CrawlRun.stats)).one()
    assert sorted(u.removeprefix("https://www.gamespot.com") for u in urls) == stored
    broken = sorted(p["path"] for p in MANIFEST["pages"] if p["outcome"] == "failure")
    assert sorted(u.removeprefix(base_url) for u in failed) == broken
    assert stats["newsbot/parse_workers_replaced"] == 1
    assert stats.get("newsbot/parse_retried_alone", 0) + stats.get("newsbot/parse_requeued", 0) >= 1


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds the worker through /proc (Linux)")
def test_a_crawl_killed_outright_leaves_no_parse_worker_behind(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'killed.db'}"
    with SampleSite(latency=0.1) as site:
        crawl = start_crawl(site.base_url, db_url, subprocess.DEVNULL)
        try:
            wait_until_stored(crawl, db_url, 1)
            workers = parse_workers(crawl.pid)
            assert crawl.poll() is None, "the crawl ended before it could be killed"
            assert workers, "the crawl has no parse worker"
        finally:
            crawl.kill()  # SIGKILL: no signal handler, no spider_closed, no pool shutdown
            crawl.wait(30)
    deadline = time.monotonic() + 30
    while any(map(alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in workers if alive(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)  # not to leave them to the next test either
    assert not left, f"parse workers {left} outlived their killed crawl"


SCRIPT = """\
import sys

from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

{body}
"""
CRAWL = """\
settings = get_project_settings()
settings.setdict({"NEWSBOT_DATABASE_URL": sys.argv[2], "AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0})
process = CrawlerProcess(settings)
process.crawl("gamespot", base_url=sys.argv[1])
process.start()
"""


@pytest.mark.slow
@pytest.mark.parametrize("guarded", [False, True], ids=["no main guard", "main guard"])
def test_a_crawl_script_parses_in_workers_only_under_a_main_guard(tmp_path: Path, guarded: bool) -> None:
    """Scrapy's "run from a script" shape, with and without the guard spawned workers need."""
    indented = "".join(f"    {line}\n" for line in CRAWL.splitlines())
    body = f"if __name__ == '__main__':\n{indented}" if guarded else CRAWL
    script = tmp_path / "crawl_script.py"
    script.write_text(SCRIPT.format(body=body))
    db_url = f"sqlite:///{tmp_path / 'script.db'}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
    with SampleSite() as site:
        result = subprocess.run(
            [sys.executable, str(script), site.base_url, db_url],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    warned = "has no `if __name__ ==" in result.stderr
    assert warned is not guarded, result.stderr[-3000:]
    with upgraded_sessions(db_url)() as session:
        runs = session.scalar(select(func.count()).select_from(models.CrawlRun))
    assert runs == 1, "a worker ran the script's crawl again"
    assert stored_articles(db_url) == len([p for p in MANIFEST["pages"] if p["outcome"] == "stored"])


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds the worker through /proc (Linux)")
def test_pages_a_stuck_worker_never_started_are_parsed_alone_once_no_page_finishes() -> None:
    """A worker that took a page and never said so (SIGKILLed in between; here SIGSTOPped before its first page)
    leaves pages pebble never expires: once no page finished for the timeout and the grace, each is read alone."""
    cases = fixture_pages()[:3]
    pool = ParsePool(workers=1, timeout=1)

    async def parse_with_a_stopped_worker() -> list[Article | BaseException]:
        pool.start()
        deadline = time.monotonic() + 60
        while not (workers := parse_workers(os.getpid())) and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        assert workers, "the pool started no worker"
        for pid in workers:
            os.kill(pid, signal.SIGSTOP)
        try:
            pages = [pool.parse(gamespot.parse, e["url"], html) for e, html in cases]
            return await asyncio.gather(*pages, return_exceptions=True)
        finally:
            pool.close()

    outcomes = asyncio.run(asyncio.wait_for(parse_with_a_stopped_worker(), timeout=120))
    assert_as_expected([e for e, _ in cases], outcomes)


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds the worker through /proc (Linux)")
def test_pages_still_queued_when_the_pool_breaks_go_to_new_workers_without_waiting_for_the_timeout() -> None:
    """When its last worker dies, pebble fails the pages its workers held but not those still in its queue: here the
    worker is stopped, so the first page fills the pipe and the others wait in the queue, then killed. Each page goes
    to the new workers at once, not after NEWSBOT_PARSE_TIMEOUT (set here longer than the test may run)."""
    cases = fixture_pages()[:3]
    padding = "<!-- " + "x" * 300_000 + " -->"  # more than a pipe holds: pebble's scheduler blocks on the first
    pages = [(e["url"], html.replace("<head>", "<head>" + padding, 1)) for e, html in cases]
    assert all(padding in html for _, html in pages)
    pool = ParsePool(workers=1, timeout=600)
    stats = get_crawler().stats

    async def parse_then_kill_the_stopped_worker() -> list[Article | BaseException]:
        others = set(parse_workers(os.getpid()))  # earlier tests' workers, still ending
        pool.start(stats)
        try:
            first = await pool.parse(gamespot.parse, *pages[0])  # the worker is up and has read a page
            assert isinstance(first, Article)
            (worker,) = set(parse_workers(os.getpid())) - others
            os.kill(worker, signal.SIGSTOP)
            waiting = [asyncio.ensure_future(pool.parse(gamespot.parse, url, html)) for url, html in pages]
            await asyncio.sleep(1)  # pebble has taken the first page into the pipe, the others wait behind it
            os.kill(worker, signal.SIGKILL)
            return await asyncio.gather(*waiting, return_exceptions=True)
        finally:
            pool.close()

    outcomes = asyncio.run(asyncio.wait_for(parse_then_kill_the_stopped_worker(), timeout=120))
    assert_as_expected([e for e, _ in cases], outcomes)
    counted = {k: v for k, v in stats.get_stats().items() if k.startswith("newsbot/parse")}
    assert counted == {"newsbot/parse_workers_replaced": 1, "newsbot/parse_requeued": len(pages)}
