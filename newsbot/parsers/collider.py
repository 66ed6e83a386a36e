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

from newsbot.parsers import generic
from newsbot.parsers.body import Body, collapse
from newsbot.parsers.site import GENERIC, Layout, SiteParser

VALNET = Layout(
    name="valnet",
    valid="2024-",
    marker=".w-article-header-comp, .w-author",
    headline=("ld:headline", ".article-header h1.heading_title", "h1.heading_title", ".article-header h1", GENERIC),
    deck=(".article-header .heading_excerpt", ".article-header > p", GENERIC),
    authors=(".w-article-header-comp .w-author a", ".w-author a", GENERIC),
    tags=(".article-tags-name", ".article-tags a", GENERIC, "ld:articleSection"),
    lead_image=(GENERIC, ".heading_image[data-img-url] @data-img-url"),  # older pages name no og:image
    body=("section#article-body", GENERIC),
    drop=(
        "#article-waypoint, .display-card.article-card, .ad-zone-container, .ad-zone, .w-article-recirc, "
        ".next-article, .article-jumplink, .table-container-toc"
    ),
    # Related-article labels and the newsletter pitch read like paragraphs.
    boilerplate=re.compile(r"^(?:related:|related\b$|subscribe to our newsletter|click here to)", re.I),
)
HEADING_AUTHOR = VALNET.but(
    name="heading-author", valid="2019-2023", marker="", authors=(".article-header .heading_author a", GENERIC)
)

PLACEHOLDER = ".w-instagram[id]"
EMBED_SCRIPT = re.compile(r"window\.arrayOfEmbeds\[\s*['\"]([^'\"]+)['\"]\s*\]\s*=\s*")
OLD_REVIEW_RATING = re.compile(r"^Rating:\s*\S+")


class Collider(SiteParser):
    """Collider's two layouts; Instagram snippets come from a script, old reviews end with a "Rating:" line."""

    site = "collider"
    domain = "collider.com"
    layouts = (VALNET, HEADING_AUTHOR)

    def prepare(self, page: generic.Page) -> None:
        """Put each ``window.arrayOfEmbeds`` Instagram snippet into the ``.w-instagram`` placeholder it belongs to."""
        snippets = _embed_snippets(page.html)
        for placeholder in generic.select(PLACEHOLDER)(page.doc):
            snippet = snippets.get(placeholder.get("id", ""), {}).get("instagram")
            if isinstance(snippet, str) and snippet.strip():
                placeholder.append(lxml.html.fragment_fromstring(snippet, create_parent="div"))

    def kind(self, page: generic.Page, body: Body, canonical: str) -> str:
        """An older review's closing "Rating:" paragraph, else what the JSON-LD says (Review -> "review")."""
        if any(OLD_REVIEW_RATING.match(collapse(b)) for b in body.blocks[-3:]):
            return "review"
        return generic.kind(page)


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


PARSER = Collider()

parse = PARSER.parse
