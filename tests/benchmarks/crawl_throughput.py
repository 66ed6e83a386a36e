"""Crawl throughput: the full pipeline (parse, validate, normalise, dedupe, store to SQLite) vs a bare spider.

Run: ``python tests/benchmarks/crawl_throughput.py [--copies N] [--rounds R] [--latency 0,0.1]``. Builds a
loopback site of the sample site's stored pages repeated N times under new ids (each copy's text made unique, so
dedupe stores them all), serves it from a separate process, crawls it with ``scrapy crawl gamespot``, then has a
bare spider fetch exactly the urls that crawl fetched and do nothing with them. Both use the same downloader
settings (16 requests in flight, no delay); the full crawl runs as by default, parsing in one worker process
(NEWSBOT_PARSE_WORKERS=1). Prints pages/s for each and the ratio, per server latency:

- latency 0: the server answers at once, so both crawls are CPU-bound on this machine (the server process takes
  one of its 2 cores); the ratio is the cost of parsing and storing relative to Scrapy's own per-page cost.
- latency 0.1 s: stands in for a remote site's round trip; this is the case the target (full crawl at least 80%
  of the bare spider's pages/s) is judged on, because a real crawl always waits on the network.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "newsbot" / "samplesite" / "site"
TYPED_ID = re.compile(r"/(1100|1900|2900)-(\d+)/$")
#: Downloader settings shared by both spiders: no politeness delay against our own loopback server.
SETTINGS = {
    "AUTOTHROTTLE_ENABLED": "0",
    "DOWNLOAD_DELAY": "0",
    "CONCURRENT_REQUESTS": "16",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
    "LOG_LEVEL": "WARNING",
}


def build_site(folder: Path, copies: int) -> int:
    """Write robots.txt, a sitemap and ``copies`` versions of each stored sample page; returns the page count."""
    manifest = json.loads((SITE / "manifest.json").read_text())
    locs = []
    for entry in manifest["pages"]:
        match = TYPED_ID.search(entry["path"])
        if entry["outcome"] != "stored" or not match:
            continue
        html = (SITE / entry["path"].lstrip("/") / "index.html").read_text()
        for copy in range(copies):
            new_id = f"{match[1]}-{int(match[2]) + 1_000_000 * (copy + 1)}"
            path = entry["path"][: match.start()] + f"/{new_id}/"
            page = html.replace(f"/{match[1]}-{match[2]}/", f"/{new_id}/")
            # A sentence of its own in the first paragraph, so every copy is a new article to the dedupe stage.
            page = page.replace('<p dir="ltr">', f'<p dir="ltr">Copy {copy} of this story. ', 1)
            page = page.replace("<p>", f"<p>Copy {copy} of this story. ", 1)
            target = folder / path.lstrip("/") / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page)
            locs.append(path)
    (folder / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n")
    urls = "".join(f"<url><loc>{{{{BASE}}}}{loc}</loc></url>" for loc in locs)
    (folder / "sitemap_index.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n'
    )
    return len(locs)


def serve(folder: Path, log: Path, latency: float) -> tuple[subprocess.Popen[str], str]:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "newsbot.samplesite",
            "--root",
            str(folder),
            "--log",
            str(log),
            "--latency",
            str(latency),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    return server, server.stdout.readline().strip()


def run(command: list[str]) -> dict:
    """Run a crawl command that prints its Scrapy stats as JSON on its last stdout line."""
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newsbot.settings"}
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800)
    if result.returncode != 0:
        sys.exit(f"crawl failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def crawl_in_process(mode: str, target: str, db_url: str) -> None:
    """Child process: run the full ``gamespot`` spider or the bare one, print the stats as JSON."""
    from scrapy import Request, Spider
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    class BareSpider(Spider):
        """Fetch the given urls and do nothing with them."""

        name = "bare"

        async def start(self):  # type: ignore[no-untyped-def]
            for url in Path(target).read_text().split():
                yield Request(url, callback=self.parse, dont_filter=True)

        def parse(self, response):  # type: ignore[no-untyped-def]
            return None

    settings = get_project_settings()
    settings.setdict({**SETTINGS, "NEWSBOT_DATABASE_URL": db_url}, priority="cmdline")
    if mode == "bare":
        settings.setdict({"ITEM_PIPELINES": {}, "EXTENSIONS": {}, "ROBOTSTXT_OBEY": False}, priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(BareSpider if mode == "bare" else "gamespot")
    process.crawl(crawler, **({} if mode == "bare" else {"base_url": target}))
    process.start()
    stats = crawler.stats.get_stats()
    print(json.dumps({k: v for k, v in stats.items() if isinstance(v, int | float)}))


def pages_per_second(stats: dict) -> float:
    return stats["response_received_count"] / stats["elapsed_time_seconds"]


def measure(work: Path, latency: float, rounds: int) -> float:
    """Crawl the site ``rounds`` times each way at this server latency; print the figures, return the ratio."""
    server, base_url = serve(work / "site", work / "requests.jsonl", latency)
    me = [sys.executable, __file__, "--child"]
    full, bare = [], []
    try:
        for n in range(rounds):
            (work / "requests.jsonl").write_text("")
            full.append(run([*me, "full", base_url, f"sqlite:///{work}/full-{latency}-{n}.db"]))
            fetched = [json.loads(line) for line in (work / "requests.jsonl").read_text().splitlines()]
            (work / "urls.txt").write_text("\n".join(base_url + r["path"] for r in fetched))
            bare.append(run([*me, "bare", str(work / "urls.txt"), f"sqlite:///{work}/bare.db"]))
    finally:
        server.terminate()
        server.wait(10)
    best_full, best_bare = max(full, key=pages_per_second), max(bare, key=pages_per_second)
    ratio = pages_per_second(best_full) / pages_per_second(best_bare)
    print(f"server latency {latency:.2f} s: {best_full['response_received_count']} pages per crawl, best of {rounds}")
    print(f"  bare spider (fetch only)        {pages_per_second(best_bare):8.1f} pages/s")
    print(f"  full pipeline (parse + store)   {pages_per_second(best_full):8.1f} pages/s")
    print(f"  full / bare = {ratio:.2f}")
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=25, help="versions of each sample page (43 pages each)")
    parser.add_argument("--rounds", type=int, default=3, help="crawls of each kind; the best one counts")
    parser.add_argument("--latency", default="0,0.1", help="comma-separated server latencies in seconds")
    parser.add_argument("--child", nargs=3, metavar=("MODE", "TARGET", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        crawl_in_process(*args.child)
        return
    work = Path(tempfile.mkdtemp(prefix="newsbot-bench-"))
    try:
        pages = build_site(work / "site", args.copies)
        print(f"site: {pages} article pages, served by a separate process", file=sys.stderr)
        ratios = {float(value): measure(work, float(value), args.rounds) for value in args.latency.split(",")}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    judged = max(ratios)
    verdict = "PASS" if ratios[judged] >= 0.8 else "FAIL"
    print(f"target: full >= 0.80 x bare at {judged:.2f} s latency: {ratios[judged]:.2f} {verdict}")


if __name__ == "__main__":
    main()
