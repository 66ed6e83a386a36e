"""Scrapy extension that writes the run to the database: a ``crawl_runs`` row and a ``failures`` row per drop.

Log line when a page is refused (the reason names the url, the field and what was tried)::

    WARNING: Dropped [parse] https://.../1100-6999001/: no headline (tried ...); add a fixture for this layout
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.logformatter import LogFormatter, LogFormatterResult
from sqlalchemy.exc import SQLAlchemyError

from newsbot.event_loop import on_asyncio
from newsbot.storage import runs
from newsbot.storage.errors import is_transient
from newsbot.storage.service import DatabaseService

logger = logging.getLogger(__name__)

#: Database errors that may pass: connection lost, server down, SQLite locked past its busy timeout.


class CrawlRunRecorder:
    """Record each run and each refused page; the stats key ``newsbot/crawl_run_id`` holds the run's id."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.database = DatabaseService.of(crawler)
        self.sessions = self.database.sessions
        self.run_id: int | None = None
        # Failures the database could not take yet (it was down or locked): written with the next one, or at close.
        self.pending: list[dict[str, Any]] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlRunRecorder:
        if not crawler.settings.getbool("NEWSBOT_RUNLOG_ENABLED"):
            raise NotConfigured("NEWSBOT_RUNLOG_ENABLED is off")
        recorder = cls(crawler)
        crawler.signals.connect(recorder.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(recorder.item_dropped, signal=signals.item_dropped)
        return recorder

    def spider_opened(self, spider: Spider) -> None:
        try:
            with self.sessions.begin() as session:
                self.run_id = runs.start_run(session, site_of(spider))
        except SQLAlchemyError as exc:
            if not is_transient(exc):
                raise
            logger.warning("cannot record the run's start (database unavailable: %s); trying again at its end", exc)
            return
        assert self.crawler.stats is not None
        self.crawler.stats.set_value("newsbot/crawl_run_id", self.run_id)

    def item_dropped(self, item: Any, response: Any, exception: BaseException, spider: Spider) -> None:
        if not getattr(exception, "records_failure", True):
            return
        url = getattr(exception, "url", None) or getattr(item, "url", "") or ""
        stage = getattr(exception, "stage", "pipeline")
        reason = getattr(exception, "reason", None) or str(exception)
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("newsbot/failures")
        self.crawler.stats.inc_value(f"newsbot/failures/{stage}")
        self.pending.append({"url": url, "stage": stage, "reason": reason})
        if not on_asyncio():
            self.flush()
            return
        # In the crawl's database thread, after the batches handed over before: a slow or partitioned database
        # must not stall the event loop (downloads, frontier heartbeats) while a failure row is written.
        batch, self.pending = self.pending, []
        future = self.database.thread.run(lambda: self._write(batch))
        future.add_done_callback(lambda done: self._written(batch, done))

    def _write(self, failures: list[dict[str, Any]]) -> None:
        with self.sessions.begin() as session:
            for failure in failures:
                runs.record_failure(session, **failure, crawl_run_id=self.run_id)

    def _written(self, batch: list[dict[str, Any]], done: Any) -> None:
        """Keep a batch the database did not take for the next write (or the log at close)."""
        exc = None if done.cancelled() else done.exception()
        if exc is not None:
            logger.warning("%d failure row(s) wait for the database (%s)", len(batch), exc)
            self.pending[:0] = batch

    def flush(self) -> bool:
        """Write the pending failures; False (keeping them) when the database cannot take them now."""
        try:
            self._write(self.pending)
        except SQLAlchemyError as exc:
            if not is_transient(exc):
                logger.error("cannot record %d failure row(s): %s", len(self.pending), exc)
                return False
            logger.warning("%d failure row(s) wait for the database (%s)", len(self.pending), exc)
            return False
        self.pending.clear()
        return True

    async def spider_closed(self, spider: Spider, reason: str) -> None:
        if on_asyncio():
            await self.database.thread.idle()  # the failure rows handed over are written, or back here
        assert self.crawler.stats is not None
        stats = self.crawler.stats.get_stats()
        try:
            with self.sessions.begin() as session:
                if self.run_id is None:
                    self.run_id = runs.start_run(session, site_of(spider), stats.get("start_time"))
                runs.finish_run(session, self.run_id, reason=reason, stats=stats)
        except SQLAlchemyError as exc:
            if not is_transient(exc):
                raise
            logger.error("cannot record run of %s in crawl_runs (database unavailable: %s)", site_of(spider), exc)
        if not self.flush():
            # The log is the record of last resort: one line per failure the database never took.
            for failure in self.pending:
                logger.error("unrecorded failure [%(stage)s] %(url)s: %(reason)s", failure)


def site_of(spider: Spider) -> str:
    """The site a run crawls: the profile spider crawls many, each run one (``crawl_runs.spider`` holds it)."""
    return getattr(spider, "site", None) or spider.name


class DropReasonFormatter(LogFormatter):
    """Log a dropped item as one line with its stage and reason, and an item a pipeline failed on by its url and
    the error, instead of dumping the whole article (a database outage fails every article of a batch)."""

    def item_error(self, item: Any, exception: BaseException, response: Any, spider: Spider) -> LogFormatterResult:
        result = super().item_error(item, exception, response, spider)
        return {
            "level": result["level"],
            "msg": "Error processing %(url)s: %(error)s",
            "args": {"url": getattr(item, "url", None) or type(item).__name__, "error": _first_line(exception)},
        }

    def dropped(self, item: Any, exception: BaseException, response: Any, spider: Spider) -> LogFormatterResult:
        result = super().dropped(item, exception, response, spider)
        stage = getattr(exception, "stage", None)
        return {
            "level": result["level"],
            "msg": "Dropped [%(stage)s] %(exception)s" if stage else "Dropped: %(exception)s",
            "args": {"stage": stage, "exception": exception},
        }


def _first_line(exception: BaseException) -> str:
    text = str(exception).strip().splitlines()
    return f"{type(exception).__name__}: {text[0] if text else ''}"
