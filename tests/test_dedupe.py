"""One row per article: url variants update their row, the same text at another url is a recorded duplicate (with
its site and date), and rows stored before url keys existed get theirs from the migration. SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import make_article, upgraded_sessions
from newsbot.pipelines.dedupe import DedupePipeline
from newsbot.pipelines.drops import Duplicate
from newsbot.pipelines.normalize import NormalizePipeline
from newsbot.pipelines.store import StorePipeline
from newsbot.pipelines.stories import StoryPipeline
from scrapy.utils.test import get_crawler
from sqlalchemy import select, text

from newsbot.items import Article
from newsbot.storage import bulk, migrations, models, spool
from newsbot.storage.db import get_engine
from newsbot.storage.spool import SpooledItem

BODY = (
    "Cinderpeak Online will shut down on May 30, four years after launch, developer Ashfall Games announced today."
    "\n\nThe studio plans a final event in the game's last month."
)
STORED = "https://www.gamespot.com/articles/cinderpeak-online-servers-will-shut-down-in-may/1100-6525001/"


def page(url: str, *, site: str = "gamespot", body: str = BODY, published: datetime | None = None) -> Article:
    return make_article(
        url,
        site=site,
        headline="Cinderpeak Online Servers Will Shut Down In May",
        body_text=body,
        published_at=published or datetime(2025, 2, 3, 16, 0, tzinfo=UTC),
    )


class Crawl:
    """normalize -> dedupe -> store -> stories, as the settings chain them."""

    def __init__(self, db_url: str, spool_dir: Path, *, stories: bool = True) -> None:
        crawler = get_crawler(settings_dict={"NEWSBOT_DATABASE_URL": db_url, "NEWSBOT_SPOOL_DIR": str(spool_dir)})
        crawler.stats.open_spider()
        self.stats = crawler.stats
        self.chain = [NormalizePipeline(), DedupePipeline.from_crawler(crawler), StorePipeline.from_crawler(crawler)]
        if stories:  # NEWSBOT_STORY_ENABLED=0 leaves the story pipeline out
            story_pipeline = StoryPipeline.from_crawler(crawler)
            story_pipeline.open_spider()
            self.chain.append(story_pipeline)

    def __call__(self, item: Article) -> str:
        """What became of ``item``: its stored canonical url, or "duplicate"."""
        try:
            for pipeline in self.chain:
                item = pipeline.process_item(item)
        except Duplicate:
            return "duplicate"
        return item.canonical_url


@pytest.fixture
def crawl(db_url: str, tmp_path: Path) -> Crawl:
    return Crawl(db_url, tmp_path / "spool")


def rows(db_url: str, *columns):  # type: ignore[no-untyped-def]
    with upgraded_sessions(db_url)() as session:
        return session.execute(select(*columns)).all()


@pytest.mark.parametrize(
    "variant",
    [
        "http://www.gamespot.com/articles/cinderpeak-online-servers-will-shut-down-in-may/1100-6525001/",
        "https://gamespot.com/articles/cinderpeak-online-servers-will-shut-down-in-may/1100-6525001",
        "https://m.gamespot.com/articles/cinderpeak-online-servers-will-shut-down-in-may/1100-6525001/?utm_source=x",
        "https://www.gamespot.com/amp/articles/cinderpeak-online-servers-will-shut-down-in-may/1100-6525001/",
        "https://WWW.GameSpot.com:443/articles/cinderpeak-online-servers-will-shut-down-in-may/1100-6525001/",
    ],
)
def test_another_form_of_a_stored_articles_url_updates_its_row(db_url: str, crawl: Crawl, variant: str) -> None:
    crawl(page(STORED))
    changed = page(variant, body=BODY + "\n\nUpdate: the date moved to June 2.")
    assert crawl(changed) == STORED
    assert rows(db_url, models.Article.canonical_url, models.Article.url) == [(STORED, variant)]  # url: as fetched
    assert rows(db_url, models.Duplicate.id) == []
    assert len(rows(db_url, models.Story.id)) == 1
    assert crawl.stats.get_value("newsbot/url_variants") == 1


@pytest.mark.parametrize("first_stored_by", ["store pipeline", "spool replay"])
def test_url_variants_find_their_row_with_stories_off(db_url: str, tmp_path: Path, first_stored_by: str) -> None:
    """The url key is written with the row, by the batch insert and by the one-row path (replay), not by stories."""
    crawl = Crawl(db_url, tmp_path / "spool", stories=False)
    if first_stored_by == "spool replay":
        entry = SpooledItem(page(STORED), observed_at=datetime(2025, 2, 3, 17, 0, tzinfo=UTC))
        assert [status for _, status in spool.replay([entry], upgraded_sessions(db_url))] == ["new"]
    else:
        assert crawl(page(STORED)) == STORED
    variant = "http://gamespot.com/articles/cinderpeak-online-servers-will-shut-down-in-may/1100-6525001"
    assert crawl(page(variant, body=BODY + "\n\nUpdate: the date moved to June 2.")) == STORED
    assert rows(db_url, models.Article.canonical_url, models.Article.url_key) == [
        (STORED, "https://gamespot.com/articles/cinderpeak-online-servers-will-shut-down-in-may/1100-6525001")
    ]
    assert crawl.stats.get_value("newsbot/url_variants") == 1


def test_two_forms_of_one_new_url_in_one_batch_do_not_fail_on_the_key(db_url: str) -> None:
    """Only one row can hold a url key: the second form of the url is stored, without the key, not refused."""
    variant = STORED.replace("https://www.", "http://")
    with upgraded_sessions(db_url).begin() as session:
        now = datetime(2025, 2, 3, 17, 0, tzinfo=UTC)
        bulk.store_many(session, [bulk.Pending(page(STORED), now), bulk.Pending(page(variant, body=BODY + " 2"), now)])
    stored = dict(rows(db_url, models.Article.canonical_url, models.Article.url_key))
    assert sorted(stored) == sorted([STORED, variant])
    assert sorted(stored.values(), key=str) == [
        None,
        "https://gamespot.com/articles/cinderpeak-online-servers-will-shut-down-in-may/1100-6525001",
    ]


def test_the_same_text_at_another_url_is_a_duplicate_with_its_site_and_date_not_a_second_story(
    db_url: str, crawl: Crawl
) -> None:
    crawl(page(STORED))
    copy = "https://www.pcgamer.com/cinderpeak-online-is-shutting-down/"
    assert crawl(page(copy, site="pcgamer", published=datetime(2025, 2, 3, 19, 45, tzinfo=UTC))) == "duplicate"
    duplicate = rows(db_url, models.Duplicate.canonical_url, models.Duplicate.source_id, models.Duplicate.published_at)
    sources = dict(rows(db_url, models.Source.id, models.Source.name))
    assert [(url, sources[source], when) for url, source, when in duplicate] == [
        (copy, "pcgamer", datetime(2025, 2, 3, 19, 45, tzinfo=UTC))
    ]
    assert len(rows(db_url, models.Article.id)) == len(rows(db_url, models.Story.id)) == 1


def test_the_original_met_after_its_copy_leaves_the_copy_recorded_under_the_copys_site(
    db_url: str, crawl: Crawl
) -> None:
    copy = page(
        "https://www.pcgamer.com/cinderpeak-online-is-shutting-down/",
        site="pcgamer",
        published=datetime(2025, 2, 3, 19, 45, tzinfo=UTC),
    )
    crawl(copy)
    assert crawl(page(STORED)) == STORED
    articles = rows(db_url, models.Article.canonical_url, models.Article.url_key)
    assert articles == [
        (STORED, "https://gamespot.com/articles/cinderpeak-online-servers-will-shut-down-in-may/1100-6525001")
    ]
    duplicate = rows(db_url, models.Duplicate.canonical_url, models.Duplicate.source_id, models.Duplicate.published_at)
    sources = dict(rows(db_url, models.Source.id, models.Source.name))
    assert [(url, sources[source], when) for url, source, when in duplicate] == [
        (copy.canonical_url, "pcgamer", copy.published_at)
    ]


def test_articles_stored_before_url_keys_are_keyed_oldest_first_and_a_later_variant_keeps_null(db_url: str) -> None:
    engine = get_engine(db_url)
    migrations.upgrade(engine, "0005")
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO sources (id, name, created_at) VALUES (1, 'gamespot', :now)"),
            {"now": datetime(2025, 1, 1, tzinfo=UTC)},
        )
        for number, url in enumerate([STORED, STORED.replace("https://www.", "http://m."), "https://x.test/a"]):
            connection.execute(
                text(
                    "INSERT INTO articles (source_id, url, canonical_url, kind, headline, body_text, body_html, "
                    "word_count, content_hash, first_seen_at, last_seen_at) "
                    "VALUES (1, :url, :canonical, 'article', 'h', 'b', '', 1, :hash, :now, :now)"
                ),
                {"url": url, "canonical": url, "hash": str(number), "now": datetime(2025, 1, 1, tzinfo=UTC)},
            )
    migrations.upgrade(engine)
    with engine.connect() as connection:
        keys = connection.execute(text("SELECT url_key FROM articles ORDER BY id")).scalars().all()
    assert keys == [
        "https://gamespot.com/articles/cinderpeak-online-servers-will-shut-down-in-may/1100-6525001",
        None,
        "https://x.test/a",
    ]


def test_a_duplicate_recorded_by_an_older_newsbot_shows_in_the_timeline_without_a_site(
    db_url: str, crawl: Crawl
) -> None:
    crawl(page(STORED))
    with upgraded_sessions(db_url).begin() as session:
        article_id = session.scalar(select(models.Article.id))
        session.execute(
            text(
                "INSERT INTO duplicates (canonical_url, url, duplicate_of, content_hash, first_seen_at, last_seen_at) "
                "VALUES ('https://old.test/a', 'https://old.test/a', :id, 'x', :now, :now)"
            ),
            {"id": article_id, "now": datetime(2025, 2, 4, tzinfo=UTC)},
        )
        copies = session.execute(text("SELECT source, joined_by, copies FROM story_timeline ORDER BY position")).all()
    assert [tuple(c) for c in copies] == [("gamespot", "first seen", 2), (None, "same text", 2)]


def test_a_url_variant_met_after_its_copy_is_still_the_same_row(db_url: str, crawl: Crawl) -> None:
    crawl(page(STORED))
    crawl(replace(page(STORED.replace("https://www.", "http://")), body_text=BODY))
    assert [url for (url,) in rows(db_url, models.Article.canonical_url)] == [STORED]
