"""Trends, anomalies, PDCA transitions and root-cause records (S3 7.3–7.5), on plain values."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pinzhi.core.errors import InvalidTransition, ValidationFailed
from pinzhi.domain.improvement.rules import (
    NEXT,
    Direction,
    Flag,
    PdcaStage,
    Trend,
    anomalies,
    baseline,
    check_transition,
    clean_fishbone,
    clean_whys,
    improving,
    misses,
    progress,
    slope,
    trend,
)

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
levels = st.floats(min_value=0.01, max_value=1e4)


class TestTargets:
    def test_higher_is_better_misses_below_the_target_only(self) -> None:
        assert misses(4.4, 4.5, Direction.HIGHER)
        assert not misses(4.5, 4.5, Direction.HIGHER)

    def test_lower_is_better_misses_above_the_target_only(self) -> None:
        assert misses(0.011, 0.01, Direction.LOWER)
        assert not misses(0.01, 0.01, Direction.LOWER)


class TestTrend:
    def test_slope_of_a_straight_line_is_its_step(self) -> None:
        assert slope([1.0, 3.0, 5.0, 7.0]) == pytest.approx(2.0)

    def test_gaps_keep_their_place_in_time(self) -> None:
        assert slope([0.0, None, None, 3.0]) == pytest.approx(1.0)

    def test_fewer_than_two_values_have_no_trend(self) -> None:
        assert slope([None, 2.0, None]) is None
        assert trend([5.0]) is None

    def test_a_small_drift_is_flat(self) -> None:
        assert trend([100.0, 100.1, 100.2, 100.3]) is Trend.FLAT

    def test_a_falling_complaint_rate_is_improving(self) -> None:
        moving = trend([0.03, 0.025, 0.02, 0.015])

        assert moving is Trend.FALLING
        assert improving(Direction.LOWER, moving) is True
        assert improving(Direction.HIGHER, moving) is False

    @given(st.lists(finite, min_size=2, max_size=40), finite, levels)
    def test_slope_moves_with_an_added_line(
        self, values: list[float], offset: float, step: float
    ) -> None:
        tilted = [v + offset + step * i for i, v in enumerate(values)]

        assert slope(tilted) == pytest.approx(slope(values) + step, rel=1e-6, abs=1e-3)  # type: ignore[operator]


class TestAnomalies:
    def test_a_spike_beyond_the_baseline_is_flagged(self) -> None:
        values: list[float | None] = [10.0, 11.0, 9.0, 10.0, 10.5, 9.5, 10.0, 30.0]

        found = anomalies(values, min_history=7)

        assert found == {7: (Flag.ABOVE_BASELINE,)}

    def test_a_drop_is_flagged_below(self) -> None:
        values: list[float | None] = [10.0, 11.0, 9.0, 10.0, 10.5, 9.5, 10.0, -5.0]

        assert anomalies(values, min_history=7) == {7: (Flag.BELOW_BASELINE,)}

    def test_no_baseline_before_enough_history(self) -> None:
        assert anomalies([10.0, 10.0, 99.0], min_history=7) == {}

    def test_crossing_the_target_is_flagged_once(self) -> None:
        values: list[float | None] = [4.6, 4.6, 4.4, 4.3, 4.6]

        found = anomalies(values, target=4.5, direction=Direction.HIGHER, min_history=7)

        assert found == {2: (Flag.CROSSED_TARGET,)}

    @given(finite, finite, st.floats(0.5, 6.0))
    def test_a_constant_history_flags_exactly_the_departures(
        self, last: float, level: float, k: float
    ) -> None:
        values: list[float | None] = [*([level] * 7), last]

        found = anomalies(values, k=k, window=7, min_history=7)

        assert (7 in found) == (last != level)

    @given(st.lists(st.floats(0, 100), min_size=7, max_size=14), st.floats(0.5, 6.0))
    def test_the_baseline_median_itself_is_never_beyond_it(
        self, history: list[float], k: float
    ) -> None:
        values: list[float | None] = [*history, baseline(history, k=k).median]

        flags = anomalies(values, k=k, window=len(history)).get(len(history), ())

        assert Flag.ABOVE_BASELINE not in flags and Flag.BELOW_BASELINE not in flags

    @given(st.lists(st.floats(0, 100), min_size=7, max_size=14), st.floats(0.5, 6.0))
    def test_a_value_past_the_upper_bound_is_flagged_above(
        self, history: list[float], k: float
    ) -> None:
        band = baseline(history, k=k)
        values: list[float | None] = [*history, band.high + 1.0]

        flags = anomalies(values, k=k, window=len(history)).get(len(history), ())

        assert Flag.ABOVE_BASELINE in flags

    def test_bad_parameters_are_refused(self) -> None:
        with pytest.raises(ValidationFailed):
            anomalies([1.0], k=0)


class TestEffect:
    def test_progress_is_the_share_of_the_gap_closed(self) -> None:
        assert progress(opening=0.03, now=0.02, goal=0.01) == pytest.approx(0.5)
        assert progress(opening=0.03, now=0.04, goal=0.01) == pytest.approx(-0.5)

    def test_no_gap_or_no_value_has_no_progress(self) -> None:
        assert progress(opening=None, now=0.02, goal=0.01) is None
        assert progress(opening=0.01, now=0.02, goal=0.01) is None


class TestPdca:
    def test_the_cycle_runs_plan_do_check_act_closed(self) -> None:
        check_transition(PdcaStage.PLAN, PdcaStage.DO, effect_at_check=False)
        check_transition(PdcaStage.DO, PdcaStage.CHECK, effect_at_check=False)
        check_transition(PdcaStage.CHECK, PdcaStage.ACT, effect_at_check=True)
        check_transition(PdcaStage.ACT, PdcaStage.CLOSED, effect_at_check=True)
        check_transition(PdcaStage.ACT, PdcaStage.PLAN, effect_at_check=True)

    def test_skipping_a_stage_is_refused_with_the_allowed_moves(self) -> None:
        with pytest.raises(InvalidTransition, match="allowed: do"):
            check_transition(PdcaStage.PLAN, PdcaStage.CLOSED, effect_at_check=True)

    def test_leaving_check_without_an_effect_is_refused(self) -> None:
        with pytest.raises(InvalidTransition, match="record the effect"):
            check_transition(PdcaStage.CHECK, PdcaStage.ACT, effect_at_check=False)

    @given(st.sampled_from(PdcaStage), st.sampled_from(PdcaStage), st.booleans())
    def test_only_listed_moves_pass(
        self, current: PdcaStage, target: PdcaStage, effect: bool
    ) -> None:
        allowed = target in NEXT[current] and (current is not PdcaStage.CHECK or effect)
        try:
            check_transition(current, target, effect_at_check=effect)
        except InvalidTransition:
            assert not allowed
        else:
            assert allowed

    def test_a_closed_plan_moves_nowhere(self) -> None:
        with pytest.raises(InvalidTransition, match="closed"):
            check_transition(PdcaStage.CLOSED, PdcaStage.PLAN, effect_at_check=True)


class TestRootCause:
    def test_whys_keep_their_order_without_blanks(self) -> None:
        assert clean_whys([" 发货慢 ", "", "仓库缺人"]) == ["发货慢", "仓库缺人"]

    def test_too_many_whys_are_refused(self) -> None:
        with pytest.raises(ValidationFailed):
            clean_whys(["why"] * 11)

    def test_fishbone_has_all_six_categories(self) -> None:
        cleaned = clean_fishbone({"people": ["新客服未培训"], "method": [" "]})

        assert list(cleaned) == [
            "people", "machine", "material", "method", "environment", "measurement",
        ]  # fmt: skip
        assert cleaned["people"] == ["新客服未培训"] and cleaned["method"] == []

    def test_unknown_categories_are_refused(self) -> None:
        with pytest.raises(ValidationFailed, match="money"):
            clean_fishbone({"money": ["预算"]})
