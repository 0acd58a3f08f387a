"""/api/v1/oversight: early warnings, measures, the key-control list, the public list of
measures and merchants' appeals (S1 6.1.2, 6.2–6.4; S4 4.2.2.2).

Quality analysts (MANAGE_GRADES) read everything and decide appeals; a merchant reads its own
warnings and measures and files appeals; anyone signed in reads the published measures.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from pinzhi.domain.oversight import appeals, queries
from pinzhi.domain.oversight.appeals import AppealView
from pinzhi.domain.oversight.models import AppealTarget, MeasureKind, WarningKind
from pinzhi.domain.oversight.queries import MeasureView, PublicMeasure, WarningView
from pinzhi.interfaces.api.deps import CurrentActor, DbUow, Now
from pinzhi.interfaces.api.problems import problem_responses

router = APIRouter(prefix="/api/v1/oversight", tags=["oversight"])


class AppealFiling(BaseModel):
    target: AppealTarget = Field(description="grade (its id) or measure (its id)")
    target_id: str = Field(min_length=1, max_length=64)
    reason: str = Field(min_length=1, max_length=2000)


class AppealDecision(BaseModel):
    outcome: Literal["upheld", "dismissed"]
    note: str = Field(min_length=1, max_length=2000)


@router.get("/warnings", responses=problem_responses(401, 403, 422), summary="Early warnings")
def list_warnings(
    *,
    actor: CurrentActor,
    uow: DbUow,
    as_of: date | None = None,
    kind: WarningKind | None = None,
    limit: int = 100,
) -> list[WarningView]:
    return queries.list_warnings(uow=uow, actor=actor, as_of=as_of, kind=kind, limit=limit)


@router.get("/measures", responses=problem_responses(401, 403, 422), summary="Log of measures")
def list_measures(
    *,
    actor: CurrentActor,
    uow: DbUow,
    kind: MeasureKind | None = None,
    active_only: bool = False,
    limit: int = 200,
) -> list[MeasureView]:
    return queries.list_measures(
        uow=uow, actor=actor, kind=kind, active_only=active_only, limit=limit
    )


@router.get(
    "/key-control",
    responses=problem_responses(401, 403, 422),
    summary="Merchants under key control, with their restrictions",
)
def key_control(*, actor: CurrentActor, uow: DbUow, limit: int = 200) -> list[MeasureView]:
    return queries.list_measures(
        uow=uow, actor=actor, kind=MeasureKind.KEY_CONTROL, active_only=True, limit=limit
    )


@router.get(
    "/public-measures",
    responses=problem_responses(401, 422),
    summary="Published key-control measures (S4 4.2.2.2), no personal data",
)
def public_measures(*, actor: CurrentActor, uow: DbUow, limit: int = 200) -> list[PublicMeasure]:
    return queries.public_measures(uow=uow, limit=limit)


@router.get("/appeals", responses=problem_responses(401, 403, 422), summary="Appeals")
def list_appeals(*, actor: CurrentActor, uow: DbUow, limit: int = 100) -> list[AppealView]:
    return queries.list_appeals(uow=uow, actor=actor, limit=limit)


@router.post(
    "/appeals",
    status_code=201,
    responses=problem_responses(401, 403, 404, 409, 422),
    summary="A merchant appeals one of its grades or measures",
)
def file_appeal(*, body: AppealFiling, actor: CurrentActor, uow: DbUow, now: Now) -> AppealView:
    view = appeals.file_appeal(uow=uow, actor=actor, now=now, **body.model_dump())
    uow.commit()
    return view


@router.post(
    "/appeals/{appeal_id}/review",
    responses=problem_responses(401, 403, 404, 409),
    summary="Take a filed appeal under review",
)
def review_appeal(*, appeal_id: str, actor: CurrentActor, uow: DbUow, now: Now) -> AppealView:
    view = appeals.review_appeal(uow=uow, actor=actor, appeal_id=appeal_id, now=now)
    uow.commit()
    return view


@router.post(
    "/appeals/{appeal_id}/decision",
    responses=problem_responses(401, 403, 404, 409, 422),
    summary="Uphold (lifting the measures concerned) or dismiss an appeal under review",
)
def decide_appeal(
    *, appeal_id: str, body: AppealDecision, actor: CurrentActor, uow: DbUow, now: Now
) -> AppealView:
    view = appeals.decide_appeal(
        uow=uow,
        actor=actor,
        appeal_id=appeal_id,
        upheld=body.outcome == "upheld",
        note=body.note,
        now=now,
    )
    uow.commit()
    return view
