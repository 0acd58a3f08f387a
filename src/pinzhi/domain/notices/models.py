"""The notice inbox table: one row per recipient per event, deduplicated by a key."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from pinzhi.store.base import Base
from pinzhi.store.types import UtcDateTime, enum_column


class RecipientKind(StrEnum):
    CONSUMER = "consumer"
    MERCHANT = "merchant"
    STAFF = "staff"
    ROLE = "role"
    """A whole team (a role's value as the id), e.g. every quality analyst."""


class Notice(Base):
    """A message for one recipient about one subject; `topic` is a stable key the UI words.

    `dedupe_key` makes sending idempotent: the same event noticed twice (a worker pass re-run,
    an event replayed) leaves one notice.
    """

    __tablename__ = "notices"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    recipient_kind: Mapped[RecipientKind] = mapped_column(enum_column(RecipientKind))
    recipient_id: Mapped[str] = mapped_column(String(64))
    topic: Mapped[str] = mapped_column(String(64))
    subject_kind: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[str] = mapped_column(String(64))
    params: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    order_id: Mapped[str | None] = mapped_column(ForeignKey("orders.id"))
    __table_args__ = (Index("ix_notices_inbox", "recipient_kind", "recipient_id", "created_at"),)
