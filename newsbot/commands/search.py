"""``newsbot search``: full-text search of the stored articles (``newsbot.analysis.search``)."""

from __future__ import annotations

import dataclasses
import json

import click

from newsbot.commands.shared import DATABASE_OPTION, check_source, json_default, open_database


@click.command()
@DATABASE_OPTION
@click.argument("query")
@click.option("--source", metavar="NAME", help="Only this site's articles, e.g. gamespot.")
@click.option("--since", metavar="WHEN", help="Only articles published since: 7d, 12h, 2w, 2026-01-01, an ISO time.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000), help="Most results to show.")
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text", show_default=True)
def search(database_url: str, query: str, source: str | None, since: str | None, limit: int, fmt: str) -> None:
    """Full-text search of headlines, decks and bodies; best match first, the matched words in [brackets].

    Words are all required; "quoted words" are a phrase; word forms match (running finds run). Common words (not,
    the, of, ...) are left out, on SQLite as on PostgreSQL. One difference: inside a phrase, PostgreSQL lets any
    word stand where the phrase has a common word; SQLite matches the phrase as typed.

    \b
    Examples:
      newsbot search "tom cruise"
      newsbot search '"mission impossible" stunt' --source gamespot --since 7d --limit 5
    """
    from newsbot.analysis import search as search_module
    from newsbot.analysis.export import parse_since

    try:
        since_time = parse_since(since) if since else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--since") from exc
    from newsbot.analysis.search import common_words

    with open_database(database_url, read_only=True)() as session:
        check_source(session, source)
        hits = search_module.search(session, query, source=source, since=since_time, limit=limit)
    if left_out := common_words(query):
        click.echo(f"left out, as too common to search for: {', '.join(left_out)}", err=True)
    for n, hit in enumerate(hits, 1):
        if fmt == "jsonl":
            click.echo(json.dumps(dataclasses.asdict(hit), default=json_default, ensure_ascii=False))
            continue
        day = hit.published_at.date().isoformat() if hit.published_at else "undated"
        click.echo(f"{n}. {hit.headline}  ({hit.source}, {day})\n   {hit.url}\n   {hit.snippet}\n")
    click.echo(f"{len(hits)} result(s) for {query!r}", err=True)
