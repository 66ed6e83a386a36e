"""Every saved page under tests/fixtures/<site>/ parses to the Article its JSON describes, field by field.

Adding a case needs no test code: save ``<case>.html`` and write ``<case>.json`` by hand beside it (keys as in
EXPECTED_KEYS; "_about" optional; "_layout", the site parser's layout generation the page is in, required for
pages a site parser reads). Folders whose pages no parser claims (by the JSON's url) are skipped; pages
in ``<site>/broken/`` have no JSON and are checked by the ParseError tests below.
"""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from newsbot.items import Article
from newsbot.parsers import SITES, ParseError, generic, parser_for

FIXTURES = Path(__file__).parent / "fixtures"
EXPECTED_KEYS = {
    "url", "canonical_url", "site", "kind", "headline", "deck", "authors", "published_at", "updated_at",
    "body_text", "lead_image", "tags", "embeds", "links", "comment_count", "language",
}  # fmt: skip
DATE_FIELDS = ("published_at", "updated_at")
PAIRS = sorted(p for p in FIXTURES.glob("*/*.html") if p.with_suffix(".json").exists())
BROKEN_URL = "https://www.gamespot.com/articles/broken-fixture/1100-6400000/"


def _case_id(page: Path) -> str:
    """Return "<site>/<case>" for a fixture page."""
    return f"{page.parent.name}/{page.stem}"


@cache
def _parsed(page: Path) -> tuple[dict[str, Any], Article]:
    """Parse a fixture page with the parser its url selects, the generic one where no site parser does."""
    expected = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    parse = parser_for(expected.get("url", "")) or generic.parse
    return expected, parse(expected["url"], page.read_text(encoding="utf-8"))


def _instant(value: Any) -> Any:
    """Turn an ISO 8601 string (or datetime) into an aware datetime so equal instants compare equal."""
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else value
    except ValueError:  # reported as a mismatch, with the bad string, instead of crashing the comparison
        return value


def _text_difference(expected: str, actual: str) -> str:
    """Describe where two body texts part ways, paragraph by paragraph."""
    exp, act = expected.split("\n\n"), actual.split("\n\n")
    for i, (e, a) in enumerate(zip(exp, act, strict=False)):
        if e != a:
            return f"paragraph {i + 1} differs:\n      expected {e!r}\n      actual   {a!r}"
    extra = exp[len(act)] if len(exp) > len(act) else act[len(exp)]
    return f"{len(exp)} paragraphs expected, {len(act)} parsed; first unmatched: {extra!r}"


def _mismatches(expected: dict[str, Any], article: Article) -> list[str]:
    """Return one line per field whose parsed value differs from the expectation."""
    actual = dataclasses.asdict(article)
    problems = []
    for key in sorted(EXPECTED_KEYS):
        want, got = expected.get(key, "<missing from the JSON>"), actual[key]
        if key in DATE_FIELDS:
            want = _instant(want)
        if want == got:
            continue
        if key == "body_text" and isinstance(want, str) and isinstance(got, str):
            problems.append(f"  body_text: {_text_difference(want, got)}")
        elif isinstance(want, list) and isinstance(got, list) and len(want) == len(got):
            for i, (w, g) in enumerate(zip(want, got, strict=True)):
                if w != g:
                    problems.append(f"  {key}[{i}]: expected {w!r}\n  {' ' * len(key)}     actual   {g!r}")
        else:
            problems.append(f"  {key}: expected {want!r}\n  {' ' * len(key)}  actual   {got!r}")
    return problems


@pytest.mark.parametrize("page", PAIRS, ids=_case_id)
def test_fixture_parses_to_expected_fields(page: Path) -> None:
    expected, article = _parsed(page)
    problems = _mismatches(expected, article)
    assert not problems, (
        f"{_case_id(page)}: {len(problems)} field(s) differ from {page.with_suffix('.json').name}:\n"
        + "\n".join(problems)
        + "\nFix the parser; change the JSON only if the page itself says otherwise (never paste parser output)."
    )


@pytest.mark.parametrize("page", PAIRS, ids=_case_id)
def test_fixture_json_has_exactly_the_contract_keys(page: Path) -> None:
    expected, _ = _parsed(page)  # skips folders no parser claims: their JSON may follow another contract
    keys = set(expected) - {"_about", "_layout"}
    missing, unexpected = sorted(EXPECTED_KEYS - keys), sorted(keys - EXPECTED_KEYS)
    assert keys == EXPECTED_KEYS, f"{page.with_suffix('.json')}: missing {missing}, unexpected {unexpected}"


SITE_PAIRS = [p for p in PAIRS if p.parent.name in SITES]


@pytest.mark.parametrize("page", SITE_PAIRS, ids=_case_id)
def test_site_page_is_read_by_the_layout_its_json_names(page: Path) -> None:
    expected = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    parser = SITES[page.parent.name].PARSER
    names = [layout.name for layout in parser.layouts]
    assert expected.get("_layout") in names, f'{page.with_suffix(".json")}: set "_layout" to one of {names}'
    layout = parser.layout(generic.read_page(expected["url"], page.read_text(encoding="utf-8")))
    assert layout.name == expected["_layout"], f"{_case_id(page)}: read as layout {layout.name!r}"


@pytest.mark.parametrize(
    ("case", "container", "renamed"),
    [
        ("pcgamer/tundra-protocol-patch-future-2025", 'id="article-body"', 'id="story-text"'),
        ("collider/moonwake-trailer-valnet-2025", 'id="article-body" class="article-body"', 'id="story-text"'),
        ("variety/harbor-lights-sequel-larva-2025", 'class="a-content pmc-paywall"', 'class="story-text"'),
    ],
)
def test_site_page_in_an_undescribed_layout_still_gets_its_body(case: str, container: str, renamed: str) -> None:
    page = FIXTURES / f"{case}.html"
    expected = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    html = page.read_text(encoding="utf-8")
    assert container in html, f"{case}: the fixture no longer has {container}; update this test"
    article = parser_for(expected["url"])(expected["url"], html.replace(container, renamed))
    paragraphs = expected["body_text"].split("\n\n")
    assert paragraphs[0] in article.body_text, f"{case}: first paragraph lost without its container"
    assert paragraphs[-1] in article.body_text, f"{case}: last paragraph lost without its container"


def test_site_page_whose_container_holds_no_text_is_a_failure_not_a_generic_guess() -> None:
    page = FIXTURES / "pcgamer" / "tundra-protocol-patch-future-2025.html"
    url = "https://www.pcgamer.com/games/fps/tundra-protocol-winter-patch-siege-mode/"
    html = re.sub(r'(<div id="article-body"[^>]*>).*?(\n  </div>\n  <div class="van_vid_carousel")', r"\1\2",
                  page.read_text(encoding="utf-8"), flags=re.S)  # fmt: skip
    assert "Siege" not in html.split('id="article-body"')[1].split("</div>")[0], "the body was not emptied"
    with pytest.raises(ParseError) as caught:
        SITES["pcgamer"].parse(url, html)
    assert (caught.value.field, caught.value.problem) == ("body_text", "no body text")


@pytest.mark.parametrize("site", sorted(SITES))
def test_every_site_page_has_expected_output(site: str) -> None:
    pages = sorted((FIXTURES / site).glob("*.html"))
    assert pages, f"tests/fixtures/{site}/ has no pages: add at least one <case>.html with its <case>.json"
    lonely = [p.name for p in pages if not p.with_suffix(".json").exists()]
    assert not lonely, f"tests/fixtures/{site}/: write the expected JSON by hand for {lonely}"


@pytest.mark.parametrize("page", PAIRS, ids=_case_id)
def test_body_html_is_sanitised(page: Path) -> None:
    _, article = _parsed(page)
    html = article.body_html
    assert html, f"{_case_id(page)}: body_html is empty"
    for pattern, what in (
        (r"<script", "a <script> element"),
        (r"<style", "a <style> element"),
        (r"<iframe", "an <iframe>"),
        (r"<[^>]*\son[a-z]+\s*=", "an on*= event handler"),
        (r"javascript:", "a javascript: url"),
    ):
        assert not re.search(pattern, html, re.I), f"{_case_id(page)}: body_html contains {what}; fix sanitize.py"
    for anchor in re.findall(r"<a\s[^>]*>", html):
        assert 'rel="nofollow noopener"' in anchor, f"{_case_id(page)}: link without rel=nofollow noopener: {anchor}"


def test_parsers_never_import_scrapy() -> None:
    code = "import newsbot.parsers.gamespot, sys; assert not any(m.startswith('scrapy') for m in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"newsbot.parsers pulled in scrapy; parsers must stay pure:\n{result.stderr}"


@pytest.mark.parametrize(
    ("name", "field", "words"),
    [
        ("no-headline.html", "headline", "no headline"),
        ("truncated.html", "html", "page is truncated (no closing </html>)"),
        ("no-body.html", "body_text", "no body text"),
    ],
)
def test_broken_page_raises_parse_error_naming_url_and_field(name: str, field: str, words: str) -> None:
    html = (FIXTURES / "gamespot" / "broken" / name).read_text(encoding="utf-8")
    with pytest.raises(ParseError) as caught:
        SITES["gamespot"].parse(BROKEN_URL, html)
    error = caught.value
    assert (error.url, error.field) == (BROKEN_URL, field)
    assert str(error).startswith(f"{BROKEN_URL}: {words}"), str(error)


def test_parse_error_message_lists_what_was_tried() -> None:
    html = (FIXTURES / "gamespot" / "broken" / "no-headline.html").read_text(encoding="utf-8")
    with pytest.raises(ParseError, match=r"tried JSON-LD headline, h1\.news-title, .*og:title.*; add a fixture"):
        SITES["gamespot"].parse(BROKEN_URL, html)


def _hostile_pages() -> dict[str, str]:
    """Valid and broken pages built from the acceptance fixture with hostile additions."""
    page = (FIXTURES / "gamespot" / "mission-impossible-7-stunt.html").read_text(encoding="utf-8")
    first_p = '<p dir="ltr">Following'
    return {
        "deeply-nested-body": page.replace(first_p, "<div>" * 50_000 + "deep" + "</div>" * 50_000 + first_p),
        "deeply-nested-json-ld": page.replace(
            "</head>", f'<script type="application/ld+json">{"[" * 100_000}</script></head>'
        ),
        "huge-json-ld": page.replace(
            "</head>",
            '<script type="application/ld+json">{"@type": "WebPage", "x": ['
            + ",".join(['{"@type": "Thing", "name": "spam"}'] * 200_000)
            + "]}</script></head>",
        ),
        "broken-json-ld": page.replace('"@type": "NewsArticle",', '"@type": "NewsArticle",,,'),
        "invalid-characters": page.replace("Following a", "Following\x00 \udcff\x01a"),
        "empty": "",
        "not-html": "\x89PNG\r\n\x1a\n" + "\x00" * 100,
        "only-closing-tag": "</html>",
    }


HOSTILE = _hostile_pages()
EXPECTED_FAILURES = {"deeply-nested-body", "empty", "not-html", "only-closing-tag"}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_gives_article_or_parse_error(name: str) -> None:
    url = "https://www.gamespot.com/articles/hostile/1100-6400001/"
    try:
        article = SITES["gamespot"].parse(url, HOSTILE[name])
    except ParseError as error:
        failure = error
    else:
        failure = None
    if failure is not None:
        assert failure.url == url, f"{name}: ParseError must name the url"
        assert name in EXPECTED_FAILURES, f"{name}: a usable page was refused: {failure}"
        return
    assert article.headline.startswith("You Need To See"), f"{name}: parsed, but the headline is {article.headline!r}"
    assert article.body_text.endswith("delayed due to COVID-19."), f"{name}: body text lost its last paragraph"


@pytest.mark.parametrize(
    ("url", "site"),
    [
        ("https://www.gamespot.com/articles/x/1100-1/", "gamespot"),
        ("https://GameSpot.com/reviews/x/1900-2/", "gamespot"),
        ("http://uk.gamespot.com/gallery/x/2900-3/", "gamespot"),
        ("https://notgamespot.com/articles/x/1100-1/", None),
        ("https://www.gamespot.com.evil.test/articles/x/", None),
        ("not a url", None),
    ],
)
def test_parser_for_chooses_by_host(url: str, site: str | None) -> None:
    parse = parser_for(url)
    assert parse is (SITES[site].parse if site else None), f"{url} should go to {site}"
