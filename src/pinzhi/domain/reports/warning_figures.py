"""Quality-risk warnings of the period, the measures taken, and their effect: each warned
merchant's rates in the 30 days before its first warning against the days after it (S1 10.1.2,
6.1.2; S3 7.5 tracking of effect)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from pinzhi.domain.indicators.queries import Point, indicator_series
from pinzhi.domain.oversight.queries import MeasureView, WarningView, list_measures, list_warnings
from pinzhi.domain.reports.context import ReportContext
from pinzhi.domain.reports.indicator_figures import pooled

EFFECT_METRICS = ("late_shipment_rate", "cancellation_rate", "refund_rate")
BASELINE_DAYS = 30
SHOWN = 20
SEVERITY_RANK = {"critical": 0, "serious": 1, "notice": 2}


@dataclass(frozen=True)
class Effect:
    metric: str
    before: float | None
    after: float | None

    @property
    def improved(self) -> bool | None:
        """Every effect metric is a rate where lower is better."""
        if self.before is None or self.after is None or self.before == self.after:
            return None
        return self.after < self.before


@dataclass(frozen=True)
class WarnedMerchant:
    label: str
    first_warned: date
    kinds: tuple[str, ...]
    severity: str
    measures: tuple[str, ...]
    effects: tuple[Effect, ...]


@dataclass(frozen=True)
class Warnings:
    total: int
    merchants: int
    by_kind: dict[str, int]
    by_severity: dict[str, int]
    measures_by_kind: dict[str, int]
    overall: tuple[Effect, ...]
    """Every warned merchant's days pooled: before their first warning against after it."""
    warned: tuple[WarnedMerchant, ...]
    """One line per warned merchant, most severe first (empty in the public version)."""


def _warnings_in(context: ReportContext) -> list[WarningView]:
    found: list[WarningView] = []
    for day in context.period.day_list():
        found.extend(list_warnings(uow=context.uow, actor=context.reader, as_of=day, limit=500))
    return found


def _measures_in(context: ReportContext) -> list[MeasureView]:
    period = context.period
    every = list_measures(uow=context.uow, actor=context.reader, limit=500)
    return [m for m in every if period.start <= m.decided_on <= period.end]


def _points(
    context: ReportContext, merchant_id: str, start: date, end: date
) -> dict[str, list[Point]]:
    if start > end:
        return {metric: [] for metric in EFFECT_METRICS}
    found = indicator_series(
        uow=context.uow,
        actor=context.reader,
        start=start,
        end=end,
        merchant_id=merchant_id,
        metrics=EFFECT_METRICS,
    )
    return {series.metric: list(series.points) for series in found}


def warnings(context: ReportContext) -> Warnings:
    found = _warnings_in(context)
    measures = _measures_in(context)
    first: dict[str, date] = {}
    for warning in found:
        first[warning.merchant_id] = min(
            warning.as_of, first.get(warning.merchant_id, warning.as_of)
        )
    pooled_before: dict[str, list[Point]] = {m: [] for m in EFFECT_METRICS}
    pooled_after: dict[str, list[Point]] = {m: [] for m in EFFECT_METRICS}
    lines = []
    for merchant_id, day in first.items():
        before = _points(
            context, merchant_id, day - timedelta(days=BASELINE_DAYS), day - timedelta(days=1)
        )
        after = _points(context, merchant_id, day, context.period.end)
        for metric in EFFECT_METRICS:
            pooled_before[metric] += before.get(metric, [])
            pooled_after[metric] += after.get(metric, [])
        own = [w for w in found if w.merchant_id == merchant_id]
        lines.append(
            (
                merchant_id,
                day,
                tuple(sorted({w.kind.value for w in own})),
                min((w.severity.value for w in own), key=SEVERITY_RANK.__getitem__),
                tuple(sorted({m.kind.value for m in measures if m.merchant_id == merchant_id})),
                _effects(before, after),
            )
        )
    lines.sort(key=lambda line: (SEVERITY_RANK[line[3]], line[1], line[0]))
    shown = [] if context.public else lines[:SHOWN]
    labels = context.merchant_labels([line[0] for line in shown])
    return Warnings(
        total=len(found),
        merchants=len(first),
        by_kind=dict(Counter(w.kind.value for w in found).most_common()),
        by_severity=dict(Counter(w.severity.value for w in found).most_common()),
        measures_by_kind=dict(Counter(m.kind.value for m in measures).most_common()),
        overall=_effects(pooled_before, pooled_after),
        warned=tuple(
            WarnedMerchant(label, *line[1:]) for label, line in zip(labels, shown, strict=True)
        ),
    )


def _effects(before: dict[str, list[Point]], after: dict[str, list[Point]]) -> tuple[Effect, ...]:
    return tuple(
        Effect(
            metric,
            pooled(before.get(metric, []), total=False),
            pooled(after.get(metric, []), total=False),
        )
        for metric in EFFECT_METRICS
    )
