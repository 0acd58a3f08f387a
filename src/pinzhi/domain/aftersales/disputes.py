"""Condition disputes decided on evidence (S3 6.3.3).

When the merchant says returned goods came back damaged or used and the consumer disagrees,
both sides file evidence — photos, video, an inspection report, the carrier's record — with the
file's SHA-256 so the judged file can be checked later. A mediator decides, naming the evidence
the decision rests on, and sets what is refunded: in full when the consumer is right, less the
proven loss when the merchant is. The refund then goes through the ordinary workflow, so the
ledger's caps and the record chain apply as to any refund.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from pinzhi.core.errors import Forbidden, NotFound, ValidationFailed
from pinzhi.core.ids import new_id
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.aftersales import case_operations
from pinzhi.domain.aftersales.case_operations import Party
from pinzhi.domain.aftersales.models import (
    AftersalesCase,
    CaseEvidence,
    CaseWorkflowRow,
    DisputeDecision,
    EvidenceKind,
)
from pinzhi.domain.aftersales.workflow import CaseEvent, Step
from pinzhi.domain.records.operations import append_record
from pinzhi.store.uow import UnitOfWork

SHA256 = re.compile(r"[0-9a-f]{64}")
_FILERS = (Party.CONSUMER, Party.MERCHANT, Party.AGENT)


@dataclass(frozen=True)
class EvidenceView:
    id: str
    kind: EvidenceKind
    party: str
    submitted_at: datetime
    description: str
    file_name: str | None
    sha256: str | None


def submit_evidence(
    *,
    uow: UnitOfWork,
    actor: Actor,
    case_id: str,
    kind: EvidenceKind,
    description: str,
    now: datetime,
    file_name: str | None = None,
    sha256: str | None = None,
) -> EvidenceView:
    case = _case(uow, case_id)
    party = next((p for p in _FILERS if p in case_operations.parties(actor, case)), None)
    if party is None:
        raise NotFound(f"after-sales case {case_id!r} does not exist")
    if not description.strip():
        raise ValidationFailed("evidence needs a description of what it shows")
    if sha256 is not None and not SHA256.fullmatch(sha256):
        raise ValidationFailed("sha256 must be 64 lower-case hexadecimal characters")
    row = CaseEvidence(
        id=new_id("evd"),
        case_id=case_id,
        kind=kind,
        party=party.value,
        submitted_by=actor.user_id,
        submitted_at=now,
        description=description.strip(),
        file_name=file_name,
        sha256=sha256,
    )
    uow.session.add(row)
    uow.session.flush()
    append_record(
        uow=uow,
        actor_id=actor.user_id,
        now=now,
        subject_kind=case_operations.SUBJECT,
        subject_id=case_id,
        action="evidence",
        payload={"evidence_id": row.id, "kind": kind.value, "sha256": sha256 or ""},
    )
    return _view(row)


def list_evidence(*, uow: UnitOfWork, case_id: str) -> list[EvidenceView]:
    rows = uow.session.scalars(
        select(CaseEvidence)
        .where(CaseEvidence.case_id == case_id)
        .order_by(CaseEvidence.submitted_at, CaseEvidence.id)
    )
    return [_view(row) for row in rows]


def decide_condition_dispute(
    *,
    uow: UnitOfWork,
    actor: Actor,
    case_id: str,
    refund_fen: int,
    evidence_ids: list[str],
    reason: str,
    now: datetime,
) -> str:
    """A mediator settles the dispute over returned goods and the refund follows; returns the
    decision id."""
    case = _case(uow, case_id)
    if Party.MEDIATOR not in case_operations.parties(actor, case):
        raise Forbidden("only a mediator decides a condition dispute")
    flow_case = case_operations.workflow_case(case, uow.session.get(CaseWorkflowRow, case_id))
    if flow_case.state is not Step.RETURN_RECEIVED:
        raise ValidationFailed(
            f"a condition dispute is decided once the goods are back, not in {flow_case.state}"
        )
    filed = set(uow.session.scalars(select(CaseEvidence.id).where(CaseEvidence.case_id == case_id)))
    if not evidence_ids or not set(evidence_ids) <= filed:
        unknown = sorted(set(evidence_ids) - filed)
        raise ValidationFailed(
            "S3 6.3.3: a decision rests on evidence filed on this case"
            + (f"; not on it: {', '.join(unknown)}" if unknown else "")
        )
    if not 0 < refund_fen <= case.requested_fen:
        raise ValidationFailed(
            f"the refund must be between 1 and the {case.requested_fen} fen requested"
        )
    if not reason.strip():
        raise ValidationFailed("a decision must give its reason")
    decision = DisputeDecision(
        id=new_id("dsp"),
        case_id=case_id,
        decided_by=actor.user_id,
        decided_at=now,
        favours="consumer" if refund_fen == case.requested_fen else "merchant",
        refund_fen=refund_fen,
        evidence_ids=sorted(evidence_ids),
        reason=reason.strip(),
    )
    uow.session.add(decision)
    case.requested_fen = refund_fen
    uow.session.flush()
    case_operations.act(
        uow=uow, actor=actor, case_id=case_id, event=CaseEvent.REFUND, now=now, note=reason
    )
    return decision.id


def _case(uow: UnitOfWork, case_id: str) -> AftersalesCase:
    case = uow.session.get(AftersalesCase, case_id)
    if case is None:
        raise NotFound(f"after-sales case {case_id!r} does not exist")
    return case


def _view(row: CaseEvidence) -> EvidenceView:
    return EvidenceView(
        id=row.id,
        kind=row.kind,
        party=row.party,
        submitted_at=row.submitted_at,
        description=row.description,
        file_name=row.file_name,
        sha256=row.sha256,
    )
