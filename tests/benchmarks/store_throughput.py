"""Store throughput: articles/s through the store pipeline vs a raw SQLAlchemy Core executemany of the same rows.

Run: ``python tests/benchmarks/store_throughput.py [--articles N] [--rounds R]``. The same N parsed articles
(the sample site's pages, repeated under new urls) go (a) through ``StorePipeline.process_item`` as a crawl drives
it (in the project's batches, ``NEWSBOT_STORE_BATCH_SIZE``), and (b) into the same tables as bulk inserts (one
``executemany`` per table: articles, authors, tags, links, embeds, snapshots) without any of the pipeline's checks.
Both on SQLite, and on PostgreSQL when reachable (``NEWSBOT_TEST_POSTGRES_URL``, default
postgresql+psycopg://postgres@127.0.0.1:5432/test). Best of R rounds each. Target: the pipeline at least half the
raw rate.
"""

from __future__ import annotations

import argparse
import inspect
import os
import sys
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path

from scrapy.utils.test import get_crawler
from sqlalchemy import create_engine, insert, select, text
from twisted.internet.defer import ensureDeferred

sys.path.insert(0, str(Path(__file__).parent))
from parse_throughput import corpus

from newsbot import settings as project_settings
from newsbot.items import Article
from newsbot.parsers import gamespot
from newsbot.storage import models
from newsbot.storage.db import get_engine, session_factory
from pipelines.normalize import normalize_article
from pipelines.store import StorePipeline


def articles(count: int) -> list[Article]:
    """``count`` normalised articles: the sample pages parsed once, then copied under new urls and texts."""
    parsed = [normalize_article(gamespot.parse(url, html)) for url, html in corpus()]
    result = []
    for n in range(count):
        base = parsed[n % len(parsed)]
        url = f"{base.canonical_url}copy-{n}/"
        result.append(replace(base, url=url, canonical_url=url, body_text=f"Copy {n}. {base.body_text}"))
    return result


def through_pipeline(db_url: str, items: list[Article], spool: Path) -> float:
    """Articles/s through ``StorePipeline`` with the project's batch settings, as a crawl drives it."""
    crawler = get_crawler(
        settings_dict={
            "NEWSBOT_DATABASE_URL": db_url,
            "NEWSBOT_SPOOL_DIR": str(spool),
            "NEWSBOT_STORE_BATCH_SIZE": project_settings.NEWSBOT_STORE_BATCH_SIZE,
            "NEWSBOT_STORE_BATCH_SECONDS": project_settings.NEWSBOT_STORE_BATCH_SECONDS,
        }
    )
    crawler.stats.open_spider()
    pipeline = StorePipeline(crawler, db_url, spool)
    passed: list[object] = []
    started = time.perf_counter()
    for item in items:
        outcome = pipeline.process_item(item)
        if inspect.iscoroutine(outcome):  # batching: the item passes on once its batch is written
            ensureDeferred(outcome).addBoth(passed.append)
        else:
            passed.append(outcome)
    pipeline.close_spider()
    rate = len(items) / (time.perf_counter() - started)
    stored = crawler.stats.get_value("newsbot/articles/new", 0)
    if stored != len(items) or not all(isinstance(p, Article) for p in passed):
        raise SystemExit(f"the pipeline stored {stored} of {len(items)} articles: the measurement is void")
    return rate


def raw_executemany(db_url: str, items: list[Article]) -> float:
    """The same rows as bulk inserts: one executemany per table, ids taken from the returned keys."""
    session_factory(db_url)  # schema in place
    engine = get_engine(db_url)
    started = time.perf_counter()
    with engine.begin() as conn:
        source = conn.execute(insert(models.Source).values(name="raw").returning(models.Source.id)).scalar_one()
        rows = [
            {
                "source_id": source, "url": a.url, "canonical_url": a.canonical_url, "kind": a.kind,
                "headline": a.headline, "deck": a.deck, "body_text": a.body_text, "body_html": a.body_html,
                "published_at": a.published_at, "updated_at": a.updated_at, "language": a.language,
                "word_count": len(a.body_text.split()), "lead_image": a.lead_image, "content_hash": str(n),
                "comment_count": a.comment_count,
            }
            for n, a in enumerate(items)
        ]  # fmt: skip
        # The fastest way to ids on both databases: RETURNING in parameter order makes SQLite insert row by row.
        inserted = conn.execute(insert(models.Article).returning(models.Article.canonical_url, models.Article.id), rows)
        id_of = dict(inserted.all())
        ids = [id_of[a.canonical_url] for a in items]
        names = sorted({author.name for a in items for author in a.authors} | {"-"})
        conn.execute(insert(models.Author), [{"name": name, "url": ""} for name in names])
        author_ids = dict(conn.execute(select(models.Author.name, models.Author.id)).all())
        tags = sorted({tag for a in items for tag in a.tags} | {"-"})
        conn.execute(insert(models.Tag), [{"name": tag} for tag in tags])
        tag_ids = dict(conn.execute(select(models.Tag.name, models.Tag.id)).all())
        pairs = [(i, a) for i, a in zip(ids, items, strict=True)]
        author_rows = [
            {"article_id": i, "author_id": author_ids[au.name], "position": p}
            for i, a in pairs
            for p, au in enumerate(a.authors)
        ]
        tag_rows = [{"article_id": i, "tag_id": tag_ids[t]} for i, a in pairs for t in dict.fromkeys(a.tags)]
        link_rows = [
            {"article_id": i, "url": lk.url, "text": lk.text, "position": p}
            for i, a in pairs
            for p, lk in enumerate(a.links)
        ]
        embed_rows = [
            {"article_id": i, "provider": e.provider, "kind": e.kind, "url": e.url, "external_id": e.external_id,
             "author_handle": e.author_handle, "caption": e.caption, "position": e.position}
            for i, a in pairs for e in a.embeds
        ]  # fmt: skip
        snapshot_rows = [{"article_id": i, "count": a.comment_count} for i, a in pairs]
        for table, data in (
            (models.ArticleAuthor, author_rows), (models.ArticleTag, tag_rows), (models.Link, link_rows),
            (models.Embed, embed_rows), (models.CommentSnapshot, snapshot_rows),
        ):  # fmt: skip
            if data:
                conn.execute(insert(table.__table__), data)
    return len(items) / (time.perf_counter() - started)


def postgres_url() -> str | None:
    url = os.environ.get("NEWSBOT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    try:
        with create_engine(url).connect() as conn:
            conn.execute(text("select 1"))
    except Exception as exc:  # any failure means there is no PostgreSQL to measure
        print(f"PostgreSQL not reachable at {url} ({type(exc).__name__}); measuring SQLite only", file=sys.stderr)
        return None
    return url


def measure(name: str, make_url, items: list[Article], work: Path, rounds: int) -> float:  # type: ignore[no-untyped-def]
    """Best of ``rounds`` for each, alternating, each round into fresh tables: noise only ever slows a run down."""
    pipeline_rate = raw_rate = 0.0
    for n in range(rounds):
        pipeline_rate = max(pipeline_rate, through_pipeline(make_url(f"pipeline{n}"), items, work / f"spool-{name}{n}"))
        raw_rate = max(raw_rate, raw_executemany(make_url(f"raw{n}"), items))
    ratio = pipeline_rate / raw_rate
    print(
        f"{name}: pipeline {pipeline_rate:8.1f} articles/s | raw executemany {raw_rate:8.1f} articles/s | {ratio:.2f}x"
    )
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3, help="best of this many runs of each")
    args = parser.parse_args()
    items = articles(args.articles)
    work = Path(tempfile.mkdtemp(prefix="newsbot-store-"))
    children = sum(len(a.links) + len(a.embeds) + len(a.tags) + len(a.authors) for a in items) / len(items)
    print(
        f"{len(items)} articles, {children:.1f} child rows each; "
        f"pipeline batches of {project_settings.NEWSBOT_STORE_BATCH_SIZE}"
    )
    ratios = {"sqlite": measure("sqlite", lambda kind: f"sqlite:///{work / kind}.db", items, work, args.rounds)}
    pg = postgres_url()
    if pg:
        schemas = []

        def pg_url(kind: str) -> str:
            schema = f"bench_{kind}_{uuid.uuid4().hex[:8]}"
            with create_engine(pg).begin() as conn:
                conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            schemas.append(schema)
            return f"{pg}?options=-csearch_path%3D{schema}"

        try:
            ratios["postgresql"] = measure("postgresql", pg_url, items, work, args.rounds)
        finally:
            with create_engine(pg).begin() as conn:
                for schema in schemas:
                    conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    for name, ratio in ratios.items():
        print(f"target: pipeline >= 0.5x raw on {name}: {ratio:.2f} {'PASS' if ratio >= 0.5 else 'FAIL'}")


if __name__ == "__main__":
    main()
