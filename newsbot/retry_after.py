"""Downloader middleware: retry like Scrapy's RetryMiddleware, but wait before retrying a 429 or 503.

The wait is the server's ``Retry-After`` (seconds or an HTTP date), capped at ``NEWSBOT_RETRY_AFTER_MAX``; without
the header it backs off exponentially from ``NEWSBOT_RETRY_BACKOFF_BASE``. Log line while it waits::

    INFO: 429 from http://host/articles/x/1100-1/: retrying in 2.0 s (Retry-After: 2)
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response
from scrapy.utils.defer import deferred_to_future
from scrapy.utils.response import response_status_message
from twisted.internet import reactor, task

logger = logging.getLogger(__name__)

#: Statuses by which a server asks a crawler to slow down.
SLOW_DOWN = (429, 503)


def retry_after_seconds(value: str | bytes | None, now: datetime, cap: float) -> float | None:
    """Seconds a ``Retry-After`` header asks for (0 to ``cap``); None when it is absent or unreadable."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return min(float(text), cap)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(max((when - now).total_seconds(), 0.0), cap)


class RetryAfterMiddleware(RetryMiddleware):
    """Scrapy's retry middleware, with the wait a slowed-down server asks for before each 429/503 retry."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler.settings)
        self.crawler = crawler
        self.cap = crawler.settings.getfloat("NEWSBOT_RETRY_AFTER_MAX")
        self.backoff_base = crawler.settings.getfloat("NEWSBOT_RETRY_BACKOFF_BASE")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        return cls(crawler)

    def wait_for(self, request: Request, response: Response) -> float:
        """Seconds to wait before retrying ``request`` after ``response``."""
        asked = retry_after_seconds(response.headers.get("Retry-After"), datetime.now(UTC), self.cap)
        if asked is not None:
            return asked
        return min(self.backoff_base * 2 ** request.meta.get("retry_times", 0), self.cap)

    async def process_response(self, request: Request, response: Response, spider: object = None) -> Request | Response:
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        if response.status in SLOW_DOWN:
            delay = self.wait_for(request, response)
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("newsbot/retry_after/waits")
            self.crawler.stats.inc_value("newsbot/retry_after/seconds", delay)
            logger.info(
                "%s from %s: retrying in %.1f s (Retry-After: %s)",
                response.status,
                request.url,
                delay,
                response.headers.get("Retry-After", b"-").decode("latin-1"),
            )
            await deferred_to_future(task.deferLater(reactor, delay, lambda: None))
        return retry
