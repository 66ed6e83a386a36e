"""Why a pipeline dropped an item: the stage and reason the run recorder writes to ``failures``."""

from __future__ import annotations

from scrapy.exceptions import DropItem


class Rejected(DropItem):
    """An item that cannot be stored: it becomes a ``failures`` row (url, stage, reason)."""

    records_failure = True

    def __init__(self, url: str, stage: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.stage = stage
        self.reason = reason


class Duplicate(DropItem):
    """An article whose text is already stored under another url: recorded in ``duplicates``, not a failure."""

    records_failure = False

    def __init__(self, url: str, original_url: str) -> None:
        super().__init__(f"{url}: same text as {original_url}", log_level="INFO")
        self.url = url
        self.original_url = original_url
