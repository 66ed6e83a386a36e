"""Scoring methods of the public extraction benchmarks, written from their descriptions (../shared/realpages/README.md).

- body text: ScrapingHub's 4-token shingles, precision and recall averaged over pages, F1 of the two averages;
- snippets: trafilatura's substring test, counts summed over pages;
- headline: exact match after NFKC, case folding, collapsed whitespace and trimmed edge punctuation;
- authors, tags: set F1 per page with the same normalisation;
- date: the same calendar day (in UTC when both values carry an offset).

Pure functions over strings, so tests/test_real_pages_scorer.py checks them on hand-computed cases.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime

TOKEN = re.compile(r"\w+")
SHINGLE = 4


def shingles(text: str, size: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """The multiset of overlapping `size`-token shingles of `text`; a text under `size` tokens is one shingle."""
    tokens = TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    if len(tokens) < size:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def body_precision_recall(expected: str, predicted: str) -> tuple[float | None, float | None]:
    """Per-page (precision, recall) of shared shingles; None where the prediction or the expectation is empty."""
    truth, found = shingles(expected), shingles(predicted)
    shared = sum((truth & found).values())
    precision = shared / sum(found.values()) if found else None
    recall = shared / sum(truth.values()) if truth else None
    return precision, recall


def f1(precision: float, recall: float) -> float:
    """Harmonic mean of precision and recall (0 when both are 0)."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def mean(values: Iterable[float | None]) -> float | None:
    """Mean of the values that are not None; None when there are none."""
    kept = [v for v in values if v is not None]
    return sum(kept) / len(kept) if kept else None


def body_scores(pages: Sequence[tuple[float | None, float | None]]) -> tuple[float, float, float] | None:
    """(precision, recall, F1) over pages: each average over the pages where it is defined, F1 of the averages."""
    precision = mean(p for p, _ in pages)
    recall = mean(r for _, r in pages)
    if precision is None and recall is None:
        return None
    precision, recall = precision or 0.0, recall or 0.0
    return precision, recall, f1(precision, recall)


def page_body_f1(precision: float | None, recall: float | None) -> float:
    """One page's body F1, for ranking pages (an empty side scores 0)."""
    return f1(precision or 0.0, recall or 0.0)


def snippet_text(text: str) -> str:
    """Whitespace-normalised text for the substring test."""
    return " ".join((text or "").split())


def snippet_counts(text: str, with_: Sequence[str], without: Sequence[str]) -> tuple[int, int, int]:
    """(true positives, false negatives, false positives) of one page: `with_` snippets found or missed,
    `without` snippets found."""
    haystack = snippet_text(text)
    found_with = sum(1 for s in with_ if snippet_text(s) in haystack)
    found_without = sum(1 for s in without if snippet_text(s) in haystack)
    return found_with, len(with_) - found_with, found_without


def snippet_scores(counts: Iterable[tuple[int, int, int]]) -> tuple[float, float, float] | None:
    """(precision, recall, F1) of summed snippet counts."""
    tp = fn = fp = 0
    for page_tp, page_fn, page_fp in counts:
        tp, fn, fp = tp + page_tp, fn + page_fn, fp + page_fp
    if not tp + fn + fp:
        return None
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, f1(precision, recall)


def normalise(text: str | None) -> str:
    """NFKC, case-folded, whitespace collapsed, punctuation trimmed from both ends."""
    text = " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())
    start, end = 0, len(text)
    while start < end and _edge(text[start]):
        start += 1
    while end > start and _edge(text[end - 1]):
        end -= 1
    return text[start:end]


def _edge(char: str) -> bool:
    """Punctuation or white space, trimmed from the ends of a value."""
    return char.isspace() or unicodedata.category(char).startswith("P")


def headline_score(expected: str, found: str | None) -> float:
    """1.0 when the normalised headlines are equal, else 0.0."""
    return float(normalise(expected) == normalise(found))


def set_f1(expected: Iterable[str], found: Iterable[str]) -> float:
    """F1 of the normalised value sets (authors, tags); 0 when nothing matches."""
    truth = {n for v in expected if (n := normalise(v))}
    got = {n for v in found if (n := normalise(v))}
    shared = len(truth & got)
    if not shared:
        return 0.0
    return f1(shared / len(got), shared / len(truth))


def to_datetime(value: str | None) -> datetime | None:
    """A datetime from ISO 8601 text ("2024-05-16", "2024-05-16 10:00:00+02:00"); None when unreadable."""
    if not value or not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        return None


def calendar_day(value: datetime, other: datetime) -> date:
    """`value`'s day: in UTC when both values carry an offset, else as written."""
    if value.tzinfo is not None and other.tzinfo is not None:
        return value.astimezone(UTC).date()
    return value.date()


def date_score(expected: str, found: str | None) -> float:
    """1.0 when `found` falls on the expected published day, else 0.0."""
    truth, got = to_datetime(expected), to_datetime(found)
    if truth is None or got is None:
        return 0.0
    return float(calendar_day(truth, got) == calendar_day(got, truth))
