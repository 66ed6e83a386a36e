"""Url clean-up shared by spiders (to request each page once) and pipelines (to key articles)."""

from __future__ import annotations

from urllib.parse import urlsplit

from w3lib.url import url_query_cleaner

#: Query parameters that only track where a reader came from; they never change the page.
TRACKING_PARAMS = ("ftag", "fbclid", "gclid", "dclid", "mc_cid", "mc_eid", "ref_src", "ref_url")


def strip_tracking(url: str) -> str:
    """``url`` without its fragment and tracking query parameters (``utm_*``, ``ftag``, ...)."""
    base = url.split("#", 1)[0]
    if "?" not in base:
        return base
    names = [pair.split("=", 1)[0] for pair in urlsplit(base).query.split("&")]
    drop = {*TRACKING_PARAMS, *(n for n in names if n.lower().startswith("utm_"))}
    cleaned = url_query_cleaner(base, sorted(drop), remove=True)
    return cleaned.rstrip("?")


def host_of(url: str) -> str:
    """The lower-case host name of ``url`` (no port)."""
    return (urlsplit(url).hostname or "").lower()
