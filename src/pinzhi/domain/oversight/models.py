"""Stored warnings, measures (incentives, training, key control) and appeals (S1 6.1.2, 6.2–6.4)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Date, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pinzhi.store.base import Base
from pinzhi.store.types import UtcDateTime, enum_column


class WarningKind(StrEnum):
    TIER_DROP = "tier_drop"
    """The merchant's tier fell since its previous grade (a threshold crossing)."""
    RATE_ABOVE_LIMIT = "rate_above_limit"
    """A graded rate crossed its category's limit (a threshold crossing)."""
    SUDDEN_SHIFT = "sudden_shift"
    """A recent rate jumped well above the merchant's own baseline or its category's."""
    FAKE_ORDERS = "fake_orders"
    """Orders concentrated on a few buyers and instant five-star reviews (刷单)."""


class WarningSeverity(StrEnum):
    NOTICE = "notice"
    SERIOUS = "serious"
    CRITICAL = "critical"


class MeasureKind(StrEnum):
    COMMISSION_REDUCTION = "commission_reduction"  # 佣金减免 (S1 6.2)
    FINANCING_ELIGIBILITY = "financing_eligibility"  # 融资资格 (S1 6.2)
    TRAINING = "training"  # 培训 (S1 6.3)
    KEY_CONTROL = "key_control"  # 重点管控 (S1 6.4)


class MeasureStatus(StrEnum):
    ACTIVE = "active"
    ENDED = "ended"
    """No longer warranted by a later run (incentives and training)."""
    LIFTED = "lifted"
    """Withdrawn because the merchant's appeal was upheld."""


class AppealTarget(StrEnum):
    GRADE = "grade"
    MEASURE = "measure"


class AppealStatus(StrEnum):
    FILED = "filed"
    UNDER_REVIEW = "under_review"
    UPHELD = "upheld"
    DISMISSED = "dismissed"


class MerchantWarning(Base):
    """One early warning of a merchant for a day; evidence holds the numbers behind it."""

    __tablename__ = "merchant_warnings"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(String(64), index=True)
    as_of: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[WarningKind] = mapped_column(enum_column(WarningKind))
    severity: Mapped[WarningSeverity] = mapped_column(enum_column(WarningSeverity))
    reason: Mapped[str] = mapped_column(Text)
    evidence: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    run_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    __table_args__ = (
        UniqueConstraint("merchant_id", "kind", "as_of", name="one_warning_per_kind_day"),
    )


class MerchantMeasure(Base):
    """A decision about a merchant, with its reason; the rows are the log of measures.

    `offence` names the key-control offence (counterfeit, fake_orders, false_advertising,
    unsafe_goods) or, for training, the dimension to train; `restrictions` lists what the
    merchant may not do while the measure is active (key control) or what it earns (incentives).
    """

    __tablename__ = "merchant_measures"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[MeasureKind] = mapped_column(enum_column(MeasureKind))
    topic: Mapped[str] = mapped_column(String(64))
    restrictions: Mapped[list[str]] = mapped_column(JSON, default=list)
    reason: Mapped[str] = mapped_column(Text)
    evidence: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    status: Mapped[MeasureStatus] = mapped_column(enum_column(MeasureStatus), index=True)
    decided_on: Mapped[date] = mapped_column(Date)
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    end_reason: Mapped[str | None] = mapped_column(Text)
    run_id: Mapped[str] = mapped_column(String(64))


class Appeal(Base):
    """A merchant's appeal of a grade or a measure (filed → under review → upheld/dismissed)."""

    __tablename__ = "merchant_appeals"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(String(64), index=True)
    target: Mapped[AppealTarget] = mapped_column(enum_column(AppealTarget))
    target_id: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[AppealStatus] = mapped_column(enum_column(AppealStatus), index=True)
    filed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    reviewed_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    decision_note: Mapped[str | None] = mapped_column(Text)
