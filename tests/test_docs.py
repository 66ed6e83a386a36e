"""The README cannot drift from the code: settings, commands and the CI test command are checked here."""

from __future__ import annotations

import re
from pathlib import Path

import newsbot.settings
from newsbot.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def shell_blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)```", README, flags=re.S)


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    test_command = next(line for block in shell_blocks() for line in block.splitlines() if "pytest" in line)
    ci_lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert test_command in ci_lines, f".ci/run must run the README's test command: {test_command}"


def test_quick_start_runs_the_demo() -> None:
    first = shell_blocks()[0].strip()
    assert first.endswith("newsbot demo"), first


def test_every_newsbot_setting_is_documented() -> None:
    names = [name for name in dir(newsbot.settings) if name.startswith("NEWSBOT_")]
    assert "NEWSBOT_DATABASE_URL" in names, "the check reads no settings: newsbot.settings has no NEWSBOT_ names"
    missing = [name for name in names if f"`{name}`" not in README]
    assert not missing, f"settings missing from the README's settings table: {missing}"


def test_every_cli_command_is_documented() -> None:
    missing = [name for name in main.commands if f"`newsbot {name}" not in README]
    assert not missing, f"commands missing from the README: {missing}"
