"""What several commands share: the ``--database-url`` option and opening its database, the crawl's SITES, ``-a``
and ``-s`` arguments, the ``--source`` check and JSON output.

Data goes to stdout, progress and errors to stderr; exit 0 on success, 1 on failure, 2 on bad usage.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import click
from sqlalchemy.exc import SQLAlchemyError

from newsbot.paths import default_database_url
from newsbot.storage.problems import describe

#: Where the database option leaves its url in ``ctx.meta``, for the error handler of the whole command.
DATABASE_URL_KEY = "newsbot.database_url"


def _remember_url(ctx: click.Context, _param: click.Parameter, value: str) -> str:
    ctx.meta[DATABASE_URL_KEY] = value
    return value


DATABASE_OPTION = click.option(
    "--database-url",
    envvar="NEWSBOT_DATABASE_URL",
    default=default_database_url,
    show_default="sqlite file data/newsbot.db",
    callback=_remember_url,
    help="SQLAlchemy url of the database (env NEWSBOT_DATABASE_URL).",
)


def open_database(database_url: str, *, read_only: bool = False) -> Any:
    """Sessions for ``database_url``, or exit 1 with one line saying why it cannot be opened and what to check.

    Read-only sessions cannot write, and a missing database is an error that says how to make one. Neither kind
    migrates: ``newsbot db upgrade``, the demo and a crawl's start do that, once.
    """
    from newsbot.storage.db import SchemaMissing, read_only_session_factory, session_factory

    try:
        return read_only_session_factory(database_url) if read_only else session_factory(database_url)
    except SchemaMissing as exc:
        raise click.ClickException(str(exc)) from exc
    except (SQLAlchemyError, ModuleNotFoundError, OSError) as exc:
        raise click.ClickException(describe(database_url, exc)) from exc


def pairs(values: tuple[str, ...], option: str) -> dict[str, str]:
    """``NAME=VALUE`` arguments of ``option`` (``-a``, ``-s``) as a dict; exit 2 naming one that is not a pair."""
    found = {}
    for value in values:
        name, sep, setting = value.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{value!r} is not NAME=VALUE", param_hint=option)
        found[name] = setting
    return found


CRAWL_ARGUMENTS = [
    click.argument("sites", nargs=-1),
    click.option("-a", "spider_args", multiple=True, metavar="NAME=VALUE", help="Spider argument, e.g. base_url=..."),
    click.option("-s", "settings", multiple=True, metavar="NAME=VALUE", help="Scrapy setting, as for scrapy crawl."),
]


def crawl_arguments(func: Any) -> Any:
    """Give a command the crawl's SITES, ``-a`` and ``-s`` (crawl, schedule)."""
    for decorator in reversed(CRAWL_ARGUMENTS):
        func = decorator(func)
    return func


def crawl_settings(database_url: str, settings: tuple[str, ...]) -> dict[str, Any]:
    """The crawl's setting overrides: the database url, then ``-s`` pairs (which win); the database checked first."""
    overrides: dict[str, Any] = {"NEWSBOT_DATABASE_URL": database_url, **pairs(settings, "-s")}
    click.get_current_context().meta[DATABASE_URL_KEY] = overrides["NEWSBOT_DATABASE_URL"]  # what an error names
    open_database(overrides["NEWSBOT_DATABASE_URL"])
    return overrides


def check_source(session: Any, source: str | None) -> None:
    """Exit 2 naming the known sources when ``source`` is not one of them (search and export alike)."""
    from newsbot.analysis.export import source_names

    known = source_names(session)
    if source is not None and source not in known:
        raise click.BadParameter(
            f"no source named {source!r}; known: {', '.join(known) or 'none'}", param_hint="--source"
        )


def json_default(value: Any) -> Any:
    """``json.dumps``'s fallback for the values articles and search hits hold beyond JSON's own: times."""
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")
