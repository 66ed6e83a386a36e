"""CSS selectors over a page's tree, compiled once; the common ones (a class, id or itemprop token, with or without
a tag name) answered from that attribute's values, read once per page, instead of one scan of the tree each (a page
asks a few dozen)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from lxml import etree
from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement

# A class, id or itemprop token, optionally with a tag name, as cssselect matches them.
INDEXED_SELECTOR = re.compile(
    r"(?P<tag>[a-z][a-z0-9]*)?(?:\.(?P<class>[\w-]+)|#(?P<id>[\w-]+)|\[itemprop~='(?P<itemprop>[\w-]+)'\])"
)
_ATTRIBUTE_VALUES = {name: etree.XPath(f"descendant-or-self::*/@{name}") for name in ("class", "id", "itemprop")}
SELECTOR_COMMA = re.compile(r",(?=(?:[^'\"]*['\"][^'\"]*['\"])*[^'\"]*$)")  # a comma outside quotes
TAG_NAME = re.compile(r"[a-z][a-z0-9]*")
_XML_SPACE = str.maketrans("\t\n\r", "   ")  # what XPath's normalize-space() splits on, besides the space


@cache
def select(css: str) -> CSSSelector:
    """Return the compiled selector for `css` (compiled once per process)."""
    return CSSSelector(css)


class Attributes:
    """The class, id and itemprop values under a root (itself included), each attribute read once when first asked:
    a selector on one of them is then a test of each value, not a scan of the tree."""

    def __init__(self, root: HtmlElement) -> None:
        self.root = root
        self.values: dict[str, list[Any]] = {}  # attribute -> its values, each knowing its element, in document order

    def of(self, attribute: str) -> list[Any]:
        """The values of `attribute` ("class", "id" or "itemprop") in document order, each knowing its element."""
        if attribute not in self.values:
            self.values[attribute] = _ATTRIBUTE_VALUES[attribute](self.root)
        return self.values[attribute]

    def select(self, css: str) -> list[HtmlElement] | None:
        """The elements matching an indexed selector (``INDEXED_SELECTOR``) in document order; None for others."""
        match = INDEXED_SELECTOR.fullmatch(css)
        if match is None:
            return None
        attribute = next(name for name in _ATTRIBUTE_VALUES if match[name])
        token = match[attribute]
        values = self.of(attribute)
        if attribute == "id":
            found = [v.getparent() for v in values if v == token]
        else:  # a token of the space-separated list; the substring test first, as most values lack it
            found = [v.getparent() for v in values if token in v and token in v.translate(_XML_SPACE).split(" ")]
        return [el for el in found if el.tag == match["tag"]] if match["tag"] else found


def select_any(root: HtmlElement, css: str) -> list[HtmlElement]:
    """The elements under `root` (itself included) matching any selector of the group `css`, each once, in no set
    order (for removal): class, id and itemprop parts from the attribute values, tag names by iteration, one scan of
    the tree for the rest, instead of one scan per part."""
    if "(" in css:  # a comma inside :not(...) or :is(...) does not separate selectors
        return select(css)(root)
    simple: list[HtmlElement] = []
    attributes = Attributes(root)
    rest = []
    for part in (p.strip() for p in SELECTOR_COMMA.split(css)):
        if TAG_NAME.fullmatch(part):
            simple.extend(root.iter(part))
        elif (found := attributes.select(part)) is not None:
            simple.extend(found)
        else:
            rest.append(part)
    found = select(", ".join(rest))(root) if rest else []
    return list(dict.fromkeys([*simple, *found]))
