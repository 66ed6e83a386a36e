"""Charts as inline SVG, drawn on the server: no JavaScript and nothing fetched, so they work offline and in print.

Each mark carries a class (``line``, ``point``, ``bar``) and a ``<title>`` (the browser's tooltip) with its value.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime
from html import escape

WIDTH, HEIGHT = 760, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 34, 44
#: Colours of the series, in order (the Tableau 10 palette: distinct for most colour-blind readers too).
PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f")
#: At most this many labels under the x axis; the others are left out so that they do not overlap.
MAX_X_LABELS = 10


def as_time(value: object) -> datetime:
    """A time from SQLite text (``2026-01-01 10:00:00.000000``, with or without offset) or a datetime, as UTC."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def nice_top(value: float, ticks: int = 4) -> float:
    """The top of a y axis of ``ticks`` equal, round steps (at least 1: the charts count things) reaching ``value``."""
    wanted = max(value / ticks, 1.0)
    power = 10 ** math.floor(math.log10(wanted))
    return ticks * next(step * power for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10) if step * power >= wanted)


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _label_x(x: float) -> float:
    """An x for a centred axis label that keeps its text (up to 16 characters) inside the svg."""
    return min(max(x, LEFT + 30), WIDTH - RIGHT - 30)


def _frame(title: str, label: str, top: float) -> list[str]:
    """The svg's opening, its title, the y axis with four gridlines, and the x axis line."""
    plot_h = HEIGHT - TOP - BOTTOM
    parts = [
        f'<svg class="newsbot-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(label)}" '
        'font-family="sans-serif" font-size="11">',
        f'<text class="chart-title" x="{LEFT}" y="18" font-size="13" font-weight="bold">{escape(title)}</text>',
    ]
    for i in range(5):
        value = top * i / 4
        y = TOP + plot_h - plot_h * i / 4
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{_number(value)}</text>')
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
    """``rows`` (x, series, value) as one bar per x, in first-seen order, stacked by series, with a legend."""
    xs = list(dict.fromkeys(x for x, _, _ in rows))
    series = sorted({s for _, s, _ in rows})
    colour = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(series)}
    totals: dict[str, float] = dict.fromkeys(xs, 0.0)
    for x_value, _, value in rows:
        totals[x_value] += value
    top = nice_top(max(totals.values()))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    band = plot_w / len(xs)
    bar_w = max(band * 0.8, 1.0)
    parts = _frame(title, f"{title}: {y_label} per {len(xs)} values, stacked by {', '.join(series)}", top)
    stacked: dict[str, float] = dict.fromkeys(xs, 0.0)
    for x_value, name, value in rows:
        index = xs.index(x_value)
        height = plot_h * value / top
        bottom = TOP + plot_h - plot_h * stacked[x_value] / top
        stacked[x_value] += value
        parts.append(
            f'<rect class="bar" data-x="{escape(x_value)}" data-series="{escape(name)}" '
            f'x="{LEFT + index * band + (band - bar_w) / 2:.1f}" y="{bottom - height:.1f}" '
            f'width="{bar_w:.1f}" height="{height:.1f}" fill="{colour[name]}">'
            f"<title>{escape(x_value)}, {escape(name)}: {_number(value)} {escape(y_label)}</title></rect>"
        )
    every = math.ceil(len(xs) / MAX_X_LABELS)
    for index in range(0, len(xs), every):
        parts.append(
            f'<text x="{_label_x(LEFT + index * band + band / 2):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">'
            f"{escape(xs[index])}</text>"
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
