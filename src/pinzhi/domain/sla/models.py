"""SLA tables: policy versions, clocks and the events applied to them.

A policy row never changes: a new limit is a new `version`, and a clock keeps the version it was
started under (S1 9.2.2–9.2.3; issue 3 part 1). A clock's `deadline` is the instant its limit is
used up while it runs, NULL while paused or stopped; the worker finds due clocks through the
partial index on `deadline` of the clocks not yet flagged — `breached_at IS NULL AND deadline <=
now` is one index range, however many clocks are open or were flagged before.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from pinzhi.domain.service.sla import ClockEventKind, PriorityTier, Statistic
from pinzhi.store.base import Base
from pinzhi.store.types import UtcDateTime, enum_column


class ClockStatus(StrEnum):
    """A stored clock's state (a clock row exists only once started)."""

    RUNNING = "running"
    PAUSED = "paused"
    STOPPED = "stopped"
    WITHDRAWN = "withdrawn"
    """The request went away (cancelled case, abandoned chat) before it had to be answered:
    nothing is owed, so no deadline, no breach; a breach flagged earlier stays on record."""


class SlaPolicyRow(Base):
    """One version of one policy: the limit, its calendar, and the events that drive the clock."""

    __tablename__ = "sla_policies"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    key: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    limit_seconds: Mapped[int] = mapped_column(Integer)
    calendar: Mapped[str] = mapped_column(String(32))
    statistic: Mapped[Statistic] = mapped_column(enum_column(Statistic))
    starts_on: Mapped[str] = mapped_column(String(32))
    stops_on: Mapped[str] = mapped_column(String(32))
    pauses_on: Mapped[list[str]] = mapped_column(JSON, default=list)
    resumes_on: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(String(64))
    __table_args__ = (
        UniqueConstraint("key", "version", name="uq_sla_policies_key_version"),
        CheckConstraint("limit_seconds > 0", name="sla_limit_positive"),
        CheckConstraint("version >= 1", name="sla_version_positive"),
    )


class SlaClockRow(Base):
    """One measurement of one subject (a case, a session, a complaint) against one policy."""

    __tablename__ = "sla_clocks"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    subject_kind: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[str] = mapped_column(String(64))
    policy_key: Mapped[str] = mapped_column(String(64))
    policy_version: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    status: Mapped[ClockStatus] = mapped_column(enum_column(ClockStatus))
    stopped_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    elapsed_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    """Open (calendar) time the clock has run, up to its last event."""
    paused_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    """Real time spent in completed pauses (a pause ended by a resume)."""
    deadline: Mapped[datetime | None] = mapped_column(UtcDateTime)
    breached_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    """The instant the limit was used up, once a breach is known (flagged or measured)."""
    flagged_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    """When the worker noticed the breach and escalated."""
    escalation_level: Mapped[int] = mapped_column(Integer, default=0)
    priority: Mapped[PriorityTier] = mapped_column(enum_column(PriorityTier))
    assignee_staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    __table_args__ = (
        UniqueConstraint("subject_kind", "subject_id", "policy_key", name="uq_sla_clocks_subject"),
        # partial: only clocks still to flag, so flagged and stopped ones never widen the range
        Index(
            "ix_sla_clocks_due",
            "deadline",
            sqlite_where=text("breached_at IS NULL"),
            postgresql_where=text("breached_at IS NULL"),
        ),
        Index("ix_sla_clocks_open", "status", "breached_at"),
        Index("ix_sla_clocks_assignee", "assignee_staff_id", "status"),
        CheckConstraint("escalation_level >= 0", name="sla_escalation_nonnegative"),
    )


class SlaClockEventRow(Base):
    """An applied event; its `event_id` is unique forever, so a replayed event is a no-op."""

    __tablename__ = "sla_clock_events"

    event_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    clock_id: Mapped[str] = mapped_column(ForeignKey("sla_clocks.id"), index=True)
    name: Mapped[str] = mapped_column(String(32))
    kind: Mapped[ClockEventKind] = mapped_column(enum_column(ClockEventKind))
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor_id: Mapped[str] = mapped_column(String(64))
