"""GameSpot spider: discovers articles through feeds, sitemaps and the news listing, then calls the parser.

Article urls are recognised by their path alone, so the spider crawls any mirror of the site::

    scrapy crawl gamespot                                   # https://www.gamespot.com
    scrapy crawl gamespot -a base_url=http://127.0.0.1:8000  # the bundled sample site (newsbot demo)
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from newsbot import discovery
from newsbot.items import PageFailure
from newsbot.parsers import ParseError
from newsbot.parsers import gamespot as gamespot_parser
from newsbot.urls import host_of, strip_tracking

logger = logging.getLogger(__name__)

#: Typed-id content urls (1100 news, 1900 reviews, 2900 galleries) and WordPress-era /articles/<slug>/.
ARTICLE_PATH = re.compile(
    r"^/(?:articles|reviews|gallery)/[a-z0-9][a-z0-9-]*/(?:1100|1900|2900)-\d+/$|^/articles/[a-z0-9][a-z0-9-]*/$"
)
LISTING_PATH = "/news/"
FEED_PATHS = ("/feeds/news/", "/feeds/mashup/")
SITEMAP_PATHS = ("/sitemap_index.xml", "/news-sitemap.xml")


class GamespotSpider(Spider):
    """Crawl GameSpot (or a mirror given as ``-a base_url=...``) for news, reviews and galleries."""

    name = "gamespot"
    default_base_url = "https://www.gamespot.com"

    def __init__(self, base_url: str | None = None, max_listing_pages: int | str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.base_url = (base_url or self.default_base_url).rstrip("/")
        host = host_of(self.base_url)
        if not host or not self.base_url.startswith(("http://", "https://")):
            raise ValueError(f"base_url {base_url!r} is not an http(s) url; try -a base_url=https://host")
        self.allowed_domains = [host]
        self._max_listing_pages = int(max_listing_pages) if max_listing_pages is not None else None

    @property
    def max_listing_pages(self) -> int:
        if self._max_listing_pages is not None:
            return self._max_listing_pages
        return self.settings.getint("NEWSBOT_MAX_LISTING_PAGES")

    async def start(self) -> AsyncIterator[Request]:
        for path in FEED_PATHS:
            yield Request(self.base_url + path, callback=self.parse_feed, errback=self.discovery_failed)
        for path in SITEMAP_PATHS:
            yield Request(self.base_url + path, callback=self.parse_sitemap, errback=self.discovery_failed)
        yield Request(
            self.base_url + LISTING_PATH,
            callback=self.parse_listing,
            errback=self.discovery_failed,
            cb_kwargs={"page": 1},
        )

    # Discovery ---------------------------------------------------------------------------------------------

    def is_article_url(self, url: str) -> bool:
        """True for an on-site url whose path is an article, review or gallery page."""
        parts = urlsplit(url)
        return host_of(url) in self.allowed_domains and bool(ARTICLE_PATH.match(parts.path))

    def article_request(self, url: str) -> Request:
        return Request(strip_tracking(url), callback=self.parse_article, errback=self.article_failed)

    def _articles(self, urls: list[str]) -> Iterator[Request]:
        for url in urls:
            if self.is_article_url(url):
                yield self.article_request(url)

    def parse_feed(self, response: Response) -> Iterator[Request]:
        try:
            links = discovery.feed_links(response.body)
        except discovery.DiscoveryError as exc:
            self._discovery_error(response.url, exc)
            return
        yield from self._articles(links)

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        try:
            sitemap = discovery.parse_sitemap(response.body)
        except discovery.DiscoveryError as exc:
            self._discovery_error(response.url, exc)
            return
        if sitemap.is_index:
            for loc in sitemap.locs:
                if host_of(loc) in self.allowed_domains:
                    yield Request(loc, callback=self.parse_sitemap, errback=self.discovery_failed)
        else:
            yield from self._articles(sitemap.locs)

    def parse_listing(self, response: Response, page: int) -> Iterator[Request]:
        if not isinstance(response, TextResponse):
            return
        links = discovery.page_links(response.text, response.url)
        yield from self._articles(links)
        next_pages = sorted({n for n in map(self._listing_page, links) if n and n > page})
        if next_pages and next_pages[0] <= self.max_listing_pages:
            url = f"{self.base_url}{LISTING_PATH}?page={next_pages[0]}"
            yield Request(
                url,
                callback=self.parse_listing,
                errback=self.discovery_failed,
                cb_kwargs={"page": next_pages[0]},
            )

    def _listing_page(self, url: str) -> int | None:
        parts = urlsplit(url)
        if host_of(url) not in self.allowed_domains or parts.path != LISTING_PATH:
            return None
        values = parse_qs(parts.query).get("page", [])
        return int(values[0]) if values and values[0].isdigit() else None

    def _discovery_error(self, url: str, exc: Exception) -> None:
        self.crawler.stats.inc_value("newsbot/discovery_errors")
        logger.warning("cannot read %s: %s", url, exc)

    def discovery_failed(self, failure: Failure) -> None:
        if not failure.check(IgnoreRequest):
            self._discovery_error(failure.request.url, failure.value)

    # Articles ----------------------------------------------------------------------------------------------

    def parse_article(self, response: Response) -> Iterator[Any]:
        """Hand the page to the parser; a page it cannot read becomes a PageFailure, never a crash."""
        if not isinstance(response, TextResponse):
            content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
            yield PageFailure(response.url, "parse", f"not an HTML page (Content-Type {content_type!r})")
            return
        try:
            yield gamespot_parser.parse(response.url, response.text)
        except ParseError as exc:
            yield PageFailure(response.url, "parse", exc.reason)

    def article_failed(self, failure: Failure) -> Iterator[PageFailure]:
        """Record an article that could not be fetched (after retries); robots.txt and offsite drops are policy."""
        if failure.check(IgnoreRequest):
            return
        reason = failure.getErrorMessage() or failure.type.__name__
        response = getattr(failure.value, "response", None)
        if response is not None:
            reason = f"HTTP {response.status}"
        yield PageFailure(failure.request.url, "fetch", reason)
