"""A crawl SIGKILLed in the middle of a batch's database write loses nothing and, restarted, stores nothing twice."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import upgraded_sessions
from sqlalchemy import func, make_url, select, text

from newsbot.samplesite.server import SampleSite
from newsbot.storage import models
from newsbot.storage.db import dispose_engine

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = json.loads((ROOT / "newsbot/samplesite/site/manifest.json").read_text())
STORED = sorted(p["path"] for p in MANIFEST["pages"] if p["outcome"] == "stored")
EXTENSIONS = {
    "newsbot.extensions.visits.VisitRecorder": 480,
    "newsbot.extensions.runlog.CrawlRunRecorder": 500,
    "newsbot.extensions.progress.ProgressLine": 510,
}


def crawl_command(base_url: str, db_url: str, *extra: str) -> list[str]:
    return [
        sys.executable, "-m", "scrapy", "crawl", "gamespot", "-a", f"base_url={base_url}",
        "-s", f"NEWSBOT_DATABASE_URL={db_url}", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0",
        "-s", "LOG_LEVEL=WARNING", *extra,
    ]  # fmt: skip


def counts(db_url: str) -> dict[str, int]:
    with upgraded_sessions(db_url)() as session:
        return {
            name: session.scalar(select(func.count()).select_from(model)) or 0
            for name, model in (
                ("articles", models.Article),
                ("snapshots", models.CommentSnapshot),
                ("members", models.StoryMember),
            )
        }


@pytest.mark.slow
def test_sigkill_inside_a_store_transaction_loses_nothing_and_stores_nothing_twice(db_url: str, tmp_path: Path) -> None:
    marker = tmp_path / "frozen"
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "tests"), env.get("PYTHONPATH")]))
    with SampleSite() as site:
        killpoint = [
            "-s", f"EXTENSIONS={json.dumps({**EXTENSIONS, 'killpoint.KillPoint': 0})}",
            "-s", f"KILLPOINT_FILE={marker}", "-s", "KILLPOINT_AFTER=2",
            # Batches of 5 however fast pages come: the kill lands in the second batch, the first is committed.
            "-s", "NEWSBOT_STORE_BATCH_SIZE=5", "-s", "NEWSBOT_STORE_BATCH_SECONDS=60",
        ]  # fmt: skip
        first = subprocess.Popen(
            crawl_command(site.base_url, db_url, *killpoint), env=env, cwd=ROOT, stderr=subprocess.PIPE
        )
        try:
            deadline = time.monotonic() + 120
            while not marker.exists() and first.poll() is None and time.monotonic() < deadline:
                time.sleep(0.05)
            assert marker.exists(), f"the crawl never reached the kill point: {first.stderr.read()[-3000:]!r}"
            first.send_signal(signal.SIGKILL)
            first.wait(30)
        finally:
            first.kill()
            first.stderr.close()
        dispose_engine(db_url)  # the test's own pooled connections predate the kill
        after_kill = counts(db_url)
        # The second batch was cut before its commit: none of its rows stayed, the first batch's are whole.
        visible_in_frozen_batch = int(marker.read_text())
        assert 0 < after_kill["articles"] < visible_in_frozen_batch
        assert after_kill["snapshots"] == after_kill["articles"]
        if make_url(db_url).get_backend_name() == "sqlite":
            with upgraded_sessions(db_url)() as session:
                assert session.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
        second = subprocess.run(
            crawl_command(site.base_url, db_url), env=env, cwd=ROOT, capture_output=True, text=True, timeout=300
        )
    assert second.returncode == 0, second.stderr[-3000:]
    with upgraded_sessions(db_url)() as session:
        urls = session.scalars(select(models.Article.canonical_url)).all()
    assert sorted(u.removeprefix("https://www.gamespot.com") for u in urls) == STORED
    final = counts(db_url)
    # Not due for a revisit yet, the survivors are not visited again: one snapshot and one story each.
    assert final == {"articles": len(STORED), "snapshots": len(STORED), "members": len(STORED)}
