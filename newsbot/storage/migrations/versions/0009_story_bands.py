"""story_bands and story_sentences: the story index lives in the database, shared by every crawler.

Each crawler had loaded every story member of the window into memory at spider open (about 1.1 KB each: 220 MB
at 200,000 articles, in every worker). Now a batch of articles reads the band rows its fingerprints fall in and
the sentence keys its texts hold. Members stored before get their rows when the next crawl opens
(``pipelines/stories.py``), not here: band keys depend on code that may change, a migration must not.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "story_bands",
        sa.Column("band_key", sa.BigInteger(), nullable=False, comment="a band's rows folded into 32 bits"),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("band_key", "article_id"),
    )
    op.create_index("ix_story_bands_article", "story_bands", ["article_id"])
    op.create_table(
        "story_sentences",
        sa.Column("sentence_key", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("sentence_key"),
    )


def downgrade() -> None:
    op.drop_table("story_sentences")
    op.drop_index("ix_story_bands_article", table_name="story_bands")
    op.drop_table("story_bands")
