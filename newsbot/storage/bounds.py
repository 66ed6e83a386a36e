"""Bounded waits on PostgreSQL: a partition must cost the crawl seconds, not the rest of the run.

A server that is down answers at once (connection refused); one behind a network partition never answers, and a
wait without a bound would hold the crawl's database thread for good. So a connection attempt gives up after
``Timeouts.connect`` seconds (libpq's ``connect_timeout``), the server cancels a statement after
``Timeouts.statement`` seconds (``statement_timeout``, SQLSTATE 57014), and with psycopg the client stops waiting
for any answer ``CLIENT_GRACE`` seconds later and closes the connection: the server may be the one that cannot
be reached. Each ends in an error ``newsbot.storage.errors`` counts as an outage, so the items are spooled.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import URL, Engine, event

#: Seconds the client waits past the server's statement timeout before it gives up on the connection: the
#: server's own cancel (a clean error, the connection kept) comes first whenever the server can be reached.
CLIENT_GRACE = 2.0


@dataclass(frozen=True)
class Timeouts:
    """Seconds a PostgreSQL connection attempt and a statement may take (0: no bound). SQLite has its busy timeout.

    A crawl takes them from ``NEWSBOT_DB_CONNECT_TIMEOUT`` and ``NEWSBOT_DB_STATEMENT_TIMEOUT``.
    """

    connect: float = 10.0
    statement: float = 60.0

    @classmethod
    def from_settings(cls, settings: Any) -> Timeouts:
        """The bounds a crawl's settings (Scrapy ``Settings``) ask for."""
        return cls(
            connect=settings.getfloat("NEWSBOT_DB_CONNECT_TIMEOUT", cls.connect),
            statement=settings.getfloat("NEWSBOT_DB_STATEMENT_TIMEOUT", cls.statement),
        )


def libpq_parameters(url: URL, timeouts: Timeouts) -> dict[str, Any]:
    """Connection parameters for the bounds: ``connect_timeout`` (whole seconds) and the statement timeout."""
    parameters: dict[str, Any] = {}
    if timeouts.connect > 0:
        parameters["connect_timeout"] = max(1, math.ceil(timeouts.connect))
    if timeouts.statement > 0:
        # Beside whatever options the url sets already (a search_path, ...), not instead of them.
        options = str(url.query.get("options", "")).strip()
        parameters["options"] = f"{options} -c statement_timeout={round(timeouts.statement * 1000)}".strip()
    return parameters


def bound_answers(engine: Engine, url: URL, timeouts: Timeouts) -> None:
    """Make ``engine``'s psycopg connections give up on an answer after the statement timeout plus the grace."""
    if timeouts.statement <= 0 or url.get_driver_name() != "psycopg":
        return
    answer_within = timeouts.statement + CLIENT_GRACE

    @event.listens_for(engine, "do_connect")
    def _connect(dialect: Any, record: Any, cargs: Any, cparams: Any) -> Any:
        from newsbot.storage.psycopg_bounded import AnswerBoundConnection  # psycopg is an optional dependency

        return AnswerBoundConnection.connect_bounded(answer_within, *cargs, **cparams)
