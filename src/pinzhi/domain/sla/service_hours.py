"""The platform's service calendars: the weekly hours of S3 5.3.3 plus its holidays and peaks.

`core.calendars.STANDARD_CALENDARS` holds the weekly minimum the standard sets. S3 5.3.3 also
asks for longer human-service hours on major holidays and during sales events; which days those
are is configuration, not code: `service_hours.toml` beside this module ships the published
public holidays and the big sales festivals, and a platform may point `PINZHI_SERVICE_HOURS_FILE`
at its own copy (bootstrap calls `install`). Deadlines use `PLATFORM_CALENDARS`.

A file is checked whole before anything changes: a bad line names the period and what is wrong,
and overlapping periods are refused (which one's hours would apply would be a guess).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from datetime import date, time
from itertools import pairwise
from pathlib import Path
from typing import Any

from pinzhi.core.calendars import STANDARD_CALENDARS, Day, PeakPeriod, ServiceCalendar, Shift
from pinzhi.core.errors import ValidationFailed

SHIPPED = Path(__file__).with_name("service_hours.toml")
EXTENDABLE = ("hotline", "offline")


def load(path: Path = SHIPPED) -> dict[str, ServiceCalendar]:
    """The standard calendars with the file's extended-hours periods added."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ValidationFailed(f"service hours file {path}: {error}") from error
    extended = _hours_by_channel(data.get("extended", {}), where="[extended]")
    periods = [_period(entry, extended) for entry in data.get("period", [])]
    _refuse_overlaps(periods)
    calendars = dict(STANDARD_CALENDARS)
    for channel in EXTENDABLE:
        peaks = tuple(
            PeakPeriod(first, last, hours[channel])
            for first, last, _, hours in periods
            if channel in hours
        )
        calendars[channel] = ServiceCalendar(
            channel, STANDARD_CALENDARS[channel].weekly, peaks=peaks
        )
    return calendars


Period = tuple[date, date, str, dict[str, Day]]


def _period(entry: dict[str, Any], extended: dict[str, Day]) -> Period:
    name = str(entry.get("name", "?"))
    first, last = entry.get("first"), entry.get("last")
    if not isinstance(first, date) or not isinstance(last, date) or first > last:
        raise ValidationFailed(f"period {name!r}: needs dates first <= last, got {first}, {last}")
    own = _hours_by_channel(entry, where=f"period {name!r}")
    return first, last, name, {**extended, **own}


def _hours_by_channel(table: dict[str, Any], *, where: str) -> dict[str, Day]:
    return {
        channel: tuple(_shift(text, where=where) for text in table[channel])
        for channel in EXTENDABLE
        if channel in table
    }


def _shift(text: object, *, where: str) -> Shift:
    try:
        opens, closes = (time.fromisoformat(part.strip()) for part in str(text).split("-"))
    except ValueError as error:
        raise ValidationFailed(f"{where}: hours {text!r} are not HH:MM-HH:MM") from error
    return Shift(opens, closes)


def _refuse_overlaps(periods: list[Period]) -> None:
    ordered = sorted(periods, key=lambda period: (period[0], period[1]))
    for (_, last, name, _), (first, _, following, _) in pairwise(ordered):
        if first <= last:
            raise ValidationFailed(f"periods {name!r} and {following!r} overlap on {first}")


PLATFORM_CALENDARS: dict[str, ServiceCalendar] = load()


def install(calendars: Mapping[str, ServiceCalendar]) -> None:
    """Called once by bootstrap when the platform configures its own service-hours file."""
    PLATFORM_CALENDARS.clear()
    PLATFORM_CALENDARS.update(calendars)
