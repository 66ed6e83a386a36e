"""Refuse items that would make a half-empty row; turn spider-reported failures into drops with a reason."""

from __future__ import annotations

from typing import Any

from newsbot.pipelines.drops import Rejected
from scrapy.crawler import Crawler
from w3lib.url import is_url

from newsbot.items import Article, PageFailure

#: Body text shorter than this is a teaser or a broken page, not an article.
MIN_BODY_CHARS = 80


class ValidatePipeline:
    """Pass complete articles on; drop everything else with the field that is wrong."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler)

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if isinstance(item, PageFailure):
            raise Rejected(item.url, item.stage, item.reason)
        if not isinstance(item, Article):
            return item
        problem = article_problem(item)
        if problem:
            self.stats.inc_value("newsbot/invalid")
            raise Rejected(item.url, "validate", problem)
        return item


def article_problem(article: Article) -> str | None:
    """What makes ``article`` unfit to store, or None when it is fine."""
    if not is_url(article.url) or not article.url.startswith(("http://", "https://")):
        return f"url {article.url!r} is not an http(s) url"
    if not article.canonical_url.startswith(("http://", "https://")):
        return f"canonical_url {article.canonical_url!r} is not an http(s) url"
    if not article.site:
        return "no site name"
    if not article.headline.strip():
        return "empty headline"
    if len(article.body_text.strip()) < MIN_BODY_CHARS:
        return f"body text has {len(article.body_text.strip())} characters, fewer than {MIN_BODY_CHARS}"
    for name in ("published_at", "updated_at"):
        value = getattr(article, name)
        if value is not None and value.tzinfo is None:
            return f"{name} {value.isoformat()} has no time zone"
    if article.comment_count is not None and article.comment_count < 0:
        return f"comment_count {article.comment_count} is negative"
    return None
