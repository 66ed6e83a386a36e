"""`newsbot search`: ranked hits with the matched words marked, filters, and a clear error for a bad --since."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from click.testing import CliRunner
from conftest import make_article, upgraded_sessions

from newsbot.cli import main
from newsbot.items import Article
from newsbot.storage import repository

FILLER = " The rest of the paragraph talks about release windows, studio staffing and unrelated news."


def article(n: int, site: str, headline: str, body: str, days_ago: int) -> Article:
    url = f"https://www.{site}.test/articles/story-{n}/"
    published = datetime(2026, 11, 25, 12, tzinfo=UTC) - timedelta(days=days_ago)
    return make_article(url, site=site, headline=headline, body_text=body + FILLER, published_at=published)


def fill(db_url: str) -> None:
    with upgraded_sessions(db_url).begin() as session:
        repository.store_article(session, article(1, "gamespot", "Tom Cruise rides off a mountain", "A stunt.", 1))
        repository.store_article(session, article(2, "gamespot", "Filming resumes", "Tom Cruise was seen on set.", 3))
        repository.store_article(session, article(3, "variety", "Tom Cruise signs on", "A new film deal.", 400))
        repository.store_article(session, article(4, "gamespot", "Patch notes", "Nothing about actors.", 1))


def test_search_ranks_headline_hits_first_and_marks_the_words(db_url: str) -> None:
    fill(db_url)
    result = CliRunner().invoke(main, ["search", "tom cruise", "--database-url", db_url, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(hits) == 3
    assert hits[-1]["headline"] == "Filming resumes"  # body-only match ranks below the headline matches
    assert "[Tom]" in hits[-1]["snippet"] or "[Tom Cruise]" in hits[-1]["snippet"]
    assert "3 result(s) for 'tom cruise'" in result.stderr


def test_search_filters_by_source_and_since(db_url: str) -> None:
    fill(db_url)
    args = ["search", "tom cruise", "--database-url", db_url, "--format", "jsonl"]
    only_variety = CliRunner().invoke(main, [*args, "--source", "variety"])
    assert [json.loads(x)["headline"] for x in only_variety.stdout.splitlines()] == ["Tom Cruise signs on"]
    recent = CliRunner().invoke(main, [*args, "--since", "2026-11-20"])
    assert {json.loads(x)["headline"] for x in recent.stdout.splitlines()} == {
        "Tom Cruise rides off a mountain",
        "Filming resumes",
    }


def test_search_text_output_lists_numbered_hits(db_url: str) -> None:
    fill(db_url)
    result = CliRunner().invoke(main, ["search", "patch", "--database-url", db_url])
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "1. Patch notes  (gamespot, 2026-11-24)\n   https://www.gamespot.test/articles/story-4/"
    )


def test_bad_since_is_a_usage_error(db_url: str) -> None:
    result = CliRunner().invoke(main, ["search", "x", "--since", "yesterday", "--database-url", db_url])
    assert result.exit_code == 2
    assert "use e.g. 7d, 12h, 2w" in result.stderr


def test_common_words_are_left_out_alike_on_sqlite_and_postgresql(db_url: str) -> None:
    fill(db_url)
    with upgraded_sessions(db_url).begin() as session:
        repository.store_article(session, article(5, "variety", "Drill day", "This is not a drill, not at all.", 2))
    common = CliRunner().invoke(main, ["search", "not", "--database-url", db_url])
    assert (common.exit_code, common.stdout) == (0, "")
    assert "left out, as too common to search for: not" in common.stderr
    assert "0 result(s) for 'not'" in common.stderr
    rest = CliRunner().invoke(main, ["search", "not a drill", "--database-url", db_url, "--format", "jsonl"])
    assert [json.loads(line)["headline"] for line in rest.stdout.splitlines()] == ["Drill day"]
    assert "left out, as too common to search for: not, a" in rest.stderr


def test_unknown_source_exits_2_listing_the_known_ones_as_export_does(db_url: str) -> None:
    fill(db_url)
    for command in (["search", "tom"], ["export"]):
        result = CliRunner().invoke(main, [*command, "--source", "nosuch", "--database-url", db_url])
        assert (result.exit_code, result.stdout) == (2, ""), command
        assert "Invalid value for --source: no source named 'nosuch'; known: gamespot, variety" in result.stderr
