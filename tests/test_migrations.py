"""The schema comes from Alembic migrations only, on SQLite and PostgreSQL, and matches the models."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from click.testing import CliRunner
from conftest import make_article
from sqlalchemy import inspect, select, text

from newsbot.analysis import search as search_module
from newsbot.cli import main
from newsbot.storage import migrations, models, repository
from newsbot.storage.db import get_engine, session_factory, upgrade

ROOT = Path(__file__).resolve().parents[1]
ANALYST_TABLES = {
    "sources",
    "articles",
    "article_versions",
    "authors",
    "article_authors",
    "tags",
    "article_tags",
    "embeds",
    "links",
    "comment_snapshots",
    "duplicates",
    "crawl_runs",
    "failures",
}


NOW = {"now": datetime(2025, 3, 2, tzinfo=UTC)}


STORY = make_article(
    "https://www.gamespot.com/articles/story-1/1100-1/",
    headline="Lighthouse keeper story 1",
    body_text="A body long enough to be stored, about a lighthouse and its keeper on a stormy coast.",
    body_html="<p>A body.</p>",
    published_at=datetime(2025, 3, 1, tzinfo=UTC),
)


def test_migrations_at_head_match_the_models(db_url: str) -> None:
    upgrade(db_url)
    with get_engine(db_url).connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": migrations.include_object, "compare_type": True}
        )
        differences = compare_metadata(context, models.Base.metadata)
    assert differences == [], (
        "models.py and the migrations disagree; write a migration: "
        "python -m newsbot.storage.migrations revision --autogenerate -m '...'"
    )


def test_upgrade_creates_every_table_through_the_migrations(db_url: str) -> None:
    assert upgrade(db_url) == (None, migrations.head())
    engine = get_engine(db_url)
    assert set(inspect(engine).get_table_names()) >= ANALYST_TABLES
    assert migrations.current_revision(engine) == migrations.head()


@pytest.mark.databases("postgresql")
def test_every_time_column_is_timestamptz_on_postgresql(db_url: str) -> None:
    upgrade(db_url)
    with get_engine(db_url).connect() as connection:
        types = connection.execute(
            text(
                "SELECT table_name, column_name, data_type FROM information_schema.columns"
                " WHERE table_schema = current_schema() AND data_type LIKE 'timestamp%'"
            )
        ).all()
    assert len(types) >= 10
    assert {data_type for _, _, data_type in types} == {"timestamp with time zone"}, types


def test_building_a_session_factory_on_an_empty_database_creates_no_table(db_url: str) -> None:
    """Migrations run when asked (`newsbot db upgrade`, the demo, a crawl's start), never as a side effect."""
    with session_factory(db_url)() as session:
        assert inspect(session.connection()).get_table_names() == []
    assert migrations.current_revision(get_engine(db_url)) is None


def test_a_second_upgrade_finds_the_database_at_head(db_url: str) -> None:
    upgrade(db_url)
    assert upgrade(db_url) == (migrations.head(), migrations.head())


def test_importing_the_settings_imports_neither_storage_nor_alembic() -> None:
    """Scrapy imports the settings for every command (`scrapy list`, scrapyd): they name defaults, nothing more."""
    script = (
        "import sys, newsbot.settings; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'sqlalchemy') or"
        " m.startswith('newsbot.storage')))"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout == "[]\n"


def test_a_database_made_before_migrations_is_adopted_and_upgraded(db_url: str) -> None:
    engine = get_engine(db_url)
    migrations.upgrade(engine, migrations.BASELINE)  # the tables create_all used to make
    with engine.begin() as connection:  # a row as the newsbot of that time wrote it (no later columns)
        connection.execute(text("INSERT INTO sources (id, name, created_at) VALUES (1, 'gamespot', :now)"), NOW)
        connection.execute(
            text(
                "INSERT INTO articles (source_id, url, canonical_url, kind, headline, body_text, body_html, "
                "word_count, content_hash, first_seen_at, last_seen_at) "
                "VALUES (1, :url, :canonical, 'article', :headline, :body, '', 15, 'x', :now, :now)"
            ),
            {
                "url": STORY.url,
                "canonical": STORY.url,
                "headline": STORY.headline,
                "body": STORY.body_text,
                **NOW,
            },
        )
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))
    upgrade(db_url)
    sessions = session_factory(db_url)
    assert migrations.current_revision(engine) == migrations.head()
    with sessions() as session:
        hits = search_module.search(session, "lighthouse", source=None, since=None, limit=5)
    assert [hit.headline for hit in hits] == ["Lighthouse keeper story 1"], "rows stored before are searchable"


def test_downgrade_to_nothing_and_up_again(db_url: str) -> None:
    engine = get_engine(db_url)
    migrations.upgrade(engine)
    assert migrations.downgrade(engine, "base") is None
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    assert inspect(engine).get_view_names() == []
    assert migrations.upgrade(engine) == migrations.head()


@pytest.mark.slow
def test_crawlers_starting_together_on_a_fresh_database_all_get_the_schema(db_url: str) -> None:
    script = "import sys; from newsbot.storage.db import upgrade; upgrade(sys.argv[1])"
    command = [sys.executable, "-c", script, db_url]
    children = [subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE) for _ in range(4)]
    errors = [child.communicate(timeout=120)[1].decode() for child in children]
    assert [child.returncode for child in children] == [0] * 4, errors
    assert migrations.current_revision(get_engine(db_url)) == migrations.head()
    with session_factory(db_url).begin() as session:
        repository.store_article(session, STORY)
        assert session.scalar(select(models.Article.headline)) == "Lighthouse keeper story 1"


def test_db_current_says_none_before_the_upgrade_and_the_head_after(db_url: str) -> None:
    runner = CliRunner()
    before = runner.invoke(main, ["db", "current", "--database-url", db_url])
    assert (before.exit_code, before.stdout) == (0, "none\n")
    assert "run `newsbot db upgrade`" in before.stderr
    upgrade = runner.invoke(main, ["db", "upgrade", "--database-url", db_url])
    assert (upgrade.exit_code, upgrade.stdout) == (0, f"{migrations.head()}\n")
    again = runner.invoke(main, ["db", "upgrade", "--database-url", db_url])
    assert (again.exit_code, again.stderr) == (0, "already at the newest revision\n")
    after = runner.invoke(main, ["db", "current", "--database-url", db_url])
    assert (after.exit_code, after.stdout, after.stderr) == (0, f"{migrations.head()}\n", "")


def test_db_upgrade_names_the_database_it_cannot_reach_without_its_password() -> None:
    url = "postgresql+psycopg://newsbot:s3cret@127.0.0.1:1/newsbot"
    result = CliRunner().invoke(main, ["db", "upgrade", "--database-url", url])
    assert result.exit_code == 1
    assert "postgresql+psycopg://newsbot:***@127.0.0.1:1/newsbot" in result.stderr
    assert "s3cret" not in result.stderr
