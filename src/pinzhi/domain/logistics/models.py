"""Shipment and logistics-event tables."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, Text
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
    shipped_at: Mapped[datetime] = mapped_column(UtcDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    signature_required: Mapped[bool] = mapped_column(Boolean, default=False)
    insured_fen: Mapped[int] = mapped_column(Fen, default=0)
    __table_args__ = (CheckConstraint("insured_fen >= 0", name="insured_nonnegative"),)


class LogisticsEvent(Base):
    __tablename__ = "logistics_events"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    shipment_id: Mapped[str] = mapped_column(ForeignKey("shipments.id"), index=True)
    node: Mapped[TrackingNode] = mapped_column(enum_column(TrackingNode))
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    location: Mapped[str | None] = mapped_column(String(120))
    note: Mapped[str | None] = mapped_column(Text)
