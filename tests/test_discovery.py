"""Feeds, sitemaps and listing pages: links found, hostile XML refused, malformed links skipped and recorded,
listings followed while they bring new articles."""

from __future__ import annotations

import gzip

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, XmlResponse
from scrapy.utils.test import get_crawler

from newsbot.items import PageFailure
from newsbot.spiders import discovery
from newsbot.spiders.gamespot import GamespotSpider

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>GameSpot - Game News</title>
<item><title>One</title><link>https://www.gamespot.com/articles/one/1100-1/?ftag=CAD-01-10abi2f</link>
<guid isPermaLink="false">1100-1</guid><dc:creator>A</dc:creator></item>
<item><title>Two</title><link> https://www.gamespot.com/reviews/two-review/1900-2/ </link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">
<entry><link rel="alternate" href="https://www.polygon.test/a/1"/><link rel="self" href="https://x/self"/></entry>
</feed>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<rss><channel><item><link>&lol2;</link></item></channel></rss>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&xxe;</loc></url></urlset>"""

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://www.gamespot.com/articles-sitemap.xml</loc><lastmod>2026-05-01</lastmod></sitemap>
<sitemap><loc>https://www.gamespot.com/articles-sitemap2.xml</loc></sitemap>
</sitemapindex>"""


def test_rss_and_atom_item_links_are_found_in_order() -> None:
    assert discovery.feed_links(RSS) == [
        "https://www.gamespot.com/articles/one/1100-1/?ftag=CAD-01-10abi2f",
        "https://www.gamespot.com/reviews/two-review/1900-2/",
    ]
    assert discovery.feed_links(ATOM) == ["https://www.polygon.test/a/1"]


def test_sitemap_index_lists_its_shards() -> None:
    sitemap = discovery.parse_sitemap(INDEX)
    assert sitemap.is_index
    assert sitemap.locs[1] == "https://www.gamespot.com/articles-sitemap2.xml"


def test_gzipped_sitemap_is_inflated() -> None:
    sitemap = discovery.parse_sitemap(gzip.compress(INDEX))
    assert len(sitemap.locs) == 2


@pytest.mark.parametrize("body", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_entity_declarations_are_refused_not_expanded(body: bytes) -> None:
    with pytest.raises(discovery.DiscoveryError, match="declares entities or a DTD"):
        discovery.feed_links(body) if b"rss" in body else discovery.parse_sitemap(body)


def test_gzip_bomb_is_refused_past_the_limit() -> None:
    bomb = gzip.compress(b"<urlset>" + b" " * 5_000_000 + b"</urlset>")
    assert len(bomb) < 10_000
    with pytest.raises(discovery.DiscoveryError, match="inflates past 1000000 bytes"):
        discovery.inflate(bomb, limit=1_000_000)


def test_non_sitemap_xml_is_refused_with_its_root_name() -> None:
    with pytest.raises(discovery.DiscoveryError, match="root is <rss>"):
        discovery.parse_sitemap(RSS)


def test_page_links_are_absolute_unique_and_skip_mail_and_script() -> None:
    html = """<a href="/articles/a/1100-1/">A</a><a href="/articles/a/1100-1/">A again</a>
    <a href="mailto:news@gamespot.com">tip</a><a href="javascript:void(0)">x</a><a href="?page=2">next</a>"""
    assert discovery.page_links(html, "http://127.0.0.1:8000/news/") == [
        "http://127.0.0.1:8000/articles/a/1100-1/",
        "http://127.0.0.1:8000/news/?page=2",
    ]


# --- the spider's discovery callbacks, on pages built here -------------------------------------------------

BASE = "http://127.0.0.1:8000"


def gamespot_spider(**settings: object) -> GamespotSpider:
    """A GameSpot spider of a real crawler (stats included), for calling its discovery callbacks."""
    defaults = {"NEWSBOT_PARSE_WORKERS": 0, "NEWSBOT_PARSE_TIMEOUT": 60, "NEWSBOT_MAX_LISTING_PAGES": 50}
    crawler = get_crawler(GamespotSpider, settings_dict={**defaults, **settings})
    crawler.stats.open_spider()
    return GamespotSpider.from_crawler(crawler, base_url=BASE)


def listing(page: int, articles: list[int]) -> HtmlResponse:
    """Listing page ``page`` with links to the next page and to the articles numbered ``articles``."""
    links = "".join(f'<a href="/articles/story-{n}/1100-{n}/">{n}</a>' for n in articles)
    url = f"{BASE}/news/" + (f"?page={page}" if page > 1 else "")
    body = f'<html><body>{links}<a href="/news/?page={page + 1}">next</a></body></html>'
    return HtmlResponse(url, body=body.encode(), encoding="utf-8")


def next_listing_page(spider: GamespotSpider, page: int, articles: list[int]) -> int | None:
    """The listing page the spider asks for after ``page`` (None: it stops)."""
    out = list(spider.parse_listing(listing(page, articles), page=page))
    pages = [r.cb_kwargs["page"] for r in out if isinstance(r, Request) and r.callback == spider.parse_listing]
    return pages[0] if pages else None


def test_listing_ends_at_the_first_page_that_brings_no_new_article() -> None:
    spider = gamespot_spider()
    assert next_listing_page(spider, 1, [1, 2]) == 2
    assert next_listing_page(spider, 2, [2, 3]) == 3
    assert next_listing_page(spider, 3, [3, 2]) is None  # an endless pager repeating what it showed
    assert spider.crawler.stats.get_value("newsbot/listing_exhausted") == 1


def test_listing_stops_at_the_cap_while_every_page_brings_new_articles() -> None:
    spider = gamespot_spider(NEWSBOT_MAX_LISTING_PAGES=3)
    assert [next_listing_page(spider, page, [page]) for page in (1, 2, 3)] == [2, 3, None]
    assert spider.crawler.stats.get_value("newsbot/listing_limit_reached") == 1
    assert spider.crawler.stats.get_value("newsbot/listing_exhausted") is None


def test_a_malformed_feed_link_is_recorded_and_the_feed_goes_on() -> None:
    feed = (
        "<rss><channel><item><link>http://[::1/x</link></item>"
        f"<item><link>{BASE}/articles/after/1100-2/</link></item></channel></rss>"
    )
    out = list(gamespot_spider().parse_feed(XmlResponse(f"{BASE}/feeds/news/", body=feed.encode())))
    [failure] = [o for o in out if isinstance(o, PageFailure)]
    assert (failure.url, failure.stage) == ("http://[::1/x", "discovery")
    assert failure.reason.startswith(f"malformed link on {BASE}/feeds/news/ (")
    assert [r.url for r in out if isinstance(r, Request)] == [f"{BASE}/articles/after/1100-2/"]


def test_a_malformed_sitemap_index_loc_is_recorded_and_the_index_goes_on() -> None:
    index = (
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>http://[::1/x</loc></sitemap>'
        f"<sitemap><loc>{BASE}/articles-sitemap.xml</loc></sitemap></sitemapindex>"
    )
    out = list(gamespot_spider().parse_sitemap(XmlResponse(f"{BASE}/sitemap_index.xml", body=index.encode())))
    assert [o.url for o in out if isinstance(o, PageFailure)] == ["http://[::1/x"]
    assert [r.url for r in out if isinstance(r, Request)] == [f"{BASE}/articles-sitemap.xml"]
