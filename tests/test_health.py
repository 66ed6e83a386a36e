"""`newsbot health` flags a site whose failure rate jumped or that went quiet, judged on its own history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from click.testing import CliRunner
from conftest import upgraded_sessions

from newsbot.analysis.health import check
from newsbot.cli import main
from newsbot.storage import models

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def add_runs(db_url: str, spider: str, runs: list[tuple[float, int, int, int]]) -> None:
    """Runs as (hours before NOW, pages, new articles, failures), oldest first."""
    with upgraded_sessions(db_url).begin() as session:
        for hours_ago, pages, stored, failures in runs:
            start = NOW - timedelta(hours=hours_ago)
            session.add(
                models.CrawlRun(
                    spider=spider, started_at=start, finished_at=start + timedelta(minutes=5), finish_reason="finished",
                    pages_fetched=pages, items_stored=stored, failures=failures,
                )
            )  # fmt: skip


def test_steady_site_raises_no_alert(db_url: str) -> None:
    add_runs(db_url, "gamespot", [(h, 100, 5, 2) for h in (4, 3, 2, 1)])
    with upgraded_sessions(db_url)() as session:
        assert check(session, now=NOW) == []


def test_failure_rate_jump_is_flagged_with_the_run(db_url: str) -> None:
    add_runs(db_url, "gamespot", [(4, 100, 5, 2), (3, 100, 5, 1), (2, 100, 5, 2), (1, 100, 0, 60)])
    with upgraded_sessions(db_url)() as session:
        alerts = check(session, now=NOW)
    assert [str(a) for a in alerts] == [
        "gamespot: failure rate 60% in run 4, usually 2%: the site's layout may have changed"
        " (see the failures table for that run)"
    ]


def test_site_that_always_fails_a_little_is_not_flagged(db_url: str) -> None:
    add_runs(db_url, "gamespot", [(4, 100, 5, 30), (3, 100, 5, 35), (2, 100, 5, 30), (1, 100, 5, 40)])
    with upgraded_sessions(db_url)() as session:
        assert check(session, now=NOW) == []


def test_quiet_site_is_flagged_against_its_usual_gap(db_url: str) -> None:
    # New articles every hour until 30 hours ago; since then runs bring nothing new.
    add_runs(db_url, "gamespot", [(h, 50, 3, 0) for h in (33, 32, 31, 30)] + [(h, 50, 0, 0) for h in (20, 10, 1)])
    with upgraded_sessions(db_url)() as session:
        alerts = check(session, now=NOW)
    assert [str(a) for a in alerts] == ["gamespot: no new article for 30.0 h, usually one every 1.0 h"]


def test_daily_site_is_not_quiet_after_a_day(db_url: str) -> None:
    add_runs(db_url, "gamespot", [(h, 50, 3, 0) for h in (96, 72, 48, 24)] + [(1, 50, 0, 0)])
    with upgraded_sessions(db_url)() as session:
        assert check(session, now=NOW) == []


def test_health_command_exits_1_with_the_alerts_and_0_when_fine(db_url: str) -> None:
    runner = CliRunner()
    upgraded_sessions(db_url)  # the schema, as a first crawl leaves it
    fine = runner.invoke(main, ["health", "--database-url", db_url])
    assert (fine.exit_code, fine.stdout) == (0, "")
    add_runs(db_url, "gamespot", [(4, 100, 5, 2), (3, 100, 5, 1), (2, 100, 5, 2), (0.1, 100, 0, 60)])
    flagged = runner.invoke(main, ["health", "--database-url", db_url])
    assert flagged.exit_code == 1
    assert flagged.stdout.startswith("gamespot: failure rate 60% in run 4")
    stats = runner.invoke(main, ["stats", "--database-url", db_url])
    assert "ATTENTION gamespot: failure rate 60%" in stats.stdout
