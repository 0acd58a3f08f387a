"""The platform's holiday and peak calendars (S3 5.3.3), loaded from the shipped file or the
platform's own."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from pinzhi.core.calendars import STANDARD_CALENDARS, add_business_time, is_open
from pinzhi.core.clock import CHINA
from pinzhi.core.errors import ValidationFailed
from pinzhi.domain.sla.service_hours import load


def china(month: int, day: int, hour: int, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=CHINA)


class TestShippedCalendars:
    def test_the_hotline_runs_until_two_on_a_national_day_holiday(self) -> None:
        hotline = load()["hotline"]

        assert is_open(hotline, china(10, 3, 1, 30))
        assert not is_open(STANDARD_CALENDARS["hotline"], china(10, 3, 1, 30))

    def test_an_ordinary_day_keeps_the_standard_hours(self) -> None:
        hotline = load()["hotline"]

        assert not is_open(hotline, china(11, 24, 1, 30))
        assert is_open(hotline, china(11, 24, 0, 30))

    def test_offline_service_opens_early_during_double_eleven(self) -> None:
        offline = load()["offline"]

        assert is_open(offline, china(11, 11, 8, 0))
        assert not is_open(offline, china(11, 12, 8, 0))

    def test_a_deadline_crossing_into_the_peak_uses_the_longer_hours(self) -> None:
        offline = load()["offline"]

        # Oct 19 is an ordinary Monday (closes 18:00); Oct 20 opens the 双11 period at 08:00.
        due = add_business_time(offline, china(10, 19, 17), timedelta(hours=2))

        assert due == china(10, 20, 9)

    def test_online_service_is_untouched(self) -> None:
        assert load()["online_7x24"] is STANDARD_CALENDARS["online_7x24"]


class TestPlatformFile:
    def write(self, tmp_path: Path, text: str) -> Path:
        path = tmp_path / "hours.toml"
        path.write_text(text, encoding="utf-8")
        return path

    def test_a_period_may_name_its_own_hours(self, tmp_path: Path) -> None:
        path = self.write(
            tmp_path,
            '[[period]]\nname = "store birthday"\nfirst = 2026-08-08\nlast = 2026-08-08\n'
            'offline = ["07:00-23:00"]\n',
        )

        offline = load(path)["offline"]

        assert is_open(offline, china(8, 8, 7, 0))
        assert not is_open(load(path)["hotline"], china(8, 8, 1, 30))

    def test_overlapping_periods_are_refused_by_name(self, tmp_path: Path) -> None:
        path = self.write(
            tmp_path,
            '[extended]\nhotline = ["08:00-02:00"]\n'
            '[[period]]\nname = "a"\nfirst = 2026-06-01\nlast = 2026-06-10\n'
            '[[period]]\nname = "b"\nfirst = 2026-06-10\nlast = 2026-06-12\n',
        )

        with pytest.raises(ValidationFailed, match="'a' and 'b' overlap on 2026-06-10"):
            load(path)

    def test_unreadable_hours_name_the_period(self, tmp_path: Path) -> None:
        path = self.write(
            tmp_path,
            '[[period]]\nname = "x"\nfirst = 2026-06-01\nlast = 2026-06-02\nhotline = ["8 to 2"]\n',
        )

        with pytest.raises(ValidationFailed, match="period 'x': hours '8 to 2'"):
            load(path)

    def test_a_period_ending_before_it_starts_is_refused(self, tmp_path: Path) -> None:
        path = self.write(
            tmp_path, '[[period]]\nname = "y"\nfirst = 2026-06-02\nlast = 2026-06-01\n'
        )

        with pytest.raises(ValidationFailed, match="period 'y': needs dates first <= last"):
            load(path)

    def test_a_broken_file_is_named(self, tmp_path: Path) -> None:
        path = self.write(tmp_path, "[[period]\n")

        with pytest.raises(ValidationFailed, match=r"hours\.toml"):
            load(path)
