"""Key indicators of the period against their limits and the previous period, and SLA
attainment per channel against the S1 9.2 limits (S1 10.1.2)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from pinzhi.domain.attainment.queries import MeasureSeries, attainment_series, rollup
from pinzhi.domain.indicators.queries import Point, Series, indicator_series
from pinzhi.domain.oversight.warning_rules import DEFAULT_LIMITS
from pinzhi.domain.reports.context import ReportContext
from pinzhi.domain.reports.periods import Period

KEY_METRICS = (
    "orders",
    "gmv_fen",
    "cancellation_rate",
    "late_shipment_rate",
    "late_delivery_rate",
    "refund_rate",
    "avg_review_score",
)
HIGHER_IS_BETTER = frozenset({"orders", "gmv_fen", "avg_review_score"})
TOTALS = frozenset({"orders", "gmv_fen"})


@dataclass(frozen=True)
class IndicatorLine:
    metric: str
    value: float | None
    previous: float | None
    limit: float | None
    """The upper limit the platform holds merchants to (oversight's limits), where one exists."""
    higher_is_better: bool

    @property
    def meets_limit(self) -> bool | None:
        if self.limit is None or self.value is None:
            return None
        return self.value <= self.limit

    @property
    def better(self) -> bool | None:
        """Whether the period did better than the previous one; None when either is unknown."""
        if self.value is None or self.previous is None or self.value == self.previous:
            return None
        return (self.value > self.previous) == self.higher_is_better


@dataclass(frozen=True)
class KeyIndicators:
    lines: tuple[IndicatorLine, ...]
    days: tuple[date, ...]
    daily: dict[str, tuple[float | None, ...]]
    """The platform's value of each metric on each day of the period (for the charts)."""


@dataclass(frozen=True)
class MeasureLine:
    channel: str
    measure: str
    limit_seconds: float
    basis: str
    within_share: float | None
    previous_within_share: float | None
    breaches: int
    samples: int
    mean_seconds: float | None
    meets_limit: bool | None


@dataclass(frozen=True)
class Attainment:
    lines: tuple[MeasureLine, ...]


def pooled(points: Sequence[Point], *, total: bool) -> float | None:
    """A metric over several days: the sum for a total, sum(num) / sum(den) for a rate."""
    if not points:
        return None
    numerator = sum(p.numerator for p in points)
    if total:
        return float(numerator)
    denominator = sum(p.denominator for p in points)
    return numerator / denominator if denominator else None


def _platform(context: ReportContext, period: Period) -> dict[str, Series]:
    found = indicator_series(
        uow=context.uow,
        actor=context.reader,
        start=period.start,
        end=period.end,
        metrics=KEY_METRICS,
    )
    return {series.metric: series for series in found}


def key_indicators(context: ReportContext) -> KeyIndicators:
    now, before = _platform(context, context.period), _platform(context, context.previous)
    lines = tuple(
        IndicatorLine(
            metric,
            pooled(now[metric].points, total=metric in TOTALS),
            pooled(before[metric].points, total=metric in TOTALS),
            float(DEFAULT_LIMITS[metric]) if metric in DEFAULT_LIMITS else None,
            metric in HIGHER_IS_BETTER,
        )
        for metric in KEY_METRICS
    )
    days = tuple(context.period.day_list())
    daily = {}
    for metric in KEY_METRICS:
        by_day = {p.day: p.value for p in now[metric].points}
        daily[metric] = tuple(by_day.get(day) for day in days)
    return KeyIndicators(lines, days, daily)


def _within(series: MeasureSeries | None) -> float | None:
    if series is None:
        return None
    within = rollup(d.figures["within"] for d in series.days if "within" in d.figures)
    return None if within is None or not within.denominator else within.value


def attainment(context: ReportContext) -> Attainment:
    def read(period: Period) -> list[MeasureSeries]:
        return attainment_series(
            uow=context.uow, actor=context.reader, start=period.start, end=period.end
        )

    before = {s.measure: s for s in read(context.previous)}
    lines = []
    for series in read(context.period):
        total = series.total()
        breaches, mean = total.get("breaches"), total.get("mean")
        lines.append(
            MeasureLine(
                channel=series.channel,
                measure=series.measure.value,
                limit_seconds=series.limit.seconds,
                basis=series.limit.basis.value,
                within_share=_within(series),
                previous_within_share=_within(before.get(series.measure)),
                breaches=breaches.numerator if breaches else 0,
                samples=total["within"].denominator if "within" in total else 0,
                mean_seconds=mean.value / 1000 if mean and mean.denominator else None,
                meets_limit=series.meets_limit(),
            )
        )
    return Attainment(tuple(lines))
