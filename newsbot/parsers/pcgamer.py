"""PC Gamer pages (Future plc's server-rendered platform, shared with GamesRadar) -> Article.

Both layouts carry a ``NewsArticle``/``Review`` JSON-LD (one author object, deck in ``alternativeHeadline``),
``header h1`` and the body in ``#article-body`` with lazy images (``data-original-mos`` / ``data-pin-media``),
``.caption-text`` captions with ``.credit`` credits, JW Player cloud embeds, Hawk affiliate widgets (classes starting
"hawk-"; embeds carry a "hawk-ignore" class and stay) and newsletter slices to drop. Comments are an OpenWeb widget
filled in by JavaScript, so the count stays None.

- 2017-2021 ("vanilla"): a ``.by-author`` byline, or none (the author only in the JSON-LD ``creator`` and
  ``meta[name=parsely-author]``). A review opens with an "Our Verdict" box (``div.box.verdict``) above the body,
  whose first block is a "Need to know" spec box (``.fancy-box``: developer, publisher, price), and closes with a
  ``.pretty-verdict`` / ``.verdict-boxout`` that repeats the verdict. Both opening boxes are article text.
- 2022 on ("slices"): ``.author-byline__author-name``, the deck in ``p.strapline``, page parts in
  ``.slice-container`` blocks; here ``.fancy-box`` holds the affiliate notice, not article text.
"""

from __future__ import annotations

import re

from newsbot.parsers import generic
from newsbot.parsers.body import Body
from newsbot.parsers.site import GENERIC, Layout, SiteParser

HERO = ".hero-image-wrapper img, .image--hero img"
CHROME = (
    ".ad-unit, .newsletter-signup, .slice-container-newsletterForm, .van_vid_carousel, [class^='hawk-'], "
    ".pretty-verdict, .see-more, .jwplayer__caption, [data-spotim-module]"
)

SLICES = Layout(
    name="slices",
    valid="2022-",
    marker=".author-byline__author-name, .slice-container",
    headline=("ld:headline", "header h1", "h1.article-name", GENERIC),
    deck=("ld:alternativeHeadline", "header h2", "p.strapline", GENERIC),
    authors=(".author-byline__author-name a", ".author-byline__author-name", GENERIC),
    lead_image=(GENERIC, f"{HERO} @data-original-mos", f"{HERO} @data-pin-media", f"{HERO} @src"),
    body=("#article-body", GENERIC),
    drop=CHROME + ", .fancy-box",
    # Future's inline sign-offs and affiliate notes.
    boilerplate=re.compile(
        r"^(?:pc gamer is supported by its audience|sign up to get the best content|related:)", re.I
    ),
)
VANILLA = SLICES.but(
    name="vanilla",
    valid="2017-2021",
    marker="",
    authors=(".by-author a", GENERIC),
    boxes="div.box.verdict",
    drop=CHROME,
)
VERDICT = ".pretty-verdict, .verdict-boxout, div.box.verdict"


class PCGamer(SiteParser):
    """PC Gamer's two layouts; a verdict box makes a review."""

    site = "pcgamer"
    domain = "pcgamer.com"
    layouts = (SLICES, VANILLA)

    def kind(self, page: generic.Page, body: Body, canonical: str) -> str:
        """A verdict box makes a review; otherwise what the JSON-LD says."""
        return "review" if generic.select(VERDICT)(page.doc) else generic.kind(page)


PARSER = PCGamer()

parse = PARSER.parse
