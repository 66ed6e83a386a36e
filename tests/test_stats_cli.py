"""``newsbot stats``: the same figures as a table, JSON or CSV; a run's new articles apart from its updated ones."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner
from conftest import make_article, upgraded_sessions

from newsbot.cli import main
from newsbot.storage import models, repository

STARTED = datetime(2026, 12, 1, 8, 30, tzinfo=UTC)


@pytest.fixture
def filled(db_url: str) -> str:
    """Two gamespot articles and a variety one (a comment snapshot each); the demo's gamespot run (43 new, 1
    updated) and a later run."""
    with upgraded_sessions(db_url).begin() as session:
        for n, site in enumerate(["gamespot", "gamespot", "variety"]):
            url = f"https://{site}.test/articles/{n}/"
            repository.store_article(session, make_article(url, site=site, headline=f"Story {n}", body_text="Text."))
        session.add_all(
            [
                models.CrawlRun(
                    spider="gamespot", started_at=STARTED, finish_reason="finished", pages_fetched=60,
                    items_stored=44, items_unchanged=0, duplicates=1, failures=2,
                    stats={"newsbot/articles/new": 43, "newsbot/articles/changed": 1},
                ),
                models.CrawlRun(
                    spider="news", started_at=STARTED.replace(hour=9), finish_reason="finished", pages_fetched=18,
                    items_stored=0, items_unchanged=9, duplicates=0, failures=0,
                    stats={"newsbot/articles/unchanged": 9},
                ),
            ]
        )  # fmt: skip
    return db_url


def stats(url: str, *args: str) -> str:
    result = CliRunner().invoke(main, ["stats", "--database-url", url, *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_table_counts_a_runs_new_articles_apart_from_its_updated_ones(filled: str) -> None:
    assert stats(filled).splitlines() == [
        "source           articles  snapshots",
        "gamespot                2          2",
        "variety                 1          1",
        "",
        " run spider       started (UTC)        reason     pages   new  updated   same   dup   fail",
        "   2 news         2026-12-01 09:30:00  finished      18     0        0      9     0      0",
        "   1 gamespot     2026-12-01 08:30:00  finished      60    43        1      0     1      2",
    ]


def test_json_holds_both_tables_and_the_alerts(filled: str) -> None:
    document = json.loads(stats(filled, "--format", "json", "--runs", "1"))
    assert document == {
        "sources": [
            {"source": "gamespot", "articles": 2, "snapshots": 2},
            {"source": "variety", "articles": 1, "snapshots": 1},
        ],
        "runs": [
            {
                "run": 2, "spider": "news", "started_at": "2026-12-01T09:30:00+00:00", "finish_reason": "finished",
                "pages": 18, "new": 0, "updated": 0, "unchanged": 9, "duplicates": 0, "failures": 0,
            }
        ],
        "alerts": [],
    }  # fmt: skip


def test_csv_writes_the_runs_or_the_table_asked_for(filled: str) -> None:
    runs = list(csv.DictReader(io.StringIO(stats(filled, "--format", "csv"))))
    assert [(r["run"], r["spider"], r["new"], r["updated"], r["started_at"]) for r in runs] == [
        ("2", "news", "0", "0", "2026-12-01T09:30:00+00:00"),
        ("1", "gamespot", "43", "1", "2026-12-01T08:30:00+00:00"),
    ]
    sources = stats(filled, "--format", "csv", "--only", "sources")
    assert sources == "source,articles,snapshots\ngamespot,2,2\nvariety,1,1\n"


def test_only_picks_one_table_of_the_text_output(filled: str) -> None:
    assert stats(filled, "--only", "sources").splitlines()[0] == "source           articles  snapshots"
    assert stats(filled, "--only", "runs", "--runs", "0").splitlines() == [
        " run spider       started (UTC)        reason     pages   new  updated   same   dup   fail"
    ]
