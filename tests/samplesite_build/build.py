"""Render the sample site (pages, listings, feeds, sitemaps, manifest) from ``stories.json`` into ``site/``.

Run ``python -m tests.samplesite_build.build`` after editing ``stories.json`` and commit the result; a test rebuilds
into a temporary folder and fails if the committed files differ. On-site absolute urls are written as
``{{BASE}}/path`` and off-site stand-ins as ``{{OFFSITE}}/path``; the server fills both in when it serves a page.

Markup follows the shared reference ``gamespot.md``: Era B news (``section.news-hdr``, ``h1.news-title``,
``div.js-content-entity-body``), its 2019-2020 variant, ``#kubrick-lead`` reviews, ``section.image-gallery``
galleries and WordPress-era pages (Yoast ``@graph``, ``article h1``, ``div.article-body``, right rail).
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from newsbot.samplesite.server import SITE_DIR

from .chrome import SITE_FOOTER, SITE_HEADER
from .stories import AUTHORS, STORIES

BASE = "{{BASE}}"
#: Origin written in canonical links, og:url and JSON-LD urls.
CANONICAL_ORIGIN = "https://www.gamespot.com"
OFFSITE = "{{OFFSITE}}"
FTAG = "?ftag=CAD-01-10abi2f"
ITEMS_PER_PAGE = 10
FEED_SIZE = 15
NEWS_SITEMAP_WINDOW = timedelta(days=2)
IMG = "https://www.gamespot.com/a/uploads"
WP_IMG = "https://www.gamespot.com/wp-content/uploads"
DISCLOSURE = (
    "GameSpot may receive revenue from affiliate and advertising partnerships for sharing this content and "
    "from purchases through links."
)
NEWS_TIP = (
    '<p dir="ltr"><em>Got a news tip or want to contact us directly? Email '
    '<a href="mailto:news@gamespot.com">news@gamespot.com</a></em></p>'
)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
PREFIX = {"review": "reviews", "gallery": "gallery"}  # url folder by layout; the rest live under /articles/


# ------------------------------------------------------------------------------------------------ dates


def _nth_sunday(year: int, month: int, n: int) -> datetime:
    first = datetime(year, month, 1)
    return first + timedelta(days=(6 - first.weekday()) % 7 + 7 * (n - 1))


def pacific(local: str) -> datetime:
    """``YYYY-MM-DD HH:MM`` US Pacific wall time as an aware datetime (US DST rules since 2007)."""
    naive = datetime.strptime(local, "%Y-%m-%d %H:%M")
    dst = (
        _nth_sunday(naive.year, 3, 2) + timedelta(hours=2)
        <= naive
        < _nth_sunday(naive.year, 11, 1) + timedelta(hours=2)
    )
    return naive.replace(tzinfo=timezone(timedelta(hours=-7 if dst else -8)))


def compact_iso(dt: datetime) -> str:
    """ISO 8601 with a colon-less offset, as GameSpot's byline ``time[datetime]`` writes it."""
    return dt.strftime("%Y-%m-%dT%H:%M:%S%z")


def display_date(dt: datetime) -> str:
    """``November 19, 2025 at 8:45AM PST``."""
    zone = "PDT" if dt.utcoffset() == timedelta(hours=-7) else "PST"
    hour = dt.hour % 12 or 12
    return f"{MONTHS[dt.month - 1]} {dt.day}, {dt.year} at {hour}:{dt.minute:02d}{dt.strftime('%p')} {zone}"


# ------------------------------------------------------------------------------------------------ model


@dataclass
class Page:
    """One story with everything derived from it (url, dates, rendered body, embeds)."""

    story: dict[str, Any]
    path: str
    published: datetime
    updated: datetime
    authors: list[tuple[str, str]]
    body_html: str = ""
    feed_blocks: list[str] = field(default_factory=list)
    embeds: list[dict[str, str]] = field(default_factory=list)
    words: int = 0

    def __getattr__(self, name: str) -> Any:
        try:
            return self.story[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def kind(self) -> str:
        return {"review": "review", "gallery": "gallery"}.get(self.layout, "article")

    @property
    def outcome(self) -> str:
        return self.story.get("outcome", "stored")

    @property
    def placement(self) -> str:
        return self.story.get("placement", "site")

    @property
    def url(self) -> str:
        """Absolute url as written in pages: ``{{OFFSITE}}`` for off-site stand-ins, else ``{{BASE}}``."""
        return (OFFSITE if self.placement == "offsite" else BASE) + self.path

    @property
    def canonical_url(self) -> str:
        """The url the page names as canonical: the real site's, as a mirror's pages do, so stored articles keep
        one key whatever loopback port the sample site was served on."""
        return self.url if self.placement == "offsite" else CANONICAL_ORIGIN + self.path

    @property
    def image_id(self) -> int:
        return 4100000 + zlib.crc32(self.key.encode()) % 900000

    def image(self, size: str) -> str:
        """Lead image url in one of GameSpot's size folders (WordPress uploads for WordPress-era pages)."""
        name = self.slug[:32].rstrip("-")
        if self.layout == "wordpress":
            return f"{WP_IMG}/{self.published:%Y/%m}/{name}.jpg" + ("?w=480" if size == "screen_medium" else "")
        return f"{IMG}/{size}/1574/{157400 + self.image_id % 1000}/{self.image_id}-{name}.jpg"


def make_pages() -> list[Page]:
    """Every story as a Page, bodies rendered, in the order of ``STORIES``."""
    pages = []
    for story in STORIES:
        folder = PREFIX.get(story["layout"], "articles")
        path = f"/{folder}/{story['slug']}/" + (f"{story['typed_id']}/" if story["typed_id"] else "")
        if story.get("placement") == "private":
            path = "/private" + path
        published = pacific(story["published"])
        updated = pacific(story["updated"]) if "updated" in story else published
        authors = [AUTHORS[name] for name in story["authors"]]
        pages.append(Page(dict(story), path, published, updated, authors))
    by_key = {page.key: page for page in pages}
    for page in pages:
        render_body(page, by_key)
    return pages


# ------------------------------------------------------------------------------------------------ body blocks


def inline(text: str, by_key: dict[str, Page]) -> str:
    """A paragraph's inline HTML with bare ``&`` escaped and ``href="@key"`` turned into that story's url."""
    text = re.sub(r"&(?!#?\w+;)", "&amp;", text)
    return re.sub(r'href="@([\w-]+)"', lambda m: f'href="{by_key[m.group(1)].url}"', text)


def esc(text: str) -> str:
    """Text-node escaping (apostrophes stay as they are, as in real pages)."""
    return html.escape(text, quote=False)


def _attr(value: str) -> str:
    return esc(value).replace('"', "&quot;")


def render_block(block: str | tuple[Any, ...], page: Page, by_key: dict[str, Page]) -> tuple[str, dict | None]:
    """HTML for one body block, and the embed it holds (provider, kind, external_id) if any."""
    if isinstance(block, str):
        return f'<p dir="ltr">{inline(block, by_key)}</p>', None
    kind, *args = block
    if kind == "h2":
        anchor, text = args
        return f'<h2 id="{anchor}">{esc(text)}</h2>', None
    if kind == "toc":
        items = "".join(
            f'<li><a href="#{b[1]}">{esc(b[2])}</a></li>' for b in page.blocks if isinstance(b, tuple) and b[0] == "h2"
        )
        return (
            '<div data-embed-type="toc"><div class="toc__label">Table of Contents '
            f'<a href="#" class="js-toc-toggle">[hide]</a></div><ul id="toc_list" class="collapse in">{items}</ul>'
            "</div>"
        ), None
    if kind == "youtube":
        (vid,) = args
        return (
            f'<div data-embed-type="video" data-src="https://www.youtube.com/watch?v={vid}" data-width="100%" '
            f'data-height="100%">\n<iframe src="https://www.youtube-nocookie.com/embed/{vid}" width="100%" '
            'height="100%" scrolling="no" frameborder="" webkitallowfullscreen mozallowfullscreen allowfullscreen>'
            "</iframe>\n</div>"
        ), {"provider": "youtube", "kind": "video", "external_id": vid}
    if kind == "wp-youtube":
        (vid,) = args
        return (
            '<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube '
            'wp-embed-aspect-16-9 wp-has-aspect-ratio"><div class="wp-block-embed__wrapper">\n'
            f'<iframe title="YouTube video player" width="500" height="281" '
            f'src="https://www.youtube.com/embed/{vid}?feature=oembed" frameborder="0" allow="accelerometer; '
            'autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture; web-share" '
            'referrerpolicy="strict-origin-when-cross-origin" allowfullscreen></iframe>\n</div></figure>'
        ), {"provider": "youtube", "kind": "video", "external_id": vid}
    if kind == "tweet":
        handle, name, status, text, date = args
        url = f"https://twitter.com/{handle}/status/{status}"
        return (
            f'<div data-embed-type="tweet" data-src="{url}" data-has-image="false">\n'
            '<blockquote class="twitter-tweet" align="center" data-conversation="none" '
            f'data-mce-disable-toolbar="true"><p lang="en" dir="ltr">{esc(text)}</p>&mdash; {name} '
            f'(@{handle}) <a href="{url}?ref_src=twsrc%5Etfw">{date}</a></blockquote><text></text>\n'
            '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>\n</div>'
        ), {"provider": "twitter", "kind": "tweet", "external_id": status}
    if kind == "instagram":  # version 12 captioned embed, as on 2020 pages
        code, handle, name, caption, when_iso, when_text = args
        link = f"https://www.instagram.com/p/{code}/?utm_source=ig_embed&amp;utm_campaign=loading"
        return (
            f'<blockquote class="instagram-media" data-instgrm-captioned data-instgrm-permalink="{link}" '
            'data-instgrm-version="12" style="background:#FFF; border:0; margin: 1px; max-width:540px; '
            'padding:0; width:calc(100% - 2px);"><div style="padding:16px;">'
            f'<a href="{link}" style="background:#FFFFFF; text-decoration:none;" target="_blank">'
            '<div style="display: flex; flex-direction: row; align-items: center;"></div>'
            '<div style="padding-top: 8px;"><div style="color:#3897f0; font-weight:550;">View this post on '
            "Instagram</div></div></a>"
            f'<p style="margin:8px 0 0 0; padding:0 4px;"><a href="{link}" style="color:#000;" '
            f'target="_blank">{esc(caption)}</a></p>'
            '<p style="color:#c9c8cd; margin-bottom:0; margin-top:8px;">A post shared by '
            f'<a href="https://www.instagram.com/{handle}/?utm_source=ig_embed&amp;utm_campaign=loading" '
            f'style="color:#c9c8cd;" target="_blank"> {name}</a> (@{handle}) on '
            f'<time style="font-family:Arial,sans-serif;" datetime="{when_iso}">{when_text}</time></p>'
            '</div></blockquote>\n<script async src="//www.instagram.com/embed.js"></script>'
        ), {"provider": "instagram", "kind": "post", "external_id": code}
    if kind == "instagram14":  # version 14 embed, the current snippet
        code, handle, name = args
        link = f"https://www.instagram.com/p/{code}/?utm_source=ig_embed&amp;utm_campaign=loading"
        return (
            f'<blockquote class="instagram-media" data-instgrm-captioned data-instgrm-permalink="{link}" '
            'data-instgrm-version="14" style=" background:#FFF; border:0; border-radius:3px; margin: 1px; '
            'max-width:540px; min-width:326px; padding:0; width:99.375%;"><div style="padding:16px;">'
            f'<a href="{link}" style=" background:#FFFFFF; line-height:0; padding:0 0; text-align:center; '
            'text-decoration:none; width:100%;" target="_blank"><div style="padding: 19% 0;"></div>'
            '<div style="padding-top: 8px;"><div style=" color:#3897f0; font-weight:550; line-height:18px;">'
            "View this post on Instagram</div></div></a>"
            f'<p style=" color:#c9c8cd; margin-bottom:0; margin-top:8px; text-align:center;"><a href="{link}" '
            f'style=" color:#c9c8cd; text-decoration:none;" target="_blank">A post shared by {name} (@{handle})'
            "</a></p></div></blockquote>\n"
            '<script async src="//www.instagram.com/embed.js"></script>'
        ), {"provider": "instagram", "kind": "post", "external_id": code}
    if kind == "gsvideo":
        vid, slug = args
        return (
            f'<div data-embed-type="video" data-ref-id="2300-{vid}" data-src="/videos/{slug}/2300-{vid}/" '
            f'data-width="854" data-height="480">\n<iframe src="/videos/embed/{vid}/" width="854" height="480" '
            'scrolling="no" frameborder="" webkitallowfullscreen mozallowfullscreen allowfullscreen></iframe>\n'
            "</div>"
        ), {"provider": "gamespot", "kind": "video", "external_id": f"2300-{vid}"}
    if kind == "jwplayer":
        media, vid, title = args
        data = {
            "id": int(vid),
            "title": title,
            "videoStreams": {"adaptive_stream": f"https://cdn.jwplayer.com/manifests/{media}.m3u8"},
            "share": {"linkUrl": f"{BASE}/videos/{page.slug[:40].rstrip('-')}/2300-{vid}/"},
        }
        return (
            '<div class="article-related-video"><div class="js-video-player-new video-player" '
            f'data-jw-media-id="{media}" data-video="{_attr(json.dumps(data))}"></div></div>'
        ), {"provider": "jwplayer", "kind": "video", "external_id": media}
    if kind == "image":
        filename, caption = args
        ref = page.image_id + 7
        src = f"{IMG}/original/1574/{157400 + ref % 1000}/{ref}-{filename}"
        small = src.replace("/original/", "/scale_medium/")
        return (
            f'<figure data-align="center" data-size="large" data-embed-type="image" data-ref-id="1300-{ref}" '
            f'data-img-src="{src}" data-ratio="0.5625" data-width="1280" style="width: 1280px">'
            f'<a href="{src}" data-size="1280x720"><img alt="{_attr(caption)}" src="{src}" '
            f'srcset="{src} 1280w, {small} 480w" sizes="(max-width: 1280px) 100vw, 1280px" data-width="1280"></a>'
            f"<figcaption>{esc(caption)}</figcaption></figure>"
        ), {"provider": "gamespot", "kind": "image", "external_id": f"1300-{ref}"}
    if kind == "buylink":
        store, target = args
        redirect = f"https://assoc-redirect.amazon.com/g/r/{target}?tag=gamespotdeals-20"
        href = redirect if store == "Amazon" else target
        return (
            f'<div><div data-embed-type="buylink" class="norewrite" data-size="buylink__small" '
            f'data-ref-id="buylink-{page.image_id}" data-template="" data-title="" title="undefined">'
            f'<a class="buylink__link" href="{href}" rel="sponsored nofollow" target="_blank" '
            f'data-vars-buy-link="{target}">See at {store}</a></div></div>'
        ), None
    if kind == "breakout":
        (text,) = args
        return f'<div data-embed-type="breakoutBox"><p dir="ltr">{esc(text)}</p></div>', None
    if kind == "pinbox":  # GameSpot's related-links promo box (reference 7.7): dropped from the text, no embed
        header, keys = args
        links = "".join(f'<li><a href="{by_key[k].url}">{esc(by_key[k].headline)}</a></li>' for k in keys)
        return (
            f'<div data-embed-type="pinbox"><p class="associated-header">{esc(header)}</p><ul>{links}</ul></div>'
        ), None
    if kind == "image_gallery":  # a gallery shown in the article (reference 7.7): an embed, not article text
        target = by_key[args[0]]
        items = "".join(
            f'<div class="image-gallery__item"><img src="{gallery_image(target, n)}" alt="{_attr(title)}"></div>'
            for n, (title, _text) in enumerate(target.gallery, start=1)
        )
        ref = target.typed_id.removeprefix("2900-")
        return (
            f'<div data-embed-type="imageGallery" data-ref-id="{ref}">'
            f'<div class="image-gallery__header">{esc(target.headline)}</div>'
            f'<div class="image-gallery__main">{items}</div></div>'
        ), {"provider": "gamespot", "kind": "gallery", "external_id": target.typed_id}
    raise ValueError(f"{page.key}: unknown block type {kind!r}; see render_block for the known ones")


AD = '<div class="js-mapped-ad mapped-ad" data-ad-slot="mapped-ad-{n}"><div class="mapped-ad__slot"></div></div>'


def gallery_image(page: Page, n: int) -> str:
    """Url of a gallery page's n-th image (1-based), the same on its own page and where an article shows it."""
    return f"{IMG}/original/1574/{157400 + (page.image_id + n) % 1000}/{page.image_id + n}-{n}.jpg"


def render_body(page: Page, by_key: dict[str, Page]) -> None:
    """Fill ``page.body_html`` (content-entity-body children), ``feed_blocks``, ``embeds`` and ``words``."""
    if page.layout == "gallery":
        items = []
        for n, (title, text) in enumerate(page.gallery, start=1):
            src = gallery_image(page, n)
            items.append(
                f'<div class="image-gallery__list-item" data-item-position-url="{page.url}#item-{n}">\n'
                f'<div class="image-gallery__image-wrapper"><img src="{src}" alt="{_attr(title)}"></div>\n'
                '<div class="image-gallery__list-item-content typography-format flexbox-flex-even">'
                f'<h3 class="image-gallery__list-title">{esc(title)}</h3>'
                f'<div class="image-gallery__list-deck"><p>{esc(text)}</p></div></div>\n'
                '<div class="image-gallery__list-item-aside"><button class="js-share">Share</button></div>\n'
                "</div>"
            )
            page.words += len(f"{title} {text}".split())
        page.body_html = "\n".join(items)
        page.feed_blocks = [f"<p>{esc(page.gallery[0][1])}</p>"]
        return
    if "body_of" in page.story:
        page.story["blocks"] = by_key[page.body_of].story["blocks"]
    blocks = page.blocks
    parts: list[str] = []
    paragraphs = 0
    for block in blocks:
        rendered, embed = render_block(block, page, by_key)
        parts.append(rendered)
        if embed:
            page.embeds.append(embed)
        if isinstance(block, str):
            paragraphs += 1
            page.words += len(re.sub(r"<[^>]+>", "", block).split())
            if paragraphs == 2 and page.layout != "wordpress" and len(blocks) > 2:
                parts.append(AD.format(n=1))
    if page.layout == "wordpress":  # Gutenberg writes bare paragraphs
        parts = [part.replace('<p dir="ltr">', "<p>") for part in parts]
    page.feed_blocks = parts[:2]
    page.body_html = "\n".join(parts)


# ------------------------------------------------------------------------------------------------ page parts


def json_ld(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'


def head(page: Page, *, title: bool = True, schema: list[Any] | None = None, extra: str = "") -> str:
    """``<head>`` with canonical, OpenGraph and article meta; ``title=False`` leaves out every headline."""
    lines = ['<meta charset="utf-8">', '<meta name="viewport" content="width=device-width, initial-scale=1">']
    if title:
        lines.append(f"<title>{esc(page.headline)} - GameSpot</title>")
    if page.deck:
        lines.append(f'<meta name="description" content="{_attr(page.deck)}">')
    lines += [
        f'<link rel="canonical" href="{page.canonical_url}">',
        '<meta property="og:site_name" content="GameSpot">',
        '<meta property="og:type" content="article">',
    ]
    if title:
        lines.append(f'<meta property="og:title" content="{_attr(page.headline)}">')
    if page.deck:
        lines.append(f'<meta property="og:description" content="{_attr(page.deck)}">')
    lines += [
        f'<meta property="og:url" content="{page.canonical_url}">',
        f'<meta property="og:image" content="{page.image("original")}">',
    ]
    if page.layout != "era-b-old":
        lines.append(f'<meta property="article:published_time" content="{page.published.isoformat()}">')
        lines.append(f'<meta property="article:modified_time" content="{page.updated.isoformat()}">')
        lines += [f'<meta property="article:tag" content="{_attr(tag)}">' for tag in page.tags]
    lines.append(
        f'<link rel="alternate" type="application/rss+xml" title="GameSpot - All Content" href="{BASE}/feeds/mashup/">'
    )
    lines += [json_ld(block) for block in schema or []]
    if extra:
        lines.append(extra)
    return "<head>\n" + "\n".join(lines) + "\n</head>"


def byline(page: Page, *, old: bool = False) -> str:
    """The ``.news-byline`` row: authors with profile links and the publish ``time``; empty without authors."""
    if not page.authors:
        return ""
    prefix = "" if old else BASE
    links = [
        f'<a class="byline-author__name" href="{prefix}/profile/{user}/" rel="author">{esc(name)}</a>'
        for name, user in page.authors
    ]
    names = links[0] if len(links) == 1 else ", ".join(links[:-1]) + " and " + links[-1]
    pubtime = ' pubtime="pubtime"' if old else ""
    inner = (
        f'<span class="byline-author ">By {names}</span> on '
        f'<time datetime="{compact_iso(page.published)}"{pubtime}>{display_date(page.published)}</time>'
    )
    if old:
        return f'<div class="news-byline pull-left text-base no-rhythm">{inner}</div>'
    return f'<p class="news-byline">{inner}</p>'


def comment_sentence(count: int) -> str:
    if count == 0:
        return "There are no comments about this story"
    if count == 1:
        return "There is 1 comment about this story"
    return f"There are {count:,} comments about this story"


def comments_block(page: Page) -> str:
    if page.comments is None:
        return ""
    if page.layout == "era-b-old":
        return (
            '<div class="js-comments-prompt comments-prompt text-center" id="comments">\n'
            f"<h4>Join the conversation</h4>\n<p>{comment_sentence(page.comments)}</p>\n</div>"
        )
    return (
        '<section class="article-comments" id="comments">\n'
        '<h3 class="article-comments__title">Join the conversation</h3>\n'
        f'<p class="article-comments__count">{comment_sentence(page.comments)}</p>\n'
        '<a class="article-comments__link" href="#comments">Show comments</a>\n</section>'
    )


def news_article_ld(page: Page, type_: str = "NewsArticle") -> dict[str, Any]:
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": type_, "headline": page.headline}
    data["url"] = page.canonical_url
    data["datePublished"] = page.published.isoformat()
    data["dateModified"] = page.updated.isoformat()
    if page.deck:
        data["description"] = page.deck
    people = [{"@type": "Person", "name": name} for name, _ in page.authors]
    if len(people) == 1:
        data["author"] = people[0]
    elif people:
        data["author"] = people
    data["image"] = {"@type": "ImageObject", "url": page.image("original")}
    data["keywords"] = ", ".join(page.tags)
    data["publisher"] = {"@type": "Organization", "name": "GameSpot", "url": f"{BASE}/"}
    return data


def breadcrumb_ld(page: Page) -> dict[str, Any]:
    section = {"review": "Reviews", "gallery": "Galleries"}.get(page.layout, "News")
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": section, "item": f"{BASE}/news/"},
            {"@type": "ListItem", "position": 2, "name": page.headline, "item": page.url},
        ],
    }


def document(head_html: str, body_class: str, content: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n{head_html}\n<body class="{body_class}">\n'
        f'<div id="site-main"><div id="wrapper">\n{SITE_HEADER}\n<div id="default-content" class="container">\n'
        f"{content}\n</div>\n{SITE_FOOTER}\n</div></div>\n</body>\n</html>\n"
    )


def where_to_buy(page: Page) -> str:
    """The commerce box between header and body (on some pages, as on the real site)."""
    if page.image_id % 3:
        return ""
    game = esc(page.tags[0]) if page.tags else "this game"
    return (
        f'<div class="js-where-to-buy where-to-buy"><h3 class="where-to-buy__title">Where to buy {game}</h3>'
        '<p>There are currently no available deals</p><p class="text-small">GameSpot may get a commission from '
        "retail offers.</p></div>"
    )


# ------------------------------------------------------------------------------------------------ layouts


def render_era_b(page: Page) -> str:
    old = page.layout == "era-b-old"
    no_headline = page.story.get("broken") == "no-headline"
    schema = [] if old or no_headline else [news_article_ld(page), breadcrumb_ld(page)]
    deck = ""
    if page.deck:
        deck = (
            f'<h2 class="news-deck type-subheader">{esc(page.deck)}</h2>'
            if old
            else f'<p class="news-deck type--xlarge">{esc(page.deck)}</p>'
        )
    title = (
        ""
        if no_headline
        else (f'<h1 class="news-title instapaper_title entry-title type-headline">{esc(page.headline)}</h1>')
    )
    comments_link = (
        '<a class="news-byline__comments" href="#comments">Comments</a>' if page.comments is not None else ""
    )
    hdr = "\n".join(x for x in (title, deck, byline(page, old=old), comments_link) if x)
    tags = ""
    if old and page.tags:
        items = "".join(
            f'<div class="horizontal-list__item-gap"><a class="font-base" href="{BASE}/games/'
            f'{re.sub(r"[^a-z0-9]+", "-", tag.lower()).strip("-")}/">{esc(tag)}</a></div>'
            for tag in page.tags
        )
        tags = f'<div class="horizontal-list related-objects">{items}</div>'
    parts = [
        f'<article class="article news-article content-type-news" data-id="{page.typed_id}">',
        f'<p class="affiliate-disclosure text-small">{DISCLOSURE}</p>',
        f'<section class="news-hdr">\n{hdr}\n</section>',
        "" if old else where_to_buy(page),
        '<section class="article-body typography-format">\n<div class="js-content-entity-body content-entity-body">',
        page.body_html,
        NEWS_TIP,
        "</div>\n</section>",
        tags,
        comments_block(page),
        "</article>",
    ]
    text = document(
        head(page, title=not no_headline, schema=schema), "news-article-page", "\n".join(p for p in parts if p)
    )
    if page.story.get("broken") == "truncated":
        body_at = text.index("content-entity-body")
        third = text.index('<p dir="ltr">', text.index('<p dir="ltr">', text.index('<p dir="ltr">', body_at) + 1) + 1)
        cut = text.index(" ", third + 110)
        text = text[:cut]  # the transfer "ended" here: no closing tags, no comment block
    return text


def render_review(page: Page) -> str:
    review = page.review
    deck = f'<p class="kubrick-info__deck news-deck">{esc(page.deck)}</p>' if page.deck else ""
    ld = news_article_ld(page, "Review")
    ld["itemReviewed"] = {"@type": "VideoGame", "name": review["game"]}
    ld["reviewRating"] = {"@type": "Rating", "ratingValue": review["score"], "bestRating": 10, "worstRating": 1}
    good = "".join(f"<li>{esc(x)}</li>" for x in review["good"])
    bad = "".join(f"<li>{esc(x)}</li>" for x in review["bad"])
    parts = [
        f'<article class="article review-article content-type-review" data-id="{page.typed_id}">',
        f'<div id="kubrick-lead" class="kubrick-lead kubrick-lead--review" '
        f'style="background-image: url({page.image("screen_kubrick")})">',
        f'<div class="kubrick-info">\n<h1 class="kubrick-info__title">{esc(page.headline)}</h1>',
        deck,
        byline(page),
        "</div>\n</div>",
        f'<div class="review-ring-score" data-score="{review["score"]}"><div class="review-ring-score__ring"></div>'
        f'<div class="review-ring-score__score text-bold">{review["score"]}</div>'
        f'<span class="review-ring-score__text">{review["verdict"]}</span></div>',
        '<section class="article-body typography-format">\n<div class="js-content-entity-body content-entity-body">',
        page.body_html,
        "</div>\n</section>",
        f'<section class="review-breakdown"><div class="review-breakdown__good"><h4>The Good</h4><ul>{good}</ul>'
        f'</div><div class="review-breakdown__bad"><h4>The Bad</h4><ul>{bad}</ul></div></section>',
        comments_block(page),
        "</article>",
    ]
    return document(head(page, schema=[ld, breadcrumb_ld(page)]), "review-page", "\n".join(p for p in parts if p))


def render_gallery(page: Page) -> str:
    deck = f'<p class="news-deck type--xlarge">{esc(page.deck)}</p>' if page.deck else ""
    title = f'<h1 class="news-title instapaper_title entry-title type-headline">{esc(page.headline)}</h1>'
    hdr = "\n".join(x for x in (title, deck, byline(page)) if x)
    parts = [
        f'<article class="article gallery-article content-type-gallery" data-id="{page.typed_id}">',
        f'<p class="affiliate-disclosure text-small">{DISCLOSURE}</p>',
        f'<section class="news-hdr">\n{hdr}\n</section>',
        '<section class="image-gallery">\n<div class="js-image-gallery__list-wrapper image-gallery__list-wrapper">',
        page.body_html,
        "</div>\n</section>",
        comments_block(page),
        "</article>",
    ]
    schema = [news_article_ld(page), breadcrumb_ld(page)]
    return document(head(page, schema=schema), "gallery-page", "\n".join(p for p in parts if p))


def yoast_graph(page: Page) -> dict[str, Any]:
    """A Yoast SEO ``@graph``: article, web page, image, organisation and person nodes linked by ``@id``."""
    url = page.canonical_url
    utc = page.published.astimezone(UTC).isoformat()
    people = [(name, user, f"{BASE}/#/schema/person/{zlib.crc32(user.encode()):08x}") for name, user in page.authors]
    article: dict[str, Any] = {
        "@type": page.schema_type,
        "@id": f"{url}#article",
        "isPartOf": {"@id": url},
        "headline": page.headline,
        "datePublished": utc,
        "dateModified": page.updated.astimezone(UTC).isoformat(),
        "mainEntityOfPage": {"@id": url},
        "wordCount": page.words,
        "publisher": {"@id": f"{BASE}/#organization"},
        "image": {"@id": f"{url}#primaryimage"},
        "thumbnailUrl": page.image("original"),
        "keywords": page.tags,
        "articleSection": ["News"],
        "inLanguage": "en-US",
    }
    if people:
        article["author"] = {"name": people[0][0], "@id": people[0][2]}
    if page.comments is not None:
        article["commentCount"] = page.comments
        article["potentialAction"] = [{"@type": "CommentAction", "name": "Comment", "target": [f"{url}#comments"]}]
    graph = [
        article,
        {"@type": "WebPage", "@id": url, "url": url, "name": f"{page.headline} - GameSpot", "datePublished": utc},
        {
            "@type": "ImageObject",
            "@id": f"{url}#primaryimage",
            "url": page.image("original"),
            "width": 1280,
            "height": 720,
        },
        {"@type": "Organization", "@id": f"{BASE}/#organization", "name": "GameSpot", "url": f"{BASE}/"},
    ]
    graph += [
        {"@type": "Person", "@id": pid, "name": name, "url": f"{BASE}/profile/{user}/"} for name, user, pid in people
    ]
    return {"@context": "https://schema.org", "@graph": graph}


def render_wordpress(page: Page) -> str:
    names = " and ".join(
        f'<a class="author-name" href="{BASE}/profile/{user}/" rel="author">{esc(name)}</a>'
        for name, user in page.authors
    )
    meta = f'<span class="byline">By {names}</span> ' if names else ""
    meta += (
        f'<time class="entry-date published" datetime="{page.published.isoformat()}">'
        f"{display_date(page.published)}</time>"
    )
    deck = f'<p class="entry-subtitle">{esc(page.deck)}</p>' if page.deck else ""
    rail = (
        '<aside class="single-sidebar right-rail" aria-label="Article sidebar">\n'
        '<div class="widget widget-sidebar widget_block">'
        '<div class="widget-decor wp-block-gamespot-blocks-where-to-buy">'
        "<h2>Where to Buy</h2><h3>Loading...</h3><p>GameSpot may get a commission from retail offers.</p></div></div>\n"
        "</aside>"
    )
    parts = [
        f'<article id="post-{page.post_id}" class="post-{page.post_id} post type-post status-publish format-standard">',
        f'<p class="affiliate-disclosure">{DISCLOSURE}</p>',
        f'<header class="entry-header">\n<h1 class="entry-title">{esc(page.headline)}</h1>',
        deck,
        f'<div class="entry-meta">{meta}</div>\n</header>',
        '<div class="article-body entry-content">',
        page.body_html,
        NEWS_TIP.replace('<p dir="ltr">', "<p>"),
        "</div>",
        rail,
        comments_block(page),
        "</article>",
    ]
    graph = json_ld(yoast_graph(page)).replace("<script ", '<script class="yoast-schema-graph" ', 1)
    return (
        f'<!DOCTYPE html>\n<html lang="en-US">\n{head(page, extra=graph)}\n'
        f'<body class="post-template-default single single-post postid-{page.post_id}">\n'
        f'<div id="page" class="site">\n{SITE_HEADER}\n<main id="main" class="site-main">\n'
        + "\n".join(p for p in parts if p)
        + f"\n</main>\n{SITE_FOOTER}\n</div>\n</body>\n</html>\n"
    )


RENDERERS = {
    "era-b": render_era_b,
    "era-b-old": render_era_b,
    "review": render_review,
    "gallery": render_gallery,
    "wordpress": render_wordpress,
}


# ------------------------------------------------------------------------------------------------ discovery


def newest_first(pages: list[Page]) -> list[Page]:
    return sorted(pages, key=lambda p: (p.published, p.path), reverse=True)


def listing_pages(pages: list[Page], by_key: dict[str, Page]) -> dict[str, str]:
    """The ``/news/`` river: Era B card items, ten a page, plus a private and an off-site card."""
    river = newest_first([p for p in pages if p.placement == "site"])
    chunks = [river[i : i + ITEMS_PER_PAGE] for i in range(0, len(river), ITEMS_PER_PAGE)]
    extras = {2: by_key["partner-exclusive-interview"], 3: by_key["secret-draft"]}
    files = {}
    for number, chunk in enumerate(chunks, start=1):
        cards = []
        items = list(chunk)
        if number in extras:
            items.insert(3, extras[number])
        for page in items:
            href = page.url if page.placement == "offsite" else page.path
            cards.append(
                '<div class="card-item base-flexbox flexbox-align-center width-100 border-bottom-grayscale--thin">\n'
                f'<div class="card-item__img"><img class="width-100" src="{page.image("screen_medium")}" alt="">'
                "</div>\n"
                f'<div class="card-item__main"><a class="card-item__link text-decoration--none" href="{href}">'
                f'<h4 class="card-item__title">{esc(page.headline)}</h4></a></div>\n</div>'
            )
        files[listing_file(number)] = listing_document(number, len(chunks), "\n".join(cards))
    return files


def listing_path(number: int) -> str:
    return "/news/" if number == 1 else f"/news/?page={number}"


def listing_file(number: int) -> str:
    return "news/index.html" if number == 1 else f"news/page-{number}.html"


def listing_document(number: int, total: int, cards: str) -> str:
    items = []
    if number > 1:
        items.append(f'<li class="paginate__item skip prev"><a href="{listing_path(number - 1)}">&lt; Prev</a></li>')
    for n in range(1, total + 1):
        if n == number:
            items.append(f'<li class="paginate__item on"><span>{n}</span></li>')
        else:
            items.append(f'<li class="paginate__item"><a href="{listing_path(n)}">{n}</a></li>')
    if number < total:
        items.append(f'<li class="paginate__item skip next"><a href="{listing_path(number + 1)}">Next &gt;</a></li>')
    title = "Latest News" + (f" - Page {number}" if number > 1 else "")
    head_html = (
        f'<head>\n<meta charset="utf-8">\n<title>{title} - GameSpot</title>\n'
        f'<link rel="canonical" href="{BASE}{listing_path(number)}">\n'
        f'<link rel="alternate" type="application/rss+xml" title="GameSpot - News" href="{BASE}/feeds/news/">\n</head>'
    )
    content = (
        f'<h1 class="page-title">{title}</h1>\n<div id="river">\n<section class="filter-results">\n{cards}\n'
        f'</section>\n<ul class="paginate">\n' + "\n".join(items) + "\n</ul>\n</div>"
    )
    return document(head_html, "river-page", content)


def xml_text(value: str) -> str:
    return esc(value)


def rss(pages: list[Page], path: str, title: str, description: str, stray_slash: bool) -> str:
    """RSS 2.0 with GameSpot's item shape: ftag links, typed-id guid, dc:creator, media:content, CDATA body."""
    items = []
    for page in pages:
        link = f"{page.url}{FTAG}"
        more = link + ("/" if stray_slash else "")
        body = "".join(page.feed_blocks) + f'<a href="{more}">Continue Reading at GameSpot</a>'
        guid = (
            f'<guid isPermaLink="false">{page.typed_id}</guid>'
            if page.typed_id
            else f'<guid isPermaLink="true">{page.url}</guid>'
        )
        creator = ", ".join(name for name, _ in page.authors)
        items.append(
            f"<item>\n<title>{xml_text(page.headline)}</title>\n<link>{link}</link>\n"
            f"<description><![CDATA[{body}]]></description>\n<pubDate>{format_datetime(page.published)}</pubDate>\n"
            f"{guid}\n<dc:creator>{xml_text(creator)}</dc:creator>\n"
            f'<media:content url="{xml_text(page.image("screen_medium"))}" type="image/jpeg" width="480" '
            'height="270"/>\n</item>'
        )
    newest = max(page.published for page in pages)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/" '
        'xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n'
        f"<title>{title}</title>\n<link>{BASE}/</link>\n<description>{description}</description>\n"
        f'<atom:link href="{BASE}{path}" rel="self" type="application/rss+xml"/>\n<language>en-us</language>\n'
        f"<lastBuildDate>{format_datetime(newest)}</lastBuildDate>\n" + "\n".join(items) + "\n</channel>\n</rss>\n"
    )


def urlset(entries: list[tuple[str, datetime]], comment: str = "") -> str:
    urls = "\n".join(f"<url><loc>{loc}</loc><lastmod>{when.isoformat()}</lastmod></url>" for loc, when in entries)
    note = f"<!-- {comment} -->\n" if comment else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{note}'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}\n</urlset>\n'
    )


def sitemaps(pages: list[Page], by_key: dict[str, Page]) -> dict[str, str]:
    """Yoast-style index and shards (oldest articles in the unnumbered shard), plus a Google News sitemap."""
    site = [p for p in pages if p.placement == "site"]
    articles = sorted((p for p in site if p.kind == "article"), key=lambda p: (p.published, p.path))
    half = len(articles) // 2
    private = by_key["secret-draft"]
    shards = {
        "articles-sitemap.xml": [(p.url, p.updated) for p in articles[:half]],
        "articles-sitemap2.xml": [(p.url, p.updated) for p in articles[half:]] + [(private.url, private.updated)],
        "reviews-sitemap.xml": [(p.url, p.updated) for p in site if p.kind == "review"],
        "gallery-sitemap.xml": [(p.url, p.updated) for p in site if p.kind == "gallery"],
    }
    files = {name: urlset(entries) for name, entries in shards.items()}
    news = [p for p in articles if p.outcome in ("stored", "duplicate")]
    newest = max(p.published for p in news)
    recent = newest_first([p for p in news if newest - p.published <= NEWS_SITEMAP_WINDOW])
    entries = "\n".join(
        f"<url>\n<loc>{p.url}</loc>\n<news:news>\n<news:publication><news:name>GameSpot</news:name>"
        f"<news:language>en</news:language></news:publication>\n"
        f"<news:publication_date>{p.published.isoformat()}</news:publication_date>\n"
        f"<news:title>{xml_text(p.headline)}</news:title>\n</news:news>\n</url>"
        for p in recent
    )
    files["news-sitemap.xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        "<!-- Synthetic Google News sitemap: no source shows one for GameSpot; modelled on the generic format. -->\n"
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n{entries}\n</urlset>\n'
    )
    index_entries = [(name, max(when for _, when in shards[name])) for name in shards]
    index_entries.append(("news-sitemap.xml", newest))
    sitemap_items = "\n".join(
        f"<sitemap><loc>{BASE}/{name}</loc><lastmod>{when.isoformat()}</lastmod></sitemap>"
        for name, when in index_entries
    )
    files["sitemap_index.xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{sitemap_items}\n</sitemapindex>\n'
    )
    return files


ROBOTS = f"User-agent: *\nDisallow: /private/\n\nSitemap: {BASE}/sitemap_index.xml\n"


# ------------------------------------------------------------------------------------------------ manifest


def manifest(pages: list[Page], by_key: dict[str, Page], discovery: dict[str, str]) -> str:
    """Ground truth for crawl tests, taken from the story data (never from a parser)."""
    records = []
    for page in pages:
        outcome = page.outcome
        shown = outcome != "failure"
        records.append(
            {
                "path": page.path,
                "host": "offsite" if page.placement == "offsite" else "base",
                "kind": page.kind,
                "layout": page.layout,
                "outcome": outcome,
                "headline": page.headline if shown else None,
                "deck": page.deck if shown else None,
                "authors": [name for name, _ in page.authors] if shown else [],
                "published_at": page.published.isoformat() if shown else None,
                "comment_count": page.comments if shown else None,
                "embeds": page.embeds if shown else [],
                "duplicate_of": by_key[page.body_of].path if "body_of" in page.story else None,
                "reason": page.story.get("reason"),
            }
        )
    for path, kind in discovery.items():
        record = dict.fromkeys(records[0])  # same keys, same order as the article records
        record.update(path=path, host="base", kind=kind, outcome="discovery", authors=[], embeds=[])
        records.append(record)
    records.sort(key=lambda r: r["path"])
    data = {
        "site": "gamespot",
        "about": "Sample site ground truth written by tests/samplesite_build/build.py from stories.json.",
        "outcomes": {
            "stored": "a crawl must store it as an article with this headline and comment_count",
            "duplicate": "same body text as duplicate_of at a new url: dedupe must drop it",
            "failure": "the parser must reject it (reason says why) and the crawl records a failure",
            "never_fetch": "a polite crawler never requests it (robots.txt or another host); host tells which",
            "discovery": "feed, sitemap, listing or robots.txt: fetched for links, never stored",
        },
        "fields": {
            "comment_count": "the number the page prints; null when it shows no comment block (never 0 for unknown)",
            "embeds": "body embeds in order: social posts, videos, GameSpot image figures (not buylinks, ads, promos)",
            "published_at": "as the page states it, Pacific time",
        },
        "hosts": {"base": "{{BASE}} = http://127.0.0.1:PORT", "offsite": "{{OFFSITE}} = http://localhost:PORT"},
        "pages": records,
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


# ------------------------------------------------------------------------------------------------ build


def render_site() -> dict[str, str]:
    """Every file of the site as ``{relative path: text}``."""
    pages = make_pages()
    by_key = {page.key: page for page in pages}
    files = {page.path.strip("/") + "/index.html": RENDERERS[page.layout](page) for page in pages}
    listings = listing_pages(pages, by_key)
    files.update(listings)
    stored = [p for p in pages if p.placement == "site" and p.outcome in ("stored", "duplicate")]
    news = [p for p in stored if p.kind == "article"]
    files["feeds/news/index.rss"] = rss(
        newest_first(news)[:FEED_SIZE], "/feeds/news/", "GameSpot - News", "The latest news from GameSpot", False
    )
    files["feeds/mashup/index.rss"] = rss(
        newest_first(stored)[:FEED_SIZE],
        "/feeds/mashup/",
        "GameSpot - All Content",
        "GameSpot's Everything Feed! All the latest from GameSpot",
        True,
    )
    files.update(sitemaps(pages, by_key))
    files["robots.txt"] = ROBOTS
    discovery = {"/robots.txt": "robots", "/feeds/news/": "feed", "/feeds/mashup/": "feed"}
    discovery.update({f"/{name}": "sitemap" for name in files if name.endswith(".xml")})
    discovery.update({listing_path(n): "listing" for n in range(1, len(listings) + 1)})
    files["manifest.json"] = manifest(pages, by_key, discovery)
    return dict(sorted(files.items()))


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


def build(out_dir: Path = SITE_DIR) -> list[Path]:
    """Write the site into ``out_dir``, removing files a previous build left there; returns the written paths."""
    return write_folder(Path(out_dir), render_site())


def run(build_into: Callable[[Path], list[Path]], default: Path, doc: str, argv: list[str] | None) -> int:
    """The command line of a generator: ``--out FOLDER`` (default `default`), a count of the written files."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--out", type=Path, default=default, help=f"output folder (default: {default})")
    args = parser.parse_args(argv)
    written = build_into(args.out)
    sys.stderr.write(f"wrote {len(written)} files to {args.out}\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    return run(build, SITE_DIR, __doc__, argv)


if __name__ == "__main__":
    raise SystemExit(main())
