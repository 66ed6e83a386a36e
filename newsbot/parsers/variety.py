"""Variety pages (PMC's WordPress "Larva" theme and the 2018-2020 theme before it) -> Article.

- 2021 on ("larva"): a ``NewsArticle`` JSON-LD, ``h1#section-heading``, ``.article-excerpt`` and the body in
  ``div.a-content`` (``p.paragraph``, ``div.post-content-image`` figures, ``div.injected-related-story`` cards).
- 2018-2020 ("swiftype"): no article JSON-LD; the ``swiftype:*`` meta tags, ``meta[name=author]`` and the body in
  ``div.pmc-paywall`` say the same things.

Fields the markup does not settle come from ``generic``.
"""

from __future__ import annotations

import re

from newsbot.parsers import generic
from newsbot.parsers.body import Body
from newsbot.parsers.site import GENERIC, Layout, SiteParser

FEATURED = ".featured-image .c-lazy-image__img, .featured-image img"

LARVA = Layout(
    name="larva",
    valid="2021-",
    marker="div.a-content, h1#section-heading",
    headline=("ld:headline", "h1#section-heading", "h1.article-title", "h1.c-title", "meta:swiftype:title", GENERIC),
    deck=(".article-excerpt", "h2#section-sub-heading", ".c-dek", GENERIC),
    # Each byline name sits in p.author-name; its pop-over (recent posts, "View all posts by") is not a byline.
    authors=(".a-article-grid__author .author-name a", ".author a[rel~='author']", ".c-byline__author a", GENERIC),
    tags=(GENERIC, "meta:swiftype:topics"),
    lead_image=(GENERIC, f"{FEATURED} @data-lazy-src", f"{FEATURED} @src"),  # older pages name no og:image
    body=("div.a-content", "div.pmc-paywall", ".pmc-not-a-paywall", GENERIC),  # the paywall wrapper held older bodies
    drop=(
        ".injected-related-story, .trending-in-article, .recirculation-modules, #piano-paywall, .pmc-related-link, "
        ".article-tags, .c-newsletter, .ad, .admz, .pmc-adm-goog-pub-div"
    ),
    # "Read more" lines and the sign-off that PMC appends to bodies look like paragraphs.
    boilerplate=re.compile(r"^(?:read more:|related:|sign up for variety|more from variety|most popular)", re.I),
)
SWIFTYPE = LARVA.but(name="swiftype", valid="2018-2020", marker="", published=("meta:swiftype:published_at", GENERIC))
GALLERY_PATH = re.compile(r"/(?:gallery|lists)/")


class Variety(SiteParser):
    """Variety's two layouts; gallery and list urls are galleries."""

    site = "variety"
    domain = "variety.com"
    layouts = (LARVA, SWIFTYPE)

    def kind(self, page: generic.Page, body: Body, canonical: str) -> str:
        """Gallery and list urls are galleries; otherwise what the JSON-LD says."""
        return "gallery" if GALLERY_PATH.search(page.url) else generic.kind(page)


PARSER = Variety()

parse = PARSER.parse
