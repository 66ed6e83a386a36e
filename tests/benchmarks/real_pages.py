"""newsbot against trafilatura on real pages annotated by others: three public evaluation sets, one run.

    .venv/bin/python tests/benchmarks/real_pages.py
    .venv/bin/python tests/benchmarks/real_pages.py --show-worst 10 date --json /tmp/pages.json
    .venv/bin/python tests/benchmarks/real_pages.py --fundus ~/src/fundus --trafilatura ~/src/trafilatura ...

The sets are read in their repositories' own layout (defaults: ``../shared/realpages/<name>`` beside the checkout;
a fresh ``git clone`` of each works the same through the flags):

- ScrapingHub's article-extraction-benchmark: ``ground-truth.json`` + ``html/<id>.html.gz`` (body text);
- Fundus: ``tests/resources/parser/test_data/<cc>/<Publisher>.json`` + ``<Publisher>_<date>.html.gz`` + ``meta.info``
  (headline, authors, published date, topics, body);
- trafilatura: ``tests/evaldata.json`` + ``tests/cache|eval/<file>`` (snippets; title, author, date, tags).

Each page is decoded once, then ``newsbot.parse`` and ``trafilatura.extract(output_format="json",
with_metadata=True)`` (and newspaper4k, readability-lxml when installed) run on it one after the other, their order
alternating page by page, each timed alone. Scores follow real_pages_scoring.py. The targets of issue 14 are printed
as PASS/FAIL at the end; exit status 1 when any fails.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import real_pages_scoring as scoring  # noqa: E402
from w3lib.encoding import html_to_unicode  # noqa: E402

REALPAGES = ROOT.parent / "shared" / "realpages"
FIELDS = ("body", "snippet", "headline", "authors", "date", "tags")
# Issue 14's pooled targets for newsbot.
POOLED_TARGETS = {"body": 0.965, "snippet": 0.945, "headline": 0.85, "authors": 0.75, "date": 0.93, "tags": 0.60}
SPEED_TARGET = 1.0
BASELINE = "trafilatura"


@dataclass
class Page:
    """One annotated page: where it comes from, its html, and what its set annotates (None = not annotated)."""

    set: str
    name: str
    url: str
    raw: bytes
    body: str | None = None
    with_: list[str] | None = None
    without: list[str] | None = None
    headline: str | None = None
    authors: list[str] | None = None
    date: str | None = None
    tags: list[str] | None = None
    charset: str | None = None  # how the set stored the bytes, when it says (else the page's own declaration)


@dataclass
class Extracted:
    """What one extractor found on one page, in comparable form."""

    body: str = ""
    headline: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    tags: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class Result:
    """One extractor on one page: what it found, its time, and its field scores (None = not scored)."""

    extracted: Extracted
    seconds: float
    body: tuple[float | None, float | None] | None = None
    snippet: tuple[int, int, int] | None = None
    headline: float | None = None
    authors: float | None = None
    date: float | None = None
    tags: float | None = None


# ------------------------------------------------------------------------------------------------ the three sets


def scrapinghub(folder: Path) -> Iterator[Page]:
    """ScrapingHub's pages: ground-truth.json maps each page id to its url and full articleBody."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    for page_id, entry in sorted(truth.items()):
        raw = gzip.decompress((folder / "html" / f"{page_id}.html.gz").read_bytes())
        yield Page("scrapinghub", page_id, entry["url"], raw, body=entry["articleBody"])


def _version_key(version: str) -> tuple[int, ...]:
    """V1 < V1_1 < V1_2 < V2."""
    return tuple(int(n) for n in re.findall(r"\d+", version))


def fundus(folder: Path) -> Iterator[Page]:
    """Fundus' pages: per publisher, the n-th parser version's expected output belongs to its n-th file by date."""
    data = folder / "tests" / "resources" / "parser" / "test_data"
    for country in sorted(p for p in data.iterdir() if p.is_dir() and not p.name.startswith("_")):
        meta = json.loads((country / "meta.info").read_text(encoding="utf-8"))
        for expected_file in sorted(country.glob("*.json")):
            publisher = expected_file.stem
            pattern = re.compile(rf"{re.escape(publisher)}_\d{{4}}_\d{{2}}_\d{{2}}\.html\.gz")
            files = sorted(p for p in country.iterdir() if pattern.fullmatch(p.name))
            versions = json.loads(expected_file.read_text(encoding="utf-8"))
            for version, html_file in zip(sorted(versions, key=_version_key), files, strict=False):
                expected = versions[version]
                body = expected.get("body") or {}
                texts = [*body.get("summary", [])]
                for section in body.get("sections", []):
                    texts += [*section.get("headline", []), *section.get("paragraphs", [])]
                yield Page(
                    "fundus",
                    f"{country.name}/{html_file.name}",
                    meta[html_file.name]["url"],
                    gzip.decompress(html_file.read_bytes()),
                    body="\n".join(texts),
                    headline=expected.get("title") or None,
                    authors=expected.get("authors") or None,
                    date=expected.get("publishing_date") or None,
                    tags=expected.get("topics") or None,
                    # Fundus writes the text it decoded as UTF-8 and keeps the page's own charset meta, which may
                    # name another (a GB2312 page would be read as mojibake by both extractors).
                    charset="utf-8",
                )


def trafilatura_set(folder: Path) -> Iterator[Page]:
    """trafilatura's pages with a real url: snippets to find and to avoid, and most of the metadata."""
    tests = folder / "tests"
    entries = json.loads((tests / "evaldata.json").read_text(encoding="utf-8"))
    for url, entry in entries.items():
        if not url.startswith(("http://", "https://")):
            continue
        path = next(p for d in ("cache", "eval") if (p := tests / d / entry["file"]).exists())
        author = entry.get("author")
        authors = [a for a in author.split(";") if a.strip()] if isinstance(author, str) else author
        yield Page(
            "trafilatura",
            entry["file"],
            url,
            path.read_bytes(),
            with_=entry.get("with") or [],
            without=entry.get("without") or [],
            headline=entry.get("title") or None,
            authors=authors or None,
            date=entry.get("date") or None,
            tags=entry.get("tags") or None,
        )


# ------------------------------------------------------------------------------------------------ extractors


def run_newsbot() -> Callable[[str, str], Extracted]:
    """newsbot.parse: the site parser for its site, else the generic one."""
    import newsbot
    from newsbot.parsers import ParseError

    def extract(url: str, html: str) -> Extracted:
        try:
            article = newsbot.parse(url, html)
        except ParseError as exc:
            return Extracted(error=str(exc))
        return Extracted(
            body=article.body_text,
            headline=article.headline,
            authors=[a.name for a in article.authors],
            date=article.published_at.isoformat() if article.published_at else None,
            tags=list(article.tags),
        )

    return extract


def run_trafilatura() -> Callable[[str, str], Extracted]:
    """trafilatura.extract with its metadata, as JSON: what a user of trafilatura runs."""
    import trafilatura

    def extract(url: str, html: str) -> Extracted:
        try:
            output = trafilatura.extract(html, url=url, output_format="json", with_metadata=True)
        except Exception as exc:  # a crash of the baseline is its failure, not the benchmark's
            return Extracted(error=f"{type(exc).__name__}: {exc}")
        if not output:
            return Extracted(error="no output")
        data = json.loads(output)
        return Extracted(
            body=data.get("text") or "",
            headline=data.get("title"),
            authors=[a for a in (data.get("author") or "").split(";") if a.strip()],
            date=data.get("date"),
            tags=_split_tags(data.get("categories"), data.get("tags")),
        )

    return extract


def _split_tags(*values: str | None) -> list[str]:
    """trafilatura's categories and tags: its JSON joins each list with ";", and a tag may still be a page's
    comma-separated keywords; both are counted as tags, the most generous reading of its output."""
    return [t for v in values for joined in (v or "").split(";") for t in joined.split(",") if t.strip()]


def run_newspaper() -> Callable[[str, str], Extracted]:
    """newspaper4k's Article on the given html (no download)."""
    import newspaper

    def extract(url: str, html: str) -> Extracted:
        try:
            article = newspaper.Article(url)
            article.download(input_html=html)
            article.parse()
        except Exception as exc:
            return Extracted(error=f"{type(exc).__name__}: {exc}")
        published = article.publish_date
        return Extracted(
            body=article.text or "",
            headline=article.title,
            authors=list(article.authors),
            date=published.isoformat() if published else None,
            tags=sorted(article.tags),
        )

    return extract


def run_readability() -> Callable[[str, str], Extracted]:
    """readability-lxml's summary as text, and its title."""
    import lxml.html
    from readability import Document

    def extract(url: str, html: str) -> Extracted:
        try:
            document = Document(html, url=url)
            summary = lxml.html.fromstring(document.summary(html_partial=True))
            blocks = [" ".join(el.text_content().split()) for el in summary.iter("p", "h2", "h3", "h4", "li", "pre")]
            return Extracted(body="\n".join(b for b in blocks if b), headline=document.short_title())
        except Exception as exc:
            return Extracted(error=f"{type(exc).__name__}: {exc}")

    return extract


def extractors() -> dict[str, Callable[[str, str], Extracted]]:
    """newsbot and trafilatura always; newspaper4k and readability-lxml when installed."""
    found = {"newsbot": run_newsbot(), "trafilatura": run_trafilatura()}
    for name, make in (("newspaper4k", run_newspaper), ("readability", run_readability)):
        try:
            found[name] = make()
        except ImportError:
            continue
    return found


# ------------------------------------------------------------------------------------------------ scoring


def score(page: Page, got: Extracted, seconds: float) -> Result:
    """Score one extraction on the fields `page` annotates; a failed extraction scores as empty."""
    result = Result(got, seconds)
    if page.body is not None:
        result.body = scoring.body_precision_recall(page.body, got.body)
    if page.with_ is not None:
        result.snippet = scoring.snippet_counts(got.body, page.with_, page.without or [])
    if page.headline:
        result.headline = scoring.headline_score(page.headline, got.headline)
    if page.authors:
        result.authors = scoring.set_f1(page.authors, got.authors)
    if page.date:
        result.date = scoring.date_score(page.date, got.date)
    if page.tags:
        result.tags = scoring.set_f1(page.tags, got.tags)
    return result


def page_score(result: Result, name: str) -> float | None:
    """One page's score on field `name` as a single number (None = not scored)."""
    value = getattr(result, name)
    if value is None:
        return None
    if name == "body":
        return scoring.page_body_f1(*value)
    if name == "snippet":
        return (scoring.snippet_scores([value]) or (1.0, 1.0, 1.0))[2]
    return value


def summary(results: list[Result]) -> dict[str, Any]:
    """The columns of one extractor over `results`."""
    body = scoring.body_scores([r.body for r in results if r.body is not None])
    snippet = scoring.snippet_scores(r.snippet for r in results if r.snippet is not None)
    seconds = sum(r.seconds for r in results)
    columns: dict[str, Any] = {"body": body, "snippet": snippet}
    for name in ("headline", "authors", "date", "tags"):
        columns[name] = scoring.mean(getattr(r, name) for r in results)
    columns["failures"] = sum(1 for r in results if r.extracted.error)
    columns["pages"] = len(results)
    columns["pages/s"] = len(results) / seconds if seconds else 0.0
    return columns


def _fmt(value: Any) -> str:
    """A score as .123, a triple as P/R/F1, a missing score as -."""
    if value is None:
        return "-"
    if isinstance(value, tuple):
        return "/".join(f"{v:.3f}".lstrip("0") for v in value)
    return f"{value:.3f}".lstrip("0") if isinstance(value, float) else str(value)


def table(title: str, columns: dict[str, dict[str, Any]]) -> list[str]:
    """A markdown table: one row per extractor."""
    speed = columns[BASELINE]["pages/s"]
    header = "| extractor | body P/R/F1 | snippet P/R/F1 | headline | authors | date | tags | failures | pages/s |"
    lines = [f"{title} ({columns[BASELINE]['pages']} pages)", "", header, "|---" * 9 + "|"]
    for name, c in columns.items():
        ratio = f" ({c['pages/s'] / speed:.2f}x)" if speed else ""
        cells = [_fmt(c[f]) for f in FIELDS] + [str(c["failures"]), f"{c['pages/s']:.1f}{ratio}"]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def headline_value(c: dict[str, Any], name: str) -> float | None:
    """The one number a field is judged by: F1 for body and snippets, the score otherwise."""
    value = c[name]
    return value[2] if isinstance(value, tuple) else value


def targets(per_set: dict[str, dict[str, dict[str, Any]]], pooled: dict[str, dict[str, Any]]) -> list[tuple[str, bool]]:
    """Issue 14's targets, each with whether it is met."""
    checks = []
    for set_name, columns in per_set.items():
        lost = []
        for name in FIELDS:
            ours, theirs = headline_value(columns["newsbot"], name), headline_value(columns[BASELINE], name)
            if theirs is not None and (ours or 0.0) < theirs:
                lost.append(f"{name} {_fmt(ours)} < {_fmt(theirs)}")
        detail = f" ({'; '.join(lost)})" if lost else ""
        checks.append((f"{set_name}: newsbot >= trafilatura on every field{detail}", not lost))
    ours = pooled["newsbot"]
    for name, target in POOLED_TARGETS.items():
        value = headline_value(ours, name)
        checks.append((f"pooled {name} {_fmt(value)} >= {target:.3f}".replace("0.", "."), (value or 0.0) >= target))
    ratio = ours["pages/s"] / pooled[BASELINE]["pages/s"]
    checks.append((f"pages/s {ratio:.2f}x trafilatura >= {SPEED_TARGET:.1f}x", ratio >= SPEED_TARGET))
    checks.append((f"newsbot failures {ours['failures']} == 0", ours["failures"] == 0))
    return checks


def show_worst(pages: list[Page], results: list[dict[str, Result]], count: int, name: str) -> list[str]:
    """The `count` pages where newsbot loses most to trafilatura on field `name`, values side by side."""
    rows = []
    for page, by_extractor in zip(pages, results, strict=True):
        ours = page_score(by_extractor["newsbot"], name)
        if ours is None:
            continue
        theirs = page_score(by_extractor[BASELINE], name) or 0.0
        rows.append((ours - theirs, ours, page, by_extractor))
    rows.sort(key=lambda row: (row[0], row[1]))
    lines = [f"Worst {count} pages on {name} (newsbot minus trafilatura):"]
    for loss, ours, page, by_extractor in rows[:count]:
        lines.append(f"\n{page.set}/{page.name}  {page.url}\n  newsbot {ours:.3f} ({loss:+.3f} vs trafilatura)")
        lines.append(f"  expected:    {_expected(page, name)}")
        for extractor in ("newsbot", BASELINE):
            lines.append(f"  {extractor + ':':<12} {_value(by_extractor[extractor].extracted, name)}")
    return lines


def _expected(page: Page, name: str) -> str:
    if name == "snippet":
        return f"with {page.with_!r} without {page.without!r}"
    value = page.body if name == "body" else getattr(page, name)
    return _short(value)


def _value(got: Extracted, name: str) -> str:
    if got.error:
        return f"ERROR {got.error}"
    return _short(got.body if name in ("body", "snippet") else getattr(got, name))


def _short(value: Any, limit: int = 400) -> str:
    text = repr(value) if not isinstance(value, str) else " ".join(value.split())
    return text if len(text) <= limit else text[:limit] + "..."


# ------------------------------------------------------------------------------------------------ main


def main() -> int:
    """Run every extractor on every page, print the tables and the targets; 1 when a target fails."""
    args = arguments()
    sources = {
        "scrapinghub": (scrapinghub, args.scrapinghub),
        "fundus": (fundus, args.fundus),
        "trafilatura": (trafilatura_set, args.trafilatura),
    }
    run = extractors()
    pages: list[Page] = []
    results: list[dict[str, Result]] = []
    for set_name, (read, folder) in sources.items():
        if set_name not in args.sets:
            continue
        if not folder.is_dir():
            sys.exit(f"{folder}: no such folder; clone the {set_name} set there or pass --{set_name} PATH")
        for n, page in enumerate(read(folder)):
            if args.limit and n >= args.limit:
                break
            _, html = html_to_unicode(page.charset and f"text/html; charset={page.charset}", page.raw)
            order = list(run.items()) if len(pages) % 2 == 0 else list(reversed(run.items()))
            by_extractor = {}
            for name, extract in order:
                start = time.perf_counter()
                got = extract(page.url, html)
                by_extractor[name] = score(page, got, time.perf_counter() - start)
            pages.append(page)
            results.append({name: by_extractor[name] for name in run})
    per_set = {
        s: {name: summary([r[name] for p, r in zip(pages, results, strict=True) if p.set == s]) for name in run}
        for s in args.sets
        if any(p.set == s for p in pages)
    }
    pooled = {name: summary([r[name] for r in results]) for name in run}
    out = []
    for set_name, columns in per_set.items():
        out += table(set_name, columns)
    out += table("pooled", pooled)
    checks = targets(per_set, pooled)
    out += ["Targets (issue 14):", *(f"  {'PASS' if ok else 'FAIL'}  {text}" for text, ok in checks)]
    if args.show_worst:
        out += ["", *show_worst(pages, results, int(args.show_worst[0]), args.show_worst[1])]
    print("\n".join(out))
    if args.json:
        records = [
            {"set": p.set, "page": p.name, "url": p.url, **{n: _record(r[n]) for n in run}}
            for p, r in zip(pages, results, strict=True)
        ]
        Path(args.json).write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if all(ok for _, ok in checks) else 1


def _record(result: Result) -> dict[str, Any]:
    """One extractor's page scores and findings for --json."""
    record = asdict(result)
    record["scores"] = {f: page_score(result, f) for f in FIELDS}
    return record


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scrapinghub", type=Path, default=REALPAGES / "article-extraction-benchmark",
                        help="a checkout of scrapinghub/article-extraction-benchmark")  # fmt: skip
    parser.add_argument("--fundus", type=Path, default=REALPAGES / "fundus", help="a checkout of flairNLP/fundus")
    parser.add_argument("--trafilatura", type=Path, default=REALPAGES / "trafilatura",
                        help="a checkout of adbar/trafilatura")  # fmt: skip
    parser.add_argument("--sets", nargs="+", default=["scrapinghub", "fundus", "trafilatura"],
                        choices=["scrapinghub", "fundus", "trafilatura"], help="which sets to run")  # fmt: skip
    parser.add_argument("--limit", type=int, default=0, help="at most this many pages per set (0: all)")
    parser.add_argument("--show-worst", nargs=2, metavar=("N", "FIELD"),
                        help=f"list the N pages newsbot loses most on FIELD ({', '.join(FIELDS)})")  # fmt: skip
    parser.add_argument("--json", metavar="PATH", help="write every page's scores and findings to PATH")
    args = parser.parse_args()
    if args.show_worst and args.show_worst[1] not in FIELDS:
        parser.error(f"--show-worst FIELD must be one of {', '.join(FIELDS)}")
    return args


if __name__ == "__main__":
    sys.exit(main())
