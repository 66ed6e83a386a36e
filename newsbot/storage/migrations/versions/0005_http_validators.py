"""articles.etag and articles.last_modified: the validators a revisit sends back for a conditional request.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no table rebuild), so the views and search triggers on articles stay as they are.
    op.add_column(
        "articles",
        sa.Column("etag", sa.String(300), nullable=True, comment="the page's last ETag, sent back as If-None-Match"),
    )
    op.add_column(
        "articles",
        sa.Column(
            "last_modified",
            sa.String(100),
            nullable=True,
            comment="the page's last Last-Modified header, sent back as If-Modified-Since",
        ),
    )


def downgrade() -> None:
    # DROP COLUMN in place (SQLite 3.35+): a batch table rebuild would break the views that read articles.
    op.execute("ALTER TABLE articles DROP COLUMN last_modified")
    op.execute("ALTER TABLE articles DROP COLUMN etag")
