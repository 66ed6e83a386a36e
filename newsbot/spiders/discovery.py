"""Find article urls in feeds, sitemaps and listing pages: pure functions of a response body.

XML is parsed with defusedxml, so a feed or sitemap that declares entities (billion laughs, external entities) is
refused instead of expanded; gzip bodies are inflated with a size cap.
"""

from __future__ import annotations

import gzip
import io
import zlib
from dataclasses import dataclass
from urllib.parse import urljoin

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException
from lxml import etree
from lxml import html as lxml_html

#: Largest inflated sitemap accepted (the sitemaps.org limit is 50 MB uncompressed).
MAX_SITEMAP_BYTES = 50 * 1024 * 1024

_GZIP_MAGIC = b"\x1f\x8b"


class DiscoveryError(ValueError):
    """A feed, sitemap or listing body that cannot be read; the message says which and why."""


@dataclass(frozen=True)
class Sitemap:
    """A parsed sitemap: an index (``locs`` are child sitemaps) or a url set (``locs`` are pages)."""

    is_index: bool
    locs: list[str]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _parse_xml(body: bytes, what: str):  # type: ignore[no-untyped-def]
    try:
        return SafeET.fromstring(body)
    except DefusedXmlException as exc:
        raise DiscoveryError(f"{what} declares entities or a DTD ({type(exc).__name__}); refused") from exc
    except SafeET.ParseError as exc:
        raise DiscoveryError(f"{what} is not well-formed XML: {exc}") from exc


def inflate(body: bytes, limit: int = MAX_SITEMAP_BYTES) -> bytes:
    """``body`` gunzipped when it is gzip data, refusing to inflate past ``limit`` bytes."""
    if not body.startswith(_GZIP_MAGIC):
        return body
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as stream:
            data = stream.read(limit + 1)
    except (OSError, EOFError, zlib.error) as exc:  # truncated or corrupt: gzip raises all three
        raise DiscoveryError(f"gzip body is corrupt ({exc}); refused") from exc
    if len(data) > limit:
        raise DiscoveryError(f"gzip body inflates past {limit} bytes; refused")
    return data


def parse_sitemap(body: bytes, limit: int = MAX_SITEMAP_BYTES) -> Sitemap:
    """The ``loc`` entries of a sitemap index or url set (Google News sitemaps are url sets).

    A gzip body is inflated to at most ``limit`` bytes.
    """
    root = _parse_xml(inflate(body, limit), "sitemap")
    kind = _local(root.tag)
    if kind not in ("sitemapindex", "urlset"):
        raise DiscoveryError(f"sitemap root is <{kind}>, expected <sitemapindex> or <urlset>")
    child = "sitemap" if kind == "sitemapindex" else "url"
    locs = []
    for entry in root:
        if _local(entry.tag) != child:
            continue
        for field in entry:
            if _local(field.tag) == "loc" and field.text and field.text.strip():
                locs.append(field.text.strip())
    return Sitemap(is_index=kind == "sitemapindex", locs=locs)


def feed_links(body: bytes) -> list[str]:
    """Item links of an RSS 2.0 or Atom feed, in feed order."""
    root = _parse_xml(body, "feed")
    links: list[str] = []
    for element in root.iter():
        name = _local(element.tag)
        if name == "item":
            for field in element:
                if _local(field.tag) == "link" and field.text and field.text.strip():
                    links.append(field.text.strip())
        elif name == "entry":
            for field in element:
                rel = field.get("rel", "alternate")
                if _local(field.tag) == "link" and rel == "alternate" and field.get("href"):
                    links.append(field.get("href").strip())
    return links


def page_links(body: str, base_url: str) -> list[str]:
    """Every ``a[href]`` of an HTML page as an absolute url, in page order, without repeats."""
    if not body.strip():
        return []
    try:
        document = lxml_html.fromstring(body)
    except (etree.ParserError, ValueError) as exc:  # only comments or a bare XML declaration: no document
        raise DiscoveryError(f"listing page {base_url} is not HTML ({exc})") from exc
    seen: dict[str, None] = {}
    for href in document.xpath("//a/@href"):
        href = href.strip()
        if not href or href.startswith(("#", "mailto:", "javascript:", "tel:")):
            continue
        try:
            seen.setdefault(urljoin(base_url, href), None)
        except ValueError:  # e.g. "a://[": one malformed link must not cost the page's other links
            continue
    return list(seen)
