"""Service tables. Every turn of a session keeps its own timestamp: SLA metrics are
computed from these raw turns, never from summary fields (S1 9.2.2)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text
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
