"""Collider pages (Valnet's platform, shared with Screen Rant, Game Rant, TheGamer and Polygon since 2025) -> Article.

Both layouts carry a ``NewsArticle``/``Review`` JSON-LD, ``.article-header`` (``h1.heading_title``, the excerpt)
and the body in ``section#article-body`` as ``.content-block-regular`` blocks. Embeds are placeholders
(``.w-youtube`` / ``.w-twitter`` / ``.w-instagram`` whose id is the remote id); the Instagram snippet sits in an
inline ``window.arrayOfEmbeds["<id>"] = {...}`` script, which is put into its placeholder before the body is read.
The 2021 layout has a ``.heading_author`` byline and reviews end with a "Rating:" paragraph; the 2024-2026 one has
``.w-article-header-comp`` with ``.w-author``.
"""

from __future__ import annotations

import json
import re

import lxml.html

from newsbot.items import Article, Author
from newsbot.parsers import generic
from newsbot.parsers.body import collapse, element_text, http_url
from newsbot.parsers.errors import ParseError

SITE = "collider"
DOMAIN = "collider.com"

HEADLINE_SELECTORS = (".article-header h1.heading_title", "h1.heading_title", ".article-header h1")
HEADLINE_TRIED = ("JSON-LD headline", *HEADLINE_SELECTORS, "og:title")
DECK_SELECTORS = (".article-header .heading_excerpt", ".article-header > p")
BYLINE_AUTHORS = (".w-article-header-comp .w-author a", ".article-header .heading_author a", ".w-author a")
HEADING_IMAGE = ".heading_image[data-img-url]"
TAG_SELECTORS = (".article-tags-name", ".article-tags a")
BODY_CONTAINERS = ("section#article-body",)
BODY_DROP = (
    "#article-waypoint, .display-card.article-card, .ad-zone-container, .ad-zone, .w-article-recirc, "
    ".next-article, .article-jumplink, .table-container-toc"
)
PLACEHOLDER = ".w-instagram[id]"
EMBED_SCRIPT = re.compile(r"window\.arrayOfEmbeds\[\s*['\"]([^'\"]+)['\"]\s*\]\s*=\s*")
OLD_REVIEW_RATING = re.compile(r"^Rating:\s*\S+")
# Related-article labels and the newsletter pitch read like paragraphs.
BOILERPLATE = re.compile(r"^(?:related:|related\b$|subscribe to our newsletter|click here to)", re.I)


def parse(url: str, html: str) -> Article:
    """Extract one Collider page; raise ParseError naming the field when it cannot."""
    return generic.guarded(url, lambda: _parse(url, html))


def _parse(url: str, html: str) -> Article:
    """Do the work of parse() for input that may raise anything."""
    page = generic.read_page(url, html)
    headline = page.ld_text("headline") or page.first_text(HEADLINE_SELECTORS) or generic.headline(page)
    if not headline:
        raise ParseError(url, "headline", "no headline", HEADLINE_TRIED)
    _fill_placeholders(page)
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
        published_at=generic.published_at(page),
        updated_at=generic.updated_at(page),
        body_html=body.html,
        lead_image=generic.lead_image(page) or _heading_image(page) or generic.lead_image(page, body),
        tags=_tags(page),
        embeds=body.embeds,
        links=body.links,
        comment_count=generic.comment_count(page),  # no count in Valnet's server HTML: None unless JSON-LD has one
        language=generic.language(page),
        kind=_kind(page, body.blocks),
    )


def _fill_placeholders(page: generic.Page) -> None:
    """Put each ``window.arrayOfEmbeds`` Instagram snippet into the ``.w-instagram`` placeholder it belongs to."""
    snippets = _embed_snippets(page.html)
    for placeholder in generic.select(PLACEHOLDER)(page.doc):
        snippet = snippets.get(placeholder.get("id", ""), {}).get("instagram")
        if isinstance(snippet, str) and snippet.strip():
            placeholder.append(lxml.html.fragment_fromstring(snippet, create_parent="div"))


def _embed_snippets(html: str) -> dict[str, dict]:
    """The objects assigned to ``window.arrayOfEmbeds["<id>"]`` in inline scripts, by id; unreadable ones skipped."""
    decoder, found = json.JSONDecoder(strict=False), {}
    for m in EMBED_SCRIPT.finditer(html):
        try:
            value, _ = decoder.raw_decode(html, m.end())
        except ValueError:
            continue
        if isinstance(value, dict):
            found[m[1]] = value
    return found


def _authors(page: generic.Page) -> list[Author]:
    """Byline links (.w-author, older .heading_author) -> JSON-LD author list, normalised."""
    for css in BYLINE_AUTHORS:
        found = [
            Author(name, http_url(page.url, a.get("href")))
            for a in generic.select(css)(page.doc)
            for name in generic.author_names(element_text(a))
        ]
        if found:
            return generic.unique_authors(found)
    return generic.authors(page)


def _heading_image(page: generic.Page) -> str | None:
    """The header image's ``data-img-url`` (older pages name no og:image)."""
    images = generic.select(HEADING_IMAGE)(page.doc)
    return next((u for el in images if (u := http_url(page.url, el.get("data-img-url")))), None)


def _tags(page: generic.Page) -> list[str]:
    """The tag links under the article -> JSON-LD keywords / articleSection."""
    for css in TAG_SELECTORS:
        if found := generic.unique_texts(element_text(el) for el in generic.select(css)(page.doc)):
            return found
    if found := generic.tags(page):
        return found
    section = page.ld.get("articleSection")
    return generic.unique_texts(s for s in section if isinstance(s, str)) if isinstance(section, list) else []


def _kind(page: generic.Page, blocks: list[str]) -> str:
    """An older review's closing "Rating:" paragraph, else what the JSON-LD says (Review -> "review")."""
    if any(OLD_REVIEW_RATING.match(collapse(b)) for b in blocks[-3:]):
        return "review"
    return generic.kind(page)
