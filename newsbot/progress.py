"""Scrapy extension that prints a one-line progress report to stderr while a crawl runs (for the CLI)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task


class ProgressLine:
    """Every ``NEWSBOT_PROGRESS_INTERVAL`` seconds: pages fetched, articles stored, duplicates, failures."""

    def __init__(self, crawler: Crawler, interval: float, stream: TextIO) -> None:
        self.crawler = crawler
        self.interval = interval
        self.stream = stream
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressLine:
        if not crawler.settings.getbool("NEWSBOT_PROGRESS_ENABLED"):
            raise NotConfigured("NEWSBOT_PROGRESS_ENABLED is off")
        progress = cls(crawler, crawler.settings.getfloat("NEWSBOT_PROGRESS_INTERVAL", 1.0), sys.stderr)
        crawler.signals.connect(progress.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(progress.spider_closed, signal=signals.spider_closed)
        return progress

    def line(self) -> str:
        """The progress report as one line."""
        assert self.crawler.stats is not None
        get = self.crawler.stats.get_value
        return (
            f"[{time.monotonic() - self.started:5.1f}s] pages {get('response_received_count', 0)}"
            f" | stored {get('newsbot/articles/new', 0)} | updated {get('newsbot/articles/changed', 0)}"
            f" | unchanged {get('newsbot/articles/unchanged', 0)}"
            f" | duplicates {get('newsbot/duplicates', 0)} | failures {get('newsbot/failures', 0)}"
        )

    def report(self) -> None:
        self.stream.write(self.line() + "\n")
        self.stream.flush()

    def spider_opened(self, spider: object) -> None:
        self.started = time.monotonic()
        self.loop = task.LoopingCall(self.report)
        self.loop.start(self.interval, now=False)

    def spider_closed(self, spider: object, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.report()
