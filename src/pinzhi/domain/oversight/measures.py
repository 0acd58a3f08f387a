"""Applying decisions (S1 6.2–6.4) and keeping the log of measures.

Each run reconciles the active measures with what the rules decide for the merchants it judged:
a new decision becomes an active measure (chained onto the record log and sent to the
merchant); an incentive or training no longer decided ends with the reason. Key control is never
ended by a run — only lifted by an upheld appeal. A measure lifted on appeal is not re-imposed
(same merchant, kind and topic) for `appeal_grace_days`: the appeal settled the evidence it
stood on; what still holds after that is decided afresh.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date, datetime, timedelta
from typing import NamedTuple

from sqlalchemy import select

from pinzhi.core.ids import new_id
from pinzhi.domain.notices.models import RecipientKind
from pinzhi.domain.notices.operations import Recipient, send_notice
from pinzhi.domain.oversight.decision_rules import MeasureDraft
from pinzhi.domain.oversight.models import MeasureKind, MeasureStatus, MerchantMeasure
from pinzhi.domain.oversight.warnings import SYSTEM_ACTOR
from pinzhi.domain.records.operations import append_record
from pinzhi.store.uow import UnitOfWork

APPEAL_GRACE_DAYS = 30


class MeasureSummary(NamedTuple):
    imposed: int
    ended: int
    kept: int


def apply_decisions(
    *,
    uow: UnitOfWork,
    run_id: str,
    as_of: date,
    now: datetime,
    drafts: Iterable[MeasureDraft],
    judged: Collection[str],
    appeal_grace_days: int = APPEAL_GRACE_DAYS,
) -> MeasureSummary:
    """Impose new decisions and end the incentives and training of `judged` merchants that no
    longer hold."""
    session = uow.session
    active = {
        (m.merchant_id, m.kind, m.topic): m
        for m in session.scalars(
            select(MerchantMeasure).where(MerchantMeasure.status == MeasureStatus.ACTIVE)
        )
    }
    lifted_since = now - timedelta(days=appeal_grace_days)
    recently_lifted = {
        (m.merchant_id, m.kind, m.topic)
        for m in session.scalars(
            select(MerchantMeasure).where(
                MerchantMeasure.status == MeasureStatus.LIFTED,
                MerchantMeasure.ended_at >= lifted_since,
            )
        )
    }
    imposed = kept = 0
    wanted = set()
    for draft in drafts:
        wanted.add(draft.key)
        if draft.key in active:
            kept += 1
            continue
        if draft.key in recently_lifted:
            continue
        _impose(uow, run_id=run_id, as_of=as_of, now=now, draft=draft)
        imposed += 1
    ended = 0
    for key, measure in active.items():
        merchant, kind, _ = key
        if key in wanted or kind is MeasureKind.KEY_CONTROL or merchant not in judged:
            continue
        end_measure(
            uow,
            measure,
            now=now,
            status=MeasureStatus.ENDED,
            reason=f"no longer warranted as of {as_of.isoformat()}",
            actor_id=SYSTEM_ACTOR,
        )
        ended += 1
    session.flush()
    return MeasureSummary(imposed, ended, kept)


def _impose(
    uow: UnitOfWork, *, run_id: str, as_of: date, now: datetime, draft: MeasureDraft
) -> None:
    measure = MerchantMeasure(
        id=new_id("msr"),
        merchant_id=draft.merchant_id,
        kind=draft.kind,
        topic=draft.topic,
        restrictions=list(draft.restrictions),
        reason=draft.reason,
        evidence=dict(draft.evidence),
        status=MeasureStatus.ACTIVE,
        decided_on=as_of,
        decided_at=now,
        run_id=run_id,
    )
    uow.session.add(measure)
    uow.session.flush()
    append_record(
        uow=uow,
        actor_id=SYSTEM_ACTOR,
        now=now,
        subject_kind="merchant",
        subject_id=draft.merchant_id,
        action=f"measure.{draft.kind.value}",
        payload={
            "measure_id": measure.id,
            "topic": draft.topic,
            "restrictions": list(draft.restrictions),
            "reason": draft.reason,
        },
    )
    _tell(uow, measure, now=now, topic="merchant_measure")


def end_measure(
    uow: UnitOfWork,
    measure: MerchantMeasure,
    *,
    now: datetime,
    status: MeasureStatus,
    reason: str,
    actor_id: str,
) -> None:
    """End or lift an active measure, with the reason, on the record log."""
    measure.status = status
    measure.ended_at = now
    measure.end_reason = reason
    append_record(
        uow=uow,
        actor_id=actor_id,
        now=now,
        subject_kind="merchant",
        subject_id=measure.merchant_id,
        action=f"measure.{status.value}",
        payload={"measure_id": measure.id, "reason": reason},
    )
    _tell(uow, measure, now=now, topic=f"merchant_measure_{status.value}")


def _tell(uow: UnitOfWork, measure: MerchantMeasure, *, now: datetime, topic: str) -> None:
    send_notice(
        uow=uow,
        to=Recipient(RecipientKind.MERCHANT, measure.merchant_id),
        topic=topic,
        subject_kind="merchant_measure",
        subject_id=measure.id,
        now=now,
        dedupe_key=f"{topic}:{measure.id}",
        params={"kind": measure.kind.value, "topic": measure.topic, "reason": measure.reason},
    )
