"""Stored trend reports: the platform's, and one brief per merchant, per as-of day (S1 8)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, BigInteger, Date, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pinzhi.store.base import Base

PLATFORM_SCOPE = "platform"
"""`scope` of the platform-wide report; a merchant's brief has the merchant's id."""


class TrendReportRow(Base):
    """`content` is the report as JSON (`trend_rules.TrendReport.as_json` or a merchant brief)."""

    __tablename__ = "trend_reports"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    as_of: Mapped[date] = mapped_column(Date, index=True)
    scope: Mapped[str] = mapped_column(String(64), index=True)
    content: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    run_id: Mapped[str] = mapped_column(String(64))
    __table_args__ = (UniqueConstraint("scope", "as_of", name="one_trend_report_per_day"),)
