"""SQLAlchemy 2 models: the schema analysts query (documented table by table in the README).

The database itself is made by the Alembic scripts in ``migrations/``; a test fails when the two disagree.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware datetimes stored as UTC; SQLite gives naive values back, so they are re-tagged as UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: newsbot stores timezone-aware times only")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON}


class Source(Base):
    """A site newsbot crawls (one row per parser/spider name, e.g. ``gamespot``)."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    articles: Mapped[list[Article]] = relationship(back_populates="source")


class Article(Base):
    """One row per canonical url: the latest version of the page."""

    __tablename__ = "articles"
    __table_args__ = (
        UniqueConstraint("canonical_url", name="uq_articles_canonical_url"),
        Index("ix_articles_content_hash", "content_hash"),
        Index("ix_articles_url", "url"),  # revisits find their article by the url they fetched
        Index("ix_articles_source_published", "source_id", "published_at"),
        # An index rather than a constraint: SQLite adds it without rebuilding the table (views depend on it).
        Index("uq_articles_url_key", "url_key", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    url: Mapped[str] = mapped_column(Text)
    canonical_url: Mapped[str] = mapped_column(String(2048))
    # Set by the story pipeline right after the row is stored (and for older rows at spider open); NULL while a
    # row of another form of the same url holds the key.
    url_key: Mapped[str | None] = mapped_column(String(2048), comment="newsbot.urls.url_key(canonical_url)")
    kind: Mapped[str] = mapped_column(String(20), default="article")
    headline: Mapped[str] = mapped_column(Text)
    deck: Mapped[str | None] = mapped_column(Text)
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime | None]
    updated_at: Mapped[datetime | None]
    language: Mapped[str | None] = mapped_column(String(20))
    word_count: Mapped[int] = mapped_column(Integer)
    lead_image: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    comment_count: Mapped[int | None] = mapped_column(comment="latest count seen; history in comment_snapshots")
    etag: Mapped[str | None] = mapped_column(String(300), comment="the page's last ETag, sent back as If-None-Match")
    last_modified: Mapped[str | None] = mapped_column(
        String(100), comment="the page's last Last-Modified header, sent back as If-Modified-Since"
    )
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)

    source: Mapped[Source] = relationship(back_populates="articles")


class ArticleVersion(Base):
    """The headline and text an article had before a change replaced them (one row per change)."""

    __tablename__ = "article_versions"
    __table_args__ = (Index("ix_article_versions_article_replaced", "article_id", "replaced_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    headline: Mapped[str] = mapped_column(Text)
    deck: Mapped[str | None] = mapped_column(Text)
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    page_modified_at: Mapped[datetime | None] = mapped_column(
        comment="updated_at (dateModified) the page gave for this version"
    )
    replaced_at: Mapped[datetime] = mapped_column(default=utcnow, comment="when a newer version was seen")


class Author(Base):
    """A byline name; the profile url tells apart two people of one name."""

    __tablename__ = "authors"
    __table_args__ = (UniqueConstraint("name", "url", name="uq_authors_name_url"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    # '' rather than NULL when the page links no profile, so the unique constraint holds on every database.
    url: Mapped[str] = mapped_column(String(2048), default="")


class ArticleAuthor(Base):
    __tablename__ = "article_authors"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"), primary_key=True)
    position: Mapped[int] = mapped_column(default=0)


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)


class ArticleTag(Base):
    __tablename__ = "article_tags"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id"), primary_key=True)


class Embed(Base):
    """Rich content in an article body; position = text blocks before it."""

    __tablename__ = "embeds"
    __table_args__ = (Index("ix_embeds_article", "article_id"), Index("ix_embeds_provider", "provider"))

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    provider: Mapped[str] = mapped_column(String(50))
    kind: Mapped[str] = mapped_column(String(50))
    url: Mapped[str] = mapped_column(Text)
    external_id: Mapped[str | None] = mapped_column(String(200))
    author_handle: Mapped[str | None] = mapped_column(String(200))
    caption: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int]


class Link(Base):
    """An outbound link in an article body."""

    __tablename__ = "links"
    __table_args__ = (Index("ix_links_article", "article_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    position: Mapped[int]


class CommentSnapshot(Base):
    """One row per visit: the comment count seen then (NULL when the page showed none)."""

    __tablename__ = "comment_snapshots"
    __table_args__ = (Index("ix_comment_snapshots_article_time", "article_id", "observed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    observed_at: Mapped[datetime] = mapped_column(default=utcnow)
    count: Mapped[int | None]
    crawl_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))


class Duplicate(Base):
    """A url whose body text is the same as an article stored under another url."""

    __tablename__ = "duplicates"
    __table_args__ = (
        UniqueConstraint("canonical_url", name="uq_duplicates_canonical_url"),
        Index("ix_duplicates_url", "url"),  # the incremental middleware looks pages up by url
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    canonical_url: Mapped[str] = mapped_column(String(2048))
    url: Mapped[str] = mapped_column(Text)
    duplicate_of: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    content_hash: Mapped[str] = mapped_column(String(64))
    source_id: Mapped[int | None] = mapped_column(
        ForeignKey("sources.id", name="fk_duplicates_source_id"), comment="the site that ran the copy"
    )
    published_at: Mapped[datetime | None] = mapped_column(comment="publication time the copy's page gives")
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class CrawlRun(Base):
    """One spider run: when, how it ended and what it did."""

    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    spider: Mapped[str] = mapped_column(String(100))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    finish_reason: Mapped[str | None] = mapped_column(String(100))
    pages_fetched: Mapped[int] = mapped_column(default=0)
    items_stored: Mapped[int] = mapped_column(default=0, comment="articles inserted or changed")
    items_unchanged: Mapped[int] = mapped_column(default=0)
    items_dropped: Mapped[int] = mapped_column(default=0)
    duplicates: Mapped[int] = mapped_column(default=0)
    failures: Mapped[int] = mapped_column(default=0)
    stats: Mapped[dict[str, Any] | None]


class Failure(Base):
    """A page that did not become an article, with the stage that refused it and why."""

    __tablename__ = "failures"
    __table_args__ = (Index("ix_failures_url", "url"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    crawl_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    url: Mapped[str] = mapped_column(Text)
    stage: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Story(Base):
    """Articles that are one text run again: syndicated copies and light rewrites, across sites."""

    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(primary_key=True)
    headline: Mapped[str] = mapped_column(Text, comment="headline of the article that started the story")
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    member_count: Mapped[int] = mapped_column(default=1, comment="articles in story_members")


class StoryMember(Base):
    """An article's place in its story: every stored article has exactly one."""

    __tablename__ = "story_members"
    __table_args__ = (
        UniqueConstraint("article_id", name="uq_story_members_article"),
        Index("ix_story_members_story", "story_id"),
        # Never reuse an id (SQLite would, after deleting the last row): crawlers read new members by id.
        {"sqlite_autoincrement": True},
    )

    # Ids grow in the order articles joined, under the story lock.
    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"))
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)
    similarity: Mapped[float | None] = mapped_column(
        Float, comment="estimated Jaccard similarity with matched_article_id; NULL for the article that started it"
    )
    matched_article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))


class StorySignature(Base):
    """The fingerprint an article was indexed with (``newsbot.stories.fingerprint``), reloaded at spider open."""

    __tablename__ = "story_signatures"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    scheme: Mapped[str] = mapped_column(String(100), comment="newsbot.stories.SCHEME the fingerprint was made with")
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary, comment="MinHash signature, uint32 little-endian")
    sentences: Mapped[bytes] = mapped_column(LargeBinary, comment="64-bit keys of the article's sentences")


class StoryBand(Base):
    """An LSH band of a story member's fingerprint: the index every crawler shares (``newsbot.stories.index``)."""

    __tablename__ = "story_bands"
    __table_args__ = (Index("ix_story_bands_article", "article_id"),)

    band_key: Mapped[int] = mapped_column(
        BigInteger, primary_key=True, autoincrement=False, comment="a band's rows folded into 32 bits"
    )
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)


class StorySentence(Base):
    """A sentence some article of a site ran (64-bit key of site and words): a second use marks template text."""

    __tablename__ = "story_sentences"

    sentence_key: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)


class StoryLock(Base):
    """One row that story assignment updates first: crawlers decide stories one at a time."""

    __tablename__ = "story_lock"

    id: Mapped[int] = mapped_column(primary_key=True)
    held_at: Mapped[datetime | None]
