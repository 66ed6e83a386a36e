"""The crawl's database service (newsbot/storage/service.py): one per crawler, shared by every component, and the
one place a crawl migrates its database."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from newsbot.pipelines.dedupe import DedupePipeline
from newsbot.pipelines.store import StorePipeline
from scrapy.utils.test import get_crawler
from sqlalchemy import inspect, make_url

from newsbot.extensions.runlog import CrawlRunRecorder
from newsbot.extensions.visits import VisitRecorder
from newsbot.spidermiddlewares.incremental import IncrementalMiddleware
from newsbot.storage import migrations
from newsbot.storage.service import DatabaseService


def test_a_crawl_upgrades_its_empty_database_once_at_its_start_and_says_so(
    db_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = {
        "NEWSBOT_DATABASE_URL": db_url,
        "NEWSBOT_SPOOL_DIR": str(tmp_path),
        "NEWSBOT_RUNLOG_ENABLED": True,
        "NEWSBOT_INCREMENTAL_ENABLED": True,
        "NEWSBOT_REVISIT_SCHEDULE": "1h",
    }
    crawler = get_crawler(settings_dict=settings)
    crawler.stats.open_spider()
    with caplog.at_level(logging.INFO, logger="newsbot.storage.db"):
        components = [
            DedupePipeline.from_crawler(crawler),
            StorePipeline.from_crawler(crawler),
            IncrementalMiddleware.from_crawler(crawler),
            CrawlRunRecorder.from_crawler(crawler),
            VisitRecorder.from_crawler(crawler),
        ]
    shown = make_url(db_url).render_as_string(hide_password=True)
    assert [record.getMessage() for record in caplog.records] == [
        f"database {shown} upgraded from revision none to {migrations.head()}"
    ]
    service = DatabaseService.of(crawler)
    assert {id(component.sessions) for component in components} == {id(service.sessions)}, "one session factory"
    assert "articles" in inspect(service.engine).get_table_names()
    service.thread.shutdown()


def test_each_crawler_has_its_own_service(db_url: str) -> None:
    first, second = (get_crawler(settings_dict={"NEWSBOT_DATABASE_URL": db_url}) for _ in range(2))
    assert DatabaseService.of(first) is DatabaseService.of(first)
    assert DatabaseService.of(first) is not DatabaseService.of(second)
    assert DatabaseService.of(first).thread is not DatabaseService.of(second).thread
