"""Storing a complaint's rows: the filing, its handling row, each step with its record-chain
entry, the coarse columns reports read, and the notices a step sends (S1 9.1.2; S3 6.6.2).

Nothing here commits or checks permissions: `complaint_operations` does both, around these.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from pinzhi.core.errors import Conflict, ValidationFailed
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.notices.models import RecipientKind
from pinzhi.domain.notices.operations import Recipient, send_notice
from pinzhi.domain.records.operations import append_record
from pinzhi.domain.service import complaint_files as files
from pinzhi.domain.service.complaint_queries import Loaded
from pinzhi.domain.service.complaints import (
    ComplaintEvent,
    ComplaintGrade,
    ComplaintStage,
    Matter,
    Step,
)
from pinzhi.domain.service.models import Complaint, ComplaintHandling, ComplaintStep
from pinzhi.store.uow import UnitOfWork

SUBJECT = "complaint"
_NOTICE_TOPICS = {
    ComplaintEvent.FILE.value: "complaint_filed",
    ComplaintEvent.EXPLAIN_DELAY.value: "complaint_explained",
    ComplaintEvent.RESOLVE_ON_THE_SPOT.value: "complaint_result",
    ComplaintEvent.RESOLVE.value: "complaint_result",
    ComplaintEvent.HAND_TO_THIRD_PARTY.value: "complaint_third_party",
}
_RESPONSES = frozenset(
    {
        ComplaintEvent.RESOLVE_ON_THE_SPOT,
        ComplaintEvent.EXPLAIN_DELAY,
        ComplaintEvent.START_HANDLING,
    }
)


def add_filing(
    uow: UnitOfWork,
    *,
    complaint_id: str,
    step: Step,
    consumer_id: str,
    grade: ComplaintGrade,
    matter: Matter,
) -> Complaint:
    complaint = Complaint(
        id=complaint_id,
        consumer_id=consumer_id,
        merchant_id=matter.merchant_id,
        order_id=matter.order_id,
        channel=matter.channel,
        nature=matter.nature,
        urgency=grade.urgency,
        status=ComplaintStage.FILED.status,
        filed_at=step.at,
        matter=matter.description,
    )
    uow.session.add(complaint)
    try:
        uow.session.flush()
    except IntegrityError as exc:  # the only reference not yet checked is the merchant
        raise ValidationFailed(f"no merchant {matter.merchant_id} to complain about") from exc
    return complaint


def add_handling(
    uow: UnitOfWork,
    complaint_id: str,
    grade: ComplaintGrade | files.Grade,
    *,
    contact: str | None,
    imported: bool,
    stage: ComplaintStage = ComplaintStage.FILED,
) -> ComplaintHandling:
    handling = ComplaintHandling(
        complaint_id=complaint_id,
        stage=stage.value,
        steps=0,
        contact=contact,
        tier=grade.tier.value,
        fast_lane=grade.fast_lane,
        respond_by=grade.respond_by,
        resolve_by=grade.resolve_by,
        grading_version=grade.table_version if isinstance(grade, ComplaintGrade) else grade.version,
        imported=imported,
    )
    uow.session.add(handling)
    return handling


def add_step(
    uow: UnitOfWork,
    handling: ComplaintHandling,
    step: Step,
    *,
    from_stage: ComplaintStage | None,
    to_stage: ComplaintStage,
) -> ComplaintStep:
    handling.steps += 1
    row = files.row_of(
        handling.complaint_id,
        handling.steps,
        step,
        from_stage=from_stage.value if from_stage else None,
        to_stage=to_stage.value,
    )
    add_row(uow, handling, row)
    return row


def add_row(uow: UnitOfWork, handling: ComplaintHandling, row: ComplaintStep) -> None:
    uow.session.add(row)
    try:
        uow.session.flush()
    except IntegrityError as exc:  # another writer stored this step first
        raise Conflict(f"complaint {handling.complaint_id} changed meanwhile: reload") from exc


def adopt(uow: UnitOfWork, loaded: Loaded, *, actor: Actor, now: datetime) -> None:
    """Store an imported complaint's reconstructed history (`complaint_files`), chained once."""
    complaint, file = loaded.complaint, loaded.file
    handling = add_handling(
        uow, complaint.id, loaded.grade, contact=None, imported=True, stage=file.stage
    )
    previous: ComplaintStage | None = None
    for step, stage in files.imported_steps(complaint):
        add_step(uow, handling, step, from_stage=previous, to_stage=stage)
        previous = stage
    append_record(
        uow=uow,
        actor_id=actor.user_id,
        now=now,
        subject_kind=SUBJECT,
        subject_id=complaint.id,
        action="complaint.adopted",
        payload={"steps": handling.steps, "stage": file.stage.value},
    )


def update_complaint(
    complaint: Complaint, stage: ComplaintStage, step: Step, upheld: bool | None
) -> None:
    """Keep the coarse columns every report reads in step with the file."""
    complaint.status = stage.status
    if step.event in _RESPONSES and complaint.responded_at is None:
        complaint.responded_at = step.at
    if step.event is ComplaintEvent.EXPLAIN_DELAY:
        complaint.promised_by = step.promised_by
    if step.result is not None:
        complaint.resolved_at, complaint.result = step.at, step.result.conclusion
        complaint.upheld = upheld if upheld is not None else complaint.upheld
    if step.event is ComplaintEvent.REOPEN:
        complaint.resolved_at, complaint.result, complaint.upheld = None, None, None


def chain_step(
    uow: UnitOfWork, row: ComplaintStep, extra: Mapping[str, object] | None = None
) -> None:
    """The step's entry on the record chain; the row keeps the entry's sequence."""
    payload: dict[str, object] = {
        "seq": row.seq,
        "event_id": row.event_id,
        "from": row.from_stage,
        "to": row.to_stage,
        "note": row.note,
        "promised_by": row.promised_by,
        "mediator": row.mediator,
        "conclusion": row.conclusion,
        "basis": row.basis,
        "remedy": row.remedy,
        "satisfaction": row.satisfaction,
        **(extra or {}),
    }
    entry = append_record(
        uow=uow,
        actor_id=row.actor_id,
        now=row.at,
        subject_kind=SUBJECT,
        subject_id=row.complaint_id,
        action=f"complaint.{row.event}",
        payload=payload,
    )
    row.record_sequence = entry.sequence


def notify(uow: UnitOfWork, complaint: Complaint, row: ComplaintStep) -> None:
    """Tell the party who waits on this step: the shop of a new complaint, the consumer of an
    explanation, a result or a hand-over (S1 9.2.4; S3 6.6.3). Sent once per step."""
    topic = _NOTICE_TOPICS.get(row.event)
    if topic is None:
        return
    if row.event == ComplaintEvent.FILE.value:
        if complaint.merchant_id is None:
            return
        to = Recipient(RecipientKind.MERCHANT, complaint.merchant_id)
    else:
        to = Recipient(RecipientKind.CONSUMER, complaint.consumer_id)
    params = {"complaint": complaint.id, "promised_by": row.promised_by, "mediator": row.mediator}
    send_notice(
        uow=uow,
        to=to,
        topic=topic,
        subject_kind=SUBJECT,
        subject_id=complaint.id,
        now=row.at,
        dedupe_key=f"{SUBJECT}:{complaint.id}:{row.event_id}",
        params={k: v.isoformat() if isinstance(v, datetime) else v for k, v in params.items()},
        order_id=complaint.order_id,
    )
