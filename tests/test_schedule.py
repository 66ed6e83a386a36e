"""`newsbot crawl` runs one pass; `newsbot schedule` repeats it and stops cleanly on SIGTERM."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import upgraded_sessions
from sqlalchemy import select

from newsbot.commands.schedule import parse_interval
from newsbot.samplesite.server import SampleSite
from newsbot.storage import models

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = json.loads((ROOT / "newsbot/samplesite/site/manifest.json").read_text())
STORED = sum(1 for page in MANIFEST["pages"] if page["outcome"] == "stored")
FAST = ["-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]


def newsbot(*args: str) -> list[str]:
    return [sys.executable, "-m", "newsbot.cli", *args]


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}


@pytest.mark.parametrize(
    ("text", "seconds"), [("90s", 90), ("30m", 1800), ("6h", 21600), ("1d", 86400), ("2w", 1_209_600), ("2", 2)]
)
def test_intervals_are_read_in_seconds(text: str, seconds: float) -> None:
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "0m", "-5m", "soon", "5 weeks"])
def test_bad_interval_names_the_accepted_forms(text: str) -> None:
    with pytest.raises(ValueError, match="use a positive number with s, m, h, d or w"):
        parse_interval(text)


@pytest.mark.slow
def test_crawl_runs_one_pass_and_prints_a_summary_line(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'crawl.db'}"
    with SampleSite() as site:
        result = subprocess.run(
            newsbot("crawl", "gamespot", "-a", f"base_url={site.base_url}", "-s", f"NEWSBOT_DATABASE_URL={db}", *FAST),
            env=clean_env(), capture_output=True, text=True, timeout=300,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    # "1 updated" when the crawl met the syndicated copy before its original (the original takes the row over).
    assert re.match(
        rf"gamespot: finished, 60 pages, {STORED} new, [01] updated, 0 unchanged, 1 duplicates", result.stdout
    )
    assert "| stored" in result.stderr


def test_crawl_of_an_unknown_site_is_a_usage_error() -> None:
    result = subprocess.run(newsbot("crawl", "nosuchsite"), env=clean_env(), capture_output=True, text=True)
    assert result.returncode == 2
    assert "unknown site(s) nosuchsite; known: collider, gamespot, pcgamer, variety" in result.stderr


@pytest.mark.slow
def test_schedule_repeats_passes_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'schedule.db'}"
    with SampleSite() as site:
        command = newsbot("schedule", "--every", "1s", "gamespot", "-a", f"base_url={site.base_url}",
                          "--database-url", db, *FAST)  # fmt: skip
        scheduler = subprocess.Popen(command, env=clean_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 120
            finished: list[models.CrawlRun] = []
            while len(finished) < 2 and time.monotonic() < deadline and scheduler.poll() is None:
                time.sleep(0.5)
                if (tmp_path / "schedule.db").exists():
                    with upgraded_sessions(db)() as session:
                        finished = list(
                            session.scalars(select(models.CrawlRun).where(models.CrawlRun.finished_at.is_not(None)))
                        )
            assert len(finished) >= 2, "the scheduler did not complete two passes"
            scheduler.send_signal(signal.SIGTERM)
            _, stderr = scheduler.communicate(timeout=90)
        finally:
            if scheduler.poll() is None:
                scheduler.kill()
    assert scheduler.returncode == 0, stderr.decode()[-3000:]
    with upgraded_sessions(db)() as session:
        runs = session.scalars(select(models.CrawlRun)).all()
    assert all(run.finished_at is not None for run in runs), "a pass was left without its end"
    assert {run.finish_reason for run in runs} <= {"finished", "shutdown"}
    assert runs[0].stats["newsbot/articles/new"] == STORED
