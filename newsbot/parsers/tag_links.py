"""Tag links a page shows when it marks none with rel="tag" or a common class: in an element classed for tags
("articleTags", "post__tags", "tag-list"), else the links to the site's tag or topic pages ("/tag/slug/", "/topics/id")
that stand together below the headline; short, worded links to the site's own pages."""

from __future__ import annotations

import re
from itertools import islice
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

from newsbot.parsers.body import absolute_url, element_text
from newsbot.parsers.page import Page

# Links inside any element whose class says it holds tags.
CLASSED_TAG_LINKS = etree.XPath("//*[contains(@class, 'tags') or contains(@class, 'Tags')]//a[@href]")
# A CMS's code for a feed or a layout ("editors_pick", "_commerce", "type_review"): snake case, or an underscore first.
CMS_CODE = re.compile(r"_.*|[a-z]+(?:_[a-z]+)+")
ID_LIKE = re.compile(r"[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}|\d{5,}")  # a UUID or an id number (not a year)
COUNT = re.compile(r"\s*\(\d[\d,.]*(?:\s+\w+)?\)$")  # "Joe Biden (233)", "2020 Election (611 posts)"
# Links to the site's tag or topic pages ("/tag/brexit/", "/news/topics/c1x2", "/thema/ukraine"), by the path word
# CMSs give those pages in the languages news is most often written in.
TAG_PATH_LINKS = etree.XPath(
    "//a[contains(@href, '/tag') or contains(@href, '/topic') or contains(@href, '/them')"
    " or contains(@href, '/subject') or contains(@href, '/tema') or contains(@href, '/schlagw')"
    " or contains(@href, '/stichw') or contains(@href, '/sujet') or contains(@href, '/argoment')]"
)
TAG_PATH = re.compile(
    r"/(?:tags?|tagg|topics?|thema|themen|subjects?|temas?|tema|schlagw(?:o|\u00f6)rte?|stichw(?:o|\u00f6)rte?"
    r"|sujets?|argomenti)/[^/]",
    re.I,
)
GROUP_DEPTH = 4  # levels above a tag link where its list box is looked for
IN_SENTENCE = 40  # characters of a paragraph beyond a link's own: the link is in prose
MAX_TAG_WORDS = 6  # a longer link text is a teaser or a sentence, not a tag


def classed_tag_links(page: Page) -> list[HtmlElement]:
    """Links in elements classed as tags that lead to another page of the same site (share buttons lead away,
    a table of contents stays on the page) and read as a tag (a few words, not only a number)."""
    return [a for a in CLASSED_TAG_LINKS(page.doc) if _on_site(page.url, a.get("href")) and _worded(element_text(a))]


def tag_page_links(page: Page) -> list[HtmlElement]:
    """Links to the site's tag or topic pages ("/tag/slug/", "/topics/id", "/thema/slug") after the page's headline
    (a menu of topics sits above it), not in a sentence (a link in the article's text): the first box that holds
    several, else the first alone."""
    h1 = next(page.doc.iter("h1"), None)
    if h1 is None:
        return []
    found = [
        a
        for a in TAG_PATH_LINKS(page.doc)
        if TAG_PATH.search(urlsplit(a.get("href") or "").path)
        and _on_site(page.url, a.get("href"))
        and _worded(element_text(a))
        and _after(a, h1)
        and not _in_sentence(a)
        and _tag_like(element_text(a))
    ]
    groups = (_group(a, found) for a in found)  # lazily: the search for each link's box is quadratic
    return next((g for g in groups if len(g) > 1), None) or (_group(found[0], found) if found else [])


def _tag_like(text: str) -> bool:
    """Not a sentence ("All about the World Cup."), not the label of the tag index ("Topics")."""
    return text[-1:] not in ".!?" and not TAG_PATH.fullmatch(f"/{text}/x")


def _group(link: HtmlElement, found: list[HtmlElement]) -> list[HtmlElement]:
    """The links of `found` in the closest box around `link` (a few levels up) that holds another one."""
    for box in islice(link.iterancestors(), GROUP_DEPTH):
        inside = [a for a in found if any(node is box for node in islice(a.iterancestors(), GROUP_DEPTH))]
        if len(inside) > 1:
            return inside
    return [link]


def _in_sentence(link: HtmlElement) -> bool:
    """Whether `link` sits in a paragraph of text longer than itself (a link in the article's prose)."""
    paragraph = next((p for p in islice(link.iterancestors(), GROUP_DEPTH) if p.tag == "p"), None)
    return paragraph is not None and len(element_text(paragraph)) > len(element_text(link)) + IN_SENTENCE


def _after(el: HtmlElement, ref: HtmlElement) -> bool:
    """Whether `el` comes after `ref` (and outside it) in document order: compared where their ancestries meet."""
    chain = [ref, *ref.iterancestors()]
    where = {node: n for n, node in enumerate(chain)}
    child = el
    for node in el.iterancestors():
        if node in where:
            n = where[node]
            if n == 0:  # inside ref
                return False
            return node.index(child) > node.index(chain[n - 1])
        child = node
    return False


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
    """An id in a keyword list ("8f507083-bac4-...", "100312362"), a CMS code ("editors_pick") or the site's own host
    ("example.com"): no topic."""
    host = urlsplit(url).netloc.lower().removeprefix("www.")
    value = text.strip().lower()
    if ID_LIKE.fullmatch(value) or CMS_CODE.fullmatch(text.strip()):
        return True
    return bool(value) and (value == host or host.endswith("." + value))
