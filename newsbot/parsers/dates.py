"""The published and modified dates of a page: JSON-LD, date meta tags, microdata, <time datetime>, the url's day, the
day the page shows next to its headline, and htmldate's reading of the page, as the last resort.

No clock is read: the validate pipeline judges "in the future". A date without an offset is read as UTC, so its day
stays as written. A date stated in UTC on a site of one country is given in that country's local time: readers (and
the day the page shows) see it there, and 23:00Z in Berlin or 01:00Z in Buenos Aires is another day.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timezone
from email.utils import parsedate_to_datetime
from functools import cache
from itertools import islice
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import htmldate
import pytz
from htmldate.extractors import try_date_expr
from lxml.etree import XPath
from lxml.html import HtmlElement

from newsbot.parsers.page import Page, microdata, select
from newsbot.urls import host_of

PUBLISHED_META = (
    "article:published_time", "og:published_time", "datepublished", "pub_date", "publish-date", "parsely-pub-date",
    "date", "dc.date", "dc.date.issued", "sailthru.date",
)  # fmt: skip
MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "last-modified", "dc.date.modified")
# A publication day in a url path: /2019/08/02/ or /2019-08-02-slug (year 1990-2099).
URL_DATE = re.compile(r"/(?P<year>19[89]\d|20\d\d)[/-](?P<month>[01]?\d)[/-](?P<day>[0-3]?\d)(?:[/_.-]|$)")
# htmldate reads the clock when it has no upper bound; the parser must not, so it always gets one.
LATEST_DATE = "2100-12-31"
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
VISIBLE_TEXT = XPath("//body//text()[not(ancestor::script or ancestor::style)]")
ENGLISH_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# Country-code domains sold worldwide as names (".io", ".tv", ".co", ".me"): they do not say where a site is.
GENERIC_CCTLDS = frozenset({
    "ac", "ai", "am", "cc", "co", "eu", "fm", "gg", "im", "io", "la", "ly", "me", "nu", "sh", "so", "tk", "to", "tv",
    "ws",
})  # fmt: skip


def parse_date(value: Any) -> datetime | None:
    """Return an aware datetime from ISO 8601 or RFC 2822 text; None for naive or unreadable values."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    return parsed if parsed.tzinfo is not None else None


def page_date(value: Any) -> datetime | None:
    """`parse_date`, and a value without an offset read as UTC: the day the page wrote stays the day stored."""
    found = parse_date(value)
    if found is not None or not isinstance(value, str) or not value.strip():
        return found
    try:
        naive = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return naive.replace(tzinfo=UTC)


def updated_at(page: Page) -> datetime | None:
    """JSON-LD dateModified -> article:modified_time / og:updated_time -> itemprop=dateModified."""
    values = [page.ld.get("dateModified"), *page.metas(*MODIFIED_META), *microdata(page, "dateModified")]
    return next((d for v in values if (d := page_date(v))), None)


def published_at(page: Page, extra: Sequence[Any] = ()) -> datetime | None:
    """`extra`, JSON-LD datePublished, date meta tags, microdata, <time>, the url's day, the day the page shows next
    to its headline, then htmldate's reading of the page.

    A published date later than the page's own dateModified is kept unless another value of the article's metadata
    (JSON-LD, meta, microdata) is consistent with it: many CMSs write dateModified at first save. A value stated in
    UTC on a country's domain is read in that country's local time (`in_local_time`). When the article's metadata and
    its url name different days, the day the page shows readers decides among them (`shown_day`).
    """
    read = _reader(site_country(page.url))
    values = [*extra, page.ld.get("datePublished"), page.ld.get("dateCreated"), *page.metas(*PUBLISHED_META)]
    values += microdata(page, "datePublished")
    found = [d for v in values if (d := read(v))]
    latest = updated_at(page)
    if latest is not None and found and found[0] > latest:
        found.sort(key=lambda d: d > latest)  # stable: the first consistent value moves to the front
    own = {d.date() for d in found}
    found += [d for el in select("time[datetime]")(page.doc) if (d := read(el.get("datetime")))]
    day = url_date(page.url)
    shown = cache(lambda: shown_day(page))
    named = own | {day} if day is not None else own
    if len(named) > 1 and (pick := shown() or headline_text_day(page)) is not None and pick in named:
        # Two days in the article's own metadata (a first save and the release, a day in the url and another in
        # JSON-LD): the one the page shows its readers is the one it was published on.
        return _on_day(found, pick)
    if day is not None:
        # The url's day is the publisher's own: a value on another day is another date of the page (a comment,
        # a related story) or the same moment written in another time zone (UTC for a US evening story).
        return _on_day(found, day)
    if found:
        return _utc_if_shown(_local_form(found), page)
    if (seen := shown() or labelled_day(page) or headline_text_day(page)) is not None:
        return _on_day([], seen)
    # With a time format htmldate keeps the time and offset a page states; a bare day comes back at midnight, UTC.
    guess = htmldate.find_date(page.html, original_date=True, outputformat="%Y-%m-%dT%H:%M:%S%z", max_date=LATEST_DATE)
    return page_date(guess)


def shown_day(page: Page, under_headline: bool = False) -> date | None:
    """The day the page shows nearest its headline (its first h1): the text of a <time> or of an element whose class,
    id or itemprop names a date, a byline or a post's meta line, read with htmldate's patterns (numeric days and month
    names of many languages). Nearest, because a masthead's "today" sits above the headline and the dates of related
    stories and comments below the article. `under_headline`: only a dateline just below the headline counts."""
    headline = next(page.doc.iter("h1"), None)
    anchor = 0
    seen: list[tuple[int, date]] = []
    for pos, el in enumerate(page.doc.iter()):
        if el is headline:
            anchor = pos
        if len(seen) >= SHOWN_MAX:
            if headline is None or anchor:
                break
            continue
        if not isinstance(el.tag, str) or el.tag in SHOWN_TAGS:
            continue
        if el.tag != "time" and not any(SHOWN_CUE.search(el.get(a) or "") for a in ("class", "id", "itemprop")):
            continue
        if (found := _shown_text_day(el.text_content())) is not None and not _updated(el):
            seen.append((pos, found))
    if headline is None:
        return seen[0][1] if seen else None
    if under_headline:
        return next((d for pos, d in seen if anchor < pos <= anchor + UNDER_HEADLINE), None)
    return min(seen, key=lambda s: (abs(s[0] - anchor), s[0] < anchor), default=(0, None))[1]


DATE_IN_TEXT = re.compile(
    r"(?<!\d)(?:\d{1,2}\.\s?\d{1,2}\.\s?(?:19|20)\d\d|\d{1,2}/\d{1,2}/(?:19|20)\d\d|(?:19|20)\d\d-\d\d-\d\d"
    r"|\d{1,2}\.?\s+[^\W\d_]{3,}\.?\s+(?:19|20)\d\d|[^\W\d_]{3,}\.?\s+\d{1,2},?\s+(?:19|20)\d\d)(?!\d)"
)


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
        if (found := _shown_text_day(match[0])) is not None:
            return found
    return None


def labelled_day(page: Page) -> date | None:
    """The day of the page's first dateline labelled as its publication ("Erstellt am: 01.11.2023", "Published on
    Feb 19, 2020"), wherever it stands: a page without date markup often writes it at the article's end."""
    text = " ".join(" ".join(VISIBLE_TEXT(page.doc)).split())
    for match in PUBLISHED_LABEL.finditer(text):
        if (found := _shown_text_day(match[1])) is not None:
            return found
    return None


def _shown_text_day(text: str) -> date | None:
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


def _utc_if_shown(moment: datetime, page: Page) -> datetime:
    """`moment` in UTC when its UTC day is not its stated day and the dateline under the headline shows the UTC one:
    the page's clock is not the offset its markup states (a CMS left at UTC). A bare day (midnight) keeps its day."""
    utc = moment.astimezone(UTC)
    if utc.date() == moment.date() or (moment.hour, moment.minute, moment.second) == (0, 0, 0):
        return moment
    return utc if shown_day(page, under_headline=True) == utc.date() else moment


def _on_day(found: list[datetime], day: date) -> datetime:
    """The first of `found` on `day`, else the bare day (midnight, UTC)."""
    return next((d for d in found if d.date() == day), None) or datetime(day.year, day.month, day.day, tzinfo=UTC)


def _reader(country: str | None) -> Callable[[Any], datetime | None]:
    """`page_date`, with a value stated in UTC moved to `country`'s local time (a value without an offset is already
    local: it keeps its day)."""

    def read(value: Any) -> datetime | None:
        stated = parse_date(value)
        if stated is not None and country is not None and not stated.utcoffset():
            return in_local_time(stated, country)
        return stated or page_date(value)

    return read


def site_country(url: str) -> str | None:
    """The country a url's country-code domain names (".de" -> "DE", ".co.uk" -> "GB"); None for generic domains
    (.com, .org) and country codes sold as names (.io, .tv)."""
    tld = host_of(url).rsplit(".", 1)[-1]
    country = "GB" if tld == "uk" else tld.upper()
    return country if len(tld) == 2 and tld not in GENERIC_CCTLDS and country in pytz.country_timezones else None


def in_local_time(moment: datetime, country: str) -> datetime:
    """`moment` at the UTC offset most of `country`'s time zones have at that moment (daylight saving included); a
    country with several zones (Brazil, the US) is read at the offset most of it uses."""
    offsets = Counter(moment.astimezone(zone).utcoffset() for zone in _zones(country))
    return moment.astimezone(timezone(offsets.most_common(1)[0][0]))


@cache
def _zones(country: str) -> tuple[ZoneInfo, ...]:
    return tuple(ZoneInfo(name) for name in pytz.country_timezones[country])


def _local_form(found: list[datetime]) -> datetime:
    """The first date; written with the page's own offset when it is UTC and another value names the same moment
    in local time (its day is the one the page shows)."""
    first = found[0]
    if first.utcoffset():
        return first
    return next((d for d in found[1:] if d.utcoffset() and abs((d - first).total_seconds()) <= 60), first)


def url_date(url: str) -> date | None:
    """The day a url's path names (/2019/08/02/, /2019-08-02-slug), or None."""
    match = URL_DATE.search(urlsplit(url).path)
    if match is None:
        return None
    try:
        return date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return None
