"""Many crawler processes, on any machines, crawling one site together: a shared frontier in Redis.

With ``NEWSBOT_REDIS_URL`` set, the ``SharedFrontier`` add-on (enabled in ``newsbot/settings.py``) makes every
crawl use scrapy-redis's queue and duplicate filter through ``SharedScheduler``: all ``newsbot crawl`` and
``scrapy crawl`` processes of a site take requests from one queue and add the urls they find to it, and a url is
queued once per pass whoever finds it. The start requests are queued once per pass, by ``newsbot seed SITE`` or by
the first worker to find no pass under way; a worker that joins finds them in its seen-set. Requests are leased:
a dead worker's are re-queued (see ``frontier.py``). Articles go to one database (PostgreSQL), whose unique
constraints and row locks keep one row per article whichever worker stores it.

Without ``NEWSBOT_REDIS_URL`` nothing changes: each process has Scrapy's own scheduler in memory.
"""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import NotConfigured
from scrapy.settings import BaseSettings

from newsbot.distributed.frontier import Keys


def shared_settings(settings: BaseSettings) -> dict[str, Any]:
    """The Scrapy and scrapy-redis settings of a worker of the shared frontier."""
    keys = Keys.for_site(settings.get("NEWSBOT_REDIS_PREFIX"), "%(spider)s")
    return {
        "SCHEDULER": "newsbot.distributed.scheduler.SharedScheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "REDIS_URL": settings.get("NEWSBOT_REDIS_URL"),
        # The queue and seen-set outlive each worker; a pass ends when all its work is done (SharedScheduler).
        "SCHEDULER_PERSIST": True,
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        # Requests as JSON: a pickle in a shared Redis would run its writer's code on every worker.
        "SCHEDULER_SERIALIZER": "newsbot.distributed.serializer",
        # Per site, not per spider: every profile site is crawled by the one ``news`` spider.
        "SCHEDULER_QUEUE_KEY": keys.requests,
        "SCHEDULER_DUPEFILTER_KEY": keys.seen,
    }


class SharedFrontier:
    """Scrapy add-on: crawl from the shared Redis frontier when ``NEWSBOT_REDIS_URL`` is set."""

    def update_settings(self, settings: BaseSettings) -> None:
        if not settings.get("NEWSBOT_REDIS_URL"):
            # No message: crawling in one process is the default, not something to warn about on every crawl.
            raise NotConfigured
        settings.setdict(shared_settings(settings), priority="addon")
