"""``newsbot serve`` as a person sees it: Debian's headless Chromium loads the canned query and chart pages.

Screenshots are kept in tests/artifacts/ (git-ignored) to look at. Without /usr/bin/chromium the tests skip; with
NEWSBOT_REQUIRE_SERVICES=1 (CI) they fail instead.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest
from test_serve import COUNTS, fill_newsroom, running_server

from newsbot.serve import prepare

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
#: Headless, and nothing fetched but the page: no updates, sync, or background requests.
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--window-size=1280,1200", "--hide-scrollbars",
]  # fmt: skip


@pytest.fixture(scope="module")
def chromium() -> Path:
    if not CHROMIUM.exists():
        message = "install Debian's chromium: apt-get install chromium"
        if os.environ.get("NEWSBOT_REQUIRE_SERVICES") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return CHROMIUM


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base url of ``newsbot serve`` over the test newsroom."""
    folder = tmp_path_factory.mktemp("browser")
    url = f"sqlite:///{folder / 'newsbot.db'}"
    fill_newsroom(url)
    with running_server(prepare(url)) as served:
        yield served["url"]


def browse(chromium: Path, url: str, profile: Path, screenshot: str) -> lxml.html.HtmlElement:
    """The page's DOM after load (``--dump-dom``), with a screenshot of it saved as tests/artifacts/<screenshot>."""
    ARTIFACTS.mkdir(exist_ok=True)
    base = [str(chromium), *FLAGS, f"--user-data-dir={profile}"]
    shot = subprocess.run(
        [*base, f"--screenshot={ARTIFACTS / screenshot}", url], capture_output=True, text=True, timeout=120
    )
    assert shot.returncode == 0, shot.stderr[-2000:]
    png = (ARTIFACTS / screenshot).read_bytes()
    assert png.startswith(b"\x89PNG"), f"{screenshot} is not a PNG"
    assert len(png) > 10_000, f"{screenshot}: a blank picture of {url}"
    dom = subprocess.run([*base, "--dump-dom", url], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    return lxml.html.fromstring(dom.stdout)


def table_rows(page: lxml.html.HtmlElement) -> list[list[str]]:
    """The cells of Datasette's result table, as the browser shows them."""
    return [
        [cell.text_content().strip() for cell in row.xpath("td")]
        for row in page.xpath("//table[contains(@class, 'rows-and-columns')]/tbody/tr")
    ]


def test_most_commented_page_shows_the_rows(chromium: Path, site: str, tmp_path: Path) -> None:
    page = browse(chromium, f"{site}/newsbot/top_commented", tmp_path, "serve-top-commented.png")
    assert page.findtext(".//h1").strip() == "Most commented articles"
    assert [row[1:4] for row in table_rows(page)] == [
        ["Trailer Shows The Ice Queen", "gamespot", "40"],
        ["Story 3", "gamespot", "12"],
        ["Story 2", "gamespot", "5"],
    ]
    assert page.xpath("//td[contains(@class, 'col-article_id')]/a/@href")[0] == "/newsbot/article_comments?article_id=1"


def test_comment_growth_chart_draws_a_point_per_snapshot(chromium: Path, site: str, tmp_path: Path) -> None:
    page = browse(chromium, f"{site}/newsbot/article_comments?article_id=1", tmp_path, "serve-comment-growth.png")
    [svg] = page.xpath("//svg[@class='newsbot-chart']")
    assert len(svg.xpath(".//path[@class='line']")) == 1
    points = svg.xpath(".//circle[@class='point']")
    assert [p.findtext("title") for p in points] == [f"{t:%Y-%m-%d %H:%M} UTC: {n} comments" for t, n in COUNTS]
    heights = [float(p.get("cy")) for p in points]
    assert heights == sorted(heights, reverse=True)  # more comments, higher up (smaller y)
    assert [row[2] for row in table_rows(page)] == [str(n) for _, n in COUNTS]


def test_articles_per_day_chart_stacks_a_bar_per_site(chromium: Path, site: str, tmp_path: Path) -> None:
    page = browse(chromium, f"{site}/newsbot/daily_articles", tmp_path, "serve-articles-per-day.png")
    bars = page.xpath("//svg[@class='newsbot-chart']//rect[@class='bar']")
    assert [(b.get("data-x"), b.get("data-series")) for b in bars] == [
        ("2026-01-05", "gamespot"),
        ("2026-01-06", "gamespot"),
        ("2026-01-06", "variety"),
    ]
    first, _, variety = (float(b.get("height")) for b in bars)
    assert first == pytest.approx(2 * variety)  # 2 articles against 1
    assert table_rows(page) == [["2026-01-05", "gamespot", "2"], ["2026-01-06", "gamespot", "1"],
                                ["2026-01-06", "variety", "1"]]  # fmt: skip
