"""``newsbot export`` on a real database (SQLite and PostgreSQL: see ``db_url``) filled through the repository."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import make_article, upgraded_sessions

from newsbot.analysis.export import iter_articles, parse_since
from newsbot.cli import main
from newsbot.items import Author, Embed, Link
from newsbot.storage import repository

PACIFIC = timezone(timedelta(hours=-7))
YESTERDAY = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
SEEN = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)

TRAILER = make_article(
    "https://www.gamespot.com/articles/trailer/1100-1/?ftag=x",
    canonical_url="https://www.gamespot.com/articles/trailer/1100-1/",
    headline="Trailer Shows The Ice Queen",
    deck="Season two is coming.",
    body_text="First paragraph of the trailer story.\n\nSecond paragraph of the trailer story.",
    body_html="<p>First paragraph of the trailer story.</p><p>Second paragraph of the trailer story.</p>",
    authors=[Author("Jane Doe", "https://www.gamespot.com/profile/janedoe/"), Author("John Roe")],
    published_at=datetime(2020, 1, 5, 9, 50, tzinfo=PACIFIC),
    tags=["Movies", "Frostbound Saga"],
    embeds=[
        Embed("instagram", "post", "https://www.instagram.com/p/CEm0000000A/", "CEm0000000A", "someone", "Hi", 1),
        Embed("twitter", "tweet", "https://twitter.com/a/status/1", None, None, None, 2),
    ],
    links=[Link("https://www.nrk.no/a", "NRK")],
    comment_count=23,
    language="en",
)
QUOTED = make_article(
    "https://variety.com/2019/film/quoted/",
    site="variety",
    headline='Director Says "No, Thanks", Then Leaves',
    deck='He said "no", then left,\nfor good',
    body_text="A story whose deck has quotes, a comma and a newline in it, to test the CSV quoting.",
    body_html="<p>A story whose deck has quotes, a comma and a newline in it, to test the CSV quoting.</p>",
    published_at=datetime(2019, 12, 1, tzinfo=UTC),
    tags=["Film"],
)
UNDATED = make_article(
    "https://www.gamespot.com/articles/undated/1100-3/",
    headline="A Page Without A Date",
    body_text="This page shows no publication date, so export filters it by when newsbot first saw it.",
    body_html="<p>This page shows no publication date, so export filters it by when newsbot first saw it.</p>",
    kind="review",
)

#: What ``newsbot export`` prints for TRAILER, written from the inputs above.
TRAILER_JSON = {
    "id": 1,
    "url": "https://www.gamespot.com/articles/trailer/1100-1/?ftag=x",
    "canonical_url": "https://www.gamespot.com/articles/trailer/1100-1/",
    "site": "gamespot",
    "headline": "Trailer Shows The Ice Queen",
    "deck": "Season two is coming.",
    "authors": [
        {"name": "Jane Doe", "url": "https://www.gamespot.com/profile/janedoe/"},
        {"name": "John Roe", "url": None},
    ],
    "published_at": "2020-01-05T16:50:00+00:00",
    "updated_at": None,
    "body_text": "First paragraph of the trailer story.\n\nSecond paragraph of the trailer story.",
    "body_html": "<p>First paragraph of the trailer story.</p><p>Second paragraph of the trailer story.</p>",
    "lead_image": None,
    "tags": ["Frostbound Saga", "Movies"],
    "embeds": [
        {
            "provider": "instagram",
            "kind": "post",
            "url": "https://www.instagram.com/p/CEm0000000A/",
            "external_id": "CEm0000000A",
            "author_handle": "someone",
            "caption": "Hi",
            "position": 1,
        },
        {
            "provider": "twitter",
            "kind": "tweet",
            "url": "https://twitter.com/a/status/1",
            "external_id": None,
            "author_handle": None,
            "caption": None,
            "position": 2,
        },
    ],
    "links": [{"url": "https://www.nrk.no/a", "text": "NRK"}],
    "comment_count": 23,
    "language": "en",
    "kind": "article",
    "word_count": 12,
    "first_seen_at": "2024-03-01T12:00:00+00:00",
    "last_seen_at": "2024-03-01T12:00:00+00:00",
}


def fill(database_url: str) -> None:
    """Store the three articles, in order, through the repository."""
    with upgraded_sessions(database_url).begin() as session:
        repository.store_article(session, TRAILER, now=SEEN)
        repository.store_article(session, QUOTED, now=SEEN)
        repository.store_article(session, UNDATED, now=YESTERDAY)


@pytest.fixture
def filled(db_url: str) -> str:
    fill(db_url)
    return db_url


def export(database_url: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["export", "--database-url", database_url, *args])
    return result.exit_code, result.stdout, result.stderr


def test_jsonl_prints_one_object_per_article_with_children_nested(filled: str) -> None:
    code, out, err = export(filled)
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["headline"] for r in records] == [TRAILER.headline, QUOTED.headline, UNDATED.headline]
    assert records[0] == TRAILER_JSON
    assert records[2]["authors"] == records[2]["tags"] == records[2]["embeds"] == []
    assert records[2]["published_at"] is None
    assert "exported 3 articles to stdout" in err


def test_csv_joins_lists_and_quotes_a_cell_with_quotes_commas_and_newlines(filled: str) -> None:
    code, out, err = export(filled, "--format", "csv")
    assert code == 0, err
    assert '"He said ""no"", then left,\nfor good"' in out  # RFC 4180 quoting, the newline kept inside the cell
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert len(rows) == 3
    trailer, quoted = rows[0], rows[1]
    assert trailer["authors"] == "Jane Doe; John Roe"
    assert trailer["tags"] == "Frostbound Saga; Movies"
    assert trailer["embeds"] == "instagram:CEm0000000A; twitter:https://twitter.com/a/status/1"
    assert trailer["links"] == "1"
    assert trailer["published_at"] == "2020-01-05T16:50:00+00:00"
    assert (trailer["comment_count"], trailer["updated_at"]) == ("23", "")
    assert quoted["deck"] == 'He said "no", then left,\nfor good'
    assert quoted["headline"] == 'Director Says "No, Thanks", Then Leaves'
    assert quoted["site"] == "variety"


def test_source_keeps_one_sites_articles(filled: str) -> None:
    code, out, _ = export(filled, "--source", "variety")
    assert code == 0
    assert [json.loads(line)["canonical_url"] for line in out.splitlines()] == [QUOTED.canonical_url]


def test_since_a_date_compares_publication_time_or_first_seen(filled: str) -> None:
    code, out, _ = export(filled, "--since", "2020-01-01")
    assert code == 0
    assert [json.loads(line)["headline"] for line in out.splitlines()] == [TRAILER.headline, UNDATED.headline]


def test_since_a_span_counts_back_from_now(filled: str) -> None:
    code, out, _ = export(filled, "--since", "7d", "--format", "csv")
    assert code == 0
    assert [row["headline"] for row in csv.DictReader(io.StringIO(out, newline=""))] == [UNDATED.headline]


def test_bad_since_exits_2_naming_the_accepted_forms(filled: str) -> None:
    code, out, err = export(filled, "--since", "last tuesday")
    assert code == 2
    assert out == ""
    assert "'last tuesday' is neither a time span nor a date: use e.g. 7d" in err


def test_unknown_source_exits_2_listing_the_known_ones(filled: str) -> None:
    code, _, err = export(filled, "--source", "ign")
    assert code == 2
    assert "no source named 'ign'; known: gamespot, variety" in err


def test_output_file_gets_the_data_and_stderr_the_count(filled: str, tmp_path: Path) -> None:
    target = tmp_path / "articles.csv"
    code, out, err = export(filled, "--format", "csv", "-o", str(target))
    assert code == 0
    assert out == ""
    assert f"exported 3 articles to {target}" in err
    assert len(list(csv.DictReader(io.StringIO(target.read_text(), newline="")))) == 3


def test_output_into_a_missing_folder_is_one_line_naming_it(filled: str, tmp_path: Path) -> None:
    target = tmp_path / "nonexistent" / "x.csv"
    code, out, err = export(filled, "-o", str(target))
    assert (code, out) == (2, "")
    assert f"Invalid value for -o: cannot write {target}: No such file or directory; check that its folder" in err
    assert "Traceback" not in err


@pytest.mark.databases("sqlite")
def test_export_into_a_pipe_closed_early_exits_0_quietly(db_url: str) -> None:
    """``newsbot export | head -1``: like any Unix filter, it stops without a word when its reader goes away."""
    body = "A paragraph long enough to fill the pipe. " * 200
    with upgraded_sessions(db_url).begin() as session:
        for n in range(300):  # about 2.5 MB of JSON lines: far more than a pipe holds
            url = f"https://www.gamespot.com/articles/pipe-{n}/1100-{n}/"
            repository.store_article(session, make_article(url, headline=f"Story {n}", body_text=body))
    command = [sys.executable, "-m", "newsbot.cli", "export", "--database-url", db_url]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as export:
        assert export.stdout is not None
        assert export.stderr is not None
        head = subprocess.run(["head", "-1"], stdin=export.stdout, capture_output=True, timeout=120)
        export.stdout.close()  # only head held the pipe's reading end besides us, and it is gone
        stderr = export.stderr.read().decode()
        assert export.wait(timeout=120) == 0, stderr
    assert stderr == ""
    assert json.loads(head.stdout)["headline"] == "Story 0"


def test_batches_keep_each_articles_children(filled: str) -> None:
    with upgraded_sessions(filled)() as session:
        records = list(iter_articles(session, batch_size=2))  # the third article comes in a second batch
    assert [len(r["authors"]) for r in records] == [2, 0, 0]
    assert [r["tags"] for r in records] == [["Frostbound Saga", "Movies"], ["Film"], []]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7d", datetime(2026, 1, 8, 12, tzinfo=UTC)),
        ("12h", datetime(2026, 1, 15, tzinfo=UTC)),
        ("2w", datetime(2026, 1, 1, 12, tzinfo=UTC)),
        ("2026-01-01", datetime(2026, 1, 1, tzinfo=UTC)),
        ("2026-01-01T08:00+02:00", datetime(2026, 1, 1, 6, tzinfo=UTC)),
        ("2026-01-01T08:00", datetime(2026, 1, 1, 8, tzinfo=UTC)),
    ],
)
def test_parse_since_reads_spans_dates_and_times(text: str, expected: datetime) -> None:
    assert parse_since(text, now=datetime(2026, 1, 15, 12, tzinfo=UTC)) == expected
