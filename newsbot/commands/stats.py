"""``newsbot stats``: articles per source, the last crawl runs and their ledger, as a table, JSON or CSV."""

from __future__ import annotations

import sys

import click

from newsbot.commands.shared import DATABASE_OPTION, open_database


@click.command()
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
