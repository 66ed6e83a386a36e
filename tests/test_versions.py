"""A changed page keeps its previous headline and text in article_versions; the article row holds the new one."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from conftest import make_article, upgraded_sessions
from sqlalchemy import func, select

from newsbot.items import Article
from newsbot.storage import models, repository
from newsbot.storage.fingerprint import content_hash

FIRST_SEEN = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
CHANGED_SEEN = datetime(2025, 3, 2, 8, 30, tzinfo=UTC)


@pytest.fixture
def article() -> Article:
    url = "https://www.gamespot.com/articles/harbor-lights-delayed/1100-6500001/"
    return make_article(
        url,
        headline="Harbor Lights delayed to spring",
        deck="The studio needs more time.",
        body_text="Harbor Lights will not make its winter date.\n\nThe studio says spring.",
        body_html="<p>Harbor Lights will not make its winter date.</p><p>The studio says spring.</p>",
        published_at=datetime(2025, 3, 1, 9, 0, tzinfo=UTC),
        updated_at=datetime(2025, 3, 1, 10, 0, tzinfo=UTC),
    )


def changed(article: Article) -> Article:
    return replace(
        article,
        headline="Harbor Lights delayed again, now to summer",
        body_text="Harbor Lights will not make its spring date either.\n\nThe studio now says summer.",
        body_html="<p>Harbor Lights will not make its spring date either.</p><p>The studio now says summer.</p>",
        updated_at=datetime(2025, 3, 2, 7, 0, tzinfo=UTC),
    )


def store(db_url: str, article: Article, now: datetime) -> repository.StoreResult:
    with upgraded_sessions(db_url).begin() as session:
        return repository.store_article(session, article, now=now)


def versions(db_url: str) -> list[models.ArticleVersion]:
    with upgraded_sessions(db_url)() as session:
        return list(session.scalars(select(models.ArticleVersion).order_by(models.ArticleVersion.id)))


def test_changed_page_moves_the_old_headline_and_text_to_a_version_row(db_url: str, article: Article) -> None:
    first = store(db_url, article, FIRST_SEEN)
    second = store(db_url, changed(article), CHANGED_SEEN)
    assert (second.article_id, second.status) == (first.article_id, "changed")
    [version] = versions(db_url)
    assert (version.article_id, version.headline, version.deck) == (first.article_id, article.headline, article.deck)
    assert (version.body_text, version.body_html) == (article.body_text, article.body_html)
    assert version.content_hash == content_hash(article.body_text)
    assert version.page_modified_at == datetime(2025, 3, 1, 10, 0, tzinfo=UTC)
    assert version.replaced_at == CHANGED_SEEN
    with upgraded_sessions(db_url)() as session:
        row = session.get(models.Article, first.article_id)
    assert row is not None
    assert (row.headline, row.body_text) == (changed(article).headline, changed(article).body_text)


def test_unchanged_page_adds_no_version(db_url: str, article: Article) -> None:
    store(db_url, article, FIRST_SEEN)
    assert store(db_url, replace(article, comment_count=12), CHANGED_SEEN).status == "unchanged"
    assert versions(db_url) == []


def test_each_change_keeps_the_text_it_replaced_in_order(db_url: str, article: Article) -> None:
    third = replace(changed(article), headline="Harbor Lights is cancelled")
    store(db_url, article, FIRST_SEEN)
    store(db_url, changed(article), CHANGED_SEEN)
    store(db_url, third, CHANGED_SEEN + timedelta(days=1))
    assert [v.headline for v in versions(db_url)] == [article.headline, changed(article).headline]


def test_a_row_taken_over_from_a_syndicated_copy_keeps_no_version_of_the_copy(db_url: str, article: Article) -> None:
    copy_url = "https://syndicated.example/harbor-lights/"
    copy = replace(article, url=copy_url, canonical_url=copy_url, headline="Harbor Lights delayed (syndicated)")
    copy_id = store(db_url, copy, FIRST_SEEN).article_id
    with upgraded_sessions(db_url).begin() as session:
        repository.adopt_url(session, copy_id, canonical_url=article.canonical_url, url=article.url)
    assert store(db_url, article, CHANGED_SEEN).status == "changed"
    assert versions(db_url) == []


def test_crawlers_storing_one_page_at_once_lose_no_version(db_url: str, article: Article) -> None:
    """Each writer sees the row the previous one left: every text but the last ends up as exactly one version."""
    variants = [replace(article, headline=f"Update {n}", body_text=f"{article.body_text} ({n})") for n in range(6)]
    store(db_url, article, FIRST_SEEN)
    sessions = upgraded_sessions(db_url)
    start = threading.Barrier(len(variants))
    errors: list[BaseException] = []

    def write(variant: Article) -> None:
        try:
            start.wait()
            with sessions.begin() as session:
                repository.store_article(session, variant, now=CHANGED_SEEN)
        except BaseException as exc:  # reported below: a thread's exception would vanish otherwise
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(variant,)) for variant in variants]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with sessions() as session:
        final = session.scalar(select(models.Article.headline))
        assert session.scalar(select(func.count()).select_from(models.Article)) == 1
    kept = [v.headline for v in versions(db_url)]
    assert sorted([*kept, final]) == sorted([article.headline, *(v.headline for v in variants)])
