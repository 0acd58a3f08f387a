"""The overview page's content: KPI cards (this period against the last) and the daily chart.

Roll-ups follow the metrics' rule (`domain/indicators/metrics.py`): a total sums its
numerators; a rate or an average recomputes sum(numerator) / sum(denominator), never an average
of daily values.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

from markupsafe import Markup

from pinzhi.domain.indicators.queries import Point, Series
from pinzhi.interfaces.console import charts, formats
from pinzhi.interfaces.console.formats import Unit

PERIOD_DAYS = 7
RANGES = (30, 60, 90)


def first_day_needed(end: date, days: int) -> date:
    """The earliest day the page reads: the chart's range, the week before its first day for
    the trailing average, and at least two periods for the KPI comparison."""
    return end - timedelta(days=max(days + PERIOD_DAYS, 2 * PERIOD_DAYS) - 1)


@dataclass(frozen=True)
class Indicator:
    metric: str
    unit: Unit
    higher_is_better: bool

    @property
    def total(self) -> bool:
        return self.unit in (Unit.COUNT, Unit.FEN)


CORE = (
    Indicator("orders", Unit.COUNT, higher_is_better=True),
    Indicator("gmv_fen", Unit.FEN, higher_is_better=True),
    Indicator("cancellation_rate", Unit.RATE, higher_is_better=False),
    Indicator("late_shipment_rate", Unit.RATE, higher_is_better=False),
    Indicator("late_delivery_rate", Unit.RATE, higher_is_better=False),
    Indicator("refund_rate", Unit.RATE, higher_is_better=False),
    Indicator("avg_review_score", Unit.SCORE, higher_is_better=True),
)
BY_METRIC = {indicator.metric: indicator for indicator in CORE}


def rollup(points: Sequence[Point], indicator: Indicator) -> float | None:
    if not points:
        return None
    numerator = sum(p.numerator for p in points)
    if indicator.total:
        return float(numerator)
    denominator = sum(p.denominator for p in points)
    return numerator / denominator if denominator else None


@dataclass(frozen=True)
class Card:
    indicator: Indicator
    label: str
    value: str
    trend: str
    """up, down, flat or none."""
    delta: str
    verdict: str | None
    """better / worse, in words; None when flat or unknown."""
    good: bool | None


def cards(series: dict[str, Series], *, end: date, lang: str, t: Callable[..., str]) -> list[Card]:
    current = (end - timedelta(days=PERIOD_DAYS - 1), end)
    previous = (current[0] - timedelta(days=PERIOD_DAYS), current[0] - timedelta(days=1))
    out = []
    for indicator in CORE:
        points = series[indicator.metric].points if indicator.metric in series else ()
        now_value = rollup(_between(points, *current), indicator)
        before = rollup(_between(points, *previous), indicator)
        out.append(_card(indicator, now_value, before, lang=lang, t=t))
    return out


def _card(
    indicator: Indicator,
    now_value: float | None,
    before: float | None,
    *,
    lang: str,
    t: Callable[..., str],
) -> Card:
    label, shown = t(f"metric_{indicator.metric}"), formats.value(now_value, indicator.unit, lang)
    if now_value is None or before is None or (indicator.total and before == 0):
        return Card(indicator, label, shown, "none", t("delta_none"), None, None)
    change, size = _change(indicator, now_value, before)
    if size == _change_text(indicator, 0.0):
        return Card(indicator, label, shown, "flat", t("delta_flat"), None, None)
    good = (change > 0) == indicator.higher_is_better
    trend = "up" if change > 0 else "down"
    delta = t(f"delta_{trend}", delta=_localised(indicator, size, t))
    return Card(
        indicator, label, shown, trend, delta, t("delta_better" if good else "delta_worse"), good
    )


def _change(indicator: Indicator, now_value: float, before: float) -> tuple[float, str]:
    """Totals change in percent; rates in percentage points; scores in points."""
    change = (now_value - before) / before if indicator.total else now_value - before
    return change, _change_text(indicator, abs(change))


def _change_text(indicator: Indicator, size: float) -> str:
    if indicator.unit is Unit.SCORE:
        return f"{size:.2f}"
    return f"{size * 100:.1f}"


def _localised(indicator: Indicator, size: str, t: Callable[..., str]) -> str:
    if indicator.unit is Unit.RATE:
        return t("percentage_points", value=size)
    return f"{size}%" if indicator.total else size


def _between(points: Sequence[Point], start: date, end: date) -> list[Point]:
    return [p for p in points if start <= p.day <= end]


@dataclass(frozen=True)
class Chart:
    svg: Markup
    title: str
    period: str
    summary: str
    rows: list[tuple[str, str]]
    empty: bool


def chart(
    series: Series | None,
    indicator: Indicator,
    *,
    end: date,
    days: int,
    lang: str,
    t: Callable[..., str],
    large: bool = False,
) -> Chart:
    """The daily values and their trailing 7-day roll-up over the `days` up to `end`."""
    span = [end - timedelta(days=days - 1 - i) for i in range(days)]
    points = series.points if series else ()
    by_day = {p.day: p for p in points}
    daily = [_daily(by_day.get(d), indicator) for d in span]
    average = [_trailing(points, d, indicator) for d in span]
    show = partial(formats.value, unit=indicator.unit, lang=lang)
    label = t(f"metric_{indicator.metric}")
    start, finish = formats.day(span[0], lang), formats.day(end, lang)
    known = [v for v in daily if v is not None]
    summary = t("chart_no_data")
    if known:
        low, high, last = show(min(known)), show(max(known)), show(known[-1])
        summary = t(
            "chart_summary", metric=label, count=len(known), start=start, end=finish,
            low=low, high=high, last=last,
        )  # fmt: skip
    svg = charts.line_chart(
        chart_id="trend",
        days=span,
        lines=[
            charts.Line(t("chart_average"), average, main=False),
            charts.Line(t("chart_daily"), daily),
        ],
        title=t("chart_title", metric=label),
        description=summary,
        y_format=partial(formats.axis_value, unit=indicator.unit, lang=lang),
        x_format=partial(formats.short_day, lang=lang),
        include_zero=indicator.unit is not Unit.SCORE,
        font_size=22 if large else 15,
    )
    return Chart(
        svg=svg,
        title=t("chart_title", metric=label),
        period=t("chart_period", start=start, end=finish),
        summary=summary,
        rows=[(formats.day(d, lang), show(v)) for d, v in zip(span, daily, strict=True)],
        empty=not known,
    )


def _trailing(points: Sequence[Point], day: date, indicator: Indicator) -> float | None:
    """The roll-up of the week ending on `day`; for a total, its mean day (a week's sum would
    dwarf the daily line)."""
    week = _between(points, day - timedelta(days=PERIOD_DAYS - 1), day)
    value = rollup(week, indicator)
    return value / len(week) if value is not None and indicator.total else value


def _daily(point: Point | None, indicator: Indicator) -> float | None:
    if point is None:
        return None
    return float(point.numerator) if indicator.total else point.value
