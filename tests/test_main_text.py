"""The generic body rules on hand-made pages, one page per kind of markup: the text each page's article holds must be
in Article.body_text, and its chrome must not. The pages sit in tests/fixtures/body/pages/, a folder of their own:
they expect body text only, not every field as the fixture pages of test_parsers do.

Expected values live in each page's JSON, written by hand from the page.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsbot.parsers import generic

PAGES = sorted((Path(__file__).parent / "fixtures" / "body" / "pages").glob("*.html"))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_body_keeps_the_article_text_and_drops_the_chrome(page: Path) -> None:
    expected = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    # A page's text as its caller decoded it: by default as the UTF-8 it is saved in.
    html = page.read_bytes().decode(expected.get("decode_as", "utf-8"))
    body = generic.parse(expected["url"], html).body_text
    missing = [text for text in expected["contains"] if text not in body]
    kept = [text for text in expected["excludes"] if text in body]
    assert not missing, f"{page.stem}: article text missing from the body: {missing}\nbody: {body!r}"
    assert not kept, f"{page.stem}: chrome kept in the body: {kept}\nbody: {body!r}"
