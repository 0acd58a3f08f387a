"""Reads of after-sales cases, limited to what the actor may see.

A consumer sees their own cases, a merchant the cases against it, service staff all of them.
A case outside the actor's reach is reported missing, so ids cannot be probed. The case view
carries the timeline, the money moved, the entitlement it was opened under and the events this
actor may fire now — the decision buttons offer exactly those.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Select, select

from pinzhi.core.errors import NotFound, ValidationFailed
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.rules import Permission, Scope, read_scope
from pinzhi.domain.aftersales import case_operations, workflow
from pinzhi.domain.aftersales.case_operations import ACTORS_OF
from pinzhi.domain.aftersales.models import (
    AftersalesCase,
    CaseKind,
    CaseReason,
    CaseStatus,
    CaseStepRow,
    CaseWorkflowRow,
    LedgerEntryRow,
)
from pinzhi.domain.aftersales.returns import Reason
from pinzhi.domain.aftersales.workflow import CaseEvent
from pinzhi.store.uow import UnitOfWork

MAX_PAGE = 200


@dataclass(frozen=True)
class CaseSummary:
    id: str
    order_id: str
    order_item_id: str | None
    consumer_id: str
    merchant_id: str
    kind: CaseKind
    reason: CaseReason
    status: CaseStatus
    state: str
    requested_at: datetime
    first_response_at: datetime | None
    resolved_at: datetime | None
    requested_fen: int
    refunded_fen: int


@dataclass(frozen=True)
class StepView:
    occurred_at: datetime
    actor_id: str
    event: str
    from_state: str
    to_state: str
    note: str | None
    amount_fen: int | None


@dataclass(frozen=True)
class MoneyView:
    key: str
    movement: str
    amount_fen: int
    posted_at: datetime


@dataclass(frozen=True)
class CaseView:
    case: CaseSummary
    steps: list[StepView]
    money: list[MoneyView]
    entitlement: list[Reason]
    rejection: str | None
    allowed_events: list[CaseEvent]
    """What this actor may fire now: the workflow's legal events their role may fire."""


def list_cases(
    *,
    uow: UnitOfWork,
    actor: Actor,
    status: CaseStatus | None = None,
    kind: CaseKind | None = None,
    order_id: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[CaseSummary]:
    """Newest first; filters narrow the actor's scope, never widen it."""
    if not 1 <= limit <= MAX_PAGE or offset < 0:
        raise ValidationFailed(f"limit must be 1–{MAX_PAGE} and offset not negative")
    query = _within(select(AftersalesCase), _scope(actor))
    if status is not None:
        query = query.where(AftersalesCase.status == status)
    if kind is not None:
        query = query.where(AftersalesCase.kind == kind)
    if order_id is not None:
        query = query.where(AftersalesCase.order_id == order_id)
    query = query.order_by(AftersalesCase.requested_at.desc(), AftersalesCase.id.desc())
    rows = uow.session.scalars(query.limit(limit).offset(offset)).all()
    flows = _flows(uow, [row.id for row in rows])
    return [_summary(row, flows.get(row.id)) for row in rows]


def get_case(*, uow: UnitOfWork, actor: Actor, case_id: str) -> CaseView:
    query = _within(select(AftersalesCase), _scope(actor)).where(AftersalesCase.id == case_id)
    case = uow.session.scalars(query).one_or_none()
    if case is None:
        raise NotFound(f"after-sales case {case_id!r} does not exist")
    flow = uow.session.get(CaseWorkflowRow, case_id)
    pure = case_operations.workflow_case(case, flow)
    playing = case_operations.parties(actor, case)
    steps = uow.session.scalars(
        select(CaseStepRow).where(CaseStepRow.case_id == case_id).order_by(CaseStepRow.id)
    )
    money = uow.session.scalars(
        select(LedgerEntryRow).where(LedgerEntryRow.case_id == case_id).order_by(LedgerEntryRow.id)
    )
    return CaseView(
        case=_summary(case, flow),
        steps=[
            StepView(
                s.occurred_at, s.actor_id, s.event, s.from_state, s.to_state, s.note, s.amount_fen
            )
            for s in steps
        ],
        money=[MoneyView(m.key, m.movement, m.amount_fen, m.posted_at) for m in money],
        entitlement=list(pure.entitlement.reasons),
        rejection=pure.rejection,
        allowed_events=[
            event for event in workflow.allowed_events(pure) if playing & ACTORS_OF[event]
        ],
    )


def _scope(actor: Actor) -> Scope:
    return read_scope(
        actor,
        any_row=Permission.READ_ANY_ORDER,
        own_merchant=Permission.READ_OWN_MERCHANT_ORDERS,
        own_consumer=Permission.READ_OWN_CONSUMER_ORDERS,
    )


def _within(query: Select[AftersalesCase], scope: Scope) -> Select[AftersalesCase]:
    if scope.merchant_id is not None:
        query = query.where(AftersalesCase.merchant_id == scope.merchant_id)
    if scope.consumer_id is not None:
        query = query.where(AftersalesCase.consumer_id == scope.consumer_id)
    return query


def _flows(uow: UnitOfWork, ids: list[str]) -> dict[str, CaseWorkflowRow]:
    if not ids:
        return {}
    rows = uow.session.scalars(select(CaseWorkflowRow).where(CaseWorkflowRow.case_id.in_(ids)))
    return {row.case_id: row for row in rows}


def _summary(case: AftersalesCase, flow: CaseWorkflowRow | None) -> CaseSummary:
    return CaseSummary(
        id=case.id,
        order_id=case.order_id,
        order_item_id=case.order_item_id,
        consumer_id=case.consumer_id,
        merchant_id=case.merchant_id,
        kind=case.kind,
        reason=case.reason,
        status=case.status,
        state=flow.step if flow is not None and flow.step else case.status.value,
        requested_at=case.requested_at,
        first_response_at=case.first_response_at,
        resolved_at=case.resolved_at,
        requested_fen=case.requested_fen,
        refunded_fen=case.refunded_fen,
    )


class CaseTime(StrEnum):
    """Which moment of a case bounds a period's window."""

    REQUESTED = "requested"
    CLOSED = "closed"
    """Resolved in the window (by `resolved_at`), cancelled cases left out."""


def cases_between(
    *,
    uow: UnitOfWork,
    actor: Actor | None,
    start: datetime,
    end: datetime,
    by: CaseTime = CaseTime.REQUESTED,
    kinds: Collection[CaseKind] | None = None,
    merchant_id: str | None = None,
) -> list[CaseSummary]:
    """Cases requested (or closed, `by`) in [start, end), oldest first by that moment: period
    reports, the daily run's satisfaction surveys (S3 7.1.1), the indicator catalogue.

    With an actor, only the cases the actor may see; `actor=None` is a system read whose caller
    has checked its reader itself.
    """
    a = AftersalesCase
    at = a.requested_at if by is CaseTime.REQUESTED else a.resolved_at
    query = select(a).where(at >= start, at < end)
    if actor is not None:
        query = _within(query, _scope(actor))
    if by is CaseTime.CLOSED:
        query = query.where(a.status != CaseStatus.CANCELLED)
    if kinds is not None:
        query = query.where(a.kind.in_(tuple(kinds)))
    if merchant_id is not None:
        query = query.where(a.merchant_id == merchant_id)
    rows = uow.session.scalars(query.order_by(at, a.id)).all()
    flows = _flows(uow, [row.id for row in rows])
    return [_summary(row, flows.get(row.id)) for row in rows]
