"""Loading a page into an lxml tree, the same way for every parser: refuse what would give half an article."""

from __future__ import annotations

import codecs
import gzip
import re
import zlib

import lxml.html
from lxml import etree
from lxml.html import HtmlElement
from w3lib.encoding import html_body_declared_encoding, html_to_unicode

from newsbot.parsers.errors import ParseError

# lxml.html's own lookup is a Python call for every element proxy (millions per page set, trafilatura's walks
# included); this C lookup gives the same HtmlElement class, only without the form-control subclasses, which
# nothing here uses.
HTML_CLASSES = etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement,
    comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity,
)

# A complete download ends with </body> or </html>; look only at the tail so a big page stays cheap.
DOCUMENT_END = re.compile(rb"</(?:html|body)\s*>", re.I)
HTML_COMMENT = re.compile(rb"<!--.*?-->", re.S)  # a comment may mention </html> without closing anything
TAIL_BYTES = 65536
# C0 controls libxml2 keeps in text but lxml refuses to write back (drop_tree on their neighbour would fail):
# vertical tab and form feed are white space, the rest mean nothing in a page. Bytes, so UTF-8 stays intact.
CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20)])
CONTROL_TABLE = bytes.maketrans(b"\x0b\x0c", b"  ")
GZIP_MAGIC = b"\x1f\x8b"
BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Text never holds NUL; images, archives and executables do within their first bytes.
SNIFF_BYTES = 4096
HTML_TAG = re.compile(r"<(?:!doctype|html|head|body|meta|title|div|p|article)\b", re.I)


def decode(raw: bytes) -> str:
    """The text of a page's bytes: by BOM, then ``<meta charset>``, else UTF-8 (undecodable bytes replaced)."""
    return html_to_unicode(None, raw)[1]


def undo_mojibake(html: str) -> str:
    """`html` as written when it is UTF-8 that was decoded with the non-UTF-8 charset its ``<meta>`` declares (a page
    re-saved as UTF-8 under a stale declaration reads "fÃ¼r" for "für"): encoded back with that charset it is valid
    UTF-8 holding multi-byte characters, which text really in that charset almost never is."""
    declared = html_body_declared_encoding(html[:SNIFF_BYTES])
    if declared is None or declared.replace("-", "").lower() == "utf8" or html.isascii():
        return html
    try:
        return html.encode(declared).decode("utf-8")
    except (UnicodeError, LookupError):
        return html


def page_text(name: str, raw: bytes) -> str:
    """The HTML of a saved page (gzip unpacked, then decoded); a ParseError naming `name` when the file is empty,
    binary or not HTML, so a user learns what is wrong with the file rather than with a page inside it."""
    if raw[:2] == GZIP_MAGIC:
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as exc:
            raise ParseError(name, "html", f"file is a broken gzip archive ({exc})", fix="download it again") from exc
    if not raw.strip():
        raise ParseError(name, "html", "file is empty", fix="save the page's HTML into it")
    if not raw.startswith(BOMS) and b"\x00" in raw[:SNIFF_BYTES]:
        raise ParseError(name, "html", "file is not text (binary data)", fix="pass a saved HTML page")
    text = decode(raw)
    if not HTML_TAG.search(text):
        raise ParseError(name, "html", "file is not HTML (no <html>, <body> or <p> tag)", fix="pass a saved HTML page")
    return text


def truncated(data: bytes) -> bool:
    """A download cut short: no closing </html> or </body>, and the page stops inside text or a tag. Many real
    pages omit both closing tags (HTML allows it) but still end on a complete tag."""
    tail = HTML_COMMENT.sub(b"", data[-TAIL_BYTES:])
    return not DOCUMENT_END.search(tail) and not tail.rstrip().endswith(b">")


def load(url: str, html: str | bytes) -> HtmlElement:
    """Parse the page, refusing empty, truncated and over-nested downloads with a ParseError that says so."""
    # Lone surrogates (undecodable bytes) become "?" and control characters go: lxml rejects both.
    data = (html if isinstance(html, bytes) else undo_mojibake(html or "").encode("utf-8", "replace")).translate(
        CONTROL_TABLE, CONTROL_BYTES
    )
    if not data.strip():
        raise ParseError(url, "html", "page is empty", fix="refetch the page")
    if truncated(data):
        raise ParseError(url, "html", "page is truncated (no closing </html>)", fix="refetch the page")
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    parser.set_element_class_lookup(HTML_CLASSES)
    try:
        doc = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(url, "html", f"page is not HTML ({exc})", fix="check what the server sent") from exc
    if any("Excessive depth" in e.message for e in parser.error_log):  # libxml2 drops everything past level 256
        raise ParseError(url, "html", "page nests elements over 256 deep; the rest was lost", fix="inspect the page")
    return doc
