"""GET /api/v1/indicators: daily series for the platform (`*`) or one merchant."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict

from pinzhi.core.clock import local_day
from pinzhi.domain.indicators import queries
from pinzhi.interfaces.api.deps import CurrentActor, DbUow, Now
from pinzhi.interfaces.api.problems import problem_responses

router = APIRouter(prefix="/api/v1/indicators", tags=["indicators"])

DEFAULT_DAYS = 30


class Point(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    day: date
    value: float | None
    numerator: int
    denominator: int


class Series(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    metric: str
    points: list[Point]


class Indicators(BaseModel):
    merchant_id: str
    start: date
    end: date
    series: list[Series]


@router.get("", responses=problem_responses(401, 403, 422), summary="Indicator series by day")
def get_indicators(
    *,
    actor: CurrentActor,
    uow: DbUow,
    now: Now,
    merchant_id: Annotated[
        str | None, Query(description="a merchant id, or * for the platform; default: yours")
    ] = None,
    metric: Annotated[
        list[str] | None, Query(description="repeat for several; default all")
    ] = None,
    start: date | None = None,
    end: date | None = None,
) -> Indicators:
    subject = merchant_id or queries.default_subject(actor)
    if end is None:
        end = queries.latest_day(uow=uow, actor=actor, merchant_id=subject) or local_day(now)
    start = start or end - timedelta(days=DEFAULT_DAYS - 1)
    found = queries.indicator_series(
        uow=uow, actor=actor, merchant_id=subject, metrics=metric or (), start=start, end=end
    )
    return Indicators(
        merchant_id=subject,
        start=start,
        end=end,
        series=[Series.model_validate(series) for series in found],
    )
