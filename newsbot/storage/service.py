"""One database service per crawl: the engine, sessions, bounds, database thread and spool its components share.

Scrapy hands a crawl's shared state to its components through the crawler (``crawler.stats``,
``crawler.signals``); ``DatabaseService.of(crawler)`` is that for the database. The first pipeline, middleware or
extension that asks makes it, and with it the crawl's start brings the schema up to date, once, logging the
revision; the others get the same object. It lives on the crawler rather than behind ``crawler.get_extension``
because a component built outside a crawl's start (a test or script driving one pipeline) has no extension manager.
"""

from __future__ import annotations

import logging
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_from_coro
from sqlalchemy.exc import SQLAlchemyError
from twisted.python.failure import Failure

from newsbot.clock import crawl_now
from newsbot.items import Article
from newsbot.paths import default_spool_dir
from newsbot.storage import db
from newsbot.storage.bounds import Timeouts
from newsbot.storage.errors import broken, is_broken
from newsbot.storage.spool import Spool, SpooledItem
from newsbot.storage.thread import DatabaseThread

logger = logging.getLogger(__name__)

_ATTRIBUTE = "newsbot_database"


class DatabaseService:
    """The crawl's database: ``sessions`` (bounded by ``timeouts``), the ``thread`` that runs database work in
    order off the event loop, and the run's ``spool`` for articles the database cannot take now."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        assert crawler.stats is not None
        self.crawler = crawler
        self.stopping = False
        self.stats = crawler.stats
        self.settings = settings
        self.url: str = settings["NEWSBOT_DATABASE_URL"]
        self.timeouts = Timeouts.from_settings(settings)
        self.engine = db.get_engine(self.url, self.timeouts)
        self.sessions = db.sessions_of(self.engine)
        self.thread = DatabaseThread()
        spool_dir = settings.get("NEWSBOT_SPOOL_DIR") or default_spool_dir()
        self.spool = Spool(Path(spool_dir), getattr(crawler.spidercls, "name", None) or "newsbot")

    @classmethod
    def of(cls, crawler: Crawler) -> DatabaseService:
        """The crawler's service: made (and the schema upgraded) by its first user, its thread shut down when the
        engine stops."""
        service = getattr(crawler, _ATTRIBUTE, None)
        if service is None:
            service = cls(crawler)
            db.upgrade(service.url, service.timeouts)
            setattr(crawler, _ATTRIBUTE, service)
            crawler.signals.connect(service.thread.shutdown, signal=signals.engine_stopped)
            crawler.signals.connect(service.item_error, signal=signals.item_error)
        return service

    def entry(self, article: Article, *, checked: bool = True) -> SpooledItem:
        """``article`` as seen now in this run: what the store writes, or the spool keeps (``checked``: dedupe
        compared it with what is stored)."""
        return SpooledItem(
            article,
            observed_at=crawl_now(self.settings),
            crawl_run_id=self.stats.get_value("newsbot/crawl_run_id"),
            checked=checked,
        )

    def spool_entry(self, entry: SpooledItem) -> None:
        """Keep ``entry`` in the run's spool until the database answers (stat ``newsbot/spooled``)."""
        self.spool.append(entry)
        self.stats.inc_value("newsbot/spooled")

    def item_error(self, failure: Failure) -> None:
        """Stop the crawl when a stage met a broken database: every later page would fail the same way."""
        if is_broken(failure.value):
            self.stop(failure.value)

    def stop(self, exc: BaseException) -> None:
        """Close the spider with reason ``database_error`` (``newsbot crawl`` then exits 1), once."""
        if self.stopping:
            return
        self.stopping = True
        logger.error("stopping the crawl: %s", exc if not isinstance(exc, SQLAlchemyError) else broken(exc))
        if self.crawler.engine is not None:
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="database_error"))
