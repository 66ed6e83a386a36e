"""The published date's rules (newsbot/parsers/dates.py and datelines.py) on hand-made pages of each kind of markup
they cover (tests/fixtures/dates/): the day and offset expected for each are in expected.json, written by hand from
the page (one file, not a JSON per page: these pages are not whole-article fixtures)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsbot.parsers import datelines, dates, generic

FOLDER = Path(__file__).parent / "fixtures" / "dates"
PAGES = sorted(FOLDER.glob("*.html"))
EXPECTED = json.loads((FOLDER / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_published_date_of_each_kind_of_page(page: Path) -> None:
    expected = EXPECTED[page.name]
    found = dates.published_at(generic.read_page(expected["url"], page.read_text(encoding="utf-8")))
    # The offset counts, not only the instant: it decides the day the article is filed under.
    assert found is not None, expected["why"]
    assert found.isoformat() == expected["published_at"], expected["why"]


def test_there_is_a_fixture_for_every_kind() -> None:
    assert len(PAGES) >= 5
    assert sorted(EXPECTED) == [p.name for p in PAGES]


@pytest.mark.parametrize(
    ("url", "country"),
    [
        ("https://www.beispiel.de/a", "DE"),
        ("https://news.example.co.uk/a", "GB"),
        ("https://diario.example.com.ar/a", "AR"),
        ("https://example.com/a", None),
        ("https://example.tv/a", None),
        ("https://example.co/a", None),
        ("http://127.0.0.1/a", None),
    ],
)
def test_site_country_reads_country_code_domains_only(url: str, country: str | None) -> None:
    assert dates.site_country(url) == country


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("19. Februar 2020", "2020-02-19"),
        ("Erstellt am: 19/02/2020", "2020-02-19"),
        ("By Jane Roe - Feb 19, 2020", "2020-02-19"),
        ("viernes, 6 de mayo de 2022", "2022-05-06"),
        ("6 maggio 2022, 10:15", "2022-05-06"),
        ("19 lutego 2020", "2020-02-19"),
        ("19 февраля 2020", "2020-02-19"),
        ("2020年2月19日", "2020-02-19"),
        ("Ausgabe Mai 2024", None),  # a month names no day
        ("Kommentare", None),
    ],
)
def test_a_dateline_names_its_day_in_many_languages(text: str, day: str | None) -> None:
    found = datelines.read_dateline(text)
    assert (found.isoformat() if found else None) == day
