"""Reads on service staff: eligibility for work, the refresher report, performance (C6).

`assignable` and `check_assignment` are the one gate every assignment goes through, for
complaints here and for cases and sessions in the SLA engine: call them inside the unit of work
that makes the assignment.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from pinzhi.core.errors import NotFound, ValidationFailed
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.rules import Permission, require
from pinzhi.domain.service import staff_rules
from pinzhi.domain.service.complaints import ComplaintStage
from pinzhi.domain.service.models import (
    Complaint,
    ComplaintHandling,
    ComplaintStatus,
    Staff,
    StaffExam,
    StaffPost,
    StaffTraining,
)
from pinzhi.domain.service.staff_rules import Duty, Exam, Performance, StaffRecord, Training
from pinzhi.store.uow import UnitOfWork

RESULT_DELIVERED = frozenset({ComplaintStatus.RESOLVED, ComplaintStatus.CLOSED})
"""A complaint counts as closed for S1 9.3.3 once its result has reached the consumer."""


def staff_record(*, uow: UnitOfWork, staff_id: str) -> StaffRecord:
    staff = uow.session.get(Staff, staff_id)
    if staff is None:
        raise NotFound(f"no staff member {staff_id}")
    trainings = uow.session.scalars(select(StaffTraining).where(StaffTraining.staff_id == staff_id))
    exams = uow.session.scalars(select(StaffExam).where(StaffExam.staff_id == staff_id))
    return StaffRecord(
        staff_id=staff.id,
        post=staff.post,
        hired_at=staff.hired_at,
        prior_experience_months=staff.prior_experience_months,
        active=staff.active,
        trainings=tuple(Training(t.kind, t.completed_at) for t in trainings),
        exams=tuple(Exam(e.kind, e.passed, e.taken_at) for e in exams),
    )


def assignable(*, uow: UnitOfWork, staff_id: str, duty: Duty, now: datetime) -> list[str]:
    """Why staff `staff_id` may not take `duty` now; an empty list means they may."""
    return staff_rules.assignment_problems(staff_record(uow=uow, staff_id=staff_id), duty, now)


def check_assignment(*, uow: UnitOfWork, staff_id: str, duty: Duty, now: datetime) -> None:
    """NotFound for an unknown agent, ValidationFailed naming every reason for a refusal."""
    staff_rules.check_assignment(staff_record(uow=uow, staff_id=staff_id), duty, now)


@dataclass(frozen=True)
class Eligibility:
    staff_id: str
    duty: Duty
    eligible: bool
    problems: tuple[str, ...]


def eligibility(
    *, uow: UnitOfWork, actor: Actor, staff_id: str, duty: Duty, now: datetime
) -> Eligibility:
    """`assignable` for a staff manager's eyes."""
    require(actor, Permission.MANAGE_STAFF)
    problems = assignable(uow=uow, staff_id=staff_id, duty=duty, now=now)
    return Eligibility(staff_id, duty, not problems, tuple(problems))


@dataclass(frozen=True)
class RefresherGap:
    staff_id: str
    post: StaffPost
    refreshers: int
    missing: int


def refresher_report(*, uow: UnitOfWork, actor: Actor, now: datetime) -> list[RefresherGap]:
    """Active staff below 12 refresher trainings in the last 12 months (S3 5.2.2.3)."""
    require(actor, Permission.MANAGE_STAFF)
    trainings: dict[str, list[Training]] = defaultdict(list)
    since = staff_rules.months_before(now, 12)
    for staff_id, kind, completed_at in uow.session.execute(
        select(StaffTraining.staff_id, StaffTraining.kind, StaffTraining.completed_at).where(
            StaffTraining.completed_at > since
        )
    ):
        trainings[staff_id].append(Training(kind, completed_at))
    gaps = []
    for staff_id, post in uow.session.execute(
        select(Staff.id, Staff.post).where(Staff.active.is_(True)).order_by(Staff.id)
    ):
        count = staff_rules.refreshers_in_last_year(trainings[staff_id], now)
        if count < staff_rules.REFRESHERS_PER_YEAR:
            gaps.append(
                RefresherGap(staff_id, post, count, staff_rules.REFRESHERS_PER_YEAR - count)
            )
    return gaps


@dataclass(frozen=True)
class AgentPerformance:
    staff_id: str
    post: StaffPost
    performance: Performance


def performance_scores(
    *, uow: UnitOfWork, actor: Actor, start: datetime, end: datetime
) -> list[AgentPerformance]:
    """The S1 9.3.3 score of every agent with complaints filed in [start, end), best first."""
    require(actor, Permission.MANAGE_STAFF)
    if end <= start:
        raise ValidationFailed("the period must end after it starts")
    rows = uow.session.execute(
        select(
            ComplaintHandling.assignee_id,
            Staff.post,
            ComplaintHandling.stage,
            ComplaintHandling.satisfaction,
        )
        .join(Complaint, Complaint.id == ComplaintHandling.complaint_id)
        .join(Staff, Staff.id == ComplaintHandling.assignee_id)
        .where(Complaint.filed_at >= start, Complaint.filed_at < end)
    )
    closed: dict[str, list[bool]] = defaultdict(list)
    rated: dict[str, list[int]] = defaultdict(list)
    posts: dict[str, StaffPost] = {}
    for assignee, post, stage, satisfaction in rows:
        staff_id = str(assignee)  # the join on staff leaves no unassigned row
        posts[staff_id] = post
        closed[staff_id].append(ComplaintStage(stage).status in RESULT_DELIVERED)
        if satisfaction is not None:
            rated[staff_id].append(satisfaction)
    scored = [
        AgentPerformance(
            staff_id,
            posts[staff_id],
            staff_rules.performance(closed_flags=flags, satisfactions=rated[staff_id]),
        )
        for staff_id, flags in closed.items()
    ]
    return sorted(scored, key=_best_first)


def _best_first(agent: AgentPerformance) -> tuple[bool, float, str]:
    score = agent.performance.score
    return (score is None, -(score or 0.0), agent.staff_id)
