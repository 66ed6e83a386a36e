"""Runs are named by site: two profile sites crawled by the one ``news`` spider into one database (SQLite and
PostgreSQL) keep their own crawl_runs rows (which ``newsbot health`` judges one site at a time) and last-run
failures, and each run's ledger adds up.

Expected figures come from each sample site's manifest (``newsbot/samplesite/sites/<site>/manifest.json``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import upgraded_sessions
from sqlalchemy import select, text

from newsbot.analysis.datasette.queries import QUERIES
from newsbot.cli import main
from newsbot.samplesite import load_manifest
from newsbot.samplesite.server import SITES_DIR, SampleSite
from newsbot.storage import models

ROOT = Path(__file__).resolve().parents[1]
SITES = ["variety", "pcgamer"]


@dataclass
class Runs:
    db_url: str
    outcomes: dict[str, Counter[str]]  # per site: its manifest's outcomes ("forbidden": on-site never_fetch pages)
    missing: dict[str, int]  # per site: article-like urls the server answered 404 (section pages it lacks)


@pytest.fixture(scope="module")
def runs(module_db_url: str) -> Runs:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
    outcomes, missing = {}, {}
    for site in SITES:
        with SampleSite(SITES_DIR / site) as server:
            command = [
                sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"profile={site}",
                "-a", f"base_url={server.base_url}", "-s", f"NEWSBOT_DATABASE_URL={module_db_url}",
                "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0",
            ]  # fmt: skip
            result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
            assert result.returncode == 0, f"crawl of {site} failed:\n{result.stderr[-4000:]}"
            missing[site] = sum(1 for r in server.requests() if r.status == 404)
        pages = load_manifest(SITES_DIR / site)["pages"]
        outcomes[site] = Counter(page["outcome"] for page in pages)
        # An on-site page never to fetch is linked only as a ?preview=true draft, which robots.txt forbids.
        outcomes[site]["forbidden"] = sum(1 for p in pages if p["outcome"] == "never_fetch" and p["host"] == "base")
    return Runs(module_db_url, outcomes, missing)


@pytest.mark.slow
def test_each_run_is_named_by_its_site_not_the_spider(runs: Runs) -> None:
    with upgraded_sessions(runs.db_url)() as session:
        names = session.scalars(select(models.CrawlRun.spider).order_by(models.CrawlRun.id)).all()
    assert names == SITES


@pytest.mark.slow
def test_last_run_failures_shows_every_site(runs: Runs) -> None:
    with upgraded_sessions(runs.db_url)() as session:
        rows = session.execute(text(QUERIES["last_run_failures"].sql)).all()
    expected = {site: runs.outcomes[site]["failure"] + runs.missing[site] for site in SITES}
    assert Counter(row.spider for row in rows) == expected


@pytest.mark.slow
def test_each_site_run_ledger_adds_up(runs: Runs) -> None:
    with upgraded_sessions(runs.db_url)() as session:
        found = session.scalars(select(models.CrawlRun).where(models.CrawlRun.spider.in_(SITES))).all()
    for run in found:
        ledger = {k.removeprefix("newsbot/ledger/"): v for k, v in run.stats.items() if "/ledger/" in k}
        expected = runs.outcomes[run.spider]
        assert ledger["stored/new"] == expected["stored"], run.spider
        assert ledger["failures/parse"] == expected["failure"], run.spider
        assert ledger.get("failures/fetch", 0) == runs.missing[run.spider], run.spider
        assert ledger.get("policy/robots", 0) == expected["forbidden"], run.spider
        assert ledger["requested"] == sum(v for k, v in ledger.items() if k != "requested"), ledger


@pytest.mark.slow
def test_stats_command_shows_the_ledger_of_each_site_run(runs: Runs) -> None:
    result = CliRunner().invoke(main, ["stats", "--database-url", runs.db_url, "--runs", "10"])
    assert result.exit_code == 0, result.output
    ledger_lines = result.output.split("ledger of article urls")[1].splitlines()
    for site in SITES:
        [line] = [line for line in ledger_lines if f" {site} " in line]
        expected = runs.outcomes[site]
        failed = expected["failure"] + runs.missing[site]
        forbidden = expected["forbidden"]
        figures = [expected["stored"] + failed + forbidden, expected["stored"], 0, 0, 0, failed, forbidden, 0]
        assert line.split()[2:] == [str(n) for n in figures], line
