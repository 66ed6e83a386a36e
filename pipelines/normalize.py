"""Put articles in the form the database keeps: UTC times, clean white space, sanitised HTML, tidy lists."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import nh3

from newsbot.items import Article, Author
from newsbot.urls import clean_url

_SPACE = re.compile(r"\s+")
# A Python str holds code points, so any surrogate in one is unpaired.
_SURROGATE = re.compile("[\ud800-\udfff]")


class NormalizePipeline:
    """Return a normalised copy of each article; other items pass untouched."""

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if isinstance(item, Article):
            return normalize_article(item)
        return item


def valid_text(text: str) -> str:
    """``text`` with lone surrogates (from broken escapes) as U+FFFD and NUL characters removed.

    No database or sanitiser accepts a lone surrogate, and PostgreSQL text cannot hold NUL.
    """
    return _SURROGATE.sub("\ufffd", text).replace("\x00", "")


def clean_space(text: str) -> str:
    """Runs of white space (incl. non-breaking spaces) as one space, trimmed."""
    return _SPACE.sub(" ", valid_text(text).replace("\xa0", " ")).strip()


def to_utc(value: datetime | None) -> datetime | None:
    """The same instant in UTC."""
    return value.astimezone(UTC) if value is not None else None


def _unique(values: list[str]) -> list[str]:
    seen: set[str] = set()
    result = []
    for value in values:
        value = clean_space(value)
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            result.append(value)
    return result


def normalize_article(article: Article) -> Article:
    """A copy of ``article`` ready for storage."""
    authors: list[Author] = []
    for author in article.authors:
        name = clean_space(author.name)
        if name and all(name != a.name for a in authors):
            authors.append(Author(name=name, url=author.url or None))
    paragraphs = [clean_space(p) for p in article.body_text.split("\n\n")]  # clean_space also mends surrogates
    return replace(
        article,
        canonical_url=clean_url(article.canonical_url),
        headline=clean_space(article.headline),
        deck=clean_space(article.deck) or None if article.deck else None,
        authors=authors,
        published_at=to_utc(article.published_at),
        updated_at=to_utc(article.updated_at),
        body_text="\n\n".join(p for p in paragraphs if p),
        # The parser sanitises already; cleaning again here means nothing unsanitised reaches the database.
        body_html=nh3.clean(valid_text(article.body_html)),
        tags=_unique(article.tags),
        language=article.language.lower() if article.language else None,
    )
