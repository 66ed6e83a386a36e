"""Items handed from spiders to pipelines: plain dataclasses (itemadapter and feed exports understand them).

Field meanings are the contract between parsers, pipelines, storage and analysts:

- ``Article.published_at`` / ``updated_at`` are timezone-aware datetimes as the page wrote them; the normalise
  pipeline converts them to UTC before storage.
- ``Article.body_text`` is the article's text blocks (paragraphs, headings, list items) joined by one blank line.
- ``Embed.position`` is the number of text blocks of ``body_text`` that come before the embed (0 = before the first).
- ``Article.comment_count`` is ``None`` when the page shows no count: never a made-up 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Author:
    """A byline entry: display name and profile url when the page links one."""

    name: str
    url: str | None = None


@dataclass
class Embed:
    """Third-party or site-native rich content placed in an article body."""

    provider: str  # instagram, twitter, youtube, vimeo, tiktok, gamespot, jwplayer, ...
    kind: str  # post, tweet, video, gallery, image, ...
    url: str
    external_id: str | None = None
    author_handle: str | None = None
    caption: str | None = None
    position: int = 0


@dataclass
class Link:
    """An outbound link found in the article body, with its anchor text."""

    url: str
    text: str


@dataclass
class Article:
    """One parsed article page."""

    url: str
    canonical_url: str
    site: str
    headline: str
    body_text: str
    deck: str | None = None
    authors: list[Author] = field(default_factory=list)
    published_at: datetime | None = None
    updated_at: datetime | None = None
    body_html: str = ""
    lead_image: str | None = None
    tags: list[str] = field(default_factory=list)
    embeds: list[Embed] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    comment_count: int | None = None
    language: str | None = None
    kind: str = "article"  # article, review, gallery, video


@dataclass
class PageFailure:
    """A page that could not become an Article; pipelines turn it into a ``failures`` row."""

    url: str
    stage: str  # fetch, parse
    reason: str


@dataclass
class PageVisit:
    """A fetch of an article page: its HTTP validators, or a 304 that says the page is as it was.

    Not an item: the spider hands it to the visit recorder (``newsbot.extensions.visits``), not to the pipelines.
    """

    url: str
    site: str
    status: int  # 200, or 304 Not Modified
    etag: str | None = None
    last_modified: str | None = None
