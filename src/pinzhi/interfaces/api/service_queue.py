"""SLA API: apply case and session events, the agent's queue, clocks, and policy versions.

`POST /api/v1/sla/events` is idempotent by `event_id`: sending an event again returns the same
clock and changes nothing (issue 3 "Bad input").
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, status
from pydantic import AwareDatetime, BaseModel, Field

from pinzhi.domain.service.sla import Measure, PriorityTier, Statistic
from pinzhi.domain.sla import engine, policies, queries
from pinzhi.domain.sla.policies import PolicyView
from pinzhi.domain.sla.queries import QueueItem
from pinzhi.domain.sla.views import ClockView
from pinzhi.interfaces.api.deps import CurrentActor, DbUow, Now
from pinzhi.interfaces.api.problems import problem_responses

router = APIRouter(prefix="/api/v1/sla", tags=["service levels"])


class EventIn(BaseModel):
    event_id: str = Field(min_length=1, max_length=128, description="unique per event, forever")
    subject_kind: str = Field(description="aftersales_case or service_session")
    subject_id: str
    event: str = Field(description="an event the policy names, e.g. request_filed")
    occurred_at: AwareDatetime
    policy: Measure | None = Field(None, description="which clock, when the subject has several")


class EventOut(BaseModel):
    duplicate: bool
    clock: ClockView


class Queue(BaseModel):
    now: datetime
    items: list[QueueItem]


class PolicyIn(BaseModel):
    key: Measure
    limit_seconds: int = Field(gt=0)
    calendar: str
    starts_on: str
    stops_on: str
    pauses_on: list[str] = []
    resumes_on: list[str] = []
    statistic: Statistic = Statistic.EACH


@router.post(
    "/events",
    responses=problem_responses(401, 403, 404, 409, 422),
    summary="Apply one case or session event to its clock (idempotent by event_id)",
)
def post_event(*, body: EventIn, actor: CurrentActor, uow: DbUow, now: Now) -> EventOut:
    event = engine.SlaEvent(
        event_id=body.event_id,
        subject_kind=body.subject_kind,
        subject_id=body.subject_id,
        name=body.event,
        occurred_at=body.occurred_at,
        policy=body.policy,
    )
    applied = engine.apply_event(uow=uow, actor=actor, now=now, event=event)
    uow.commit()
    return EventOut(duplicate=applied.duplicate, clock=applied.clock)


@router.get(
    "/queue",
    responses=problem_responses(401, 403, 422),
    summary="The agent's queue: breached first, then by deadline",
)
def get_queue(
    *,
    actor: CurrentActor,
    uow: DbUow,
    now: Now,
    tier: PriorityTier | None = None,
    mine: bool = False,
    limit: Annotated[int, Query(ge=1, le=queries.MAX_QUEUE)] = 50,
) -> Queue:
    items = queries.agent_queue(uow=uow, actor=actor, now=now, tier=tier, mine=mine, limit=limit)
    return Queue(now=now, items=items)


@router.get(
    "/clocks/{subject_kind}/{subject_id}",
    responses=problem_responses(401, 403, 404),
    summary="The clocks of one case or session",
)
def get_clocks(
    *, subject_kind: str, subject_id: str, actor: CurrentActor, uow: DbUow
) -> list[ClockView]:
    return queries.subject_clocks(
        uow=uow, actor=actor, subject_kind=subject_kind, subject_id=subject_id
    )


@router.get(
    "/policies", responses=problem_responses(401, 403), summary="Every version of every policy"
)
def get_policies(*, actor: CurrentActor, uow: DbUow, now: Now) -> list[PolicyView]:
    found = policies.list_policies(uow=uow, actor=actor, now=now)
    uow.commit()  # the defaults are stored on first read
    return found


@router.post(
    "/policies",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(401, 403, 422),
    summary="Publish the next version of a policy (new clocks use it; running ones keep theirs)",
)
def post_policy(*, body: PolicyIn, actor: CurrentActor, uow: DbUow, now: Now) -> PolicyView:
    published = policies.publish_policy(
        uow=uow,
        actor=actor,
        now=now,
        key=body.key,
        limit_seconds=body.limit_seconds,
        calendar=body.calendar,
        starts_on=body.starts_on,
        stops_on=body.stops_on,
        pauses_on=body.pauses_on,
        resumes_on=body.resumes_on,
        statistic=body.statistic,
    )
    uow.commit()
    return published
