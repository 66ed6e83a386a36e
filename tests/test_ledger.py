"""The run's ledger of article urls (newsbot/extensions/ledger.py): a run stopped by a limit counts what it never
fetched, and a url that falls out of the sum is named in the log. The sample-site and hostile crawls check the
ledger adds up (tests/test_crawl.py, tests/test_hostile.py, tests/test_site_runs.py)."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import upgraded_sessions
from scrapy import Request
from scrapy.utils.test import get_crawler
from sqlalchemy import select

from newsbot.extensions.ledger import Ledger, RunLedger, ledger_table
from newsbot.samplesite.server import SampleSite
from newsbot.storage import models

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = json.loads((ROOT / "newsbot" / "samplesite" / "site" / "manifest.json").read_text())


@pytest.mark.slow
def test_a_run_stopped_by_a_limit_counts_what_it_never_fetched(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'limit.db'}"
    command = [
        sys.executable, "-m", "scrapy", "crawl", "gamespot", "-s", f"NEWSBOT_DATABASE_URL={db_url}",
        "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0.2", "-s", "CLOSESPIDER_ITEMCOUNT=3",
    ]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
    with SampleSite() as site:  # one request every 0.2 s: the third article ends the run long before the last
        result = subprocess.run(
            [*command, "-a", f"base_url={site.base_url}"], cwd=ROOT, env=env, capture_output=True, text=True
        )
    assert result.returncode == 0, result.stderr[-3000:]
    with upgraded_sessions(db_url)() as session:
        run = session.scalars(select(models.CrawlRun)).one()
    ledger = Ledger.from_stats(run.stats)
    assert ledger is not None
    assert run.finish_reason == "closespider_itemcount"
    stored = sum(1 for page in MANIFEST["pages"] if page["outcome"] == "stored")
    assert 0 < ledger.stored["new"] < stored, "the limit did not stop the run early"
    assert ledger.policy["limits"] > 0
    assert ledger.adds_up, ledger.summary()
    assert ledger.requested == ledger.accounted


def test_a_url_that_falls_out_of_the_sum_is_named_in_the_log(caplog: pytest.LogCaptureFixture) -> None:
    crawler = get_crawler(settings_dict={"NEWSBOT_REDIS_URL": ""})
    crawler.stats.open_spider()
    ledger = RunLedger(crawler)
    lost = Request("http://127.0.0.1:1/articles/lost/1100-1/", meta={"newsbot_article": True})
    ledger.request_scheduled(lost, spider=None)  # asked for, and nothing ever said what became of it
    with caplog.at_level(logging.ERROR, logger="newsbot.extensions.ledger"):
        ledger.spider_closed(spider=None, reason="finished")
    assert "1 article urls requested but never settled (a bug), e.g. http://127.0.0.1:1/articles/lost/1100-1/" in (
        caplog.text
    )
    assert crawler.stats.get_value("newsbot/ledger/unaccounted") == 1
    assert not Ledger.from_stats(crawler.stats.get_stats()).adds_up


def test_stats_table_shows_one_line_per_run_with_a_ledger() -> None:
    class Run:
        def __init__(self, run_id: int, stats: dict | None) -> None:
            self.id, self.spider, self.stats = run_id, "variety", stats

    stats = {
        "newsbot/ledger/requested": 12,
        "newsbot/ledger/stored/new": 7,
        "newsbot/ledger/stored/updated": 1,
        "newsbot/ledger/stored/unchanged": 1,
        "newsbot/ledger/duplicates": 1,
        "newsbot/ledger/failures/parse": 1,
        "newsbot/ledger/policy/robots": 1,
    }
    header, line = ledger_table([Run(2, stats), Run(1, {"newsbot/articles/new": 3})])  # run 1: before the ledger
    assert header.split() == ["run", "site", "asked", "new", "upd", "same", "dup", "fail", "policy", "lost"]
    assert line.split() == ["2", "variety", "12", "7", "1", "1", "1", "1", "1", "0"]
