"""A lead paragraph set apart from the article's container: many templates print the standfirst in its own element
just above the body (an excerpt or intro box beside the container), where the container walk never looks."""

from __future__ import annotations

from lxml.html import HtmlElement

from newsbot.parsers.body import INLINE_TAGS, element_text

LEAD_LENGTH = 150  # characters: shorter text above the body is a label, a dateline or a byline, not a lead
# Elements above the container whose text is never a lead: pictures and their captions, links (a teaser of another
# story), headings (the headline and its deck), tables, lists and chrome.
NOT_LEAD = {"figure", "figcaption", "a", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "nav", "aside"}


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
