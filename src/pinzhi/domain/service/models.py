"""Service tables. Every turn of a session keeps its own timestamp: SLA metrics are
computed from these raw turns, never from summary fields (S1 9.2.2)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from pinzhi.store.base import Base
from pinzhi.store.personal import PersonalText
from pinzhi.store.types import UtcDateTime, enum_column


class StaffPost(StrEnum):
    """Service posts (S1 9.3.1); some need ≥ 1 year experience (S1 9.3.4)."""

    AGENT = "agent"
    SENIOR_AGENT = "senior_agent"
    COMPLAINT_HANDLER = "complaint_handler"
    PRE_COMPENSATION = "pre_compensation"
    MEDIATOR = "mediator"
    QUALITY_ANALYST = "quality_analyst"


class Channel(StrEnum):
    ONLINE_CHAT = "online_chat"
    PHONE = "phone"
    BOT = "bot"
    EMAIL = "email"
    MESSAGE = "message"


class Sender(StrEnum):
    CONSUMER = "consumer"
    AGENT = "agent"
    BOT = "bot"
    MERCHANT = "merchant"
    SYSTEM = "system"


class MessageKind(StrEnum):
    TEXT = "text"
    IMAGE = "image"
    VOICE = "voice"
    VIDEO = "video"


class ComplaintNature(StrEnum):
    QUALITY = "quality"
    COUNTERFEIT = "counterfeit"
    LOGISTICS = "logistics"
    SERVICE = "service"
    AFTERSALES = "aftersales"
    FALSE_ADVERTISING = "false_advertising"
    PRICE = "price"
    PRIVACY = "privacy"
    OTHER = "other"


class Urgency(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    CRITICAL = "critical"


class ComplaintStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    CLOSED = "closed"


class Staff(Base):
    __tablename__ = "staff"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(PersonalText)
    post: Mapped[StaffPost] = mapped_column(enum_column(StaffPost))
    hired_at: Mapped[datetime] = mapped_column(UtcDateTime)
    prior_experience_months: Mapped[int] = mapped_column(Integer, default=0)
    quality_service: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    __table_args__ = (
        CheckConstraint("prior_experience_months >= 0", name="experience_nonnegative"),
    )


class ServiceSession(Base):
    """A chat, call or message thread. `queued_at` → `agent_joined_at` is the queue time."""

    __tablename__ = "service_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    consumer_id: Mapped[str] = mapped_column(ForeignKey("consumers.id"), index=True)
    merchant_id: Mapped[str | None] = mapped_column(ForeignKey("merchants.id"), index=True)
    order_id: Mapped[str | None] = mapped_column(ForeignKey("orders.id"), index=True)
    agent_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), index=True)
    channel: Mapped[Channel] = mapped_column(enum_column(Channel))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    queued_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    agent_joined_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class ServiceMessage(Base):
    __tablename__ = "service_messages"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("service_sessions.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    sender: Mapped[Sender] = mapped_column(enum_column(Sender))
    kind: Mapped[MessageKind] = mapped_column(enum_column(MessageKind), default=MessageKind.TEXT)
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime)
    body: Mapped[str] = mapped_column(Text)


class Complaint(Base):
    __tablename__ = "complaints"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    consumer_id: Mapped[str] = mapped_column(ForeignKey("consumers.id"), index=True)
    merchant_id: Mapped[str | None] = mapped_column(ForeignKey("merchants.id"), index=True)
    order_id: Mapped[str | None] = mapped_column(ForeignKey("orders.id"), index=True)
    channel: Mapped[Channel] = mapped_column(enum_column(Channel))
    nature: Mapped[ComplaintNature] = mapped_column(enum_column(ComplaintNature))
    urgency: Mapped[Urgency] = mapped_column(enum_column(Urgency), default=Urgency.NORMAL)
    status: Mapped[ComplaintStatus] = mapped_column(enum_column(ComplaintStatus))
    filed_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    responded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    promised_by: Mapped[datetime | None] = mapped_column(UtcDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    upheld: Mapped[bool | None] = mapped_column(Boolean)
    matter: Mapped[str] = mapped_column(Text)
    result: Mapped[str | None] = mapped_column(Text)


# ---------------------------------------------------------------- complaint handling (C11)
# Stages and events are the values of `complaints.ComplaintStage` / `ComplaintEvent`; they are
# stored as plain strings because `complaints` imports this module (no import cycle).


class ComplaintHandling(Base):
    """How pinzhi handles one complaint: its grade, stage, assignee and result (S1 9.2.4).

    A complaint imported from another system has no row until pinzhi first acts on it; its
    earlier history is then reconstructed from the imported timestamps (`complaint_operations`).
    """

    __tablename__ = "complaint_handling"

    complaint_id: Mapped[str] = mapped_column(ForeignKey("complaints.id"), primary_key=True)
    stage: Mapped[str] = mapped_column(String(32), index=True)
    steps: Mapped[int] = mapped_column(Integer)
    contact: Mapped[str | None] = mapped_column(PersonalText)
    tier: Mapped[str] = mapped_column(String(32))
    fast_lane: Mapped[bool] = mapped_column(Boolean)
    respond_by: Mapped[datetime] = mapped_column(UtcDateTime)
    resolve_by: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    grading_version: Mapped[int] = mapped_column(Integer)
    assignee_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), index=True)
    mediator: Mapped[str | None] = mapped_column(String(128))
    basis: Mapped[str | None] = mapped_column(Text)
    remedy: Mapped[str | None] = mapped_column(Text)
    satisfaction: Mapped[int | None] = mapped_column(Integer)
    imported: Mapped[bool] = mapped_column(Boolean)
    flagged_deadline: Mapped[datetime | None] = mapped_column(UtcDateTime)
    """The last deadline the worker flagged as missed (`complaint_watch`)."""
    __table_args__ = (
        CheckConstraint("steps >= 1", name="steps_positive"),
        CheckConstraint("satisfaction BETWEEN 1 AND 5", name="satisfaction_range"),
    )


class ComplaintStep(Base):
    """One stored transition of a complaint's file: who, when, from → to, and what came with it."""

    __tablename__ = "complaint_steps"

    complaint_id: Mapped[str] = mapped_column(ForeignKey("complaints.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    event_id: Mapped[str] = mapped_column(String(64))
    event: Mapped[str] = mapped_column(String(32))
    from_stage: Mapped[str | None] = mapped_column(String(32))
    to_stage: Mapped[str] = mapped_column(String(32))
    actor_id: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    note: Mapped[str] = mapped_column(Text)
    promised_by: Mapped[datetime | None] = mapped_column(UtcDateTime)
    mediator: Mapped[str | None] = mapped_column(String(128))
    conclusion: Mapped[str | None] = mapped_column(Text)
    basis: Mapped[str | None] = mapped_column(Text)
    remedy: Mapped[str | None] = mapped_column(Text)
    satisfaction: Mapped[int | None] = mapped_column(Integer)
    assignee_id: Mapped[str | None] = mapped_column(String(64))
    record_sequence: Mapped[int | None] = mapped_column(BigInteger)
    __table_args__ = (
        UniqueConstraint("complaint_id", "event_id"),
        CheckConstraint("seq >= 1", name="seq_positive"),
    )


# ---------------------------------------------------------------- staff gating (C6)


class TrainingKind(StrEnum):
    """Pre-duty training ends in an exam passed before going on duty (S1 9.3.2; S3 5.2.2.2);
    refresher training at least 12 times a year (S3 5.2.2.3); specialised for a post."""

    PRE_DUTY = "pre_duty"
    REFRESHER = "refresher"
    SPECIALISED = "specialised"


class StaffTraining(Base):
    __tablename__ = "staff_trainings"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id"), index=True)
    kind: Mapped[TrainingKind] = mapped_column(enum_column(TrainingKind))
    topic: Mapped[str] = mapped_column(String(200))
    completed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    minutes: Mapped[int] = mapped_column(Integer)
    __table_args__ = (CheckConstraint("minutes > 0", name="minutes_positive"),)


class StaffExam(Base):
    __tablename__ = "staff_exams"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id"), index=True)
    kind: Mapped[TrainingKind] = mapped_column(enum_column(TrainingKind))
    score: Mapped[int] = mapped_column(Integer)
    pass_mark: Mapped[int] = mapped_column(Integer)
    passed: Mapped[bool] = mapped_column(Boolean)
    taken_at: Mapped[datetime] = mapped_column(UtcDateTime)
    __table_args__ = (
        CheckConstraint("score BETWEEN 0 AND 100", name="score_range"),
        CheckConstraint("pass_mark BETWEEN 0 AND 100", name="pass_mark_range"),
    )
