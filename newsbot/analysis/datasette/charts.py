"""Charts as inline SVG, drawn on the server: no JavaScript and nothing fetched, so they work offline and in print.

Each mark carries a class (``line``, ``point``, ``bar``) and a ``<title>`` (the browser's tooltip) with its value.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from html import escape

WIDTH, HEIGHT = 760, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 34, 44
#: Colours of the series, in order (the Tableau 10 palette: distinct for most colour-blind readers too).
PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f")
#: The narrowest bar drawn: a day of a chart that spans years is a fraction of a pixel wide.
MIN_BAR_PX = 2.0


def as_time(value: object) -> datetime:
    """A time from SQLite text (``2026-01-01 10:00:00.000000``, with or without offset) or a datetime, as UTC."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def nice_top(value: float, ticks: int = 4) -> float:
    """The top of a y axis of ``ticks`` equal, round, whole steps (the charts count things) reaching ``value``."""
    wanted = max(value / ticks, 1.0)
    power = 10 ** math.floor(math.log10(wanted))
    steps = (step * power for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10))
    return ticks * next(step for step in steps if step >= wanted and float(step).is_integer())


#: Pixels per character of an axis label (11 px sans-serif digits are about 6.2 px wide) and the least gap between
#: two labels: ticks are spaced so that no two labels can touch.
CHAR_PX, LABEL_GAP_PX = 7.0, 14.0
#: Tick intervals of a day axis, finest first: (days, months, years) apart, and the label format at that interval.
_DAY_TICKS = (
    ((1, 0, 0), "%Y-%m-%d"), ((2, 0, 0), "%Y-%m-%d"), ((7, 0, 0), "%Y-%m-%d"), ((14, 0, 0), "%Y-%m-%d"),
    ((0, 1, 0), "%Y-%m"), ((0, 2, 0), "%Y-%m"), ((0, 3, 0), "%Y-%m"), ((0, 6, 0), "%Y-%m"),
    ((0, 0, 1), "%Y"), ((0, 0, 2), "%Y"), ((0, 0, 5), "%Y"), ((0, 0, 10), "%Y"), ((0, 0, 25), "%Y"),
)  # fmt: skip


def _ticks_from(first: date, last: date, every: tuple[int, int, int]) -> list[date]:
    """Dates from ``first`` to ``last`` at round places: every n-th day, first of every n-th month, or n-th year."""
    days, months, years = every
    if days:
        start = first + timedelta(days=(-first.toordinal()) % days) if days > 1 else first
        return [start + timedelta(days=n) for n in range(0, (last - start).days + 1, days)]
    step = months or 12 * years
    index = first.year * 12 + first.month - 1
    index += -index % step
    if index == first.year * 12 + first.month - 1 and first.day > 1:
        index += step
    ticks = []
    while (moment := date(index // 12, index % 12 + 1, 1)) <= last:
        ticks.append(moment)
        index += step
    return ticks


def day_ticks(first: date, last: date, width: float) -> list[tuple[date, str]]:
    """Labelled ticks for days ``first`` to ``last`` drawn ``width`` px wide: the finest round interval whose labels,
    each centred on its tick, cannot overlap."""
    span = (last - first).days + 1
    for every, fmt in _DAY_TICKS:
        ticks = _ticks_from(first, last, every)
        label = CHAR_PX * len(first.strftime(fmt)) + LABEL_GAP_PX
        if len(ticks) < 2 or min(b - a for a, b in itertools.pairwise(ticks)).days * width / span >= label:
            return [(tick, tick.strftime(fmt)) for tick in ticks]
    return [(first, first.strftime("%Y"))]


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _frame(title: str, label: str, top: float) -> list[str]:
    """The svg's opening, its title, the y axis with four gridlines, and the x axis line."""
    plot_h = HEIGHT - TOP - BOTTOM
    parts = [
        f'<svg class="newsbot-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" style="max-width: 100%; height: auto" role="img" '
        f'aria-label="{escape(label)}" '
        'font-family="sans-serif" font-size="11">',
        f'<text class="chart-title" x="{LEFT}" y="18" font-size="13" font-weight="bold">{escape(title)}</text>',
    ]
    for i in range(5):
        value = top * i / 4
        y = TOP + plot_h - plot_h * i / 4
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(f'<text class="y-label" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{_number(value)}</text>')
    parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{TOP + plot_h}" y2="{TOP + plot_h}" stroke="#333"/>')
    return parts


def line_chart(points: Sequence[tuple[datetime, float]], *, title: str, y_label: str) -> str:
    """``points`` (time, value) as a line with a circle per point, times to scale on the x axis."""
    points = sorted(points)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = nice_top(max(value for _, value in points))
    start, end = points[0][0], points[-1][0]
    span = (end - start).total_seconds()

    def x(moment: datetime) -> float:
        return LEFT + (plot_w * (moment - start).total_seconds() / span if span else plot_w / 2)

    def y(value: float) -> float:
        return TOP + plot_h - plot_h * value / top

    parts = _frame(title, f"{title}: {y_label} over time", top)
    path = " ".join(f"{'M' if i == 0 else 'L'}{x(t):.1f},{y(v):.1f}" for i, (t, v) in enumerate(points))
    parts.append(f'<path class="line" d="{path}" fill="none" stroke="{PALETTE[0]}" stroke-width="2"/>')
    for moment, value in points:
        parts.append(
            f'<circle class="point" cx="{x(moment):.1f}" cy="{y(value):.1f}" r="3.5" fill="{PALETTE[0]}">'
            f"<title>{moment:%Y-%m-%d %H:%M} UTC: {_number(value)} {escape(y_label)}</title></circle>"
        )
    labels = [(start, "start")] if not span else [(start, "start"), (end, "end")]
    for moment, anchor in labels:
        parts.append(
            f'<text x="{x(moment):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="{anchor if span else "middle"}">'
            f"{moment:%Y-%m-%d %H:%M}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def stacked_bars(rows: Sequence[tuple[str, str, float]], *, title: str, y_label: str) -> str:
    """``rows`` (day ``YYYY-MM-DD``, series, value) as one bar per day stacked by series, with a legend.

    The x axis is time to scale: each day is a slot of equal width from the first day to the last, so a quiet month
    is a gap, and a bar is never narrower than ``MIN_BAR_PX``.
    """
    days = sorted({date.fromisoformat(x) for x, _, _ in rows})
    series = sorted({s for _, s, _ in rows})
    colour = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(series)}
    totals: dict[str, float] = {}
    for x_value, _, value in rows:
        totals[x_value] = totals.get(x_value, 0.0) + value
    top = nice_top(max(totals.values()))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    first, last = days[0], days[-1]
    slot = plot_w / ((last - first).days + 1)
    bar_w = max(slot * 0.8, MIN_BAR_PX)

    def x(day: date) -> float:
        """The centre of ``day``'s slot."""
        return LEFT + slot * ((day - first).days + 0.5)

    parts = _frame(title, f"{title}: {y_label} per day from {first} to {last}, stacked by {', '.join(series)}", top)
    stacked: dict[str, float] = {}
    for x_value, name, value in rows:
        height = plot_h * value / top
        bottom = TOP + plot_h - plot_h * stacked.get(x_value, 0.0) / top
        stacked[x_value] = stacked.get(x_value, 0.0) + value
        parts.append(
            f'<rect class="bar" data-x="{escape(x_value)}" data-series="{escape(name)}" '
            f'x="{x(date.fromisoformat(x_value)) - bar_w / 2:.1f}" y="{bottom - height:.1f}" '
            f'width="{bar_w:.1f}" height="{height:.1f}" fill="{colour[name]}">'
            f"<title>{escape(x_value)}, {escape(name)}: {_number(value)} {escape(y_label)}</title></rect>"
        )
    axis = TOP + plot_h
    for tick, label in day_ticks(first, last, plot_w):
        # A day's label sits under its bar; a month's or a year's where it starts.
        at = x(tick) if len(label) == len("YYYY-MM-DD") else LEFT + slot * (tick - first).days
        half = CHAR_PX * len(label) / 2
        if at - half < 0 or at + half > WIDTH:
            continue  # a label the svg would cut off
        parts.append(
            f'<line class="tick" x1="{at:.1f}" x2="{at:.1f}" y1="{axis}" y2="{axis + 4}" stroke="#333"/>'
            f'<text class="x-label" x="{at:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">{label}</text>'
        )
    legend_x = LEFT
    for name in series:
        parts.append(
            f'<g class="legend"><rect x="{legend_x}" y="{HEIGHT - 14}" width="10" height="10" fill="{colour[name]}"/>'
            f'<text x="{legend_x + 14}" y="{HEIGHT - 5}">{escape(name)}</text></g>'
        )
        legend_x += 24 + 7 * len(name)
    parts.append("</svg>")
    return "".join(parts)
