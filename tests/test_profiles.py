"""Site profiles and the profile-driven ``news`` spider, without a network: loading, checking, url recognition,
pagination, and handing pages to the parser."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from newsbot.extensions.visits import page_visited
from newsbot.items import Article, PageFailure, PageVisit
from newsbot.parsers import SITES
from newsbot.samplesite import SITES_DIR, load_manifest
from newsbot.spiders.news import NewsSpider
from newsbot.spiders.profiles import Listing, ProfileError, load_profile, profile_names

FIXTURES = Path(__file__).parent / "fixtures"
SITE_NAMES = ["collider", "pcgamer", "variety"]


def test_a_profile_ships_for_every_new_site() -> None:
    assert profile_names() == SITE_NAMES


@pytest.mark.parametrize("name", SITE_NAMES)
def test_profile_names_its_own_parser_and_fixtures(name: str) -> None:
    profile = load_profile(name)
    assert profile.parse_function() is SITES[name].parse
    assert sorted((FIXTURES / name).glob("*.html")), f"tests/fixtures/{name}/ is empty"
    assert (SITES_DIR / name / "manifest.json").is_file()


@pytest.mark.parametrize("name", SITE_NAMES)
def test_article_path_recognises_the_sample_sites_pages_and_nothing_else(name: str) -> None:
    profile = load_profile(name)
    for page in load_manifest(SITES_DIR / name)["pages"]:
        is_content = page["outcome"] in ("stored", "failure", "never_fetch")
        assert bool(profile.article_path.match(page["path"])) == is_content, page["path"]


@pytest.mark.parametrize("name", SITE_NAMES)
def test_article_path_recognises_the_fixture_urls(name: str) -> None:
    profile = load_profile(name)
    for page in (FIXTURES / name).glob("*.json"):
        url = page.read_text(encoding="utf-8").split('"url": "', 1)[1].split('"', 1)[0]
        spider = NewsSpider(profile=name)
        assert spider.is_article_url(url), f"{name}: {url} is not recognised as an article"
        assert profile.article_path.match("/" + url.split("/", 3)[3])


def test_listing_pages_are_numbered_by_the_pattern() -> None:
    listing = Listing("/v/film/", "/v/film/page/{n}/")
    assert [listing.page_path(n) for n in (1, 2, 12)] == ["/v/film/", "/v/film/page/2/", "/v/film/page/12/"]
    assert [listing.page_number(p) for p in ("/v/film/", "/v/film/page/7/", "/v/tv/page/2/")] == [1, 7, None]
    assert Listing("/news/").page_number("/news/page/2/") is None


def test_base_url_makes_the_spider_host_independent() -> None:
    spider = NewsSpider(profile="variety", base_url="http://127.0.0.1:8123/")
    assert spider.allowed_domains == ["127.0.0.1"]
    assert spider.is_article_url("http://127.0.0.1:8123/2025/film/news/a-story-1236300101/")
    assert not spider.is_article_url("https://variety.com/2025/film/news/a-story-1236300101/")
    assert not spider.is_article_url("http://127.0.0.1:8123/v/film/")


def test_default_base_url_is_the_real_site() -> None:
    spider = NewsSpider(profile="pcgamer")
    assert spider.base_url == "https://www.pcgamer.com"
    assert spider.allowed_domains == ["www.pcgamer.com"]


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        ({}, "needs a profile"),
        ({"profile": "nosuchsite"}, "no profile 'nosuchsite'"),
        ({"profile": "../etc/passwd"}, "no profile"),
        ({"profile": "variety", "base_url": "ftp://mirror.test"}, r"is not an http\(s\) url"),
    ],
)
def test_bad_spider_arguments_say_what_to_do(arguments: dict[str, str], words: str) -> None:
    with pytest.raises(ValueError, match=words):
        NewsSpider(**arguments)


@pytest.mark.parametrize(
    ("toml", "words"),
    [
        ('name = "broken"\nparser = "nosuchparser"\nbase_url = "https://x.test"\narticle_path = "^/a/$"\n'
         'feeds = ["/feed/"]', "not a module of newsbot.parsers"),
        ('name = "broken"\nparser = "generic"\nbase_url = "https://x.test"\narticle_path = "("\nfeeds = ["/f/"]',
         "not a regular expression"),
        ('name = "broken"\nparser = "generic"\nbase_url = "https://x.test"\narticle_path = "^/a/$"',
         "no feeds, sitemaps or listings"),
        ('name = "other"\nparser = "generic"\nbase_url = "https://x.test"\narticle_path = "^/a/$"\nfeeds = ["/f/"]',
         "differs from the file name"),
        ('name = "broken"\nparser = "generic"\nbase_url = "https://x.test"\narticle_path = "^/a/$"\n'
         '[[listings]]\nstart = "/news/"\npage = "/news/page/"', "with {n} for the page number"),
        ("name = [", "not valid TOML"),
    ],
)  # fmt: skip
def test_a_broken_profile_is_refused_naming_the_field(tmp_path: Path, toml: str, words: str) -> None:
    (tmp_path / "broken.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(ProfileError, match=words):
        load_profile("broken", tmp_path)


def test_a_generic_profile_needs_no_code(tmp_path: Path) -> None:
    (tmp_path / "blog.toml").write_text(
        'name = "blog"\nparser = "generic"\nbase_url = "https://blog.test"\narticle_path = "^/\\\\d{4}/"\n'
        'feeds = ["/feed/"]\n',
        encoding="utf-8",
    )
    profile = load_profile("blog", tmp_path)
    assert profile.parse_function().__module__ == "newsbot.parsers.generic"
    assert profile.article_path.match("/2025/05/post/")


def _response(url: str, page: Path) -> HtmlResponse:
    return HtmlResponse(url, body=page.read_bytes(), encoding="utf-8", request=Request(url))


def _outputs(spider: NewsSpider, response: HtmlResponse) -> list[Any]:
    """Everything the (asynchronous) article callback yields for ``response``."""

    async def collect() -> list[Any]:
        return [output async for output in spider.parse_article(response)]

    return asyncio.run(collect())


def test_spider_hands_the_page_to_the_profiles_parser() -> None:
    page = FIXTURES / "collider" / "moonwake-trailer-valnet-2025.html"
    crawler = get_crawler(NewsSpider, settings_dict={"NEWSBOT_PARSE_WORKERS": 0, "NEWSBOT_PARSE_TIMEOUT": 60})
    spider = NewsSpider.from_crawler(crawler, profile="collider", base_url="http://127.0.0.1:9")
    visits: list[PageVisit] = []
    crawler.signals.connect(lambda visit: visits.append(visit), signal=page_visited, weak=False)
    (item,) = _outputs(spider, _response("http://127.0.0.1:9/moonwake-trailer-heist-ice/", page))
    [visit] = visits  # handed to the visit recorder, not yielded as an item
    assert isinstance(item, Article)
    assert (item.site, item.headline) == ("collider", "'Moonwake' Trailer Teases a Heist Beneath the Ice")
    assert (visit.url, visit.site, visit.status) == ("http://127.0.0.1:9/moonwake-trailer-heist-ice/", "collider", 200)


def test_a_page_the_parser_refuses_becomes_a_parse_failure(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<!DOCTYPE html><html><body><div class='a-content'><p>Text only.</p></div></body></html>")
    spider = NewsSpider(profile="variety", base_url="http://127.0.0.1:9")
    (item,) = _outputs(spider, _response("http://127.0.0.1:9/2025/film/news/x-1236300199/", page))
    assert isinstance(item, PageFailure)
    assert (item.stage, item.reason.split(" (")[0]) == ("parse", "no headline")
