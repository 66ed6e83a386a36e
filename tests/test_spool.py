"""The durable spool: an article the database cannot take now waits on disk and is stored exactly once later.

SQLite's write lock stands in for an outage: another connection holds ``BEGIN IMMEDIATE`` while the pipeline
writes, with the busy timeout cut to 0.2 s so a blocked write fails fast. Spool files go to ``tmp_path``.
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import make_article, upgraded_sessions
from hypothesis import given, settings
from hypothesis import strategies as st
from newsbot.pipelines.dedupe import DedupePipeline
from newsbot.pipelines.normalize import NormalizePipeline
from newsbot.pipelines.store import StorePipeline
from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler
from sqlalchemy import func, make_url, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError

import newsbot.storage.db
from newsbot.cli import main
from newsbot.items import Article, Author, Embed, Link
from newsbot.samplesite.server import SampleSite
from newsbot.storage import models, spool
from newsbot.storage.spool import Spool, SpooledItem
from newsbot.urls import url_key

ROOT = Path(__file__).resolve().parents[1]
BODY = "The patch adds a photo mode, a harder difficulty and a map, and fixes the save bug some players hit.\n\nMore."
BUSY_TIMEOUT_MS = 200


def sqlite_error(message: str, code: int) -> sqlite3.OperationalError:
    """A SQLite error with its result code, as the sqlite3 module raises it (SQLITE_BUSY is 5, SQLITE_ERROR 1)."""
    error = sqlite3.OperationalError(message)
    error.sqlite_errorcode = code  # type: ignore[attr-defined]
    return error


def story(n: int, **changes: object) -> Article:
    """Story `n` of a series, as the spool keeps it."""
    url = f"https://www.gamespot.com/articles/story-{n}/1100-{n}/"
    values: dict[str, object] = dict(
        headline=f"Story {n}",
        body_text=f"{BODY} ({n})",
        authors=[Author("Ada Vell", "https://www.gamespot.com/profile/ada/")],
        published_at=datetime(2025, 11, 3, 17, 0, tzinfo=UTC),
        embeds=[Embed("youtube", "video", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "dQw4w9WgXcQ", position=1)],
        links=[Link("https://example.test/a", "a link")],
        comment_count=7,
    )
    return make_article(url, **(values | changes))


@pytest.fixture
def sqlite_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A SQLite file whose writers give up after BUSY_TIMEOUT_MS, with the schema in place."""
    monkeypatch.setattr(newsbot.storage.db, "SQLITE_BUSY_TIMEOUT_MS", BUSY_TIMEOUT_MS)
    url = f"sqlite:///{tmp_path / 'spool-test.db'}"
    upgraded_sessions(url)
    return url


@pytest.fixture
def spool_dir(tmp_path: Path) -> Path:
    return tmp_path / "spool"


@contextmanager
def locked(sqlite_url: str) -> Iterator[sqlite3.Connection]:
    """Another connection holding SQLite's write lock (BEGIN IMMEDIATE) until the block ends or it rolls back."""
    connection = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield connection
    finally:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        connection.close()


@pytest.fixture
def write_lock(sqlite_url: str) -> Iterator[sqlite3.Connection]:
    """SQLite's write lock, held by another connection until the test releases it."""
    with locked(sqlite_url) as connection:
        yield connection


def crawler_on(db_url: str, spool_dir: Path) -> Crawler:
    crawler = get_crawler(settings_dict={"NEWSBOT_DATABASE_URL": db_url, "NEWSBOT_SPOOL_DIR": str(spool_dir)})
    crawler.stats.open_spider()
    return crawler


def pipeline(db_url: str, spool_dir: Path) -> StorePipeline:
    return StorePipeline.from_crawler(crawler_on(db_url, spool_dir))


def pipelines(db_url: str, spool_dir: Path) -> tuple[DedupePipeline, StorePipeline]:
    """The dedupe and store pipelines of one crawl (its database service and spool shared)."""
    crawler = crawler_on(db_url, spool_dir)
    return DedupePipeline.from_crawler(crawler), StorePipeline.from_crawler(crawler)


def counts(db_url: str) -> tuple[int, int]:
    """(articles, comment snapshots) in the database."""
    with upgraded_sessions(db_url)() as session:
        articles = session.scalar(select(func.count()).select_from(models.Article))
        snapshots = session.scalar(select(func.count()).select_from(models.CommentSnapshot))
    return articles or 0, snapshots or 0


def spooled_lines(spool_dir: Path) -> list[str]:
    return [line for path in spool.spool_files(spool_dir) for line in path.read_text().splitlines()]


def replay_cli(db_url: str, spool_dir: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["db-replay", "--database-url", db_url, "--spool-dir", str(spool_dir)])
    return result.exit_code, result.stdout, result.stderr


# --- the file format ----------------------------------------------------------------------------------------

offsets = st.integers(-14 * 3600 + 1, 14 * 3600 - 1).map(lambda s: timezone(timedelta(seconds=s)))
moments = st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2200, 1, 1), timezones=offsets)
words = st.text(max_size=30).map(lambda value: value.encode("utf-8", "replace").decode("utf-8"))
spooled_items = st.builds(
    SpooledItem,
    article=st.builds(
        Article,
        url=words,
        canonical_url=words,
        site=words,
        headline=words,
        body_text=words,
        deck=st.none() | words,
        authors=st.lists(st.builds(Author, name=words, url=st.none() | words), max_size=3),
        published_at=st.none() | moments,
        updated_at=st.none() | moments | st.datetimes(),
        body_html=words,
        lead_image=st.none() | words,
        tags=st.lists(words, max_size=3),
        embeds=st.lists(
            st.builds(Embed, words, words, words, st.none() | words, st.none() | words, st.none() | words),
            max_size=3,
        ),
        links=st.lists(st.builds(Link, words, words), max_size=3),
        comment_count=st.none() | st.integers(min_value=0),
        language=st.none() | words,
        kind=st.sampled_from(["article", "review", "gallery", "video"]),
    ),
    observed_at=moments,
    crawl_run_id=st.none() | st.integers(1, 10**9),
    checked=st.booleans(),
)


@settings(max_examples=80, deadline=None, derandomize=True, database=None)
@given(entry=spooled_items)
def test_spool_line_round_trips_an_item_exactly(entry: SpooledItem) -> None:
    line = spool.encode(entry)
    assert "\n" not in line
    assert line.isascii()
    back = spool.decode(line)
    assert back == entry
    for name in ("published_at", "updated_at"):  # same instant is not enough: the offset must survive too
        before, after = getattr(entry.article, name), getattr(back.article, name)
        assert (before.utcoffset() if before else None) == (after.utcoffset() if after else None)
    assert back.observed_at.utcoffset() == entry.observed_at.utcoffset()


def test_spool_file_keeps_items_in_order_one_fsynced_line_each(
    spool_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd))[1])
    file = Spool(spool_dir, "gamespot")
    entries = [SpooledItem(story(n), datetime(2025, 1, 1, tzinfo=UTC) + timedelta(seconds=n)) for n in (3, 1, 2)]
    for entry in entries:
        file.append(entry)
    assert file.path is not None
    assert file.path.name.startswith("gamespot-")
    assert file.path.suffix == ".jsonl"
    assert spool.read(file.path) == entries
    assert len(synced) >= len(entries) + 1  # one per line, plus the folder for the new file's name
    file.close()


def test_a_spool_keeps_its_items_on_disk_not_in_memory(spool_dir: Path) -> None:
    """During a long outage the spool file grows, the crawler's memory must not: pending items are read back
    from the file as replay wants them."""
    file = Spool(spool_dir, "gamespot")
    seen = datetime(2025, 11, 3, 18, 0, tzinfo=UTC)
    for n in range(500):
        file.append(SpooledItem(story(n), observed_at=seen))
    gc.collect()
    assert sum(isinstance(o, SpooledItem) for o in gc.get_objects()) == 0
    assert [entry.article.url for entry in file.pending()] == [story(n).url for n in range(500)]
    file.replayed(200)
    assert file.waiting == 300
    assert next(file.pending()).article.url == story(200).url
    file.replayed(300)
    assert spool.spool_files(spool_dir) == []


def test_torn_last_line_is_ignored_and_a_corrupt_line_is_named(spool_dir: Path) -> None:
    file = Spool(spool_dir, "gamespot")
    file.append(SpooledItem(story(1), datetime(2025, 1, 1, tzinfo=UTC)))
    assert file.path is not None
    path = file.path
    file.close()
    with path.open("a") as out:
        out.write('{"format": 1, "observed_at": "2025-01-')  # killed mid-write
    assert [e.article.url for e in spool.read(path)] == [story(1).url]
    with path.open("a") as out:
        out.write("\nnot json\n")
    with pytest.raises(spool.SpoolError, match=rf"{path.name}:2: not a spooled item .*move the file aside"):
        spool.read(path)


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (OperationalError("INSERT", {}, sqlite_error("database is locked", 5)), True),
        (OperationalError("INSERT", {}, sqlite_error("no such table: articles", 1)), False),
        (InterfaceError("SELECT", {}, Exception("connection already closed")), True),
        (DBAPIError("SELECT", {}, Exception("server closed the connection"), connection_invalidated=True), True),
        (IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE constraint failed")), False),
        (ValueError("naive datetime"), False),
    ],
)
def test_only_errors_that_retrying_can_fix_are_transient(error: BaseException, transient: bool) -> None:
    assert spool.is_transient(error) is transient


# --- the store pipeline -------------------------------------------------------------------------------------


def test_locked_database_spools_the_item_and_the_next_write_replays_it_once(
    sqlite_url: str, spool_dir: Path, write_lock: sqlite3.Connection
) -> None:
    store = pipeline(sqlite_url, spool_dir)
    first, second = story(1), story(2)
    assert store.process_item(first) is first  # not dropped: it waits in the spool
    assert store.stats.get_value("newsbot/spooled") == 1
    assert len(spooled_lines(spool_dir)) == 1
    write_lock.execute("ROLLBACK")  # the database answers again
    assert counts(sqlite_url) == (0, 0)
    store.process_item(second)
    assert counts(sqlite_url) == (2, 2)
    assert store.stats.get_value("newsbot/replayed") == 1
    assert store.stats.get_value("newsbot/articles/new") == 2
    assert spool.spool_files(spool_dir) == []
    with upgraded_sessions(sqlite_url)() as session:
        ids = session.scalars(select(models.Article.canonical_url).order_by(models.Article.id)).all()
    assert ids == [first.canonical_url, second.canonical_url], "replayed items are stored before newer ones"
    store.close_spider()


def test_items_arriving_while_the_spool_waits_queue_behind_it(
    sqlite_url: str, spool_dir: Path, write_lock: sqlite3.Connection
) -> None:
    store = pipeline(sqlite_url, spool_dir)
    for n in (1, 2, 3):
        store.process_item(story(n))
    assert [spool.decode(line).article.url for line in spooled_lines(spool_dir)] == [story(n).url for n in (1, 2, 3)]
    write_lock.execute("ROLLBACK")
    store.close_spider()
    assert counts(sqlite_url) == (3, 3)
    assert spool.spool_files(spool_dir) == []


def test_spool_left_at_close_is_stored_once_by_db_replay(
    sqlite_url: str, spool_dir: Path, write_lock: sqlite3.Connection
) -> None:
    store = pipeline(sqlite_url, spool_dir)
    store.process_item(story(1))
    store.close_spider()  # still locked: the item stays on disk
    assert len(spooled_lines(spool_dir)) == 1
    status, out, err = replay_cli(sqlite_url, spool_dir)
    assert status == 1
    assert "the database is still unavailable (database is locked); 1 items wait in" in err
    write_lock.execute("ROLLBACK")
    status, out, err = replay_cli(sqlite_url, spool_dir)
    assert (status, out) == (0, f"new: {story(1).url}\n")
    assert counts(sqlite_url) == (1, 1)
    assert replay_cli(sqlite_url, spool_dir)[1] == ""  # nothing left
    assert counts(sqlite_url) == (1, 1)


def test_article_dedupe_could_not_check_is_spooled_and_checked_on_replay(sqlite_url: str, spool_dir: Path) -> None:
    dedupe, store = pipelines(sqlite_url, spool_dir)
    original = story(1)
    store.process_item(original)
    copy = NormalizePipeline().process_item(story(2, body_text=original.body_text, headline="  Story   2 "))
    with locked(sqlite_url), pytest.raises(OperationalError, match="database is locked"):
        dedupe.process_item(copy)  # dedupe cannot lock the text: it spools the item itself, and Scrapy gets the error
    [line] = spooled_lines(spool_dir)
    assert spool.decode(line).checked is False
    assert spool.decode(line).article.headline == "Story 2"  # as normalised before dedupe
    store.close_spider()
    with upgraded_sessions(sqlite_url)() as session:
        duplicate = session.scalars(select(models.Duplicate)).one()
    assert duplicate.canonical_url == copy.canonical_url
    assert counts(sqlite_url) == (1, 1)


def test_a_url_variant_dedupe_could_not_check_updates_the_stored_row_on_replay(
    sqlite_url: str, spool_dir: Path
) -> None:
    dedupe, store = pipelines(sqlite_url, spool_dir)
    original = story(1)
    store.process_item(original)
    with upgraded_sessions(sqlite_url).begin() as session:  # as the story pipeline files it
        session.execute(update(models.Article).values(url_key=url_key(original.canonical_url)))
    variant = original.canonical_url.replace("https://www.", "http://")
    with locked(sqlite_url), pytest.raises(OperationalError, match="database is locked"):
        dedupe.process_item(story(1, url=variant, canonical_url=variant, comment_count=9))
    store.close_spider()
    with upgraded_sessions(sqlite_url)() as session:
        row = session.scalars(select(models.Article)).one()
    assert (row.canonical_url, row.comment_count) == (original.canonical_url, 9)
    assert counts(sqlite_url) == (1, 2)  # one row, a snapshot per visit


def test_a_row_the_database_refuses_for_good_becomes_a_failure_not_a_retry(db_url: str, spool_dir: Path) -> None:
    file = Spool(spool_dir, "gamespot")
    file.append(SpooledItem(story(1, headline=None), datetime.now(UTC)))
    file.close()
    status, out, _ = replay_cli(db_url, spool_dir)
    assert status == 0
    assert out.startswith("refused (database refused the row: ")
    assert "headline" in out  # SQLite and PostgreSQL word the NOT NULL violation differently
    with upgraded_sessions(db_url)() as session:
        failure = session.scalars(select(models.Failure)).one()
    assert (failure.url, failure.stage) == (story(1).url, "store")
    assert spool.spool_files(spool_dir) == []


# --- crashes ------------------------------------------------------------------------------------------------

CHILD = textwrap.dedent(
    """
    import sys, time
    import newsbot.storage.db
    newsbot.storage.db.SQLITE_BUSY_TIMEOUT_MS = 200
    from scrapy.utils.test import get_crawler
    from newsbot.pipelines.store import StorePipeline
    sys.path.insert(0, "tests")  # as pytest does: the test module takes its article factory from conftest
    from test_spool import story

    crawler = get_crawler(settings_dict={"NEWSBOT_DATABASE_URL": sys.argv[1], "NEWSBOT_SPOOL_DIR": sys.argv[2]})
    crawler.stats.open_spider()
    StorePipeline.from_crawler(crawler).process_item(story(1))
    print("spooled", flush=True)
    time.sleep(120)  # killed long before this ends
    """
)


def test_killed_between_spool_and_replay_db_replay_stores_the_item_once(
    sqlite_url: str, spool_dir: Path, write_lock: sqlite3.Connection
) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, sqlite_url, str(spool_dir)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "spooled"
        status, _, _ = replay_cli(sqlite_url, spool_dir)
        assert status == 0
        assert counts(sqlite_url) == (0, 0), "a live crawl's spool file must be left alone"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        child.stdout.close()  # type: ignore[union-attr]
    assert child.returncode == -signal.SIGKILL
    write_lock.execute("ROLLBACK")
    status, out, _ = replay_cli(sqlite_url, spool_dir)
    assert (status, out) == (0, f"new: {story(1).url}\n")
    assert counts(sqlite_url) == (1, 1)


def test_replay_cut_short_after_storing_stores_nothing_twice(db_url: str, spool_dir: Path, tmp_path: Path) -> None:
    file = Spool(spool_dir, "gamespot")
    for n in (1, 2):
        file.append(SpooledItem(story(n), datetime.now(UTC)))
    assert file.path is not None
    saved = shutil.copy(file.path, tmp_path / "saved.jsonl")
    file.close()
    assert replay_cli(db_url, spool_dir)[1].splitlines() == [f"new: {story(n).url}" for n in (1, 2)]
    shutil.copy(saved, spool_dir / Path(saved).name)  # as if the process died before deleting the file
    status, out, _ = replay_cli(db_url, spool_dir)
    assert (status, out.splitlines()) == (0, [f"already stored: {story(n).url}" for n in (1, 2)])
    assert counts(db_url) == (2, 2)
    assert spool.spool_files(spool_dir) == []


def test_an_older_spooled_visit_never_overwrites_a_newer_one(db_url: str, spool_dir: Path) -> None:
    seen_before = datetime.now(UTC) - timedelta(hours=1)
    file = Spool(spool_dir, "gamespot")
    file.append(SpooledItem(story(1, headline="Old headline"), seen_before))
    file.close()
    store = pipeline(db_url, spool_dir / "other-run")
    store.process_item(story(1, headline="New headline"))
    assert replay_cli(db_url, spool_dir)[1] == f"already stored: {story(1).url}\n"
    with upgraded_sessions(db_url)() as session:
        assert session.scalars(select(models.Article.headline)).one() == "New headline"


def test_a_new_run_points_at_spool_files_earlier_runs_left(
    db_url: str, spool_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    file = Spool(spool_dir, "gamespot")
    file.append(SpooledItem(story(1), datetime.now(UTC)))
    file.close()
    store = pipeline(db_url, spool_dir)
    with caplog.at_level("WARNING", logger="newsbot.pipelines.store"):
        store.open_spider()
    assert f"1 spool files from earlier runs wait in {spool_dir}; run `newsbot db replay`" in caplog.text
    store.close_spider()
    assert len(spooled_lines(spool_dir)) == 1, "another run's file is left for db-replay"


# --- PostgreSQL outage --------------------------------------------------------------------------------------


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_postgresql_outage_spools_items_and_replays_them_once_when_it_is_back(db_url: str, spool_dir: Path) -> None:
    target = make_url(db_url)
    if target.get_backend_name() != "postgresql":
        pytest.skip("needs the PostgreSQL variant of db_url (tests/conftest.py)")
    from tcp_proxy import TcpProxy  # tests/tcp_proxy.py; here, as CHILD imports this module from the project root

    proxy = TcpProxy(target.host or "127.0.0.1", target.port or 5432)
    url = target.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    try:
        dedupe, store = pipelines(url, spool_dir)
        store.process_item(dedupe.process_item(story(1)))
        proxy.cut()
        with pytest.raises(OperationalError):  # dedupe asks first, so it meets the outage first: it spools the item
            dedupe.process_item(story(2))
        store.process_item(story(3))  # passed dedupe just before the outage
        assert store.stats.get_value("newsbot/spooled") == 2
        proxy.restore()
        store.process_item(dedupe.process_item(story(4)))
        store.close_spider()
    finally:
        proxy.close()
        newsbot.storage.db.dispose_engine(url)
    assert store.stats.get_value("newsbot/replayed") == 2
    assert counts(db_url) == (4, 4)
    with upgraded_sessions(db_url)() as session:
        urls = session.scalars(select(models.Article.url).order_by(models.Article.id)).all()
    assert urls == [story(n).url for n in (1, 2, 3, 4)]
    assert spool.spool_files(spool_dir) == []


def slow_crawl(site: SampleSite, database_url: str, spool_dir: Path, log: Path, *settings: str) -> subprocess.Popen:
    """A real ``scrapy crawl`` of the sample site, one page at a time: with the site's 0.25 s latency some 60 pages
    take 15 s, well past an outage of a few seconds. It logs to ``log``, a file: a full pipe would stall it."""
    command = [
        sys.executable, "-m", "scrapy", "crawl", "gamespot", "-a", f"base_url={site.base_url}",
        "-s", f"NEWSBOT_DATABASE_URL={database_url}", "-s", f"NEWSBOT_SPOOL_DIR={spool_dir}",
        "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=INFO", "-s", "CONCURRENT_REQUESTS=1",
    ]  # fmt: skip
    for setting in settings:
        command += ["-s", setting]
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
    with log.open("w") as sink:
        return subprocess.Popen(command, env=env, cwd=ROOT, stderr=sink, text=True)


def wait_for_an_article(db_url: str, crawl: subprocess.Popen) -> None:
    """Return once the crawl stored its first article; fail if it ended first."""
    deadline = time.monotonic() + 120
    while counts(db_url)[0] < 1 and crawl.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert crawl.poll() is None, "the crawl ended before the outage"


@pytest.mark.slow
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_postgresql_cut_mid_crawl_for_seconds_every_article_ends_up_stored_once(
    db_url: str, spool_dir: Path, tmp_path: Path
) -> None:
    """A real ``scrapy crawl`` whose PostgreSQL connection is cut for 3 s while pages keep arriving."""
    target = make_url(db_url)
    if target.get_backend_name() != "postgresql":
        pytest.skip("needs the PostgreSQL variant of db_url (tests/conftest.py)")
    manifest = json.loads((ROOT / "newsbot/samplesite/site/manifest.json").read_text())
    stored = sorted(p["path"] for p in manifest["pages"] if p["outcome"] == "stored")
    from tcp_proxy import TcpProxy  # tests/tcp_proxy.py; here, as CHILD imports this module from the project root

    proxy = TcpProxy(target.host or "127.0.0.1", target.port or 5432)
    proxied = target.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    try:
        with SampleSite(latency=0.25) as site:
            log = tmp_path / "crawl.log"
            crawl = slow_crawl(site, proxied, spool_dir, log)
            wait_for_an_article(db_url, crawl)
            proxy.cut()
            cut_at = counts(db_url)[0]
            time.sleep(3)
            assert counts(db_url)[0] == cut_at, "something was stored while the database was cut off"
            assert spool.spool_files(spool_dir), "nothing was spooled during the outage"
            proxy.restore()
            crawl.wait(timeout=300)
    finally:
        proxy.close()
    stderr = log.read_text()
    assert crawl.returncode == 0, stderr[-3000:]
    assert "database unavailable: spooling items to" in stderr
    # An article a pipeline failed on is named by its url and the error, not dumped whole into the log.
    assert "body_text=" not in stderr
    with upgraded_sessions(db_url)() as session:
        urls = session.scalars(select(models.Article.canonical_url)).all()
        run = session.scalars(select(models.CrawlRun)).one()
        store_failures = session.scalar(select(func.count()).where(models.Failure.stage == "store"))
    assert sorted(u.removeprefix("https://www.gamespot.com") for u in urls) == stored
    assert counts(db_url) == (len(stored), len(stored)), "one article row and one snapshot per article"
    assert run.finish_reason == "finished"
    assert run.stats["newsbot/spooled"] >= 1
    assert run.stats["newsbot/replayed"] == run.stats["newsbot/spooled"]
    assert store_failures == 0
    assert spool.spool_files(spool_dir) == []


PARTITION_SECONDS = 6


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_postgresql_partition_mid_crawl_downloads_go_on_and_every_article_is_stored_once(
    db_url: str, spool_dir: Path, tmp_path: Path
) -> None:
    """Unlike a server that is down (refused at once), a partition answers nothing: only timeouts tell. A real
    crawl writes through a proxy that goes silent for 6 s; the event loop must go on downloading meanwhile."""
    manifest = json.loads((ROOT / "newsbot/samplesite/site/manifest.json").read_text())
    stored = sorted(p["path"] for p in manifest["pages"] if p["outcome"] == "stored")
    from tcp_proxy import TcpProxy  # tests/tcp_proxy.py

    target = make_url(db_url)
    proxy = TcpProxy(target.host or "127.0.0.1", target.port or 5432)
    proxied = target.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    timeouts = ("NEWSBOT_DB_CONNECT_TIMEOUT=1", "NEWSBOT_DB_STATEMENT_TIMEOUT=1", "NEWSBOT_STORE_BATCH_SIZE=5")
    try:
        with SampleSite(latency=0.25) as site:
            log = tmp_path / "crawl.log"
            crawl = slow_crawl(site, proxied, spool_dir, log, *timeouts)
            wait_for_an_article(db_url, crawl)
            proxy.partition()
            served_before = len(site.requests())
            time.sleep(PARTITION_SECONDS)
            served_during = len(site.requests()) - served_before
            proxy.restore()
            crawl.wait(timeout=300)
    finally:
        proxy.close()
    stderr = log.read_text()
    # At 0.25 s a page, one at a time, a free event loop fetches some 20 pages in 6 s; a frozen one none or two.
    assert served_during >= PARTITION_SECONDS, f"only {served_during} pages fetched during the partition"
    assert crawl.returncode == 0, stderr[-3000:]
    with upgraded_sessions(db_url)() as session:
        urls = session.scalars(select(models.Article.canonical_url)).all()
        run = session.scalars(select(models.CrawlRun)).one()
        store_failures = session.scalar(select(func.count()).where(models.Failure.stage == "store"))
    assert sorted(u.removeprefix("https://www.gamespot.com") for u in urls) == stored
    assert run.stats["newsbot/spooled"] >= 1, "nothing met the partition"
    assert run.stats["newsbot/replayed"] == run.stats["newsbot/spooled"]
    assert store_failures == 0
    assert spool.spool_files(spool_dir) == []
