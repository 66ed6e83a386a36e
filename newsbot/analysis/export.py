"""``newsbot export``: stream articles, with their authors, tags, embeds and links, as JSON lines or CSV.

Memory stays flat whatever the size of the database: articles come off one streamed query (a server-side cursor on
PostgreSQL), ``BATCH_SIZE`` at a time, and each batch fetches its children with one query per child table. The
queries are plain SQLAlchemy Core, so SQLite and PostgreSQL run the same code.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any, TextIO

from sqlalchemy import Row, Select, bindparam, func, select
from sqlalchemy.orm import Session

from newsbot.storage import models

FORMATS = ("jsonl", "csv")
#: Articles per streamed batch (and per child query): big enough to amortise the child queries, small enough that a
#: batch of full article bodies stays a few MB.
BATCH_SIZE = 500
#: Separator of the list cells of the CSV (authors, tags, embeds).
CSV_LIST_SEPARATOR = "; "

#: Output fields, in order: the item's fields (as ``newsbot parse`` prints them) between the row's id and the
#: database's own bookkeeping.
FIELDS = (
    "id", "url", "canonical_url", "site", "headline", "deck", "authors", "published_at", "updated_at", "body_text",
    "body_html", "lead_image", "tags", "embeds", "links", "comment_count", "language", "kind", "word_count",
    "first_seen_at", "last_seen_at",
)  # fmt: skip
#: The article row's own columns among FIELDS (``site`` comes from ``sources``, the lists from child tables).
ARTICLE_COLUMNS = tuple(name for name in FIELDS if name not in ("site", "authors", "tags", "embeds", "links"))
EMBED_FIELDS = ("provider", "kind", "url", "external_id", "author_handle", "caption", "position")

_RELATIVE = re.compile(r"^\s*(\d+)\s*([hdw])\s*$")
_UNIT = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}

_a = models.Article.__table__
_ids = bindparam("ids", expanding=True)
_AUTHORS = (
    select(models.ArticleAuthor.article_id, models.Author.name, models.Author.url)
    .join(models.Author, models.Author.id == models.ArticleAuthor.author_id)
    .where(models.ArticleAuthor.article_id.in_(_ids))
    .order_by(models.ArticleAuthor.article_id, models.ArticleAuthor.position)
)
_TAGS = (
    select(models.ArticleTag.article_id, models.Tag.name)
    .join(models.Tag, models.Tag.id == models.ArticleTag.tag_id)
    .where(models.ArticleTag.article_id.in_(_ids))
    .order_by(models.ArticleTag.article_id, models.Tag.name)
)
_EMBEDS = (
    select(models.Embed.article_id, *(models.Embed.__table__.c[name] for name in EMBED_FIELDS))
    .where(models.Embed.article_id.in_(_ids))
    .order_by(models.Embed.article_id, models.Embed.position, models.Embed.id)
)
_LINKS = (
    select(models.Link.article_id, models.Link.url, models.Link.text)
    .where(models.Link.article_id.in_(_ids))
    .order_by(models.Link.article_id, models.Link.position, models.Link.id)
)


def parse_since(text: str, now: datetime | None = None) -> datetime:
    """The UTC time ``text`` names: ``7d``/``12h``/``2w`` ago, a date (midnight UTC) or an ISO 8601 time.

    A time without an offset is taken as UTC. ValueError names the accepted forms.
    """
    match = _RELATIVE.match(text)
    if match:
        return (now or datetime.now(UTC)) - int(match[1]) * _UNIT[match[2]]
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
            day = date.fromisoformat(text.strip())
            return datetime(day.year, day.month, day.day, tzinfo=UTC)
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"{text!r} is neither a time span nor a date: use e.g. 7d, 12h, 2w, 2026-01-01 or 2026-01-01T08:00+02:00"
        ) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def source_names(session: Session) -> list[str]:
    """Names of the sources in the database, sorted."""
    return list(session.scalars(select(models.Source.name).order_by(models.Source.name)))


def articles_query(source: str | None = None, since: datetime | None = None) -> Select[Any]:
    """The articles to export, oldest row first; ``since`` compares with the publication time (first seen if none)."""
    stmt = (
        select(*(_a.c[name] for name in ARTICLE_COLUMNS), models.Source.name.label("site"))
        .join(models.Source, models.Source.id == _a.c.source_id)
        .order_by(_a.c.id)
    )
    if source is not None:
        stmt = stmt.where(models.Source.name == source)
    if since is not None:
        # coalesce keeps the column's type, so the bound time is stored-format on every database.
        stmt = stmt.where(func.coalesce(_a.c.published_at, _a.c.first_seen_at) >= since)
    return stmt


def iter_articles(
    session: Session, *, source: str | None = None, since: datetime | None = None, batch_size: int = BATCH_SIZE
) -> Iterator[dict[str, Any]]:
    """One dict per article (keys ``FIELDS``; authors, tags, embeds and links as lists), streamed in batches."""
    connection = session.connection()
    result = connection.execute(articles_query(source, since).execution_options(yield_per=batch_size))
    for batch in result.partitions():
        yield from _with_children(connection, batch)


def _with_children(connection: Any, batch: Sequence[Row[Any]]) -> Iterator[dict[str, Any]]:
    ids = [row.id for row in batch]
    authors = _group(connection.execute(_AUTHORS, {"ids": ids}), lambda r: {"name": r.name, "url": r.url or None})
    tags = _group(connection.execute(_TAGS, {"ids": ids}), lambda r: r.name)
    embeds = _group(connection.execute(_EMBEDS, {"ids": ids}), lambda r: {k: r._mapping[k] for k in EMBED_FIELDS})
    links = _group(connection.execute(_LINKS, {"ids": ids}), lambda r: {"url": r.url, "text": r.text})
    for row in batch:
        record = dict(row._mapping)
        record["authors"] = authors.get(row.id, [])
        record["tags"] = tags.get(row.id, [])
        record["embeds"] = embeds.get(row.id, [])
        record["links"] = links.get(row.id, [])
        yield {name: record[name] for name in FIELDS}


def _group(rows: Iterable[Row[Any]], value: Callable[[Row[Any]], Any]) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[row.article_id].append(value(row))
    return grouped


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def csv_row(record: dict[str, Any]) -> list[Any]:
    """The CSV cells of one article: lists joined with ``; ``, embeds as ``provider:external_id`` (or url)."""
    cells = dict(record)
    cells["authors"] = CSV_LIST_SEPARATOR.join(author["name"] for author in record["authors"])
    cells["tags"] = CSV_LIST_SEPARATOR.join(record["tags"])
    embeds = (f"{embed['provider']}:{embed['external_id'] or embed['url']}" for embed in record["embeds"])
    cells["embeds"] = CSV_LIST_SEPARATOR.join(embeds)
    cells["links"] = len(record["links"])
    return [value.isoformat() if isinstance(value, datetime) else value for value in (cells[f] for f in FIELDS)]


def write(
    records: Iterable[dict[str, Any]], out: TextIO, fmt: str, progress: Callable[[int], None] | None = None
) -> int:
    """Write ``records`` to ``out`` as ``jsonl`` or ``csv`` (with a header row); returns how many were written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    writer = csv.writer(out) if fmt == "csv" else None
    if writer is not None:
        writer.writerow(FIELDS)
    count = 0
    for record in records:
        if writer is not None:
            writer.writerow(csv_row(record))
        else:
            out.write(json.dumps(record, default=_json_default, ensure_ascii=False) + "\n")
        count += 1
        if progress is not None:
            progress(count)
    return count


def export_articles(
    session: Session,
    out: TextIO,
    fmt: str,
    *,
    source: str | None = None,
    since: datetime | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Stream the matching articles to ``out`` in ``fmt``; returns the number of articles written."""
    return write(iter_articles(session, source=source, since=since), out, fmt, progress)
