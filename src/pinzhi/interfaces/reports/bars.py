"""Horizontal bar charts as inline SVG (the report's counts and shares), drawn like
`console.charts`: no script, a <title> and <desc>, the numbers also given as a table."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

WIDTH = 960


def bar_chart(
    *,
    chart_id: str,
    bars: Sequence[tuple[str, float]],
    title: str,
    description: str,
    value_format: str = "{:g}",
    font_size: int = 14,
    classes: Sequence[str] = (),
) -> Markup:
    """One bar per (label, value), longest label room on the left, value at the bar's end;
    `classes` gives each bar's CSS class (default "bar")."""
    if not bars:
        return Markup("")
    bar, gap = round(font_size * 1.7), round(font_size * 0.6)
    left = min(WIDTH // 2, round(max(_ems(label) for label, _ in bars) * font_size) + 16)
    right = round(font_size * 5)
    span = WIDTH - left - right
    high = max(value for _, value in bars) or 1.0
    height = len(bars) * (bar + gap) + gap
    parts = [
        f'<svg class="chart bars" id="{chart_id}" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-size="{font_size}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for index, (label, value) in enumerate(bars):
        y = gap + index * (bar + gap)
        css_class = classes[index] if classes else "bar"
        width = max(1.0, span * value / high)
        middle = y + bar / 2 + font_size * 0.35
        parts.append(
            f'<text class="tick" x="{left - 8}" y="{middle:.1f}" text-anchor="end">'
            f"{escape(label)}</text>"
            f'<rect class="{css_class}" x="{left}" y="{y}" width="{width:.1f}" '
            f'height="{bar}" rx="3"/>'
            f'<text class="value" x="{left + width + 6:.1f}" y="{middle:.1f}">'
            f"{escape(value_format.format(value))}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _ems(text: str) -> float:
    """Roughly how wide a label is in ems: a Chinese character is square, Latin about half."""
    return sum(1.0 if ord(char) > 0x2E80 else 0.6 for char in text)
