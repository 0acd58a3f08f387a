"""GET /api/v1/grades: merchants by tier, a merchant's explained grade, product grades, trends.

S1 6.1.1 (merchant grade, explained: each dimension, the measurements behind it, the peer
percentile and what would reach the next tier), S1 7.1–7.2 (product grades, premium and
traffic-support decisions), S1 8 (the trend report and a merchant's brief). Merchants read their
own; analysts, mediators and assessors read every merchant's.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict

from pinzhi.domain.grading import queries as merchant_queries
from pinzhi.domain.grading.grading_config import Tier
from pinzhi.domain.insight import queries as trend_queries
from pinzhi.domain.products_quality import queries as product_queries
from pinzhi.interfaces.api.deps import CurrentActor, DbUow
from pinzhi.interfaces.api.problems import problem_responses

router = APIRouter(prefix="/api/v1/grades", tags=["grades"])

Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0)]


class MerchantGradeSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    as_of: date
    merchant_id: str
    orders: int
    total: Decimal | None
    tier: Tier | None
    dimensions: dict[str, str]
    explanation: str


class MerchantGrades(BaseModel):
    as_of: date | None
    grades: list[MerchantGradeSummary]


class HistoryPoint(BaseModel):
    as_of: date
    total: Decimal | None
    tier: Tier | None


class ExplainedGrade(MerchantGradeSummary):
    """The grade with everything behind it: `measures` lists each measurement (raw value,
    score, weight, peer percentile), `improvements` the changes that reach the next tier."""

    counts: dict[str, Any]
    measures: list[dict[str, Any]]
    improvements: list[dict[str, Any]]
    offences: list[Any]
    history: list[HistoryPoint]


class ProductGrade(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    as_of: date
    product_id: str
    merchant_id: str
    category: str
    total: Decimal
    tier: Tier
    scores: dict[str, float]
    measurements: dict[str, Any]
    reasons: list[str]
    premium: bool
    traffic: str


class ProductGrades(BaseModel):
    as_of: date | None
    grades: list[ProductGrade]


class Decision(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    as_of: date
    product_id: str
    merchant_id: str
    kind: str
    reason: str
    decided_at: datetime


class ProductDetail(BaseModel):
    product_id: str
    history: list[ProductGrade]
    decisions: list[Decision]


class TrendReport(BaseModel):
    as_of: date
    scope: str
    content: dict[str, Any]


@router.get(
    "/merchants", responses=problem_responses(401, 403, 422), summary="Merchant grades of a day"
)
def list_merchant_grades(
    *,
    actor: CurrentActor,
    uow: DbUow,
    as_of: date | None = None,
    tier: Tier | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> MerchantGrades:
    """Lowest total first; default day: the latest graded."""
    day = as_of or merchant_queries.latest_as_of(uow=uow, actor=actor)
    if day is None:
        return MerchantGrades(as_of=None, grades=[])
    found = merchant_queries.grades_on(
        uow=uow, actor=actor, as_of=day, tier=tier, limit=limit, offset=offset
    )
    return MerchantGrades(as_of=day, grades=[MerchantGradeSummary.model_validate(g) for g in found])


@router.get(
    "/merchants/{merchant_id}",
    responses=problem_responses(401, 403, 404),
    summary="A merchant's explained grade and its history",
)
def get_merchant_grade(
    *, merchant_id: str, actor: CurrentActor, uow: DbUow, days: Limit = 90
) -> ExplainedGrade:
    history = merchant_queries.merchant_grade_history(
        uow=uow, actor=actor, merchant_id=merchant_id, limit=days
    )
    return explained(history)


def explained(history: list[merchant_queries.GradeView]) -> ExplainedGrade:
    """The newest grade of `history` (newest first) with its measurements and history."""
    latest = history[0]
    m = latest.measurements
    return ExplainedGrade(
        **MerchantGradeSummary.model_validate(latest).model_dump(),
        counts=dict(m.get("counts", {})),
        measures=list(m.get("scores", [])),
        improvements=list(m.get("improvements", [])),
        offences=list(m.get("offences", [])),
        history=[HistoryPoint(as_of=g.as_of, total=g.total, tier=g.tier) for g in history],
    )


@router.get(
    "/products", responses=problem_responses(401, 403, 422), summary="Product grades of a day"
)
def list_product_grades(
    *,
    actor: CurrentActor,
    uow: DbUow,
    as_of: date | None = None,
    merchant_id: str | None = None,
    tier: Tier | None = None,
    premium: bool | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> ProductGrades:
    """Lowest total first; default day: the latest graded."""
    day = as_of or product_queries.latest_product_as_of(uow=uow, actor=actor)
    if day is None:
        return ProductGrades(as_of=None, grades=[])
    found = product_queries.product_grades_on(
        uow=uow, actor=actor, as_of=day, merchant_id=merchant_id, tier=tier,
        premium=premium, limit=limit, offset=offset,
    )  # fmt: skip
    return ProductGrades(as_of=day, grades=[ProductGrade.model_validate(g) for g in found])


@router.get(
    "/products/{product_id}",
    responses=problem_responses(401, 403, 404),
    summary="A product's grade history and premium / traffic decisions",
)
def get_product_grade(
    *, product_id: str, actor: CurrentActor, uow: DbUow, days: Limit = 90
) -> ProductDetail:
    history = product_queries.product_grade_history(
        uow=uow, actor=actor, product_id=product_id, limit=days
    )
    decisions = product_queries.product_decisions(uow=uow, actor=actor, product_id=product_id)
    return ProductDetail(
        product_id=product_id,
        history=[ProductGrade.model_validate(g) for g in history],
        decisions=[Decision.model_validate(d) for d in decisions],
    )


@router.get(
    "/trends",
    responses=problem_responses(401, 403, 404),
    summary="The trend report, or a merchant's brief",
)
def get_trends(
    *,
    actor: CurrentActor,
    uow: DbUow,
    merchant_id: Annotated[
        str | None, Query(description="a merchant's brief; default: the platform report")
    ] = None,
    as_of: date | None = None,
) -> TrendReport:
    """A merchant reads its own brief (default for a merchant); analysts read any."""
    wanted = merchant_id or actor.merchant_id
    found = trend_queries.latest_report(uow=uow, actor=actor, merchant_id=wanted, as_of=as_of)
    return TrendReport(as_of=found.as_of, scope=found.scope, content=found.content)
