"""``newsbot stats`` output: articles per source and the last crawl runs, as a table, JSON or CSV.

Each table is a tuple of ``Column``s: its name (the JSON key and CSV header), its heading and width in the text
table, and how to read its value from a row. A new per-run figure is one more ``Column`` in ``RUN_COLUMNS``; the
three formats follow.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TextIO

from newsbot.storage.models import CrawlRun

FORMATS = ("table", "json", "csv")
#: The tables ``--only`` can pick; CSV writes one of them (runs unless told).
TABLES = ("sources", "runs")


@dataclass(frozen=True)
class Column:
    """One column of a report: ``name`` in JSON and CSV, ``heading`` ``width`` characters wide in the table."""

    name: str
    heading: str
    width: int
    value: Callable[[Any], Any]
    left: bool = False  # text columns align left, numbers right


def _stat(key: str) -> Callable[[CrawlRun], int | None]:
    """A figure from the run's Scrapy stats (0 when the run counted none); None while the run has no stats yet."""
    return lambda run: None if run.stats is None else int(run.stats.get(key, 0))


SOURCE_COLUMNS: tuple[Column, ...] = (
    Column("source", "source", 15, lambda row: row[0], left=True),
    Column("articles", "articles", 9, lambda row: row[1]),
    Column("snapshots", "snapshots", 10, lambda row: row[2]),
)

RUN_COLUMNS: tuple[Column, ...] = (
    Column("run", "run", 4, lambda run: run.id),
    Column("spider", "spider", 12, lambda run: run.spider, left=True),
    Column("started_at", "started (UTC)", 20, lambda run: run.started_at, left=True),
    Column("finish_reason", "reason", 9, lambda run: run.finish_reason or "running", left=True),
    Column("pages", "pages", 6, lambda run: run.pages_fetched),
    # New articles only: crawl_runs.items_stored counts the updated ones too.
    Column("new", "new", 5, _stat("newsbot/articles/new")),
    Column("updated", "updated", 8, _stat("newsbot/articles/changed")),
    Column("unchanged", "same", 6, lambda run: run.items_unchanged),
    Column("duplicates", "dup", 5, lambda run: run.duplicates),
    Column("failures", "fail", 6, lambda run: run.failures),
)


def records(columns: Sequence[Column], rows: Iterable[Any]) -> list[dict[str, Any]]:
    """Each row as a dict of its columns' values, in column order."""
    return [{column.name: column.value(row) for column in columns} for row in rows]


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return str(value)


def write_table(out: TextIO, columns: Sequence[Column], rows: Iterable[Any]) -> None:
    """A text table with a heading line, columns a space apart."""

    def line(cells: list[str]) -> str:
        return " ".join(
            f"{cell:<{c.width}}" if c.left else f"{cell:>{c.width}}" for c, cell in zip(columns, cells, strict=True)
        ).rstrip()

    out.write(line([c.heading for c in columns]) + "\n")
    for record in records(columns, rows):
        out.write(line([_cell(value) for value in record.values()]) + "\n")


def write_csv(out: TextIO, columns: Sequence[Column], rows: Iterable[Any]) -> None:
    """CSV with a header row; times in ISO 8601, a missing figure as an empty cell."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.name for c in columns])
    for record in records(columns, rows):
        writer.writerow(["" if v is None else v.isoformat() if isinstance(v, datetime) else v for v in record.values()])


def write_json(out: TextIO, tables: dict[str, list[dict[str, Any]]], alerts: list[str]) -> None:
    """One JSON object: each table as a list of objects, and the health alerts."""
    document = {**tables, "alerts": alerts}
    out.write(json.dumps(document, default=lambda v: v.isoformat(), ensure_ascii=False, indent=2) + "\n")
