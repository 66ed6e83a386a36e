"""Engines and sessions: SQLite gets WAL, a busy timeout and foreign keys; any SQLAlchemy url works."""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.orm import Session, sessionmaker

from newsbot.storage.models import Base

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


@cache
def get_engine(url: str) -> Engine:
    """One engine per database url per process (pipelines and extensions share it)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", _set_sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    return engine


def init_db(engine: Engine) -> None:
    """Create any missing tables."""
    Base.metadata.create_all(engine)


def session_factory(url: str) -> sessionmaker[Session]:
    """A sessionmaker bound to the engine for ``url``, with the schema in place."""
    engine = get_engine(url)
    init_db(engine)
    return sessionmaker(engine, expire_on_commit=False)
