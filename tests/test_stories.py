"""Stories: the index on its own, the labelled evaluation set, the pipeline on a real database (SQLite and
PostgreSQL), and a crawl of the four sample sites whose clusters the manifests name."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pytest
from conftest import make_article, upgraded_sessions
from newsbot.pipelines.dedupe import DedupePipeline
from newsbot.pipelines.drops import Duplicate
from newsbot.pipelines.store import StorePipeline
from newsbot.pipelines.stories import StoryPipeline
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler
from sqlalchemy import func, select, text, update

from newsbot.items import Article
from newsbot.samplesite import SITE_DIR, SITES_DIR, load_manifest
from newsbot.storage import models, views
from newsbot.stories.evaluation import evaluate
from newsbot.stories.fingerprint import SCHEME, Fingerprint
from newsbot.stories.index import MAX_PER_BUCKET, StoryIndex
from newsbot.stories.multimap import SortedMultiMap

from samplesite_build.build_sites import SITE_SETUP

ROOT = Path(__file__).resolve().parents[1]
EVALUATION = ROOT / "tests" / "fixtures" / "dedupe"
TEXTS = {a["id"]: a for a in json.loads((EVALUATION / "articles.json").read_text())["articles"]}


def article(key: str, site: str | None = None, path: str | None = None) -> Article:
    """An article of the evaluation set as a parser would hand it over."""
    data = TEXTS[key]
    site = site or data["source"]
    url = f"https://www.{site}.com{path or f'/news/{key}/'}"
    return make_article(
        url,
        site=site,
        headline=data["headline"],
        body_text=data["body"],
        published_at=datetime.fromisoformat(data["published"]),
        language=data["language"],
    )


# --- the index on its own -------------------------------------------------------------------------------------


def test_a_syndicated_copy_matches_its_original_and_another_story_on_the_topic_does_not() -> None:
    index = StoryIndex(0.3)
    original = index.fingerprint("gamespot", TEXTS["mi7-stunt"]["body"])
    index.add(1, 10, original)
    copy = index.match(index.fingerprint("collider", TEXTS["mi7-stunt-syndicated"]["body"]))
    assert copy is not None
    assert (copy.article_id, copy.story_id) == (1, 10)
    assert copy.similarity > 0.7
    assert index.match(index.fingerprint("collider", TEXTS["mi7-venice"]["body"])) is None


def test_sentences_a_site_ran_in_another_article_do_not_make_two_deal_posts_alike() -> None:
    index = StoryIndex(0.3)
    first = index.fingerprint("gamespot", TEXTS["deal-starfall"]["body"])
    index.add(1, 1, first)
    second = index.fingerprint("gamespot", TEXTS["deal-headset"]["body"])
    on_its_own = StoryIndex(0.3).fingerprint("gamespot", TEXTS["deal-headset"]["body"])
    assert index.similarity(first, on_its_own) >= 0.3, "the shared disclaimer alone makes them look alike"
    assert index.similarity(first, second) < 0.2
    assert index.match(second) is None


def test_a_text_without_words_is_indexed_for_its_sentences_but_never_matched() -> None:
    index = StoryIndex(0.3)
    empty = index.fingerprint("gamespot", "… — !")
    assert empty.signature is None
    index.add(1, 1, empty)
    assert index.match(empty) is None
    assert len(index) == 0


def test_a_fingerprint_survives_bytes_and_an_index_loaded_at_once_decides_like_one_built_one_by_one() -> None:
    keys = ["mi7-stunt", "lanternfall-delay", "starfall-no-map", "iron-bastion-layoffs", "marrow-street-record"]
    built = StoryIndex(0.3)
    fingerprints = []
    for number, key in enumerate(keys):
        fingerprint = built.fingerprint(TEXTS[key]["source"], TEXTS[key]["body"])
        built.add(number, number, fingerprint)
        fingerprints.append(Fingerprint.from_bytes(fingerprint.signature_bytes(), fingerprint.sentence_bytes()))
    assert all(
        np.array_equal(f.signature, built.fingerprint("x", TEXTS[k]["body"]).signature)
        for f, k in zip(fingerprints, keys, strict=True)
    )
    loaded = StoryIndex(0.3)
    loaded.add_many(list(range(len(keys))), list(range(len(keys))), fingerprints)
    for copy, story in (("mi7-stunt-rewrite", 0), ("lanternfall-delay-rewrite", 1), ("marrow-street-casting", None)):
        for index in (built, loaded):
            match = index.match(index.fingerprint("elsewhere", TEXTS[copy]["body"]))
            assert (match.story_id if match else None) == story, (copy, index)


def test_a_bucket_read_is_capped_at_its_newest_rows() -> None:
    buckets = SortedMultiMap(np.uint32, np.uint32)
    buckets.add_many(np.full(5000, 7, dtype=np.uint32), np.arange(5000, dtype=np.uint32))  # merged, sorted part
    for row in range(5000, 5010):  # recent part
        buckets.add(np.array([7], dtype=np.uint32), row)
    assert len(buckets.lookup(np.array([7], dtype=np.uint32))) == 5010
    newest = buckets.lookup(np.array([7], dtype=np.uint32), MAX_PER_BUCKET)
    assert sorted(newest) == list(range(5010 - MAX_PER_BUCKET, 5010))
    assert buckets.lookup(np.array([7], dtype=np.uint32), 4) == [5006, 5007, 5008, 5009]


def test_a_text_run_thousands_of_times_still_finds_its_story_from_the_newest_copies() -> None:
    index = StoryIndex(0.3)
    body = TEXTS["mi7-stunt"]["body"]
    for n in range(3000):  # each from a site of its own, so no sentence counts as template text
        index.add(n, 1, index.fingerprint(f"site-{n}", body))
    match = index.match(index.fingerprint("elsewhere", TEXTS["mi7-stunt-syndicated"]["body"]))
    assert match is not None
    assert match.story_id == 1
    assert match.article_id >= 3000 - MAX_PER_BUCKET, "only the newest rows of a full bucket are read"


def test_a_boilerplate_sentence_is_remembered_once_however_many_articles_repeat_it() -> None:
    index = StoryIndex(0.3)
    for n in range(500):
        index.add(n, n, index.fingerprint("gamespot", f"Story number {n} is here. This story first ran on GameSpot."))
    assert len(index._sentences) == 501, "500 own sentences and one shared one"


def test_a_threshold_outside_0_to_1_is_refused_with_an_example() -> None:
    with pytest.raises(ValueError, match=r"try 0\.3"):
        StoryIndex(1.5)


# --- the labelled evaluation set ------------------------------------------------------------------------------


def test_story_decisions_hold_on_held_out_pairs_the_threshold_was_not_tuned_on() -> None:
    lexical, _, _ = evaluate(EVALUATION / "held_out", 0.3)
    wrong = [(p["a"], p["b"], p["label"]) for p in lexical.wrong]
    assert lexical.precision >= 0.95, f"held-out precision {lexical.precision:.3f}; wrongly joined or split: {wrong}"
    assert lexical.recall >= 0.90, f"held-out recall {lexical.recall:.3f}; wrongly joined or split: {wrong}"


def test_story_decisions_reach_precision_095_and_recall_090_on_the_labelled_pairs() -> None:
    lexical, _, _ = evaluate(EVALUATION, 0.3)
    wrong = [(p["a"], p["b"], p["label"]) for p in lexical.wrong]
    assert lexical.precision >= 0.95, f"precision {lexical.precision:.3f}; wrongly joined or split: {wrong}"
    assert lexical.recall >= 0.90, f"recall {lexical.recall:.3f}; wrongly joined or split: {wrong}"


# --- the pipeline on a database -------------------------------------------------------------------------------


class Chain:
    """dedupe -> store -> stories, as one crawler runs them."""

    def __init__(self, db_url: str, spool_dir: Path, **settings: object) -> None:
        crawler = get_crawler(
            settings_dict={"NEWSBOT_DATABASE_URL": db_url, "NEWSBOT_SPOOL_DIR": str(spool_dir), **settings}
        )
        crawler.stats.open_spider()
        self.stats = crawler.stats
        self.dedupe = DedupePipeline.from_crawler(crawler)
        self.store = StorePipeline.from_crawler(crawler)
        self.stories = StoryPipeline.from_crawler(crawler)
        self.stories.open_spider()

    def crawl(self, *articles: Article) -> None:
        for item in articles:
            try:
                item = self.dedupe.process_item(item)
            except Duplicate:
                continue
            self.stories.process_item(self.store.process_item(item))


@pytest.fixture
def chain(db_url: str, tmp_path: Path) -> Chain:
    return Chain(db_url, tmp_path / "spool")


def story_of(db_url: str) -> dict[str, int]:
    """Story id of each stored article, by canonical url path."""
    with upgraded_sessions(db_url)() as session:
        rows = session.execute(
            select(models.Article.canonical_url, models.StoryMember.story_id).join(
                models.StoryMember, models.StoryMember.article_id == models.Article.id
            )
        ).all()
    return {urlsplit(url).path: story for url, story in rows}


def test_every_stored_article_is_in_exactly_one_story_and_a_copy_joins_its_original(db_url: str, chain: Chain) -> None:
    chain.crawl(article("mi7-stunt"), article("mi7-stunt-syndicated"), article("mi7-venice"))
    with upgraded_sessions(db_url)() as session:
        articles = session.scalar(select(func.count()).select_from(models.Article))
        members = session.execute(select(models.StoryMember).order_by(models.StoryMember.id)).scalars().all()
        stories = session.execute(select(models.Story).order_by(models.Story.id)).scalars().all()
    assert articles == len(members) == 3
    assert [(s.headline, s.member_count) for s in stories] == [
        (TEXTS["mi7-stunt"]["headline"], 2),
        (TEXTS["mi7-venice"]["headline"], 1),
    ]
    first, copy, other = members
    assert (first.similarity, first.matched_article_id) == (None, None)
    assert copy.story_id == first.story_id
    assert copy.matched_article_id == first.article_id
    assert copy.similarity is not None
    assert copy.similarity > 0.7
    assert other.story_id != first.story_id
    assert chain.stats.get_value("newsbot/stories/started") == 2
    assert chain.stats.get_value("newsbot/stories/joined") == 1


def test_a_story_seen_before_a_restart_is_matched_after_it(db_url: str, tmp_path: Path) -> None:
    Chain(db_url, tmp_path / "spool").crawl(article("lanternfall-delay"))
    Chain(db_url, tmp_path / "spool").crawl(article("lanternfall-delay-rewrite"))  # a new process: index reloaded
    stories = story_of(db_url)
    assert len(stories) == 2
    assert len(set(stories.values())) == 1


def test_a_crawler_holds_no_index_of_the_database_only_what_a_batch_shares_bands_with(
    db_url: str, tmp_path: Path
) -> None:
    """The story index lives in the database: a crawler opening on 2,000 story members (200,000 in a real one)
    keeps none of them in memory, and still matches a story one of them started."""
    Chain(db_url, tmp_path / "spool").crawl(article("lanternfall-delay"))
    seen, rng = datetime(2026, 1, 1, tzinfo=UTC), np.random.default_rng(3)
    with upgraded_sessions(db_url).begin() as session:  # members other crawlers filed, before the index moved
        source = session.scalar(select(models.Source.id))
        numbers = range(1000, 3000)
        session.execute(
            models.Article.__table__.insert(),
            [
                {
                    "id": n, "source_id": source, "url": f"https://x.test/{n}", "canonical_url": f"https://x.test/{n}",
                    "headline": "h", "body_text": "b", "body_html": "", "word_count": 1, "content_hash": str(n),
                    "first_seen_at": seen, "last_seen_at": seen,
                }
                for n in numbers
            ],
        )  # fmt: skip
        session.execute(models.Story.__table__.insert(), [{"id": n, "headline": "h"} for n in numbers])
        session.execute(
            models.StoryMember.__table__.insert(),
            [{"id": n, "story_id": n, "article_id": n, "source_id": source, "joined_at": seen} for n in numbers],
        )
        signatures = rng.integers(0, 2**32, size=(len(numbers), 256), dtype=np.uint32)
        session.execute(
            models.StorySignature.__table__.insert(),
            [
                {"article_id": n, "scheme": SCHEME, "minhash": signatures[i].astype("<u4").tobytes(), "sentences": b""}
                for i, n in enumerate(numbers)
            ],
        )
    chain = Chain(db_url, tmp_path / "spool")  # opens: indexes the 2,000 members in the database
    gc.collect()
    assert sum(len(o) for o in gc.get_objects() if isinstance(o, StoryIndex)) == 0
    chain.crawl(article("lanternfall-delay-rewrite"))
    stories = story_of(db_url)
    assert stories["/news/lanternfall-delay-rewrite/"] == stories["/news/lanternfall-delay/"]
    with upgraded_sessions(db_url)() as session:
        banded = session.scalar(select(func.count(func.distinct(models.StoryBand.article_id))))
    assert banded == 2002, "every member with words has its bands in the database"


def test_a_crawl_matches_stories_met_within_the_window_and_starts_new_ones_past_it(db_url: str, tmp_path: Path) -> None:
    def crawl_on(day: int, *keys: str) -> None:
        now = f"2026-03-{1 + day:02d}T12:00:00+00:00"
        window = {"NEWSBOT_NOW": now, "NEWSBOT_STORY_WINDOW_DAYS": 7}
        Chain(db_url, tmp_path / "spool", **window).crawl(*(article(k) for k in keys))  # a new process each day

    crawl_on(0, "lanternfall-delay", "mi7-stunt")
    crawl_on(3, "lanternfall-delay-rewrite")  # 3 days on: its story is in the index
    crawl_on(10, "mi7-stunt-syndicated")  # 10 days on: mi7-stunt joined before the 7-day window and is not loaded
    stories = story_of(db_url)
    assert stories["/news/lanternfall-delay-rewrite/"] == stories["/news/lanternfall-delay/"]
    assert stories["/news/mi7-stunt-syndicated/"] != stories["/news/mi7-stunt/"]
    assert len(set(stories.values())) == 3


def test_a_copy_filed_in_the_same_batch_as_its_original_joins_the_story_the_batch_started(
    db_url: str, tmp_path: Path
) -> None:
    chain = Chain(db_url, tmp_path / "spool")
    first = [article("lanternfall-delay"), article("lanternfall-delay-rewrite"), article("mi7-stunt")]
    later = [article("mi7-stunt-rewrite")]
    for batch in (first, later):
        for item in batch:
            chain.store.process_item(item)  # stored, not filed yet
        chain.stories.file_many([a.canonical_url for a in batch])  # one batch, one decision transaction
    stories = story_of(db_url)
    assert stories["/news/lanternfall-delay-rewrite/"] == stories["/news/lanternfall-delay/"]  # same batch
    assert stories["/news/mi7-stunt-rewrite/"] == stories["/news/mi7-stunt/"]  # a story a former batch started
    with upgraded_sessions(db_url)() as session:
        counts = {story: n for story, n in session.execute(select(models.Story.id, models.Story.member_count))}
    assert counts == {stories["/news/lanternfall-delay/"]: 2, stories["/news/mi7-stunt/"]: 2}


def test_articles_stored_without_the_pipeline_get_their_story_when_a_crawl_opens(db_url: str, tmp_path: Path) -> None:
    from newsbot.storage import repository

    sessions = upgraded_sessions(db_url)
    for key in ("undertow-reveal", "undertow-reveal-syndicated", "hollow-tide-patch"):
        with sessions.begin() as session:  # as `newsbot db-replay` or a newsbot before stories stored them
            repository.store_article(session, article(key))
    Chain(db_url, tmp_path / "spool")
    stories = story_of(db_url)
    assert len(stories) == 3
    assert stories["/news/undertow-reveal/"] == stories["/news/undertow-reveal-syndicated/"]
    assert stories["/news/hollow-tide-patch/"] != stories["/news/undertow-reveal/"]
    with sessions() as session:
        keys = session.scalars(select(models.Article.url_key).order_by(models.Article.id)).all()
    assert keys == [
        f"https://{key}.com/news/{name}"
        for key, name in (
            ("gamespot", "undertow-reveal"),
            ("gamesradar", "undertow-reveal-syndicated"),
            ("gamespot", "hollow-tide-patch"),
        )
    ]


def test_fingerprints_made_by_another_version_are_made_again(db_url: str, tmp_path: Path) -> None:
    Chain(db_url, tmp_path / "spool").crawl(article("cinderpeak-shutdown"))
    with upgraded_sessions(db_url).begin() as session:
        session.execute(update(models.StorySignature).values(scheme="minhash/old", minhash=b"\x00" * 8))
    Chain(db_url, tmp_path / "spool").crawl(article("cinderpeak-shutdown-syndicated"))
    assert len(set(story_of(db_url).values())) == 1
    with upgraded_sessions(db_url)() as session:
        schemes = session.scalars(select(models.StorySignature.scheme)).all()
    assert schemes == [SCHEME, SCHEME], "the old fingerprint is made again, the new article's made with SCHEME"


def test_the_original_met_after_its_copy_takes_the_copys_place_in_the_story(db_url: str, chain: Chain) -> None:
    original = article("static-orchard-tour")
    copy = replace(article("static-orchard-tour", site="rollingstone"), published_at=datetime(2025, 10, 1, tzinfo=UTC))
    chain.crawl(copy, original)
    with upgraded_sessions(db_url)() as session:
        member = session.execute(
            select(models.Source.name, models.Article.canonical_url)
            .select_from(models.StoryMember)
            .join(models.Article, models.Article.id == models.StoryMember.article_id)
            .join(models.Source, models.Source.id == models.StoryMember.source_id)
        ).one()
        timeline = session.execute(
            select(views.story_timeline.c.position, views.story_timeline.c.source, views.story_timeline.c.joined_by)
        ).all()
    assert member == ("variety", original.canonical_url)
    assert timeline == [(1, "variety", "first seen"), (2, "rollingstone", "same text")]


def test_story_timeline_lists_every_copy_by_publication_with_hours_after_the_first(db_url: str, chain: Chain) -> None:
    exact = replace(article("tidebreaker-2-drop", site="ign"), published_at=datetime(2025, 11, 19, 5, 0, tzinfo=UTC))
    chain.crawl(article("tidebreaker-2-drop-syndicated"), article("tidebreaker-2-drop"), exact)
    with upgraded_sessions(db_url)() as session:
        rows = session.execute(select(views.story_timeline)).all()
    assert [(r.position, r.source, r.joined_by, r.copies) for r in rows] == [
        (1, "gamespot", "similar text", 3),
        (2, "ign", "same text", 3),
        (3, "gamesradar", "first seen", 3),
    ]
    assert [round(r.hours_after_first, 2) for r in rows] == [0.0, 6.0, 8.5]  # 23:00, 05:00 and 07:30 UTC
    assert rows[0].similarity > 0.7
    assert rows[1].similarity == 1.0
    assert rows[0].published_at == datetime(2025, 11, 18, 23, 0, tzinfo=UTC)


def test_the_pipeline_can_be_switched_off(db_url: str) -> None:
    crawler = get_crawler(settings_dict={"NEWSBOT_DATABASE_URL": db_url, "NEWSBOT_STORY_ENABLED": False})
    with pytest.raises(NotConfigured, match="NEWSBOT_STORY_ENABLED"):
        StoryPipeline.from_crawler(crawler)


# --- two crawlers at once -------------------------------------------------------------------------------------

ORIGINALS = [
    "mi7-stunt",
    "lanternfall-delay",
    "starfall-no-map",
    "iron-bastion-layoffs",
    "tidebreaker-2-drop",
    "marrow-street-record",
    "moonlit-sales",
    "paper-lanterns-date",
    "glass-orchard-board-game",
    "cinderpeak-shutdown",
    "quarry-kings-crossplay",
    "lighthouse-trailer",
    "undertow-reveal",
    "frostline-driver",
    "static-orchard-tour",
    "harbor-price",
]

CRAWLER = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    from scrapy.utils.test import get_crawler
    sys.path.insert(0, "tests")  # the one article factory, as pytest imports it
    from conftest import make_article
    from newsbot.pipelines.store import StorePipeline
    from newsbot.pipelines.stories import StoryPipeline

    db_url, site, folder, texts = sys.argv[1], sys.argv[2], Path(sys.argv[3]), json.loads(sys.argv[4])
    crawler = get_crawler(settings_dict={"NEWSBOT_DATABASE_URL": db_url, "NEWSBOT_SPOOL_DIR": str(folder / site)})
    crawler.stats.open_spider()
    store, stories = StorePipeline.from_crawler(crawler), StoryPipeline.from_crawler(crawler)
    stories.open_spider()
    (folder / f"{site}.ready").touch()
    while len(list(folder.glob("*.ready"))) < 2:
        time.sleep(0.01)
    for number, body in enumerate(texts):
        url = f"https://{site}.test/story-{number}/"
        item = make_article(url, site=site, headline=f"Story {number}",
                            body_text=body + f"\\n\\nThis story also runs on {site}.")
        stories.process_item(store.process_item(item))
    """
)


@pytest.mark.slow
def test_two_crawlers_meeting_copies_of_one_text_at_once_make_one_story(db_url: str, tmp_path: Path) -> None:
    upgraded_sessions(db_url)  # the schema exists before both start
    texts = json.dumps([TEXTS[key]["body"] for key in ORIGINALS])
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
    crawlers = [
        subprocess.Popen(
            [sys.executable, "-c", CRAWLER, db_url, site, str(tmp_path), texts],
            cwd=ROOT,
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for site in ("first", "second")
    ]
    for crawler in crawlers:
        _, stderr = crawler.communicate(timeout=120)
        assert crawler.returncode == 0, stderr[-3000:]
    with upgraded_sessions(db_url)() as session:
        rows = session.execute(
            select(models.Article.canonical_url, models.StoryMember.story_id).join(
                models.StoryMember, models.StoryMember.article_id == models.Article.id
            )
        ).all()
        stories = session.scalars(select(models.Story.member_count)).all()
    by_number: dict[str, set[int]] = {}
    for url, story in rows:
        by_number.setdefault(urlsplit(url).path, set()).add(story)
    assert len(rows) == 2 * len(ORIGINALS)
    assert all(len(ids) == 1 for ids in by_number.values()), f"a pair was split over two stories: {by_number}"
    assert sorted(stories) == [2] * len(ORIGINALS)


# --- a crawl of the sample sites ------------------------------------------------------------------------------

MANIFESTS = {"gamespot": load_manifest(SITE_DIR), **{name: load_manifest(SITES_DIR / name) for name in SITE_SETUP}}


def expected_clusters() -> set[frozenset[tuple[str, str]]]:
    """Pages that must share a story, from the manifests: story_with links and same-text duplicates."""
    links = []
    for site, manifest in MANIFESTS.items():
        for page in manifest["pages"]:
            if page.get("story_with"):
                links.append({(site, page["path"]), (page["story_with"]["site"], page["story_with"]["path"])})
            if page["outcome"] == "duplicate":
                links.append({(site, page["path"]), (site, page["duplicate_of"])})
    clusters: list[set[tuple[str, str]]] = []
    for link in links:
        touching = [c for c in clusters if c & link]
        merged = set(link).union(*touching)
        clusters = [c for c in clusters if not c & link] + [merged]
    return {frozenset(c) for c in clusters}


def published(site: str, path: str) -> datetime:
    page = next(p for p in MANIFESTS[site]["pages"] if p["path"] == path)
    return datetime.fromisoformat(page["published_at"])


@pytest.fixture(scope="module")
def demo_db(module_db_url: str) -> str:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")},
        "NEWSBOT_DATABASE_URL": module_db_url,
    }
    result = subprocess.run(
        [sys.executable, "-m", "newsbot.cli", "demo"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return module_db_url


def timeline(db_url: str) -> list:  # type: ignore[type-arg]
    with upgraded_sessions(db_url)() as session:
        return session.execute(select(views.story_timeline)).all()


@pytest.mark.slow
def test_crawling_the_sample_sites_makes_exactly_the_clusters_the_manifests_name(demo_db: str) -> None:
    clusters: dict[int, set[tuple[str, str]]] = {}
    for row in timeline(demo_db):
        clusters.setdefault(row.story_id, set()).add((row.source, urlsplit(row.url).path))
    found = {frozenset(c) for c in clusters.values() if len(c) > 1}
    assert found == expected_clusters()


@pytest.mark.slow
def test_copies_are_listed_in_the_order_and_hours_the_sites_published_them(demo_db: str) -> None:
    rows = [r for r in timeline(demo_db) if r.copies > 1]
    by_story: dict[int, list] = {}  # type: ignore[type-arg]
    for row in rows:
        by_story.setdefault(row.story_id, []).append(row)
    for story in by_story.values():
        times = [published(r.source, urlsplit(r.url).path) for r in story]
        assert times == sorted(times), [r.url for r in story]
        hours = [round((t - times[0]).total_seconds() / 3600, 2) for t in times]
        assert [round(r.hours_after_first, 2) for r in story] == hours
    duplicate = next(p for p in MANIFESTS["gamespot"]["pages"] if p["outcome"] == "duplicate")
    assert [r.joined_by for r in rows if urlsplit(r.url).path == duplicate["path"]] == ["same text"]


@pytest.mark.slow
def test_same_topic_pages_stay_in_stories_of_their_own(demo_db: str) -> None:
    story = {(r.source, urlsplit(r.url).path): r.story_id for r in timeline(demo_db)}
    apart = [
        ((site, page["path"]), (page["same_topic_as"]["site"], page["same_topic_as"]["path"]))
        for site, manifest in MANIFESTS.items()
        for page in manifest["pages"]
        if page.get("same_topic_as")
    ]
    assert len(apart) >= 2
    for page, other in apart:
        assert story[page] != story[other], (page, other)


@pytest.mark.slow
def test_every_article_of_the_crawl_is_in_exactly_one_story(demo_db: str) -> None:
    with upgraded_sessions(demo_db)() as session:
        articles = session.scalar(select(func.count()).select_from(models.Article))
        members = session.scalar(select(func.count(func.distinct(models.StoryMember.article_id))))
        counted = session.scalar(select(func.sum(models.Story.member_count)))
        unfiled = session.scalar(
            text("SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM story_members)")
        )
    stored = sum(1 for m in MANIFESTS.values() for p in m["pages"] if p["outcome"] == "stored")
    assert articles == members == counted == stored
    assert unfiled == 0
