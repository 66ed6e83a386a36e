"""What ``newsbot seed`` does: start a site's pass in the shared frontier, show it, re-queue what dead workers held."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from redis.exceptions import RedisError
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.project import get_project_settings
from scrapy_redis.connection import get_redis_from_settings

from newsbot.distributed.frontier import Frontier, Keys, Status


class SeedError(Exception):
    """The seed command cannot do what it was asked; the message says why and what to do."""


class SeedUsageError(SeedError):
    """The command was given something it cannot use (no Redis url, an unknown site)."""


@dataclass(frozen=True)
class Seeded:
    site: str
    pushed: int  # start requests queued
    started: str  # when the pass began
    requests_key: str


def start_requests(spider: Spider) -> Iterator[Request]:
    """The requests of ``spider.start()``, which must yield them without awaiting (newsbot's spiders do)."""
    start = spider.start()
    while True:
        step = start.__anext__()
        try:
            step.send(None)
        except StopIteration as produced:
            if isinstance(produced.value, Request):
                yield produced.value
            continue
        except StopAsyncIteration:
            return
        step.close()
        raise RuntimeError(
            f"{spider.name}.start() awaits something; the shared frontier seeds only a start() that just yields"
        )


@contextmanager
def site_frontier(site: str, spider_args: dict[str, str], overrides: dict[str, Any]) -> Iterator[Frontier]:
    """The shared frontier of ``site`` (its spider built with ``spider_args``), from the project's settings."""
    from newsbot.distributed import shared_settings
    from newsbot.spiders.sites import site_jobs, site_names

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newsbot.settings")
    settings = get_project_settings()
    settings.setdict(overrides, priority="cmdline")
    if not settings.get("NEWSBOT_REDIS_URL"):
        raise SeedUsageError(
            "NEWSBOT_REDIS_URL is not set: give the Redis the workers share, e.g. redis://queue:6379/0"
        )
    if site not in site_names():
        raise SeedUsageError(f"unknown site {site!r}; known: {', '.join(site_names())}")
    settings.setdict(shared_settings(settings), priority="addon")
    [(spider_name, args)] = site_jobs([site], spider_args)
    spidercls = SpiderLoader.from_settings(settings).load(spider_name)
    spider = spidercls.from_crawler(Crawler(spidercls, settings), **args)
    server = get_redis_from_settings(settings)
    try:
        server.ping()
        frontier = Frontier(
            server,
            Keys.for_site(settings.get("NEWSBOT_REDIS_PREFIX"), site),
            spider,
            lease=settings.getfloat("NEWSBOT_REDIS_LEASE"),
        )
        yield frontier
    except RedisError as exc:
        raise SeedError(f"Redis at {settings.get('REDIS_URL')} did not answer: {exc}") from exc
    finally:
        server.close()


def seed(frontier: Frontier, site: str) -> Seeded:
    """Start a new pass of ``site`` with its start requests; SeedError when one is under way."""
    frontier.beat()  # so a worker starting meanwhile waits for this seeding instead of taking it over
    try:
        frontier.requeue_dead()  # a pass whose workers all died still has work: it is resumed, not replaced
        state, seeder = frontier.claim()
        if state == "seed" or (state == "seeding" and frontier.take_over_seeding(seeder)):
            pushed = frontier.seed(start_requests(frontier.queue.spider))
            return Seeded(site, pushed, frontier.pass_info().get("started", ""), frontier.keys.requests)
    finally:
        frontier.leave()
    status = frontier.status(site)
    raise SeedError(
        "\n".join(
            [
                *status.lines(),
                f"a pass of {site} is under way: its workers end it when nothing is queued or in flight;"
                " seed again after that",
            ]
        )
    )


def status(frontier: Frontier, site: str) -> Status:
    return frontier.status(site)


def requeue(frontier: Frontier) -> dict[str, list[str]]:
    """Put what dead workers held back in the queue now (live workers do it too, a lease after the death)."""
    return frontier.requeue_dead()
