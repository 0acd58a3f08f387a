"""Writes on staff records: trainings and exams (S1 9.3.2; S3 5.2.2), each one transaction
with its entry on the record chain."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from pinzhi.core.errors import NotFound, ValidationFailed
from pinzhi.core.ids import new_id
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.rules import Permission, require
from pinzhi.domain.records.operations import append_record
from pinzhi.domain.service.models import Staff, StaffExam, StaffTraining, TrainingKind
from pinzhi.store.uow import UnitOfWork

MAX_TRAINING_MINUTES = 1440
DEFAULT_PASS_MARK = 60


@dataclass(frozen=True)
class TrainingView:
    id: str
    staff_id: str
    kind: TrainingKind
    topic: str
    completed_at: datetime
    minutes: int


@dataclass(frozen=True)
class ExamView:
    id: str
    staff_id: str
    kind: TrainingKind
    score: int
    pass_mark: int
    passed: bool
    taken_at: datetime


def record_training(
    *,
    uow: UnitOfWork,
    actor: Actor,
    now: datetime,
    staff_id: str,
    kind: TrainingKind,
    topic: str,
    completed_at: datetime,
    minutes: int,
) -> TrainingView:
    require(actor, Permission.MANAGE_STAFF)
    _staff(uow, staff_id)
    problems = []
    if not topic.strip():
        problems.append("a training needs a topic")
    if not 0 < minutes <= MAX_TRAINING_MINUTES:
        problems.append(f"minutes must be above 0 and at most {MAX_TRAINING_MINUTES}")
    if completed_at > now:
        problems.append("a training cannot be completed in the future")
    if problems:
        raise ValidationFailed(f"cannot record training: {'; '.join(problems)}", details=problems)
    row = StaffTraining(
        id=new_id("trn"),
        staff_id=staff_id,
        kind=kind,
        topic=topic.strip(),
        completed_at=completed_at,
        minutes=minutes,
    )
    uow.session.add(row)
    uow.session.flush()
    payload = {"training": row.id, "kind": kind.value, "topic": row.topic, "minutes": minutes}
    _chain(
        uow, actor, now=now, staff_id=staff_id, action="staff.training_recorded", payload=payload
    )
    uow.commit()
    return TrainingView(row.id, staff_id, kind, row.topic, completed_at, minutes)


def record_exam(
    *,
    uow: UnitOfWork,
    actor: Actor,
    now: datetime,
    staff_id: str,
    kind: TrainingKind,
    score: int,
    taken_at: datetime,
    pass_mark: int = DEFAULT_PASS_MARK,
) -> ExamView:
    """Store an exam; `passed` follows from the score and the pass mark, never from the caller."""
    require(actor, Permission.MANAGE_STAFF)
    _staff(uow, staff_id)
    problems = []
    if not 0 <= score <= 100 or not 0 <= pass_mark <= 100:
        problems.append("score and pass mark run from 0 to 100")
    if taken_at > now:
        problems.append("an exam cannot be taken in the future")
    if problems:
        raise ValidationFailed(f"cannot record exam: {'; '.join(problems)}", details=problems)
    passed = score >= pass_mark
    row = StaffExam(
        id=new_id("exm"),
        staff_id=staff_id,
        kind=kind,
        score=score,
        pass_mark=pass_mark,
        passed=passed,
        taken_at=taken_at,
    )
    uow.session.add(row)
    uow.session.flush()
    payload = {"exam": row.id, "kind": kind.value, "score": score, "passed": passed}
    _chain(uow, actor, now=now, staff_id=staff_id, action="staff.exam_recorded", payload=payload)
    uow.commit()
    return ExamView(row.id, staff_id, kind, score, pass_mark, passed, taken_at)


def _staff(uow: UnitOfWork, staff_id: str) -> Staff:
    staff = uow.session.get(Staff, staff_id)
    if staff is None:
        raise NotFound(f"no staff member {staff_id}")
    return staff


def _chain(
    uow: UnitOfWork,
    actor: Actor,
    *,
    now: datetime,
    staff_id: str,
    action: str,
    payload: Mapping[str, object],
) -> None:
    append_record(
        uow=uow,
        actor_id=actor.user_id,
        now=now,
        subject_kind="staff",
        subject_id=staff_id,
        action=action,
        payload=payload,
    )
