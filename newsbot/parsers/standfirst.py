"""The standfirst a page's own description repeats: many templates print it in the article's header, apart from the
body's container (or inside it, where trafilatura drops it as a teaser), and set the same text as the page's meta
description. A text on the page that shows the description is article text."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from newsbot.parsers.body import INLINE_TAGS, STRUCTURE_TAGS, element_text
from newsbot.parsers.page import normalise

DESCRIBED_LENGTH = 40  # characters (normalised): a shorter description is a slogan or a label, found anywhere
DESCRIBED_SHARE = 0.6  # of the description a text must show when it shows only part of it
DESCRIBED_OFFSET = 30  # characters a text may show before the description (a dateline), not a caption's worth
MAX_KEYS = 3  # descriptions looked up (meta, Open Graph, Twitter, JSON-LD): most pages repeat one text
PUNCTUATION = ".,;:!?\"'()[]\u00ab\u00bb\u201c\u201d\u201e\u201a\u2018\u2019\u2026"
# Where a text that shows the description is no standfirst: a link (a teaser of this story), the headline, chrome,
# pictures and their captions (which often reuse the description), and what no reader sees.
NOT_STANDFIRST = {"a", "h1", "nav", "aside", "figure", "figcaption", "script", "style", "noscript", "template", "head"}
# Text nodes holding one of n key words: one pass over the page's text in C (each test costs: few keys).
_HOLDING = [
    etree.XPath("//text()[" + " or ".join(f"contains(., $k{k})" for k in range(n)) + "]")
    for n in range(1, MAX_KEYS + 1)
]


def summaries(descriptions: Iterable[str]) -> list[str]:
    """The page's descriptions, normalised, that are long enough to recognise on the page."""
    return [d for d in dict.fromkeys(normalise(d) for d in descriptions) if len(d) >= DESCRIBED_LENGTH]


def shows_any(text: str, wanted: Sequence[str]) -> bool:
    """Whether normalised `text` shows any of the normalised descriptions `wanted`."""
    return any(shows(text, d) for d in wanted)


def shows(text: str, description: str) -> bool:
    """Whether normalised `text` shows normalised `description`: holds it near its start (its last word may be cut,
    as descriptions are truncated), or is most of it."""
    if len(text) < DESCRIBED_LENGTH:
        return False
    words = description.split()
    whole = " ".join(words[:-1]) if len(words) > 6 else description
    return 0 <= text.find(whole) <= DESCRIBED_OFFSET or (
        text in description and len(text) >= DESCRIBED_SHARE * len(description)
    )


def standfirst(root: HtmlElement, container: HtmlElement | None, descriptions: Sequence[str]) -> str | None:
    """The text of the element that shows one of `descriptions` (raw meta values) nearest above `container` (first
    under `root` when there is none); None when no element shows one. Only the blocks holding a description's longest
    word are read: no walk over the page."""
    wanted = summaries(descriptions)
    distinct = {normalise(d): d for d in descriptions}.values()
    words = (max((w.strip(PUNCTUATION) for w in d.split()), key=len, default="") for d in distinct)
    keys = list(dict.fromkeys(w for w in words if len(w) > 3))[:MAX_KEYS]  # the longest word of each
    if not wanted or not keys:
        return None
    blocks = _blocks(_HOLDING[len(keys) - 1](root, **{f"k{n}": key for n, key in enumerate(keys)}))
    if container is not None:  # above the container, nearest first
        spot = _position(container)
        blocks = [el for el in reversed(blocks) if _position(el) < spot]  # one inside it sorts after it
    return next((text for el in blocks if shows_any(normalise(text := element_text(el)), wanted)), None)


def _position(el: HtmlElement) -> list[int]:
    """`el`'s place in document order: its child index at each level from the root."""
    return [parent.index(child) for child in (el, *el.iterancestors()) if (parent := child.getparent()) is not None][
        ::-1
    ]


def _blocks(nodes: Iterable[Any]) -> list[HtmlElement]:
    """The innermost blocks (no block inside; not in links, headlines, captions or chrome) holding text `nodes`, in
    document order (scripts and styles skipped)."""
    blocks: dict[HtmlElement, None] = {}
    for node in nodes:
        el = node.getparent()
        if el.tag in ("script", "style"):
            continue
        while el is not None and el.tag in INLINE_TAGS and el.tag != "a":
            el = el.getparent()
        if el is None or el in blocks or next(el.iterdescendants(*STRUCTURE_TAGS), None) is not None:
            continue
        if not any(a.tag in NOT_STANDFIRST for a in (el, *el.iterancestors())):
            blocks[el] = None
    return list(blocks)
