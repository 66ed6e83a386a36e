"""The run recorder keeps failure rows and the run's row when the database is locked for a while."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from conftest import upgraded_sessions
from newsbot.pipelines.drops import Rejected
from scrapy import Spider
from scrapy.utils.test import get_crawler
from sqlalchemy import select

import newsbot.storage.db
from newsbot.extensions.runlog import CrawlRunRecorder
from newsbot.items import PageFailure
from newsbot.storage import models

FAILURE = PageFailure("https://www.gamespot.com/articles/a/1100-1/", "parse", "no headline")


def open_recorder(db_url: str) -> tuple[CrawlRunRecorder, Spider]:
    """A run recorder on ``db_url`` whose run has started, and the spider it records."""
    crawler = get_crawler(Spider, settings_dict={"NEWSBOT_DATABASE_URL": db_url, "NEWSBOT_RUNLOG_ENABLED": True})
    crawler.stats.open_spider()
    recorder = CrawlRunRecorder(crawler)
    spider = Spider(name="gamespot")
    recorder.spider_opened(spider)
    return recorder, spider


def test_failures_met_while_the_database_is_locked_are_written_once_it_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(newsbot.storage.db, "SQLITE_BUSY_TIMEOUT_MS", 100)
    path = tmp_path / "locked.db"
    db_url = f"sqlite:///{path}"
    recorder, spider = open_recorder(db_url)
    lock = sqlite3.connect(path)
    lock.execute("BEGIN IMMEDIATE")  # another writer holds the database
    failure = FAILURE
    recorder.item_dropped(failure, None, Rejected(failure.url, failure.stage, failure.reason), spider)
    assert len(recorder.pending) == 1
    lock.rollback()
    lock.close()
    asyncio.run(recorder.spider_closed(spider, "finished"))
    with upgraded_sessions(db_url)() as session:
        rows = session.execute(select(models.Failure.url, models.Failure.reason, models.Failure.crawl_run_id)).all()
        run = session.execute(select(models.CrawlRun)).scalar_one()
    assert rows == [(failure.url, "no headline", run.id)]
    assert run.finish_reason == "finished"
    assert recorder.pending == []


def test_on_the_event_loop_a_failure_row_is_written_in_the_database_thread_not_on_the_loop(tmp_path: Path) -> None:
    """A locked (or partitioned) database must not hold the event loop while a failure row waits to be written."""
    db_url = f"sqlite:///{tmp_path / 'locked.db'}"
    recorder, spider = open_recorder(db_url)
    failure = FAILURE

    async def crawl() -> tuple[list, bool]:
        lock = sqlite3.connect(tmp_path / "locked.db")
        lock.execute("BEGIN IMMEDIATE")  # another writer holds the database
        recorder.item_dropped(failure, None, Rejected(failure.url, failure.stage, failure.reason), spider)
        handed_over = list(recorder.pending)  # on the loop: nothing was written or kept here, it went to the thread
        lock.rollback()
        lock.close()
        await recorder.spider_closed(spider, "finished")
        return handed_over, True

    handed_over, _ = asyncio.run(crawl())
    assert handed_over == []
    with upgraded_sessions(db_url)() as session:
        rows = session.execute(select(models.Failure.url, models.Failure.reason)).all()
    assert rows == [(failure.url, "no headline")]
