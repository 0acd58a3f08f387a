"""Merchants' appeals of a grade or a measure (S1 6.4, S4 4.2.2.2), with explicit transitions.

filed → under_review → upheld | dismissed. A merchant files for its own grade or measure, one
open appeal per target; a quality analyst (MANAGE_GRADES) takes it under review and decides it.
An upheld appeal of a measure lifts that measure; an upheld appeal of a grade lifts the
measures the grade's day decided (incentives aside, which only ever help the merchant). Every
step is chained onto the record log and told to the merchant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from pinzhi.core.errors import Conflict, Forbidden, InvalidTransition, NotFound, ValidationFailed
from pinzhi.core.ids import new_id
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.accounts.rules import Permission, require
from pinzhi.domain.grading.models import MerchantGradeRow
from pinzhi.domain.notices.models import RecipientKind
from pinzhi.domain.notices.operations import Recipient, send_notice
from pinzhi.domain.oversight.measures import end_measure
from pinzhi.domain.oversight.models import (
    Appeal,
    AppealStatus,
    AppealTarget,
    MeasureKind,
    MeasureStatus,
    MerchantMeasure,
)
from pinzhi.domain.records.operations import append_record
from pinzhi.store.uow import UnitOfWork

S = AppealStatus
TRANSITIONS: dict[AppealStatus, frozenset[AppealStatus]] = {
    S.FILED: frozenset({S.UNDER_REVIEW}),
    S.UNDER_REVIEW: frozenset({S.UPHELD, S.DISMISSED}),
    S.UPHELD: frozenset(),
    S.DISMISSED: frozenset(),
}
OPEN = (S.FILED, S.UNDER_REVIEW)
MAX_REASON = 2000


def next_status(current: AppealStatus, wanted: AppealStatus) -> AppealStatus:
    """`wanted` if the appeal may move there from `current`; InvalidTransition otherwise."""
    if wanted not in TRANSITIONS[current]:
        raise InvalidTransition(f"an appeal cannot go from {current.value} to {wanted.value}")
    return wanted


@dataclass(frozen=True)
class AppealView:
    id: str
    merchant_id: str
    target: AppealTarget
    target_id: str
    reason: str
    status: AppealStatus
    filed_at: datetime
    reviewed_by: str | None
    decided_at: datetime | None
    decision_note: str | None

    @classmethod
    def of(cls, row: Appeal) -> AppealView:
        return cls(
            row.id,
            row.merchant_id,
            AppealTarget(row.target),
            row.target_id,
            row.reason,
            AppealStatus(row.status),
            row.filed_at,
            row.reviewed_by,
            row.decided_at,
            row.decision_note,
        )


def file_appeal(
    *,
    uow: UnitOfWork,
    actor: Actor,
    target: AppealTarget,
    target_id: str,
    reason: str,
    now: datetime,
) -> AppealView:
    """A merchant appeals one of its own grades or measures."""
    if actor.role is not Role.MERCHANT or actor.merchant_id is None:
        raise Forbidden("only a merchant may appeal its grade or measures")
    reason = reason.strip()
    if not reason or len(reason) > MAX_REASON:
        raise ValidationFailed(f"an appeal needs a reason of 1-{MAX_REASON} characters")
    if _owner(uow, target, target_id) != actor.merchant_id:
        raise NotFound(f"no {target.value} {target_id} of merchant {actor.merchant_id}")
    pending = uow.session.scalar(
        select(Appeal.id).where(
            Appeal.target == target, Appeal.target_id == target_id, Appeal.status.in_(OPEN)
        )
    )
    if pending is not None:
        raise Conflict(f"appeal {pending} of this {target.value} is still open")
    appeal = Appeal(
        id=new_id("apl"),
        merchant_id=actor.merchant_id,
        target=target,
        target_id=target_id,
        reason=reason,
        status=S.FILED,
        filed_at=now,
    )
    uow.session.add(appeal)
    uow.session.flush()
    _chain(uow, appeal, actor_id=actor.user_id, now=now, extra={"reason": reason})
    return AppealView.of(appeal)


def review_appeal(*, uow: UnitOfWork, actor: Actor, appeal_id: str, now: datetime) -> AppealView:
    """An analyst takes a filed appeal under review."""
    require(actor, Permission.MANAGE_GRADES)
    appeal = _get(uow, appeal_id)
    appeal.status = next_status(AppealStatus(appeal.status), S.UNDER_REVIEW)
    appeal.reviewed_by = actor.user_id
    _chain(uow, appeal, actor_id=actor.user_id, now=now, extra={})
    return AppealView.of(appeal)


def decide_appeal(
    *, uow: UnitOfWork, actor: Actor, appeal_id: str, upheld: bool, note: str, now: datetime
) -> AppealView:
    """Uphold (lifting the measures concerned) or dismiss an appeal under review, with a note."""
    require(actor, Permission.MANAGE_GRADES)
    note = note.strip()
    if not note or len(note) > MAX_REASON:
        raise ValidationFailed(f"a decision needs a note of 1-{MAX_REASON} characters")
    appeal = _get(uow, appeal_id)
    appeal.status = next_status(AppealStatus(appeal.status), S.UPHELD if upheld else S.DISMISSED)
    appeal.reviewed_by = actor.user_id
    appeal.decided_at = now
    appeal.decision_note = note
    lifted = []
    if upheld:
        for measure in _measures_concerned(uow, appeal):
            end_measure(
                uow,
                measure,
                now=now,
                status=MeasureStatus.LIFTED,
                reason=f"appeal {appeal.id} upheld: {note}",
                actor_id=actor.user_id,
            )
            lifted.append(measure.id)
    _chain(uow, appeal, actor_id=actor.user_id, now=now, extra={"note": note, "lifted": lifted})
    return AppealView.of(appeal)


def _measures_concerned(uow: UnitOfWork, appeal: Appeal) -> list[MerchantMeasure]:
    query = select(MerchantMeasure).where(
        MerchantMeasure.status == MeasureStatus.ACTIVE,
        MerchantMeasure.merchant_id == appeal.merchant_id,
    )
    if appeal.target is AppealTarget.MEASURE:
        return list(uow.session.scalars(query.where(MerchantMeasure.id == appeal.target_id)))
    grade = uow.session.get(MerchantGradeRow, int(appeal.target_id))
    if grade is None:
        return []
    return list(
        uow.session.scalars(
            query.where(
                MerchantMeasure.decided_on == grade.as_of,
                MerchantMeasure.kind.in_((MeasureKind.KEY_CONTROL, MeasureKind.TRAINING)),
            )
        )
    )


def _owner(uow: UnitOfWork, target: AppealTarget, target_id: str) -> str | None:
    if target is AppealTarget.MEASURE:
        return uow.session.scalar(
            select(MerchantMeasure.merchant_id).where(MerchantMeasure.id == target_id)
        )
    if not target_id.isdigit():
        return None
    return uow.session.scalar(
        select(MerchantGradeRow.merchant_id).where(MerchantGradeRow.id == int(target_id))
    )


def _get(uow: UnitOfWork, appeal_id: str) -> Appeal:
    appeal = uow.session.get(Appeal, appeal_id)
    if appeal is None:
        raise NotFound(f"no appeal {appeal_id}")
    return appeal


def _chain(
    uow: UnitOfWork, appeal: Appeal, *, actor_id: str, now: datetime, extra: dict[str, object]
) -> None:
    status = AppealStatus(appeal.status)
    append_record(
        uow=uow,
        actor_id=actor_id,
        now=now,
        subject_kind="appeal",
        subject_id=appeal.id,
        action=f"appeal.{status.value}",
        payload={
            "merchant_id": appeal.merchant_id,
            "target": AppealTarget(appeal.target).value,
            "target_id": appeal.target_id,
            **extra,
        },
    )
    send_notice(
        uow=uow,
        to=Recipient(RecipientKind.MERCHANT, appeal.merchant_id),
        topic=f"appeal_{status.value}",
        subject_kind="appeal",
        subject_id=appeal.id,
        now=now,
        dedupe_key=f"appeal:{appeal.id}:{status.value}",
        params={"target": AppealTarget(appeal.target).value, "target_id": appeal.target_id},
    )
