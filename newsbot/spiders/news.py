"""The profile-driven spider: crawls any site described by ``newsbot/profiles/<name>.toml``, no code per site.

Discovery comes from the profile (feeds, sitemaps, listings with their pagination); article urls are recognised by
their path alone, so the same profile crawls the real site or any mirror::

    scrapy crawl news -a profile=variety                                  # https://variety.com
    scrapy crawl news -a profile=variety -a base_url=http://127.0.0.1:8000  # the bundled sample site

The spider never reads article fields: it hands each page to the parser the profile names.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.http import Response

from newsbot.items import Article, PageFailure
from newsbot.spiders.base import SiteSpider
from newsbot.spiders.profiles import Listing, Profile, load_profile


class NewsSpider(SiteSpider):
    """Crawl the site a profile describes (``-a profile=<name>``), optionally at ``-a base_url=<mirror>``."""

    name = "news"

    def __init__(
        self,
        profile: str | None = None,
        base_url: str | None = None,
        max_listing_pages: int | str | None = None,
        **kwargs: Any,
    ):
        if not profile:
            raise ValueError("the news spider needs a profile: scrapy crawl news -a profile=variety")
        self.profile: Profile = load_profile(profile)
        super().__init__(base_url or self.profile.base_url, max_listing_pages, **kwargs)
        self.site = self.profile.name
        self.article_path = self.profile.article_path
        self.parse_page = self.profile.parse_function()  # type: ignore[method-assign]
        self.listings = {listing.start: listing for listing in self.profile.listings}
        if not base_url:
            # A mirror is its own site: only its host is crawled, never the real one its pages link to.
            self.allowed_domains = sorted({*self.allowed_domains, *self.profile.allowed_domains})

    async def start(self) -> AsyncIterator[Request]:
        for request in self.discovery_requests(self.profile.feeds, self.profile.sitemaps):
            yield request
        for listing in self.profile.listings:
            yield self.listing_request(listing, 1)

    def listing_request(self, listing: Listing, number: int) -> Request:
        return Request(
            self.base_url + listing.page_path(number),
            callback=self.parse_listing,
            errback=self.discovery_failed,
            # The listing by its start path, not the object: a request in the shared frontier holds only data.
            cb_kwargs={"listing": listing.start, "page": number},
        )

    def parse_listing(self, response: Response, listing: str, page: int) -> Iterator[Request | PageFailure]:
        """Follow page ``page`` of the listing that starts at path ``listing``."""
        pager = self.listings[listing]
        yield from self.follow_listing(
            response,
            listing,
            page,
            lambda url: pager.page_number(urlsplit(url).path),
            lambda number: self.listing_request(pager, number),
        )

    def finish_article(self, article: Article) -> Article:
        # The profile names the source; the generic parser can only guess it from a host (a mirror's is an IP).
        return article if article.site == self.site else replace(article, site=self.site)
