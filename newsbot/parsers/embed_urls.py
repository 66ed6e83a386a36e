"""Provider urls -> Embed records: which post, tweet or video a url points at, under one canonical url, so the same
post embedded by two sites becomes one value.

- instagram: ``https://www.instagram.com/<p|reel|tv>/<code>/`` (tracking query and username segment dropped);
- twitter: ``https://twitter.com/<handle>/status/<id>``, also for x.com links (the id is what matters, and the
  twitter.com form is what a decade of pages and GameSpot's ``data-src`` use);
- youtube: ``https://www.youtube.com/watch?v=<id>``; vimeo: ``https://vimeo.com/<id>``;
  tiktok: ``https://www.tiktok.com/@<handle>/video/<id>``;
- GameSpot's own videos: the ``/videos/<slug>/2300-<id>/`` page (or ``/videos/embed/<id>/`` when that is all the
  page gives), external id ``2300-<id>``, provider "gamespot";
- JW Player: provider "jwplayer", the media id, and ``https://content.jwplatform.com/players/<id>.html`` (the only
  url that plays it without the embedding page);
- twitch: ``https://www.twitch.tv/videos/<id>``, ``https://www.twitch.tv/<channel>`` or
  ``https://clips.twitch.tv/<slug>``; reddit: ``https://www.reddit.com/r/<sub>/comments/<id>/`` (author handle =
  the subreddit); facebook: the post or video url the plugin names; spotify: ``https://open.spotify.com/<type>/<id>``;
  dailymotion: ``https://www.dailymotion.com/video/<id>``;
- embed.ly iframes and Facebook plugins: the provider url they wrap (``url``/``src``/``href`` query).

Each provider is one row of ``URL_RULES``: the pattern that finds it in a url and how a match becomes an Embed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import parse_qs, unquote, urlsplit

from newsbot.items import Embed
from newsbot.urls import on_domain

MAX_URL_LENGTH = 4096
YOUTUBE_ID = re.compile(r"[\w-]{11}")
JW_MEDIA_ID = re.compile(r"[A-Za-z0-9]{8}")
GAMESPOT_VIDEO_PAGE = re.compile(r"^/videos/[\w-]+/2300-(\d+)/?")
GAMESPOT_VIDEO_EMBED = re.compile(r"^/videos/embed/(\d+)/?")


def youtube(vid: str) -> Embed | None:
    """Describe a bare YouTube id (11 characters) or None."""
    if not YOUTUBE_ID.fullmatch(vid or ""):
        return None
    return Embed("youtube", "video", f"https://www.youtube.com/watch?v={vid}", vid)


def jwplayer(media_id: str) -> Embed | None:
    """Describe a JW Player media id (GameSpot's own player, Future's cloud embeds)."""
    if not JW_MEDIA_ID.fullmatch(media_id):
        return None
    return Embed("jwplayer", "video", f"https://content.jwplatform.com/players/{media_id}.html", media_id)


def gamespot_video(url: str) -> Embed | None:
    """Describe a GameSpot video page or player url (absolute, on gamespot.com)."""
    if not on_domain(url, "gamespot.com"):
        return None
    path = urlsplit(url).path
    if m := GAMESPOT_VIDEO_PAGE.match(path):
        return Embed("gamespot", "video", f"https://www.gamespot.com{m[0].rstrip('/')}/", f"2300-{m[1]}")
    if m := GAMESPOT_VIDEO_EMBED.match(path):
        return Embed("gamespot", "video", f"https://www.gamespot.com/videos/embed/{m[1]}/", f"2300-{m[1]}")
    return None


def _instagram(m: re.Match[str]) -> Embed:
    kind = "post" if m[2] == "p" else "video"
    return Embed("instagram", kind, f"https://www.instagram.com/{m[2]}/{m[3]}/", m[3], m[1])


def _embedly(m: re.Match[str]) -> Embed | None:
    """The provider an embed.ly iframe proxies (never another embed.ly url: that would loop)."""
    query = parse_qs(urlsplit(m.string).query)
    inner = (query.get("url") or query.get("src") or [""])[0]
    return embed_from_url(inner) if "embedly.com" not in inner else None


def _twitch(m: re.Match[str]) -> Embed:
    if m[1] == "video" or m[4]:
        vid = m[2] if m[1] == "video" else m[4]
        return Embed("twitch", "video", f"https://www.twitch.tv/videos/{vid}", vid)
    if m[1] == "channel":
        return Embed("twitch", "stream", f"https://www.twitch.tv/{m[2].lower()}", m[2].lower(), m[2].lower())
    return Embed("twitch", "clip", f"https://clips.twitch.tv/{m[3]}", m[3])


def _facebook(m: re.Match[str]) -> Embed:
    if m[4]:
        return Embed("facebook", "video", f"https://www.facebook.com/watch/?v={m[4]}", m[4])
    kind = "video" if m[2] == "videos" else "post"
    return Embed("facebook", kind, f"https://www.facebook.com/{m[1]}/{m[2]}/{m[3]}/", m[3], m[1])


Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], Embed | None]]
# In order: the first pattern found in a url decides what it is.
URL_RULES: tuple[Rule, ...] = (
    (re.compile(r"instagram\.com/(?:([A-Za-z0-9_.]+)/)??(p|reel|tv)/([\w-]+)"), _instagram),
    (  # i/web: no handle
        re.compile(r"(?:twitter|x)\.com/(?:#!/)?(?:i/web|i|(\w{1,15}))/status(?:es)?/(\d+)"),
        lambda m: Embed("twitter", "tweet", f"https://twitter.com/{m[1] or 'i/web'}/status/{m[2]}", m[2], m[1]),
    ),
    (
        re.compile(
            r"(?:youtube(?:-nocookie)?\.com/(?:embed/|shorts/|v/|watch\?(?:[^#]*&)?v=)|youtu\.be/)([\w-]{11})(?![\w-])"
        ),
        lambda m: youtube(m[1]),
    ),
    (re.compile(r"vimeo\.com/(?:video/)?(\d+)"), lambda m: Embed("vimeo", "video", f"https://vimeo.com/{m[1]}", m[1])),
    (
        re.compile(r"tiktok\.com/@([\w.]+)/video/(\d+)"),
        lambda m: Embed("tiktok", "video", f"https://www.tiktok.com/@{m[1]}/video/{m[2]}", m[2], m[1]),
    ),
    (re.compile(r"jwplatform\.com/players/([A-Za-z0-9]{8})"), lambda m: jwplayer(m[1])),
    (re.compile(r"embedly\.com/widgets/media\.html"), _embedly),
    (
        re.compile(
            r"(?:player\.twitch\.tv/\?(?:[^#]*&)?(video|channel)=v?(\w+)"
            r"|clips\.twitch\.tv/(?:embed\?(?:[^#]*&)?clip=)?([\w-]+)|twitch\.tv/videos/(\d+))"
        ),
        _twitch,
    ),
    (
        re.compile(r"reddit\.com/r/(\w+)/comments/(\w+)"),
        lambda m: Embed("reddit", "post", f"https://www.reddit.com/r/{m[1]}/comments/{m[2]}/", m[2], m[1]),
    ),
    (
        re.compile(r"facebook\.com/plugins/(post|video)\.php\?(?:[^#]*&)?href=([^&#]+)"),
        lambda m: embed_from_url(unquote(m[2])),
    ),
    (re.compile(r"facebook\.com/(?:([\w.]+)/(posts|videos)/(\d+)|watch/?\?v=(\d+))"), _facebook),
    (
        re.compile(r"open\.spotify\.com/(?:embed/)?(track|album|playlist|episode|show|artist)/(\w+)"),
        lambda m: Embed("spotify", m[1], f"https://open.spotify.com/{m[1]}/{m[2]}", m[2]),
    ),
    (
        re.compile(r"dailymotion\.com/(?:(?:embed/)?video/|player\.html\?video=)([a-z0-9]+)"),
        lambda m: Embed("dailymotion", "video", f"https://www.dailymotion.com/video/{m[1]}", m[1]),
    ),
)


def embed_from_url(url: str | None) -> Embed | None:
    """Return the Embed a provider url points at (post, tweet, video), or None for any other url."""
    if not url or len(url) > MAX_URL_LENGTH:
        return None
    found = next((build(m) for pattern, build in URL_RULES if (m := pattern.search(url))), None)
    return found or gamespot_video(url)
