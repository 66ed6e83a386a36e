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
    """Every ``NEWSBOT_PROGRESS_INTERVAL`` seconds while the figures change: the site, pages fetched, articles
    stored, duplicates, failures; one last line, marked ``done``, when the crawl ends::

        [  2.0s] variety: pages 31 | stored 12 | updated 0 | unchanged 0 | duplicates 0 | failures 1
        [  2.4s] variety done: pages 33 | stored 14 | updated 0 | unchanged 0 | duplicates 0 | failures 1
    """

    def __init__(self, crawler: Crawler, interval: float, stream: TextIO) -> None:
        self.crawler = crawler
        self.interval = interval
        self.stream = stream
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None
        self.site = ""
        self.last_figures = ""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressLine:
        if not crawler.settings.getbool("NEWSBOT_PROGRESS_ENABLED"):
            # No reason given: it is off by default, and Scrapy logs a WARNING for every reason given.
            raise NotConfigured
        progress = cls(crawler, crawler.settings.getfloat("NEWSBOT_PROGRESS_INTERVAL", 1.0), sys.stderr)
        crawler.signals.connect(progress.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(progress.spider_closed, signal=signals.spider_closed)
        return progress

    def figures(self) -> str:
        """The crawl's counts so far, as the part of the line after the site."""
        assert self.crawler.stats is not None
        get = self.crawler.stats.get_value
        return (
            f"pages {get('response_received_count', 0)}"
            f" | stored {get('newsbot/articles/new', 0)} | updated {get('newsbot/articles/changed', 0)}"
            f" | unchanged {get('newsbot/articles/unchanged', 0)}"
            f" | duplicates {get('newsbot/duplicates', 0)} | failures {get('newsbot/failures', 0)}"
        )

    def line(self, figures: str, *, done: bool = False) -> str:
        """The progress report as one line."""
        return f"[{time.monotonic() - self.started:5.1f}s] {self.site}{' done' if done else ''}: {figures}"

    def report(self) -> None:
        """A line when something changed since the last one (several crawls at once would repeat idle lines)."""
        figures = self.figures()
        if figures != self.last_figures:
            self.write(figures)

    def write(self, figures: str, *, done: bool = False) -> None:
        self.last_figures = figures
        self.stream.write(self.line(figures, done=done) + "\n")
        self.stream.flush()

    def spider_opened(self, spider: object) -> None:
        # A profile spider's site is its profile (variety), not the spider's name (news).
        self.site = str(getattr(spider, "site", None) or getattr(spider, "name", "crawl"))
        self.started = time.monotonic()
        self.loop = task.LoopingCall(self.report)
        self.loop.start(self.interval, now=False)

    def spider_closed(self, spider: object, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.write(self.figures(), done=True)
