"""``newsbot serve`` as a person sees it: Debian's headless Chromium loads the canned query and chart pages.

Screenshots are kept in tests/artifacts/ (git-ignored) to look at. Without /usr/bin/chromium the tests skip; with
NEWSBOT_REQUIRE_SERVICES=1 (CI) they fail instead.
"""

from __future__ import annotations

import itertools
import os
import subprocess
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import lxml.html
import pytest
from conftest import upgraded_sessions
from test_serve import COUNTS, fill_newsroom, free_port, running_server, story
from webdriver import CHROMEDRIVER, Browser, browser

from newsbot.analysis.serve import prepare
from newsbot.storage import repository

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
#: Headless, and nothing fetched but the page: no updates, sync, or background requests.
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--window-size=1280,1200", "--hide-scrollbars",
]  # fmt: skip


def installed(program: Path, package: str) -> Path:
    """`program`, or a skip naming the Debian package that brings it (a failure under NEWSBOT_REQUIRE_SERVICES=1)."""
    if not program.exists():
        message = f"install Debian's {package}: apt-get install {package}"
        if os.environ.get("NEWSBOT_REQUIRE_SERVICES") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return program


@pytest.fixture(scope="module")
def chromium() -> Path:
    return installed(CHROMIUM, "chromium")


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


# --- measured in the browser (chromedriver): what fits on a screen, where bars and labels land ---------------------

#: Publication days of the browsing newsroom's extra articles: seven years, a few a year, one day with two.
DAYS = [date(2019 + n // 3, 1 + (n * 5) % 12, 1 + (n * 7) % 28) for n in range(21)] + [date(2024, 6, 3)] * 2
#: A body long enough that showing it whole would make each row hundreds of pixels tall.
LONG_BODY = "The screening ran long and the panel ran longer, with questions from the floor. " * 120


@pytest.fixture(scope="module")
def browsing_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``newsbot serve`` over the test newsroom plus 23 long articles spread over seven years."""
    url = f"sqlite:///{tmp_path_factory.mktemp('browsing') / 'newsbot.db'}"
    fill_newsroom(url)
    with upgraded_sessions(url).begin() as session:
        for n, day in enumerate(DAYS, start=10):
            published = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
            site = "variety" if n % 3 else "gamespot"
            repository.store_article(session, story(n, site, published, body_text=LONG_BODY, comment_count=n))
    with running_server(prepare(url)) as served:
        yield served["url"]


@pytest.fixture(scope="module")
def driven(chromium: Path) -> Iterator[Browser]:
    installed(CHROMEDRIVER, "chromium-driver")
    with browser(chromium, [flag for flag in FLAGS if not flag.startswith("--window-size")], free_port()) as session:
        yield session


#: Rows of the articles table, each with where the browser drew it.
ROWS_JS = """
const rows = [...document.querySelectorAll('table.newsbot-articles tbody tr')];
return {screen: window.innerHeight, rows: rows.map(row => ({
    top: row.getBoundingClientRect().top, bottom: row.getBoundingClientRect().bottom,
    cells: [...row.cells].map(cell => cell.textContent.trim()),
    link: row.querySelector('td.col-headline a').getAttribute('href')}))};
"""


def test_articles_page_shows_ten_rows_on_the_first_screen(driven: Browser, browsing_site: str) -> None:
    driven.open(f"{browsing_site}/newsbot/articles", width=1400, height=900)
    page = driven.run(ROWS_JS)
    driven.screenshot(ARTIFACTS / "serve-articles.png")
    on_screen = [row for row in page["rows"] if row["bottom"] <= page["screen"]]
    assert len(on_screen) >= 10, f"{len(on_screen)} rows on the first screen of {page['screen']} px"
    assert max(row["bottom"] - row["top"] for row in page["rows"]) < 60, "a row taller than two lines"
    first = page["rows"][0]  # newest first: the newsroom's 2026-01-06 story by variety
    assert first["cells"] == ["4", "Story 4", "variety", "2026-01-06 09:00", "", "18", "Writer 0"]
    assert first["link"] == "https://variety.example.test/articles/story-4/"


def test_articles_page_keeps_the_search_box_and_facets(driven: Browser, browsing_site: str) -> None:
    driven.open(f"{browsing_site}/newsbot/articles?_search=screening&_facet=source_id", width=1400, height=900)
    page = driven.run(
        ROWS_JS.replace("return {", "return {facets: [...document.querySelectorAll('.facet-info li')]"
                        ".map(li => li.textContent.trim().replace(/\\s+/g, ' ')), ")
    )  # fmt: skip
    assert len(page["rows"]) == len(DAYS)  # only the long articles say "screening"
    assert "gamespot 7" in page["facets"]  # n = 12, 15, ... 30
    assert "variety 16" in page["facets"]


#: Where the bars, the x labels and the y labels of the chart landed, in page pixels.
CHART_JS = """
const svg = document.querySelector('svg.newsbot-chart');
const box = r => ({left: r.left, right: r.right, top: r.top, bottom: r.bottom});
return {svg: box(svg.getBoundingClientRect()),
        bars: [...svg.querySelectorAll('rect.bar')].map(b => ({day: b.dataset.x, ...box(b.getBoundingClientRect())})),
        labels: [...svg.querySelectorAll('text.x-label')].map(t => ({text: t.textContent,
                                                                   ...box(t.getBoundingClientRect())})),
        ticks: [...svg.querySelectorAll('text.y-label')].map(t => t.textContent)};
"""


@pytest.mark.parametrize("width", [800, 1024, 1400])
def test_articles_per_day_bars_stand_at_their_dates_and_labels_never_overlap(
    driven: Browser, browsing_site: str, width: int
) -> None:
    driven.open(f"{browsing_site}/newsbot/daily_articles", width=width, height=900)
    chart = driven.run(CHART_JS)
    driven.screenshot(ARTIFACTS / f"serve-articles-per-day-{width}.png")
    centres = {bar["day"]: (bar["left"] + bar["right"]) / 2 for bar in chart["bars"]}
    days = sorted(date.fromisoformat(day) for day in centres)
    assert days == sorted({*DAYS, date(2026, 1, 5), date(2026, 1, 6)})
    first, last = days[0], days[-1]
    px_per_day = (centres[last.isoformat()] - centres[first.isoformat()]) / (last - first).days
    for day in days:  # time to scale: a bar's distance from the first is its distance in days
        expected = centres[first.isoformat()] + px_per_day * (day - first).days
        assert centres[day.isoformat()] == pytest.approx(expected, abs=1.0), day
    labels = sorted(chart["labels"], key=lambda label: label["left"])
    assert len(labels) >= 3
    for left, right in itertools.pairwise(labels):
        assert left["right"] < right["left"], f"{left['text']} overlaps {right['text']} at {width} px"
    assert all(chart["svg"]["left"] <= label["left"] and label["right"] <= chart["svg"]["right"] for label in labels)
    assert chart["svg"]["right"] <= width
    assert all(tick.replace(",", "").isdigit() for tick in chart["ticks"]), chart["ticks"]


def test_comment_growth_chart_fits_the_screen(driven: Browser, browsing_site: str) -> None:
    driven.open(f"{browsing_site}/newsbot/article_comments?article_id=1", width=1400, height=900)
    chart = driven.run(CHART_JS)
    driven.screenshot(ARTIFACTS / "serve-comment-growth-1400.png")
    assert chart["svg"]["bottom"] <= 900
    assert chart["ticks"] == ["0", "10", "20", "30", "40"]
