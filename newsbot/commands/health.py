"""``newsbot health``: exit 1 when a site's recent crawl runs need attention (``newsbot.analysis.health``)."""

from __future__ import annotations

import click

from newsbot.commands.shared import DATABASE_OPTION, open_database


@click.command()
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
