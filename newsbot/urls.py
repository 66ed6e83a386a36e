"""Url clean-up shared by spiders (to request each page once) and pipelines (to key articles).

Two levels: ``strip_tracking`` removes what never changes a page (fragments, campaign and click ids) and is safe
for requests; ``url_key`` folds every variant of one article's address (http/https, ``www.``/``m.``/``amp.``
hosts, AMP paths, default ports, query order, trailing slash) into one comparison key.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url, url_query_cleaner

#: Query parameters that only track where a reader came from; they never change the page.
TRACKING_PARAMS = frozenset(
    {
        "ftag", "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid", "mc_cid",
        "mc_eid", "ref_src", "ref_url", "_ga", "_gl", "cmpid", "ocid", "smid", "sr_share", "icid", "amp",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "vero_", "hsa_", "cx_")
#: Host prefixes that serve the same page as the bare host: the web, mobile and AMP editions.
EDITION_PREFIX = re.compile(r"^(?:www\d?|m|mobile|amp)\.")
#: AMP editions of an article path: /amp/ at the end, or /amp/ in front.
AMP_SUFFIX = re.compile(r"/amp/?$")
AMP_PREFIX = re.compile(r"^/amp(?=/)")


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def strip_tracking(url: str) -> str:
    """``url`` without its fragment and tracking query parameters (``utm_*``, ``ftag``, ...)."""
    base = url.split("#", 1)[0]
    if "?" not in base:
        return base
    names = {pair.split("=", 1)[0] for pair in urlsplit(base).query.split("&")}
    drop = sorted(name for name in names if _is_tracking(name) and name.lower() != "amp")
    cleaned = url_query_cleaner(base, drop, remove=True) if drop else base
    return cleaned.rstrip("?")


def host_of(url: str) -> str:
    """The lower-case host name of ``url`` (no port)."""
    return (urlsplit(url).hostname or "").lower()


def edition_host(host: str) -> str:
    """``host`` without a ``www.``, ``m.``, ``mobile.`` or ``amp.`` edition prefix."""
    return EDITION_PREFIX.sub("", host.lower())


def url_key(url: str, *, trailing_slash: bool = True) -> str:
    """One key for every address of the same page.

    ``trailing_slash`` says whether the site treats ``/a`` and ``/a/`` as one page (most do; a site whose
    paths differ by the slash passes False).
    """
    parts = urlsplit(canonicalize_url(url.strip(), keep_fragments=False))
    host = edition_host(parts.hostname or "")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = AMP_PREFIX.sub("", AMP_SUFFIX.sub("/", parts.path)) or "/"
    if trailing_slash and path != "/":
        path = path.rstrip("/")
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)))
    return urlunsplit(("https", host, path, query, ""))
