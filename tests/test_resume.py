"""A crawl killed with SIGKILL mid-run and started again with the same JOBDIR ends with every article stored once."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsbot.samplesite.server import SampleSite

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = json.loads((ROOT / "newsbot/samplesite/site/manifest.json").read_text())
STORED = {p["path"] for p in MANIFEST["pages"] if p["outcome"] == "stored"}


def count(db: Path, sql: str) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return conn.execute(sql).fetchone()[0]


@pytest.mark.slow
def test_sigkill_then_resume_stores_every_article_exactly_once(tmp_path: Path) -> None:
    db = tmp_path / "resume.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
    with SampleSite(latency=0.3) as site:
        command = [
            sys.executable, "-m", "scrapy", "crawl", "gamespot", "-a", f"base_url={site.base_url}",
            "-s", f"NEWSBOT_DATABASE_URL=sqlite:///{db}", "-s", f"JOBDIR={tmp_path / 'job'}",
            "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=WARNING",
        ]  # fmt: skip
        first = subprocess.Popen(command, env=env, cwd=ROOT, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            time.sleep(0.2)
            try:
                if count(db, "select count(*) from articles") >= 5:
                    break
            except sqlite3.OperationalError:  # the crawl has not created the schema yet
                continue
        first.send_signal(signal.SIGKILL)
        first.wait()
        killed_at = count(db, "select count(*) from articles")
        assert 5 <= killed_at < len(STORED), "the crawl was not killed mid-run"
        second = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stderr[-3000:]
    with sqlite3.connect(db) as conn:
        urls = [row[0] for row in conn.execute("select canonical_url from articles")]
        runs = conn.execute("select finish_reason from crawl_runs order by id").fetchall()
    assert sorted(u.removeprefix("https://www.gamespot.com") for u in urls) == sorted(STORED)
    assert runs[-1] == ("finished",)
