"""The page model and field library site parsers share: a site says, per layout generation of its markup, where each
field is and what to drop; every field it does not settle comes from the generic parser's rules.

Modelled on Fundus' versioned publisher parsers: a site is a ``SiteParser`` with its ``Layout``s, newest first; a
layout names the years it was served, a ``marker`` (CSS only its pages match, "" for the last resort) and, per field,
the sources tried in order. A source is

- ``"ld:<key>"``: the article's JSON-LD field (``ld:author`` / ``ld:image`` resolve people and image objects);
- ``"meta:<name>"``: a ``<meta property|name>`` content (headline metas lose a " | Site" suffix);
- ``"<css>"``: the text of the matching elements, or ``"<css> @<attr>"``: their attribute (``@style``: the url of a
  ``background-image``);
- ``GENERIC``: the generic parser's whole rule for that field, where the site's own sources run out.

A layout with no ``GENERIC`` in a field says the site's markup is the whole truth for it (GameSpot's Era B deck is
``.news-deck`` or nothing: its descriptions summarise the body). Behaviour markup cannot express (typed ids, comment
sentences, embed placeholders filled from scripts) goes in ``SiteParser`` methods a site overrides.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from newsbot.items import Article, Author
from newsbot.parsers import bylines, dates, embeds, generic, headline, main_text
from newsbot.parsers.body import Body, collapse, drop_all, element_text, http_url, read_body, strip_noise
from newsbot.parsers.errors import ParseError
from newsbot.parsers.generic import Page
from newsbot.parsers.selectors import select_any

GENERIC = "generic"
Sources = tuple[str, ...]
BACKGROUND_URL = re.compile(r"background(?:-image)?\s*:[^;]*url\(\s*(['\"]?)(.+?)\1\s*\)")
# A table row is one text block, its cells joined like this (block elements inside a cell become spaces).
CELL_SEPARATOR = " | "
CELL_BLOCKS = {"p", "div", "ul", "ol", "li", "br", "h2", "h3", "h4", "h5", "h6", "blockquote", "section"}
_PARAGRAPHS = etree.XPath("count(.//p)")
GENERIC_BODY = ("the generic body (article containers, trafilatura, JSON-LD articleBody)",)


@dataclass(frozen=True)
class Layout:
    """One generation of a site's markup: how to recognise it, when it was served, and where each field is."""

    name: str
    valid: str  # the years the site served it, e.g. "2016-2025" (the marker decides; a page may be older)
    marker: str  # CSS only this generation's pages match; "" matches any page (the last resort)
    headline: Sources = ("ld:headline", GENERIC)
    deck: Sources = (GENERIC,)
    authors: Sources = (GENERIC,)
    published: Sources = (GENERIC,)
    tags: Sources = (GENERIC,)
    lead_image: Sources = (GENERIC,)  # the body's first image is always the last resort
    body: Sources = ()  # containers of the article text, most specific first; GENERIC: else the generic body
    boxes: str = ""  # article boxes outside the container (a review's verdict), read with it in page order
    drop: str = ""  # chrome inside the body: ads, promos, newsletter and commerce boxes
    boilerplate: re.Pattern[str] = main_text.BOILERPLATE  # blocks that are chrome by their words

    def but(self, **changes: Any) -> Layout:
        """The next (or previous) generation: this layout with the fields that changed (Fundus' ``V1_1(V1)``)."""
        return replace(self, **changes)


@cache
def _source(source: str) -> tuple[str, str, str | None]:
    """Split a source into (kind, key, attribute): ("ld", "headline", None), ("css", "time", "datetime")."""
    for kind in ("ld", "meta"):
        if source.startswith(kind + ":"):
            return kind, source[len(kind) + 1 :], None
    css, _, attr = source.partition(" @")
    return "css", css.strip(), attr.strip() or None


def values(page: Page, source: str) -> list[Any]:
    """Every raw value `source` names on the page, in page order (JSON-LD values as they are)."""
    kind, key, attr = _source(source)
    if kind == "ld":
        value = page.ld.get(key)
        return [page.ref(v) for v in (value if isinstance(value, list) else [value]) if v is not None]
    if kind == "meta":
        return page.metas(key)
    elements = generic.select(key)(page.doc)
    if attr is None:
        return [element_text(el) for el in elements]
    found = [el.get(attr) for el in elements]
    if attr == "style":
        found = [m[2] for s in found if s and (m := BACKGROUND_URL.search(s))]
    return [v for v in found if v]


def describe(sources: Sources, generic_tried: Sequence[str]) -> list[str]:
    """What a field's sources are called in a ParseError: "JSON-LD headline", "og:title", "h1.news-title", ..."""
    names: list[str] = []
    for source in sources:
        kind, key, _ = _source(source)
        found = list(generic_tried) if source == GENERIC else [f"JSON-LD {key}" if kind == "ld" else key]
        names += [n for n in found if n not in names]
    return names


# ------------------------------------------------------------------------------------------------ field library


def text_field(page: Page, sources: Sources, rule: Callable[[Page], str | None], *, title: bool = False) -> str | None:
    """The first non-empty text of `sources`; `rule` is the generic one; `title` cuts site suffixes from metas."""
    for source in sources:
        if source == GENERIC:
            found = rule(page)
        elif _source(source)[0] == "ld":
            found = page.ld_text(_source(source)[1])
        else:
            texts = [v for v in values(page, source) if isinstance(v, str)]
            if title and _source(source)[0] == "meta":
                texts = [headline.strip_site_suffix(page, t) or "" for t in texts]
            found = next((c for t in texts if (c := collapse(t))), None)
        if found:
            return found
    return None


def authors_field(page: Page, sources: Sources) -> list[Author]:
    """The authors of the first source naming any: byline elements (links give profile urls), metas, JSON-LD."""
    for source in sources:
        kind, key, _ = _source(source)
        if source == GENERIC:
            found = bylines.authors(page)
        elif source == "ld:author":
            found = bylines.ld_authors(page)
        elif kind == "css":
            found = [
                Author(name, http_url(page.url, el.get("href")) if el.tag == "a" else None)
                for el in generic.select(key)(page.doc)
                for name in bylines.author_names(element_text(el))
            ]
        else:
            found = [Author(n) for v in values(page, source) if isinstance(v, str) for n in bylines.author_names(v)]
        if found:
            return bylines.unique_authors(found)
    return []


def date_field(page: Page, sources: Sources) -> datetime | None:
    """The first value of `sources` that is a date with an offset (a naive time would be a guess)."""
    for source in sources:
        if source == GENERIC:
            found = dates.published_at(page)
        else:
            found = next((d for v in values(page, source) if (d := dates.parse_date(v))), None)
        if found:
            return found
    return None


def tags_field(page: Page, sources: Sources) -> list[str]:
    """The tags of the first source naming any; comma-separated values (keywords, metas) split."""
    for source in sources:
        if source == GENERIC:
            found = generic.tags(page)
        else:
            kind = _source(source)[0]
            texts = [v for v in values(page, source) if isinstance(v, str)]
            found = generic.unique_texts(t for v in texts for t in (v.split(",") if kind != "css" else [v]))
        if found:
            return found
    return []


def image_field(page: Page, sources: Sources, body: Body | None) -> str | None:
    """The first http(s) image url of `sources` (JSON-LD image objects resolved), else the body's first image."""
    for source in sources:
        if source == GENERIC:
            candidates: list[Any] = [generic.lead_image(page)]
        else:
            found = values(page, source)
            candidates = [v.get("url") or v.get("contentUrl") if isinstance(v, dict) else v for v in found]
        if found := next((u for c in candidates if isinstance(c, str) and (u := http_url(page.url, c))), None):
            return found
    return next((e.url for e in body.embeds if e.kind == "image"), None) if body else None


def tables_as_rows(root: HtmlElement) -> None:
    """Make each table row one paragraph of its cells, links kept (each cell would otherwise be a block, and a
    cell's own paragraphs blocks of their own)."""
    for table in list(root.iter("table")):
        if table.getparent() is None:  # inside a table already replaced
            continue
        rows = table.makeelement("div", {})
        for tr in table.iter("tr"):
            if (row := _row(tr)) is not None:
                rows.append(row)
        rows.tail = table.tail
        table.getparent().replace(table, rows)


def _row(tr: HtmlElement) -> HtmlElement | None:
    """One <p> of the row's non-empty cells joined by CELL_SEPARATOR; None for an empty row."""
    row = tr.makeelement("p", {})
    cells = [cell for cell in tr if cell.tag in ("td", "th") and element_text(cell)]
    for n, cell in enumerate(cells):
        for block in [el for el in cell.iterdescendants() if el.tag in CELL_BLOCKS]:
            block.text, block.tail = " " + (block.text or ""), " " + (block.tail or "")  # words stay apart
            block.drop_tag()
        _append_text(row, (CELL_SEPARATOR if n else "") + (cell.text or ""))
        row.extend(list(cell))  # moves each child, its tail with it
    return row if cells else None


def _append_text(el: HtmlElement, text: str) -> None:
    """Add `text` after everything `el` holds so far."""
    if len(el):
        el[-1].tail = (el[-1].tail or "") + text
    else:
        el.text = (el.text or "") + text


# ------------------------------------------------------------------------------------------------ the parser


class SiteParser:
    """A site's ``parse(url, html) -> Article``: its layouts say where fields are; methods say what markup can't."""

    site: str
    domain: str
    layouts: tuple[Layout, ...]  # newest first; the first whose marker matches reads the page

    def parse(self, url: str, html: str) -> Article:
        """Extract one page; raise ParseError (and nothing else) naming the field when it cannot."""
        return generic.guarded(url, lambda: self._parse(url, html))

    def layout(self, page: Page) -> Layout:
        """The layout generation the page is in: the first whose marker matches, else the last one."""
        found = (lay for lay in self.layouts if not lay.marker or generic.select(lay.marker)(page.doc))
        return next(found, self.layouts[-1])

    def _parse(self, url: str, html: str) -> Article:
        page = generic.read_page(url, html)
        layout = self.layout(page)
        self.prepare(page)
        title = text_field(page, layout.headline, headline.headline, title=True)
        if not title:
            tried = describe(layout.headline, headline.HEADLINE_TRIED)
            raise ParseError(url, "headline", "no headline", tried)
        body = self.body(page, layout)
        if body is None:
            raise ParseError(url, "body_text", "no body text", describe(layout.body, GENERIC_BODY))
        canonical = generic.canonical_url(page, self.domain)
        return Article(
            url=url,
            canonical_url=canonical,
            site=self.site,
            headline=title,
            body_text="\n\n".join(body.blocks),
            deck=text_field(page, layout.deck, headline.deck),
            authors=authors_field(page, layout.authors),
            published_at=date_field(page, layout.published),
            updated_at=dates.updated_at(page),
            body_html=body.html,
            lead_image=image_field(page, layout.lead_image, body),
            tags=tags_field(page, layout.tags),
            embeds=body.embeds,
            links=body.links,
            comment_count=self.comment_count(page),
            language=generic.language(page),
            kind=self.kind(page, body, canonical),
        )

    # -------------------------------------------------------------------------------- what a site may override

    def prepare(self, page: Page) -> None:
        """Change the page before any field is read (e.g. put script-held embed snippets into their placeholders)."""

    def prepare_body(self, root: HtmlElement) -> None:
        """Change a copy of the body before it is read; tables become one block per row."""
        tables_as_rows(root)

    def unreadable(self, el: HtmlElement) -> bool:
        """Tell whether a body element with no known embed is media to drop rather than text to read."""
        return False

    def kind(self, page: Page, body: Body, canonical: str) -> str:
        """article / review / gallery / video, as the generic rules read it."""
        return generic.kind(page)

    def comment_count(self, page: Page) -> int | None:
        """The page's own comment number, as the generic rules read it; None when it shows none."""
        return generic.comment_count(page)

    # -------------------------------------------------------------------------------- body

    def body(self, page: Page, layout: Layout) -> Body | None:
        """Read the body container with the layout's boxes: the first candidate holding at least half as many
        paragraphs as the richest one, then the others in order; the generic body when the layout allows it and
        none of its containers is on the page; None when nothing yields text."""
        selectors = [css for css in layout.body if css != GENERIC]
        candidates = list(dict.fromkeys(el for css in selectors for el in generic.select(css)(page.doc)))
        if len(candidates) > 1:  # the same text is often matched twice (a container and its wrapper)
            counts = [_PARAGRAPHS(el) for el in candidates]
            first = next(n for n, count in enumerate(counts) if count * 2 >= max(counts))
            candidates.insert(0, candidates.pop(first))
        for container in candidates:
            body = self._read(page, layout, container)
            if body.blocks:
                return body
        # A page of a generation nobody described yet (none of the containers is there) still has an article: the
        # generic rules find it. A container that is there but holds no text is a page without its body.
        return main_text.body_of(page) if not candidates and GENERIC in layout.body else None

    def _read(self, page: Page, layout: Layout, container: HtmlElement) -> Body:
        """Walk a copy of `container` and the layout's boxes outside it, in page order."""
        parts = [container]
        boxes = [b for b in generic.select(layout.boxes)(page.doc) if not _inside(b, container)] if layout.boxes else []
        if boxes:
            order = {el: n for n, el in enumerate(page.doc.iter())}
            parts = sorted([container, *boxes], key=order.__getitem__)
        root = container.makeelement("div", {})
        for part in parts:
            part_copy = copy.deepcopy(part)  # the walk rewrites the tree for body_html; metadata reads the page
            part_copy.tail = None
            root.append(part_copy)
        strip_noise(root)
        if layout.drop:
            drop_all(select_any(root, layout.drop))
        self.prepare_body(root)
        return read_body(root, main_text.base_url(page), embeds.detect, layout.boilerplate, self.unreadable)


def _inside(el: HtmlElement, container: HtmlElement) -> bool:
    """Tell whether `el` is `container` or inside it."""
    return any(a is container for a in el.iterancestors()) or el is container
