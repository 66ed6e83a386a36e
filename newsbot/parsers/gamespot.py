"""GameSpot pages (articles, reviews, galleries, videos) -> Article, on the shared page model (``site.py``).

Two layout generations (``../shared/reference/gamespot.md`` section 1): the 2016-2025 platform ("Era B":
``h1.news-title``, ``.news-byline``, ``.js-content-entity-body`` with ``data-embed-type`` blocks) and the WordPress
site ("Era C": JSON-LD ``@graph``, ``article h1``, ``div.article-body`` beside a right rail). What the markup cannot
say in selectors: the kind from the url's typed id, the comment count from the sentence under the article, inline
buylinks whose words stay without their affiliate link, and ``data-embed-type`` blocks that are media, not text.
"""

from __future__ import annotations

import re
from decimal import Decimal
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

from newsbot.items import Article
from newsbot.parsers import generic
from newsbot.parsers.body import Body, element_text, raw_text
from newsbot.parsers.site import GENERIC, Layout, SiteParser, tables_as_rows

# Site chrome and embed leftovers that look like paragraphs; matched by text because their markup is unknown.
BOILERPLATE = re.compile(
    r"(?:GameSpot may (?:receive revenue from affiliate|get a commission from retail offers)"
    r"|Got a news tip or want to contact us directly|Join the conversation|Did you enjoy this article"
    r"|There (?:are|is) (?:no|\d[\d,]*(?:(?:\.\d+)?\s?[km])?) comments? about this"
    r"|View this (?:post|photo|video) on Instagram|A (?:post|photo|video) shared by )",
    re.I,
)
# Ads, commerce boxes, related-link boxes, tables of contents and the WordPress right rail. An imageGallery block
# is a gallery shown in the article (reference 7.7): it stays and becomes an embed.
BODY_DROP = (
    ".js-mapped-ad, .mapped-ad, [data-embed-type='buylink']:not(span), [data-embed-type='pinbox'], "
    "[data-embed-type='toc'], aside.right-rail, .image-gallery__list-item-aside"
)
GALLERY = "section.image-gallery"
PUBLISHED = (
    "ld:datePublished", ".news-byline time[datetime] @datetime", "time[pubtime][datetime] @datetime",
    "meta:article:published_time", "meta:pub_date",
)  # fmt: skip

ERA_B = Layout(
    name="era-b",
    valid="2016-2025",
    marker="section.news-hdr, h1.news-title, h1.kubrick-info__title, .news-byline, .js-content-entity-body",
    headline=("ld:headline", "h1.news-title", "h1.kubrick-info__title", "meta:og:title", "article h1"),
    deck=(".news-deck",),  # the descriptions of these pages summarise the body: no deck rather than a summary
    authors=(".news-byline a.byline-author__name", "a.byline-author__name", "ld:author"),
    published=PUBLISHED,
    tags=(".horizontal-list__item-gap", ".news-related dd a", "ld:keywords", "meta:article:tag"),
    lead_image=(GENERIC, "#kubrick-lead @style", "#js-kubrick-lead @style"),
    body=(".js-content-entity-body", "section.article-body > div", ".article-body", GALLERY),
    drop=BODY_DROP,
    boilerplate=BOILERPLATE,
)
ERA_C = ERA_B.but(
    name="era-c-wordpress",
    valid="2025-",
    marker="",
    headline=("ld:headline", "meta:og:title", "article h1"),
    deck=(".news-deck", "ld:description", "meta:og:description", "meta:description"),
)

INLINE_BUYLINK = "span[data-embed-type='buylink']"  # part of a sentence: keep the words, drop the affiliate link
TEXT_EMBED_TYPES = ("breakoutBox",)  # data-embed-type blocks that hold editorial text (e.g. content warnings)
COMMENT_COUNTERS = "a[href$='#comments'], [class*='comment-count'], [class*='comments-count']"
# "about this" keeps article sentences such as "there are no comments from Nintendo" out of the count.
# A count is "no", "1,234" or an abbreviation ("1.2k", "3M"), which is read as the number it stands for (1200).
COUNT = r"(no|\d[\d,]*(?:(?:\.\d+)?\s?[km])?)"
COUNT_SCALE = {"k": 1000, "m": 1_000_000}
COMMENT_SENTENCE = re.compile(rf"there (?:are|is) {COUNT} comments?\s*about this", re.I)
COMMENT_LABEL = re.compile(rf"{COUNT} comments?", re.I)
_COMMENT_WORD = etree.XPath(
    "//*[not(self::script or self::style)][text()[contains(translate(., 'C', 'c'), 'comment')]]"
)
TYPED_ID = re.compile(r"/(\d{4})-(\d+)/?$")
KIND_BY_TYPE = {"1100": "article", "1900": "review", "2900": "gallery", "2300": "video"}
REVIEW_SCORE = ".review-ring-score__score"


class GameSpot(SiteParser):
    """GameSpot's two layout generations, and what its markup says beyond selectors."""

    site = "gamespot"
    domain = "gamespot.com"
    layouts = (ERA_B, ERA_C)

    def prepare_body(self, root: HtmlElement) -> None:
        """Inline buylinks keep their words without the affiliate link; tables become one block per row."""
        for a in [a for span in generic.select(INLINE_BUYLINK)(root) for a in span.iter("a")]:
            a.drop_tag()
        tables_as_rows(root)

    def unreadable(self, el: HtmlElement) -> bool:
        """A media block we could not identify (no article text in it either)."""
        kind = el.get("data-embed-type")
        return (kind is not None and kind not in TEXT_EMBED_TYPES) or "article-related-video" in (el.get("class") or "")

    def kind(self, page: generic.Page, body: Body, canonical: str) -> str:
        """Typed id of the url (1100/1900/2900/2300) -> og:type video -> gallery/review markup -> "article"."""
        for url in (page.url, canonical):
            if (m := TYPED_ID.search(urlsplit(url).path)) and m[1] in KIND_BY_TYPE:
                return KIND_BY_TYPE[m[1]]
        if (page.meta_text("og:type") or "").startswith("video"):
            return "video"
        if generic.select(GALLERY)(page.doc):
            return "gallery"
        is_review = "Review" in generic.types_of(page.ld) or generic.select(REVIEW_SCORE)(page.doc)
        return "review" if is_review else "article"

    def comment_count(self, page: generic.Page) -> int | None:
        """Sentence "There are N comments" -> a "N comments" counter -> JSON-LD commentCount; None when absent."""
        # Only elements holding the word are read: the whole page's text would cost more than the rest of the parse.
        for el in _COMMENT_WORD(page.doc):
            if m := COMMENT_SENTENCE.search(raw_text(el)):
                return _count(m[1])
        for el in generic.select(COMMENT_COUNTERS)(page.doc):
            if m := COMMENT_LABEL.fullmatch(element_text(el)):
                return _count(m[1])
        value = page.ld.get("commentCount")
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        return int(value) if isinstance(value, str) and value.strip().isdigit() else None


def _count(text: str) -> int:
    """Turn "no" / "1,234" / "1.2k" into a number (0, 1234, 1200); Decimal keeps "1.1k" from becoming 1100.0000001."""
    text = text.lower().replace(",", "").replace(" ", "")
    if text == "no":
        return 0
    scale = COUNT_SCALE.get(text[-1], 1)
    return int(Decimal(text.rstrip("km")) * scale)


PARSER = GameSpot()


def parse(url: str, html: str) -> Article:
    """Extract one GameSpot page; raise ParseError (and nothing else) naming the field when it cannot."""
    return PARSER.parse(url, html)
