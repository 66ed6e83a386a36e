"""Any news page -> Article: structured metadata first (JSON-LD, OpenGraph/Twitter/``article:`` meta, microdata),
the article container walked in document order for the body (trafilatura decides which of its blocks are text, or
supplies the body when no container is found); the dates come from parsers/dates.py.

Site parsers import the field functions below and override only what their markup says better.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from html import unescape
from urllib.parse import urlsplit

import lxml.html
import trafilatura
from lxml import etree
from lxml.html import HtmlElement

from newsbot.items import Article
from newsbot.parsers import embeds
from newsbot.parsers.body import Body, absolute_url, collapse, drop_all, element_text, http_url, read_body
from newsbot.parsers.body import strip_noise as _strip_noise
from newsbot.parsers.bylines import authors
from newsbot.parsers.dates import published_at, updated_at
from newsbot.parsers.errors import ParseError
from newsbot.parsers.headline import HEADLINE_TRIED, deck, headline
from newsbot.parsers.leads import LEAD_LENGTH, lead_above, text_leaves
from newsbot.parsers.page import Page, microdata, read_page, select, types_of
from newsbot.parsers.page import normalise as _normalise
from newsbot.parsers.script_text import script_article
from newsbot.parsers.selectors import select_any
from newsbot.urls import clean_url, first_canonical, site_name

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
CAPTIONS = "figure, figcaption, [class*='caption']"  # a long text above the body in these is no lead
# Inside a container: related-story cards, newsletter boxes, ads, share bars and other chrome.
BODY_DROP = (
    "aside, .injected-related-story, .related, .related-stories, .newsletter, .newsletter-signup, .ad, .ad-unit, "
    ".advert, .share, .social-share, .c-read-more, .m-ad, [data-analytics-link='related-story'], .recommendation, "
    "[class*='trending-in-article'], .author-bio, h1"
)
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
# Generic chrome that reads like a paragraph.
BOILERPLATE = re.compile(
    r"^(?:advertisement|related:|read more:|read next:|sign up for|subscribe to|follow us on|share this"
    r"|view this (?:post|photo|video) on instagram|a (?:post|photo|video) shared by )",
    re.I,
)


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
        drop_all(select_any(root, drop))
    return read_body(root, base_url, embeds.detect, boilerplate, unreadable)


def _header_paragraphs(root: HtmlElement) -> None:
    """Replace each header inside the article by the paragraphs it holds and its long runs of prose (an intro box
    written as a div): a lead often sits in the article's header, beside what is no body text (the headline, a deck
    in a subheading, the byline, the date)."""
    for header in list(root.iter("header")):
        if header.getparent() is None:
            continue
        prose = {el for el in text_leaves(header) if el.tag != "p" and len(element_text(el)) >= LEAD_LENGTH}
        kept = lxml.html.fragment_fromstring("<div></div>")
        kept.extend(copy.deepcopy(el) for el in header.iter() if el.tag == "p" or el in prose)
        kept.tail = header.tail
        header.getparent().replace(header, kept)


def container(page: Page, selectors: Sequence[str] = BODY_CONTAINERS) -> HtmlElement | None:
    """The largest element (by paragraph text) of the first selector whose largest holds at least half of the best
    candidate's paragraph text. Largest, not first: a page's first <article> is often a teaser or a related story."""
    lengths: dict[HtmlElement, int] = {}  # each paragraph's text measured once, however many candidates hold it

    def size(el: HtmlElement) -> int:
        return sum(lengths.get(p) or lengths.setdefault(p, len(element_text(p))) for p in el.iter("p"))

    groups = [[(size(el), el) for el in page.select(css)] for css in selectors]
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
            captions = " | ".join(_normalise(element_text(el)) for el in select(CAPTIONS)(found))
            body = keep_blocks(body, _normalise(" ".join(extracted)), captions)
        # A container holding much less than trafilatura found is a teaser or a box, not the article.
        if body.blocks and _length(body.blocks) >= CONTAINER_SHARE * _length(extracted):
            return _paragraphs(page, declared) if whole(declared, body.blocks) else with_lead(body, lead_above(found))
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


def keep_blocks(body: Body, kept_text: str, captions: str = "") -> Body:
    """Keep the blocks whose words appear in `kept_text`, and the long blocks above the first of them that are
    neither in `captions` nor shown twice: a lead or standfirst styled apart from the body, which trafilatura often
    drops as a teaser (labels, datelines and bylines up there are short). Embed positions are recounted."""
    keep = [bool(n := _normalise(b)) and n in kept_text for b in body.blocks]
    first = keep.index(True) if any(keep) else 0
    seen = Counter(body.blocks)  # a text shown twice up there is a slideshow's caption, not a lead
    keep[:first] = [
        len(b) >= LEAD_LENGTH and seen[b] == 1 and _normalise(b) not in captions for b in body.blocks[:first]
    ]
    if all(keep):
        return body
    before = [sum(keep[:n]) for n in range(len(keep) + 1)]
    body.blocks = [b for b, k in zip(body.blocks, keep, strict=True) if k]
    for embed in body.embeds:
        embed.position = before[min(embed.position, len(keep))]
    texts = set(body.blocks)
    body.links = [link for link in body.links if any(link.text in t for t in texts)]
    return body


def with_lead(body: Body, lead: str | None) -> Body:
    """`body` with `lead` (the prose just above its container) as its first block, unless the body holds it."""
    if lead is None or _normalise(lead) in _normalise(" ".join(body.blocks)):
        return body
    body.blocks.insert(0, lead)
    for embed in body.embeds:
        embed.position += 1
    body.html = f"<p>{_escape(lead)}</p>\n{body.html}"
    return body


def _extracted_blocks(page: Page) -> list[str]:
    """trafilatura's text blocks (paragraphs, headings, list items, quotes, table cells), in order; [] when it finds
    none."""
    try:
        # The page's own tree: no second parse of the html, and no copy of ours (trafilatura copies an element it
        # is given before pruning it). Comments are never article text, so trafilatura's search for them is skipped;
        # only its body tree is read, so it is not also rendered as text ("python" output would).
        result = trafilatura.bare_extraction(
            page.doc,
            url=page.url,
            include_tables=True,
            include_comments=False,
            with_metadata=False,
            output_format="xml",
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


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def base_url(page: Page) -> str:
    """The page's <base href> when it names one, else its url."""
    return next((u for el in page.doc.iter("base") if (u := absolute_url(page.url, el.get("href")))), page.url)
