"""Writes: indicator targets and PDCA plans (S3 7.4–7.5). Each write appends a record entry in
the same transaction (S1 9.1.2) and never commits."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from pinzhi.core.errors import InvalidTransition, ValidationFailed
from pinzhi.core.ids import new_id
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.rules import Permission, require
from pinzhi.domain.improvement import queries, rules
from pinzhi.domain.improvement.catalogue import find_indicator
from pinzhi.domain.improvement.models import ImprovementPlan, IndicatorTarget, PlanEffect
from pinzhi.domain.improvement.queries import PlanView, TargetView
from pinzhi.domain.improvement.rules import PdcaStage
from pinzhi.domain.records.operations import append_record
from pinzhi.store.uow import UnitOfWork

PLAN = "improvement_plan"
GOAL_DAYS = 90
"""A drafted plan aims to meet the target within a quarter; the owner sets the real dates."""
MAX_MEASURES = 20


def set_target(
    *, uow: UnitOfWork, actor: Actor, now: datetime, indicator_id: str, value: float, reason: str
) -> TargetView:
    """A new version of the indicator's target, with who changed it and why."""
    require(actor, Permission.MANAGE_IMPROVEMENT)
    find_indicator(indicator_id)
    if not reason.strip():
        raise ValidationFailed("say why the target changes")
    t = IndicatorTarget
    latest = uow.session.scalar(select(func.max(t.version)).where(t.indicator == indicator_id))
    row = IndicatorTarget(
        id=new_id("tgt"), indicator=indicator_id, version=(latest or 0) + 1, value=value,
        changed_by=actor.user_id, changed_at=now, reason=reason.strip(),
    )  # fmt: skip
    uow.session.add(row)
    _record(
        uow,
        actor,
        now,
        kind="indicator_target",
        subject_id=indicator_id,
        action="target_set",
        payload={"version": row.version, "value": value, "reason": row.reason},
    )
    return queries.TargetView(indicator_id, value, row.version, actor.user_id, now, row.reason)


def open_plan(
    *,
    uow: UnitOfWork,
    actor: Actor,
    now: datetime,
    indicator_id: str,
    subject: str,
    opening_value: float | None,
    opening_day: date,
    goal_value: float,
) -> PlanView | None:
    """A draft plan (stage plan) for an indicator of a subject; None while one is already open."""
    require(actor, Permission.MANAGE_IMPROVEMENT)
    indicator = find_indicator(indicator_id)
    key = f"{indicator_id}|{subject}"
    if uow.session.scalar(select(ImprovementPlan.id).where(ImprovementPlan.open_key == key)):
        return None
    goal_date = opening_day + timedelta(days=GOAL_DAYS)
    plan = ImprovementPlan(
        id=new_id("imp"), indicator=indicator_id, subject=subject, open_key=key,
        stage=PdcaStage.PLAN, cycle=1,
        title=f"{indicator.name_zh}未达目标 / {indicator.name_en} below target",
        goal_value=goal_value, goal_date=goal_date, due_date=goal_date, owner_id=None,
        measures=[], whys=[], fishbone={}, opening_value=opening_value, opening_day=opening_day,
        opened_by=actor.user_id, opened_at=now, updated_at=now, closed_at=None,
    )  # fmt: skip
    uow.session.add(plan)
    uow.session.flush()
    _record(
        uow,
        actor,
        now,
        kind=PLAN,
        subject_id=plan.id,
        action="plan_opened",
        payload={
            "indicator": indicator_id,
            "subject": subject,
            "opening_value": opening_value,
            "goal_value": goal_value,
        },
    )
    return queries.plan_view(plan)


def open_plans_for_misses(
    *,
    uow: UnitOfWork,
    actor: Actor,
    now: datetime,
    tz: ZoneInfo,
    as_of: date,
    subjects: Sequence[str],
) -> dict[str, int]:
    """A draft plan for every indicator of `subjects` whose current value misses its target,
    unless one is open already: running it twice opens nothing more."""
    counts = {"missed": 0, "opened": 0}
    for subject in subjects:
        cards = queries.indicator_cards(uow=uow, actor=actor, tz=tz, end=as_of, merchant_id=subject)
        for card in cards:
            if not card.misses:
                continue
            counts["missed"] += 1
            opened = open_plan(
                uow=uow, actor=actor, now=now, indicator_id=card.indicator.id, subject=subject,
                opening_value=card.current, opening_day=card.current_day or as_of,
                goal_value=card.target.value,
            )  # fmt: skip
            counts["opened"] += opened is not None
    return counts


def update_plan(
    *,
    uow: UnitOfWork,
    actor: Actor,
    now: datetime,
    plan_id: str,
    title: str,
    goal_value: float,
    goal_date: date,
    due_date: date,
    owner_id: str | None,
    measures: Sequence[str],
) -> PlanView:
    """Set the plan's goal, dates, owner and measures (not once it is closed)."""
    plan = _open_plan(uow, actor, plan_id)
    kept = [m.strip() for m in measures if m.strip()]
    if not title.strip() or len(kept) > MAX_MEASURES:
        raise ValidationFailed(f"a plan has a title and at most {MAX_MEASURES} measures")
    plan.title, plan.goal_value, plan.goal_date = title.strip(), goal_value, goal_date
    plan.due_date, plan.owner_id, plan.measures = due_date, owner_id or None, kept
    plan.updated_at = now
    _record(
        uow,
        actor,
        now,
        kind=PLAN,
        subject_id=plan.id,
        action="plan_updated",
        payload={
            "goal_value": goal_value,
            "goal_date": goal_date.isoformat(),
            "due_date": due_date.isoformat(),
            "owner_id": plan.owner_id,
            "measures": kept,
        },
    )
    return queries.plan_view(plan)


def record_root_cause(
    *,
    uow: UnitOfWork,
    actor: Actor,
    now: datetime,
    plan_id: str,
    whys: Sequence[str],
    fishbone: Mapping[str, Sequence[str]],
) -> PlanView:
    """Replace the plan's 5 Whys and fishbone causes (根因分析)."""
    plan = _open_plan(uow, actor, plan_id)
    plan.whys, plan.fishbone = rules.clean_whys(whys), rules.clean_fishbone(fishbone)
    plan.updated_at = now
    _record(
        uow,
        actor,
        now,
        kind=PLAN,
        subject_id=plan.id,
        action="root_cause_recorded",
        payload={"whys": plan.whys, "fishbone": plan.fishbone},
    )
    return queries.plan_view(plan)


def record_effect(
    *,
    uow: UnitOfWork,
    actor: Actor,
    now: datetime,
    plan_id: str,
    tz: ZoneInfo,
    note: str = "",
) -> PlanView:
    """Record the indicator's latest value now against the opening value and the goal."""
    plan = _open_plan(uow, actor, plan_id)
    day, value = queries.current_value(
        uow=uow, actor=actor, indicator_id=plan.indicator, subject=plan.subject, tz=tz,
        end=now.astimezone(tz).date(),
    )  # fmt: skip
    effect = PlanEffect(
        id=new_id("eff"), plan_id=plan.id, cycle=plan.cycle, stage=plan.stage, day=day,
        value=value, note=note.strip(), recorded_by=actor.user_id, recorded_at=now,
    )  # fmt: skip
    uow.session.add(effect)
    plan.updated_at = now
    _record(
        uow,
        actor,
        now,
        kind=PLAN,
        subject_id=plan.id,
        action="effect_recorded",
        payload={
            "stage": plan.stage.value,
            "cycle": plan.cycle,
            "value": value,
            "day": day.isoformat() if day else None,
            "goal_value": plan.goal_value,
            "opening_value": plan.opening_value,
        },
    )
    return queries.get_plan(uow=uow, actor=actor, plan_id=plan.id)


def advance_plan(
    *, uow: UnitOfWork, actor: Actor, now: datetime, plan_id: str, to: PdcaStage
) -> PlanView:
    """Move the plan to its next PDCA stage; act → plan starts another cycle."""
    require(actor, Permission.MANAGE_IMPROVEMENT)
    plan = queries.find_plan(uow, plan_id, lock=True)
    e = PlanEffect
    checked = uow.session.scalar(
        select(func.count()).where(
            e.plan_id == plan.id, e.cycle == plan.cycle, e.stage == PdcaStage.CHECK
        )
    )
    rules.check_transition(plan.stage, to, effect_at_check=bool(checked))
    before = plan.stage
    plan.stage = to
    plan.updated_at = now
    if to is PdcaStage.PLAN:
        plan.cycle += 1
    if to is PdcaStage.CLOSED:
        plan.open_key, plan.closed_at = None, now
    _record(
        uow,
        actor,
        now,
        kind=PLAN,
        subject_id=plan.id,
        action="stage_changed",
        payload={"from": before.value, "to": to.value, "cycle": plan.cycle},
    )
    return queries.get_plan(uow=uow, actor=actor, plan_id=plan.id)


def _open_plan(uow: UnitOfWork, actor: Actor, plan_id: str) -> ImprovementPlan:
    require(actor, Permission.MANAGE_IMPROVEMENT)
    plan = queries.find_plan(uow, plan_id, lock=True)
    if plan.stage is PdcaStage.CLOSED:
        raise InvalidTransition(f"plan {plan_id} is closed")
    return plan


def _record(
    uow: UnitOfWork,
    actor: Actor,
    now: datetime,
    *,
    kind: str,
    subject_id: str,
    action: str,
    payload: Mapping[str, object],
) -> None:
    # The chain refuses floats (their text is not canonical): indicator values go as text.
    exact = {k: repr(v) if isinstance(v, float) else v for k, v in payload.items()}
    append_record(
        uow=uow, actor_id=actor.user_id, now=now, subject_kind=kind, subject_id=subject_id,
        action=action, payload=exact,
    )  # fmt: skip
