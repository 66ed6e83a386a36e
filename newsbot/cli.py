"""The ``newsbot`` command: the group, its error handling and the list of commands.

Each command lives in ``newsbot/commands/`` (the options several share in ``commands/shared.py``); the work is done
by library functions. Data goes to stdout, progress and errors to stderr; exit 0 on success, 1 on failure, 2 on bad
usage.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click
from sqlalchemy.exc import SQLAlchemyError

from newsbot.commands import crawling, db, export, health, parse, schedule, search, seed, serve, stats
from newsbot.commands.shared import DATABASE_URL_KEY
from newsbot.storage.problems import describe


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
            url = ctx.meta.get(DATABASE_URL_KEY)
            if url is None:
                raise
            raise click.ClickException(describe(url, exc)) from exc


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


#: Every command, as ``newsbot --help`` lists them (by name).
COMMANDS = (
    crawling.demo,
    crawling.crawl,
    schedule.schedule,
    seed.seed,
    search.search,
    parse.parse,
    health.health,
    stats.stats,
    db.db,
    db.db_replay_alias,
    export.export,
    serve.serve,
)
for command in COMMANDS:
    main.add_command(command)

if __name__ == "__main__":
    main()
