"""The only place that reads the wall clock. Rules take `now` as a parameter instead."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")


def utcnow() -> datetime:
    return datetime.now(UTC)


def ensure_aware(value: datetime, *, what: str = "timestamp") -> datetime:
    """Return `value` in UTC; a naive datetime is a programming error, not a guess."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware: {value!r}")
    return value.astimezone(UTC)


def local_day(value: datetime, tz: ZoneInfo = CHINA) -> date:
    """The calendar day of an instant in the platform's zone."""
    return ensure_aware(value).astimezone(tz).date()


def day_bounds(day: date, tz: ZoneInfo = CHINA) -> tuple[datetime, datetime]:
    """UTC instants [start, end) of a local calendar day."""
    start = datetime.combine(day, time(0), tzinfo=tz)
    return start.astimezone(UTC), (start + timedelta(days=1)).astimezone(UTC)
