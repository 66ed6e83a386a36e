"""Reading an article body, shared by site parsers: text blocks in document order, outbound links, embed
positions and nh3-sanitised HTML, plus the text and url helpers that go with them.

A site parser picks the body container, removes its own chrome, and calls ``read_body`` with its embed detector
and boilerplate pattern; ``read_body`` knows only HTML, not any site.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from html import escape
from urllib.parse import urljoin, urlsplit

import nh3
from lxml import etree
from lxml.html import HtmlElement, fragment_fromstring, tostring

from newsbot.items import Embed, Link

# Article.body_html keeps what a reader needs and nothing that runs, tracks or styles.
ALLOWED_TAGS = {
    "p", "a", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "figure", "figcaption", "img",
    "em", "strong", "b", "i", "br",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}}
URL_SCHEMES = {"http", "https"}
LINK_REL = "nofollow noopener"
# Elements that never hold article text; removed with their content before anything is extracted.
NOISE_TAGS = (
    "script", "style", "noscript", "template", "svg", "canvas", "form", "button", "input", "select",
    "textarea", "object", "embed", "nav", "link", "meta",
)  # fmt: skip

# Text blocks of Article.body_text; a block holding a structural element is read child by child instead.
BLOCK_TAGS = {"p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote"}
STRUCTURE_TAGS = BLOCK_TAGS | {
    "h1", "div", "section", "article", "header", "footer", "aside", "main", "ul", "ol", "dl", "table",
    "figure", "iframe", "center",
}  # fmt: skip
# Phrasing elements: their text joins the surrounding run of text.
INLINE_TAGS = {
    "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em", "font", "i", "img",
    "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt",
    "u", "var", "wbr",
}  # fmt: skip

# Text nodes outside scripts plus <br> elements, in document order (a <br> separates words).
_TEXT_NODES = etree.XPath(
    ".//text()[not(ancestor::script or ancestor::style or ancestor::noscript or ancestor::template)] | .//br"
)
# The same without the ancestor tests, and without <br>s, for the common elements with no scripts in or around them.
_SCRIPTS = ("script", "style", "noscript", "template")
_ALL_TEXT_OR_BR = etree.XPath(".//text() | .//br")
_ALL_TEXT = etree.XPath(".//text()")
# C0 controls (other than whitespace) and zero-width characters: invisible, but they break matching.
_INVISIBLE: dict[int, str | None] = dict.fromkeys(
    [*range(0x00, 0x09), *range(0x0E, 0x1C), 0x7F, 0x200B, 0x200C, 0x200D, 0xFEFF]
)
# Lone surrogates (JSON-LD "\ud800" escapes) cannot be encoded, so no database would take them: mark them unreadable.
_INVISIBLE.update(dict.fromkeys(range(0xD800, 0xE000), "\ufffd"))
# Any character of _INVISIBLE: most texts hold none, and a search is far cheaper than a translate.
_ANY_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1b\x7f\u200b-\u200d\ufeff\ud800-\udfff]")


def collapse(text: str | None) -> str:
    """Return `text` with whitespace runs (incl. &nbsp;) as single spaces, invisible characters removed and lone
    surrogates replaced by U+FFFD."""
    if not text:
        return ""
    if _ANY_INVISIBLE.search(text) is not None:
        text = text.translate(_INVISIBLE)
    return " ".join(text.split())


def raw_text(el: HtmlElement) -> str:
    """Return the text inside `el` (not its tail), scripts skipped, <br> as a line break, whitespace kept."""
    if next(el.iter(*_SCRIPTS), None) is None and next(el.iterancestors(*_SCRIPTS), None) is None:
        if next(el.iterdescendants("br"), None) is None:
            return "".join(_ALL_TEXT(el))
        nodes = _ALL_TEXT_OR_BR(el)
    else:
        nodes = _TEXT_NODES(el)
    return "".join(node if isinstance(node, str) else "\n" for node in nodes)


def element_text(el: HtmlElement) -> str:
    """Return the visible text of `el` with whitespace collapsed."""
    return collapse(raw_text(el))


def absolute_url(base: str, href: str | None) -> str | None:
    """Return `href` resolved against `base`; None when it is empty or malformed."""
    href = (href or "").strip()
    if not href:
        return None
    try:
        href.encode("utf-8")  # a lone surrogate (from a JSON-LD escape) makes no url
        return urljoin(base, href)
    except ValueError:  # e.g. an unbalanced IPv6 bracket in a hostile page; UnicodeEncodeError is a ValueError
        return None


def http_url(base: str, href: str | None) -> str | None:
    """Return the absolute http(s) url for `href`, or None for mailto:, javascript:, fragments and junk."""
    url = absolute_url(base, href)
    if url is None:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme in ("http", "https") and parts.netloc else None


def drop_all(elements: list[HtmlElement]) -> None:
    """Remove each element with its content but keep the text that follows it."""
    for el in elements:
        if el.getparent() is not None:  # already gone with an ancestor, or the root itself
            el.drop_tree()


def strip_noise(root: HtmlElement) -> None:
    """Remove scripts, styles, forms and other elements that never carry article text."""
    drop_all(list(root.iter(*NOISE_TAGS)))


def clean_html(root: HtmlElement, base_url: str) -> str:
    """Return `root` as sanitised HTML: allow-listed tags, absolute http(s) links with rel="nofollow noopener"."""
    root.make_links_absolute(base_url, resolve_base_href=False, handle_failures="discard")
    html = tostring(root, encoding="unicode", method="html", with_tail=False)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )
    # Stripped wrappers leave runs of blank lines behind; they carry no meaning.
    return "\n".join(line.strip() for line in cleaned.splitlines() if line.strip())


@dataclass
class Body:
    """What ``read_body`` found: text blocks, links and embeds (with positions), and sanitised HTML."""

    blocks: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    embeds: list[Embed] = field(default_factory=list)
    html: str = ""


@dataclass
class _Reader:
    """State of one document-order walk over a body."""

    base_url: str
    boilerplate: re.Pattern[str]
    body: Body = field(default_factory=Body)
    run: list[str] = field(default_factory=list)  # loose text and inline elements not yet closed by a block
    run_anchors: list[HtmlElement] = field(default_factory=list)
    seen_links: set[str] = field(default_factory=set)
    replaced: list[tuple[HtmlElement, Embed]] = field(default_factory=list)
    dropped: list[HtmlElement] = field(default_factory=list)

    def add_block(self, text: str, anchors: list[HtmlElement], el: HtmlElement | None) -> None:
        """Keep a text block unless it is empty or boilerplate; record its new http(s) links."""
        text = collapse(text)
        if not text and el is None:  # most runs between blocks are empty: nothing to keep or drop
            return
        # One match: the pattern is long and tried at many offsets of a block.
        boilerplate = self.boilerplate.match(text) is not None
        if boilerplate and el is not None:
            self.dropped.append(el)
        if not text or boilerplate:
            return
        self.body.blocks.append(text)
        for a in anchors:
            url = http_url(self.base_url, a.get("href"))
            if url and url not in self.seen_links:
                self.seen_links.add(url)
                self.body.links.append(Link(url, element_text(a)))

    def flush(self) -> None:
        """Close the pending run of loose text as one block."""
        self.add_block("".join(self.run), self.run_anchors, None)
        self.run, self.run_anchors = [], []


def read_body(
    root: HtmlElement,
    base_url: str,
    detect: Callable[[HtmlElement, str], list[Embed]],
    boilerplate: re.Pattern[str],
    unreadable: Callable[[HtmlElement], bool] = lambda el: False,
) -> Body:
    """Walk `root` in document order; `detect` names embeds, `boilerplate` drops chrome blocks by text,
    `unreadable` drops elements with neither text nor a known embed. `root` is rewritten for the HTML: pass a copy.
    """
    reader = _Reader(base_url, boilerplate)
    reader.run.append(root.text or "")
    stack = [(root, iter(root))]  # iterative, not recursive: hostile pages nest thousands deep
    while stack:
        parent, children = stack[-1]
        child = next(children, None)
        if child is None:  # end of a container: close its text, continue with its tail in the parent
            stack.pop()
            reader.flush()
            reader.run.append((parent.tail or "") if stack else "")
            continue
        if not isinstance(child.tag, str):  # a comment or processing instruction
            reader.run.append(child.tail or "")
            continue
        found = detect(child, base_url)
        nested = next(child.iterdescendants(*STRUCTURE_TAGS), None) is not None
        if not found and child.tag in INLINE_TAGS and not nested:
            reader.run.append(raw_text(child) + (child.tail or ""))
            reader.run_anchors.extend(child.iter("a"))
            continue
        reader.flush()
        if found:
            reader.body.embeds.extend(replace(e, position=len(reader.body.blocks)) for e in found)
            reader.replaced.append((child, found[0]))
        elif child.tag in BLOCK_TAGS and not nested:
            reader.add_block(raw_text(child), list(child.iter("a")), child)
        elif unreadable(child):
            reader.dropped.append(child)
        else:
            stack.append((child, iter(child)))
            reader.run.append(child.text or "")
            continue
        reader.run.append(child.tail or "")
    reader.body.html = _body_html(root, reader)
    return reader.body


def _body_html(root: HtmlElement, reader: _Reader) -> str:
    """Sanitised body HTML: boilerplate removed, each embed replaced by a plain figure linking to it."""
    drop_all(reader.dropped)
    for el, embed in reader.replaced:
        if el.getparent() is None:
            continue
        url, caption = escape(embed.url), escape(embed.caption or "")
        media = f'<img src="{url}" alt="{caption}">' if embed.kind == "image" else f'<a href="{url}">{url}</a>'
        figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
        figure = fragment_fromstring(f"<figure>{media}{figcaption}</figure>")
        figure.tail = el.tail
        el.getparent().replace(el, figure)
    return clean_html(root, reader.base_url)
