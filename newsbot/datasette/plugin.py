"""The Datasette plugin ``newsbot serve`` registers: charts on canned query pages, article ids as chart links.

``templates/query-newsbot.html`` calls ``newsbot_chart(canned_query, columns, rows)`` above the query's form; a
query with a chart in ``queries.QUERIES`` gets its SVG there, any other query nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from datasette import hookimpl
from markupsafe import Markup, escape

from newsbot.datasette import charts
from newsbot.datasette.metadata import DATABASE, TABLES
from newsbot.datasette.queries import QUERIES, LineChart

#: Views and query results show article ids as plain numbers; these link them to the article's comment chart.
#: (Tables already link their foreign keys to the article's row.)
_VIEWS = {name for name, described in TABLES.items() if described.view}


def chart(query_name: str | None, columns: Sequence[str], rows: Sequence[Any]) -> Markup:
    """The chart of canned query ``query_name`` over its result ``rows``, or nothing if it has none."""
    query = QUERIES.get(query_name or "")
    if query is None or query.chart is None:
        return Markup("")
    spec = query.chart
    missing = [c for c in (spec.x, spec.y) if c not in columns]
    if missing:
        return Markup(f'<p class="newsbot-chart-empty">No chart: the query has no {escape(", ".join(missing))}.</p>')
    if not rows:
        hint = " Enter an article id above." if "article_id" in query.sql else ""
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
def extra_template_vars() -> dict[str, Any]:
    return {"newsbot_chart": chart}


@hookimpl
def render_cell(value: Any, column: str, table: str | None, database: str, datasette: Any) -> Markup | None:
    if database != DATABASE or column != "article_id" or not isinstance(value, int):
        return None
    if table is not None and table not in _VIEWS:
        return None
    url = datasette.urls.database(DATABASE) + f"/article_comments?article_id={value}"
    return Markup(f'<a href="{escape(url)}" title="comment growth of article {value}">{value}</a>')
