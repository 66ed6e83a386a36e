"""One text at two urls: which copy is the article, and which url is recorded as its duplicate.

Deciding reads the articles table and then writes, so two crawlers meeting two copies of one text at once could
both find nothing and both insert. ``lock_text`` closes that: the decision and the insert that follows it run in
one transaction holding a lock on the text's hash (a transaction-level advisory lock on PostgreSQL; on SQLite,
the database's write lock, taken at once). The dedupe pipeline decides first; the store pipeline decides again
under the lock in the transaction that inserts, which finds only a copy another crawler committed meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from sqlalchemy import BigInteger, bindparam, func, select, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from newsbot import items
from newsbot.storage import models, repository
from newsbot.storage.fingerprint import content_hash
from newsbot.storage.repository import StoredCopy, StoreResult

#: Built once: this runs for every stored article, and building a statement costs more than running it.
#: Advisory locks in one statement, in the order of the array (the aggregate calls the function row by row).
_ADVISORY_LOCKS = select(func.count()).select_from(
    select(func.pg_advisory_xact_lock(func.unnest(bindparam("keys", type_=postgresql.ARRAY(BigInteger))))).subquery()
)
#: Matches no row; on SQLite an UPDATE takes the write lock all the same.
_SQLITE_WRITE_LOCK = update(models.StoryLock.__table__).where(models.StoryLock.__table__.c.id == 0).values(held_at=None)


def lock_text(session: Session, digest: str) -> None:
    """Hold a lock on the content hash ``digest`` until the transaction ends."""
    lock_texts(session, [digest])


def lock_texts(session: Session, digests: Iterable[str]) -> None:
    """Hold a lock on each content hash until the transaction ends, taken in one order by every crawler."""
    if session.get_bind().dialect.name == "postgresql":
        # 64 bits of the SHA-256, as the signed bigint pg_advisory_xact_lock takes.
        keys = sorted({int.from_bytes(bytes.fromhex(d[:16]), "big", signed=True) for d in digests})
        if keys:
            session.execute(_ADVISORY_LOCKS, {"keys": keys})
    else:
        # A write takes SQLite's one write lock at once, so what the transaction reads next is the latest state.
        session.execute(_SQLITE_WRITE_LOCK)


@dataclass(frozen=True)
class Settled:
    """What became of an article whose text was stored already under another url."""

    outcome: Literal["duplicate", "original"]  # duplicate: drop it; original: it takes over the copy's row
    stored: StoredCopy


def settle(session: Session, article: items.Article, digest: str, now: datetime | None = None) -> Settled | None:
    """Decide between ``article`` and a stored article with the same text at another url, and write it down.

    The earlier-published copy is the article, whatever order the crawl met them in (unknown dates never win):
    the later one's url becomes a ``duplicates`` row with its site and date. None when no other url has the text.
    Call it with the text locked (``lock_text``) when an insert may follow in the same transaction.
    """
    stored = repository.find_same_text(session, digest, article.canonical_url)
    if stored is None:
        return None
    takes_over = is_earlier(article, stored)
    if takes_over:
        canonical, url, published = stored.canonical_url, stored.url, stored.published_at
        source = repository.source_of_article(session, stored.id)
    else:
        canonical, url, published = article.canonical_url, article.url, article.published_at
        source = repository.source_id(session, article.site)
    repository.record_duplicate(
        session, canonical_url=canonical, url=url, duplicate_of=stored.id, digest=digest, now=now
    )
    repository.note_duplicate_origin(session, canonical, source_id=source, published_at=published)
    if takes_over:
        repository.adopt_url(session, stored.id, canonical_url=article.canonical_url, url=article.url)
    return Settled("original" if takes_over else "duplicate", stored)


def store_unless_copy(
    session: Session, article: items.Article, *, crawl_run_id: int | None = None, now: datetime | None = None
) -> StoreResult:
    """``repository.store_article``, with the text locked and settled first in the same transaction.

    Status ``duplicate`` (the id is the stored article's) when another url holds the text and was published first,
    or when either date is unknown: then only the ``duplicates`` row is written.
    """
    digest = content_hash(article.body_text)
    lock_text(session, digest)
    settled = settle(session, article, digest, now)
    if settled is not None and settled.outcome == "duplicate":
        return StoreResult(settled.stored.id, "duplicate")
    result = repository.store_article(session, article, crawl_run_id=crawl_run_id, now=now)
    return replace(result, took_over=True) if settled is not None else result


def is_earlier(article: items.Article, stored: StoredCopy) -> bool:
    """True when ``article`` was published before the stored copy (unknown dates never win)."""
    if article.published_at is None or stored.published_at is None:
        return False
    return article.published_at < stored.published_at
