"""``newsbot db``: upgrade and inspect the schema (Alembic migrations shipped with newsbot), replay the spool."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from sqlalchemy.exc import SQLAlchemyError

from newsbot.commands.shared import DATABASE_OPTION, open_database
from newsbot.paths import default_spool_dir
from newsbot.storage.problems import describe, masked


def _default_spool_dir() -> str:
    return str(default_spool_dir())


@click.group()
def db() -> None:
    """Create, upgrade and inspect the database schema (Alembic migrations shipped with newsbot).

    \b
    Examples:
      newsbot db upgrade --database-url postgresql+psycopg://newsbot@db.internal/newsbot
      newsbot db current
    """


def _database_call(database_url: str, call: Any) -> Any:
    """Run ``call(engine)``, turning a database error into exit 1 with the (password-free) url and the reason."""
    from newsbot.storage.db import get_engine

    try:
        return call(get_engine(database_url))
    except (SQLAlchemyError, ModuleNotFoundError, OSError) as exc:
        raise click.ClickException(describe(database_url, exc)) from exc


@db.command("upgrade")
@DATABASE_OPTION
def db_upgrade(database_url: str) -> None:
    """Bring the database to the newest schema (tables, views, search index) and print its revision.

    An empty database gets every table; one at the newest revision is left alone. Crawls do this on their own
    when they start; run it to upgrade ahead of them or for a database analysts create.

    \b
    Example:
      newsbot db upgrade --database-url postgresql+psycopg://newsbot@db.internal/newsbot
    """
    from newsbot.storage import migrations

    before = _database_call(database_url, migrations.current_revision)
    after = _database_call(database_url, migrations.upgrade)
    click.echo(after)
    click.echo(f"upgraded from {before or 'none'}" if before != after else "already at the newest revision", err=True)


@db.command("current")
@DATABASE_OPTION
def db_current(database_url: str) -> None:
    """Print the database's schema revision (`none` before the first upgrade); say on stderr if it is behind.

    \b
    Example:
      newsbot db current --database-url sqlite:///data/newsbot.db
    """
    from newsbot.storage import migrations

    revision = _database_call(database_url, migrations.current_revision)
    newest = migrations.head()
    click.echo(revision or "none")
    if revision != newest:
        click.echo(f"the newest revision is {newest}: run `newsbot db upgrade`", err=True)


@db.command("replay")
@DATABASE_OPTION
@click.option(
    "--spool-dir",
    envvar="NEWSBOT_SPOOL_DIR",
    type=click.Path(file_okay=False, path_type=Path),
    default=_default_spool_dir,
    show_default="data/spool",
    help="Folder of spool files (env NEWSBOT_SPOOL_DIR).",
)
def db_replay(database_url: str, spool_dir: Path) -> None:
    """Store the items a crawl spooled while the database was unavailable, oldest first.

    Prints one line per item with what happened (new, changed, unchanged, already stored, duplicate) and deletes
    each spool file once all its items are in. Exit 1 when the database is still unavailable: the items wait.

    \b
    Example:
      newsbot db replay --database-url postgresql+psycopg://newsbot@db.internal/newsbot
    """
    from newsbot.storage import spool
    from newsbot.storage.errors import DatabaseBroken

    replayed = 0
    try:
        sessions = open_database(database_url)
        for path, entry, status in spool.replay_directory(spool_dir, sessions):
            click.echo(f"{status}: {entry.article.url if entry else path}")
            replayed += entry is not None
    except (spool.SpoolError, DatabaseBroken) as exc:
        raise click.ClickException(str(exc)) from exc
    except SQLAlchemyError as exc:
        if not spool.is_transient(exc):
            raise
        reason = getattr(exc, "orig", None) or exc
        raise click.ClickException(
            f"the database is still unavailable ({reason}); {spool.waiting(spool_dir)} items wait in {spool_dir}:"
            f" run `newsbot db replay` again when {masked(database_url)} answers"
        ) from exc
    click.echo(f"replayed {replayed} items from {spool_dir}", err=True)


# The command's first name, kept for scripts and for the crawl log's hint; `newsbot db replay` is the same command.
db_replay_alias = click.Command(
    "db-replay",
    params=db_replay.params,
    callback=db_replay.callback,
    help="The same as `newsbot db replay` (its earlier name).",
    hidden=True,
)
