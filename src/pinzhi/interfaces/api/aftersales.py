"""After-sales API: entitlement, cases, and the events that move them (C10).

Opening a case and firing an event can move money, so both take an `Idempotency-Key`: a retry
returns the first result, a retry while the first still runs gets 409, the same key with a
different body gets 422.
"""

from __future__ import annotations

from datetime import datetime
from http import HTTPStatus
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from pinzhi.domain.aftersales import case_operations, case_queries, disputes, entitlements
from pinzhi.domain.aftersales.case_operations import CaseRequest
from pinzhi.domain.aftersales.case_queries import CaseSummary, CaseView
from pinzhi.domain.aftersales.disputes import EvidenceView
from pinzhi.domain.aftersales.models import CaseKind, CaseReason, CaseStatus, EvidenceKind
from pinzhi.domain.aftersales.workflow import CaseEvent
from pinzhi.domain.orders import queries as orders
from pinzhi.interfaces.api.deps import CurrentActor, DbUow, Now, PlatformDep
from pinzhi.interfaces.api.idempotency import IdempotencyKey, run_once
from pinzhi.interfaces.api.problems import problem_responses
from pinzhi.store.uow import UnitOfWork

router = APIRouter(prefix="/api/v1/aftersales", tags=["after-sales"])


class ReasonOut(BaseModel):
    clause: str
    text: str


class EntitlementOut(BaseModel):
    """What the consumer may ask for on the line now, and why (S3 6.3.1.1)."""

    choices: list[CaseKind]
    reasons: list[ReasonOut]
    auto_approve: bool
    fast_refund: bool
    free_pickup: bool
    priority: bool
    return_deadline: datetime | None


class OpenCase(BaseModel):
    order_id: str = Field(max_length=64)
    order_item_id: str | None = Field(default=None, max_length=64)
    kind: CaseKind
    reason: CaseReason
    amount_fen: int | None = Field(default=None, description="defaults to what was paid")
    note: str | None = Field(default=None, max_length=2000)
    exchange_sku_id: str | None = Field(
        default=None, max_length=64, description="exchange: the size or model wanted instead"
    )


class EvidenceIn(BaseModel):
    kind: EvidenceKind
    description: str = Field(min_length=1, max_length=2000)
    file_name: str | None = Field(default=None, max_length=200)
    sha256: str | None = Field(default=None, description="SHA-256 of the file, lower-case hex")


class DisputeDecisionIn(BaseModel):
    refund_fen: int = Field(gt=0, description="what the consumer gets back")
    evidence_ids: list[str] = Field(min_length=1)
    reason: str = Field(min_length=1, max_length=2000)


class FireEvent(BaseModel):
    event: CaseEvent
    note: str | None = Field(default=None, max_length=2000, description="a rejection's reason")


class CasePage(BaseModel):
    items: list[CaseSummary]
    limit: int
    offset: int


@router.get(
    "/entitlement",
    responses=problem_responses(401, 403, 404),
    summary="What the consumer may ask for on an order line, with the reasons",
)
def get_entitlement(
    *, actor: CurrentActor, uow: DbUow, now: Now, order_id: str, order_item_id: str | None = None
) -> EntitlementOut:
    orders.get_order(uow=uow, actor=actor, order_id=order_id)  # 404 outside the actor's reach
    facts = entitlements.line_facts(uow=uow, order_id=order_id, order_item_id=order_item_id)
    entitled = entitlements.entitlement(uow=uow, facts=facts, now=now)
    return EntitlementOut(
        choices=sorted(entitled.choices),
        reasons=[ReasonOut(clause=r.clause, text=r.text) for r in entitled.reasons],
        auto_approve=entitled.auto_approve,
        fast_refund=entitled.fast_refund,
        free_pickup=entitled.free_pickup,
        priority=entitled.priority,
        return_deadline=entitled.return_deadline,
    )


@router.post(
    "/cases",
    status_code=HTTPStatus.CREATED,
    response_model=CaseView,
    responses=problem_responses(401, 403, 404, 409, 422),
    summary="Open a case (a refund before shipment is approved and paid at once)",
)
def open_case(
    *,
    request: Request,
    body: OpenCase,
    actor: CurrentActor,
    platform: PlatformDep,
    now: Now,
    idempotency_key: IdempotencyKey,
) -> JSONResponse:
    def operation(uow: UnitOfWork) -> CaseView:
        case_id = case_operations.open_case(
            uow=uow, actor=actor, request=CaseRequest(**body.model_dump()), now=now
        )
        return case_queries.get_case(uow=uow, actor=actor, case_id=case_id)

    return run_once(
        request=request,
        platform=platform,
        actor=actor,
        key=idempotency_key,
        body=body.model_dump(mode="json"),
        operation=operation,
        now=now,
        status_code=HTTPStatus.CREATED,
    )


@router.get("/cases", responses=problem_responses(401, 403, 422), summary="Cases, newest first")
def list_cases(
    *,
    actor: CurrentActor,
    uow: DbUow,
    status: CaseStatus | None = None,
    kind: CaseKind | None = None,
    order_id: str | None = None,
    limit: Annotated[int, Query(ge=1, le=case_queries.MAX_PAGE)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> CasePage:
    found = case_queries.list_cases(
        uow=uow,
        actor=actor,
        status=status,
        kind=kind,
        order_id=order_id,
        limit=limit,
        offset=offset,
    )
    return CasePage(items=found, limit=limit, offset=offset)


@router.get(
    "/cases/{case_id}",
    responses=problem_responses(401, 403, 404),
    summary="One case: timeline, money, entitlement and the events you may fire",
)
def get_case(*, case_id: str, actor: CurrentActor, uow: DbUow) -> CaseView:
    return case_queries.get_case(uow=uow, actor=actor, case_id=case_id)


@router.post(
    "/cases/{case_id}/events",
    response_model=CaseView,
    responses=problem_responses(401, 403, 404, 409, 422),
    summary="Fire a workflow event (approve, reject, refund, …) on a case",
)
def fire_event(
    *,
    request: Request,
    case_id: str,
    body: FireEvent,
    actor: CurrentActor,
    platform: PlatformDep,
    now: Now,
    idempotency_key: IdempotencyKey,
) -> JSONResponse:
    def operation(uow: UnitOfWork) -> CaseView:
        case_operations.act(
            uow=uow, actor=actor, case_id=case_id, event=body.event, now=now, note=body.note
        )
        return case_queries.get_case(uow=uow, actor=actor, case_id=case_id)

    return run_once(
        request=request,
        platform=platform,
        actor=actor,
        key=idempotency_key,
        body=body.model_dump(mode="json"),
        operation=operation,
        now=now,
    )


@router.get(
    "/cases/{case_id}/evidence",
    responses=problem_responses(401, 403, 404),
    summary="Evidence filed on a case",
)
def list_evidence(*, case_id: str, actor: CurrentActor, uow: DbUow) -> list[EvidenceView]:
    case_queries.get_case(uow=uow, actor=actor, case_id=case_id)  # 404 outside the actor's reach
    return disputes.list_evidence(uow=uow, case_id=case_id)


@router.post(
    "/cases/{case_id}/evidence",
    status_code=HTTPStatus.CREATED,
    responses=problem_responses(401, 403, 404, 422),
    summary="File evidence (photo, video, inspection report …) on a case",
)
def submit_evidence(
    *, case_id: str, body: EvidenceIn, actor: CurrentActor, uow: DbUow, now: Now
) -> EvidenceView:
    view = disputes.submit_evidence(
        uow=uow, actor=actor, case_id=case_id, now=now, **body.model_dump()
    )
    uow.commit()
    return view


@router.post(
    "/cases/{case_id}/dispute-decision",
    response_model=CaseView,
    responses=problem_responses(401, 403, 404, 409, 422),
    summary="A mediator decides a condition dispute on the evidence; the refund follows",
)
def decide_dispute(
    *,
    request: Request,
    case_id: str,
    body: DisputeDecisionIn,
    actor: CurrentActor,
    platform: PlatformDep,
    now: Now,
    idempotency_key: IdempotencyKey,
) -> JSONResponse:
    def operation(uow: UnitOfWork) -> CaseView:
        disputes.decide_condition_dispute(
            uow=uow, actor=actor, case_id=case_id, now=now, **body.model_dump()
        )
        return case_queries.get_case(uow=uow, actor=actor, case_id=case_id)

    return run_once(
        request=request,
        platform=platform,
        actor=actor,
        key=idempotency_key,
        body=body.model_dump(mode="json"),
        operation=operation,
        now=now,
    )
