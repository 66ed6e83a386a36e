"""Incremental crawls: new articles fetched, known ones revisited only when due, with conditional requests.

The sample site changes under the test's control (overrides), and the crawl's clock is NEWSBOT_NOW: nothing here
waits for real time to pass.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import make_article, upgraded_sessions
from scrapy import Request, Spider, signals
from scrapy.utils.test import get_crawler
from sqlalchemy import func, select

from newsbot.samplesite.server import SITE_DIR, SampleSite
from newsbot.spidermiddlewares.incremental import IncrementalMiddleware, is_due, parse_schedule
from newsbot.storage import bulk, models
from newsbot.storage.service import DatabaseService
from newsbot.storage.visits import KnownPage

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = json.loads((SITE_DIR / "manifest.json").read_text())
STORED = [p["path"] for p in MANIFEST["pages"] if p["outcome"] == "stored"]
COUNT_CHANGES = "/articles/bramblewood-director-teases-a-darker-sequel/1100-6530174/"  # 33 comments, then 41
TEXT_CHANGES = "/articles/aurora-drift-review-embargo-and-preload-times-revealed/1100-6536002/"
NEW_ARTICLE = "/articles/aurora-drift-launch-trailer-lands/1100-6599999/"
T0 = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def test_schedule_offsets_are_read_and_sorted() -> None:
    assert parse_schedule("24h, 1h,7d,30m") == [
        timedelta(minutes=30),
        timedelta(hours=1),
        timedelta(hours=24),
        timedelta(days=7),
    ]
    with pytest.raises(ValueError, match="use numbers with m, h or d"):
        parse_schedule("1h,soon")


@pytest.mark.parametrize(
    ("last_seen_hours", "now_hours", "due"),
    [
        (0, 0.5, False),  # before the first offset
        (0, 2, True),  # the 1 h revisit has come
        (2, 3, False),  # done at 2 h; the 6 h one has not come yet
        (2, 7, True),  # the 6 h revisit
        (200, 300, False),  # past the last offset (7 d = 168 h): never again
    ],
)
def test_a_page_is_due_once_per_scheduled_offset(last_seen_hours: float, now_hours: float, due: bool) -> None:
    page = KnownPage(T0, T0 + timedelta(hours=last_seen_hours), None, None)
    assert is_due(page, T0 + timedelta(hours=now_hours), parse_schedule("1h,6h,24h,3d,7d")) is due


def crawl(base_url: str, db_url: str, now: datetime, *settings: str) -> None:
    command = [
        sys.executable, "-m", "scrapy", "crawl", "gamespot", "-a", f"base_url={base_url}",
        "-s", f"NEWSBOT_DATABASE_URL={db_url}", "-s", f"NEWSBOT_NOW={now.isoformat()}",
        "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8",
    ]  # fmt: skip
    for setting in settings:
        command += ["-s", setting]
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]


def page(path: str) -> str:
    return (SITE_DIR / path.lstrip("/") / "index.html").read_text()


@pytest.mark.slow
def test_revisits_are_conditional_and_only_when_due(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'incremental.db'}"
    with SampleSite() as site:
        crawl(site.base_url, db_url, T0)
        first = site.requests()
        site.clear_log()

        # Two hours later: one page's comment count moved, one page's text was edited, one article is new.
        site.set_override(
            COUNT_CHANGES, body=page(COUNT_CHANGES).replace("There are 33 comments", "There are 41 comments")
        )
        edited = page(TEXT_CHANGES).replace("The download is a modest 14 GB.", "The download is now 16 GB.")
        site.set_override(TEXT_CHANGES, body=edited)
        fresh = page(TEXT_CHANGES).replace(TEXT_CHANGES, NEW_ARTICLE)
        fresh = fresh.replace(
            "Aurora Drift Review Embargo And Preload Times Revealed", "Aurora Drift Launch Trailer Lands"
        )
        fresh = fresh.replace("can be preloaded from Tuesday", "gets a launch trailer full of storms, out Tuesday")
        site.set_override(NEW_ARTICLE, body=fresh, status=200)
        listing = page("/news/").replace(
            "</section>", f'<a class="card-item__link" href="{NEW_ARTICLE}">new</a></section>', 1
        )
        site.set_override("/news/", body=listing)
        crawl(site.base_url, db_url, T0 + timedelta(hours=2))
        second = site.requests()
        site.clear_log()

        crawl(site.base_url, db_url, T0 + timedelta(hours=2, minutes=10))
        third = site.requests()

    articles = set(STORED)
    first_paths = {r.path for r in first if r.path in articles}
    assert first_paths == articles
    revisits = [r for r in second if r.path in articles]
    assert sorted(r.path for r in revisits) == sorted(articles), "every stored article is due at 2 h"
    assert all("If-None-Match" in r.headers for r in revisits), "revisits must be conditional"
    changed = {COUNT_CHANGES, TEXT_CHANGES}
    assert {r.path for r in revisits if r.status == 200} == changed
    assert {r.status for r in revisits if r.path not in changed} == {304}
    assert [r.status for r in second if r.path == NEW_ARTICLE] == [200]
    assert not [r.path for r in third if r.path in articles | {NEW_ARTICLE}], "nothing is due 10 minutes later"

    with upgraded_sessions(db_url)() as session:

        def snapshots(path: str) -> list[int | None]:
            return list(
                session.scalars(
                    select(models.CommentSnapshot.count)
                    .join(models.Article, models.Article.id == models.CommentSnapshot.article_id)
                    .where(models.Article.canonical_url == "https://www.gamespot.com" + path)
                    .order_by(models.CommentSnapshot.observed_at)
                )
            )

        assert snapshots(COUNT_CHANGES) == [33, 41]
        assert (
            session.execute(select(func.count()).select_from(models.CommentSnapshot)).scalar_one()
            == 2 * len(articles) + 1
        )
        versions = session.scalars(select(models.ArticleVersion.body_text)).all()
        assert len(versions) == 1
        assert "a modest 14 GB" in versions[0]
        runs = session.scalars(select(models.CrawlRun).order_by(models.CrawlRun.id)).all()
    assert runs[1].stats["newsbot/incremental/revisits"] == len(articles)
    assert runs[1].stats["newsbot/visits/not_modified"] == len(articles) - 2
    assert runs[1].stats["newsbot/incremental/new"] >= 1
    assert runs[2].stats["newsbot/incremental/skipped"] >= len(articles)


def test_every_stored_article_keeps_its_validators_with_small_batches(db_url: str) -> None:
    """An article waits for its batch while its page visit (ETag, Last-Modified) runs ahead: the validators must
    still reach its row, or the next revisit is a full download."""
    with SampleSite() as site:
        crawl(site.base_url, db_url, T0, "NEWSBOT_STORE_BATCH_SIZE=5")
    with upgraded_sessions(db_url)() as session:
        rows = session.execute(
            select(models.Article.canonical_url, models.Article.etag, models.Article.last_modified)
        ).all()
        run = session.scalars(select(models.CrawlRun)).one()
    assert len(rows) == len(STORED)
    assert [url for url, etag, modified in rows if not etag or not modified] == []
    assert run.stats["newsbot/visits/validators"] == len(STORED)


def test_the_middleware_holds_no_page_the_crawl_does_not_name(db_url: str) -> None:
    """Known pages are looked up per batch of the urls a page names, not loaded whole at spider open: a site's
    stored pages (2,000 here, 200,000 in a real database) must not all sit in every worker's memory."""
    stored_at = T0 - timedelta(minutes=10)  # the first revisit (1 h) is not due yet
    urls = [f"https://www.gamespot.com/articles/old-story-{n}/1100-{n}/" for n in range(2000)]
    with upgraded_sessions(db_url).begin() as session:
        stored = [make_article(url, headline=url, body_text=f"The text of {url}.") for url in urls]
        bulk.store_many(session, [bulk.Pending(article, stored_at) for article in stored])
    named = [urls[0], urls[1], "https://www.gamespot.com/articles/a-new-one/1100-9/"]
    settings = {"NEWSBOT_DATABASE_URL": db_url, "NEWSBOT_NOW": T0.isoformat(), "NEWSBOT_INCREMENTAL_ENABLED": True}
    crawler = get_crawler(Spider, settings_dict={**settings, "NEWSBOT_REVISIT_SCHEDULE": "1h,6h,24h,3d,7d"})
    crawler.spider = Spider(name="gamespot")
    crawler.stats.open_spider()
    middleware = IncrementalMiddleware.from_crawler(crawler)

    async def crawl_a_listing() -> list[str]:
        crawler.signals.send_catch_log(signals.spider_opened, spider=crawler.spider)
        requests = [Request(url, meta={"newsbot_article": True}) for url in named]

        async def output() -> AsyncIterator[Request]:
            for request in requests:
                yield request

        kept = [request.url async for request in middleware.process_spider_output(None, output(), crawler.spider)]
        DatabaseService.of(crawler).thread.shutdown()
        return kept

    assert asyncio.run(crawl_a_listing()) == [named[2]], "the stored pages are not due; the new one is fetched"
    gc.collect()
    assert sum(isinstance(o, KnownPage) for o in gc.get_objects()) < 10


def test_every_request_of_a_revisited_article_is_conditional(db_url: str) -> None:
    """Two pages (a feed and a listing, say) name the same due article; which of their requests the dupefilter keeps
    depends on which is scheduled first, so each must carry the article's validators, not only the first decided."""
    url = "https://www.gamespot.com/articles/old-story/1100-1/"
    with upgraded_sessions(db_url).begin() as session:
        article = make_article(url, headline="Old story", body_text="The text of the old story.")
        bulk.store_many(session, [bulk.Pending(article, T0 - timedelta(hours=2))])
        session.execute(models.Article.__table__.update().values(etag='"v1"', last_modified="Mon, 01 Jan 2024"))
    settings = {"NEWSBOT_DATABASE_URL": db_url, "NEWSBOT_NOW": T0.isoformat(), "NEWSBOT_INCREMENTAL_ENABLED": True}
    crawler = get_crawler(Spider, settings_dict={**settings, "NEWSBOT_REVISIT_SCHEDULE": "1h,6h,24h,3d,7d"})
    crawler.spider = Spider(name="gamespot")
    crawler.stats.open_spider()
    middleware = IncrementalMiddleware.from_crawler(crawler)

    async def two_pages() -> list[Request]:
        async def output() -> AsyncIterator[Request]:
            yield Request(url, meta={"newsbot_article": True})

        kept = []
        for _page in range(2):
            kept += [r async for r in middleware.process_spider_output(None, output())]
        DatabaseService.of(crawler).thread.shutdown()
        return kept

    kept = asyncio.run(two_pages())
    assert len(kept) == 2
    assert [r.headers.get("If-None-Match") for r in kept] == [b'"v1"', b'"v1"']
