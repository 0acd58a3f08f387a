"""Indicator targets (versioned) and PDCA improvement plans with their effect checks."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pinzhi.domain.improvement.rules import PdcaStage
from pinzhi.store.base import Base
from pinzhi.store.types import UtcDateTime, enum_column


class IndicatorTarget(Base):
    """One version of an indicator's target: who set it, when and why. The newest wins; without
    any the catalogue default applies."""

    __tablename__ = "indicator_targets"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    indicator: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    changed_by: Mapped[str] = mapped_column(String(64))
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    reason: Mapped[str] = mapped_column(Text)
    __table_args__ = (UniqueConstraint("indicator", "version", name="one_target_version"),)


class ImprovementPlan(Base):
    """A PDCA plan for one indicator of one subject (a merchant, or `*` for the platform).

    `open_key` is "indicator|subject" while the plan is open and null once closed: its unique
    constraint lets only one plan per indicator and subject be open at a time.
    """

    __tablename__ = "improvement_plans"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    indicator: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(64), index=True)
    open_key: Mapped[str | None] = mapped_column(String(160), unique=True)
    stage: Mapped[PdcaStage] = mapped_column(enum_column(PdcaStage))
    cycle: Mapped[int] = mapped_column(Integer, default=1)
    title: Mapped[str] = mapped_column(Text)
    goal_value: Mapped[float] = mapped_column(Float)
    goal_date: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date] = mapped_column(Date)
    owner_id: Mapped[str | None] = mapped_column(String(64))
    measures: Mapped[list[str]] = mapped_column(JSON, default=list)
    whys: Mapped[list[str]] = mapped_column(JSON, default=list)
    fishbone: Mapped[dict[str, list[str]]] = mapped_column(JSON, default=dict)
    opening_value: Mapped[float | None] = mapped_column(Float)
    opening_day: Mapped[date] = mapped_column(Date)
    opened_by: Mapped[str] = mapped_column(String(64))
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class PlanEffect(Base):
    """The indicator's value as recorded at one stage of one cycle (效果跟踪)."""

    __tablename__ = "improvement_effects"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    plan_id: Mapped[str] = mapped_column(ForeignKey("improvement_plans.id"), index=True)
    cycle: Mapped[int] = mapped_column(Integer)
    stage: Mapped[PdcaStage] = mapped_column(enum_column(PdcaStage))
    day: Mapped[date | None] = mapped_column(Date)
    value: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
