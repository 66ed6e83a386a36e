"""``newsbot serve``: Datasette over a real SQLite file made by newsbot and filled through the repository."""

from __future__ import annotations

import asyncio
import hashlib
import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import make_article, upgraded_sessions
from markupsafe import escape

from newsbot.analysis.datasette import charts
from newsbot.analysis.datasette.metadata import TABLES
from newsbot.analysis.datasette.queries import QUERIES
from newsbot.analysis.serve import datasette, prepare
from newsbot.cli import main
from newsbot.items import Article, Author, Embed
from newsbot.storage import repository, runs
from newsbot.storage.db import dispose_engine

T0 = datetime(2026, 1, 7, 9, 0, tzinfo=UTC)


def story(n: int, site: str, published: datetime, **fields: Any) -> Article:
    """A valid article numbered ``n``; ``fields`` override the defaults."""
    values: dict[str, Any] = {
        "site": site,
        "headline": f"Story {n}",
        "body_text": f"Body of story {n}, long enough to be stored as an article by the repository in this test.",
        "body_html": f"<p>Body of story {n}.</p>",
        "published_at": published,
        "authors": [Author(f"Writer {n % 2}")],
    }
    return make_article(f"https://{site}.example.test/articles/story-{n}/", **(values | fields))


#: The newsroom every test serves: article 1's comments grow 10 -> 25 -> 40 over four hours.
GROWING = story(1, "gamespot", datetime(2026, 1, 5, 10, tzinfo=UTC), headline="Trailer Shows The Ice Queen")
ARTICLES = [
    story(2, "gamespot", datetime(2026, 1, 5, 12, tzinfo=UTC), comment_count=5, tags=["Movies"],
          embeds=[Embed("youtube", "video", "https://youtu.be/a", "a")]),
    story(3, "gamespot", datetime(2026, 1, 6, 8, tzinfo=UTC), comment_count=12, tags=["Movies", "Games"],
          embeds=[Embed("instagram", "post", "https://www.instagram.com/p/B/", "B"),
                  Embed("twitter", "tweet", "https://twitter.com/x/status/9", "9")]),
    story(4, "variety", datetime(2026, 1, 6, 9, tzinfo=UTC), tags=["Film"],
          embeds=[Embed("youtube", "video", "https://youtu.be/c", "c")]),
]  # fmt: skip
COUNTS = [(T0, 10), (T0 + timedelta(hours=2), 25), (T0 + timedelta(hours=4), 40)]


def fill_newsroom(database_url: str) -> None:
    """Store the newsroom above, plus two gamespot crawl runs with failures, through newsbot's repository."""
    sessions = upgraded_sessions(database_url)
    with sessions.begin() as session:
        for when, count in COUNTS:
            repository.store_article(session, story(**_fields(GROWING), comment_count=count), now=when)
        for article in ARTICLES:
            repository.store_article(session, article, now=T0)
        for spider, failures in (("gamespot", ["old"]), ("gamespot", ["gone", "broken"]), ("variety", ["slow"])):
            run = runs.start_run(session, spider, now=T0)
            for name in failures:
                url = f"https://{spider}.example.test/{name}/"
                runs.record_failure(session, url=url, stage="parse", reason=f"{name}: no headline", crawl_run_id=run)
            runs.finish_run(session, run, reason="finished", stats={})
    dispose_engine(database_url)


def _fields(article: Article) -> dict[str, Any]:
    return {"n": 1, "site": article.site, "published": article.published_at, "headline": article.headline}


@pytest.fixture
def newsroom(tmp_path: Path) -> Path:
    """A SQLite file made by newsbot (its migrations, so its views) holding the newsroom."""
    url = f"sqlite:///{tmp_path / 'newsbot.db'}"
    fill_newsroom(url)
    return prepare(url)


def get(path: Path, url: str) -> tuple[int, str]:
    """Status and body of a GET of ``url`` from a Datasette serving ``path``, in process."""
    app = datasette(path)

    async def fetch() -> tuple[int, str]:
        response = await app.client.get(url)
        return response.status_code, response.text

    try:
        return asyncio.run(fetch())
    finally:
        app.databases["newsbot"].close()


def rows(path: Path, query: str, **params: Any) -> list[dict[str, Any]]:
    """The rows of canned query ``query`` as dicts (Datasette's JSON ``array`` shape)."""
    arguments = "".join(f"&{name}={value}" for name, value in params.items())
    status, body = get(path, f"/newsbot/{query}.json?_shape=array{arguments}")
    assert status == 200, body
    return json.loads(body)


def test_every_table_view_and_column_is_described(newsroom: Path) -> None:
    with closing(sqlite3.connect(newsroom)) as db:
        schema = db.execute("select name, sql from sqlite_master where type in ('table', 'view')").fetchall()
        fts = [name for name, sql in schema if sql and "VIRTUAL TABLE" in sql.upper()]
        names = [name for name, _ in schema if not name.startswith("sqlite_")]
        names = [name for name in names if not any(name.startswith(f"{table}_") for table in fts)]  # FTS shadows
        columns = {name: [row[1] for row in db.execute(f'pragma table_info("{name}")')] for name in names}
    where = "add it to TABLES in newsbot/analysis/datasette/metadata.py"
    assert not set(names) - set(TABLES), f"tables or views without a description: {set(names) - set(TABLES)}; {where}"
    assert not set(TABLES) - set(names), f"described but not in the database: {set(TABLES) - set(names)}"
    for name, described in TABLES.items():
        assert described.description
        undescribed = [c for c in columns[name] if not described.columns.get(c)]
        assert not undescribed, f"{name}: columns without a description: {undescribed}; {where}"
        stale = set(described.columns) - set(columns[name])
        assert not stale, f"{name}: described columns the database does not have: {stale}"
        used = [*described.facets, described.label_column, described.sort_desc]
        assert set(filter(None, used)) <= set(columns[name]), f"{name}: facet, label or sort on a missing column"


def test_database_page_shows_the_descriptions_and_lists_the_queries(newsroom: Path) -> None:
    status, page = get(newsroom, "/newsbot")
    assert status == 200
    assert "Articles with their authors, tags, embeds, links and comment history" in page
    for query in QUERIES.values():
        assert query.title in page


def test_table_page_shows_column_descriptions(newsroom: Path) -> None:
    status, page = get(newsroom, "/newsbot/comment_snapshots")
    assert status == 200
    assert "comment count the page showed; NULL when it showed none" in page


def test_facets_count_articles_per_source_tags_and_embed_providers(newsroom: Path) -> None:
    def facet(table: str, column: str) -> dict[str, int]:
        status, body = get(newsroom, f"/newsbot/{table}.json")
        assert status == 200, body
        return {r["label"]: r["count"] for r in json.loads(body)["facet_results"][column]["results"]}

    assert facet("articles", "source_id") == {"gamespot": 3, "variety": 1}
    assert facet("article_tags", "tag_id") == {"Movies": 2, "Games": 1, "Film": 1}
    assert facet("embeds", "provider") == {"youtube": 2, "instagram": 1, "twitter": 1}


def test_most_commented_lists_latest_counts_highest_first(newsroom: Path) -> None:
    found = [(r["headline"], r["source"], r["comment_count"]) for r in rows(newsroom, "top_commented")]
    assert found == [("Trailer Shows The Ice Queen", "gamespot", 40), ("Story 3", "gamespot", 12),
                     ("Story 2", "gamespot", 5)]  # fmt: skip


def test_comment_growth_of_one_article_takes_its_id(newsroom: Path) -> None:
    found = rows(newsroom, "article_comments", article_id=1)
    assert [(charts.as_time(r["observed_at"]), r["comments"]) for r in found] == COUNTS
    assert rows(newsroom, "article_comments", article_id=99) == []


def test_fastest_growing_gives_comments_per_hour(newsroom: Path) -> None:
    found = rows(newsroom, "fastest_growing")
    assert [(r["article_id"], r["first_count"], r["latest_count"], r["change_per_hour"]) for r in found] == [
        (1, 10, 40, 7.5)  # 30 comments in 4 hours
    ]


def test_articles_per_day_counts_each_site(newsroom: Path) -> None:
    found = [(r["day"], r["source"], r["articles"]) for r in rows(newsroom, "daily_articles")]
    assert found == [("2026-01-05", "gamespot", 2), ("2026-01-06", "gamespot", 1), ("2026-01-06", "variety", 1)]


def test_embed_providers_count_embeds_and_articles_per_site(newsroom: Path) -> None:
    found = [(r["provider"], r["source"], r["embeds"], r["articles"]) for r in rows(newsroom, "embeds_by_provider")]
    assert found == [("instagram", "gamespot", 1, 1), ("twitter", "gamespot", 1, 1), ("youtube", "gamespot", 1, 1),
                     ("youtube", "variety", 1, 1)]  # fmt: skip


def test_last_run_failures_are_each_spiders_latest_runs_only(newsroom: Path) -> None:
    found = [(r["spider"], r["url"], r["reason"]) for r in rows(newsroom, "last_run_failures")]
    assert found == [
        ("gamespot", "https://gamespot.example.test/broken/", "broken: no headline"),
        ("gamespot", "https://gamespot.example.test/gone/", "gone: no headline"),
        ("variety", "https://variety.example.test/slow/", "slow: no headline"),
    ]


def test_every_canned_query_runs(newsroom: Path) -> None:
    for name in QUERIES:
        status, body = get(newsroom, f"/newsbot/{name}.json?article_id=1")
        assert status == 200, f"{name}: {body}"


def test_comment_growth_page_draws_a_line_with_a_point_per_snapshot(newsroom: Path) -> None:
    status, page = get(newsroom, "/newsbot/article_comments?article_id=1")
    assert status == 200
    assert page.count('<circle class="point"') == 3
    assert page.count('<path class="line"') == 1
    assert "2026-01-07 13:00 UTC: 40 comments" in page  # the last point's tooltip
    assert (
        '<text class="chart-title" x="56" y="18" font-size="13" font-weight="bold">Trailer Shows The Ice Queen<' in page
    )


def test_comment_growth_page_without_an_id_asks_for_one_and_links_an_article_with_snapshots(newsroom: Path) -> None:
    status, page = get(newsroom, "/newsbot/article_comments")
    assert status == 200
    assert "Type an article id in the <b>article_id</b> box just below" in page
    # Article 1 is the one with three counted snapshots (the others have one each).
    assert '<a href="/newsbot/article_comments?article_id=1">article 1</a> (the most comment counts seen)' in page
    assert page.index("box just below") < page.index('name="article_id"')  # the hint comes right before the box
    assert "<svg" not in page


def test_articles_per_day_page_draws_a_bar_per_day_and_site(newsroom: Path) -> None:
    status, page = get(newsroom, "/newsbot/daily_articles")
    assert status == 200
    assert page.count('<rect class="bar"') == 3
    assert '<rect class="bar" data-x="2026-01-06" data-series="variety"' in page


def test_queries_without_a_chart_draw_none(newsroom: Path) -> None:
    assert "<svg" not in get(newsroom, "/newsbot/top_commented")[1]


def test_article_ids_in_query_results_link_to_their_comment_chart(newsroom: Path) -> None:
    page = get(newsroom, "/newsbot/top_commented")[1]
    assert '<a href="/newsbot/article_comments?article_id=1"' in page


def test_datasette_cannot_write_the_database(newsroom: Path) -> None:
    before = hashlib.sha256(newsroom.read_bytes()).hexdigest()
    status, body = get(newsroom, "/newsbot.json?sql=delete+from+articles")
    assert status == 400, body
    app = datasette(newsroom)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        asyncio.run(app.databases["newsbot"].execute_fn(lambda conn: conn.execute("delete from articles")))
    app.databases["newsbot"].close()
    for name in QUERIES:
        get(newsroom, f"/newsbot/{name}?article_id=1")
    assert hashlib.sha256(newsroom.read_bytes()).hexdigest() == before


def test_serve_refuses_postgresql_and_suggests_export() -> None:
    url = "postgresql+psycopg://newsbot:secret@db.internal/newsbot"
    result = CliRunner().invoke(main, ["serve", "--database-url", url])
    assert result.exit_code == 1
    assert "newsbot serve is SQLite-only" in result.stderr
    assert "newsbot export --format csv" in result.stderr
    assert "secret" not in result.stderr


def test_serve_of_a_missing_file_says_how_to_make_one(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--database-url", f"sqlite:///{tmp_path / 'none.db'}"])
    assert result.exit_code == 1
    assert f"no database at {tmp_path / 'none.db'}: run `newsbot demo`" in result.stderr
    assert not (tmp_path / "none.db").exists()


def free_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_server(path: Path) -> Iterator[dict[str, str]]:
    """``newsbot serve`` on a free loopback port, in a child process.

    Yields a dict with its base ``url``; once the server has stopped, it also holds its ``stdout`` and ``stderr``.
    """
    port = free_port()
    command = [sys.executable, "-m", "newsbot.cli", "serve", "--database-url", f"sqlite:///{path}", "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    served = {"url": f"http://127.0.0.1:{port}"}
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{served['url']}/-/versions.json", timeout=5):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    break
                time.sleep(0.2)
        if server.poll() is not None:
            raise AssertionError(f"newsbot serve exited {server.returncode}: {server.communicate()[1]}")
        yield served
    finally:
        server.terminate()
        served["stdout"], served["stderr"] = server.communicate(timeout=30)


def test_serve_command_answers_on_loopback_with_logs_on_stderr_only(newsroom: Path) -> None:
    with running_server(newsroom) as served, urllib.request.urlopen(f"{served['url']}/newsbot/top_commented.json") as r:
        assert json.load(r)["rows"][0][1] == "Trailer Shows The Ice Queen"
    assert served["stdout"] == ""
    assert f"newsbot serve: {newsroom}, read-only, at http://127.0.0.1:" in served["stderr"]
    assert '"GET /newsbot/top_commented.json HTTP/1.1" 200' in served["stderr"]


def test_nice_top_gives_round_axis_ends() -> None:
    assert [charts.nice_top(v) for v in (0, 3, 6, 7.5, 40, 41, 5000)] == [4, 4, 8, 8, 40, 60, 6000]


def test_count_axes_have_whole_ticks() -> None:
    """A count of 6 had ticks at 1.5 and 4.5."""
    for value in range(1, 200):
        assert (charts.nice_top(value) / 4).is_integer(), value


@pytest.mark.parametrize(
    ("first", "last", "labels"),
    [
        (date(2026, 1, 5), date(2026, 1, 6), ["2026-01-05", "2026-01-06"]),
        (date(2026, 1, 1), date(2026, 1, 20), ["2026-01-04", "2026-01-11", "2026-01-18"]),
        (date(2025, 6, 1), date(2026, 6, 1), ["2025-07", "2025-09", "2025-11", "2026-01", "2026-03", "2026-05"]),
        (date(2019, 3, 1), date(2026, 2, 1), ["2020", "2021", "2022", "2023", "2024", "2025", "2026"]),
    ],
)
def test_day_axis_labels_are_round_dates_that_cannot_overlap(first: date, last: date, labels: list[str]) -> None:
    assert [label for _, label in charts.day_ticks(first, last, 688)] == labels


def test_front_page_is_the_database_page(newsroom: Path) -> None:
    async def fetch() -> tuple[int, str]:
        response = await datasette(newsroom).client.get("/")
        return response.status_code, response.headers["location"]

    assert asyncio.run(fetch()) == (302, "/newsbot")


def test_database_page_describes_every_table_and_view_and_hides_sqlite_bookkeeping(newsroom: Path) -> None:
    with closing(sqlite3.connect(newsroom)) as db:
        assert db.execute("select 1 from sqlite_master where name = 'sqlite_sequence'").fetchone()
    status, page = get(newsroom, "/newsbot")
    assert status == 200
    assert "sqlite_sequence" not in page
    guide = page[page.index('<div class="newsbot-guide">') :]
    for name, described in TABLES.items():
        if described.hidden:
            assert f">{name}</a>" not in guide, name
        else:
            assert f'<dt><a href="/newsbot/{name}">{name}</a>' in guide, name
            assert str(escape(described.description)) in guide, name


def test_articles_page_rows_hold_the_browsing_columns_not_the_texts(newsroom: Path) -> None:
    status, page = get(newsroom, "/newsbot/articles?_sort=id")
    assert status == 200
    table = page[page.index('<table class="rows-and-columns newsbot-articles">') : page.index("</table>")]
    assert "Body of story" not in table  # the texts are on each row's own page
    assert '<td class="col-headline"><a href="https://gamespot.example.test/articles/story-1/">Trailer Shows' in table
    assert '<td class="col-authors">Writer 1</td>' in table
    assert '<a href="/newsbot/articles/1" title="every column of this article">1</a>' in table
    assert 'name="_search"' in page  # Datasette's search box and facets stay
    assert "Body of story 1, long enough" in get(newsroom, "/newsbot/articles/1")[1]
