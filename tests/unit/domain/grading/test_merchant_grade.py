"""商家分级: the explainable merchant grade (S1 6.1.1; caps S1 6.4; public rules S4 4.2.2.3)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pinzhi.core.errors import ValidationFailed
from pinzhi.domain.grading.grading_config import (
    DEFAULT_DIMENSION_WEIGHTS,
    DEFAULT_GRADING,
    DEFAULT_TIER_FLOORS,
    TIER_ORDER,
    Dimension,
    GradingConfig,
    Measure,
    MeasureSpec,
    Offence,
    Tier,
)
from pinzhi.domain.grading.merchant_grade import (
    MerchantMeasurements,
    Movement,
    grade_change,
    merchant_grade,
)

EXCELLENT = {s.measure: s.curve.excellent for s in DEFAULT_GRADING.measures}


def merchant(
    *, orders: int = 500, offences: frozenset[Offence] = frozenset(), **values: str
) -> MerchantMeasurements:
    changed = {Measure(k): Decimal(v) for k, v in values.items()}
    return MerchantMeasurements("m1", orders, {**EXCELLENT, **changed}, offences)


def grade(measurements: MerchantMeasurements, config: GradingConfig = DEFAULT_GRADING) -> Any:
    return merchant_grade(measurements=measurements, peers={}, config=config)


def grid_value(spec: MeasureSpec) -> st.SearchStrategy[Decimal]:
    low, high = sorted((spec.curve.excellent, spec.curve.unacceptable))
    margin = (high - low) / 2
    first = max(Decimal(0), low - margin) / spec.curve.step
    last = (high + margin) / spec.curve.step
    return st.integers(int(first), int(last)).map(lambda n: n * spec.curve.step)


any_measurements = st.fixed_dictionaries(
    {s.measure: grid_value(s) for s in DEFAULT_GRADING.measures}
).map(lambda values: MerchantMeasurements("m1", 500, values))


class TestTiers:
    def test_excellent_everywhere_scores_100_and_tier_s(self) -> None:
        result = grade(merchant())

        assert (result.total, result.tier) == (Decimal(100), Tier.S)

    def test_total_exactly_at_a_floor_is_in_that_tier(self) -> None:
        # late shipment at its unacceptable end costs 7 points; satisfaction 4.15 costs 3
        result = grade(merchant(late_shipment_rate="0.08", satisfaction="4.15"))

        assert (result.total, result.tier) == (Decimal(90), Tier.S)

    def test_a_hair_below_the_floor_is_the_tier_below(self) -> None:
        result = grade(merchant(late_shipment_rate="0.08", satisfaction="4.14"))

        assert result.total == Decimal("89.95")
        assert result.tier is Tier.A

    def test_floors_are_configurable(self) -> None:
        floors = {**DEFAULT_TIER_FLOORS, Tier.S: Decimal("93.01")}
        config = replace(DEFAULT_GRADING, tier_floors=floors)

        result = grade(merchant(late_shipment_rate="0.08"), config)

        assert (result.total, result.tier) == (Decimal(93), Tier.A)

    def test_dimension_scores_are_reported(self) -> None:
        result = grade(merchant(late_shipment_rate="0.08"))

        assert result.dimensions[Dimension.OPERATIONS] == Decimal(80)
        assert result.dimensions[Dimension.SERVICE] == Decimal(100)


class TestMinimumVolume:
    def test_too_few_orders_is_not_graded_rather_than_graded_on_noise(self) -> None:
        result = grade(merchant(orders=29, late_shipment_rate="0.5"))

        assert (result.tier, result.total) == (None, None)
        assert "too few orders" in result.reason
        assert result.improvements == ()

    def test_the_minimum_itself_is_graded(self) -> None:
        assert grade(merchant(orders=30)).tier is Tier.S


class TestKeyControlCaps:
    def test_confirmed_counterfeit_caps_the_tier_at_d(self) -> None:
        result = grade(merchant(offences=frozenset({Offence.COUNTERFEIT})))

        assert result.tier is Tier.D
        assert result.total == Decimal(100)
        assert result.capped_by == frozenset({Offence.COUNTERFEIT})
        assert "S1 6.4" in result.reason

    def test_fake_orders_cap_at_c_and_no_score_change_is_offered(self) -> None:
        result = grade(merchant(offences=frozenset({Offence.FAKE_ORDERS})))

        assert result.tier is Tier.C
        assert result.improvements == ()

    def test_a_cap_above_the_earned_tier_changes_nothing(self) -> None:
        unacceptable_operations_and_service = {
            s.measure: s.curve.unacceptable
            for s in DEFAULT_GRADING.measures
            if s.dimension in (Dimension.OPERATIONS, Dimension.SERVICE)
        }
        weak = MerchantMeasurements(
            "m1",
            500,
            {**EXCELLENT, **unacceptable_operations_and_service},
            frozenset({Offence.FAKE_ORDERS}),
        )

        result = grade(weak)

        assert (result.total, result.tier) == (Decimal(45), Tier.D)
        assert result.capped_by == frozenset()
        assert result.improvements[0].text.endswith("points")


class TestConfiguration:
    def test_dimension_weights_must_sum_to_one(self) -> None:
        weights = {**DEFAULT_DIMENSION_WEIGHTS, Dimension.BRAND: Decimal("0.11")}

        with pytest.raises(ValidationFailed) as refused:
            GradingConfig(dimension_weights=weights)

        assert "dimension weights must sum to 1" in refused.value.details

    def test_every_dimension_needs_a_weight(self) -> None:
        weights = dict(DEFAULT_DIMENSION_WEIGHTS)
        weights[Dimension.OPERATIONS] += weights.pop(Dimension.BRAND)

        with pytest.raises(ValidationFailed):
            GradingConfig(dimension_weights=weights)

    def test_tier_floors_must_rise(self) -> None:
        with pytest.raises(ValidationFailed):
            GradingConfig(tier_floors={**DEFAULT_TIER_FLOORS, Tier.A: Decimal(95)})

    def test_missing_measurement_is_refused(self) -> None:
        values = dict(EXCELLENT)
        del values[Measure.RETURN_RATE]

        with pytest.raises(ValidationFailed):
            grade(MerchantMeasurements("m1", 500, values))


class TestExplanation:
    def test_each_measurement_shows_raw_score_weight_and_peer_percentile(self) -> None:
        peers = {Measure.LATE_SHIPMENT_RATE: [Decimal("0.01"), Decimal("0.05"), Decimal("0.09")]}

        result = merchant_grade(measurements=merchant(late_shipment_rate="0.045"), peers=peers)

        late = next(m for m in result.measurements if m.measure is Measure.LATE_SHIPMENT_RATE)
        assert (late.raw, late.score, late.weight) == (
            Decimal("0.045"),
            Decimal(50),
            Decimal("0.07"),
        )
        assert late.peer_percentile == Decimal("66.7")

    def test_improvement_names_the_change_and_its_points(self) -> None:
        result = grade(merchant(late_shipment_rate="0.08", satisfaction="4.14"))

        late = next(i for i in result.improvements if i.measure is Measure.LATE_SHIPMENT_RATE)
        assert late.text == "late shipment rate from 8 % to 7.95 % adds 0.05 points"

    @given(any_measurements)
    def test_applying_a_suggested_improvement_reaches_the_next_tier(
        self, measurements: MerchantMeasurements
    ) -> None:
        before = grade(measurements)

        for improvement in before.improvements:
            after = grade(measurements.with_value(improvement.measure, improvement.target))
            assert TIER_ORDER.index(after.tier) > TIER_ORDER.index(before.tier)

    @given(any_measurements)
    def test_improvements_are_ordered_by_effort(self, measurements: MerchantMeasurements) -> None:
        efforts = [i.effort for i in grade(measurements).improvements]

        assert efforts == sorted(efforts)


class TestMonotonicity:
    @given(any_measurements, st.sampled_from(DEFAULT_GRADING.measures), st.integers(1, 500))
    def test_a_worse_value_never_raises_the_score(
        self, measurements: MerchantMeasurements, spec: MeasureSpec, steps: int
    ) -> None:
        worse_by = spec.curve.step * steps * (1 if spec.curve.lower_is_better else -1)
        worse = measurements.values[spec.measure] + worse_by

        before = grade(measurements)
        after = grade(measurements.with_value(spec.measure, worse))

        assert after.total <= before.total
        assert TIER_ORDER.index(after.tier) <= TIER_ORDER.index(before.tier)


class TestGradeChange:
    def test_a_recovery_reports_the_tier_move_and_what_drove_it(self) -> None:
        previous = grade(merchant(late_shipment_rate="0.08", satisfaction="4.14"))
        current = grade(merchant(late_shipment_rate="0.03", satisfaction="4.14"))

        change = grade_change(previous, current)

        assert (change.previous_tier, change.current_tier) == (Tier.A, Tier.S)
        assert change.movement is Movement.UP
        assert change.total_change == Decimal("5.00")
        assert [m.measure for m in change.measurement_movements] == [Measure.LATE_SHIPMENT_RATE]
        assert change.dimension_changes[Dimension.OPERATIONS] == Decimal("14.29")

    def test_falling_below_minimum_volume_is_no_longer_graded(self) -> None:
        change = grade_change(grade(merchant()), grade(merchant(orders=3)))

        assert change.movement is Movement.NO_LONGER_GRADED
        assert change.total_change is None

    def test_grades_of_different_merchants_are_not_compared(self) -> None:
        other = grade(replace(merchant(), merchant_id="m2"))

        with pytest.raises(ValidationFailed):
            grade_change(grade(merchant()), other)
