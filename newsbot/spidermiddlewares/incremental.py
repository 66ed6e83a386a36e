"""Spider middleware for incremental crawls: fetch new articles, revisit known ones only when they are due.

A stored article is revisited at the offsets of ``NEWSBOT_REVISIT_SCHEDULE`` after it was first seen (default
1 h, 6 h, 24 h, 3 d and 7 d), each once, with ``If-None-Match`` / ``If-Modified-Since`` from its last visit, so
an unchanged page costs a 304 and adds a comment snapshot without being parsed or stored again. Pages recorded as
copies of another article are not fetched again. Stats: ``newsbot/incremental/new``, ``.../revisits``,
``.../skipped``.

The article requests a page yields (a feed, a sitemap, a listing) are looked up together, ``LOOKUP_BATCH`` urls per
indexed query, in the crawl's database thread: memory does not grow with the database, and the event loop does not
wait on it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newsbot.clock import crawl_now
from newsbot.storage.service import DatabaseService
from newsbot.storage.visits import KnownPage, known_pages

logger = logging.getLogger(__name__)

_OFFSET = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([mhd])\s*$")
_UNIT = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1)}
#: Article requests of one page's output looked up in one query (a sitemap names up to 50,000).
LOOKUP_BATCH = 500


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
        database = DatabaseService.of(crawler)
        self.sessions = database.sessions
        self.thread = database.thread
        self.now = crawl_now(crawler.settings)
        # Feeds, sitemaps and listings name one article several times: decide (and count) each url once, and
        # keep the headers a revisit sends (a url and a short string each, for this run's urls only).
        self.decided: dict[str, str] = {}
        self.validators: dict[str, KnownPage] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalMiddleware:
        if not crawler.settings.getbool("NEWSBOT_INCREMENTAL_ENABLED"):
            raise NotConfigured("NEWSBOT_INCREMENTAL_ENABLED is off: every article is fetched")
        return cls(crawler)

    async def process_spider_output(
        self, response: Any, result: AsyncIterator[Any], spider: Spider = None
    ) -> AsyncIterator[Any]:
        held: list[Any] = []  # output in order, from the first article request not yet decided
        async for item in result:
            if held or self._undecided(item):
                held.append(item)
                if len(held) >= LOOKUP_BATCH:
                    for kept in await self._decide(held):
                        yield kept
                    held = []
            elif self.keep(item):
                yield item
        if held:
            for kept in await self._decide(held):
                yield kept

    def _undecided(self, item: Any) -> bool:
        return _is_article_request(item) and item.url not in self.decided

    async def _decide(self, items: list[Any]) -> list[Any]:
        """``items`` without the article requests that are not due, after one lookup of the undecided ones."""
        urls = list(dict.fromkeys(item.url for item in items if self._undecided(item)))
        if urls:
            spider = self.crawler.spider
            source = getattr(spider, "site", None) or getattr(spider, "name", "")
            known = await self.thread.run(lambda: self._lookup(source, urls))
            assert self.crawler.stats is not None
            for url in urls:
                if url in self.decided:  # by another page's output while this one waited for its lookup
                    continue
                decision = self.decided[url] = _decision(known.get(url), self.now, self.offsets)
                self.crawler.stats.inc_value(f"newsbot/incremental/{decision}")
                if decision == "revisits":
                    self.validators[url] = known[url]
        return [item for item in items if self.keep(item)]

    def _lookup(self, source: str, urls: list[str]) -> dict[str, KnownPage]:
        with self.sessions() as session:
            return known_pages(session, source, urls)

    def keep(self, item: Any) -> bool:
        """False for an article request decided not due; a due one gets its conditional headers."""
        if not _is_article_request(item):
            return True
        decision = self.decided[item.url]
        if decision == "skipped":
            return False
        # Every request of a revisited url gets its headers, not only the first: two pages can name one article, and
        # the request the dupefilter keeps is the one scheduled first, not the one decided first.
        page = self.validators.get(item.url)
        if page is not None:
            if page.etag:
                item.headers["If-None-Match"] = page.etag
            if page.last_modified:
                item.headers["If-Modified-Since"] = page.last_modified
        return True


def _is_article_request(item: Any) -> bool:
    return (
        isinstance(item, Request) and bool(item.meta.get("newsbot_article")) and not item.meta.get("newsbot_redirects")
    )


def _decision(page: KnownPage | None, now: datetime, offsets: list[timedelta]) -> str:
    """ "new" (never stored), "revisits" (stored and due) or "skipped" (stored, not due, or a known copy)."""
    if page is None:
        return "new"
    if page.duplicate or not is_due(page, now, offsets):
        return "skipped"
    return "revisits"
