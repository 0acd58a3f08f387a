"""A scenario sets size, period and seed; volumes default from the number of merchants."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from pinzhi.adapters.simulate.scenario import Scenario
from pinzhi.core.errors import ValidationFailed


class TestScenario:
    def test_volume_defaults_from_the_merchants(self) -> None:
        scenario = Scenario(merchants=40, days=30, seed=1)

        assert scenario.daily_orders == 1000
        assert scenario.consumer_count == 5000

    def test_the_period_runs_from_local_midnight_to_local_midnight(self) -> None:
        scenario = Scenario(merchants=1, days=2, seed=1, start=date(2025, 6, 18))

        assert datetime.fromtimestamp(scenario.begins_at, UTC) == datetime(
            2025, 6, 17, 16, tzinfo=UTC
        )
        assert scenario.as_of - scenario.begins_at == 2 * 86_400

    @pytest.mark.parametrize(
        "wrong",
        [
            {"merchants": 0},
            {"days": 0},
            {"orders_per_day": 0},
            {"orders_per_day": 4_000_001},
            {"consumers": 0},
        ],
    )
    def test_an_empty_or_oversized_platform_is_refused(self, wrong: dict[str, int]) -> None:
        with pytest.raises(ValidationFailed):
            Scenario(**{"merchants": 3, "days": 3, "seed": 1, **wrong})
