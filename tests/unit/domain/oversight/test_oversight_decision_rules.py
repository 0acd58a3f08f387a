"""Decisions with reasons (S1 6.2–6.4) and the appeal's explicit transitions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pinzhi.core.errors import InvalidTransition
from pinzhi.domain.oversight.appeals import TRANSITIONS, next_status
from pinzhi.domain.oversight.decision_rules import OFFENCES, MerchantStanding, decide
from pinzhi.domain.oversight.models import AppealStatus, MeasureKind

DIMENSIONS = {
    "brand_influence": "70",
    "qualifications": "80",
    "operations": "35.5",
    "credit": "90",
    "service_level": "60",
}


def kinds(standing: MerchantStanding) -> list[tuple[MeasureKind, str]]:
    return [(d.kind, d.topic) for d in decide(standing)]


class TestDecisions:
    def test_a_top_tier_earns_incentives(self) -> None:
        found = decide(MerchantStanding("m1", "S", DIMENSIONS, ()))

        assert [(d.kind, d.restrictions) for d in found] == [
            (MeasureKind.COMMISSION_REDUCTION, ("commission_reduced_20pct",)),
            (MeasureKind.FINANCING_ELIGIBILITY, ("financing_eligible",)),
        ]
        assert "tier S" in found[0].reason

    def test_a_low_tier_trains_its_weakest_dimension(self) -> None:
        found = decide(MerchantStanding("m1", "D", DIMENSIONS, ()))

        assert [(d.kind, d.topic) for d in found] == [(MeasureKind.TRAINING, "operations")]
        assert "35.5 points" in found[0].reason

    def test_a_middle_tier_gets_nothing(self) -> None:
        assert decide(MerchantStanding("m1", "B", DIMENSIONS, ())) == []

    def test_an_offender_is_under_key_control_and_loses_incentives(self) -> None:
        found = kinds(MerchantStanding("m1", "S", DIMENSIONS, ("counterfeit",)))

        assert found == [(MeasureKind.KEY_CONTROL, "counterfeit")]

    def test_a_fake_order_warning_alone_brings_key_control(self) -> None:
        numbers = {"window_orders": "200", "repeat_buyer_orders": "90"}
        found = decide(MerchantStanding("m1", None, {}, (), True, numbers))

        assert [(d.kind, d.topic) for d in found] == [(MeasureKind.KEY_CONTROL, "fake_orders")]
        assert "traffic_limit" in found[0].restrictions
        assert found[0].evidence == {"confirmed_violation": "False", "warning": "True", **numbers}

    def test_an_unknown_offence_is_refused(self) -> None:
        with pytest.raises(ValueError, match="unknown offences"):
            decide(MerchantStanding("m1", "B", DIMENSIONS, ("jaywalking",)))

    @given(
        st.sampled_from([None, "S", "A", "B", "C", "D"]),
        st.sets(st.sampled_from(OFFENCES)),
        st.booleans(),
    )
    def test_every_offence_is_controlled_and_nothing_twice(
        self, tier: str | None, offences: set[str], warned: bool
    ) -> None:
        found = decide(MerchantStanding("m1", tier, DIMENSIONS, tuple(offences), warned))

        controlled = {d.topic for d in found if d.kind is MeasureKind.KEY_CONTROL}
        assert controlled == offences | ({"fake_orders"} if warned else set())
        assert len({d.key for d in found}) == len(found)
        assert all(d.reason for d in found)
        if controlled:
            assert not {d.kind for d in found} & {
                MeasureKind.COMMISSION_REDUCTION,
                MeasureKind.FINANCING_ELIGIBILITY,
            }


class TestAppealTransitions:
    @given(st.sampled_from(AppealStatus), st.sampled_from(AppealStatus))
    def test_only_the_listed_transitions_are_allowed(
        self, current: AppealStatus, wanted: AppealStatus
    ) -> None:
        if wanted in TRANSITIONS[current]:
            assert next_status(current, wanted) is wanted
        else:
            with pytest.raises(InvalidTransition):
                next_status(current, wanted)

    def test_a_decided_appeal_is_final(self) -> None:
        assert TRANSITIONS[AppealStatus.UPHELD] == TRANSITIONS[AppealStatus.DISMISSED] == set()
