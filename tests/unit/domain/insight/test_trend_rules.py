"""Trend rules (S1 8): movements, price-band shifts, themes, demand gaps and a merchant brief."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from pinzhi.domain.insight.demand_gaps import DemandGap, demand_gaps, wanted_phrases
from pinzhi.domain.insight.trend_rules import (
    Movement,
    PriceShift,
    Theme,
    TrendConfig,
    UnitCount,
    band_label,
    complaint_themes,
    merchant_brief,
    movements,
    price_shifts,
    spec_values,
    trend_report,
)

AS_OF = date(2026, 6, 30)


class TestMovements:
    def test_rising_falling_new_and_too_small(self) -> None:
        recent = {"食品": 60, "服装": 30, "图书": 50, "玩具": 25, "家电": 5}
        previous = {"食品": 40, "服装": 50, "图书": 48, "家电": 9}

        rising, falling = movements(recent, previous)

        assert rising == [
            Movement("玩具", 25, 0, None),
            Movement("食品", 60, 40, 0.5),
        ]
        assert falling == [Movement("服装", 30, 50, -0.4)]

    def test_attributes_keep_their_category(self) -> None:
        rising, _ = movements({("服装", "XL"): 30}, {("服装", "XL"): 20})

        assert rising == [Movement("XL", 30, 20, 0.5, category="服装")]


class TestPriceShifts:
    def test_the_band_that_gained_most_share(self) -> None:
        counts = [
            UnitCount("食品", "", 0, "previous", 30), UnitCount("食品", "", 1, "previous", 10),
            UnitCount("食品", "", 0, "recent", 20), UnitCount("食品", "", 1, "recent", 20),
            UnitCount("图书", "", 0, "recent", 40), UnitCount("图书", "", 0, "previous", 40),
        ]  # fmt: skip

        assert price_shifts(counts) == [PriceShift("食品", "50-100", 0.5, 0.25)]

    def test_band_labels(self) -> None:
        assert (band_label(0), band_label(2), band_label(5)) == ("0-50", "100-200", "1000+")


def test_spec_values() -> None:
    assert spec_values("颜色:红色;尺码：XL") == ["红色", "XL"]
    assert spec_values("礼盒装 1kg") == ["礼盒装", "1kg"]


def test_complaint_themes_merge_complaints_and_reviews() -> None:
    themes = complaint_themes({"食品": {"quality": 3, "price": 1}}, {"食品": {"logistics": 4}})

    assert themes == {
        "食品": [
            Theme("review", "logistics", 4), Theme("complaint", "quality", 3),
            Theme("complaint", "price", 1),
        ]
    }  # fmt: skip


class TestDemandGaps:
    def test_asked_for_things_that_no_title_has(self) -> None:
        asked = wanted_phrases(
            ["有没有无糖的？", "请问有无糖款吗", "希望有无糖款", "有没有大码的", "有没有大码",
             "有没有大码呢", "要是有礼盒装就好了", "有没有现货", "有没有无糖的 有没有无糖的"]
        )  # fmt: skip

        assert asked == Counter({"无糖": 4, "大码": 3, "礼盒装": 1})
        gaps = demand_gaps(asked, ["大码女装连衣裙", "坚果礼盒装"], min_mentions=3)
        assert gaps == [DemandGap("无糖", 4)]


def test_merchant_brief_turns_the_report_into_actions() -> None:
    counts = [
        UnitCount("食品", "礼盒装", 0, "recent", 40),
        UnitCount("食品", "礼盒装", 0, "previous", 20),
        UnitCount("服装", "XL", 1, "recent", 10), UnitCount("服装", "XL", 1, "previous", 40),
    ]  # fmt: skip
    report = trend_report(
        as_of=AS_OF, days=30, counts=counts, complaints={"食品": {"quality": 2}}, criticised={},
        gaps=[DemandGap("无糖", 4)],
    )  # fmt: skip

    brief = merchant_brief(
        report, merchant_id="m1", units={"食品": (12, 6), "服装": (0, 1)},
        weak_products=[("p9", "D", ["the latest inspection failed"])],
    )  # fmt: skip

    assert [a["kind"] for a in brief["actions"]] == [
        "grow_category", "stock_attribute", "fix_theme", "fill_gap", "fix_product",
    ]  # fmt: skip
    assert brief["actions"][0] == {"kind": "grow_category", "category": "食品", "change": 1.0}
    # 服装 falls, but one unit in 19 is not this merchant's business: no action on it
    assert brief["categories"]["服装"] == {"recent": 0, "previous": 1}
    assert [m.name for m in report.falling_categories] == ["服装"]


def test_trend_config_is_checked() -> None:
    with pytest.raises(ValueError, match="falling < 0 < rising"):
        TrendConfig(rising=-0.1)
