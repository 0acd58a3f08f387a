"""Satisfaction tables: questionnaires, surveys, partners' feedback, the inbox and solutions.

A survey is one per closed subject (unique on subject kind and id), so the daily run may send
twice without asking twice. Inbox items are unique on their channel and source id for the same
reason. Solutions are staff-facing problem/cause/steps records; when a consumer-facing answer
exists it lives in the knowledge base and the solution points at it (`knowledge_entry_id`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from pinzhi.domain.satisfaction.rules import (
    InboxChannel,
    InboxStatus,
    RespondentKind,
    ServiceType,
)
from pinzhi.store.base import Base
from pinzhi.store.types import UtcDateTime, enum_column


class Questionnaire(Base):
    """One published version of the questions asked after a service type (S3 7.1.1)."""

    __tablename__ = "survey_questionnaires"

    service_type: Mapped[ServiceType] = mapped_column(enum_column(ServiceType), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    questions: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    published_at: Mapped[datetime] = mapped_column(UtcDateTime)
    published_by: Mapped[str] = mapped_column(String(64))


class Survey(Base):
    """A satisfaction survey sent to the consumer after one closed service (S1 10.2)."""

    __tablename__ = "satisfaction_surveys"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    subject_kind: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[str] = mapped_column(String(64))
    service_type: Mapped[ServiceType] = mapped_column(enum_column(ServiceType), index=True)
    questionnaire_version: Mapped[int] = mapped_column(Integer)
    consumer_id: Mapped[str] = mapped_column(ForeignKey("consumers.id"), index=True)
    merchant_id: Mapped[str | None] = mapped_column(ForeignKey("merchants.id"), index=True)
    agent_id: Mapped[str | None] = mapped_column(String(64), index=True)
    closed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    scores: Mapped[dict[str, int] | None] = mapped_column(JSON)
    overall: Mapped[int | None] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
    sentiment: Mapped[float | None] = mapped_column(Float)
    __table_args__ = (
        UniqueConstraint("subject_kind", "subject_id", name="one_survey_per_subject"),
        CheckConstraint("overall BETWEEN 1 AND 5", name="overall_range"),
    )


class PartnerFeedback(Base):
    """A merchant's or service provider's rating of the platform's service (S1 10.2)."""

    __tablename__ = "partner_feedback"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    respondent_kind: Mapped[RespondentKind] = mapped_column(enum_column(RespondentKind))
    respondent_id: Mapped[str] = mapped_column(String(64), index=True)
    score: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
    sentiment: Mapped[float | None] = mapped_column(Float)
    given_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    given_by: Mapped[str] = mapped_column(String(64))
    __table_args__ = (CheckConstraint("score BETWEEN 1 AND 5", name="score_range"),)


class Solution(Base):
    """A worked answer to a recurring problem (S3 7.2.2): problem, cause, steps, theme."""

    __tablename__ = "solutions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    problem: Mapped[str] = mapped_column(Text)
    cause: Mapped[str] = mapped_column(Text)
    steps: Mapped[list[str]] = mapped_column(JSON)
    theme: Mapped[str] = mapped_column(String(32), index=True)
    category: Mapped[str | None] = mapped_column(String(32))
    knowledge_entry_id: Mapped[str | None] = mapped_column(ForeignKey("knowledge_entries.id"))
    times_used: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_by: Mapped[str] = mapped_column(String(64))
    __table_args__ = (CheckConstraint("times_used >= 0", name="times_used_nonnegative"),)


class InboxItem(Base):
    """One piece of feedback in the unified inbox (S3 7.2.1), whatever channel it came by."""

    __tablename__ = "feedback_inbox"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    channel: Mapped[InboxChannel] = mapped_column(enum_column(InboxChannel))
    source_id: Mapped[str] = mapped_column(String(64))
    subject_kind: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[str] = mapped_column(String(64))
    merchant_id: Mapped[str | None] = mapped_column(String(64), index=True)
    theme: Mapped[str] = mapped_column(String(32), index=True)
    sentiment: Mapped[float | None] = mapped_column(Float)
    excerpt: Mapped[str] = mapped_column(Text)
    status: Mapped[InboxStatus] = mapped_column(enum_column(InboxStatus), index=True)
    assignee_id: Mapped[str | None] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    triaged_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    resolution: Mapped[str | None] = mapped_column(Text)
    solution_id: Mapped[str | None] = mapped_column(ForeignKey("solutions.id"), index=True)
    __table_args__ = (UniqueConstraint("channel", "source_id", name="one_item_per_source"),)
