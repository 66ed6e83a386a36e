"""Record page visits: a 304 revisit adds a comment snapshot; a 200 fetch stores the page's HTTP validators."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from sqlalchemy.exc import SQLAlchemyError

from newsbot.clock import crawl_now
from newsbot.items import PageVisit
from newsbot.spool import is_transient
from newsbot.storage.db import session_factory
from newsbot.storage.visits import record_visit

logger = logging.getLogger(__name__)


class Recorded(DropItem):
    """A visit whose whole job was a database write: done, and not an item for feed exports."""

    records_failure = False

    def __init__(self, url: str, what: str) -> None:
        super().__init__(f"{url}: {what}", log_level="DEBUG")


class VisitPipeline:
    """Write each PageVisit; a 304 counts as an unchanged article in the stats."""

    def __init__(self, crawler: Crawler, database_url: str) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.sessions = session_factory(database_url)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> VisitPipeline:
        return cls(crawler, crawler.settings["NEWSBOT_DATABASE_URL"])

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if not isinstance(item, PageVisit):
            return item
        run_id = self.stats.get_value("newsbot/crawl_run_id")
        try:
            with self.sessions.begin() as session:
                outcome = record_visit(session, item, now=crawl_now(self.crawler.settings), crawl_run_id=run_id)
        except SQLAlchemyError as exc:
            if not is_transient(exc):
                raise
            # A visit is a comment-count data point; losing one leaves a gap in a time series, not a lost article.
            self.stats.inc_value("newsbot/visits/unrecorded")
            logger.warning("visit of %s not recorded: database unavailable (%s)", item.url, exc)
            raise Recorded(item.url, "not recorded (database unavailable)") from exc
        self.stats.inc_value(f"newsbot/visits/{outcome}")
        if outcome == "not_modified":
            self.stats.inc_value("newsbot/articles/unchanged")
        raise Recorded(item.url, outcome)
