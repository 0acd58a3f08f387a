"""Indicator values and the log of quality runs."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, BigInteger, Date, Float, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pinzhi.store.base import Base
from pinzhi.store.types import UtcDateTime, enum_column

PLATFORM = "*"
"""`merchant_id` of a platform-wide value."""


class RunStatus(StrEnum):
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class IndicatorValue(Base):
    """One metric for one day and one merchant (or the whole platform).

    Rates keep their numerator and denominator so that any roll-up recomputes the ratio
    instead of averaging averages.
    """

    __tablename__ = "indicator_values"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    day: Mapped[date] = mapped_column(Date, index=True)
    merchant_id: Mapped[str] = mapped_column(String(64), index=True)
    metric: Mapped[str] = mapped_column(String(64))
    value: Mapped[float | None] = mapped_column(Float)
    numerator: Mapped[int] = mapped_column(BigInteger)
    denominator: Mapped[int] = mapped_column(BigInteger)
    run_id: Mapped[str] = mapped_column(String(64))
    __table_args__ = (UniqueConstraint("day", "merchant_id", "metric", name="one_value"),)


class QualityRun(Base):
    """One execution of the daily quality run and what each step reported."""

    __tablename__ = "quality_runs"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    as_of: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[RunStatus] = mapped_column(enum_column(RunStatus))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    steps: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
