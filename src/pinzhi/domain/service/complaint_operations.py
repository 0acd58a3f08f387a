"""Writes on complaints: file, act on (every workflow event), assign. One transaction each.

Every write stores its step (who, when, from → to, note, basis, remedy) and chains it onto the
tamper-evident record inside the same transaction (S1 9.1.2; S3 6.6.2), so the file and its
record become durable together or not at all. The workflow itself is `complaints.apply`: an
event the complaint's stage does not allow is refused there with `InvalidTransition`.

Who may do what: a consumer files their own complaint (FILE_COMPLAINT), staff file one taken by
phone or e-mail for a consumer and handle it (HANDLE_COMPLAINTS); settle-first agreements and
hand-overs to third-party mediation are a mediator's (MEDIATE_COMPLAINTS, S1 9.7.7). A mediator
named on a referral, and any assignee, must pass the staff gate for complaint handling
(`staff_queries.check_assignment`: pre-duty training, one year of experience, S1 9.3.4).

Grading (S3 6.6.1) takes its signals from the record: an elderly or disabled complainant, the
amount paid on the order, and a repeat complaint (the same consumer about the same order, or the
same shop when no order is named, within `REPEAT_WINDOW`). A safety risk is stated by the filer.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from pinzhi.core.errors import Conflict, Forbidden, InvalidTransition, ValidationFailed
from pinzhi.core.ids import new_id
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.rules import Permission, allows, require
from pinzhi.domain.customers.models import Consumer
from pinzhi.domain.orders.queries import get_order
from pinzhi.domain.service import complaint_files as files
from pinzhi.domain.service import complaint_queries as queries
from pinzhi.domain.service import complaint_store as store
from pinzhi.domain.service.complaint_queries import ComplaintFileView, Loaded
from pinzhi.domain.service.complaints import (
    Complainant,
    ComplaintEvent,
    ComplaintStage,
    Matter,
    Resolution,
    UrgencySignals,
    apply,
    grade_complaint,
)
from pinzhi.domain.service.complaints import file_complaint as open_file
from pinzhi.domain.service.models import (
    Channel,
    Complaint,
    ComplaintHandling,
    ComplaintNature,
    ComplaintStep,
    StaffPost,
)
from pinzhi.domain.service.staff_queries import check_assignment, staff_record
from pinzhi.domain.service.staff_rules import Duty
from pinzhi.store.uow import UnitOfWork

COMPLAINT_CHANNELS = frozenset({Channel.ONLINE_CHAT, Channel.PHONE, Channel.EMAIL})
"""Where a complaint may be lodged (S1 9.2.4: online chat, hotline, e-mail)."""
REPEAT_WINDOW = timedelta(days=30)


def file_complaint(
    *,
    uow: UnitOfWork,
    actor: Actor,
    now: datetime,
    channel: Channel,
    nature: ComplaintNature,
    matter: str,
    contact: str,
    consumer_id: str | None = None,
    order_id: str | None = None,
    merchant_id: str | None = None,
    safety_risk: bool = False,
    event_id: str | None = None,
) -> ComplaintFileView:
    """Open a complaint's file and grade it; a repeated `event_id` returns the first filing."""
    consumer_id = _filer(actor, consumer_id)
    if event_id is not None and (existing := _filed_under(uow, event_id, consumer_id)):
        return _view(uow, actor, existing, now)
    _check_filing(channel, matter, contact)
    consumer = uow.session.get(Consumer, consumer_id)
    if consumer is None:
        raise ValidationFailed(f"no consumer {consumer_id} to file the complaint for")
    paid = 0
    if order_id is not None:
        order = get_order(uow=uow, actor=actor, order_id=order_id)
        if order.consumer_id != consumer_id:
            raise ValidationFailed(f"order {order_id} was not placed by consumer {consumer_id}")
        merchant_id, paid = order.merchant_id, order.paid_fen
    signals = UrgencySignals(
        safety_risk=safety_risk,
        elderly_or_disabled=consumer.elderly or consumer.disabled,
        repeat_complaint=_repeat(uow, consumer_id, order_id, merchant_id, now),
        amount_at_stake_fen=paid,
    )
    grade = grade_complaint(
        nature=nature, signals=signals, filed_at=now, calendar=files.COMPLAINT_CALENDAR
    )
    complaint_id = new_id("CMP")
    file = open_file(
        complaint_id=complaint_id,
        complainant=Complainant(consumer_id, contact.strip()),
        matter=Matter(channel, nature, matter.strip(), order_id, merchant_id),
        actor=actor.user_id,
        now=now,
        event_id=event_id or new_id("evt"),
    )
    complaint = store.add_filing(
        uow,
        complaint_id=complaint_id,
        step=file.steps[0],
        consumer_id=consumer_id,
        grade=grade,
        matter=file.matter,
    )
    handling = store.add_handling(uow, complaint_id, grade, contact=contact.strip(), imported=False)
    row = store.add_step(
        uow, handling, file.steps[0], from_stage=None, to_stage=ComplaintStage.FILED
    )
    grade_payload = {
        "urgency": grade.urgency.value,
        "tier": grade.tier.value,
        "respond_by": grade.respond_by,
        "resolve_by": grade.resolve_by,
    }
    store.chain_step(uow, row, grade_payload)
    store.notify(uow, complaint, row)
    uow.commit()
    return _view(uow, actor, complaint, now)


def act_on_complaint(
    *,
    uow: UnitOfWork,
    actor: Actor,
    now: datetime,
    complaint_id: str,
    event: ComplaintEvent,
    event_id: str,
    note: str = "",
    promised_by: datetime | None = None,
    mediator: str | None = None,
    conclusion: str = "",
    basis: str = "",
    remedy: str = "",
    satisfaction: int | None = None,
    upheld: bool | None = None,
) -> ComplaintFileView:
    """Take one workflow step; the same `event_id` again is answered with the file unchanged."""
    _require_for(actor, event)
    if event is ComplaintEvent.FILE:
        raise ValidationFailed("a complaint is filed once, with file_complaint")
    loaded = _locked(uow, actor, complaint_id, now)
    result = Resolution(conclusion, basis, remedy) if conclusion or basis or remedy else None
    before = loaded.file
    after = apply(
        before,
        event,
        actor=actor.user_id,
        now=now,
        event_id=event_id,
        note=note,
        promised_by=promised_by,
        mediator=mediator,
        result=result,
        satisfaction=satisfaction,
    )
    if after is before:  # a replay: the step is already on file
        return queries.file_view(uow, actor, loaded, now=now)
    if event is ComplaintEvent.REFER_TO_MEDIATION and mediator:
        _check_mediator(uow, mediator, now)
    step, handling, complaint = after.steps[-1], _handling(loaded), loaded.complaint
    row = store.add_step(uow, handling, step, from_stage=before.stage, to_stage=after.stage)
    handling.stage = after.stage.value
    handling.mediator = after.mediator
    store.update_complaint(complaint, after.stage, step, upheld)
    if step.result is not None or event is ComplaintEvent.REOPEN:
        handling.basis = step.result.basis if step.result else None
        handling.remedy = step.result.remedy if step.result else None
    if step.satisfaction is not None:
        handling.satisfaction = step.satisfaction
    store.chain_step(uow, row)
    store.notify(uow, complaint, row)
    uow.commit()
    return _view(uow, actor, complaint, now)


def assign_complaint(
    *,
    uow: UnitOfWork,
    actor: Actor,
    now: datetime,
    complaint_id: str,
    staff_id: str,
    event_id: str,
    note: str = "",
) -> ComplaintFileView:
    """Give the complaint to an agent who passes the staff gate for complaint handling.

    A step of the file that leaves the stage as it is; the same `event_id` again is a replay.
    """
    require(actor, Permission.HANDLE_COMPLAINTS)
    loaded = _locked(uow, actor, complaint_id, now)
    handling, stage = _handling(loaded), loaded.file.stage
    earlier = next((s for s in loaded.steps if s.event_id == event_id), None)
    if earlier is not None:
        if earlier.event != files.ASSIGN:
            raise Conflict(f"event id {event_id!r} was already used for {earlier.event}")
        return queries.file_view(uow, actor, loaded, now=now)
    if stage is ComplaintStage.CLOSED:
        raise InvalidTransition(f"cannot assign a complaint that is {stage}; reopen it first")
    if now < loaded.file.steps[-1].at:
        raise ValidationFailed(f"assign at {now} is earlier than the last step")
    check_assignment(uow=uow, staff_id=staff_id, duty=Duty.COMPLAINT_HANDLING, now=now)
    handling.steps += 1
    row = ComplaintStep(
        complaint_id=complaint_id,
        seq=handling.steps,
        event_id=event_id,
        event=files.ASSIGN,
        from_stage=stage.value,
        to_stage=stage.value,
        actor_id=actor.user_id,
        at=now,
        note=note,
        assignee_id=staff_id,
    )
    store.add_row(uow, handling, row)
    handling.assignee_id = staff_id
    store.chain_step(uow, row, {"assignee": staff_id})
    uow.commit()
    return _view(uow, actor, loaded.complaint, now)


# ---------------------------------------------------------------- helpers


def _filer(actor: Actor, consumer_id: str | None) -> str:
    """The consumer a complaint is filed for: oneself, or anyone when staff take it down."""
    if allows(actor, Permission.HANDLE_COMPLAINTS):
        if not consumer_id:
            raise ValidationFailed("name the consumer the complaint is filed for")
        return consumer_id
    require(actor, Permission.FILE_COMPLAINT)
    if actor.consumer_id is None or consumer_id not in (None, actor.consumer_id):
        raise Forbidden("a consumer files complaints only for themselves")
    return actor.consumer_id


def _check_filing(channel: Channel, matter: str, contact: str) -> None:
    problems = []
    if channel not in COMPLAINT_CHANNELS:
        allowed = ", ".join(sorted(c.value for c in COMPLAINT_CHANNELS))
        problems.append(f"channel {channel.value} takes no complaints (use {allowed})")
    if not matter.strip():
        problems.append("describe the matter complained about")
    if not contact.strip():
        problems.append("give a contact for the result (phone or e-mail)")
    if problems:
        raise ValidationFailed(
            f"cannot file the complaint: {'; '.join(problems)}", details=problems
        )


def _filed_under(uow: UnitOfWork, event_id: str, consumer_id: str) -> Complaint | None:
    return uow.session.scalars(
        select(Complaint)
        .join(ComplaintStep, ComplaintStep.complaint_id == Complaint.id)
        .where(
            ComplaintStep.event == ComplaintEvent.FILE.value,
            ComplaintStep.event_id == event_id,
            Complaint.consumer_id == consumer_id,
        )
    ).first()


def _repeat(
    uow: UnitOfWork, consumer_id: str, order_id: str | None, merchant_id: str | None, now: datetime
) -> bool:
    query = select(Complaint.id).where(
        Complaint.consumer_id == consumer_id, Complaint.filed_at >= now - REPEAT_WINDOW
    )
    if order_id is not None:
        query = query.where(Complaint.order_id == order_id)
    elif merchant_id is not None:
        query = query.where(Complaint.merchant_id == merchant_id)
    else:
        return False
    return uow.session.scalars(query.limit(1)).first() is not None


def _locked(uow: UnitOfWork, actor: Actor, complaint_id: str, now: datetime) -> Loaded:
    """The complaint, its handling row held; an imported one is adopted first."""
    complaint = queries.find_complaint(uow=uow, actor=actor, complaint_id=complaint_id)
    loaded = queries.load(uow, complaint, lock=True)
    if loaded.handling is None:
        store.adopt(uow, loaded, actor=actor, now=now)
        loaded = queries.load(uow, complaint, lock=True)
    return loaded


def _handling(loaded: Loaded) -> ComplaintHandling:
    if loaded.handling is None:  # `_locked` adopts imported complaints
        raise Conflict(f"complaint {loaded.complaint.id} has no handling record")
    return loaded.handling


def _require_for(actor: Actor, event: ComplaintEvent) -> None:
    mediation = event in queries.MEDIATOR_EVENTS
    require(actor, Permission.MEDIATE_COMPLAINTS if mediation else Permission.HANDLE_COMPLAINTS)


def _check_mediator(uow: UnitOfWork, staff_id: str, now: datetime) -> None:
    record = staff_record(uow=uow, staff_id=staff_id)
    if record.post is not StaffPost.MEDIATOR:
        raise ValidationFailed(f"staff {staff_id} is a {record.post}, not a mediator")
    check_assignment(uow=uow, staff_id=staff_id, duty=Duty.COMPLAINT_HANDLING, now=now)


def _view(uow: UnitOfWork, actor: Actor, complaint: Complaint, now: datetime) -> ComplaintFileView:
    return queries.file_view(uow, actor, queries.load(uow, complaint), now=now)
