"""scrapy-redis's scheduler, made safe for many workers: requests are leased, passes are seeded once and end once.

The released ``scrapy_redis.scheduler.Scheduler`` pops a request and forgets it, keys its queue by spider name
(every profile site would share the ``news`` queue), closes a worker as soon as *it* sees an empty queue (while
another worker's page may still add work), and passes ``spider=`` to Scrapy's stats (deprecated in Scrapy 2.19).
``SharedScheduler`` keeps its queue and seen-set formats and replaces those parts:

- keys per site (``<prefix>:<site>:requests``, ``:seen``, ``:inflight``), see ``newsbot.distributed.frontier``;
- a request is taken with a lease (recorded in the in-flight hash in the same step) and released once Scrapy has
  finished with it, its items included; a heartbeat keeps the leases of a live worker;
- on open, the worker re-queues what dead workers held, then either seeds a new pass or joins the one under way;
- an idle worker stays open while the pass has work anywhere (queued, in flight, still being seeded) and closes
  when the pass is over.
"""

from __future__ import annotations

import logging
from typing import Any

from redis.exceptions import RedisError
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy_redis.connection import get_redis_from_settings
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from newsbot.distributed.frontier import Frontier, Keys
from newsbot.distributed.seeding import start_requests

logger = logging.getLogger(__name__)

#: Seconds between two looks at the shared queue while this worker could take more (Scrapy's own is 5 s).
POLL_INTERVAL = 0.2


class SharedScheduler(Scheduler):
    """Scrapy scheduler over the shared Redis frontier of the spider's site."""

    def __init__(self, server: Any, crawler: Crawler, **kwargs: Any) -> None:
        super().__init__(server, **kwargs)
        self.crawler = crawler
        self.stats = crawler.stats
        settings = crawler.settings
        self.prefix = settings.get("NEWSBOT_REDIS_PREFIX")
        self.lease = settings.getfloat("NEWSBOT_REDIS_LEASE")
        # Requests waiting in this worker's downloader are work the others cannot take: keep as many waiting as are
        # downloading, enough to keep the downloads going, so no worker hoards the end of a pass.
        self.max_waiting = max(2, 2 * settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"))
        self.held: dict[str, Request] = {}
        self.frontier: Frontier | None = None
        self.site = ""
        self._loop: task.LoopingCall | None = None
        self._beats = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedScheduler:
        settings = crawler.settings
        server = get_redis_from_settings(settings)
        try:
            server.ping()
        except RedisError as exc:
            raise RuntimeError(
                f"NEWSBOT_REDIS_URL {settings.get('REDIS_URL')}: Redis does not answer ({exc}); start it, or unset"
                " NEWSBOT_REDIS_URL to crawl in this process alone"
            ) from exc
        scheduler = cls(server, crawler, persist=True, idle_before_close=0)
        crawler.signals.connect(scheduler.spider_idle, signal=signals.spider_idle)
        return scheduler

    # lifecycle -------------------------------------------------------------------------------------------

    def open(self, spider: Spider) -> None:
        self.spider = spider
        self.site = getattr(spider, "site", spider.name)
        self.frontier = Frontier(
            self.server,
            Keys.for_site(self.prefix, self.site),
            spider,
            lease=self.lease,
            debug=self.crawler.settings.getbool("DUPEFILTER_DEBUG"),
        )
        self.queue, self.df = self.frontier.queue, self.frontier.seen
        _engine_slot(self.crawler)  # fail now, not mid-crawl, if Scrapy moved what the lease release watches
        self.frontier.beat()
        self._requeue_dead()
        state, seeder = self.frontier.claim()
        if state == "seed":
            self._seed(f"new pass, {self.frontier.keys.requests}")
        elif state == "seeding" and self.frontier.take_over_seeding(seeder):
            self._seed(f"in place of {seeder}, which died while seeding")
        else:
            logger.info(
                "%s: joining the pass seeded by %s (%d requests queued); this worker's start requests are"
                " filtered as seen",
                self.site,
                seeder,
                len(self.queue),
            )
        self._loop = task.LoopingCall(self._tick)
        self._loop.start(POLL_INTERVAL, now=False)

    def close(self, reason: str) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        if self.frontier is None:
            return
        self._release_finished()
        # Scrapy closes the scheduler after every request in progress has finished, so nothing should be left;
        # whatever is goes back to the queue rather than waiting for the lease to expire.
        returned = self.frontier.give_back()
        if returned:
            logger.warning("%s: gave back %d requests on close: %s", self.site, len(returned), ", ".join(returned))
        self.frontier.leave()

    def _seed(self, why: str) -> None:
        assert self.frontier is not None
        pushed = self.frontier.seed(start_requests(self.spider))
        self.stats.inc_value("newsbot/distributed/seeded", pushed)
        logger.info("%s: seeded %d start requests (%s)", self.site, pushed, why)

    # queue -----------------------------------------------------------------------------------------------

    def enqueue_request(self, request: Request) -> bool:
        assert self.frontier is not None
        if not self.frontier.push(request):
            self.df.log(request, self.spider)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        assert self.frontier is not None
        self._release_finished()
        if len(self.crawler.engine.downloader.active) >= self.max_waiting:
            return None
        taken = self.frontier.take()
        if taken is None:
            return None
        token, data = taken
        try:
            request = self.frontier.decode(data)
        except (ValueError, AttributeError, ImportError) as exc:
            # Not JSON (a pickle: refused, never unpickled), or queued by another version of the spider (a renamed
            # callback): say so, never retry it forever.
            self.frontier.release([token])
            self.stats.inc_value("newsbot/distributed/undecodable")
            logger.error("%s: refused a queued request this spider cannot read (%s): %r", self.site, exc, data[:200])
            return None
        self.held[token] = request
        self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        return len(self.queue) > 0

    def _release_finished(self) -> None:
        """Release the leases of the requests Scrapy has finished with (downloaded, parsed, items stored)."""
        if not self.held or self.frontier is None:
            return
        in_progress = _engine_slot(self.crawler).inprogress
        done = [token for token, request in self.held.items() if request not in in_progress]
        if done:
            self.frontier.release(done)
            for token in done:
                del self.held[token]

    # the shared pass -------------------------------------------------------------------------------------

    def _tick(self) -> None:
        """Look at the shared queue again soon; keep the heartbeat; hand dead workers' requests on."""
        try:
            self._beats += 1
            if self._beats * POLL_INTERVAL >= self.lease / 4:
                self._beats = 0
                assert self.frontier is not None
                self.frontier.beat()
                self._requeue_dead()
            _engine_slot(self.crawler).nextcall.schedule()
        except RedisError as exc:
            logger.error("%s: Redis did not answer the heartbeat (%s); trying again", self.site, exc)

    def _requeue_dead(self) -> None:
        assert self.frontier is not None
        for worker, urls in self.frontier.requeue_dead().items():
            self.stats.inc_value("newsbot/distributed/requeued", len(urls))
            logger.warning(
                "%s: worker %s stopped sending heartbeats; re-queued the %d requests it held: %s",
                self.site,
                worker,
                len(urls),
                ", ".join(urls),
            )

    def spider_idle(self, spider: Spider) -> None:
        """Keep an idle worker open while the pass still has work somewhere; let it close once the pass is over."""
        assert self.frontier is not None
        self._release_finished()
        self._requeue_dead()
        state = self.frontier.finish()
        if state == "finished":
            logger.info("%s: the pass is over: nothing queued, nothing in flight", self.site)
        if state in ("finished", "none"):
            return
        if state == "seeding":
            seeder = self.frontier.pass_info().get("seeder", "")
            if seeder != self.frontier.worker and self.frontier.take_over_seeding(seeder):
                self._seed(f"in place of {seeder}, which died while seeding")
        raise DontCloseSpider(f"pass {state}")


def _engine_slot(crawler: Crawler) -> Any:
    """The engine's slot, whose ``inprogress`` set holds each request until Scrapy is done with it.

    Scrapy has no "request finished" signal and no public way to make an idle engine look at its scheduler sooner
    than its 5 s heartbeat; ``inprogress`` and ``nextcall`` are what ``scrapy.utils.engine``'s status report reads.
    A Scrapy that moves them makes the worker fail at open, never lose leases quietly.
    """
    slot = getattr(crawler.engine, "_slot", None)
    if not isinstance(getattr(slot, "inprogress", None), set) or not hasattr(slot, "nextcall"):
        raise RuntimeError(
            "this Scrapy's engine has no _slot.inprogress/_slot.nextcall, which the shared frontier needs;"
            " use the Scrapy range in pyproject.toml"
        )
    return slot
