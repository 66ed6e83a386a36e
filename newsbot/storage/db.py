"""Engines and sessions: SQLite gets WAL, a busy timeout and foreign keys; PostgreSQL gets bounded waits.

A PostgreSQL engine's connection attempts and statements are bounded (``newsbot.storage.bounds``).

The schema comes from the Alembic migrations: the first ``session_factory(url)`` in a process upgrades that
database to the head revision (a quick read when it is there already).
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


def project_root() -> Path:
    """The checkout newsbot runs from: the folder holding scrapy.cfg, else the working directory."""
    here = Path(__file__).resolve().parents[2]
    if (here / "scrapy.cfg").is_file():
        return here
    return Path.cwd()


def default_database_url() -> str:
    """``sqlite:///<project>/data/newsbot.db``: the embedded default."""
    return f"sqlite:///{project_root() / 'data' / 'newsbot.db'}"


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
_migrated: set[str] = set()
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
        _migrated.discard(url)
    for engine in engines:
        engine.dispose()


def init_db(engine: Engine) -> None:
    """Upgrade the database to the newest migration (creating every table on an empty one)."""
    revision = migrations.upgrade(engine)
    logger.debug("database %s is at revision %s", engine.url.render_as_string(hide_password=True), revision)


def session_factory(url: str, timeouts: Timeouts | None = None) -> sessionmaker[Session]:
    """A sessionmaker bound to the engine for ``url`` (and ``timeouts``), with the schema upgraded to head once per
    process."""
    engine = get_engine(url, timeouts)
    if url not in _migrated:
        # Not under _lock: a migration can wait for another process's; threads racing here both find it done.
        if engine.dialect.name == "postgresql":
            migrating = _create_engine(url, _MIGRATION_TIMEOUTS)
            try:
                init_db(migrating)
            finally:
                migrating.dispose()
        else:
            init_db(engine)
        _migrated.add(url)
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
    return sessionmaker(engine, expire_on_commit=False)


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
