"""The headline and the deck: what the page declares (JSON-LD, Open Graph, <title>) weighed against what it shows
(its h1), site names and sections cut from declared titles."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

from newsbot.parsers.body import absolute_url, collapse, element_text
from newsbot.parsers.names import name_key, publisher_names
from newsbot.parsers.page import Page, microdata, normalise, select, types_of
from newsbot.urls import site_name

HEADLINE_META = ("og:title", "twitter:title", "title", "headline", "parsely-title", "sailthru.title")
HEADLINE_MIN_CHARS = 20  # a shorter h1 is more often a logo or a section name than a headline
MIN_TITLE_PARTS = 3  # "Headline | Site": which part is the site's name is unknown; "Site | Section | Headline" tells
TRUNCATED_MIN_CHARS = 100  # a declared headline this long that the h1 continues was cut at a length limit
ENTRY_TITLE = "h1.entry-title, h2.entry-title"  # hAtom's title of the entry: one per article page
KICKER_TAGS = ("span", "div", "small", "p")  # not i/em/b: a title in italics opens many a headline
KICKER_PUNCTUATION = ":|-\u2013\u2014/.,"
SOLE_HEADING_MIN_CHARS = 15  # an h1 nothing competes with is trusted from here (a menu or a label is shorter)
SUFFIX_SEPARATORS = "-|_\u3163\u2013\u2014"  # "\u3163" (Hangul "ㅣ") stands in for "|" in Korean titles
MAX_SITE_WORDS = 5  # "Rowing Finals Harbour 2022" names harbour2022.com; a longer segment is a sentence
HEADLINE_TRIED = ("JSON-LD headline", "og:title", "twitter:title", "itemprop=headline", "h1", "<title>")
# A deck the page shows beats a description written for search engines.
DECK_SELECTORS = (
    ".article-excerpt", "p.strapline", ".heading_excerpt", "p.p-dek", ".c-entry-summary", ".entry-subtitle",
    ".news-deck", "[itemprop~='alternativeHeadline']", "header h2",
)  # fmt: skip
DECK_META = ("og:description", "twitter:description", "description")
TITLE_SEPARATORS = re.compile(r"\s+[|\u2013\u2014-]\s+")
HEADINGS = etree.XPath("//h1 | //h2")
# Separators in a "Site | Title" title, including the rarer ones only a heading that matches a part confirms.
TITLE_PARTS = re.compile(r"\s+[|\u2013\u2014\u00bb\u2022\u00b7:-]\s+|\s*(?:\||//|::)\s*")
# Typographic quotes and dashes -> ASCII: a page often declares the plain form and shows the typeset one.
TYPOGRAPHY = str.maketrans(
    dict.fromkeys("\u2018\u2019\u201a", "'")
    | dict.fromkeys("\u201c\u201d\u201e\u00ab\u00bb", '"')
    | dict.fromkeys("\u2013\u2014", "-")
)
LIVE_BLOG = "LiveBlogPosting"


def headline(page: Page) -> str | None:
    """The headline the page shows (its article's h1) when the declared one (JSON-LD, og:title, ...) only adds a
    site name or section to it or is cut short, when hAtom marks it as the entry's title, or when no JSON-LD
    article declares one (og:title and <title> are then often written for search and sharing); else JSON-LD
    headline -> og:title / twitter:title (site suffix cut) -> itemprop=headline -> h1 -> <title>. An h1 that links
    to the home page is the site's name, cut from titles; a kicker the h1 opens with in an element of its own is
    left out of it; a declared title glued to a suffix without spaces, or cut at an unescaped quote, gives way to
    the candidate without the suffix or with the quote; with nothing declared and several h1s, the one the <title>
    shows."""
    logo = _site_heading(page)
    candidates = [page.ld_text("headline"), page.ld_text("name") if page.ld else None]
    candidates += [_cut_site(page, page.meta_text(key), logo) for key in HEADLINE_META]
    shown, sole = _shown_heading(page)
    candidates += [*microdata(page, "headline")[:1], shown]
    title = page.doc.find(".//title")
    title_text = _cut_site(page, element_text(title) if title is not None else None, logo)
    candidates.append(_longest_part(title_text))
    found = [c for c in map(collapse, filter(None, candidates)) if c]
    publisher = publisher_names(page)  # a title that is only the site's name is no headline
    declared = next((c for c in found if name_key(c) not in publisher), found[0] if found else None)
    declared = _unquoted(_without_suffix(declared, found), found)
    if shown and declared and (_wraps(declared, shown) or _typeset(declared, shown) or _cut_short(declared, shown)):
        return shown
    if shown and LIVE_BLOG in types_of(page.ld):  # declared when it opened; the page's h1 follows the news
        return shown
    if (entry := _entry_title(page)) and declared and normalise(entry) != normalise(declared):
        return declared if _wraps(entry, declared) and not _colon_joined(entry, declared) else entry
    # a declared title shorter than any headline, beside a long h1, is a section's name ("Press releases")
    short = declared is not None and len(declared) < HEADLINE_MIN_CHARS <= len(sole or "")
    if sole and len(sole) >= SOLE_HEADING_MIN_CHARS and (short or not _written_apart(page, title_text, logo)):
        # unless the h1 only wraps the declared headline (a kicker, a date or the site's name glued into it)
        return declared if declared and _wraps(sole, declared) else sole
    if (
        declared == shown
        and not sole
        and (titled := _h1_in_title(page, element_text(title) if title is not None else ""))
    ):
        return titled  # nothing declared, several h1s: the first is a label ("Navigation"), the <title> shows which
    return _titled_heading(page, declared) or declared


def _h1_in_title(page: Page, title: str) -> str | None:
    """The first h1 whose text the page's <title> holds (one long enough to be a headline)."""
    whole = normalise(title)
    for el in select("h1")(page.doc):
        text = _heading_text(el)
        if len(text) >= HEADLINE_MIN_CHARS and normalise(text) in whole:
            return text
    return None


def _unquoted(declared: str | None, found: list[str]) -> str | None:
    """The candidate that continues `declared` with a double quote: a meta content cut at a quote the page forgot
    to escape (content="Senator calls Biden "unfit"" reads as 'Senator calls Biden')."""
    if not declared:
        return declared
    longer = [c for c in found if c.startswith(declared) and c[len(declared) :].lstrip()[:1] == '"']
    return max(longer, key=len) if longer else declared


def _without_suffix(declared: str | None, found: list[str]) -> str | None:
    """The shortest other candidate that `declared` continues only with a separator and a suffix ("Headline-Section |
    Site" written without spaces, as CJK titles are, beside a meta headline without it)."""
    if not declared:
        return declared
    heads = [c for c in found if c != declared and declared.startswith(c) and declared[len(c)] in SUFFIX_SEPARATORS]
    return min(heads, key=len) if heads and len(min(heads, key=len)) >= SOLE_HEADING_MIN_CHARS else declared


def _colon_joined(shown: str, declared: str) -> bool:
    """Whether `shown` is `declared` with a subtitle after a colon ("Declared: subtitle"): the headline the page
    shows, shortened for sharing (a kicker before it, "Topic: Declared", is not)."""
    return _plain(shown).startswith(_plain(declared) + ": ")


def _entry_title(page: Page) -> str | None:
    """The text of the heading hAtom marks as the entry's title (WordPress themes write it), when the page has one."""
    texts = {t for el in select(ENTRY_TITLE)(page.doc) if (t := element_text(el))}
    return texts.pop() if len(texts) == 1 else None


def _written_apart(page: Page, title: str | None, logo: str | None) -> bool:
    """Whether the page declares a headline written for itself: a JSON-LD article headline, or an og:title that is
    not just its <title> (both are then the one title written for search engines)."""
    og = _cut_site(page, page.meta_text("og:title"), logo)
    return bool(page.ld_text("headline")) or bool(og and normalise(og) != normalise(title or ""))


def _shown_heading(page: Page) -> tuple[str | None, str | None]:
    """The text of the article's h1 (else the page's first), skipping h1s that only link to the home page or a
    section (a logo or section name); and that text again when nothing else competes with it (it is the article's
    h1, or every h1 of the page says it), else None."""
    for css in ("article h1", "h1"):
        texts = [t for el in select(css)(page.doc) if not _links_up(page, el) and (t := _heading_text(el))]
        if texts:
            return texts[0], texts[0] if css != "h1" or len(set(texts)) == 1 else None
    return None, None


def _heading_text(heading: HtmlElement) -> str:
    """The text of `heading` without a kicker that opens it in a styled element of its own ("<h1><span
    class=overline>Topic</span> Headline</h1>"): a label above the headline, not part of it."""
    inner = heading
    while len(inner) == 1 and not (inner.text or "").strip() and not (inner[0].tail or "").strip():
        inner = inner[0]  # "<h1><a><span>Topic</span> Headline</a></h1>"
    if len(inner) < 1 or (inner.text or "").strip():
        return element_text(heading)
    first = inner[0]
    rest = collapse(" ".join([first.tail or "", *(element_text(el) + " " + (el.tail or "") for el in inner[1:])]))
    kicker = element_text(first)
    # "Topic: Headline" with the colon in the kicker, or a styled first word ("<span>Ehezoff</span> der Pochers")
    # reads as one headline; so does a heading split into words or lines styled alike (an animation's spans)
    punctuated = kicker[-1:] in KICKER_PUNCTUATION or rest[:1] in KICKER_PUNCTUATION or rest[:1].islower()
    split = any(el.get("class") == first.get("class") for el in inner[1:])
    styled = first.tag in KICKER_TAGS and bool(first.get("class")) and not split
    if styled and kicker and not punctuated and len(rest) >= HEADLINE_MIN_CHARS and len(rest) > len(kicker):
        return rest
    return element_text(heading)


def _site_heading(page: Page) -> str | None:
    """The text of an h1 that only links to the home page or a section: the site's name, as a logo shows it."""
    return next((t for el in select("h1")(page.doc) if _links_up(page, el) and (t := element_text(el))), None)


def _links_up(page: Page, heading: HtmlElement) -> bool:
    """Whether all of `heading`'s text is one link to the site's home page or to a page above this one (a url
    path this page's url continues): a logo or section name, not the article's headline."""
    links = heading.findall(".//a")
    if len(links) != 1 or element_text(links[0]) != element_text(heading):
        return False
    if "home" in (links[0].get("rel") or "").split():
        return True
    target = absolute_url(page.url, links[0].get("href"))
    if target is None:
        return False
    here, there = urlsplit(page.url), urlsplit(target)
    if there.netloc.removeprefix("www.") != here.netloc.removeprefix("www."):
        return False
    if not there.path.strip("/") and not there.query:
        return True  # the home page
    return here.path != there.path and here.path.startswith(there.path.rstrip("/") + "/")


def _cut_site(page: Page, title: str | None, site: str | None) -> str | None:
    """`strip_site_suffix`, and the part of a "Post | Site" or "Site » Blog Archive » Post" title that is not
    `site` (the name the site's logo heading shows)."""
    title = strip_site_suffix(page, title)
    if not title or not site:
        return title
    parts = TITLE_PARTS.split(title)
    keys = [normalise(p) for p in parts]
    if len(parts) < 2 or normalise(site) not in keys:
        return title
    at = keys.index(normalise(site))
    # "Site » Blog Archive » Post": the last part; "Post | Site | Motto": the first
    return parts[-1] if at == 0 else parts[0]


def _longest_part(title: str | None) -> str | None:
    """The longest part of a <title> made of three or more ("Site - Section - Headline"): site names, sections and
    mottos are short. (An og:title is written for one story: its dashes are the headline's own.)"""
    parts = TITLE_SEPARATORS.split(title or "")
    return max(parts, key=len) if len(parts) >= MIN_TITLE_PARTS else title


def _cut_short(declared: str, shown: str) -> bool:
    """Whether `declared` is the start of `shown`, cut at a length limit (long, or ending in an ellipsis)."""
    cut = declared.rstrip(".\u2026 ")
    outer, inner = normalise(shown), normalise(cut)
    long_or_marked = len(declared) >= TRUNCATED_MIN_CHARS or cut != declared.rstrip()
    return long_or_marked and outer.startswith(inner) and len(outer) > len(inner) + 3


def _typeset(declared: str, shown: str) -> bool:
    """Whether `shown` is `declared` with typographic quotes and dashes (the page shows the typeset form)."""
    return declared != shown and _plain(declared) == _plain(shown)


def _plain(text: str) -> str:
    """`text` with typographic quotes and dashes made ASCII and white space collapsed."""
    return " ".join(text.translate(TYPOGRAPHY).split())


def _titled_heading(page: Page, declared: str | None) -> str | None:
    """The h1 or h2 that shows the longest part of a declared "Blog name | Post title" (which part is the site's
    name differs from site to site, but the page's own heading shows the post's)."""
    parts = [normalise(p) for p in TITLE_PARTS.split(declared or "")]
    if len(parts) < 2:
        return None
    longest = max(parts, key=len)
    for el in HEADINGS(page.doc):
        if (text := collapse(element_text(el))) and normalise(text) == longest:
            return text
    return None


def _wraps(declared: str, shown: str) -> bool:
    """Whether `declared` is `shown` with a site name, section or kicker around it ("Shown | Site", "Topic: Shown")."""
    outer, inner = normalise(declared), normalise(shown)
    return len(inner) >= HEADLINE_MIN_CHARS and inner in outer and outer != inner


def strip_site_suffix(page: Page, title: str | None) -> str | None:
    """Cut " | Site" / " - Site" from a title when the last segment names the site (og:site_name or the host, also
    with its domain ending or after the event's or publisher's long name), and "site.com // Post" when the first
    segment is the site's host."""
    if not title:
        return None
    names = {n.lower() for n in (page.meta_text("og:site_name"), page.meta_text("application-name")) if n}
    host = site_name(page.url)
    names.add(host)
    parts = TITLE_SEPARATORS.split(title)
    if len(parts) >= 2:
        last = parts[-1].strip().lower()
        long_name = len(last.split()) <= MAX_SITE_WORDS and name_key(last).endswith(name_key(host))
        if last in names or last.replace(" ", "").replace(".com", "") in names or long_name:
            return title[: title.rfind(parts[-1])].rstrip(" |-\u2013\u2014")
    parts = TITLE_PARTS.split(title)
    here = urlsplit(page.url).netloc.lower().removeprefix("www.")
    if len(parts) >= 2 and parts[0].strip().lower().removeprefix("www.") == here and parts[-1].strip():
        return title[len(parts[0]) :].lstrip(" |/:\u00bb\u2013\u2014-")
    return title


def deck(page: Page) -> str | None:
    """A shown deck (.article-excerpt, p.strapline, ...) -> JSON-LD alternativeHeadline / description -> og/meta."""
    candidates = [page.first_text(DECK_SELECTORS), page.ld_text("alternativeHeadline"), page.ld_text("description")]
    candidates.append(page.meta_text(*DECK_META))
    return next((c for c in candidates if c), None)
