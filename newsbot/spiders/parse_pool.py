"""Parse article pages in a worker process, so the crawl keeps downloading while a page is being read.

Scrapy runs every callback on one thread: while lxml and the parser work through a page (about 2 ms of CPU for a
GameSpot article) no response is read and no request is sent, so on a busy crawl each page waits longer on the
network than it needs to. Parsers are pure functions of (url, html), so they run as well in another process, on
another core, and the crawl's event loop only hands the text over and gets the Article back.

``NEWSBOT_PARSE_WORKERS`` sets the number of worker processes (default 1; 0 parses in the crawl process, as does
any crawl not on Scrapy's asyncio reactor). The workers are a pebble ``ProcessPool``: a worker takes one page
at a time, and a page's time is counted from when a worker starts it, never while it waits behind a slow one.
A worker that dies or hangs on a page never costs other pages:

- a page whose worker died is parsed again alone in a fresh process (the worker may have been killed from outside,
  by the OOM killer say); if it kills that one too, it becomes a failure row. The pool is replaced, since a worker
  killed while it held the pool's channel leaves it locked for the others;
- the pages waiting in a pool that broke or was replaced (a worker killed while idle) go once to the new workers:
  they are bystanders. Pebble fails the pages its workers held but never those still in its queue, so a waiting page
  looks at its pool every second rather than wait for ever;
- a page a worker spent ``NEWSBOT_PARSE_TIMEOUT`` seconds on is stopped (pebble kills that worker and starts
  another) and becomes a failure row. The crawl never hangs on a page;
- when no page finished for longer than any page may take while pages wait (a worker killed between reading a page
  and reporting it started takes the page with it), the pool is replaced and the waiting pages are parsed alone.

A worker ends with the crawl process, even one killed outright: none is left behind holding memory.

Workers are spawned, so each imports the script that started the crawl again; a script that runs a crawl without
an ``if __name__ == "__main__":`` guard would crawl once more in every worker. For such a script the pages are
parsed in the crawl process, and the log says so.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import re
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from pebble import ProcessExpired, ProcessPool

from newsbot.event_loop import on_asyncio
from newsbot.items import Article
from newsbot.parsers import ParseError

if TYPE_CHECKING:
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

Parser = Callable[[str, str], Article]
T = TypeVar("T")
CRASH_FIX = "report it with this page as a fixture"
MAIN_GUARD = re.compile(r"""__name__\s*==\s*['"]__main__['"]""")
#: Seconds to wait for a stopped pool's workers and threads (pebble kills a worker that ignores its terminate).
STOP_WAIT = 10.0
#: Seconds past NEWSBOT_PARSE_TIMEOUT without any page finishing, while pages wait, after which the pool is stuck:
#: a worker SIGKILLed between reading a page and reporting it started takes that page with it (pebble never
#: expires a page it did not see start), and the pages behind it can wait for ever.
STALL_GRACE = 10.0
#: Seconds between two looks at a waiting page's pool (has it broken, has it stalled?).
CHECK_EVERY = 1.0


class _Stalled(Exception):
    """A page that has not started in its pool and never will: the pool broke or stopped (the page is a
    ``bystander``), or no page finished there for longer than a page may take (it may be the page a killed worker
    took)."""

    def __init__(self, why: str, *, bystander: bool) -> None:
        super().__init__(why)
        self.bystander = bystander


#: What a pool that can take no more pages raises: its workers died while idle (pebble then calls it broken).
BROKEN = (BrokenProcessPool, RuntimeError)


def _watch_parent() -> None:
    """Run as each worker starts: end the worker when the crawl process ends, however it ends.

    A crawl killed outright (SIGKILL, the OOM killer, a scheduler's timeout) cannot shut its pool down, and a
    worker waiting for its next page would wait for ever; this thread waits on the parent's sentinel instead.
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def wait_then_exit() -> None:
        parent.join()
        os._exit(1)

    threading.Thread(target=wait_then_exit, name="newsbot-parent-watch", daemon=True).start()


def _ready() -> bool:
    """Run first in each worker: imports the parsers there while the crawl fetches robots.txt and the feeds."""
    import newsbot.parsers  # noqa: F401

    return True


class ParsePool:
    """Worker processes that run parsers; ``parse`` awaits one page's Article (or raises its ParseError)."""

    def __init__(self, workers: int = 1, timeout: float = 60.0) -> None:
        if workers < 0 or timeout <= 0:
            raise ValueError(
                "NEWSBOT_PARSE_WORKERS must be 0 or more and NEWSBOT_PARSE_TIMEOUT above 0, "
                f"not {workers} and {timeout}"
            )
        self.workers = workers
        self.timeout = timeout
        self.stats: StatsCollector | None = None  # the crawl's: crawl_runs.stats says how often workers failed
        self._pool: ProcessPool | None = None
        self._warm: Future[bool] | None = None
        self._alone: asyncio.Lock | None = None  # one page at a time in the retry process
        self._progress = time.monotonic()  # when a page last finished (or the pool started)

    @property
    def running(self) -> bool:
        """True while pages go to worker processes (False: they are parsed in the crawl process)."""
        return self._pool is not None

    def start(self, stats: StatsCollector | None = None) -> None:
        """Start the workers; without workers or off the asyncio reactor, pages are parsed in this process."""
        self.stats = stats
        if self.workers == 0 or self._pool is not None or not on_asyncio():
            return
        script = unguarded_main()
        if script is not None:
            logger.warning(
                'parsing in the crawl process: %s has no `if __name__ == "__main__":` guard, and each parse '
                "worker would run it again (a second crawl). Put the crawl under such a guard to parse in workers.",
                script,
            )
            return
        self._pool = _new_pool(self.workers)
        self._progress = time.monotonic()
        self._warm = self._pool.schedule(_ready)

    def close(self) -> None:
        """Stop the workers (pages still waiting are dropped: the crawl is over)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            _kill(pool, wait=STOP_WAIT)

    async def parse(self, parser: Parser, url: str, html: str) -> Article:
        """``parser(url, html)`` in a worker; raises ParseError for a page no worker could read."""
        for _ in range(2):  # a page whose pool ended under it goes once to the new workers, then is read alone
            pool = self._pool
            if pool is None:
                return parser(url, html)
            try:
                return await self._run(pool, parser, url, html)
            except ParseError:
                raise
            except ProcessExpired:
                self._replace(pool, f"a parse worker died (while parsing {url}, which is parsed again alone)")
                break
            except TimeoutError:
                self._count("newsbot/parse_timeouts")
                problem = f"the parser took over {self.timeout:g} s (NEWSBOT_PARSE_TIMEOUT) and was stopped"
                raise ParseError(url, None, problem, fix=CRASH_FIX) from None
            except _Stalled as stalled:
                self._replace(pool, f"{stalled} ({url} waits)")
                if not stalled.bystander:
                    break
            except Exception as exc:  # pebble's errors for a pool that broke or stopped under the page
                if isinstance(exc, BROKEN) and not self._workers_started():
                    return parser(url, html)
                if pool is self._pool and pool.active and not isinstance(exc, BROKEN):
                    problem = f"parser failed ({type(exc).__name__}: {exc})"
                    raise ParseError(url, None, problem, fix=CRASH_FIX) from exc
                self._replace(pool, f"a parse worker died (while {url} was in its queue)")
            self._count("newsbot/parse_requeued")
        self._count("newsbot/parse_retried_alone")
        return await self._parse_alone(parser, url, html)

    def _count(self, key: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(key)

    async def _run(self, pool: ProcessPool, parser: Parser, url: str, html: str) -> Article:
        """One call in the shared pool; pebble stops it ``timeout`` seconds after a worker started it."""
        future = pool.schedule(parser, (url, html), timeout=self.timeout)
        future.add_done_callback(self._finished)
        return await self._wait(pool, future, shared=True)

    async def _wait(self, pool: ProcessPool, future: Future[T], *, shared: bool) -> T:
        """``future``'s result. Raises _Stalled when its call will never end: ``pool`` broke (pebble fails the calls
        its workers held, not those still in its queue) or was stopped (pebble fails none), or the call has not
        started while nothing finished there (in the ``shared`` pool: no page at all) for longer than a page may
        take."""
        waiting = asyncio.wrap_future(future)
        scheduled = time.monotonic()
        limit = self.timeout + STALL_GRACE
        while True:
            done, _ = await asyncio.wait({waiting}, timeout=CHECK_EVERY)
            if done:
                return waiting.result()
            if not pool.active:  # stopped (pebble then fails no call) or broken (it fails only those it started)
                stalled = _Stalled("the parse workers stopped taking pages", bystander=True)
            elif future.running():
                continue  # pebble times it out, or fails it if its worker dies
            elif time.monotonic() - (max(scheduled, self._progress) if shared else scheduled) > limit:
                stalled = _Stalled(f"no page finished in the parse workers for {limit:g} s", bystander=False)
            else:
                continue
            if future.cancel():
                raise stalled

    def _finished(self, _future: object) -> None:
        self._progress = time.monotonic()  # a float, set from pebble's thread: no lock needed

    async def _parse_alone(self, parser: Parser, url: str, html: str) -> Article:
        """Parse one page in a process of its own: a death or a timeout there is this page's doing."""
        if self._alone is None:
            self._alone = asyncio.Lock()
        async with self._alone:
            pool = _new_pool(1)
            try:
                await self._wait(pool, pool.schedule(_ready), shared=False)
            except (*BROKEN, ProcessExpired, _Stalled):  # no process starts at all now: this one page is read here
                _kill(pool)
                return parser(url, html)
            try:
                future = pool.schedule(parser, (url, html), timeout=self.timeout)
                return await self._wait(pool, future, shared=False)
            except (*BROKEN, ProcessExpired, _Stalled):
                problem = "the parser process died reading this page (a crash in a C extension, or out of memory)"
                raise ParseError(url, None, problem, fix=CRASH_FIX) from None
            except TimeoutError:
                problem = f"the parser took over {self.timeout:g} s (NEWSBOT_PARSE_TIMEOUT) and was stopped"
                raise ParseError(url, None, problem, fix=CRASH_FIX) from None
            finally:
                _kill(pool)

    def _workers_started(self) -> bool:
        """False when the workers never came up (then this crawl parses in its own process from now on)."""
        warm = self._warm
        if warm is None or not warm.done() or warm.exception() is None:
            return True
        pool, self._pool = self._pool, None
        if pool is not None:
            _kill(pool)
            logger.warning(
                "parse workers could not start (%s); parsing in the crawl process. "
                "Set NEWSBOT_PARSE_WORKERS=0 to skip them.",
                warm.exception(),
            )
        return False

    def _replace(self, pool: ProcessPool, why: str) -> None:
        """Swap in new workers for ``pool`` (once, however many pages learn of its end)."""
        if self._pool is not pool:
            return
        logger.warning("%s; new parse workers take the pages it held", why)
        self._count("newsbot/parse_workers_replaced")
        _kill(pool)
        self._pool = _new_pool(self.workers)
        self._progress = time.monotonic()


def unguarded_main() -> str | None:
    """The script a spawned worker would run again as it starts (run by path or ``-m``, with no main guard)."""
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    if spec is not None and (spec.name == "__main__" or spec.name.endswith(".__main__")):
        return None  # a package's __main__ (python -m scrapy): spawn does not import it again
    path = getattr(spec, "origin", None) or getattr(main, "__file__", None)
    if not path:
        return None  # interactive: nothing is imported again
    try:
        source = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None  # a frozen or zipped program: multiprocessing handles those itself
    return None if MAIN_GUARD.search(source) else path


def _new_pool(workers: int) -> ProcessPool:
    # spawn, never fork: a forked child would inherit the reactor's sockets, threads and database connections.
    return ProcessPool(workers, initializer=_watch_parent, context=multiprocessing.get_context("spawn"))


def _kill(pool: ProcessPool, wait: float = 0.0) -> None:
    """End ``pool``, hung workers included (pebble terminates them, then kills what does not end), waiting ``wait``
    seconds at most for it.

    The stopping runs off the calling thread (the crawl's event loop must not wait on it): pebble's join waits on
    its manager threads, and one of them can stay blocked on a channel a SIGKILLed worker left locked, or on a pipe
    no worker reads any more (a crawl then never closed). Those threads are daemons and the workers watch their
    parent, so what is left ends with the crawl process.
    """
    pool.stop()
    ender = threading.Thread(target=pool.join, name="newsbot-parse-pool-stop", daemon=True)
    ender.start()
    if wait <= 0:
        return
    ender.join(wait)
    if ender.is_alive():
        logger.warning("parse workers did not stop within %g s; they end with the crawl process", wait)
