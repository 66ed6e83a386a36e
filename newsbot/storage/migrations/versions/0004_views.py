"""Views for the common questions, with the same names and columns on SQLite and PostgreSQL.

Only date arithmetic differs between the two: ``day`` is a date on PostgreSQL and ``YYYY-MM-DD`` text on SQLite
(which has no date type); times are timestamptz on PostgreSQL and UTC text on SQLite. Each view orders its rows
the way its name suggests.

Revision ID: 0004
Revises: 0003
Create Date: 2025-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# The day an article counts for: when it was published, else (no date on the page) when newsbot first saw it.
_DAY = {
    "sqlite": "date(coalesce(a.published_at, a.first_seen_at))",
    "postgresql": "(coalesce(a.published_at, a.first_seen_at) AT TIME ZONE 'UTC')::date",
}
_HOURS_BETWEEN = {
    "sqlite": "((julianday(l.observed_at) - julianday(f.observed_at)) * 24.0)",
    "postgresql": "(extract(epoch FROM l.observed_at - f.observed_at) / 3600.0)",
}

_VIEWS = {
    "articles_per_day": """
        SELECT {day} AS day, s.name AS source, count(*) AS articles
        FROM articles a JOIN sources s ON s.id = a.source_id
        GROUP BY {day}, s.name
        ORDER BY day, source""",
    # The latest snapshot that showed a count: a visit where the page showed none does not reset it.
    "most_commented": """
        SELECT a.id AS article_id, a.headline, s.name AS source, c.count AS comment_count, c.observed_at
        FROM (
            SELECT article_id, count, observed_at,
                   row_number() OVER (PARTITION BY article_id ORDER BY observed_at DESC, id DESC) AS n
            FROM comment_snapshots WHERE count IS NOT NULL
        ) c
        JOIN articles a ON a.id = c.article_id JOIN sources s ON s.id = a.source_id
        WHERE c.n = 1
        ORDER BY comment_count DESC, article_id""",
    # change_per_hour is NULL until two snapshots with a count lie apart in time.
    "comment_growth": """
        WITH counted AS (
            SELECT article_id, count, observed_at,
                   row_number() OVER (PARTITION BY article_id ORDER BY observed_at, id) AS first_n,
                   row_number() OVER (PARTITION BY article_id ORDER BY observed_at DESC, id DESC) AS last_n
            FROM comment_snapshots WHERE count IS NOT NULL
        )
        SELECT a.id AS article_id, a.headline,
               f.count AS first_count, l.count AS latest_count,
               f.observed_at AS first_observed_at, l.observed_at AS latest_observed_at,
               CASE WHEN l.observed_at > f.observed_at
                    THEN CAST((l.count - f.count) / {hours} AS {real}) END AS change_per_hour
        FROM counted f
        JOIN counted l ON l.article_id = f.article_id AND l.last_n = 1
        JOIN articles a ON a.id = f.article_id
        WHERE f.first_n = 1
        ORDER BY change_per_hour DESC NULLS LAST, article_id""",
    "embed_providers": """
        SELECT s.name AS source, e.provider, count(*) AS embeds, count(DISTINCT e.article_id) AS articles
        FROM embeds e JOIN articles a ON a.id = e.article_id JOIN sources s ON s.id = a.source_id
        GROUP BY s.name, e.provider
        ORDER BY embeds DESC, source, provider""",
    "author_output": """
        SELECT au.id AS author_id, au.name, s.name AS source, count(DISTINCT a.id) AS articles,
               min(a.published_at) AS first_published_at, max(a.published_at) AS latest_published_at
        FROM authors au
        JOIN article_authors aa ON aa.author_id = au.id
        JOIN articles a ON a.id = aa.article_id
        JOIN sources s ON s.id = a.source_id
        GROUP BY au.id, au.name, s.name
        ORDER BY articles DESC, author_id, source""",
}


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect not in _DAY:
        raise NotImplementedError(f"newsbot's views support SQLite and PostgreSQL, not {dialect}")
    real = "REAL" if dialect == "sqlite" else "double precision"
    for name, query in _VIEWS.items():
        body = query.format(day=_DAY[dialect], hours=_HOURS_BETWEEN[dialect], real=real)
        op.execute(f"CREATE VIEW {name} AS {body}")


def downgrade() -> None:
    for name in reversed(_VIEWS):
        op.execute(f"DROP VIEW {name}")
