"""Stored merchant grades: one per merchant and as-of day, with everything that explains it."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, BigInteger, Date, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pinzhi.domain.grading.grading_config import Tier
from pinzhi.store.base import Base
from pinzhi.store.types import enum_column


class MerchantGradeRow(Base):
    """A merchant's grade as of a day (S1 6.1.1); `tier` null: not graded (too few orders).

    `total_cents` is the total in hundredths of a point (floored, as the tier was read).
    `measurements` holds the window's counts, each measurement's raw value, score, weight and
    peer percentile, and the improvements that would reach the next tier; `explanation` says
    it in one line.
    """

    __tablename__ = "merchant_grades"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    as_of: Mapped[date] = mapped_column(Date, index=True)
    merchant_id: Mapped[str] = mapped_column(String(64), index=True)
    orders: Mapped[int] = mapped_column(Integer)
    total_cents: Mapped[int | None] = mapped_column(Integer)
    tier: Mapped[Tier | None] = mapped_column(enum_column(Tier), nullable=True)
    dimensions: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    measurements: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    explanation: Mapped[str] = mapped_column(Text)
    run_id: Mapped[str] = mapped_column(String(64))
    __table_args__ = (UniqueConstraint("merchant_id", "as_of", name="one_grade_per_day"),)
