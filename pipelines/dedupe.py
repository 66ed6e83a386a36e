"""Spot an article whose text is already stored under another url and record it as a duplicate.

The earlier-published copy is the original, whatever order the crawl met them in: when the original arrives after
its copy, the copy's row moves to the original's url and the copy's url is recorded as the duplicate. The same
canonical url is not a duplicate: the store pipeline updates its row.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler

from newsbot.items import Article
from newsbot.storage import repository
from newsbot.storage.db import session_factory
from newsbot.storage.fingerprint import content_hash
from pipelines.drops import Duplicate

logger = logging.getLogger(__name__)


class DedupePipeline:
    """Drop same-text articles at new urls after noting them in the ``duplicates`` table."""

    def __init__(self, crawler: Crawler, database_url: str) -> None:
        self.stats = crawler.stats
        self.sessions = session_factory(database_url)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        return cls(crawler, crawler.settings["NEWSBOT_DATABASE_URL"])

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if not isinstance(item, Article):
            return item
        digest = content_hash(item.body_text)
        with self.sessions.begin() as session:
            stored = repository.find_same_text(session, digest, item.canonical_url)
            if stored is None:
                return item
            takes_over = is_earlier(item, stored)
            copy_canonical, copy_url = (
                (stored.canonical_url, stored.url) if takes_over else (item.canonical_url, item.url)
            )
            repository.record_duplicate(
                session, canonical_url=copy_canonical, url=copy_url, duplicate_of=stored.id, digest=digest
            )
            if takes_over:
                repository.adopt_url(session, stored.id, canonical_url=item.canonical_url, url=item.url)
        self.stats.inc_value("newsbot/duplicates")
        if takes_over:
            logger.info("%s is the original of %s; it takes over the copy's row", item.url, stored.url)
            return item
        raise Duplicate(item.url, stored.canonical_url)


def is_earlier(article: Article, stored: repository.StoredCopy) -> bool:
    """True when ``article`` was published before the stored copy (unknown dates never win)."""
    if article.published_at is None or stored.published_at is None:
        return False
    return article.published_at < stored.published_at
