"""A database error is an outage only when the driver's code says so; a broken schema stops the crawl, loudly.

The errors come from real databases: SQLite files (a write lock held by another connection, a dropped table) and
PostgreSQL (a closed port, a syntax error, a statement timeout, a unique violation).
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import upgraded_sessions
from sqlalchemy import create_engine, make_url, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from newsbot.samplesite.server import SampleSite
from newsbot.storage import models
from newsbot.storage.db import dispose_engine
from newsbot.storage.errors import classify
from newsbot.storage.spool import spool_files

ROOT = Path(__file__).resolve().parents[1]


def error_of(url: str, statement: str, *, connect_args: dict | None = None) -> SQLAlchemyError:
    """The SQLAlchemy error ``statement`` raises on ``url``."""
    engine = create_engine(url, poolclass=NullPool, connect_args=connect_args or {})
    try:
        with engine.begin() as connection:
            connection.execute(text(statement))
    except SQLAlchemyError as exc:
        return exc
    finally:
        engine.dispose()
    raise AssertionError(f"{statement!r} did not fail")


@pytest.mark.databases("sqlite")
def test_sqlite_lock_is_transient_and_a_missing_table_or_bad_sql_is_broken(db_url: str) -> None:
    upgraded_sessions(db_url)
    path = make_url(db_url).database
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        locked = error_of(db_url, "INSERT INTO sources (name) VALUES ('x')", connect_args={"timeout": 0.1})
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert classify(locked) == "transient"
    assert classify(error_of(db_url, "SELECT * FROM no_such_table")) == "broken"
    assert classify(error_of(db_url, "SELEC 1")) == "broken"
    duplicate = "INSERT INTO sources (name) VALUES ('a'), ('a')"
    assert classify(error_of(db_url, duplicate)) == "row"


@pytest.mark.databases("postgresql")
def test_postgresql_unreachable_or_timed_out_is_transient_and_bad_sql_is_broken(db_url: str) -> None:
    upgraded_sessions(db_url)
    with socket.create_server(("127.0.0.1", 0)) as closed:
        port = closed.getsockname()[1]
    nowhere = make_url(db_url).set(host="127.0.0.1", port=port).render_as_string(hide_password=False)
    assert classify(error_of(nowhere, "SELECT 1")) == "transient"  # connection refused: no SQLSTATE
    timed_out = error_of(db_url, "SET LOCAL statement_timeout = 50; SELECT pg_sleep(2)")
    assert getattr(timed_out.orig, "sqlstate", None) == "57014"
    assert classify(timed_out) == "transient"
    assert classify(error_of(db_url, "SELECT * FROM no_such_table")) == "broken"  # 42P01
    assert classify(error_of(db_url, "SELEC 1")) == "broken"  # 42601
    assert classify(error_of(db_url, "INSERT INTO sources (name) VALUES ('a'), ('a')")) == "row"  # 23505


def test_crawl_into_a_database_missing_a_table_stops_with_the_error_and_spools_nothing(
    db_url: str, tmp_path: Path
) -> None:
    """A table dropped behind newsbot's back: not an outage. ``newsbot crawl`` exits 1 naming the error."""
    upgraded_sessions(db_url)
    engine = create_engine(db_url, poolclass=NullPool)
    with engine.begin() as connection:
        cascade = " CASCADE" if engine.dialect.name == "postgresql" else ""  # PostgreSQL's views hold it
        connection.execute(text(f"DROP TABLE comment_snapshots{cascade}"))
    engine.dispose()
    dispose_engine(db_url)
    spool_dir = tmp_path / "spool"
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
    with SampleSite() as site:
        command = [
            sys.executable, "-m", "newsbot.cli", "crawl", "gamespot", "-a", f"base_url={site.base_url}",
            "-s", f"NEWSBOT_DATABASE_URL={db_url}", "-s", f"NEWSBOT_SPOOL_DIR={spool_dir}",
            "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "NEWSBOT_PROGRESS_ENABLED=0",
        ]  # fmt: skip
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stderr[-3000:]
    assert "this is not an outage" in result.stderr
    assert "comment_snapshots" in result.stderr
    assert "database_error" in result.stdout
    assert spool_files(spool_dir) == [], "a broken schema was taken for an outage and spooled"
    with upgraded_sessions(db_url)() as session:
        assert session.scalars(select(models.Article.url)).all() == []
