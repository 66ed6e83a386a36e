"""The newsbot command, run through click's CliRunner (parse, stats) and as a real process (demo)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import upgraded_sessions
from sqlalchemy import select

from newsbot.cli import main
from newsbot.storage import models

FIXTURES = Path(__file__).parent / "fixtures" / "gamespot"
SEED = FIXTURES / "mission-impossible-7-stunt"
ITEM_KEYS = {
    "url", "canonical_url", "site", "headline", "deck", "authors", "published_at", "updated_at", "body_text",
    "body_html", "lead_image", "tags", "embeds", "links", "comment_count", "language",
}  # fmt: skip


def test_parse_prints_the_article_as_one_json_object() -> None:
    expected = json.loads(SEED.with_suffix(".json").read_text())
    result = CliRunner().invoke(main, ["parse", str(SEED.with_suffix(".html")), "--url", expected["url"]])
    assert result.exit_code == 0, result.output
    article = json.loads(result.stdout)
    assert set(article) >= ITEM_KEYS
    assert article["headline"] == expected["headline"]
    assert article["comment_count"] == 23
    assert article["published_at"][-6] in "+-"  # ISO 8601 with an offset
    assert article["authors"][0].keys() == {"name", "url"}


def test_parse_without_url_uses_the_canonical_link() -> None:
    expected = json.loads(SEED.with_suffix(".json").read_text())
    result = CliRunner().invoke(main, ["parse", str(SEED.with_suffix(".html"))])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["canonical_url"] == expected["canonical_url"]


def test_parse_of_a_broken_page_exits_1_with_the_reason() -> None:
    page = FIXTURES / "broken" / "no-headline.html"
    url = "https://www.gamespot.com/articles/x/1100-1/"
    result = CliRunner().invoke(main, ["parse", str(page), "--url", url])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["error"].startswith(f"{url}: no headline")
    assert f"{page}: {url}: no headline" in result.stderr


def test_parse_of_an_unknown_site_uses_the_generic_parser() -> None:
    expected = json.loads(SEED.with_suffix(".json").read_text())
    result = CliRunner().invoke(main, ["parse", str(SEED.with_suffix(".html")), "--url", "https://news.example.test/a"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["headline"] == expected["headline"]


def test_parse_of_a_missing_file_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["parse", "does-not-exist.html"])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_stats_on_an_empty_database_lists_no_run(db_url: str) -> None:
    upgraded_sessions(db_url)  # a crawl or `newsbot db upgrade` made the schema
    result = CliRunner().invoke(main, ["stats", "--database-url", db_url])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].split() == ["source", "articles", "snapshots"]


def test_stats_refuses_a_negative_number_of_runs(db_url: str) -> None:
    upgraded_sessions(db_url)
    result = CliRunner().invoke(main, ["stats", "--runs", "-1", "--database-url", db_url])
    assert (result.exit_code, result.stdout) == (2, "")
    assert "Invalid value for '--runs': -1 is not in the range x>=0" in result.stderr


def test_schedule_takes_weeks_as_since_does(tmp_path: Path) -> None:
    """``--every 2w`` is read (the command gets as far as the database); ``2 weeks`` is not."""
    url = "postgresql+psycopg://nobody@127.0.0.1:1/x"
    weeks = CliRunner().invoke(main, ["schedule", "--every", "2w", "--database-url", url])
    assert weeks.exit_code == 1
    assert "cannot use the database" in weeks.stderr
    spelled = CliRunner().invoke(main, ["schedule", "--every", "2 weeks", "--database-url", url])
    assert spelled.exit_code == 2
    assert "use a positive number with s, m, h, d or w" in spelled.stderr


def test_db_replay_is_in_the_db_group_and_keeps_its_old_name(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    for command in (["db", "replay"], ["db-replay"]):
        result = CliRunner().invoke(main, [*command, "--database-url", url, "--spool-dir", str(tmp_path / "spool")])
        assert result.exit_code == 0, result.output
        assert f"replayed 0 items from {tmp_path / 'spool'}" in result.stderr


def test_query_commands_on_a_database_that_is_not_there_say_how_to_make_it(tmp_path: Path) -> None:
    missing = f"sqlite:///{tmp_path / 'none.db'}"
    for command in (["stats"], ["health"], ["search", "x"], ["export"]):
        result = CliRunner().invoke(main, [*command, "--database-url", missing])
        assert result.exit_code == 1, command
        assert "run `newsbot db upgrade` or a crawl first" in result.stderr, command
    assert not (tmp_path / "none.db").exists(), "a query command must not create the database"


@pytest.mark.slow
def test_demo_crawls_the_four_sample_sites_then_finds_them_unchanged(tmp_path: Path) -> None:
    samplesite = Path(__file__).parents[1] / "newsbot/samplesite"
    folders = {
        "gamespot": samplesite / "site",
        **{n: samplesite / "sites" / n for n in ("collider", "pcgamer", "variety")},
    }
    pages = {name: json.loads((folder / "manifest.json").read_text())["pages"] for name, folder in folders.items()}
    per_site = {name: sum(1 for page in site if page["outcome"] == "stored") for name, site in pages.items()}
    stored = sum(per_site.values())
    failures = sum(1 for site in pages.values() for page in site if page["outcome"] == "failure")
    env = {**os.environ, "NEWSBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.db'}"}
    command = [sys.executable, "-m", "newsbot.cli", "demo"]
    runs = [subprocess.run(command, env=env, capture_output=True, text=True, timeout=300) for _ in range(2)]
    for run in runs:
        assert run.returncode == 0, run.stderr[-3000:]
        progress = [line for line in run.stderr.splitlines() if "| stored" in line]  # progress goes to stderr
        assert progress
        assert {re.match(r"\[ *[\d.]+s\] (\w+)( done)?: pages", line)[1] for line in progress} == set(folders)
        done = [line.split("]")[1].split(":")[0].strip() for line in progress if " done: " in line]
        assert sorted(done) == sorted(f"{name} done" for name in folders), "each site's last line, once"
    first, second = ({k.strip(): v for k, v in (line.split(":", 1) for line in r.stdout.splitlines())} for r in runs)
    with upgraded_sessions(env["NEWSBOT_DATABASE_URL"])() as session:
        first_runs = select(models.CrawlRun.id).order_by(models.CrawlRun.id).limit(len(folders)).scalar_subquery()
        stages = session.execute(
            select(models.Failure.stage, models.Failure.reason).where(models.Failure.crawl_run_id.in_(first_runs))
        ).all()
    # Besides the broken pages: section pages a profile's article pattern matches and the sample sites lack.
    missing = [reason for stage, reason in stages if stage == "fetch"]
    assert set(missing) <= {"HTTP 404"}
    assert len(stages) - len(missing) == failures
    assert (int(first["stored"]), int(first["failures"]), int(first["duplicates"])) == (stored, len(stages), 1)
    assert (int(second["stored"]), int(second["updated"])) == (0, 0)
    assert int(second["unchanged"]) == stored
    assert first["finish_reason"].strip() == "finished"
    stats = CliRunner().invoke(main, ["stats", "--database-url", env["NEWSBOT_DATABASE_URL"]])
    rows = {line.split()[0]: line.split()[1:] for line in stats.stdout.splitlines()[1:5]}
    assert rows == {name: [str(n), str(2 * n)] for name, n in per_site.items()}


@pytest.mark.slow
def test_a_plain_scrapy_crawl_of_the_sample_site_served_alone_logs_no_warning(tmp_path: Path) -> None:
    """The README's way to crawl the sample site with scrapy: its server alone, then `scrapy crawl -a base_url=`."""
    server = [sys.executable, "-m", "newsbot.samplesite", "--port", "0"]
    with subprocess.Popen(server, stdout=subprocess.PIPE, text=True) as site:
        try:
            assert site.stdout is not None
            base_url = site.stdout.readline().strip()
            assert base_url.startswith("http://127.0.0.1:")
            settings = {
                "NEWSBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}",
                "CLOSESPIDER_PAGECOUNT": 8,
                "DOWNLOAD_DELAY": 0,
                "AUTOTHROTTLE_ENABLED": 0,
            }
            crawl = subprocess.run(
                [
                    str(Path(sys.executable).parent / "scrapy"),
                    *("crawl", "gamespot", "-a", f"base_url={base_url}"),
                    *(f"-s{name}={value}" for name, value in settings.items()),
                ],
                cwd=Path(__file__).parents[1],
                env={k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")},
                capture_output=True,
                text=True,
                timeout=300,
            )
        finally:
            site.terminate()
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    assert "'finish_reason': 'closespider_pagecount'" in crawl.stderr
    assert "Disabled newsbot" not in crawl.stderr  # the progress line is off by default: nothing to warn about
    assert "| stored" not in crawl.stderr
