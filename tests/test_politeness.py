"""Politeness: Retry-After on 429/503 is waited for (seconds or HTTP date, capped), then the page is fetched."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from conftest import upgraded_sessions
from sqlalchemy import select

from newsbot.downloadermiddlewares.retry_after import retry_after_seconds
from newsbot.samplesite.server import SampleSite
from newsbot.storage import models

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("2", 2.0),
        (b"17", 17.0),
        (format_datetime(NOW + timedelta(seconds=30), usegmt=True), 30.0),
        (format_datetime(NOW - timedelta(seconds=30), usegmt=True), 0.0),  # a date in the past: retry now
        ("86400", 120.0),  # capped
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after_header_is_read_as_seconds_capped(header: str | bytes | None, expected: float | None) -> None:
    assert retry_after_seconds(header, NOW, cap=120.0) == expected


def stored_paths(sample_paths: list[str]) -> list[str]:
    manifest = json.loads((ROOT / "newsbot/samplesite/site/manifest.json").read_text())
    return [p["path"] for p in manifest["pages"] if p["outcome"] == "stored"][: len(sample_paths)]


@pytest.mark.slow
def test_429_with_retry_after_waits_then_stores_the_page(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'polite.db'}"
    seconds_path, date_path = stored_paths(["a", "b"])
    with SampleSite() as site:
        site.set_override(seconds_path, status=429, headers={"Retry-After": "2"}, times=1)
        sent: list[datetime] = []

        def retry_in_4_seconds() -> str:
            # Dated when the 503 goes out, so a slow crawler start cannot use up the wait before it is asked.
            sent.append(datetime.now(UTC) + timedelta(seconds=4))
            return format_datetime(sent[-1], usegmt=True)

        site.set_override(date_path, status=503, headers={"Retry-After": retry_in_4_seconds}, times=1)
        command = [
            sys.executable, "-m", "scrapy", "crawl", "gamespot", "-a", f"base_url={site.base_url}",
            "-s", f"NEWSBOT_DATABASE_URL={db_url}", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0",
        ]  # fmt: skip
        env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        log = site.requests()
    assert result.returncode == 0, result.stderr[-3000:]
    date_hits = [r for r in log if r.path == date_path]
    # An HTTP date has whole seconds, so the wait it asks for is known to within one second.
    [retry_at] = sent
    asked_by_date = retry_at.timestamp() - date_hits[0].time - 1.0
    assert asked_by_date > 1.0
    for path, minimum in ((seconds_path, 2.0), (date_path, asked_by_date)):
        hits = [r for r in log if r.path == path]
        assert [r.status for r in hits] == [429 if path == seconds_path else 503, 200], path
        assert hits[1].time - hits[0].time >= minimum, f"{path}: retried after {hits[1].time - hits[0].time:.2f} s"
    assert "host waits" in result.stderr
    with upgraded_sessions(db_url)() as session:
        stored = set(session.scalars(select(models.Article.canonical_url)))
    assert {u for u in stored if u.endswith((seconds_path, date_path))} == {
        "https://www.gamespot.com" + seconds_path,
        "https://www.gamespot.com" + date_path,
    }


@pytest.mark.slow
def test_retry_after_makes_the_whole_host_wait(tmp_path: Path) -> None:
    """A 429 on a feed holds the host: once the crawler has read it, no request reaches the host until the wait
    is over (the retry included), and the crawl then goes on."""
    db_url = f"sqlite:///{tmp_path / 'host.db'}"
    wait = 4.0
    # Slow answers make the crawl outlast the wait, so a host that did not wait would be seen during it; a small
    # delay sends one request at a time (a burst of new connections overflows the server's listen queue, and a
    # connection it turns away arrives a second later, long after the crawler sent it).
    with SampleSite(latency=0.1) as site:
        site.set_override("/feeds/news/", status=429, headers={"Retry-After": str(int(wait))}, times=1)
        command = [
            sys.executable, "-m", "scrapy", "crawl", "gamespot", "-a", f"base_url={site.base_url}",
            "-s", f"NEWSBOT_DATABASE_URL={db_url}", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0.05",
            "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2", "-s", "LOG_FORMAT=%(created)f %(name)s: %(message)s",
        ]  # fmt: skip
        env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        log = site.requests()
    assert result.returncode == 0, result.stderr[-3000:]
    [answered] = [r for r in log if r.status == 429]
    # When the crawler read the 429 (a loaded machine may take a while): requests sent before then may still
    # arrive one server latency later.
    read = re.search(
        r"^(\d+\.\d+) newsbot\.downloadermiddlewares\.retry_after: 429 from .*(?:host waits|retrying in)",
        result.stderr,
        re.M,
    )
    assert read is not None, result.stderr[-3000:]
    quiet = (float(read[1]) + 0.3, answered.time + wait - 0.2)
    during = [(r.path, round(r.time - answered.time, 2)) for r in log if quiet[0] < r.time < quiet[1]]
    assert quiet[1] - quiet[0] > 2.0, "the crawler read the 429 too late to tell"
    assert during == [], f"{len(during)} requests reached the host while it had asked for {wait} s of quiet"
    [retried] = [r for r in log if r.path == "/feeds/news/" and r.status == 200]
    assert retried.time - answered.time >= wait - 0.1
    assert len(log) > 20, "the crawl went on after the wait"
