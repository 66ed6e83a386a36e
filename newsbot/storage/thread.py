"""One thread for a crawl's database work, so the event loop keeps downloading while the database is slow or gone.

A statement can block for as long as ``NEWSBOT_DB_STATEMENT_TIMEOUT`` (a partition: no answer at all), and a
connection attempt for ``NEWSBOT_DB_CONNECT_TIMEOUT``; on the event loop that would stall every download and the
shared frontier's heartbeats with it. The pipelines hand their batches to this thread and await the outcome; one
thread runs them in the order they were handed over, as the event loop did, so a batch never overtakes another
and SQLite sees one writer. Each crawl has one, in its database service (``newsbot.storage.service``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

logger = logging.getLogger(__name__)

T = TypeVar("T")


class DatabaseThread:
    """Run database work in one thread, in order; ``run`` returns an asyncio future of the work's result."""

    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsbot-database")
        self._last: asyncio.Future[Any] | None = None

    def run(self, work: Callable[[], T]) -> asyncio.Future[T]:
        """Start ``work`` after everything handed over before it; call on the event loop's thread."""
        future = asyncio.wrap_future(self._executor.submit(work))
        self._last = future
        return future

    async def idle(self) -> None:
        """Wait until the work handed over so far is done (its errors are its awaiters' business)."""
        last = self._last
        if last is not None:
            await asyncio.wait([last])

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True)
