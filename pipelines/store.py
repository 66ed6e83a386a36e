"""Write articles to the database: one transaction per article, children and a comment snapshot included."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from sqlalchemy.exc import IntegrityError

from newsbot.items import Article
from newsbot.storage import repository
from newsbot.storage.db import session_factory
from pipelines.drops import Rejected

logger = logging.getLogger(__name__)


class StorePipeline:
    """Upsert each article by canonical url; count new, changed and unchanged pages in the stats."""

    def __init__(self, crawler: Crawler, database_url: str) -> None:
        self.stats = crawler.stats
        self.sessions = session_factory(database_url)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler, crawler.settings["NEWSBOT_DATABASE_URL"])

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if not isinstance(item, Article):
            return item
        run_id = self.stats.get_value("newsbot/crawl_run_id")
        try:
            with self.sessions.begin() as session:
                result = repository.store_article(session, item, crawl_run_id=run_id)
        except IntegrityError as exc:
            # The item itself breaks a constraint: storing it again would fail the same way.
            raise Rejected(item.url, "store", f"database refused the row: {exc.orig}") from exc
        self.stats.inc_value(f"newsbot/articles/{result.status}")
        logger.debug("stored %s (%s, id %d)", item.url, result.status, result.article_id)
        return item
