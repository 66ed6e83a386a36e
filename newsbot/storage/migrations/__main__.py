"""``python -m newsbot.storage.migrations <alembic command>``: Alembic's own command line with newsbot's config.

Example (write a new migration from the difference between models.py and the database at head)::

    NEWSBOT_DATABASE_URL=sqlite:///data/dev.db python -m newsbot.storage.migrations revision --autogenerate -m "x"
"""

from __future__ import annotations

import sys

from alembic.config import CommandLine

from newsbot.storage.migrations import config


def main(argv: list[str] | None = None) -> None:
    """Parse Alembic's arguments and run the command against newsbot's migration scripts."""
    cli = CommandLine(prog="python -m newsbot.storage.migrations")
    options = cli.parser.parse_args(argv)
    if not hasattr(options, "cmd"):
        cli.parser.error("too few arguments")
    cli.run_cmd(config(), options)


if __name__ == "__main__":
    main(sys.argv[1:])
