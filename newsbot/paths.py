"""Where newsbot keeps its files by default: the project folder, the SQLite database, the spool.

Kept apart from ``newsbot.storage`` so that the Scrapy settings can name the defaults without importing
SQLAlchemy or Alembic.
"""

from __future__ import annotations

from pathlib import Path


def project_root() -> Path:
    """The checkout newsbot runs from: the folder holding scrapy.cfg, else the working directory."""
    here = Path(__file__).resolve().parents[1]
    if (here / "scrapy.cfg").is_file():
        return here
    return Path.cwd()


def default_database_url() -> str:
    """``sqlite:///<project>/data/newsbot.db``: the embedded default."""
    return f"sqlite:///{project_root() / 'data' / 'newsbot.db'}"


def default_spool_dir() -> Path:
    """``<project>/data/spool``: where items wait when ``NEWSBOT_SPOOL_DIR`` is not set."""
    return project_root() / "data" / "spool"
