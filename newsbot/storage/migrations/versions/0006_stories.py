"""Stories (near-duplicate clusters), url keys on articles, and the site and date of each exact duplicate.

- ``articles.url_key``: one key for every form of an article's address (``newsbot.urls.url_key``), unique. Rows
  stored before are keyed here, oldest first; a later row whose key an older one already took (the same page
  stored twice under two url forms) keeps NULL and stays as it is.
- ``duplicates.source_id`` / ``published_at``: which site ran the copy, and when (NULL for copies recorded before).
- ``stories``, ``story_members``, ``story_signatures``, ``story_lock`` and the view ``story_timeline``. Articles
  stored before get their stories when the next crawl opens (``pipelines/stories.py``), not here: the fingerprints
  depend on code that may change, a migration must not.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from newsbot.urls import url_key

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# hours between a copy's publication and the story's first one
_HOURS_AFTER_FIRST = {
    "sqlite": "CAST((julianday(c.published_at) - julianday(min(c.published_at) OVER story)) * 24.0 AS REAL)",
    "postgresql": "CAST(extract(epoch FROM c.published_at - min(c.published_at) OVER story) / 3600.0 "
    "AS double precision)",
}

# One row per copy of a story newsbot met: its articles (story_members) and the urls whose text repeats one of them
# exactly (duplicates), in publication order.
_STORY_TIMELINE = """
    WITH copies AS (
        SELECT m.story_id, s.name AS source, a.canonical_url AS url,
               coalesce(a.published_at, a.first_seen_at) AS published_at,
               CASE WHEN m.similarity IS NULL THEN 'first seen' ELSE 'similar text' END AS joined_by,
               m.similarity, 0 AS copy_order
        FROM story_members m
        JOIN articles a ON a.id = m.article_id
        JOIN sources s ON s.id = a.source_id
        UNION ALL
        SELECT m.story_id, s.name, d.canonical_url, coalesce(d.published_at, d.first_seen_at), 'same text', 1.0, 1
        FROM duplicates d
        JOIN story_members m ON m.article_id = d.duplicate_of
        LEFT JOIN sources s ON s.id = d.source_id
    )
    SELECT c.story_id, st.headline,
           row_number() OVER (PARTITION BY c.story_id ORDER BY c.published_at, c.copy_order, c.url) AS position,
           c.source, c.url, c.published_at, {hours} AS hours_after_first, c.joined_by, c.similarity,
           count(*) OVER story AS copies
    FROM copies c
    JOIN stories st ON st.id = c.story_id
    WINDOW story AS (PARTITION BY c.story_id)
    ORDER BY c.story_id, position"""


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect not in _HOURS_AFTER_FIRST:
        raise NotImplementedError(f"newsbot's views support SQLite and PostgreSQL, not {dialect}")

    # Plain ADD COLUMN and CREATE INDEX: no rebuild of articles, so its views and search triggers stay as they are.
    op.add_column(
        "articles",
        sa.Column("url_key", sa.String(2048), nullable=True, comment="newsbot.urls.url_key(canonical_url)"),
    )
    _fill_url_keys()
    op.create_index("uq_articles_url_key", "articles", ["url_key"], unique=True)

    # duplicates has no view or trigger yet: SQLite may rebuild it to add the foreign key.
    with op.batch_alter_table("duplicates") as batch:
        batch.add_column(
            sa.Column(
                "source_id",
                sa.Integer(),
                sa.ForeignKey("sources.id", name="fk_duplicates_source_id"),
                nullable=True,
                comment="the site that ran the copy",
            )
        )
        batch.add_column(
            sa.Column(
                "published_at",
                sa.DateTime(timezone=True),
                nullable=True,
                comment="publication time the copy's page gives",
            )
        )

    op.create_table(
        "stories",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("headline", sa.Text(), nullable=False, comment="headline of the article that started the story"),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("member_count", sa.Integer(), nullable=False, comment="articles in story_members"),
    )
    op.create_table(
        "story_members",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("story_id", sa.Integer(), sa.ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("source_id", sa.Integer(), sa.ForeignKey("sources.id"), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "similarity",
            sa.Float(),
            nullable=True,
            comment="estimated Jaccard similarity with matched_article_id; NULL for the article that started it",
        ),
        sa.Column("matched_article_id", sa.Integer(), sa.ForeignKey("articles.id", ondelete="SET NULL"), nullable=True),
        sa.UniqueConstraint("article_id", name="uq_story_members_article"),
        sqlite_autoincrement=True,  # crawlers read new members by id: SQLite must never reuse one
    )
    op.create_index("ix_story_members_story", "story_members", ["story_id"])
    op.create_table(
        "story_signatures",
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column(
            "scheme",
            sa.String(100),
            nullable=False,
            comment="newsbot.stories.SCHEME the fingerprint was made with",
        ),
        sa.Column("minhash", sa.LargeBinary(), nullable=True, comment="MinHash signature, uint32 little-endian"),
        sa.Column("sentences", sa.LargeBinary(), nullable=False, comment="64-bit keys of the article's sentences"),
    )
    lock = op.create_table(
        "story_lock",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("held_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.bulk_insert(lock, [{"id": 1, "held_at": None}])
    op.execute(f"CREATE VIEW story_timeline AS {_STORY_TIMELINE.format(hours=_HOURS_AFTER_FIRST[dialect])}")


def _fill_url_keys() -> None:
    """Key every stored article, oldest first; a row whose key is taken already keeps NULL."""
    bind = op.get_bind()
    taken: set[str] = set()
    keyed = []
    for article_id, canonical_url in bind.execute(sa.text("SELECT id, canonical_url FROM articles ORDER BY id")):
        key = url_key(canonical_url)
        if key not in taken:
            taken.add(key)
            keyed.append({"id": article_id, "key": key})
    if keyed:
        bind.execute(sa.text("UPDATE articles SET url_key = :key WHERE id = :id"), keyed)


def downgrade() -> None:
    op.execute("DROP VIEW story_timeline")
    op.drop_table("story_lock")
    op.drop_table("story_signatures")
    op.drop_index("ix_story_members_story", table_name="story_members")
    op.drop_table("story_members")
    op.drop_table("stories")
    with op.batch_alter_table("duplicates") as batch:
        batch.drop_column("published_at")
        batch.drop_column("source_id")
    op.drop_index("uq_articles_url_key", table_name="articles")
    # DROP COLUMN in place (SQLite 3.35+): a batch table rebuild would break the views that read articles.
    op.execute("ALTER TABLE articles DROP COLUMN url_key")
