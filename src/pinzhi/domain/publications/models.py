"""Tables of the platform's published documents: rules, agreements, policies and notices.

A document (one rule, the service agreement, …) keeps every version it ever had; a version goes
draft → published (out for comment until its effective time) → in effect, or is withdrawn before
it takes effect. Which version is in effect at an instant is derived, never stored (`rules.py`).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pinzhi.store.base import Base
from pinzhi.store.types import UtcDateTime, enum_column


class DocumentKind(StrEnum):
    RULE = "rule"  # 平台规则
    SERVICE_AGREEMENT = "service_agreement"  # 服务协议
    PRIVACY_POLICY = "privacy_policy"  # 隐私政策
    SERVICE_STANDARD = "service_standard"  # 服务标准
    CLOSING_NOTICE = "closing_notice"  # 停止服务公告 (S4 4.2.1.1 d)


class VersionStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"  # out for comment until effective_at, in effect from then on
    WITHDRAWN = "withdrawn"


class PlatformDocument(Base):
    __tablename__ = "platform_documents"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[DocumentKind] = mapped_column(enum_column(DocumentKind), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(String(64))


class DocumentVersion(Base):
    __tablename__ = "platform_document_versions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("platform_documents.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[VersionStatus] = mapped_column(enum_column(VersionStatus))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str | None] = mapped_column(String(200))
    body_en: Mapped[str | None] = mapped_column(Text)
    summary_of_change: Mapped[str | None] = mapped_column(Text)
    drafted_at: Mapped[datetime] = mapped_column(UtcDateTime)
    drafted_by: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    effective_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    __table_args__ = (UniqueConstraint("document_id", "version", name="one_number_per_version"),)


class DocumentComment(Base):
    """A signed-in user's public comment on a version out for comment, and the platform's answer."""

    __tablename__ = "platform_document_comments"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version_id: Mapped[str] = mapped_column(ForeignKey("platform_document_versions.id"), index=True)
    author_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    answered_by: Mapped[str | None] = mapped_column(String(64))


class FairnessReview(Base):
    """One periodic review of a rule for fairness and reasonableness (S2 7.3.3)."""

    __tablename__ = "platform_document_reviews"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("platform_documents.id"), index=True)
    reviewed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    reviewed_by: Mapped[str] = mapped_column(String(64))
    finding: Mapped[str] = mapped_column(Text)
