"""GameSpot spider: discovers articles through feeds, sitemaps and the news listing, then calls the parser.

Article urls are recognised by their path alone, so the spider crawls any mirror of the site::

    scrapy crawl gamespot                                   # https://www.gamespot.com
    scrapy crawl gamespot -a base_url=http://127.0.0.1:8000  # the bundled sample site (newsbot demo)
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

from scrapy import Request
from scrapy.http import Response

from newsbot.items import PageFailure
from newsbot.parsers import gamespot as gamespot_parser
from newsbot.spiders.base import SiteSpider

#: Typed-id content urls (1100 news, 1900 reviews, 2900 galleries) and WordPress-era /articles/<slug>/.
ARTICLE_PATH = re.compile(
    r"^/(?:articles|reviews|gallery)/[a-z0-9][a-z0-9-]*/(?:1100|1900|2900)-\d+/$|^/articles/[a-z0-9][a-z0-9-]*/$"
)
LISTING_PATH = "/news/"
FEED_PATHS = ("/feeds/news/", "/feeds/mashup/")
SITEMAP_PATHS = ("/sitemap_index.xml", "/news-sitemap.xml")


class GamespotSpider(SiteSpider):
    """Crawl GameSpot (or a mirror given as ``-a base_url=...``) for news, reviews and galleries."""

    name = "gamespot"
    site = "gamespot"
    default_base_url = "https://www.gamespot.com"
    article_path = ARTICLE_PATH
    parse_page = staticmethod(gamespot_parser.parse)

    def __init__(self, base_url: str | None = None, max_listing_pages: int | str | None = None, **kwargs: Any):
        super().__init__(base_url or self.default_base_url, max_listing_pages, **kwargs)

    async def start(self) -> AsyncIterator[Request]:
        for request in self.discovery_requests(FEED_PATHS, SITEMAP_PATHS):
            yield request
        yield self.listing_request(1)

    def listing_request(self, page: int) -> Request:
        url = self.base_url + LISTING_PATH + (f"?page={page}" if page > 1 else "")
        return Request(url, callback=self.parse_listing, errback=self.discovery_failed, cb_kwargs={"page": page})

    def parse_listing(self, response: Response, page: int) -> Iterator[Request | PageFailure]:
        yield from self.follow_listing(response, LISTING_PATH, page, _listing_page, self.listing_request)


def _listing_page(url: str) -> int | None:
    """The number of a news listing page (``/news/?page=3``); None for any other url."""
    parts = urlsplit(url)
    if parts.path != LISTING_PATH:
        return None
    values = parse_qs(parts.query).get("page", [])
    return int(values[0]) if values and values[0].isdigit() else None
