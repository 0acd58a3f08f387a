"""Reads of warnings, measures and appeals, limited to what the actor may see.

Quality analysts (MANAGE_GRADES) read everything; a merchant reads its own warnings, measures
and appeals; anyone signed in reads the public list of key-control measures (S4 4.2.2.2), which
names the shop and the measure and carries no personal data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from pinzhi.core.errors import Forbidden, ValidationFailed
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.accounts.rules import Permission, allows
from pinzhi.domain.catalog.models import Merchant
from pinzhi.domain.oversight.appeals import AppealView
from pinzhi.domain.oversight.models import (
    Appeal,
    MeasureKind,
    MeasureStatus,
    MerchantMeasure,
    MerchantWarning,
    WarningKind,
    WarningSeverity,
)
from pinzhi.store.uow import UnitOfWork

MAX_PAGE = 500


@dataclass(frozen=True)
class WarningView:
    id: str
    merchant_id: str
    as_of: date
    kind: WarningKind
    severity: WarningSeverity
    reason: str
    evidence: dict[str, Any]


@dataclass(frozen=True)
class MeasureView:
    id: str
    merchant_id: str
    kind: MeasureKind
    topic: str
    restrictions: list[str]
    reason: str
    status: MeasureStatus
    decided_on: date
    ended_at: datetime | None
    end_reason: str | None


@dataclass(frozen=True)
class PublicMeasure:
    """One line of the published list: the shop, the offence and the restrictions."""

    measure_id: str
    merchant_id: str
    shop_name: str
    offence: str
    restrictions: list[str]
    decided_on: date
    status: MeasureStatus


def _own_merchant(actor: Actor) -> str | None:
    """None: the actor reads every merchant's; otherwise the one merchant it may read."""
    if allows(actor, Permission.MANAGE_GRADES):
        return None
    if actor.role is Role.MERCHANT and actor.merchant_id:
        return actor.merchant_id
    raise Forbidden(f"role {actor.role.value} may not read merchant warnings or measures")


def _page(limit: int) -> None:
    if not 1 <= limit <= MAX_PAGE:
        raise ValidationFailed(f"limit must be 1-{MAX_PAGE}")


def list_warnings(
    *,
    uow: UnitOfWork,
    actor: Actor,
    as_of: date | None = None,
    kind: WarningKind | None = None,
    limit: int = 100,
) -> list[WarningView]:
    """Warnings, newest day first and most severe first within a day."""
    _page(limit)
    query = select(MerchantWarning)
    own = _own_merchant(actor)
    if own is not None:
        query = query.where(MerchantWarning.merchant_id == own)
    if as_of is not None:
        query = query.where(MerchantWarning.as_of == as_of)
    if kind is not None:
        query = query.where(MerchantWarning.kind == kind)
    rows = uow.session.scalars(
        query.order_by(MerchantWarning.as_of.desc(), MerchantWarning.merchant_id).limit(limit)
    )
    rank = {WarningSeverity.CRITICAL: 0, WarningSeverity.SERIOUS: 1, WarningSeverity.NOTICE: 2}
    views = [
        WarningView(
            w.id,
            w.merchant_id,
            w.as_of,
            WarningKind(w.kind),
            WarningSeverity(w.severity),
            w.reason,
            dict(w.evidence),
        )
        for w in rows
    ]
    return sorted(views, key=lambda v: (-v.as_of.toordinal(), rank[v.severity], v.merchant_id))


def list_measures(
    *,
    uow: UnitOfWork,
    actor: Actor,
    kind: MeasureKind | None = None,
    active_only: bool = False,
    limit: int = 200,
) -> list[MeasureView]:
    """The log of measures, newest first (the key-control list: kind KEY_CONTROL)."""
    _page(limit)
    query = select(MerchantMeasure)
    own = _own_merchant(actor)
    if own is not None:
        query = query.where(MerchantMeasure.merchant_id == own)
    if kind is not None:
        query = query.where(MerchantMeasure.kind == kind)
    if active_only:
        query = query.where(MerchantMeasure.status == MeasureStatus.ACTIVE)
    query = query.order_by(
        MerchantMeasure.decided_at.desc(), MerchantMeasure.merchant_id, MerchantMeasure.topic
    )
    return [
        MeasureView(
            m.id,
            m.merchant_id,
            MeasureKind(m.kind),
            m.topic,
            list(m.restrictions),
            m.reason,
            MeasureStatus(m.status),
            m.decided_on,
            m.ended_at,
            m.end_reason,
        )
        for m in uow.session.scalars(query.limit(limit))
    ]


def public_measures(*, uow: UnitOfWork, limit: int = 200) -> list[PublicMeasure]:
    """The published key-control measures, active and lifted, newest first (S4 4.2.2.2)."""
    _page(limit)
    query = (
        select(MerchantMeasure, Merchant.name)
        .join(Merchant, Merchant.id == MerchantMeasure.merchant_id)
        .where(
            MerchantMeasure.kind == MeasureKind.KEY_CONTROL,
            MerchantMeasure.status != MeasureStatus.ENDED,
        )
        .order_by(MerchantMeasure.decided_at.desc(), MerchantMeasure.merchant_id)
        .limit(limit)
    )
    return [
        PublicMeasure(
            m.id,
            m.merchant_id,
            name,
            m.topic,
            list(m.restrictions),
            m.decided_on,
            MeasureStatus(m.status),
        )
        for m, name in uow.session.execute(query).all()
    ]


def list_appeals(*, uow: UnitOfWork, actor: Actor, limit: int = 100) -> list[AppealView]:
    """Appeals, newest first."""
    _page(limit)
    query = select(Appeal)
    own = _own_merchant(actor)
    if own is not None:
        query = query.where(Appeal.merchant_id == own)
    rows = uow.session.scalars(query.order_by(Appeal.filed_at.desc()).limit(limit))
    return [AppealView.of(a) for a in rows]
