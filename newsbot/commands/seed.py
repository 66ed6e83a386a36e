"""``newsbot seed``: start a pass of a site in the shared Redis frontier (``newsbot.distributed.seeding``)."""

from __future__ import annotations

import click

from newsbot.commands.shared import DATABASE_OPTION, open_database, pairs


@click.command()
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
        overrides = {"NEWSBOT_DATABASE_URL": database_url, **pairs(settings, "-s")}
        with seeding.site_frontier(site, pairs(spider_args, "-a"), overrides) as frontier:
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
