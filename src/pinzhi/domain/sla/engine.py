"""The SLA engine: apply one case or session event to its clock and store the new deadline.

Every event is stored under its `event_id`, and the clock is recomputed from ALL its stored
events in time order (`service.sla.measure_clock`), so events that arrive late, out of order or
twice leave the same clock as a clean stream (issue 3 "Bad input"). An event the clock can never
explain is refused: a second start, anything before the start or after the stop, a name the
policy does not know. Events whose place in the stream is not yet clear (a resume arriving before
its pause) are kept and weighed once the stream is complete (sla.py rule 3).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise

from sqlalchemy import select

from pinzhi.core.clock import ensure_aware
from pinzhi.core.errors import Conflict, InvalidTransition, NotFound, ValidationFailed
from pinzhi.core.ids import new_id
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.rules import Permission, allows, require
from pinzhi.domain.records.operations import append_record
from pinzhi.domain.service.sla import (
    ClockEvent,
    ClockEventKind,
    ClockState,
    Measure,
    measure_clock,
    running_spans,
)
from pinzhi.domain.sla import subjects
from pinzhi.domain.sla.models import ClockStatus, SlaClockEventRow, SlaClockRow
from pinzhi.domain.sla.policies import Calendars, PolicyView, current_policy, policy_version
from pinzhi.domain.sla.service_hours import PLATFORM_CALENDARS
from pinzhi.domain.sla.views import ClockView, clock_view
from pinzhi.store.uow import UnitOfWork


@dataclass(frozen=True)
class SlaEvent:
    """Something that happened to a subject; `policy` picks the clock when it has several."""

    event_id: str
    subject_kind: str
    subject_id: str
    name: str
    occurred_at: datetime
    policy: Measure | None = None


@dataclass(frozen=True)
class Applied:
    clock: ClockView
    duplicate: bool
    """True when this event id had been applied before: nothing changed."""


def apply_event(
    *,
    uow: UnitOfWork,
    actor: Actor,
    now: datetime,
    event: SlaEvent,
    calendars: Calendars = PLATFORM_CALENDARS,
) -> Applied:
    """Apply one event (joins the caller's transaction). Agents and the platform's systems
    (data feeds) may send events."""
    if not allows(actor, Permission.INGEST_DATA):
        require(actor, Permission.WORK_SERVICE_QUEUE)
    return apply_as(uow=uow, actor_id=actor.user_id, now=now, event=event, calendars=calendars)


def apply_as(
    *,
    uow: UnitOfWork,
    actor_id: str,
    now: datetime,
    event: SlaEvent,
    calendars: Calendars = PLATFORM_CALENDARS,
) -> Applied:
    """`apply_event` for a trusted caller (the worker's sync, other domains) named by id."""
    occurred = ensure_aware(event.occurred_at, what="occurred_at")
    if occurred > now:
        raise ValidationFailed(f"event {event.event_id!r} occurred_at {occurred} is in the future")
    if not event.event_id or len(event.event_id) > 128:
        raise ValidationFailed("event_id must be 1–128 characters")
    session = uow.session
    seen = session.get(SlaClockEventRow, event.event_id)
    if seen is not None:
        clock = session.get_one(SlaClockRow, seen.clock_id)
        _same_event(seen, clock, event, occurred)
        policy = policy_version(uow=uow, key=clock.policy_key, version=clock.policy_version)
        return Applied(clock_view(clock, limit_seconds=policy.limit_seconds), duplicate=True)
    clock, policy, created = _target(uow, event, occurred, now)
    kind = _kind_on(clock, policy, event, occurred, created=created)
    session.add(
        SlaClockEventRow(
            event_id=event.event_id,
            clock_id=clock.id,
            name=event.name,
            kind=kind,
            occurred_at=occurred,
            received_at=now,
            actor_id=actor_id,
        )
    )
    session.flush()
    recompute(uow=uow, clock=clock, policy=policy, now=now, calendars=calendars)
    append_record(
        uow=uow,
        actor_id=actor_id,
        now=now,
        subject_kind=clock.subject_kind,
        subject_id=clock.subject_id,
        action=f"sla_{kind.value}",
        payload={
            "event_id": event.event_id,
            "event": event.name,
            "occurred_at": occurred.isoformat(),
            "policy": f"{policy.key.value}@{policy.version}",
            "deadline": clock.deadline.isoformat() if clock.deadline else None,
        },
    )
    return Applied(clock_view(clock, limit_seconds=policy.limit_seconds), duplicate=False)


def withdraw_clocks(
    *, uow: UnitOfWork, actor_id: str, now: datetime, subject_kind: str, subject_id: str, why: str
) -> int:
    """The subject's request went away unanswered (a cancelled case, an abandoned chat): its open
    clocks end owing nothing, so the worker never flags them. Returns how many were withdrawn;
    none open (already answered, or never measured) is not an error."""
    clocks = uow.session.scalars(
        select(SlaClockRow)
        .where(SlaClockRow.subject_kind == subject_kind, SlaClockRow.subject_id == subject_id)
        .where(SlaClockRow.status.in_((ClockStatus.RUNNING, ClockStatus.PAUSED)))
        .with_for_update()
    ).all()
    for clock in clocks:
        clock.status = ClockStatus.WITHDRAWN
        clock.deadline = None
        clock.stopped_at = now
        clock.updated_at = now
        append_record(
            uow=uow,
            actor_id=actor_id,
            now=now,
            subject_kind=subject_kind,
            subject_id=subject_id,
            action="sla_withdrawn",
            payload={"policy": clock.policy_key, "why": why},
        )
    uow.session.flush()
    return len(clocks)


def _same_event(seen: SlaClockEventRow, clock: SlaClockRow, event: SlaEvent, at: datetime) -> None:
    """A replayed event id must carry the same event; a different one under it is a conflict."""
    same = (
        (clock.subject_kind, clock.subject_id) == (event.subject_kind, event.subject_id)
        and seen.name == event.name
        and seen.occurred_at == at
        and (event.policy is None or event.policy.value == clock.policy_key)
    )
    if not same:
        raise Conflict(f"event id {event.event_id!r} was already used for another event")


def _target(
    uow: UnitOfWork, event: SlaEvent, occurred: datetime, now: datetime
) -> tuple[SlaClockRow, PolicyView, bool]:
    """The clock the event drives, started here when the event is the policy's start."""
    query = select(SlaClockRow).where(
        SlaClockRow.subject_kind == event.subject_kind,
        SlaClockRow.subject_id == event.subject_id,
    )
    if event.policy is not None:
        query = query.where(SlaClockRow.policy_key == event.policy.value)
    # the row lock serialises events of one clock, so each recompute sees the others' events
    clocks = list(uow.session.scalars(query.with_for_update()))
    if len(clocks) == 1:
        found = clocks[0]
        policy = policy_version(uow=uow, key=found.policy_key, version=found.policy_version)
        return found, policy, False
    if clocks:
        keys = sorted(clock.policy_key for clock in clocks)
        raise ValidationFailed(
            f"{event.subject_kind} {event.subject_id} has clocks {keys}: name the policy"
        )
    subject = subjects.lookup(uow.session, kind=event.subject_kind, subject_id=event.subject_id)
    if subject is None:
        raise NotFound(f"no {event.subject_kind} {event.subject_id!r}")
    policy = current_policy(uow=uow, key=event.policy or subject.policy, now=now)
    if event.name != policy.starts_on:
        raise InvalidTransition(
            f"{event.subject_kind} {event.subject_id} has no {policy.key.value} clock: "
            f"{event.name!r} cannot come before {policy.starts_on!r} starts it"
        )
    clock = SlaClockRow(
        id=new_id("slc"),
        subject_kind=subject.kind,
        subject_id=subject.id,
        policy_key=policy.key.value,
        policy_version=policy.version,
        started_at=occurred,
        status=ClockStatus.RUNNING,
        elapsed_ms=0,
        paused_ms=0,
        escalation_level=0,
        priority=subject.priority,
        assignee_staff_id=subject.assignee_staff_id,
        updated_at=now,
    )
    uow.session.add(clock)
    uow.session.flush()
    return clock, policy, True


def _kind_on(
    clock: SlaClockRow, policy: PolicyView, event: SlaEvent, occurred: datetime, *, created: bool
) -> ClockEventKind:
    if clock.status is ClockStatus.WITHDRAWN:
        raise InvalidTransition(
            f"the {policy.key.value} clock of {clock.subject_id} was withdrawn at "
            f"{clock.stopped_at}; event {event.event_id!r} comes after it"
        )
    kind = policy.policy.clock.kind_of(event.name)
    if kind is None:
        known = sorted({policy.starts_on, policy.stops_on, *policy.pauses_on, *policy.resumes_on})
        raise ValidationFailed(
            f"event {event.name!r} does not drive the {policy.key.value} clock; "
            f"its events are {known}"
        )
    if kind is ClockEventKind.START and not created:
        raise InvalidTransition(
            f"the {policy.key.value} clock of {clock.subject_id} already started at "
            f"{clock.started_at}"
        )
    if occurred < clock.started_at:
        raise InvalidTransition(
            f"event {event.event_id!r} at {occurred} is before the clock started at "
            f"{clock.started_at}"
        )
    stopped_at = clock.stopped_at
    if stopped_at is not None and occurred > stopped_at:
        raise InvalidTransition(
            f"the {policy.key.value} clock of {clock.subject_id} stopped at {stopped_at}; "
            f"event {event.event_id!r} comes after it"
        )
    return kind


def recompute(
    *,
    uow: UnitOfWork,
    clock: SlaClockRow,
    policy: PolicyView,
    now: datetime,
    calendars: Calendars = PLATFORM_CALENDARS,
) -> None:
    """Rebuild the clock from all its stored events. The reading is taken at the last event, so
    the stored deadline depends on the events alone, never on when they were applied."""
    rows = uow.session.execute(
        select(SlaClockEventRow.kind, SlaClockEventRow.occurred_at).where(
            SlaClockEventRow.clock_id == clock.id
        )
    ).all()
    events = [ClockEvent(kind, at) for kind, at in rows]
    last = max(event.at for event in events)
    calendar = calendars.get(policy.calendar)
    if calendar is None:
        raise ValidationFailed(
            f"policy {policy.key.value} names unknown calendar {policy.calendar!r}"
        )
    reading = measure_clock(policy=policy.policy, calendar=calendar, events=events, now=last)
    _, spans = running_spans(events, now=last)
    assert reading.state is not ClockState.NOT_STARTED  # its start is the first event stored
    status = ClockStatus(reading.state.value)
    deadline = reading.deadline if status is ClockStatus.RUNNING else None
    clock.status = status
    clock.deadline = deadline
    clock.elapsed_ms = _ms(reading.elapsed)
    clock.paused_ms = _ms(
        sum(
            (later[0] - earlier[1] for earlier, later in pairwise(spans)),
            timedelta(0),
        )
    )
    stops = [event.at for event in events if event.kind is ClockEventKind.STOP]
    clock.stopped_at = min(stops) if status is ClockStatus.STOPPED else None
    if status is ClockStatus.RUNNING:
        # a running clock's breach is the worker's to flag (and escalate); keep a flag it
        # already raised for this very deadline
        clock.breached_at = clock.breached_at if clock.breached_at == deadline else None
    else:
        clock.breached_at = reading.breached_at
    clock.updated_at = now
    uow.session.flush()


def _ms(duration: timedelta) -> int:
    return round(duration.total_seconds() * 1000)
