"""Rows about crawls: a ``crawl_runs`` row per run, a ``failures`` row per refused page, and the counts
``newsbot stats`` shows. Each function takes a Session and leaves committing to the caller."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from newsbot.storage import models
from newsbot.storage.models import utcnow


def start_run(session: Session, spider: str, now: datetime | None = None) -> int:
    """Insert a ``crawl_runs`` row for a run starting now; returns its id."""
    return session.execute(
        insert(models.CrawlRun).values(spider=spider, started_at=now or utcnow()).returning(models.CrawlRun.id)
    ).scalar_one()


def finish_run(session: Session, run_id: int, *, reason: str, stats: dict[str, Any]) -> None:
    """Close a ``crawl_runs`` row with Scrapy's finish reason and the run's counters."""
    session.execute(
        update(models.CrawlRun)
        .where(models.CrawlRun.id == run_id)
        .values(
            finished_at=utcnow(),
            finish_reason=reason,
            pages_fetched=int(stats.get("response_received_count", 0)),
            items_stored=int(stats.get("newsbot/articles/new", 0)) + int(stats.get("newsbot/articles/changed", 0)),
            items_unchanged=int(stats.get("newsbot/articles/unchanged", 0)),
            items_dropped=int(stats.get("item_dropped_count", 0)),
            duplicates=int(stats.get("newsbot/duplicates", 0)),
            failures=int(stats.get("newsbot/failures", 0)),
            stats=_jsonable(stats),
        )
    )


def _jsonable(stats: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in stats.items()}


def record_failure(session: Session, *, url: str, stage: str, reason: str, crawl_run_id: int | None) -> None:
    """Insert a ``failures`` row."""
    session.execute(insert(models.Failure).values(url=url, stage=stage, reason=reason, crawl_run_id=crawl_run_id))


def counts_per_source(session: Session) -> list[tuple[str, int, int]]:
    """(source, articles, comment snapshots) for every source, by name."""
    snapshots = (
        select(models.Article.source_id, func.count(models.CommentSnapshot.id).label("n"))
        .join(models.CommentSnapshot, models.CommentSnapshot.article_id == models.Article.id)
        .group_by(models.Article.source_id)
        .subquery()
    )
    rows = session.execute(
        select(models.Source.name, func.count(models.Article.id), func.coalesce(snapshots.c.n, 0))
        .outerjoin(models.Article, models.Article.source_id == models.Source.id)
        .outerjoin(snapshots, snapshots.c.source_id == models.Source.id)
        .group_by(models.Source.name, snapshots.c.n)
        .order_by(models.Source.name)
    )
    return [(name, int(n), int(s)) for name, n, s in rows]


def last_runs(session: Session, limit: int = 10) -> list[models.CrawlRun]:
    """The most recent crawl runs, newest first."""
    return list(session.scalars(select(models.CrawlRun).order_by(models.CrawlRun.id.desc()).limit(limit)))


# --- url keys and stories (pipelines/dedupe.py, pipelines/stories.py) -----------------------------------------
