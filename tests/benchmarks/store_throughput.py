"""Store throughput: articles/s through the crawl's item pipelines vs a raw SQLAlchemy Core executemany of the rows.

Run: ``python tests/benchmarks/store_throughput.py [--articles N] [--rounds R] [--in-flight K]``. The same N parsed
articles (the sample site's pages, repeated under new urls, each text made unique) go

(a) through the project's ``ITEM_PIPELINES`` as a crawl drives them: a Scrapy crawl (its own process, the asyncio
    reactor, the project's settings and batches, so the batch timer fires) whose spider fetches nothing and hands
    the engine the parsed articles, at most K in the pipelines at once (default: what Scrapy's scraper holds at
    most, ``SCRAPER_SLOT_MAX_ACTIVE_SIZE`` over the mean page size). Validate, normalise, dedupe, store and
    stories all run; a second line leaves stories out, to show what they cost. Timed
    from the first article handed over to the last one out of the pipelines (its batch written; not up to the
    spider's close, which an engine with nothing left to download notices only at its next 5 s heartbeat);
(b) into the same tables as bulk inserts (one ``executemany`` per table: articles, authors, tags, links, embeds,
    snapshots) without any of the pipeline's checks.

Both on SQLite, and on PostgreSQL when reachable (``NEWSBOT_TEST_POSTGRES_URL``, default
postgresql+psycopg://postgres@127.0.0.1:5432/test). Best of R rounds each. Target: the crawl's pipelines at least
half the raw rate.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path

from sqlalchemy import create_engine, insert, select, text

sys.path.insert(0, str(Path(__file__).parent))
from newsbot.pipelines.normalize import normalize_article
from parse_throughput import corpus

from newsbot import settings as project_settings
from newsbot.items import Article
from newsbot.parsers import gamespot
from newsbot.storage import models
from newsbot.storage.db import get_engine, upgrade

#: The pipelines of each measured chain: the crawl's own, and the same without stories. The store cannot be run
#: without dedupe: dedupe gathers the batches, and the store writes whatever the stage before handed it (FOLLOW),
#: which without dedupe is an article or two per batch.
CHAINS = {
    "crawl": dict(project_settings.ITEM_PIPELINES),
    "without_stories": {name: n for name, n in project_settings.ITEM_PIPELINES.items() if "stories" not in name},
}


def articles(count: int) -> list[Article]:
    """``count`` articles as the parser gives them: the sample pages parsed once, copied under new urls and texts."""
    parsed = [gamespot.parse(url, html) for url, html in corpus()]
    result = []
    for n in range(count):
        base = parsed[n % len(parsed)]
        url = f"{base.canonical_url}copy-{n}/"
        result.append(replace(base, url=url, canonical_url=url, body_text=f"Copy {n}. {base.body_text}"))
    return result


def default_in_flight() -> int:
    """Articles a crawl holds in its pipelines at most: Scrapy's scraper takes responses until they add up to
    ``SCRAPER_SLOT_MAX_ACTIVE_SIZE`` bytes, and each sample page brings one article."""
    from scrapy.settings import default_settings

    pages = corpus()
    mean = sum(len(html.encode()) for _, html in pages) / len(pages)
    return max(1, int(default_settings.SCRAPER_SLOT_MAX_ACTIVE_SIZE // mean))


def crawl_in_process(db_url: str, spool: str, count: int, in_flight: int, chain: str) -> None:
    """Child process: a crawl whose spider hands the engine ``count`` parsed articles, at most ``in_flight`` in the
    pipelines at once; prints the timing and the stats as JSON."""
    from scrapy import Spider, signals
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    items = articles(count)
    clock: dict[str, float] = {}

    class HandOver(Spider):
        """Fetch nothing; yield the articles, waiting while ``in_flight`` of them are in the pipelines."""

        name = "gamespot"  # the articles' source, as in a crawl of the site

        async def start(self):  # type: ignore[no-untyped-def]
            self.open = 0
            self.done = asyncio.Event()
            for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
                self.crawler.signals.connect(self.finished, signal=signal)
            clock["first"] = time.perf_counter()
            for item in items:
                while self.open >= in_flight:
                    self.done.clear()
                    await self.done.wait()
                self.open += 1
                yield item

        def finished(self, *args: object, **kwargs: object) -> None:
            clock["last"] = time.perf_counter()
            self.open -= 1
            self.done.set()

    settings = get_project_settings()
    settings.setdict(
        {
            "NEWSBOT_DATABASE_URL": db_url,
            "NEWSBOT_SPOOL_DIR": spool,
            "ITEM_PIPELINES": CHAINS[chain],
            "NEWSBOT_PROGRESS_ENABLED": False,
            "LOG_LEVEL": "WARNING",
        },
        priority="cmdline",
    )
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(HandOver)
    process.crawl(crawler)
    process.start()
    stats = {k: v for k, v in crawler.stats.get_stats().items() if isinstance(v, int | float)}
    print(json.dumps({"seconds": clock["last"] - clock["first"], **stats}))


def through_pipelines(db_url: str, count: int, spool: Path, in_flight: int, chain: str) -> float:
    """Articles/s through the ``chain`` pipelines as a crawl drives them (a crawl process of its own)."""
    command = [sys.executable, __file__, "--child", db_url, str(spool), str(count), str(in_flight), chain]
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newsbot.settings"}
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=1800)
    if result.returncode != 0:
        sys.exit(f"the pipeline crawl failed:\n{result.stderr[-3000:]}")
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    stored = figures.get("newsbot/articles/new", 0)
    if stored != count:
        sys.exit(f"the pipelines stored {stored} of {count} articles: the measurement is void ({figures})")
    return count / figures["seconds"]


def raw_executemany(db_url: str, items: list[Article]) -> float:
    """The same rows as bulk inserts: one executemany per table, ids taken from the returned keys."""
    upgrade(db_url)  # schema in place
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


def measure(name: str, make_url, items: list[Article], work: Path, rounds: int, in_flight: int) -> float:  # type: ignore[no-untyped-def]
    """Best of ``rounds`` for each, alternating, each round into fresh tables: noise only ever slows a run down.
    Returns the crawl chain's ratio to the raw insert."""
    rates = dict.fromkeys([*CHAINS, "raw"], 0.0)
    rows = [normalize_article(item) for item in items]
    for n in range(rounds):
        for chain in CHAINS:
            rate = through_pipelines(make_url(f"{chain}{n}"), len(items), work / f"spool-{name}{n}", in_flight, chain)
            rates[chain] = max(rates[chain], rate)
        rates["raw"] = max(rates["raw"], raw_executemany(make_url(f"raw{n}"), rows))
    raw = rates["raw"]
    print(f"{name}: raw executemany {raw:8.1f} articles/s")
    print(f"  crawl's pipelines (validate .. stories) {rates['crawl']:8.1f} articles/s = {rates['crawl'] / raw:.2f}x")
    without = rates["without_stories"]
    print(f"  the same without stories                {without:8.1f} articles/s = {without / raw:.2f}x")
    return rates["crawl"] / raw


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        db_url, spool, count, in_flight, chain = sys.argv[2:]
        crawl_in_process(db_url, spool, int(count), int(in_flight), chain)
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3, help="best of this many runs of each")
    parser.add_argument("--in-flight", type=int, default=0, help="articles in the pipelines at once (0: as a crawl)")
    args = parser.parse_args()
    items = articles(args.articles)
    in_flight = args.in_flight or default_in_flight()
    work = Path(tempfile.mkdtemp(prefix="newsbot-store-"))
    children = sum(len(a.links) + len(a.embeds) + len(a.tags) + len(a.authors) for a in items) / len(items)
    print(
        f"{len(items)} articles, {children:.1f} child rows each; up to {in_flight} in the pipelines at once;"
        f" batches of {project_settings.NEWSBOT_STORE_BATCH_SIZE} or {project_settings.NEWSBOT_STORE_BATCH_SECONDS} s"
    )
    sqlite = lambda kind: f"sqlite:///{work / kind}.db"  # noqa: E731
    ratios = {"sqlite": measure("sqlite", sqlite, items, work, args.rounds, in_flight)}
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
            ratios["postgresql"] = measure("postgresql", pg_url, items, work, args.rounds, in_flight)
        finally:
            with create_engine(pg).begin() as conn:
                for schema in schemas:
                    conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    for name, ratio in ratios.items():
        print(f"target: crawl's pipelines >= 0.5x raw on {name}: {ratio:.2f} {'PASS' if ratio >= 0.5 else 'FAIL'}")


if __name__ == "__main__":
    main()
