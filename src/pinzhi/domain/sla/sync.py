"""Start clocks for open cases and sessions that have none (imported or simulated data).

Rows that arrive by import or simulation never passed through the event API, so their clocks
are started here from the rows' own timestamps: a case's request and first response, a
session's queueing and the agent joining. Event ids are derived from the subject, so a re-run
applies nothing twice (jobs are idempotent).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import InstrumentedAttribute

from pinzhi.domain.aftersales.models import AftersalesCase, CaseStatus
from pinzhi.domain.service.models import Channel, ServiceSession
from pinzhi.domain.sla import subjects
from pinzhi.domain.sla.engine import SlaEvent, apply_as
from pinzhi.domain.sla.models import SlaClockRow
from pinzhi.domain.sla.policies import Calendars, current_policy
from pinzhi.domain.sla.service_hours import PLATFORM_CALENDARS
from pinzhi.store.uow import UnitOfWork

SYNC_ACTOR = "system:sla-sync"
OPEN_CASE = (
    CaseStatus.REQUESTED,
    CaseStatus.APPROVED,
    CaseStatus.AWAITING_RETURN,
    CaseStatus.IN_REPAIR,
)
MEASURED_CHANNELS = (Channel.ONLINE_CHAT, Channel.PHONE)

Timeline = tuple[str, datetime, datetime | None]
"""(subject id, when the clock starts, when it stops or None)."""


def sync_clocks(
    *, uow: UnitOfWork, now: datetime, limit: int = 1000, calendars: Calendars = PLATFORM_CALENDARS
) -> int:
    """Start up to `limit` missing clocks (joins the caller's transaction); returns how many."""
    started = 0
    for kind, timelines in (
        (subjects.AFTERSALES_CASE, _open_cases(uow, now, limit)),
        (subjects.SERVICE_SESSION, _open_sessions(uow, now, limit)),
    ):
        for timeline in timelines:
            if started >= limit:
                return started
            _start(uow, now, kind, timeline, calendars)
            started += 1
    return started


def _open_cases(uow: UnitOfWork, now: datetime, limit: int) -> list[Timeline]:
    case = AftersalesCase
    rows = uow.session.execute(
        select(case.id, case.requested_at, case.first_response_at)
        .where(case.status.in_(OPEN_CASE), case.requested_at <= now)
        .where(~select(SlaClockRow.id).where(_subject(subjects.AFTERSALES_CASE, case.id)).exists())
        .order_by(case.requested_at)
        .limit(limit)
    ).all()
    return [(row[0], row[1], row[2]) for row in rows]


def _open_sessions(uow: UnitOfWork, now: datetime, limit: int) -> list[Timeline]:
    s = ServiceSession
    rows = uow.session.execute(
        select(s.id, s.queued_at, s.started_at, s.agent_joined_at)
        .where(s.ended_at.is_(None), s.channel.in_(MEASURED_CHANNELS), s.started_at <= now)
        .where(~select(SlaClockRow.id).where(_subject(subjects.SERVICE_SESSION, s.id)).exists())
        .order_by(s.started_at)
        .limit(limit)
    ).all()
    return [(row[0], row[1] or row[2], row[3]) for row in rows]


def _subject(kind: str, subject_id: InstrumentedAttribute[str]) -> ColumnElement[bool]:
    return and_(SlaClockRow.subject_kind == kind, SlaClockRow.subject_id == subject_id)


def _start(
    uow: UnitOfWork, now: datetime, kind: str, timeline: Timeline, calendars: Calendars
) -> None:
    subject_id, opened, answered = timeline
    subject = subjects.lookup(uow.session, kind=kind, subject_id=subject_id)
    assert subject is not None  # found by the query above, in this transaction
    policy = current_policy(uow=uow, key=subject.policy, now=now)
    steps: Iterable[tuple[str, datetime | None]] = (
        (policy.starts_on, opened),
        (policy.stops_on, answered if answered is not None and answered <= now else None),
    )
    for name, at in steps:
        if at is not None:
            event = SlaEvent(f"sync:{kind}:{subject_id}:{name}", kind, subject_id, name, at)
            apply_as(uow=uow, actor_id=SYNC_ACTOR, now=now, event=event, calendars=calendars)
