"""Reads of merchant grades, limited to what the actor may see.

Roles that read every merchant's indicators (quality analysts, mediators, assessors) read every
grade; a merchant reads only its own — another merchant's grade is reported as missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import Select, func, select

from pinzhi.core.errors import NotFound, ValidationFailed
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.rules import Permission, Scope, read_scope
from pinzhi.domain.grading.grading_config import Tier
from pinzhi.domain.grading.models import MerchantGradeRow
from pinzhi.store.uow import UnitOfWork

MAX_PAGE = 500
T = TypeVar("T")


@dataclass(frozen=True)
class GradeView:
    as_of: date
    merchant_id: str
    orders: int
    total: Decimal | None
    tier: Tier | None
    dimensions: dict[str, str]
    measurements: dict[str, Any]
    explanation: str
    run_id: str


def latest_as_of(*, uow: UnitOfWork, actor: Actor) -> date | None:
    """The last day graded that the actor can see; None before the first grading."""
    query = _within(select(func.max(MerchantGradeRow.as_of)), _scope(actor))
    return uow.session.scalar(query)


def grades_on(
    *,
    uow: UnitOfWork,
    actor: Actor,
    as_of: date,
    tier: Tier | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[GradeView]:
    """The grades of one day, lowest total first (the merchants that need attention)."""
    if not 1 <= limit <= MAX_PAGE or offset < 0:
        raise ValidationFailed(f"limit must be 1-{MAX_PAGE} and offset non-negative")
    query = _within(select(MerchantGradeRow), _scope(actor)).where(MerchantGradeRow.as_of == as_of)
    if tier is not None:
        query = query.where(MerchantGradeRow.tier == tier)
    query = query.order_by(
        MerchantGradeRow.total_cents.is_(None),
        MerchantGradeRow.total_cents,
        MerchantGradeRow.merchant_id,
    )
    return [_view(r) for r in uow.session.scalars(query.limit(limit).offset(offset))]


def merchant_grade_history(
    *, uow: UnitOfWork, actor: Actor, merchant_id: str, limit: int = 90
) -> list[GradeView]:
    """One merchant's grades, newest first."""
    if not 1 <= limit <= MAX_PAGE:
        raise ValidationFailed(f"limit must be 1-{MAX_PAGE}")
    scope = _scope(actor)
    if not scope.everything and scope.merchant_id != merchant_id:
        raise NotFound(f"no grades of merchant {merchant_id}")
    query = (
        select(MerchantGradeRow)
        .where(MerchantGradeRow.merchant_id == merchant_id)
        .order_by(MerchantGradeRow.as_of.desc())
        .limit(limit)
    )
    found = [_view(r) for r in uow.session.scalars(query)]
    if not found:
        raise NotFound(f"no grades of merchant {merchant_id}")
    return found


def _scope(actor: Actor) -> Scope:
    return read_scope(
        actor,
        any_row=Permission.READ_ANY_MERCHANT_INDICATORS,
        own_merchant=Permission.READ_OWN_MERCHANT_INDICATORS,
    )


def _within(query: Select[T], scope: Scope) -> Select[T]:
    if scope.merchant_id is not None:
        return query.where(MerchantGradeRow.merchant_id == scope.merchant_id)
    return query


def _view(row: MerchantGradeRow) -> GradeView:
    return GradeView(
        as_of=row.as_of,
        merchant_id=row.merchant_id,
        orders=row.orders,
        total=None if row.total_cents is None else Decimal(row.total_cents) / 100,
        tier=row.tier,
        dimensions=dict(row.dimensions),
        measurements=dict(row.measurements),
        explanation=row.explanation,
        run_id=row.run_id,
    )


def graded_days_between(*, uow: UnitOfWork, actor: Actor, start: date, end: date) -> list[date]:
    """The days in [start, end] with merchant grades the actor can see, oldest first."""
    query = _within(select(MerchantGradeRow.as_of).distinct(), _scope(actor)).where(
        MerchantGradeRow.as_of.between(start, end)
    )
    return sorted(uow.session.scalars(query))
