"""Consumer table. Name, phone and address are personal fields sealed at rest."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from pinzhi.store.base import Base
from pinzhi.store.personal import PersonalText
from pinzhi.store.types import UtcDateTime, enum_column


class CreditLevel(StrEnum):
    """Coarse credit band from the consumer's record; drives 极速退款 eligibility (S3 6.3.2.1)."""

    EXCELLENT = "excellent"
    GOOD = "good"
    FAIR = "fair"
    POOR = "poor"


class Consumer(Base):
    __tablename__ = "consumers"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str | None] = mapped_column(PersonalText)
    phone: Mapped[str | None] = mapped_column(PersonalText)
    address: Mapped[str | None] = mapped_column(PersonalText)
    region: Mapped[str | None] = mapped_column(String(64))
    registered_at: Mapped[datetime] = mapped_column(UtcDateTime)
    elderly: Mapped[bool] = mapped_column(Boolean, default=False)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    locale: Mapped[str] = mapped_column(String(16), default="zh-CN")
    credit_score: Mapped[int] = mapped_column(Integer, default=600)
    credit_level: Mapped[CreditLevel] = mapped_column(
        enum_column(CreditLevel), default=CreditLevel.GOOD
    )
    __table_args__ = (
        CheckConstraint("credit_score BETWEEN 0 AND 1000", name="credit_score_range"),
    )
