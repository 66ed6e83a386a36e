"""The real-pages benchmark's scorer on hand-computed cases (tests/benchmarks/real_pages_scoring.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "benchmarks"))

import real_pages_scoring as scoring


def test_shingles_are_overlapping_four_token_windows_counted_with_repeats():
    assert scoring.shingles("a b c d e a b c d") == {
        ("a", "b", "c", "d"): 2,
        ("b", "c", "d", "e"): 1,
        ("c", "d", "e", "a"): 1,
        ("d", "e", "a", "b"): 1,
        ("e", "a", "b", "c"): 1,
    }


def test_a_text_under_four_tokens_is_one_shingle():
    assert scoring.shingles("Hello, world!") == {("Hello", "world"): 1}
    assert scoring.shingles(" -- ") == {}


def test_body_precision_and_recall_of_one_page():
    # expected: (a b c d), (b c d e); predicted: (a b c d), (b c d x), (c d x y): one shared
    assert scoring.body_precision_recall("a b c d e", "a b c d x y") == (pytest.approx(1 / 3), 0.5)
    assert scoring.body_precision_recall("a b c d e", "") == (None, 0.0)
    assert scoring.body_precision_recall("", "a b") == (0.0, None)


def test_body_f1_is_the_harmonic_mean_of_precision_and_recall_averaged_over_pages():
    # precision over the two pages that predicted something: (1.0 + 0.5) / 2; recall over all three: 1.5 / 3
    precision, recall, f1 = scoring.body_scores([(1.0, 0.5), (None, 0.0), (0.5, 1.0)])
    assert (precision, recall) == (0.75, 0.5)
    assert f1 == pytest.approx(0.6)


def test_snippets_are_found_in_whitespace_normalised_text_case_sensitively():
    text = "Hello   world,\nthis is it"
    assert scoring.snippet_counts(text, ["hello world", "world, this"], ["is  it", "Imprint"]) == (1, 1, 1)


def test_snippet_counts_are_summed_over_pages_before_precision_and_recall():
    precision, recall, f1 = scoring.snippet_scores([(1, 1, 1), (3, 0, 0)])
    assert (precision, recall, f1) == (pytest.approx(0.8), pytest.approx(0.8), pytest.approx(0.8))


def test_headlines_match_after_nfkc_case_folding_whitespace_and_edge_punctuation():
    assert scoring.headline_score("The Title", "  \u00ab\uff34\uff48\uff45   TITLE!\u00bb ") == 1.0
    assert scoring.headline_score("The Title", "The Title: Part 2") == 0.0
    assert scoring.headline_score("Stra\u00dfe", "STRASSE") == 1.0  # case folding, not lowercasing


def test_author_and_tag_sets_score_f1_of_normalised_names():
    assert scoring.set_f1(["Jane Doe", "John Roe"], ["jane doe", "Max Mustermann", ""]) == 0.5
    assert scoring.set_f1(["Jane Doe"], []) == 0.0


def test_dates_match_on_the_utc_day_when_both_carry_an_offset():
    assert scoring.date_score("2024-05-16 23:30:00-02:00", "2024-05-17T01:30:00+00:00") == 1.0
    assert scoring.date_score("2024-05-16 23:30:00-02:00", "2024-05-16T23:30:00+00:00") == 0.0


def test_dates_match_on_the_written_day_when_one_has_no_offset():
    assert scoring.date_score("2024-05-16", "2024-05-16T23:59:00+02:00") == 1.0
    assert scoring.date_score("2024-05-16 10:00:00+02:00", "2024-05-15") == 0.0
    assert scoring.date_score("2024-05-16", None) == 0.0
