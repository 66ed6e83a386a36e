"""Crawl health from ``crawl_runs``: a site whose failure rate jumped (a layout change) or that has gone quiet.

Both checks compare a site's latest runs with its own history, so a site that always fails a little, or that
publishes once a day, is not flagged for being itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise
from statistics import median

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsbot.storage import models
from newsbot.storage.models import utcnow

#: Runs of history a site needs before it can be judged.
MIN_HISTORY = 3
#: The latest failure rate is a jump when it is this many points above the usual rate...
JUMP_POINTS = 0.20
#: ...and at least this many times the usual rate.
JUMP_FACTOR = 3.0
#: A site is quiet when no new article has come for this many times its usual gap between new articles...
QUIET_FACTOR = 3.0
#: ...and for at least this long.
QUIET_MINIMUM = timedelta(hours=6)


@dataclass(frozen=True)
class Alert:
    """Something wrong with one site's crawls, said for an operator."""

    spider: str
    problem: str

    def __str__(self) -> str:
        return f"{self.spider}: {self.problem}"


def failure_rate(run: models.CrawlRun) -> float:
    """Share of a run's fetched pages that ended as failures."""
    return run.failures / run.pages_fetched if run.pages_fetched else 0.0


def check_failures(spider: str, runs: list[models.CrawlRun]) -> Alert | None:
    """An alert when the latest finished run's failure rate jumped above the site's usual rate."""
    if len(runs) < MIN_HISTORY + 1:
        return None
    latest, history = runs[-1], runs[:-1]
    usual = median(failure_rate(run) for run in history)
    rate = failure_rate(latest)
    if rate - usual >= JUMP_POINTS and rate >= JUMP_FACTOR * max(usual, 0.01):
        return Alert(
            spider,
            f"failure rate {rate:.0%} in run {latest.id}, usually {usual:.0%}: the site's layout may have changed"
            " (see the failures table for that run)",
        )
    return None


def check_quiet(spider: str, runs: list[models.CrawlRun], now: datetime) -> Alert | None:
    """An alert when no run has stored a new article for much longer than the site's usual gap."""
    productive = [run.started_at for run in runs if run.items_stored > 0]
    if len(productive) < MIN_HISTORY:
        return None
    gaps = [later - earlier for earlier, later in pairwise(productive)]
    usual = median(gaps) if gaps else timedelta(0)
    silent = now - productive[-1]
    if silent > max(QUIET_FACTOR * usual, QUIET_MINIMUM):
        hours = silent.total_seconds() / 3600
        return Alert(
            spider, f"no new article for {hours:.1f} h, usually one every {usual.total_seconds() / 3600:.1f} h"
        )
    return None


def check(session: Session, *, now: datetime | None = None, window: int = 50) -> list[Alert]:
    """Alerts for every site (``crawl_runs.spider`` names the site a run crawled), on its last ``window`` runs."""
    now = now or utcnow()
    alerts: list[Alert] = []
    spiders = session.scalars(select(models.CrawlRun.spider).distinct().order_by(models.CrawlRun.spider)).all()
    for spider in spiders:
        runs = list(
            reversed(
                session.scalars(
                    select(models.CrawlRun)
                    .where(models.CrawlRun.spider == spider, models.CrawlRun.finished_at.is_not(None))
                    .order_by(models.CrawlRun.id.desc())
                    .limit(window)
                ).all()
            )
        )
        alerts += [a for a in (check_failures(spider, runs), check_quiet(spider, runs, now)) if a]
    return alerts
