"""Record page visits: a 304 revisit adds a comment snapshot; a 200 fetch stores the page's HTTP validators.

A visit is not an item: the spider hands it over with the ``page_visited`` signal (``hand_over``), so it never
passes the item pipelines nor counts in Scrapy's item stats. The article of a fetched page waits for its batch
(dedupe, store) while the visit does not: its row may not exist yet when the visit arrives. So validators wait here
until their row does: every ``VALIDATOR_BATCH`` fetched pages, when the spider is idle (every article written, so
the run's stats count them) and when it has closed (after the store pipeline replayed its spool), the waiting ones
are written onto the rows that exist, the rest wait on. A visit whose article was dropped (a duplicate, a refused
page) is forgotten. Only an article still in the spool when the run ends leaves its validators unsaved: its next
visit is a full download (stat ``newsbot/visits/validators_unsaved``).

A 304 is the whole outcome of its article url: the spider awaits its write, and the ledger learns the outcome
(``stored``, or ``unrecorded`` when the database could not take it) through ``ledger.page_settled``.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from sqlalchemy.exc import SQLAlchemyError

from newsbot.clock import crawl_now
from newsbot.event_loop import on_asyncio
from newsbot.extensions import ledger
from newsbot.items import Article, PageVisit
from newsbot.storage.errors import is_broken, is_transient
from newsbot.storage.service import DatabaseService
from newsbot.storage.visits import record_not_modified, store_validators

logger = logging.getLogger(__name__)

#: Signal: the spider fetched an article page (args: visit, response).
page_visited = object()

#: Fetched pages between two writes of the waiting validators.
VALIDATOR_BATCH = 100


async def hand_over(crawler: Crawler | None, visit: PageVisit, response: Response) -> None:
    """Hand ``visit`` to the crawl's visit recorder; returns once a 304 is written. A spider without a crawler
    (a test calling its callback) has nobody to hand it to."""
    if crawler is not None:
        await crawler.signals.send_catch_log_async(signal=page_visited, visit=visit, response=response)


class VisitRecorder:
    """Write each page visit; a 304 counts as an unchanged article in the stats."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.database = DatabaseService.of(crawler)
        self.sessions = self.database.sessions
        self.thread = self.database.thread
        self.waiting: dict[str, PageVisit] = {}  # fetched pages whose validators are on no row yet, by url
        self.fetched = 0  # since the last write

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> VisitRecorder:
        recorder = cls(crawler)
        crawler.signals.connect(recorder.page_visited, signal=page_visited)
        crawler.signals.connect(recorder.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(recorder.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        return recorder

    async def page_visited(self, visit: PageVisit, response: Response) -> None:
        """Keep a fetched page's validators for its row; write a 304 now and tell the ledger what became of it."""
        if visit.status != 304:
            self.waiting[visit.url] = visit
            self.fetched += 1
            if self.fetched >= VALIDATOR_BATCH:
                self.flush()
            return
        try:
            outcome = (
                await self.thread.run(lambda: self._not_modified(visit)) if on_asyncio() else self._not_modified(visit)
            )
        except Exception:
            ledger.page_settled(self.crawler, response, "failures/error")
            raise
        ledger.page_settled(self.crawler, response, outcome)

    def _not_modified(self, visit: PageVisit) -> str:
        """Note a 304 (in the database thread); its outcome for the ledger."""
        run_id = self.stats.get_value("newsbot/crawl_run_id")
        try:
            with self.sessions.begin() as session:
                known = record_not_modified(session, visit, now=crawl_now(self.crawler.settings), crawl_run_id=run_id)
        except SQLAlchemyError as exc:
            self._unavailable(exc, 1)
            return "unrecorded"
        if not known:
            self.stats.inc_value("newsbot/visits/unknown")
            logger.debug("%s: 304 for a page with no article row", visit.url)
            return "unrecorded"
        self.stats.inc_value("newsbot/visits/not_modified")
        self.stats.inc_value("newsbot/articles/unchanged")
        return "stored"

    def flush(self) -> Any:
        """Write the waiting validators whose rows exist; an awaitable when written in the database thread."""
        self.fetched = 0
        visits = list(self.waiting.values())
        if not visits:
            return None
        if not on_asyncio():
            return self._forget(visits, self._write(visits))
        done = self.thread.run(lambda: self._write(visits))
        done.add_done_callback(lambda future: future.exception() or self._forget(visits, future.result()))
        return done

    def _write(self, visits: list[PageVisit]) -> set[str]:
        """The urls among ``visits`` whose validators are now on their rows (none when the database is away)."""
        try:
            with self.sessions.begin() as session:
                saved = store_validators(session, visits)
        except SQLAlchemyError as exc:
            if not is_transient(exc):
                raise
            logger.debug("%d validators wait: database unavailable (%s)", len(visits), exc)
            return set()
        self.stats.inc_value("newsbot/visits/validators", len(saved))
        return saved

    def _forget(self, visits: list[PageVisit], saved: set[str]) -> None:
        for visit in visits:
            if visit.url in saved and self.waiting.get(visit.url) is visit:  # not a newer visit of the page
                del self.waiting[visit.url]

    def spider_idle(self, spider: Spider) -> None:
        self.flush()  # not awaited: the signal is sent synchronously, and the thread writes it in order anyway

    def item_dropped(self, item: Any, response: Any, exception: BaseException, spider: Spider) -> None:
        """An article dropped (a duplicate, a refused page) gets no row: its validators have nowhere to go."""
        if isinstance(item, Article):
            self.waiting.pop(item.url, None)

    async def spider_closed(self, spider: Spider) -> None:
        """Write what waits, now that the store pipeline has written (or replayed) every article it will."""
        flushed = self.flush()
        if flushed is not None:
            await flushed
        if self.waiting:
            self.stats.inc_value("newsbot/visits/validators_unsaved", len(self.waiting))
            logger.info("%d pages' validators not saved: their articles were not stored", len(self.waiting))
            self.waiting.clear()

    def _unavailable(self, exc: SQLAlchemyError, visits: int) -> None:
        if is_broken(exc):
            self.database.stop(exc)  # a signal handler's error is only logged: stop the crawl here
        if not is_transient(exc):
            raise exc
        # A visit is a comment-count data point or a cache hint; losing one leaves a gap, not a lost article.
        self.stats.inc_value("newsbot/visits/unrecorded", visits)
        logger.warning("%d visit(s) not recorded: database unavailable (%s)", visits, exc)
