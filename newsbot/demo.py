"""``newsbot demo``: serve the bundled sample site on loopback and crawl it into the database."""

from __future__ import annotations

from newsbot.crawl import CrawlSummary, run_spider
from newsbot.samplesite.server import SampleSite

#: Settings for a crawl of the local sample site: no politeness delay is needed against our own server.
DEMO_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "LOG_LEVEL": "WARNING",
    "NEWSBOT_PROGRESS_ENABLED": True,
    "NEWSBOT_PROGRESS_INTERVAL": 1.0,
}


def run_demo(database_url: str) -> CrawlSummary:
    """Crawl the sample site into ``database_url``; returns the crawl's figures."""
    with SampleSite() as site:
        return run_spider(
            "gamespot",
            settings={**DEMO_SETTINGS, "NEWSBOT_DATABASE_URL": database_url},
            base_url=site.base_url,
        )
