"""Normalisation mends text no database or sanitiser would take."""

from __future__ import annotations

from conftest import make_article
from newsbot.pipelines.normalize import normalize_article

BODY = "A paragraph long enough to be an article body, written for this test of broken escapes.\n\nMore."


def test_lone_surrogates_become_replacement_characters_everywhere() -> None:
    article = make_article(
        "https://www.gamespot.com/articles/a/1100-1/",
        headline="Broken \ud800 escape",
        deck="deck \udfff",
        body_text=BODY + " \ud83d",
        body_html="<p>html \ud800</p>",
    )
    result = normalize_article(article)
    assert result.headline == "Broken \ufffd escape"
    assert result.deck == "deck \ufffd"
    assert result.body_text.endswith("More. \ufffd")
    assert result.body_html == "<p>html \ufffd</p>"
    for text in (result.headline, result.deck, result.body_text, result.body_html):
        text.encode("utf-8")  # strict: raises if a surrogate is left
