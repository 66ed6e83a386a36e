"""Url canonicalisation: pairs of addresses that are, or are not, the same page."""

from __future__ import annotations

import pytest

from newsbot.urls import clean_url, first_canonical, host_of, on_domain, strip_tracking, url_key

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
    # Ids that courlan's tracker filter would drop (it matches cid/eid/uid/source anywhere): they name pages.
    ("https://example.test/event?eid=3", "https://example.test/event?eid=4"),
    ("https://example.test/article.php?cid=12", "https://example.test/article.php?cid=13"),
    ("https://example.test/feed?source=rss", "https://example.test/feed?source=atom"),
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


def test_strip_tracking_keeps_repeated_parameters_and_drops_empty_parts() -> None:
    # A repeated name is part of the address (?tag=a&tag=b); w3lib's unique=True default would keep only the first.
    assert strip_tracking("https://example.test/s?tag=a&tag=b&utm_source=x") == "https://example.test/s?tag=a&tag=b"
    assert strip_tracking("https://example.test/s?a=1&&b=2") == "https://example.test/s?a=1&b=2"


@pytest.mark.parametrize(
    ("url", "cleaned"),
    [
        ("HTTPS://Example.TEST?utm_source=x#top", "https://example.test/"),
        ("https://www.gamespot.com/a/?ftag=CAD&mc_cid=1&igshid=b&cmpid=c&_ga=2&cx_testId=3", "https://www.gamespot.com/a/"),
        ("https://example.test/s?amp=1&icid=x&id=5", "https://example.test/s?amp=1&id=5"),
        ("http://[::1/x?utm_source=y#f", "http://[::1/x"),
    ],
)  # fmt: skip
def test_clean_url_is_the_stored_form_of_a_canonical_url(url: str, cleaned: str) -> None:
    assert clean_url(url) == cleaned


def test_the_first_http_candidate_on_the_domain_is_the_canonical_url() -> None:
    candidates = [
        None,
        "  ",
        "/relative",
        "mailto:a@b.test",
        "http://[::1/x",
        "https://other.test/a",
        " https://www.site.test/a?fbclid=1 ",
    ]
    assert first_canonical(candidates, "site.test") == "https://www.site.test/a"
    assert first_canonical(candidates) == "https://other.test/a"
    assert first_canonical(["ftp://site.test/a"]) is None


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://WWW.GameSpot.com:443/a", "www.gamespot.com"),
        ("https://www.gamespot.com./a", "www.gamespot.com"),
        ("http://[::1/x", ""),  # a hostile page's link: no host rather than an exception
        ("not a url", ""),
        (None, ""),
    ],
)  # fmt: skip
def test_host_of_never_raises(url: str | None, host: str) -> None:
    assert host_of(url) == host


def test_on_domain_takes_subdomains_and_refuses_look_alikes() -> None:
    assert on_domain("https://www.variety.com/a", "variety.com")
    assert not on_domain("https://notvariety.com/a", "variety.com")
    assert not on_domain("http://[::1/x", "variety.com")
    assert on_domain("http://[::1/x", None)
