"""The personal-data access log (S3 4.3.1–4.3.3): one row per record shown unmasked."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from pinzhi.store.base import Base
from pinzhi.store.types import UtcDateTime


class PersonalDataAccess(Base):
    """Who (user and role) saw which fields of which record, through which route, when."""

    __tablename__ = "personal_data_access"
    __table_args__ = (
        Index("ix_personal_data_access_record", "record_kind", "record_id"),
        Index("ix_personal_data_access_at", "at"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    user_id: Mapped[str] = mapped_column(String(64), index=True)
    role: Mapped[str] = mapped_column(String(32))
    record_kind: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str] = mapped_column(String(64))
    fields: Mapped[str] = mapped_column(String(256))
    """Comma-separated names of the fields shown unmasked."""
    purpose: Mapped[str] = mapped_column(String(256))
    """The route or command that showed them."""
