"""Stored product grades and the decisions taken on them (S1 7.1, 7.2)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, BigInteger, Boolean, Date, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pinzhi.domain.grading.grading_config import Tier
from pinzhi.store.base import Base
from pinzhi.store.types import UtcDateTime, enum_column


class ProductDecisionKind(StrEnum):
    PREMIUM_GRANTED = "premium_granted"  # 优品 designation given
    PREMIUM_REVOKED = "premium_revoked"
    TRAFFIC_BOOST = "traffic_boost"  # 流量扶持 (S1 7.2)
    TRAFFIC_WITHHELD = "traffic_withheld"


class ProductGradeRow(Base):
    """A product's grade as of a day. `measurements` holds the counts and rates it read;
    `scores` the dimension scores that applied; `reasons` what held it down."""

    __tablename__ = "product_grades"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    as_of: Mapped[date] = mapped_column(Date, index=True)
    product_id: Mapped[str] = mapped_column(String(64), index=True)
    merchant_id: Mapped[str] = mapped_column(String(64), index=True)
    category: Mapped[str] = mapped_column(String(64))
    total_cents: Mapped[int] = mapped_column(Integer)
    tier: Mapped[Tier] = mapped_column(enum_column(Tier))
    scores: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    measurements: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    premium: Mapped[bool] = mapped_column(Boolean)
    traffic: Mapped[str] = mapped_column(String(16))
    run_id: Mapped[str] = mapped_column(String(64))
    __table_args__ = (UniqueConstraint("product_id", "as_of", name="one_product_grade_per_day"),)


class ProductDecision(Base):
    """A premium or traffic-support decision with its reason: the log S1 7.2 asks for."""

    __tablename__ = "product_decisions"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    as_of: Mapped[date] = mapped_column(Date, index=True)
    product_id: Mapped[str] = mapped_column(String(64), index=True)
    merchant_id: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[ProductDecisionKind] = mapped_column(enum_column(ProductDecisionKind))
    reason: Mapped[str] = mapped_column(Text)
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime)
    run_id: Mapped[str] = mapped_column(String(64))
    __table_args__ = (
        UniqueConstraint("product_id", "as_of", "kind", name="one_product_decision_per_day"),
    )
