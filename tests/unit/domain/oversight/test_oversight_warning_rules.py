"""Early-warning rules: threshold crossings, sudden shifts and fake-order bursts (S1 6.1.2)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from pinzhi.domain.oversight.models import WarningKind, WarningSeverity
from pinzhi.domain.oversight.warning_rules import (
    DEFAULT_MONITOR,
    GradeSnapshot,
    category_rates,
    fake_order_warning,
    grade_warnings,
    shift_warning,
)

QUIET: dict[str, Any] = {
    "merchant_id": "m1",
    "main_category": "家电",
    "recent_orders": 100,
    "base_orders": 400,
    "recent_complaints": 1,
    "base_complaints": 4,
    "recent_reviews": 50,
    "recent_negative": 2,
    "base_reviews": 200,
    "base_negative": 8,
    "window_orders": 200,
    "window_buyers": 190,
    "repeat_buyer_orders": 0,
    "top_buyer_orders": 1,
    "window_reviews": 100,
    "instant_five_star": 0,
}


def grade(tier: str | None, **rates: str) -> GradeSnapshot:
    return GradeSnapshot(tier, {k: Decimal(v) for k, v in rates.items()})


class TestThresholdCrossings:
    def test_a_tier_drop_of_two_tiers_is_critical(self) -> None:
        found = grade_warnings("m1", "家电", grade("C"), grade("A"))

        assert [(w.kind, w.severity) for w in found] == [
            (WarningKind.TIER_DROP, WarningSeverity.CRITICAL)
        ]
        assert found[0].evidence == {"previous_tier": "A", "tier": "C"}

    def test_a_rate_crossing_its_limit_is_warned_once(self) -> None:
        before = grade("B", order_defect_rate="0.005")
        now = grade("B", order_defect_rate="0.03")

        crossed = grade_warnings("m1", "家电", now, before)
        still_above = grade_warnings("m1", "家电", grade("B", order_defect_rate="0.04"), now)

        assert [w.kind for w in crossed] == [WarningKind.RATE_ABOVE_LIMIT]
        assert crossed[0].evidence["order_defect_rate"] == "0.03"
        assert crossed[0].evidence["order_defect_rate_limit"] == "0.01"
        assert still_above == []

    def test_a_first_grade_crosses_nothing(self) -> None:
        assert grade_warnings("m1", "家电", grade("D", order_defect_rate="0.5"), None) == []

    def test_category_limits_replace_the_default(self) -> None:
        config = DEFAULT_MONITOR.__class__(
            category_limits={"生鲜": {"order_defect_rate": Decimal("0.05")}}
        )
        before, now = grade("B", order_defect_rate="0"), grade("B", order_defect_rate="0.03")

        assert grade_warnings("m1", "生鲜", now, before, config) == []
        assert grade_warnings("m1", "家电", now, before, config) != []

    @given(st.sampled_from("SABCD"), st.sampled_from("SABCD"))
    def test_only_a_lower_tier_is_a_drop(self, before: str, after: str) -> None:
        found = grade_warnings("m1", "家电", grade(after), grade(before))

        assert bool(found) == ("SABCD".index(after) > "SABCD".index(before))


class TestSuddenShifts:
    def test_a_steady_merchant_is_not_warned(self) -> None:
        assert shift_warning(QUIET, category_rates([QUIET])["家电"]) is None

    def test_negative_reviews_jumping_above_the_baseline(self) -> None:
        row = QUIET | {"recent_negative": 15}

        found = shift_warning(row, category_rates([QUIET])["家电"])

        assert found is not None and found.kind is WarningKind.SUDDEN_SHIFT
        assert found.evidence["negative_review_rate_recent"] == "0.3"
        assert found.evidence["negative_review_rate_baseline"] == "0.04"
        assert "its own baseline" in found.reason

    def test_too_few_recent_cases_are_not_judged(self) -> None:
        row = QUIET | {"recent_reviews": 5, "recent_negative": 5, "recent_orders": 5}

        assert shift_warning(row, {}) is None

    def test_above_the_category_without_a_baseline(self) -> None:
        newcomer = QUIET | {"merchant_id": "m2", "base_reviews": 0, "base_negative": 0}
        peers = [QUIET | {"merchant_id": f"p{i}"} for i in range(9)]
        row = newcomer | {"recent_negative": 20}

        found = shift_warning(row, category_rates([*peers, row])["家电"])

        assert found is not None and "its category" in found.reason

    @given(
        st.integers(10, 500),
        st.integers(0, 500),
        st.integers(10, 500),
        st.integers(0, 500),
    )
    def test_never_warns_when_the_rate_fell(
        self, recent: int, negative: int, base: int, base_negative: int
    ) -> None:
        negative, base_negative = min(negative, recent), min(base_negative, base)
        row = QUIET | {
            "recent_reviews": recent,
            "recent_negative": negative,
            "base_reviews": base,
            "base_negative": base_negative,
            "recent_complaints": 0,
        }
        found = shift_warning(row, {})

        if negative * base <= base_negative * recent:
            assert found is None


class TestFakeOrders:
    def test_an_honest_merchant_is_not_warned(self) -> None:
        assert fake_order_warning(QUIET) is None

    def test_orders_concentrated_on_repeat_buyers(self) -> None:
        row = QUIET | {"repeat_buyer_orders": 90, "top_buyer_orders": 30, "window_buyers": 100}

        found = fake_order_warning(row)

        assert found is not None and found.severity is WarningSeverity.SERIOUS
        assert "90 of 200 orders" in found.reason
        assert found.evidence["top_buyer_orders"] == "30"

    def test_both_signs_are_critical(self) -> None:
        row = QUIET | {"repeat_buyer_orders": 90, "instant_five_star": 40}

        found = fake_order_warning(row)

        assert found is not None and found.severity is WarningSeverity.CRITICAL

    @given(st.integers(0, 1000), st.integers(0, 1000))
    def test_instant_reviews_warn_from_the_configured_share(
        self, reviews: int, instant: int
    ) -> None:
        instant = min(instant, reviews)
        row = QUIET | {"window_reviews": reviews, "instant_five_star": instant}

        found = fake_order_warning(row)

        expected = instant >= DEFAULT_MONITOR.fake_min_instant and instant * 5 >= reviews
        assert (found is not None) == expected
