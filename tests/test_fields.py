"""Headline and byline rules of the generic parser, one hand-made page per kind of markup (tests/fixtures/fields/).

Each page models a kind of markup seen across many CMSs (a logo h1, a <title> written for search, a kicker glued
into the h1, a JSON-LD headline cut short, hAtom, the publisher named as author, labels and dates around a byline);
its expected headline and authors are in expected.json, written from what the page shows a reader.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsbot.parsers import generic

FIELDS = Path(__file__).parent / "fixtures" / "fields"
EXPECTED = json.loads((FIELDS / "expected.json").read_text(encoding="utf-8"))
PAGES = sorted(name for name in EXPECTED if not name.startswith("_"))


@pytest.mark.parametrize("name", PAGES)
def test_page_gives_the_headline_a_reader_sees(name: str) -> None:
    expected = EXPECTED[name]
    article = generic.parse(expected["url"], (FIELDS / name).read_text(encoding="utf-8"))
    assert article.headline == expected["headline"], expected["_about"]


@pytest.mark.parametrize("name", PAGES)
def test_page_gives_the_people_its_byline_names(name: str) -> None:
    expected = EXPECTED[name]
    article = generic.parse(expected["url"], (FIELDS / name).read_text(encoding="utf-8"))
    assert [a.name for a in article.authors] == expected["authors"], expected["_about"]


def test_every_page_has_expected_values() -> None:
    pages = {p.name for p in FIELDS.glob("*.html")}
    assert pages == set(PAGES), f"pages without expected values, or values without a page: {pages ^ set(PAGES)}"
    assert len(PAGES) >= 8
