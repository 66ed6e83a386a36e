"""``newsbot serve``: the SQLite database in Datasette, read-only, with newsbot's descriptions, queries and charts.

Datasette opens a mutable file with ``?mode=ro`` connections: it cannot write, yet it sees what a crawl running
at the same time commits (``immutable`` would not, and could read a WAL database wrongly).
"""

from __future__ import annotations

import asyncio
import copy
from pathlib import Path
from typing import Any

from datasette.app import Datasette
from datasette.database import Database
from datasette.plugins import pm
from sqlalchemy import make_url

from newsbot.analysis.datasette import plugin
from newsbot.analysis.datasette.metadata import DATABASE, datasette_metadata
from newsbot.storage.db import SchemaMissing, dispose_engine, read_only_session_factory

TEMPLATES = Path(__file__).parent / "datasette" / "templates"


class ServeError(Exception):
    """The database cannot be served; the message says why and what to do."""


def sqlite_file(database_url: str) -> Path:
    """The SQLite file ``database_url`` names; ServeError for another database, memory, or a missing file."""
    url = make_url(database_url)
    shown = url.render_as_string(hide_password=True)
    if url.get_backend_name() != "sqlite":
        raise ServeError(
            f"newsbot serve is SQLite-only (Datasette reads SQLite files) and {shown} is a {url.get_backend_name()}"
            " database: use `newsbot export --format csv -o articles.csv` (or jsonl) to take its articles elsewhere,"
            " or query it with psql"
        )
    if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
        raise ServeError(f"{shown} is not a database file: pass --database-url sqlite:///path/to/newsbot.db")
    path = Path(url.database)
    if not path.is_file():
        raise ServeError(
            f"no database at {path}: run `newsbot demo` or `newsbot crawl` first, or pass --database-url sqlite:///..."
        )
    return path


def prepare(database_url: str) -> Path:
    """The file to serve, once it is known to hold newsbot's tables; it is read only, never migrated."""
    path = sqlite_file(database_url)
    try:
        read_only_session_factory(database_url)
    except SchemaMissing as exc:
        raise ServeError(str(exc)) from exc
    dispose_engine(database_url)  # newsbot's own connections are not needed while Datasette serves
    return path


def datasette(path: Path) -> Datasette:
    """A Datasette for ``path`` (read-only, named ``newsbot``) with newsbot's metadata, templates and plugin."""
    if not pm.is_registered(plugin):
        pm.register(plugin, name="newsbot")
    app = Datasette(metadata=datasette_metadata(), template_dir=str(TEMPLATES))
    app.add_database(Database(app, path=str(path), is_mutable=True), name=DATABASE)
    return app


def _log_config() -> dict[str, Any]:
    """uvicorn's logging with the access log on stderr too: stdout is for data."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["handlers"]["access"]["stream"] = "ext://sys.stderr"
    return config


def run(path: Path, *, host: str, port: int) -> None:
    """Serve ``path`` on ``host:port`` until interrupted."""
    import uvicorn

    app = datasette(path)
    asyncio.run(_check(app))
    uvicorn.run(app.app(), host=host, port=port, log_config=_log_config())


async def _check(app: Datasette) -> None:
    # Fail now, with the file's name, rather than on the first request.
    await app.databases[DATABASE].execute("select count(*) from sqlite_master")
