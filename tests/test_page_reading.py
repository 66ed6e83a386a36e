"""How the generic parser reads one page: selectors answered from the page's attribute values match what cssselect
matches (expected ids in tests/fixtures/select/tokens.selectors.json, written by hand), and trafilatura, handed the
page's own tree, leaves that tree as it found it (the fields read after the body need it whole)."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
import pytest

from newsbot.parsers import generic, main_text, selectors

FIXTURES = Path(__file__).parent / "fixtures"
EXPECTED = json.loads((FIXTURES / "select" / "tokens.selectors.json").read_text(encoding="utf-8"))
TOKENS, GROUPS = EXPECTED["selectors"], EXPECTED["groups"]


@pytest.fixture(scope="module")
def page() -> generic.Page:
    html = (FIXTURES / "select" / "tokens.html").read_text(encoding="utf-8")
    return generic.read_page("https://news.example.test/selectors", html)


@pytest.mark.parametrize("css", sorted(TOKENS))
def test_an_indexed_selector_finds_the_elements_cssselect_finds(page: generic.Page, css: str) -> None:
    assert selectors.INDEXED_SELECTOR.fullmatch(css), f"{css} is not answered from the index"
    found = [el.get("id") for el in page.select(css)]
    assert found == TOKENS[css]
    assert found == [el.get("id") for el in selectors.select(css)(page.doc)]


def test_other_selectors_are_answered_by_cssselect(page: generic.Page) -> None:
    assert selectors.INDEXED_SELECTOR.fullmatch("body > .strapline") is None
    assert [el.get("id") for el in page.select("body > .strapline")] == ["p2", "s1"]


@pytest.mark.parametrize("name", ["eurogamer-reedpop-2024", "yoast-wordpress-blog-2025"])
def test_trafilatura_leaves_the_pages_tree_unchanged(name: str) -> None:
    expected = json.loads((FIXTURES / "generic" / f"{name}.json").read_text(encoding="utf-8"))
    page = generic.read_page(expected["url"], (FIXTURES / "generic" / f"{name}.html").read_text(encoding="utf-8"))
    before = lxml.html.tostring(page.doc)
    assert main_text.body_of(page) is not None
    assert lxml.html.tostring(page.doc) == before


@pytest.mark.parametrize("css", sorted(GROUPS))
def test_a_selector_group_finds_each_element_cssselect_finds_once(page: generic.Page, css: str) -> None:
    found = [el.get("id") for el in selectors.select_any(page.doc, css)]
    assert sorted(found) == sorted(GROUPS[css])
    assert sorted(found) == sorted(el.get("id") for el in selectors.select(css)(page.doc))
