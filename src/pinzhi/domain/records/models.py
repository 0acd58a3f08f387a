"""Tables of the record chain. Not importable: entries are only ever appended by operations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pinzhi.store.base import Base
from pinzhi.store.types import UtcDateTime

HASH_LENGTH = 64
"""A SHA-256 digest or HMAC-SHA-256 signature as lowercase hex."""


class RecordEntry(Base):
    """One key step of a service process, linked to its predecessor by `prev_hash`."""

    __tablename__ = "record_entries"
    __table_args__ = (
        CheckConstraint("sequence >= 1", name="sequence_positive"),
        Index("ix_record_entries_subject", "subject_kind", "subject_id"),
    )

    sequence: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor_id: Mapped[str] = mapped_column(String(64))
    subject_kind: Mapped[str] = mapped_column(String(64))
    subject_id: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(HASH_LENGTH))
    entry_hash: Mapped[str] = mapped_column(String(HASH_LENGTH))


class RecordCheckpoint(Base):
    """A keyed signature over (sequence, entry_hash): rewriting the chain before it shows.

    No foreign key to the entry on purpose: a checkpoint must outlive the row it vouches for,
    so that deleting or rewriting that row is detected rather than prevented silently.
    """

    __tablename__ = "record_checkpoints"

    sequence: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    entry_hash: Mapped[str] = mapped_column(String(HASH_LENGTH))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    signature: Mapped[str] = mapped_column(String(HASH_LENGTH))
