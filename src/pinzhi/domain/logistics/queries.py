"""Reads of shipments and their anomalies, limited to what the actor may see (C9, C16).

Who may see a shipment follows who may see its order: a consumer their own, a merchant its own,
staff with order access any. A shipment outside the actor's scope is reported as missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, select

from pinzhi.core.errors import NotFound, ValidationFailed
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.rules import Permission, Scope, read_scope
from pinzhi.domain.logistics.anomaly_rules import Scan, in_order, scan_order
from pinzhi.domain.logistics.models import (
    AnomalyKind,
    AnomalyStatus,
    LogisticsAnomaly,
    LogisticsEvent,
    Shipment,
    TrackingNode,
)
from pinzhi.domain.orders.models import Order
from pinzhi.store.uow import UnitOfWork

MAX_PAGE = 200


@dataclass(frozen=True)
class ScanView:
    id: str
    node: TrackingNode
    occurred_at: datetime
    location: str | None
    note: str | None
    repeat: bool
    """The carrier sent this same event before (another id, same node, time, place and note)."""


@dataclass(frozen=True)
class AnomalyView:
    id: str
    shipment_id: str
    order_id: str
    merchant_id: str | None
    kind: AnomalyKind
    reason: str
    status: AnomalyStatus
    started_at: datetime
    detected_at: datetime
    resolved_at: datetime | None
    evidence_ids: tuple[str, ...]
    """The scans the anomaly rests on, as frozen when it was detected."""

    @classmethod
    def of(cls, row: LogisticsAnomaly) -> AnomalyView:
        return cls(
            id=row.id,
            shipment_id=row.shipment_id,
            order_id=row.order_id,
            merchant_id=row.merchant_id,
            kind=row.kind,
            reason=row.reason,
            status=row.status,
            started_at=row.started_at,
            detected_at=row.detected_at,
            resolved_at=row.resolved_at,
            evidence_ids=tuple(str(scan["id"]) for scan in row.evidence),
        )


@dataclass(frozen=True)
class TrajectoryView:
    """A parcel's whole journey as dispute evidence (S3 6.2.3.2): every scan in time order."""

    shipment_id: str
    order_id: str
    carrier: str
    tracking_number: str
    shipped_at: datetime
    delivered_at: datetime | None
    promised_at: datetime | None
    scans: tuple[ScanView, ...]
    anomalies: tuple[AnomalyView, ...]


def get_trajectory(*, uow: UnitOfWork, actor: Actor, shipment_id: str) -> TrajectoryView:
    query = select(Shipment, Order.estimated_delivery_at).join(Order, Order.id == Shipment.order_id)
    found = uow.session.execute(
        _within(query, _scope(actor)).where(Shipment.id == shipment_id)
    ).first()
    if found is None:
        raise NotFound(f"no shipment {shipment_id}")
    shipment, promised = found
    events = uow.session.scalars(
        select(LogisticsEvent).where(LogisticsEvent.shipment_id == shipment_id)
    )
    scans = [Scan(e.id, e.node, e.occurred_at, e.location, e.note) for e in events]
    distinct = {scan.id for scan in in_order(scans)}
    ordered = sorted(scans, key=scan_order)
    anomalies = uow.session.scalars(
        select(LogisticsAnomaly)
        .where(LogisticsAnomaly.shipment_id == shipment_id)
        .order_by(LogisticsAnomaly.started_at)
    )
    return TrajectoryView(
        shipment_id=shipment.id,
        order_id=shipment.order_id,
        carrier=shipment.carrier,
        tracking_number=shipment.tracking_number,
        shipped_at=shipment.shipped_at,
        delivered_at=shipment.delivered_at,
        promised_at=promised,
        scans=tuple(
            ScanView(s.id, s.node, s.occurred_at, s.location, s.note, s.id not in distinct)
            for s in ordered
        ),
        anomalies=tuple(AnomalyView.of(row) for row in anomalies),
    )


def list_anomalies(
    *,
    uow: UnitOfWork,
    actor: Actor,
    status: AnomalyStatus | None = AnomalyStatus.OPEN,
    kind: AnomalyKind | None = None,
    merchant_id: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[AnomalyView]:
    """Anomalies the actor may see, the longest-running first; filters narrow, never widen."""
    if not 1 <= limit <= MAX_PAGE or offset < 0:
        raise ValidationFailed(f"limit must be 1–{MAX_PAGE} and offset not negative")
    scope = _scope(actor)
    query = select(LogisticsAnomaly)
    if scope.merchant_id is not None:
        query = query.where(LogisticsAnomaly.merchant_id == scope.merchant_id)
    if scope.consumer_id is not None:
        query = query.where(LogisticsAnomaly.consumer_id == scope.consumer_id)
    if status is not None:
        query = query.where(LogisticsAnomaly.status == status)
    if kind is not None:
        query = query.where(LogisticsAnomaly.kind == kind)
    if merchant_id is not None:
        query = query.where(LogisticsAnomaly.merchant_id == merchant_id)
    query = query.order_by(LogisticsAnomaly.started_at, LogisticsAnomaly.id)
    return [AnomalyView.of(row) for row in uow.session.scalars(query.limit(limit).offset(offset))]


def count_open_anomalies(*, uow: UnitOfWork) -> dict[str, int]:
    """Open anomalies platform-wide by kind, for the run's log (no actor: a system read)."""
    counts = uow.session.execute(
        select(LogisticsAnomaly.kind, func.count())
        .where(LogisticsAnomaly.status == AnomalyStatus.OPEN)
        .group_by(LogisticsAnomaly.kind)
    )
    return {kind.value: number for kind, number in counts}


def _scope(actor: Actor) -> Scope:
    """The order permissions decide: a shipment is part of its order."""
    return read_scope(
        actor,
        any_row=Permission.READ_ANY_ORDER,
        own_merchant=Permission.READ_OWN_MERCHANT_ORDERS,
        own_consumer=Permission.READ_OWN_CONSUMER_ORDERS,
    )


def _within(
    query: Select[Shipment, datetime | None], scope: Scope
) -> Select[Shipment, datetime | None]:
    if scope.merchant_id is not None:
        query = query.where(Order.merchant_id == scope.merchant_id)
    if scope.consumer_id is not None:
        query = query.where(Order.consumer_id == scope.consumer_id)
    return query
