"""Url clean-up shared by spiders (to request each page once), parsers (to name a page's canonical url) and
pipelines (to key articles).

Three levels: ``strip_tracking`` removes what never changes a page (fragments, campaign and click ids) and is safe
for requests; ``clean_url`` also lower-cases scheme and host, the form an article's canonical url is stored in;
``url_key`` folds every variant of one article's address (http/https, ``www.``/``m.``/``amp.`` hosts, AMP paths,
default ports, query order, trailing slash) into one comparison key. ``host_of``, ``on_domain`` and ``site_name``
read the host; none of them raises on a malformed url (hostile pages link to ``http://[::1``).

The query is cut with w3lib (``url_query_cleaner``, order and encoding kept) and keyed with its
``canonicalize_url``. The tracking list is ours: courlan's ``clean_query`` filter matches ``cid``, ``eid``, ``uid``,
``source`` and ``session`` anywhere in a name, which would fold pages that differ by an id (``?eid=3`` events)
into one key and drop them as duplicates, and it sorts the query and drops blank values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url, url_query_cleaner

#: Query parameters that only track where a reader came from; they never change the page.
TRACKING_PARAMS = frozenset(
    {
        "ftag", "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid", "mc_cid",
        "mc_eid", "ref_src", "ref_url", "_ga", "_gl", "cmpid", "ocid", "smid", "sr_share", "icid", "amp",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "vero_", "hsa_", "cx_")
#: Tracking names that still pick another edition to request: ``?amp`` serves the AMP page (the key folds it).
REQUESTABLE = frozenset({"amp"})
#: Host prefixes that serve the same page as the bare host: the web, mobile and AMP editions.
EDITION_PREFIX = re.compile(r"^(?:www\d?|m|mobile|amp)\.")
#: AMP editions of an article path: /amp/ at the end, or /amp/ in front.
AMP_SUFFIX = re.compile(r"/amp/?$")
AMP_PREFIX = re.compile(r"^/amp(?=/)")
#: Second-level labels under a country code that are not the site's name ("bbc.co.uk" -> "bbc").
SECOND_LEVEL = ("co", "com", "org", "net", "ac", "gov")


def is_tracking(name: str) -> bool:
    """Tell whether a query parameter's name only tracks the reader (any case)."""
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def strip_tracking(url: str) -> str:
    """``url`` without its fragment, empty query parts and tracking query parameters (``utm_*``, ``ftag``, ...)."""
    base = url.split("#", 1)[0]
    if "?" not in base:
        return base
    names = {pair.split("=", 1)[0] for pair in base.partition("?")[2].split("&")}
    drop = [name for name in names if is_tracking(name) and name.lower() not in REQUESTABLE]
    return url_query_cleaner(base, drop, remove=True, unique=False).rstrip("?")


def clean_url(url: str) -> str:
    """The form a canonical url is stored in: ``strip_tracking``'s, with scheme and host lower-cased and "/" for
    an empty path; a url urllib cannot split is only stripped."""
    stripped = strip_tracking(url)
    parts = _split(stripped)
    if parts is None:
        return stripped
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def first_canonical(candidates: Iterable[str | None], domain: str | None = None) -> str | None:
    """The first absolute http(s) candidate on `domain` (any host without one), cleaned; None when none is.

    Parsers pass a page's ``link[rel=canonical]`` and ``og:url``, in that order of trust.
    """
    for candidate in candidates:
        url = (candidate or "").strip()
        parts = _split(url)
        if parts and parts.scheme.lower() in ("http", "https") and parts.netloc and on_domain(url, domain):
            return clean_url(url)
    return None


def host_of(url: str | None) -> str:
    """The lower-case host name of ``url``: no port, no trailing dot; "" when it has none or is malformed."""
    parts = _split(url or "")
    return (parts.hostname or "").rstrip(".") if parts else ""


def on_domain(url: str | None, domain: str | None) -> bool:
    """Tell whether `url`'s host is `domain` or under it (always true without a domain)."""
    host = host_of(url)
    return domain is None or host == domain or host.endswith("." + domain)


def site_name(url: str) -> str:
    """The site a url belongs to, by its registrable name: "https://www.variety.com/x" -> "variety"."""
    labels = [label for label in host_of(url).split(".") if label and label != "www"]
    if len(labels) >= 3 and labels[-2] in SECOND_LEVEL and len(labels[-1]) == 2:
        return labels[-3]
    if len(labels) < 2 or labels[-1].isdigit():
        return "generic"  # an IP address or a bare host names no site
    return labels[-2]


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
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking(k)))
    return urlunsplit(("https", host, path, query, ""))


def _split(url: str) -> SplitResult | None:
    """``urlsplit(url)``, or None for a url it rejects (an unbalanced IPv6 bracket, a lone surrogate)."""
    try:
        return urlsplit(url)
    except ValueError:
        return None
