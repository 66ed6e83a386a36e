"""Site parsers: pure functions ``parse(url, html) -> Article``, chosen by the url's host.

>>> parser_for("https://www.gamespot.com/articles/x/1100-6480000/").__module__
'newsbot.parsers.gamespot'

A page no site parser claims can still be read by ``generic.parse`` (JSON-LD, meta tags, trafilatura); ``parser_for``
stays None for it, so callers choose that fallback knowingly (``newsbot parse`` does).
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import lxml.html

from newsbot.items import Article
from newsbot.parsers import collider, gamespot, generic, pcgamer, variety
from newsbot.parsers.document import decode, page_text
from newsbot.parsers.errors import ParseError
from newsbot.urls import first_canonical, on_domain

__all__ = [
    "SITES",
    "ParseError",
    "canonical_link",
    "decode",
    "generic",
    "page_text",
    "parse_page",
    "parser_for",
    "site_for",
]

# Site name -> parser module (each has ``parse(url, html) -> Article``); the name is also the fixtures folder.
SITES: dict[str, ModuleType] = {"gamespot": gamespot, "variety": variety, "collider": collider, "pcgamer": pcgamer}
# Registrable domain -> site name; a domain matches itself and its subdomains, nothing else.
DOMAINS: dict[str, str] = {
    "gamespot.com": "gamespot",
    "variety.com": "variety",
    "collider.com": "collider",
    "pcgamer.com": "pcgamer",
}


def site_for(url: str) -> str | None:
    """Return the site name whose domain serves `url`, or None."""
    return next((name for domain, name in DOMAINS.items() if on_domain(url, domain)), None)


def parser_for(url: str) -> Callable[[str, str], Article] | None:
    """Return the ``parse`` function for `url`'s site, or None when no site parser covers it."""
    site = site_for(url)
    return SITES[site].parse if site else None


def parse_page(url: str, html: str | bytes) -> Article:
    """Parse a page with its site's parser, or the generic one; bytes are decoded as a browser would."""
    if isinstance(html, bytes):
        html = decode(html)
    return (parser_for(url) or generic.parse)(url, html)


def canonical_link(html: str) -> str | None:
    """The page's own absolute url, as the parsers choose and clean it (``link[rel=canonical]``, else ``og:url``);
    None when it names neither."""
    if not html.strip():
        return None
    doc = lxml.html.fromstring(html)
    links = [el.get("href") for el in generic.select(generic.CANONICAL)(doc)]
    return first_canonical([*links, *doc.xpath('//meta[@property="og:url"]/@content')])
