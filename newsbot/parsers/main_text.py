"""The article's text: the container walked in document order (what a reader sees, with embeds and links), checked
against trafilatura's blocks (which decide what is text, or supply the body when no container is found), a lead
above the container, a whole JSON-LD articleBody, or prose held in the page's scripts."""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Callable, Sequence
from html import unescape

import lxml.html
import trafilatura
from lxml import etree
from lxml.html import HtmlElement

from newsbot.parsers import embeds
from newsbot.parsers.body import Body, absolute_url, collapse, drop_all, element_text, read_body
from newsbot.parsers.body import strip_noise as _strip_noise
from newsbot.parsers.chrome import (
    BOILERPLATE,
    LINKED_SHARE,
    chrome_boxes,
    link_lines,
    link_lists,
    paragraph_parent,
    up_to_end,
)
from newsbot.parsers.leads import LEAD_LENGTH, lead_above, named_as_lead, named_lead, text_leaves
from newsbot.parsers.page import Page, select
from newsbot.parsers.page import normalise as _normalise
from newsbot.parsers.parts import containers, joined, kept
from newsbot.parsers.script_text import script_article
from newsbot.parsers.selectors import select_any
from newsbot.parsers.standfirst import shows_any, standfirst, summaries

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
        drop_all(chrome_boxes(root))
        drop_all(link_lines(root))
        drop_all(link_lists(root))
    return read_body(root, base_url, embeds.detect, boilerplate, unreadable)


def _header_paragraphs(root: HtmlElement) -> None:
    """Replace each header inside the article by the paragraphs it holds, its long runs of prose (an intro box
    written as a div) and, in the header holding the headline, the texts its class names as the lead: a lead often
    sits in the article's header, beside what is no body text (the headline, a deck in a subheading, the byline, the
    date)."""
    for header in list(root.iter("header")):
        if header.getparent() is None:
            continue
        # In the article's own header (the one holding the headline; a card for another story has one too), a text
        # its class names as the lead is kept however short (keep_blocks still weighs it).
        own = next(header.iter("h1"), None) is not None
        prose = {
            el
            for el in text_leaves(header)
            if el.tag != "p" and (len(element_text(el)) >= LEAD_LENGTH or (own and named_as_lead(el)))
        }
        kept = lxml.html.fragment_fromstring("<div></div>")
        kept.extend(copy.deepcopy(el) for el in header.iter() if el.tag == "p" or el in prose)
        kept.tail = header.tail
        header.getparent().replace(header, kept)


def container(page: Page, selectors: Sequence[str] = BODY_CONTAINERS) -> HtmlElement | None:
    """The largest element (by paragraph text) of the first selector whose largest holds at least half of the best
    candidate's paragraph text. Largest, not first: a page's first <article> is often a teaser or a related story."""
    return containers(page, selectors)[0]


def body_of(page: Page) -> Body | None:
    """The container's blocks that trafilatura also keeps as text (or trafilatura's own blocks), replaced by JSON-LD
    articleBody when that holds all of it and more; None when empty."""
    extracted = _extracted_blocks(page)
    size = _length(_placeholders_once(extracted))
    declared = _declared_blocks(page)
    described = descriptions(page)
    found, parts, headlined = containers(page, BODY_CONTAINERS)
    if found is not None:
        body = walk(found, base_url(page))
        if extracted and size >= LEAD_LENGTH:  # less is a slogan: trafilatura missed the article
            kept_text = _normalise(" ".join(extracted))
            captions = " | ".join(_normalise(element_text(el)) for el in select(CAPTIONS)(found))
            body = keep_blocks(body, kept_text, captions, summaries(described))
            if parts and _length(body.blocks) < CONTAINER_SHARE * size:
                body = chunked(page, parts, kept_text)
        # A container holding much less than trafilatura found is a teaser or a box, not the article (unless it
        # shows the headline, and trafilatura took the next story along).
        if body.blocks and (headlined or _length(body.blocks) >= CONTAINER_SHARE * size):
            if whole(declared, body.blocks):
                return _paragraphs(page, declared)
            return with_standfirst(page, with_lead(body, lead_above(found) or named_lead(found)), found, described)
    # No container named: trafilatura's blocks, up to the end of the paragraphs' own element (what follows is
    # related stories, an "about us" box or comments).
    blocks = (extracted if found is not None else up_to_end(extracted, paragraph_parent(page.doc))) or declared
    if blocks:
        return with_standfirst(
            page, _paragraphs(page, declared if whole(declared, blocks) else blocks), None, described
        )
    # Markup without an article: a script-rendered page may hold it in the state its front end renders from.
    held = script_article(page.doc)
    body = walk(held, base_url(page)) if held is not None else None
    return body if body is not None and body.blocks else None


def _placeholders_once(blocks: Sequence[str]) -> list[str]:
    """`blocks` with each repeat of a long one left out: a paragraph an article shows again and again is the
    placeholder of a blocked embed or a consent box, not its text (short lines repeat in lists and tables)."""
    seen: set[str] = set()
    out = []
    for b in blocks:
        if len(b) < LEAD_LENGTH or b not in seen:
            out.append(b)
            seen.add(b)
    return out


def descriptions(page: Page) -> list[str]:
    """The page's own summaries of the article: its meta descriptions and JSON-LD description."""
    return [*page.metas("description", "og:description", "twitter:description"), page.ld_text("description") or ""]


def chunked(page: Page, parts: Sequence[HtmlElement], kept_text: str) -> Body:
    """The body of an article cut into parts (around ads or pictures; `parts` in document order), of which
    trafilatura reads one: of each part, the blocks trafilatura keeps and the long ones."""
    bodies = []
    for part in parts:
        chunk = walk(part, base_url(page))
        keep = [(bool(n := _normalise(b)) and n in kept_text) or len(b) >= LEAD_LENGTH for b in chunk.blocks]
        bodies.append(kept(chunk, keep))
    return joined(bodies)


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


def keep_blocks(body: Body, kept_text: str, captions: str = "", described: Sequence[str] = ()) -> Body:
    """Keep the blocks whose words appear in `kept_text`, and the long blocks above the first of them that are
    neither in `captions` nor shown twice: a lead or standfirst styled apart from the body, which trafilatura often
    drops as a teaser (labels, datelines and bylines up there are short). The first block (not a caption) that shows
    one of the page's normalised `described` summaries is its standfirst, kept however short. Embed positions are
    recounted."""
    normalised = [_normalise(b) for b in body.blocks]
    keep = [bool(n) and n in kept_text for n in normalised]
    first = keep.index(True) if any(keep) else 0
    seen = Counter(body.blocks)  # a text shown twice up there is a slideshow's caption, not a lead
    linked = [link.text for link in body.links if link.text]
    keep[:first] = [
        len(b) >= LEAD_LENGTH and seen[b] == 1 and n not in captions and not _links_only(b, linked)
        for b, n in zip(body.blocks[:first], normalised, strict=False)
    ]
    if described:
        shown = next((i for i, n in enumerate(normalised) if shows_any(n, described) and n not in captions), None)
        if shown is not None:
            keep[shown] = True
    return kept(body, keep)


def _links_only(block: str, linked: Sequence[str]) -> bool:
    """Whether `block` is mostly the texts of links (`linked`): a row of product or story links, not a lead."""
    return sum(len(t) for t in linked if t in block) >= LINKED_SHARE * len(block)


def with_standfirst(page: Page, body: Body, found: HtmlElement | None, described: Sequence[str]) -> Body:
    """`body` with the page's standfirst (the text above `found` that shows the page's description) as its first
    block, unless a block of the body shows the description already."""
    text = _normalise(" ".join(body.blocks))
    if any(" ".join(d.split()[:-1]) in text for d in summaries(described)):
        return body
    return with_lead(body, standfirst(page.doc, found, described))


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
