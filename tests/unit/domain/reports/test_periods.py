"""Report periods: quarters, months and ranges of local days, and the period before each."""

from __future__ import annotations

from datetime import date

import pytest

from pinzhi.core.errors import ValidationFailed
from pinzhi.domain.reports.periods import parse_period


class TestParsePeriod:
    def test_a_quarter_runs_from_its_first_to_its_last_day(self) -> None:
        period = parse_period("2026-Q3")

        assert (period.start, period.end, period.days) == (date(2026, 7, 1), date(2026, 9, 30), 92)

    def test_a_month_ends_on_its_last_day_even_in_december(self) -> None:
        assert parse_period("2026-02").end == date(2026, 2, 28)
        assert parse_period("2026-12").end == date(2026, 12, 31)

    def test_a_range_includes_both_ends(self) -> None:
        period = parse_period("2026-09-01..2026-09-30")

        assert (period.start, period.end, period.days) == (date(2026, 9, 1), date(2026, 9, 30), 30)

    @pytest.mark.parametrize(
        "text", ["2026-Q5", "2026-13", "2026-09-30..2026-09-01", "Q3", "2025-01-01..2026-06-01"]
    )
    def test_anything_else_is_refused(self, text: str) -> None:
        with pytest.raises(ValidationFailed):
            parse_period(text)


class TestPreviousPeriod:
    def test_has_the_same_length_and_ends_the_day_before(self) -> None:
        previous = parse_period("2026-Q3").previous()

        assert previous.end == date(2026, 6, 30)
        assert previous.days == 92
        assert previous.start == date(2026, 3, 31)

    def test_of_a_month_is_as_long_as_the_month(self) -> None:
        previous = parse_period("2026-03").previous()

        assert (previous.start, previous.end) == (date(2026, 1, 29), date(2026, 2, 28))
