"""What the overview shows: roll-ups by the metrics' rule, and changes told in words."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from pinzhi.domain.indicators.queries import Point, Series
from pinzhi.interfaces.console import i18n
from pinzhi.interfaces.console.overview import BY_METRIC, CORE, cards, chart, rollup

END = date(2026, 11, 23)
ZH = i18n.translator("zh-CN")


def point(days_before: int, numerator: int, denominator: int = 1) -> Point:
    value = numerator / denominator if denominator else None
    return Point(END - timedelta(days=days_before), value, numerator, denominator)


def weeks(metric: str, this: tuple[int, int], last: tuple[int, int]) -> dict[str, Series]:
    """Seven identical days this week and seven the week before."""
    points = [point(n, *this) for n in range(7)] + [point(n, *last) for n in range(7, 14)]
    return {metric: Series(metric, "*", tuple(sorted(points, key=lambda p: p.day)))}


def card_for(metric: str, series: dict[str, Series]) -> object:
    return next(
        c for c in cards(series, end=END, lang="zh-CN", t=ZH) if c.indicator.metric == metric
    )


class TestRollup:
    def test_a_total_sums_its_days(self) -> None:
        assert rollup([point(0, 100), point(1, 50)], BY_METRIC["orders"]) == 150

    def test_a_rate_divides_the_sums_not_the_average_of_days(self) -> None:
        days = [point(0, 1, 10), point(1, 30, 90)]

        assert rollup(days, BY_METRIC["refund_rate"]) == pytest.approx(31 / 100)

    def test_nothing_to_divide_is_no_value(self) -> None:
        assert rollup([point(0, 0, 0)], BY_METRIC["refund_rate"]) is None


class TestCards:
    def test_every_core_indicator_has_a_card(self) -> None:
        assert [c.indicator for c in cards({}, end=END, lang="zh-CN", t=ZH)] == list(CORE)

    def test_more_orders_is_better(self) -> None:
        card = card_for("orders", weeks("orders", (110, 1), (100, 1)))

        assert (card.trend, card.good, card.delta) == ("up", True, "上升 10.0%")

    def test_a_rising_refund_rate_is_worse_in_percentage_points(self) -> None:
        card = card_for("refund_rate", weeks("refund_rate", (6, 100), (5, 100)))

        assert (card.trend, card.good, card.delta) == ("up", False, "上升 1.0 个百分点")

    def test_a_change_too_small_to_show_is_flat(self) -> None:
        card = card_for("refund_rate", weeks("refund_rate", (50_001, 1_000_000), (5, 100)))

        assert (card.trend, card.good) == ("flat", None)

    def test_without_an_earlier_week_there_is_no_comparison(self) -> None:
        series = {"orders": Series("orders", "*", (point(0, 10),))}

        assert card_for("orders", series).trend == "none"

    def test_money_is_shown_in_yuan(self) -> None:
        card = card_for("gmv_fen", weeks("gmv_fen", (1_000_000, 1), (1_000_000, 1)))

        assert card.value == "¥7.00万"


class TestChart:
    def test_the_average_line_uses_the_week_before_the_first_day(self) -> None:
        series = weeks("orders", (100, 1), (100, 1))["orders"]

        drawn = chart(series, BY_METRIC["orders"], end=END, days=7, lang="zh-CN", t=ZH)

        assert drawn.rows[0] == ("2026年11月17日", "100")
        assert "最低 100，最高 100，最新 100" in drawn.summary

    def test_an_empty_range_says_so(self) -> None:
        drawn = chart(
            None, BY_METRIC["orders"], end=END, days=30, lang="en", t=i18n.translator("en")
        )

        assert drawn.empty
        assert drawn.summary == "No data in the chosen range."


def test_the_core_indicators_are_metrics_the_daily_run_computes() -> None:
    from pinzhi.domain.indicators.metrics import METRICS

    assert {i.metric for i in CORE} <= {m.name for m in METRICS}
