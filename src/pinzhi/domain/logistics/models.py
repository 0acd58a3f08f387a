"""Shipment and logistics-event tables, and the anomalies detected from the events (C9)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from pinzhi.store.base import Base
from pinzhi.store.types import Fen, UtcDateTime, enum_column


class TrackingNode(StrEnum):
    """The nodes a parcel passes (S3 6.2.1): shipped, in transit, out for delivery, signed."""

    PICKED_UP = "picked_up"
    IN_TRANSIT = "in_transit"
    OUT_FOR_DELIVERY = "out_for_delivery"
    SIGNED = "signed"
    EXCEPTION = "exception"
    RETURNED = "returned"


class Shipment(Base):
    __tablename__ = "shipments"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id"), index=True)
    carrier: Mapped[str] = mapped_column(String(64))
    tracking_number: Mapped[str] = mapped_column(String(64))
    shipped_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    signature_required: Mapped[bool] = mapped_column(Boolean, default=False)
    insured_fen: Mapped[int] = mapped_column(Fen, default=0)
    __table_args__ = (CheckConstraint("insured_fen >= 0", name="insured_nonnegative"),)


class LogisticsEvent(Base):
    __tablename__ = "logistics_events"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    shipment_id: Mapped[str] = mapped_column(ForeignKey("shipments.id"), index=True)
    node: Mapped[TrackingNode] = mapped_column(enum_column(TrackingNode))
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    location: Mapped[str | None] = mapped_column(String(120))
    note: Mapped[str | None] = mapped_column(Text)


class AnomalyKind(StrEnum):
    """What went wrong with a parcel (C9; rules in `anomaly_rules`)."""

    LATE = "late"
    STUCK = "stuck"
    DAMAGED = "damaged"
    UNDELIVERABLE = "undeliverable"


class AnomalyStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"


class LogisticsAnomaly(Base):
    """One anomaly of one kind on one shipment (`AnomalyKind`), with the scans it
    rests on frozen in `evidence` (S3 6.2.3.2). A shipment stuck twice keeps one row: the later
    stretch re-opens it."""

    __tablename__ = "logistics_anomalies"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    shipment_id: Mapped[str] = mapped_column(ForeignKey("shipments.id"))
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id"), index=True)
    merchant_id: Mapped[str | None] = mapped_column(String(64), index=True)
    consumer_id: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[AnomalyKind] = mapped_column(enum_column(AnomalyKind))
    reason: Mapped[str] = mapped_column(String(64))
    status: Mapped[AnomalyStatus] = mapped_column(enum_column(AnomalyStatus))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    detected_at: Mapped[datetime] = mapped_column(UtcDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    evidence: Mapped[list[dict[str, object]]] = mapped_column(JSON, default=list)
    __table_args__ = (
        UniqueConstraint("shipment_id", "kind"),
        Index("ix_logistics_anomalies_open", "status", "kind", "started_at"),
    )


class ShipmentWatch(Base):
    """The detector's bookmark per shipment: when it last looked, and when time alone could
    next open an anomaly (NULL: only a new scan can). Kept apart from `shipments`, which is an
    import table whose rows the feeds overwrite."""

    __tablename__ = "shipment_watches"

    shipment_id: Mapped[str] = mapped_column(ForeignKey("shipments.id"), primary_key=True)
    checked_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    next_check_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
