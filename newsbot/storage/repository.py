"""Article rows: upsert with versions and children, and the same-text and url-key lookups dedupe runs; each takes
a Session and leaves committing to the caller (crawl runs: ``runs.py``; story reads: ``story_queries.py``).

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

from sqlalchemy import Table, bindparam, delete, insert, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from newsbot import items
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
