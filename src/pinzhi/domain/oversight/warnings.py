"""Storing early warnings and telling the merchant and the quality analysts (S1 6.1.2).

A run owns the warnings of its as-of day: storing the same drafts twice changes nothing; a
warning no longer raised for that day is removed. A new warning is chained onto the record log
and sent, once per merchant, kind and day, to the merchant's inbox and the analysts' team inbox.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import select

from pinzhi.core.ids import new_id
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.notices.models import RecipientKind
from pinzhi.domain.notices.operations import Recipient, send_notice
from pinzhi.domain.oversight.models import MerchantWarning
from pinzhi.domain.oversight.warning_rules import WarningDraft
from pinzhi.domain.records.operations import append_record
from pinzhi.store.uow import UnitOfWork

SYSTEM_ACTOR = "system:oversight"
ANALYSTS = Recipient(RecipientKind.ROLE, Role.QUALITY_ANALYST.value)


class WarningSummary(NamedTuple):
    raised: int
    updated: int
    withdrawn: int
    unchanged: int


def store_warnings(
    *, uow: UnitOfWork, run_id: str, as_of: date, now: datetime, drafts: Iterable[WarningDraft]
) -> WarningSummary:
    """Make the stored warnings of `as_of` equal to `drafts` (one per merchant and kind)."""
    session = uow.session
    stored = {
        (w.merchant_id, w.kind.value): w
        for w in session.scalars(select(MerchantWarning).where(MerchantWarning.as_of == as_of))
    }
    raised = updated = unchanged = 0
    for draft in drafts:
        key = (draft.merchant_id, draft.kind.value)
        found = stored.pop(key, None)
        if found is None:
            _raise(uow, run_id=run_id, as_of=as_of, now=now, draft=draft)
            raised += 1
        elif (found.severity, found.reason, found.evidence) != (
            draft.severity,
            draft.reason,
            draft.evidence,
        ):
            found.severity, found.reason, found.evidence = (
                draft.severity,
                draft.reason,
                dict(draft.evidence),
            )
            found.run_id = run_id
            updated += 1
        else:
            unchanged += 1
    for stale in stored.values():
        session.delete(stale)
    session.flush()
    return WarningSummary(raised, updated, len(stored), unchanged)


def _raise(
    uow: UnitOfWork, *, run_id: str, as_of: date, now: datetime, draft: WarningDraft
) -> None:
    warning = MerchantWarning(
        id=new_id("wrn"),
        merchant_id=draft.merchant_id,
        as_of=as_of,
        kind=draft.kind,
        severity=draft.severity,
        reason=draft.reason,
        evidence=dict(draft.evidence),
        run_id=run_id,
        created_at=now,
    )
    uow.session.add(warning)
    uow.session.flush()
    append_record(
        uow=uow,
        actor_id=SYSTEM_ACTOR,
        now=now,
        subject_kind="merchant",
        subject_id=draft.merchant_id,
        action=f"warning.{draft.kind.value}",
        payload={
            "warning_id": warning.id,
            "as_of": as_of.isoformat(),
            "severity": draft.severity.value,
            "reason": draft.reason,
            "evidence": dict(draft.evidence),
        },
    )
    params: dict[str, object] = {
        "kind": draft.kind.value,
        "severity": draft.severity.value,
        "reason": draft.reason,
        "merchant_id": draft.merchant_id,
        "as_of": as_of.isoformat(),
    }
    dedupe = f"warning:{draft.merchant_id}:{draft.kind.value}:{as_of.isoformat()}"
    for to in (Recipient(RecipientKind.MERCHANT, draft.merchant_id), ANALYSTS):
        send_notice(
            uow=uow,
            to=to,
            topic="merchant_warning",
            subject_kind="merchant_warning",
            subject_id=warning.id,
            now=now,
            dedupe_key=dedupe,
            params=params,
        )
