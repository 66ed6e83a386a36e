"""Hostile input, end to end: each case in tests/fixtures/hostile/ is fed to the parser or discovery code, then
served by the loopback sample site in one real ``scrapy crawl``.

Every case must end as a stored, sanitised article or a ``failures`` row naming the url and the reason, while the
crawl goes on to finish normally, never leaves the site, never expands an XML entity, and stays within a memory
bound. Files holding ``{{NAME}}`` placeholders are expanded (to megabytes) by ``EXPANSIONS`` before use, so the
corpus stays small in git.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pytest
from conftest import upgraded_sessions
from scrapy.http import HtmlResponse
from sqlalchemy import select

from newsbot.parsers import ParseError, gamespot
from newsbot.samplesite.server import SITE_DIR, SampleSite
from newsbot.spiders import discovery
from newsbot.spiders.charset import page_text
from newsbot.storage import models

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
#: The crawl's download limit: the huge JSON-LD page fits under it, the oversize page and the gzip bomb do not.
CRAWL_MAXSIZE = 6 * 1024 * 1024
MAX_LISTING_PAGES = 4
#: Max RSS of the whole crawl process; a normal crawl of the sample site takes about 110 MB.
MAX_RSS_MB = 400
CRAWL_TIMEOUT_S = 240
REDIRECT_TARGET = "/articles/ember-knights-remake-rumor/1100-6536020/"


def _json_ld() -> str:
    """About 4 MB of JSON-LD: 16,000 nodes of junk around no article node at all."""
    node = '{"@type": "Thing", "name": "spam", "description": "' + "x" * 200 + '"}'
    return '{"@type": "WebPage", "hasPart": [' + ",".join([node] * 16_000) + "]}"


EXPANSIONS: dict[str, Callable[[], str]] = {
    "{{JSON_LD}}": _json_ld,
    "{{NEST}}": lambda: "<div>" * 100_000 + "deep" + "</div>" * 100_000,
    "{{PADDING}}": lambda: "All work and no play makes the patch notes long. " * 160_000,  # ~8 MB
    "{{PAGES}}": lambda: " ".join(f'<a href="/news/?page={n}">{n}</a>' for n in range(2, 10_001)),
}


def fixture(name: str) -> bytes:
    """A corpus file with its placeholders expanded."""
    body = (HOSTILE / name).read_bytes()
    for token, expand in EXPANSIONS.items():
        if token.encode() in body:
            body = body.replace(token.encode(), expand().encode())
    return body


@dataclass(frozen=True)
class Case:
    """One hostile input: where the site serves it, and the stored article or failure it must end as."""

    file: str | None  # None: the answer is a redirect, not a file
    path: str
    stage: str | None = None  # None: stored as an article
    reason: str = ""  # a piece of the failures.reason
    content_type: str = "text/html; charset=utf-8"
    status: int | None = None  # an HTTP error answered instead of a page

    @property
    def id(self) -> str:
        return (self.file or self.path).split(".")[0]


def _article(slug: str, number: int) -> str:
    return f"/articles/hostile-{slug}/1100-{9_900_000 + number}/"


XML = "application/xml; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"
ARTICLES = [
    Case("article-active-content.html", _article("active-content", 1)),
    Case("article-junk-json-ld.html", _article("junk-json-ld", 2)),
    Case("article-huge-json-ld.html", _article("huge-json-ld", 3)),
    Case("article-invalid-utf8.html", _article("invalid-utf8", 4)),
    Case("article-mislabelled-charset.html", _article("mislabelled-charset", 5)),
    Case("article-deep-nesting.html", _article("deep-nesting", 6), "parse", "nests elements over 256 deep"),
    Case("article-comments-abbreviated.html", _article("comments-abbreviated", 7)),
    Case("article-comments-lots.html", _article("comments-lots", 8)),
    Case("article-json-ld-surrogates.html", _article("json-ld-surrogates", 11)),
    Case("article-cp1252-as-utf8.html", _article("cp1252-as-utf8", 12)),
]
#: Articles the listing links to that answer an HTTP error (500 after every retry): failures naming the status.
HTTP_ERRORS = [
    Case(None, _article("gone-404", 13), "fetch", "HTTP 404", status=404),
    Case(None, _article("gone-410", 14), "fetch", "HTTP 410", status=410),
    Case(None, _article("broken-500", 15), "fetch", "HTTP 500", status=500),
]
#: An article the sitemap names and robots.txt forbids: never requested, counted in the ledger as a policy drop.
ROBOTS_FORBIDDEN = _article("robots-forbidden", 16)
#: A sitemap <loc> that is no url at all: skipped and recorded, the sitemap's other entries still crawled.
MALFORMED_LOC = Case(None, "http://[::1/x", "discovery", "malformed link on ")
CRAWL_ONLY = [
    Case(None, _article("offsite-redirect", 9), "fetch", "redirected off-site to http://localhost:"),
    Case("article-oversize.html", _article("oversize", 10), "fetch", "larger than download max size"),
    Case("sitemap-nested-index.xml", "/hostile/sitemap-nested-index.xml", "parse", "sitemap index inside", XML),
]
DISCOVERY = [
    Case("feed-billion-laughs.rss", "/feeds/mashup/", "parse", "declares entities or a DTD", RSS),
    Case("feed-external-entity.rss", "/feeds/news/", "parse", "declares entities or a DTD", RSS),
    Case("sitemap-billion-laughs.xml", "/hostile/sitemap-billion-laughs.xml", "parse", "declares entities", XML),
    Case("sitemap-external-entity.xml", "/hostile/sitemap-external-entity.xml", "parse", "declares entities", XML),
    Case(
        "sitemap-bomb.xml.gz",
        "/hostile/sitemap-bomb.xml.gz",
        "parse",
        f"gzip body inflates past {CRAWL_MAXSIZE} bytes",
        "application/gzip",
    ),
]
CASES = ARTICLES + CRAWL_ONLY + DISCOVERY + HTTP_ERRORS + [MALFORMED_LOC]
#: Urls that only an entity expansion, an off-site redirect or a trap would make the crawler request.
NEVER_REQUESTED = re.compile(r"xxe-probe|sitemap-nested-deeper|/news/\d{4}/|/news/calendar/")


def base_url(port: int = 1) -> str:
    return f"http://127.0.0.1:{port}"


# --- each case on its own: parser and discovery -----------------------------------------------------------


def served_text(case: Case) -> str:
    """The page as the spider reads it: decoded per the UTF-8 header the sample site sends."""
    response = HtmlResponse(
        base_url() + case.path, body=fixture(case.file or ""), headers={"Content-Type": case.content_type}
    )
    return page_text(response)


@pytest.mark.parametrize("case", ARTICLES, ids=lambda c: c.id)
def test_hostile_page_parses_to_an_article_or_a_parse_error_with_a_reason(case: Case) -> None:
    url = base_url() + case.path
    if case.stage is not None:
        with pytest.raises(ParseError, match=re.escape(case.reason)) as caught:
            gamespot.parse(url, served_text(case))
        assert caught.value.url == url
        return
    article = gamespot.parse(url, served_text(case))
    assert article.headline
    assert len(article.body_text) >= 80


@pytest.mark.parametrize("case", DISCOVERY, ids=lambda c: c.id)
def test_hostile_feed_or_sitemap_is_refused_with_a_reason(case: Case) -> None:
    body = (HOSTILE / (case.file or "")).read_bytes().replace(b"{{BASE}}", base_url().encode())
    read = discovery.feed_links if case.content_type == RSS else partial(discovery.parse_sitemap, limit=CRAWL_MAXSIZE)
    with pytest.raises(discovery.DiscoveryError, match=re.escape(case.reason)):
        read(body)


def test_active_content_never_reaches_body_html_or_text() -> None:
    case = ARTICLES[0]
    article = gamespot.parse(base_url() + case.path, served_text(case))
    assert_sanitised(article.body_html, article.body_text)
    assert "most requested" in article.body_text


def test_mislabelled_charset_is_read_with_the_charset_the_page_declares() -> None:
    case = next(c for c in ARTICLES if "mislabelled" in (c.file or ""))
    article = gamespot.parse(base_url() + case.path, served_text(case))
    assert article.headline == "Café Racer Review Embargo Lifts Next Week"
    assert article.body_text.startswith("\u201cIt\u2019s a caf\u00e9 racer, not a kart racer,\u201d the director")
    assert "\u20ac20" in article.body_text


def test_cp1252_bytes_declared_utf8_everywhere_are_detected() -> None:
    case = next(c for c in ARTICLES if "cp1252-as-utf8" in (c.file or ""))
    article = gamespot.parse(base_url() + case.path, served_text(case))
    assert article.headline == "Se\u00f1ora\u2019s Caf\u00e9 Owner Talks Sequel Plans"
    assert "crème brûlée minigame and adds a \u20ac5 loyalty card" in article.body_text
    assert "\ufffd" not in article.body_text


def test_lone_surrogates_in_json_ld_become_replacement_characters() -> None:
    case = next(c for c in ARTICLES if "surrogates" in (c.file or ""))
    article = gamespot.parse(base_url() + case.path, served_text(case))
    assert article.headline == "Drift Legends Remaster \ufffd Rated In Korea"
    assert [(a.name, a.url) for a in article.authors] == [("Ada \ufffd Vell", None)]
    assert article.lead_image is None
    assert article.published_at is None
    for value in (article.headline, *article.tags, article.body_text):
        value.encode("utf-8")


def test_invalid_utf8_bytes_become_replacement_characters_not_errors() -> None:
    case = next(c for c in ARTICLES if "invalid-utf8" in (c.file or ""))
    article = gamespot.parse(base_url() + case.path, served_text(case))
    assert "\ufffd" in article.body_text
    assert "gingerbread village to decorate" in article.body_text
    assert "in the middle of the sentence." in article.body_text


@pytest.mark.parametrize(
    ("file", "count"), [("article-comments-abbreviated.html", 1200), ("article-comments-lots.html", None)]
)
def test_abbreviated_comment_count_is_expanded_and_a_word_is_no_count(file: str, count: int | None) -> None:
    article = gamespot.parse(base_url() + _article("x", 0), fixture(file).decode())
    assert article.comment_count == count


def assert_sanitised(html: str, text: str) -> None:
    """Nothing that runs, tracks or styles; nothing from scripts, styles, forms or templates in the text."""
    for pattern in (r"<script", r"<style", r"<iframe", r"<svg", r"<object", r"<embed", r"<form", r"<input"):
        assert not re.search(pattern, html, re.I), f"body_html keeps {pattern}: {html}"
    assert not re.search(r"\son[a-z]+\s*=", html, re.I), f"body_html keeps an event handler: {html}"
    assert not re.search(r"(?:java|vb)script:|data:text", html, re.I), f"body_html keeps a script url: {html}"
    for leak in ("alert", "injected", "pwned", "display: none"):
        assert leak not in text, f"body_text holds {leak!r}: {text}"
        assert leak not in html, f"body_html holds {leak!r}: {html}"


# --- all cases in one real crawl ----------------------------------------------------------------------------


@dataclass
class HostileCrawl:
    db_url: str
    base_url: str
    requests: list[tuple[str, str]]  # (host, path) in the order the server saw them
    max_rss_mb: float
    stderr: str


def listing_page(links: list[str]) -> bytes:
    """The listing trap (links to pages 2 ... 10000 and an endless calendar) showing ``links`` as articles."""
    anchors = "".join(f'<a href="{link}">story</a>' for link in links).encode()
    return fixture("listing-trap.html").replace(b"</nav>", b"</nav>" + anchors)


def serve_hostile(site: SampleSite) -> None:
    """Put every case where the spider's discovery will find it."""
    for case in CASES:
        if case is MALFORMED_LOC:
            continue  # only named by the sitemap
        if case.status is not None:
            site.set_override(case.path, status=case.status)
        elif case.file is None:
            location = site.offsite_url + REDIRECT_TARGET
            site.set_override(case.path, body=b"", status=301, headers={"Location": location})
        else:
            site.set_override(case.path, body=fixture(case.file), headers={"Content-Type": case.content_type})
    articles = fixture("sitemap-articles.xml").replace(
        b"</urlset>", f"<url><loc>{{{{BASE}}}}{ROBOTS_FORBIDDEN}</loc></url></urlset>".encode()
    )
    site.set_override("/hostile/sitemap-articles.xml", body=articles, headers={"Content-Type": XML})
    robots = (SITE_DIR / "robots.txt").read_text(encoding="utf-8")
    site.set_override(
        "/robots.txt", body=robots.replace("Disallow: /private/", f"Disallow: /private/\nDisallow: {ROBOTS_FORBIDDEN}")
    )
    shards = [c.path for c in CASES if c.path.startswith("/hostile/")] + ["/hostile/sitemap-articles.xml"]
    index = (SITE_DIR / "sitemap_index.xml").read_text(encoding="utf-8")
    entries = "".join(f"<sitemap><loc>{{{{BASE}}}}{path}</loc></sitemap>\n" for path in shards)
    site.set_override("/sitemap_index.xml", body=index.replace("</sitemapindex>", entries + "</sitemapindex>"))
    # Every listing page (/news/?page=N matches the "/news/" override too) is the trap; the first two also show
    # the articles that answer HTTP errors, so the listing walks to page 3, which brings no new article: the end.
    site.set_override("/news/", body=listing_page([c.path for c in HTTP_ERRORS[:2]]))
    site.set_override("/news/?page=2", body=listing_page([HTTP_ERRORS[2].path]))
    site.set_override("/news/?page=3", body=listing_page([HTTP_ERRORS[2].path]))


def run_measured(command: list[str], folder: Path) -> tuple[int, float, str]:
    """Run ``command``; return its exit status, its own max RSS in MB (from wait4's rusage) and its stderr.

    ``getrusage(RUSAGE_CHILDREN)`` would report the largest of every child this test process ever waited for;
    ``os.wait4`` gives the same rusage for this one child.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
    err = folder / "stderr.txt"
    with err.open("wb") as stderr:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
    deadline = time.monotonic() + CRAWL_TIMEOUT_S
    while time.monotonic() < deadline:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)  # reaped here: keep Popen from waiting again
            return process.returncode, usage.ru_maxrss / 1024, err.read_text(errors="replace")
        time.sleep(0.1)
    process.kill()
    process.wait()
    pytest.fail(f"the hostile crawl ran past {CRAWL_TIMEOUT_S} s:\n{err.read_text(errors='replace')[-4000:]}")


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory, module_db_url: str) -> HostileCrawl:
    """The hostile corpus and the sample site in one crawl, into SQLite and into PostgreSQL."""
    folder = tmp_path_factory.mktemp("hostile")
    db_url = module_db_url
    with SampleSite() as site:
        serve_hostile(site)
        command = [
            sys.executable, "-m", "scrapy", "crawl", "gamespot",
            "-a", f"base_url={site.base_url}",
            "-s", f"NEWSBOT_DATABASE_URL={db_url}",
            "-s", f"NEWSBOT_SPOOL_DIR={folder / 'spool'}",
            "-s", f"NEWSBOT_DOWNLOAD_MAXSIZE={CRAWL_MAXSIZE}",
            "-s", f"NEWSBOT_MAX_LISTING_PAGES={MAX_LISTING_PAGES}",
            "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8",
        ]  # fmt: skip
        status, max_rss_mb, stderr = run_measured(command, folder)
        requests = [(r.host, r.path) for r in site.requests()]
        base = site.base_url
    assert status == 0, f"scrapy crawl failed ({status}):\n{stderr[-4000:]}"
    return HostileCrawl(db_url, base, requests, max_rss_mb, stderr)


def stored(crawl: HostileCrawl) -> dict[str, models.Article]:
    with upgraded_sessions(crawl.db_url)() as session:
        return {a.url.removeprefix(crawl.base_url): a for a in session.scalars(select(models.Article))}


def failures(crawl: HostileCrawl) -> dict[str, models.Failure]:
    with upgraded_sessions(crawl.db_url)() as session:
        return {f.url.removeprefix(crawl.base_url): f for f in session.scalars(select(models.Failure))}


def run_stats(crawl: HostileCrawl) -> dict:
    with upgraded_sessions(crawl.db_url)() as session:
        return session.scalars(select(models.CrawlRun)).one().stats


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_each_case_ends_as_a_stored_article_or_a_failure_with_its_reason(crawl: HostileCrawl, case: Case) -> None:
    articles, failed = stored(crawl), failures(crawl)
    if case.stage is None:
        assert case.path in articles, f"{case.path} was not stored; failure: {failed.get(case.path)}"
        assert case.path not in failed
        return
    assert case.path not in articles, f"{case.path} was stored but should have been refused"
    assert case.path in failed, f"{case.path} left no failures row; rows: {sorted(failed)}"
    row = failed[case.path]
    assert (row.stage, case.reason in row.reason) == (case.stage, True), f"{case.path}: {row.stage} {row.reason}"


@pytest.mark.slow
def test_stored_hostile_articles_are_sanitised_and_read_right(crawl: HostileCrawl) -> None:
    articles = stored(crawl)
    for case in ARTICLES:
        if case.stage is None:
            assert_sanitised(articles[case.path].body_html, articles[case.path].body_text)
    assert articles[_article("comments-abbreviated", 7)].comment_count == 1200
    assert articles[_article("comments-lots", 8)].comment_count is None
    assert "caf\u00e9 racer" in articles[_article("mislabelled-charset", 5)].body_text
    assert articles[_article("cp1252-as-utf8", 12)].headline == "Se\u00f1ora\u2019s Caf\u00e9 Owner Talks Sequel Plans"
    assert "\ufffd" in articles[_article("invalid-utf8", 4)].body_text
    assert articles[_article("json-ld-surrogates", 11)].headline == "Drift Legends Remaster \ufffd Rated In Korea"


@pytest.mark.slow
def test_the_crawl_goes_on_and_finishes(crawl: HostileCrawl) -> None:
    with upgraded_sessions(crawl.db_url)() as session:
        run = session.scalars(select(models.CrawlRun)).one()
    assert run.finish_reason == "finished"
    assert "Traceback" not in crawl.stderr, crawl.stderr[-4000:]
    real = [path for path in stored(crawl) if "/hostile-" not in path]
    assert len(real) >= 30, f"only {len(real)} of the site's own articles were stored next to the hostile ones"


@pytest.mark.slow
def test_no_entity_is_expanded_and_no_request_leaves_the_site(crawl: HostileCrawl) -> None:
    assert not [path for _, path in crawl.requests if NEVER_REQUESTED.search(path) or path == ROBOTS_FORBIDDEN]
    assert all(host.startswith("127.0.0.1:") for host, _ in crawl.requests), "a request left the allowed host"


@pytest.mark.slow
def test_listing_trap_ends_at_the_first_page_without_a_new_article(crawl: HostileCrawl) -> None:
    listing = sorted({path for _, path in crawl.requests if path.startswith("/news/")})
    assert listing == ["/news/", "/news/?page=2", "/news/?page=3"]
    stats = run_stats(crawl)
    assert stats["newsbot/listing_exhausted"] == 1
    assert "newsbot/listing_limit_reached" not in stats


@pytest.mark.slow
def test_http_errors_are_fetched_once_each_try_and_recorded(crawl: HostileCrawl) -> None:
    tries = {case.path: sum(1 for _, path in crawl.requests if path == case.path) for case in HTTP_ERRORS}
    assert tries == {HTTP_ERRORS[0].path: 1, HTTP_ERRORS[1].path: 1, HTTP_ERRORS[2].path: 4}  # 500: 3 retries


@pytest.mark.slow
def test_the_malformed_loc_costs_only_itself(crawl: HostileCrawl) -> None:
    sitemap_articles = {c.path for c in ARTICLES} | {_article("offsite-redirect", 9), _article("oversize", 10)}
    requested = {path for _, path in crawl.requests}
    assert sitemap_articles <= requested
    assert failures(crawl)[MALFORMED_LOC.path].reason.startswith(f"malformed link on {crawl.base_url}/hostile/")


@pytest.mark.slow
def test_mislabelled_charsets_are_counted(crawl: HostileCrawl) -> None:
    # Two pages lie about their charset: one in its header only, one in its header and its <meta>.
    assert run_stats(crawl)["newsbot/charset_mislabelled"] == 2


@pytest.mark.slow
def test_memory_stays_bounded(crawl: HostileCrawl) -> None:
    assert 0 < crawl.max_rss_mb < MAX_RSS_MB, f"the hostile crawl peaked at {crawl.max_rss_mb:.0f} MB"


@pytest.mark.slow
def test_every_requested_article_url_ends_in_one_outcome_of_the_ledger(crawl: HostileCrawl) -> None:
    manifest = json.loads((SITE_DIR / "manifest.json").read_text())
    sample = Counter(page["outcome"] for page in manifest["pages"])
    stored_cases = [c for c in ARTICLES if c.stage is None]
    ledger = {k.removeprefix("newsbot/ledger/"): v for k, v in run_stats(crawl).items() if "/ledger/" in k}
    assert ledger["stored/new"] == len(stored_cases) + sample["stored"]
    # The sample site's syndicated copy: a duplicate when met after its original, an update when its original
    # comes second and takes its row over.
    assert ledger["duplicates"] + ledger["stored/updated"] == sample["duplicate"]
    assert ledger["failures/parse"] == 1 + sample["failure"]  # deep nesting, and the site's two broken pages
    assert ledger["failures/fetch"] == 2 + len(HTTP_ERRORS)  # off-site redirect, oversize, the HTTP errors
    assert ledger["policy/robots"] == 1
    outcomes = sum(v for k, v in ledger.items() if k != "requested")
    assert (
        ledger["requested"]
        == outcomes
        == len(ARTICLES) + 2 + len(HTTP_ERRORS) + 1 + sum(sample[o] for o in ("stored", "duplicate", "failure"))
    )
    assert "ledger: requested" in crawl.stderr
