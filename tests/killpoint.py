"""Test-only Scrapy extension: freeze the crawl inside the Nth transaction that stores articles, before its commit.

``tests/test_crashes.py`` loads it into a real ``scrapy crawl`` (``PYTHONPATH=tests``) and SIGKILLs the process
once the marker file says the freeze has begun: the kill then lands in the middle of a database write, after a
batch's article rows and their children were sent and before the commit. The marker holds how many articles the
frozen transaction saw (its own uncommitted ones included), so the test can tell the batch was rolled back.

Settings: ``KILLPOINT_FILE`` (the marker), ``KILLPOINT_AFTER`` (which storing transaction freezes; default 2).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from sqlalchemy import event

from newsbot.storage.db import get_engine


class KillPoint:
    def __init__(self, database_url: str, marker: Path, after: int) -> None:
        self.marker, self.after, self.seen = marker, after, 0
        engine = get_engine(database_url)
        event.listen(engine, "after_cursor_execute", self._after_execute)
        event.listen(engine, "commit", self._before_commit)  # runs before the DBAPI commit

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> KillPoint:
        settings = crawler.settings
        return cls(
            settings["NEWSBOT_DATABASE_URL"], Path(settings["KILLPOINT_FILE"]), settings.getint("KILLPOINT_AFTER", 2)
        )

    def _after_execute(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        # Comment snapshots are the last rows a store writes: a transaction that inserts some stores articles.
        if statement.lstrip().upper().startswith("INSERT INTO COMMENT_SNAPSHOTS"):
            counter = cursor.connection.cursor()
            counter.execute("SELECT count(*) FROM articles")
            conn.info["killpoint_visible"] = counter.fetchone()[0]
            counter.close()

    def _before_commit(self, conn: Any) -> None:
        visible = conn.info.pop("killpoint_visible", None)
        if visible is None:
            return
        self.seen += 1
        if self.seen == self.after:
            self.marker.write_text(f"{visible}\n")
            time.sleep(120)  # the test kills the process long before this ends
