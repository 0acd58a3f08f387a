"""Service calendars and business-time arithmetic (S3 5.3.3), checked against a slow reference."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pinzhi.core.calendars import (
    HOTLINE,
    OFFLINE,
    ONLINE_7X24,
    STANDARD_CALENDARS,
    PeakPeriod,
    ServiceCalendar,
    Shift,
    add_business_time,
    business_time_between,
    every_day,
    is_open,
)
from pinzhi.core.clock import CHINA

BERLIN = ZoneInfo("Europe/Berlin")
MINUTE = timedelta(minutes=1)


def china(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=CHINA)


def berlin(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


class TestStandardCalendars:
    def test_the_three_s3_calendars_are_registered_by_name(self) -> None:
        assert set(STANDARD_CALENDARS) == {"online_7x24", "hotline", "offline"}

    def test_a_calendar_without_weekly_hours_is_refused(self) -> None:
        with pytest.raises(ValueError, match="no weekly opening hours"):
            ServiceCalendar("never", every_day())

    def test_a_negative_duration_is_refused(self) -> None:
        with pytest.raises(ValueError, match="negative"):
            add_business_time(OFFLINE, china(2026, 3, 2, 9), -MINUTE)

    def test_naive_instants_are_refused(self) -> None:
        with pytest.raises(ValueError, match="timezone-aware"):
            is_open(OFFLINE, datetime(2026, 3, 2, 9))  # noqa: DTZ001 - the point of the test


class TestOnlineAroundTheClock:
    def test_24_hours_of_service_is_24_hours_of_wall_time(self) -> None:
        start = china(2026, 2, 16, 23, 59)

        due = add_business_time(ONLINE_7X24, start, timedelta(hours=24))

        assert due == start.astimezone(UTC) + timedelta(hours=24)

    def test_a_year_is_reached_without_walking_minutes(self) -> None:
        start = china(2026, 1, 1)

        due = add_business_time(ONLINE_7X24, start, timedelta(days=365))

        assert due == china(2027, 1, 1)

    def test_it_is_open_at_midnight(self) -> None:
        assert is_open(ONLINE_7X24, china(2026, 3, 2))


class TestHotlineCalendar:
    def test_an_hour_from_0030_ends_at_0830_next_morning(self) -> None:
        due = add_business_time(HOTLINE, china(2026, 3, 2, 0, 30), timedelta(hours=1))

        assert due == china(2026, 3, 2, 8, 30)
        assert due.tzinfo is UTC

    def test_it_is_open_from_0800_until_0100_the_next_day(self) -> None:
        assert is_open(HOTLINE, china(2026, 3, 2, 8))
        assert is_open(HOTLINE, china(2026, 3, 3, 0, 59))
        assert not is_open(HOTLINE, china(2026, 3, 3, 1))
        assert not is_open(HOTLINE, china(2026, 3, 3, 7, 59))

    def test_a_day_holds_seventeen_open_hours(self) -> None:
        open_time = business_time_between(HOTLINE, china(2026, 3, 2), china(2026, 3, 3))

        assert open_time == timedelta(hours=17)

    def test_the_hour_after_midnight_belongs_to_the_previous_days_shift(self) -> None:
        closed_sunday = replace(HOTLINE, holidays={date(2026, 3, 1): ()})

        assert not is_open(closed_sunday, china(2026, 3, 2, 0, 30))
        assert add_business_time(closed_sunday, china(2026, 3, 2, 0, 30), MINUTE) == china(
            2026, 3, 2, 8, 1
        )

    def test_an_end_before_the_start_counts_nothing(self) -> None:
        assert business_time_between(HOTLINE, china(2026, 3, 3), china(2026, 3, 2)) == timedelta(0)


class TestHolidays:
    NATIONAL_DAY = replace(
        OFFLINE,
        holidays={date(2026, 10, day): () for day in range(1, 8)}
        | {date(2026, 10, 3): (Shift(time(10), time(12)),)},
    )

    def test_a_closed_holiday_week_is_skipped(self) -> None:
        due = add_business_time(self.NATIONAL_DAY, china(2026, 9, 30, 17), timedelta(hours=4))

        assert due == china(2026, 10, 8, 10)

    def test_holiday_hours_replace_the_weekly_hours(self) -> None:
        assert not is_open(self.NATIONAL_DAY, china(2026, 10, 3, 9, 30))
        assert is_open(self.NATIONAL_DAY, china(2026, 10, 3, 11))

    def test_a_holiday_entry_beats_a_peak_period(self) -> None:
        peak = PeakPeriod(date(2026, 10, 1), date(2026, 10, 7), (Shift(time(8), time(22)),))
        calendar = replace(self.NATIONAL_DAY, peaks=(peak,))

        assert not is_open(calendar, china(2026, 10, 2, 12))


class TestPeakPeriods:
    DOUBLE_ELEVEN = PeakPeriod(date(2026, 11, 10), date(2026, 11, 11), (Shift(time(8), time(2)),))

    def test_longer_peak_hours_finish_the_same_evening(self) -> None:
        calendar = replace(OFFLINE, peaks=(self.DOUBLE_ELEVEN,))

        due = add_business_time(calendar, china(2026, 11, 11, 17), timedelta(hours=4))

        assert due == china(2026, 11, 11, 21)

    def test_the_last_peak_shift_runs_past_midnight(self) -> None:
        calendar = replace(HOTLINE, peaks=(self.DOUBLE_ELEVEN,))

        assert is_open(calendar, china(2026, 11, 12, 1, 30))
        assert not is_open(calendar, china(2026, 11, 13, 1, 30))

    def test_after_the_peak_ordinary_hours_return(self) -> None:
        calendar = replace(OFFLINE, peaks=(self.DOUBLE_ELEVEN,))

        due = add_business_time(calendar, china(2026, 11, 12, 17), timedelta(hours=4))

        assert due == china(2026, 11, 13, 12)


class TestOverlappingShifts:
    def test_time_covered_by_two_shifts_counts_once(self) -> None:
        weekly = every_day(Shift(time(9), time(12)), Shift(time(11), time(13)))
        calendar = ServiceCalendar("split", weekly)

        open_time = business_time_between(calendar, china(2026, 3, 2), china(2026, 3, 3))

        assert open_time == timedelta(hours=4)


class TestDaylightSavingZone:
    AROUND_THE_CLOCK = replace(ONLINE_7X24, zone=BERLIN)
    OFFICE = replace(OFFLINE, zone=BERLIN)

    def test_the_spring_forward_day_has_23_hours(self) -> None:
        day = business_time_between(self.AROUND_THE_CLOCK, berlin(2026, 3, 29), berlin(2026, 3, 30))

        assert day == timedelta(hours=23)

    def test_the_fall_back_day_has_25_hours(self) -> None:
        day = business_time_between(
            self.AROUND_THE_CLOCK, berlin(2026, 10, 25), berlin(2026, 10, 26)
        )

        assert day == timedelta(hours=25)

    def test_office_hours_follow_the_local_clock_across_the_change(self) -> None:
        due = add_business_time(self.OFFICE, berlin(2026, 3, 28, 17, 30), timedelta(hours=1))

        assert due == datetime(2026, 3, 29, 7, 30, tzinfo=UTC)  # 09:30 CEST


# A slow, obviously right reference: step one minute at a time and ask the local wall clock.


def reference_shifts(calendar: ServiceCalendar, day: date) -> tuple[Shift, ...]:
    if day in calendar.holidays:
        return calendar.holidays[day]
    peaks = [peak.shifts for peak in calendar.peaks if peak.first <= day <= peak.last]
    return peaks[0] if peaks else calendar.weekly[day.weekday()]


def reference_is_open(calendar: ServiceCalendar, at: datetime) -> bool:
    local = at.astimezone(calendar.zone)
    wall, day = local.time(), local.date()
    for shift in reference_shifts(calendar, day):
        overnight = shift.closes <= shift.opens
        if shift.opens <= wall and (overnight or wall < shift.closes):
            return True
    yesterday = reference_shifts(calendar, day - timedelta(days=1))
    return any(shift.closes <= shift.opens and wall < shift.closes for shift in yesterday)


def reference_add(calendar: ServiceCalendar, start: datetime, minutes: int) -> datetime:
    at = start
    while minutes:
        minutes -= reference_is_open(calendar, at)
        at += MINUTE
    return at


# Boundaries avoid 02:00-02:59, the hour Berlin skips or repeats, where wall-clock readings are
# ambiguous by nature.
boundaries = st.integers(0, 91).map(lambda quarter: quarter + 4 if quarter >= 8 else quarter)
shifts = st.builds(
    lambda opens, closes: Shift(
        time(opens // 4, opens % 4 * 15), time(closes // 4, closes % 4 * 15)
    ),
    boundaries,
    boundaries,
)
days = st.lists(shifts, max_size=2).map(tuple)
FIRST_DAY = date(2026, 3, 24)
dates = st.integers(0, 12).map(lambda offset: FIRST_DAY + timedelta(days=offset))


@st.composite
def calendars(draw: st.DrawFn) -> ServiceCalendar:
    weekly = tuple(draw(days) for _ in range(7))
    if not any(weekly):
        weekly = (draw(st.lists(shifts, min_size=1, max_size=2).map(tuple)), *weekly[1:])
    holidays = draw(st.dictionaries(dates, days, max_size=3))
    peaks = draw(st.lists(st.builds(PeakPeriod, dates, dates, days), max_size=1))
    zone = draw(st.sampled_from([CHINA, BERLIN]))
    return ServiceCalendar("random", weekly, zone, holidays, tuple(peaks))  # type: ignore[arg-type]


starts = st.integers(0, 8 * 24 * 60).map(
    lambda minutes: datetime(2026, 3, 24, tzinfo=UTC) + minutes * MINUTE
)


class TestAgreesWithMinuteByMinuteReference:
    @settings(max_examples=1000, deadline=None)
    @given(calendar=calendars(), start=starts, minutes=st.integers(0, 600))
    def test_add_business_time(
        self, calendar: ServiceCalendar, start: datetime, minutes: int
    ) -> None:
        due = add_business_time(calendar, start, minutes * MINUTE)

        assert due == reference_add(calendar, start, minutes)

    @settings(max_examples=1000, deadline=None)
    @given(calendar=calendars(), start=starts, minutes=st.integers(0, 3 * 24 * 60))
    def test_business_time_between_and_is_open(
        self, calendar: ServiceCalendar, start: datetime, minutes: int
    ) -> None:
        end = start + minutes * MINUTE

        open_time = business_time_between(calendar, start, end)

        expected = sum(reference_is_open(calendar, start + i * MINUTE) for i in range(minutes))
        assert open_time == expected * MINUTE
        assert is_open(calendar, start) == reference_is_open(calendar, start)
