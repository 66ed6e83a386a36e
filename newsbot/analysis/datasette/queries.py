"""Canned queries for the common questions, and which of them ``newsbot serve`` draws as a chart.

The queries read the views of migration 0004 where one answers the question. Their names differ from the views'
(a canned query of a view's name would hide the view's own page).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class LineChart:
    """A line over time: ``x`` holds times, ``y`` numbers; ``title`` names a column whose first value titles it."""

    x: str
    y: str
    title: str | None = None


@dataclass(frozen=True)
class StackedBars:
    """One bar per ``x`` value, stacked by ``series``, ``y`` high."""

    x: str
    y: str
    series: str


@dataclass(frozen=True)
class Query:
    """A canned query: its page title, what it answers, the SQL (``:name`` parameters become form fields)."""

    title: str
    description: str
    sql: str
    chart: LineChart | StackedBars | None = None

    def metadata(self) -> dict[str, Any]:
        """The query's entry in Datasette's metadata."""
        return {"title": self.title, "description": self.description, "sql": self.sql.strip()}


QUERIES: dict[str, Query] = {
    "top_commented": Query(
        "Most commented articles",
        "The 100 articles with the most comments, by their latest counted snapshot.",
        """
select article_id, headline, source, comment_count, observed_at
from most_commented
order by comment_count desc, article_id
limit 100""",
    ),
    "article_comments": Query(
        "Comment growth of one article",
        "Every comment count seen for one article, charted over time. Article ids are in the other queries: click one.",
        """
select a.headline, s.observed_at, s.count as comments
from comment_snapshots s join articles a on a.id = s.article_id
where s.article_id = :article_id and s.count is not null
order by s.observed_at, s.id""",
        chart=LineChart(x="observed_at", y="comments", title="headline"),
    ),
    "fastest_growing": Query(
        "Comments growing fastest",
        "Articles by comments gained per hour between their first and latest counted snapshots.",
        """
select article_id, headline, first_count, latest_count, first_observed_at, latest_observed_at,
       round(change_per_hour, 2) as change_per_hour
from comment_growth
where change_per_hour is not null
order by change_per_hour desc, article_id
limit 100""",
    ),
    "daily_articles": Query(
        "Articles per day",
        "Articles published per day and site (a page without a date counts on the day newsbot first saw it).",
        """
select day, source, articles
from articles_per_day
order by day, source""",
        chart=StackedBars(x="day", y="articles", series="source"),
    ),
    "embeds_by_provider": Query(
        "Embed providers",
        "Which providers' content the articles embed, per site: embeds and articles with at least one.",
        """
select provider, source, embeds, articles
from embed_providers
order by embeds desc, provider, source""",
    ),
    "busiest_authors": Query(
        "Most prolific authors",
        "Authors by the number of articles with their byline, per site.",
        """
select author_id, name, source, articles, first_published_at, latest_published_at
from author_output
order by articles desc, name
limit 100""",
    ),
    "last_run_failures": Query(
        "What failed in the last run",
        "Pages refused in each spider's latest crawl run, with the stage and the reason.",
        """
select r.spider, r.id as crawl_run_id, f.stage, f.url, f.reason, f.created_at
from failures f join crawl_runs r on r.id = f.crawl_run_id
where f.crawl_run_id in (select max(id) from crawl_runs group by spider)
order by r.spider, f.stage, f.url""",
    ),
}
