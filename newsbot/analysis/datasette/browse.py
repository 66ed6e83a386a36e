"""The pages an analyst opens first: the articles table one line per article, and a guide to every table and view.

``templates/_table-table-newsbot-articles.html`` draws the articles page's rows from ``articles_shown``;
``templates/database-newsbot.html`` puts ``guide`` on the database page, which is also the site's front page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markupsafe import Markup, escape

from newsbot.analysis.datasette.metadata import DATABASE, TABLES

#: The articles page's columns: (column to sort by, heading); ``authors`` comes from article_authors, unsortable.
ARTICLE_COLUMNS = (
    ("id", "id"),
    ("headline", "headline"),
    ("source_id", "site"),
    ("published_at", "published (UTC)"),
    ("comment_count", "comments"),
    ("word_count", "words"),
    ("authors", "authors"),
)

#: The shown articles' own fields, their site's name and their byline in order, for the ids a page shows.
_ARTICLES = """
select a.id, a.headline, a.url, s.name as site, substr(a.published_at, 1, 16) as published, a.comment_count,
       a.word_count,
       (select group_concat(name, ', ') from (
            select au.name from article_authors aa join authors au on au.id = aa.author_id
            where aa.article_id = a.id order by aa.position)) as authors
from articles a join sources s on s.id = a.source_id
where a.id in (select value from json_each(:ids))"""


async def articles_shown(datasette: Any, display_rows: Sequence[Sequence[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The articles of the rows Datasette shows, in its order (its sort, search, facets and page)."""
    import json

    # The id cell is the link to the row; its raw value is the id as text.
    ids = [int(cell["raw"]) for row in display_rows for cell in row if cell["column"] == "id"]
    if not ids:
        return []
    result = await datasette.get_database(DATABASE).execute(_ARTICLES, {"ids": json.dumps(ids)})
    by_id = {row["id"]: dict(row) for row in result.rows}
    return [by_id[i] for i in ids if i in by_id]


def guide(datasette: Any) -> Markup:
    """Every table and view an analyst reads, linked, with what one row of it is."""
    items = []
    for name, described in TABLES.items():
        if described.hidden:
            continue
        url = datasette.urls.table(DATABASE, name)
        kind = " <em>(view)</em>" if described.view else ""
        items.append(
            f'<dt><a href="{escape(url)}">{escape(name)}</a>{kind}</dt><dd>{escape(described.description)}</dd>'
        )
    return Markup(f'<div class="newsbot-guide"><h2 id="guide">What is here</h2><dl>{"".join(items)}</dl></div>')
