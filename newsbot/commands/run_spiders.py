"""Run a spider in this process with newsbot's settings and return what it did."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings


@dataclass(frozen=True)
class CrawlSummary:
    """The figures of one finished crawl, from Scrapy's stats."""

    pages: int
    stored: int  # new articles
    updated: int  # known articles whose page changed
    unchanged: int
    duplicates: int
    failures: int
    seconds: float
    finish_reason: str

    @classmethod
    def from_stats(cls, stats: dict[str, Any]) -> CrawlSummary:
        return cls(
            pages=int(stats.get("response_received_count", 0)),
            stored=int(stats.get("newsbot/articles/new", 0)),
            updated=int(stats.get("newsbot/articles/changed", 0)),
            unchanged=int(stats.get("newsbot/articles/unchanged", 0)),
            duplicates=int(stats.get("newsbot/duplicates", 0)),
            failures=int(stats.get("newsbot/failures", 0)),
            seconds=float(stats.get("elapsed_time_seconds", 0.0)),
            finish_reason=str(stats.get("finish_reason", "unknown")),
        )


def run_spider(spider: str, *, settings: dict[str, Any] | None = None, **spider_args: Any) -> CrawlSummary:
    """Crawl with ``spider`` until it finishes; ``settings`` override the project's (like ``-s``)."""
    return run_spiders([(spider, spider_args)], settings=settings)[0]


def run_spiders(
    jobs: list[tuple[str, dict[str, Any]]], *, settings: dict[str, Any] | None = None
) -> list[CrawlSummary]:
    """Run each (spider name, spider arguments) job at once in this process; one summary per job, in order."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newsbot.settings")
    project = get_project_settings()
    project.setdict(settings or {}, priority="cmdline")
    process = CrawlerProcess(project)
    crawlers = []
    for spider, spider_args in jobs:
        crawler = process.create_crawler(spider)
        process.crawl(crawler, **spider_args)
        crawlers.append(crawler)
    process.start()
    return [CrawlSummary.from_stats(c.stats.get_stats() if c.stats else {}) for c in crawlers]
