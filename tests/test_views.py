"""The analyst views give the rows worked out by hand below, with the same columns on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from conftest import make_article, upgraded_sessions
from sqlalchemy import inspect, select

from newsbot.items import Article, Author, Embed
from newsbot.storage import models, repository, views
from newsbot.storage.db import get_engine

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
JANE = Author("Jane Doe", "https://www.gamespot.com/profile/jane/")
JOHN = Author("John Roe")


def embed(provider: str, n: int) -> Embed:
    return Embed(provider, "post", f"https://{provider}.example/{n}", str(n), position=n)


def article(n: int, **fields: object) -> Article:
    url = f"https://news.example/{n}/"
    body = f"Story {n} has a body long enough to be stored by the repository as it is."
    return make_article(url, headline=f"Story {n}", body_text=body, body_html="<p>x</p>", **fields)


# 1: gamespot, Jane and John, published 1 March 10:00 UTC; comments 10 at T0, 20 at T0+2h, none shown at T0+3h.
# 2: gamespot, Jane, published 1 March 23:30 at UTC-7 = 2 March 06:30 UTC; comments 7 at T0.
# 3: variety, Jane, no published date, first seen 5 March; the page never shows a comment count.
ONE = article(
    1,
    authors=[JANE, JOHN],
    published_at=datetime(2025, 3, 1, 10, 0, tzinfo=UTC),
    embeds=[embed("youtube", 1), embed("youtube", 2), embed("twitter", 3)],
)
TWO = article(
    2,
    authors=[JANE],
    published_at=datetime(2025, 3, 1, 23, 30, tzinfo=timezone(timedelta(hours=-7))).astimezone(UTC),
    embeds=[embed("youtube", 4)],
)
THREE = article(3, site="variety", authors=[JANE], embeds=[embed("instagram", 5)])
VISITS = [
    (ONE, 10, T0),
    (ONE, 20, T0 + timedelta(hours=2)),
    (ONE, None, T0 + timedelta(hours=3)),
    (TWO, 7, T0),
    (THREE, None, datetime(2025, 3, 5, 18, 0, tzinfo=UTC)),
]


@pytest.fixture
def ids(db_url: str) -> dict[str, int]:
    """The three articles stored with their visits; their ids by name."""
    stored = {}
    for item, comments, seen in VISITS:
        with upgraded_sessions(db_url).begin() as session:
            result = repository.store_article(session, replace(item, comment_count=comments), now=seen)
        stored[item.headline] = result.article_id
    return stored


def rows(db_url: str, view) -> list[tuple]:  # type: ignore[no-untyped-def]
    with upgraded_sessions(db_url)() as session:
        return [tuple(row) for row in session.execute(select(view))]


def test_every_view_has_the_declared_columns(db_url: str) -> None:
    upgraded_sessions(db_url)
    inspector = inspect(get_engine(db_url))
    assert set(inspector.get_view_names()) == set(views.metadata.tables)
    for name, view in views.metadata.tables.items():
        assert [c["name"] for c in inspector.get_columns(name)] == list(view.c.keys()), name


def test_articles_per_day_counts_by_utc_publication_day_or_first_seen(db_url: str, ids: dict[str, int]) -> None:
    assert rows(db_url, views.articles_per_day) == [
        (date(2025, 3, 1), "gamespot", 1),
        (date(2025, 3, 2), "gamespot", 1),  # 23:30 at UTC-7 is the next day in UTC
        (date(2025, 3, 5), "variety", 1),  # no published date: the day it was first seen
    ]


def test_most_commented_takes_the_latest_snapshot_that_showed_a_count(db_url: str, ids: dict[str, int]) -> None:
    assert rows(db_url, views.most_commented) == [
        (ids["Story 1"], "Story 1", "gamespot", 20, T0 + timedelta(hours=2)),
        (ids["Story 2"], "Story 2", "gamespot", 7, T0),
    ]


def test_comment_growth_is_change_per_hour_between_first_and_latest_count(db_url: str, ids: dict[str, int]) -> None:
    growth = rows(db_url, views.comment_growth)
    assert [row[:6] for row in growth] == [
        (ids["Story 1"], "Story 1", 10, 20, T0, T0 + timedelta(hours=2)),
        (ids["Story 2"], "Story 2", 7, 7, T0, T0),
    ]
    assert growth[0][6] == pytest.approx(5.0)  # 10 more comments in 2 hours
    assert growth[1][6] is None  # one snapshot: no rate yet


def test_embed_providers_counts_embeds_and_articles_per_source(db_url: str, ids: dict[str, int]) -> None:
    assert rows(db_url, views.embed_providers) == [
        ("gamespot", "youtube", 3, 2),
        ("gamespot", "twitter", 1, 1),
        ("variety", "instagram", 1, 1),
    ]


def test_author_output_counts_articles_and_dates_per_author_and_source(db_url: str, ids: dict[str, int]) -> None:
    with upgraded_sessions(db_url)() as session:
        author = dict(session.execute(select(models.Author.name, models.Author.id)).all())
    jane, john = author["Jane Doe"], author["John Roe"]
    assert rows(db_url, views.author_output) == [
        (jane, "Jane Doe", "gamespot", 2, ONE.published_at, TWO.published_at),
        (jane, "Jane Doe", "variety", 1, None, None),
        (john, "John Roe", "gamespot", 1, ONE.published_at, ONE.published_at),
    ]
