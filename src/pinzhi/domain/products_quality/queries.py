"""Reads of product grades and decisions, limited to what the actor may see.

Roles that read every merchant's indicators read every product's grade; a merchant reads only
its own products' — another merchant's product is reported as missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import Select, func, select

from pinzhi.core.errors import NotFound, ValidationFailed
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.rules import Permission, Scope, read_scope
from pinzhi.domain.grading.grading_config import Tier
from pinzhi.domain.products_quality.models import (
    ProductDecision,
    ProductDecisionKind,
    ProductGradeRow,
)
from pinzhi.store.uow import UnitOfWork

MAX_PAGE = 500
T = TypeVar("T")


@dataclass(frozen=True)
class ProductGradeView:
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


@dataclass(frozen=True)
class DecisionView:
    as_of: date
    product_id: str
    merchant_id: str
    kind: ProductDecisionKind
    reason: str
    decided_at: datetime


def latest_product_as_of(*, uow: UnitOfWork, actor: Actor) -> date | None:
    query = _within(select(func.max(ProductGradeRow.as_of)), _scope(actor), ProductGradeRow)
    return uow.session.scalar(query)


def product_grades_on(
    *,
    uow: UnitOfWork,
    actor: Actor,
    as_of: date,
    merchant_id: str | None = None,
    tier: Tier | None = None,
    premium: bool | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[ProductGradeView]:
    """One day's product grades, lowest total first (the listings that need work)."""
    _page(limit, offset)
    query = _within(select(ProductGradeRow), _scope(actor), ProductGradeRow).where(
        ProductGradeRow.as_of == as_of
    )
    if merchant_id is not None:
        query = query.where(ProductGradeRow.merchant_id == merchant_id)
    if tier is not None:
        query = query.where(ProductGradeRow.tier == tier)
    if premium is not None:
        query = query.where(ProductGradeRow.premium.is_(premium))
    query = query.order_by(ProductGradeRow.total_cents, ProductGradeRow.product_id)
    return [_view(r) for r in uow.session.scalars(query.limit(limit).offset(offset))]


def product_grade_history(
    *, uow: UnitOfWork, actor: Actor, product_id: str, limit: int = 90
) -> list[ProductGradeView]:
    """One product's grades, newest first."""
    _page(limit, 0)
    query = (
        _within(select(ProductGradeRow), _scope(actor), ProductGradeRow)
        .where(ProductGradeRow.product_id == product_id)
        .order_by(ProductGradeRow.as_of.desc())
        .limit(limit)
    )
    found = [_view(r) for r in uow.session.scalars(query)]
    if not found:
        raise NotFound(f"no grades of product {product_id}")
    return found


def product_decisions(
    *,
    uow: UnitOfWork,
    actor: Actor,
    product_id: str | None = None,
    merchant_id: str | None = None,
    limit: int = 100,
) -> list[DecisionView]:
    """Premium and traffic-support decisions, newest first."""
    _page(limit, 0)
    query = _within(select(ProductDecision), _scope(actor), ProductDecision)
    if product_id is not None:
        query = query.where(ProductDecision.product_id == product_id)
    if merchant_id is not None:
        query = query.where(ProductDecision.merchant_id == merchant_id)
    query = query.order_by(ProductDecision.as_of.desc(), ProductDecision.id.desc()).limit(limit)
    return [
        DecisionView(d.as_of, d.product_id, d.merchant_id, d.kind, d.reason, d.decided_at)
        for d in uow.session.scalars(query)
    ]


def _page(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_PAGE or offset < 0:
        raise ValidationFailed(f"limit must be 1-{MAX_PAGE} and offset non-negative")


def _scope(actor: Actor) -> Scope:
    return read_scope(
        actor,
        any_row=Permission.READ_ANY_MERCHANT_INDICATORS,
        own_merchant=Permission.READ_OWN_MERCHANT_INDICATORS,
    )


def _within(
    query: Select[T], scope: Scope, model: type[ProductGradeRow] | type[ProductDecision]
) -> Select[T]:
    if scope.merchant_id is not None:
        return query.where(model.merchant_id == scope.merchant_id)
    return query


def _view(row: ProductGradeRow) -> ProductGradeView:
    return ProductGradeView(
        as_of=row.as_of,
        product_id=row.product_id,
        merchant_id=row.merchant_id,
        category=row.category,
        total=Decimal(row.total_cents) / 100,
        tier=row.tier,
        scores=dict(row.scores),
        measurements=dict(row.measurements),
        reasons=list(row.reasons),
        premium=row.premium,
        traffic=row.traffic,
    )


def product_graded_days_between(
    *, uow: UnitOfWork, actor: Actor, start: date, end: date
) -> list[date]:
    """The days in [start, end] with product grades the actor can see, oldest first."""
    query = _within(select(ProductGradeRow.as_of).distinct(), _scope(actor), ProductGradeRow).where(
        ProductGradeRow.as_of.between(start, end)
    )
    return sorted(uow.session.scalars(query))
