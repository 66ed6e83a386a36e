"""Any news page -> Article: structured metadata first (JSON-LD, OpenGraph/Twitter/``article:`` meta, microdata),
the article container walked in document order for the body (trafilatura decides which of its blocks are text, or
supplies the body when no container is found); the dates come from parsers/dates.py.

Site parsers import the field functions below and override only what their markup says better.
"""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from html import unescape
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import trafilatura
from lxml import etree
from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement

from newsbot.items import Article, Author
from newsbot.parsers import embeds
from newsbot.parsers.body import Body, absolute_url, collapse, drop_all, element_text, http_url, read_body
from newsbot.parsers.body import strip_noise as _strip_noise
from newsbot.parsers.dates import published_at, updated_at
from newsbot.parsers.document import load
from newsbot.parsers.errors import ParseError
from newsbot.parsers.script_text import script_article
from newsbot.urls import clean_url, first_canonical, site_name

ARTICLE_TYPES = {
    "NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting", "Review",
    "ReviewNewsArticle", "OpinionNewsArticle", "BackgroundNewsArticle", "TechArticle", "Report",
}  # fmt: skip
# Containers of the article text, most specific first; the first that holds most of the page's paragraph text wins.
BODY_CONTAINERS = (
    "[itemprop~='articleBody']", "#article-body", ".article-body", ".article_body_content", ".c-entry-content",
    ".a-content", ".entry-content", ".post-content", ".article-content", ".story-body", ".article__body",
    "article", "main",
)  # fmt: skip
TEXT_BLOCKS = ("p", "head", "item", "quote")  # trafilatura's names for text blocks in its output tree
CONTAINER_SHARE = 0.5  # of the text trafilatura finds: a container holding less is a teaser or a box
WHOLE_SHARE = 0.97  # of the found text's word sequences an articleBody must hold to replace it ...
WHOLE_GROWTH = 1.1  # ... and how much longer it must be
# Inside a container: related-story cards, newsletter boxes, ads, share bars and other chrome.
BODY_DROP = (
    "aside, .injected-related-story, .related, .related-stories, .newsletter, .newsletter-signup, .ad, .ad-unit, "
    ".advert, .share, .social-share, .c-read-more, .m-ad, [data-analytics-link='related-story'], .recommendation, "
    "[class*='trending-in-article'], .author-bio, h1"
)
HEADLINE_META = ("og:title", "twitter:title", "title", "headline", "parsely-title", "sailthru.title")
HEADLINE_MIN_CHARS = 20  # a shorter h1 is more often a logo or a section name than a headline
HEADLINE_TRIED = ("JSON-LD headline", "og:title", "twitter:title", "itemprop=headline", "h1", "<title>")
# A deck the page shows beats a description written for search engines.
DECK_SELECTORS = (
    ".article-excerpt", "p.strapline", ".heading_excerpt", "p.p-dek", ".c-entry-summary", ".entry-subtitle",
    ".news-deck", "[itemprop~='alternativeHeadline']", "header h2",
)  # fmt: skip
DECK_META = ("og:description", "twitter:description", "description")
AUTHOR_META = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl")
BYLINE_SELECTORS = (
    "[itemprop~='author'] [itemprop~='name']", "[itemprop~='author']", "a[rel~='author']", ".byline a",
    ".author-name", ".byline",
)  # fmt: skip
# Links to tag pages shown with the article, most specific first.
TAG_LINKS = ("a[rel~='tag']", ".tags a, .post-tags a, .entry-tags a, .article-tags a, .tag-list a")
MAX_TAG_LINKS = 30  # more is a tag cloud, not the article's tags
TAG_META = ("article:tag", "news_keywords", "keywords", "parsely-tags")
CANONICAL = "link[rel~='canonical']"
# Comment counters a page prints itself. Disqus and OpenWeb counters are JavaScript placeholders ("0 Comments"
# before the script runs): they are skipped, so the count stays None instead of a made-up 0.
COMMENT_COUNTERS = (
    "a[href$='#comments']:not([data-disqus-identifier]), [class*='comment-count']:not([class*='disqus'])"
    ":not([data-disqus-identifier]):not([data-spotim-module]), [class*='comments-count']:not([class*='disqus'])"
)
COMMENT_LABEL = re.compile(r"(\d[\d,]*) comments?", re.I)
LANGUAGE = re.compile(r"\s*([A-Za-z]{2,3})(?:[-_]|\s*$)")
TITLE_SEPARATORS = re.compile(r"\s+[|\u2013\u2014-]\s+")
HEADINGS = etree.XPath("//h1 | //h2")
# Separators in a "Site | Title" title, including the rarer ones only a heading that matches a part confirms.
TITLE_PARTS = re.compile(r"\s+[|\u2013\u2014\u00bb\u2022\u00b7-]\s+|\s*(?:\||//|::)\s*")
# Typographic quotes and dashes -> ASCII: a page often declares the plain form and shows the typeset one.
TYPOGRAPHY = str.maketrans(
    dict.fromkeys("\u2018\u2019\u201a", "'")
    | dict.fromkeys("\u201c\u201d\u201e\u00ab\u00bb", '"')
    | dict.fromkeys("\u2013\u2014", "-")
)
# Byline words that are not part of anyone's name, in the languages news is most often written in.
BYLINE_PREFIX = re.compile(
    r"^(?:(?:view|see|show) all (?:posts|articles|stories) (?:by|of|from)|(?:zeige )?alle (?:beitr\u00e4ge|artikel)"
    r" von|tous les articles de|todos los art\u00edculos de|by|words by|written by|story by|reviewed by|posted by"
    r"|(?:gespeichert|eingestellt|erstellt|geschrieben|verfasst|alles) von|publi\u00e9 par|escrito por|scritto da"
    r"|autor(?:in)?|author|von|par|por|di|door|av|af|przez)\s*:?\s+",
    re.I,
)
# "and" in those languages; "A und B" is two people.
BYLINE_SPLIT = re.compile(r"\s*(?:,|;|&|\|)\s*|\s+(?:(?i:and)|und|og|och|et|y|e)\s+")
MAX_NAME_WORDS = 5  # a longer "name" is a sentence that happens to sit in a byline element
# Links to an author's page (WordPress /author/slug/ and its translations).
AUTHOR_LINKS = etree.XPath(
    "//a[contains(@href, '/author/') or contains(@href, '/authors/') or contains(@href, '/autor/')"
    " or contains(@href, '/autoren/') or contains(@href, '/auteur/') or contains(@href, '/autore/')]"
)
# Elements whose class or id says they hold the author or byline (the last resort).
BYLINE_CLASSED = etree.XPath(
    "//*[self::span or self::div or self::p or self::a or self::strong or self::li]"
    "[contains(translate(@class, 'AUTHORBYLINE', 'authorbyline'), 'author')"
    " or contains(translate(@class, 'BYLINE', 'byline'), 'byline') or contains(@id, 'author')]"
)
# Short elements whose own text opens with a byline word: the page writes its byline without marking it up.
BYLINE_TEXT = etree.XPath(
    "//*[self::p or self::span or self::div or self::small or self::em or self::i or self::li or self::h4]"
    "[starts-with(translate(normalize-space(text()), 'BYVONPARTEXSD', 'byvonpartexsd'), 'by ')"
    " or starts-with(translate(normalize-space(text()), 'BYVONPARTEXSD', 'byvonpartexsd'), 'von ')"
    " or starts-with(translate(normalize-space(text()), 'BYVONPARTEXSD', 'byvonpartexsd'), 'par ')"
    " or starts-with(translate(normalize-space(text()), 'BYVONPARTEXSD', 'byvonpartexsd'), 'posted by ')]"
)
MAX_BYLINE_CHARS = 80
BYLINE_END = re.compile(r"\s+(?:[|@\u2022\u00b7]|am|on|le|el|\d)|\s*[|\u2022\u00b7]")  # "| date", "@ 12:00", "am 3."
# Readers' comments and the comment form name commenters ("Name (required)"), never the article's author; a class
# such as "comments-open" on the body or the article only says comments are allowed.
COMMENT_AREA = re.compile(r"^(?:comments?|commentlist|respond|comment[-_](?!open|closed).*)$", re.I)
# "Surname, Given" with one word each side (citation and Dublin Core meta write authors so).
SURNAME_FIRST = re.compile(r"^(?P<surname>[^\W\d_][\w'-]*),\s*(?P<given>[^\W\d_][\w'.-]*)$")
# After a name: "(obe)", a desk code or role in parentheses; "@handle", the author's social account; Korean
# "기자" (reporter) and "특파원" (correspondent), which follow the name.
PARENTHESIS = re.compile(r"\s*(?:\([^)]*\)?|@\w+)\s*$|\s+(?:\uae30\uc790|\ud2b9\ud30c\uc6d0)$")
# Not a name: a profile url or handle, a url slug ("sophie-foster"), a photo credit ("Image: Getty"), a bare "By".
NOT_A_NAME = re.compile(
    r"^(?:https?:|@)|^[a-z0-9]+(?:-[a-z0-9]+)+$|:|^(?i:by|von|par|por|di|door|av|af)$"
    r"|^(?i:ph\.?d|m\.?d|mba|msc|mph|r\.?d|r\.?n|dr)\.?$"  # "Grant Tinsley, PhD": a degree after the comma
)
DOMAIN_LIKE = re.compile(r"\w\.(?:com|net|org|de|at|ch|fr|it|es|nl|co\.uk|uk|info|io)\b", re.I)
UPDATED_BY = re.compile(r"\b(?:updated|edited|additional reporting|contributions?)\s+by\b.*$", re.I)
STAFF = re.compile(r"^(?:the\s+)?(?:[\w.&' -]+\s+)?staff(?:\s+(?:writer|reporter))?$", re.I)
EMAIL = re.compile(r"\S+@\S+\.\w+")
# Generic chrome that reads like a paragraph.
BOILERPLATE = re.compile(
    r"^(?:advertisement|related:|read more:|read next:|sign up for|subscribe to|follow us on|share this"
    r"|view this (?:post|photo|video) on instagram|a (?:post|photo|video) shared by )",
    re.I,
)
TRAILING_COMMA = re.compile(r",\s*([}\]])")
MAX_LD_NODES = 5000
NOSCRIPT_TEXT = 2000  # characters; no-JavaScript notices and tracking pixels hold far less
_SITE_CHROME = etree.XPath(
    "//nav[not(ancestor::article)] | //footer[not(ancestor::article)] | //aside[not(ancestor::article)]"
    " | //style | //noscript | //template"
)
_NORMALISE = re.compile(r"\W+")


@cache
def select(css: str) -> CSSSelector:
    """Return the compiled selector for `css` (compiled once per process)."""
    return CSSSelector(css)


@dataclass
class Page:
    """The parsed document and its structured metadata, read once; every field function takes one."""

    url: str
    html: str
    doc: HtmlElement  # site chrome (nav, footer, rails) removed
    ld: dict[str, Any]  # the article's JSON-LD node, {} when there is none
    ld_index: dict[str, dict[str, Any]]  # every JSON-LD node by @id
    meta: dict[str, list[str]]  # lowercased <meta property|name|itemprop> -> contents, in page order

    def text(self, css: str) -> str | None:
        """Return the text of the first element matching `css` that has any."""
        return next((t for el in select(css)(self.doc) if (t := element_text(el))), None)

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


# ------------------------------------------------------------------------------------------------ entry point


def parse(url: str, html: str) -> Article:
    """Extract any news page; raise ParseError (and nothing else) naming the field when it cannot."""
    return guarded(url, lambda: _parse(url, html))


def guarded(url: str, work: Callable[[], Article]) -> Article:
    """Run `work`; turn any exception but ParseError into one, so a crawl never dies on one page."""
    try:
        return work()
    except ParseError:
        raise
    except Exception as exc:
        problem = f"parser failed ({type(exc).__name__}: {exc})"
        raise ParseError(url, None, problem, fix="report it with this page as a fixture") from exc


def _parse(url: str, html: str) -> Article:
    """Do the work of parse() for input that may raise anything."""
    page = read_page(url, html)
    title = headline(page)
    if not title:
        raise ParseError(url, "headline", "no headline", HEADLINE_TRIED)
    body = body_of(page)
    if body is None:
        raise ParseError(url, "body_text", "no body text", (*BODY_CONTAINERS, "trafilatura", "JSON-LD articleBody"))
    canonical = canonical_url(page)
    return Article(
        url=url,
        canonical_url=canonical,
        site=site_name(canonical),
        headline=title,
        body_text="\n\n".join(body.blocks),
        deck=deck(page),
        authors=authors(page),
        published_at=published_at(page),
        updated_at=updated_at(page),
        body_html=body.html,
        lead_image=lead_image(page, body),
        tags=tags(page),
        embeds=body.embeds,
        links=body.links,
        comment_count=comment_count(page),
        language=language(page),
        kind=kind(page),
    )


# ------------------------------------------------------------------------------------------------ the page


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
        most = len(doc.text_content()) / 2
        drop_all([el for el in chrome if el.tag in ("style", "noscript", "template") or len(el.text_content()) < most])
    index = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}
    article = next((n for n in nodes if types_of(n) & ARTICLE_TYPES), {})
    return Page(url, html, doc, article, index, meta)


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
    for el in select(f"[itemprop~='{prop}']")(page.doc):
        value = el.get("content") or el.get("datetime") or (el.get("href") if el.tag == "link" else None)
        values.append(value if value is not None else element_text(el))
    return [v for v in values if v]


# ------------------------------------------------------------------------------------------------ fields


def headline(page: Page) -> str | None:
    """The headline the page shows (its article's h1) when the declared one (JSON-LD, og:title, ...) only adds a
    site name or section to it; else JSON-LD headline -> og:title / twitter:title (site suffix cut) ->
    itemprop=headline -> h1 -> <title>."""
    candidates = [page.ld_text("headline"), page.ld_text("name") if page.ld else None]
    candidates += [strip_site_suffix(page, page.meta_text(key)) for key in HEADLINE_META]
    shown = page.text("article h1") or page.text("h1")
    candidates += [*microdata(page, "headline")[:1], shown]
    title = page.doc.find(".//title")
    candidates.append(strip_site_suffix(page, element_text(title) if title is not None else None))
    found = [c for c in map(collapse, filter(None, candidates)) if c]
    publisher = _publisher_names(page)  # a title that is only the site's name is no headline
    declared = next((c for c in found if _NORMALISE.sub("", c.lower()) not in publisher), found[0] if found else None)
    if shown and declared and (_wraps(declared, shown) or _typeset(declared, shown)):
        return shown
    return _titled_heading(page, declared) or declared


def _typeset(declared: str, shown: str) -> bool:
    """Whether `shown` is `declared` with typographic quotes and dashes (the page shows the typeset form)."""
    return declared != shown and _plain(declared) == _plain(shown)


def _plain(text: str) -> str:
    """`text` with typographic quotes and dashes made ASCII and white space collapsed."""
    return " ".join(text.translate(TYPOGRAPHY).split())


def _titled_heading(page: Page, declared: str | None) -> str | None:
    """The h1 or h2 that shows the longest part of a declared "Blog name | Post title" (which part is the site's
    name differs from site to site, but the page's own heading shows the post's)."""
    parts = [_normalise(p) for p in TITLE_PARTS.split(declared or "")]
    if len(parts) < 2:
        return None
    longest = max(parts, key=len)
    for el in HEADINGS(page.doc):
        if (text := collapse(element_text(el))) and _normalise(text) == longest:
            return text
    return None


def _wraps(declared: str, shown: str) -> bool:
    """Whether `declared` is `shown` with a site name, section or kicker around it ("Shown | Site", "Topic: Shown")."""
    outer, inner = _normalise(declared), _normalise(shown)
    return len(inner) >= HEADLINE_MIN_CHARS and inner in outer and outer != inner


def strip_site_suffix(page: Page, title: str | None) -> str | None:
    """Cut " | Site" / " - Site" from a title when the last segment names the site (og:site_name or the host)."""
    if not title:
        return None
    parts = TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    names = {n.lower() for n in (page.meta_text("og:site_name"), page.meta_text("application-name")) if n}
    names.add(site_name(page.url))
    last = parts[-1].strip().lower()
    if last in names or last.replace(" ", "").replace(".com", "") in names:
        return title[: title.rfind(parts[-1])].rstrip(" |-\u2013\u2014")
    return title


def deck(page: Page) -> str | None:
    """A shown deck (.article-excerpt, p.strapline, ...) -> JSON-LD alternativeHeadline / description -> og/meta."""
    candidates = [page.first_text(DECK_SELECTORS), page.ld_text("alternativeHeadline"), page.ld_text("description")]
    candidates.append(page.meta_text(*DECK_META))
    return next((c for c in candidates if c), None)


def authors(page: Page) -> list[Author]:
    """JSON-LD author(s) -> author meta tags, when they name a person -> byline elements -> the publisher named as
    author by JSON-LD or meta -> links to author pages -> elements classed as an author or byline."""
    publisher = _publisher_names(page)
    declared = ld_authors(page) or [
        Author(n) for v in page.metas(*AUTHOR_META) if not v.startswith("http") for n in author_names(v)
    ]
    if any(_is_person(a.name, publisher) for a in declared):
        return unique_authors(declared)
    for css in BYLINE_SELECTORS:
        if found := _byline(page, css):
            return unique_authors(found)
    if found := [a for a in _author_links(page) if _is_person(a.name, publisher)]:
        return unique_authors(found)  # a link to a person's author page says more than the site named as author
    if declared:  # CMSs fill in the site's name when an article has no byline; it is still what the page says
        return unique_authors(declared)
    classed = [a for a in _byline(page, BYLINE_CLASSED, first_only=True) if _is_person(a.name, publisher)]
    return unique_authors(classed or _written_byline(page))


def _written_byline(page: Page) -> list[Author]:
    """Names from the first short text that reads as a byline ("By Jo Park | 12/10/2020", "von Jo Park"), when no
    markup names the author: every name capitalised, at most four words."""
    for el in BYLINE_TEXT(page.doc):
        text = element_text(el)
        if len(text) > MAX_BYLINE_CHARS or _in_comments(el) or not BYLINE_PREFIX.match(text):
            continue
        names = author_names(BYLINE_END.split(text, maxsplit=1)[0])
        if names and all(len(n.split()) <= 4 and all(w[:1].isupper() for w in n.split()) for n in names):
            return [Author(n) for n in names]
    return []


def _byline(page: Page, css: str | etree.XPath, first_only: bool = False) -> list[Author]:
    """Names in the elements `css` selects (with their profile link when the element is one), from the first byline
    that names anyone and the elements beside it: teasers of other articles further down carry bylines too."""
    found: list[Author] = []
    first: HtmlElement | None = None
    for el in (css if isinstance(css, etree.XPath) else select(css))(page.doc):
        if _in_comments(el) or (first is not None and not _beside(el, first)):
            continue
        names = [n for n in author_names(element_text(el)) if len(n.split()) <= MAX_NAME_WORDS]
        found += [Author(n, http_url(page.url, el.get("href")) if el.tag == "a" else None) for n in names]
        if first is None and found:
            first = el
        if first_only and found:
            break
    return found


def _beside(el: HtmlElement, first: HtmlElement) -> bool:
    """Whether `el` shares a parent or grandparent with `first` (one byline listing several people)."""
    parent, first_parent = el.getparent(), first.getparent()
    if parent is None or first_parent is None:
        return False
    return parent is first_parent or parent.getparent() is first_parent.getparent()


def _in_comments(el: HtmlElement) -> bool:
    """Whether `el` sits in the readers' comments or a form (the comment form's "Name" field)."""
    return any(
        node.tag == "form"
        or any(COMMENT_AREA.match(t) for t in [*(node.get("class") or "").split(), node.get("id") or ""])
        for node in (el, *el.iterancestors())
    )


def _author_links(page: Page) -> list[Author]:
    """Names linked to author pages (/author/slug/, /autoren/...), from the first byline that has any."""
    links = [a for a in AUTHOR_LINKS(page.doc) if not _in_comments(a)]
    if not links:
        return []
    byline = links[0].getparent()
    near = [a for a in links if a.getparent() is byline or a.getparent().getparent() is byline.getparent()]
    return [
        Author(n, http_url(page.url, a.get("href")))
        for a in near
        for n in author_names(element_text(a))
        if len(n.split()) <= MAX_NAME_WORDS
    ]


def _publisher_names(page: Page) -> set[str]:
    """Normalised names of the site itself: og:site_name, application-name, the JSON-LD publisher, the host."""
    people = page.ld.get("author")
    entities = [page.ref(page.ld.get("publisher")), *map(page.ref, people if isinstance(people, list) else [people])]
    names = [page.meta_text("og:site_name"), page.meta_text("application-name"), site_name(page.url)]
    for entity in entities:
        if not isinstance(entity, dict) or not isinstance(entity.get("name"), str):
            continue
        if entity is entities[0] or types_of(entity) & {"Organization", "NewsMediaOrganization"}:
            names.append(entity["name"])
    return {_NORMALISE.sub("", n.lower()) for n in names if n}


def _is_person(name: str, publisher: set[str]) -> bool:
    """False for the publisher named as author ("LAOLA1.at", "Lesotho Times"), domains and handles with digits."""
    key = _NORMALISE.sub("", name.lower())
    if not key or key in publisher or any(key == p + tld for p in publisher for tld in ("com", "de", "at")):
        return False
    return not DOMAIN_LIKE.search(name) and not any(c.isdigit() for c in name)


def ld_authors(page: Page) -> list[Author]:
    """Authors named by the JSON-LD article node (object, list, @id reference or string)."""
    people = page.ld.get("author") or page.ld.get("creator")
    found: list[Author] = []
    for person in people if isinstance(people, list) else [people]:
        person = page.ref(person)
        if isinstance(person, str):
            found += [Author(n) for n in author_names(person)]
        elif isinstance(person, dict) and isinstance(person.get("name"), str):
            url = person.get("url") if isinstance(person.get("url"), str) else None
            found += [Author(n, http_url(page.url, url)) for n in author_names(person["name"])]
    return found


def author_names(text: str | None) -> list[str]:
    """Split a byline ("By A and B", "A, B & C") into names; drop "Updated by ...", emails and staff bylines."""
    text = UPDATED_BY.sub("", EMAIL.sub("", collapse(unescape(text or ""))))
    text = BYLINE_PREFIX.sub("", text.strip(" ,;|-\u2192\u00bb"))
    surname_first = SURNAME_FIRST.match(text)
    if surname_first and all(_capitalised(w) for w in surname_first.groups()):  # not "dpa, AFP": two agencies
        return [f"{surname_first['given']} {surname_first['surname']}"]  # "Brazil, Rachel", as catalogues write
    names = []
    for part in BYLINE_SPLIT.split(text):
        name = BYLINE_PREFIX.sub("", PARENTHESIS.sub("", part).strip(" ()[]-\u2013\u2014:\u2192\u00bb\u00a9"))
        if name and not NOT_A_NAME.search(name) and not STAFF.match(name) and any(c.isalpha() for c in name):
            names.append(name)
    return names


def _capitalised(word: str) -> bool:
    """ "Rachel", not "AFP" or "dpa"."""
    return word[:1].isupper() and word[1:].islower()


def unique_authors(found: Iterable[Author]) -> list[Author]:
    """Keep the first author of each name (case-insensitive), preferring one with a profile url."""
    unique: dict[str, Author] = {}
    for author in found:
        key = author.name.lower()
        if key not in unique or (unique[key].url is None and author.url):
            unique[key] = Author(author.name, author.url or unique.get(key, author).url)
    return list(unique.values())


def lead_image(page: Page, body: Body | None = None) -> str | None:
    """og:image -> JSON-LD image (url, object, list or @id) -> twitter:image -> thumbnailUrl -> first body image."""
    image = page.ref(page.ld.get("image"))
    image = page.ref(image[0]) if isinstance(image, list) and image else image
    if isinstance(image, dict):
        image = image.get("url") or image.get("contentUrl")
    candidates = [
        page.meta_text("og:image", "og:image:url", "og:image:secure_url"),
        image if isinstance(image, str) else None,
        page.meta_text("twitter:image", "twitter:image:src"),
        page.ld_text("thumbnailUrl"),
        next((e.url for e in body.embeds if e.kind == "image"), None) if body else None,
    ]
    return next((u for c in candidates if (u := http_url(page.url, c))), None)


def tags(page: Page) -> list[str]:
    """JSON-LD keywords -> article:tag / news_keywords / keywords meta; de-duplicated, case-insensitively."""
    keywords = page.ld.get("keywords")
    found = keywords.split(",") if isinstance(keywords, str) else keywords if isinstance(keywords, list) else []
    if not any(isinstance(t, str) and t.strip() for t in found):
        for key in TAG_META:
            found = [t for v in page.metas(key) for t in v.split(",")]
            if found:
                break
    if not found:  # no declared keywords: the tag links the page shows (WordPress writes rel="tag")
        links = next((links for css in TAG_LINKS if (links := select(css)(page.doc))), [])
        found = [element_text(a) for a in links[:MAX_TAG_LINKS]]
    return unique_texts(t for t in found if isinstance(t, str))


def unique_texts(values: Iterable[str]) -> list[str]:
    """Collapse and entity-decode each value; keep the first of each (case-insensitive), drop empties."""
    unique: dict[str, str] = {}
    for value in values:
        if text := collapse(unescape(value)):
            unique.setdefault(text.lower(), text)
    return list(unique.values())


def comment_count(page: Page) -> int | None:
    """JSON-LD commentCount or a CommentAction counter, itemprop=commentCount; None when the page has no number."""
    stats = page.ld.get("interactionStatistic")
    counters = [page.ld.get("commentCount")]
    for stat in stats if isinstance(stats, list) else [stats]:
        if isinstance(stat, dict) and "Comment" in str(stat.get("interactionType", "")):
            counters.append(stat.get("userInteractionCount"))
    counters += microdata(page, "commentCount")
    counters += [m[1].replace(",", "") for el in select(COMMENT_COUNTERS)(page.doc) if (m := _comment_label(el))]
    for value in counters:
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        if isinstance(value, str) and value.strip().isdigit():
            return int(value.strip())
    return None


def _comment_label(el: HtmlElement) -> re.Match[str] | None:
    """Match "N comments" as the whole text of a counter element."""
    return COMMENT_LABEL.fullmatch(element_text(el))


def language(page: Page) -> str | None:
    """Primary subtag of <html lang> -> JSON-LD inLanguage -> og:locale -> content-language, lowercased."""
    values = (page.doc.get("lang"), page.ld.get("inLanguage"), page.meta_text("og:locale", "content-language"))
    for value in values:
        if isinstance(value, str) and (m := LANGUAGE.match(value)):
            return m[1].lower()
    return None


def canonical_url(page: Page, domain: str | None = None) -> str:
    """link[rel=canonical] (on `domain` when given) -> og:url -> the url, cleaned by ``newsbot.urls.clean_url``."""
    links = [absolute_url(page.url, el.get("href")) for el in select(CANONICAL)(page.doc)]
    links.append(absolute_url(page.url, page.meta_text("og:url")))
    return first_canonical(links, domain) or clean_url(page.url)


def kind(page: Page) -> str:
    """JSON-LD Review -> og:type video -> gallery url or type -> "article"."""
    found = types_of(page.ld)
    if found & {"Review", "ReviewNewsArticle"} or page.ld.get("reviewRating"):
        return "review"
    if (page.meta_text("og:type") or "").startswith("video"):
        return "video"
    path = urlsplit(page.url).path
    if "ImageGallery" in found or re.search(r"/(?:gallery|galleries|photos|pictures)/", path):
        return "gallery"
    return "article"


# ------------------------------------------------------------------------------------------------ body


def walk(
    container: HtmlElement,
    base_url: str,
    drop: str = BODY_DROP,
    boilerplate: re.Pattern[str] = BOILERPLATE,
    unreadable: Callable[[HtmlElement], bool] = lambda el: False,
) -> Body:
    """Read a copy of `container`: noise and `drop` removed, embeds detected, links and sanitised HTML collected."""
    root = copy.deepcopy(container)  # the walk rewrites the tree for body_html; metadata reads the page
    root.tail = None
    _strip_noise(root)
    _header_paragraphs(root)
    if drop:
        drop_all(select(drop)(root))
    return read_body(root, base_url, embeds.detect, boilerplate, unreadable)


def _header_paragraphs(root: HtmlElement) -> None:
    """Replace each header inside the article by the paragraphs it holds: a lead paragraph often sits in the
    article's header, beside what is no body text (the headline, a deck in a subheading, the byline, the date)."""
    for header in list(root.iter("header")):
        if header.getparent() is None:
            continue
        kept = lxml.html.fragment_fromstring("<div></div>")
        kept.extend(copy.deepcopy(p) for p in header.iter("p"))
        kept.tail = header.tail
        header.getparent().replace(header, kept)


def container(page: Page, selectors: Sequence[str] = BODY_CONTAINERS) -> HtmlElement | None:
    """The largest element (by paragraph text) of the first selector whose largest holds at least half of the best
    candidate's paragraph text. Largest, not first: a page's first <article> is often a teaser or a related story."""
    lengths: dict[HtmlElement, int] = {}  # each paragraph's text measured once, however many candidates hold it

    def size(el: HtmlElement) -> int:
        return sum(lengths.get(p) or lengths.setdefault(p, len(element_text(p))) for p in el.iter("p"))

    groups = [[(size(el), el) for el in select(css)(page.doc)] for css in selectors]
    largest = [max(group, key=lambda pair: pair[0]) for group in groups if group]
    best = max((n for n, _ in largest), default=0)
    return next((el for n, el in largest if best and n * 2 >= best), None)


def body_of(page: Page) -> Body | None:
    """The container's blocks that trafilatura also keeps as text (or trafilatura's own blocks), replaced by JSON-LD
    articleBody when that holds all of it and more; None when empty."""
    extracted = _extracted_blocks(page)
    declared = _declared_blocks(page)
    found = container(page)
    if found is not None:
        body = walk(found, base_url(page))
        if extracted:
            body = keep_blocks(body, _normalise(" ".join(extracted)))
        # A container holding much less than trafilatura found is a teaser or a box, not the article.
        if body.blocks and _length(body.blocks) >= CONTAINER_SHARE * _length(extracted):
            return _paragraphs(page, declared) if whole(declared, body.blocks) else body
    blocks = extracted or declared
    if blocks:
        return _paragraphs(page, declared if whole(declared, blocks) else blocks)
    # Markup without an article: a script-rendered page may hold it in the state its front end renders from.
    held = script_article(page.doc)
    body = walk(held, base_url(page)) if held is not None else None
    return body if body is not None and body.blocks else None


def _declared_blocks(page: Page) -> list[str]:
    """The paragraphs of the page's JSON-LD articleBody; [] when it has none."""
    text = page.ld.get("articleBody")
    return [b for line in (text if isinstance(text, str) else "").split("\n") if (b := collapse(unescape(line)))]


def whole(declared: Sequence[str], found: Sequence[str]) -> bool:
    """Whether articleBody is the whole article: it holds nearly all the word sequences of the text found in the
    markup and adds a tenth or more (a lead, a section, paragraphs the markup loads by script). A teaser, a first
    page or a summary in articleBody fails the first test; a copy of the markup's text fails the second."""
    if not declared or not found:
        return False
    have, found_grams = _grams(declared), _grams(found)
    total = sum(found_grams.values())
    shared = sum((have & found_grams).values())
    return bool(total) and shared >= WHOLE_SHARE * total and sum(have.values()) >= WHOLE_GROWTH * total


def _grams(blocks: Sequence[str]) -> Counter[tuple[str, ...]]:
    """The multiset of 4-word sequences of `blocks`' words (lowercased)."""
    words = _normalise(" ".join(blocks)).split()
    return Counter(zip(words, words[1:], words[2:], words[3:], strict=False))


def _paragraphs(page: Page, blocks: Sequence[str]) -> Body:
    """A body read from plain text blocks, one paragraph each."""
    paragraphs = "".join(f"<p>{_escape(b)}</p>" for b in blocks)
    return walk(lxml.html.fragment_fromstring(f"<div>{paragraphs}</div>"), base_url(page))


def _length(blocks: Sequence[str]) -> int:
    return sum(len(b) for b in blocks)


def keep_blocks(body: Body, kept_text: str) -> Body:
    """Keep the blocks whose words appear in `kept_text`; embed positions are recounted over the kept blocks."""
    keep = [bool(_normalise(b)) and _normalise(b) in kept_text for b in body.blocks]
    if all(keep):
        return body
    before = [sum(keep[:n]) for n in range(len(keep) + 1)]
    body.blocks = [b for b, k in zip(body.blocks, keep, strict=True) if k]
    for embed in body.embeds:
        embed.position = before[min(embed.position, len(keep))]
    texts = set(body.blocks)
    body.links = [link for link in body.links if any(link.text in t for t in texts)]
    return body


def _extracted_blocks(page: Page) -> list[str]:
    """trafilatura's text blocks (paragraphs, headings, list items, quotes, table cells), in order; [] when it finds
    none."""
    try:
        # The page's own tree, copied (trafilatura prunes what it reads): no second parse of the html. Comments are
        # never article text, so trafilatura's search for them is skipped.
        result = trafilatura.bare_extraction(
            copy.deepcopy(page.doc), url=page.url, include_tables=True, include_comments=False, with_metadata=False
        )
    except Exception:  # trafilatura is a heuristic helper here; a failure means "no opinion", not a broken page
        return []
    root = getattr(result, "body", None)
    return [] if root is None else output_blocks(root)


def output_blocks(root: etree._Element) -> list[str]:
    """The text blocks of trafilatura's output tree in order: paragraphs, headings, list items, quotes, table cells
    (a cell holding paragraphs gives those), and the loose text between them (text trafilatura keeps outside any
    paragraph, as the tail of a heading or an image); a line break inside a block separates words."""
    for lb in root.iter("lb"):
        lb.text = "\n"  # the output tree is ours: a break must not glue two lines' words together
    blocks: list[str] = []
    run = [root.text or ""]

    def flush() -> None:
        if text := collapse("".join(run)):
            blocks.append(text)
        run.clear()

    stack = [(root, iter(root))]  # iterative, as the body walk: deep output trees exist
    while stack:
        parent, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            flush()
            run.append((parent.tail or "") if stack else "")
            continue
        holds_blocks = next(child.iterdescendants(*TEXT_BLOCKS, "cell"), None) is not None
        if child.tag in TEXT_BLOCKS or (child.tag == "cell" and not holds_blocks):
            flush()
            run.append("".join(child.itertext()))
            flush()
            run.append(child.tail or "")
        elif holds_blocks:
            flush()
            stack.append((child, iter(child)))
            run.append(child.text or "")
        else:  # inline markup (hi, ref, lb, graphic): its text joins the run
            run.append("".join(child.itertext()) + (child.tail or ""))
    return blocks


def _normalise(text: str) -> str:
    """Lowercased words joined by single spaces: what two extractions of one paragraph share."""
    return " ".join(_NORMALISE.sub(" ", text.lower()).split())


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def base_url(page: Page) -> str:
    """The page's <base href> when it names one, else its url."""
    return next((u for el in page.doc.iter("base") if (u := absolute_url(page.url, el.get("href")))), page.url)
