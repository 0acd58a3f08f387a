"""Attainment values: one statistic of one SLA measure for one day and group.

A group is a channel and a merchant and an agent, where `ALL` ("*") stands for every merchant
or every agent: (m, a) is one agent's work for one merchant, (m, *) the merchant's, (*, a) the
agent's across merchants, (*, *) the channel's. Like `IndicatorValue`, each row keeps its
numerator and denominator (and the samples behind it) so that a roll-up over days recomputes
sum(numerator) / sum(denominator) instead of averaging averages. Durations are milliseconds;
the statistics are defined in `pinzhi.domain.indicators.service_metrics`.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Date, Float, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pinzhi.store.base import Base


class AttainmentValue(Base):
    __tablename__ = "attainment_values"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    day: Mapped[date] = mapped_column(Date, index=True)
    channel: Mapped[str] = mapped_column(String(32))
    merchant_id: Mapped[str] = mapped_column(String(64))
    agent_id: Mapped[str] = mapped_column(String(64))
    measure: Mapped[str] = mapped_column(String(64))
    statistic: Mapped[str] = mapped_column(String(16))
    value: Mapped[float] = mapped_column(Float)
    numerator: Mapped[int] = mapped_column(BigInteger)
    denominator: Mapped[int] = mapped_column(BigInteger)
    samples: Mapped[int] = mapped_column(BigInteger)
    run_id: Mapped[str] = mapped_column(String(64))
    __table_args__ = (
        UniqueConstraint(
            "day", "channel", "merchant_id", "agent_id", "measure", "statistic",
            name="one_attainment",
        ),
        Index("ix_attainment_values_merchant_day", "merchant_id", "day"),
        Index("ix_attainment_values_agent_day", "agent_id", "day"),
    )  # fmt: skip
