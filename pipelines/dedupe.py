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

from newsbot.pipelines.batching import Batch
from newsbot.pipelines.drops import Duplicate
from scrapy.crawler import Crawler
from sqlalchemy.exc import SQLAlchemyError

from newsbot.items import Article
from newsbot.storage import repository, same_text
from newsbot.storage.errors import is_transient
from newsbot.storage.fingerprint import content_hash
from newsbot.storage.service import DatabaseService
from newsbot.urls import url_key

logger = logging.getLogger(__name__)


class DedupePipeline:
    """Point url variants at their stored row; drop same-text articles at new urls after noting them in ``duplicates``.

    Articles are looked at in batches (``NEWSBOT_STORE_BATCH_SIZE`` / ``_SECONDS``, as the store pipeline writes
    them): one transaction reads the url keys and stored texts of the lot, and settles the few whose text is stored
    at another url. Stats: ``newsbot/url_variants``, ``newsbot/duplicates``.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.database = DatabaseService.of(crawler)
        self.sessions = self.database.sessions
        self.batch: Batch[Article] = Batch.of_crawl(crawler, self._decide)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        return cls(crawler)

    def process_item(self, item: Any, spider: Any = None) -> Any:
        """The item, or its stored row's url form; an awaitable of it when batching."""
        if not isinstance(item, Article):
            return item
        return self.batch.submit(item)

    def close_spider(self, spider: Any = None) -> Any:
        """Write the last batch; an awaitable of that when it is written in the database thread."""
        self.batch.flush()
        return self.batch.after(lambda: None)

    def _decide(self, articles: list[Article]) -> list[Any]:
        """Per article, in order: the article to pass on (maybe under its stored url form) or the drop to raise.

        When the database does not answer, the articles go to the run's spool, to be compared when it is replayed,
        and each raises the error: the stages after this one never see them, the ledger counts them as waiting.
        """
        try:
            return self._compare(articles)
        except SQLAlchemyError as exc:
            if not is_transient(exc):
                raise
            logger.debug("cannot compare %d articles now (%s); spooling them", len(articles), exc)
            for article in articles:
                self.database.spool_entry(self.database.entry(article, checked=False))
            return [exc] * len(articles)

    def _compare(self, articles: list[Article]) -> list[Any]:
        digests = [content_hash(a.body_text) for a in articles]
        keys = [url_key(a.canonical_url) for a in articles]
        outcomes: list[Any] = []
        with self.sessions.begin() as session:
            known = repository.articles_with_url_keys(session, keys)
            same_text.lock_texts(session, digests)
            stored = repository.texts_stored_at(session, digests)
            for item, digest, key in zip(articles, digests, keys, strict=True):
                held = known.get(key)
                if held is not None and held != item.canonical_url:
                    logger.debug("%s is stored as %s", item.canonical_url, held)
                    self.stats.inc_value("newsbot/url_variants")
                    item = replace(item, canonical_url=held)
                if not stored.get(digest, set()) - {item.canonical_url}:
                    outcomes.append(item)  # no other url holds this text
                    continue
                settled = same_text.settle(session, item, digest)
                if settled is None:
                    outcomes.append(item)
                    continue
                self.stats.inc_value("newsbot/duplicates")
                if settled.outcome == "original":
                    logger.info("%s is the original of %s; it takes over the copy's row", item.url, settled.stored.url)
                    outcomes.append(item)
                else:
                    outcomes.append(Duplicate(item.url, settled.stored.canonical_url))
                # What settle wrote moves the text: later articles of the batch look at it afresh.
                stored = repository.texts_stored_at(session, digests)
        return outcomes
