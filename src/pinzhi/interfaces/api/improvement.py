"""Indicator catalogue, targets and PDCA improvement plans (S3 7.3–7.5; S1 10.1.1)."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from pinzhi.domain.improvement import operations, queries
from pinzhi.domain.improvement.queries import IndicatorCard, PlanView, TargetView
from pinzhi.domain.improvement.rules import Fishbone, Flag, PdcaStage, Trend
from pinzhi.domain.indicators import queries as indicators
from pinzhi.domain.indicators.models import PLATFORM
from pinzhi.interfaces.api.deps import CurrentActor, DbUow, Now, PlatformDep
from pinzhi.interfaces.api.problems import problem_responses

router = APIRouter(prefix="/api/v1/improvement", tags=["improvement"])
Subject = Annotated[str, Query(max_length=64, description="a merchant id, or * for the platform")]


class Card(BaseModel):
    id: str
    name_zh: str
    name_en: str
    unit: str
    direction: str
    clause: str
    source: str
    subject: str
    target: float
    target_version: int
    current: float | None
    current_day: date | None
    slope_per_day: float | None
    trend: Trend | None
    improving: bool | None
    misses_target: bool | None
    flags_today: list[Flag]
    anomalies: list[tuple[date, list[Flag]]]
    days: list[date]
    values: list[float | None]


def card_model(card: IndicatorCard) -> Card:
    i = card.indicator
    return Card(
        id=i.id, name_zh=i.name_zh, name_en=i.name_en, unit=i.unit.value,
        direction=i.direction.value, clause=i.clause, source=i.source, subject=card.subject,
        target=card.target.value, target_version=card.target.version, current=card.current,
        current_day=card.current_day, slope_per_day=card.slope, trend=card.trend,
        improving=card.improving, misses_target=card.misses,
        flags_today=list(card.flagged_today),
        anomalies=[(a.day, list(a.flags)) for a in card.anomalies],
        days=list(card.days), values=list(card.values),
    )  # fmt: skip


class NewTarget(BaseModel):
    value: float
    reason: str = Field(min_length=1, max_length=2000, description="why the target changes")


class PlanEdit(BaseModel):
    title: str = Field(min_length=1, max_length=500)
    goal_value: float
    goal_date: date
    due_date: date
    owner_id: str | None = Field(default=None, max_length=64)
    measures: list[str] = Field(default_factory=list, max_length=operations.MAX_MEASURES)


class RootCause(BaseModel):
    whys: list[str] = Field(default_factory=list, description="why-answers, in order")
    fishbone: dict[Fishbone, list[str]] = Field(default_factory=dict)


class Advance(BaseModel):
    to: PdcaStage


class Effect(BaseModel):
    note: str = Field(default="", max_length=2000)


def _tz(platform: PlatformDep) -> ZoneInfo:
    return ZoneInfo(platform.settings.timezone)


@router.get(
    "/indicators", responses=problem_responses(401, 403, 422), summary="The indicator catalogue"
)
def catalogue(
    *,
    actor: CurrentActor,
    uow: DbUow,
    now: Now,
    platform: PlatformDep,
    merchant_id: Subject = PLATFORM,
    end: date | None = None,
    days: Annotated[int, Query(ge=2, le=366)] = queries.WINDOW_DAYS,
) -> list[Card]:
    tz = _tz(platform)
    last = end or indicators.latest_day(uow=uow, actor=actor, merchant_id=merchant_id)
    cards = queries.indicator_cards(
        uow=uow, actor=actor, tz=tz, end=last or now.astimezone(tz).date(), days=days,
        merchant_id=merchant_id,
    )  # fmt: skip
    return [card_model(card) for card in cards]


@router.get(
    "/indicators/{indicator_id}/targets",
    responses=problem_responses(401, 403, 404),
    summary="Every version of an indicator's target, newest first",
)
def targets(*, indicator_id: str, actor: CurrentActor, uow: DbUow) -> list[TargetView]:
    return queries.target_history(uow=uow, actor=actor, indicator_id=indicator_id)


@router.put(
    "/indicators/{indicator_id}/target",
    responses=problem_responses(401, 403, 404, 422),
    summary="Set a new target version (quality analyst, admin)",
)
def set_target(
    *, indicator_id: str, body: NewTarget, actor: CurrentActor, uow: DbUow, now: Now
) -> TargetView:
    view = operations.set_target(
        uow=uow, actor=actor, now=now, indicator_id=indicator_id, value=body.value,
        reason=body.reason,
    )  # fmt: skip
    uow.commit()
    return view


@router.get("/plans", responses=problem_responses(401, 403), summary="Improvement plans")
def list_plans(*, actor: CurrentActor, uow: DbUow, open_only: bool = False) -> list[PlanView]:
    return queries.list_plans(uow=uow, actor=actor, open_only=open_only)


@router.get("/plans/{plan_id}", responses=problem_responses(401, 403, 404), summary="One plan")
def get_plan(*, plan_id: str, actor: CurrentActor, uow: DbUow) -> PlanView:
    return queries.get_plan(uow=uow, actor=actor, plan_id=plan_id)


@router.put(
    "/plans/{plan_id}",
    responses=problem_responses(401, 403, 404, 409, 422),
    summary="Set a plan's goal, dates, owner and measures",
)
def edit_plan(
    *, plan_id: str, body: PlanEdit, actor: CurrentActor, uow: DbUow, now: Now
) -> PlanView:
    view = operations.update_plan(
        uow=uow, actor=actor, now=now, plan_id=plan_id, **body.model_dump()
    )
    uow.commit()
    return view


@router.put(
    "/plans/{plan_id}/root-cause",
    responses=problem_responses(401, 403, 404, 409, 422),
    summary="Record the 5 Whys and the fishbone causes",
)
def root_cause(
    *, plan_id: str, body: RootCause, actor: CurrentActor, uow: DbUow, now: Now
) -> PlanView:
    fishbone = {category.value: causes for category, causes in body.fishbone.items()}
    view = operations.record_root_cause(
        uow=uow, actor=actor, now=now, plan_id=plan_id, whys=body.whys, fishbone=fishbone
    )
    uow.commit()
    return view


@router.post(
    "/plans/{plan_id}/advance",
    responses=problem_responses(401, 403, 404, 409),
    summary="Move the plan to its next PDCA stage",
)
def advance(*, plan_id: str, body: Advance, actor: CurrentActor, uow: DbUow, now: Now) -> PlanView:
    view = operations.advance_plan(uow=uow, actor=actor, now=now, plan_id=plan_id, to=body.to)
    uow.commit()
    return view


@router.post(
    "/plans/{plan_id}/effects",
    responses=problem_responses(401, 403, 404, 409),
    summary="Record the indicator's value now against the opening value and the goal",
)
def record_effect(
    *, plan_id: str, body: Effect, actor: CurrentActor, uow: DbUow, now: Now,
    platform: PlatformDep,
) -> PlanView:  # fmt: skip
    view = operations.record_effect(
        uow=uow, actor=actor, now=now, plan_id=plan_id, tz=_tz(platform), note=body.note
    )
    uow.commit()
    return view
