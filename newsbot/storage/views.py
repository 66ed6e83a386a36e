"""The analyst views (made by migration 0004) as SQLAlchemy tables, so Python reads them with proper types.

SQLite hands dates and times back as text; declaring the columns makes ``select(views.most_commented)`` return
``date`` and aware ``datetime`` values on both databases. These tables live in their own MetaData: ``create_all``
and autogenerate must never take them for tables.
"""

from __future__ import annotations

from sqlalchemy import Column, Date, Float, Integer, MetaData, String, Table, Text

from newsbot.storage.models import UTCDateTime

metadata = MetaData()

articles_per_day = Table(
    "articles_per_day",
    metadata,
    Column("day", Date),
    Column("source", String),
    Column("articles", Integer),
)

most_commented = Table(
    "most_commented",
    metadata,
    Column("article_id", Integer),
    Column("headline", Text),
    Column("source", String),
    Column("comment_count", Integer),
    Column("observed_at", UTCDateTime),
)

comment_growth = Table(
    "comment_growth",
    metadata,
    Column("article_id", Integer),
    Column("headline", Text),
    Column("first_count", Integer),
    Column("latest_count", Integer),
    Column("first_observed_at", UTCDateTime),
    Column("latest_observed_at", UTCDateTime),
    Column("change_per_hour", Float),
)

embed_providers = Table(
    "embed_providers",
    metadata,
    Column("source", String),
    Column("provider", String),
    Column("embeds", Integer),
    Column("articles", Integer),
)

author_output = Table(
    "author_output",
    metadata,
    Column("author_id", Integer),
    Column("name", String),
    Column("source", String),
    Column("articles", Integer),
    Column("first_published_at", UTCDateTime),
    Column("latest_published_at", UTCDateTime),
)

story_timeline = Table(
    "story_timeline",
    metadata,
    Column("story_id", Integer),
    Column("headline", Text),
    Column("position", Integer),
    Column("source", String),
    Column("url", Text),
    Column("published_at", UTCDateTime),
    Column("hours_after_first", Float),
    Column("joined_by", String),
    Column("similarity", Float),
    Column("copies", Integer),
)
