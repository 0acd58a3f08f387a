"""The worker's watch over complaint deadlines (S1 9.2.4; S3 6.6): answer by the grade's
response time, resolve by the promised time or, without a promise, by the grade's resolution time.

A complaint's current deadline is its response deadline while nobody has answered (when that
comes first), else the promise or the grade's resolution deadline. When it passes, the worker
tells the assigned handler and the mediators' team (escalation to senior staff), writes the breach
on the record chain and remembers which deadline it flagged; a new promise makes a new deadline to
watch. Only complaints pinzhi handles are watched: imported history has no handling row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, case, func, or_, select

from pinzhi.domain.accounts.models import Role, User
from pinzhi.domain.notices.models import RecipientKind
from pinzhi.domain.notices.operations import Recipient, send_notice
from pinzhi.domain.records.operations import append_record
from pinzhi.domain.service.complaint_store import SUBJECT
from pinzhi.domain.service.complaints import ComplaintStage
from pinzhi.domain.service.models import Complaint, ComplaintHandling
from pinzhi.store.uow import UnitOfWork

OVERDUE_TOPIC = "complaint_overdue"
WATCH_ACTOR = "system:sla-worker"
WATCHED = tuple(
    stage.value
    for stage in (
        ComplaintStage.FILED,
        ComplaintStage.EXPLAINED,
        ComplaintStage.IN_PROGRESS,
        ComplaintStage.MEDIATION,
        ComplaintStage.SETTLED,
    )
)
"""Open stages the platform itself must move; a third-party mediation body keeps its own time."""


@dataclass(frozen=True)
class OverdueComplaint:
    complaint_id: str
    deadline: datetime
    answered: bool
    assignee_id: str | None


def _deadline() -> ColumnElement[datetime]:
    resolve = func.coalesce(Complaint.promised_by, ComplaintHandling.resolve_by)
    unanswered = and_(Complaint.responded_at.is_(None), ComplaintHandling.respond_by <= resolve)
    return case((unanswered, ComplaintHandling.respond_by), else_=resolve)


def flag_overdue_complaints(
    *, uow: UnitOfWork, now: datetime, limit: int
) -> list[OverdueComplaint]:
    """Flag up to `limit` complaints whose current deadline passed and is not yet flagged."""
    deadline = _deadline()
    rows = uow.session.execute(
        select(ComplaintHandling, deadline, Complaint.responded_at)
        .join(Complaint, Complaint.id == ComplaintHandling.complaint_id)
        .where(ComplaintHandling.stage.in_(WATCHED), deadline <= now)
        .where(
            or_(
                ComplaintHandling.flagged_deadline.is_(None),
                ComplaintHandling.flagged_deadline != deadline,
            )
        )
        .order_by(deadline)
        .limit(limit)
        .with_for_update(of=ComplaintHandling, skip_locked=True)
    ).all()
    found = [
        OverdueComplaint(handling.complaint_id, due, answered is not None, handling.assignee_id)
        for handling, due, answered in rows
    ]
    for (handling, due, _), item in zip(rows, found, strict=True):
        handling.flagged_deadline = due
        _tell(uow, item, now)
    uow.session.flush()
    return found


def _tell(uow: UnitOfWork, item: OverdueComplaint, now: datetime) -> None:
    params: dict[str, object] = {
        "deadline": item.deadline.isoformat(),
        "missed": "resolution" if item.answered else "response",
    }
    handler = item.assignee_id and uow.session.scalar(
        select(User.id).where(User.staff_id == item.assignee_id, User.active.is_(True))
    )
    recipients = [Recipient(RecipientKind.ROLE, Role.MEDIATOR.value)]
    if handler:
        recipients.append(Recipient(RecipientKind.STAFF, handler))
    for recipient in recipients:
        send_notice(
            uow=uow,
            to=recipient,
            topic=OVERDUE_TOPIC,
            subject_kind=SUBJECT,
            subject_id=item.complaint_id,
            now=now,
            dedupe_key=f"{OVERDUE_TOPIC}:{item.complaint_id}:{item.deadline.isoformat()}",
            params=params,
        )
    append_record(
        uow=uow,
        actor_id=WATCH_ACTOR,
        now=now,
        subject_kind=SUBJECT,
        subject_id=item.complaint_id,
        action=OVERDUE_TOPIC,
        payload=params,
    )
