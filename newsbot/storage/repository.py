"""Queries the pipelines and tools run; each takes a Session and leaves committing to the caller.

Crawler processes may write one database at once. Every read that decides a write locks the rows it read
(``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite has one writer at a time, and the first write of a transaction
takes its lock), and shared rows (sources, authors, tags) are created in one order so two writers never wait on
each other in a circle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Table, bindparam, delete, func, insert, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from newsbot import items
from newsbot.analysis.search import SearchHit as SearchHit
from newsbot.analysis.search import search as search
from newsbot.storage import models
from newsbot.storage.fingerprint import content_hash, word_count
from newsbot.storage.models import utcnow
from newsbot.urls import url_key


def _insert(session: Session, table: Any) -> Any:
    """A dialect insert that knows ``ON CONFLICT`` (SQLite and PostgreSQL spell it the same in SQLAlchemy)."""
    return dialect_insert(session.get_bind().dialect.name)(table)


def dialect_insert(dialect: str) -> Any:
    if dialect == "postgresql":
        return postgresql.insert
    if dialect == "sqlite":
        return sqlite.insert
    raise NotImplementedError(f"newsbot supports SQLite and PostgreSQL, not {dialect}")


# Statements on the hot path are built once and executed with parameters: building them per call costs more
# than running them.
@cache
def _lookup_stmt(table: Table, columns: tuple[str, ...]) -> Any:
    return select(table.c.id).where(*(table.c[c] == bindparam(c) for c in columns))


@cache
def _insert_missing_stmt(dialect: str, table: Table) -> Any:
    return dialect_insert(dialect)(table).on_conflict_do_nothing()


def _get_or_create(session: Session, model: Any, **key: Any) -> int:
    """Id of the row with these unique key values, inserting it if missing (safe against concurrent writers)."""
    table = model.__table__
    lookup = _lookup_stmt(table, tuple(key))
    found = session.execute(lookup, key).scalar_one_or_none()
    if found is not None:
        return found
    session.execute(_insert_missing_stmt(session.get_bind().dialect.name, table), key)
    return session.execute(lookup, key).scalar_one()


def source_id(session: Session, name: str) -> int:
    """Id of the source called ``name``, created on first use."""
    return _get_or_create(session, models.Source, name=name)


@dataclass(frozen=True)
class StoreResult:
    article_id: int
    status: str  # "new", "changed" or "unchanged" (same_text.store_unless_copy adds "duplicate")
    took_over: bool = False  # the article is the original of a stored copy, whose url is now a duplicate


def store_article(
    session: Session, article: items.Article, *, crawl_run_id: int | None = None, now: datetime | None = None
) -> StoreResult:
    """Insert or update the article row for ``article.canonical_url`` and add a comment snapshot.

    An unchanged page (same headline, deck and body) only refreshes ``last_seen_at`` and ``comment_count``; a
    changed one first copies the stored headline and text to ``article_versions``.
    """
    now = now or utcnow()
    digest = content_hash(article.body_text)
    key = url_key(article.canonical_url)
    values = {
        "source_id": source_id(session, article.site),
        "url": article.url,
        "canonical_url": article.canonical_url,
        "kind": article.kind,
        "headline": article.headline,
        "deck": article.deck,
        "body_text": article.body_text,
        "body_html": article.body_html,
        "published_at": article.published_at,
        "updated_at": article.updated_at,
        "language": article.language,
        "word_count": word_count(article.body_text),
        "lead_image": article.lead_image,
        "content_hash": digest,
        "comment_count": article.comment_count,
        "first_seen_at": now,
        "last_seen_at": now,
    }
    # The url key goes in with the row (dedupe finds url variants by it), unless another form of the url holds it.
    free = bool(free_url_keys(session, [key]))
    inserted = session.execute(
        _insert(session, models.Article)
        .values(**values, url_key=key if free else None)
        .on_conflict_do_nothing(index_elements=["canonical_url"])
        .returning(models.Article.id)
    ).scalar_one_or_none()
    if inserted is not None:
        article_id, status = inserted, "new"
        _replace_children(session, article_id, article, new=True)
    else:
        row = session.execute(
            select(models.Article.id, models.Article.content_hash, models.Article.headline, models.Article.deck)
            .where(models.Article.canonical_url == article.canonical_url)
            .with_for_update()
        ).one()
        article_id = row.id
        unchanged = (row.content_hash, row.headline, row.deck) == (digest, article.headline, article.deck)
        if unchanged:
            status = "unchanged"
            session.execute(
                update(models.Article)
                .where(models.Article.id == article_id)
                .values(last_seen_at=now, comment_count=article.comment_count, url=article.url)
            )
        else:
            status = "changed"
            # '' marks a row that took over a syndicated copy's (adopt_url): the copy is not an earlier version.
            if row.content_hash:
                _save_version(session, article_id, now)
            values.pop("first_seen_at")
            session.execute(update(models.Article).where(models.Article.id == article_id).values(**values))
            _replace_children(session, article_id, article)
    session.execute(
        insert(models.CommentSnapshot.__table__).values(
            article_id=article_id, observed_at=now, count=article.comment_count, crawl_run_id=crawl_run_id
        )
    )
    return StoreResult(article_id, status)


#: What a version row keeps of the article row it copies (besides the id and updated_at).
_VERSIONED = ("headline", "deck", "body_text", "body_html", "content_hash")


def _save_version(session: Session, article_id: int, replaced_at: datetime) -> None:
    """Copy the stored headline and text of an article to ``article_versions``, in the database (no round trip)."""
    article = models.Article.__table__.c
    session.execute(
        insert(models.ArticleVersion.__table__).from_select(
            ["article_id", *_VERSIONED, "page_modified_at", "replaced_at"],
            select(
                article.id,
                *(article[name] for name in _VERSIONED),
                article.updated_at,
                literal(replaced_at, models.UTCDateTime()),
            ).where(article.id == article_id),
        )
    )


def _replace_children(session: Session, article_id: int, article: items.Article, *, new: bool = False) -> None:
    """Authors, tags, embeds and links of the article as parsed now, replacing what was stored."""
    if not new:
        for model in (models.ArticleAuthor, models.ArticleTag, models.Embed, models.Link):
            session.execute(delete(model).where(model.article_id == article_id))
    # Authors and tags are created in sorted order, whatever the byline order: two writers creating the same
    # new rows then lock them in the same order and cannot deadlock.
    keys = [(author.name, author.url or "") for author in article.authors]
    author_ids = {key: _get_or_create(session, models.Author, name=key[0], url=key[1]) for key in sorted(set(keys))}
    author_rows: dict[int, dict[str, int]] = {}
    for position, key in enumerate(keys):
        author_id = author_ids[key]
        author_rows.setdefault(author_id, {"article_id": article_id, "author_id": author_id, "position": position})
    if author_rows:
        session.execute(insert(models.ArticleAuthor.__table__), list(author_rows.values()))
    tag_ids = {_get_or_create(session, models.Tag, name=tag) for tag in sorted(set(article.tags))}
    if tag_ids:
        session.execute(
            insert(models.ArticleTag.__table__), [{"article_id": article_id, "tag_id": tag_id} for tag_id in tag_ids]
        )
    if article.embeds:
        session.execute(
            insert(models.Embed.__table__),
            [
                {
                    "article_id": article_id,
                    "provider": e.provider,
                    "kind": e.kind,
                    "url": e.url,
                    "external_id": e.external_id,
                    "author_handle": e.author_handle,
                    "caption": e.caption,
                    "position": e.position,
                }
                for e in article.embeds
            ],
        )
    if article.links:
        session.execute(
            insert(models.Link.__table__),
            [
                {"article_id": article_id, "url": link.url, "text": link.text, "position": i}
                for i, link in enumerate(article.links)
            ],
        )


@dataclass(frozen=True)
class StoredCopy:
    """An article row holding some text: what dedupe compares an incoming page with."""

    id: int
    canonical_url: str
    url: str
    published_at: datetime | None


def find_same_text(session: Session, digest: str, canonical_url: str) -> StoredCopy | None:
    """The article stored under another url with this content hash, if any.

    The row stays locked until the transaction ends: the caller decides from it which copy is the original and
    writes that down (``record_duplicate``, ``adopt_url``), and another crawler must not decide the same meanwhile.
    """
    row = session.execute(
        select(models.Article.id, models.Article.canonical_url, models.Article.url, models.Article.published_at)
        .where(models.Article.content_hash == digest, models.Article.canonical_url != canonical_url)
        .order_by(models.Article.id)
        .limit(1)
        .with_for_update()
    ).first()
    return StoredCopy(row.id, row.canonical_url, row.url, row.published_at) if row else None


def adopt_url(session: Session, article_id: int, *, canonical_url: str, url: str) -> None:
    """Move an article row to another url whose page is the earlier copy of the same text.

    The row's comment snapshots counted the later copy's comments, so they go; its content hash is reset so the
    next ``store_article`` for ``canonical_url`` rewrites the row in full from that page.
    """
    session.execute(delete(models.CommentSnapshot).where(models.CommentSnapshot.article_id == article_id))
    key = url_key(canonical_url)  # the copy's key goes with its url: a later visit of the copy is a duplicate
    session.execute(
        update(models.Article)
        .where(models.Article.id == article_id)
        .values(
            canonical_url=canonical_url,
            url=url,
            content_hash="",
            url_key=key if free_url_keys(session, [key]) else None,
        )
    )


def record_duplicate(
    session: Session,
    *,
    canonical_url: str,
    url: str,
    duplicate_of: int,
    digest: str,
    now: datetime | None = None,
) -> None:
    """Remember that ``canonical_url`` repeats article ``duplicate_of`` (refreshing ``last_seen_at`` if known)."""
    now = now or utcnow()
    stmt = _insert(session, models.Duplicate).values(
        canonical_url=canonical_url,
        url=url,
        duplicate_of=duplicate_of,
        content_hash=digest,
        first_seen_at=now,
        last_seen_at=now,
    )
    session.execute(
        stmt.on_conflict_do_update(
            index_elements=["canonical_url"],
            set_={"last_seen_at": now, "duplicate_of": duplicate_of, "content_hash": digest},
        )
    )


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
            # Recorded visits are dropped once written (so feed exports skip them); they are not refused items.
            items_dropped=int(stats.get("item_dropped_count", 0))
            - int(stats.get("item_dropped_reasons_count/Recorded", 0)),
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


def free_url_keys(session: Session, keys: list[str]) -> set[str]:
    """The url keys among ``keys`` that no article row holds."""
    if not keys:
        return set()
    held = session.scalars(select(models.Article.url_key).where(models.Article.url_key.in_(set(keys))))
    return set(keys) - set(held)


def articles_with_url_keys(session: Session, keys: list[str]) -> dict[str, str]:
    """The canonical url of the article holding each of the url keys that some stored article holds."""
    rows = session.execute(
        select(models.Article.url_key, models.Article.canonical_url).where(models.Article.url_key.in_(keys))
    )
    return {key: canonical for key, canonical in rows}


def texts_stored_at(session: Session, digests: list[str]) -> dict[str, set[str]]:
    """The canonical urls that hold each of the content hashes some stored article has."""
    found: dict[str, set[str]] = {}
    article = models.Article
    rows = session.execute(select(article.content_hash, article.canonical_url).where(article.content_hash.in_(digests)))
    for digest, canonical in rows:
        found.setdefault(digest, set()).add(canonical)
    return found


def source_of_article(session: Session, article_id: int) -> int:
    """The ``sources.id`` of an article."""
    return session.execute(select(models.Article.source_id).where(models.Article.id == article_id)).scalar_one()


def note_duplicate_origin(
    session: Session, canonical_url: str, *, source_id: int | None, published_at: datetime | None
) -> None:
    """Record which site ran a duplicate (``record_duplicate``'s row) and when its page says it was published."""
    session.execute(
        update(models.Duplicate)
        .where(models.Duplicate.canonical_url == canonical_url)
        .values(source_id=source_id, published_at=published_at)
    )


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
