"""Tag rules of the generic parser, one hand-made page per kind of markup (tests/fixtures/tags/); the expected tags
are in expected.json, written from what the page shows a reader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsbot.parsers import generic

TAGS = Path(__file__).parent / "fixtures" / "tags"
EXPECTED = json.loads((TAGS / "expected.json").read_text(encoding="utf-8"))
PAGES = sorted(name for name in EXPECTED if not name.startswith("_"))


@pytest.mark.parametrize("name", PAGES)
def test_page_gives_the_tags_it_shows(name: str) -> None:
    expected = EXPECTED[name]
    article = generic.parse(expected["url"], (TAGS / name).read_text(encoding="utf-8"))
    assert article.tags == expected["tags"], expected["_about"]


def test_every_page_has_expected_values() -> None:
    assert {p.name for p in TAGS.glob("*.html")} == set(PAGES)
