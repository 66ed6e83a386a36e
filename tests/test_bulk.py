"""Batched writes: ``bulk.store_many`` leaves the rows one-at-a-time storing leaves, and the store pipeline's batches
pass each item on (or drop it) only once written, a refused row failing alone."""

from __future__ import annotations

import asyncio
import zlib
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import make_article, upgraded_sessions
from newsbot.pipelines.batching import Batch
from newsbot.pipelines.dedupe import DedupePipeline
from newsbot.pipelines.drops import Duplicate, Rejected
from newsbot.pipelines.store import StorePipeline
from scrapy.utils.test import get_crawler
from sqlalchemy import func, select, update
from twisted.internet.defer import ensureDeferred
from twisted.python.failure import Failure

from newsbot.items import Article, Author, Embed, Link
from newsbot.storage import bulk, models, same_text
from newsbot.urls import url_key

SEEN = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def article(name: str, text: str, day: int, **changes: Any) -> Article:
    url = f"https://www.gamespot.com/articles/{name}/1100-{zlib.crc32(name.encode()) % 10**7}/"
    values: dict[str, Any] = dict(
        headline=f"Headline of {name}",
        body_text=text,
        body_html=f"<p>{text}</p>",
        authors=[Author("Jane Doe", "https://www.gamespot.com/profile/janedoe/"), Author(f"Writer {name}")],
        published_at=datetime(2026, 4, day, 9, 0, tzinfo=UTC),
        tags=["News", f"Tag {name}"],
        embeds=[Embed("youtube", "video", f"https://www.youtube.com/watch?v={name}", name, None, None, 1)],
        links=[Link("https://www.nrk.no/a", "NRK"), Link(f"https://example.org/{name}", name)],
        comment_count=day,
        language="en",
    )
    return make_article(url, **(values | changes))


def sentence(n: int) -> str:
    return f"Story number {n} has a text of its own. It goes on for a second sentence about story {n}."


def dump(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every stored fact, keyed by urls and names rather than ids (ids may be given out in another order)."""
    a, au, aa = models.Article, models.Author, models.ArticleAuthor
    with upgraded_sessions(url)() as s:
        url_of = dict(s.execute(select(a.id, a.canonical_url)).all())
        return {
            "articles": sorted(
                s.execute(
                    select(a.canonical_url, a.url, a.headline, a.content_hash, a.comment_count, a.word_count)
                ).all()
            ),
            "bylines": sorted(
                (url_of[i], name, pos)
                for i, name, pos in s.execute(
                    select(aa.article_id, au.name, aa.position).join(au, au.id == aa.author_id)
                )
            ),
            "tags": sorted(
                (url_of[i], name)
                for i, name in s.execute(
                    select(models.ArticleTag.article_id, models.Tag.name).join(
                        models.Tag, models.Tag.id == models.ArticleTag.tag_id
                    )
                )
            ),
            "embeds": sorted(
                (url_of[i], *rest)
                for i, *rest in s.execute(select(models.Embed.article_id, models.Embed.url, models.Embed.position))
            ),
            "links": sorted(
                (url_of[i], *rest)
                for i, *rest in s.execute(select(models.Link.article_id, models.Link.url, models.Link.position))
            ),
            "snapshots": sorted(
                (url_of[i], *rest)
                for i, *rest in s.execute(
                    select(
                        models.CommentSnapshot.article_id,
                        models.CommentSnapshot.count,
                        models.CommentSnapshot.observed_at,
                    )
                )
            ),
            "duplicates": sorted(
                (d_url, url_of[of])
                for d_url, of in s.execute(select(models.Duplicate.canonical_url, models.Duplicate.duplicate_of))
            ),
            "versions": sorted(
                (url_of[i], headline)
                for i, headline in s.execute(select(models.ArticleVersion.article_id, models.ArticleVersion.headline))
            ),
        }


def test_a_batch_leaves_the_rows_and_outcomes_of_one_article_at_a_time(two_databases: tuple[str, str]) -> None:
    one_by_one, batched = two_databases
    before = article("stored-before", sentence(9), 1)
    batch = [
        article("alpha", sentence(0), 1),
        article("beta", sentence(1), 2),
        article("alpha-copy", sentence(0), 4),  # alpha's text, published later: a duplicate
        article("delta", sentence(2), 5),
        article("delta-original", sentence(2), 3),  # delta's text, published earlier: takes over delta's row
        article("alpha", sentence(3), 1, headline="Alpha, corrected"),  # alpha again, changed: a version
        before,  # as stored before the batch: unchanged
        article("gamma", sentence(4), 6, authors=[], tags=[], embeds=[], links=[], comment_count=None),
    ]
    pending = [bulk.Pending(a, SEEN, None) for a in batch]
    results = {}
    for url in two_databases:
        with upgraded_sessions(url).begin() as session:
            same_text.store_unless_copy(session, before, now=SEEN)
    with upgraded_sessions(one_by_one).begin() as session:
        results["one by one"] = [
            same_text.store_unless_copy(session, p.article, now=p.observed_at).status for p in pending
        ]
    with upgraded_sessions(batched).begin() as session:
        stored = bulk.store_many(session, pending)
    results["batched"] = [r.status for r in stored]
    expected = ["new", "new", "duplicate", "new", "changed", "changed", "unchanged", "new"]
    assert results == {"one by one": expected, "batched": expected}
    assert [r.took_over for r in stored] == [False, False, False, False, True, False, False, False]
    first, second = dump(one_by_one), dump(batched)
    for table in first:
        assert first[table] == second[table], table
    assert len(second["articles"]) == 5  # alpha, beta, delta-original, stored-before, gamma
    assert second["duplicates"] == sorted(
        [(batch[2].canonical_url, batch[0].canonical_url), (batch[3].canonical_url, batch[4].canonical_url)]
    )
    assert [headline for _, headline in second["versions"]] == ["Headline of alpha"]


def test_shared_rows_known_from_an_earlier_batch_are_not_looked_up_again(db_url: str) -> None:
    known = bulk.KnownIds()
    sessions = upgraded_sessions(db_url)
    with sessions.begin() as session:
        bulk.store_many(session, [bulk.Pending(article("one", sentence(1), 1), SEEN)], known)
    assert set(known.tags) == {"News", "Tag one"}
    assert set(known.sources) == {"gamespot"}
    with sessions.begin() as session:
        bulk.store_many(session, [bulk.Pending(article("two", sentence(2), 2), SEEN)], known)
    with sessions() as session:
        news = session.scalar(select(models.Tag.id).where(models.Tag.name == "News"))
        tagged = session.scalar(
            select(func.count()).select_from(models.ArticleTag).where(models.ArticleTag.tag_id == news)
        )
        jane = session.scalar(select(func.count()).select_from(models.Author).where(models.Author.name == "Jane Doe"))
    assert (known.tags["News"], tagged, jane) == (news, 2, 1)


def pipeline(db_url: str, tmp_path: Path, size: int) -> StorePipeline:
    crawler = get_crawler(
        settings_dict={
            "NEWSBOT_DATABASE_URL": db_url,
            "NEWSBOT_SPOOL_DIR": str(tmp_path / "spool"),
            "NEWSBOT_STORE_BATCH_SIZE": size,
            "NEWSBOT_STORE_BATCH_SECONDS": 60,
        }
    )
    crawler.stats.open_spider()
    return StorePipeline(crawler)


def stored_count(db_url: str) -> int:
    with upgraded_sessions(db_url)() as session:
        return session.scalar(select(func.count()).select_from(models.Article)) or 0


def test_the_pipeline_writes_a_full_batch_at_once_and_the_rest_when_the_spider_closes(
    db_url: str, tmp_path: Path
) -> None:
    store = pipeline(db_url, tmp_path, size=3)
    items = [article(f"item-{n}", sentence(n), n + 1) for n in range(7)]
    outcomes: list[Any] = []
    for item in items:
        ensureDeferred(store.process_item(item)).addBoth(outcomes.append)
    assert (stored_count(db_url), len(outcomes)) == (6, 6)  # two full batches; the seventh waits
    store.close_spider()
    assert stored_count(db_url) == 7
    assert outcomes == items  # each item passed on, in order, once written
    assert store.stats.get_value("newsbot/articles/new") == 7


def test_a_row_the_database_refuses_fails_alone_and_the_rest_of_its_batch_is_stored(
    db_url: str, tmp_path: Path
) -> None:
    store = pipeline(db_url, tmp_path, size=3)
    items = [article("fine-1", sentence(1), 1), article("refused", sentence(2), 2), article("fine-2", sentence(3), 3)]
    items[1] = replace(items[1], headline=None)  # type: ignore[arg-type]  # NOT NULL: no database takes it
    outcomes: list[Any] = []
    for item in items:
        ensureDeferred(store.process_item(item)).addBoth(outcomes.append)
    assert outcomes[0] is items[0]
    assert outcomes[2] is items[2]
    refused = outcomes[1].value
    assert isinstance(refused, Rejected)
    assert refused.stage == "store"
    assert refused.url == items[1].url
    assert "database refused the row" in refused.reason
    assert stored_count(db_url) == 2


def test_a_batch_waits_at_most_its_seconds_then_hands_each_entry_its_outcome() -> None:
    writes: list[list[int]] = []

    def write(entries: list[int]) -> list[Any]:
        writes.append(entries)
        return [ValueError(n) if n < 0 else n * 10 for n in entries]

    async def run() -> list[Any]:
        batch: Batch[int] = Batch(write, size=100, seconds=0.05)
        return await asyncio.gather(batch.add(1), batch.add(-2), batch.add(3), return_exceptions=True)

    results = asyncio.run(asyncio.wait_for(run(), timeout=5))
    assert writes == [[1, -2, 3]]
    assert results[0] == 10
    assert results[2] == 30
    assert isinstance(results[1], ValueError)
    assert results[1].args == (-2,)


def test_a_batch_size_below_one_is_refused_naming_the_setting(db_url: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="NEWSBOT_STORE_BATCH_SIZE must be 1 or more"):
        pipeline(db_url, tmp_path, size=0)


def dedupe(db_url: str, size: int) -> DedupePipeline:
    crawler = get_crawler(settings_dict={"NEWSBOT_DATABASE_URL": db_url, "NEWSBOT_STORE_BATCH_SIZE": size})
    crawler.stats.open_spider()
    return DedupePipeline(crawler)


def test_dedupe_decides_a_batch_as_it_decides_one_article_at_a_time(two_databases: tuple[str, str]) -> None:
    alpha, beta = article("alpha", sentence(0), 2), article("beta", sentence(1), 5)
    variant = alpha.canonical_url.replace("https://www.", "http://")
    batch = [
        article("alpha", sentence(0), 2, url=variant, canonical_url=variant, comment_count=40),  # another url form
        article("alpha-copy", sentence(0), 6),  # alpha's text, published later: a duplicate
        article("beta-original", sentence(1), 3),  # beta's text, published earlier: takes over beta's row
        article("gamma", sentence(2), 4),  # new
    ]

    def outcome(result: Any) -> tuple[str, str]:
        if isinstance(result, Article):
            return ("pass", result.canonical_url)
        drop = result.value if isinstance(result, Failure) else result
        assert isinstance(drop, Duplicate), drop
        return ("duplicate", drop.original_url)

    outcomes = {}
    for db_url, size in zip(two_databases, (1, 4), strict=True):
        with upgraded_sessions(db_url).begin() as session:
            for stored in (alpha, beta):
                same_text.store_unless_copy(session, stored, now=SEEN)
                session.execute(  # the url key the story pipeline gives a stored article
                    update(models.Article)
                    .where(models.Article.canonical_url == stored.canonical_url)
                    .values(url_key=url_key(stored.canonical_url))
                )
        pipe, seen = dedupe(db_url, size), []
        for item in batch:
            if size > 1:
                ensureDeferred(pipe.process_item(item)).addBoth(seen.append)
                continue
            try:
                seen.append(pipe.process_item(item))
            except Duplicate as drop:
                seen.append(drop)
        pipe.close_spider()
        outcomes[size] = [outcome(result) for result in seen]
    expected = [
        ("pass", alpha.canonical_url),
        ("duplicate", alpha.canonical_url),
        ("pass", batch[2].canonical_url),
        ("pass", batch[3].canonical_url),
    ]
    assert outcomes == {1: expected, 4: expected}
    first, second = dump(two_databases[0]), dump(two_databases[1])
    assert first == second
    assert second["duplicates"] == sorted(
        [(batch[1].canonical_url, alpha.canonical_url), (beta.canonical_url, batch[2].canonical_url)]
    )
