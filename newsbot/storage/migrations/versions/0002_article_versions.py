"""article_versions: the headline and text an article had before a change replaced them.

Revision ID: 0002
Revises: 0001
Create Date: 2025-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_versions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("headline", sa.Text(), nullable=False),
        sa.Column("deck", sa.Text(), nullable=True),
        sa.Column("body_text", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column(
            "page_modified_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="updated_at (dateModified) the page gave for this version",
        ),
        sa.Column("replaced_at", sa.DateTime(timezone=True), nullable=False, comment="when a newer version was seen"),
    )
    op.create_index("ix_article_versions_article_replaced", "article_versions", ["article_id", "replaced_at"])


def downgrade() -> None:
    op.drop_table("article_versions")
