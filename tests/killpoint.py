"""Test-only Scrapy extension: freeze the crawl inside the transaction that stores its Nth article.

``tests/test_crashes.py`` loads it into a real ``scrapy crawl`` (``PYTHONPATH=tests``) and SIGKILLs the process
once the marker file says the freeze has begun: the kill then lands in the middle of a database write, after the
article row and its children were sent and before the commit.

Settings: ``KILLPOINT_FILE`` (the marker), ``KILLPOINT_AFTER`` (which ``comment_snapshots`` insert, the last
statement of a store, freezes; default 5).
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
        event.listen(get_engine(database_url), "after_cursor_execute", self._after_execute)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> KillPoint:
        settings = crawler.settings
        return cls(
            settings["NEWSBOT_DATABASE_URL"], Path(settings["KILLPOINT_FILE"]), settings.getint("KILLPOINT_AFTER", 5)
        )

    def _after_execute(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not statement.lstrip().upper().startswith("INSERT INTO COMMENT_SNAPSHOTS"):
            return
        self.seen += 1
        if self.seen == self.after:
            self.marker.write_text("frozen inside a store transaction\n")
            time.sleep(120)  # the test kills the process long before this ends
