"""Violation and service-commitment tables."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pinzhi.store.base import Base
from pinzhi.store.types import Fen, UtcDateTime, enum_column


class ViolationKind(StrEnum):
    """The behaviours that put a merchant under key control (重点管控, S1 6.4)."""

    COUNTERFEIT = "counterfeit"
    FAKE_ORDERS = "fake_orders"
    FALSE_ADVERTISING = "false_advertising"
    UNSAFE_PRODUCT = "unsafe_product"
    PRIVACY = "privacy"
    OTHER = "other"


class Severity(StrEnum):
    MINOR = "minor"
    MAJOR = "major"
    SEVERE = "severe"


class ViolationStatus(StrEnum):
    REPORTED = "reported"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"


class CommitmentKind(StrEnum):
    """Service commitments a merchant may publish (S3 6.10)."""

    ORIGINAL_WARRANTY = "original_warranty"  # 原厂保修
    LATE_DELIVERY_COMPENSATION = "late_delivery_compensation"  # 延时交付必赔
    FREE_OLD_PICKUP = "free_old_pickup"  # 免费取旧
    FREE_MEASUREMENT = "free_measurement"  # 免费测量
    FREE_RETURN_SHIPPING = "free_return_shipping"  # 退货免运费
    PRICE_PROTECTION = "price_protection"  # 价保
    FAST_SHIPPING = "fast_shipping"  # 极速发货


class Violation(Base):
    __tablename__ = "violations"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"), index=True)
    product_id: Mapped[str | None] = mapped_column(ForeignKey("products.id"))
    kind: Mapped[ViolationKind] = mapped_column(enum_column(ViolationKind))
    severity: Mapped[Severity] = mapped_column(enum_column(Severity))
    status: Mapped[ViolationStatus] = mapped_column(enum_column(ViolationStatus))
    detected_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    source: Mapped[str] = mapped_column(String(64))
    description: Mapped[str | None] = mapped_column(Text)


class ServiceCommitment(Base):
    __tablename__ = "service_commitments"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"), index=True)
    product_id: Mapped[str | None] = mapped_column(ForeignKey("products.id"))
    kind: Mapped[CommitmentKind] = mapped_column(enum_column(CommitmentKind))
    terms: Mapped[str] = mapped_column(Text)
    compensation_fen: Mapped[int] = mapped_column(Fen, default=0)
    published_at: Mapped[datetime] = mapped_column(UtcDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    __table_args__ = (CheckConstraint("compensation_fen >= 0", name="compensation_nonnegative"),)
