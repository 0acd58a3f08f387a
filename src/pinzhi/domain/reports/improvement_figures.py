"""Continuous improvement in the period (S3 7.4–7.5): the PDCA plans opened or closed in it,
each with its indicator, stage and cycle, and the effect last recorded against its goal.

Plans are read through `improvement.queries.plans_between`. A plan's subject is a merchant or
the platform; merchants are named by `ReportContext.merchant_labels` (only a rank in the public
edition), and the public edition leaves out plan titles, which are free text that may name one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pinzhi.domain.improvement import queries as improvement
from pinzhi.domain.improvement.catalogue import find_indicator
from pinzhi.domain.improvement.rules import PdcaStage
from pinzhi.domain.indicators.models import PLATFORM
from pinzhi.domain.reports.context import ReportContext


@dataclass(frozen=True)
class PlanLine:
    indicator: str
    name_zh: str
    name_en: str
    unit: str
    """The indicator's unit (`catalogue.Unit`): rates are shown as percentages."""
    subject: str | None
    """The merchant's label; None for the platform."""
    title: str | None
    """None in the public edition."""
    stage: str
    cycle: int
    opened: date
    closed: date | None
    opening_value: float | None
    effect_value: float | None
    """The value at the last recorded effect check; None when none was recorded."""
    progress: float | None
    """Share of the way from the opening value to the goal at that check."""


@dataclass(frozen=True)
class Improvement:
    opened: int
    closed: int
    plans: tuple[PlanLine, ...]


def improvement_plans(context: ReportContext) -> Improvement:
    start, end = context.bounds(context.period)
    plans = improvement.plans_between(uow=context.uow, actor=context.reader, start=start, end=end)
    merchants = sorted({p.subject for p in plans if p.subject != PLATFORM})
    labels = dict(zip(merchants, context.merchant_labels(merchants), strict=True))
    lines = []
    for plan in plans:
        indicator = find_indicator(plan.indicator)
        last = plan.effects[-1] if plan.effects else None
        lines.append(
            PlanLine(
                indicator=plan.indicator,
                name_zh=indicator.name_zh,
                name_en=indicator.name_en,
                unit=indicator.unit.value,
                subject=labels.get(plan.subject),
                title=None if context.public else plan.title,
                stage=plan.stage.value,
                cycle=plan.cycle,
                opened=plan.opened_at.astimezone(context.tz).date(),
                closed=plan.closed_at.astimezone(context.tz).date() if plan.closed_at else None,
                opening_value=plan.opening_value,
                effect_value=last.value if last else None,
                progress=last.progress if last else None,
            )
        )
    return Improvement(
        opened=sum(1 for p in plans if start <= p.opened_at < end),
        closed=sum(
            1
            for p in plans
            if p.stage is PdcaStage.CLOSED
            and p.closed_at is not None
            and start <= p.closed_at < end
        ),
        plans=tuple(lines),
    )
