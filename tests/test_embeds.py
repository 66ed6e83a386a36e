"""Provider detection in newsbot.parsers.embeds, one small snippet per markup variant.

Snippets are written for these tests in the shape of each provider's standard embed code (see the reference's
embeds section); handles and ids are made up but have real lengths.
"""

from __future__ import annotations

import lxml.html
import pytest

from newsbot.items import Embed
from newsbot.parsers.embed_urls import embed_from_url
from newsbot.parsers.embeds import detect

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
    "lite-youtube facade": (
        '<lite-youtube videoid="Lt5yTb8Ne2W" playlabel="Play: Trailer"></lite-youtube>',
        [Embed("youtube", "video", "https://www.youtube.com/watch?v=Lt5yTb8Ne2W", "Lt5yTb8Ne2W")],
    ),
    "youtube facade with a data attribute and thumbnail": (
        '<div class="youtube-facade" data-youtube-id="Fc4dE5fG6hI"><img src="https://img.youtube.com/vi/Fc4dE5fG6hI/'
        'maxresdefault.jpg" alt=""></div>',
        [Embed("youtube", "video", "https://www.youtube.com/watch?v=Fc4dE5fG6hI", "Fc4dE5fG6hI")],
    ),
    "youtube facade known only by its thumbnail": (
        '<div class="video-youtube-lazy"><img data-src="https://i.ytimg.com/vi/Th8uMb9Na1L/hqdefault.jpg"></div>',
        [Embed("youtube", "video", "https://www.youtube.com/watch?v=Th8uMb9Na1L", "Th8uMb9Na1L")],
    ),
    "valnet youtube placeholder": (
        '<div class="w-youtube" id="Qm3vT8xYp0L"></div>',
        [Embed("youtube", "video", "https://www.youtube.com/watch?v=Qm3vT8xYp0L", "Qm3vT8xYp0L")],
    ),
    "valnet twitter placeholder without markup": (
        '<div class="w-twitter" id="1980512345678901234"></div>',
        [Embed("twitter", "tweet", "https://twitter.com/i/web/status/1980512345678901234", "1980512345678901234")],
    ),
    "valnet instagram placeholder with the snippet put inside": (
        '<div class="w-instagram" id="instagram-embed-2"><blockquote class="instagram-media" '
        'data-instgrm-permalink="https://www.instagram.com/p/DPxA3kLm9Qz/"><p><a href="https://www.instagram.com/p/'
        'DPxA3kLm9Qz/">A post shared by Example (@example.film)</a></p></blockquote></div>',
        [Embed("instagram", "post", "https://www.instagram.com/p/DPxA3kLm9Qz/", "DPxA3kLm9Qz", "example.film")],
    ),
    "valnet instagram placeholder left empty is not an embed": (
        '<div class="w-instagram" id="instagram-embed-3"></div>',
        [],
    ),
    "valnet body image with its data caption": (
        '<div class="body-img"><div class="responsive-img" data-img-url="https://static1.colliderimages.com/a.jpg" '
        'data-img-caption="A still."><img src="https://static1.colliderimages.com/a.jpg?w=680"></div></div>',
        [Embed("colliderimages", "image", "https://static1.colliderimages.com/a.jpg", caption="A still.")],
    ),
    "valnet gallery by its first slide": (
        '<div class="valnet-gallery" id="gallery-1"><div class="gallery__images__item" '
        'data-img-url="https://static1.colliderimages.com/s1.jpg" data-img-caption="First."></div>'
        '<div class="gallery__images__item" data-img-url="https://static1.colliderimages.com/s2.jpg"></div></div>',
        [
            Embed(
                "colliderimages", "gallery", "https://static1.colliderimages.com/s1.jpg", "gallery-1", caption="First."
            )
        ],
    ),
    "jw player cloud embed div": (
        '<div class="future__jwplayer" id="botr_Tq8Lm2Zx_Vb3Nc7Kd_div"></div>',
        [Embed("jwplayer", "video", "https://content.jwplatform.com/players/Tq8Lm2Zx.html", "Tq8Lm2Zx")],
    ),
    "twitch video iframe": (
        '<iframe src="https://player.twitch.tv/?video=v2012345678&amp;parent=example.test"></iframe>',
        [Embed("twitch", "video", "https://www.twitch.tv/videos/2012345678", "2012345678")],
    ),
    "twitch channel iframe": (
        '<iframe src="https://player.twitch.tv/?channel=ExampleStream&amp;parent=example.test"></iframe>',
        [Embed("twitch", "stream", "https://www.twitch.tv/examplestream", "examplestream", "examplestream")],
    ),
    "twitch clip iframe": (
        '<iframe src="https://clips.twitch.tv/embed?clip=BraveTinyOtterKappa-AbCd123&amp;parent=x.test"></iframe>',
        [Embed("twitch", "clip", "https://clips.twitch.tv/BraveTinyOtterKappa-AbCd123", "BraveTinyOtterKappa-AbCd123")],
    ),
    "reddit embed blockquote": (
        '<blockquote class="reddit-embed-bq" data-embed-height="316"><a href="https://www.reddit.com/r/pcgaming/'
        'comments/1abcde2/patch_notes_are_out/">Patch notes are out</a><br> by <a href="https://www.reddit.com/user/'
        'example_user/">u/example_user</a> in <a href="https://www.reddit.com/r/pcgaming/">pcgaming</a></blockquote>',
        [Embed("reddit", "post", "https://www.reddit.com/r/pcgaming/comments/1abcde2/", "1abcde2", "pcgaming")],
    ),
    "gamespot imageGallery shown in the article, linking its own page": (
        '<div data-embed-type="imageGallery" data-ref-id="5712"><div class="image-gallery__header">'
        '<a href="/gallery/every-moth-in-mothlight/2900-5712/">Every Moth In Mothlight</a></div>'
        '<div class="image-gallery__main"><div class="image-gallery__item"><img src="https://www.gamespot.com/a/'
        'uploads/original/1/1/11-moth.jpg"></div></div></div>',
        [
            Embed(
                "gamespot",
                "gallery",
                "https://www.gamespot.com/gallery/every-moth-in-mothlight/2900-5712/",
                "2900-5712",
                caption="Every Moth In Mothlight",
            )
        ],
    ),
    "gamespot imageGallery without a link: its first image": (
        '<div data-embed-type="imageGallery" data-ref-id="5713"><div class="image-gallery__header">Moths</div>'
        '<div class="image-gallery__main"><div class="image-gallery__item"><img src="data:image/gif;base64,R0l" '
        'data-src="https://www.gamespot.com/a/uploads/original/1/1/12-moth.jpg"></div></div></div>',
        [
            Embed(
                "gamespot",
                "gallery",
                "https://www.gamespot.com/a/uploads/original/1/1/12-moth.jpg",
                "2900-5713",
                caption="Moths",
            )
        ],
    ),
    "gamespot imageGallery block showing no gallery items is still the gallery (reference 7.7)": (
        '<div data-embed-type="imageGallery" data-ref-id="2900-5715" data-src="/gallery/moths/2900-5715/">'
        '<a href="/gallery/moths/2900-5715/"><img src="https://www.gamespot.com/a/uploads/screen_medium/1/1/13.jpg">'
        "<span>Gallery: Moths</span></a></div>",
        [Embed("gamespot", "gallery", "https://www.gamespot.com/gallery/moths/2900-5715/", "2900-5715")],
    ),
    "gamespot html block holding a reddit post": (
        '<div data-embed-type="html" data-social-type="reddit" data-src="https://www.reddit.com/r/Mothlight/comments/'
        '1xyz9ab/the_lamp_is_a_lie/"><blockquote class="reddit-embed-bq" data-embed-height="240"><a href="https://'
        'www.reddit.com/r/Mothlight/comments/1xyz9ab/the_lamp_is_a_lie/">The lamp is a lie</a><br> by <a href="https://'
        'www.reddit.com/user/lampfan/">u/lampfan</a> in <a href="https://www.reddit.com/r/Mothlight/">Mothlight</a>'
        '</blockquote><script type="text/plain" src="https://embed.reddit.com/widgets.js"></script></div>',
        [Embed("reddit", "post", "https://www.reddit.com/r/Mothlight/comments/1xyz9ab/", "1xyz9ab", "Mothlight")],
    ),
    "facebook post plugin iframe": (
        '<iframe src="https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2FExampleStudio'
        '%2Fposts%2F1234567890123456&amp;width=500"></iframe>',
        [
            Embed(
                "facebook",
                "post",
                "https://www.facebook.com/ExampleStudio/posts/1234567890123456/",
                "1234567890123456",
                "ExampleStudio",
            )
        ],
    ),
    "facebook video sdk div": (
        '<div class="fb-video" data-href="https://www.facebook.com/ExampleStudio/videos/987654321098765/"></div>',
        [
            Embed(
                "facebook",
                "video",
                "https://www.facebook.com/ExampleStudio/videos/987654321098765/",
                "987654321098765",
                "ExampleStudio",
            )
        ],
    ),
    "spotify track iframe": (
        '<iframe src="https://open.spotify.com/embed/track/4uLU6hMCjMI75M1A2tKUQC?utm_source=generator"></iframe>',
        [Embed("spotify", "track", "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC", "4uLU6hMCjMI75M1A2tKUQC")],
    ),
    "dailymotion player iframe": (
        '<iframe src="https://geo.dailymotion.com/player.html?video=x8abc12"></iframe>',
        [Embed("dailymotion", "video", "https://www.dailymotion.com/video/x8abc12", "x8abc12")],
    ),
    "embed.ly iframe proxying a vimeo video": (
        '<iframe class="embedly-embed" src="//cdn.embedly.com/widgets/media.html?src=https%3A%2F%2Fplayer.vimeo.com'
        '%2Fvideo%2F876543210&amp;url=https%3A%2F%2Fvimeo.com%2F876543210&amp;schema=vimeo"></iframe>',
        [Embed("vimeo", "video", "https://vimeo.com/876543210", "876543210")],
    ),
    "wordpress embed figure holding only the tweet url": (
        '<figure class="wp-block-embed is-type-rich is-provider-twitter wp-block-embed-twitter"><div '
        'class="wp-block-embed__wrapper">\nhttps://twitter.com/ExampleDev/status/1700000000000000002\n</div></figure>',
        [
            Embed(
                "twitter",
                "tweet",
                "https://twitter.com/ExampleDev/status/1700000000000000002",
                "1700000000000000002",
                "ExampleDev",
            )
        ],
    ),
    "pmc figure caption without its photo credit": (
        '<figure><img src="https://variety.com/wp-content/uploads/2025/09/a.jpg" alt=""><figcaption><span>On set.'
        "</span><cite>Jane Doe</cite></figcaption></figure>",
        [Embed("variety", "image", "https://variety.com/wp-content/uploads/2025/09/a.jpg", caption="On set.")],
    ),
    "future lazy figure with caption-text and credit": (
        '<figure><img src="data:image/gif;base64,R0lGOD" data-original-mos="https://cdn.mos.cms.futurecdn.net/b.jpg">'
        '<figcaption><span class="caption-text">A base. </span><span class="credit">(Image credit: Studio)</span>'
        "</figcaption></figure>",
        [Embed("futurecdn", "image", "https://cdn.mos.cms.futurecdn.net/b.jpg", caption="A base.")],
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
