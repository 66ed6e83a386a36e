"""``newsbot parse``: run the parsers on saved pages and print each article as a JSON line."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

import click

from newsbot.commands.shared import json_default


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--url", help="The url the page was fetched from (one FILE only); default: each page's canonical link.")
def parse(files: tuple[str, ...], url: str | None) -> None:
    """Parse saved article pages and print each as one JSON object per line.

    The site parser is chosen from the url; a page of any other site is read by the generic parser. Each object
    starts with the `file` it came from; a file that cannot be parsed prints `file` and its `error` instead, and
    the command exits 1 once every file is done. Gzipped pages (.html.gz) are read as they are.

    \b
    Examples:
      newsbot parse saved.html --url https://www.gamespot.com/articles/some-story/1100-6480000/
      newsbot parse pages/*.html > articles.jsonl
    """
    if url and len(files) > 1:
        raise click.UsageError("--url names the page of one FILE; with many files each is read at its canonical link")
    failed = 0
    for file in files:
        record = _parse_file(file, url)
        if "error" in record:
            failed += 1
            click.echo(f"{file}: {record['error']}", err=True)
        click.echo(json.dumps(record, default=json_default, ensure_ascii=False))
    if failed:
        raise click.ClickException(f"{failed} of {len(files)} file(s) could not be parsed")


# The bundled sample sites store pages with these placeholders; their server fills in its own address.
SAMPLE_PLACEHOLDERS = {"{{BASE}}": "http://127.0.0.1", "{{OFFSITE}}": "http://localhost"}


def _parse_file(file: str, url: str | None) -> dict[str, Any]:
    """One file's JSON record: {"file", **article fields} or {"file", "error"}."""
    from newsbot.parsers import ParseError, canonical_link, page_text, parse_page

    try:
        html = page_text(file, sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes())
        if "{{BASE}}" in html:  # a sample-site page as stored: read it as its server would serve it
            click.echo(f"{file}: sample-site page; {{{{BASE}}}} read as {SAMPLE_PLACEHOLDERS['{{BASE}}']}", err=True)
            for placeholder, value in SAMPLE_PLACEHOLDERS.items():
                html = html.replace(placeholder, value)
        page_url = url or canonical_link(html)
        if not page_url:
            return {"file": file, "error": "the page names no canonical link: pass --url URL"}
        article = parse_page(page_url, html)
    except ParseError as exc:
        return {"file": file, "error": str(exc)}
    return {"file": file, **dataclasses.asdict(article)}
