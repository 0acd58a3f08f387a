"""Reads of daily indicator values, for the platform (`PLATFORM`) or one merchant.

A merchant reads only its own indicators; platform-wide values need a platform role.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from pinzhi.core.errors import Forbidden, ValidationFailed
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.rules import Permission, allows
from pinzhi.domain.indicators.models import PLATFORM, IndicatorValue
from pinzhi.store.uow import UnitOfWork

MAX_DAYS = 366


@dataclass(frozen=True)
class Point:
    day: date
    value: float | None
    numerator: int
    denominator: int


@dataclass(frozen=True)
class Series:
    metric: str
    merchant_id: str
    points: tuple[Point, ...]


def default_subject(actor: Actor) -> str:
    """Whose indicators an actor sees first: its own merchant's, else the platform's."""
    if actor.merchant_id and allows(actor, Permission.READ_OWN_MERCHANT_INDICATORS):
        return actor.merchant_id
    return PLATFORM


def latest_day(*, uow: UnitOfWork, actor: Actor, merchant_id: str = PLATFORM) -> date | None:
    """The last day with any value for the subject; None before the first quality run."""
    _require_read(actor, merchant_id)
    query = select(func.max(IndicatorValue.day)).where(IndicatorValue.merchant_id == merchant_id)
    return uow.session.scalar(query)


def indicator_series(
    *,
    uow: UnitOfWork,
    actor: Actor,
    start: date,
    end: date,
    merchant_id: str = PLATFORM,
    metrics: Sequence[str] = (),
) -> list[Series]:
    """One series per metric (all metrics when none are named) over [start, end], by day."""
    _require_read(actor, merchant_id)
    if start > end or (end - start).days >= MAX_DAYS:
        raise ValidationFailed(f"a range runs forwards and spans at most {MAX_DAYS} days")
    query = select(IndicatorValue).where(
        IndicatorValue.merchant_id == merchant_id,
        IndicatorValue.day.between(start, end),
    )
    if metrics:
        query = query.where(IndicatorValue.metric.in_(metrics))
    points: dict[str, list[Point]] = {metric: [] for metric in metrics}
    for row in uow.session.scalars(query.order_by(IndicatorValue.metric, IndicatorValue.day)):
        points.setdefault(row.metric, []).append(
            Point(row.day, row.value, row.numerator, row.denominator)
        )
    return [Series(metric, merchant_id, tuple(found)) for metric, found in points.items()]


def _require_read(actor: Actor, merchant_id: str) -> None:
    if merchant_id == PLATFORM:
        wanted = Permission.READ_PLATFORM_INDICATORS
    elif allows(actor, Permission.READ_ANY_MERCHANT_INDICATORS):
        return
    else:
        wanted = Permission.READ_OWN_MERCHANT_INDICATORS
        if actor.merchant_id != merchant_id:
            raise Forbidden("a merchant reads only its own indicators")
    if not allows(actor, wanted):
        raise Forbidden(f"role {actor.role.value} may not {wanted.value}")
