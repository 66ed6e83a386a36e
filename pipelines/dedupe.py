"""Recognise an article that is stored already: under another form of its url, or as the same text at another url.

Another form of a stored article's url (http/https, ``www.``/``m.``/``amp.``, AMP paths, tracking parameters,
query order, a trailing slash: one ``newsbot.urls.url_key``) takes the stored row's canonical url, so the store
pipeline updates that row instead of adding one.

The same text (content hash) at another url is a duplicate: recorded in ``duplicates`` with the site that ran it,
and dropped. The earlier-published copy is the original, whatever order the crawl met them in: when the original
arrives after its copy, the copy's row moves to the original's url and the copy's url is recorded as the duplicate.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from scrapy.crawler import Crawler

from newsbot.items import Article
from newsbot.storage import repository, same_text
from newsbot.storage.db import session_factory
from newsbot.storage.fingerprint import content_hash
from newsbot.urls import url_key
from pipelines.drops import Duplicate

logger = logging.getLogger(__name__)


class DedupePipeline:
    """Point url variants at their stored row; drop same-text articles at new urls after noting them in ``duplicates``.

    Stats: ``newsbot/url_variants``, ``newsbot/duplicates``.
    """

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
            known = repository.article_with_url_key(session, url_key(item.canonical_url))
            if known is not None and known[1] != item.canonical_url:
                logger.debug("%s is stored as %s", item.canonical_url, known[1])
                self.stats.inc_value("newsbot/url_variants")
                item = replace(item, canonical_url=known[1])
            same_text.lock_text(session, digest)
            settled = same_text.settle(session, item, digest)
            if settled is None:
                return item
        self.stats.inc_value("newsbot/duplicates")
        if settled.outcome == "original":
            logger.info("%s is the original of %s; it takes over the copy's row", item.url, settled.stored.url)
            return item
        raise Duplicate(item.url, settled.stored.canonical_url)
