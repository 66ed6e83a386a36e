"""``newsbot serve``: browse the SQLite database in Datasette, read-only (``newsbot.analysis.serve``)."""

from __future__ import annotations

import click

from newsbot.commands.shared import DATABASE_OPTION


@click.command()
@DATABASE_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8001, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
def serve(database_url: str, host: str, port: int) -> None:
    """Browse the SQLite database in Datasette, read-only, until Ctrl-C.

    Every table, view and column is described; articles facet by source, tags by name, embeds by provider; canned
    queries answer the common questions, with charts of an article's comment growth and of articles per day.
    SQLite only: for PostgreSQL, use `newsbot export`.

    \b
    Example:
      newsbot serve --port 8001     # then open http://127.0.0.1:8001/newsbot
    """
    from newsbot.analysis import serve as serving

    try:
        path = serving.prepare(database_url)
    except serving.ServeError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"newsbot serve: {path}, read-only, at http://{host}:{port}/newsbot (Ctrl-C stops)", err=True)
    serving.run(path, host=host, port=port)
