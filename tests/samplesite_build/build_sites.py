"""Render the sample sites of the profile-driven spider into ``sites/<name>/``: Variety, Collider and PC Gamer.

Each folder holds article pages in the site's older and newer layouts (the markup of ``tests/fixtures/<name>/``,
inside realistic chrome), one broken page, RSS feed, sitemaps, paginated listings, robots.txt and a
``manifest.json`` in the format of ``site/manifest.json``. Every listing also links two pages a polite crawler
never fetches: a draft behind a robots-disallowed ``?preview=true`` and a partner copy on another host.

Run ``python -m tests.samplesite_build.build_sites`` after editing ``site_stories.json``; a test rebuilds into a
temporary folder and fails when the committed files differ. Stories, people, handles and ids are invented.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from newsbot.samplesite.server import SITES_DIR

from .build import esc, json_ld, run, write_folder

STORIES_FILE = Path(__file__).resolve().parent / "site_stories.json"
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
        "about": "Sample site ground truth written by tests/samplesite_build/build_sites.py from site_stories.json.",
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


def build(out_dir: Path = SITES_DIR) -> list[Path]:
    """Write every site into ``out_dir/<name>/``; returns the written paths."""
    return [path for name in SITE_SETUP for path in write_folder(Path(out_dir) / name, render_site(name))]


# ------------------------------------------------------------------------------------------------ stories


def _load_stories() -> dict[str, list[dict[str, Any]]]:
    """``site_stories.json``: each site's stories as keyword arguments of ``Story`` (arrays made tuples again)."""
    sites = json.loads(STORIES_FILE.read_text("utf-8"))
    for stories in sites.values():
        for story in stories:
            story["authors"] = [tuple(author) for author in story["authors"]]
            if "embeds" in story:
                story["embeds"] = [tuple(embed) for embed in story["embeds"]]
            for key in ("story_with", "same_topic_as"):
                if story.get(key) is not None:
                    story[key] = tuple(story[key])
    return sites


SITE_STORIES = _load_stories()


def main(argv: list[str] | None = None) -> int:
    return run(build, SITES_DIR, __doc__, argv)


if __name__ == "__main__":
    raise SystemExit(main())
