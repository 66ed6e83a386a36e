"""The article's authors: JSON-LD and meta tags when they name a person, else the byline the page shows (marked up,
linked to author pages, or only written out), with byline words, roles, emails and the publisher's own name cut."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice, takewhile

from lxml import etree
from lxml.html import HtmlElement

from newsbot.items import Author
from newsbot.parsers.body import collapse, element_text, http_url
from newsbot.parsers.names import (
    BYLINE_PREFIX,
    CJK_BYLINE_LABEL,
    LOGIN,
    STAFF,
    author_names,
    is_person,
    is_site,
    login_key,
    name_key,
    names_person,
    prose,
    publisher_names,
    site_names,
    unique_authors,
)
from newsbot.parsers.page import Page, types_of

AUTHOR_META = (
    "author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl", "og:article:author",
    "og:author", "article:author_name", "cxenseparse:author", "shareaholic:article_author_name",
)  # fmt: skip
BYLINE_SELECTORS = (
    "[itemprop~='author'] [itemprop~='name']", "[itemprop~='author']", "a[rel~='author']",
    ".author .fn, .byline .fn",  # hCard: the formatted name in the author's vcard (WordPress themes)
    ".byline a", ".author-name", ".byline",
)  # fmt: skip
# Slack and Twitter unfurl labels: "twitter:label1" = "Written by" beside "twitter:data1" = the author's name (what
# WordPress SEO plugins write, in the site's language), or one meta named after its label ("twitter:misc:Written by").
WRITTEN_BY = re.compile(
    r"(?:written|posted) by|(?:verfasst|geschrieben) von|[e\u00e9]crit par|escrito por|author|autor", re.I
)
MAX_LABELS = 4
SITE_DASH = re.compile(r"\s+[-\u2013\u2014]\s+")  # "Example - Jo Park": the site's name and the author's
STAFF_SELECTORS = (".author-name", ".byline")  # both answered from the page's attribute index
MAX_STAFF_WORDS = 4  # "Guardian staff reporter"; longer is a sentence about the staff
MAX_NAME_WORDS = 5  # a longer "name" is a sentence that happens to sit in a byline element
# Bylines that list every author, both answered from the page's attribute index (this runs on most pages).
CO_AUTHOR_SELECTORS = ("[itemprop~='author']", ".byline")
# Links to an author's page (WordPress /author/slug/ and its translations).
AUTHOR_LINKS = etree.XPath(
    "//a[contains(@href, '/author/') or contains(@href, '/authors/') or contains(@href, '/autor/')"
    " or contains(@href, '/autoren/') or contains(@href, '/auteur/') or contains(@href, '/autore/')"
    " or contains(@href, '/staff/') or contains(@href, '/journalist') or contains(@href, '/newsteam/')]"
)
# Elements whose class or id says they hold the author or byline (the last resort).
BYLINE_CLASSED = etree.XPath(
    "//*[self::span or self::div or self::p or self::a or self::strong or self::li or self::ul or self::address"
    " or self::dd"
    " or self::small or self::em or self::h3 or self::h4 or self::h5]"
    "[contains(translate(@class, 'AUTHORBYLINE', 'authorbyline'), 'author')"
    " or contains(translate(@class, 'BYLINE', 'byline'), 'byline') or contains(@id, 'author')]"
)
# What BYLINE_CLASSED looks for, and the selectors of BYLINE_SELECTORS that hold a class or itemprop the page must
# have: the page's attribute index tells when they can match nothing, far cheaper than a scan of the tree.
CLASSED_CASE = str.maketrans("AUTHORBYLINE", "authorbyline")
BYLINE_NEEDS = {
    "[itemprop~='author'] [itemprop~='name']": "[itemprop~='author']",
    ".author .fn, .byline .fn": ".fn",
    ".byline a": ".byline",
}
# Short elements whose own text opens with a byline word ("By <a>Jo Park</a>", "von Jo Park") or ends with one
# ("Ein Artikel von <b>Jo Park</b>"): the page writes its byline without marking it up.
BYLINE_TEXT_TAGS = ("p", "span", "div", "small", "em", "i", "li", "h4")
BYLINE_OWN_TEXT = re.compile(
    r"^(?:by|von|par|posted by):?(?:\s|$)|\s(?:by|von:?)$"
    # "Text von Jo Park", "Eine Kolumne von Jo Park", "Auteur : Jo Park", "Autoren Jo Park und Ada Roe"
    r"|^(?:(?:ein|eine)\s+)?(?:blog\s?)?(?:text|artikel|beitrag|bericht|kolumne|kommentar|gastbeitrag)\s+von\s"
    r"|^(?:texte|texto|testo)\s+(?:de|di)\s|^(?:autor(?:in|en|es|e|i)?|auteurs?|authors?)\s*(?::\s*|\s)\w"
    rf"|^{CJK_BYLINE_LABEL}",
    re.I,
)
# An element that holds only the byline word, the name following it in the next element ("<strong>Autor</strong>
# Jo Park", "<span>By </span><span>Jo Park</span>"): a label the page styles apart from the name.
BYLINE_LABEL = re.compile(
    r"[|\s]*(?:by|von|par|por|door|written by|autor(?:in|en)?(?:/autor(?:in)?)?|authors?|auteurs?)\s*:?\s*", re.I
)
LABEL_TAGS = ("strong", "b", "dt", "label")
LABEL_DEPTH = 3  # boxes around a label that hold nothing else
MAX_BYLINE_CHARS = 80
BYLINE_END = re.compile(r"\s+(?:[|@\u2022\u00b7]|am|on|le|el|\d)|\s*[|\u2022\u00b7]")  # "| date", "@ 12:00", "am 3."
# Readers' comments and the comment form name commenters ("Name (required)"), never the article's author; a class
# such as "comments-open" on the body or the article only says comments are allowed.
COMMENT_AREA = re.compile(r"^(?:comments?|commentlist|respond|comment[-_](?!open|closed).*)$", re.I)
# After a name in a byline element: "| date", "@ 12:00", "am 3.", "on May 2", a date, a link to the profile.
MARKUP_END = re.compile(
    r"\s+(?:[|@\u2022\u00b7]|(?:am|on|le|el)\b|\d)|\s*[|\u2022\u00b7]"
    r"|\s+(?i:alle artikel|all (?:posts|articles|stories)|follow|folgen|stand|aktualisiert|updated"
    r"|published|ver\u00f6ffentlicht|publi\u00e9|illustration(?:en|s)?|fotos?|photos?|grafik)\b"
    # a weekday before the date: "Jo Park Fr, 18. Oktober", "Jo Park Friday 3 May"
    r"|\s+(?i:mo|di|mi|do|fr|sa|so|mon|tue|wed|thu|fri|sat|sun|montag|dienstag|mittwoch|donnerstag|freitag"
    r"|samstag|sonntag|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\.?,?\s+\d"
)
# "Posted on May 2, 2020 by Jo Park": WordPress themes print the date before the byline.
POSTED_ON = re.compile(r"^(?i:posted|published|ver\u00f6ffentlicht)\s+(?i:on|am)\s+.*?\d{4},?\s+(?=(?i:by|von)\s)")
NUMERIC_DATE = re.compile(r"\d{1,2}\.\s?\d{1,2}\.\s?\d{4}|\d{4}-\d{2}-\d{2}")  # "11.12.2019", "2019-12-11"
DATED_PARTS = re.compile(r"\s+[|\u2022\u00b7\u2013-]\s+|\s*\|\s*")
MAX_DATED_LINE = 60
NEAR_BEFORE, NEAR_AFTER, NEAR_DEPTH = 3, 6, 20  # siblings of the h1 (and of its parent) read, elements in each
PLAIN_NAME = re.compile(r"[^\W\d_][\w'.-]*(?:\s+[^\W\d_][\w'.-]*){1,2}")  # two or three words, nothing else
SIGNATURE_TAGS = {"strong", "b", "em", "i", "font"}  # "<p><b><i>Jo Park</i></b></p>": a name signing the text
MIN_PROSE = 150  # characters of the paragraph before a signature
MAX_SURNAMES = 2  # "Nils Pickert", "Ana Lopez Vidal"
POSTING_TYPES = {"DiscussionForumPosting", "SocialMediaPosting"}  # a thread's opening post names its writer


def authors(page: Page) -> list[Author]:
    """The people JSON-LD, the author meta tags or a "Written by" unfurl label name (an organisation beside them left
    out, a given name alone completed) -> byline elements -> links to author pages -> elements classed as an author
    or byline -> a byline only written out -> a name signing the text -> the organisation (often the publisher)
    named as author by JSON-LD or meta, when the page names nobody else."""
    publisher = publisher_names(page)
    declared = ld_authors(page) or _meta_authors(page.metas(*AUTHOR_META)) or _meta_authors(_labelled(page))
    declared = [_without_site(a, publisher) for a in declared]
    if any(is_person(a.name, publisher) for a in declared):
        site = site_names(page)
        # the site's own name and descriptions ("Professor at ...") beside the people are no authors
        people = [a for a in declared if not is_site(a.name, site) and len(a.name.split()) <= MAX_NAME_WORDS]
        people = _full_names(page, people)
        return unique_authors(_co_authors(page, _display_names(page, people)))
    for css in BYLINE_SELECTORS:
        if found := _byline(page, css):
            return unique_authors(found)
    if found := [a for a in _author_links(page) if is_person(a.name, publisher)]:
        return unique_authors(found)  # a link to a person's author page says more than the site named as author
    classed = _byline(page, BYLINE_CLASSED, first_only=True)
    found = [a for a in classed if is_person(a.name, publisher)] or _written_byline(page) or _dated_name(page)
    found = found or _signature(page)
    # An organisation named as author (often the CMS's default: the site's name) gives way to a person's name the
    # page shows, not to a desk code or an agency's acronym.
    if found and (not declared or any(names_person(a.name) for a in found)):
        return unique_authors(found)
    # an organisation is still what the page names ("Redaktion", "Example-Team"), unless it is the site itself
    return unique_authors(declared or [a for a in classed if not is_site(a.name, publisher)] or _staff(page))


def _without_site(author: Author, publisher: set[str]) -> Author:
    """ "Example - Jo Park", "Jo Park - Example": the person's name without the site's name beside it."""
    parts = SITE_DASH.split(author.name)
    names = [p for p in parts if not is_site(p, publisher)]
    if len(parts) == 2 and len(names) == 1 and names_person(names[0]):
        return Author(names[0], author.url)
    return author


def _meta_authors(values: list[str]) -> list[Author]:
    """The names meta contents give (a profile url is no name)."""
    return [Author(n) for v in values if not v.startswith("http") for n in author_names(v)]


def _labelled(page: Page) -> list[str]:
    """The author an unfurl label names ("twitter:label1" "Written by" with "twitter:data1" "Jo Park"), when the
    author metas name nobody (an email address, or none)."""
    misc = [k for k in page.meta if k.startswith("twitter:misc:") and WRITTEN_BY.fullmatch(k[13:])]
    found = page.metas(*misc)
    for n in range(1, MAX_LABELS + 1):
        if WRITTEN_BY.fullmatch((page.meta_text(f"twitter:label{n}") or "").strip()):
            found += page.metas(f"twitter:data{n}")
    return found


def _staff(page: Page) -> list[Author]:
    """A staff byline ("CTN Staff", "By Staff Writer") when it is all the page names: the desk that wrote it (beside
    a person's name it is a role, which author_names drops)."""
    texts = [
        *page.metas(*AUTHOR_META),
        *(element_text(found[0]) for css in STAFF_SELECTORS if (found := page.select(css))),
    ]
    for text in texts:
        name = BYLINE_PREFIX.sub("", collapse(text)).strip()
        if STAFF.match(name) and len(name.split()) <= MAX_STAFF_WORDS:
            return [Author(name)]
    return []


def _co_authors(page: Page, people: list[Author]) -> list[Author]:
    """`people` and the co-authors the page's byline names beside every one of them (metadata often keeps only the
    first of two reporters)."""
    keys = {name_key(a.name) for a in people}
    for css in CO_AUTHOR_SELECTORS:
        shown = _byline(page, css)
        if keys < {name_key(a.name) for a in shown}:
            # not a role or profile label that repeats a name ("Site.com Redakteur", "Twitter von Jo Park")
            more = [a for a in shown if not any(k in name_key(a.name) for k in keys)]
            if all(names_person(a.name) and is_person(a.name, publisher_names(page)) for a in more):
                return people + more
    return people


def _display_names(page: Page, people: list[Author]) -> list[Author]:
    """`people` with each login ("jo_park", "jo.park", "jopark": what a CMS declares when nobody set a display name)
    replaced by the name the page writes for the same person ("Jo Park" in a byline, a link or another meta tag)."""
    if not any(LOGIN.fullmatch(a.name) for a in people):
        return people
    shown = [Author(n) for v in page.metas(*AUTHOR_META) for n in author_names(v)]
    shown += [a for css in BYLINE_SELECTORS for a in _byline(page, css)] + _author_links(page)
    shown += _byline(page, BYLINE_CLASSED)
    by_key = {login_key(a.name): a for a in reversed(shown) if not LOGIN.fullmatch(a.name)}
    return [by_key.get(login_key(a.name), a) if LOGIN.fullmatch(a.name) else a for a in people]


def _written_byline(page: Page) -> list[Author]:
    """Names from the first short text that reads as a byline ("By Jo Park | 12/10/2020", "von Jo Park", or a label
    element and the name after it: "<strong>Autor</strong> Jo Park"), when no markup names the author: every name
    capitalised, at most four words."""
    for el in page.doc.iter(*BYLINE_TEXT_TAGS, *LABEL_TAGS):
        if not el.text:
            continue
        own = " ".join(el.text.split())
        if not len(el) and BYLINE_LABEL.fullmatch(own):
            text = f"By {_after_label(el)}"
        elif BYLINE_OWN_TEXT.search(own) and el.tag in BYLINE_TEXT_TAGS:
            text = POSTED_ON.sub("", element_text(el))
        else:
            continue
        if len(text) > MAX_BYLINE_CHARS or _in_comments(el) or not BYLINE_PREFIX.match(text):
            continue
        names = author_names(MARKUP_END.split(text, maxsplit=1)[0])
        if names and all(len(n.split()) <= 4 and all(map(_capitalised, n.split())) for n in names):
            return [Author(n) for n in names]
    return []


def _after_label(label: HtmlElement) -> str:
    """The text after a byline label: its tail, else the next element beside it or beside a box that holds only the
    label ("<p><strong>By</strong></p><p>Jo Park</p>")."""
    box: HtmlElement | None = label
    for _ in range(LABEL_DEPTH):
        if box is None:
            break
        if (box.tail or "").strip():
            return collapse(box.tail or "")
        after = box.getnext()
        while after is not None and after.tag == "br":  # "<b>Von:</b><br><br>Jo Park"
            if (after.tail or "").strip():
                return collapse(after.tail or "")
            after = after.getnext()
        if after is not None:
            return element_text(after)
        box = box.getparent()
        if box is not None and (box.text or "").strip():
            break
    return ""


def _capitalised(word: str) -> bool:
    """A word of a name: capitalised, or in a script without capitals ("焦鹏")."""
    return word[:1].isupper() or not any(c.isupper() or c.islower() for c in word)


def _dated_name(page: Page) -> list[Author]:
    """The person a short date line by the headline names ("11.12.2019 - Jo Park", "04.02.2022 | 13:10 Uhr |
    Jo Park"): a byline written as the article's date and its author, without a byline word."""
    publisher = publisher_names(page)
    for el in _near_headline(page):
        if len(el) > 2:  # a line of a few spans at most
            continue
        text = element_text(el)
        if len(text) > MAX_DATED_LINE or not NUMERIC_DATE.search(text) or _in_comments(el):
            continue
        parts = [p.strip() for p in DATED_PARTS.split(text) if p.strip()]
        names = [p for p in parts if PLAIN_NAME.fullmatch(p) and names_person(p) and is_person(p, publisher)]
        # not the site's own name in other words ("Rudern Schweiz" on rudern.ch)
        names = [n for n in names if not any(name_key(w) in publisher for w in n.split())]
        if len(names) == 1 and any(NUMERIC_DATE.fullmatch(p) for p in parts):
            return [Author(names[0])]
    return []


def _signature(page: Page) -> list[Author]:
    """The name that signs the article: its last paragraph, one plain name all of it emphasised ("<p><strong>Jo
    Park</strong></p>"), after a paragraph of prose; a bold line followed by more text is a subheading."""
    publisher = publisher_names(page)
    for p in page.doc.iter("p"):
        if len(p) != 1 or (p.text or "").strip() or (p[0].tail or "").strip() or p[0].tag not in SIGNATURE_TAGS:
            continue
        text = element_text(p)
        if not PLAIN_NAME.fullmatch(text) or not names_person(text) or not is_person(text, publisher):
            continue
        if any(element_text(n) or (n.tail or "").strip() for n in p.itersiblings()):
            continue
        before = next((n for n in p.itersiblings(preceding=True) if element_text(n)), None)
        if before is not None and before.tag == "p" and len(element_text(before)) >= MIN_PROSE:
            return [Author(text)]
    return []


def _near_headline(page: Page) -> Iterator[HtmlElement]:
    """The short elements beside the first h1 and beside its parent (a few before, more after), where a header puts
    the article's date line; a bounded walk, not a scan of the page."""
    h1 = next(page.doc.iter("h1"), None)
    for box in (h1, h1.getparent() if h1 is not None else None):
        if box is None:
            continue
        near = [*islice(box.itersiblings(preceding=True), NEAR_BEFORE), *islice(box.itersiblings(), NEAR_AFTER)]
        for sibling in near:
            yield from islice(sibling.iter(*BYLINE_TEXT_TAGS), NEAR_DEPTH)


def _byline(page: Page, css: str | etree.XPath, first_only: bool = False) -> list[Author]:
    """Names in the elements `css` selects (with their profile link when the element is one), from the first byline
    that names anyone and the elements beside it: teasers of other articles further down carry bylines too."""
    found: list[Author] = []
    first: HtmlElement | None = None
    for el in _candidates(page, css):
        if _in_comments(el) or (first is not None and not _beside(el, first)):
            continue
        names = _markup_names(element_text(el))
        listed = _listed_names(el)
        # none read whole, or one "name" that is the listed ones run together ("Rosa Lind Tomas Berg")
        if not names or (len(listed) > 1 and names == [" ".join(listed)] and all(map(names_person, listed))):
            names = listed
        found += [Author(n, http_url(page.url, el.get("href")) if el.tag == "a" else None) for n in names]
        if first is None and found:
            first = el
        if first_only and found:
            break
    return found


def _candidates(page: Page, css: str | etree.XPath) -> list[HtmlElement]:
    """The elements `css` selects; none, without a scan of the tree, when the page lacks what it needs."""
    if css is BYLINE_CLASSED:
        classes = (v.translate(CLASSED_CASE) for v in page.attribute_values("class"))
        if not any("author" in v or "byline" in v for v in classes) and not any(
            "author" in v for v in page.attribute_values("id")
        ):
            return []
    if isinstance(css, etree.XPath):
        return css(page.doc)
    needs = BYLINE_NEEDS.get(css)
    return page.select(css) if needs is None or page.select(needs) else []


def _beside(el: HtmlElement, first: HtmlElement) -> bool:
    """Whether `el` shares a parent or grandparent with `first` (one byline listing several people)."""
    parent, first_parent = el.getparent(), first.getparent()
    if parent is None or first_parent is None:
        return False
    return parent is first_parent or parent.getparent() is first_parent.getparent()


def _in_comments(el: HtmlElement) -> bool:
    """Whether `el` sits in the readers' comments or a form (the comment form's "Name" field)."""
    return any(
        node.tag == "form"
        or any(COMMENT_AREA.match(t) for t in [*(node.get("class") or "").split(), node.get("id") or ""])
        for node in (el, *el.iterancestors())
    )


def _author_links(page: Page) -> list[Author]:
    """Names linked to author pages (/author/slug/, /autoren/...), from the first byline that has any."""
    links = [a for a in AUTHOR_LINKS(page.doc) if not _in_comments(a)]
    if not links:
        return []
    byline = links[0].getparent()
    near = [a for a in links if a.getparent() is byline or a.getparent().getparent() is byline.getparent()]
    return [Author(n, http_url(page.url, a.get("href"))) for a in near for n in _markup_names(element_text(a))]


def ld_authors(page: Page) -> list[Author]:
    """Authors named by the JSON-LD article node, else a forum thread's opening post (object, list, @id reference
    or string)."""
    node = page.ld or next((n for n in page.ld_index.values() if types_of(n) & POSTING_TYPES), {})
    people = node.get("author") or node.get("creator")
    found: list[Author] = []
    for person in people if isinstance(people, list) else [people]:
        person = page.ref(person)
        if isinstance(person, str):
            found += [Author(n) for n in author_names(person)]
        elif isinstance(person, dict) and isinstance(person.get("name"), str):
            url = person.get("url") if isinstance(person.get("url"), str) else None
            found += [Author(n, http_url(page.url, url)) for n in author_names(person["name"])]
    return found


def _full_names(page: Page, people: list[Author]) -> list[Author]:
    """`people` with a given name alone ("Nils", the display name a CMS declares) completed by the full name the
    person's JSON-LD description opens with or the page's written byline gives."""
    if not any(_name_word(a.name) for a in people):
        return people
    texts = [
        n["description"]
        for n in page.ld_index.values()
        if "Person" in types_of(n) and isinstance(n.get("description"), str)
    ]
    texts += [a.name for a in _written_byline(page)]
    return [Author(_full_name(a.name, texts), a.url) for a in people]


def _full_name(name: str, texts: list[str]) -> str:
    """A given name alone ("Nils", the display name a CMS shows) completed by the full name a text about the person
    opens with ("Nils Pickert ist freier Autor", "Nils Pickert - Journalist"); else `name` as it is."""
    if " " in name or not _name_word(name):
        return name
    for text in texts:
        words = collapse(text).split()
        if words[:1] != [name]:
            continue
        surname: list[str] = []
        for word in takewhile(_name_word, words[1 : MAX_SURNAMES + 2]):
            surname.append(word.rstrip(",;:"))
            if word != surname[-1]:  # "Pickert, Journalist": the name ends at the comma
                break
        if 0 < len(surname) <= MAX_SURNAMES:  # a third capitalised word: a title or a sentence, not a name
            return " ".join([name, *surname])
    return name


def _name_word(word: str) -> bool:
    """ "Pickert", "Lange-Fricke", "Stahl,": a capitalised word of letters (not an acronym, not "-")."""
    letters = word.rstrip(",;:").replace("-", "").replace("'", "")
    return letters.isalpha() and word[:1].isupper() and not letters.isupper()


def _markup_names(text: str) -> list[str]:
    """Names in a byline element's text: what follows the first name's end ("| date", "am Samstag", "Alle
    Artikel") cut, prose (several words, none capitalised) and over-long "names" dropped."""
    text = BYLINE_PREFIX.sub("", POSTED_ON.sub("", collapse(text)))
    names = author_names(MARKUP_END.split(text, maxsplit=1)[0])
    return [n for n in names if len(n.split()) <= MAX_NAME_WORDS and not prose(n)]


def _listed_names(el: HtmlElement) -> list[str]:
    """Names in the innermost elements of a short byline that lists each person in an element of their own
    ("<div class=byline><span>A B</span> <span>C D</span></div>")."""
    if len(element_text(el)) > 2 * MAX_BYLINE_CHARS:
        return []
    return [n for leaf in el.iter() if not len(leaf) and leaf is not el for n in _markup_names(element_text(leaf))]
