"""The site chrome every sample page carries: navigation, ad and analytics scripts, rails and footer.

Real GameSpot pages are mostly chrome: a mega-menu of platform and game links, inline ad-slot and analytics
configuration, trending rails and a link-heavy footer; the article is a small part of the HTML. The sample pages
carry the same weight, so parsers and benchmarks meet pages shaped like the real ones. Deterministic: no clock,
no randomness beyond a fixed seed.
"""

from __future__ import annotations

import json
import random

_RNG = random.Random(2026)
_WORDS = tuple(
    [
        "shadow",
        "legends",
        "rally",
        "tactics",
        "quest",
        "drift",
        "ember",
        "frost",
        "iron",
        "neon",
        "pixel",
        "lantern",
        "orchard",
        "hollow",
        "tide",
        "cinder",
        "bastion",
        "marrow",
        "moonlit",
        "glass",
        "aurora",
        "quarry",
        "harbor",
        "signal",
        "tempest",
        "crown",
        "vault",
        "echo",
        "summit",
        "relic",
        "atlas",
        "nova",
        "voyage",
        "rift",
        "saga",
        "arcade",
        "forge",
        "ranger",
        "spectre",
        "haven",
        "storm",
        "citadel",
    ]
)
_SECTIONS = (
    "Games",
    "Reviews",
    "News",
    "Entertainment",
    "Guides",
    "Videos",
    "Deals",
    "PlayStation",
    "Xbox",
    "Switch",
    "PC",
    "Mobile",
)


def _title(words: int) -> str:
    return " ".join(_RNG.choice(_WORDS).capitalize() for _ in range(words))


def _slug(text: str) -> str:
    return text.lower().replace(" ", "-")


def _nav() -> str:
    groups = []
    for section in _SECTIONS:
        items = "".join(
            f'<li class="nav-menu__item"><a class="nav-menu__link" href="/games/{_slug(name)}/">{name}</a></li>'
            for name in (_title(2) for _ in range(16))
        )
        groups.append(
            f'<li class="nav-menu__group"><a class="nav-menu__heading" href="/{_slug(section)}/">{section}</a>'
            f'<ul class="nav-menu__list">{items}</ul></li>'
        )
    return f'<nav class="site-nav js-site-nav" aria-label="Main"><ul class="nav-menu">{"".join(groups)}</ul></nav>'


def _ad_config() -> str:
    slots = [
        {
            "slot": f"/8264/gamespot/{_slug(_RNG.choice(_SECTIONS))}/{n}",
            "sizes": [[300, 250], [728, 90], [970, 250]][: 1 + n % 3],
            "targeting": {"pos": f"mid-{n}", "kw": [_RNG.choice(_WORDS) for _ in range(6)], "refresh": n % 2 == 0},
        }
        for n in range(160)
    ]
    return f"<script>window.__ADS_CONFIG__ = {json.dumps({'slots': slots}, separators=(',', ':'))};</script>"


def _analytics() -> str:
    data = {f"dim{n}": _title(3) for n in range(120)}
    return f'<script type="application/json" id="utag-data">{json.dumps(data)}</script>'


def _rail() -> str:
    cards = "".join(
        f'<div class="card-item card-item--trending"><a class="card-item__link" href="/videos/{_slug(t)}/">'
        f'<img class="card-item__img" src="/a/uploads/square_small/0/0/{n}-thumb.jpg" alt="">'
        f'<h4 class="card-item__title">{t}</h4></a></div>'
        for n, t in enumerate(_title(5) for _ in range(24))
    )
    return f'<aside class="trending-rail" aria-label="Trending"><h3>Trending Now</h3>{cards}</aside>'


def _footer_links() -> str:
    return "".join(
        f'<li><a href="/{_slug(_RNG.choice(_SECTIONS))}/{_slug(t)}/">{t}</a></li>'
        for t in (_title(2) for _ in range(90))
    )


SITE_HEADER = (
    '<header class="site-header"><a class="site-logo" href="/news/">GameSpot</a>\n'
    + _nav()
    + "\n"
    + _ad_config()
    + "\n"
    + _analytics()
    + "\n</header>"
)
SITE_FOOTER = (
    _rail()
    + '\n<footer class="site-footer"><ul class="site-footer__links">'
    + _footer_links()
    + "</ul><p>A GameSpot-like sample site written for the newsbot project. "
    "Every story on it is made up, except where it retells the team's seed text.</p></footer>"
)
