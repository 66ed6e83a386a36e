"""Any news page -> Article: the fields put together. Structured metadata first (JSON-LD, OpenGraph/Twitter/
``article:`` meta, microdata); the headline, bylines and dates by the rules of headline.py, bylines.py and dates.py;
the body by main_text.py (the article container walked in document order, checked against trafilatura).

Site parsers import the field functions below and override only what their markup says better.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from html import unescape
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from newsbot.items import Article
from newsbot.parsers.body import Body, absolute_url, collapse, element_text, http_url
from newsbot.parsers.bylines import authors
from newsbot.parsers.dates import published_at, updated_at
from newsbot.parsers.errors import ParseError
from newsbot.parsers.headline import HEADLINE_TRIED, deck, headline
from newsbot.parsers.main_text import BODY_CONTAINERS, body_of
from newsbot.parsers.page import Page, microdata, read_page, select, types_of
from newsbot.parsers.tag_links import classed_tag_links, link_tag, not_a_tag, tag_page_links
from newsbot.urls import clean_url, first_canonical, site_name

# Links to tag pages shown with the article, most specific first.
TAG_CLASSES = ("tags", "post-tags", "entry-tags", "article-tags", "tag-list")
TAG_LINKS = ("a[rel~='tag']", ", ".join(f".{c} a" for c in TAG_CLASSES))
MAX_TAG_LINKS = 30  # more is a tag cloud, not the article's tags
TAG_META = ("article:tag", "news_keywords", "keywords", "parsely-tags")
CANONICAL = "link[rel~='canonical']"
# Comment counters a page prints itself. Disqus and OpenWeb counters are JavaScript placeholders ("0 Comments"
# before the script runs): they are skipped, so the count stays None instead of a made-up 0.
COMMENT_COUNTERS = (
    "a[href$='#comments']:not([data-disqus-identifier]), [class*='comment-count']:not([class*='disqus'])"
    ":not([data-disqus-identifier]):not([data-spotim-module]), [class*='comments-count']:not([class*='disqus'])"
)
COMMENT_CUES = ("#comments", "comment-count", "comments-count")  # what the markup of COMMENT_COUNTERS must hold
COMMENT_LABEL = re.compile(r"(\d[\d,]*) comments?", re.I)
LANGUAGE = re.compile(r"\s*([A-Za-z]{2,3})(?:[-_]|\s*$)")


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


# ------------------------------------------------------------------------------------------------ fields


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
    """JSON-LD keywords (unless the metas list what it runs together) -> article:tag / news_keywords / keywords meta
    -> tag links; de-duplicated, case-insensitively."""
    keywords = page.ld.get("keywords")
    found = keywords.split(",") if isinstance(keywords, str) else keywords if isinstance(keywords, list) else []
    metas = ([t for v in page.metas(key) for t in v.split(",")] for key in TAG_META)
    declared = next((listed for listed in metas if listed), [])
    if not any(isinstance(t, str) and t.strip() for t in found) or _joined(found, declared):
        found = declared
    if not found:  # no declared keywords: the tag links the page shows (WordPress writes rel="tag")
        links = next((links for css in TAG_LINKS if (links := _tag_links(page, css))), [])
        links = links or classed_tag_links(page)  # an element classed for tags ("articleTags") holds them
        links = links or tag_page_links(page)  # links to the site's tag pages ("/tag/slug/") below the headline
        # WordPress marks its categories rel="category tag": the post's own tags are the links without "category"
        links = [a for a in links if "category" not in (a.get("rel") or "").split()] or links
        found = [link_tag(a) for a in links[:MAX_TAG_LINKS]]
    return unique_texts(t for t in found if isinstance(t, str) and not not_a_tag(t, page.url))


def _joined(keywords: list, listed: list[str]) -> bool:
    """Whether `keywords` is one string of the `listed` keywords run together with spaces ("Boxen Russland Jo Park"
    in JSON-LD beside "Boxen,Russland,Jo Park" in the keywords meta): the list tells where each ends."""
    if len(keywords) != 1 or not isinstance(keywords[0], str) or len(listed) < 2:
        return False
    words = keywords[0].split()
    return sorted(words) == sorted(w for t in listed for w in t.split())


def _tag_links(page: Page, css: str) -> list[HtmlElement]:
    """The elements `css` selects; the class selectors run only when the page has one of their classes (a look-up in
    the page's class index, far cheaper than the descendant search)."""
    if css != TAG_LINKS[0] and not any(page.select(f".{c}") for c in TAG_CLASSES):
        return []
    return select(css)(page.doc)


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
    if any(cue in page.html for cue in COMMENT_CUES):  # a scan of the tree only when the markup can match
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
