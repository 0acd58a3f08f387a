"""Line charts as inline SVG, drawn on the server: no script, no CDN, readable by screen readers.

The SVG carries a <title> and <desc>; the page adds the numbers as a table. Sizes are in
viewBox units and the chart scales to its container.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

WIDTH, HEIGHT = 960, 400
TOP = 20


@dataclass(frozen=True)
class Line:
    label: str
    values: Sequence[float | None]
    main: bool = True
    """The main line is solid with its latest point marked; others are drawn lighter."""


def nice_ticks(low: float, high: float, *, count: int = 5) -> list[float]:
    """Round tick values covering [low, high]: steps of 1, 2, 2.5 or 5 times a power of ten."""
    if high <= low:
        high = low + (abs(low) or 1.0)
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    last = math.ceil(high / step) * step
    return [first + i * step for i in range(round((last - first) / step) + 1)]


def line_chart(
    *,
    chart_id: str,
    days: Sequence[date],
    lines: Sequence[Line],
    title: str,
    description: str,
    y_format: Callable[[float], str],
    x_format: Callable[[date], str],
    include_zero: bool = True,
    font_size: int = 13,
) -> Markup:
    known = [v for line in lines for v in line.values if v is not None]
    low, high = (min(known), max(known)) if known else (0.0, 1.0)
    ticks = nice_ticks(min(low, 0.0) if include_zero else low, high)
    y_labels = [y_format(tick) for tick in ticks]
    plot = _Plot(
        count=len(days),
        low=ticks[0],
        high=ticks[-1],
        # room for the longest tick label; half an x label past the last day
        left=round(max(len(label) for label in y_labels) * font_size * 0.62) + 14,
        right=round(font_size * 2),
        bottom=round(font_size * 2.4),
    )
    left, right, base = plot.left, WIDTH - plot.right, HEIGHT - plot.bottom
    parts = [
        f'<svg class="chart" id="{chart_id}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-size="{font_size}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        '<g class="grid" aria-hidden="true">',
    ]
    for tick, label in zip(ticks, y_labels, strict=True):
        y = plot.y(tick)
        parts.append(f'<line x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(
            f'<text class="tick" x="{left - 10}" y="{y + font_size * 0.35:.1f}" '
            f'text-anchor="end">{escape(label)}</text>'
        )
    for index in _x_label_indexes(len(days)):
        x = plot.x(index)
        parts.append(
            f'<line class="x-tick" x1="{x:.1f}" x2="{x:.1f}" y1="{base}" y2="{base + 5}"/>'
        )
        parts.append(
            f'<text class="tick" x="{x:.1f}" y="{base + 8 + font_size}" '
            f'text-anchor="middle">{escape(x_format(days[index]))}</text>'
        )
    parts.append(f'<line class="axis" x1="{left}" x2="{right}" y1="{base}" y2="{base}"/></g>')
    for line in lines:
        parts.extend(_path(line, plot))
    parts.append("</svg>")
    return Markup("".join(parts))


@dataclass(frozen=True)
class _Plot:
    count: int
    low: float
    high: float
    left: int
    right: int
    bottom: int

    def x(self, index: int) -> float:
        span = WIDTH - self.left - self.right
        return self.left + (span * index / (self.count - 1) if self.count > 1 else span / 2)

    def y(self, value: float) -> float:
        span = HEIGHT - TOP - self.bottom
        return TOP + span * (1 - (value - self.low) / (self.high - self.low))


def _x_label_indexes(count: int, *, most: int = 8) -> list[int]:
    """Label the last day and every `step`-th day before it, at most `most` labels."""
    step = max(1, math.ceil(count / most))
    return sorted(range(count - 1, -1, -step))


def _path(line: Line, plot: _Plot) -> list[str]:
    """One path; a missing value breaks it, so a gap is shown as a gap, not as zero."""
    css_class = "line-main" if line.main else "line-secondary"
    commands, pen_down = [], False
    for index, value in enumerate(line.values):
        if value is None:
            pen_down = False
            continue
        commands.append(f"{'L' if pen_down else 'M'}{plot.x(index):.1f},{plot.y(value):.1f}")
        pen_down = True
    out = [f'<path class="{css_class}" d="{" ".join(commands)}" aria-hidden="true"/>']
    last = next(((i, v) for i, v in reversed(list(enumerate(line.values))) if v is not None), None)
    if last is not None and line.main:
        out.append(
            f'<circle class="dot" cx="{plot.x(last[0]):.1f}" '
            f'cy="{plot.y(last[1]):.1f}" r="4.5" aria-hidden="true"/>'
        )
    return out
