"""GameSpot pages (articles, reviews, galleries, videos) -> Article.

Covers the 2016-2025 platform ("Era B": ``h1.news-title``, ``.js-content-entity-body``, ``data-embed-type``
blocks) and the WordPress site ("Era C": JSON-LD ``@graph``, ``article h1``, ``div.article-body``). Metadata is read
from JSON-LD and meta tags first and the site's own markup second; the body is walked in document order so each
embed knows how many text blocks precede it.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import cache
from html import unescape
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from lxml import etree
from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement

from newsbot.items import Article, Author
from newsbot.parsers import embeds
from newsbot.parsers.body import (
    Body,
    absolute_url,
    collapse,
    drop_all,
    element_text,
    host_of,
    http_url,
    raw_text,
    read_body,
    strip_noise,
)
from newsbot.parsers.document import load
from newsbot.parsers.errors import ParseError

SITE = "gamespot"

# Metadata selectors, each list in the order tried.
HEADLINE_SELECTORS = ("h1.news-title", "h1.kubrick-info__title")
HEADLINE_TRIED = ("JSON-LD headline", *HEADLINE_SELECTORS, "og:title", "article h1")
ERA_B_HEADER = "section.news-hdr, h1.news-title, h1.kubrick-info__title, .news-byline"
DECK = ".news-deck"
BYLINE_AUTHORS = (".news-byline a.byline-author__name", "a.byline-author__name")
PUBLISHED_TIMES = (".news-byline time[datetime]", "time[pubtime][datetime]")
KUBRICK_LEAD = "#kubrick-lead, #js-kubrick-lead"
TAG_SELECTORS = (".horizontal-list__item-gap", ".news-related dd a")
REVIEW_SCORE = ".review-ring-score__score"
CANONICAL = 'link[rel~="canonical"]'
GALLERY = "section.image-gallery"
# Body containers: the first one that yields text wins.
BODY_CONTAINERS = (".js-content-entity-body", "section.article-body > div", ".article-body", GALLERY)
# Removed before reading the body: ads, commerce boxes, promos, tables of contents, the WordPress right rail.
BODY_DROP = (
    ".js-mapped-ad, .mapped-ad, [data-embed-type='buylink']:not(span), [data-embed-type='pinbox'], "
    "[data-embed-type='imageGallery'], [data-embed-type='toc'], aside.right-rail, .image-gallery__list-item-aside"
)
INLINE_BUYLINK = "span[data-embed-type='buylink']"  # part of a sentence: keep the words, drop the affiliate link
TEXT_EMBED_TYPES = ("breakoutBox",)  # data-embed-type blocks that hold editorial text (e.g. content warnings)
COMMENT_COUNTERS = "a[href$='#comments'], [class*='comment-count'], [class*='comments-count']"

# Site chrome and embed leftovers that look like paragraphs; matched by text because their markup is unknown.
BOILERPLATE = re.compile(
    r"(?:GameSpot may (?:receive revenue from affiliate|get a commission from retail offers)"
    r"|Got a news tip or want to contact us directly|Join the conversation|Did you enjoy this article"
    r"|There (?:are|is) (?:no|\d[\d,]*(?:(?:\.\d+)?\s?[km])?) comments? about this"
    r"|View this (?:post|photo|video) on Instagram|A (?:post|photo|video) shared by )",
    re.I,
)
# "about this" keeps article sentences such as "there are no comments from Nintendo" out of the count.
# A count is "no", "1,234" or an abbreviation ("1.2k", "3M"), which is read as the number it stands for (1200).
COUNT = r"(no|\d[\d,]*(?:(?:\.\d+)?\s?[km])?)"
COUNT_SCALE = {"k": 1000, "m": 1_000_000}
COMMENT_SENTENCE = re.compile(rf"there (?:are|is) {COUNT} comments?\s*about this", re.I)
_SITE_CHROME = etree.XPath(
    "//nav[not(ancestor::article)] | //footer[not(ancestor::article)] | //aside[not(ancestor::article)]"
    " | //script | //style | //noscript | //template"
)
_COMMENT_WORD = etree.XPath(
    "//*[not(self::script or self::style)][text()[contains(translate(., 'C', 'c'), 'comment')]]"
)
COMMENT_LABEL = re.compile(rf"{COUNT} comments?", re.I)
TRACKING_PARAM = re.compile(r"(?:ftag|utm_[^=]*)(?:=|$)", re.I)  # feed and campaign tags, not content
TYPED_ID = re.compile(r"/(\d{4})-(\d+)/?$")
KIND_BY_TYPE = {"1100": "article", "1900": "review", "2900": "gallery", "2300": "video"}
ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting", "Review"}
SITE_SUFFIX = re.compile(r"\s+[-|\u2013]\s+GameSpot$")
BACKGROUND_URL = re.compile(r"background(?:-image)?\s*:[^;]*url\(\s*(['\"]?)(.+?)\1\s*\)")
LANGUAGE = re.compile(r"\s*([A-Za-z]{2,3})(?:[-_]|\s*$)")
MAX_LD_NODES = 5000  # a hostile page can carry megabytes of JSON-LD; real ones have a dozen nodes


@cache
def _select(css: str) -> CSSSelector:
    """Return the compiled selector for `css` (compiled once per process)."""
    return CSSSelector(css)


@dataclass
class _Page:
    """The parsed document plus its structured metadata, read once."""

    url: str
    doc: HtmlElement
    ld: dict[str, Any]  # the article's JSON-LD node, {} when there is none
    ld_index: dict[str, dict[str, Any]]  # every JSON-LD node by @id, for resolving references
    meta: dict[str, list[str]]  # <meta property|name> -> contents, in page order

    def text(self, css: str) -> str | None:
        """Return the text of the first element matching `css` that has any."""
        return next((t for el in _select(css)(self.doc) if (t := element_text(el))), None)

    def meta_text(self, *keys: str) -> str | None:
        """Return the first non-empty content among the meta `keys`."""
        return next((collapse(v) for k in keys for v in self.meta.get(k, []) if collapse(v)), None)

    def ld_text(self, key: str) -> str | None:
        """Return a JSON-LD string field, entity-decoded (some CMSs escape HTML twice)."""
        value = self.ld.get(key)
        value = value[0] if isinstance(value, list) and value else value
        if not isinstance(value, str):
            return None
        return collapse(unescape(value)) or None

    def ref(self, value: Any) -> Any:
        """Resolve a JSON-LD {"@id": ...} reference (Yoast: {"name", "@id"}) by merging in the node it names."""
        if isinstance(value, dict) and isinstance(value.get("@id"), str) and value["@id"] in self.ld_index:
            return {**self.ld_index[value["@id"]], **value}
        return value


def parse(url: str, html: str) -> Article:
    """Extract one GameSpot page; raise ParseError (and nothing else) naming the field when it cannot."""
    try:
        return _parse(url, html)
    except ParseError:
        raise
    except Exception as exc:  # the contract is "ParseError or an Article", so a crawl never dies on one page
        problem = f"parser failed ({type(exc).__name__}: {exc})"
        raise ParseError(url, None, problem, fix="report it with this page as a fixture") from exc


def _parse(url: str, html: str) -> Article:
    """Do the work of parse() for input that may raise anything."""
    page = _page(url, load(url, html))
    headline = _headline(page)
    if not headline:
        raise ParseError(url, "headline", "no headline", HEADLINE_TRIED)
    body = _body(page)
    if body is None:
        raise ParseError(url, "body_text", "no body text", BODY_CONTAINERS)
    canonical = _canonical_url(page)
    return Article(
        url=url,
        canonical_url=canonical,
        site=SITE,
        headline=headline,
        body_text="\n\n".join(body.blocks),
        deck=_deck(page),
        authors=_authors(page),
        published_at=_published_at(page),
        updated_at=_date([page.ld.get("dateModified"), *_metas(page, "article:modified_time", "og:updated_time")]),
        body_html=body.html,
        lead_image=_lead_image(page, body),
        tags=_tags(page),
        embeds=body.embeds,
        links=body.links,
        comment_count=_comment_count(page),
        language=_language(page),
        kind=_kind(page, canonical),
    )


def _page(url: str, doc: HtmlElement) -> _Page:
    """Collect meta tags and JSON-LD nodes; pick the article node."""
    meta: dict[str, list[str]] = {}
    for m in doc.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
        if key and m.get("content"):
            meta.setdefault(key, []).append(m.get("content", ""))
    nodes = _ld_nodes(doc)
    # Navigation, footers, rails and scripts are most of a real page and never article fields; dropping them once
    # makes every later selector scan a fraction of the tree.
    drop_all(_SITE_CHROME(doc))
    index = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}
    article = next((n for n in nodes if _types(n) & ARTICLE_TYPES), {})
    return _Page(url, doc, article, index, meta)


def _ld_nodes(doc: HtmlElement) -> list[dict[str, Any]]:
    """Return every JSON-LD object on the page, flattening lists and Yoast @graph; broken blocks are skipped."""
    nodes: list[dict[str, Any]] = []
    for script in doc.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        raw = script.text
        # Cut CDATA/comment wrappers and trailing semicolons: keep the outermost {...} or [...].
        start = min((i for i in (raw.find("{"), raw.find("[")) if i >= 0), default=-1)
        try:
            data = json.loads(raw[start : max(raw.rfind("}"), raw.rfind("]")) + 1], strict=False)
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack and len(nodes) < MAX_LD_NODES:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item[:MAX_LD_NODES]))
            elif isinstance(item, dict):
                nodes.append(item)
                if isinstance(item.get("@graph"), list):
                    stack.extend(reversed(item["@graph"][:MAX_LD_NODES]))
    return nodes


def _types(node: dict[str, Any]) -> set[str]:
    """Return a JSON-LD node's @type values as a set (the field may be a string or a list)."""
    value = node.get("@type")
    if isinstance(value, str):
        return {value}
    return {v for v in value if isinstance(v, str)} if isinstance(value, list) else set()


def _metas(page: _Page, *keys: str) -> list[str]:
    """Return the meta contents for `keys`, in key order."""
    return [v for k in keys for v in page.meta.get(k, [])]


def _headline(page: _Page) -> str | None:
    """JSON-LD headline -> h1.news-title -> h1.kubrick-info__title -> og:title -> article h1."""
    og_title = SITE_SUFFIX.sub("", page.meta_text("og:title") or "")
    candidates = [page.ld_text("headline"), *(page.text(css) for css in HEADLINE_SELECTORS), og_title]
    return next((c for c in candidates if c), None) or page.text("article h1")


def _deck(page: _Page) -> str | None:
    """The .news-deck; descriptions only when the page has no Era B header (there they summarise the body)."""
    deck = page.text(DECK)
    if deck or _select(ERA_B_HEADER)(page.doc):
        return deck
    return page.ld_text("description") or page.meta_text("og:description", "description")


def _authors(page: _Page) -> list[Author]:
    """Byline links (all of them) -> JSON-LD author(s); names de-duplicated in page order."""
    found: list[Author] = []
    for css in BYLINE_AUTHORS:
        links = _select(css)(page.doc)
        found = [Author(n, absolute_url(page.url, a.get("href"))) for a in links if (n := element_text(a))]
        if found:
            break
    if not found:
        people = page.ld.get("author")
        for person in people if isinstance(people, list) else [people]:
            person = page.ref(person)
            if isinstance(person, str) and collapse(person):
                found.append(Author(collapse(person)))
            elif isinstance(person, dict) and isinstance(person.get("name"), str) and collapse(person["name"]):
                url = person.get("url") if isinstance(person.get("url"), str) else None
                found.append(Author(collapse(person["name"]), absolute_url(page.url, url)))
    unique: dict[str, Author] = {}
    for author in found:
        unique.setdefault(author.name.lower(), author)
    return list(unique.values())


def _published_at(page: _Page) -> datetime | None:
    """JSON-LD datePublished -> byline time[datetime] -> article:published_time."""
    times = [el.get("datetime") for css in PUBLISHED_TIMES for el in _select(css)(page.doc)]
    return _date([page.ld.get("datePublished"), *times, *_metas(page, "article:published_time", "pub_date")])


def _date(values: list[Any]) -> datetime | None:
    """Return the first value that is an ISO 8601 time with an offset (a naive time would be a guess)."""
    for value in values:
        if not isinstance(value, str):
            continue
        try:
            parsed = datetime.fromisoformat(value.strip())  # 3.11+: accepts "Z" and colon-less "-0700"
        except ValueError:
            continue
        if parsed.tzinfo is not None:
            return parsed
    return None


def _lead_image(page: _Page, body: Body) -> str | None:
    """og:image -> JSON-LD image -> #kubrick-lead background -> the body's first image."""
    image = page.ref(page.ld.get("image"))
    image = page.ref(image[0]) if isinstance(image, list) and image else image
    if isinstance(image, dict):
        image = image.get("url") or image.get("contentUrl")
    styles = [el.get("style", "") for el in _select(KUBRICK_LEAD)(page.doc)]
    candidates = [
        page.meta_text("og:image", "og:image:url", "twitter:image"),
        image if isinstance(image, str) else None,
        *(m[2] for s in styles if (m := BACKGROUND_URL.search(s))),
        next((e.url for e in body.embeds if e.kind == "image"), None),
    ]
    return next((u for c in candidates if (u := http_url(page.url, c))), None)


def _tags(page: _Page) -> list[str]:
    """Topic/game links (.horizontal-list__item-gap, .news-related) -> JSON-LD keywords -> article:tag."""
    found: list[str] = []
    for css in TAG_SELECTORS:
        found = [element_text(el) for el in _select(css)(page.doc)]
        if any(found):
            break
    if not any(found):
        keywords = page.ld.get("keywords")
        found = keywords.split(",") if isinstance(keywords, str) else keywords if isinstance(keywords, list) else []
    if not any(isinstance(t, str) and t.strip() for t in found):
        found = _metas(page, "article:tag")
    unique: dict[str, str] = {}
    for tag in found:
        if isinstance(tag, str) and (tag := collapse(unescape(tag))):
            unique.setdefault(tag.lower(), tag)
    return list(unique.values())


def _comment_count(page: _Page) -> int | None:
    """Sentence "There are N comments" -> a "N comments" counter -> JSON-LD commentCount; None when absent."""
    # Only elements holding the word are read: the whole page's text would cost more than the rest of the parse.
    for el in _COMMENT_WORD(page.doc):
        if m := COMMENT_SENTENCE.search(raw_text(el)):
            return _count(m[1])
    for el in _select(COMMENT_COUNTERS)(page.doc):
        if m := COMMENT_LABEL.fullmatch(element_text(el)):
            return _count(m[1])
    value = page.ld.get("commentCount")
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return int(value) if isinstance(value, str) and value.strip().isdigit() else None


def _count(text: str) -> int:
    """Turn "no" / "1,234" / "1.2k" into a number (0, 1234, 1200); Decimal keeps "1.1k" from becoming 1100.0000001."""
    text = text.lower().replace(",", "").replace(" ", "")
    if text == "no":
        return 0
    scale = COUNT_SCALE.get(text[-1], 1)
    return int(Decimal(text.rstrip("km")) * scale)


def _language(page: _Page) -> str | None:
    """Primary subtag of <html lang> -> JSON-LD inLanguage -> og:locale, lowercased ("en-US" -> "en")."""
    for value in (page.doc.get("lang"), page.ld.get("inLanguage"), page.meta_text("og:locale")):
        if isinstance(value, str) and (m := LANGUAGE.match(value)):
            return m[1].lower()
    return None


def _canonical_url(page: _Page) -> str:
    """link[rel=canonical] when it is on gamespot.com, else the url; tracking parameters and fragment dropped."""
    link = next((absolute_url(page.url, el.get("href")) for el in _select(CANONICAL)(page.doc)), None)
    host = host_of(link)
    url = link if link and (host == "gamespot.com" or host.endswith(".gamespot.com")) else page.url
    parts = urlsplit(url)
    query = "&".join(p for p in parts.query.split("&") if p and not TRACKING_PARAM.match(p))
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", query, ""))


def _kind(page: _Page, canonical: str) -> str:
    """Typed id of the url (1100/1900/2900/2300) -> og:type video -> gallery/review markup -> "article"."""
    for url in (page.url, canonical):
        if (m := TYPED_ID.search(urlsplit(url).path)) and m[1] in KIND_BY_TYPE:
            return KIND_BY_TYPE[m[1]]
    if (page.meta_text("og:type") or "").startswith("video"):
        return "video"
    if _select(GALLERY)(page.doc):
        return "gallery"
    return "review" if "Review" in _types(page.ld) or _select(REVIEW_SCORE)(page.doc) else "article"


def _body(page: _Page) -> Body | None:
    """Walk the first body container that yields text; None when none does."""
    base = next((u for el in page.doc.iter("base") if (u := absolute_url(page.url, el.get("href")))), page.url)
    for css in BODY_CONTAINERS:
        for container in _select(css)(page.doc):
            root = copy.deepcopy(container)  # the walk rewrites the tree for body_html; metadata reads the page
            root.tail = None
            strip_noise(root)
            drop_all(_select(BODY_DROP)(root))
            for a in [a for span in _select(INLINE_BUYLINK)(root) for a in span.iter("a")]:
                a.drop_tag()
            body = read_body(root, base, embeds.detect, BOILERPLATE, _unread_embed)
            if body.blocks:
                return body
    return None


def _unread_embed(el: HtmlElement) -> bool:
    """Tell whether `el` is a media block we could not identify (no article text in it either)."""
    kind = el.get("data-embed-type")
    return (kind is not None and kind not in TEXT_EMBED_TYPES) or "article-related-video" in (el.get("class") or "")
