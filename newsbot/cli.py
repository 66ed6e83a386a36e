"""The ``newsbot`` command: argument parsing only; the work is done by library functions.

Data goes to stdout, progress and errors to stderr; exit 0 on success, 1 on failure, 2 on bad usage.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import click
from sqlalchemy.exc import SQLAlchemyError

from newsbot.storage.db import default_database_url
from newsbot.storage.problems import describe, masked

#: Where the database option leaves its url in ``ctx.meta``, for the error handler of the whole command.
_DATABASE_URL = "newsbot.database_url"


def _remember_url(ctx: click.Context, _param: click.Parameter, value: str) -> str:
    ctx.meta[_DATABASE_URL] = value
    return value


DATABASE_OPTION = click.option(
    "--database-url",
    envvar="NEWSBOT_DATABASE_URL",
    default=default_database_url,
    show_default="sqlite file data/newsbot.db",
    callback=_remember_url,
    help="SQLAlchemy url of the database (env NEWSBOT_DATABASE_URL).",
)


class NewsbotGroup(click.Group):
    """The command group: a database error anywhere in a command becomes one line naming the url, exit 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            # The reader went away (`| head`), as a Unix filter's reader may: stop quietly with exit 0, and keep
            # Python from failing again on its final flush of stdout.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise click.exceptions.Exit(0) from None
        except SQLAlchemyError as exc:
            url = ctx.meta.get(_DATABASE_URL)
            if url is None:
                raise
            raise click.ClickException(describe(url, exc)) from exc


def open_database(database_url: str, *, read_only: bool = False) -> Any:
    """Sessions for ``database_url``, or exit 1 with one line saying why it cannot be opened and what to check.

    Read-only sessions cannot write, and a missing database is an error that says how to make one; writable ones
    bring the schema up to date first (as a crawl does).
    """
    from newsbot.storage.db import SchemaMissing, read_only_session_factory, session_factory

    try:
        return read_only_session_factory(database_url) if read_only else session_factory(database_url)
    except SchemaMissing as exc:
        raise click.ClickException(str(exc)) from exc
    except (SQLAlchemyError, ModuleNotFoundError, OSError) as exc:
        raise click.ClickException(describe(database_url, exc)) from exc


@click.group(cls=NewsbotGroup)
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
    from newsbot.commands.demo import run_demo

    open_database(database_url)  # a url that cannot be used is one line now, not a crawl of errors
    click.echo(f"newsbot demo: storing into {masked(database_url)}", err=True)
    summary = run_demo(database_url)
    for name, value in dataclasses.asdict(summary).items():
        click.echo(f"{name:>13}: {value:.1f}" if isinstance(value, float) else f"{name:>13}: {value}")
    if summary.stored + summary.updated + summary.unchanged == 0:
        raise click.ClickException("the demo crawl stored no article; see the log above")


def _pairs(values: tuple[str, ...], option: str) -> dict[str, str]:
    pairs = {}
    for value in values:
        name, sep, setting = value.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{value!r} is not NAME=VALUE", param_hint=option)
        pairs[name] = setting
    return pairs


CRAWL_ARGUMENTS = [
    click.argument("sites", nargs=-1),
    click.option("-a", "spider_args", multiple=True, metavar="NAME=VALUE", help="Spider argument, e.g. base_url=..."),
    click.option("-s", "settings", multiple=True, metavar="NAME=VALUE", help="Scrapy setting, as for scrapy crawl."),
]


def crawl_arguments(func: Any) -> Any:
    for decorator in reversed(CRAWL_ARGUMENTS):
        func = decorator(func)
    return func


def _crawl_settings(database_url: str, settings: tuple[str, ...]) -> dict[str, Any]:
    """The crawl's setting overrides: the database url, then ``-s`` pairs (which win); the database checked first."""
    overrides: dict[str, Any] = {"NEWSBOT_DATABASE_URL": database_url, **_pairs(settings, "-s")}
    click.get_current_context().meta[_DATABASE_URL] = overrides["NEWSBOT_DATABASE_URL"]  # what an error names
    open_database(overrides["NEWSBOT_DATABASE_URL"])
    return overrides


@main.command()
@DATABASE_OPTION
@crawl_arguments
def crawl(database_url: str, sites: tuple[str, ...], spider_args: tuple[str, ...], settings: tuple[str, ...]) -> None:
    """Run one crawl pass over SITES (default: every site), storing into the database.

    Progress goes to stderr; one summary line per site goes to stdout. Exit 1 when a crawl did not finish.

    \b
    Examples:
      newsbot crawl                                   # every site, polite defaults
      newsbot crawl gamespot -a base_url=http://127.0.0.1:8000 --database-url sqlite:///x.db
    """
    from newsbot.commands.crawl import run_spiders, site_jobs, site_names

    known = site_names()
    unknown = [site for site in sites if site not in known]
    if unknown:
        raise click.BadParameter(f"unknown site(s) {', '.join(unknown)}; known: {', '.join(known)}", param_hint="SITES")
    overrides = {"NEWSBOT_PROGRESS_ENABLED": True, **_crawl_settings(database_url, settings)}
    names = list(sites) or known
    summaries = run_spiders(site_jobs(names, _pairs(spider_args, "-a")), settings=overrides)
    for name, summary in zip(names, summaries, strict=True):
        click.echo(
            f"{name}: {summary.finish_reason}, {summary.pages} pages, {summary.stored} new, {summary.updated} updated,"
            f" {summary.unchanged} unchanged, {summary.duplicates} duplicates, {summary.failures} failures,"
            f" {summary.seconds:.1f} s"
        )
    if any(summary.finish_reason != "finished" for summary in summaries):
        raise click.ClickException("a crawl did not finish; see the log above")


@main.command()
@click.option(
    "--every", "every", required=True, metavar="INTERVAL", help="Time between pass starts: 90s, 30m, 6h, 1d, 2w."
)
@DATABASE_OPTION
@crawl_arguments
def schedule(
    every: str, database_url: str, sites: tuple[str, ...], spider_args: tuple[str, ...], settings: tuple[str, ...]
) -> None:
    """Run `newsbot crawl` every INTERVAL until SIGTERM or SIGINT, then stop cleanly (exit 0).

    \b
    Example:
      newsbot schedule --every 30m gamespot
    """
    import logging

    from newsbot.commands.schedule import Scheduler, parse_interval

    try:
        seconds = parse_interval(every)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--every") from exc
    _crawl_settings(database_url, settings)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s [newsbot.commands.schedule] %(levelname)s: %(message)s")
    # The passes find the url in their environment: on their command line, `ps` and the log would show a password.
    os.environ["NEWSBOT_DATABASE_URL"] = database_url
    command = [sys.executable, "-m", "newsbot.cli", "crawl", *sites]
    command += [f"-a{value}" for value in spider_args] + [f"-s{value}" for value in settings]
    status = Scheduler(command, seconds).run()
    if status:
        raise click.ClickException("the last crawl pass failed")


@main.command()
@click.argument("site")
@click.option("-a", "spider_args", multiple=True, metavar="NAME=VALUE", help="Spider argument, e.g. base_url=...")
@click.option("-s", "settings", multiple=True, metavar="NAME=VALUE", help="Setting, e.g. NEWSBOT_REDIS_URL=...")
@click.option("--status", "show_status", is_flag=True, help="Only show the pass: queued, in flight, seen, workers.")
@click.option("--requeue", is_flag=True, help="Only put back in the queue what dead workers held; print the urls.")
@DATABASE_OPTION
def seed(
    site: str,
    spider_args: tuple[str, ...],
    settings: tuple[str, ...],
    show_status: bool,
    requeue: bool,
    database_url: str,
) -> None:
    """Start a pass of SITE in the shared Redis frontier: queue its start requests once, for every worker.

    Workers (`newsbot crawl SITE` with the same NEWSBOT_REDIS_URL, on any machine) take requests from the queue
    until nothing is queued or in flight, then exit. A worker that finds no pass under way seeds one itself, so
    this command is for starting a pass from one place. Exit 1 when a pass is already under way.

    \b
    Examples:
      NEWSBOT_REDIS_URL=redis://queue:6379/0 newsbot seed gamespot
      newsbot seed variety -a base_url=http://127.0.0.1:8000 -s NEWSBOT_REDIS_URL=redis://127.0.0.1:6379/0
      newsbot seed gamespot --status
      newsbot seed gamespot --requeue      # now, instead of a lease after the worker died
    """
    from newsbot.distributed import seeding

    try:
        overrides = {"NEWSBOT_DATABASE_URL": database_url, **_pairs(settings, "-s")}
        with seeding.site_frontier(site, _pairs(spider_args, "-a"), overrides) as frontier:
            if show_status:
                click.echo("\n".join(seeding.status(frontier, site).lines()))
                return
            if requeue:
                moved = seeding.requeue(frontier)
                for worker, urls in moved.items():
                    click.echo("\n".join(urls))
                    click.echo(f"re-queued {len(urls)} requests held by {worker}", err=True)
                if not moved:
                    click.echo("nothing to re-queue: no dead worker held a request", err=True)
                return
            open_database(overrides["NEWSBOT_DATABASE_URL"])  # the spider's start requests read what is stored
            seeded = seeding.seed(frontier, site)
    except seeding.SeedUsageError as exc:
        raise click.UsageError(str(exc)) from exc
    except seeding.SeedError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{site}: seeded {seeded.pushed} start requests into {seeded.requests_key} (pass of {seeded.started})")
    click.echo(f"start the workers: newsbot crawl {site} with the same NEWSBOT_REDIS_URL, on any machine", err=True)


def _check_source(session: Any, source: str | None) -> None:
    """Exit 2 naming the known sources when ``source`` is not one of them (search and export alike)."""
    from newsbot.analysis.export import source_names

    known = source_names(session)
    if source is not None and source not in known:
        raise click.BadParameter(
            f"no source named {source!r}; known: {', '.join(known) or 'none'}", param_hint="--source"
        )


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


@main.command()
@DATABASE_OPTION
@click.argument("query")
@click.option("--source", metavar="NAME", help="Only this site's articles, e.g. gamespot.")
@click.option("--since", metavar="WHEN", help="Only articles published since: 7d, 12h, 2w, 2026-01-01, an ISO time.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000), help="Most results to show.")
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text", show_default=True)
def search(database_url: str, query: str, source: str | None, since: str | None, limit: int, fmt: str) -> None:
    """Full-text search of headlines, decks and bodies; best match first, the matched words in [brackets].

    Words are all required; "quoted words" are a phrase; word forms match (running finds run). Common words (not,
    the, of, ...) are left out, on SQLite as on PostgreSQL. One difference: inside a phrase, PostgreSQL lets any
    word stand where the phrase has a common word; SQLite matches the phrase as typed.

    \b
    Examples:
      newsbot search "tom cruise"
      newsbot search '"mission impossible" stunt' --source gamespot --since 7d --limit 5
    """
    from newsbot.analysis import search as search_module
    from newsbot.analysis.export import parse_since

    try:
        since_time = parse_since(since) if since else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--since") from exc
    from newsbot.analysis.search import common_words

    with open_database(database_url, read_only=True)() as session:
        _check_source(session, source)
        hits = search_module.search(session, query, source=source, since=since_time, limit=limit)
    if left_out := common_words(query):
        click.echo(f"left out, as too common to search for: {', '.join(left_out)}", err=True)
    for n, hit in enumerate(hits, 1):
        if fmt == "jsonl":
            click.echo(json.dumps(dataclasses.asdict(hit), default=_json_default, ensure_ascii=False))
            continue
        day = hit.published_at.date().isoformat() if hit.published_at else "undated"
        click.echo(f"{n}. {hit.headline}  ({hit.source}, {day})\n   {hit.url}\n   {hit.snippet}\n")
    click.echo(f"{len(hits)} result(s) for {query!r}", err=True)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--url", help="The url the page was fetched from (one FILE only); default: each page's canonical link.")
def parse(files: tuple[str, ...], url: str | None) -> None:
    """Parse saved article pages and print each as one JSON object per line.

    The site parser is chosen from the url; a page of any other site is read by the generic parser. Each object
    starts with the `file` it came from; a file that cannot be parsed prints `file` and its `error` instead, and
    the command exits 1 once every file is done. Gzipped pages (.html.gz) are read as they are.

    \b
    Examples:
      newsbot parse saved.html --url https://www.gamespot.com/articles/some-story/1100-6480000/
      newsbot parse pages/*.html > articles.jsonl
    """
    if url and len(files) > 1:
        raise click.UsageError("--url names the page of one FILE; with many files each is read at its canonical link")
    failed = 0
    for file in files:
        record = _parse_file(file, url)
        if "error" in record:
            failed += 1
            click.echo(f"{file}: {record['error']}", err=True)
        click.echo(json.dumps(record, default=_json_default, ensure_ascii=False))
    if failed:
        raise click.ClickException(f"{failed} of {len(files)} file(s) could not be parsed")


# The bundled sample sites store pages with these placeholders; their server fills in its own address.
SAMPLE_PLACEHOLDERS = {"{{BASE}}": "http://127.0.0.1", "{{OFFSITE}}": "http://localhost"}


def _parse_file(file: str, url: str | None) -> dict[str, Any]:
    """One file's JSON record: {"file", **article fields} or {"file", "error"}."""
    from newsbot.parsers import ParseError, canonical_link, page_text, parse_page

    try:
        html = page_text(file, sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes())
        if "{{BASE}}" in html:  # a sample-site page as stored: read it as its server would serve it
            click.echo(f"{file}: sample-site page; {{{{BASE}}}} read as {SAMPLE_PLACEHOLDERS['{{BASE}}']}", err=True)
            for placeholder, value in SAMPLE_PLACEHOLDERS.items():
                html = html.replace(placeholder, value)
        page_url = url or canonical_link(html)
        if not page_url:
            return {"file": file, "error": "the page names no canonical link: pass --url URL"}
        article = parse_page(page_url, html)
    except ParseError as exc:
        return {"file": file, "error": str(exc)}
    return {"file": file, **dataclasses.asdict(article)}


@main.command()
@DATABASE_OPTION
def health(database_url: str) -> None:
    """Check every site's recent crawl runs; exit 1 when one needs attention (for cron or monitoring).

    A site is flagged when its failure rate jumped (a layout change) or when no new article has come for much
    longer than usual. Alerts go to stdout, one per line.

    \b
    Example:
      newsbot health || mail -s "newsbot needs attention" ops@example.test
    """
    from newsbot.analysis import health as checks

    with open_database(database_url, read_only=True)() as session:
        alerts = checks.check(session)
    for alert in alerts:
        click.echo(str(alert))
    if alerts:
        raise click.exceptions.Exit(1)
    click.echo("ok: no site needs attention", err=True)


@main.command()
@DATABASE_OPTION
@click.option(
    "--runs", default=5, show_default=True, type=click.IntRange(min=0), help="How many recent crawl runs to list."
)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option(
    "--only", type=click.Choice(["sources", "runs"]), help="Only this table (CSV holds one: runs unless told)."
)
def stats(database_url: str, runs: int, fmt: str, only: str | None) -> None:
    """Print article counts per source and the last crawl runs (new, updated, unchanged, duplicates, failures).

    `--format json` writes one object (sources, runs, alerts); `--format csv` one table with a header row, its
    alerts on stderr.

    \b
    Examples:
      newsbot stats --runs 10
      newsbot stats --format csv --runs 100 > runs.csv
      newsbot stats --format json | jq '.sources[] | select(.articles == 0)'
    """
    from newsbot.analysis import stats_report as report
    from newsbot.analysis.health import check
    from newsbot.storage import runs as run_rows

    with open_database(database_url, read_only=True)() as session:
        counts = run_rows.counts_per_source(session)
        recent = run_rows.last_runs(session, runs) if runs else []
        alerts = [str(alert) for alert in check(session)]
    tables = {"sources": (report.SOURCE_COLUMNS, counts), "runs": (report.RUN_COLUMNS, recent)}
    shown = [only] if only else list(tables) if fmt != "csv" else ["runs"]
    out = sys.stdout
    if fmt == "json":
        report.write_json(out, {name: report.records(*tables[name]) for name in shown}, alerts)
        return
    for n, name in enumerate(shown):
        if n:
            out.write("\n")
        (report.write_csv if fmt == "csv" else report.write_table)(out, *tables[name])
    if fmt == "table" and "runs" in shown:
        _echo_ledger(recent)
    if alerts:
        if fmt == "table":
            out.write("\n")
        for alert in alerts:
            click.echo(f"ATTENTION {alert}", err=fmt == "csv")


def _echo_ledger(runs: list) -> None:
    """The ledger of article urls of ``runs`` (``extensions/ledger.py``): what became of every url each asked for."""
    from newsbot.extensions.ledger import ledger_table

    lines = ledger_table(runs)
    if len(lines) > 1:
        click.echo("\nledger of article urls (asked = new + upd + same + dup + fail + policy; lost must be 0)")
        for line in lines:
            click.echo(line)


def _default_spool_dir() -> str:
    from newsbot.storage.spool import default_spool_dir

    return str(default_spool_dir())


@main.group()
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
main.add_command(
    click.Command(
        "db-replay",
        params=db_replay.params,
        callback=db_replay.callback,
        help="The same as `newsbot db replay` (its earlier name).",
        hidden=True,
    )
)


@main.command()
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
        _check_source(session, source)
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


@main.command()
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


if __name__ == "__main__":
    main()
