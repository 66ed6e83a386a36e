"""What story filing reads of the stored articles, under the story lock; ``story_rows.py`` writes its decisions.
Each function takes a Session and leaves committing to the caller."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from newsbot.storage import models


def lock_stories(session: Session, now: datetime) -> None:
    """Take the story lock until the transaction ends: one crawler at a time decides stories.

    An UPDATE of the one ``story_lock`` row: a row lock on PostgreSQL, the database's write lock on SQLite (taken
    at once, so what the transaction reads next is the latest committed state).
    """
    session.execute(update(models.StoryLock).where(models.StoryLock.id == 1).values(held_at=now))


@dataclass(frozen=True)
class StoryArticle:
    """What story assignment needs of a stored article."""

    id: int
    source_id: int
    source: str
    headline: str
    body_text: str
    url_key: str | None
    canonical_url: str
    member_source_id: int | None  # None: not in a story yet


def _story_article_query() -> Any:
    return (
        select(
            models.Article.id,
            models.Article.source_id,
            models.Source.name.label("source"),
            models.Article.headline,
            models.Article.body_text,
            models.Article.url_key,
            models.Article.canonical_url,
            models.StoryMember.source_id.label("member_source_id"),
        )
        .join(models.Source, models.Source.id == models.Article.source_id)
        .outerjoin(models.StoryMember, models.StoryMember.article_id == models.Article.id)
    )


def story_articles(session: Session, canonical_urls: list[str]) -> list[StoryArticle]:
    """The stored articles at ``canonical_urls`` (those that are stored), by id: the order they were stored in."""
    rows = session.execute(
        _story_article_query().where(models.Article.canonical_url.in_(canonical_urls)).order_by(models.Article.id)
    )
    return [StoryArticle(**row._mapping) for row in rows]


def filing_states(session: Session, canonical_urls: list[str]) -> list[tuple[str, str | None, int, int | None]]:
    """(canonical url, url key, source id, story member's source id) of the stored articles at ``canonical_urls``:
    what deciding whether they need filing takes, without reading their text."""
    rows = session.execute(
        select(
            models.Article.canonical_url,
            models.Article.url_key,
            models.Article.source_id,
            models.StoryMember.source_id,
        )
        .outerjoin(models.StoryMember, models.StoryMember.article_id == models.Article.id)
        .where(models.Article.canonical_url.in_(canonical_urls))
    )
    return [(url, key, source, member) for url, key, source, member in rows]


def articles_without_story(session: Session, after_id: int = 0, limit: int = 200) -> list[StoryArticle]:
    """Stored articles in no story yet (stored before stories existed, or by a spool replay), by id."""
    rows = session.execute(
        _story_article_query()
        .where(models.StoryMember.id.is_(None), models.Article.id > after_id)
        .order_by(models.Article.id)
        .limit(limit)
    )
    return [StoryArticle(**row._mapping) for row in rows]


def move_story_member(session: Session, article_id: int, source_id: int) -> None:
    """Follow an article row that now holds another site's copy (the original took over its syndicated copy)."""
    session.execute(
        update(models.StoryMember).where(models.StoryMember.article_id == article_id).values(source_id=source_id)
    )
