"""What sits inside an article's container but is no part of the article: pointers to other stories ("Read also:"),
their headings, and other chrome recognised by its words; the precision side of the body rules."""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

from newsbot.parsers.body import INLINE_TAGS, element_text
from newsbot.parsers.page import normalise as _normalise

# "Read also" and its kin in the languages of the sets we know: the heading of a box of other stories, or the label
# of a one-line pointer to one. Whole phrases, so that article prose starting with "Related" is not caught.
READ_ALSO = (
    r"(?:you (?:may|might) (?:also )?(?:like|enjoy)|related(?: (?:stories|articles|posts|content|coverage|news|reading"
    r"|links|topics))?|read (?:more|also|next)|also read|more (?:from|on|stories|news|to read)"
    r"|recommended(?: for you| stories| articles)?|further reading|see also|don'?t miss|most (?:read|popular)"
    r"|popular (?:posts|stories|articles)"
    r"|lesen sie (?:auch|mehr)|auch interessant|das (?:könnte|dürfte) (?:sie|dich) (?:auch )?interessieren"
    r"|weitere (?:artikel|beiträge|themen|nachrichten)(?: zum thema)?|mehr zum thema|mehr (?:themen|dazu)"
    r"|zum weiterlesen|empfohlene (?:beiträge|artikel)|schon gelesen\??|auch lesen|meistgelesen"
    r"|ähnliche (?:artikel|beiträge)"
    r"|(?:à )?lire aussi|sur le même sujet|à voir aussi|articles similaires|vous aimerez aussi"
    r"|(?:te|le) puede interesar|lea también|lee también|puedes ver|noticias relacionadas|artículos relacionados"
    r"|você (?:também )?pode gostar|leia também|veja também|leggi anche|potrebbe interessarti|articoli correlati"
    r"|czytaj (?:też|także|również)|zobacz (?:też|także|również)|lees ook|les også|les mer|læs også|läs också)"
)
# The phrase alone (a heading), as the label of a pointer ("Read also: <another story's title>"), or leading a
# label line ("Lesen Sie auch die folgenden Beiträge:").
READ_ALSO_BLOCK = (
    rf"{READ_ALSO}\s*(?:[:.…!]\s*)*$|[(\[>«»\s-]*{READ_ALSO}\s*(?:su|on|in)?\s*[:|]|{READ_ALSO}\b[^.!?:]{{0,40}}:\s*$"
)
# Short lines of their own: a picture's credit, a comment counter, the heading of a table of contents.
LABELS = (
    r"(?=.{0,120}$)(?:\(?(?:photos?|image|picture|fotos?|bild|titelbild|beitragsbild|cr[eé]dits?(?: photos?)?"
    r"|copyright)\s*(?:credits?)?\s*:|keine kommentare|no comments(?: yet)?\b|view comments"
    r"|\d+ (?:comments?|kommentare)\b|kommentare insgesamt|leave a (?:comment|reply)\b"
    r"|(?:inhaltsverzeichnis|table of contents|contents|sommaire)\s*:?$)"
)
# Calls to follow, subscribe or write in, and the credit line of a wire story's contributors: a block of their own.
CALLS = (
    r"follow (?:\S+ ){1,4}on (?:twitter|facebook|instagram|google news|x)\b"
    r"|(?:get|sign up for|subscribe to) (?:the|our) .{0,80}(?:newsletters?\b|in your inbox)"
    r"|have a (?:news )?tip\?|got a story\?|do you have a story"
    r"|if you (?:enjoyed|liked) (?:this|reading this) (?:article|post)"
    r"|.{0,250}\bcontributed (?:to )?this report\W*$"
)
# A short block that names a newsletter and a way to get it ("Sign up for our weekly newsletter", "Newsletter
# abonnieren", "... straight to your inbox"): a call to subscribe, wherever in the block its words stand.
NEWSLETTER = (
    r"(?=.{0,300}$)(?=.*newsletter)(?=.*(?:\bsign(?:ing)? up\b|\bsubscrib(?:e|ing)\b|\binbox\b|abonn|anmeld"
    r"|melde dich|posteingang|suscr[ií]b|inscri))"
)
# A short block that asks readers to write in at an address or to follow the paper or its writer ("Get in touch
# with our news team at news@...", "Follow him on Twitter @..."), wherever in the block: a call, not the article.
CONTACT = (
    r"(?=.{0,300}$)(?=.*(?:\b(?:get in touch|e-?mail us|write to us)\b.*@"
    r"|\bfollow (?:us|him|her|them|me) (?:on (?:twitter|x|facebook|instagram)\b|@)))"
)
# A picture's caption ends with its credit ("... the old town hall (Photo: Jane Doe/AP)", "... Bild: dpa", "Anna
# Berg/Getty Images", "© Agency 2024"): a short block ending so is a caption, not a sentence of the article.
CREDITED = (
    r"(?=.{0,300}$).*(?:\b(?:pictures?|photos?|images?|credits?|fotos?|bild|quelle|source)\s*:\s*[^.!?:()]{1,60}"
    r"|\bgetty images|©[^.!?]{0,60})\)?\s*$"
)
# Generic chrome that reads like a paragraph.
BOILERPLATE = re.compile(
    r"^(?:advertisement|related:|read more:|read next:|sign up for|subscribe to|follow us on|share this"
    r"|view this (?:post|photo|video) on instagram|a (?:post|photo|video) shared by "
    rf"|{READ_ALSO_BLOCK}|{CALLS}|{LABELS}|{CREDITED}|{NEWSLETTER}|{CONTACT})",
    re.I,
)

# Words of class and id names that mark a box of chrome inside the article: a tag list, comments, a consent
# placeholder for an embed, a breadcrumb trail, a modal, a copyright line, links to other stories, a newsletter or
# subscription box, share buttons, a poll, sponsored and affiliate notes, a disclaimer.
CHROME_WORDS = frozenset(
    {
        "tags", "comments", "modal", "consent", "placeholder", "copyright", "breadcrumb", "breadcrumbs",
        "trending", "newsletter", "promo", "related", "share", "sharing", "social", "subscribe", "subscription",
        "signup", "donation", "donate", "outbrain", "taboola", "sponsored", "affiliate", "disclaimer", "poll",
        "quiz", "survey", "recommended", "recommendations", "readmore", "mostread",
    }
)  # fmt: skip
CARD_LENGTH = 300  # characters: an article inside the article holding less is a card for another story
LINE_LENGTH = 150  # characters: a paragraph this long is prose, even when it is all a link
TAG_LENGTH = 40  # characters: a linked list item this short is a tag or a section's name, not a headline
LINKED_SHARE = 0.9  # of a short paragraph's text in links: a pointer to another page
SHOWN_SHARE = 0.5  # of trafilatura's text the paragraphs' element must show for its end to be the article's
TAIL_SHARE = 0.2  # of trafilatura's text: a tail after the article's paragraphs this long is cut
CHROME_SHARE = 0.5  # of the container's text: a box holding more is the article under an odd name, not chrome
_NAMES = etree.XPath("descendant::*/@class | descendant::*/@id")
_WORD = re.compile(r"[a-z]+|[A-Z][a-z]*")
# Any chrome word anywhere in a lowercased class or id value: the cheap test that spares most elements the split into
# words (a word name_words finds is ASCII, so the lowercased value holds it). Lowercasing first, not re.I: an
# alternation of literals runs several times faster without it.
_HINT = re.compile("|".join(sorted(CHROME_WORDS)))


def name_words(el: HtmlElement) -> set[str]:
    """The lowercased words of `el`'s class and id values (split at dashes, underscores and camelCase)."""
    return {w.lower() for w in _WORD.findall(f"{el.get('class', '')} {el.get('id', '')}")}


def chrome_boxes(root: HtmlElement, words: frozenset[str] = CHROME_WORDS) -> list[HtmlElement]:
    """The elements under `root` named as chrome by a word of their class or id, unless one holds half of
    `root`'s text or more."""
    # A box, not a phrase: a credit or copyright span inside a caption goes with the caption's own rules.
    hinted = dict.fromkeys(value.getparent() for value in _NAMES(root) if _HINT.search(value.lower()))
    named = [
        el
        for el in hinted
        if el.tag not in INLINE_TAGS and not words.isdisjoint(name_words(el)) and not _holds_post(el)
    ]
    # The article's own footer (its tags, credits, author box and share bar).
    named += root.iterdescendants("footer")
    total = _size(root) if named else 0
    boxes = [el for el in named if _size(el) < CHROME_SHARE * total]
    # Another story's card: an article inside the article holding a link, a headline and a line of teaser.
    cards = [el for el in root.iterdescendants("article") if len(element_text(el)) < CARD_LENGTH and _links(el)]
    return boxes + cards


def link_lines(root: HtmlElement) -> list[HtmlElement]:
    """The short paragraphs under `root` whose text is all a link: a pointer to another story set as a line of its
    own ("Bus route to run through the old town"), not a sentence of the article, which links a few words."""
    return [p for p in root.iter("p") if _linked_line(p)]


def link_lists(root: HtmlElement) -> list[HtmlElement]:
    """The lists under `root` whose every item is a word or a few, all of a link: the article's tags or topics
    (links to section pages), not a list the article writes, which links a few words of its items; its headlines of
    other stories are left alone (some pages are such lists). None when such lists hold half of `root`'s text or
    more: then they are what the page is about."""
    lists = []
    for ul in root.iter("ul", "ol"):
        items = [li for li in ul if li.tag == "li"]
        if items and all(_linked_line(li, TAG_LENGTH) for li in items):
            lists.append(ul)
    return lists if lists and sum(map(_size, lists)) < CHROME_SHARE * _size(root) else []


def _linked_line(el: HtmlElement, length: int = LINE_LENGTH) -> bool:
    """Whether `el` is a line shorter than `length` whose text is nearly all in links to other pages."""
    if next(el.iter("a"), None) is None or len(text := element_text(el)) >= length:
        return False
    linked = sum(len(element_text(a)) for a in el.iter("a") if a.get("href", "#")[:1] not in ("#", ""))
    return bool(text) and linked >= LINKED_SHARE * len(text)


def _size(el: HtmlElement) -> int:
    """The length of `el`'s text, whitespace and all: cheaper than its collapsed text, and as good for comparing
    sizes (the walk has removed scripts and styles already)."""
    return sum(map(len, el.itertext()))


def _links(el: HtmlElement) -> bool:
    """Whether `el` holds a link to another page."""
    return any(a.get("href", "#")[:1] not in ("#", "") for a in el.iter("a"))


def _holds_post(el: HtmlElement) -> bool:
    """Whether `el` holds an embedded post or player (an iframe or a blockquote): a "social" box is often the
    wrapper of a tweet the article quotes, which the walk reports as an embed."""
    return next(el.iter("iframe", "blockquote"), None) is not None


def paragraph_parent(doc: HtmlElement) -> HtmlElement | None:
    """The element whose own paragraphs (its <p> children, and half of its grandchildren's) hold the most text: the
    article's paragraphs on a page that names no container."""
    score: dict[HtmlElement, float] = {}
    for p in doc.iter("p"):
        if (parent := p.getparent()) is None:
            continue
        n = _size(p)
        score[parent] = score.get(parent, 0) + n
        if (grand := parent.getparent()) is not None:
            score[grand] = score.get(grand, 0) + n / 2
    return max(score, key=score.__getitem__) if score else None


def up_to_end(blocks: list[str], parent: HtmlElement | None) -> list[str]:
    """`blocks` (in document order) up to the last one `parent` or its peers show: what trafilatura keeps after the
    article's paragraphs is a list of other stories, a box about the publisher or the comments. All of them when
    none shows any."""
    if parent is None or not blocks:
        return blocks
    shown = " | ".join(_normalise(element_text(el)) for el in _peers(parent))
    inside = [bool(n := _normalise(b)) and n in shown for b in blocks]
    total = sum(len(b) for b in blocks)
    # An element showing less than half of the text is a box beside the article, not its paragraphs.
    if sum(len(b) for b, i in zip(blocks, inside, strict=True) if i) < SHOWN_SHARE * total:
        return blocks
    end = len(inside) - inside[::-1].index(True)
    # A short tail is the article's own end matter as often as not; a long one is another list or story.
    return blocks[:end] if sum(len(b) for b in blocks[end:]) >= TAIL_SHARE * total else blocks


def _peers(el: HtmlElement) -> list[HtmlElement]:
    """`el` and the elements of its tag and class in its document: the parts of an article split around pictures
    and ads."""
    name = el.get("class")
    if not name:
        return [el]
    return [other for other in el.getroottree().getroot().iter(el.tag) if other.get("class") == name]
