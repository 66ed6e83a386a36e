"""Alembic environment: migrate the connection newsbot hands over, comparing against newsbot's models."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine

from newsbot.storage.migrations import include_object
from newsbot.storage.models import Base


def _configure(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        include_object=include_object,
        compare_type=True,
        # SQLite cannot ALTER most things: autogenerate writes copy-and-move batch operations for it.
        render_as_batch=connection.dialect.name == "sqlite",
    )


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    # Run from the alembic command line (python -m newsbot.storage.migrations): connect to the configured database.
    from newsbot.paths import default_database_url

    engine = create_engine(os.environ.get("NEWSBOT_DATABASE_URL") or default_database_url())
    with engine.connect() as connection:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("newsbot migrations run against a database (online mode) only")
run_migrations_online()
