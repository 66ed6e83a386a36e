"""The ``newsbot`` command: argument parsing only; the work is done by library functions.

Data goes to stdout, progress and errors to stderr; exit 0 on success, 1 on failure, 2 on bad usage.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import click
from w3lib.encoding import html_to_unicode

from newsbot.storage.db import default_database_url

DATABASE_OPTION = click.option(
    "--database-url",
    envvar="NEWSBOT_DATABASE_URL",
    default=default_database_url,
    show_default="sqlite file data/newsbot.db",
    help="SQLAlchemy url of the database (env NEWSBOT_DATABASE_URL).",
)


@click.group()
@click.version_option(package_name="newsbot")
def main() -> None:
    """Scrape entertainment news into a SQL database.

    \b
    Examples:
      newsbot demo                      # crawl the bundled sample site into data/newsbot.db
      newsbot parse page.html --url https://www.gamespot.com/articles/x/1100-1/
      newsbot stats
    """


@main.command()
@DATABASE_OPTION
def demo(database_url: str) -> None:
    """Serve the bundled sample site on 127.0.0.1, crawl it and store what it holds.

    Progress goes to stderr; the summary (pages, stored, duplicates, failures, seconds) to stdout.

    \b
    Example:
      newsbot demo && newsbot stats
    """
    from newsbot.demo import run_demo

    click.echo(f"newsbot demo: storing into {database_url}", err=True)
    summary = run_demo(database_url)
    for name, value in dataclasses.asdict(summary).items():
        click.echo(f"{name:>13}: {value:.1f}" if isinstance(value, float) else f"{name:>13}: {value}")
    if summary.stored + summary.updated + summary.unchanged == 0:
        raise click.ClickException("the demo crawl stored no article; see the log above")


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--url", help="The url the page was fetched from; default: its canonical link.")
def parse(file: str, url: str | None) -> None:
    """Parse a saved article page and print it as one JSON object.

    The site parser is chosen from the url.

    \b
    Example:
      newsbot parse saved.html --url https://www.gamespot.com/articles/some-story/1100-6480000/
    """
    from newsbot.parsers import ParseError, canonical_link, parser_for

    raw = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    _, html = html_to_unicode(None, raw)
    url = url or canonical_link(html)
    if not url:
        raise click.UsageError("the page has no canonical link: pass --url URL")
    parser = parser_for(url)
    if parser is None:
        raise click.ClickException(f"no parser for {url}: newsbot knows gamespot.com pages")
    try:
        article = parser(url, html)
    except ParseError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(json.dumps(dataclasses.asdict(article), default=_json_default, ensure_ascii=False, indent=2))


@main.command()
@DATABASE_OPTION
@click.option("--runs", default=5, show_default=True, help="How many recent crawl runs to list.")
def stats(database_url: str, runs: int) -> None:
    """Print article counts per source and the last crawl runs.

    \b
    Example:
      newsbot stats --runs 10
    """
    from newsbot.storage import repository
    from newsbot.storage.db import session_factory

    with session_factory(database_url)() as session:
        counts = repository.counts_per_source(session)
        recent = repository.last_runs(session, runs)
    click.echo(f"{'source':<16}{'articles':>10}{'snapshots':>11}")
    for name, articles, snapshots in counts:
        click.echo(f"{name:<16}{articles:>10}{snapshots:>11}")
    click.echo("")
    click.echo(
        f"{'run':>4}  {'spider':<12}{'started (UTC)':<21}{'reason':<10}{'pages':>6}{'stored':>7}"
        f"{'same':>6}{'dup':>5}{'fail':>6}"
    )
    for run in recent:
        started = run.started_at.strftime("%Y-%m-%d %H:%M:%S")
        click.echo(
            f"{run.id:>4}  {run.spider:<12}{started:<21}{run.finish_reason or 'running':<10}{run.pages_fetched:>6}"
            f"{run.items_stored:>7}{run.items_unchanged:>6}{run.duplicates:>5}{run.failures:>6}"
        )


if __name__ == "__main__":
    main()
