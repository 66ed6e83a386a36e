"""Feeds, sitemaps and listing pages: links found, hostile XML refused."""

from __future__ import annotations

import gzip

import pytest

from newsbot import discovery

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
