"""The day a page shows its readers, for dates.py to choose among the page's machine dates (or to stand in for
them): the dateline nearest the headline, a date written right under it without markup, a line labelled as the
publication, a date in the page's title. Dates are read with htmldate's patterns, plus month names of more languages.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from itertools import islice

from htmldate.extractors import try_date_expr
from lxml.etree import XPath
from lxml.html import HtmlElement

from newsbot.parsers.page import Page

EARLIEST_SHOWN, LATEST_SHOWN = datetime(1995, 1, 1), datetime(2100, 12, 31)
# The class, id or itemprop of an element that shows a date to readers: a dateline, a byline, a post's meta line.
SHOWN_CUE = re.compile(r"date|datum|time|zeit|publi|posted|byline|subline|meta|info|fecha|data|autor|author", re.I)
HIDDEN_TAGS = frozenset({"script", "style", "head", "meta", "link", "noscript", "template"})
# Not datelines: code, the head, and links (a link's date is the linked page's).
SHOWN_TAGS = HIDDEN_TAGS | {"a"}
# A dateline labelled as a change ("Updated 20:49, 5 Aug 2024", "Aktualisiert: 11.04.2020") shows the modified day.
UPDATED_LABEL = re.compile(
    r"updat|modifi|aktualisiert|geändert|actualiz|atualiz|mis à jour|mise à jour|aggiornat|bijgewerkt|zaktualizowan",
    re.I,
)
SHOWN_LENGTH = range(6, 121)  # a dateline, not a paragraph that happens to name a day
SHOWN_MAX = 20  # the dates a page shows first; a long list further down is its archive or its comments
UNDER_HEADLINE = 20  # elements after the h1 that still belong to its byline
HEADLINE_TEXT = 80  # characters of text after the h1 that still belong to its byline (a dateline, not the lead)
# Month names htmldate's patterns do not read (they read English, French, German, Indonesian and Turkish): Spanish,
# Portuguese, Italian, Dutch, the Scandinavian languages, Polish and Russian (in the genitive a date is written with).
MONTH_NAMES = (
    "enero janeiro gennaio januari januar stycznia января",
    "febrero fevereiro febbraio februari februar lutego февраля",
    "marzo março maart mars marca марта",
    "abril aprile april kwietnia апреля",
    "mayo maio maggio mei maj maja мая",
    "junio junho giugno juni czerwca июня",
    "julio julho luglio juli lipca июля",
    "agosto augustus augusti sierpnia августа",
    "septiembre setiembre setembro settembre september września сентября",
    "octubre outubro ottobre oktober października октября",
    "noviembre novembro novembre november listopada ноября",
    "diciembre dezembro dicembre december desember grudnia декабря",
)  # fmt: skip
MONTH_OF = {name: n for n, names in enumerate(MONTH_NAMES, 1) for name in names.split()}
MONTH_WORD = re.compile(r"\b(" + "|".join(sorted(MONTH_OF, key=len, reverse=True)) + r")\b", re.I)
# "6 de mayo de 2022", "2020年2月19日": the joining words and signs a day, month and year are written with.
DATE_JOINERS = re.compile(r"\s+(?:de|del)\s+|[年月]|日|º", re.I)
# A dateline's label naming the publication, and the 6-40 characters after it that hold the date.
PUBLISHED_LABEL = re.compile(
    r"(?:published|posted|written|veröffentlicht|erstellt|erschienen|publié|publicado|pubblicato|gepubliceerd|"
    r"opublikowano)(?:\s+(?:on|am|le|el|il|em|op))?\s*:?\s*(.{6,40})",
    re.I,
)
UNDER_HEADLINE_XPATH = XPath("(descendant::* | following::*)[position() <= $n]")
VISIBLE_TEXT = XPath("//body//text()[not(ancestor::script or ancestor::style)]")
ENGLISH_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# A date in running text: 1.2.2022, 01/02/2022, 2022-02-01, 1. Februar 2022, Feb 1, 2022.
DATE_IN_TEXT = re.compile(
    r"(?<!\d)(?:\d{1,2}\.\s?\d{1,2}\.\s?(?:19|20)\d\d|\d{1,2}/\d{1,2}/(?:19|20)\d\d|(?:19|20)\d\d-\d\d-\d\d"
    r"|\d{1,2}\.?\s+[^\W\d_]{3,}\.?\s+(?:19|20)\d\d|[^\W\d_]{3,}\.?\s+\d{1,2},?\s+(?:19|20)\d\d)(?!\d)"
)


def shown_day(page: Page, under_headline: bool = False) -> date | None:
    """The day the page shows nearest its headline (its first h1): the text of a <time> or of an element whose class,
    id or itemprop names a date, a byline or a post's meta line, read with htmldate's patterns (numeric days and month
    names of many languages). Nearest, because a masthead's "today" sits above the headline and the dates of related
    stories and comments below the article. `under_headline`: only a dateline just below the headline counts."""
    headline = next(page.doc.iter("h1"), None)
    if under_headline:
        return None if headline is None else _under(headline)
    anchor = 0
    seen: list[tuple[int, date]] = []
    for pos, el in enumerate(page.doc.iter()):
        if el is headline:
            anchor = pos
        if len(seen) >= SHOWN_MAX:
            if headline is None or anchor:
                break
        elif (found := _dateline_day(el)) is not None:
            seen.append((pos, found))
    if headline is None:
        return seen[0][1] if seen else None
    return min(seen, key=lambda s: (abs(s[0] - anchor), s[0] < anchor), default=(0, None))[1]


def _under(headline: HtmlElement) -> date | None:
    """The day of the first dateline among the elements just after the headline."""
    after = UNDER_HEADLINE_XPATH(headline, n=UNDER_HEADLINE)
    return next((found for el in after if (found := _dateline_day(el)) is not None), None)


def _dateline_day(el: HtmlElement) -> date | None:
    """The day `el` shows when it is a dateline (a <time>, or its class, id or itemprop names one), not labelled as an
    update."""
    if not isinstance(el.tag, str) or el.tag in SHOWN_TAGS:
        return None
    if el.tag != "time" and not _cued(el):
        return None
    found = read_dateline(el.text_content())
    return found if found is not None and not _updated(el) else None


def _cued(el: HtmlElement) -> bool:
    """Whether the element's class, id or itemprop names a dateline (a plain loop: this runs on every element)."""
    for name in ("class", "id", "itemprop"):
        value = el.get(name)
        if value and SHOWN_CUE.search(value):
            return True
    return False


def headline_text_day(page: Page) -> date | None:
    """The first date written in the first characters of text after the headline (a dateline without markup)."""
    headline = next(page.doc.iter("h1"), None)
    if headline is None:
        return None
    pieces = [headline.tail or ""]
    after = False
    for el in page.doc.iter():
        if not after:
            after = el is headline
            continue
        if headline in el.iterancestors():
            continue  # the headline's own words
        if isinstance(el.tag, str) and el.tag not in HIDDEN_TAGS and el.text:
            pieces.append(el.text)
        pieces.append(el.tail or "")
        if sum(map(len, pieces)) > 2 * HEADLINE_TEXT:
            break
    text = " ".join(" ".join(pieces).split())[:HEADLINE_TEXT]
    for match in DATE_IN_TEXT.finditer(text):
        if (found := read_dateline(match[0])) is not None:
            return found
    return None


def title_day(page: Page) -> date | None:
    """A date the page writes into its <title> or og:title ("Gegenoffensive: Ziele, Chancen | DW | 28.04.2023")."""
    title = page.doc.find(".//title")
    for text in (title.text_content() if title is not None else "", page.meta_text("og:title") or ""):
        for match in DATE_IN_TEXT.finditer(text):
            if (found := read_dateline(match[0])) is not None:
                return found
    return None


def labelled_day(page: Page) -> date | None:
    """The day of the page's first dateline labelled as its publication ("Erstellt am: 01.11.2023", "Published on
    Feb 19, 2020"), wherever it stands: a page without date markup often writes it at the article's end."""
    text = " ".join(" ".join(VISIBLE_TEXT(page.doc)).split())
    for match in PUBLISHED_LABEL.finditer(text):
        if (found := read_dateline(match[1])) is not None:
            return found
    return None


def read_dateline(text: str) -> date | None:
    """The day a short dateline names ("19. Februar 2020", "19/02/2020", "Feb 19, 2020"), or None."""
    text = " ".join(islice(text.split(), 40))
    if len(text) not in SHOWN_LENGTH:
        return None
    text = MONTH_WORD.sub(lambda m: ENGLISH_MONTHS[MONTH_OF[m[1].lower()] - 1], DATE_JOINERS.sub(" ", text))
    found = try_date_expr(text, "%Y-%m-%d", False, EARLIEST_SHOWN, LATEST_SHOWN)
    if not found:
        return None
    day = date.fromisoformat(found)
    # htmldate reads "Mai 2024" as the 1st of May: a dateline that names no day names no day.
    return day if re.search(rf"(?<!\d)0?{day.day}(?!\d)", text) else None


def _updated(el: HtmlElement) -> bool:
    """Whether the words before the first digit of the element's text, or of its parent's, label an update."""
    return any(node is not None and UPDATED_LABEL.search(_label(node)) for node in (el, el.getparent()))


def _label(node: HtmlElement) -> str:
    """The last words of the node's text before its first digit (read no further than that digit)."""
    label = ""
    for piece in node.itertext():
        digit = next((i for i, c in enumerate(piece) if c.isdigit()), None)
        label = (label + piece[:digit])[-40:]
        if digit is not None:
            break
    return label
