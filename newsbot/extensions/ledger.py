"""The run's ledger of article urls: every article url the crawl asked for, and the one outcome each ended in.

requested = stored (new, updated, unchanged, waiting in the spool) + duplicates + failures (by stage) +
dropped by policy (robots, offsite, limits) + unrecorded visits + unaccounted

The ledger is kept by a Scrapy extension fed by signals: ``request_scheduled`` counts an article url once when it
is first asked for (a followed redirect is credited to the url it started from), and ``item_scraped``,
``item_dropped``, ``item_error``, ``spider_error`` and this module's ``policy_dropped`` and ``page_settled`` (a
304 revisit, which is no item) settle it. The stored figures are the store pipeline's and visit recorder's own
stats. At close the ledger goes into the run's stats (``newsbot/ledger/...``, kept in ``crawl_runs.stats``); a url
still unsettled after a finished run is a bug, and the log names it::

    ERROR: ledger: 2 article urls requested but never settled (a bug), e.g. http://host/articles/x/1100-1/

``newsbot stats`` prints the ledger of the last runs.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from twisted.python.failure import Failure

from newsbot.items import Article
from newsbot.storage.spool import is_transient

logger = logging.getLogger(__name__)

#: Signal: an article request was dropped by policy (args: request, kind): robots, offsite, limits.
policy_dropped = object()
#: Signal: an article url ended in an outcome outside the item pipelines (args: response, outcome): a 304.
page_settled_signal = object()
#: Stats prefix of the ledger's figures.
PREFIX = "newsbot/ledger/"
#: Urls named in the log when some fall out of the ledger.
SHOWN = 5


def policy_drop(crawler: Crawler, request: Request, message: str) -> None:
    """Tell the ledger that ``request`` was dropped by policy; ``message`` is the IgnoreRequest's."""
    lowered = message.lower()
    kind = "robots" if "robots.txt" in lowered else "offsite" if "offsite" in lowered else "limits"
    crawler.signals.send_catch_log(policy_dropped, request=request, kind=kind)


def page_settled(crawler: Crawler, response: Response, outcome: str) -> None:
    """Tell the ledger the outcome of the article request ``response`` answers (``stored``, ``unrecorded``, ...)."""
    crawler.signals.send_catch_log(page_settled_signal, response=response, outcome=outcome)


def _request_of(response: Response | Failure | None) -> Request | None:
    """The request an item's response (or the failure an errback got) answers."""
    return getattr(response, "request", None)


class RunLedger:
    """Keep the ledger of one run and write it into the run's stats at close."""

    def __init__(self, crawler: Crawler) -> None:
        assert crawler.stats is not None
        self.stats = crawler.stats
        self.shared = bool(crawler.settings.get("NEWSBOT_REDIS_URL"))
        self.requested = 0
        self.pending: set[str] = set()  # requested, not settled yet
        self.settled: Counter[str] = Counter()
        self._just_added: str | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunLedger:
        ledger = cls(crawler)
        connect = crawler.signals.connect
        connect(ledger.request_scheduled, signal=signals.request_scheduled)
        connect(ledger.request_dropped, signal=signals.request_dropped)
        connect(ledger.item_scraped, signal=signals.item_scraped)
        connect(ledger.item_dropped, signal=signals.item_dropped)
        connect(ledger.item_error, signal=signals.item_error)
        connect(ledger.spider_error, signal=signals.spider_error)
        connect(ledger.policy_dropped, signal=policy_dropped)
        connect(ledger.page_settled, signal=page_settled_signal)
        connect(ledger.spider_closed, signal=signals.spider_closed)
        return ledger

    # --- asked for -----------------------------------------------------------------------------------------

    def request_scheduled(self, request: Request, spider: Spider) -> None:
        self._just_added = None
        if not request.meta.get("newsbot_article") or request.meta.get("newsbot_redirects"):
            return
        if request.url not in self.pending:
            self.pending.add(request.url)
            self.requested += 1
            self._just_added = request.url

    def request_dropped(self, request: Request, spider: Spider) -> None:
        """The scheduler refused the request just scheduled (its duplicate filter had seen it): not asked again."""
        if self._just_added == request.url:
            self.pending.discard(request.url)
            self.requested -= 1
        self._just_added = None

    # --- settled -------------------------------------------------------------------------------------------

    def settle(self, response: Response | Failure | None, outcome: str) -> None:
        """Count the outcome of the article request ``response`` answers (others are not in the ledger)."""
        request = _request_of(response)
        if request is None or not request.meta.get("newsbot_article"):
            return
        origin = request.meta.get("newsbot_origin", request.url)
        if origin in self.pending:
            self.pending.discard(origin)
        elif self.shared:
            self.requested += 1  # asked for by another worker of the shared frontier, fetched here
        else:
            logger.debug("ledger: second outcome %s for %s (not counted)", outcome, origin)
            return
        self.settled[outcome] += 1

    def item_scraped(self, item: Any, response: Response | Failure, spider: Spider) -> None:
        if isinstance(item, Article):
            self.settle(response, "stored")

    def item_dropped(self, item: Any, response: Response | Failure, exception: BaseException, spider: Spider) -> None:
        if hasattr(exception, "original_url"):  # newsbot.pipelines.drops.Duplicate: a copy of a stored article
            self.settle(response, "duplicates")
        else:
            self.settle(response, f"failures/{getattr(exception, 'stage', 'pipeline')}")

    def item_error(self, item: Any, response: Response | Failure, spider: Spider, failure: Failure) -> None:
        if isinstance(item, Article):
            # The store pipeline spools an article the database could not take now; anything else is an error.
            self.settle(response, "stored" if is_transient(failure.value) else "failures/error")

    def spider_error(self, failure: Failure, response: Response | Failure, spider: Spider) -> None:
        self.settle(response, "failures/spider")

    def page_settled(self, response: Response, outcome: str) -> None:
        self.settle(response, outcome)

    def policy_dropped(self, request: Request, kind: str) -> None:
        self.settle(_Answer(request), f"policy/{kind}")

    # --- closed --------------------------------------------------------------------------------------------

    def spider_closed(self, spider: Spider, reason: str) -> None:
        left = sorted(self.pending)
        if left and reason != "finished":
            # The run stopped (a CLOSESPIDER limit, a shutdown) before these were fetched.
            self.settled["policy/limits"] += len(left)
        elif left and self.shared:
            self.settled["shared"] += len(left)  # handed to the shared frontier: another worker's to settle
        elif left:
            self.settled["unaccounted"] += len(left)
            logger.error(
                "ledger: %d article urls requested but never settled (a bug), e.g. %s",
                len(left),
                ", ".join(left[:SHOWN]),
            )
        ledger = Ledger.from_counts(self.requested, self.settled, self.stats.get_stats())
        for key, value in ledger.as_stats().items():
            self.stats.set_value(key, value)
        if not ledger.adds_up:
            logger.error("ledger does not add up: %s", ledger.summary())
        else:
            logger.info("ledger: %s", ledger.summary())


@dataclass(frozen=True)
class _Answer:
    """Stands for the response of a request that got none (dropped by policy before it was sent)."""

    request: Request


@dataclass
class Ledger:
    """One run's ledger, as the run's stats hold it."""

    requested: int = 0
    stored: dict[str, int] = field(default_factory=dict)  # new, updated, unchanged, waiting
    duplicates: int = 0
    failures: dict[str, int] = field(default_factory=dict)  # by stage
    policy: dict[str, int] = field(default_factory=dict)  # robots, offsite, limits
    other: dict[str, int] = field(default_factory=dict)  # unrecorded visits, shared, unaccounted

    @classmethod
    def from_counts(cls, requested: int, settled: Mapping[str, int], stats: Mapping[str, Any]) -> Ledger:
        """The ledger from the extension's per-url counts and the pipelines' stats (which split the stored)."""

        def stat(key: str) -> int:
            return int(stats.get(key, 0) or 0)

        return cls(
            requested=requested,
            stored={
                "new": stat("newsbot/articles/new"),
                "updated": stat("newsbot/articles/changed"),
                "unchanged": stat("newsbot/articles/unchanged"),
                "waiting": max(stat("newsbot/spooled") - stat("newsbot/replayed"), 0),
            },
            duplicates=settled.get("duplicates", 0),
            failures=_under(settled, "failures/"),
            policy=_under(settled, "policy/"),
            other={k: v for k, v in settled.items() if "/" not in k and k not in ("stored", "duplicates")},
        )

    @classmethod
    def from_stats(cls, stats: Mapping[str, Any] | None) -> Ledger | None:
        """The ledger a run's stats hold, or None for a run from before the ledger."""
        if not stats or f"{PREFIX}requested" not in stats:
            return None
        found = {k.removeprefix(PREFIX): int(v) for k, v in stats.items() if k.startswith(PREFIX)}
        return cls(
            requested=found.pop("requested"),
            stored=_under(found, "stored/"),
            duplicates=found.pop("duplicates", 0),
            failures=_under(found, "failures/"),
            policy=_under(found, "policy/"),
            other={k: v for k, v in found.items() if "/" not in k},
        )

    @property
    def accounted(self) -> int:
        """Urls with an outcome: the sum of every bucket."""
        buckets = (self.stored, self.failures, self.policy, self.other)
        return sum(sum(bucket.values()) for bucket in buckets) + self.duplicates

    @property
    def adds_up(self) -> bool:
        """True when every requested url has exactly one outcome and none fell out."""
        return self.accounted == self.requested and not self.other.get("unaccounted")

    def as_stats(self) -> dict[str, int]:
        """The ledger as ``newsbot/ledger/...`` stats keys."""
        out = {f"{PREFIX}requested": self.requested, f"{PREFIX}duplicates": self.duplicates}
        for name, bucket in (("stored", self.stored), ("failures", self.failures), ("policy", self.policy)):
            out.update({f"{PREFIX}{name}/{key}": value for key, value in bucket.items()})
        out.update({f"{PREFIX}{key}": value for key, value in self.other.items()})
        return out

    def summary(self) -> str:
        """One line: requested = each outcome."""

        def parts(bucket: Mapping[str, int]) -> str:
            return ", ".join(f"{k} {v}" for k, v in sorted(bucket.items()) if v) or "0"

        text = (
            f"requested {self.requested} = stored ({parts(self.stored)}) + duplicates {self.duplicates}"
            f" + failures ({parts(self.failures)}) + policy ({parts(self.policy)})"
        )
        if any(self.other.values()):
            text += f" + {parts(self.other)}"
        return text if self.adds_up else f"{text}; {self.requested - self.accounted} unaccounted"


def _under(counts: Mapping[str, int], prefix: str) -> dict[str, int]:
    return {k.removeprefix(prefix): v for k, v in counts.items() if k.startswith(prefix)}


#: Columns of the ``newsbot stats`` ledger table: (header, width).
COLUMNS = (
    ("run", 4),
    ("site", 12),
    ("asked", 7),
    ("new", 6),
    ("upd", 5),
    ("same", 6),
    ("dup", 5),
    ("fail", 6),
    ("policy", 7),
    ("lost", 6),
)


def ledger_table(runs: Iterable[Any]) -> list[str]:
    """Lines of the ledger table for ``runs`` (crawl_runs rows; runs from before the ledger are left out)."""
    lines = ["".join(f"{name:>{width}}" if i != 1 else f"  {name:<{width}}" for i, (name, width) in enumerate(COLUMNS))]
    for run in runs:
        ledger = Ledger.from_stats(run.stats)
        if ledger is None:
            continue
        values = (
            run.id,
            run.spider,
            ledger.requested,
            ledger.stored.get("new", 0),
            ledger.stored.get("updated", 0),
            ledger.stored.get("unchanged", 0),
            ledger.duplicates,
            sum(ledger.failures.values()),
            sum(ledger.policy.values()),
            ledger.requested - ledger.accounted + ledger.other.get("unaccounted", 0),
        )
        lines.append(
            "".join(
                f"{value:>{width}}" if i != 1 else f"  {str(value)[:width]:<{width}}"
                for i, (value, (_, width)) in enumerate(zip(values, COLUMNS, strict=True))
            )
        )
    return lines
