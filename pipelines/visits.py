"""Record page visits: a 304 revisit adds a comment snapshot; a 200 fetch stores the page's HTTP validators.

Validators are only read by the next run's revisits, so they are saved in batches (one statement per
``VALIDATOR_BATCH`` pages, and at the close) rather than one transaction per page.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from sqlalchemy.exc import SQLAlchemyError

from newsbot.clock import crawl_now
from newsbot.items import PageVisit
from newsbot.storage.bounds import Timeouts
from newsbot.storage.db import session_factory
from newsbot.storage.errors import is_transient
from newsbot.storage.visits import record_not_modified, store_validators

logger = logging.getLogger(__name__)

#: Fetched pages whose validators are saved together.
VALIDATOR_BATCH = 100


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
        self.sessions = session_factory(database_url, Timeouts.from_settings(crawler.settings))
        self.validators: list[PageVisit] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> VisitPipeline:
        return cls(crawler, crawler.settings["NEWSBOT_DATABASE_URL"])

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if not isinstance(item, PageVisit):
            return item
        if item.status != 304:
            self.validators.append(item)
            if len(self.validators) >= VALIDATOR_BATCH:
                self.flush()
            raise Recorded(item.url, "validators")
        run_id = self.stats.get_value("newsbot/crawl_run_id")
        try:
            with self.sessions.begin() as session:
                known = record_not_modified(session, item, now=crawl_now(self.crawler.settings), crawl_run_id=run_id)
        except SQLAlchemyError as exc:
            self._unavailable(exc, 1)
            raise Recorded(item.url, "not recorded (database unavailable)") from exc
        if not known:
            self.stats.inc_value("newsbot/visits/unknown")
            raise Recorded(item.url, "304 for a page with no article row")
        self.stats.inc_value("newsbot/visits/not_modified")
        self.stats.inc_value("newsbot/articles/unchanged")
        raise Recorded(item.url, "not modified")

    def flush(self) -> None:
        """Save the validators waiting in the batch."""
        batch, self.validators = self.validators, []
        try:
            with self.sessions.begin() as session:
                store_validators(session, batch)
        except SQLAlchemyError as exc:
            self._unavailable(exc, len(batch))
            return
        self.stats.inc_value("newsbot/visits/validators", len(batch))

    def close_spider(self, spider: Any = None) -> None:
        self.flush()

    def _unavailable(self, exc: SQLAlchemyError, visits: int) -> None:
        if not is_transient(exc):
            raise exc
        # A visit is a comment-count data point or a cache hint; losing one leaves a gap, not a lost article.
        self.stats.inc_value("newsbot/visits/unrecorded", visits)
        logger.warning("%d visit(s) not recorded: database unavailable (%s)", visits, exc)
