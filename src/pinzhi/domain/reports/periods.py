"""Report periods: a quarter (2026-Q3), a month (2026-09) or a custom range of local days
(2026-09-01..2026-09-30), each compared with the period of the same length just before it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from pinzhi.core.errors import ValidationFailed

MAX_DAYS = 366
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True)
class Period:
    """Local calendar days [start, end], both included."""

    label: str
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same number of days that ends the day before this one starts."""
        end = self.start - timedelta(days=1)
        start = end - timedelta(days=self.days - 1)
        return Period(f"{start.isoformat()}..{end.isoformat()}", start, end)

    def day_list(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(self.days)]


def parse_period(text: str) -> Period:
    """A period from its label; ValidationFailed names the accepted forms."""
    text = text.strip()
    try:
        if quarter := _QUARTER.match(text):
            year, number = int(quarter[1]), int(quarter[2])
            return _checked(text, date(year, 3 * number - 2, 1), _month_end(year, 3 * number))
        if month := _MONTH.match(text):
            year, number = int(month[1]), int(month[2])
            return _checked(text, date(year, number, 1), _month_end(year, number))
        if span := _RANGE.match(text):
            return _checked(text, date.fromisoformat(span[1]), date.fromisoformat(span[2]))
    except ValueError as exc:
        raise ValidationFailed(f"period {text!r} names no real date: {exc}") from exc
    raise ValidationFailed(f"period {text!r} is not YYYY-Qn, YYYY-MM or YYYY-MM-DD..YYYY-MM-DD")


def _month_end(year: int, month: int) -> date:
    following = date(year + month // 12, month % 12 + 1, 1)
    return following - timedelta(days=1)


def _checked(label: str, start: date, end: date) -> Period:
    if start > end or (end - start).days >= MAX_DAYS:
        raise ValidationFailed(f"a period runs forwards and spans at most {MAX_DAYS} days")
    return Period(label, start, end)
