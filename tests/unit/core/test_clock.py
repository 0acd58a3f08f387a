"""Days are local to the platform's zone; instants are stored in UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from pinzhi.core.clock import day_bounds, ensure_aware, local_day


class TestLocalDay:
    def test_utc_evening_is_next_day_in_china(self) -> None:
        assert local_day(datetime(2026, 6, 17, 16, 0, tzinfo=UTC)) == date(2026, 6, 18)

    def test_utc_afternoon_is_same_day_in_china(self) -> None:
        assert local_day(datetime(2026, 6, 17, 15, 59, tzinfo=UTC)) == date(2026, 6, 17)


class TestDayBounds:
    def test_china_day_starts_at_16_utc_the_day_before(self) -> None:
        start, end = day_bounds(date(2026, 11, 11))

        assert start == datetime(2026, 11, 10, 16, tzinfo=UTC)
        assert end == datetime(2026, 11, 11, 16, tzinfo=UTC)


class TestEnsureAware:
    def test_naive_datetime_is_a_programming_error(self) -> None:
        with pytest.raises(ValueError, match="timezone-aware"):
            ensure_aware(datetime(2026, 1, 1))  # noqa: DTZ001
