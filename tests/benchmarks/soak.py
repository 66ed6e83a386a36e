"""Soak: crawl a generated site of 20,000 article pages over loopback and watch the crawler's memory.

Run: ``python tests/benchmarks/soak.py [--pages 20000] [--template-pages]``. A separate server process renders
each page from a sample-site template (unique id, and a 60-word sentence of made-up words of its own, so every
page is a story of its own; ``--template-pages`` leaves that sentence out) and lists them in sitemap shards of
1,000; ``newsbot crawl gamespot`` crawls it into a temporary SQLite file while this script samples the
crawler's RSS and its parse workers' twice a second. Prints first/last/peak RSS of each and of both together,
the growth from the first to the last thousand pages (target: under 10%, for both together), and pages/s. The
crawler's own progress line goes to stderr while it runs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "newsbot" / "samplesite" / "site"
SHARD = 1000
ARTICLE = re.compile(r"^/articles/soak-story-(\d+)/1100-(\d+)/$")


#: Made-up words for each page's own text: 3,000 of them, so two pages share few word pairs.
VOCABULARY = [a + b + c for a in ("ka", "ro", "mi", "te", "su", "no", "va", "li", "zo", "pe") for b in
              ("dar", "len", "mos", "tik", "rum", "bel", "sor", "gan", "fip", "wex") for c in
              ("a", "o", "is", "en", "ur", "ith", "an", "et", "um", "ox", "al", "yr", "ek", "ot", "iv",
               "as", "ul", "or", "em", "ix", "ad", "ob", "uk", "ep", "ig", "on", "ay", "ew", "id", "uz")]  # fmt: skip


def own_text(n: int, template_only: bool) -> str:
    """Page ``n``'s own sentence: 60 words drawn for it (none with --template-pages, as a stress case)."""
    if template_only:
        return ""
    return " ".join(random.Random(n).choices(VOCABULARY, k=60)).capitalize() + ". "


def template() -> str:
    """An Era-B sample page with placeholders for the id and the page's own text."""
    manifest = json.loads((SITE / "manifest.json").read_text())
    entry = next(p for p in manifest["pages"] if p["outcome"] == "stored" and p.get("layout") == "era-b")
    html = (SITE / entry["path"].lstrip("/") / "index.html").read_text()
    html = html.replace(entry["path"], "/articles/soak-story-{n}/1100-{n}/")
    return html.replace('<p dir="ltr">', '<p dir="ltr">Soak page {n}. {own}', 1)


def serve(pages: int, template_only: bool) -> None:
    """Server process: print the base url, then serve until killed."""
    page = template().replace("{", "{{").replace("}", "}}").replace("{{n}}", "{n}").replace("{{own}}", "{own}")

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            base = f"http://{self.headers['Host']}"
            body, kind = b"", "text/html; charset=utf-8"
            if self.path == "/robots.txt":
                body, kind = b"User-agent: *\nDisallow: /private/\n", "text/plain"
            elif self.path == "/sitemap_index.xml":
                shards = "".join(
                    f"<sitemap><loc>{base}/articles-sitemap{i}.xml</loc></sitemap>" for i in range(pages // SHARD + 1)
                )
                body = f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{shards}</sitemapindex>'.encode()
                kind = "application/xml"
            elif m := re.match(r"^/articles-sitemap(\d+)\.xml$", self.path):
                start = int(m[1]) * SHARD
                urls = "".join(
                    f"<url><loc>{base}/articles/soak-story-{n}/1100-{n}/</loc></url>"
                    for n in range(start, min(start + SHARD, pages))
                )
                body = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()
                kind = "application/xml"
            elif (m := ARTICLE.match(self.path)) and m[1] == m[2] and int(m[1]) < pages:
                body = (
                    page.format(n=m[1], own=own_text(int(m[1]), template_only))
                    .replace("{{BASE}}", base)
                    .replace("{{OFFSITE}}", "http://offsite.test")
                    .encode()
                )
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(f"http://127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever()


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def child_pids(pid: int) -> list[int]:
    """The crawler's child processes (its parse workers and multiprocessing's resource tracker)."""
    children: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children += [int(child) for child in (task / "children").read_text().split()]
    return children


def children_rss_kib(pid: int) -> int:
    total = 0
    for child in child_pids(pid):
        try:
            total += rss_kib(child)
        except OSError:
            continue  # ended meanwhile
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20_000)
    parser.add_argument(
        "--template-pages",
        action="store_true",
        help="pages that differ by one sentence only: each is a story candidate of all the others (a stress case)",
    )
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.template_pages)
        return
    server_command = [sys.executable, __file__, "--serve", str(args.pages)]
    if args.template_pages:
        server_command.append("--template-pages")
    server = subprocess.Popen(server_command, stdout=subprocess.PIPE, text=True)
    assert server.stdout is not None
    base_url = server.stdout.readline().strip()
    work = Path(tempfile.mkdtemp(prefix="newsbot-soak-"))
    db = work / "soak.db"
    command = [
        sys.executable, "-m", "newsbot.cli", "crawl", "gamespot", "-a", f"base_url={base_url}",
        "-s", f"NEWSBOT_DATABASE_URL=sqlite:///{db}", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8", "-s", "LOG_LEVEL=WARNING", "-s", "NEWSBOT_PROGRESS_INTERVAL=10",
    ]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
    started = time.monotonic()
    crawler = subprocess.Popen(command, env=env, cwd=ROOT)
    samples: list[tuple[float, int, int, int]] = []  # (seconds, pages stored, crawler RSS, its children's, KiB)
    done = threading.Event()

    def sample() -> None:
        import sqlite3

        while not done.wait(0.5):
            try:
                rss, children = rss_kib(crawler.pid), children_rss_kib(crawler.pid)
                with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
                    stored = conn.execute("select count(*) from articles").fetchone()[0]
            except (OSError, sqlite3.Error):
                continue
            samples.append((time.monotonic() - started, stored, rss, children))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    status = crawler.wait()
    done.set()
    sampler.join()
    elapsed = time.monotonic() - started
    server.terminate()
    if status != 0 or not samples:
        sys.exit(f"the soak crawl failed (exit {status})")
    total = samples[-1][1]
    print(f"{total} articles stored in {elapsed:.0f} s: {total / elapsed:.1f} pages/s")
    # The crawl is the crawler and its parse workers: memory one of them saves the other may hold.
    growths = {}
    parts: dict[str, Callable[[tuple[float, int, int, int]], int]] = {
        "crawler": lambda s: s[2],
        "parse workers": lambda s: s[3],
        "whole crawl": lambda s: s[2] + s[3],
    }
    for label, of in parts.items():
        first = [of(s) for s in samples if 0 < s[1] <= 1000]
        # Not once all are stored: the crawl is closing then, and its workers may already be gone.
        last = [of(s) for s in samples if total - 1000 < s[1] < total]
        peak = max(of(s) for s in samples)
        mean_first, mean_last = sum(first) / len(first) / 1024, sum(last) / len(last) / 1024
        growths[label] = mean_last / mean_first - 1 if mean_first else 0.0
        print(
            f"RSS {label + ':':15} first thousand pages {mean_first:6.1f} MiB, last thousand {mean_last:6.1f} MiB "
            f"({growths[label]:+.1%}), peak {peak / 1024:6.1f} MiB"
        )
    growth = growths["whole crawl"]
    verdict = "PASS" if growth < 0.10 else "FAIL"
    print(f"growth first -> last thousand, whole crawl: {growth:+.1%} (target < 10%: {verdict})")


if __name__ == "__main__":
    main()
