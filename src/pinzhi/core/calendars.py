"""Service calendars and business-time arithmetic (服务时间, S3 5.3.3).

A calendar says when a service channel is staffed, in the platform's local zone: weekly shifts,
public holidays (closed, or special hours) and peak periods with longer hours. S3 5.3.3 sets the
standard ones: human online service 7×24, the hotline from 08:00 to 01:00 the next day, offline
(message) service 09:00–18:00, and longer hours on major holidays and sales events.

A shift belongs to the day it opens on: the hotline's 00:00–01:00 on a Tuesday is Monday's shift,
so closing Monday also closes Tuesday 00:00–01:00. For one day the most specific rule wins: a
holiday entry, else a peak period, else the weekly hours.

Pure: nothing here reads the clock. Instants go in aware (any zone) and come out aware UTC.
Arithmetic walks from one open span to the next, never minute by minute. Shift boundaries that fall
in a daylight-saving gap or overlap are read the way `zoneinfo` reads them (fold=0: the offset in
force before the change); the platform's own zone, Asia/Shanghai, has no daylight saving.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pinzhi.core.clock import CHINA, ensure_aware, local_day

ONE_DAY = timedelta(days=1)
Span = tuple[datetime, datetime]


@dataclass(frozen=True)
class Shift:
    """Open from `opens` to `closes` local time; `closes <= opens` means the next day
    (08:00–01:00 is 17 hours, 00:00–00:00 is the whole day)."""

    opens: time
    closes: time

    @property
    def crosses_midnight(self) -> bool:
        return self.closes <= self.opens

    def span_on(self, day: date, zone: ZoneInfo) -> Span:
        """The UTC instants [open, close) of this shift when it opens on `day`."""
        close_day = day + ONE_DAY if self.crosses_midnight else day
        opened = datetime.combine(day, self.opens, tzinfo=zone).astimezone(UTC)
        return opened, datetime.combine(close_day, self.closes, tzinfo=zone).astimezone(UTC)


Day = tuple[Shift, ...]


@dataclass(frozen=True)
class PeakPeriod:
    """Days `first`..`last` (inclusive) with their own, longer hours (S3 5.3.3)."""

    first: date
    last: date
    shifts: Day


@dataclass(frozen=True)
class ServiceCalendar:
    """When a channel is staffed. `weekly[0]` is Monday. A holiday maps to its hours; `()` closes
    the day."""

    name: str
    weekly: tuple[Day, Day, Day, Day, Day, Day, Day]
    zone: ZoneInfo = CHINA
    holidays: Mapping[date, Day] = field(default_factory=dict)
    peaks: tuple[PeakPeriod, ...] = ()

    def __post_init__(self) -> None:
        # Holidays and peaks are finite, so weekly hours guarantee every deadline is reached.
        if not any(self.weekly):
            raise ValueError(f"calendar {self.name!r} has no weekly opening hours")

    def shifts_on(self, day: date) -> Day:
        if day in self.holidays:
            return self.holidays[day]
        for peak in self.peaks:
            if peak.first <= day <= peak.last:
                return peak.shifts
        return self.weekly[day.weekday()]


def every_day(*shifts: Shift) -> tuple[Day, Day, Day, Day, Day, Day, Day]:
    return (shifts, shifts, shifts, shifts, shifts, shifts, shifts)


ONLINE_7X24 = ServiceCalendar("online_7x24", every_day(Shift(time(0), time(0))))
HOTLINE = ServiceCalendar("hotline", every_day(Shift(time(8), time(1))))
OFFLINE = ServiceCalendar("offline", every_day(Shift(time(9), time(18))))
STANDARD_CALENDARS: Mapping[str, ServiceCalendar] = {
    calendar.name: calendar for calendar in (ONLINE_7X24, HOTLINE, OFFLINE)
}


def _spans_by_opening(calendar: ServiceCalendar, since: datetime) -> Iterator[Span]:
    """Every shift's span in order of opening, from the day before `since` (its shift may still be
    open) onward. A day's shifts all open within that day, so days come out in order."""
    day = local_day(since, calendar.zone) - ONE_DAY
    while True:
        yield from sorted(shift.span_on(day, calendar.zone) for shift in calendar.shifts_on(day))
        day += ONE_DAY


def open_spans(calendar: ServiceCalendar, since: datetime) -> Iterator[Span]:
    """Disjoint open spans in time order, the first clipped to start no earlier than `since`.
    Overlapping shifts (a late shift running into an early one) are counted once."""
    cursor = ensure_aware(since)
    for opened, closed in _spans_by_opening(calendar, cursor):
        start = max(opened, cursor)
        if start < closed:
            yield start, closed
            cursor = closed


def add_business_time(calendar: ServiceCalendar, start: datetime, duration: timedelta) -> datetime:
    """The first instant at which `duration` of open time has passed since `start`."""
    if duration < timedelta(0):
        raise ValueError(f"duration must not be negative: {duration}")
    left = duration
    if not left:
        return ensure_aware(start)
    for opened, closed in open_spans(calendar, start):
        if left <= closed - opened:
            return opened + left
        left -= closed - opened
    raise AssertionError("open_spans never ends")  # pragma: no cover


def business_time_between(calendar: ServiceCalendar, start: datetime, end: datetime) -> timedelta:
    """Open time in [start, end); zero when `end` is not after `start`."""
    end = ensure_aware(end, what="end")
    total = timedelta(0)
    for opened, closed in open_spans(calendar, start):
        if opened >= end:
            break
        total += min(closed, end) - opened
    return total


def is_open(calendar: ServiceCalendar, at: datetime) -> bool:
    at = ensure_aware(at)
    opened, _ = next(open_spans(calendar, at))
    return opened == at
