"""Shared fixtures: a real database per test, SQLite and PostgreSQL.

``db_url`` (one test) and ``module_db_url`` (one module) run each test twice: on a SQLite file in a temporary
folder, and on PostgreSQL in a schema of its own that is dropped afterwards, so parallel runs do not collide. The
server is ``NEWSBOT_TEST_POSTGRES_URL``; when it does not answer, the PostgreSQL runs skip, or fail when
``NEWSBOT_REQUIRE_SERVICES=1`` (as in CI). A test about one database's own behaviour says so with
``@pytest.mark.databases("sqlite")``.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from newsbot.items import Article
from newsbot.storage.db import dispose_engine, session_factory, upgrade

DATABASES = ("sqlite", "postgresql")
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

#: Tests in modules that cannot carry the marker yet, with the databases they are about and why.
#: test_spool: asserts SQLite's wording of a NOT NULL error; PostgreSQL refuses the row the same way, in other words.
ONE_DATABASE_TESTS = {
    "test_spool.py::test_a_row_the_database_refuses_for_good_becomes_a_failure_not_a_retry": ("sqlite",),
}


#: Databases this test session upgraded already (every test's url is its own, so one upgrade each is enough).
_UPGRADED: set[str] = set()


def upgraded_sessions(url: str) -> sessionmaker[Session]:
    """Sessions on ``url`` with newsbot's schema in place, as a crawl's start or ``newsbot db upgrade`` leaves it:
    building a session factory creates nothing, so the test upgrades the database the first time it asks."""
    if url not in _UPGRADED:
        upgrade(url)
        _UPGRADED.add(url)
    return session_factory(url)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "databases(*kinds): run the db_url/module_db_url variants of these databases only"
    )


def wanted_databases(request: pytest.FixtureRequest) -> tuple[str, ...]:
    """The databases the requesting test (or module) is about: its ``databases`` marker, else all."""
    marker = request.node.get_closest_marker("databases")
    if marker is not None:
        return tuple(marker.args)
    key = f"{request.path.name}::{getattr(request.node, 'originalname', request.node.name)}"
    return ONE_DATABASE_TESTS.get(key, DATABASES)


def postgres_url() -> str:
    """The server the PostgreSQL runs use."""
    return os.environ.get("NEWSBOT_TEST_POSTGRES_URL") or DEFAULT_POSTGRES_URL


@cache
def postgres_problem() -> str | None:
    """Why PostgreSQL cannot be used, or None when it answers (asked once per test session)."""
    engine = create_engine(postgres_url(), poolclass=NullPool, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        shown = make_url(postgres_url()).render_as_string(hide_password=True)
        return f"PostgreSQL not reachable at {shown} (set NEWSBOT_TEST_POSTGRES_URL): {getattr(exc, 'orig', exc)}"
    finally:
        engine.dispose()
    return None


def require_postgres() -> None:
    """Skip the test when PostgreSQL does not answer; fail it instead under NEWSBOT_REQUIRE_SERVICES=1."""
    problem = postgres_problem()
    if problem is None:
        return
    if os.environ.get("NEWSBOT_REQUIRE_SERVICES") == "1":
        pytest.fail(problem, pytrace=False)
    pytest.skip(problem)


@contextmanager
def postgres_schema() -> Iterator[str]:
    """Url of a new, empty PostgreSQL schema (first on the search path); the schema is dropped afterwards."""
    require_postgres()
    schema = f"newsbot_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_url(), poolclass=NullPool)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(postgres_url()).update_query_dict({"options": f"-csearch_path={schema}"})
    rendered = url.render_as_string(hide_password=False)
    try:
        yield rendered
    finally:
        dispose_engine(rendered)
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def database(kind: str, folder: Path) -> Iterator[str]:
    """Url of an empty database of ``kind`` (``sqlite``: a file in ``folder``)."""
    if kind == "postgresql":
        with postgres_schema() as url:
            yield url
        return
    url = f"sqlite:///{folder / 'newsbot.db'}"
    try:
        yield url
    finally:
        dispose_engine(url)


@pytest.fixture(params=DATABASES)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Url of an empty database: a SQLite file in the test's temporary folder, or a PostgreSQL schema."""
    if request.param not in wanted_databases(request):
        pytest.skip(f"about {', '.join(wanted_databases(request))} only")
    with database(request.param, tmp_path) as url:
        yield url


@pytest.fixture(params=DATABASES)
def two_databases(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Two empty databases of one kind (for tests comparing two ways of writing the same rows)."""
    if request.param not in wanted_databases(request):
        pytest.skip(f"about {', '.join(wanted_databases(request))} only")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with database(request.param, tmp_path / "a") as first, database(request.param, tmp_path / "b") as second:
        yield first, second


@pytest.fixture(scope="module", params=DATABASES)
def module_db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Like ``db_url``, shared by the tests of one module (for fixtures that crawl once and check many things)."""
    if request.param not in wanted_databases(request):
        pytest.skip(f"about {', '.join(wanted_databases(request))} only")
    with database(request.param, tmp_path_factory.mktemp("db")) as url:
        yield url


# --- articles -------------------------------------------------------------------------------------------------

#: A body the validate pipeline accepts (it wants some length), for articles whose text the test does not read.
ARTICLE_BODY = "A body long enough to be stored as an article, written for a test that does not read it."


def make_article(url: str = "https://www.gamespot.com/articles/a/1100-1/", /, **fields: Any) -> Article:
    """An Article as a parser hands it over: `url` is its canonical url too, the site is GameSpot, and every other
    field is the Article default or a keyword override (``make_article(url, headline="...", site="variety")``)."""
    values: dict[str, Any] = {"url": url, "canonical_url": url, "site": "gamespot", "headline": "A headline"}
    return Article(**(values | {"body_text": ARTICLE_BODY, **fields}))
