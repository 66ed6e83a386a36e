"""An index on duplicates.url: the incremental middleware looks the pages a listing names up by url, per batch.

It had loaded every known page of the site at spider open (about 490 bytes each: 93 MiB at 200,000 pages); now
each batch of discovered urls is one indexed query on ``articles.url`` and one on ``duplicates.url``.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_duplicates_url", "duplicates", ["url"])


def downgrade() -> None:
    op.drop_index("ix_duplicates_url", table_name="duplicates")
