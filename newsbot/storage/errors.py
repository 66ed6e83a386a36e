"""What a database error means for the item that met it, decided by the driver's own error code.

* ``transient``: the database does not answer now (down, unreachable, locked, out of connections): keep the
  item (the spool) and try again later.
* ``row``: the database refuses this one row (a constraint, a value out of range): a ``failures`` row, the crawl
  goes on.
* ``broken``: anything else (no such table, a syntax error, a missing column, permissions): waiting will not
  fix it, so the crawl stops with an error that names it instead of spooling everything and exiting 0.

SQLite says which by ``sqlite_errorcode`` (Python 3.11+): only BUSY and LOCKED (with their extended codes) pass.
PostgreSQL says it by SQLSTATE (psycopg's ``sqlstate``); an error without one (connection refused, closed,
timed out) comes from the connection, not from the server, and passes too.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy.exc import (
    DataError,
    DBAPIError,
    DisconnectionError,
    IntegrityError,
    InterfaceError,
    SQLAlchemyError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

Kind = Literal["transient", "row", "broken"]

#: SQLite primary result codes that say "another connection holds the database": SQLITE_BUSY, SQLITE_LOCKED.
SQLITE_TRANSIENT = {5, 6}
#: PostgreSQL SQLSTATE classes (first two characters) that say the server cannot answer now: connection
#: exceptions (08) and operator intervention (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect
#: now, 57P05 idle session timeout; 57P04 "database dropped" is not coming back).
POSTGRES_TRANSIENT_CLASSES = {"08"}
POSTGRES_TRANSIENT = {
    "57P01", "57P02", "57P03", "57P05",
    "53300",  # too_many_connections
    "53400",  # configuration_limit_exceeded
    "40001",  # serialization_failure: run the transaction again
    "40P01",  # deadlock_detected: one of the two transactions was cancelled; again, it goes through
    "55P03",  # lock_not_available (lock_timeout)
    "57014",  # query_canceled: the statement timeout (NEWSBOT_DB_STATEMENT_TIMEOUT) ran out, e.g. behind a lock
}  # fmt: skip


class DatabaseBroken(RuntimeError):
    """A database error that waiting will not fix; the message names the database's own words and a fix."""


def classify(exc: BaseException) -> Kind:
    """``transient``, ``row`` or ``broken``: see the module docstring."""
    if isinstance(exc, DisconnectionError | PoolTimeoutError):
        return "transient"
    if not isinstance(exc, SQLAlchemyError):
        return "broken"
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return "transient"
    original = getattr(exc, "orig", None)
    sqlite_code = getattr(original, "sqlite_errorcode", None)
    if sqlite_code is not None:
        if sqlite_code & 0xFF in SQLITE_TRANSIENT:
            return "transient"
        return "row" if isinstance(exc, IntegrityError | DataError) else "broken"
    if _is_postgres_error(original):
        state = getattr(original, "sqlstate", None)
        if state is None:  # raised by the client library: no server answered
            return "transient"
        if state[:2] in POSTGRES_TRANSIENT_CLASSES or state in POSTGRES_TRANSIENT:
            return "transient"
        return "row" if state[:2] in ("22", "23") else "broken"
    if isinstance(exc, InterfaceError):  # the DB-API's word for "this connection is unusable"
        return "transient"
    return "row" if isinstance(exc, IntegrityError | DataError) else "broken"


def is_transient(exc: BaseException) -> bool:
    """True when ``exc`` says the database is not answering now (down, locked, connection lost): retry later."""
    return classify(exc) == "transient"


def is_broken(exc: BaseException) -> bool:
    """True for a database error that is neither an outage nor one row's fault (a missing table, ...)."""
    return isinstance(exc, DatabaseBroken) or (isinstance(exc, SQLAlchemyError) and classify(exc) == "broken")


def broken(exc: SQLAlchemyError) -> DatabaseBroken:
    """The error to raise for ``exc``: the database's own message, its code and what to do."""
    original = getattr(exc, "orig", None) or exc
    code = getattr(original, "sqlite_errorname", None) or getattr(original, "sqlstate", None) or type(original).__name__
    first_line = str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__
    return DatabaseBroken(
        f"database error {code}: {first_line}; this is not an outage, so nothing was spooled: check the schema "
        "(`newsbot db upgrade`) and the database url, then crawl again"
    )


def _is_postgres_error(original: object) -> bool:
    return type(original).__module__.split(".")[0] == "psycopg" or hasattr(original, "sqlstate")
