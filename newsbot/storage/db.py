"""Engines and sessions: SQLite gets WAL, a busy timeout and foreign keys; PostgreSQL gets bounded waits.

A PostgreSQL engine's connection attempts and statements are bounded (``newsbot.storage.bounds``).

The schema comes from the Alembic migrations, run by ``upgrade(url)`` only: ``newsbot db upgrade``, the demo and
a crawl's start (``newsbot.storage.service``) call it. Building a session factory creates and migrates nothing.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.orm import Session, sessionmaker

from newsbot.storage import bounds, migrations
from newsbot.storage.bounds import Timeouts

logger = logging.getLogger(__name__)

#: How long a SQLite writer waits for another's lock before giving up (milliseconds).
SQLITE_BUSY_TIMEOUT_MS = 10_000


def _set_sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    # WAL lets analysts read while a crawl writes; NORMAL sync is durable across process crashes in WAL mode.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


#: Migrations run once, at start-up, under their own lock: they are not bounded by the statement timeout.
_MIGRATION_TIMEOUTS = Timeouts(statement=0)

_engines: dict[tuple[str, Timeouts | None], Engine] = {}
_lock = threading.Lock()


def get_engine(url: str, timeouts: Timeouts | None = None) -> Engine:
    """One engine per database url and bounds per process (pipelines and extensions share it)."""
    timeouts = timeouts or Timeouts()
    key = (url, None if make_url(url).get_backend_name() == "sqlite" else timeouts)  # SQLite: one pool per file
    with _lock:
        engine = _engines.get(key)
        if engine is None:
            engine = _engines[key] = _create_engine(url, timeouts)
        return engine


def _create_engine(url: str, timeouts: Timeouts) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", _set_sqlite_pragmas)
        return engine
    if parsed.get_backend_name() != "postgresql":
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, pool_pre_ping=True, connect_args=bounds.libpq_parameters(parsed, timeouts))
    bounds.bound_answers(engine, parsed, timeouts)
    return engine


def dispose_engine(url: str) -> None:
    """Close the pooled connections of ``url``'s engines and forget them (tests dropping a database call this)."""
    with _lock:
        keys = [key for key in _engines if key[0] in (url, _READ_ONLY + url)]
        engines = [_engines.pop(key) for key in keys]
    for engine in engines:
        engine.dispose()


def upgrade(url: str, timeouts: Timeouts | None = None) -> tuple[str | None, str | None]:
    """Upgrade ``url``'s database to the newest migration (creating every table on an empty one), logging what it
    did; returns the revisions (before, after). A quick read when the database is there already."""
    engine = get_engine(url, timeouts)
    # PostgreSQL: not bounded by the statement timeout, and under the migrations' own lock (see migrations.upgrade).
    migrating = _create_engine(url, _MIGRATION_TIMEOUTS) if engine.dialect.name == "postgresql" else engine
    try:
        before = migrations.current_revision(migrating)
        after = migrations.upgrade(migrating)
    finally:
        if migrating is not engine:
            migrating.dispose()
    shown = engine.url.render_as_string(hide_password=True)
    if before == after:
        logger.info("database %s is at the newest revision (%s)", shown, after)
    else:
        logger.info("database %s upgraded from revision %s to %s", shown, before or "none", after)
    return before, after


def session_factory(url: str, timeouts: Timeouts | None = None) -> sessionmaker[Session]:
    """A sessionmaker bound to the engine for ``url`` (and ``timeouts``); it creates and migrates nothing.

    It connects once, so that a url that cannot be used fails here in one line rather than at a command's first
    query (a crawl's database service builds its sessions without this check: it spools through outages).
    """
    engine = get_engine(url, timeouts)
    with engine.connect():
        pass
    return sessions_of(engine)


def sessions_of(engine: Engine) -> sessionmaker[Session]:
    """Sessions on ``engine``, their objects still readable after commit (the pipelines hand them on)."""
    return sessionmaker(engine, expire_on_commit=False)


class SchemaMissing(RuntimeError):
    """A database opened read-only that newsbot has not set up; the message says how to."""


def _read_only_sqlite(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA query_only=ON")
    cursor.close()


def _read_only_postgresql(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    cursor.close()
    dbapi_connection.commit()


def read_only_session_factory(url: str) -> sessionmaker[Session]:
    """Sessions that cannot write (SQLite opened ``mode=ro``, PostgreSQL read-only transactions), for query tools.

    Nothing is migrated or created: a database without newsbot's schema raises SchemaMissing.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if not database or database == ":memory:" or not Path(database).is_file():
            raise SchemaMissing(f"no database file at {database or url}: run `newsbot db upgrade` or a crawl first")
    with _lock:
        engine = _engines.get((_READ_ONLY + url, None))
        if engine is None:
            engine = _engines[_READ_ONLY + url, None] = _create_read_only_engine(url)
    with engine.connect() as connection:
        if not engine.dialect.has_table(connection, "articles"):
            shown = parsed.render_as_string(hide_password=True)
            raise SchemaMissing(f"{shown} has no newsbot tables: run `newsbot db upgrade --database-url ...` first")
    return sessions_of(engine)


_READ_ONLY = "read-only:"


def _create_read_only_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(f"sqlite:///file:{Path(parsed.database or '').resolve()}?mode=ro&uri=true")
        event.listen(engine, "connect", _read_only_sqlite)
    else:
        engine = create_engine(url, pool_pre_ping=True)
        event.listen(engine, "connect", _read_only_postgresql)
    return engine
