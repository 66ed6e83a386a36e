"""Tag links a page shows in an element classed for tags ("articleTags", "post__tags", "tag-list") when it marks
none with rel="tag" or a common class: the links to the site's own tag pages, short and worded."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

from newsbot.parsers.body import absolute_url, element_text
from newsbot.parsers.page import Page

# Links inside any element whose class says it holds tags.
CLASSED_TAG_LINKS = etree.XPath("//*[contains(@class, 'tags') or contains(@class, 'Tags')]//a[@href]")
ID_LIKE = re.compile(r"[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}|\d{5,}")  # a UUID or an id number (not a year)
COUNT = re.compile(r"\s*\(\d[\d,.]*(?:\s+\w+)?\)$")  # "Joe Biden (233)", "2020 Election (611 posts)"
MAX_TAG_WORDS = 6  # a longer link text is a teaser or a sentence, not a tag


def classed_tag_links(page: Page) -> list[HtmlElement]:
    """Links in elements classed as tags that lead to another page of the same site (share buttons lead away,
    a table of contents stays on the page) and read as a tag (a few words, not only a number)."""
    return [a for a in CLASSED_TAG_LINKS(page.doc) if _on_site(page.url, a.get("href")) and _worded(element_text(a))]


def link_tag(link: HtmlElement) -> str:
    """A tag link's text without the count of posts a tag cloud prints after it."""
    return COUNT.sub("", element_text(link))


def _on_site(url: str, href: str | None) -> bool:
    """Whether `href` leads to another page on `url`'s host."""
    target = absolute_url(url, href)
    if target is None:
        return False
    here, there = urlsplit(url), urlsplit(target)
    same_host = there.netloc.removeprefix("www.") == here.netloc.removeprefix("www.")
    return there.scheme in ("http", "https") and same_host and (there.path, there.query) != (here.path, here.query)


def _worded(text: str) -> bool:
    """A tag's text: some letters, at most `MAX_TAG_WORDS` words."""
    return any(c.isalpha() for c in text) and len(text.split()) <= MAX_TAG_WORDS


def not_a_tag(text: str, url: str) -> bool:
    """An id in a keyword list ("8f507083-bac4-...", "100312362") or the site's own host ("example.com"): no topic."""
    host = urlsplit(url).netloc.lower().removeprefix("www.")
    value = text.strip().lower()
    return bool(ID_LIKE.fullmatch(value)) or (bool(value) and (value == host or host.endswith("." + value)))
