"""A psycopg connection that waits a bounded time for any answer of the server (``newsbot.storage.bounds``)."""

from __future__ import annotations

from time import monotonic
from typing import Any

import psycopg


class AnswerBoundConnection(psycopg.Connection):  # type: ignore[type-arg]
    """Waits at most ``answer_within`` seconds for each answer (a query, a commit, a ping), then closes itself.

    psycopg's ``wait`` takes a timeout and raises an ``OperationalError`` without SQLSTATE when it runs out, the
    exchange half done; the connection is closed then, so the pool throws it away (SQLAlchemy sees it closed).
    """

    answer_within: float | None = None

    @classmethod
    def connect_bounded(cls, answer_within: float, *args: Any, **kwargs: Any) -> AnswerBoundConnection:
        connection = cls.connect(*args, **kwargs)
        connection.answer_within = answer_within
        return connection

    def wait(self, gen: Any, *args: Any, timeout: float | None = None, **kwargs: Any) -> Any:
        bound = self.answer_within if timeout is None else timeout
        started = monotonic()
        try:
            return super().wait(gen, *args, timeout=bound, **kwargs)
        except psycopg.OperationalError as exc:
            ours = timeout is None and bound is not None and exc.sqlstate is None
            if not ours or monotonic() - started < bound or self.closed:
                raise
            self.pgconn.finish()
            raise psycopg.OperationalError(
                f"no answer from the database in {bound:g} s (NEWSBOT_DB_STATEMENT_TIMEOUT and a grace for the"
                " server's own cancel); connection closed"
            ) from exc
