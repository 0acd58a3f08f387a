"""Knowledge-base tables: entries, their question variants, and every revision of an entry."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pinzhi.store.base import Base
from pinzhi.store.types import UtcDateTime, enum_column


class PersonalKind(StrEnum):
    """Which of the consumer's records an entry's personal template reads."""

    NONE = "none"
    ORDER = "order"
    LOGISTICS = "logistics"
    AFTERSALES = "aftersales"
    PRICE_PROTECTION = "price_protection"
    INVOICE = "invoice"


class KnowledgeEntry(Base):
    """One answer the platform stands behind (S3 6.7.1), linked to the policy it explains.

    `answer` is the general answer; `personal_template`, when set, is filled with the asking
    consumer's own records of `personal_kind` (S3 7.2.2). `version` counts the revisions.
    """

    __tablename__ = "knowledge_entries"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(32), index=True)
    answer: Mapped[str] = mapped_column(Text)
    personal_kind: Mapped[PersonalKind] = mapped_column(enum_column(PersonalKind))
    personal_template: Mapped[str | None] = mapped_column(Text)
    policy_key: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_by: Mapped[str] = mapped_column(String(64))


class KnowledgeQuestion(Base):
    """One way consumers ask for an entry; retrieval matches questions against these."""

    __tablename__ = "knowledge_questions"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    entry_id: Mapped[str] = mapped_column(ForeignKey("knowledge_entries.id"), index=True)
    question: Mapped[str] = mapped_column(String(200))


class KnowledgeRevision(Base):
    """The entry as it stood after each change: who changed it, when, and to what."""

    __tablename__ = "knowledge_revisions"

    entry_id: Mapped[str] = mapped_column(ForeignKey("knowledge_entries.id"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    change: Mapped[str] = mapped_column(String(16))
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    changed_by: Mapped[str] = mapped_column(String(64))
    snapshot: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
