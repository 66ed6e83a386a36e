"""A real ``scrapy crawl news -a profile=<site>`` over HTTP of each bundled sample site, into a temporary SQLite file.

Expected figures come from each site's manifest (``newsbot/samplesite/sites/<site>/manifest.json``), written by
``tests/samplesite_build/build_sites.py`` from the story data, never from a parser.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import upgraded_sessions
from sqlalchemy import select

from newsbot.samplesite import SITES_DIR, load_manifest
from newsbot.samplesite.server import RequestRecord, SampleSite
from newsbot.storage import models

from samplesite_build.build_sites import SITE_SETUP, build

ROOT = Path(__file__).resolve().parents[1]
SITES = sorted(SITE_SETUP)


@dataclass
class Crawl:
    site: str
    manifest: dict
    db_url: str
    log: list[RequestRecord]

    def pages(self, outcome: str) -> dict[str, dict]:
        return {p["path"]: p for p in self.manifest["pages"] if p["outcome"] == outcome}


def scrapy_crawl_news(profile: str, base_url: str, db_url: str) -> subprocess.CompletedProcess[str]:
    """``scrapy crawl news -a profile=... -a base_url=...`` as a user would run it."""
    command = [
        sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"profile={profile}", "-a", f"base_url={base_url}",
        "-s", f"NEWSBOT_DATABASE_URL={db_url}", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8",
    ]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"scrapy crawl news -a profile={profile} failed:\n{result.stderr[-4000:]}"
    return result


@pytest.fixture(scope="module", params=SITES)
def crawl(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    site = request.param
    db_url = f"sqlite:///{tmp_path_factory.mktemp(site) / 'crawl.db'}"
    with SampleSite(SITES_DIR / site) as server:
        scrapy_crawl_news(site, server.base_url, db_url)
        yield Crawl(site, load_manifest(SITES_DIR / site), db_url, server.requests())


def path_of(url: str) -> str:
    return urlsplit(url).path


@pytest.mark.slow
def test_stored_articles_are_the_manifests_stored_pages(crawl: Crawl) -> None:
    expected = crawl.pages("stored")
    with upgraded_sessions(crawl.db_url)() as session:
        rows = session.execute(
            select(models.Article.canonical_url, models.Article.headline, models.Article.comment_count)
        ).all()
    stored = {path_of(url): (headline, count) for url, headline, count in rows}
    assert sorted(stored) == sorted(expected), f"{crawl.site}: stored articles differ from the manifest"
    for path, (headline, count) in stored.items():
        assert (headline, count) == (expected[path]["headline"], expected[path]["comment_count"]), path


@pytest.mark.slow
def test_articles_are_stored_under_the_profiles_source(crawl: Crawl) -> None:
    with upgraded_sessions(crawl.db_url)() as session:
        names = session.scalars(select(models.Source.name)).all()
    assert names == [crawl.site]


@pytest.mark.slow
def test_embeds_match_the_manifest(crawl: Crawl) -> None:
    expected = {path: [tuple(e.values()) for e in page["embeds"]] for path, page in crawl.pages("stored").items()}
    with upgraded_sessions(crawl.db_url)() as session:
        rows = session.execute(
            select(models.Article.canonical_url, models.Embed.provider, models.Embed.kind, models.Embed.external_id)
            .join(models.Embed, models.Embed.article_id == models.Article.id)
            .order_by(models.Embed.article_id, models.Embed.id)
        ).all()
    stored: dict[str, list] = {path: [] for path in expected}
    for url, *embed in rows:
        stored[path_of(url)].append(tuple(embed))
    assert stored == expected


@pytest.mark.slow
def test_broken_page_is_a_parse_failure_with_its_reason(crawl: Crawl) -> None:
    expected = {path: page["reason"] for path, page in crawl.pages("failure").items()}
    with upgraded_sessions(crawl.db_url)() as session:
        failures = session.scalars(select(models.Failure)).all()
    parse = [f for f in failures if f.stage == "parse"]
    assert {path_of(f.url) for f in parse} == set(expected)
    for failure in parse:
        assert expected[path_of(failure.url)] in failure.reason, failure.reason
    # Section pages the profile's article pattern matches and the sample site lacks: each a fetch failure row.
    missing = {r.path for r in crawl.log if r.status == 404}
    assert {path_of(f.url): f.reason for f in failures if f.stage != "parse"} == dict.fromkeys(missing, "HTTP 404")


@pytest.mark.slow
def test_no_offsite_or_robots_disallowed_request(crawl: Crawl) -> None:
    hosts = {r.host.split(":")[0] for r in crawl.log}
    assert hosts == {"127.0.0.1"}, f"{crawl.site}: a request left the site: {hosts}"
    assert "/robots.txt" in {r.path for r in crawl.log}
    never = set(crawl.pages("never_fetch"))
    assert never, "the manifest lists no never_fetch page"
    requested = [r.path for r in crawl.log]
    assert not [p for p in requested if p.split("?")[0] in never or "preview=true" in p]


@pytest.mark.slow
def test_every_discovery_source_is_read_and_each_page_fetched_once(crawl: Crawl) -> None:
    requested = [r.path for r in crawl.log]
    assert set(crawl.pages("discovery")) <= set(requested)
    assert len(requested) == len(set(requested)), f"{crawl.site}: a page was fetched twice"


def test_build_reproduces_the_committed_sites_byte_for_byte(tmp_path: Path) -> None:
    build(tmp_path)
    built = {p.relative_to(tmp_path).as_posix(): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    committed = {p.relative_to(SITES_DIR).as_posix(): p.read_bytes() for p in SITES_DIR.rglob("*") if p.is_file()}
    assert sorted(built) == sorted(committed), "file lists differ; run python -m tests.samplesite_build.build_sites"
    changed = [name for name in built if built[name] != committed[name]]
    assert not changed, f"committed files differ from build_sites output (rebuild them): {changed}"


@pytest.mark.parametrize("site", SITES)
def test_each_site_has_8_to_15_article_pages_and_one_broken_page(site: str) -> None:
    pages = load_manifest(SITES_DIR / site)["pages"]
    content = [p for p in pages if p["outcome"] in ("stored", "failure", "never_fetch")]
    assert 8 <= len(content) <= 15
    assert [p["outcome"] for p in pages].count("failure") == 1
    assert {p["layout"] for p in pages if p["outcome"] == "stored"} == {"old", "new"}
