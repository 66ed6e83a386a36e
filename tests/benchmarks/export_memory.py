"""Export memory: ``newsbot export`` must stream, so 10x the articles may not need more memory.

Run: ``python tests/benchmarks/export_memory.py [--small 10000] [--large 100000]``. Fills two temporary SQLite files
(schema through newsbot's own migrations, rows by bulk Core inserts: 2 KB bodies, 1-2 authors, 2-3 tags,
an embed on every third article, 2 links), then runs ``newsbot export`` on each in a child process, writing to
/dev/null, and reads the child's peak RSS (VmHWM) from /proc as it exits. The baseline is the same child
exporting an empty database (interpreter, SQLAlchemy and newsbot loaded, no rows). Prints articles/s and peak
RSS per run, and the large/small peak ratio (target: at most 1.2).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from newsbot.storage import models
from newsbot.storage.db import get_engine, upgrade

CHUNK = 5_000
START = datetime(2025, 1, 1, tzinfo=UTC)
PARAGRAPH = (
    "Paragraph {p} of synthetic story {n}: a studio announced a sequel, a trailer, a release date, and a great many"
    " details that an analyst may want to count, search and chart later on. "
)


def fill(url: str, articles: int) -> None:
    """Create the schema and insert ``articles`` synthetic articles with their children."""
    upgrade(url)  # the schema, exactly as newsbot makes it
    engine = get_engine(url)
    with engine.begin() as connection:
        connection.execute(insert(models.Source), [{"id": 1, "name": "gamespot"}, {"id": 2, "name": "variety"}])
        connection.execute(insert(models.Author), [{"id": i, "name": f"Author {i}", "url": ""} for i in range(1, 51)])
        connection.execute(insert(models.Tag), [{"id": i, "name": f"Tag {i}"} for i in range(1, 201)])
        for first in range(1, articles + 1, CHUNK):
            ids = range(first, min(first + CHUNK, articles + 1))
            connection.execute(insert(models.Article), [article(n) for n in ids])
            connection.execute(
                insert(models.ArticleAuthor),
                [
                    {"article_id": n, "author_id": 1 + (n + k) % 50, "position": k}
                    for n in ids
                    for k in range(1 + n % 2)
                ],
            )
            connection.execute(
                insert(models.ArticleTag),
                [{"article_id": n, "tag_id": 1 + (n * 7 + k) % 200} for n in ids for k in range(2 + n % 2)],
            )
            connection.execute(insert(models.Embed), [embed(n) for n in ids if n % 3 == 0])
            connection.execute(
                insert(models.Link),
                [
                    {"article_id": n, "url": f"https://example.test/{n}/{k}", "text": f"link {k}", "position": k}
                    for n in ids
                    for k in range(2)
                ],
            )


def embed(n: int) -> dict[str, object]:
    """One synthetic ``embeds`` row."""
    url = f"https://youtu.be/v{n}"
    return {"article_id": n, "provider": "youtube", "kind": "video", "url": url, "external_id": f"v{n}", "position": 1}


def article(n: int) -> dict[str, object]:
    """One synthetic ``articles`` row (about 2 KB of text, 4 KB of HTML)."""
    paragraphs = [PARAGRAPH.format(p=p, n=n) for p in range(10)]
    when = START + timedelta(minutes=n)
    return {
        "id": n,
        "source_id": 1 + n % 2,
        "url": f"https://www.gamespot.com/articles/story-{n}/1100-{n}/",
        "canonical_url": f"https://www.gamespot.com/articles/story-{n}/1100-{n}/",
        "kind": "article",
        "headline": f"Synthetic story {n}",
        "deck": f"The deck of story {n}",
        "body_text": "\n\n".join(paragraphs),
        "body_html": "".join(f"<p>{p}</p>" for p in paragraphs),
        "published_at": when,
        "updated_at": None,
        "language": "en",
        "word_count": 350,
        "lead_image": None,
        "content_hash": f"{n:064x}",
        "comment_count": n % 500,
        "first_seen_at": when,
        "last_seen_at": when,
    }


#: The child: ``newsbot export`` itself, then its peak RSS in KiB as the last stderr line. VmHWM counts this
#: program's memory only, where getrusage/wait4 would also count the parent's pages the child had before exec.
CHILD = """
import sys
from newsbot.cli import main
try:
    main(sys.argv[1:], prog_name="newsbot")
finally:
    with open("/proc/self/status") as status:
        print(next(line.split()[1] for line in status if line.startswith("VmHWM:")), file=sys.stderr)
"""


def run_export(url: str, fmt: str) -> tuple[float, int]:
    """Seconds taken and peak RSS (bytes) of ``newsbot export`` in a child process."""
    command = [sys.executable, "-c", CHILD, "export", "--database-url", url, "--format", fmt, "-o", os.devnull]
    started = time.perf_counter()
    child = subprocess.run(command, stderr=subprocess.PIPE, text=True, check=False)
    seconds = time.perf_counter() - started
    if child.returncode:
        raise SystemExit(f"export failed ({child.returncode}): {child.stderr}")
    return seconds, int(child.stderr.splitlines()[-1]) * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=100_000)
    args = parser.parse_args()
    mib = 1024 * 1024
    with tempfile.TemporaryDirectory() as folder:
        peaks: dict[tuple[str, int], int] = {}
        sizes = (0, args.small, args.large)
        for size in sizes:
            url = f"sqlite:///{Path(folder) / f'export-{size}.db'}"
            started = time.perf_counter()
            fill(url, size)
            print(f"filled {size:>7,} articles in {time.perf_counter() - started:5.1f} s", file=sys.stderr)
            for fmt in ("jsonl", "csv"):
                seconds, peak = run_export(url, fmt)
                peaks[fmt, size] = peak
                rate = f"{size / seconds:>8,.0f} articles/s" if size else "baseline (no rows)"
                print(f"{fmt:<5} {size:>7,} articles: {seconds:6.1f} s  {rate:<20} peak RSS {peak / mib:6.1f} MiB")
        for fmt in ("jsonl", "csv"):
            ratio = peaks[fmt, args.large] / peaks[fmt, args.small]
            verdict = "constant" if ratio <= 1.2 else "GROWS: not streaming"
            print(
                f"{fmt:<5} peak RSS {args.large:,} / {args.small:,} articles = {ratio:.2f}x ({verdict});"
                f" above the empty-database baseline: {(peaks[fmt, args.small] - peaks[fmt, 0]) / mib:+.1f} MiB"
                f" and {(peaks[fmt, args.large] - peaks[fmt, 0]) / mib:+.1f} MiB"
            )


if __name__ == "__main__":
    main()
