"""``newsbot export``: every article with its authors, tags, embeds and links, as JSON lines or CSV."""

from __future__ import annotations

import sys

import click

from newsbot.commands.shared import DATABASE_OPTION, check_source, open_database


@click.command()
@DATABASE_OPTION
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("--source", metavar="NAME", help="Only this site's articles, e.g. gamespot.")
@click.option("--since", metavar="WHEN", help="Only articles published since: 7d, 12h, 2w, 2026-01-01, an ISO time.")
@click.option("-o", "--output", default="-", type=click.Path(dir_okay=False, allow_dash=True), help="Default: stdout.")
def export(database_url: str, fmt: str, source: str | None, since: str | None, output: str) -> None:
    """Write every article, with its authors, tags, embeds and links, as JSON lines or CSV.

    JSON lines: one object per article, nested like `newsbot parse` prints it. CSV: one row per article, authors
    and tags joined with "; ", embeds as "provider:external_id; ...", links as a count. The count goes to stderr.

    \b
    Examples:
      newsbot export > articles.jsonl
      newsbot export --format csv --source gamespot --since 7d -o week.csv
    """
    from contextlib import ExitStack

    from newsbot.analysis import export as exporting

    try:
        since_time = exporting.parse_since(since) if since else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--since") from exc
    every = 10_000

    def progress(count: int) -> None:
        if count % every == 0:
            click.echo(f"exported {count:,} articles", err=True)

    with open_database(database_url, read_only=True)() as session:
        check_source(session, source)
        with ExitStack() as files:
            try:
                # newline="": the csv module writes its own line ends (and keeps newlines inside cells as they are).
                out = (
                    files.enter_context(open(output, "w", encoding="utf-8", newline=""))
                    if output != "-"
                    else sys.stdout
                )
            except OSError as exc:
                raise click.BadParameter(
                    f"cannot write {output}: {exc.strerror}; check that its folder exists and is writable",
                    param_hint="-o",
                ) from exc
            count = exporting.export_articles(session, out, fmt, source=source, since=since_time, progress=progress)
    click.echo(f"exported {count:,} articles to {'stdout' if output == '-' else output}", err=True)
