"""The crawl's notion of now: the real clock, or ``NEWSBOT_NOW`` when a test or a backfill sets one."""

from __future__ import annotations

from datetime import UTC, datetime

from scrapy.settings import BaseSettings


def crawl_now(settings: BaseSettings) -> datetime:
    """``NEWSBOT_NOW`` (ISO 8601, UTC when it has no offset) if set, else the current time; always in UTC."""
    value = settings.get("NEWSBOT_NOW")
    if not value:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"NEWSBOT_NOW={value!r} is not an ISO 8601 time, e.g. 2026-11-25T12:00:00+00:00") from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
