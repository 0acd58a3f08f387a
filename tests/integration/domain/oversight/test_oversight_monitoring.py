"""The day's warnings compare the stored grades with each merchant's previous stored grade."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

import factories as f
from pinzhi.bootstrap import Platform
from pinzhi.domain.grading.grading_config import Tier
from pinzhi.domain.grading.models import MerchantGradeRow
from pinzhi.domain.oversight.models import WarningKind
from pinzhi.domain.oversight.monitoring import (
    grades_of_day,
    previous_grades,
    standings,
    warning_drafts,
)

DAYS = (date(2026, 6, 1), date(2026, 6, 20), date(2026, 6, 30))
SIGNALS: dict[str, Any] = {
    "main_category": "家电",
    "recent_orders": 0,
    "base_orders": 0,
    "recent_complaints": 0,
    "base_complaints": 0,
    "recent_reviews": 0,
    "recent_negative": 0,
    "base_reviews": 0,
    "base_negative": 0,
    "window_orders": 0,
    "window_buyers": 0,
    "repeat_buyer_orders": 0,
    "top_buyer_orders": 0,
    "window_reviews": 0,
    "instant_five_star": 0,
}


def graded(
    merchant: str, day: date, tier: Tier, defects: str, offences: list[str]
) -> MerchantGradeRow:
    return MerchantGradeRow(
        as_of=day,
        merchant_id=merchant,
        orders=100,
        total_cents=5000,
        tier=tier,
        dimensions={"credit": "50", "operations": "30"},
        measurements={
            "offences": offences,
            "scores": [{"measure": "order_defect_rate", "raw": defects}],
        },
        explanation="",
        run_id="r",
    )


@pytest.fixture
def history(platform: Platform) -> Platform:
    """m1 falls from A (20 June) to C (30 June) and its defects cross 1 %; m2 holds B."""
    with platform.uow() as uow:
        for merchant in ("m1", "m2"):
            f.merchant(uow.session, merchant)
        uow.session.add_all(
            [
                graded("m1", DAYS[0], Tier.S, "0", []),
                graded("m1", DAYS[1], Tier.A, "0.005", []),
                graded("m1", DAYS[2], Tier.C, "0.03", ["counterfeit"]),
                graded("m2", DAYS[1], Tier.B, "0.02", []),
                graded("m2", DAYS[2], Tier.B, "0.03", []),
            ]
        )
        uow.commit()
    return platform


class TestMonitoring:
    def test_tier_drops_and_crossings_against_the_latest_previous_grade(
        self, history: Platform
    ) -> None:
        with history.uow() as uow:
            current = grades_of_day(uow, DAYS[2])
            before = previous_grades(uow, DAYS[2])

        found = warning_drafts(
            [SIGNALS | {"merchant_id": m} for m in ("m1", "m2")], current, before
        )

        assert {m: g.tier for m, g in before.items()} == {"m1": "A", "m2": "B"}
        assert [(d.merchant_id, d.kind) for d in found] == [
            ("m1", WarningKind.TIER_DROP),
            ("m1", WarningKind.RATE_ABOVE_LIMIT),
        ]
        assert found[0].evidence == {"previous_tier": "A", "tier": "C"}
        (m1, m2) = standings(current, found)
        assert (m1.merchant_id, tuple(m1.offences), m1.tier) == ("m1", ("counterfeit",), "C")
        assert (m2.tier, m2.fake_order_warning) == ("B", False)
