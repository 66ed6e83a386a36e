"""Loading a page into an lxml tree, the same way for every parser: refuse what would give half an article."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from newsbot.parsers.errors import ParseError

# A complete download ends with </body> or </html>; look only at the tail so a big page stays cheap.
DOCUMENT_END = re.compile(rb"</(?:html|body)\s*>", re.I)
HTML_COMMENT = re.compile(rb"<!--.*?-->", re.S)  # a comment may mention </html> without closing anything
TAIL_BYTES = 65536
# C0 controls libxml2 keeps in text but lxml refuses to write back (drop_tree on their neighbour would fail):
# vertical tab and form feed are white space, the rest mean nothing in a page. Bytes, so UTF-8 stays intact.
CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20)])
CONTROL_TABLE = bytes.maketrans(b"\x0b\x0c", b"  ")


def load(url: str, html: str | bytes) -> HtmlElement:
    """Parse the page, refusing empty, truncated and over-nested downloads with a ParseError that says so."""
    # Lone surrogates (undecodable bytes) become "?" and control characters go: lxml rejects both.
    data = (html if isinstance(html, bytes) else (html or "").encode("utf-8", "replace")).translate(
        CONTROL_TABLE, CONTROL_BYTES
    )
    if not data.strip():
        raise ParseError(url, "html", "page is empty", fix="refetch the page")
    if not DOCUMENT_END.search(HTML_COMMENT.sub(b"", data[-TAIL_BYTES:])):
        raise ParseError(url, "html", "page is truncated (no closing </html>)", fix="refetch the page")
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        doc = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(url, "html", f"page is not HTML ({exc})", fix="check what the server sent") from exc
    if any("Excessive depth" in e.message for e in parser.error_log):  # libxml2 drops everything past level 256
        raise ParseError(url, "html", "page nests elements over 256 deep; the rest was lost", fix="inspect the page")
    return doc
