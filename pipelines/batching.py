"""Hold items for a moment so a pipeline writes them to the database together, one transaction per batch.

A batch is written when it holds ``size`` items or ``seconds`` after its first item came, whichever is sooner,
and when the spider closes. The first batched stage (dedupe) waits; the stages after it (store, stories) get its
batch in one burst and write it at once (``FOLLOW``), so an item waits for a batch once, not once per stage.
Each item's ``process_item`` awaits its batch, so an item passes on (or is dropped) only once it is written, as
without batching; pages keep downloading meanwhile. In a crawl (Scrapy's asyncio reactor) the batches are
written in the crawl's database thread (``newsbot.storage.thread``), in the order they fill, so neither a slow
database nor an unreachable one holds up the event loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from scrapy.crawler import Crawler
from twisted.internet.defer import Deferred

from newsbot.event_loop import on_asyncio
from newsbot.storage.service import DatabaseService
from newsbot.storage.thread import DatabaseThread

T = TypeVar("T")

#: The wait of a stage behind a batched one (store and stories, behind dedupe): the batch the stage before hands
#: on arrives within one turn of the event loop, so it is written on the next turn, whole, without waiting again.
FOLLOW = 0.0


class Batch(Generic[T]):
    """Entries waiting to be written by ``write``, which returns one outcome per entry (an exception to raise)."""

    def __init__(
        self,
        write: Callable[[list[T]], Sequence[Any]],
        size: int,
        seconds: float,
        thread: DatabaseThread | None = None,
    ) -> None:
        if size < 1 or seconds < 0:
            raise ValueError(
                f"NEWSBOT_STORE_BATCH_SIZE must be 1 or more and NEWSBOT_STORE_BATCH_SECONDS 0 or more, "
                f"not {size} and {seconds}"
            )
        self.write = write
        self.size = size
        self.seconds = seconds
        self.thread = thread  # None: written on the caller's thread (a script driving a pipeline by hand)
        self.entries: list[T] = []
        self.waiters: list[Any] = []
        self._timer: Any = None
        self._asyncio: bool | None = None  # decided at the first entry: is Scrapy running on asyncio?

    @classmethod
    def of_crawl(cls, crawler: Crawler, write: Callable[[list[T]], Sequence[Any]], *, follow: bool = False) -> Batch[T]:
        """The crawl's batch for ``write``: ``NEWSBOT_STORE_BATCH_SIZE`` entries, in its database thread; dedupe's
        batches wait ``NEWSBOT_STORE_BATCH_SECONDS``, and the stages behind them ``follow`` (``FOLLOW``)."""
        settings = crawler.settings
        seconds = FOLLOW if follow else settings.getfloat("NEWSBOT_STORE_BATCH_SECONDS", 0.25)
        size = settings.getint("NEWSBOT_STORE_BATCH_SIZE", 1)
        return cls(write, size=size, seconds=seconds, thread=DatabaseService.of(crawler).thread)

    def submit(self, entry: T) -> Any:
        """What ``process_item`` returns: when batching (``size`` > 1) or writing in the database thread, an
        awaitable of the entry's outcome (see ``add``); else the outcome of writing the entry now, raised if it is
        an exception."""
        if self.size > 1 or self._threaded():
            return self.add(entry)
        outcome = self.write([entry])[0]
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    async def add(self, entry: T) -> Any:
        """Queue ``entry``; returns its outcome once its batch is written (raises it if it is an exception)."""
        if self._asyncio is None:
            self._asyncio = on_asyncio()
        waiter: Any = asyncio.get_running_loop().create_future() if self._asyncio else Deferred()
        self.entries.append(entry)
        self.waiters.append(waiter)
        if len(self.entries) >= self.size:
            self.flush()
        elif self._timer is None:
            self._timer = self._call_later()
        return await waiter

    def _call_later(self) -> Any:
        if self._asyncio:
            return asyncio.get_running_loop().call_later(self.seconds, self.flush)
        from twisted.internet import reactor

        return reactor.callLater(self.seconds, self.flush)  # type: ignore[attr-defined]

    def flush(self) -> None:
        """Write the waiting entries now and hand each waiter its outcome."""
        timer, self._timer = self._timer, None
        if timer is not None and (self._asyncio or timer.active()):  # a Twisted call that ran cannot be cancelled
            timer.cancel()
        entries, waiters = self.entries, self.waiters
        self.entries, self.waiters = [], []
        if not entries:
            return
        if self.thread is not None and self._asyncio:
            done = self.thread.run(lambda: self.write(entries))
            done.add_done_callback(lambda future: _settle_all(waiters, future, len(entries)))
            return
        try:
            outcomes: Sequence[Any] = self.write(entries)
        except BaseException as exc:  # every waiter learns of it: none is left hanging
            outcomes = [exc] * len(entries)
        for waiter, outcome in zip(waiters, outcomes, strict=True):
            _settle(waiter, outcome)

    def after(self, work: Callable[[], Any]) -> Any:
        """Run ``work`` once the batches handed to the database thread are written: in that thread, returning an
        awaitable of its result, when this batch writes there; else now, returning its result."""
        if self._threaded():
            assert self.thread is not None
            return self.thread.run(work)
        return work()

    def _threaded(self) -> bool:
        return self.thread is not None and on_asyncio()


def _settle_all(waiters: list[Any], done: asyncio.Future[Sequence[Any]], count: int) -> None:
    """Hand each waiter its outcome from a batch written in the database thread (all of them its error)."""
    error = done.exception() if not done.cancelled() else asyncio.CancelledError()
    outcomes: Sequence[Any] = [error] * count if error is not None else done.result()
    for waiter, outcome in zip(waiters, outcomes, strict=True):
        _settle(waiter, outcome)


def _settle(waiter: Any, outcome: Any) -> None:
    """Hand ``outcome`` to a Deferred or an asyncio future (skipped when the crawl cancelled the wait)."""
    failed = isinstance(outcome, BaseException)
    if isinstance(waiter, Deferred):
        if failed:
            waiter.errback(outcome)
        else:
            waiter.callback(outcome)
    elif not waiter.cancelled():
        if failed:
            waiter.set_exception(outcome)
        else:
            waiter.set_result(outcome)
