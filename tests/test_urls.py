"""Url canonicalisation: pairs of addresses that are, or are not, the same page."""

from __future__ import annotations

import pytest

from newsbot.urls import strip_tracking, url_key

GS = "https://www.gamespot.com/articles/mi7-stunt/1100-6480000/"

SAME = [
    (GS, GS + "?ftag=CAD-01-10abi2f"),
    (GS, GS + "?ftag=CAD-01-10abi2f/"),
    (GS, GS + "#comments"),
    (GS, "http://www.gamespot.com/articles/mi7-stunt/1100-6480000/"),
    (GS, "https://gamespot.com/articles/mi7-stunt/1100-6480000/"),
    (GS, "https://m.gamespot.com/articles/mi7-stunt/1100-6480000/"),
    (GS, "https://WWW.GameSpot.com/articles/mi7-stunt/1100-6480000/"),
    (GS, "https://www.gamespot.com:443/articles/mi7-stunt/1100-6480000/"),
    (GS, "http://www.gamespot.com:80/articles/mi7-stunt/1100-6480000/"),
    (GS, "https://www.gamespot.com/articles/mi7-stunt/1100-6480000"),
    (GS, GS + "?utm_source=twitter&utm_medium=social&utm_campaign=x"),
    (GS, GS + "?fbclid=IwAR0abc"),
    (GS, GS + "?gclid=Cj0KCQ"),
    (GS, GS + "?mc_cid=1&mc_eid=2"),
    (GS, GS + "?UTM_SOURCE=newsletter"),
    (GS, GS + "amp/"),
    (GS, "https://www.gamespot.com/amp/articles/mi7-stunt/1100-6480000/"),
    (GS, "https://amp.gamespot.com/articles/mi7-stunt/1100-6480000/"),
    (GS, GS + "?amp"),
    (GS, GS + "?amp=1"),
    ("https://variety.com/2024/film/news/x-1235999575/", "https://variety.com/2024/film/news/x-1235999575/?cx_testId=1&utm_content=a&igshid=b"),
    ("https://example.test/story?id=5&page=2", "https://example.test/story?page=2&id=5"),
    ("https://example.test/story?id=5", "https://example.test/story?id=5&utm_term=x#top"),
    ("https://example.test/a%20b", "https://example.test/a b"),
    ("https://example.test/caf%C3%A9", "https://example.test/café"),
    ("https://example.test/a", "https://example.test/a?_ga=2.1&_gl=1*abc"),
    ("https://www2.example.test/a", "https://example.test/a"),
    ("https://mobile.example.test/a", "https://example.test/a"),
    ("https://example.test/a?x", "https://example.test/a?x="),
    ("https://example.test/", "https://example.test"),
]  # fmt: skip

DIFFERENT = [
    (GS, "https://www.gamespot.com/articles/mi7-stunt/1100-6480001/"),
    (GS, "https://www.gamespot.com/reviews/mi7-stunt/1900-6480000/"),
    (GS, "https://www.gamespot.test/articles/mi7-stunt/1100-6480000/"),
    (GS, "https://www.gamespot.com:8443/articles/mi7-stunt/1100-6480000/"),
    ("https://example.test/story?id=5", "https://example.test/story?id=6"),
    ("https://example.test/story?id=5", "https://example.test/story"),
    ("https://example.test/news/?page=2", "https://example.test/news/?page=3"),
    ("https://example.test/a", "https://example.test/A"),
    ("https://example.test/a/b", "https://example.test/a/c"),
    ("https://news.example.test/a", "https://example.test/a"),
    ("https://example.test/amplifier/", "https://example.test/"),
    ("https://example.test/camp/", "https://example.test/c/"),
    ("https://example.test/a", "https://example.org/a"),
]  # fmt: skip


@pytest.mark.parametrize(("first", "second"), SAME)
def test_variants_of_one_page_share_a_key(first: str, second: str) -> None:
    assert url_key(first) == url_key(second)


@pytest.mark.parametrize(("first", "second"), DIFFERENT)
def test_different_pages_keep_different_keys(first: str, second: str) -> None:
    assert url_key(first) != url_key(second)


def test_a_site_whose_paths_differ_by_the_slash_keeps_them_apart() -> None:
    assert url_key("https://example.test/a", trailing_slash=False) != url_key(
        "https://example.test/a/", trailing_slash=False
    )


def test_strip_tracking_keeps_the_page_address_requestable() -> None:
    assert strip_tracking(GS + "?ftag=CAD-01-10abi2f") == GS
    assert strip_tracking("https://example.test/s?id=5&utm_source=x&amp=1#c") == "https://example.test/s?id=5&amp=1"
    assert (
        strip_tracking("https://example.test/sitemap/?outputType=xml") == "https://example.test/sitemap/?outputType=xml"
    )
