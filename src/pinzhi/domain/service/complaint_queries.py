"""Reads of complaints and their electronic files, limited to what the actor may see (C11).

A consumer sees their own complaints, a merchant those about its shop, complaint staff any; one
outside the actor's scope is reported as missing, so ids cannot be probed. The complainant's
name and phone are masked for roles without personal-data access (S3 4.3.2).

The file (投诉档案, S3 6.6.2) holds the complainant, the matter, every step with who, when,
from → to, note, basis and remedy, the result, and the actions the actor may take next.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TypeVarTuple

from sqlalchemy import Select, select

from pinzhi.core.errors import InvalidTransition, NotFound, ValidationFailed
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.rules import Permission, Scope, allows, read_scope
from pinzhi.domain.customers.models import Consumer
from pinzhi.domain.privacy.disclosure import show_personal
from pinzhi.domain.service import complaint_files as files
from pinzhi.domain.service.complaints import (
    ComplaintEvent,
    ComplaintFile,
    ComplaintStage,
    allowed_events,
    apply,
    overdue,
)
from pinzhi.domain.service.models import (
    Channel,
    Complaint,
    ComplaintHandling,
    ComplaintNature,
    ComplaintStatus,
    ComplaintStep,
    Urgency,
)
from pinzhi.domain.service.sla import PriorityTier
from pinzhi.store.uow import UnitOfWork

MAX_PAGE = 200
_Ts = TypeVarTuple("_Ts")
MEDIATOR_EVENTS = frozenset({ComplaintEvent.AGREE_SETTLEMENT, ComplaintEvent.HAND_TO_THIRD_PARTY})
"""Only a mediator reaches a settle-first agreement or hands over to a third party (S1 9.7.7)."""


@dataclass(frozen=True)
class ComplainantView:
    consumer_id: str
    name: str | None
    phone: str | None
    contact: str | None
    masked: bool


@dataclass(frozen=True)
class MatterView:
    channel: Channel
    nature: ComplaintNature
    description: str
    order_id: str | None
    merchant_id: str | None


@dataclass(frozen=True)
class ResultView:
    conclusion: str
    basis: str
    remedy: str


@dataclass(frozen=True)
class StepView:
    seq: int
    event_id: str
    event: str
    from_stage: str | None
    to_stage: str
    actor_id: str
    at: datetime
    note: str
    promised_by: datetime | None
    mediator: str | None
    conclusion: str | None
    basis: str | None
    remedy: str | None
    satisfaction: int | None
    assignee_id: str | None
    imported: bool


@dataclass(frozen=True)
class ComplaintSummary:
    id: str
    consumer_id: str
    merchant_id: str | None
    order_id: str | None
    channel: Channel
    nature: ComplaintNature
    urgency: Urgency
    stage: ComplaintStage
    status: ComplaintStatus
    filed_at: datetime
    respond_by: datetime
    resolve_by: datetime
    promised_by: datetime | None
    assignee_id: str | None
    overdue: bool


@dataclass(frozen=True)
class ComplaintFileView:
    summary: ComplaintSummary
    complainant: ComplainantView
    matter: MatterView
    tier: str
    fast_lane: bool
    grading_version: int
    mediator: str | None
    result: ResultView | None
    satisfaction: int | None
    promise_broken: bool
    """The result promised under S1 9.2.4 came late, or has not come and the time has passed."""
    steps: tuple[StepView, ...]
    actions: tuple[str, ...]
    """What this actor may do next, given the complaint's stage (assign included)."""
    imported: bool
    """True while the history is reconstructed from an imported record (`complaint_files`)."""


@dataclass(frozen=True)
class Loaded:
    """A complaint with everything its file needs, read inside one unit of work."""

    complaint: Complaint
    handling: ComplaintHandling | None
    file: ComplaintFile
    grade: files.Grade
    steps: tuple[StepView, ...]


def complaint_scope(actor: Actor) -> Scope:
    return read_scope(
        actor,
        any_row=Permission.READ_ANY_COMPLAINT,
        own_merchant=Permission.READ_OWN_MERCHANT_COMPLAINTS,
        own_consumer=Permission.READ_OWN_CONSUMER_COMPLAINTS,
    )


def find_complaint(*, uow: UnitOfWork, actor: Actor, complaint_id: str) -> Complaint:
    """The complaint row if the actor may see it, else NotFound."""
    query = _within(select(Complaint), complaint_scope(actor)).where(Complaint.id == complaint_id)
    complaint = uow.session.scalars(query).first()
    if complaint is None:
        raise NotFound(f"no complaint {complaint_id}")
    return complaint


def load(uow: UnitOfWork, complaint: Complaint, *, lock: bool = False) -> Loaded:
    """The complaint's handling, pure file and steps; `lock` holds the handling row (PostgreSQL)."""
    query = select(ComplaintHandling).where(ComplaintHandling.complaint_id == complaint.id)
    handling = uow.session.scalars(query.with_for_update() if lock else query).first()
    if handling is None:
        return _imported(complaint)
    rows = list(
        uow.session.scalars(
            select(ComplaintStep)
            .where(ComplaintStep.complaint_id == complaint.id)
            .order_by(ComplaintStep.seq)
        )
    )
    file = files.file_of(complaint, rows, stage=handling.stage, contact=handling.contact)
    views = tuple(_step_view(row) for row in rows)
    return Loaded(complaint, handling, file, _grade(handling), views)


def _grade(handling: ComplaintHandling) -> files.Grade:
    return files.Grade(
        tier=PriorityTier(handling.tier),
        fast_lane=handling.fast_lane,
        respond_by=handling.respond_by,
        resolve_by=handling.resolve_by,
        version=handling.grading_version,
    )


def get_complaint_file(
    *, uow: UnitOfWork, actor: Actor, now: datetime, complaint_id: str
) -> ComplaintFileView:
    complaint = find_complaint(uow=uow, actor=actor, complaint_id=complaint_id)
    return file_view(uow, actor, load(uow, complaint), now=now)


def list_complaints(
    *,
    uow: UnitOfWork,
    actor: Actor,
    now: datetime,
    status: ComplaintStatus | None = None,
    merchant_id: str | None = None,
    assignee_id: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[ComplaintSummary]:
    """Newest first; filters narrow the actor's scope, never widen it."""
    if not 1 <= limit <= MAX_PAGE or offset < 0:
        raise ValidationFailed(f"limit must be 1–{MAX_PAGE} and offset not negative")
    query = _within(select(Complaint, ComplaintHandling), complaint_scope(actor)).outerjoin(
        ComplaintHandling, ComplaintHandling.complaint_id == Complaint.id
    )
    if status is not None:
        query = query.where(Complaint.status == status)
    if merchant_id is not None:
        query = query.where(Complaint.merchant_id == merchant_id)
    if assignee_id is not None:
        query = query.where(ComplaintHandling.assignee_id == assignee_id)
    query = query.order_by(Complaint.filed_at.desc(), Complaint.id.desc()).limit(limit)
    found = []
    for complaint, joined in uow.session.execute(query.offset(offset)):
        handling: ComplaintHandling | None = joined  # an outer join: None when never handled
        if handling is None:
            loaded = _imported(complaint)
            found.append(_summary(complaint, None, loaded.file.stage, loaded.grade, now))
        else:
            stage = ComplaintStage(handling.stage)
            found.append(_summary(complaint, handling, stage, _grade(handling), now))
    return found


def file_view(uow: UnitOfWork, actor: Actor, loaded: Loaded, *, now: datetime) -> ComplaintFileView:
    complaint, handling, file = loaded.complaint, loaded.handling, loaded.file
    result = file.result
    return ComplaintFileView(
        summary=_summary(complaint, handling, file.stage, loaded.grade, now),
        complainant=_complainant(uow, actor, complaint, handling),
        matter=MatterView(
            complaint.channel,
            complaint.nature,
            complaint.matter,
            complaint.order_id,
            complaint.merchant_id,
        ),
        tier=loaded.grade.tier.value,
        fast_lane=loaded.grade.fast_lane,
        grading_version=loaded.grade.version,
        mediator=file.mediator,
        result=ResultView(result.conclusion, result.basis, result.remedy) if result else None,
        satisfaction=handling.satisfaction if handling else None,
        promise_broken=overdue(file, now),
        steps=loaded.steps,
        actions=available_actions(actor, file, now=now),
        imported=handling is None,
    )


def available_actions(actor: Actor, file: ComplaintFile, *, now: datetime) -> tuple[str, ...]:
    """The events the workflow allows from the file's stage that the actor's role may take.

    Reopening is offered only inside the reopen window: the pure rule is asked directly by
    trying the event, so the window is not restated here.
    """
    if not allows(actor, Permission.HANDLE_COMPLAINTS):
        return ()
    mediator = allows(actor, Permission.MEDIATE_COMPLAINTS)
    actions = []
    for event in allowed_events(file.stage):
        if event in MEDIATOR_EVENTS and not mediator:
            continue
        if event is ComplaintEvent.REOPEN and not _may_reopen(file, now):
            continue
        actions.append(event.value)
    if file.stage is not ComplaintStage.CLOSED:
        actions.append(files.ASSIGN)
    return tuple(actions)


def _may_reopen(file: ComplaintFile, now: datetime) -> bool:
    try:
        apply(file, ComplaintEvent.REOPEN, actor="probe", now=now, event_id="probe:reopen")
    except (InvalidTransition, ValidationFailed):
        return False
    return True


def _imported(complaint: Complaint) -> Loaded:
    steps = files.imported_steps(complaint)
    rows = []
    previous: str | None = None
    for seq, (step, stage) in enumerate(steps, start=1):
        rows.append(files.row_of(complaint.id, seq, step, from_stage=previous, to_stage=stage))
        previous = stage.value
    file = files.file_of(complaint, rows, stage=steps[-1][1].value, contact=None)
    views = tuple(_step_view(row) for row in rows)
    return Loaded(complaint, None, file, files.imported_grade(complaint), views)


def _summary(
    complaint: Complaint,
    handling: ComplaintHandling | None,
    stage: ComplaintStage,
    grade: files.Grade,
    now: datetime,
) -> ComplaintSummary:
    promised = complaint.promised_by
    return ComplaintSummary(
        id=complaint.id,
        consumer_id=complaint.consumer_id,
        merchant_id=complaint.merchant_id,
        order_id=complaint.order_id,
        channel=complaint.channel,
        nature=complaint.nature,
        urgency=complaint.urgency,
        stage=stage,
        status=complaint.status,
        filed_at=complaint.filed_at,
        respond_by=grade.respond_by,
        resolve_by=grade.resolve_by,
        promised_by=promised,
        assignee_id=handling.assignee_id if handling else None,
        overdue=stage in _OPEN_STAGES and now > (promised or grade.resolve_by),
    )


_OPEN_STAGES = frozenset(
    {
        ComplaintStage.FILED,
        ComplaintStage.EXPLAINED,
        ComplaintStage.IN_PROGRESS,
        ComplaintStage.MEDIATION,
        ComplaintStage.SETTLED,
        ComplaintStage.THIRD_PARTY,
    }
)


def _complainant(
    uow: UnitOfWork, actor: Actor, complaint: Complaint, handling: ComplaintHandling | None
) -> ComplainantView:
    consumer = uow.session.get(Consumer, complaint.consumer_id)
    shown = show_personal(
        uow=uow,
        actor=actor,
        record_kind="complaint",
        record_id=complaint.id,
        values={
            "name": consumer.name if consumer else None,
            "phone": consumer.phone if consumer else None,
            "contact": handling.contact if handling else None,
        },
        consumer_id=complaint.consumer_id,
    )
    values = shown.values
    return ComplainantView(
        complaint.consumer_id,
        values["name"],
        values["phone"],
        values["contact"],
        masked=shown.masked,
    )


def _step_view(row: ComplaintStep) -> StepView:
    return StepView(
        seq=row.seq,
        event_id=row.event_id,
        event=row.event,
        from_stage=row.from_stage,
        to_stage=row.to_stage,
        actor_id=row.actor_id,
        at=row.at,
        note=row.note,
        promised_by=row.promised_by,
        mediator=row.mediator,
        conclusion=row.conclusion,
        basis=row.basis,
        remedy=row.remedy,
        satisfaction=row.satisfaction,
        assignee_id=row.assignee_id,
        imported=row.actor_id == files.IMPORT_ACTOR,
    )


def _within(query: Select[*_Ts], scope: Scope) -> Select[*_Ts]:
    if scope.merchant_id is not None:
        query = query.where(Complaint.merchant_id == scope.merchant_id)
    if scope.consumer_id is not None:
        query = query.where(Complaint.consumer_id == scope.consumer_id)
    return query


class ComplaintTime(StrEnum):
    """Which moment of a complaint bounds a period's window."""

    FILED = "filed"
    CLOSED = "closed"
    """Resolved or closed in the window (by `resolved_at`); reopened ones are left out."""


@dataclass(frozen=True)
class ComplaintFacts:
    """What period reads (reports, surveys, the inbox, indicators) count of one complaint: no
    complainant's name or contact, only ids and the matter's text."""

    id: str
    consumer_id: str
    merchant_id: str | None
    channel: Channel
    nature: ComplaintNature
    status: ComplaintStatus
    filed_at: datetime
    responded_at: datetime | None
    resolved_at: datetime | None
    upheld: bool | None
    assignee_id: str | None
    matter: str


def complaints_between(
    *,
    uow: UnitOfWork,
    actor: Actor | None,
    start: datetime,
    end: datetime,
    by: ComplaintTime = ComplaintTime.FILED,
    merchant_id: str | None = None,
) -> list[ComplaintFacts]:
    """Complaints filed (or closed, `by`) in [start, end), oldest first by that moment.

    With an actor, only what the actor may see; `actor=None` is a system read (the daily run,
    the indicator catalogue) whose caller has checked its reader itself.
    """
    at = Complaint.filed_at if by is ComplaintTime.FILED else Complaint.resolved_at
    query = select(Complaint, ComplaintHandling).where(at >= start, at < end)
    if actor is not None:
        query = _within(query, complaint_scope(actor))
    if by is ComplaintTime.CLOSED:
        query = query.where(
            Complaint.status.in_((ComplaintStatus.RESOLVED, ComplaintStatus.CLOSED))
        )
    if merchant_id is not None:
        query = query.where(Complaint.merchant_id == merchant_id)
    query = query.outerjoin(ComplaintHandling, ComplaintHandling.complaint_id == Complaint.id)
    return [
        ComplaintFacts(
            id=c.id,
            consumer_id=c.consumer_id,
            merchant_id=c.merchant_id,
            channel=Channel(c.channel),
            nature=ComplaintNature(c.nature),
            status=ComplaintStatus(c.status),
            filed_at=c.filed_at,
            responded_at=c.responded_at,
            resolved_at=c.resolved_at,
            upheld=c.upheld,
            assignee_id=h.assignee_id if h is not None else None,
            matter=c.matter,
        )
        for c, h in uow.session.execute(query.order_by(at, Complaint.id))
    ]
