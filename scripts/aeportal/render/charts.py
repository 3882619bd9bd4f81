"""Trend charts by month or quarter as inline SVG, each with a Markdown table of its numbers.

Made at build time in plain Python, the same input giving the same bytes. A chart reads
without colour: each series of a line chart has its own marker shape and dash pattern and
is named at the end of its line; each series of a bar chart has its own fill pattern and a
legend, and every bar its value. The colours (Okabe and Ito's palette, told apart by most
colour-blind readers) only help. The SVG has a title and a description for screen readers,
and the table beside it holds every number the chart draws.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Literal

from aeportal.check.markup import plain_text

Number = float | None
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4")
MARKERS = ("circle", "square", "triangle", "diamond", "cross", "triangle-down")
WIDTH, HEIGHT = 720, 300
LEFT, TOP, BOTTOM = 70, 34, 44
RIGHT_LINE, RIGHT_BAR = 170, 16  # room for the names at the end of the lines
MAX_X_LABELS = 12
MIN_LABEL_GAP = 14


def _plain_number(value: float) -> str:
    return f"{value:,.1f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"


@dataclass(frozen=True)
class Series:
    """One line or one set of bars: a name and a value per period (None: no data)."""

    name: str
    values: tuple[Number, ...]


@dataclass(frozen=True)
class Chart:
    """A chart of series over periods (``periods`` are their labels, oldest first)."""

    title: str
    description: str
    periods: tuple[str, ...]
    series: tuple[Series, ...]
    kind: Literal["line", "bar"] = "line"
    fmt: Callable[[float], str] = field(default=_plain_number, compare=False)
    period_header: str = "Period"
    no_data: str = "no data"

    def __post_init__(self) -> None:
        for s in self.series:
            if len(s.values) != len(self.periods):
                raise ValueError(
                    f"{self.title}: series {s.name!r} has {len(s.values)} values "
                    f"for {len(self.periods)} periods"
                )

    @property
    def key(self) -> str:
        """An id for the chart's elements, the same for the same chart."""
        text = repr((self.title, self.periods, self.series, self.kind))
        return "aep-c" + hashlib.sha256(text.encode()).hexdigest()[:10]


def _nice_step(span: float, ticks: int = 5) -> float:
    """A step of 1, 2 or 5 times a power of ten giving about ``ticks`` intervals."""
    raw = span / ticks if span > 0 else 1
    power = 10 ** math.floor(math.log10(raw))
    return float(next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw))


def _scale(values: Sequence[float]) -> tuple[float, float, float]:
    """The axis's low and high ends and its step: zero is always on the axis."""
    lo, hi = min(0.0, *values), max(0.0, *values)
    if lo == hi:
        hi = lo + 1
    step = _nice_step(hi - lo)
    return math.floor(lo / step) * step, math.ceil(hi / step) * step, step


def _marker(shape: str, x: float, y: float, colour: str, title: str) -> str:
    tip = f"<title>{escape(title)}</title>"
    style = f'fill="#fff" stroke="{colour}" stroke-width="2" class="aep-marker aep-{shape}"'
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" {style}>{tip}</circle>'
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" {style}>{tip}</rect>'
    points = {
        "triangle": ((0, -5.5), (5, 4), (-5, 4)),
        "triangle-down": ((0, 5.5), (5, -4), (-5, -4)),
        "diamond": ((0, -5.5), (5.5, 0), (0, 5.5), (-5.5, 0)),
        "cross": (
            (-2, -5), (2, -5), (2, -2), (5, -2), (5, 2), (2, 2),
            (2, 5), (-2, 5), (-2, 2), (-5, 2), (-5, -2), (-2, -2),
        ),
    }[shape]  # fmt: skip
    drawn = " ".join(f"{x + dx:.1f},{y + dy:.1f}" for dx, dy in points)
    return f'<polygon points="{drawn}" {style}>{tip}</polygon>'


def _pattern(key: str, index: int, colour: str) -> str:
    """A fill told apart without colour: solid, hatched, dotted, cross-hatched, striped."""
    pid = f"{key}-p{index}"
    kind = index % 5
    head = f'<pattern id="{pid}" patternUnits="userSpaceOnUse" width="8" height="8">'
    body = {
        0: f'<rect width="8" height="8" fill="{colour}"/>',
        1: f'<rect width="8" height="8" fill="#fff"/><path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 '
        f'l4,-4" stroke="{colour}" stroke-width="2.2"/>',
        2: f'<rect width="8" height="8" fill="#fff"/><circle cx="4" cy="4" r="2.2" '
        f'fill="{colour}"/>',
        3: f'<rect width="8" height="8" fill="#fff"/><path d="M0,0 l8,8 M8,0 l-8,8" '
        f'stroke="{colour}" stroke-width="1.6"/>',
        4: f'<rect width="8" height="8" fill="#fff"/><path d="M0,2 h8 M0,6 h8" '
        f'stroke="{colour}" stroke-width="2"/>',
    }[kind]
    return head + body + "</pattern>"


def _spread(wanted: list[tuple[float, int]], top: float, bottom: float) -> dict[int, float]:
    """Label heights near the wanted ones, at least MIN_LABEL_GAP apart, inside the plot."""
    placed: dict[int, float] = {}
    last = -math.inf
    for y, index in sorted(wanted):
        y = max(y, last + MIN_LABEL_GAP, top)
        placed[index] = y
        last = y
    overflow = last - bottom
    if overflow > 0:  # pushed below the plot: move them all up, the gaps kept
        placed = {i: y - overflow for i, y in placed.items()}
    return placed


def chart_svg(chart: Chart) -> str:
    """The chart as an SVG image with its title and description."""
    key = chart.key
    values = [v for s in chart.series for v in s.values if v is not None]
    lo, hi, step = _scale(values or [0.0])
    ticks = round((hi - lo) / step)
    tick_labels = [chart.fmt(lo + t * step) for t in range(ticks + 1)]
    # Room on the left for the longest axis label (VND amounts run to 11 characters).
    left = max(LEFT, math.ceil(max(len(t) for t in tick_labels) * 7.2 + 12))
    right = RIGHT_LINE if chart.kind == "line" else RIGHT_BAR
    plot_w = WIDTH - left - right
    plot_h = HEIGHT - TOP - BOTTOM
    n = max(len(chart.periods), 1)

    def y_of(value: float) -> float:
        return TOP + plot_h * (hi - value) / (hi - lo)

    slot = plot_w / n

    def x_of(index: int) -> float:
        return left + slot * (index + 0.5)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="aep-trend aep-{chart.kind}" '
        f'role="img" aria-labelledby="{key}-t {key}-d" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" font-family="sans-serif" font-size="12">',
        f'<title id="{key}-t">{escape(chart.title)}</title>',
        f'<desc id="{key}-d">{escape(chart.description)}</desc>',
    ]
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(chart.series))]
    if chart.kind == "bar":
        parts.append(
            "<defs>" + "".join(_pattern(key, i, c) for i, c in enumerate(colours)) + "</defs>"
        )
    # Grid and y axis, labelled with the chart's own number format.
    for t, label in enumerate(tick_labels):
        value = lo + t * step
        y = y_of(value)
        stroke = "#455a64" if abs(value) < step / 1e6 else "#e0e0e0"
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{stroke}"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#37474f">'
            f"{escape(label)}</text>"
        )
    # As many period labels as fit side by side (a 12-pixel font is about 7 pixels a
    # character), at most MAX_X_LABELS.
    longest = max((len(p) for p in chart.periods), default=1)
    fit = max(1, int(plot_w // (longest * 7.2 + 12)))
    every = math.ceil(n / min(fit, MAX_X_LABELS))
    for i, period in enumerate(chart.periods):
        if (n - 1 - i) % every == 0:  # counted back from the latest period, always shown
            parts.append(
                f'<text x="{x_of(i):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" '
                f'fill="#37474f" class="aep-period">{escape(period)}</text>'
            )
    if not values:
        parts.append(
            f'<text x="{left + plot_w / 2:.1f}" y="{TOP + plot_h / 2:.1f}" '
            f'text-anchor="middle" fill="#37474f">{escape(chart.no_data)}</text>'
        )
    elif chart.kind == "line":
        parts += _lines(chart, colours, x_of, y_of, left + plot_w)
    else:
        parts += _bars(chart, colours, slot, x_of, y_of, key, left)
    parts.append("</svg>")
    return "".join(parts)


def _lines(
    chart: Chart,
    colours: list[str],
    x_of: Callable[[int], float],
    y_of: Callable[[float], float],
    end: float,
) -> list[str]:
    parts: list[str] = []
    ends: list[tuple[float, int]] = []
    for index, (s, colour) in enumerate(zip(chart.series, colours, strict=True)):
        dash = DASHES[index % len(DASHES)]
        shape = MARKERS[index % len(MARKERS)]
        path, pen_down = [], False
        for i, v in enumerate(s.values):
            if v is None:
                pen_down = False  # a gap in the data is a gap in the line
                continue
            path.append(f"{'L' if pen_down else 'M'}{x_of(i):.1f},{y_of(v):.1f}")
            pen_down = True
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<path d="{" ".join(path)}" fill="none" stroke="{colour}" stroke-width="2.5"'
            f'{dashed} class="aep-series" data-series="{escape(s.name)}"/>'
        )
        for i, v in enumerate(s.values):
            if v is not None:
                tip = f"{s.name}, {chart.periods[i]}: {chart.fmt(v)}"
                parts.append(_marker(shape, x_of(i), y_of(v), colour, tip))
        shown = [v for v in s.values if v is not None]
        if shown:
            ends.append((y_of(shown[-1]), index))
    placed = _spread(ends, TOP, HEIGHT - BOTTOM)
    for index, y in sorted(placed.items()):
        s = chart.series[index]
        last_value = next(v for v in reversed(s.values) if v is not None)
        shape = MARKERS[index % len(MARKERS)]
        # The name at the end of the line, with its marker: the legend is on the line.
        parts.append(_marker(shape, end + 12, y, colours[index], s.name))
        parts.append(
            f'<text x="{end + 22:.1f}" y="{y + 4:.1f}" fill="#263238" class="aep-label">'
            f"{escape(s.name)}: {escape(chart.fmt(last_value))}</text>"
        )
    return parts


def _bars(
    chart: Chart,
    colours: list[str],
    slot: float,
    x_of: Callable[[int], float],
    y_of: Callable[[float], float],
    key: str,
    left: float,
) -> list[str]:
    parts: list[str] = []
    count = len(chart.series)
    bar_w = min(slot * 0.8 / max(count, 1), 48)
    zero = y_of(0)
    # A value above each bar when every one fits its bar's width (a 10-pixel font is about
    # 6 pixels a character); otherwise the table under the chart carries them.
    widest = max((len(chart.fmt(v)) for s in chart.series for v in s.values if v), default=0)
    label_values = widest * 6 <= bar_w + 4
    for index, (s, colour) in enumerate(zip(chart.series, colours, strict=True)):
        for i, v in enumerate(s.values):
            if v is None:
                continue
            x = x_of(i) - bar_w * count / 2 + index * bar_w
            top, bottom = sorted((y_of(v), zero))
            tip = f"{s.name}, {chart.periods[i]}: {chart.fmt(v)}"
            parts.append(
                f'<rect x="{x:.1f}" y="{top:.1f}" width="{bar_w - 1:.1f}" '
                f'height="{max(bottom - top, 0.5):.1f}" fill="url(#{key}-p{index})" '
                f'stroke="{colour}" stroke-width="1.2" class="aep-bar" '
                f'data-series="{escape(s.name)}"><title>{escape(tip)}</title></rect>'
            )
            if label_values and v != 0:  # a zero is its flat bar; the table says it
                ly = top - 4 if v >= 0 else bottom + 12
                parts.append(
                    f'<text x="{x + bar_w / 2:.1f}" y="{ly:.1f}" text-anchor="middle" '
                    f'font-size="10" fill="#263238" class="aep-value">'
                    f"{escape(chart.fmt(v))}</text>"
                )
    # The legend: each series' pattern and name, above the plot.
    x = left
    for index, s in enumerate(chart.series):
        parts.append(
            f'<rect x="{x}" y="8" width="16" height="12" fill="url(#{key}-p{index})" '
            f'stroke="{colours[index]}" class="aep-swatch"/>'
        )
        parts.append(f'<text x="{x + 21}" y="18" fill="#263238">{escape(s.name)}</text>')
        x += 34 + 7 * len(s.name)
    return parts


def _cell(text: str) -> str:
    return str(plain_text(text))  # `|` and a leading `-` as entities: a cell, as written


def chart_table(chart: Chart) -> str:
    """The chart's numbers as a Markdown table: a row per period, a column per series."""
    head = [chart.period_header, *(s.name for s in chart.series)]
    lines = [
        "| " + " | ".join(_cell(h) for h in head) + " |",
        "|" + "---|" + "---:|" * len(chart.series),
    ]
    for i, period in enumerate(chart.periods):
        cells = [
            "—" if s.values[i] is None else chart.fmt(s.values[i])  # type: ignore[arg-type]
            for s in chart.series
        ]
        lines.append("| " + " | ".join([_cell(period), *(_cell(c) for c in cells)]) + " |")
    return "\n".join(lines) + "\n"


def chart_block(chart: Chart, numbers: str = "The numbers") -> str:
    """The chart and, under it, its table (folded under ``numbers``): Markdown for a page."""
    return (
        f'<div class="aep-chart">{chart_svg(chart)}</div>\n\n'
        f'<details class="aep-numbers" markdown>\n<summary>{escape(numbers)}</summary>\n\n'
        f"{chart_table(chart)}\n</details>\n"
    )
