"""The generic parser: pages of sites newsbot has no parser for (tests/fixtures/generic/), its field rules, and the
metadata it reads from every site fixture.

Expected values come from the fixture JSON written by hand from each page, never from the parser.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_parsers import _mismatches

import newsbot
from newsbot.cli import main
from newsbot.parsers import SITES, ParseError, bylines, canonical_link, generic, parser_for

FIXTURES = Path(__file__).parent / "fixtures"
GENERIC_PAGES = sorted((FIXTURES / "generic").glob("*.html"))
SITE_PAGES = sorted(p for site in SITES for p in (FIXTURES / site).glob("*.html") if p.with_suffix(".json").exists())
URL = "https://news.example.test/2026/01/story/"


def _expected(page: Path) -> dict:
    return json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))


def _page(head: str = "", body: str = "<article><p>" + "Some article text. " * 10 + "</p></article>") -> str:
    return f"<!DOCTYPE html><html><head><title>A Story</title>{head}</head><body>{body}</body></html>"


@pytest.mark.parametrize("page", GENERIC_PAGES, ids=lambda p: p.stem)
def test_generic_fixture_parses_to_expected_fields(page: Path) -> None:
    expected = _expected(page)
    assert parser_for(expected["url"]) is None, f"{page.name}: a site parser claims it; move it to that site's folder"
    problems = _mismatches(expected, generic.parse(expected["url"], page.read_text(encoding="utf-8")))
    assert not problems, f"generic/{page.stem}: fields differ from the JSON:\n" + "\n".join(problems)


def test_there_are_generic_fixtures_from_several_platforms() -> None:
    assert len(GENERIC_PAGES) >= 4
    assert all(p.with_suffix(".json").exists() for p in GENERIC_PAGES)


@pytest.mark.parametrize("page", SITE_PAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_generic_reads_headline_and_published_date_of_every_site_page(page: Path) -> None:
    expected = _expected(page)
    article = generic.parse(expected["url"], page.read_text(encoding="utf-8"))
    assert article.headline == expected["headline"]
    published = expected["published_at"] and datetime.fromisoformat(expected["published_at"])
    assert article.published_at == published


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By Jo Park and Sam Lee", ["Jo Park", "Sam Lee"]),
        ("Jo Park, Sam Lee & Ana Ruiz", ["Jo Park", "Sam Lee", "Ana Ruiz"]),
        ("by Jo Park (jo@example.test)", ["Jo Park"]),
        ("Written by: Jo Park", ["Jo Park"]),
        ("Jo Park Updated by Web Staff", ["Jo Park"]),
        ("Variety Staff", []),
        ("Staff", []),
        ("Jo Park, Staff Writer", ["Jo Park"]),
        ("https://example.test/author/jo", []),
        ("", []),
        ("View all posts by Jo Park", ["Jo Park"]),
        ("Zeige alle Beitr\u00e4ge von Jo Park \u2192", ["Jo Park"]),
        ("Von Jo Park und Sam Lee", ["Jo Park", "Sam Lee"]),
        ("E. Tanaka, Y. Kano", ["E. Tanaka", "Y. Kano"]),  # initials are no "and"
        ("Brazil, Rachel", ["Rachel Brazil"]),  # surname first, as citation meta writes it
        ("dpa, AFP", ["dpa", "AFP"]),  # two agencies, not a surname and a given name
        ("Elena Oberholzer (obe), Oliver Maksan (oma)", ["Elena Oberholzer", "Oliver Maksan"]),
        ("Williams Perdomo @wperdomod", ["Williams Perdomo"]),
        ("sophie-foster", []),  # a url slug
        ("(Image: Getty Images)", []),  # a photo credit
        ("By", []),
        ("Eingestellt von der Michel", ["der Michel"]),
        ("Erstellt von Andri Bryner", ["Andri Bryner"]),
        ("Grant Tinsley, PhD", ["Grant Tinsley"]),  # a degree, not a second author
        ("\uc2e0\ud604\uc8fc \uae30\uc790", ["\uc2e0\ud604\uc8fc"]),  # Korean "reporter" after the name
        ("\u00a9 Kathrin F\u00fchres", ["Kathrin F\u00fchres"]),
    ],
)
def test_author_names_are_split_and_cleaned(byline: str, names: list[str]) -> None:
    assert bylines.author_names(byline) == names


def test_authors_are_de_duplicated_keeping_the_profile_url() -> None:
    head = '<meta name="author" content="Jo Park, jo park">'
    article = generic.parse(URL, _page(head))
    assert [(a.name, a.url) for a in article.authors] == [("Jo Park", None)]


@pytest.mark.parametrize(
    ("og_title", "h1", "expected"),
    [
        (
            "Steigende US-Zinsen setzen Dax zu | B\u00f6rsen-Zeitung",
            "Steigende US-Zinsen setzen Dax zu",
            "Steigende US-Zinsen setzen Dax zu",
        ),
        (
            "Neue Leipziger Schule: Judy Lybke, ganz und gar nicht eigenartig",
            "Judy Lybke, ganz und gar nicht eigenartig",
            "Judy Lybke, ganz und gar nicht eigenartig",
        ),
        (
            "A Declared Headline Written For Search",
            "A Shown Headline That Differs",
            "A Declared Headline Written For Search",
        ),
        ("Some Story About Things | News", "News", "Some Story About Things | News"),  # a short h1 is a logo
    ],
)
def test_the_shown_headline_wins_when_the_declared_one_only_wraps_it(og_title: str, h1: str, expected: str) -> None:
    body = f"<article><h1>{h1}</h1><p>" + "Some article text. " * 10 + "</p></article>"
    assert generic.parse(URL, _page(f'<meta property="og:title" content="{og_title}">', body)).headline == expected


def test_the_shown_headline_wins_when_it_only_typesets_the_declared_one() -> None:
    body = (
        "<article><h1>It\u2019s the \u201cbest\u201d year \u2013 so far</h1><p>" + "Some text. " * 10 + "</p></article>"
    )
    head = '<meta property="og:title" content="It&#39;s the &quot;best&quot; year - so far">'
    assert generic.parse(URL, _page(head, body)).headline == "It\u2019s the \u201cbest\u201d year \u2013 so far"


def test_a_heading_showing_the_longest_part_of_the_title_is_the_headline() -> None:
    # a blog puts its name first; the post's h2 shows the post title, not the blog name
    body = "<h1>Notes</h1><article><h2>Spring Cleaning for Old Laptops</h2><p>" + "Some text. " * 10 + "</p></article>"
    head = '<meta property="og:title" content="Notes From the Attic | Spring Cleaning for Old Laptops">'
    assert generic.parse(URL, _page(head, body)).headline == "Spring Cleaning for Old Laptops"


def test_a_heading_showing_a_part_after_a_rarer_separator_is_the_headline() -> None:
    body = "<h1>Notes</h1><article><h2>Nummer zwei: Leo</h2><p>" + "Some text. " * 10 + "</p></article>"
    head = '<meta property="og:title" content="seelenradio \u00bb Nummer zwei: Leo">'
    assert generic.parse(URL, _page(head, body)).headline == "Nummer zwei: Leo"


def test_a_title_naming_only_the_site_is_not_the_headline() -> None:
    body = "<article><h1>Harbour Ferry Returns After Winter</h1><p>" + "Some text. " * 10 + "</p></article>"
    head = '<meta property="og:title" content="Coastal Times"><meta property="og:site_name" content="Coastal Times">'
    assert generic.parse(URL, _page(head, body)).headline == "Harbour Ferry Returns After Winter"


def _paragraphs(words: str, count: int) -> str:
    return "".join(f"<p>{words} {n}, which goes on for a good many more words after that.</p>" for n in range(count))


def test_the_largest_article_element_is_the_container_not_the_first() -> None:
    teaser, story = _paragraphs("Teaser paragraph", 4), _paragraphs("Story paragraph", 6)
    article = generic.parse(URL, _page(body=f"<article>{teaser}</article><article>{story}</article>"))
    assert article.body_text.startswith("Story paragraph 0")


def test_a_container_holding_far_less_than_the_page_text_gives_way_to_trafilatura() -> None:
    promo = "<div><article><p>Read our newsletter every day.</p></article></div>"
    article = generic.parse(URL, _page(body=f'{promo}<div id="c">{_paragraphs("Story paragraph", 12)}</div>'))
    assert "Story paragraph 0," in article.body_text
    assert "Story paragraph 11," in article.body_text


def test_table_text_in_the_article_is_kept() -> None:
    table = "<table><tr><th>Driver</th><th>Points</th></tr><tr><td>Kyle Busch</td><td>5040</td></tr></table>"
    body = f"<article>{_paragraphs('Story paragraph', 4)}{table}{_paragraphs('Closing paragraph', 2)}</article>"
    assert "Kyle Busch" in generic.parse(URL, _page(body=body)).body_text


def test_tag_links_are_the_tags_when_the_page_declares_no_keywords() -> None:
    body = (
        "<article><p>" + "Some article text. " * 10 + '</p><footer>Tags: <a rel="tag" href="/tag/laufen/">Laufen</a>,'
        ' <a rel="tag" href="/tag/winter/">Winter</a></footer></article>'
    )
    assert generic.parse(URL, _page(body=body)).tags == ["Laufen", "Winter"]
    declared = generic.parse(URL, _page('<meta name="keywords" content="Running">', body))
    assert declared.tags == ["Running"]


def test_links_in_an_element_classed_for_tags_are_the_tags() -> None:
    body = (
        "<article><p>" + "Some article text. " * 10 + '</p><div class="articleTags"><span class="articleTag">'
        '<a href="/thema/hafen/">Hafen</a></span> <a href="https://news.example.test/thema/faehre/">F\u00e4hre</a>'
        ' <a href="/thema/alle/">Alle 120 Themen der Redaktion auf einen Blick und nach Ressorts sortiert</a>'
        ' <a href="#top">Nach oben</a> <a href="/archiv/2024/">2024</a></div>'
        '<ul class="share-tags"><li><a href="https://social.example.org/share?u=1">Teilen</a></li></ul></article>'
    )
    assert generic.parse(URL, _page(body=body)).tags == ["Hafen", "F\u00e4hre"]


def test_a_tag_clouds_post_counts_are_not_part_of_the_tags() -> None:
    links = '<a rel="tag" href="/tag/a/">Harbour works (611 posts)</a> <a rel="tag" href="/tag/b/">Ferry (57)</a>'
    body = f"<article><p>{'Some article text. ' * 10}</p><footer>{links}</footer></article>"
    assert generic.parse(URL, _page(body=body)).tags == ["Harbour works", "Ferry"]


def test_ids_and_the_sites_own_host_in_keywords_are_no_tags() -> None:
    keywords = "Hafen, 8f507083-bac4-423a-9015-2eb31e1bce50, news.example.test, 100312362, 2024, example.test"
    page = _page(f'<meta name="keywords" content="{keywords}">')
    assert generic.parse(URL, page).tags == ["Hafen", "2024"]


def test_category_links_are_not_tags_beside_the_posts_own_tags() -> None:
    def page(tags: str) -> str:
        meta = 'Posted in <a rel="category tag" href="/category/sport/">Sport</a>'
        return _page(body=f"<article><p>{'Some article text. ' * 10}</p><footer>{meta} {tags}</footer></article>")

    tagged = ' Tagged <a rel="tag" href="/tag/laufen/">Laufen</a>, <a rel="tag" href="/tag/winter/">Winter</a>'
    assert generic.parse(URL, page(tagged)).tags == ["Laufen", "Winter"]
    assert generic.parse(URL, page("")).tags == ["Sport"]  # a post without tags: its category is all it has


def test_a_byline_beats_the_publisher_named_as_author() -> None:
    head = (
        '<meta property="og:site_name" content="Example News">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": {"@type": "Organization",'
        ' "name": "Example News"}}</script>'
    )
    body = '<article><p class="byline">By Jo Park</p><p>' + "Some article text. " * 10 + "</p></article>"
    assert [a.name for a in generic.parse(URL, _page(head, body)).authors] == ["Jo Park"]
    no_byline = generic.parse(URL, _page(head))
    assert [a.name for a in no_byline.authors] == ["Example News"]  # still what the page says, when nothing else


def test_a_link_to_an_author_page_beats_the_publisher_named_as_author() -> None:
    head = '<meta property="og:site_name" content="Example News"><meta name="author" content="Example News">'
    body = (
        '<article><p>Von <a href="/autor/jo-park/">Jo Park</a></p><p>' + "Some article text. " * 10 + "</p></article>"
    )
    assert [a.name for a in generic.parse(URL, _page(head, body)).authors] == ["Jo Park"]


def test_bylines_of_teasers_further_down_are_not_the_articles_authors() -> None:
    teasers = "".join(
        f'<li><a href="/s{n}/">Story {n}</a><span class="byline">By Writer {n}</span></li>' for n in (1, 2)
    )
    body = (
        '<article><div class="byline">By Jo Park and Sam Lee</div><p>' + "Some article text. " * 10 + "</p></article>"
        f"<section><ul>{teasers}</ul></section>"
    )
    assert [a.name for a in generic.parse(URL, _page(body=body)).authors] == ["Jo Park", "Sam Lee"]


def test_commenters_and_the_comment_form_are_not_the_author() -> None:
    comments = (
        '<ol class="commentlist"><li class="comment"><div class="comment-author">Reader Rick said</div><p>Nice.</p>'
        '</li></ol><form id="commentform"><p class="comment-form-author"><label>Name (required)</label></p></form>'
    )
    body = "<article><p>" + "Some article text. " * 10 + f"</p></article>{comments}"
    assert generic.parse(URL, _page(body=body)).authors == []
    # "comments-open" on the article only says comments are allowed: its byline still counts
    byline = '<article class="post comments-open"><div class="entry-author">von Flo Lerche</div><p>'
    assert [a.name for a in generic.parse(URL, _page(body=byline + "Text. " * 30 + "</p></article>")).authors] == [
        "Flo Lerche"
    ]


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By Giovanni Gaggero | 12/10/2020", ["Giovanni Gaggero"]),
        ("von Andreas K\u00fcrten", ["Andreas K\u00fcrten"]),
        ("Posted by Konstantin @ 12:00 am", ["Konstantin"]),
        ("Von Montag an gilt die neue Regel f\u00fcr alle", []),  # a sentence, not a byline
        ("by the river bank", []),
        ("Blog Beitrag von Margit Lenz", ["Margit Lenz"]),
        ("Eine Kolumne von Nils Berger", ["Nils Berger"]),
        ("Auteur : Kofi Mensah", ["Kofi Mensah"]),
        ("Autoren Ida Brenner und Tom Wirth", ["Ida Brenner", "Tom Wirth"]),
        ("Text von Anna Berg Illustration von Max Roth", ["Anna Berg"]),
        ("Text von der Stadt zur Verf\u00fcgung gestellt", []),  # a sentence, not a byline
        ("Autoren sind gefragt wie nie", []),
    ],
)
def test_a_byline_written_without_markup_names_the_author(byline: str, names: list[str]) -> None:
    body = f"<article><h1>A Story</h1><div><span>{byline}</span></div><p>" + "Some text. " * 10 + "</p></article>"
    assert [a.name for a in generic.parse(URL, _page(body=body)).authors] == names


@pytest.mark.parametrize(
    "line",
    ["12.03.2024 | Gemeinde/ Stadt", "2024-03-12 \u2013 Hafen Zeitung", "12.03.2024 | Jo Park | Ada Roe", "Jo Park"],
)
def test_a_date_line_by_the_headline_names_one_person_or_nobody(line: str) -> None:
    body = f"<div><h1>A Story About The Harbour</h1><p>{line}</p><p>" + "Some text. " * 10 + "</p></div>"
    assert [a.name for a in generic.parse("https://hafen-zeitung.example.test/a/", _page(body=body)).authors] == []


def test_a_link_to_an_author_page_names_the_author() -> None:
    body = (
        '<article><div class="meta">Par <a href="/author/kab-niang/">Kab Niang</a></div><p>'
        + "Some article text. " * 10
        + '</p></article><section><a href="/author/someone-else/">Someone Else</a></section>'
    )
    assert [(a.name, a.url) for a in generic.parse(URL, _page(body=body)).authors] == [
        ("Kab Niang", "https://news.example.test/author/kab-niang/")
    ]


def test_an_element_classed_as_author_names_the_author() -> None:
    body = '<article><span class="entry-author-name">Helmut Rubik</span><p>' + "Some text. " * 10 + "</p></article>"
    assert [a.name for a in generic.parse(URL, _page(body=body)).authors] == ["Helmut Rubik"]


def test_json_ld_graph_references_are_resolved() -> None:
    graph = {
        "@graph": [
            {"@type": "NewsArticle", "headline": "Graph Story", "author": {"@id": "#p1"}, "image": {"@id": "#img"}},
            {"@type": "Person", "@id": "#p1", "name": "Ana Ruiz", "url": "https://news.example.test/ana/"},
            {"@type": "ImageObject", "@id": "#img", "url": "https://news.example.test/lead.jpg"},
        ]
    }
    head = f'<script type="application/ld+json">{json.dumps(graph)}</script>'
    article = generic.parse(URL, _page(head))
    assert article.headline == "Graph Story"
    assert [(a.name, a.url) for a in article.authors] == [("Ana Ruiz", "https://news.example.test/ana/")]
    assert article.lead_image == "https://news.example.test/lead.jpg"


def test_broken_json_ld_falls_back_to_open_graph() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>'
        '<meta property="og:title" content="Open Graph Story | Example News">'
        '<meta property="og:site_name" content="Example News">'
    )
    assert generic.parse(URL, _page(head)).headline == "Open Graph Story"


def test_published_date_after_the_pages_own_update_is_kept_when_nothing_else_dates_the_article() -> None:
    # CMSs write dateModified at first save, so a later published date is common (it had been refused).
    head = (
        '<meta property="article:published_time" content="2026-02-01T10:00:00+01:00">'
        '<meta property="article:modified_time" content="2026-01-15T10:00:00+01:00">'
    )
    assert generic.parse(URL, _page(head)).published_at == datetime.fromisoformat("2026-02-01T10:00:00+01:00")
    consistent = head + '<meta itemprop="datePublished" content="2026-01-14T09:00:00+01:00">'
    assert generic.parse(URL, _page(consistent)).published_at == datetime.fromisoformat("2026-01-14T09:00:00+01:00")


def test_htmldate_fallback_keeps_the_time_zone() -> None:
    dated = _page(body='<article><p>Posted <abbr class="published" title="2025-03-04T08:30:00+02:00">March 4</abbr></p>'
                  "<p>" + "Some article text. " * 10 + "</p></article>")  # fmt: skip
    found = generic.parse(URL, dated).published_at
    assert found is not None
    assert found.isoformat() == "2025-03-04T08:30:00+02:00"  # the instant and its offset


def test_a_date_without_offset_is_read_as_utc_on_the_day_written() -> None:
    head = '<meta property="article:published_time" content="2025-03-04T23:30:00">'
    assert generic.parse(URL, _page(head)).published_at == datetime.fromisoformat("2025-03-04T23:30:00+00:00")


def test_the_urls_day_picks_the_value_written_on_that_day() -> None:
    head = (
        '<meta property="article:published_time" content="2020-02-25T02:25:54+00:00">'
        '<meta name="date" content="2020-02-24T21:25:54-05:00">'
    )
    url = "https://news.example.test/2020/02/24/story/"
    assert generic.parse(url, _page(head)).published_at.isoformat() == "2020-02-24T21:25:54-05:00"
    only_utc = '<meta property="article:published_time" content="2020-02-25T02:25:54+00:00">'
    assert generic.parse(url, _page(only_utc)).published_at == datetime.fromisoformat("2020-02-24T00:00:00+00:00")


def test_a_utc_date_takes_the_pages_local_form_of_the_same_moment() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2019-10-18T22:04:00Z"}</script>'
        '<meta name="date" content="Sat, 19 Oct 2019 00:04:00 +0200">'
    )
    assert generic.parse(URL, _page(head)).published_at.isoformat() == "2019-10-19T00:04:00+02:00"  # its offset too


def test_htmldate_fallback_reads_a_day_in_the_text() -> None:
    undated = _page(body="<article><p>Posted on 4 March 2025.</p><p>" + "Some text. " * 10 + "</p></article>")
    assert generic.parse(URL, undated).published_at == datetime.fromisoformat("2025-03-04T00:00:00+00:00")


def test_disqus_placeholder_count_is_none_not_zero() -> None:
    body = (
        "<article><p>" + "Some article text. " * 10 + '</p><span class="disqus-comment-count" '
        'data-disqus-identifier="x">0 Comments</span></article><div id="disqus_thread"></div>'
    )
    assert generic.parse(URL, _page(body=body)).comment_count is None


@pytest.mark.parametrize(
    ("url", "site"),
    [
        ("https://www.polygon.com/a", "polygon"),
        ("https://news.bbc.co.uk/a", "bbc"),
        ("https://savepointweekly.test/a", "savepointweekly"),
        ("http://127.0.0.1:8000/a", "generic"),
    ],
)
def test_site_name_is_the_registrable_name(url: str, site: str) -> None:
    assert generic.site_name(url) == site


def test_a_page_without_closing_tags_that_ends_on_a_whole_tag_is_complete() -> None:
    # HTML lets a page omit </body> and </html>; real pages do (4 of trafilatura's evaluation set, ending in
    # </script>, </div> or a comment), and they are not cut-off downloads.
    page = _page().removesuffix("</body></html>") + "<footer><p>Imprint</p></footer>\n<script>x()</script>\n<!-- c -->"
    assert generic.parse(URL, page).body_text == ("Some article text. " * 10).strip()


def test_a_noscript_left_open_by_the_parser_is_read_as_the_page() -> None:
    # libxml2 reads "<noscript><div></noscript>" as a noscript that runs to the end of the page.
    text = "Some article text of the story. " * 80
    link = '<a href="https://source.example.test/report">the report</a>'
    page = _page(body=f'<noscript><div id="nojs"></noscript><div><article><p>{text}{link}.</p></article></div>')
    article = generic.parse(URL, page)
    assert article.body_text == text + "the report."
    assert [link.url for link in article.links] == ["https://source.example.test/report"]  # the article was walked


def test_a_nav_holding_most_of_the_page_is_not_dropped_as_chrome() -> None:
    text = "Some article text of the story. " * 40 + '<a href="https://source.example.test/report">the report</a>.'
    body = f'<header><nav><a href="/">Home</a><div><article><p>{text}</p></article></div></nav></header>'
    article = generic.parse(URL, _page(body=body))
    assert [link.url for link in article.links] == ["https://source.example.test/report"]  # the article was walked


@pytest.mark.parametrize(
    ("html", "field", "words"),
    [
        ("<html><body><p>" + "Text. " * 30 + "</p></body></html>", "headline", "no headline"),
        (_page('<meta property="og:title" content="A Title">', "<nav>menu</nav>"), "body_text", "no body text"),
        ("<html><head><title>x</title></head><body><p>cut off", "html", "page is truncated"),
        ("", "html", "page is empty"),
    ],
)
def test_unreadable_page_raises_parse_error_naming_url_and_field(html: str, field: str, words: str) -> None:
    with pytest.raises(ParseError) as caught:
        generic.parse(URL, html)
    assert (caught.value.url, caught.value.field) == (URL, field)
    assert str(caught.value).startswith(f"{URL}: {words}")


def test_newsbot_parse_reads_an_unknown_site_with_the_generic_parser() -> None:
    page = GENERIC_PAGES[0]
    expected = _expected(page)
    result = CliRunner().invoke(main, ["parse", str(page), "--url", expected["url"]])
    assert result.exit_code == 0, result.output
    article = json.loads(result.stdout)
    assert (article["site"], article["headline"]) == (expected["site"], expected["headline"])


def test_public_parse_reads_page_bytes_with_the_site_parser_of_the_url() -> None:
    page = FIXTURES / "gamespot" / "mission-impossible-7-stunt.html"
    expected = _expected(page)
    article = newsbot.parse(expected["url"], page.read_bytes())
    assert (article.site, article.headline) == ("gamespot", expected["headline"])


def test_public_parse_reads_an_unknown_site_with_the_generic_parser() -> None:
    page = GENERIC_PAGES[0]
    expected = _expected(page)
    article = newsbot.parse(expected["url"], page.read_text(encoding="utf-8"))
    assert (article.site, article.headline) == (expected["site"], expected["headline"])


def test_site_and_generic_parsers_never_import_scrapy() -> None:
    modules = ", ".join(f"newsbot.parsers.{name}" for name in [*SITES, "generic"])
    code = f"import sys, {modules}; assert not any(m.startswith('scrapy') for m in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"a parser pulled in scrapy; parsers must stay pure:\n{result.stderr}"


def test_canonical_url_cuts_every_tracking_parameter_of_the_shared_list() -> None:
    # Before the lists were merged the parsers cut only ftag/fbclid/gclid/utm_*; mc_cid, igshid, cmpid and cx_*
    # waited for the normalise stage.
    head = (
        '<link rel="canonical" href="https://WWW.Example.TEST/a?id=5&mc_cid=1&igshid=b&cmpid=c&cx_testId=3#top">'
        '<meta property="og:url" content="https://www.example.test/og">'
    )
    page = generic.read_page(
        "https://www.example.test/a?utm_source=x", f"<html><head>{head}</head><body></body></html>"
    )
    assert generic.canonical_url(page) == "https://www.example.test/a?id=5"
    assert generic.canonical_url(page, "other.test") == "https://www.example.test/a"


def test_canonical_link_is_the_parsers_choice_cleaned() -> None:
    # og:url first in the page: the canonical link still wins, as in the parsers (it used to go by page order).
    html = (
        '<html><head><meta property="og:url" content="https://www.example.test/og">'
        '<link rel="canonical" href=" https://www.example.test/a?utm_source=x&id=5#c "></head><body></body></html>'
    )
    assert canonical_link(html) == "https://www.example.test/a?id=5"
    assert canonical_link('<html><head><link rel="canonical" href="/relative"></head></html>') is None
