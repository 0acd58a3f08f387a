"""Shipment trajectories, logistics anomalies and the notice inbox (C9; S3 6.2.1.2, 6.2.3.2).

GET /api/v1/shipments/{id}/trajectory, GET /api/v1/logistics/anomalies, GET /api/v1/notices,
POST /api/v1/notices/{id}/read — each one domain call, scoped to the caller.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from pinzhi.domain.logistics import queries
from pinzhi.domain.logistics.models import AnomalyKind, AnomalyStatus
from pinzhi.domain.logistics.queries import AnomalyView, TrajectoryView
from pinzhi.domain.notices import operations as notices
from pinzhi.domain.notices.operations import NoticeView
from pinzhi.interfaces.api.deps import CurrentActor, DbUow, Now
from pinzhi.interfaces.api.problems import problem_responses

router = APIRouter(prefix="/api/v1", tags=["logistics"])

MAX_NOTICES = 200


class AnomalyPage(BaseModel):
    items: list[AnomalyView]
    limit: int
    offset: int


class NoticeList(BaseModel):
    items: list[NoticeView]


@router.get(
    "/shipments/{shipment_id}/trajectory",
    responses=problem_responses(401, 403, 404),
    summary="A shipment's every scan in time order, with its anomalies: dispute evidence",
)
def get_trajectory(*, shipment_id: str, actor: CurrentActor, uow: DbUow) -> TrajectoryView:
    return queries.get_trajectory(uow=uow, actor=actor, shipment_id=shipment_id)


@router.get(
    "/logistics/anomalies",
    responses=problem_responses(401, 403, 422),
    summary="Logistics anomalies (open by default), the longest-running first",
)
def list_anomalies(
    *,
    actor: CurrentActor,
    uow: DbUow,
    status: AnomalyStatus | None = AnomalyStatus.OPEN,
    kind: AnomalyKind | None = None,
    merchant_id: str | None = None,
    limit: Annotated[int, Query(ge=1, le=queries.MAX_PAGE)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> AnomalyPage:
    found = queries.list_anomalies(
        uow=uow,
        actor=actor,
        status=status,
        kind=kind,
        merchant_id=merchant_id,
        limit=limit,
        offset=offset,
    )
    return AnomalyPage(items=found, limit=limit, offset=offset)


@router.get(
    "/notices",
    tags=["notices"],
    responses=problem_responses(401),
    summary="My notices, newest first",
)
def list_notices(
    *,
    actor: CurrentActor,
    uow: DbUow,
    limit: Annotated[int, Query(ge=1, le=MAX_NOTICES)] = 50,
) -> NoticeList:
    return NoticeList(items=notices.list_notices(uow=uow, actor=actor, limit=limit))


@router.post(
    "/notices/{notice_id}/read",
    tags=["notices"],
    responses=problem_responses(401, 403, 404),
    summary="Mark one of my notices read",
)
def mark_read(*, notice_id: str, actor: CurrentActor, uow: DbUow, now: Now) -> NoticeView:
    notice = notices.mark_read(uow=uow, actor=actor, notice_id=notice_id, now=now)
    uow.commit()
    return notice
