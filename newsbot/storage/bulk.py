"""Store many articles in one transaction: a few multi-row statements for the lot instead of a dozen per article.

``store_many`` gives the same rows and outcomes as calling ``same_text.store_unless_copy`` for each article in
order, which it does for the articles whose outcome depends on rows already stored: a url stored before (an update
or an unchanged page), a text stored at another url (a duplicate, or an original taking over its copy's row) and
a url or text a former article of the same batch brings. The rest, new pages with new texts (nearly every page of
a crawl), go in as one insert per table. Rows are written in canonical url order and shared rows (sources,
authors, tags) in name order, so two crawlers writing batches at once wait on each other, never in a circle.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, tuple_
from sqlalchemy.orm import Session

from newsbot import items
from newsbot.storage import models, repository, same_text
from newsbot.storage.fingerprint import content_hash, word_count
from newsbot.storage.repository import StoreResult, dialect_insert
from newsbot.urls import url_key

_ARTICLES = models.Article.__table__


class KnownIds:
    """Ids of the shared rows (sources, authors, tags) one writer has seen: they are never deleted, so a batch
    needs no lookup for names an earlier batch met. ``forget`` after a rollback (its new rows are gone)."""

    def __init__(self) -> None:
        self.sources: dict[str, int] = {}
        self.tags: dict[str, int] = {}
        self.authors: dict[tuple[str, str], int] = {}

    def forget(self) -> None:
        self.sources.clear()
        self.tags.clear()
        self.authors.clear()


@dataclass(frozen=True)
class Pending:
    """An article to store, as of the crawl time it was seen."""

    article: items.Article
    observed_at: datetime
    crawl_run_id: int | None = None


def store_many(session: Session, batch: Sequence[Pending], known: KnownIds | None = None) -> list[StoreResult]:
    """Store ``batch`` in order in the session's transaction; one result per article, in the same order.

    ``known`` carries shared row ids from one call to the next; call its ``forget`` when the transaction fails.
    """
    if not batch:
        return []
    known = known or KnownIds()
    digests = [content_hash(p.article.body_text) for p in batch]
    same_text.lock_texts(session, digests)
    # What is stored already under these urls and texts decides which articles need the one-by-one path.
    canonical = [p.article.canonical_url for p in batch]
    articles = _ARTICLES.c
    stored = session.execute(
        select(articles.canonical_url, articles.content_hash).where(
            articles.canonical_url.in_(canonical) | articles.content_hash.in_(digests)
        )
    ).all()
    seen_urls = {url for url, _ in stored}
    seen_texts = {digest for _, digest in stored}
    fast: list[int] = []
    for n, (url, digest) in enumerate(zip(canonical, digests, strict=True)):
        if url not in seen_urls and digest not in seen_texts:
            fast.append(n)
        seen_urls.add(url)
        seen_texts.add(digest)
    results: list[StoreResult | None] = [None] * len(batch)
    inserted = _insert_new(session, [batch[n] for n in fast], [digests[n] for n in fast], known)
    for n, article_id in zip(fast, inserted, strict=True):
        results[n] = StoreResult(article_id, "new")
    for n, pending in enumerate(batch):
        if results[n] is None:
            results[n] = same_text.store_unless_copy(
                session, pending.article, crawl_run_id=pending.crawl_run_id, now=pending.observed_at
            )
    return results  # type: ignore[return-value]


def _insert_new(session: Session, batch: list[Pending], digests: list[str], known: KnownIds) -> list[int]:
    """Insert articles no row holds yet, with their children and first comment snapshot; their ids, in order."""
    if not batch:
        return []
    order = sorted(range(len(batch)), key=lambda n: batch[n].article.canonical_url)
    sources = _ids_by_name(session, models.Source, {p.article.site for p in batch}, known.sources)
    # Each row takes its url key (dedupe finds url variants by it) unless a stored row or a former article of the
    # batch, another form of the same url, holds it.
    keys = {n: url_key(batch[n].article.canonical_url) for n in order}
    free = repository.free_url_keys(session, list(keys.values()))
    rows = []
    for n in order:
        a, now, key = batch[n].article, batch[n].observed_at, keys[n]
        if key in free:
            free.discard(key)
        else:
            key = None
        rows.append(
            {
                "source_id": sources[a.site], "url": a.url, "canonical_url": a.canonical_url, "url_key": key,
                "kind": a.kind,
                "headline": a.headline, "deck": a.deck, "body_text": a.body_text, "body_html": a.body_html,
                "published_at": a.published_at, "updated_at": a.updated_at, "language": a.language,
                "word_count": word_count(a.body_text), "lead_image": a.lead_image, "content_hash": digests[n],
                "comment_count": a.comment_count, "first_seen_at": now, "last_seen_at": now,
            }
        )  # fmt: skip
    # RETURNING without "in parameter order": both databases then insert many rows per statement.
    inserted = session.execute(insert(_ARTICLES).returning(_ARTICLES.c.canonical_url, _ARTICLES.c.id), rows)
    found = dict(inserted.all())
    ids = [found[p.article.canonical_url] for p in batch]
    _insert_children(session, batch, ids, known)
    return ids


def _insert_children(session: Session, batch: list[Pending], ids: list[int], known: KnownIds) -> None:
    """Authors, tags, embeds, links and the comment snapshot of freshly inserted articles."""
    author_keys = {(au.name, au.url or "") for p in batch for au in p.article.authors}
    authors = _author_ids(session, author_keys, known.authors)
    tags = _ids_by_name(session, models.Tag, {tag for p in batch for tag in p.article.tags}, known.tags)
    bylines, tagged, embeds, links, snapshots = [], [], [], [], []
    for pending, article_id in zip(batch, ids, strict=True):
        a = pending.article
        listed: set[int] = set()
        for position, author in enumerate(a.authors):
            author_id = authors[(author.name, author.url or "")]
            if author_id not in listed:  # a name twice in one byline is one row, at its first place
                listed.add(author_id)
                bylines.append({"article_id": article_id, "author_id": author_id, "position": position})
        tagged.extend({"article_id": article_id, "tag_id": tag_id} for tag_id in {tags[t] for t in a.tags})
        embeds.extend(
            {
                "article_id": article_id, "provider": e.provider, "kind": e.kind, "url": e.url,
                "external_id": e.external_id, "author_handle": e.author_handle, "caption": e.caption,
                "position": e.position,
            }
            for e in a.embeds
        )  # fmt: skip
        links.extend(
            {"article_id": article_id, "url": link.url, "text": link.text, "position": i}
            for i, link in enumerate(a.links)
        )
        snapshots.append(
            {
                "article_id": article_id,
                "observed_at": pending.observed_at,
                "count": a.comment_count,
                "crawl_run_id": pending.crawl_run_id,
            }
        )
    for model, rows in (
        (models.ArticleAuthor, bylines),
        (models.ArticleTag, tagged),
        (models.Embed, embeds),
        (models.Link, links),
        (models.CommentSnapshot, snapshots),
    ):
        if rows:
            session.execute(insert(model.__table__), rows)


def _ids_by_name(session: Session, model: Any, names: set[str], known: dict[str, int]) -> dict[str, int]:
    """Ids of the ``name``-keyed rows (sources, tags), inserting the missing ones in name order."""
    if unknown := names - known.keys():
        table = model.__table__
        lookup = select(table.c.name, table.c.id).where(table.c.name.in_(unknown))
        found = dict(session.execute(lookup).all())
        if missing := sorted(unknown - found.keys()):
            dialect = session.get_bind().dialect.name
            session.execute(dialect_insert(dialect)(table).on_conflict_do_nothing(), [{"name": n} for n in missing])
            found = dict(session.execute(lookup).all())
        known.update(found)
    return known


def _author_ids(
    session: Session, keys: set[tuple[str, str]], known: dict[tuple[str, str], int]
) -> dict[tuple[str, str], int]:
    """Ids of the (name, profile url) authors, inserting the missing ones in that order."""
    if unknown := keys - known.keys():
        table = models.Author.__table__
        lookup = select(table.c.name, table.c.url, table.c.id).where(tuple_(table.c.name, table.c.url).in_(unknown))
        found = {(name, url): author_id for name, url, author_id in session.execute(lookup)}
        if missing := sorted(unknown - found.keys()):
            dialect = session.get_bind().dialect.name
            session.execute(
                dialect_insert(dialect)(table).on_conflict_do_nothing(), [{"name": n, "url": u} for n, u in missing]
            )
            found = {(name, url): author_id for name, url, author_id in session.execute(lookup)}
        known.update(found)
    return known
