"""After-sales case table (the workflows arrive with the after-sales issue)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pinzhi.store.base import Base
from pinzhi.store.types import Fen, UtcDateTime, enum_column


class CaseKind(StrEnum):
    REFUND_BEFORE_SHIPMENT = "refund_before_shipment"
    RETURN_REFUND = "return_refund"
    REFUND_ONLY = "refund_only"
    EXCHANGE = "exchange"
    REPAIR = "repair"
    RESEND = "resend"
    PRICE_PROTECTION = "price_protection"
    COMPENSATION = "compensation"


class CaseReason(StrEnum):
    NO_REASON = "no_reason"
    QUALITY = "quality"
    DAMAGED = "damaged"
    WRONG_ITEM = "wrong_item"
    NOT_AS_DESCRIBED = "not_as_described"
    LATE_DELIVERY = "late_delivery"
    MISSING_PART = "missing_part"
    PRICE_DROP = "price_drop"
    OTHER = "other"


class CaseStatus(StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    AWAITING_RETURN = "awaiting_return"
    IN_REPAIR = "in_repair"
    REFUNDED = "refunded"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class AftersalesCase(Base):
    __tablename__ = "aftersales_cases"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id"), index=True)
    order_item_id: Mapped[str | None] = mapped_column(ForeignKey("order_items.id"))
    consumer_id: Mapped[str] = mapped_column(ForeignKey("consumers.id"), index=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"), index=True)
    kind: Mapped[CaseKind] = mapped_column(enum_column(CaseKind))
    reason: Mapped[CaseReason] = mapped_column(enum_column(CaseReason))
    status: Mapped[CaseStatus] = mapped_column(enum_column(CaseStatus))
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    first_response_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    requested_fen: Mapped[int] = mapped_column(Fen, default=0)
    refunded_fen: Mapped[int] = mapped_column(Fen, default=0)
    note: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (
        CheckConstraint("requested_fen >= 0", name="requested_nonnegative"),
        CheckConstraint("refunded_fen >= 0", name="refunded_nonnegative"),
    )
