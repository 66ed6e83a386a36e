"""The Datasette plugin ``newsbot serve`` registers: charts on canned query pages, article ids as chart links, the
articles page's rows and the table guide (``browse.py``), and the front page sent to the database's.

``templates/query-newsbot.html`` calls ``newsbot_chart(canned_query, columns, rows)`` above the query's form; a
query with a chart in ``queries.QUERIES`` gets its SVG there, any other query nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from datasette import Response, hookimpl
from markupsafe import Markup, escape

from newsbot.analysis.datasette import browse, charts
from newsbot.analysis.datasette.metadata import DATABASE, TABLES
from newsbot.analysis.datasette.queries import QUERIES, LineChart

#: Views and query results show article ids as plain numbers; these link them to the article's comment chart.
#: (Tables already link their foreign keys to the article's row.)
_VIEWS = {name for name, described in TABLES.items() if described.view}


#: The article with the most counted comment snapshots: the example the comment chart's page offers.
_EXAMPLE_ARTICLE = """
select article_id from comment_snapshots where count is not null
group by article_id order by count(*) desc, max(count) desc, article_id limit 1"""


async def _article_hint(datasette: Any) -> str:
    """What to type in the article_id box just below, with a link to an article that has a comment history."""
    rows = (await datasette.get_database(DATABASE).execute(_EXAMPLE_ARTICLE)).rows
    hint = " Type an article id in the <b>article_id</b> box just below"
    if rows:
        url = datasette.urls.database(DATABASE) + f"/article_comments?article_id={rows[0][0]}"
        hint += f', e.g. <a href="{escape(url)}">article {rows[0][0]}</a> (the most comment counts seen)'
    top = datasette.urls.database(DATABASE) + "/top_commented"
    return hint + f', or click an id in <a href="{escape(top)}">Most commented articles</a>.'


async def chart(datasette: Any, query_name: str | None, columns: Sequence[str], rows: Sequence[Any]) -> Markup:
    """The chart of canned query ``query_name`` over its result ``rows``, or nothing if it has none."""
    query = QUERIES.get(query_name or "")
    if query is None or query.chart is None:
        return Markup("")
    spec = query.chart
    missing = [c for c in (spec.x, spec.y) if c not in columns]
    if missing:
        return Markup(f'<p class="newsbot-chart-empty">No chart: the query has no {escape(", ".join(missing))}.</p>')
    if not rows:
        hint = await _article_hint(datasette) if "article_id" in query.sql else ""
        return Markup(f'<p class="newsbot-chart-empty">Nothing to chart: the query returned no rows.{hint}</p>')
    if isinstance(spec, LineChart):
        title = str(rows[0][spec.title]) if spec.title else query.title
        points = [(charts.as_time(row[spec.x]), float(row[spec.y])) for row in rows if row[spec.y] is not None]
        svg = charts.line_chart(points, title=title, y_label=spec.y)
    else:
        bars = [(str(row[spec.x]), str(row[spec.series]), float(row[spec.y] or 0)) for row in rows]
        svg = charts.stacked_bars(bars, title=query.title, y_label=spec.y)
    return Markup(f'<figure class="newsbot-chart-figure">{svg}</figure>')


@hookimpl
def extra_template_vars(datasette: Any) -> dict[str, Any]:
    return {
        "newsbot_chart": partial(chart, datasette),
        "newsbot_articles": partial(browse.articles_shown, datasette),
        "newsbot_article_columns": browse.ARTICLE_COLUMNS,
        "newsbot_guide": partial(browse.guide, datasette),
    }


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    # The front page is the database's: one database, and its page says what each table holds.
    return [(r"^/$", _front_page)]


async def _front_page(datasette: Any) -> Response:
    return Response.redirect(datasette.urls.database(DATABASE))


@hookimpl
def render_cell(value: Any, column: str, table: str | None, database: str, datasette: Any) -> Markup | None:
    if database != DATABASE or column != "article_id" or not isinstance(value, int):
        return None
    if table is not None and table not in _VIEWS:
        return None
    url = datasette.urls.database(DATABASE) + f"/article_comments?article_id={value}"
    return Markup(f'<a href="{escape(url)}" title="comment growth of article {value}">{value}</a>')
