"""Extraction accuracy of the generic parser against plain trafilatura, and of the site parsers, on every fixture.

    .venv/bin/python tests/benchmarks/extraction_accuracy.py

Every ``tests/fixtures/<folder>/<case>.html`` with its hand-written ``<case>.json`` is read by the generic parser,
by ``trafilatura.bare_extraction`` with its metadata (the baseline, measured in the same run) and, where one claims
the url, by the site parser. Columns, averaged over pages:

- body F1: bag-of-words token F1 of the body text against the expected ``body_text``;
- headline: exact match (whitespace collapsed);
- authors F1: F1 of the author name sets (lowercased; two empty sets score 1);
- date: the published day as the page states it (trafilatura gives only a day, so days are compared).

Exit status 1 when the generic parser does not beat trafilatura on every column, or a site parser scores below 1
on its own fixtures.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import trafilatura

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from newsbot.parsers import ParseError, generic, parser_for  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
TOKEN = re.compile(r"\w+")
COLUMNS = ("body F1", "headline", "authors F1", "date")


@dataclass(frozen=True)
class Extracted:
    """What one extractor found on one page, in comparable form."""

    body: str
    headline: str
    authors: list[str]
    day: date | None


def f1(expected: Counter, found: Counter) -> float:
    """F1 of two bags of items; two empty bags agree completely."""
    if not expected and not found:
        return 1.0
    common = sum((expected & found).values())
    if not common:
        return 0.0
    precision, recall = common / sum(found.values()), common / sum(expected.values())
    return 2 * precision * recall / (precision + recall)


def scores(expected: dict, got: Extracted | None) -> tuple[float, ...]:
    """The four column scores of one page (all 0 when the extractor gave nothing)."""
    if got is None:
        return (0.0, 0.0, 0.0, 0.0)
    tokens = Counter(TOKEN.findall(expected["body_text"].lower()))
    body = f1(tokens, Counter(TOKEN.findall(got.body.lower())))
    headline = float(" ".join(got.headline.split()) == expected["headline"])
    names = Counter({a["name"].lower() for a in expected["authors"]})
    authors = f1(names, Counter({a.lower() for a in got.authors}))
    day = datetime.fromisoformat(expected["published_at"]).date() if expected["published_at"] else None
    return (body, headline, authors, float(day == got.day))


def with_parser(parse: Callable[[str, str], object]) -> Callable[[str, str], Extracted | None]:
    """Adapt a newsbot parser (Article or ParseError) to the comparison."""

    def extract(url: str, html: str) -> Extracted | None:
        try:
            article = parse(url, html)
        except ParseError:
            return None
        day = article.published_at.date() if article.published_at else None
        return Extracted(article.body_text, article.headline, [a.name for a in article.authors], day)

    return extract


def with_trafilatura(url: str, html: str) -> Extracted | None:
    """Plain trafilatura: bare_extraction with its metadata; authors come as "A; B"."""
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    if doc is None:
        return None
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
    day = date.fromisoformat(doc.date[:10]) if doc.date else None
    return Extracted(doc.text or "", doc.title or "", authors, day)


def pages() -> list[tuple[Path, dict]]:
    """Every fixture page that has an expected JSON, with it."""
    found = sorted(p for p in FIXTURES.glob("*/*.html") if p.with_suffix(".json").exists())
    return [(p, json.loads(p.with_suffix(".json").read_text(encoding="utf-8"))) for p in found]


def average(rows: list[tuple[float, ...]]) -> tuple[float, ...]:
    return tuple(sum(col) / len(rows) for col in zip(*rows, strict=True)) if rows else (0.0,) * len(COLUMNS)


def main() -> int:
    corpus = pages()
    results: dict[str, list[tuple[float, ...]]] = {"generic parser": [], "trafilatura": [], "site parsers": []}
    for page, expected in corpus:
        html, url = page.read_text(encoding="utf-8"), expected["url"]
        results["generic parser"].append(scores(expected, with_parser(generic.parse)(url, html)))
        results["trafilatura"].append(scores(expected, with_trafilatura(url, html)))
        if site_parse := parser_for(url):
            results["site parsers"].append(scores(expected, with_parser(site_parse)(url, html)))
    folders = sorted({p.parent.name for p, _ in corpus})
    print(
        f"{len(corpus)} fixture pages ({', '.join(folders)}); site parsers on their own {len(results['site parsers'])}"
    )
    print(f"{'extractor':<16}{'pages':>6}" + "".join(f"{c:>12}" for c in COLUMNS))
    means = {name: average(rows) for name, rows in results.items()}
    for name, rows in results.items():
        print(f"{name:<16}{len(rows):>6}" + "".join(f"{v:>12.3f}" for v in means[name]))
    beaten = [c for c, g, t in zip(COLUMNS, means["generic parser"], means["trafilatura"], strict=True) if g <= t]
    imperfect = [c for c, v in zip(COLUMNS, means["site parsers"], strict=True) if v < 1.0]
    if beaten:
        print(f"generic parser does not beat trafilatura on: {', '.join(beaten)}")
    if imperfect:
        print(f"site parsers below 1.0 on their own fixtures: {', '.join(imperfect)}")
    return 1 if beaten or imperfect else 0


if __name__ == "__main__":
    raise SystemExit(main())
