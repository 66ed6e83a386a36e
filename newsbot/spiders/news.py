"""The profile-driven spider: crawls any site described by ``newsbot/profiles/<name>.toml``, no code per site.

Discovery comes from the profile (feeds, sitemaps, listings with their pagination); article urls are recognised by
their path alone, so the same profile crawls the real site or any mirror::

    scrapy crawl news -a profile=variety                                  # https://variety.com
    scrapy crawl news -a profile=variety -a base_url=http://127.0.0.1:8000  # the bundled sample site

The spider never reads article fields: it hands each page to the parser the profile names.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from newsbot import discovery
from newsbot.items import Article, PageFailure
from newsbot.parsers import ParseError
from newsbot.profiles import Listing, Profile, load_profile
from newsbot.urls import host_of, strip_tracking

logger = logging.getLogger(__name__)


class NewsSpider(Spider):
    """Crawl the site a profile describes (``-a profile=<name>``), optionally at ``-a base_url=<mirror>``."""

    name = "news"

    def __init__(
        self,
        profile: str | None = None,
        base_url: str | None = None,
        max_listing_pages: int | str | None = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        if not profile:
            raise ValueError("the news spider needs a profile: scrapy crawl news -a profile=variety")
        self.profile: Profile = load_profile(profile)
        self.parse_page = self.profile.parse_function()
        self.base_url = (base_url or self.profile.base_url).rstrip("/")
        host = host_of(self.base_url)
        if not host or not self.base_url.startswith(("http://", "https://")):
            raise ValueError(f"base_url {base_url!r} is not an http(s) url; try -a base_url=https://host")
        # A mirror is its own site: only its host is crawled, never the real one its pages link to.
        self.allowed_domains = [host] if base_url else sorted({host, *self.profile.allowed_domains})
        self._max_listing_pages = int(max_listing_pages) if max_listing_pages is not None else None

    @property
    def max_listing_pages(self) -> int:
        """Listing pages followed at most per listing (``-a max_listing_pages`` or NEWSBOT_MAX_LISTING_PAGES)."""
        if self._max_listing_pages is not None:
            return self._max_listing_pages
        return self.settings.getint("NEWSBOT_MAX_LISTING_PAGES")

    async def start(self) -> AsyncIterator[Request]:
        for path in self.profile.feeds:
            yield Request(self.base_url + path, callback=self.parse_feed, errback=self.discovery_failed)
        for path in self.profile.sitemaps:
            yield Request(self.base_url + path, callback=self.parse_sitemap, errback=self.discovery_failed)
        for listing in self.profile.listings:
            yield self.listing_request(listing, 1)

    # Discovery ---------------------------------------------------------------------------------------------

    def is_article_url(self, url: str) -> bool:
        """True for an on-site url whose path the profile's ``article_path`` matches."""
        return host_of(url) in self.allowed_domains and bool(self.profile.article_path.match(urlsplit(url).path))

    def article_request(self, url: str) -> Request:
        return Request(strip_tracking(url), callback=self.parse_article, errback=self.article_failed)

    def _articles(self, urls: list[str]) -> Iterator[Request]:
        for url in urls:
            if self.is_article_url(url):
                yield self.article_request(url)

    def parse_feed(self, response: Response) -> Iterator[Request | PageFailure]:
        try:
            links = discovery.feed_links(response.body)
        except discovery.DiscoveryError as exc:
            yield self._discovery_error(response.url, exc)
            return
        yield from self._articles(links)

    def parse_sitemap(self, response: Response, nested: bool = False) -> Iterator[Request | PageFailure]:
        try:
            sitemap = discovery.parse_sitemap(response.body)
        except discovery.DiscoveryError as exc:
            yield self._discovery_error(response.url, exc)
            return
        if sitemap.is_index and nested:
            # sitemaps.org allows one level of index; following deeper ones would let a site trap the crawl.
            yield self._discovery_error(response.url, "sitemap index inside a sitemap index; not followed")
        elif sitemap.is_index:
            for loc in sitemap.locs:
                if host_of(loc) in self.allowed_domains:
                    yield Request(
                        loc, callback=self.parse_sitemap, errback=self.discovery_failed, cb_kwargs={"nested": True}
                    )
        else:
            yield from self._articles(sitemap.locs)

    def listing_request(self, listing: Listing, number: int) -> Request:
        return Request(
            self.base_url + listing.page_path(number),
            callback=self.parse_listing,
            errback=self.discovery_failed,
            cb_kwargs={"listing": listing, "page": number},
        )

    def parse_listing(self, response: Response, listing: Listing, page: int) -> Iterator[Request | PageFailure]:
        if not isinstance(response, TextResponse):
            return
        try:
            links = discovery.page_links(response.text, response.url)
        except discovery.DiscoveryError as exc:
            yield self._discovery_error(response.url, exc)
            return
        yield from self._articles(links)
        on_site = [urlsplit(u).path for u in links if host_of(u) in self.allowed_domains]
        later = sorted({n for path in on_site if (n := listing.page_number(path)) and n > page})
        if later and later[0] > self.max_listing_pages:
            # An endless pager ends here instead of trapping the crawl.
            self.crawler.stats.inc_value("newsbot/listing_limit_reached")
            logger.info("%s links to page %d; NEWSBOT_MAX_LISTING_PAGES stops here", response.url, later[0])
        elif later:
            yield self.listing_request(listing, later[0])

    def _discovery_error(self, url: str, problem: Exception | str, stage: str = "parse") -> PageFailure:
        """A feed, sitemap or listing that cannot be read: counted, and recorded as a ``failures`` row."""
        self.crawler.stats.inc_value("newsbot/discovery_errors")
        return PageFailure(url, stage, str(problem))

    def discovery_failed(self, failure: Failure) -> Iterator[PageFailure]:
        """Record a discovery page that could not be fetched; robots.txt and offsite drops are policy."""
        if not failure.check(IgnoreRequest):
            yield self._discovery_error(failure.request.url, _fetch_problem(failure), stage="fetch")

    # Articles ----------------------------------------------------------------------------------------------

    def parse_article(self, response: Response) -> Iterator[Article | PageFailure]:
        """Hand the page to the profile's parser; a page it cannot read becomes a PageFailure, never a crash."""
        if not isinstance(response, TextResponse):
            content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
            yield PageFailure(response.url, "parse", f"not an HTML page (Content-Type {content_type!r})")
            return
        try:
            article = self.parse_page(response.url, response.text)
        except ParseError as exc:
            yield PageFailure(response.url, "parse", exc.reason)
            return
        # The profile names the source; the generic parser can only guess it from a host (a mirror's is an IP).
        yield article if article.site == self.profile.name else replace(article, site=self.profile.name)

    def article_failed(self, failure: Failure) -> Iterator[PageFailure]:
        """Record an article that could not be fetched (after retries); robots.txt and offsite drops are policy."""
        if not failure.check(IgnoreRequest):
            yield PageFailure(failure.request.url, "fetch", _fetch_problem(failure))


def _fetch_problem(failure: Failure) -> str:
    """Why a download failed: the HTTP status, or the error's message."""
    response = getattr(failure.value, "response", None)
    if response is not None:
        return f"HTTP {response.status}"
    return failure.getErrorMessage() or failure.type.__name__
