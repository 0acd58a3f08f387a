"""/api/v1/privacy: the personal-data access log, and consumers' export and erasure (C16).

A consumer exports or erases their own data; a platform admin does it for a consumer on their
request. Reading the access log is itself logged. Privacy policy: /console/public/privacy.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from pinzhi.domain.privacy import operations, queries
from pinzhi.domain.privacy.operations import ErasureReport
from pinzhi.domain.privacy.queries import AccessView
from pinzhi.interfaces.api.deps import CurrentActor, DbUow, Now
from pinzhi.interfaces.api.problems import problem_responses

router = APIRouter(prefix="/api/v1/privacy", tags=["privacy"])


@router.get(
    "/access-log",
    responses=problem_responses(401, 403, 422),
    summary="Who saw personal data unmasked, newest first",
)
def access_log(
    *,
    actor: CurrentActor,
    uow: DbUow,
    record_kind: str | None = None,
    record_id: str | None = None,
    user_id: str | None = None,
    limit: Annotated[int, Query(ge=1, le=queries.MAX_PAGE)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[AccessView]:
    return queries.list_access_log(
        uow=uow,
        actor=actor,
        record_kind=record_kind,
        record_id=record_id,
        user_id=user_id,
        limit=limit,
        offset=offset,
    )


@router.get(
    "/consumers/{consumer_id}/export",
    responses=problem_responses(401, 403, 404),
    summary="Everything held about one consumer, as JSON (S2 7.8)",
)
def export_consumer(*, consumer_id: str, actor: CurrentActor, uow: DbUow) -> dict[str, Any]:
    return queries.export_consumer_data(uow=uow, actor=actor, consumer_id=consumer_id)


@router.post(
    "/consumers/{consumer_id}/erase",
    responses=problem_responses(401, 403, 404),
    summary="Erase one consumer's personal data; money records stay, pseudonymised",
)
def erase_consumer(*, consumer_id: str, actor: CurrentActor, uow: DbUow, now: Now) -> ErasureReport:
    report = operations.erase_consumer(uow=uow, actor=actor, now=now, consumer_id=consumer_id)
    uow.commit()
    return report
