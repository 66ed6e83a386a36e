"""``newsbot demo``: serve the bundled sample sites on loopback and crawl them all at once into the database.

GameSpot's sample site is crawled by the ``gamespot`` spider; every profile with a sample folder under
``samplesite/sites/`` by ``news -a profile=<name>``, all in one Scrapy process. The summary adds their figures up.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import fields

from newsbot.commands.run_spiders import CrawlSummary, run_spiders
from newsbot.samplesite.server import SITES_DIR, SampleSite
from newsbot.spiders.profiles import profile_names
from newsbot.storage.db import upgrade

#: Settings for a crawl of the local sample sites: no politeness delay is needed against our own servers.
DEMO_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "LOG_LEVEL": "WARNING",
    "NEWSBOT_PROGRESS_ENABLED": True,
    "NEWSBOT_PROGRESS_INTERVAL": 1.0,
}


def demo_profiles() -> list[str]:
    """The profiles that have a bundled sample site (``samplesite/sites/<name>/``)."""
    return [name for name in profile_names() if (SITES_DIR / name / "robots.txt").is_file()]


def run_demo(database_url: str) -> CrawlSummary:
    """Upgrade ``database_url``'s schema, then crawl every sample site into it at once; returns the crawls' figures
    added up."""
    upgrade(database_url)  # once, before the servers start: each crawl's start then finds it at the newest revision
    with ExitStack() as servers:
        gamespot = servers.enter_context(SampleSite())
        jobs = [("gamespot", {"base_url": gamespot.base_url})]
        for name in demo_profiles():
            site = servers.enter_context(SampleSite(SITES_DIR / name))
            jobs.append(("news", {"profile": name, "base_url": site.base_url}))
        summaries = run_spiders(jobs, settings={**DEMO_SETTINGS, "NEWSBOT_DATABASE_URL": database_url})
    return combined(summaries)


def combined(summaries: list[CrawlSummary]) -> CrawlSummary:
    """One summary for crawls that ran side by side: counts summed, the longest time, the reasons they ended."""
    counts = {f.name: sum(getattr(s, f.name) for s in summaries) for f in fields(CrawlSummary) if f.type == "int"}
    reasons = sorted({s.finish_reason for s in summaries})
    seconds = max((s.seconds for s in summaries), default=0.0)
    return CrawlSummary(**counts, seconds=seconds, finish_reason=", ".join(reasons))
