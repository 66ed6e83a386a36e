"""PC Gamer pages (Future plc's server-rendered platform, shared with GamesRadar) -> Article.

A ``NewsArticle``/``Review`` JSON-LD (one author object, deck in ``alternativeHeadline``), ``header h1`` and
``header h2``, the byline ``.author-byline__author-name``, the body in ``#article-body`` with lazy images
(``data-original-mos`` / ``data-pin-media``), ``.caption-text`` captions with ``.credit`` credits, JW Player cloud
embeds, Hawk affiliate widgets (classes starting "hawk-"; embeds carry a "hawk-ignore" class and stay) and
newsletter slices to drop. Reviews end in ``.pretty-verdict``. Comments are an
OpenWeb widget filled in by JavaScript, so the count stays None. The 2019 layout names the author only in
``meta[name=parsely-author]`` and the JSON-LD ``creator``.
"""

from __future__ import annotations

import re

from newsbot.items import Article, Author
from newsbot.parsers import generic
from newsbot.parsers.body import element_text, http_url
from newsbot.parsers.errors import ParseError

SITE = "pcgamer"
DOMAIN = "pcgamer.com"

HEADLINE_SELECTORS = ("header h1", "h1.article-name")
HEADLINE_TRIED = ("JSON-LD headline", *HEADLINE_SELECTORS, "og:title")
DECK_SELECTORS = ("header h2", "p.strapline")
BYLINE_AUTHORS = (".author-byline__author-name a", ".author-byline__author-name", ".by-author a")
HERO_IMAGE = ".hero-image-wrapper img, .image--hero img"
BODY_CONTAINERS = ("#article-body",)
BODY_DROP = (
    ".ad-unit, .newsletter-signup, .slice-container-newsletterForm, .van_vid_carousel, [class^='hawk-'], "
    ".pretty-verdict, .fancy-box, .see-more, .jwplayer__caption, [data-spotim-module]"
)
VERDICT = ".pretty-verdict"
# Future's inline sign-offs and affiliate notes.
BOILERPLATE = re.compile(r"^(?:pc gamer is supported by its audience|sign up to get the best content|related:)", re.I)


def parse(url: str, html: str) -> Article:
    """Extract one PC Gamer page; raise ParseError naming the field when it cannot."""
    return generic.guarded(url, lambda: _parse(url, html))


def _parse(url: str, html: str) -> Article:
    """Do the work of parse() for input that may raise anything."""
    page = generic.read_page(url, html)
    headline = page.ld_text("headline") or page.first_text(HEADLINE_SELECTORS) or generic.headline(page)
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
        deck=page.ld_text("alternativeHeadline") or page.first_text(DECK_SELECTORS) or generic.deck(page),
        authors=_authors(page),
        published_at=generic.published_at(page),
        updated_at=generic.updated_at(page),
        body_html=body.html,
        lead_image=generic.lead_image(page) or _hero_image(page) or generic.lead_image(page, body),
        tags=generic.tags(page),
        embeds=body.embeds,
        links=body.links,
        comment_count=generic.comment_count(page),  # OpenWeb widget: no number in the HTML, so None
        language=generic.language(page),
        kind="review" if generic.select(VERDICT)(page.doc) else generic.kind(page),
    )


def _authors(page: generic.Page) -> list[Author]:
    """Byline (.author-byline__author-name) -> JSON-LD author / creator -> parsely-author, normalised."""
    for css in BYLINE_AUTHORS:
        found = [
            Author(name, http_url(page.url, el.get("href")) if el.tag == "a" else None)
            for el in generic.select(css)(page.doc)
            for name in generic.author_names(element_text(el))
        ]
        if found:
            return generic.unique_authors(found)
    return generic.authors(page)


def _hero_image(page: generic.Page) -> str | None:
    """The hero image, lazy sources first."""
    for img in generic.select(HERO_IMAGE)(page.doc):
        for attr in ("data-original-mos", "data-pin-media", "src"):
            if url := http_url(page.url, img.get(attr)):
                return url
    return None
