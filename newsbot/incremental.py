"""Spider middleware for incremental crawls: fetch new articles, revisit known ones only when they are due.

A stored article is revisited at the offsets of ``NEWSBOT_REVISIT_SCHEDULE`` after it was first seen (default
1 h, 6 h, 24 h, 3 d and 7 d), each once, with ``If-None-Match`` / ``If-Modified-Since`` from its last visit, so
an unchanged page costs a 304 and adds a comment snapshot without being parsed or stored again. Pages recorded as
copies of another article are not fetched again. Stats: ``newsbot/incremental/new``, ``.../revisits``,
``.../skipped``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import datetime, timedelta
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newsbot.clock import crawl_now
from newsbot.storage.bounds import Timeouts
from newsbot.storage.db import session_factory
from newsbot.storage.visits import KnownPage, known_pages

logger = logging.getLogger(__name__)

_OFFSET = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([mhd])\s*$")
_UNIT = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1)}


def parse_schedule(text: str) -> list[timedelta]:
    """Offsets such as ``"1h,6h,24h,3d,7d"``, sorted; ValueError names the accepted form."""
    offsets = []
    for part in text.split(","):
        match = _OFFSET.match(part)
        if not match:
            raise ValueError(f"NEWSBOT_REVISIT_SCHEDULE part {part!r}: use numbers with m, h or d, e.g. 1h,6h,24h,3d")
        offsets.append(float(match[1]) * _UNIT[match[2]])
    return sorted(offsets)


def is_due(page: KnownPage, now: datetime, offsets: list[timedelta]) -> bool:
    """True when a scheduled revisit time has come since the page was last seen."""
    return any(page.last_seen_at < page.first_seen_at + offset <= now for offset in offsets)


class IncrementalMiddleware:
    """Drop article requests that are not due; make due ones conditional."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.offsets = parse_schedule(crawler.settings.get("NEWSBOT_REVISIT_SCHEDULE"))
        self.sessions = session_factory(
            crawler.settings["NEWSBOT_DATABASE_URL"], Timeouts.from_settings(crawler.settings)
        )
        self.known: dict[str, KnownPage] = {}
        self.now = crawl_now(crawler.settings)
        # Feeds, sitemaps and listings name one article several times: decide (and count) each url once.
        self.decided: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalMiddleware:
        if not crawler.settings.getbool("NEWSBOT_INCREMENTAL_ENABLED"):
            raise NotConfigured("NEWSBOT_INCREMENTAL_ENABLED is off: every article is fetched")
        middleware = cls(crawler)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        return middleware

    def spider_opened(self, spider: Spider) -> None:
        source = getattr(spider, "site", spider.name)
        with self.sessions() as session:
            self.known = known_pages(session, source)
        due = sum(1 for page in self.known.values() if not page.duplicate and is_due(page, self.now, self.offsets))
        logger.info("%s: %d article pages known, %d due for a revisit", source, len(self.known), due)

    def process_spider_output(self, response: Any, result: Iterable[Any], spider: Spider = None) -> Iterator[Any]:
        for item in result:
            if self.keep(item):
                yield item

    async def process_spider_output_async(
        self, response: Any, result: AsyncIterator[Any], spider: Spider = None
    ) -> AsyncIterator[Any]:
        async for item in result:
            if self.keep(item):
                yield item

    def keep(self, item: Any) -> bool:
        """False for an article request that is not due; a due one gets its conditional headers."""
        if not isinstance(item, Request) or not item.meta.get("newsbot_article") or item.meta.get("newsbot_redirects"):
            return True
        decision = self.decided.get(item.url)
        if decision is None:
            decision = self.decided[item.url] = self.decide(item.url)
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value(f"newsbot/incremental/{decision}")
        if decision == "skipped":
            return False
        page = self.known.get(item.url)
        if page is not None:
            if page.etag:
                item.headers["If-None-Match"] = page.etag
            if page.last_modified:
                item.headers["If-Modified-Since"] = page.last_modified
        return True

    def decide(self, url: str) -> str:
        """ "new" (never stored), "revisits" (stored and due) or "skipped" (stored, not due, or a known copy)."""
        page = self.known.get(url)
        if page is None:
            return "new"
        if page.duplicate or not is_due(page, self.now, self.offsets):
            return "skipped"
        return "revisits"
