"""Alembic, configured in code: the schema of every newsbot database is made by the scripts in ``versions/``.

``upgrade(engine)`` brings a database to the head revision inside one transaction that also holds a lock, so
crawlers starting together on a fresh database do not race to create it. A database made by ``create_all`` before
newsbot used Alembic holds exactly the baseline schema: it is stamped with the baseline and upgraded from there.

A new migration: change ``models.py``, then
``python -m newsbot.storage.migrations revision --autogenerate -m "what changed"`` (with ``NEWSBOT_DATABASE_URL``
pointing at a database at head), and check the script. Views and the full-text triggers depend on ``articles``:
a migration that rebuilds that table (SQLite batch mode) or changes a column they read must drop and recreate them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

#: The revision a pre-Alembic database (tables made by ``create_all``) is equivalent to.
BASELINE = "0001"

_HERE = Path(__file__).resolve().parent

#: Made by raw SQL in the full-text migration (0003); the models do not describe them.
_FTS_TABLE_PREFIX = "articles_fts"  # the FTS5 table and its shadow tables (articles_fts_data, ...)
_PG_SEARCH_OBJECTS = frozenset({"search_vector", "ix_articles_search_vector"})


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Autogenerate's filter: leave the full-text search objects out of the comparison with the models."""
    if type_ == "table" and name and name.startswith(_FTS_TABLE_PREFIX):
        return False
    return not (type_ in ("column", "index") and name in _PG_SEARCH_OBJECTS)


def config(connection: Connection | None = None) -> Config:
    """An Alembic Config for newsbot's scripts; env.py migrates ``connection`` when given."""
    cfg = Config()
    cfg.set_main_option("script_location", str(_HERE))
    cfg.attributes["connection"] = connection
    return cfg


def head() -> str:
    """The newest revision in ``versions/``."""
    return ScriptDirectory.from_config(config()).get_current_head() or ""


def current(connection: Connection) -> str | None:
    """The revision the database is at; None when Alembic never ran on it."""
    return MigrationContext.configure(connection).get_current_revision()


def current_revision(engine: Engine) -> str | None:
    """The revision the database at ``engine`` is at (None: Alembic never ran on it); reads only."""
    with engine.connect() as connection:
        return current(connection)


def upgrade(engine: Engine, revision: str = "head") -> str | None:
    """Migrate the database to ``revision``; returns the revision it is at afterwards. A no-op when already there."""
    target = head() if revision == "head" else revision
    with engine.connect() as connection:
        at = current(connection)
        connection.rollback()  # end the read-only transaction SQLAlchemy began for it
        if at == target:
            return target
        with _locked_transaction(connection):
            # Read again under the lock: another process may have migrated while this one waited.
            at = current(connection)
            if at is None and inspect(connection).has_table("articles"):
                command.stamp(config(connection), BASELINE)
            if at != target:
                command.upgrade(config(connection), revision)
            return current(connection)


def downgrade(engine: Engine, revision: str) -> str | None:
    """Migrate the database down to ``revision`` (``base`` = empty); returns the revision it is at afterwards."""
    with engine.connect() as connection, _locked_transaction(connection):
        command.downgrade(config(connection), revision)
        return current(connection)


@contextmanager
def _locked_transaction(connection: Connection) -> Iterator[None]:
    """One transaction that only one migrating process at a time holds; DDL inside it commits or rolls back whole."""
    if connection.dialect.name == "sqlite":
        with _sqlite_immediate_transaction(connection):
            yield
        return
    with connection.begin():
        if connection.dialect.name == "postgresql":
            # Per schema, so test runs that each use their own schema do not wait for one another.
            connection.execute(
                text("SELECT pg_advisory_xact_lock(hashtext(:key || coalesce(current_schema(), '')))"),
                {"key": "newsbot-migrations:"},
            )
        yield


@contextmanager
def _sqlite_immediate_transaction(connection: Connection) -> Iterator[None]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT`` around the block, DDL included.

    Python's sqlite3 module opens transactions only before INSERT/UPDATE/DELETE, so DDL would autocommit statement
    by statement. With the module's transaction handling off, SQLite itself keeps the whole migration atomic, and
    IMMEDIATE takes the write lock up front (waiting out the busy timeout) so a second process waits instead of
    failing half way.
    """
    driver = connection.connection.driver_connection
    assert driver is not None
    saved = driver.isolation_level
    driver.isolation_level = None
    try:
        transaction = connection.begin()  # SQLAlchemy's bookkeeping only: the driver emits nothing
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            transaction.rollback()  # sqlite3's rollback() sends ROLLBACK while SQLite has a transaction open
            raise
        transaction.commit()
    finally:
        driver.isolation_level = saved
