"""GET /api/v1/attainment: SLA attainment (S1 9.2.2–9.2.3) by day, with each measure's limit.

Durations are seconds here (stored as milliseconds). `merchant_id` and `agent_id` take `*` for
all merchants or all agents; a merchant sees its own figures by default.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from pinzhi.core.clock import local_day
from pinzhi.domain.attainment import queries
from pinzhi.domain.attainment.measures import ALL, Stat
from pinzhi.domain.attainment.queries import Figure, MeasureSeries
from pinzhi.interfaces.api.deps import CurrentActor, DbUow, Now
from pinzhi.interfaces.api.problems import problem_responses

router = APIRouter(prefix="/api/v1/attainment", tags=["service attainment"])

DEFAULT_DAYS = 30


class Figures(BaseModel):
    """Durations in seconds; `within_limit` a share of the judged samples."""

    samples: int
    mean_seconds: float | None
    p50_seconds: float | None
    p90_seconds: float | None
    within_limit: float | None
    judged: int
    breaches: int | None


class DayFigures(Figures):
    day: date


class Limit(BaseModel):
    seconds: float
    applies_to: str
    """`each` sample, or their `mean`."""
    policy_version: int


class MeasureAttainment(BaseModel):
    channel: str
    measure: str
    limit: Limit
    meets_limit: bool | None
    total: Figures
    days: list[DayFigures]


class Attainment(BaseModel):
    merchant_id: str
    agent_id: str
    start: date
    end: date
    measures: list[MeasureAttainment]


@router.get("", responses=problem_responses(401, 403, 422), summary="SLA attainment by day")
def get_attainment(
    *,
    actor: CurrentActor,
    uow: DbUow,
    now: Now,
    start: date | None = None,
    end: date | None = None,
    channel: Annotated[
        str | None, Query(description="online_chat, phone or aftersales; default all")
    ] = None,
    merchant_id: Annotated[
        str | None, Query(description="a merchant id, or * for all; default: yours")
    ] = None,
    agent_id: Annotated[str, Query(description="a staff id, or * for all")] = ALL,
) -> Attainment:
    subject = merchant_id or queries.default_subject(actor)
    if end is None:
        end = queries.latest_day(uow=uow, actor=actor, merchant_id=subject) or local_day(now)
    start = start or end - timedelta(days=DEFAULT_DAYS - 1)
    found = queries.attainment_series(
        uow=uow,
        actor=actor,
        start=start,
        end=end,
        merchant_id=subject,
        agent_id=agent_id,
        channel=channel,
    )
    return Attainment(
        merchant_id=subject,
        agent_id=agent_id,
        start=start,
        end=end,
        measures=[_measure(series) for series in found],
    )


def _measure(series: MeasureSeries) -> MeasureAttainment:
    limit = series.limit
    return MeasureAttainment(
        channel=series.channel,
        measure=series.measure.value,
        limit=Limit(
            seconds=limit.seconds, applies_to=limit.basis.value, policy_version=limit.version
        ),
        meets_limit=series.meets_limit(),
        total=_figures(series.total()),
        days=[DayFigures(day=d.day, **_figures(d.figures).model_dump()) for d in series.days],
    )


def _figures(found: dict[str, Figure]) -> Figures:
    def seconds(stat: Stat) -> float | None:
        figure = found.get(stat.value)
        return None if figure is None else figure.value / 1000

    within, breaches = found.get(Stat.WITHIN.value), found.get(Stat.BREACHES.value)
    timed = found.get(Stat.MEAN.value)
    return Figures(
        samples=timed.samples if timed else 0,
        mean_seconds=seconds(Stat.MEAN),
        p50_seconds=seconds(Stat.P50),
        p90_seconds=seconds(Stat.P90),
        within_limit=None if within is None else within.value,
        judged=within.samples if within else 0,
        breaches=None if breaches is None else breaches.numerator,
    )
