"""The page model every parser reads: the document loaded once, its meta tags, its JSON-LD and article node, the
site chrome (nav, footer, rails) removed; and the small lookups field rules share (selectors, microdata, site name)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import unescape
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from newsbot.parsers.body import collapse, drop_all, element_text
from newsbot.parsers.document import load
from newsbot.parsers.selectors import Attributes, select

# schema.org's Article and the subtypes news and blog pages declare (LiveBlogPosting is a BlogPosting).
ARTICLE_TYPES = {
    "NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting", "Review",
    "ReviewNewsArticle", "OpinionNewsArticle", "BackgroundNewsArticle", "TechArticle", "Report",
    "LiveBlogPosting", "AskPublicNewsArticle", "SatiricalArticle",
}  # fmt: skip
TRAILING_COMMA = re.compile(r",\s*([}\]])")
MAX_LD_NODES = 5000
NOSCRIPT_TEXT = 2000  # characters; no-JavaScript notices and tracking pixels hold far less
NON_WORD = re.compile(r"\W+")
WORD = re.compile(r"\w+")
_SITE_CHROME = etree.XPath(
    "//nav[not(ancestor::article)] | //footer[not(ancestor::article)] | //aside[not(ancestor::article)]"
    " | //style | //noscript | //template"
)
HIDDEN_TEXT = ("script", "style", "noscript", "template")  # text no reader sees


@dataclass
class Page:
    """The parsed document and its structured metadata, read once; every field function takes one."""

    url: str
    html: str
    doc: HtmlElement  # site chrome (nav, footer, rails) removed
    ld: dict[str, Any]  # the article's JSON-LD node, {} when there is none
    ld_index: dict[str, dict[str, Any]]  # every JSON-LD node by @id
    meta: dict[str, list[str]]  # lowercased <meta property|name|itemprop> -> contents, in page order
    # class, id and itemprop values of the page, read on first use; `doc` is not changed after read_page.
    _attributes: Attributes | None = field(default=None, init=False, repr=False, compare=False)

    def select(self, css: str) -> list[HtmlElement]:
        """Return the elements matching `css` in document order, as ``select(css)(doc)`` does."""
        found = self._index().select(css)
        return select(css)(self.doc) if found is None else found

    def attribute_values(self, attribute: str) -> list[str]:
        """Every value of `attribute` ("class", "id" or "itemprop") on the page, in document order."""
        return self._index().of(attribute)

    def _index(self) -> Attributes:
        if self._attributes is None:
            self._attributes = Attributes(self.doc)
        return self._attributes

    def text(self, css: str) -> str | None:
        """Return the text of the first element matching `css` that has any."""
        return next((t for el in self.select(css) if (t := element_text(el))), None)

    def first_text(self, selectors: Iterable[str]) -> str | None:
        """Return the text of the first selector in `selectors` that matches text."""
        return next((t for css in selectors if (t := self.text(css))), None)

    def meta_text(self, *keys: str) -> str | None:
        """Return the first non-empty content among the meta `keys`."""
        return next((collapse(v) for k in keys for v in self.meta.get(k, []) if collapse(v)), None)

    def metas(self, *keys: str) -> list[str]:
        """Return every content of the meta `keys`, in key order."""
        return [v for k in keys for v in self.meta.get(k, [])]

    def ld_text(self, key: str) -> str | None:
        """Return a JSON-LD string field (first of a list), entity-decoded."""
        value = self.ld.get(key)
        value = value[0] if isinstance(value, list) and value else value
        return (collapse(unescape(value)) or None) if isinstance(value, str) else None

    def ref(self, value: Any) -> Any:
        """Resolve a JSON-LD {"@id": ...} reference by merging in the node it names."""
        if isinstance(value, dict) and isinstance(value.get("@id"), str) and value["@id"] in self.ld_index:
            return {**self.ld_index[value["@id"]], **value}
        return value


def read_page(url: str, html: str) -> Page:
    """Load the page, collect its meta tags and JSON-LD, pick the article node, drop the site chrome."""
    doc = load(url, html)
    meta: dict[str, list[str]] = {}
    for m in doc.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
        if key and m.get("content"):
            meta.setdefault(key, []).append(m.get("content", ""))
    nodes = ld_nodes(doc)
    for el in list(doc.iter("noscript")):
        # "<noscript><div></noscript>" leaves libxml2 inside the noscript to the end of the page: a noscript
        # holding a page's worth of text is that page, not a no-JavaScript notice.
        if len(el.text_content()) > NOSCRIPT_TEXT:
            el.drop_tag()
    chrome = _SITE_CHROME(doc)
    if chrome:
        # A nav or aside that holds most of the page is a misnested wrapper (an unclosed <nav>), not chrome.
        most = _visible_length(doc) / 2
        drop_all([el for el in chrome if el.tag in ("style", "noscript", "template") or len(el.text_content()) < most])
    index = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}
    article = next((n for n in nodes if types_of(n) & ARTICLE_TYPES), {})
    return Page(url, html, doc, article, index, meta)


def _visible_length(doc: HtmlElement) -> int:
    """How many characters of text a reader sees: inline scripts and styles can outweigh a page's prose."""
    hidden = sum(len(el.text_content()) for el in doc.iter(*HIDDEN_TEXT) if el.getparent().tag not in HIDDEN_TEXT)
    return len(doc.text_content()) - hidden


def ld_nodes(doc: HtmlElement) -> list[dict[str, Any]]:
    """Return every JSON-LD object on the page, flattening lists and @graph; unreadable blocks are skipped."""
    nodes: list[dict[str, Any]] = []
    for script in doc.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        stack = list(reversed(_json_values(script.text)))
        while stack and len(nodes) < MAX_LD_NODES:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item[:MAX_LD_NODES]))
            elif isinstance(item, dict):
                nodes.append(item)
                if isinstance(item.get("@graph"), list):
                    stack.extend(reversed(item["@graph"][:MAX_LD_NODES]))
    return nodes


def _json_values(raw: str) -> list[Any]:
    """Decode a JSON-LD block: CDATA/comment wrappers, trailing commas and concatenated objects tolerated."""
    start = min((i for i in (raw.find("{"), raw.find("[")) if i >= 0), default=-1)
    if start < 0:
        return []
    text = raw[start : max(raw.rfind("}"), raw.rfind("]")) + 1]
    for candidate in (text, TRAILING_COMMA.sub(r"\1", text)):
        values, decoder, pos = [], json.JSONDecoder(strict=False), 0
        try:
            while pos < len(candidate):
                value, pos = decoder.raw_decode(candidate, pos)
                values.append(value)
                while pos < len(candidate) and candidate[pos] in " \t\r\n;,":
                    pos += 1
            return values
        except (ValueError, RecursionError):
            continue
    return []


def types_of(node: dict[str, Any]) -> set[str]:
    """Return a JSON-LD node's @type values as a set (the field may be a string or a list)."""
    value = node.get("@type")
    if isinstance(value, str):
        return {value.removeprefix("schema:").removeprefix("http://schema.org/").removeprefix("https://schema.org/")}
    return {v for v in value if isinstance(v, str)} if isinstance(value, list) else set()


def microdata(page: Page, prop: str) -> list[str]:
    """Return the values of itemprop `prop` outside meta tags: content, datetime, href or text."""
    values = []
    for el in page.select(f"[itemprop~='{prop}']"):
        value = el.get("content") or el.get("datetime") or (el.get("href") if el.tag == "link" else None)
        values.append(value if value is not None else element_text(el))
    return [v for v in values if v]


def normalise(text: str) -> str:
    """Lowercased words joined by single spaces: what two extractions of one paragraph share."""
    return " ".join(WORD.findall(text.lower()))  # the words alone: no whitespace character is a word character
