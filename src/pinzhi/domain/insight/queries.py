"""Reads of trend reports: the platform report for analysts, each merchant its own brief."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from pinzhi.core.errors import NotFound
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.rules import Permission, read_scope
from pinzhi.domain.insight.models import PLATFORM_SCOPE, TrendReportRow
from pinzhi.store.uow import UnitOfWork


@dataclass(frozen=True)
class TrendReportView:
    as_of: date
    scope: str
    content: dict[str, Any]


def latest_report(
    *, uow: UnitOfWork, actor: Actor, merchant_id: str | None = None, as_of: date | None = None
) -> TrendReportView:
    """A merchant's brief, or the platform's report (`merchant_id` None for a platform role);
    the latest unless `as_of`. A merchant reads only its own brief (its default).
    """
    scope = read_scope(
        actor,
        any_row=Permission.READ_ANY_MERCHANT_INDICATORS,
        own_merchant=Permission.READ_OWN_MERCHANT_INDICATORS,
    )
    wanted = merchant_id or scope.merchant_id or PLATFORM_SCOPE
    if scope.merchant_id is not None and scope.merchant_id != wanted:
        raise NotFound(f"no trend report for {wanted}")
    query = select(TrendReportRow).where(TrendReportRow.scope == wanted)
    if as_of is not None:
        query = query.where(TrendReportRow.as_of == as_of)
    row = uow.session.scalars(query.order_by(TrendReportRow.as_of.desc()).limit(1)).first()
    if row is None:
        raise NotFound(f"no trend report for {wanted}")
    return TrendReportView(row.as_of, row.scope, dict(row.content))
