"""validate -> normalize -> dedupe -> store, each on its own, with a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
from conftest import make_article, upgraded_sessions
from newsbot.pipelines.dedupe import DedupePipeline
from newsbot.pipelines.drops import Duplicate, Rejected
from newsbot.pipelines.normalize import NormalizePipeline
from newsbot.pipelines.store import StorePipeline
from newsbot.pipelines.validate import ValidatePipeline
from scrapy.utils.test import get_crawler
from sqlalchemy import select

from newsbot.items import Article, Author, PageFailure
from newsbot.storage import models

BODY = "Following a temporary shutdown, filming has restarted with an epic action scene on a mountain top.\n\nMore."


@pytest.fixture
def article() -> Article:
    return make_article(
        "https://www.gamespot.com/articles/a/1100-1/?ftag=CAD-01-10abi2f",
        canonical_url="https://www.gamespot.com/articles/a/1100-1/?ftag=CAD-01-10abi2f#comments",
        headline="  A   headline\u00a0",
        body_text=BODY,
        body_html='<p onclick="x()">Hi<script>alert(1)</script> <a href="javascript:alert(1)">x</a></p>',
        authors=[Author(" Jane  Doe "), Author("Jane Doe")],
        published_at=datetime(2020, 9, 7, 9, 50, tzinfo=timezone(timedelta(hours=-7))),
        tags=["Movies", "movies", " Tom Cruise "],
    )


def crawler(db_url: str):  # type: ignore[no-untyped-def]
    c = get_crawler(settings_dict={"NEWSBOT_DATABASE_URL": db_url})
    c.stats.open_spider()
    return c


def test_validate_turns_a_page_failure_into_a_rejection_with_its_stage(db_url: str) -> None:
    pipeline = ValidatePipeline(crawler(db_url))
    with pytest.raises(Rejected) as info:
        pipeline.process_item(PageFailure("https://x.test/a", "parse", "no headline (tried h1.news-title)"))
    assert (info.value.stage, info.value.reason) == ("parse", "no headline (tried h1.news-title)")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"headline": "  "}, "empty headline"),
        ({"body_text": "Too short."}, "body text has 10 characters"),
        ({"published_at": datetime(2020, 1, 1)}, "published_at 2020-01-01T00:00:00 has no time zone"),
        ({"comment_count": -1}, "comment_count -1 is negative"),
        ({"url": "ftp://x.test/a"}, "is not an http(s) url"),
    ],
)
def test_validate_rejects_an_incomplete_article_naming_the_field(
    db_url: str, article: Article, change: dict, expected: str
) -> None:
    broken = replace(article, **change)
    with pytest.raises(Rejected) as info:
        ValidatePipeline(crawler(db_url)).process_item(broken)
    assert info.value.stage == "validate"
    assert expected in info.value.reason
    assert str(info.value).startswith(broken.url + ": ")


def test_normalize_cleans_text_urls_times_html_and_lists(article: Article) -> None:
    result = NormalizePipeline().process_item(article)
    assert result.headline == "A headline"
    assert result.canonical_url == "https://www.gamespot.com/articles/a/1100-1/"
    assert result.published_at == datetime(2020, 9, 7, 16, 50, tzinfo=UTC)
    assert result.published_at.utcoffset() == timedelta(0)
    assert [a.name for a in result.authors] == ["Jane Doe"]
    assert result.tags == ["Movies", "Tom Cruise"]
    for bad in ("<script", "onclick", "javascript:"):
        assert bad not in result.body_html


def test_dedupe_drops_same_text_at_new_url_and_records_it(db_url: str, article: Article) -> None:
    c = crawler(db_url)
    first = NormalizePipeline().process_item(article)
    StorePipeline(c).process_item(first)
    copy = replace(
        first,
        url="https://www.gamespot.com/articles/b/1100-2/",
        canonical_url="https://www.gamespot.com/articles/b/1100-2/",
    )
    dedupe = DedupePipeline(c)
    with pytest.raises(Duplicate, match=r"same text as https://www\.gamespot\.com/articles/a/1100-1/"):
        dedupe.process_item(copy)
    assert dedupe.process_item(first) is first  # the same url again is an update, not a duplicate
    with upgraded_sessions(db_url)() as session:
        dup = session.execute(select(models.Duplicate)).scalar_one()
        assert dup.canonical_url == copy.canonical_url
        assert session.get(models.Article, dup.duplicate_of).canonical_url == first.canonical_url
    assert c.stats.get_value("newsbot/duplicates") == 1


def test_store_counts_new_and_unchanged_articles(db_url: str, article: Article) -> None:
    c = crawler(db_url)
    store = StorePipeline(c)
    item = NormalizePipeline().process_item(article)
    store.process_item(item)
    store.process_item(item)
    assert c.stats.get_value("newsbot/articles/new") == 1
    assert c.stats.get_value("newsbot/articles/unchanged") == 1


def test_dedupe_keeps_the_earlier_published_copy_whatever_the_crawl_order(db_url: str, article: Article) -> None:
    c = crawler(db_url)
    original = NormalizePipeline().process_item(article)
    later_url = "https://www.gamespot.com/articles/repost/1100-9/"
    repost = replace(
        original, url=later_url, canonical_url=later_url, published_at=original.published_at + timedelta(days=7)
    )
    dedupe, store = DedupePipeline(c), StorePipeline(c)
    store.process_item(dedupe.process_item(repost))  # the copy arrives first and is stored
    store.process_item(dedupe.process_item(original))  # the original takes its row over
    with pytest.raises(Duplicate):
        dedupe.process_item(repost)  # next crawl: the copy is the duplicate
    with upgraded_sessions(db_url)() as session:
        row = session.execute(select(models.Article)).scalar_one()
        dup = session.execute(select(models.Duplicate)).scalar_one()
        snapshots = session.execute(select(models.CommentSnapshot.article_id)).scalars().all()
    assert (row.canonical_url, row.published_at) == (original.canonical_url, original.published_at)
    assert (dup.canonical_url, dup.duplicate_of) == (later_url, row.id)
    assert snapshots == [row.id]
