"""The published and modified dates of a page: JSON-LD, date meta tags, microdata, <time datetime>, the url's day, the
day the page shows its readers (datelines.py) where those disagree or are missing, and htmldate's reading of the page,
as the last resort.

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
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import htmldate
import pytz

from newsbot.parsers import datelines
from newsbot.parsers.page import Page, microdata, select
from newsbot.urls import host_of

ARTICLE_META = (
    "article:published_time", "og:published_time", "datepublished", "pub_date", "publish-date", "parsely-pub-date",
)  # fmt: skip
# Generic date names: often the page's build, cache or print-issue day rather than the article's publication.
GENERIC_META = ("date", "dc.date", "dc.date.issued", "sailthru.date")
PUBLISHED_META = ARTICLE_META + GENERIC_META
MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "last-modified", "dc.date.modified")
# A publication day in a url path: /2019/08/02/ or /2019-08-02-slug (year 1990-2099).
URL_DATE = re.compile(r"/(?P<year>19[89]\d|20\d\d)[/-](?P<month>[01]?\d)[/-](?P<day>[0-3]?\d)(?:[/_.-]|$)")
# htmldate reads the clock when it has no upper bound; the parser must not, so it always gets one.
LATEST_DATE = "2100-12-31"
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
    """`extra`, JSON-LD datePublished, article date meta tags, generic date meta tags, microdata, <time>, the url's
    day, then the day the page shows (datelines.py), then htmldate's reading of the page.

    A published date later than the page's own dateModified is kept unless another value of the article's metadata
    (JSON-LD, meta, microdata) is consistent with it: many CMSs write dateModified at first save. A value stated in
    UTC on a country's domain is read in that country's local time (`in_local_time`). The page is read for the day it
    shows only where the machine dates disagree, are weak or are missing: a plain page stays cheap.
    """
    read = _reader(site_country(page.url))
    # The article's metadata, one group per source (a meta key, the microdata), and the generic date metas.
    declared = [[d] for v in [*extra, page.ld.get("datePublished"), page.ld.get("dateCreated")] if (d := read(v))]
    declared += [[d for v in page.metas(key) if (d := read(v))] for key in ARTICLE_META]
    declared.append([d for v in microdata(page, "datePublished") if (d := read(v))])
    generic = [[d for v in page.metas(key) if (d := read(v))] for key in GENERIC_META]
    article = any(declared)
    found = [d for group in [*declared[:-1], *generic, declared[-1]] for d in group]
    latest = updated_at(page)
    if latest is not None and found and found[0] > latest:
        found.sort(key=lambda d: d > latest)  # stable: the first consistent value moves to the front
    # A bare day in a generic date meta is often a print issue's (the day after the evening the article went online):
    # it does not contest a timed article date.
    generic = [[d for d in group if not (article and _bare(d))] for group in generic]
    own = {day for group in [*declared, *generic] for day in _one_day(group)}
    found += [d for el in select("time[datetime]")(page.doc) if (d := read(el.get("datetime")))]
    day = url_date(page.url)
    shown = cache(lambda: datelines.shown_day(page))
    named = own | {day} if day is not None else own
    if len(named) > 1 and (pick := shown() or datelines.headline_text_day(page)) is not None and pick in named:
        # Two days in the article's own metadata (a first save and the release, a day in the url and another in
        # JSON-LD): the one the page shows its readers is the one it was published on.
        return _on_day(found, pick)
    if day is not None:
        # The url's day is the publisher's own: a value on another day is another date of the page (a comment,
        # a related story) or the same moment written in another time zone (UTC for a US evening story).
        return _on_day(found, day)
    if found:
        chosen = _utc_if_shown(_local_form(found), page)
        if not article and (told := _stated_day(page)) not in (None, chosen.date()):
            # No article metadata, only generic date metas (a build, cache or print-issue day) or <time> elements
            # (a sidebar's, the comments'): the date the page states for the article is its own.
            return _on_day(found, told)
        return chosen
    seen = datelines.title_day(page) or shown() or datelines.labelled_day(page) or datelines.headline_text_day(page)
    if seen is not None:
        return _on_day([], seen)
    # With a time format htmldate keeps the time and offset a page states; a bare day comes back at midnight, UTC.
    guess = htmldate.find_date(page.html, original_date=True, outputformat="%Y-%m-%dT%H:%M:%S%z", max_date=LATEST_DATE)
    return page_date(guess)


def _utc_if_shown(moment: datetime, page: Page) -> datetime:
    """`moment` in UTC when its UTC day is not its stated day and the dateline under the headline shows the UTC one:
    the page's clock is not the offset its markup states (a CMS left at UTC). A bare day (midnight) keeps its day."""
    utc = moment.astimezone(UTC)
    if utc.date() == moment.date() or _bare(moment):
        return moment
    return utc if datelines.shown_day(page, under_headline=True) == utc.date() else moment


def _stated_day(page: Page) -> date | None:
    """The day the page states for its article: the dateline just under the headline, a date written right under it
    without markup, or a line labelled as the publication."""
    under = datelines.shown_day(page, under_headline=True)
    return under or datelines.headline_text_day(page) or datelines.labelled_day(page)


def _one_day(values: list[datetime]) -> set[date]:
    """The day one source names; none when it names several (a tag repeated on a list of stories' cards)."""
    days = {d.date() for d in values}
    return days if len(days) == 1 else set()


def _bare(moment: datetime) -> bool:
    """Whether `moment` is a day without a time (midnight)."""
    return (moment.hour, moment.minute, moment.second) == (0, 0, 0)


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
