"""Full-text search over headline, deck and body text.

SQLite: an FTS5 table ``articles_fts`` holding no text of its own (external content: ``articles``), kept in step by
triggers. PostgreSQL: a weighted ``articles.search_vector`` (A headline, B deck, C body; english configuration)
kept by a trigger, with a GIN index. Triggers rather than a generated column: they fire only when the text
columns are written, so a revisit that refreshes ``last_seen_at`` does not re-index the body.

Revision ID: 0003
Revises: 0002
Create Date: 2025-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_SQLITE_UPGRADE = [
    # porter: english stemming, as PostgreSQL's english configuration does; remove_diacritics: "pokemon" finds
    # "Pokémon".
    """CREATE VIRTUAL TABLE articles_fts USING fts5(
        headline, deck, body_text,
        content='articles', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, headline, deck, body_text)
        VALUES (new.id, new.headline, new.deck, new.body_text);
    END""",
    # An external-content index must be told the old text to remove it.
    """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, headline, deck, body_text)
        VALUES ('delete', old.id, old.headline, old.deck, old.body_text);
    END""",
    """CREATE TRIGGER articles_fts_update AFTER UPDATE OF headline, deck, body_text ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, headline, deck, body_text)
        VALUES ('delete', old.id, old.headline, old.deck, old.body_text);
        INSERT INTO articles_fts (rowid, headline, deck, body_text)
        VALUES (new.id, new.headline, new.deck, new.body_text);
    END""",
    "INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')",  # index the rows already stored
]

_SQLITE_DOWNGRADE = [
    "DROP TRIGGER articles_fts_update",
    "DROP TRIGGER articles_fts_delete",
    "DROP TRIGGER articles_fts_insert",
    "DROP TABLE articles_fts",
]

_POSTGRESQL_UPGRADE = [
    "ALTER TABLE articles ADD COLUMN search_vector tsvector",
    # The body is cut at 300,000 characters: a tsvector cannot exceed 1 MB, and no real article is that long.
    """CREATE FUNCTION articles_search_vector_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_vector :=
            setweight(to_tsvector('english', coalesce(NEW.headline, '')), 'A')
            || setweight(to_tsvector('english', coalesce(NEW.deck, '')), 'B')
            || setweight(to_tsvector('english', left(coalesce(NEW.body_text, ''), 300000)), 'C');
        RETURN NEW;
    END
    $$""",
    """CREATE TRIGGER articles_search_vector BEFORE INSERT OR UPDATE OF headline, deck, body_text ON articles
        FOR EACH ROW EXECUTE FUNCTION articles_search_vector_update()""",
    "UPDATE articles SET headline = headline",  # index the rows already stored
    "CREATE INDEX ix_articles_search_vector ON articles USING gin (search_vector)",
]

_POSTGRESQL_DOWNGRADE = [
    "DROP TRIGGER articles_search_vector ON articles",
    "DROP FUNCTION articles_search_vector_update()",
    "ALTER TABLE articles DROP COLUMN search_vector",  # drops its index too
]


def _run(statements: dict[str, list[str]]) -> None:
    dialect = op.get_bind().dialect.name
    if dialect not in statements:
        raise NotImplementedError(f"newsbot's full-text search supports SQLite and PostgreSQL, not {dialect}")
    for statement in statements[dialect]:
        op.execute(statement)


def upgrade() -> None:
    _run({"sqlite": _SQLITE_UPGRADE, "postgresql": _POSTGRESQL_UPGRADE})


def downgrade() -> None:
    _run({"sqlite": _SQLITE_DOWNGRADE, "postgresql": _POSTGRESQL_DOWNGRADE})
