"""An index on articles.url: revisits look articles up by the url they fetched.

Without it, saving a page's validators (``newsbot.storage.visits``) and recording a 304 scanned the whole table
once per page, so a crawl slowed down as the database grew (soak benchmark: 55 pages/s at the start, 22 at
10,000 articles).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_articles_url", "articles", ["url"])


def downgrade() -> None:
    op.drop_index("ix_articles_url", table_name="articles")
