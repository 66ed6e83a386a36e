"""Shared fixtures: a real SQLite database file per test."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """Url of an empty SQLite database file in the test's temporary folder."""
    return f"sqlite:///{tmp_path / 'newsbot.db'}"
