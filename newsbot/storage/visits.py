"""Revisit bookkeeping: which article pages a source already has, and what a revisit of one found."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from newsbot.items import PageVisit
from newsbot.storage import models
from newsbot.storage.models import utcnow

#: Urls per ``IN (...)`` list (well under SQLite's 32,766 parameters and PostgreSQL's 65,535).
_CHUNK = 500


@dataclass(frozen=True)
class KnownPage:
    """An article page already stored (or known as a copy of one), with what a revisit needs."""

    first_seen_at: datetime
    last_seen_at: datetime
    etag: str | None
    last_modified: str | None
    duplicate: bool = False


def known_pages(session: Session, source: str, urls: list[str]) -> dict[str, KnownPage]:
    """The pages among ``urls`` that ``source`` holds (articles, and copies recorded as duplicates), by url."""
    known: dict[str, KnownPage] = {}
    for chunk in range(0, len(urls), _CHUNK):
        wanted = urls[chunk : chunk + _CHUNK]
        rows = session.execute(
            select(
                models.Article.url,
                models.Article.first_seen_at,
                models.Article.last_seen_at,
                models.Article.etag,
                models.Article.last_modified,
            )
            .join(models.Source, models.Source.id == models.Article.source_id)
            .where(models.Source.name == source, models.Article.url.in_(wanted))
        )
        known.update((url, KnownPage(first, last, etag, modified)) for url, first, last, etag, modified in rows)
        copies = session.execute(
            select(models.Duplicate.url, models.Duplicate.first_seen_at, models.Duplicate.last_seen_at)
            .join(models.Article, models.Article.id == models.Duplicate.duplicate_of)
            .join(models.Source, models.Source.id == models.Article.source_id)
            .where(models.Source.name == source, models.Duplicate.url.in_(wanted))
        )
        for url, first, last in copies:
            known.setdefault(url, KnownPage(first, last, None, None, duplicate=True))
    return known


def record_not_modified(
    session: Session, visit: PageVisit, *, now: datetime | None = None, crawl_run_id: int | None = None
) -> bool:
    """Note a 304 revisit: a comment snapshot with the count last seen (the page, and so its count, is as it was)
    and a new ``last_seen_at``. False when no article row has the url."""
    now = now or utcnow()
    row = session.execute(
        select(models.Article.id, models.Article.comment_count).where(models.Article.url == visit.url)
    ).first()
    if row is None:
        return False
    session.execute(update(models.Article).where(models.Article.id == row.id).values(last_seen_at=now))
    session.execute(
        insert(models.CommentSnapshot.__table__).values(
            article_id=row.id, observed_at=now, count=row.comment_count, crawl_run_id=crawl_run_id
        )
    )
    return True


def store_validators(session: Session, visits: list[PageVisit]) -> set[str]:
    """Save the ETag and Last-Modified of fetched pages on their article rows; returns the urls that have a row
    (the others' articles are not stored yet, or never will be)."""
    if not visits:
        return set()
    urls = [v.url for v in visits]
    stored: set[str] = set()
    for chunk in range(0, len(urls), _CHUNK):
        lookup = select(models.Article.url).where(models.Article.url.in_(urls[chunk : chunk + _CHUNK]))
        stored.update(session.scalars(lookup))
    if not stored:
        return stored
    table = models.Article.__table__
    session.execute(
        update(table)
        .where(table.c.url == bindparam("page_url"))
        .values(etag=bindparam("page_etag"), last_modified=bindparam("page_last_modified")),
        [
            {"page_url": v.url, "page_etag": v.etag, "page_last_modified": v.last_modified}
            for v in visits
            if v.url in stored
        ],
    )
    return stored
