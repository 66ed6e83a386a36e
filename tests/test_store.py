"""The repository writes articles, their children and comment snapshots to a real SQLite file."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from newsbot.items import Article, Author, Embed, Link
from newsbot.storage import models, repository
from newsbot.storage.db import session_factory

PACIFIC = timezone(timedelta(hours=-7))


@pytest.fixture
def article() -> Article:
    return Article(
        url="https://www.gamespot.com/articles/a-story/1100-1000001/?ftag=CAD-01-10abi2f",
        canonical_url="https://www.gamespot.com/articles/a-story/1100-1000001/",
        site="gamespot",
        headline="A Story",
        deck="The deck",
        body_text="First paragraph of the story.\n\nSecond paragraph of the story.",
        body_html="<p>First paragraph of the story.</p><p>Second paragraph of the story.</p>",
        authors=[Author("Jane Doe", "https://www.gamespot.com/profile/janedoe/"), Author("John Roe")],
        published_at=datetime(2020, 9, 7, 9, 50, tzinfo=PACIFIC),
        tags=["Mission: Impossible", "Movies"],
        embeds=[
            Embed(
                "instagram",
                "post",
                "https://www.instagram.com/p/CEm0000000A/",
                "CEm0000000A",
                "someone",
                "Hi",
                1,
            )
        ],
        links=[Link("https://www.nrk.no/a", "NRK")],
        comment_count=23,
        language="en",
    )


def count(session, model) -> int:  # type: ignore[no-untyped-def]
    return session.execute(select(func.count()).select_from(model)).scalar_one()


def test_new_article_is_stored_with_authors_tags_embeds_links_and_a_snapshot(db_url: str, article: Article) -> None:
    sessions = session_factory(db_url)
    with sessions.begin() as session:
        result = repository.store_article(session, article)
    assert result.status == "new"
    with sessions() as session:
        row = session.get(models.Article, result.article_id)
        assert row is not None
        assert (row.headline, row.deck, row.comment_count, row.word_count) == ("A Story", "The deck", 23, 10)
        assert count(session, models.Author) == 2
        assert count(session, models.ArticleTag) == 2
        assert session.execute(select(models.Embed.author_handle)).scalar_one() == "someone"
        assert session.execute(select(models.Link.text)).scalar_one() == "NRK"
        assert session.execute(select(models.CommentSnapshot.count)).scalars().all() == [23]


def test_published_time_is_stored_as_the_same_instant_in_utc(db_url: str, article: Article) -> None:
    sessions = session_factory(db_url)
    with sessions.begin() as session:
        article_id = repository.store_article(session, article).article_id
    with sessions() as session:
        stored = session.get(models.Article, article_id)
        assert stored is not None
        assert stored.published_at is not None
    assert stored.published_at.tzinfo is not None
    assert stored.published_at.utcoffset() == timedelta(0)
    assert stored.published_at == datetime(2020, 9, 7, 16, 50, tzinfo=UTC)


def test_same_canonical_url_updates_its_row_instead_of_adding_one(db_url: str, article: Article) -> None:
    sessions = session_factory(db_url)
    with sessions.begin() as session:
        first = repository.store_article(session, article)
    changed = replace(article, headline="A Story (Updated)", tags=["Movies"], comment_count=30)
    with sessions.begin() as session:
        second = repository.store_article(session, changed)
    assert (second.article_id, second.status) == (first.article_id, "changed")
    with sessions() as session:
        assert count(session, models.Article) == 1
        assert session.execute(select(models.Article.headline)).scalar_one() == "A Story (Updated)"
        assert count(session, models.ArticleTag) == 1
        assert session.execute(select(models.CommentSnapshot.count)).scalars().all() == [23, 30]


def test_unchanged_page_only_adds_a_comment_snapshot(db_url: str, article: Article) -> None:
    sessions = session_factory(db_url)
    with sessions.begin() as session:
        repository.store_article(session, article)
    with sessions.begin() as session:
        result = repository.store_article(session, replace(article, comment_count=25))
    assert result.status == "unchanged"
    with sessions() as session:
        assert count(session, models.Article) == 1
        assert count(session, models.Embed) == 1
        assert session.execute(select(models.Article.comment_count)).scalar_one() == 25
        assert session.execute(select(models.CommentSnapshot.count)).scalars().all() == [23, 25]


def test_page_without_a_comment_count_stores_null_not_zero(db_url: str, article: Article) -> None:
    sessions = session_factory(db_url)
    with sessions.begin() as session:
        repository.store_article(session, replace(article, comment_count=None))
    with sessions() as session:
        assert session.execute(select(models.Article.comment_count)).scalar_one() is None
        assert session.execute(select(models.CommentSnapshot.count)).scalars().all() == [None]


def test_sqlite_database_uses_wal_busy_timeout_and_foreign_keys(db_url: str) -> None:
    sessions = session_factory(db_url)
    with sessions() as session:
        assert session.execute(select(func.sqlite_version())).scalar_one()
        conn = session.connection().connection.driver_connection
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
