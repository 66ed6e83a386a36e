"""Variety pages (PMC's WordPress "Larva" theme and the 2018-2020 theme before it) -> Article.

Newer pages carry a ``NewsArticle`` JSON-LD, ``h1#section-heading``, ``.article-excerpt`` and the body in
``div.a-content`` (``p.paragraph``, ``div.post-content-image`` figures, ``div.injected-related-story`` cards).
Older ones have no article JSON-LD: the ``swiftype:*`` meta tags, ``meta[name=author]`` and the body in
``div.pmc-paywall`` tell the same things. Fields the markup does not settle come from ``generic``.
"""

from __future__ import annotations

import re

from newsbot.items import Article, Author
from newsbot.parsers import generic
from newsbot.parsers.body import element_text, http_url
from newsbot.parsers.errors import ParseError

SITE = "variety"
DOMAIN = "variety.com"

HEADLINE_SELECTORS = ("h1#section-heading", "h1.article-title", "h1.c-title")
HEADLINE_TRIED = ("JSON-LD headline", *HEADLINE_SELECTORS, "swiftype:title", "og:title")
DECK_SELECTORS = (".article-excerpt", "h2#section-sub-heading", ".c-dek")
BYLINE_AUTHORS = (".a-article-grid__author a", ".author a[rel~='author']", ".c-byline__author a")
PUBLISHED_META = ("swiftype:published_at",)
TAGS_META = ("swiftype:topics",)
FEATURED_IMAGE = ".featured-image .c-lazy-image__img, .featured-image img"
# Body: the Larva content block, else the paywall wrapper older pages put the paragraphs in.
BODY_CONTAINERS = ("div.a-content", "div.pmc-paywall", ".pmc-not-a-paywall")
BODY_DROP = (
    ".injected-related-story, .trending-in-article, .recirculation-modules, #piano-paywall, .pmc-related-link, "
    ".article-tags, .c-newsletter, .ad, .admz, .pmc-adm-goog-pub-div"
)
# "Read more" lines and the sign-off that PMC appends to bodies look like paragraphs.
BOILERPLATE = re.compile(r"^(?:read more:|related:|sign up for variety|more from variety|most popular)", re.I)
GALLERY_PATH = re.compile(r"/(?:gallery|lists)/")


def parse(url: str, html: str) -> Article:
    """Extract one Variety page; raise ParseError naming the field when it cannot."""
    return generic.guarded(url, lambda: _parse(url, html))


def _parse(url: str, html: str) -> Article:
    """Do the work of parse() for input that may raise anything."""
    page = generic.read_page(url, html)
    headline = _headline(page)
    if not headline:
        raise ParseError(url, "headline", "no headline", HEADLINE_TRIED)
    found = generic.container(page, BODY_CONTAINERS)
    body = generic.walk(found, generic.base_url(page), BODY_DROP, BOILERPLATE) if found is not None else None
    if body is None or not body.blocks:
        raise ParseError(url, "body_text", "no body text", BODY_CONTAINERS)
    return Article(
        url=url,
        canonical_url=generic.canonical_url(page, DOMAIN),
        site=SITE,
        headline=headline,
        body_text="\n\n".join(body.blocks),
        deck=page.first_text(DECK_SELECTORS) or generic.deck(page),
        authors=_authors(page),
        published_at=generic.published_at(page, page.metas(*PUBLISHED_META)),
        updated_at=generic.updated_at(page),
        body_html=body.html,
        lead_image=generic.lead_image(page) or _lead_image(page) or generic.lead_image(page, body),
        tags=generic.tags(page) or generic.unique_texts(t for v in page.metas(*TAGS_META) for t in v.split(",")),
        embeds=body.embeds,
        links=body.links,
        comment_count=generic.comment_count(page),  # Variety shows no comments: None unless JSON-LD has a count
        language=generic.language(page),
        kind=_kind(page),
    )


def _headline(page: generic.Page) -> str | None:
    """JSON-LD headline -> h1#section-heading / h1.article-title -> swiftype:title -> generic."""
    candidates = [page.ld_text("headline"), page.first_text(HEADLINE_SELECTORS), page.meta_text("swiftype:title")]
    return next((c for c in candidates if c), None) or generic.headline(page)


def _authors(page: generic.Page) -> list[Author]:
    """Byline links (with profile urls) -> JSON-LD / meta author, normalised."""
    for css in BYLINE_AUTHORS:
        links = generic.select(css)(page.doc)
        found = [
            Author(name, http_url(page.url, a.get("href")))
            for a in links
            for name in generic.author_names(element_text(a))
        ]
        if found:
            return generic.unique_authors(found)
    return generic.authors(page)


def _lead_image(page: generic.Page) -> str | None:
    """The featured image (lazy ``data-lazy-src`` first): older pages name no og:image."""
    for img in generic.select(FEATURED_IMAGE)(page.doc):
        for attr in ("data-lazy-src", "src"):
            if url := http_url(page.url, img.get(attr)):
                return url
    return None


def _kind(page: generic.Page) -> str:
    """Gallery and list urls are galleries; otherwise what the JSON-LD says."""
    if GALLERY_PATH.search(page.url):
        return "gallery"
    return generic.kind(page)
