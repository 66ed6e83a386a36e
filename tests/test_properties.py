"""Properties that must hold for any input, checked on generated and mutated pages with hypothesis.

- The GameSpot parser gives an Article with a headline and body text, or a ParseError that names what is missing;
  never another exception, and never its own catch-all ("parser failed"), which would mean a bug.
- Discovery reads any feed, sitemap or listing body or refuses it with DiscoveryError.
- validate either passes an article or refuses it with a reason; normalize never fails and is idempotent.

Runs are derandomized and keep no example database, so CI sees the same examples every time.
"""

from __future__ import annotations

import copy
import gzip
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import lxml.html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml.html import HtmlElement
from newsbot.pipelines.normalize import normalize_article
from newsbot.pipelines.validate import article_problem

from newsbot.items import Article, Author, Embed, Link
from newsbot.parsers import ParseError, gamespot
from newsbot.samplesite.server import SITE_DIR
from newsbot.spiders import discovery

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "gamespot").glob("*.html"))
PAGES = [page.read_text(encoding="utf-8") for page in FIXTURES]
FEEDS = [(SITE_DIR / "feeds" / "news" / "index.rss").read_bytes()]
SITEMAPS = [(SITE_DIR / name).read_bytes() for name in ("sitemap_index.xml", "news-sitemap.xml")]
URLS = [
    "https://www.gamespot.com/articles/some-story/1100-6480000/",
    "https://www.gamespot.com/reviews/some-review/1900-6417000/",
    "http://127.0.0.1:8000/articles/some-story/",
    "https://www.gamespot.com/gallery/x/2900-1/?ftag=CAD-01-10abi2f#comments",
]

# Enough examples to find real bugs (these found two; see the commit), few enough to keep the suite fast.
PROPERTY = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- strategies -------------------------------------------------------------------------------------------

# Characters that break parsers: NUL, lone surrogates, BOM, zero-width, markup and entity fragments.
NASTY = ["\x00", "\ud800", "\udfff", "\ufeff", "\u200b", "\u2028", "\r", "&", "<", ">", "]]>", "&#0;", "&#x110000;"]
text = st.one_of(
    st.text(max_size=40),
    st.lists(st.sampled_from(NASTY) | st.text(max_size=5), max_size=8).map("".join),
)


def valid_unicode(value: str) -> str:
    """``value`` with lone surrogates replaced: items hold valid Unicode (assert_storable checks the parser)."""
    return value.encode("utf-8", "replace").decode("utf-8")


item_text = text.map(valid_unicode)
# What an lxml tree can hold (no NUL, control characters or surrogates): for edits made inside a parsed page.
tree_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), max_size=40)
urlish = st.sampled_from(
    [
        "/articles/x/1100-1/", "https://www.youtube.com/embed/dQw4w9WgXcQ", "https://twitter.com/a/status/1",
        "https://www.instagram.com/p/Cabc123/", "javascript:alert(1)", "http://[::1", "//evil.test/x", "#comments",
        "data:image/png;base64,AAAA", "https://www.gamespot.com/videos/x/2300-1/", "", " ", "http://%zz",
    ]
) | text  # fmt: skip
TAGS = [
    "div", "p", "span", "a", "h1", "h2", "h3", "section", "article", "figure", "figcaption", "img", "iframe",
    "blockquote", "script", "style", "ul", "li", "time", "br", "table", "aside", "nav", "noscript", "template",
]  # fmt: skip
CLASSES = [
    "news-title", "js-content-entity-body", "article-body", "news-deck", "news-byline", "byline-author__name",
    "instagram-media", "twitter-tweet", "tiktok-embed", "image-gallery", "comment-count", "kubrick-info__title",
    "js-video-player-new", "wp-block-embed", "news-hdr", "horizontal-list__item-gap", "",
]  # fmt: skip
EMBED_TYPES = ["image", "video", "gallery", "tweet", "instagram", "buylink", "breakoutBox", "toc", "pinbox"]
attributes = st.dictionaries(
    st.sampled_from(["class", "href", "src", "data-src", "data-embed-type", "data-img-src", "data-ref-id",
                     "datetime", "style", "data-jw-media-id", "cite", "data-video-id", "title", "onclick"]),
    st.sampled_from(CLASSES + EMBED_TYPES) | urlish,
    max_size=3,
)  # fmt: skip


def _element(tag: str, attrs: dict[str, str], children: list[str]) -> str:
    rendered = "".join(f' {k}="{v.replace(chr(34), "&quot;")}"' for k, v in attrs.items())
    return f"<{tag}{rendered}>{''.join(children)}</{tag}>"


html_nodes = st.recursive(
    text,
    lambda inner: st.builds(_element, st.sampled_from(TAGS), attributes, st.lists(inner, max_size=4)),
    max_leaves=25,
)
tree_nodes = st.recursive(
    tree_text,
    lambda inner: st.builds(_element, st.sampled_from(TAGS), st.just({}), st.lists(inner, min_size=1, max_size=3)),
    max_leaves=10,
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
    max_leaves=15,
)
json_ld = st.dictionaries(
    st.sampled_from(["@type", "headline", "author", "datePublished", "image", "keywords", "commentCount", "@graph",
                     "@id", "description", "inLanguage", "dateModified"]),
    json_values | st.sampled_from(["NewsArticle", "Review", ["NewsArticle"], "2024-01-01T00:00:00Z"]),
    max_size=6,
)  # fmt: skip
metas = st.lists(
    st.builds(
        lambda key, value: f'<meta property="{key}" content="{value.replace(chr(34), "")}">',
        st.sampled_from(["og:title", "og:image", "article:published_time", "article:tag", "og:locale", "og:type"]),
        text | urlish,
    ),
    max_size=4,
)


@st.composite
def generated_pages(draw: st.DrawFn) -> str:
    """A page with head metadata, JSON-LD and a body of GameSpot-flavoured elements, closed or cut short."""
    ld = draw(st.lists(json_ld.map(json.dumps) | text, max_size=2))
    head = "".join(draw(metas)) + "".join(f'<script type="application/ld+json">{b}</script>' for b in ld)
    body = "".join(draw(st.lists(html_nodes, max_size=6)))
    page = f'<!DOCTYPE html><html lang="{draw(text)}"><head>{head}</head><body>{body}</body></html>'
    return page if draw(st.booleans()) else page[: draw(st.integers(0, len(page)))]


@st.composite
def mutated_pages(draw: st.DrawFn) -> str:
    """A fixture page with elements dropped, duplicated, shuffled or injected, then maybe truncated or spliced."""
    doc = lxml.html.document_fromstring(draw(st.sampled_from(PAGES)))
    for _ in range(draw(st.integers(1, 6))):
        elements: list[HtmlElement] = [el for el in doc.iter() if isinstance(el.tag, str)][1:]
        if not elements:
            break
        el = elements[draw(st.integers(0, len(elements) - 1))]
        action = draw(st.sampled_from(["drop", "duplicate", "shuffle", "inject", "strip-text"]))
        if action == "drop":
            el.drop_tree()
        elif action == "duplicate":
            el.addnext(copy.deepcopy(el))
        elif action == "shuffle":
            children = list(el)
            order = draw(st.permutations(range(len(children))))
            for child in children:
                el.remove(child)
            el.extend(children[i] for i in order)
        elif action == "inject":
            junk = draw(tree_nodes)
            fragments = lxml.html.fragments_fromstring(junk) if junk.strip() else []
            for fragment in reversed(fragments):
                if isinstance(fragment, str):
                    el.text = (el.text or "") + fragment
                else:
                    el.insert(0, fragment)
        else:
            el.text = draw(tree_text)
    page = lxml.html.tostring(doc, encoding="unicode")
    edit = draw(st.sampled_from(["none", "truncate", "splice"]))
    if edit == "truncate":
        page = page[: draw(st.integers(0, len(page)))]
    elif edit == "splice":
        at = draw(st.integers(0, len(page)))
        page = page[:at] + draw(text | html_nodes) + page[at:]
    return page


def assert_article_or_named_parse_error(url: str, html: str) -> None:
    """The parser contract: an Article with headline and body, or a ParseError that is not the catch-all."""
    try:
        article = gamespot.parse(url, html)
    except ParseError as error:
        failure = error
    else:
        failure = None
    if failure is not None:
        assert "parser failed" not in failure.problem, f"the parser crashed on this input: {failure}"
        assert failure.url == url
        return
    assert article.headline.strip(), "an Article without a headline"
    assert article.body_text.strip(), "an Article without body text"
    assert_storable(article)


def assert_storable(article: Article) -> None:
    """Every text field encodes as UTF-8: a lone surrogate would fail in nh3, SQLite and PostgreSQL alike."""
    for value in vars(article).values():
        for item in value if isinstance(value, list) else [value]:
            for text_value in vars(item).values() if hasattr(item, "__dataclass_fields__") else [item]:
                if isinstance(text_value, str):
                    text_value.encode("utf-8")  # raises UnicodeEncodeError naming the character


# --- the parser ---------------------------------------------------------------------------------------------


@PROPERTY
@given(url=st.sampled_from(URLS), html=st.text(max_size=300))
def test_parser_on_arbitrary_text(url: str, html: str) -> None:
    assert_article_or_named_parse_error(url, html)


@PROPERTY
@given(url=st.sampled_from(URLS), html=generated_pages())
def test_parser_on_generated_pages(url: str, html: str) -> None:
    assert_article_or_named_parse_error(url, html)


@PROPERTY
@given(url=st.sampled_from(URLS) | tree_text, html=mutated_pages())
def test_parser_on_mutated_fixture_pages(url: str, html: str) -> None:
    assert_article_or_named_parse_error(url, html)


# --- discovery ----------------------------------------------------------------------------------------------


@st.composite
def mutated_xml(draw: st.DrawFn, sources: list[bytes]) -> bytes:
    """A real feed or sitemap, cut, spliced with junk, or gzipped (whole or truncated)."""
    body = draw(st.sampled_from(sources)).replace(b"{{BASE}}", b"http://127.0.0.1:8000")
    at = draw(st.integers(0, len(body)))
    edit = draw(st.sampled_from(["truncate", "splice", "gzip", "gzip-truncated"]))
    if edit == "truncate":
        return body[:at]
    if edit == "splice":
        return body[:at] + draw(text).encode("utf-8", "surrogatepass") + body[at:]
    packed = gzip.compress(body)
    return packed if edit == "gzip" else packed[: draw(st.integers(0, len(packed)))]


@PROPERTY
@given(body=st.binary(max_size=300) | mutated_xml(FEEDS))
def test_feed_links_reads_or_refuses_any_body(body: bytes) -> None:
    try:
        links = discovery.feed_links(body)
    except discovery.DiscoveryError:
        return
    assert all(isinstance(link, str) and link == link.strip() and link for link in links)


@PROPERTY
@given(body=st.binary(max_size=300) | mutated_xml(SITEMAPS))
def test_parse_sitemap_reads_or_refuses_any_body(body: bytes) -> None:
    try:
        sitemap = discovery.parse_sitemap(body)
    except discovery.DiscoveryError:
        return
    assert all(isinstance(loc, str) and loc == loc.strip() and loc for loc in sitemap.locs)


@PROPERTY
@given(body=st.text(max_size=300) | generated_pages(), base=st.sampled_from(URLS))
def test_page_links_reads_or_refuses_any_page(body: str, base: str) -> None:
    try:
        links = discovery.page_links(body, base)
    except discovery.DiscoveryError:
        return
    assert len(links) == len(set(links))


# --- validate and normalize ---------------------------------------------------------------------------------

item_urls = urlish.map(valid_unicode)
aware_datetimes = st.builds(
    lambda moment, minutes: moment.replace(tzinfo=timezone(timedelta(minutes=minutes))),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)),
    st.integers(-14 * 60 + 1, 14 * 60 - 1),
)
articles = st.builds(
    Article,
    url=st.sampled_from(URLS) | item_text,
    canonical_url=st.sampled_from(URLS) | item_text,
    site=st.just("gamespot") | item_text,
    headline=item_text,
    body_text=st.lists(item_text, max_size=5).map("\n\n".join) | st.text(max_size=200),
    deck=st.none() | item_text,
    authors=st.lists(st.builds(Author, name=item_text, url=st.none() | item_urls), max_size=4),
    published_at=st.none() | aware_datetimes | st.datetimes(),
    updated_at=st.none() | aware_datetimes,
    body_html=st.lists(html_nodes, max_size=4).map("".join).map(valid_unicode),
    tags=st.lists(item_text, max_size=5),
    embeds=st.lists(st.builds(Embed, provider=item_text, kind=item_text, url=item_urls), max_size=2),
    links=st.lists(st.builds(Link, url=item_urls, text=item_text), max_size=2),
    comment_count=st.none() | st.integers(-5, 10**9),
    language=st.none() | item_text,
)


@PROPERTY
@given(article=articles)
def test_normalize_is_idempotent(article: Article) -> None:
    once = normalize_article(article)
    assert normalize_article(once) == once


@PROPERTY
@given(article=articles)
def test_validated_articles_keep_a_headline_and_body_through_normalize(article: Article) -> None:
    problem = article_problem(article)
    if problem is not None:
        assert isinstance(problem, str)
        assert problem
        return
    normalized = normalize_article(article)
    assert normalized.headline, f"normalize emptied the headline {article.headline!r}"
    assert normalized.body_text, "normalize emptied the body text"
