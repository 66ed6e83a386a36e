"""Spot an article whose text is already stored under another url and record it as a duplicate.

The same canonical url is not a duplicate: the store pipeline updates its row.
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
            original = repository.find_same_text(session, digest, item.canonical_url)
            if original is None:
                return item
            original_id, original_url = original
            repository.record_duplicate(
                session,
                canonical_url=item.canonical_url,
                url=item.url,
                duplicate_of=original_id,
                digest=digest,
            )
        self.stats.inc_value("newsbot/duplicates")
        raise Duplicate(item.url, original_url)
