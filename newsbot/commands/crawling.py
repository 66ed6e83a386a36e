"""``newsbot crawl`` and ``newsbot demo``: the commands that run Scrapy in this process.

Their work is in ``run_spiders.py`` and ``demo.py``, imported only when one of them runs, so that the other commands
start without loading Scrapy.
"""

from __future__ import annotations

import dataclasses

import click

from newsbot.commands.shared import DATABASE_OPTION, crawl_arguments, crawl_settings, open_database, pairs
from newsbot.storage.problems import masked


@click.command()
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
    from newsbot.commands.run_spiders import run_spiders
    from newsbot.spiders.sites import site_jobs, site_names

    known = site_names()
    unknown = [site for site in sites if site not in known]
    if unknown:
        raise click.BadParameter(f"unknown site(s) {', '.join(unknown)}; known: {', '.join(known)}", param_hint="SITES")
    overrides = {"NEWSBOT_PROGRESS_ENABLED": True, **crawl_settings(database_url, settings)}
    names = list(sites) or known
    summaries = run_spiders(site_jobs(names, pairs(spider_args, "-a")), settings=overrides)
    for name, summary in zip(names, summaries, strict=True):
        click.echo(
            f"{name}: {summary.finish_reason}, {summary.pages} pages, {summary.stored} new, {summary.updated} updated,"
            f" {summary.unchanged} unchanged, {summary.duplicates} duplicates, {summary.failures} failures,"
            f" {summary.seconds:.1f} s"
        )
    if any(summary.finish_reason != "finished" for summary in summaries):
        raise click.ClickException("a crawl did not finish; see the log above")


@click.command()
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
