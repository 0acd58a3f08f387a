"""Reads of the indicator catalogue (values, targets, trends, anomalies) and of the plans.

Current value: the latest day with a value in the window. Trend: over the last `TREND_DAYS` days
of the window (`rules.trend`). Anomalies: `rules.anomalies` over the window's daily values with
the indicator's current target. Reading needs READ_IMPROVEMENT and, for the values, the right
to read the subject's indicators (the indicator store's rule).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, or_, select

from pinzhi.core.errors import NotFound
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.rules import Permission, require
from pinzhi.domain.improvement import rules, sources
from pinzhi.domain.improvement.catalogue import DEFAULT_CATALOGUE, Indicator, find_indicator
from pinzhi.domain.improvement.models import ImprovementPlan, IndicatorTarget, PlanEffect
from pinzhi.domain.improvement.rules import Flag, PdcaStage, Trend
from pinzhi.domain.indicators.models import PLATFORM
from pinzhi.store.uow import UnitOfWork

WINDOW_DAYS = 30
TREND_DAYS = 14
CURRENT_DAYS = 7
"""How far back a plan's effect looks for the indicator's latest value."""
SHOWN = 200


@dataclass(frozen=True)
class TargetView:
    indicator: str
    value: float
    version: int
    """0: the catalogue default, never changed."""
    changed_by: str | None
    changed_at: datetime | None
    reason: str


@dataclass(frozen=True)
class Anomaly:
    day: date
    value: float | None
    flags: tuple[Flag, ...]


@dataclass(frozen=True)
class IndicatorCard:
    indicator: Indicator
    subject: str
    target: TargetView
    days: tuple[date, ...]
    values: tuple[float | None, ...]
    current: float | None
    current_day: date | None
    slope: float | None
    trend: Trend | None
    improving: bool | None
    misses: bool | None
    anomalies: tuple[Anomaly, ...]

    @property
    def flagged_today(self) -> tuple[Flag, ...]:
        """The flags of the current value's day."""
        return next((a.flags for a in self.anomalies if a.day == self.current_day), ())


def _default(indicator: Indicator) -> TargetView:
    return TargetView(indicator.id, indicator.target, 0, None, None, "")


def _view(row: IndicatorTarget) -> TargetView:
    return TargetView(
        row.indicator, row.value, row.version, row.changed_by, row.changed_at, row.reason
    )


def current_targets(uow: UnitOfWork) -> dict[str, TargetView]:
    """The newest target of every catalogue indicator (its default when never changed)."""
    found = {i.id: _default(i) for i in DEFAULT_CATALOGUE}
    for row in uow.session.scalars(select(IndicatorTarget).order_by(IndicatorTarget.version)):
        if row.indicator in found:
            found[row.indicator] = _view(row)
    return found


def target_history(*, uow: UnitOfWork, actor: Actor, indicator_id: str) -> list[TargetView]:
    """Every version of the target, newest first, ending with the catalogue default."""
    require(actor, Permission.READ_IMPROVEMENT)
    indicator = find_indicator(indicator_id)
    t = IndicatorTarget
    rows = uow.session.scalars(
        select(t).where(t.indicator == indicator_id).order_by(t.version.desc())
    )
    return [*(_view(row) for row in rows), _default(indicator)]


def daily_values(
    *, uow: UnitOfWork, actor: Actor, indicator: Indicator, window: sources.Window
) -> tuple[tuple[date, ...], tuple[float | None, ...]]:
    """Each day of the window and the indicator's value that day (None when unknown)."""
    found = sources.read(indicator.source, uow, actor, window)
    days = tuple(
        window.start + timedelta(days=n) for n in range((window.end - window.start).days + 1)
    )
    return days, tuple(found.get(day) for day in days)


def indicator_cards(
    *,
    uow: UnitOfWork,
    actor: Actor,
    tz: ZoneInfo,
    end: date,
    days: int = WINDOW_DAYS,
    merchant_id: str = PLATFORM,
) -> list[IndicatorCard]:
    """The whole catalogue for a subject, over the `days` days up to `end`."""
    require(actor, Permission.READ_IMPROVEMENT)
    targets = current_targets(uow)
    window = sources.Window(end - timedelta(days=days - 1), end, merchant_id, tz)
    return [_card(uow, actor, i, targets[i.id], window) for i in DEFAULT_CATALOGUE]


def _card(
    uow: UnitOfWork, actor: Actor, indicator: Indicator, target: TargetView, w: sources.Window
) -> IndicatorCard:
    days, values = daily_values(uow=uow, actor=actor, indicator=indicator, window=w)
    known = [(d, v) for d, v in zip(days, values, strict=True) if v is not None]
    current_day, current = known[-1] if known else (None, None)
    recent = values[-TREND_DAYS:]
    moving = rules.trend(recent)
    flags = rules.anomalies(values, target=target.value, direction=indicator.direction)
    return IndicatorCard(
        indicator=indicator,
        subject=w.merchant_id,
        target=target,
        days=days,
        values=values,
        current=current,
        current_day=current_day,
        slope=rules.slope(recent),
        trend=moving,
        improving=rules.improving(indicator.direction, moving),
        misses=None
        if current is None
        else rules.misses(current, target.value, indicator.direction),
        anomalies=tuple(Anomaly(days[i], values[i], f) for i, f in sorted(flags.items())),
    )


def current_value(
    *, uow: UnitOfWork, actor: Actor, indicator_id: str, subject: str, tz: ZoneInfo, end: date
) -> tuple[date | None, float | None]:
    """The indicator's latest value in the `CURRENT_DAYS` days up to `end`, with its day."""
    indicator = find_indicator(indicator_id)
    window = sources.Window(end - timedelta(days=CURRENT_DAYS - 1), end, subject, tz)
    days, values = daily_values(uow=uow, actor=actor, indicator=indicator, window=window)
    known = [(d, v) for d, v in zip(days, values, strict=True) if v is not None]
    return known[-1] if known else (None, None)


# --- plans --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EffectView:
    cycle: int
    stage: PdcaStage
    day: date | None
    value: float | None
    progress: float | None
    note: str
    recorded_by: str
    recorded_at: datetime


@dataclass(frozen=True)
class PlanView:
    id: str
    indicator: str
    subject: str
    stage: PdcaStage
    cycle: int
    title: str
    goal_value: float
    goal_date: date
    due_date: date
    owner_id: str | None
    measures: list[str]
    whys: list[str]
    fishbone: dict[str, list[str]]
    opening_value: float | None
    opening_day: date
    opened_by: str
    opened_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    next_stages: list[PdcaStage]
    effects: list[EffectView]


def plan_view(plan: ImprovementPlan, effects: Sequence[PlanEffect] = ()) -> PlanView:
    return PlanView(
        id=plan.id, indicator=plan.indicator, subject=plan.subject, stage=plan.stage,
        cycle=plan.cycle, title=plan.title, goal_value=plan.goal_value,
        goal_date=plan.goal_date, due_date=plan.due_date, owner_id=plan.owner_id,
        measures=list(plan.measures), whys=list(plan.whys),
        fishbone={c.value: list(plan.fishbone.get(c.value, [])) for c in rules.Fishbone},
        opening_value=plan.opening_value, opening_day=plan.opening_day,
        opened_by=plan.opened_by, opened_at=plan.opened_at, updated_at=plan.updated_at,
        closed_at=plan.closed_at,
        next_stages=sorted(rules.NEXT[plan.stage]),
        effects=[
            EffectView(
                e.cycle, e.stage, e.day, e.value,
                rules.progress(opening=plan.opening_value, now=e.value, goal=plan.goal_value),
                e.note, e.recorded_by, e.recorded_at,
            )
            for e in effects
        ],
    )  # fmt: skip


def list_plans(
    *, uow: UnitOfWork, actor: Actor, open_only: bool = False, limit: int = SHOWN
) -> list[PlanView]:
    """Plans, the most recently changed first (without their effects)."""
    require(actor, Permission.READ_IMPROVEMENT)
    p = ImprovementPlan
    query = select(p).order_by(p.updated_at.desc(), p.id).limit(limit)
    if open_only:
        query = query.where(p.stage != PdcaStage.CLOSED)
    return [plan_view(plan) for plan in uow.session.scalars(query)]


def plans_between(
    *, uow: UnitOfWork, actor: Actor, start: datetime, end: datetime
) -> list[PlanView]:
    """Plans opened or closed in [start, end), with their effects, oldest opening first (the
    period report's improvement part, S3 7.4–7.5)."""
    require(actor, Permission.READ_IMPROVEMENT)
    p = ImprovementPlan
    opened = and_(p.opened_at >= start, p.opened_at < end)
    closed = and_(p.closed_at >= start, p.closed_at < end)
    plans = uow.session.scalars(select(p).where(or_(opened, closed)).order_by(p.opened_at, p.id))
    found = list(plans)
    effects: dict[str, list[PlanEffect]] = defaultdict(list)
    if found:
        e = PlanEffect
        rows = uow.session.scalars(
            select(e)
            .where(e.plan_id.in_([plan.id for plan in found]))
            .order_by(e.recorded_at, e.id)
        )
        for effect in rows:
            effects[effect.plan_id].append(effect)
    return [plan_view(plan, effects[plan.id]) for plan in found]


def get_plan(*, uow: UnitOfWork, actor: Actor, plan_id: str) -> PlanView:
    require(actor, Permission.READ_IMPROVEMENT)
    plan = find_plan(uow, plan_id)
    e = PlanEffect
    effects = uow.session.scalars(
        select(e).where(e.plan_id == plan_id).order_by(e.recorded_at, e.id)
    )
    return plan_view(plan, list(effects))


def find_plan(uow: UnitOfWork, plan_id: str, *, lock: bool = False) -> ImprovementPlan:
    query = select(ImprovementPlan).where(ImprovementPlan.id == plan_id)
    plan = uow.session.scalar(query.with_for_update() if lock else query)
    if plan is None:
        raise NotFound(f"no improvement plan {plan_id!r}")
    return plan
