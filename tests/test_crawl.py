"""A real crawl over HTTP of the bundled sample site, twice, into a fresh database (SQLite and PostgreSQL).

The expected figures come from the sample site's own manifest, written when the site was built.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import upgraded_sessions
from sqlalchemy import func, select

from newsbot.samplesite.server import SampleSite
from newsbot.storage import models

# Every test here reads one module-wide pair of real crawls (35 s of the suite): left out by -m 'not slow'.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = json.loads((ROOT / "newsbot" / "samplesite" / "site" / "manifest.json").read_text())


def manifest_paths(outcome: str) -> list[dict]:
    return [entry for entry in MANIFEST["pages"] if entry["outcome"] == outcome]


def scrapy_crawl(base_url: str, db_url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    """``scrapy crawl gamespot`` against the sample site, as a user would run it."""
    command = [
        sys.executable, "-m", "scrapy", "crawl", "gamespot",
        "-a", f"base_url={base_url}",
        "-s", f"NEWSBOT_DATABASE_URL={db_url}",
        "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8",
        *extra,
    ]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"scrapy crawl failed ({result.returncode}):\n{result.stderr[-4000:]}"
    return result


@dataclass
class TwoCrawls:
    db_url: str
    base_url: str
    first_log: list
    second_log: list
    first: subprocess.CompletedProcess[str]
    export: Path


@pytest.fixture(scope="module")
def crawls(tmp_path_factory: pytest.TempPathFactory, module_db_url: str) -> Iterator[TwoCrawls]:
    folder = tmp_path_factory.mktemp("crawl")
    db_url = module_db_url
    export = folder / "items.jsonl"
    with SampleSite() as site:
        first = scrapy_crawl(site.base_url, db_url, "-O", str(export))
        first_log = site.requests()
        site.clear_log()
        # Two hours on, every article is due for its 1-hour revisit: conditional requests, answered 304.
        later = (datetime.now(UTC) + timedelta(hours=2)).isoformat()
        scrapy_crawl(site.base_url, db_url, "-s", f"NEWSBOT_NOW={later}")
        second_log = site.requests()
        yield TwoCrawls(db_url, site.base_url, first_log, second_log, first, export)


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_first_crawl_stores_every_article_the_site_holds(crawls: TwoCrawls) -> None:
    expected = {entry["path"]: entry for entry in manifest_paths("stored")}
    with upgraded_sessions(crawls.db_url)() as session:
        rows = session.execute(select(models.Article.canonical_url, models.Article.headline)).all()
    stored = {path_of(url): headline for url, headline in rows}
    assert sorted(stored) == sorted(expected), "stored articles differ from the manifest's 'stored' pages"
    for path, headline in stored.items():
        assert headline == expected[path]["headline"], f"{path}: headline"


def test_second_crawl_stores_nothing_new_and_adds_one_snapshot_per_article(crawls: TwoCrawls) -> None:
    stored = len(manifest_paths("stored"))
    with upgraded_sessions(crawls.db_url)() as session:
        assert session.execute(select(func.count()).select_from(models.Article)).scalar_one() == stored
        per_article = session.execute(
            select(models.CommentSnapshot.article_id, func.count()).group_by(models.CommentSnapshot.article_id)
        ).all()
        runs = session.scalars(select(models.CrawlRun).order_by(models.CrawlRun.id)).all()
    assert len(per_article) == stored
    assert {n for _, n in per_article} == {2}
    assert [r.finish_reason for r in runs] == ["finished", "finished"]
    # Run 1 may also count a "changed" row: the original of a syndicated copy taking the copy's row over.
    assert runs[0].stats["newsbot/articles/new"] == stored
    assert (runs[1].items_stored, runs[1].items_unchanged) == (0, stored)


def test_comment_counts_match_the_pages(crawls: TwoCrawls) -> None:
    expected = {entry["path"]: entry["comment_count"] for entry in manifest_paths("stored")}
    with upgraded_sessions(crawls.db_url)() as session:
        rows = session.execute(select(models.Article.canonical_url, models.Article.comment_count)).all()
    assert {path_of(url): count for url, count in rows} == expected


def test_embeds_match_the_pages(crawls: TwoCrawls) -> None:
    expected = {
        entry["path"]: [(e["provider"], e["kind"], e["external_id"]) for e in entry["embeds"]]
        for entry in manifest_paths("stored")
    }
    with upgraded_sessions(crawls.db_url)() as session:
        rows = session.execute(
            select(models.Article.canonical_url, models.Embed.provider, models.Embed.kind, models.Embed.external_id)
            .join(models.Embed, models.Embed.article_id == models.Article.id)
            .order_by(models.Embed.article_id, models.Embed.id)
        ).all()
    stored: dict[str, list] = {path: [] for path in expected}
    for url, *embed in rows:
        stored[path_of(url)].append(tuple(embed))
    mismatched = {path: (expected[path], stored[path]) for path in expected if expected[path] != stored[path]}
    assert not mismatched, f"embeds differ from the manifest (expected, stored): {mismatched}"


def test_broken_pages_become_failures_with_reasons(crawls: TwoCrawls) -> None:
    expected = {entry["path"]: entry["reason"] for entry in manifest_paths("failure")}
    with upgraded_sessions(crawls.db_url)() as session:
        failures = session.scalars(select(models.Failure).where(models.Failure.crawl_run_id == 1)).all()
    assert {path_of(f.url) for f in failures} == set(expected)
    for failure in failures:
        assert failure.stage == "parse"
        assert expected[path_of(failure.url)] in failure.reason, failure.reason


def test_syndicated_copy_is_recorded_as_duplicate_of_the_original(crawls: TwoCrawls) -> None:
    expected = {entry["path"]: entry["duplicate_of"] for entry in manifest_paths("duplicate")}
    with upgraded_sessions(crawls.db_url)() as session:
        rows = session.execute(
            select(models.Duplicate.canonical_url, models.Article.canonical_url).join(
                models.Article, models.Article.id == models.Duplicate.duplicate_of
            )
        ).all()
    assert {path_of(copy): path_of(original) for copy, original in rows} == expected


def test_robots_disallowed_and_offsite_urls_are_never_requested(crawls: TwoCrawls) -> None:
    requested = [(r["host"], r["path"]) for r in crawls.first_log + crawls.second_log]
    assert ("127.0.0.1", "/robots.txt") in {(host.split(":")[0], path) for host, path in requested}
    never = {entry["path"] for entry in manifest_paths("never_fetch")}
    assert never, "the manifest lists no never_fetch page"
    assert not [path for _, path in requested if path.split("?")[0] in never]
    assert all(host.split(":")[0] == "127.0.0.1" for host, _ in requested), "a request left the allowed host"


def test_every_page_is_fetched_once_per_crawl(crawls: TwoCrawls) -> None:
    paths = [r["path"] for r in crawls.first_log]
    repeated = {p for p in paths if paths.count(p) > 1}
    assert not repeated


def test_user_agent_names_newsbot_and_a_contact_url(crawls: TwoCrawls) -> None:
    agents = {r["user_agent"] for r in crawls.first_log}
    assert len(agents) == 1
    agent = agents.pop()
    assert agent.startswith("newsbot/")
    assert "+http" in agent


def test_feed_export_writes_articles_with_iso_times(crawls: TwoCrawls) -> None:
    lines = [json.loads(line) for line in crawls.export.read_text().splitlines()]
    exported = {path_of(line["canonical_url"]) for line in lines}
    stored = {entry["path"] for entry in manifest_paths("stored")}
    copies = {entry["path"] for entry in manifest_paths("duplicate")}
    # A syndicated copy met before its original passes the pipelines once, before the original takes its row.
    assert stored <= exported <= stored | copies
    first = lines[0]
    assert {"url", "canonical_url", "headline", "authors", "embeds", "links", "comment_count"} <= set(first)
    dated = [line["published_at"] for line in lines if line["published_at"]]
    assert dated
    assert all(value.endswith("+00:00") for value in dated)


def test_each_run_ledger_adds_up_to_the_article_urls_it_requested(crawls: TwoCrawls) -> None:
    stored, copies, broken = (len(manifest_paths(o)) for o in ("stored", "duplicate", "failure"))
    with upgraded_sessions(crawls.db_url)() as session:
        runs = session.scalars(select(models.CrawlRun).order_by(models.CrawlRun.id)).all()
    first, second = (
        {k.removeprefix("newsbot/ledger/"): v for k, v in r.stats.items() if "/ledger/" in k} for r in runs
    )
    assert first["requested"] == stored + copies + broken
    assert (first["stored/new"], first["failures/parse"]) == (stored, broken)
    assert first["duplicates"] + first["stored/updated"] == copies  # a copy met before its original is taken over
    # Two hours on: every stored article is revisited and answers 304; the known copy is not asked for again.
    assert second["requested"] == stored + broken
    assert (second["stored/unchanged"], second["failures/parse"], second["stored/new"]) == (stored, broken, 0)
    for ledger in (first, second):
        assert ledger["requested"] == sum(v for k, v in ledger.items() if k != "requested"), ledger


def test_dropped_item_count_is_the_runs_real_drops_with_no_page_visit_in_it(crawls: TwoCrawls) -> None:
    """A page visit is no item: Scrapy's own count of dropped items holds only failures and duplicates."""
    broken = len(manifest_paths("failure"))
    with upgraded_sessions(crawls.db_url)() as session:
        first, second = session.scalars(select(models.CrawlRun).order_by(models.CrawlRun.id)).all()
    duplicates = first.stats.get("newsbot/ledger/duplicates", 0)
    assert first.stats["item_dropped_count"] == broken + duplicates
    # Every stored page answers the revisit with 304; only the broken pages, fetched again, are dropped again.
    assert second.stats["item_dropped_count"] == broken
    assert [first.items_dropped, second.items_dropped] == [broken + duplicates, broken]
