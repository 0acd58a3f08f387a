"""Demand follows the week and the promotion calendar."""

from __future__ import annotations

from datetime import date

import numpy as np

from pinzhi.adapters.simulate import seasons


class TestDemandFactor:
    def test_11_11_sells_several_times_an_ordinary_day(self) -> None:
        assert seasons.demand_factor(date(2025, 11, 11)) > 4 * seasons.demand_factor(
            date(2025, 11, 4)
        )

    def test_the_days_before_a_promotion_warm_up(self) -> None:
        assert seasons.demand_factor(date(2025, 6, 16)) > seasons.demand_factor(date(2025, 6, 9))

    def test_weekends_sell_more_than_mondays(self) -> None:
        assert seasons.demand_factor(date(2025, 7, 5)) > seasons.demand_factor(date(2025, 7, 7))

    def test_promotion_days_are_found_inside_the_period(self) -> None:
        assert seasons.promotion_days(date(2025, 11, 1), 45) == [10, 41]


class TestHours:
    def test_promotion_nights_start_with_a_rush(self) -> None:
        rng = np.random.default_rng(3)

        seconds = seasons.seconds_into_day(rng, hours=seasons.PROMOTION_HOURS, size=10_000)

        assert (seconds < 3600).mean() > 0.15
