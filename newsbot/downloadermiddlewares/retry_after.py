"""Downloader middleware: retry like Scrapy's RetryMiddleware, and make a host that answers 429 or 503 wait.

The wait is the server's ``Retry-After`` (seconds or an HTTP date), capped at ``NEWSBOT_RETRY_AFTER_MAX``; without
the header it backs off exponentially from ``NEWSBOT_RETRY_BACKOFF_BASE``. The whole host waits, not only the
request that was answered: its download slot sends nothing until the wait is over (other hosts go on), and the
retry waits in that slot's queue like any request to the host. Log line::

    INFO: 429 from http://host/articles/x/1100-1/: host waits 2.0 s (Retry-After: 2)

The slot is held through ``Downloader.slots`` and ``get_slot_key`` (public) and the slot's ``delay`` and
``lastseen`` (as AutoThrottle adjusts them); tested with Scrapy 2.19. Where a Scrapy release lacks them, the
middleware says so at start and only the retried request waits.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.core.downloader import Slot
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware, get_retry_request
from scrapy.http import Response
from scrapy.utils.response import response_status_message

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


#: A held slot needs a delay above 0, or Scrapy's downloader never looks at when the slot last sent.
HOLD_DELAY = 0.001


def can_hold_slots() -> bool:
    """True when this Scrapy's download slots have the fields the middleware holds a host with."""
    return {"delay", "lastseen"} <= set(getattr(Slot, "__dataclass_fields__", {}))


class RetryAfterMiddleware(RetryMiddleware):
    """Scrapy's retry middleware; a 429/503 also makes the host's download slot wait before its next request."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler.settings)
        self.crawler = crawler
        self.cap = crawler.settings.getfloat("NEWSBOT_RETRY_AFTER_MAX")
        self.backoff_base = crawler.settings.getfloat("NEWSBOT_RETRY_BACKOFF_BASE")
        self.holds_slots = can_hold_slots()
        if not self.holds_slots:
            logger.warning("this Scrapy's download slots cannot be held: a 429/503 makes only its request wait")
        # Slots whose delay was raised to HOLD_DELAY for a hold: the delay they had, given back after the hold.
        self.raised: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        return cls(crawler)

    def wait_for(self, request: Request, response: Response) -> float:
        """Seconds to wait before retrying ``request`` after ``response``."""
        asked = retry_after_seconds(response.headers.get("Retry-After"), datetime.now(UTC), self.cap)
        if asked is not None:
            return asked
        return min(self.backoff_base * 2 ** request.meta.get("retry_times", 0), self.cap)

    def process_response(self, request: Request, response: Response, spider: object = None) -> Request | Response:
        self._release(request)
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        retry = get_retry_request(
            request,
            spider=self.crawler.spider,
            reason=response_status_message(response.status),
            max_retry_times=request.meta.get("max_retry_times", self.max_retry_times),
            priority_adjust=request.meta.get("priority_adjust", self.priority_adjust),
            give_up_log_level=request.meta.get("give_up_log_level", self.give_up_log_level),
        )
        if retry is None:
            return response
        if response.status in SLOW_DOWN:
            delay = self.wait_for(request, response)
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("newsbot/retry_after/waits")
            self.crawler.stats.inc_value("newsbot/retry_after/seconds", delay)
            logger.info(
                "%s from %s: host waits %.1f s (Retry-After: %s)",
                response.status,
                request.url,
                delay,
                response.headers.get("Retry-After", b"-").decode("latin-1"),
            )
            self._hold(request, delay)
        return retry

    def _slot(self, request: Request) -> tuple[str, Slot | None]:
        engine = self.crawler.engine
        if engine is None or not self.holds_slots:
            return "", None
        downloader = engine.downloader
        key = downloader.get_slot_key(request)
        return key, downloader.slots.get(key)

    def _hold(self, request: Request, seconds: float) -> None:
        """Send nothing more to the request's host for ``seconds`` (its slot's next send waits that long)."""
        key, slot = self._slot(request)
        if slot is None:
            return
        if not slot.delay:
            self.raised.setdefault(key, slot.delay)
            slot.delay = HOLD_DELAY
        # The downloader sends from a slot once ``delay`` has passed since ``lastseen``: a lastseen in the future
        # holds the slot until then, whatever is queued for it (the retry included).
        slot.lastseen = max(slot.lastseen, time.monotonic() + seconds)

    def _release(self, request: Request) -> None:
        """Give a slot its own delay back once a response shows its hold is over."""
        if not self.raised:
            return
        key, slot = self._slot(request)
        if slot is not None and key in self.raised and slot.lastseen <= time.monotonic():
            slot.delay = self.raised.pop(key)
