"""newsbot: scrape entertainment news into a SQL database.

The extraction is usable on its own: ``newsbot.parse(url, html)`` turns a saved or fetched page into an Article.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsbot.items import Article

__version__ = "0.1.0"
__all__ = ["__version__", "parse"]


def parse(url: str, html: str | bytes) -> Article:
    """Extract the article of one page: headline, deck, authors, dates, body text and HTML, tags, embeds, links.

    The site parser reads the page when `url`'s site has one (GameSpot, Variety, Collider, PC Gamer), the generic
    parser (JSON-LD, meta tags, the article container, trafilatura) any other page. `html` is the page as text, or
    its raw bytes (decoded by their BOM, ``<meta charset>``, else UTF-8). Raises ``newsbot.parsers.ParseError``,
    whose message names the page, the field that could not be read and the fix, and nothing else.

    >>> import newsbot
    >>> article = newsbot.parse("https://example.org/news/1", open("page.html", "rb").read())  # doctest: +SKIP
    >>> article.headline, article.published_at, [a.name for a in article.authors]  # doctest: +SKIP
    """
    from newsbot.parsers import parse_page  # the parsers load lxml and trafilatura: only when asked to parse

    return parse_page(url, html)
