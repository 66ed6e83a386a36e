"""SQL safety: hostile headlines, tags and authors round-trip unchanged, and query tools cannot write."""

from __future__ import annotations

import pytest
from conftest import make_article, upgraded_sessions
from newsbot.pipelines.normalize import NormalizePipeline
from newsbot.pipelines.store import StorePipeline
from scrapy.utils.test import get_crawler
from sqlalchemy import func, insert, select
from sqlalchemy.exc import DBAPIError

from newsbot.analysis import search as search_module
from newsbot.items import Article, Author
from newsbot.storage import models, repository
from newsbot.storage.db import read_only_session_factory

HOSTILE = [
    "Robert'); DROP TABLE articles;--",
    '" OR 1=1; --',
    "'; DELETE FROM authors WHERE '1'='1",
    "100% of _under_scores \\ back\\slashes",
    "semi;colons;everywhere; and `backticks`",
    "$$ dollar $$ quoting $tag$",
    "Ünïcödé — emoji 🎮 and RTL \u05e9\u05dc\u05d5\u05dd",
]
BODY = "A body long enough to pass validation, about nothing in particular but written for this test.\n\nMore."


def hostile_article(n: int, text: str) -> Article:
    url = f"https://www.gamespot.com/articles/hostile-{n}/1100-{n}/"
    return make_article(
        url,
        headline=text,
        body_text=f"{BODY} {n}",
        authors=[Author(text, f"https://www.gamespot.com/profile/{n}/")],
        tags=[text, f"tag {n}"],
    )


def test_hostile_strings_round_trip_unchanged(db_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    crawler = get_crawler(settings_dict={"NEWSBOT_DATABASE_URL": db_url, "NEWSBOT_SPOOL_DIR": str(tmp_path)})
    crawler.stats.open_spider()
    normalize, store = NormalizePipeline(), StorePipeline(crawler)
    for n, text in enumerate(HOSTILE):
        store.process_item(normalize.process_item(hostile_article(n, text)))
    with upgraded_sessions(db_url)() as session:
        headlines = set(session.scalars(select(models.Article.headline)))
        authors = set(session.scalars(select(models.Author.name)))
        tags = set(session.scalars(select(models.Tag.name)))
        assert session.execute(select(func.count()).select_from(models.Article)).scalar_one() == len(HOSTILE)
    assert headlines == set(HOSTILE)
    assert set(HOSTILE) <= authors
    assert set(HOSTILE) <= tags


def test_nul_characters_are_removed_not_refused(db_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    crawler = get_crawler(settings_dict={"NEWSBOT_DATABASE_URL": db_url, "NEWSBOT_SPOOL_DIR": str(tmp_path)})
    crawler.stats.open_spider()
    item = NormalizePipeline().process_item(hostile_article(99, "NUL\x00 in\x00side"))
    StorePipeline(crawler).process_item(item)
    with upgraded_sessions(db_url)() as session:
        assert session.scalars(select(models.Article.headline)).one() == "NUL inside"
        assert "NUL inside" in set(session.scalars(select(models.Tag.name)))


def test_search_treats_an_injection_string_as_words(db_url: str) -> None:
    with upgraded_sessions(db_url).begin() as session:
        repository.store_article(session, hostile_article(1, HOSTILE[0]))
    with upgraded_sessions(db_url)() as session:
        search_module.search(session, HOSTILE[0] + ' " AND OR NOT * (')  # operators and stray quotes: no error
        hits = search_module.search(session, HOSTILE[0])
        assert [hit.headline for hit in hits] == [HOSTILE[0]]
        assert session.execute(select(func.count()).select_from(models.Article)).scalar_one() == 1


def test_query_tools_open_the_database_read_only(db_url: str) -> None:
    with upgraded_sessions(db_url).begin() as session:
        repository.store_article(session, hostile_article(1, "A headline"))
    with read_only_session_factory(db_url)() as session, pytest.raises(DBAPIError, match=r"(?i)read.?only"):
        session.execute(insert(models.Tag).values(name="written by a query tool"))
    with upgraded_sessions(db_url)() as session:
        assert "written by a query tool" not in set(session.scalars(select(models.Tag.name)))
