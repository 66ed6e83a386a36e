"""Parse throughput: the GameSpot parser vs ``trafilatura.extract`` vs bare ``lxml.html`` parsing, same pages.

Run: ``python tests/benchmarks/parse_throughput.py [--rounds N]``. Prints pages/s for each and the ratios on two
corpora: the sample site's stored pages (full site chrome, ~70 KB each, shaped like real GameSpot pages: the
target, at least 5x trafilatura, is judged here) and the test fixtures (article markup only, 2-16 KB: shown so
the effect of page weight is visible).

pages/s counts only pages parsed: a ``ParseError`` from the GameSpot parser, or nothing extracted by trafilatura,
is a failure, counted and reported (with its reason) but never as work done, so a regression that fails fast
cannot look faster. Any failure of the GameSpot parser fails the target.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path

import lxml.html
import trafilatura

from newsbot.parsers import ParseError, gamespot

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "newsbot" / "samplesite" / "site"
BASE = "https://www.gamespot.com"


def fixtures() -> list[tuple[str, str]]:
    """(url, html) of every GameSpot fixture page with an expected-output JSON."""
    folder = ROOT / "tests" / "fixtures" / "gamespot"
    return [
        (json.loads(j.read_text())["url"], j.with_suffix(".html").read_text()) for j in sorted(folder.glob("*.json"))
    ]


def corpus() -> list[tuple[str, str]]:
    """(url, html) of every page the sample site's manifest says is stored."""
    manifest = json.loads((SITE / "manifest.json").read_text())
    pages = []
    for entry in manifest["pages"]:
        if entry["outcome"] != "stored":
            continue
        path = entry["path"]
        html = (SITE / path.lstrip("/") / "index.html").read_text()
        pages.append((BASE + path, html.replace("{{BASE}}", BASE).replace("{{OFFSITE}}", "http://offsite.test")))
    return pages


def one_pass(func: Callable[[str, str], object], pages: list[tuple[str, str]]) -> tuple[float, list[str]]:
    """Seconds for one pass over the pages, and a ``url: reason`` line per page that failed (``ParseError`` raised,
    or None returned)."""
    failures = []
    started = time.perf_counter()
    for url, html in pages:
        try:
            if func(url, html) is None:
                failures.append(f"{url}: nothing extracted")
        except ParseError as exc:
            failures.append(str(exc))  # names the url
    return time.perf_counter() - started, failures


def pages_per_second(
    func: Callable[[str, str], object], pages: list[tuple[str, str]], rounds: int
) -> tuple[float, list[str]]:
    """Pages parsed per second in the best of ``rounds`` passes (failures count as time, never as pages), and the
    failures of that pass."""
    seconds, failures = min((one_pass(func, pages) for _ in range(rounds)), key=lambda result: result[0])
    return (len(pages) - len(failures)) / seconds, failures


def compare(title: str, pages: list[tuple[str, str]], rounds: int) -> tuple[float, int]:
    """Print the rates on ``pages``; return gamespot.parse's ratio to trafilatura and its failure count."""
    contenders = {
        "lxml.html (parse only)": lambda url, html: lxml.html.fromstring(html),
        "trafilatura.extract": lambda url, html: trafilatura.extract(html, url=url),
        "newsbot gamespot.parse": gamespot.parse,
    }
    results = {name: pages_per_second(func, pages, rounds) for name, func in contenders.items()}
    size = sum(len(html) for _, html in pages) / len(pages) / 1024
    print(f"{title}: {len(pages)} pages, {size:.0f} KB average, best of {rounds} rounds")
    for name, (rate, failures) in results.items():
        print(f"  {name:<26} {rate:8.1f} pages/s  ({len(pages) - len(failures)} parsed, {len(failures)} failed)")
        for failure in failures:
            print(f"    failed: {failure}")
    ours, traf, bare = (
        results["newsbot gamespot.parse"][0],
        results["trafilatura.extract"][0],
        results["lxml.html (parse only)"][0],
    )
    print(f"  gamespot.parse / trafilatura.extract = {ours / traf:.2f}x")
    print(f"  gamespot.parse / bare lxml parse     = {ours / bare:.2f}x")
    return ours / traf, len(results["newsbot gamespot.parse"][1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="passes over each corpus; the best one counts")
    args = parser.parse_args()
    site, site_failures = compare("sample site pages (full chrome)", corpus(), args.rounds)
    _, fixture_failures = compare("fixture pages (article markup only)", fixtures(), args.rounds)
    failures = site_failures + fixture_failures
    verdict = "PASS" if site >= 5 and not failures else "FAIL"
    print(
        f"target: gamespot.parse >= 5x trafilatura on full pages, every page parsed: {site:.2f}x,"
        f" {failures} failed: {verdict}"
    )


if __name__ == "__main__":
    main()
