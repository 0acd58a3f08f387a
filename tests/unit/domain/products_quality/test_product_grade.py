"""The product grade's rules (S1 7.1, 7.2): dimension scores, tier, premium and traffic."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pinzhi.core.errors import ValidationFailed
from pinzhi.domain.grading.grading_config import Tier
from pinzhi.domain.products_quality.product_config import ProductGradingConfig, Scale
from pinzhi.domain.products_quality.product_grade import ProductFacts, grade_product

GOOD = ProductFacts(
    product_id="p1", merchant_id="m1", category="食品", key_category=False,
    description_length=300, photo_count=5, attribute_count=8, branded=True,
    brand_authorised=True, certifications=1, inspections_passed=0, inspections_failed=0,
    latest_inspection_failed=False, units=100, returned_units=2, cases=2, quality_cases=0,
    complaints=0, quality_complaints=0, reviews=20, rating_sum=96, quality_praise_rate=0.3,
)  # fmt: skip


class TestProductGrade:
    def test_a_complete_well_sold_product_is_premium_with_traffic_support(self) -> None:
        grade = grade_product(GOOD)

        assert grade.scores == {
            "qualifications": 100.0, "listing": 100.0, "aftersales": 100.0, "reviews": 100.0,
        }  # fmt: skip
        assert (grade.total, grade.tier, grade.premium, grade.traffic) == (
            Decimal(100),
            Tier.S,
            True,
            "boost",
        )
        assert grade.reasons == []

    def test_scores_worked_out_by_hand(self) -> None:
        # listing: description 150/300 = .5, photos 1/5 = .2, attributes 8/8 = 1 → 56.67
        # after-sales: return rate 11/100 = .11 → (.20-.11)/.18 = 50; quality 3/6 = .5
        #   → (.6-.5)/.5 = 20; mean 35
        # reviews: mean 4.2 → (4.2-3)/1.8 = 66.67; praise .15 → 50; mean 58.33
        facts = replace(
            GOOD, description_length=150, photo_count=1, returned_units=11, cases=4,
            quality_cases=2, complaints=2, quality_complaints=1, rating_sum=84,
            quality_praise_rate=0.15,
        )  # fmt: skip

        grade = grade_product(facts)

        assert grade.scores == {
            "qualifications": 100.0, "listing": 56.67, "aftersales": 35.0, "reviews": 58.33,
        }  # fmt: skip
        # (100*25 + 56.667*15 + 35*25 + 58.333*20) / 85 = 63.43
        assert (grade.total, grade.tier) == (Decimal("63.43"), Tier.C)
        assert "listing photos incomplete" in grade.reasons
        assert "return rate 11.0%" not in grade.reasons  # exactly 50 is not below half
        assert "50% of after-sales problems are about quality" in grade.reasons
        assert grade.premium is False and grade.traffic == "neutral"

    def test_key_category_needs_certification_photos_and_a_spot_check(self) -> None:
        facts = replace(GOOD, key_category=True, certifications=0, photo_count=2)

        grade = grade_product(facts)

        assert grade.scores["qualifications"] == 30.0
        assert grade.scores["listing"] == 50.0
        assert grade.scores["spot_checks"] == 40.0
        assert "key-category product without a valid certification" in grade.reasons
        assert "key-category product without a third-party spot check" in grade.reasons
        assert grade.premium is False

    def test_a_failed_latest_inspection_withholds_traffic(self) -> None:
        facts = replace(
            GOOD, key_category=True, inspections_failed=1, latest_inspection_failed=True
        )

        grade = grade_product(facts)

        assert grade.scores["qualifications"] == 0.0 and grade.scores["spot_checks"] == 0.0
        assert grade.tier is Tier.D
        assert grade.premium is False
        assert grade.traffic == "withhold"

    def test_unauthorised_brand_weighs_on_qualifications(self) -> None:
        grade = grade_product(replace(GOOD, brand_authorised=False))

        assert grade.scores["qualifications"] == 20.0
        assert "branded listing without a valid brand authorisation" in grade.reasons

    def test_an_unsold_listing_is_at_best_tier_b_and_premium_is_left_undecided(self) -> None:
        grade = grade_product(replace(GOOD, units=3, reviews=1))

        assert set(grade.scores) == {"qualifications", "listing"}
        assert grade.tier is Tier.B
        assert grade.premium is None
        assert "too few units and reviews to judge: at best tier B" in grade.reasons

    @given(
        units=st.integers(0, 500),
        returned=st.integers(0, 500),
        reviews=st.integers(0, 100),
        stars=st.floats(1, 5),
        praise=st.floats(0, 1),
        key=st.booleans(),
        failed=st.booleans(),
    )
    def test_total_stays_within_range_and_more_returns_never_help(
        self, *, units: int, returned: int, reviews: int, stars: float, praise: float,
        key: bool, failed: bool,
    ) -> None:  # fmt: skip
        returned = min(returned, units)
        facts = replace(
            GOOD, units=units, returned_units=returned, reviews=reviews,
            rating_sum=round(stars * reviews), quality_praise_rate=praise, key_category=key,
            latest_inspection_failed=failed, inspections_failed=int(failed),
        )  # fmt: skip
        grade = grade_product(facts)
        worse = grade_product(replace(facts, returned_units=min(units, returned + 5)))

        assert Decimal(0) <= grade.total <= Decimal(100)
        assert worse.total <= grade.total
        assert all(0 <= s <= 100 for s in grade.scores.values())
        if grade.premium:
            assert grade.tier in (Tier.S, Tier.A) and not failed


class TestProductConfig:
    def test_bad_configuration_is_refused_with_the_reason(self) -> None:
        with pytest.raises(ValidationFailed, match="weights need every product dimension"):
            ProductGradingConfig(weights={})
        with pytest.raises(ValidationFailed, match="good != bad"):
            Scale(good=1, bad=1)
