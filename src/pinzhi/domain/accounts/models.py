"""User table. A merchant or consumer user is bound to the record it owns."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from pinzhi.store.base import Base
from pinzhi.store.types import UtcDateTime, enum_column


class Role(StrEnum):
    PLATFORM_ADMIN = "platform_admin"
    QUALITY_ANALYST = "quality_analyst"
    SERVICE_AGENT = "service_agent"
    MEDIATOR = "mediator"
    MERCHANT = "merchant"
    CONSUMER = "consumer"
    ASSESSOR = "assessor"


class User(Base):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[Role] = mapped_column(enum_column(Role))
    merchant_id: Mapped[str | None] = mapped_column(ForeignKey("merchants.id"))
    consumer_id: Mapped[str | None] = mapped_column(ForeignKey("consumers.id"))
    staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
