"""After-sales volumes and handling times by kind, and complaints: volumes, closure times and
hot spots by category, by merchant and by theme (S1 10.1.2)."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from pinzhi.domain.aftersales.case_queries import CaseSummary, cases_between
from pinzhi.domain.reports.context import ReportContext
from pinzhi.domain.service.complaint_queries import ComplaintFacts, complaints_between

HOT_SPOTS = 10
UNTAGGED = "untagged"


@dataclass(frozen=True)
class KindLine:
    kind: str
    cases: int
    previous_cases: int
    resolved: int
    mean_first_response_hours: float | None
    mean_resolution_hours: float | None
    refunded_fen: int


@dataclass(frozen=True)
class Aftersales:
    lines: tuple[KindLine, ...]
    total: int
    previous_total: int


@dataclass(frozen=True)
class Count:
    label: str
    count: int
    share: float


@dataclass(frozen=True)
class Complaints:
    total: int
    previous_total: int
    closed: int
    upheld: int
    mean_response_hours: float | None
    mean_closure_hours: float | None
    median_closure_hours: float | None
    by_category: tuple[Count, ...]
    by_channel: tuple[Count, ...]
    by_merchant: tuple[Count, ...]
    """The merchants complained about most (labelled by `ReportContext.merchant_labels`)."""
    top_merchants_share: float
    """The share of all complaints aimed at the merchants listed in `by_merchant`."""
    by_theme: tuple[Count, ...]
    themes_from_text: bool
    """True when the themes come from the language module, False when from the category."""
    days: tuple[date, ...]
    daily: tuple[int, ...]


def hours(start: datetime, end: datetime | None) -> float | None:
    return None if end is None else (end - start).total_seconds() / 3600


def mean(values: Iterable[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return statistics.fmean(known) if known else None


def aftersales(context: ReportContext) -> Aftersales:
    def read(bounds: tuple[datetime, datetime]) -> list[CaseSummary]:
        start, end = bounds
        return cases_between(uow=context.uow, actor=context.reader, start=start, end=end)

    cases = read(context.bounds(context.period))
    before = Counter(c.kind.value for c in read(context.bounds(context.previous)))
    kinds = sorted({c.kind.value for c in cases} | set(before))
    lines = []
    for kind in kinds:
        mine = [c for c in cases if c.kind.value == kind]
        lines.append(
            KindLine(
                kind=kind,
                cases=len(mine),
                previous_cases=before[kind],
                resolved=sum(1 for c in mine if c.resolved_at is not None),
                mean_first_response_hours=mean(
                    hours(c.requested_at, c.first_response_at) for c in mine
                ),
                mean_resolution_hours=mean(hours(c.requested_at, c.resolved_at) for c in mine),
                refunded_fen=sum(c.refunded_fen for c in mine),
            )
        )
    lines.sort(key=lambda line: (-line.cases, line.kind))
    return Aftersales(tuple(lines), len(cases), sum(before.values()))


def _counts(counter: Counter[str], total: int, *, most: int | None = None) -> tuple[Count, ...]:
    ranked = sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:most]
    return tuple(Count(label, n, n / total if total else 0.0) for label, n in ranked)


def _themes(context: ReportContext, found: list[ComplaintFacts]) -> tuple[Counter[str], bool]:
    if context.theme_tagger is None:
        return Counter(c.nature.value for c in found), False
    themes: Counter[str] = Counter()
    for tags in context.theme_tagger([c.matter for c in found]):
        themes.update(tags or {UNTAGGED})
    return themes, True


def complaints(context: ReportContext) -> Complaints:
    start, end = context.bounds(context.period)
    found = complaints_between(uow=context.uow, actor=context.reader, start=start, end=end)
    start_before, end_before = context.bounds(context.previous)
    previous = complaints_between(
        uow=context.uow, actor=context.reader, start=start_before, end=end_before
    )
    total = len(found)
    closures = [h for c in found if (h := hours(c.filed_at, c.resolved_at)) is not None]
    merchants = Counter(c.merchant_id for c in found if c.merchant_id)
    top = sorted(merchants.items(), key=lambda item: (-item[1], item[0]))[:HOT_SPOTS]
    labels = context.merchant_labels([merchant for merchant, _ in top])
    themes, from_text = _themes(context, found)
    days = tuple(context.period.day_list())
    per_day = Counter(c.filed_at.astimezone(context.tz).date() for c in found)
    return Complaints(
        total=total,
        previous_total=len(previous),
        closed=len(closures),
        upheld=sum(1 for c in found if c.upheld),
        mean_response_hours=mean(hours(c.filed_at, c.responded_at) for c in found),
        mean_closure_hours=mean(closures),
        median_closure_hours=statistics.median(closures) if closures else None,
        by_category=_counts(Counter(c.nature.value for c in found), total),
        by_channel=_counts(Counter(c.channel.value for c in found), total),
        by_merchant=tuple(
            Count(label, n, n / total) for label, (_, n) in zip(labels, top, strict=True)
        ),
        top_merchants_share=sum(n for _, n in top) / total if total else 0.0,
        by_theme=_counts(themes, total),
        themes_from_text=from_text,
        days=days,
        daily=tuple(per_day[day] for day in days),
    )
