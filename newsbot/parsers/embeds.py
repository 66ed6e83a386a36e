"""Read embedded posts, videos, galleries and images from article bodies as Embed records (what a provider url
stands for is ``embed_urls``' job).

Shared by every site parser: call ``detect(element, base_url)`` on each body element before reading its text;
a non-empty answer means "this subtree is an embed, not article text". Markup read here:

- provider snippets: Instagram blockquotes (v4-v14) and iframes, Twitter/X and TikTok blockquotes, Reddit cards,
  Facebook ``fb-post``/``fb-video`` plugins, any provider iframe (``src``, or lazy ``data-src``);
- GameSpot's JW Player (``.js-video-player-new[data-jw-media-id]``) and JW's cloud embeds
  (``div#botr_<media>_<player>_div``, as on Future plc pages);
- wrappers resolved to the provider inside them: WordPress ``figure.wp-block-embed`` (also an un-rendered one that
  holds only the url), YouTube facades (``lite-youtube[videoid]``, ``data-youtube-id``, a thumbnail from
  ``img.youtube.com/vi/<id>/``), Valnet ``.w-youtube`` / ``.w-twitter`` / ``.w-instagram`` placeholders (the element
  id is the remote id; a site parser puts the Instagram snippet from ``window.arrayOfEmbeds`` inside the
  placeholder first);
- GameSpot's inline galleries (``data-embed-type="imageGallery"``): provider "gamespot", kind "gallery", the
  gallery's own page (or its first image), external id ``2900-<n>``, its title as the caption; GameSpot's
  ``data-embed-type="html"`` blocks with a ``data-social-type`` are read as the third-party post they hold;
- site-native galleries: Valnet ``.valnet-gallery`` and Vox ``.c-image-gallery`` (provider = the image host, kind
  "gallery", the first slide's image); image figures (provider = the image host, caption without the credit).
"""

from __future__ import annotations

import copy
import re
from dataclasses import replace
from itertools import islice
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

from newsbot.items import Embed
from newsbot.parsers.body import absolute_url, collapse, drop_all, element_text, http_url
from newsbot.parsers.embed_urls import embed_from_url, gamespot_video, jwplayer, youtube
from newsbot.urls import host_of

YOUTUBE_THUMBNAIL = re.compile(r"(?:img\.youtube\.com|i\.ytimg\.com)/vi(?:_webp)?/([\w-]{11})/")
JW_CLOUD_DIV = re.compile(r"^botr_([A-Za-z0-9]{8})_[A-Za-z0-9]{8}_div$")
TWEET_ID = re.compile(r"\d{5,20}")
# Data attributes in which click-to-load facades keep a YouTube id.
YOUTUBE_ID_ATTRIBUTES = ("videoid", "data-youtube-id", "data-youtubeid", "data-yt-id", "data-videoid", "data-video-id")
VALNET_PLACEHOLDERS = {"w-youtube": "youtube", "w-twitter": "twitter", "w-instagram": "instagram"}
GALLERY_CLASSES = ("valnet-gallery", "c-image-gallery")
CREDIT = etree.XPath(".//cite | .//*[contains(concat(' ', normalize-space(@class), ' '), ' credit ')]")
HANDLE_IN_TEXT = re.compile(r"\(@([\w.]+)\)")
INSTAGRAM_PROFILE = re.compile(r"instagram\.com/([A-Za-z0-9_.]+)/?(?:[?#]|$)")
# Instagram's own link texts, not the poster's caption.
INSTAGRAM_BOILERPLATE = re.compile(
    r"^(view this (post|photo|video|reel) on instagram|a (post|photo|video) shared by)", re.I
)
GAMESPOT_DEFAULT_ALT = "No Caption Provided"
GALLERY_HEADER = etree.XPath(".//*[contains(concat(' ', normalize-space(@class), ' '), ' image-gallery__header ')]")
# Elements that are (or wrap) an embed by their tag alone, without any attribute.
UNMARKED_EMBEDS = frozenset({"iframe", "lite-youtube", "figure"})
# A wrapper is searched this deep for the element that says what it wraps: enough for real markup, cheap on junk.
WRAPPER_SEARCH_LIMIT = 200


def detect(el: HtmlElement, base_url: str) -> list[Embed]:
    """Return the embeds `el` stands for, position 0; empty when `el` is not an embed."""
    if not isinstance(el.tag, str) or (el.tag not in UNMARKED_EMBEDS and not el.keys()):
        return []  # most of an article's elements: no class, id or data attribute says anything about them
    embed = _root(el, base_url)
    if embed is None and _is_wrapper(el):
        embed = _wrapped(el, base_url)
    return [embed] if embed is not None else []


def _root(el: HtmlElement, base_url: str) -> Embed | None:
    """Describe an element that is itself a provider snippet or a GameSpot media block."""
    classes = set((el.get("class") or "").split())
    kind = el.get("data-embed-type")
    if "instagram-media" in classes:
        return _instagram(el)
    if el.tag == "blockquote" and classes & {"twitter-tweet", "twitter-video"}:
        return _tweet(el)
    if el.tag == "blockquote" and "tiktok-embed" in classes:
        return _tiktok(el)
    if el.tag == "iframe":  # lazy players keep the real url in data-src and a placeholder in src
        return embed_from_url(absolute_url(base_url, el.get("src"))) or embed_from_url(
            absolute_url(base_url, el.get("data-src"))
        )
    if el.get("data-jw-media-id") and "js-video-player-new" in classes:
        return jwplayer(el.get("data-jw-media-id", ""))
    if kind == "gallery":
        return _gallery(el, base_url)
    if kind == "image":
        return _image(el, base_url, provider="gamespot")
    if kind == "imageGallery":
        return _image_gallery(el, base_url)
    return _facade(el, classes, base_url)


def _facade(el: HtmlElement, classes: set[str], base_url: str) -> Embed | None:
    """Describe click-to-load players and site-native blocks: YouTube facades, Valnet placeholders, JW cloud
    players, Reddit and Facebook snippets, galleries."""
    if el.tag == "lite-youtube" or any(el.get(a) for a in YOUTUBE_ID_ATTRIBUTES[1:4]):
        return _youtube_facade(el)
    placeholder = next((VALNET_PLACEHOLDERS[c] for c in classes if c in VALNET_PLACEHOLDERS), None)
    if placeholder:
        return _placeholder(el, placeholder, base_url)
    if any("youtube" in c for c in classes) and el.tag != "figure":
        return _youtube_facade(el)
    if m := JW_CLOUD_DIV.match(el.get("id") or ""):
        return jwplayer(m[1])
    if el.tag == "blockquote" and classes & {"reddit-embed-bq", "reddit-card"}:
        return _first([e for a in el.iter("a") if (e := embed_from_url(a.get("href"))) and e.provider == "reddit"])
    if classes & {"fb-post", "fb-video"}:
        return embed_from_url(el.get("data-href"))
    if classes & set(GALLERY_CLASSES):
        return _native_gallery(el, base_url)
    if "body-img" in classes:  # Valnet: the image url and caption are data attributes of .responsive-img
        img = next((i for i in el.iter() if isinstance(i.tag, str) and i.get("data-img-url")), None)
        url = absolute_url(base_url, img.get("data-img-url")) if img is not None else None
        if url:
            caption = img.get("data-img-caption") or _figcaption(el)
            return Embed(_host_label(url), "image", url, caption=collapse(caption) or None)
    return None


def _youtube_facade(el: HtmlElement) -> Embed | None:
    """Describe a click-to-load YouTube player by the id in its data attributes, else by the thumbnail it shows
    (img src or a background style)."""
    vid = next((el.get(a, "") for a in YOUTUBE_ID_ATTRIBUTES if el.get(a)), "")
    if found := youtube(vid):
        return found
    sources = [el.get("style", "")] + [img.get("src", "") or img.get("data-src", "") for img in el.iter("img")]
    return next((youtube(m[1]) for s in sources if (m := YOUTUBE_THUMBNAIL.search(s))), None)


def _inner(el: HtmlElement, base_url: str) -> Embed | None:
    """The first provider snippet inside a wrapper or placeholder, searched at most WRAPPER_SEARCH_LIMIT deep."""
    children = islice(el.iterdescendants(), WRAPPER_SEARCH_LIMIT)
    return next((found for c in children if isinstance(c.tag, str) and (found := _root(c, base_url))), None)


def _placeholder(el: HtmlElement, provider: str, base_url: str) -> Embed | None:
    """Describe a Valnet ``.w-<provider>`` placeholder: its id is the remote id; a snippet inside adds details."""
    if (inner := _inner(el, base_url)) is not None:
        return inner
    ident = (el.get("id") or "").strip()
    if provider == "youtube":
        return youtube(ident)
    if provider == "twitter" and TWEET_ID.fullmatch(ident):
        return Embed("twitter", "tweet", f"https://twitter.com/i/web/status/{ident}", ident)
    return None


def _native_gallery(el: HtmlElement, base_url: str) -> Embed | None:
    """Describe a site-native gallery by its first slide's image, named after the image host."""
    slide = next((s for s in el.iter() if isinstance(s.tag, str) and (s.get("data-img-url") or s.tag == "img")), None)
    if slide is None:
        return None
    src = slide.get("data-img-url") or slide.get("data-src") or slide.get("src")
    url = absolute_url(base_url, src)
    if url is None:
        return None
    caption = collapse(slide.get("data-img-caption")) or None
    return Embed(_host_label(url), "gallery", url, el.get("data-gallery-id") or el.get("id") or None, caption=caption)


def _host_label(url: str) -> str:
    """Name a provider after an image host: www.gamespot.com -> gamespot, cdn.mos.cms.futurecdn.net -> futurecdn."""
    labels = host_of(url).split(".")
    return (labels[-2] if len(labels) >= 2 else labels[0]) or "image"


def _is_wrapper(el: HtmlElement) -> bool:
    """Tell whether `el` is a CMS box around an embed (GameSpot data-embed-type, WordPress embed figure, ...)."""
    classes = (el.get("class") or "").split()
    return (
        el.tag == "figure"
        or el.get("data-embed-type") in ("video", "tweet", "instagram")
        or (el.get("data-embed-type") == "html" and bool(el.get("data-social-type")))  # GameSpot: a third-party post
        or any(c in ("article-related-video", "wp-block-embed", "wp-block-embed__wrapper") for c in classes)
    )


def _wrapped(el: HtmlElement, base_url: str) -> Embed | None:
    """Describe a wrapper by its data-src (the CMS's own pointer) and by the snippet inside it."""
    inner = _inner(el, base_url)
    src = el.get("data-src")
    outer = embed_from_url(absolute_url(base_url, src))
    if outer is None and el.get("data-embed-type") == "video" and src and src.startswith("/"):
        # GameSpot's editor writes its own videos as site-relative paths: GameSpot videos on any mirror's host.
        outer = gamespot_video("https://www.gamespot.com" + src)
    embed = outer or inner
    if outer and inner and (outer.provider, outer.external_id) == (inner.provider, inner.external_id):
        embed = replace(outer, caption=inner.caption, author_handle=outer.author_handle or inner.author_handle)
    if embed is None and _is_wp_embed(el):
        # An oEmbed the editor could not render: the wrapper holds just the provider url as text.
        embed = next((e for t in el.itertext() if (e := embed_from_url(t.strip())) is not None), None)
    if embed is None and el.tag == "figure" and el.find(".//img") is not None:
        embed = _image(el, base_url, provider=None)
    caption = _figcaption(el)
    if embed is not None and caption and not embed.caption:
        embed = replace(embed, caption=caption)
    return embed


def _is_wp_embed(el: HtmlElement) -> bool:
    """Tell whether `el` is a WordPress embed block or its wrapper."""
    return any(c in ("wp-block-embed", "wp-block-embed__wrapper") for c in (el.get("class") or "").split())


def _instagram(el: HtmlElement) -> Embed | None:
    """Describe an Instagram blockquote (v4-v14) or the iframe its script renders."""
    hrefs = [a.get("href", "") for a in el.iter("a")]
    candidates = [el.get("data-instgrm-permalink"), el.get("src"), *hrefs]
    embed = next((e for u in candidates if (e := embed_from_url(u)) and e.provider == "instagram"), None)
    if embed is None:
        return None
    caption = handle = None
    for p in el.iter("p"):
        text = element_text(p)
        if INSTAGRAM_BOILERPLATE.match(text) or " shared by " in text or " posted by " in text:
            profiles = [m[1] for a in p.iter("a") if (m := INSTAGRAM_PROFILE.search(a.get("href", "")))]
            handle = handle or _first(HANDLE_IN_TEXT.findall(text)) or _first(profiles)
        elif text and caption is None:
            caption = text
    return replace(embed, caption=caption, author_handle=handle or embed.author_handle)


def _tweet(el: HtmlElement) -> Embed | None:
    """Describe a Twitter/X blockquote by its LAST status link (the first may be t.co or pic.twitter.com)."""
    links = [e for a in el.iter("a") if (e := embed_from_url(a.get("href"))) and e.provider == "twitter"]
    if not links:
        return None
    embed = links[-1]
    text = el.find(".//p")
    caption = element_text(text) if text is not None else None
    handle = embed.author_handle or _first(HANDLE_IN_TEXT.findall(element_text(el)))
    return replace(embed, caption=caption or None, author_handle=handle)


def _tiktok(el: HtmlElement) -> Embed | None:
    """Describe a TikTok blockquote from its cite url, or from data-video-id and the @user link."""
    embed = embed_from_url(el.get("cite"))
    if embed is None and (video_id := el.get("data-video-id", "")).isdigit():
        user = next((a.get("title", "")[1:] for a in el.iter("a") if a.get("title", "").startswith("@")), "")
        if not user:
            return None
        embed = Embed("tiktok", "video", f"https://www.tiktok.com/@{user}/video/{video_id}", video_id, user)
    if embed is None:
        return None
    text = el.find(".//p")
    return replace(embed, caption=(element_text(text) if text is not None else None) or None)


def _gallery(el: HtmlElement, base_url: str) -> Embed | None:
    """Describe a GameSpot gallery strip by its first image (url) and first 1300- image id."""
    sources = [s for s in (el.get("data-img-src") or "").split(",") if s.strip()]
    if not sources:
        sources = [a.get("href", "") for a in el.iter("a") if a.get("href")]
    url = absolute_url(base_url, sources[0]) if sources else None
    if url is None:
        return None
    ref = _first([r.strip() for r in (el.get("data-ref-id") or "").split(",") if r.strip()])
    return Embed("gamespot", "gallery", url, ref, caption=_figcaption(el))


def _image_gallery(el: HtmlElement, base_url: str) -> Embed | None:
    """Describe a GameSpot inline gallery (``data-embed-type="imageGallery"``): its own ``/gallery/`` page when it
    links to it, else its first image; its ``data-ref-id`` as the typed id ``2900-<n>``; its header as the caption.
    Every such block is a gallery (reference 7.7), whatever of it the page shows."""
    ref = (el.get("data-ref-id") or "").strip().removeprefix("2900-")
    links = [u for a in el.iter("a") if (u := http_url(base_url, a.get("href"))) and "/gallery/" in urlsplit(u).path]
    images = [u for img in el.iter("img") if (u := http_url(base_url, img.get("data-src") or img.get("src")))]
    url = _first(links) or _first(images)
    if url is None:
        return None
    header = next(iter(GALLERY_HEADER(el)), None)
    caption = element_text(header) if header is not None else ""
    return Embed("gamespot", "gallery", url, f"2900-{ref}" if ref.isdigit() else None, caption=caption or None)


def _image(el: HtmlElement, base_url: str, provider: str | None) -> Embed | None:
    """Describe a figure; provider None means "name it after the image host" (www.gamespot.com -> gamespot)."""
    img = el.find(".//img")
    srcs = [el.get("data-img-src")]
    if img is not None:  # lazy loaders: data-src, Future's data-original-mos / data-pin-media, a srcset's first
        srcset = (img.get("data-srcset") or img.get("srcset") or "").split(",")[0].split(" ")[0]
        srcs += [img.get("src"), img.get("data-src"), img.get("data-original-mos"), img.get("data-pin-media"), srcset]
    # Lazy loaders put a data: placeholder in src and the real image in data-src.
    src = next((s for s in srcs if s and not s.startswith("data:")), None)
    url = absolute_url(base_url, src)
    if url is None:
        return None
    name = provider or _host_label(url)
    return Embed(name, "image", url, el.get("data-ref-id") or None, caption=_figcaption(el))


def _figcaption(el: HtmlElement) -> str | None:
    """Return the figure's own caption text without its photo credit (GameSpot's "No Caption Provided" is none)."""
    cap = el.find(".//figcaption")
    if cap is not None and CREDIT(cap):
        cap = copy.deepcopy(cap)
        drop_all(CREDIT(cap))  # PMC: <span>caption</span><cite>credit</cite>; Future: .caption-text + .credit
    text = element_text(cap) if cap is not None else ""
    return text if text and text != GAMESPOT_DEFAULT_ALT else None


def _first(values: list[str]) -> str | None:
    """Return the first value, or None."""
    return values[0] if values else None
