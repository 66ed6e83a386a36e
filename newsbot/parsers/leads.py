"""A lead paragraph set apart from the article's container: many templates print the standfirst in its own element
just above the body (an excerpt or intro box beside the container), where the container walk never looks."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from newsbot.parsers.body import INLINE_TAGS, element_text

LEAD_LENGTH = 150  # characters: shorter text above the body is a label, a dateline or a byline, not a lead
# Elements above the container whose text is never a lead: pictures and their captions, links (a teaser of another
# story), headings (the headline and its deck), tables, lists and chrome.
NOT_LEAD = {"figure", "figcaption", "a", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "nav", "aside"}
# Class and id words templates give the article's own lead (teaser, intro, excerpt, standfirst...), and how many
# ancestors of the container the search for one climbs (the lead box sits in the article's header, or in a hero box
# above the body's grid and column wrappers, up to six levels up).
LEAD_NAMES = re.compile(r"(?<![a-z])(?:intro|lead|lede|excerpt|abstract|standfirst|teaser|summary)(?![a-z])", re.I)
LEAD_LEVELS = 6
# Where a lead-named element is another story's teaser or a picture's caption, not this article's lead.
NOT_NAMED_LEAD = NOT_LEAD - {"h2", "h3", "h4", "h5", "h6"}


def lead_above(container: HtmlElement) -> str | None:
    """The text of the one long run of prose among the container's preceding siblings; None when there is none, or
    more than one (a list of teasers for other stories, not this story's lead)."""
    found = [
        text
        for sibling in container.itersiblings(preceding=True)
        for leaf in text_leaves(sibling)
        if len(text := element_text(leaf)) >= LEAD_LENGTH and " " in text  # a long url is no prose
    ]
    return found[0] if len(found) == 1 else None


def text_leaves(root: HtmlElement) -> list[HtmlElement]:
    """The elements under `root` (itself included) that hold only text and inline markup, skipping the subtrees of
    pictures, links, headings, tables, lists and chrome."""
    leaves = []
    stack = [root]  # iterative: hostile pages nest deep
    while stack:
        el = stack.pop()
        if not isinstance(el.tag, str) or el.tag in NOT_LEAD or el.tag in INLINE_TAGS:
            continue
        children = [c for c in el if isinstance(c.tag, str)]
        if all(c.tag in INLINE_TAGS for c in children):
            leaves.append(el)
        else:
            stack.extend(children)
    return leaves


def named_lead(container: HtmlElement) -> str | None:
    """The text of the one long element above the container (under its nearest ancestors) that its class or id
    names as the lead ("article-teaser", "post-excerpt", "intro-text"); None when there is none, or more than one
    (teasers of other stories). A named lead may be styled as a heading (a deck set in an h2); a lead box holding a
    picture is the lead art and its caption."""
    found: dict[str, None] = {}
    el = container
    for _ in range(LEAD_LEVELS):
        for sibling in el.itersiblings(preceding=True):
            for leaf in _named(sibling):
                text = element_text(leaf)
                if len(text) >= LEAD_LENGTH and " " in text and not _linked(leaf, text) and not _pictured(leaf):
                    found[text] = None
        el = el.getparent()
        if el is None or el.tag == "body":
            break
    return next(iter(found)) if len(found) == 1 else None


def _named(root: HtmlElement) -> list[HtmlElement]:
    """The innermost elements under `root` (itself included) named as a lead, outside pictures, links and chrome."""
    named = []
    stack = [root]  # iterative: hostile pages nest deep
    while stack:
        el = stack.pop()
        if not isinstance(el.tag, str) or el.tag in NOT_NAMED_LEAD:
            continue
        stack.extend(c for c in el if isinstance(c.tag, str))
        if el.tag not in INLINE_TAGS and named_as_lead(el):
            named.append(el)
    # A lead box holding a named text element: the text element is the lead.
    return [el for el in named if not any(o is not el and el in o.iterancestors() for o in named)]


def named_as_lead(el: HtmlElement) -> bool:
    """Whether `el`'s class or id names it as the article's lead ("story-teaser", "intro-text", "post-excerpt")."""
    return LEAD_NAMES.search(f"{el.get('class', '')} {el.get('id', '')}") is not None


def _pictured(el: HtmlElement) -> bool:
    """Whether `el` holds a picture or a player: the lead art ("lead-image") and its caption, not a lead text."""
    return next(el.iter("img", "picture", "video", "iframe"), None) is not None


def _linked(el: HtmlElement, text: str) -> bool:
    """Whether half of `el`'s text is in links: a teaser pointing to another page."""
    return sum(len(element_text(a)) for a in el.iter("a")) * 2 >= len(text)
