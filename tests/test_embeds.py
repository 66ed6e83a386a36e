"""Provider detection in newsbot.parsers.embeds, one small snippet per markup variant.

Snippets are written for these tests in the shape of each provider's standard embed code (see the reference's
embeds section); handles and ids are made up but have real lengths.
"""

from __future__ import annotations

import lxml.html
import pytest

from newsbot.items import Embed
from newsbot.parsers.embeds import detect, embed_from_url

BASE = "https://www.gamespot.com/articles/example/1100-6500000/"

INSTAGRAM_V14 = """
<blockquote class="instagram-media" data-instgrm-captioned
  data-instgrm-permalink="https://www.instagram.com/reel/C9xYz12AbCd/?utm_source=ig_embed&amp;utm_campaign=loading"
  data-instgrm-version="14" style="background:#FFF; border:0; margin: 1px; max-width:540px;">
 <div style="padding:16px;">
  <a href="https://www.instagram.com/reel/C9xYz12AbCd/?utm_source=ig_embed&amp;utm_campaign=loading" target="_blank">
   <div style="display: flex;"><div style="background-color: #F4F4F4;"></div></div>
   <div style="padding-top: 8px;"><div style="color:#3897f0;">View this post on Instagram</div></div>
  </a>
  <p style="margin:8px 0 0 0;"><a href="https://www.instagram.com/reel/C9xYz12AbCd/?utm_source=ig_embed&amp;utm_campaign=loading"
   target="_blank">A post shared by Example Studio (@example.studio)</a></p>
 </div>
</blockquote>"""

INSTAGRAM_V12_USER_IN_PERMALINK = """
<blockquote class="instagram-media" data-instgrm-captioned data-instgrm-version="12"
  data-instgrm-permalink="https://www.instagram.com/lanternrun_game/p/CAbCdEfGhIj/?utm_source=ig_embed">
 <div><a href="https://www.instagram.com/lanternrun_game/p/CAbCdEfGhIj/?utm_source=ig_embed">
   <div>View this post on Instagram</div></a>
  <p><a href="https://www.instagram.com/lanternrun_game/p/CAbCdEfGhIj/?utm_source=ig_embed">Launch day!
   #LanternRun</a></p>
  <p>A post shared by <a href="https://www.instagram.com/lanternrun_game/">Lantern Run</a> on
   <time datetime="2021-05-04T16:00:00+00:00">May 4, 2021</time></p>
 </div>
</blockquote>"""

INSTAGRAM_LEGACY = """
<blockquote class="instagram-media" data-instgrm-version="6" style="background:#FFF;">
 <div style="padding:8px;">
  <p style="margin:8px 0 0 0;"><a href="https://instagram.com/p/5xYzAbCdEf1/" target="_blank">First look at the
   new kart</a></p>
  <p>A photo posted by Tinroof Workshop (@tinroofworkshop) on
   <time datetime="2015-07-30T18:00:00+00:00">Jul 30, 2015</time></p>
 </div>
</blockquote>"""

INSTAGRAM_RENDERED = """
<iframe class="instagram-media instagram-media-rendered" id="instagram-embed-0"
  src="https://www.instagram.com/p/Cl8vRt2MqZa/embed/captioned/?cr=1&amp;v=14&amp;wp=540" height="788"></iframe>"""

TWEET_TCO_FIRST = """
<blockquote class="twitter-tweet" data-dnt="true"><p lang="en" dir="ltr">Patch 1.2 is live. Notes here:
 <a href="https://t.co/Zz9Yy8Xx7W">https://t.co/Zz9Yy8Xx7W</a> <a href="https://t.co/Pp1Qq2Rr3S">pic.twitter.com/Pp1Qq2Rr3S</a></p>
 &mdash; Tinroof Workshop (@TinroofWorkshop)
 <a href="https://twitter.com/TinroofWorkshop/status/1234567890123456789?ref_src=twsrc%5Etfw">March 3, 2020</a>
</blockquote>"""

TWEET_VIDEO_ON_X = """
<blockquote class="twitter-video hawk-ignore" data-lang="en"><p lang="en" dir="ltr">Gameplay reveal.</p>
 &mdash; Quietfield Games (@QuietfieldGames)
 <a href="https://x.com/QuietfieldGames/status/1800000000000000001?ref_src=twsrc%5Etfw">June 9, 2024</a></blockquote>"""

TIKTOK_WITH_CITE = """
<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@pocketwave.official/video/7340000000000000001"
  data-video-id="7340000000000000001" style="max-width: 605px;min-width: 325px;">
 <section><a target="_blank" title="@pocketwave.official" href="https://www.tiktok.com/@pocketwave.official?refer=embed">@pocketwave.official</a>
  <p>New colours <a title="retro" href="https://www.tiktok.com/tag/retro?refer=embed">#retro</a></p>
  <a title="♬ original sound" href="https://www.tiktok.com/music/original-sound-1?refer=embed">♬ original sound</a>
 </section>
</blockquote>"""

TIKTOK_WITHOUT_CITE = """
<blockquote class="tiktok-embed" data-video-id="7350000000000000002">
 <section><a title="@brickyardracers" href="https://www.tiktok.com/@brickyardracers?refer=embed">@brickyardracers</a></section>
</blockquote>"""

GALLERY_STRIP = """
<figure data-embed-type="gallery"
  data-img-src="https://www.gamespot.com/a/uploads/original/1/11/111-a.jpg,https://www.gamespot.com/a/uploads/original/1/11/112-b.jpg"
  data-ref-id="1300-111,1300-112">
 <div class="image-gallery__label">Gallery</div>
 <div class="image-gallery__list">
  <a href="https://www.gamespot.com/a/uploads/original/1/11/111-a.jpg"><img src="x.jpg"></a>
 </div>
</figure>"""

CASES = {
    "instagram v14 reel, credit in p > a": (
        INSTAGRAM_V14,
        [
            Embed(
                "instagram",
                "video",
                "https://www.instagram.com/reel/C9xYz12AbCd/",
                "C9xYz12AbCd",
                "example.studio",
            )
        ],
    ),
    "instagram v12 with username in the permalink and caption": (
        INSTAGRAM_V12_USER_IN_PERMALINK,
        [
            Embed(
                "instagram",
                "post",
                "https://www.instagram.com/p/CAbCdEfGhIj/",
                "CAbCdEfGhIj",
                "lanternrun_game",
                "Launch day! #LanternRun",
            )
        ],
    ),
    "instagram legacy v6, post url only in p > a": (
        INSTAGRAM_LEGACY,
        [
            Embed(
                "instagram",
                "post",
                "https://www.instagram.com/p/5xYzAbCdEf1/",
                "5xYzAbCdEf1",
                "tinroofworkshop",
                "First look at the new kart",
            )
        ],
    ),
    "instagram rendered iframe": (
        INSTAGRAM_RENDERED,
        [Embed("instagram", "post", "https://www.instagram.com/p/Cl8vRt2MqZa/", "Cl8vRt2MqZa")],
    ),
    "tweet whose first links are t.co and pic.twitter.com": (
        TWEET_TCO_FIRST,
        [
            Embed(
                "twitter",
                "tweet",
                "https://twitter.com/TinroofWorkshop/status/1234567890123456789",
                "1234567890123456789",
                "TinroofWorkshop",
                "Patch 1.2 is live. Notes here: https://t.co/Zz9Yy8Xx7W pic.twitter.com/Pp1Qq2Rr3S",
            )
        ],
    ),
    "twitter-video blockquote on x.com, canonicalised to twitter.com": (
        TWEET_VIDEO_ON_X,
        [
            Embed(
                "twitter",
                "tweet",
                "https://twitter.com/QuietfieldGames/status/1800000000000000001",
                "1800000000000000001",
                "QuietfieldGames",
                "Gameplay reveal.",
            )
        ],
    ),
    "gamespot tweet block with data-src only": (
        '<div data-embed-type="tweet" data-src="https://twitter.com/GameSpot/status/1600000000000000009"></div>',
        [
            Embed(
                "twitter",
                "tweet",
                "https://twitter.com/GameSpot/status/1600000000000000009",
                "1600000000000000009",
                "GameSpot",
            )
        ],
    ),
    "youtube iframe with share query": (
        '<iframe width="560" height="315" src="https://www.youtube.com/embed/dQ4w9WgXcQ1?si=AbCdEfGh" '
        'title="YouTube video player" allowfullscreen></iframe>',
        [Embed("youtube", "video", "https://www.youtube.com/watch?v=dQ4w9WgXcQ1", "dQ4w9WgXcQ1")],
    ),
    "youtube-nocookie iframe": (
        '<iframe src="https://www.youtube-nocookie.com/embed/Q9fK2mWx7Lp" width="100%"></iframe>',
        [Embed("youtube", "video", "https://www.youtube.com/watch?v=Q9fK2mWx7Lp", "Q9fK2mWx7Lp")],
    ),
    "gamespot video block with a youtube watch url and no iframe": (
        '<div data-embed-type="video" data-src="https://www.youtube.com/watch?feature=share&amp;v=Lm4Nb7Vc2Xz"></div>',
        [Embed("youtube", "video", "https://www.youtube.com/watch?v=Lm4Nb7Vc2Xz", "Lm4Nb7Vc2Xz")],
    ),
    "youtu.be short link in data-src": (
        '<div data-embed-type="video" data-src="https://youtu.be/Zk3Lm9Qp2Rs?t=30"></div>',
        [Embed("youtube", "video", "https://www.youtube.com/watch?v=Zk3Lm9Qp2Rs", "Zk3Lm9Qp2Rs")],
    ),
    "lazy youtube iframe (about:blank src, real data-src)": (
        '<iframe src="about:blank" data-src="https://www.youtube.com/embed/Ab3Cd4Ef5Gh"></iframe>',
        [Embed("youtube", "video", "https://www.youtube.com/watch?v=Ab3Cd4Ef5Gh", "Ab3Cd4Ef5Gh")],
    ),
    "gamespot video page in data-src, player iframe inside": (
        '<div data-embed-type="video" data-ref-id="2300-6450992" data-src="/videos/example-trailer/2300-6450992/">'
        '<iframe src="/videos/embed/6450992/"></iframe></div>',
        [
            Embed(
                "gamespot",
                "video",
                "https://www.gamespot.com/videos/example-trailer/2300-6450992/",
                "2300-6450992",
            )
        ],
    ),
    "gamespot player iframe alone": (
        '<iframe src="/videos/embed/6450993/" width="854" height="480"></iframe>',
        [Embed("gamespot", "video", "https://www.gamespot.com/videos/embed/6450993/", "2300-6450993")],
    ),
    "gamespot jw player inside article-related-video": (
        '<div class="article-related-video"><div class="js-video-player-new" data-jw-media-id="Xa1b2C3d" '
        'data-video="{&quot;share&quot;:{}}"></div><p>Now Playing: Example</p></div>',
        [Embed("jwplayer", "video", "https://content.jwplatform.com/players/Xa1b2C3d.html", "Xa1b2C3d")],
    ),
    "gamespot gallery strip": (
        GALLERY_STRIP,
        [Embed("gamespot", "gallery", "https://www.gamespot.com/a/uploads/original/1/11/111-a.jpg", "1300-111")],
    ),
    "gamespot image figure with the default alt and a caption": (
        '<figure data-embed-type="image" data-ref-id="1300-555" '
        'data-img-src="https://www.gamespot.com/a/uploads/original/5/55/555-x.jpg">'
        '<a href="https://www.gamespot.com/a/uploads/original/5/55/555-x.jpg">'
        '<img alt="No Caption Provided" src="x.jpg"></a>'
        "<figcaption>A caption.</figcaption></figure>",
        [
            Embed(
                "gamespot",
                "image",
                "https://www.gamespot.com/a/uploads/original/5/55/555-x.jpg",
                "1300-555",
                caption="A caption.",
            )
        ],
    ),
    "vimeo responsive wrapper div is not itself an embed": (
        '<div style="padding:56.25% 0 0 0;position:relative;"><iframe '
        'src="https://player.vimeo.com/video/912345678?h=ab12cd34ef&amp;badge=0&amp;app_id=58479"></iframe></div>',
        [],  # the responsive wrapper div is not an embed itself; its iframe child is (next case)
    ),
    "vimeo player iframe itself": (
        '<iframe src="https://player.vimeo.com/video/912345678?h=ab12cd34ef&amp;badge=0&amp;app_id=58479"></iframe>',
        [Embed("vimeo", "video", "https://vimeo.com/912345678", "912345678")],
    ),
    "tiktok blockquote with cite": (
        TIKTOK_WITH_CITE,
        [
            Embed(
                "tiktok",
                "video",
                "https://www.tiktok.com/@pocketwave.official/video/7340000000000000001",
                "7340000000000000001",
                "pocketwave.official",
                "New colours #retro",
            )
        ],
    ),
    "tiktok blockquote without cite": (
        TIKTOK_WITHOUT_CITE,
        [
            Embed(
                "tiktok",
                "video",
                "https://www.tiktok.com/@brickyardracers/video/7350000000000000002",
                "7350000000000000002",
                "brickyardracers",
            )
        ],
    ),
    "wordpress youtube embed figure with caption": (
        '<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube">'
        '<div class="wp-block-embed__wrapper"><iframe src="https://www.youtube.com/embed/Zk3Lm9Qp2Rs?feature=oembed">'
        '</iframe></div><figcaption class="wp-element-caption">Trailer</figcaption></figure>',
        [Embed("youtube", "video", "https://www.youtube.com/watch?v=Zk3Lm9Qp2Rs", "Zk3Lm9Qp2Rs", caption="Trailer")],
    ),
    "wordpress image figure named after its host": (
        '<figure class="wp-block-image"><img src="https://cdn.example.test/2026/03/a.jpg?w=800" alt="A"></figure>',
        [Embed("example", "image", "https://cdn.example.test/2026/03/a.jpg?w=800")],
    ),
    "paragraph with an instagram link is text, not an embed": (
        '<p>See <a href="https://www.instagram.com/p/CAbCdEfGhIj/">the post</a>.</p>',
        [],
    ),
    "ad iframe is not an embed": (
        '<iframe src="https://securepubads.g.doubleclick.net/gampad/ads?sz=300x250"></iframe>',
        [],
    ),
    "gamespot video block pointing nowhere known": (
        '<div data-embed-type="video" data-src="https://videos.example.test/clip/42"></div>',
        [],
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_detect(name: str) -> None:
    snippet, expected = CASES[name]
    element = lxml.html.fragment_fromstring(snippet.strip())
    assert detect(element, BASE) == expected, f"{name}: detect() disagrees; fix embeds.py for this markup"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.instagram.com/tv/B1tVvWwXxYy/?igshid=abc", ("instagram", "video", "B1tVvWwXxYy", None)),
        ("https://twitter.com/i/web/status/1700000000000000000", ("twitter", "tweet", "1700000000000000000", None)),
        (
            "https://mobile.twitter.com/GameSpot/status/1700000000000000001",
            ("twitter", "tweet", "1700000000000000001", "GameSpot"),
        ),
        ("https://www.youtube.com/shorts/Sh0rtId1234", ("youtube", "video", "Sh0rtId1234", None)),
        ("https://youtube.com/watch?v=TooShort", None),
        ("https://www.gamespot.com.evil.test/videos/embed/1/", None),
        ("https://example.test/page", None),
        ("", None),
    ],
)
def test_embed_from_url(url: str, expected: tuple[str, str, str, str | None] | None) -> None:
    embed = embed_from_url(url)
    got = (embed.provider, embed.kind, embed.external_id, embed.author_handle) if embed else None
    assert got == expected, f"{url!r}: expected {expected}, got {got}"
