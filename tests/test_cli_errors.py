"""A database url that cannot be used is one line on stderr, from every command: the url (password masked), the
cause and what to check; exit 1 and nothing on stdout.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import postgres_url, require_postgres
from sqlalchemy import make_url

from newsbot.cli import main

#: Nothing listens on port 1 of loopback.
UNREACHABLE = "postgresql+psycopg://nobody:s3cret@127.0.0.1:1/x"
REDIS = ["-s", "NEWSBOT_REDIS_URL=redis://127.0.0.1:6379/0", "-s", f"NEWSBOT_REDIS_PREFIX=test-{uuid.uuid4().hex}"]

#: Every command that opens the database, with the arguments it needs besides --database-url.
COMMANDS = {
    "stats": ["stats"],
    "search": ["search", "x"],
    "export": ["export"],
    "health": ["health"],
    "demo": ["demo"],
    "crawl": ["crawl", "gamespot"],
    "schedule": ["schedule", "--every", "1h", "gamespot"],
    "seed": ["seed", "gamespot", *REDIS],
    "db upgrade": ["db", "upgrade"],
    "db current": ["db", "current"],
    "db replay": ["db", "replay"],
    "db-replay": ["db-replay"],
}


def run(args: list[str], url: str, tmp_path: Path) -> tuple[int, str, str]:
    spool = ["--spool-dir", str(tmp_path)] if "replay" in " ".join(args) else []
    result = CliRunner().invoke(main, [*args, "--database-url", url, *spool])
    return result.exit_code, result.stdout, result.stderr


def one_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, f"want one line on stderr, got {len(lines)}:\n{stderr}"
    return lines[0]


@pytest.mark.parametrize("command", COMMANDS)
def test_unreachable_database_is_one_line_naming_the_url_cause_and_check(command: str, tmp_path: Path) -> None:
    code, stdout, stderr = run(COMMANDS[command], UNREACHABLE, tmp_path)
    assert (code, stdout) == (1, "")
    line = one_line(stderr)
    assert "postgresql+psycopg://nobody:***@127.0.0.1:1/x" in line
    assert "s3cret" not in line
    assert "Connection refused" in line
    assert line.endswith("check that the server runs and listens on 127.0.0.1:1")


@pytest.mark.parametrize("command", COMMANDS)
def test_a_url_that_is_not_one_says_what_a_url_looks_like(command: str, tmp_path: Path) -> None:
    code, stdout, stderr = run(COMMANDS[command], "garbage", tmp_path)
    assert (code, stdout) == (1, "")
    assert one_line(stderr) == (
        "Error: 'garbage' is not a database url: use e.g. sqlite:///data/newsbot.db or "
        "postgresql+psycopg://user:password@host:5432/newsbot"
    )


@pytest.mark.parametrize(
    ("change", "cause", "check"),
    [
        ({"username": "nobody"}, 'role "nobody" does not exist', "the user name and password"),
        (
            {"database": "no_such_db"},
            'database "no_such_db" does not exist',
            "the database name (create it with `createdb`, or fix the url)",
        ),
    ],
)
def test_wrong_role_or_database_name_says_which(change: dict[str, str], cause: str, check: str, tmp_path: Path) -> None:
    require_postgres()
    url = make_url(postgres_url()).set(**change).render_as_string(hide_password=False)
    for command in ("stats", "demo", "db current"):
        code, stdout, stderr = run(COMMANDS[command], url, tmp_path)
        assert (code, stdout) == (1, ""), command
        line = one_line(stderr)
        assert cause in line, command
        assert line.endswith(f"; check {check}"), command


def test_an_unknown_kind_of_database_names_the_ones_that_work(tmp_path: Path) -> None:
    code, stdout, stderr = run(["stats"], "nosuchdb://user:pw@host/x", tmp_path)
    assert (code, stdout) == (1, "")
    line = one_line(stderr)
    assert line.startswith("Error: nosuchdb://user:***@host/x names no database newsbot can use")
    assert "pw@" not in line


@pytest.mark.parametrize("command", ["stats", "serve", "crawl", "db current"])
def test_a_file_that_is_not_sqlite_says_so(command: str, tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 200)
    code, stdout, stderr = run(command.split(), f"sqlite:///{path}", tmp_path)
    assert (code, stdout) == (1, "")
    assert one_line(stderr).endswith("file is not a database; check that the file is a SQLite database")


def test_crawl_names_the_url_its_s_setting_gives(tmp_path: Path) -> None:
    code, stdout, stderr = run(["crawl", "gamespot", "-s", f"NEWSBOT_DATABASE_URL={UNREACHABLE}"], "garbage", tmp_path)
    assert (code, stdout) == (1, "")
    assert "postgresql+psycopg://nobody:***@127.0.0.1:1/x" in one_line(stderr)


def test_demo_with_a_garbage_url_in_the_environment_prints_nothing_on_stdout(tmp_path: Path) -> None:
    env = {**os.environ, "NEWSBOT_DATABASE_URL": "garbage"}
    demo = subprocess.run(
        [sys.executable, "-m", "newsbot.cli", "demo"], env=env, capture_output=True, text=True, timeout=120
    )
    assert (demo.returncode, demo.stdout) == (1, "")
    assert one_line(demo.stderr).startswith("Error: 'garbage' is not a database url")
