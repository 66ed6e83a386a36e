"""An article's parts: the container of its text (the largest element of the first body selector that holds
enough paragraph text) and, when the article is cut into chunks around ads or pictures, the chunks beside it; and the
bookkeeping of bodies read from them (blocks kept, bodies joined)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import accumulate

from lxml.html import HtmlElement

from newsbot.parsers.body import Body, element_text
from newsbot.parsers.page import Page
from newsbot.parsers.page import normalise as _normalise

TITLED_SHARE = 4  # a titled candidate must hold a quarter of the largest's paragraph text


def containers(page: Page, selectors: Sequence[str]) -> tuple[HtmlElement | None, list[HtmlElement], bool]:
    """The largest element (by paragraph text) of the first of `selectors` whose largest holds at least half of the
    best candidate's paragraph text, and the chunks of its article in document order (itself among them): the
    elements of its (class or id) selector beside it under one grandparent that hold paragraph text, when the article
    is cut into parts around ads or pictures; [] when it is whole); and whether the element was chosen over a larger
    one for being headed by the page's title (``titled``)."""
    lengths: dict[HtmlElement, int] = {}  # each paragraph's text measured once, however many candidates hold it

    def size(el: HtmlElement) -> int:
        return sum(lengths.get(p) or lengths.setdefault(p, len(element_text(p))) for p in el.iter("p"))

    groups = [([(size(el), el) for el in page.select(css)], css) for css in selectors]
    largest = [(max(group, key=lambda pair: pair[0]), group, css) for group, css in groups if group]
    best = max((n for (n, _), _, _ in largest), default=0)
    found = next(((el, group, css) for (n, el), group, css in largest if best and n * 2 >= best), None)
    if found is None:
        return None, [], False
    largest_el, group, css = found
    el = titled(page, group, next(pair for pair in group if pair[1] is largest_el))
    if css.isalpha():  # <article>s side by side are stories of their own (teasers, the next story), not parts
        return el, [], el is not largest_el
    parts = [other for n, other in group if other is el or (n and _cousins(el, other))]
    return el, parts if len(parts) > 1 else [], el is not largest_el


def titled(page: Page, group: list[tuple[int, HtmlElement]], largest: tuple[int, HtmlElement]) -> HtmlElement:
    """The candidate of `group` headed by the page's own title when the largest is not: a page that loads the next
    story below the first (or shows a long teaser) holds two articles, and the longer may be the other one. A
    candidate under a quarter of the largest's size is a card, whatever its heading."""
    title = _normalise(page.meta_text("og:title", "twitter:title") or page.text("title") or "")
    if len(group) < 2 or not title or _heads(largest[1], title):
        return largest[1]
    return next((el for n, el in group if n * TITLED_SHARE >= largest[0] and _heads(el, title)), largest[1])


def _heads(el: HtmlElement, title: str) -> bool:
    """Whether `el`'s first h1 (or, without one, its first h2) is the page's title: all of it, its start (a title
    often adds the site's name) or most of it."""
    heading = next(el.iter("h1"), None)
    heading = next(el.iter("h2"), None) if heading is None else heading
    text = _normalise(element_text(heading)) if heading is not None else ""
    return bool(text) and (title.startswith(text) or (text in title and len(text) * 2 >= len(title)))


def _cousins(a: HtmlElement, b: HtmlElement) -> bool:
    """Whether `a` and `b` sit side by side: under one parent or one grandparent."""
    pa, pb = a.getparent(), b.getparent()
    if pa is None or pb is None:
        return False
    return pa is pb or (pa.getparent() is not None and pa.getparent() is pb.getparent())


def kept(body: Body, keep: Sequence[bool]) -> Body:
    """`body` with the blocks `keep` marks, its embed positions recounted and the links of dropped blocks gone."""
    if all(keep):
        return body
    before = [0, *accumulate(keep)]  # kept blocks before each position
    body.blocks = [b for b, k in zip(body.blocks, keep, strict=True) if k]
    for embed in body.embeds:
        embed.position = before[min(embed.position, len(keep))]
    texts = "\0".join(body.blocks)  # collapse() leaves no NUL in a text: a link's text never spans two blocks
    body.links = [link for link in body.links if link.text in texts]
    return body


def joined(bodies: Sequence[Body]) -> Body:
    """One body of `bodies` in order: blocks and embeds (positions shifted), links (each once), html."""
    out = Body()
    for body in bodies:
        for embed in body.embeds:
            embed.position += len(out.blocks)
        out.blocks += body.blocks
        out.embeds += body.embeds
        out.links += [link for link in body.links if link not in out.links]
        out.html = "\n".join(h for h in (out.html, body.html) if h)
    return out
