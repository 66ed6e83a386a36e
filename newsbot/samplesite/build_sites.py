"""Render the sample sites of the profile-driven spider into ``sites/<name>/``: Variety, Collider and PC Gamer.

Each folder holds article pages in the site's older and newer layouts (the markup of ``tests/fixtures/<name>/``,
inside realistic chrome), one broken page, RSS feed, sitemaps, paginated listings, robots.txt and a
``manifest.json`` in the format of ``site/manifest.json``. Every listing also links two pages a polite crawler
never fetches: a draft behind a robots-disallowed ``?preview=true`` and a partner copy on another host.

Run ``python -m newsbot.samplesite.build_sites`` after editing the story data; a test rebuilds into a temporary
folder and fails when the committed files differ. Stories, people, handles and ids are invented.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from newsbot.samplesite.build import esc, json_ld

SITES_DIR = Path(__file__).resolve().parent / "sites"
BASE = "{{BASE}}"
OFFSITE = "{{OFFSITE}}"
CARDS_PER_PAGE = 5
FEED_SIZE = 6
PREVIEW = "?preview=true"
# name -> (canonical origin, site title, feed path, listing start, listing page pattern, sitemap layout)
SITE_SETUP: dict[str, dict[str, str]] = {
    "variety": {"origin": "https://variety.com", "title": "Variety", "feed": "/feed/", "listing": "/v/film/",
                "page": "/v/film/page/{n}/", "sitemaps": "yoast"},
    "collider": {"origin": "https://collider.com", "title": "Collider", "feed": "/feed/", "listing": "/movie-news/",
                 "page": "/movie-news/{n}/", "sitemaps": "valnet"},
    "pcgamer": {"origin": "https://www.pcgamer.com", "title": "PC Gamer", "feed": "/rss/", "listing": "/news/",
                "page": "/news/page/{n}/", "sitemaps": "future"},
}  # fmt: skip


# ------------------------------------------------------------------------------------------------ model


@dataclass
class Story:
    """One page of a site: its words, where it lives, what it embeds and what a crawl must make of it."""

    name: str  # the site
    origin: str  # the real site's origin, written in canonical links
    path: str
    headline: str
    deck: str
    authors: list[tuple[str, str]]  # (display name, profile slug)
    published: str  # ISO 8601 with the offset the page writes
    tags: list[str]
    paragraphs: list[str]
    embeds: list[tuple[Any, ...]] = field(default_factory=list)  # (after paragraph n, kind, *args)
    layout: str = "new"  # "new" or "old" markup of the site
    kind: str = "article"
    outcome: str = "stored"
    reason: str | None = None
    placement: str = "site"  # "draft" (robots-disallowed preview) or "offsite" (linked on another host)
    broken: str | None = None  # "truncated", "no-headline", "no-body"
    # Expected story clustering with another sample site, written by hand: (site, path) of the page this one runs
    # again (same story), or of a different story on the same topic (must stay apart).
    story_with: tuple[str, str] | None = None
    same_topic_as: tuple[str, str] | None = None

    @property
    def published_at(self) -> datetime:
        return datetime.fromisoformat(self.published)

    @property
    def site_title(self) -> str:
        return SITE_SETUP[self.name]["title"]

    @property
    def canonical(self) -> str:
        return self.origin + self.path

    def manifest_embeds(self) -> list[dict[str, str | None]]:
        """Provider, kind and external id of each body embed, as a crawl must store them."""
        image_provider = {"variety": "variety", "collider": "colliderimages", "pcgamer": "futurecdn"}[self.name]
        found = []
        for _, kind, *args in self.embeds:
            provider, what, ident = _identity(kind, args, image_provider)
            found.append({"provider": provider, "kind": what, "external_id": ident})
        return found


def _identity(kind: str, args: list[Any], image_provider: str) -> tuple[str, str, str | None]:
    """(provider, kind, external id) a parser must find for an embed of `kind` with `args`."""
    if kind == "youtube":
        return "youtube", "video", args[0]
    if kind == "tweet":
        return "twitter", "tweet", args[2]
    if kind == "instagram":
        return "instagram", "post", args[0]
    if kind == "gallery":
        return image_provider, "gallery", f"gallery-{args[0]}"
    if kind == "jw":
        return "jwplayer", "video", args[0]
    return image_provider, "image", None


# ------------------------------------------------------------------------------------------------ chrome

_SECTIONS = {
    "variety": ("Film", "TV", "Music", "Digital", "Awards", "Global", "Biz", "Theater", "Video", "Docs"),
    "collider": ("Movies", "TV", "Reviews", "Lists", "Interviews", "Streaming", "Trailers", "Features"),
    "pcgamer": ("Games", "Hardware", "Reviews", "Guides", "News", "Deals", "Esports", "Movies TV"),
}
_WORDS = (
    "harbor", "signal", "ember", "quiet", "moon", "glass", "north", "ledger", "tide", "frost", "lantern", "orchard",
    "copper", "velvet", "static", "atlas", "meridian", "hollow", "crimson", "paper", "summit", "echo", "river",
)  # fmt: skip


def _slug(text: str) -> str:
    return "-".join(text.lower().split())


def chrome_links(site: str, where: str) -> str:
    """The header (nav, ad and analytics configuration) or footer (link farm) of `site`; deterministic."""
    rng = random.Random(f"{site}-{where}")
    sections = _SECTIONS[site]
    # Chrome links are two segments deep (/tag/<x>/, /<section>/<x>/): never an article path of these sites.
    links = "".join(
        f'<li><a href="/{_slug(rng.choice(sections))}/{rng.choice(_WORDS)}-{rng.choice(_WORDS)}/">'
        f"{rng.choice(_WORDS).title()} {rng.choice(_WORDS).title()}</a></li>"
        for _ in range(48)
    )
    if where == "footer":
        return (
            f'<footer class="site-footer"><ul class="footer-links">{links}</ul><p>A {SITE_SETUP[site]["title"]}-like '
            "sample site written for the newsbot project; every story on it is made up.</p></footer>"
        )
    slots = [
        {"slot": f"/{site}/{_slug(rng.choice(sections))}/{n}", "sizes": [[300, 250], [728, 90]]} for n in range(60)
    ]
    menu = "".join(f'<a class="nav-section" href="/{_slug(name)}/">{name}</a>' for name in sections)
    return (
        f'<header class="site-header"><a class="logo" href="/">{SITE_SETUP[site]["title"]}</a>'
        f'<nav class="main-nav">{menu}<ul class="mega-menu">{links}</ul></nav>'
        f"<script>window.adConfig = {json.dumps({'slots': slots}, separators=(',', ':'))};</script></header>"
    )


# ------------------------------------------------------------------------------------------------ embeds


def embed_html(story: Story, kind: str, *args: Any) -> str:
    """One body embed in the markup `story`'s site and layout use (see the fixtures of each site)."""
    site, new = story.name, story.layout == "new"
    if kind == "youtube":
        (vid,) = args
        if site == "collider":
            inner = "" if new else f'<iframe data-src="https://www.youtube.com/embed/{vid}" src="about:blank"></iframe>'
            return f'<div class="w-youtube" id="{vid}">{inner}</div>'
        if site == "pcgamer":
            return (
                f'<div class="youtube-video" data-youtube-id="{vid}"><img src="https://img.youtube.com/vi/{vid}/'
                'maxresdefault.jpg" alt=""></div>'
            )
        return (
            '<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube"><div '
            f'class="wp-block-embed__wrapper"><iframe src="https://www.youtube.com/embed/{vid}?feature=oembed" '
            'width="500" height="281" allowfullscreen></iframe></div></figure>'
        )
    if kind == "tweet":
        handle, name, status, text = args
        if site == "collider" and new:
            return f'<div class="w-twitter" id="{status}"></div>'
        return (
            f'<blockquote class="twitter-tweet"><p lang="en" dir="ltr">{esc(text)}</p>&mdash; {esc(name)} (@{handle}) '
            f'<a href="https://twitter.com/{handle}/status/{status}?ref_src=twsrc%5Etfw">link</a></blockquote>'
            '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>'
        )
    if kind == "instagram":
        code, handle, name = args
        if site == "collider":
            return f'<div class="w-instagram" id="instagram-{code}"></div>'
        return instagram_snippet(code, handle, name) + '<script async src="//www.instagram.com/embed.js"></script>'
    if kind == "image":
        filename, caption = args
        if site == "collider":
            src = f"https://static1.colliderimages.com/wordpress/wp-content/uploads/{filename}"
            return (
                f'<div class="body-img landscape"><div class="responsive-img" data-img-url="{src}" '
                f'data-img-caption="{esc(caption)}"><img src="{src}?q=50&amp;w=680" alt=""></div></div>'
            )
        if site == "pcgamer":
            src = f"https://cdn.mos.cms.futurecdn.net/{filename}"
            return (
                f'<figure class="van-image-figure"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" '
                f'data-original-mos="{src}" alt=""><figcaption><span class="caption-text">{esc(caption)} </span>'
                '<span class="credit">(Image credit: Publisher)</span></figcaption></figure>'
            )
        src = f"https://variety.com/wp-content/uploads/{filename}"
        return (
            f'<div class="post-content-image"><figure><img src="{src}" alt=""><figcaption><span>{esc(caption)}</span>'
            "<cite>Courtesy of the studio</cite></figcaption></figure></div>"
        )
    if kind == "gallery":
        number, files = args
        slides = "".join(
            f'<div class="gallery__images__item" data-img-url="https://static1.colliderimages.com/wordpress/wp-content/'
            f'uploads/{f}"></div>'
            for f in files
        )
        return f'<div class="valnet-gallery" id="gallery-{number}">{slides}</div>'
    if kind == "jw":
        (media,) = args
        player = f'<div class="future__jwplayer" id="botr_{media}_Pl4yEr01_div"></div>'
        return f'<div class="jwplayer__widthsetter">{player}</div>'
    raise ValueError(f"{story.path}: unknown embed {kind!r}; see embed_html for the known ones")


def instagram_snippet(code: str, handle: str, name: str) -> str:
    link = f"https://www.instagram.com/p/{code}/?utm_source=ig_embed&amp;utm_campaign=loading"
    return (
        f'<blockquote class="instagram-media" data-instgrm-permalink="{link}" data-instgrm-version="14">'
        f'<div><a href="{link}">View this post on Instagram</a><p><a href="{link}">A post shared by {esc(name)} '
        f"(@{handle})</a></p></div></blockquote>"
    )


def body_parts(story: Story, paragraph: str, extras: dict[int, str]) -> list[str]:
    """Paragraphs in the site's markup with each embed after its paragraph, and `extras` (chrome) after theirs."""
    parts = []
    for n, text in enumerate(story.paragraphs):
        parts.append(paragraph.format(text=esc(text)))
        parts += [embed_html(story, kind, *args) for after, kind, *args in story.embeds if after == n]
        if n in extras:
            parts.append(extras[n])
    return parts


def byline_links(story: Story, profile: str, joiner: str = " and ") -> str:
    return joiner.join(f'<a href="{profile}{slug}/">{esc(name)}</a>' for name, slug in story.authors)


def document(story: Story, head: str, article: str, tail: str = "") -> str:
    """A whole page: head, the site's chrome around the article, scripts after it; broken as the story asks."""
    html = (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n{head}\n</head>\n<body>\n'
        f"{chrome_links(story.name, 'header')}\n<main>\n{article}\n</main>\n{tail}{chrome_links(story.name, 'footer')}"
        "\n</body>\n</html>\n"
    )
    if story.broken == "truncated":  # the transfer "ended" mid-body: no closing tags
        second = html.index(story.paragraphs[1][:20])
        return html[: html.index(" ", second + 40)]
    return html


def head_meta(story: Story, schema: dict[str, Any] | None, extra: str = "") -> str:
    if story.broken == "no-headline":
        return f'<link rel="canonical" href="{story.canonical}">'
    lines = [
        f"<title>{esc(story.headline)} - {esc(story.site_title)}</title>",
        f'<link rel="canonical" href="{story.canonical}">',
        f'<meta property="og:site_name" content="{esc(story.site_title)}">',
        f'<meta property="og:title" content="{esc(story.headline)}">',
        f'<meta property="og:description" content="{esc(story.deck)}">',
    ]
    if schema:
        lines.append(json_ld(schema))
    return "\n".join(lines) + extra


def news_ld(story: Story, author_list: bool) -> dict[str, Any]:
    people = [{"@type": "Person", "name": n, "url": f"{story.origin}/author/{slug}/"} for n, slug in story.authors]
    return {
        "@context": "https://schema.org",
        "@type": "Review" if story.kind == "review" else "NewsArticle",
        "headline": story.headline,
        "description": story.deck,
        "datePublished": story.published,
        "author": people if author_list or len(people) > 1 else people[0],
        "keywords": story.tags,
        "publisher": {"@type": "Organization", "name": story.site_title},
    }


# ------------------------------------------------------------------------------------------------ layouts


def render_variety(story: Story) -> str:
    """Larva (new) or the 2019 theme (old); see tests/fixtures/variety/."""
    related = '<div class="injected-related-story"><a href="/v/film/">Related Stories</a></div>'
    trending = '<div class="trending-in-article"><h3>Trending</h3><a href="/v/tv/">More</a></div>'
    if story.layout == "old":
        metas = (
            f'\n<meta name="author" content="{esc(", ".join(n for n, _ in story.authors))}">'
            f'\n<meta name="swiftype:published_at" content="{story.published}">'
            f'\n<meta name="swiftype:topics" content="{esc(", ".join(story.tags))}">'
        )
        body = body_parts(story, "<p>{text}</p>", {0: related})
        article = (
            f'<article id="post-{story.path[-11:-1]}"><header><h1 class="c-title">{esc(story.headline)}</h1>'
            f'<div class="c-byline"><span class="author">By {byline_links(story, "/author/")}</span></div></header>'
            f'<div class="pmc-paywall">\n' + "\n".join(body) + "\n</div></article>"
        )
        return document(story, head_meta(story, None, metas), article)
    body = body_parts(story, '<p class="paragraph larva">{text}</p>', {0: related, 1: trending})
    article = (
        f'<article id="post-{story.path[-11:-1]}" class="a-article-grid"><div class="a-article-grid__header">'
        f'<h1 id="section-heading">{esc(story.headline)}</h1><p class="article-excerpt">{esc(story.deck)}</p>'
        f'<div class="a-article-grid__author">By {byline_links(story, "/author/", ", ")}</div></div>'
        f'<div class="a-content pmc-paywall">\n' + "\n".join(body) + '\n<div id="piano-paywall"></div></div></article>'
    )
    return document(story, head_meta(story, news_ld(story, True)), article)


def render_collider(story: Story) -> str:
    """Valnet's current layout (new) or the 2021 one (old); see tests/fixtures/collider/."""
    related = '<div class="display-card article article-card"><span class="article-card-label">Related</span></div>'
    body = body_parts(story, "<p>{text}</p>", {0: '<div class="ad-zone-container"></div>', 1: related})
    title = "" if story.broken == "no-headline" else f'<h1 class="heading_title">{esc(story.headline)}</h1>'
    if story.layout == "new":
        byline = (
            f'<div class="w-article-header-comp"><div class="w-author">By {byline_links(story, "/author/", " &amp; ")}'
            f'</div><div class="meta_txt article-date">Published <time datetime="{story.published}">'
            f"{story.published_at:%b %d, %Y}</time></div></div>"
        )
        header = f'{title}<p class="heading_excerpt">{esc(story.deck)}</p>{byline}'
    else:
        header = (
            f'{title}<p>{esc(story.deck)}</p><div class="heading_author">By {byline_links(story, "/author/")}</div>'
        )
    tags = "".join(f'<span class="article-tags-name">{esc(t)}</span>' for t in story.tags)
    article = (
        f'<article class="article"><header class="article-header">{header}</header>'
        f'<section id="article-body"><div class="content-block-regular">\n' + "\n".join(body) + "\n</div>"
        f'<div id="article-waypoint"></div></section><div class="article-tags">{tags}</div></article>'
    )
    snippets = "".join(
        f'window.arrayOfEmbeds["instagram-{args[0]}"] = {json.dumps({"instagram": instagram_snippet(*args)})};\n'
        for _, kind, *args in story.embeds
        if kind == "instagram"
    )
    tail = f"<script>window.arrayOfEmbeds = window.arrayOfEmbeds || {{}};\n{snippets}</script>\n" if snippets else ""
    schema = None if story.broken == "no-headline" else news_ld(story, story.layout == "new")
    return document(story, head_meta(story, schema), article, tail)


def render_pcgamer(story: Story) -> str:
    """Future's current layout (new) or the 2019 review layout (old); see tests/fixtures/pcgamer/."""
    extras = {
        0: '<div class="ad-unit" id="mpu1"></div>',
        1: '<div class="slice-container-newsletterForm"><p>Sign up to get the best content of the week.</p></div>',
    }
    body = [] if story.broken == "no-body" else body_parts(story, "<p>{text}</p>", extras)
    if story.layout == "new":
        byline = f'<span class="author-byline__author-name">{byline_links(story, "/author/")}</span>'
    else:
        byline = f'<span class="by-author">By <span>{esc(story.authors[0][0])}</span></span>'
    verdict = (
        '<div class="pretty-verdict"><span class="rating">74</span><p class="pretty-verdict__verdict">Worth a look.</p>'
        "</div>"
        if story.kind == "review"
        else ""
    )
    article = (
        f'<article class="news-article"><header><h1>{esc(story.headline)}</h1><h2>{esc(story.deck)}</h2>'
        f'<div class="author-byline">{byline} <time datetime="{story.published}">{story.published_at:%d %B %Y}</time>'
        f'</div></header><div id="article-body">\n<p class="fancy-box">PC Gamer is supported by its audience.</p>\n'
        + "\n".join(body)
        + f'\n</div>{verdict}<div data-spotim-module="spotim-launcher" data-post-id="{story.path.strip("/")}"></div>'
        "</article>"
    )
    extra = f'\n<meta name="parsely-tags" content="{esc(",".join(story.tags))}">'
    return document(story, head_meta(story, news_ld(story, False), extra), article)


RENDERERS = {"variety": render_variety, "collider": render_collider, "pcgamer": render_pcgamer}


# ------------------------------------------------------------------------------------------------ discovery


@dataclass
class SiteBuild:
    """The files of one site as they are rendered, and the manifest records that describe them."""

    name: str
    files: dict[str, str] = field(default_factory=dict)
    discovery: dict[str, str] = field(default_factory=dict)


def render_site(name: str) -> dict[str, str]:
    """Every file of site `name` as ``{relative path: text}``."""
    setup = SITE_SETUP[name]
    stories = [Story(name=name, origin=setup["origin"], **data) for data in SITE_STORIES[name]]
    out = SiteBuild(name)
    for story in stories:
        out.files[story.path.strip("/") + "/index.html"] = RENDERERS[name](story)
    listed = newest_first([s for s in stories if s.outcome in ("stored", "failure")])
    baits = [s for s in stories if s.outcome == "never_fetch"]
    _listings(out, setup, listed, baits)
    _feed(out, setup, [s for s in listed if s.outcome == "stored"][:FEED_SIZE])
    _sitemaps(out, setup, listed)
    out.files["robots.txt"] = robots(setup)
    out.discovery["/robots.txt"] = "robots"
    out.files["manifest.json"] = manifest(name, stories, out.discovery)
    return dict(sorted(out.files.items()))


def newest_first(stories: list[Story]) -> list[Story]:
    return sorted(stories, key=lambda s: (s.published_at, s.path), reverse=True)


def _listings(out: SiteBuild, setup: dict[str, str], stories: list[Story], baits: list[Story]) -> None:
    """Paginated listing pages; page 1 also links the baits (a robots-disallowed draft, an off-site partner)."""
    chunks = [stories[i : i + CARDS_PER_PAGE] for i in range(0, len(stories), CARDS_PER_PAGE)]
    for number, chunk in enumerate(chunks, start=1):
        links = [(s.path, s.headline) for s in chunk]
        if number == 1:
            links += [(b.path + PREVIEW if b.placement == "draft" else OFFSITE + b.path, b.headline) for b in baits]
        path = setup["listing"] if number == 1 else setup["page"].replace("{n}", str(number))
        pager = []
        if number > 1:
            pager.append(("prev", setup["listing"] if number == 2 else setup["page"].replace("{n}", str(number - 1))))
        if number < len(chunks):
            pager.append(("next", setup["page"].replace("{n}", str(number + 1))))
        out.files[path.strip("/") + "/index.html"] = listing_page(out.name, setup, number, links, pager)
        out.discovery[path] = "listing"


def listing_page(site: str, setup: dict[str, str], number: int, links: list[tuple[str, str]], pager: list) -> str:
    """A river of cards in the site's own listing markup, inside its chrome."""
    card = {
        "variety": '<div class="o-tease"><h3 class="c-title"><a class="c-title__link" href="{href}">{text}</a></h3>'
        "</div>",
        "collider": '<div class="display-card article"><h5 class="display-card-title"><a href="{href}">{text}</a>'
        "</h5></div>",
        "pcgamer": '<div class="listingResult"><a class="article-link" href="{href}"><h3 class="article-name">'
        "{text}</h3></a></div>",
    }[site]
    cards = "\n".join(card.format(href=href, text=esc(text)) for href, text in links)
    nav = "".join(f'<a class="pager-{rel}" rel="{rel}" href="{href}">{rel.title()}</a>' for rel, href in pager)
    title = f"Latest News - {setup['title']}" + (f" - Page {number}" if number > 1 else "")
    head = f'<head><meta charset="utf-8"><title>{esc(title)}</title></head>'
    body = f'<main><h1 class="section-title">{esc(title)}</h1>\n<section class="river">\n{cards}\n</section>'
    body += f'\n<nav class="pagination">{nav}</nav></main>'
    return f'<!DOCTYPE html>\n<html lang="en">\n{head}\n<body>\n{chrome_links(site, "header")}\n{body}\n' + (
        f"{chrome_links(site, 'footer')}\n</body>\n</html>\n"
    )


def _feed(out: SiteBuild, setup: dict[str, str], stories: list[Story]) -> None:
    """RSS 2.0 with dc:creator, as WordPress and Future feeds write it."""
    items = "\n".join(
        f"<item><title>{esc(s.headline)}</title><link>{BASE}{s.path}?utm_source=rss</link>"
        f"<pubDate>{format_datetime(s.published_at)}</pubDate>"
        f"<dc:creator>{esc(', '.join(n for n, _ in s.authors))}</dc:creator>"
        f"<description>{esc(s.deck)}</description></item>"
        for s in stories
    )
    out.files[setup["feed"].strip("/") + "/index.rss"] = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        f"<channel><title>{esc(setup['title'])}</title><link>{BASE}/</link>\n{items}\n</channel></rss>\n"
    )
    out.discovery[setup["feed"]] = "feed"


def urlset(stories: list[Story], news: bool = False) -> str:
    entries = []
    for s in stories:
        extra = ""
        if news:
            extra = (
                f"<news:news><news:publication><news:name>{esc(s.site_title)}</news:name><news:language>en"
                f"</news:language></news:publication><news:publication_date>{s.published}</news:publication_date>"
                f"<news:title>{esc(s.headline)}</news:title></news:news>"
            )
        entries.append(f"<url><loc>{BASE}{s.path}</loc><lastmod>{s.published}</lastmod>{extra}</url>")
    ns = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' if news else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{ns}>\n'
        + "\n".join(entries)
        + "\n</urlset>\n"
    )


def _sitemaps(out: SiteBuild, setup: dict[str, str], stories: list[Story]) -> None:
    """Yoast shards plus a news sitemap (PMC), monthly part shards (Valnet) or monthly maps (Future)."""
    oldest = sorted(stories, key=lambda s: s.published_at)
    shards: dict[str, list[Story]] = {}
    if setup["sitemaps"] == "yoast":
        half = len(oldest) // 2
        shards = {"post-sitemap.xml": oldest[:half], "post-sitemap2.xml": oldest[half:]}
        index = "sitemap_index.xml"
        out.files["news-sitemap.xml"] = urlset(oldest[-3:], news=True)
        out.discovery["/news-sitemap.xml"] = "sitemap"
    else:
        for s in oldest:
            month = s.published_at.strftime("%Y-%m")
            shard = f"sitemap-{month}-part1-articles.xml" if setup["sitemaps"] == "valnet" else f"sitemap-{month}.xml"
            shards.setdefault(shard, []).append(s)
        index = "sitemap.xml"
    for shard, members in shards.items():
        out.files[shard] = urlset(members)
        out.discovery[f"/{shard}"] = "sitemap"
    maps = "\n".join(f"<sitemap><loc>{BASE}/{shard}</loc></sitemap>" for shard in shards)
    out.files[index] = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{maps}\n</sitemapindex>\n'
    )
    out.discovery[f"/{index}"] = "sitemap"


def robots(setup: dict[str, str]) -> str:
    """Drafts (``?preview=true``) and the admin are off limits; the sitemap index is named."""
    index = "sitemap_index.xml" if setup["sitemaps"] == "yoast" else "sitemap.xml"
    return f"User-agent: *\nDisallow: /*?preview=true\nDisallow: /wp-admin/\n\nSitemap: {BASE}/{index}\n"


def manifest(name: str, stories: list[Story], discovery: dict[str, str]) -> str:
    """Ground truth for crawl tests, from the story data (never from a parser); same format as site/manifest.json."""
    records: list[dict[str, Any]] = []
    for s in stories:
        shown = s.outcome != "failure"
        records.append(
            {
                "path": s.path,
                "host": "offsite" if s.placement == "offsite" else "base",
                "kind": s.kind,
                "layout": s.layout,
                "outcome": s.outcome,
                "headline": s.headline if shown else None,
                "deck": s.deck if shown else None,
                "authors": [n for n, _ in s.authors] if shown else [],
                "published_at": s.published if shown else None,
                "comment_count": None,
                "embeds": s.manifest_embeds() if shown else [],
                "duplicate_of": None,
                "reason": s.reason,
                "story_with": _site_page(s.story_with),
                "same_topic_as": _site_page(s.same_topic_as),
            }
        )
    for path, kind in discovery.items():
        record = dict.fromkeys(records[0])
        record.update(path=path, host="base", kind=kind, outcome="discovery", authors=[], embeds=[])
        records.append(record)
    records.sort(key=lambda r: r["path"])
    data = {
        "site": name,
        "about": "Sample site ground truth written by newsbot/samplesite/build_sites.py from site_stories.py.",
        "outcomes": {
            "stored": "a crawl must store it as an article with this headline and comment_count",
            "failure": "the parser must reject it (reason says why) and the crawl records a failure",
            "never_fetch": "a polite crawler never requests it (robots.txt or another host); host tells which",
            "discovery": "feed, sitemap, listing or robots.txt: fetched for links, never stored",
        },
        "fields": {
            "comment_count": "null everywhere: these sites show no count in their HTML (never 0 for unknown)",
            "embeds": "body embeds in order: social posts, videos, image figures and galleries",
            "published_at": "as the page states it",
            "story_with": "crawled with that site (newsbot demo), this page joins that page's story",
            "same_topic_as": "crawled with that site, this page stays in a story apart from that page's",
        },
        "hosts": {"base": "{{BASE}} = http://127.0.0.1:PORT", "offsite": "{{OFFSITE}} = http://localhost:PORT"},
        "pages": records,
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _site_page(page: tuple[str, str] | None) -> dict[str, str] | None:
    return {"site": page[0], "path": page[1]} if page else None


def write_folder(folder: Path, files: dict[str, str]) -> list[Path]:
    """Write `files` into `folder`, removing files a previous build left there; refuse a foreign folder."""
    if folder.exists() and any(folder.iterdir()) and not (folder / "manifest.json").exists():
        raise FileExistsError(f"{folder} is not empty and holds no manifest.json; refusing to overwrite it")
    if folder.exists():
        for old in sorted(folder.rglob("*"), reverse=True):
            if old.is_file() and old.relative_to(folder).as_posix() not in files:
                old.unlink()
            elif old.is_dir() and not any(old.iterdir()):
                old.rmdir()
    written = []
    for rel, text in files.items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))
        written.append(target)
    return written


def build(out_dir: Path = SITES_DIR) -> list[Path]:
    """Write every site into ``out_dir/<name>/``; returns the written paths."""
    return [path for name in SITE_SETUP for path in write_folder(Path(out_dir) / name, render_site(name))]


# ------------------------------------------------------------------------------------------------ stories

SITE_STORIES: dict[str, list[dict[str, Any]]] = {
    "variety": [
        {"path": "/2025/film/news/moonwake-sequel-greenlit-1236300101/", "layout": "new",
         "headline": "\u2018Moonwake\u2019 Sequel Greenlit at Northlight Pictures",
         "deck": "Saoirse Vance returns to write and direct.", "authors": [("Marisa Quell", "marisa-quell")],
         "published": "2025-11-03T09:00:00-08:00", "tags": ["Moonwake", "Northlight Pictures", "Film"],
         "paragraphs": [
             "Northlight Pictures has greenlit a sequel to \u201cMoonwake,\u201d the heist film set beneath a frozen "
              "moon.",
             "Saoirse Vance returns to write and direct, and the studio is aiming for a summer 2027 release.",
             "The first film opens in December and has already sold out early screenings in four cities."],
         "embeds": [(1, "youtube", "Mw7sQel2Aa1")]},
        {"path": "/2025/tv/news/quiet-signal-season-four-1236300102/", "layout": "new",
         "headline": "\u2018Quiet Signal\u2019 Renewed for a Fourth and Final Season",
         "deck": "The streamer will end the sci-fi drama on its own terms.",
         "authors": [("Ellis Granger", "ellis-granger"), ("Devon Albrecht", "devon-albrecht")],
         "published": "2025-10-28T14:30:00-07:00", "tags": ["Quiet Signal", "TV"],
         "paragraphs": [
             "\u201cQuiet Signal\u201d will return for a fourth and final season, the streamer said Tuesday.",
             "Creator June Akers said the ending has been planned since the writers\u2019 room of season one.",
             "Production begins in Vancouver in February with the full main cast returning."],
         "embeds": [(0, "tweet", "QuietSignalTV", "Quiet Signal", "1983100000000000102", "One more broadcast.")]},
        {"path": "/2025/film/box-office/paper-lanterns-opening-weekend-1236300103/", "layout": "new",
         "headline": "\u2018Paper Lanterns\u2019 Lights Up the Box Office With $48 Million",
         "deck": "The animated film beat every projection.", "authors": [("Marisa Quell", "marisa-quell")],
         "published": "2025-10-19T10:15:00-07:00", "tags": ["Paper Lanterns", "Box Office"],
         "paragraphs": [
             "\u201cPaper Lanterns\u201d opened to $48 million in North America, the best start for an original "
              "animated film this year.",
             "Exit polls gave the film an A grade, and families made up 61% of the opening audience.",
             "The film adds 30 international markets next weekend, including Japan and Brazil."],
         "embeds": [(0, "image", "2025/10/paper-lanterns-still.jpg", "A still from \u201cPaper Lanterns.\u201d"),
                    (2, "instagram", "DQpL4nTrn01", "paperlanternsfilm", "Paper Lanterns")]},
        {"path": "/2025/music/news/static-orchard-world-tour-1236300104/", "layout": "new",
         "headline": "Static Orchard Announces a 40-Date World Tour",
         "deck": "The band\u2019s first tour in six years starts in Lisbon.",
         "authors": [("Devon Albrecht", "devon-albrecht")],
         "published": "2025-09-30T08:45:00-07:00", "tags": ["Static Orchard", "Music"],
         "paragraphs": [
             "Static Orchard will play 40 dates across Europe, North America and Australia next year.",
             "The tour opens in Lisbon on April 3 and closes with two nights at the Hollywood Bowl in September.",
             "Tickets go on sale Friday, with a presale for fan club members on Wednesday."],
         "embeds": []},
        {"path": "/2025/digital/news/harbor-stream-price-increase-1236300105/", "layout": "new",
         "headline": "Harbor Stream Raises Prices in the U.S. and Canada",
         "deck": "The ad-free plan goes up by two dollars.", "authors": [("Ellis Granger", "ellis-granger")],
         "published": "2025-08-12T06:00:00-07:00", "tags": ["Harbor Stream", "Streaming"],
         "paragraphs": [
             "Harbor Stream is raising the price of its ad-free plan to $17.99 a month in the U.S. and Canada.",
             "The ad-supported tier stays at $7.99, and existing subscribers keep their price until their next "
              "renewal after March.",
             "The company said the increase pays for a larger slate of original films next year."],
         "embeds": [(1, "youtube", "HsPr1ceUp02")]},
        {"path": "/2019/tv/news/copper-coast-cancelled-1203300106/", "layout": "old",
         "headline": "\u2018Copper Coast\u2019 Cancelled After Two Seasons",
         "deck": "The mining-town drama will not return.", "authors": [("Ellis Granger", "ellis-granger")],
         "published": "2019-05-14T11:20:00-07:00", "tags": ["Copper Coast", "TV News"],
         "paragraphs": [
             "\u201cCopper Coast\u201d has been cancelled after two seasons, the network confirmed Tuesday.",
             "The drama about a mining town in 1890s Cornwall drew strong reviews but small audiences.",
             "Star Hallie Brandt thanked fans in a post and said the cast had hoped for a third season."],
         "embeds": [(2, "instagram", "BxCopperC03", "halliebrandt", "Hallie Brandt")]},
        {"path": "/2019/film/news/velvet-atlas-casting-1203300107/", "layout": "old",
         "headline": "Tomas Reyna Joins \u2018Velvet Atlas\u2019 Opposite Nell Ashgrove",
         "deck": "The thriller shoots in Morocco this fall.", "authors": [("Marisa Quell", "marisa-quell")],
         "published": "2019-07-02T13:05:00-07:00", "tags": ["Velvet Atlas", "Film News"],
         "paragraphs": [
             "Tomas Reyna has joined the cast of \u201cVelvet Atlas,\u201d the spy thriller led by Nell Ashgrove.",
             "Reyna plays a cartographer who draws maps for both sides of a border dispute.",
             "Production starts in Marrakech in September for a 2020 release."],
         "embeds": [(0, "image", "2019/07/velvet-atlas-reyna.jpg", "Tomas Reyna.")]},
        {"path": "/2020/film/news/echo-river-festival-lineup-1203300108/", "layout": "old",
         "headline": "Echo River Film Festival Unveils a 90-Film Lineup",
         "deck": "Half of the selection comes from first-time directors.",
         "authors": [("Devon Albrecht", "devon-albrecht")],
         "published": "2020-01-21T09:30:00-08:00", "tags": ["Echo River Film Festival", "Festivals"],
         "paragraphs": [
             "The Echo River Film Festival has announced 90 films for its March edition, 45 of them from first-time "
              "directors.",
             "The festival opens with \u201cSummit Road,\u201d a documentary about a mountain rescue team.",
             "Passes go on sale next week, and the festival will stream 20 titles online for the first time."],
         "embeds": [(1, "tweet", "EchoRiverFest", "Echo River Fest", "1219700000000000108", "The lineup is here.")]},
        {"path": "/2025/film/reviews/summit-road-review-1236300109/", "layout": "new", "kind": "review",
         "headline": "\u2018Summit Road\u2019 Review: A Rescue Documentary That Earns Its Height",
         "deck": "A patient film about the people who climb up when others fall.",
         "authors": [("Marisa Quell", "marisa-quell")],
         "published": "2025-07-08T12:00:00-07:00", "tags": ["Summit Road", "Film Reviews"],
         "paragraphs": [
             "\u201cSummit Road\u201d follows a mountain rescue team through one winter, and it never hurries.",
             "Director Ines Larrabee lets the rescues play out in real time, which makes the quiet stretches between "
              "them count.",
             "It is the rare documentary that trusts its audience to wait."],
         "embeds": []},
        {"path": "/2025/film/news/glass-orchard-adaptation-1236300110/", "layout": "new", "outcome": "failure",
         "reason": "truncated", "broken": "truncated",
         "headline": "\u2018Glass Orchard\u2019 Adaptation Finds Its Director", "deck": "A deal closed this week.",
         "authors": [("Devon Albrecht", "devon-albrecht")], "published": "2025-11-10T10:00:00-08:00",
         "tags": ["Glass Orchard"],
         "paragraphs": [
             "The film adaptation of \u201cGlass Orchard\u201d has found its director after a two-year search.",
             "The studio will announce the cast in the spring, and the shoot is planned for the autumn in Kent.",
             "The book has sold more than two million copies since it came out."]},
        {"path": "/2025/film/news/untitled-crown-project-1236300111/", "layout": "new", "outcome": "never_fetch",
         "placement": "draft", "headline": "Untitled Crown Project (Draft)", "deck": "Not for publication.",
         "authors": [("Marisa Quell", "marisa-quell")], "published": "2025-11-12T09:00:00-08:00", "tags": [],
         "paragraphs": ["This draft is not published yet.", "It only exists as a preview.", "Do not crawl it."]},
        {"path": "/2025/film/news/partner-festival-roundup-1236300112/", "layout": "new", "outcome": "never_fetch",
         "placement": "offsite", "headline": "Partner Site: Festival Roundup", "deck": "Hosted by a partner.",
         "authors": [("Ellis Granger", "ellis-granger")], "published": "2025-11-01T09:00:00-07:00", "tags": [],
         "paragraphs": ["A partner site hosts this roundup.", "It lives on another host.", "A polite crawler stays "
          "home."]},
    ],
    "collider": [
        {"path": "/moonwake-final-trailer/", "layout": "new",
         "headline": "'Moonwake' Final Trailer Floods the Research Station",
         "deck": "The heist goes wrong in the most spectacular way.",
         "authors": [("Tariq Benson", "tariq-benson"), ("Gwen Holloway", "gwen-holloway")],
         "published": "2025-11-18T15:00:00+00:00", "tags": ["Moonwake", "Trailers"],
         "paragraphs": [
             "The final trailer for Moonwake shows the research station flooding while the crew is still inside.",
             "Director Saoirse Vance says the flood sequence took eleven weeks to shoot in a tank in Malta.",
             "Moonwake opens in theaters on December 12."],
         "embeds": [(0, "youtube", "CdMwFinal03"), (1, "instagram", "DRmoonwk04", "saoirsevance", "Saoirse Vance")]},
        {"path": "/best-heist-movies-ranked/", "layout": "new",
         "headline": "The 12 Best Heist Movies, Ranked",
         "deck": "From bank vaults to casino floors, these are the best jobs ever pulled on screen.",
         "authors": [("Gwen Holloway", "gwen-holloway")], "published": "2025-11-02T12:00:00+00:00",
         "tags": ["Heist Movies", "Lists"],
         "paragraphs": [
             "A good heist movie is a machine: every part is introduced, and every part matters when the job starts.",
             "Our list starts with the classics and ends with a film that came out this summer.",
             "Rankings are based on the plan, the crew, and how well the twist holds up on a second watch."],
         "embeds": [(1, "gallery", 51001, ["2025/11/heist-1.jpg", "2025/11/heist-2.jpg"])]},
        {"path": "/copper-coast-revival-interview/", "layout": "new",
         "headline": "Hallie Brandt on Reviving 'Copper Coast' Six Years Later",
         "deck": "The actress explains why the mining drama deserved another chance.",
         "authors": [("Tariq Benson", "tariq-benson")], "published": "2025-10-14T17:30:00+00:00",
         "tags": ["Copper Coast", "Interviews"],
         "paragraphs": [
             "When Copper Coast was cancelled in 2019, Hallie Brandt assumed she would never wear the costume again.",
             "Six years later the show is back as a limited series, and Brandt is also an executive producer.",
             "She says the new episodes answer every question the cancellation left open."],
         "embeds": [(2, "tweet", "HallieBrandt", "Hallie Brandt", "1978200000000000203", "Back to Cornwall.")]},
        {"path": "/harbor-stream-december-2025-releases/", "layout": "new",
         "headline": "Everything Coming to Harbor Stream in December 2025",
         "deck": "Holiday movies, a big finale and one surprise documentary.",
         "authors": [("Gwen Holloway", "gwen-holloway")], "published": "2025-10-30T09:00:00+00:00",
         "tags": ["Harbor Stream", "Streaming"],
         "paragraphs": [
             "Harbor Stream has a busy December, with three holiday films and the series finale of Quiet Signal.",
             "The surprise is Summit Road, the mountain rescue documentary that played festivals all year.",
             "Here is the full schedule, week by week."],
         "embeds": [(0, "image", "2025/10/harbor-stream-december.jpg", "Quiet Signal's final season.")]},
        {"path": "/paper-lanterns-review/", "layout": "new", "kind": "review",
         "headline": "'Paper Lanterns' Review: A Small Animated Film With a Huge Heart",
         "deck": "The year's best animated film is also its quietest.",
         "authors": [("Ross Whitcombe", "ross-whitcombe")], "published": "2025-10-16T13:00:00+00:00",
         "tags": ["Paper Lanterns", "Reviews"],
         "same_topic_as": ("gamespot", "/articles/paper-lanterns-animated-film-gets-a-release-date-and-a-first-"
                                       "trailer/1100-6518032/"),
         "paragraphs": [
             "Paper Lanterns is about a girl who folds a lantern for every person her village has lost.",
             "It sounds unbearably sad, and at times it is, but the film is mostly about the people who are still "
              "there.",
             "The animation, all paper textures and candlelight, is the most beautiful of the year."],
         "embeds": []},
        {"path": "/glass-harbor-sequel-update/", "layout": "old",
         "headline": "'Glass Harbor' Sequel Is Happening, Says Mara Ellison",
         "deck": "The director confirmed the follow-up at a festival panel.",
         "authors": [("Ross Whitcombe", "ross-whitcombe")], "published": "2021-11-04T16:00:00+00:00",
         "tags": ["Glass Harbor", "Mara Ellison"],
         "paragraphs": [
             "Mara Ellison has confirmed that a sequel to Glass Harbor is in development.",
             "Speaking at a festival panel, Ellison said the new film moves from the drowned hotel to a drowned town.",
             "Nell Ashgrove is expected to return as the caretaker."],
         "embeds": [(1, "youtube", "GhSeqUpd05x")]},
        {"path": "/quiet-signal-season-2-review/", "layout": "old", "kind": "review",
         "headline": "'Quiet Signal' Season 2 Review: The Broadcast Gets Clearer",
         "deck": "The sci-fi drama finds its footing.",
         "authors": [("Ross Whitcombe", "ross-whitcombe")], "published": "2021-01-15T14:00:00+00:00",
         "tags": ["Quiet Signal", "TV Reviews"],
         "paragraphs": [
             "The first season of Quiet Signal spent too long setting up its mystery.",
             "Season two finally lets its radio astronomer act on what she hears, and the show is better for it.",
             "Rating: B+"],
         "embeds": [(0, "tweet", "QuietSignalTV", "Quiet Signal", "1350000000000000207", "Season two is here.")]},
        {"path": "/velvet-atlas-first-look/", "layout": "old",
         "headline": "'Velvet Atlas' First Look Puts Tomas Reyna on the Border",
         "deck": "The spy thriller finally has a release date.",
         "authors": [("Tariq Benson", "tariq-benson")], "published": "2021-06-22T10:30:00+00:00",
         "tags": ["Velvet Atlas"],
         "paragraphs": [
             "The first image from Velvet Atlas shows Tomas Reyna at a border crossing in the Atlas mountains.",
             "The delayed spy thriller now opens in February after two years on the shelf.",
             "Nell Ashgrove co-stars as the agent who hires Reyna's cartographer."],
         "embeds": []},
        {"path": "/summit-road-documentary-interview/", "layout": "new",
         "headline": "'Summit Road' Director Ines Larrabee on Filming Real Rescues",
         "deck": "The documentary crew trained with the rescue team for a year.",
         "authors": [("Gwen Holloway", "gwen-holloway")], "published": "2025-07-20T11:00:00+00:00",
         "tags": ["Summit Road", "Documentaries"],
         "paragraphs": [
             "Ines Larrabee spent a year training with a mountain rescue team before she filmed a single rescue.",
             "The crew carried cameras the size of a matchbox so they would never slow the team down.",
             "Summit Road streams on Harbor Stream from December."],
         "embeds": [(2, "youtube", "SrDocInt09x")]},
        # GameSpot stories run again (story_with) and another Mission Impossible 7 story (same_topic_as).
        {"path": "/the-lighthouse-keeper-trailer/", "layout": "new",
         "headline": "'The Lighthouse Keeper' Trailer Is Two Minutes of Pure Dread",
         "deck": "June Castell counts the stairs, and the count keeps changing.",
         "authors": [("Gwen Holloway", "gwen-holloway")], "published": "2025-11-19T23:30:00+00:00",
         "tags": ["The Lighthouse Keeper", "Trailers"],
         "paragraphs": [
             "The first trailer for The Lighthouse Keeper is out, and it is two minutes of mounting unease with "
              "almost no dialogue. June Castell's keeper climbs the tower stairs again and again, counting them "
              "aloud, and the count is never the same twice.",
             "Colm Averill's relief keeper appears only in the final shot, rowing toward the island through a fog "
              "bank while the light above him blinks in what looks like a pattern.",
             "The film opens in cinemas in March. Director Tobias Renn has promised it contains no jump scares, "
              "which, given this trailer, may be the most frightening thing about it.",
             "This story originally appeared on GameSpot."],
         "embeds": [(0, "youtube", "Lk7hS2eP9vW")],
         "story_with": ("gamespot", "/articles/the-lighthouse-keeper-first-trailer-is-pure-dread/1100-6536170/")},
        {"path": "/marrow-street-finale-streaming-record/", "layout": "new",
         "headline": "The 'Marrow Street' Finale Just Broke a Huge Streaming Record",
         "deck": "31 million households tuned in to see who took the pawnbroker.",
         "authors": [("Tariq Benson", "tariq-benson")], "published": "2025-11-18T22:40:00+00:00",
         "tags": ["Marrow Street", "TV"],
         "paragraphs": [
             "Marrow Street's season finale was watched by 31 million households in its first three days, according "
              "to its streamer, the largest audience for a single episode since the platform launched.",
             "The finale resolved the season's central mystery, the disappearance of the pawnbroker at number 14, in "
              "a 70-minute runtime that the creators had originally planned as two separate episodes.",
             "A second season was confirmed before the first had even finished airing. The writers' room opened in "
              "September, and the cast is expected back on set next spring.",
             "Marrow Street season one is streaming now."],
         "embeds": [],
         "story_with": ("gamespot", "/articles/marrow-street-season-finale-breaks-streaming-record/1100-6536152/")},
        {"path": "/mission-impossible-7-venice-production-halted/", "layout": "old",
         "headline": "'Mission: Impossible 7' Halts Production in Venice",
         "deck": "The crew was about to spend three weeks on the canals.",
         "authors": [("Ross Whitcombe", "ross-whitcombe")], "published": "2020-02-24T18:00:00+00:00",
         "tags": ["Mission: Impossible 7", "Tom Cruise"],
         "paragraphs": [
             "Paramount has halted production on Mission: Impossible 7 in Venice, where the crew was due to spend "
              "three weeks filming on the canals.",
             "The studio said the pause was made out of caution for the cast and crew, and that the schedule would "
              "be reviewed in the coming days. Tom Cruise and Christopher McQuarrie had been preparing a chase "
              "through the city's narrow streets.",
             "It is not yet clear whether the Venice scenes will move to another city or wait until the crew can "
              "return. The film is still dated for July 2021."],
         "embeds": [],
         "same_topic_as": ("gamespot", "/articles/you-need-to-see-this-mission-impossible-7-stunt-with-tom-cruise-"
                                       "riding-a-/1100-6481702/")},
        {"path": "/ember-knights-casting-news/", "layout": "new", "outcome": "failure", "reason": "no headline",
         "broken": "no-headline", "headline": "'Ember Knights' Casting News", "deck": "A cast is coming together.",
         "authors": [("Tariq Benson", "tariq-benson")], "published": "2025-11-20T12:00:00+00:00", "tags": [],
         "paragraphs": [
             "The Ember Knights adaptation has cast its lead, according to people close to the production.",
             "Filming is expected to start in the spring in Prague.",
             "The studio has not commented on the report."]},
        {"path": "/crown-sequel-draft/", "layout": "new", "outcome": "never_fetch", "placement": "draft",
         "headline": "Crown Sequel (Draft)", "deck": "Not for publication.",
         "authors": [("Tariq Benson", "tariq-benson")],
         "published": "2025-11-21T12:00:00+00:00", "tags": [],
         "paragraphs": ["This draft is not published yet.", "It only exists as a preview.", "Do not crawl it."]},
        {"path": "/partner-trailer-roundup/", "layout": "new", "outcome": "never_fetch", "placement": "offsite",
         "headline": "Partner Site: Trailer Roundup", "deck": "Hosted by a partner.",
         "authors": [("Gwen Holloway", "gwen-holloway")], "published": "2025-11-19T12:00:00+00:00", "tags": [],
         "paragraphs": ["A partner site hosts this roundup.", "It lives on another host.", "A polite crawler stays "
          "home."]},
    ],
    "pcgamer": [
        {"path": "/games/fps/tundra-protocol-siege-season-two/", "layout": "new",
         "headline": "Tundra Protocol's second Siege season adds night maps",
         "deck": "The blizzard now comes with darkness.", "authors": [("Lior Kastner", "lior-kastner")],
         "published": "2025-12-10T16:00:00+00:00", "tags": ["Tundra Protocol", "FPS"],
         "paragraphs": [
             "Tundra Protocol's second Siege season starts today, and every map now has a night version.",
             "Permafrost Interactive says night maps halve the distance you can see, which makes the base harder to "
              "defend.",
             "The season also adds a new class, the Lamplighter, who can light flares."],
         "embeds": [(0, "jw", "Ts2Night"),
                    (2, "tweet", "PermafrostDev", "Permafrost", "1998700000000000301", "Lights out.")]},
        {"path": "/games/rpg/saltmarsh-saga-2-release-date/", "layout": "new",
         "headline": "Saltmarsh Saga 2 is out in March and it is 40 hours long",
         "deck": "Brackwater Games kept its promise to make a shorter sequel.",
         "authors": [("Harriet Oyelaran", "harriet-oyelaran")], "published": "2025-11-25T14:00:00+00:00",
         "tags": ["Saltmarsh Saga 2", "RPG"],
         "paragraphs": [
             "Saltmarsh Saga 2 will be released on March 19, Brackwater Games announced today.",
             "The studio says the main story takes about 40 hours, less than half of the first game.",
             "Pre-orders on Steam include an early copy of the tide almanac, a digital art book."],
         "embeds": [(1, "youtube", "Ss2RelDate1"), (2, "image", "saltmarshTwoMap.jpg", "The smaller map of Saltmarsh "
          "Saga 2.")]},
        {"path": "/hardware/graphics-cards/frostline-gpu-driver-fix/", "layout": "new",
         "headline": "Frostline's new GPU driver fixes the stutter in three big games",
         "deck": "A hotfix driver targets shader compilation hitches.",
         "authors": [("Ana Ruiz", "ana-ruiz")], "published": "2025-11-20T10:00:00+00:00",
         "tags": ["Frostline", "GPU", "Drivers"],
         "paragraphs": [
             "Frostline has released a hotfix driver that addresses stutter in three recent games.",
             "The company says the problem came from shader compilation happening during play instead of at load.",
             "The driver is available now through the Frostline control panel."],
         "embeds": []},
        {"path": "/games/strategy/kettle-knights-pc-port/", "layout": "new",
         "headline": "Kettle Knights' PC port adds mouse controls and a tea editor",
         "deck": "You can now design your own brews.", "authors": [("Lior Kastner", "lior-kastner")],
         "published": "2025-11-05T18:00:00+00:00", "tags": ["Kettle Knights", "Strategy"],
         "paragraphs": [
             "Kettle Knights has arrived on PC with full mouse controls and a tea editor.",
             "The editor lets you mix leaves, milk and sugar into brews that change how your towers behave.",
             "Steep Hill says the best community recipes will be added to the console versions."],
         "embeds": [(0, "instagram", "DKettlePc06", "steephillgames", "Steep Hill")]},
        {"path": "/games/action/ember-knights-remaster-announced/", "layout": "new",
         "headline": "Ember Knights is getting a remaster with a new ending",
         "deck": "The 2014 action game returns next year.", "authors": [("Harriet Oyelaran", "harriet-oyelaran")],
         "published": "2025-10-22T15:30:00+00:00", "tags": ["Ember Knights", "Action"],
         "paragraphs": [
             "Ember Knights, the 2014 action game about a company of knights who carry fire, is being remastered.",
             "The remaster adds a new ending written by the original writer and rebuilds every texture.",
             "It launches next year on PC, with a demo in the spring."],
         "embeds": [(1, "youtube", "EkRemaster7")]},
        {"path": "/lanternfall-review/", "layout": "old", "kind": "review",
         "headline": "Lanternfall review", "deck": "Lovely to look at, frustrating to fight in.",
         "authors": [("Harriet Oyelaran", "harriet-oyelaran")], "published": "2019-11-14T16:00:00+00:00",
         "tags": ["Lanternfall", "Roguelike"],
         "paragraphs": [
             "Every night in Lanternfall, the city gets a little darker, and you are the only one with a ladder.",
             "The climbing is wonderful and the combat is not, which is a problem in a game about fighting the dark.",
             "On a good night, you can see the great game it could have been."],
         "embeds": [(0, "youtube", "LfReview08a")]},
        {"path": "/brickyard-racers-review/", "layout": "old", "kind": "review",
         "headline": "Brickyard Racers review", "deck": "The best split-screen racer in years.",
         "authors": [("Ana Ruiz", "ana-ruiz")], "published": "2018-06-21T12:00:00+00:00",
         "tags": ["Brickyard Racers", "Racing"],
         "paragraphs": [
             "Brickyard Racers is a kart racer made of toy bricks, and every track falls apart as you race on it.",
             "Four-player split-screen runs smoothly, and the track editor is the best in the genre.",
             "It is short on single-player content, but that is not why you buy it."],
         "embeds": []},
        {"path": "/pixel-parade-demo-festival-returns/", "layout": "old",
         "headline": "Pixel Parade demo festival returns with 40 demos",
         "deck": "The online festival runs for one week in May.", "authors": [("Lior Kastner", "lior-kastner")],
         "published": "2019-04-30T09:00:00+00:00", "tags": ["Pixel Parade", "Events"],
         "paragraphs": [
             "The Pixel Parade demo festival is back for a second year with 40 demos.",
             "Every demo is playable for one week, and developers will stream their games every evening.",
             "Last year's festival helped three games find publishers."],
         "embeds": [(2, "tweet", "PixelParade", "Pixel Parade", "1123000000000000308", "40 demos. One week.")]},
        {"path": "/games/simulation/moonlit-bakery-winter-update/", "layout": "new",
         "headline": "Moonlit Bakery's winter update adds a gingerbread village",
         "deck": "The cozy sim gets its biggest update yet.", "authors": [("Ana Ruiz", "ana-ruiz")],
         "published": "2025-12-01T11:00:00+00:00", "tags": ["Moonlit Bakery", "Simulation"],
         "paragraphs": [
             "Moonlit Bakery's winter update adds a gingerbread village that grows as you bake.",
             "Every house you finish brings a new villager, and every villager has a favourite recipe.",
             "The update is free and available now."],
         "embeds": [(1, "image", "moonlitGingerbread.jpg", "The gingerbread village at night.")]},
        {"path": "/games/fps/tundra-protocol-leak/", "layout": "new", "outcome": "failure", "reason": "no body text",
         "broken": "no-body", "headline": "Tundra Protocol leak points to a battle royale mode",
         "deck": "Dataminers found a new map.", "authors": [("Lior Kastner", "lior-kastner")],
         "published": "2025-12-12T10:00:00+00:00", "tags": [],
         "paragraphs": ["This body is missing from the page.", "Only the header was published.", "The crawl records "
          "why."]},
        {"path": "/games/rpg/saltmarsh-saga-2-preview-draft/", "layout": "new", "outcome": "never_fetch",
         "placement": "draft", "headline": "Saltmarsh Saga 2 preview (draft)", "deck": "Not for publication.",
         "authors": [("Harriet Oyelaran", "harriet-oyelaran")], "published": "2025-12-13T10:00:00+00:00",
         "tags": [], "paragraphs": ["This draft is not published yet.", "It only exists as a preview.", "Do not "
          "crawl it."]},
        {"path": "/games/deals/partner-deals-roundup/", "layout": "new", "outcome": "never_fetch",
         "placement": "offsite",
         "headline": "Partner site: deals roundup", "deck": "Hosted by a partner.",
         "authors": [("Ana Ruiz", "ana-ruiz")], "published": "2025-12-05T10:00:00+00:00", "tags": [],
         "paragraphs": ["A partner site hosts this roundup.", "It lives on another host.", "A polite crawler stays "
          "home."]},
    ],
}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=SITES_DIR, help=f"output folder (default: {SITES_DIR})")
    args = parser.parse_args(argv)
    written = build(args.out)
    sys.stderr.write(f"wrote {len(written)} files to {args.out}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
