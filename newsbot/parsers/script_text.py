"""Article text a page holds only in a script: the state a JavaScript front end renders from (Next.js'
``__NEXT_DATA__``, ``application/json`` blocks, ``window.X = {...}`` or ``.push({...})`` assignments).

Not a reader of any framework's layout: every double-quoted string literal long enough to be an article is decoded
as JSON, read as HTML, and the one with the most prose wins. Only for pages whose markup holds no article at all.
"""

from __future__ import annotations

import json
import re

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from newsbot.parsers.body import collapse

# A JSON string literal of at least this many characters (escapes included).
LONG_STRING = re.compile(r'"((?:[^"\\]|\\.){500,})"', re.S)
MIN_TEXT = 500  # characters of text: a shorter field is a teaser, a caption or a title
MAX_WORD = 20  # mean characters per word: longer is an identifier, a url list or base64, not prose
SKIPPED_TYPES = ("application/ld+json", "text/template", "text/html")  # JSON-LD has its own reader


def script_article(doc: HtmlElement) -> HtmlElement | None:
    """The longest prose held in a string of the page's inline scripts, as a <div> to walk; None when none is."""
    best: tuple[int, HtmlElement] | None = None
    for script in doc.iter("script"):
        if script.get("src") or (script.get("type") or "").strip().lower() in SKIPPED_TYPES or not script.text:
            continue
        for match in LONG_STRING.finditer(script.text):
            found = _prose(match[1])
            if found is not None and (best is None or found[0] > best[0]):
                best = found
    return best[1] if best else None


def _prose(literal: str) -> tuple[int, HtmlElement] | None:
    """A decoded string literal as (text length, element) when it reads as prose, else None."""
    try:
        value = json.loads(f'"{literal}"')
    except ValueError:
        return None
    try:
        root = lxml.html.fragment_fromstring(value, create_parent="div")
    except (etree.ParserError, ValueError):
        return None
    text = collapse(root.text_content())
    words = text.split()
    if len(text) < MIN_TEXT or len(text) / len(words) > MAX_WORD:
        return None
    return len(text), root
