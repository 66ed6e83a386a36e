"""The repository writes articles, their children and comment snapshots to a real database (SQLite, PostgreSQL)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
from conftest import make_article, upgraded_sessions
from sqlalchemy import delete, func, select

from newsbot.analysis import search as search_module
from newsbot.items import Article, Author, Embed, Link
from newsbot.storage import models, repository

PACIFIC = timezone(timedelta(hours=-7))


@pytest.fixture
def article() -> Article:
    return make_article(
        "https://www.gamespot.com/articles/a-story/1100-1000001/?ftag=CAD-01-10abi2f",
        canonical_url="https://www.gamespot.com/articles/a-story/1100-1000001/",
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
    sessions = upgraded_sessions(db_url)
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
    sessions = upgraded_sessions(db_url)
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
    sessions = upgraded_sessions(db_url)
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
    sessions = upgraded_sessions(db_url)
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
    sessions = upgraded_sessions(db_url)
    with sessions.begin() as session:
        repository.store_article(session, replace(article, comment_count=None))
    with sessions() as session:
        assert session.execute(select(models.Article.comment_count)).scalar_one() is None
        assert session.execute(select(models.CommentSnapshot.count)).scalars().all() == [None]


@pytest.mark.databases("sqlite")
def test_sqlite_database_uses_wal_busy_timeout_and_foreign_keys(db_url: str) -> None:
    sessions = upgraded_sessions(db_url)
    with sessions() as session:
        assert session.execute(select(func.sqlite_version())).scalar_one()
        conn = session.connection().connection.driver_connection
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


# --- full-text search -----------------------------------------------------------------------------------------


def searchable(n: int, headline: str, body: str, **fields: object) -> Article:
    url = f"https://www.gamespot.com/articles/search-{n}/1100-{n}/"
    published = datetime(2025, 3, n, 12, 0, tzinfo=UTC)
    values = {"headline": headline, "body_text": body, "body_html": f"<p>{body}</p>", "published_at": published}
    return make_article(url, **(values | fields))


FILLER = "The studio shared a short update about release plans, patches and the roadmap for the coming months."
HEADLINE_HIT = searchable(1, "Lighthouse keeper sequel announced", FILLER)
BODY_HIT = searchable(2, "Studio roadmap for the year", f"{FILLER} One slide showed a lighthouse on a cliff.")
OTHER_SITE = searchable(3, "Lighthouse film casting news", FILLER, site="variety")
MISS = searchable(4, "Racing game patch notes", FILLER)


@pytest.fixture
def search_db(db_url: str) -> str:
    with upgraded_sessions(db_url).begin() as session:
        for item in (HEADLINE_HIT, BODY_HIT, OTHER_SITE, MISS):
            repository.store_article(session, item)
    return db_url


def search(
    db_url: str, query: str, *, source: str | None = None, since: datetime | None = None, limit: int = 10
) -> list[search_module.SearchHit]:
    with upgraded_sessions(db_url)() as session:
        return search_module.search(session, query, source=source, since=since, limit=limit)


def test_search_ranks_a_headline_match_above_a_body_only_match(search_db: str) -> None:
    hits = search(search_db, "lighthouse", source="gamespot")
    assert [hit.headline for hit in hits] == [HEADLINE_HIT.headline, BODY_HIT.headline]
    assert hits[0].rank > hits[1].rank
    best = hits[0]
    assert (best.source, best.url, best.published_at) == ("gamespot", HEADLINE_HIT.url, HEADLINE_HIT.published_at)


def test_search_filters_by_source_and_publication_time(search_db: str) -> None:
    assert [hit.source for hit in search(search_db, "lighthouse", source="variety")] == ["variety"]
    since = datetime(2025, 3, 2, tzinfo=UTC)
    recent = {hit.headline for hit in search(search_db, "lighthouse", since=since)}
    assert recent == {BODY_HIT.headline, OTHER_SITE.headline}
    assert search(search_db, "lighthouse", source="nosuchsite") == []
    assert len(search(search_db, "lighthouse", limit=1)) == 1


def test_search_snippet_marks_the_matched_word(search_db: str) -> None:
    [hit] = search(search_db, "cliff")
    assert hit.headline == BODY_HIT.headline
    assert "[cliff]" in hit.snippet


def test_search_finds_words_in_any_form_and_phrases_in_order(search_db: str) -> None:
    assert [hit.headline for hit in search(search_db, "lighthouses", source="gamespot")][:1] == [HEADLINE_HIT.headline]
    assert [hit.headline for hit in search(search_db, '"keeper sequel"')] == [HEADLINE_HIT.headline]
    assert search(search_db, '"sequel keeper"') == []


@pytest.mark.parametrize(
    "query",
    ['tom "cruise', "AND OR", "NOT", '"', '""', "*", "lighthouse*", "(lighthouse", "headline:lighthouse", "NEAR(a b)",
     "a & b | !c", "'; DROP TABLE articles; --", "\\", "\x00", "\u202e\ufeff", "   ", "", "🙂", "_", "x" * 5000,
     " ".join(["lighthouse"] * 200)],
)  # fmt: skip
def test_search_treats_any_query_text_as_words_never_as_syntax(search_db: str, query: str) -> None:
    hits = search(search_db, query)
    assert all(isinstance(hit, search_module.SearchHit) for hit in hits)


def test_search_reads_operators_and_stray_quotes_as_plain_words(search_db: str) -> None:
    assert [hit.headline for hit in search(search_db, 'keeper "sequel')] == [HEADLINE_HIT.headline]
    assert [hit.headline for hit in search(search_db, "lighthouse* OR-racing")] == []  # every word is required


def test_search_index_follows_changed_and_deleted_articles(search_db: str) -> None:
    with upgraded_sessions(search_db).begin() as session:
        repository.store_article(session, replace(HEADLINE_HIT, headline="Foghorn keeper sequel announced"))
    assert [hit.headline for hit in search(search_db, "foghorn")] == ["Foghorn keeper sequel announced"]
    assert HEADLINE_HIT.url not in {hit.url for hit in search(search_db, "lighthouse")}
    with upgraded_sessions(search_db).begin() as session:
        session.execute(delete(models.Article).where(models.Article.canonical_url == HEADLINE_HIT.canonical_url))
    assert search(search_db, "foghorn") == []


@pytest.mark.parametrize(
    ("query", "phrases", "words"),
    [
        ('tom "cruise', (), ("tom", "cruise")),
        ('"tom cruise" stunt', ("tom cruise",), ("stunt",)),
        ('"cruise" AND', (), ("cruise", "AND")),
        ("snake_case c++ 1.4", (), ("snake", "case", "c", "1", "4")),
        ('"" * -', (), ()),
    ],
)
def test_query_text_becomes_phrases_and_words(query: str, phrases: tuple, words: tuple) -> None:
    assert search_module.parse_query(query) == search_module.Terms(phrases, words)
