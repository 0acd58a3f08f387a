"""Column types shared by every table: aware UTC timestamps, money in fen, string enums."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, DateTime, Dialect, String
from sqlalchemy import Enum as SAEnum
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as UTC; refuses naive ones; always returns aware UTC.

    SQLite keeps no zone, so values are normalised to UTC on the way in and tagged UTC on
    the way out; PostgreSQL uses `timestamptz`.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime refused: {value!r}")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


Fen = BigInteger
"""Money column: integer minor units (fen)."""


def enum_column(enum: type[StrEnum], *, length: int = 32) -> SAEnum:
    """A portable enum column: VARCHAR plus CHECK constraint holding the enum's values."""
    return SAEnum(
        enum,
        native_enum=False,
        create_constraint=True,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


def short_text(length: int = 64) -> String:
    return String(length)


def type_name(column_type: Any) -> str:
    """A readable type name for error messages and the import-format document."""
    if isinstance(column_type, SAEnum):
        return "enum"
    if isinstance(column_type, UtcDateTime):
        return "timestamp"
    return type(column_type).__name__.lower()
