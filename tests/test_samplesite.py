"""The bundled sample site: its ground truth, its discovery paths and the loopback server, over real HTTP."""

from __future__ import annotations

import http.client
import json
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import defusedxml.ElementTree as SafeET
import lxml.html
import pytest

from newsbot.samplesite import SITE_DIR, SampleSite, load_manifest

from samplesite_build.build import build

MANIFEST = load_manifest()
PAGES = MANIFEST["pages"]
CONTENT = [p for p in PAGES if p["outcome"] in ("stored", "duplicate", "failure")]
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ARTICLE_PATH = re.compile(r"^(/private)?/(articles|reviews|gallery)/[a-z0-9][a-z0-9-]*/((1100|1900|2900)-\d+/)?$")


@pytest.fixture(scope="module")
def site() -> Iterator[SampleSite]:
    with SampleSite() as running:
        yield running


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of a GET, error statuses included."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers.items()), error.read()


def by_path(path: str) -> dict | None:
    return next((p for p in PAGES if p["path"] == path), None)


# ------------------------------------------------------------------------------------------------ discovery helpers


def sitemap_locs(site: SampleSite) -> list[str]:
    """Every url listed by the sitemap index's shards (the index read over HTTP, like a crawler)."""
    _, _, body = fetch(site.url("/sitemap_index.xml"))
    index = SafeET.fromstring(body)
    assert index.tag == f"{SM}sitemapindex", "sitemap_index.xml should be a <sitemapindex>"
    locs = []
    for shard in index.iter(f"{SM}loc"):
        _, _, shard_body = fetch(shard.text)
        locs += [loc.text for loc in SafeET.fromstring(shard_body).iter(f"{SM}loc")]
    return locs


def feed_links(site: SampleSite, path: str) -> list[str]:
    _, _, body = fetch(site.url(path))
    return [link.text for link in SafeET.fromstring(body).iter("link") if link.text and "/feeds/" not in link.text]


def listing_pages(site: SampleSite) -> list[tuple[str, lxml.html.HtmlElement]]:
    """Every river page, reached by following the ``li.paginate__item.skip.next`` link from /news/."""
    url, pages = site.url("/news/"), []
    while url:
        status, _, body = fetch(url)
        assert status == 200, f"{url} answered {status}"
        doc = lxml.html.fromstring(body)
        pages.append((url, doc))
        nxt = doc.cssselect("ul.paginate li.paginate__item.skip.next a")
        url = urljoin(url, nxt[0].get("href")) if nxt else None
        assert len(pages) < 50, "pagination does not end"
    return pages


def listing_links(site: SampleSite) -> list[str]:
    return [
        urljoin(url, a.get("href"))
        for url, doc in listing_pages(site)
        for a in doc.cssselect("#river section.filter-results div.card-item a.card-item__link")
    ]


def all_discovered(site: SampleSite) -> dict[str, list[str]]:
    return {
        "sitemaps": sitemap_locs(site),
        "feeds": feed_links(site, "/feeds/news/") + feed_links(site, "/feeds/mashup/"),
        "listings": listing_links(site),
    }


def manifest_entry(site: SampleSite, url: str) -> dict | None:
    """The manifest record for a discovered url (query stripped), checking the host it was linked under."""
    parts = urlsplit(url)
    page = by_path(parts.path)
    if page is None:
        return None
    expected = site.offsite_url if page["host"] == "offsite" else site.base_url
    assert f"{parts.scheme}://{parts.netloc}" == expected, f"{url} should be linked under {expected}"
    return page


# ------------------------------------------------------------------------------------------------ manifest


def test_manifest_has_the_promised_mix_of_outcomes() -> None:
    outcomes = [p["outcome"] for p in PAGES]
    assert outcomes.count("stored") >= 40
    assert outcomes.count("duplicate") == 1
    assert outcomes.count("failure") == 2
    assert outcomes.count("never_fetch") >= 1
    assert sorted(p["reason"] for p in PAGES if p["outcome"] == "failure") == ["no headline", "truncated"]
    kinds = {p["kind"] for p in PAGES if p["outcome"] == "stored"}
    assert kinds == {"article", "review", "gallery"}


def test_manifest_stored_pages_carry_headline_and_comment_count() -> None:
    stored = [p for p in PAGES if p["outcome"] == "stored"]
    assert all(p["headline"] for p in stored)
    counts = [p["comment_count"] for p in stored]
    assert None in counts
    assert 0 in counts
    assert 1 in counts
    assert max(c for c in counts if c is not None) >= 5000


def test_duplicate_points_at_a_stored_page() -> None:
    (duplicate,) = [p for p in PAGES if p["outcome"] == "duplicate"]
    original = by_path(duplicate["duplicate_of"])
    assert original is not None
    assert original["outcome"] == "stored"


def test_seed_story_is_on_the_site() -> None:
    headlines = [p["headline"] for p in PAGES if p["outcome"] == "stored"]
    assert any(h and h.startswith("You Need To See This Mission Impossible 7 Stunt") for h in headlines)


# ------------------------------------------------------------------------------------------------ page contents


def body_text(path: str) -> str:
    doc = lxml.html.fromstring((SITE_DIR / path.strip("/") / "index.html").read_bytes())
    bodies = doc.cssselect(".js-content-entity-body, div.article-body, section.image-gallery")
    assert bodies, f"{path}: no body container"
    return " ".join(bodies[0].text_content().split())


def test_every_article_body_is_distinct_except_the_repost() -> None:
    texts = {p["path"]: body_text(p["path"]) for p in PAGES if p["kind"] in ("article", "review", "gallery")}
    (duplicate,) = [p for p in PAGES if p["outcome"] == "duplicate"]
    assert texts.pop(duplicate["path"]) == texts[duplicate["duplicate_of"]]
    seen: dict[str, str] = {}
    for path, text in texts.items():
        assert text not in seen, f"{path} repeats the body of {seen.get(text)}"
        seen[text] = path


def test_headlines_on_pages_match_the_manifest() -> None:
    for page in PAGES:
        if page["outcome"] != "stored":
            continue
        doc = lxml.html.fromstring((SITE_DIR / page["path"].strip("/") / "index.html").read_bytes())
        h1 = doc.cssselect("h1.news-title, h1.kubrick-info__title, article h1")
        assert h1, f"{page['path']}: no headline element"
        assert h1[0].text_content().strip() == page["headline"], page["path"]


def test_comment_sentence_matches_the_manifest_count() -> None:
    for page in PAGES:
        if page["outcome"] != "stored":
            continue
        text = (SITE_DIR / page["path"].strip("/") / "index.html").read_text("utf-8")
        match = re.search(r"There (?:is|are) (no|[\d,]+) comments? about this story", text)
        if page["comment_count"] is None:
            assert match is None, page["path"]
            assert "Join the conversation" not in text, page["path"]
        else:
            assert match, f"{page['path']}: no comment sentence"
            shown = 0 if match.group(1) == "no" else int(match.group(1).replace(",", ""))
            assert shown == page["comment_count"], page["path"]


def test_broken_pages_are_broken_as_described() -> None:
    for page in PAGES:
        if page["outcome"] != "failure":
            continue
        text = (SITE_DIR / page["path"].strip("/") / "index.html").read_text("utf-8")
        if page["reason"] == "truncated":
            assert "</html>" not in text
            assert "</body>" not in text
            assert "Join the conversation" not in text
        else:
            doc = lxml.html.fromstring(text)
            assert not doc.cssselect("h1, title, meta[property='og:title'], script[type='application/ld+json']")
            assert text.rstrip().endswith("</html>")


def test_era_b_pages_use_the_reference_markup() -> None:
    for page in PAGES:
        if page["layout"] != "era-b" or page["outcome"] != "stored":
            continue
        doc = lxml.html.fromstring((SITE_DIR / page["path"].strip("/") / "index.html").read_bytes())
        assert doc.get("lang") == "en"
        assert doc.cssselect("section.news-hdr h1.news-title")
        assert doc.cssselect("section.article-body > div.js-content-entity-body.content-entity-body > p[dir=ltr]")
        assert doc.cssselect("link[rel=canonical]")
        assert doc.cssselect("meta[property='og:title']")
        assert doc.cssselect("a[href='mailto:news@gamespot.com']")
        ld = [json.loads(s.text) for s in doc.cssselect("script[type='application/ld+json']")]
        assert any(block.get("@type") == "NewsArticle" for block in ld), page["path"]
        for time in doc.cssselect(".news-byline time"):
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[-+]\d{4}", time.get("datetime")), page["path"]


# ------------------------------------------------------------------------------------------------ over HTTP


def test_every_manifest_path_is_served_with_placeholders_filled(site: SampleSite) -> None:
    for page in PAGES:
        status, headers, body = fetch(site.url(page["path"]))
        assert status == 200, f"{page['path']} answered {status}"
        assert b"{{BASE}}" not in body, page["path"]
        assert b"{{OFFSITE}}" not in body, page["path"]
        if page["path"] == "/robots.txt":
            assert headers["Content-Type"].startswith("text/plain")
        elif page["kind"] == "feed":
            assert headers["Content-Type"].startswith("application/rss+xml")
        elif page["kind"] == "sitemap":
            assert headers["Content-Type"].startswith("application/xml")
        else:
            assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert int(headers["Content-Length"]) == len(body)


def test_discovered_article_urls_are_all_in_the_manifest(site: SampleSite) -> None:
    found = all_discovered(site)
    assert all(found.values()), f"a discovery source is empty: { {k: len(v) for k, v in found.items()} }"
    for source, urls in found.items():
        for url in urls:
            if ARTICLE_PATH.match(urlsplit(url).path):
                assert manifest_entry(site, url) is not None, f"{url} (from {source}) is not in the manifest"


def test_every_content_page_is_reachable_from_discovery(site: SampleSite) -> None:
    reached = {urlsplit(url).path for urls in all_discovered(site).values() for url in urls}
    missing = [p["path"] for p in CONTENT if p["path"] not in reached]
    assert not missing, f"not linked from any feed, sitemap or listing: {missing}"


def test_never_fetch_pages_are_linked_as_bait(site: SampleSite) -> None:
    found = all_discovered(site)
    baits = [p for p in PAGES if p["outcome"] == "never_fetch"]
    private = [p["path"] for p in baits if p["path"].startswith("/private/")]
    offsite = [p["path"] for p in baits if p["host"] == "offsite"]
    assert private
    assert offsite
    listed = {urlsplit(u).path for u in found["listings"]}
    mapped = {urlsplit(u).path for u in found["sitemaps"]}
    assert set(private) <= listed & mapped
    assert any(urlsplit(u).netloc == urlsplit(site.offsite_url).netloc for u in found["listings"])


def test_robots_txt_disallows_private_and_names_the_sitemap(site: SampleSite) -> None:
    _, _, body = fetch(site.url("/robots.txt"))
    robots = urllib.robotparser.RobotFileParser()
    robots.parse(body.decode().splitlines())
    assert not robots.can_fetch("newsbot", site.url("/private/articles/secret-draft/1100-6999999/"))
    assert robots.can_fetch("newsbot", site.url("/news/"))
    assert robots.site_maps() == [site.url("/sitemap_index.xml")]


def test_listing_pagination_reaches_every_listing_page(site: SampleSite) -> None:
    visited = [urlsplit(url) for url, _ in listing_pages(site)]
    paths = [p.path + (f"?{p.query}" if p.query else "") for p in visited]
    assert paths == sorted((p["path"] for p in PAGES if p["kind"] == "listing"), key=lambda p: (len(p), p))
    assert len(paths) >= 4


def test_news_query_page_one_is_the_first_page(site: SampleSite) -> None:
    assert fetch(site.url("/news/?page=1"))[2] == fetch(site.url("/news/"))[2]
    assert fetch(site.url("/news/?page=99"))[0] == 404


def test_feed_items_follow_the_gamespot_shape(site: SampleSite) -> None:
    _, _, body = fetch(site.url("/feeds/news/"))
    items = SafeET.fromstring(body).findall("channel/item")
    assert 10 <= len(items) <= 20
    for item in items:
        assert item.findtext("link").endswith("?ftag=CAD-01-10abi2f")
        assert re.fullmatch(r"\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d -0[78]00", item.findtext("pubDate"))
        assert item.find("{http://purl.org/dc/elements/1.1/}creator") is not None
        assert item.find("{http://search.yahoo.com/mrss/}content").get("width") == "480"
    assert any(re.fullmatch(r"1100-\d+", item.findtext("guid")) for item in items)


def test_unknown_path_is_404_and_folder_without_slash_redirects(site: SampleSite) -> None:
    assert fetch(site.url("/articles/no-such-story/1100-1/"))[0] == 404
    assert fetch(site.url("/manifest.json"))[0] == 404
    conn = http.client.HTTPConnection("127.0.0.1", site.port, timeout=10)
    try:
        conn.request("GET", "/feeds/news")
        response = conn.getresponse()
        response.read()
        assert (response.status, response.getheader("Location")) == (301, "/feeds/news/")
    finally:
        conn.close()


def test_etag_and_last_modified_give_304(site: SampleSite) -> None:
    url = site.url("/feeds/mashup/")
    status, headers, _ = fetch(url)
    assert status == 200
    assert headers["ETag"]
    assert headers["Last-Modified"]
    assert fetch(url, {"If-None-Match": headers["ETag"]})[0] == 304
    assert fetch(url, {"If-Modified-Since": headers["Last-Modified"]})[0] == 304
    assert fetch(url, {"If-None-Match": '"something-else"'})[0] == 200


def test_override_changes_body_and_etag_then_clears(site: SampleSite) -> None:
    path = "/articles/tidebreaker-2-gets-a-surprise-shadow-drop/1100-6536159/"
    _, before, _ = fetch(site.url(path))
    site.set_override(path, body="<html><body>There are 991 comments about this story</body></html>")
    try:
        status, after, body = fetch(site.url(path), {"If-None-Match": before["ETag"]})
        assert status == 200
        assert b"991 comments" in body
        assert after["ETag"] != before["ETag"]
    finally:
        site.clear_override(path)
    assert fetch(site.url(path), {"If-None-Match": before["ETag"]})[0] == 304


def test_override_status_applies_the_given_number_of_times(site: SampleSite) -> None:
    site.set_override("/news/?page=2", status=429, headers={"Retry-After": "3"}, times=1)
    status, headers, _ = fetch(site.url("/news/?page=2"))
    assert (status, headers["Retry-After"]) == (429, "3")
    assert fetch(site.url("/news/?page=2"))[0] == 200
    assert fetch(site.url("/news/?page=3"))[0] == 200


def test_request_log_records_host_path_and_user_agent(site: SampleSite) -> None:
    site.clear_log()
    fetch(site.url("/news/?page=3&ftag=x"), {"User-Agent": "newsbot-test/1"})
    conn = http.client.HTTPConnection("127.0.0.1", site.port, timeout=10)
    try:
        conn.request("GET", "/articles/partner-network-roundup/1100-7000002/", headers={"Host": "localhost"})
        conn.getresponse().read()
    finally:
        conn.close()
    first, second = site.requests()
    assert (first.method, first.path, first.status, first.user_agent) == (
        "GET",
        "/news/?page=3&ftag=x",
        200,
        "newsbot-test/1",
    )
    assert first.host == f"127.0.0.1:{site.port}"
    assert first.headers["User-Agent"] == "newsbot-test/1"
    assert second.host == "localhost"
    assert second["host"] == "localhost"
    assert second["path"] == second.path
    site.clear_log()
    assert site.requests() == []


def test_log_path_gets_one_json_line_per_request(tmp_path: Path) -> None:
    log = tmp_path / "requests.jsonl"
    with SampleSite(log_path=log) as running:
        fetch(running.url("/robots.txt"))
        fetch(running.url("/nope"))
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert [(r["path"], r["status"]) for r in lines] == [("/robots.txt", 200), ("/nope", 404)]


def test_server_binds_loopback_only() -> None:
    with SampleSite() as running:
        assert running.base_url.startswith("http://127.0.0.1:")
        assert running._server.server_address[0] == "127.0.0.1"


def test_module_entry_point_prints_base_url_and_stops_on_sigterm(tmp_path: Path) -> None:
    log = tmp_path / "log.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsbot.samplesite", "--port", "0", "--log", str(log)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = proc.stdout.readline().strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", base)
        assert fetch(base + "/robots.txt")[0] == 200
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0
    assert out == ""
    assert err == ""
    assert json.loads(log.read_text().splitlines()[0])["path"] == "/robots.txt"


# ------------------------------------------------------------------------------------------------ build


def test_build_reproduces_the_committed_site_byte_for_byte(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(out)
    built = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    committed = {p.relative_to(SITE_DIR).as_posix(): p.read_bytes() for p in SITE_DIR.rglob("*") if p.is_file()}
    assert sorted(built) == sorted(committed), "file lists differ; run python -m tests.samplesite_build.build"
    changed = [name for name in built if built[name] != committed[name]]
    assert not changed, f"committed files differ from build output (edit stories.json, then rebuild): {changed}"


def test_build_refuses_to_overwrite_a_foreign_folder(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me")
    with pytest.raises(FileExistsError, match=r"manifest\.json"):
        build(tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "keep me"


def test_the_shipped_package_holds_the_server_not_the_generators() -> None:
    # Every module under newsbot/ lands in the wheel; the generators and their story data live in tests/.
    modules = sorted(p.name for p in SITE_DIR.parent.glob("*.py"))
    assert modules == ["__init__.py", "__main__.py", "server.py"], f"generators belong in tests/: {modules}"
