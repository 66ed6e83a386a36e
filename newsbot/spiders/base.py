"""What every newsbot spider shares: discovery through feeds and sitemaps, article fetching, failure records.

A site spider says where discovery starts (``start``), which paths are articles (``article_path``) and which
parser reads a page (``parse_page``); this class does the rest, the same way for every site.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from typing import Any, Self
from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from newsbot.extensions import ledger, visits
from newsbot.items import Article, PageFailure, PageVisit
from newsbot.parsers import ParseError
from newsbot.spiders import discovery
from newsbot.spiders.charset import read_page
from newsbot.spiders.parse_pool import ParsePool
from newsbot.urls import host_of, strip_tracking

logger = logging.getLogger(__name__)

#: Redirect statuses the spider answers itself, so a redirect off the site becomes a failure row, not a silent drop.
REDIRECT_STATUSES = [301, 302, 303, 307, 308]
#: 304 Not Modified answers a conditional revisit: the page is as it was.
NOT_MODIFIED = 304
#: The statuses an article callback answers itself: one tuple shared by every queued request (a list of its own
#: cost each of the thousands a sitemap queues at once about 100 bytes).
ARTICLE_STATUSES = (*REDIRECT_STATUSES, NOT_MODIFIED)
#: newsbot names of Scrapy settings: ``-s NEWSBOT_DOWNLOAD_MAXSIZE=...`` must work like the environment variable.
SETTING_ALIASES = {
    "NEWSBOT_AUTOTHROTTLE_START_DELAY": "AUTOTHROTTLE_START_DELAY",
    "NEWSBOT_CONCURRENCY_PER_DOMAIN": "CONCURRENT_REQUESTS_PER_DOMAIN",
    "NEWSBOT_DOWNLOAD_DELAY": "DOWNLOAD_DELAY",
    "NEWSBOT_DOWNLOAD_MAXSIZE": "DOWNLOAD_MAXSIZE",
    "NEWSBOT_USER_AGENT": "USER_AGENT",
}


class SiteSpider(Spider):
    """Base of the site spiders; subclasses set ``article_path``, ``parse_page`` and ``start``."""

    #: Article paths on the site (matched against the path alone, so any mirror's host works).
    article_path: re.Pattern[str]
    #: The parser: a pure function of (url, html).
    parse_page: Callable[[str, str], Article]
    #: The source name articles are stored under.
    site: str

    def __init__(self, base_url: str, max_listing_pages: int | str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        # Without a crawler (a test calling parse_article) the pool never starts: pages are parsed in this process.
        self.parse_pool = ParsePool(workers=0)
        self.base_url = base_url.rstrip("/")
        host = host_of(self.base_url)
        if not host or not self.base_url.startswith(("http://", "https://")):
            raise ValueError(f"base_url {base_url!r} is not an http(s) url; try -a base_url=https://host")
        self.allowed_domains = [host]
        self._max_listing_pages = int(max_listing_pages) if max_listing_pages is not None else None
        # Article urls each listing has shown so far: a page that shows none new ends its listing.
        self._listing_seen: dict[str, set[str]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        workers, timeout = settings.getint("NEWSBOT_PARSE_WORKERS"), settings.getfloat("NEWSBOT_PARSE_TIMEOUT")
        spider.parse_pool = ParsePool(workers, timeout)
        crawler.signals.connect(spider._start_parse_pool, signals.spider_opened)
        crawler.signals.connect(spider.parse_pool.close, signals.spider_closed)
        return spider

    def _start_parse_pool(self) -> None:
        self.parse_pool.start(self.crawler.stats)

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        """Copy each ``NEWSBOT_*`` alias given with ``-s`` onto the Scrapy setting it names."""
        super().update_settings(settings)
        for alias, name in SETTING_ALIASES.items():
            priority = settings.getpriority(alias)
            if priority is not None and priority > (settings.getpriority(name) or 0):
                settings.set(name, settings[alias], priority=priority)

    @property
    def max_listing_pages(self) -> int:
        """Listing pages followed at most (``-a max_listing_pages`` or NEWSBOT_MAX_LISTING_PAGES)."""
        if self._max_listing_pages is not None:
            return self._max_listing_pages
        return self.settings.getint("NEWSBOT_MAX_LISTING_PAGES")

    # Discovery ---------------------------------------------------------------------------------------------

    def is_article_url(self, url: str) -> bool:
        """True for an on-site url whose path is an article page; ValueError for a malformed one (callers record it:
        ``host_of`` alone would call it off-site)."""
        path = urlsplit(url).path
        return host_of(url) in self.allowed_domains and bool(self.article_path.match(path))

    def article_request(self, url: str, redirects: int = 0, origin: str | None = None) -> Request:
        """The request for an article; the incremental middleware may drop it or make it conditional.

        ``origin`` is the url a followed redirect started from: the run's ledger credits the outcome to it.
        """
        meta: dict[str, Any] = {
            "handle_httpstatus_list": ARTICLE_STATUSES,
            "newsbot_redirects": redirects,
            "newsbot_article": True,
        }
        if origin is not None:
            meta["newsbot_origin"] = origin
        # A followed redirect may come back to a url already fetched; the redirect count ends loops instead.
        return Request(
            strip_tracking(url),
            callback=self.parse_article,
            errback=self.article_failed,
            meta=meta,
            dont_filter=redirects > 0,
        )

    def articles(self, urls: list[str], source: str) -> Iterator[Request | PageFailure]:
        """Requests for the article urls among ``urls`` (found on the page at ``source``).

        A malformed url (``http://[::1/x``) is skipped and recorded as a failure; the others are still requested.
        """
        for url in urls:
            try:
                request = self.article_request(url) if self.is_article_url(url) else None
            except ValueError as exc:
                yield self.malformed_link(url, source, exc)
                continue
            if request is not None:
                yield request

    def malformed_link(self, url: str, source: str, problem: Exception) -> PageFailure:
        """A link that is not a url at all: a ``failures`` row naming the link and the page that holds it."""
        self.crawler.stats.inc_value("newsbot/malformed_links")
        return self.discovery_error(url, f"malformed link on {source} ({problem}); skipped", stage="discovery")

    def parse_feed(self, response: Response) -> Iterator[Request | PageFailure]:
        try:
            links = discovery.feed_links(response.body)
        except discovery.DiscoveryError as exc:
            yield self.discovery_error(response.url, exc)
            return
        yield from self.articles(links, response.url)

    def parse_sitemap(self, response: Response, nested: bool = False) -> Iterator[Request | PageFailure]:
        # A sitemap inflates to at most what a download may weigh (Scrapy caps gzip bodies the same way).
        maxsize = self.settings.getint("DOWNLOAD_MAXSIZE") or discovery.MAX_SITEMAP_BYTES  # 0 means no cap
        limit = min(discovery.MAX_SITEMAP_BYTES, maxsize)
        try:
            sitemap = discovery.parse_sitemap(response.body, limit=limit)
        except discovery.DiscoveryError as exc:
            yield self.discovery_error(response.url, exc)
            return
        if sitemap.is_index and nested:
            # sitemaps.org allows one level of index; following deeper ones would let a site trap the crawl.
            problem = "sitemap index inside a sitemap index; not followed (sitemaps.org allows one level)"
            yield self.discovery_error(response.url, problem)
        elif sitemap.is_index:
            for loc in sitemap.locs:
                try:
                    urlsplit(loc)  # a malformed loc raises here and is recorded; host_of would call it off-site
                    if host_of(loc) not in self.allowed_domains:
                        continue
                    request = Request(
                        loc, callback=self.parse_sitemap, errback=self.discovery_failed, cb_kwargs={"nested": True}
                    )
                except ValueError as exc:
                    yield self.malformed_link(loc, response.url, exc)
                    continue
                yield request
        else:
            yield from self.articles(sitemap.locs, response.url)

    def discovery_requests(self, feeds: Iterable[str], sitemaps: Iterable[str]) -> Iterator[Request]:
        """Requests for the site's feeds and sitemaps, given as paths on ``base_url``."""
        for path in feeds:
            yield Request(self.base_url + path, callback=self.parse_feed, errback=self.discovery_failed)
        for path in sitemaps:
            yield Request(self.base_url + path, callback=self.parse_sitemap, errback=self.discovery_failed)

    def follow_listing(
        self,
        response: Response,
        listing: str,
        page: int,
        page_number: Callable[[str], int | None],
        next_request: Callable[[int], Request],
    ) -> Iterator[Request | PageFailure]:
        """Request the articles page ``page`` of a listing links to, then the listing's next page.

        ``listing`` names the listing (its start path); ``page_number`` reads the number of one of its pages from
        an on-site link (None: not a page of this listing); ``next_request`` makes the request for a page. The next
        page is the lowest one linked after ``page``, unless the listing ends here: this page showed no article
        the listing had not shown, or the next is past NEWSBOT_MAX_LISTING_PAGES.
        """
        links = self.listing_links(response)
        if isinstance(links, PageFailure):
            yield links
            return
        yield from self.articles(links, response.url)
        if not self.listing_brings_news(listing, response, links):
            return
        on_site = [url for url in links if host_of(url) in self.allowed_domains]
        later = sorted({n for url in on_site if (n := page_number(url)) and n > page})
        if later and not self.listing_limit_reached(response.url, later[0]):
            yield next_request(later[0])

    def listing_links(self, response: Response) -> list[str] | PageFailure:
        """Every link of a listing page, or the failure that says why it cannot be read."""
        if not isinstance(response, TextResponse):
            return []
        try:
            return discovery.page_links(response.text, response.url)
        except discovery.DiscoveryError as exc:
            return self.discovery_error(response.url, exc)

    def listing_brings_news(self, listing: str, response: Response, links: list[str]) -> bool:
        """True when the listing page brought an article url its earlier pages had not shown.

        A pager that goes on for ever past its last articles (or shows the same ones on every page) ends at the
        first page that brings nothing new, instead of at NEWSBOT_MAX_LISTING_PAGES.
        """
        seen = self._listing_seen.setdefault(listing, set())
        before = len(seen)
        # Listing links are absolute urls already (discovery.page_links skips malformed ones).
        seen.update(strip_tracking(url) for url in links if self.is_article_url(url))
        if len(seen) > before:
            return True
        self.crawler.stats.inc_value("newsbot/listing_exhausted")
        logger.info("%s shows no article its listing had not shown; the listing ends here", response.url)
        return False

    def listing_limit_reached(self, url: str, page: int) -> bool:
        """True (and logged) when ``page`` is past NEWSBOT_MAX_LISTING_PAGES: an endless pager ends here."""
        if page <= self.max_listing_pages:
            return False
        self.crawler.stats.inc_value("newsbot/listing_limit_reached")
        logger.info(
            "%s links to listing page %d; NEWSBOT_MAX_LISTING_PAGES=%d stops here", url, page, self.max_listing_pages
        )
        return True

    def discovery_error(self, url: str, problem: Exception | str, stage: str = "parse") -> PageFailure:
        """A feed, sitemap or listing that cannot be read: counted, and recorded as a ``failures`` row."""
        self.crawler.stats.inc_value("newsbot/discovery_errors")
        return PageFailure(url, stage, str(problem))

    def discovery_failed(self, failure: Failure) -> Iterator[PageFailure]:
        """Record a feed, sitemap or listing page that could not be fetched; robots.txt drops are policy, and so
        is an HTTP error status (a profile may name a listing that a site, or its mirror, does not have)."""
        if not failure.check(IgnoreRequest):
            yield self.discovery_error(failure.request.url, fetch_problem(failure), stage="fetch")

    # Articles ----------------------------------------------------------------------------------------------

    async def parse_article(self, response: Response) -> AsyncIterator[Any]:
        """Hand the page to the parser; a page it cannot read becomes a PageFailure, never a crash."""
        if response.status in REDIRECT_STATUSES:
            yield self._follow_redirect(response)
            return
        if response.status == NOT_MODIFIED:
            await visits.hand_over(
                getattr(self, "crawler", None), PageVisit(response.url, self.site, NOT_MODIFIED), response
            )
            return
        if not isinstance(response, TextResponse):
            content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
            yield PageFailure(response.url, "parse", f"not an HTML page (Content-Type {content_type!r})")
            return
        page = read_page(response)
        if page.mislabelled:
            self.crawler.stats.inc_value("newsbot/charset_mislabelled")
            logger.info(
                "%s: declared %s, but its bytes are %s; read as such", response.url, response.encoding, page.mislabelled
            )
        try:
            article = await self.parse_pool.parse(self.parse_page, response.url, page.text)
        except ParseError as exc:
            yield PageFailure(response.url, "parse", exc.reason)
            return
        yield self.finish_article(article)
        visit = PageVisit(
            response.url,
            self.site,
            response.status,
            etag=_header(response, b"ETag"),
            last_modified=_header(response, b"Last-Modified"),
        )
        await visits.hand_over(getattr(self, "crawler", None), visit, response)

    def finish_article(self, article: Article) -> Article:
        """The parsed article as the spider hands it on (a subclass may set what only it knows)."""
        return article

    def _follow_redirect(self, response: Response) -> Request | PageFailure:
        """Follow a redirect on the site; one that leaves it (or loops) becomes a failure naming the target."""
        location = response.headers.get(b"Location", b"").decode("latin-1").strip()
        if not location:
            return PageFailure(response.url, "fetch", f"HTTP {response.status} without a Location header")
        target = response.urljoin(location)
        if host_of(target) not in self.allowed_domains:
            self.crawler.stats.inc_value("newsbot/offsite_redirects")
            return PageFailure(response.url, "fetch", f"redirected off-site to {target}; not followed")
        redirects = response.meta.get("newsbot_redirects", 0) + 1
        if redirects > self.settings.getint("REDIRECT_MAX_TIMES"):
            return PageFailure(response.url, "fetch", f"more than {redirects - 1} redirects (last to {target})")
        return self.article_request(target, redirects, origin=response.meta.get("newsbot_origin", response.url))

    def article_failed(self, failure: Failure) -> Iterator[PageFailure]:
        """Record an article that could not be fetched (after retries), an HTTP error status included.

        robots.txt and offsite drops are policy: no failure row, but the run's ledger counts them.
        """
        if failure.check(HttpError) or not failure.check(IgnoreRequest):
            yield PageFailure(failure.request.url, "fetch", fetch_problem(failure))
            return
        ledger.policy_drop(self.crawler, failure.request, failure.getErrorMessage())


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def fetch_problem(failure: Failure) -> str:
    """Why a download failed: the HTTP status, or the error's message (e.g. a response over DOWNLOAD_MAXSIZE)."""
    response = getattr(failure.value, "response", None)
    if response is not None:
        return f"HTTP {response.status}"
    message = failure.getErrorMessage() or failure.type.__name__
    if "larger than download max size" in message:
        return f"{message} Raise NEWSBOT_DOWNLOAD_MAXSIZE if the page is genuine."
    return message
