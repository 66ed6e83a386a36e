"""Parse throughput: the GameSpot parser vs ``trafilatura.extract`` vs bare ``lxml.html`` parsing, same pages.

Run: ``python tests/benchmarks/parse_throughput.py [--rounds N]``. Prints pages/s for each and the ratios on two
corpora: the sample site's stored pages (full site chrome, ~70 KB each, shaped like real GameSpot pages: the
target, at least 5x trafilatura, is judged here) and the test fixtures (article markup only, 2-16 KB: shown so
the effect of page weight is visible).
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


def gamespot_parse(url: str, html: str) -> object:
    try:
        return gamespot.parse(url, html)
    except ParseError:
        return None


def pages_per_second(func: Callable[[str, str], object], pages: list[tuple[str, str]], rounds: int) -> float:
    """Best of ``rounds`` passes over the pages, in pages per second."""
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for url, html in pages:
            func(url, html)
        best = min(best, time.perf_counter() - started)
    return len(pages) / best


def compare(title: str, pages: list[tuple[str, str]], rounds: int) -> float:
    """Print the rates on ``pages``; return gamespot.parse's ratio to trafilatura."""
    contenders = {
        "lxml.html (parse only)": lambda url, html: lxml.html.fromstring(html),
        "trafilatura.extract": lambda url, html: trafilatura.extract(html, url=url),
        "newsbot gamespot.parse": gamespot_parse,
    }
    rates = {name: pages_per_second(func, pages, rounds) for name, func in contenders.items()}
    size = sum(len(html) for _, html in pages) / len(pages) / 1024
    print(f"{title}: {len(pages)} pages, {size:.0f} KB average, best of {rounds} rounds")
    for name, rate in rates.items():
        print(f"  {name:<26} {rate:8.1f} pages/s")
    ours, traf, bare = rates["newsbot gamespot.parse"], rates["trafilatura.extract"], rates["lxml.html (parse only)"]
    print(f"  gamespot.parse / trafilatura.extract = {ours / traf:.2f}x")
    print(f"  gamespot.parse / bare lxml parse     = {ours / bare:.2f}x")
    return ours / traf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="passes over each corpus; the best one counts")
    args = parser.parse_args()
    site = compare("sample site pages (full chrome)", corpus(), args.rounds)
    compare("fixture pages (article markup only)", fixtures(), args.rounds)
    verdict = "PASS" if site >= 5 else "FAIL"
    print(f"target: gamespot.parse >= 5x trafilatura on full pages: {site:.2f}x {verdict}")


if __name__ == "__main__":
    main()
