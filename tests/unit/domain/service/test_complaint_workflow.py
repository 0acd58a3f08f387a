"""Complaint grading, workflow and electronic file (S1 9.2.4, 9.7.7; S3 6.6; S2 4.5)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from itertools import count

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from pinzhi.core.calendars import ONLINE_7X24
from pinzhi.core.clock import CHINA
from pinzhi.core.errors import Conflict, InvalidTransition, ValidationFailed
from pinzhi.domain.service.complaints import (
    DEFAULT_GRADING,
    TRANSITIONS,
    Complainant,
    ComplaintEvent,
    ComplaintFile,
    ComplaintStage,
    Matter,
    Resolution,
    UrgencySignals,
    allowed_events,
    apply,
    file_complaint,
    grade_complaint,
    overdue,
)
from pinzhi.domain.service.models import Channel, ComplaintNature, ComplaintStatus, Urgency
from pinzhi.domain.service.sla import DEFAULT_POLICIES, Measure, PriorityTier, find_policy

E, S = ComplaintEvent, ComplaintStage
T0 = datetime(2026, 3, 2, 10, tzinfo=CHINA)
RESULT = Resolution("upheld", "S1 9.2.3 and the product listing", "full refund")
_ids = count()
Move = tuple[ComplaintEvent, Mapping[str, object]]


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def new_file() -> ComplaintFile:
    return file_complaint(
        complaint_id="c1",
        complainant=Complainant("consumer-1", "phone:138…"),
        matter=Matter(Channel.PHONE, ComplaintNature.QUALITY, "kettle leaks", order_id="o1"),
        actor="agent-1",
        now=T0,
        event_id="e0",
    )


def step(
    file: ComplaintFile, event: ComplaintEvent, hours: float, **payload: object
) -> ComplaintFile:
    return apply(file, event, actor="agent-1", now=at(hours), event_id=f"s{next(_ids)}", **payload)  # type: ignore[arg-type]


def walk(*events: Move) -> ComplaintFile:
    file = new_file()
    for hours, (event, payload) in enumerate(events, start=1):
        file = step(file, event, hours, **payload)
    return file


EXPLAIN: Move = (E.EXPLAIN_DELAY, {"note": "needs a lab test", "promised_by": at(48)})
START: Move = (E.START_HANDLING, {})
MEDIATE: Move = (E.REFER_TO_MEDIATION, {"mediator": "mediator-7"})
RESOLVE: Move = (E.RESOLVE, {"result": RESULT})
VISIT: Move = (E.RECORD_VISIT, {"satisfaction": 4})
CLOSE: Move = (E.CLOSE, {})


class TestGrading:
    def grade(self, nature: ComplaintNature, **signals: bool | int) -> Urgency:
        grade = grade_complaint(
            nature=nature,
            signals=UrgencySignals(**signals),  # type: ignore[arg-type]
            filed_at=T0,
            calendar=ONLINE_7X24,
        )
        return grade.urgency

    def test_every_nature_has_a_base_urgency(self) -> None:
        assert set(DEFAULT_GRADING.base_urgency) == set(ComplaintNature)

    def test_price_complaint_without_signals_is_low(self) -> None:
        assert self.grade(ComplaintNature.PRICE) is Urgency.LOW

    def test_each_signal_raises_one_level(self) -> None:
        assert self.grade(ComplaintNature.PRICE, repeat_complaint=True) is Urgency.NORMAL
        assert (
            self.grade(ComplaintNature.PRICE, repeat_complaint=True, elderly_or_disabled=True)
            is Urgency.HIGH
        )
        assert self.grade(ComplaintNature.SERVICE, amount_at_stake_fen=100_000) is Urgency.HIGH
        assert self.grade(ComplaintNature.SERVICE, amount_at_stake_fen=99_999) is Urgency.NORMAL

    def test_safety_risk_is_always_critical(self) -> None:
        assert self.grade(ComplaintNature.OTHER, safety_risk=True) is Urgency.CRITICAL

    def test_raising_stops_at_critical(self) -> None:
        signals = {"repeat_complaint": True, "elderly_or_disabled": True}
        assert self.grade(ComplaintNature.PRIVACY, **signals) is Urgency.CRITICAL

    def test_quality_dispute_takes_the_fast_lane(self) -> None:
        grade = grade_complaint(
            nature=ComplaintNature.QUALITY,
            signals=UrgencySignals(),
            filed_at=T0,
            calendar=ONLINE_7X24,
        )

        assert grade.fast_lane
        assert grade.urgency is Urgency.HIGH
        assert grade.respond_by == at(2)
        assert grade.resolve_by == at(48)

    def test_fast_lane_answers_inside_the_quality_problem_limit(self) -> None:
        limit = find_policy(DEFAULT_POLICIES, measure=Measure.QUALITY_OR_RESEND, version=1).limit

        assert DEFAULT_GRADING.fast_lane_targets.respond_within < limit

    def test_normal_complaint_deadlines_come_from_the_table(self) -> None:
        grade = grade_complaint(
            nature=ComplaintNature.LOGISTICS,
            signals=UrgencySignals(),
            filed_at=T0,
            calendar=ONLINE_7X24,
        )

        assert not grade.fast_lane
        assert (grade.respond_by, grade.resolve_by) == (at(24), at(24 * 7))
        assert grade.table_version == 1

    def test_elderly_complainant_queues_in_the_accessibility_tier(self) -> None:
        grade = grade_complaint(
            nature=ComplaintNature.SERVICE,
            signals=UrgencySignals(elderly_or_disabled=True),
            filed_at=T0,
            calendar=ONLINE_7X24,
        )

        assert grade.tier is PriorityTier.ACCESSIBILITY


class TestLegalPaths:
    def test_resolved_on_the_spot_then_visited_and_closed(self) -> None:
        file = walk((E.RESOLVE_ON_THE_SPOT, {"result": RESULT}), VISIT, CLOSE)

        assert file.stage is S.CLOSED
        assert file.result == RESULT
        assert [s.event for s in file.steps] == [
            E.FILE,
            E.RESOLVE_ON_THE_SPOT,
            E.RECORD_VISIT,
            E.CLOSE,
        ]

    def test_explained_with_a_promise_then_handled_and_resolved(self) -> None:
        file = walk(EXPLAIN, START, RESOLVE)

        assert file.stage is S.RESOLVED
        assert file.promised_by == at(48)
        assert not overdue(file, at(100))

    def test_mediation_with_settle_first_agreement(self) -> None:
        file = walk(
            START, MEDIATE, (E.AGREE_SETTLEMENT, {"note": "merchant refunds 80 %"}), RESOLVE
        )

        assert file.stage is S.RESOLVED
        assert file.mediator == "mediator-7"

    def test_mediation_handed_to_a_third_party(self) -> None:
        file = walk(START, MEDIATE, (E.HAND_TO_THIRD_PARTY, {"mediator": "consumer association"}))

        assert file.stage is S.THIRD_PARTY
        assert file.mediator == "consumer association"
        assert step(file, E.RESOLVE, 10, result=RESULT).stage is S.RESOLVED

    def test_reopen_within_the_window_clears_the_result_but_keeps_the_history(self) -> None:
        closed = walk(START, RESOLVE, VISIT, CLOSE)

        reopened = step(closed, E.REOPEN, 24 * 10, note="refund never arrived")

        assert reopened.stage is S.IN_PROGRESS
        assert reopened.result is None
        assert any(s.result == RESULT for s in reopened.steps)

    def test_stage_maps_to_the_stored_status(self) -> None:
        assert S.FILED.status is ComplaintStatus.OPEN
        assert S.MEDIATION.status is ComplaintStatus.IN_PROGRESS
        assert S.VISITED.status is ComplaintStatus.RESOLVED
        assert S.CLOSED.status is ComplaintStatus.CLOSED


class TestIllegalTransitions:
    @pytest.mark.parametrize(
        ("stage", "event"),
        [(s, e) for s in ComplaintStage for e in ComplaintEvent if (s, e) not in TRANSITIONS],
    )
    def test_message_names_stage_event_and_allowed_events(
        self, stage: ComplaintStage, event: ComplaintEvent
    ) -> None:
        file = replace(new_file(), stage=stage)

        with pytest.raises(InvalidTransition) as error:
            step(file, event, 1)

        allowed = [str(e) for e in allowed_events(stage)]
        assert error.value.message == (
            f"cannot {event} a complaint that is {stage}; allowed: {', '.join(allowed)}"
        )
        assert error.value.details == allowed

    def test_closing_before_the_follow_up_visit_is_refused(self) -> None:
        with pytest.raises(InvalidTransition, match="allowed: record_visit, reopen"):
            walk(START, RESOLVE, CLOSE)


class TestGuards:
    def test_explanation_without_a_promised_time_is_refused(self) -> None:
        with pytest.raises(ValidationFailed, match="promised time for the result is required"):
            step(new_file(), E.EXPLAIN_DELAY, 1, note="lab test")

    def test_explanation_without_a_reason_is_refused(self) -> None:
        with pytest.raises(ValidationFailed, match="reason for the delay"):
            step(new_file(), E.EXPLAIN_DELAY, 1, promised_by=at(5))

    def test_promise_in_the_past_is_refused(self) -> None:
        with pytest.raises(ValidationFailed, match="must be in the future"):
            step(new_file(), E.EXPLAIN_DELAY, 2, note="lab test", promised_by=at(1))

    def test_resolution_without_basis_is_refused(self) -> None:
        no_basis = Resolution("upheld", " ", "refund")

        with pytest.raises(ValidationFailed, match="needs a basis") as error:
            walk(START, (E.RESOLVE, {"result": no_basis}))

        assert error.value.details == ["the result needs a basis"]

    def test_resolution_without_a_result_is_refused(self) -> None:
        with pytest.raises(ValidationFailed, match="conclusion, basis and remedy"):
            step(new_file(), E.RESOLVE_ON_THE_SPOT, 1)

    def test_mediation_needs_a_mediator(self) -> None:
        with pytest.raises(ValidationFailed, match="mediator must be named"):
            walk(START, (E.REFER_TO_MEDIATION, {}))

    def test_settlement_needs_its_terms(self) -> None:
        with pytest.raises(ValidationFailed, match="terms agreed"):
            walk(START, MEDIATE, (E.AGREE_SETTLEMENT, {}))

    def test_visit_needs_a_satisfaction_score(self) -> None:
        with pytest.raises(ValidationFailed, match="from 1 to 5"):
            walk(START, RESOLVE, (E.RECORD_VISIT, {"satisfaction": 6}))

    def test_reopen_after_the_window_is_refused(self) -> None:
        closed = walk(START, RESOLVE, VISIT, CLOSE)

        with pytest.raises(ValidationFailed, match="reopened only within"):
            step(closed, E.REOPEN, 24 * 16)

    def test_step_earlier_than_the_last_one_is_refused(self) -> None:
        started = walk(START, MEDIATE)

        with pytest.raises(ValidationFailed, match="earlier than the last step"):
            step(started, E.AGREE_SETTLEMENT, 1, note="terms")

    def test_naive_time_is_a_programming_error(self) -> None:
        with pytest.raises(ValueError, match="timezone-aware"):
            apply(new_file(), E.START_HANDLING, actor="a", now=datetime(2026, 3, 2), event_id="x")  # noqa: DTZ001


class TestIdempotency:
    def test_same_event_id_twice_returns_the_file_unchanged(self) -> None:
        once = apply(new_file(), E.START_HANDLING, actor="a", now=at(1), event_id="dup")

        twice = apply(once, E.START_HANDLING, actor="a", now=at(2), event_id="dup")

        assert twice is once

    def test_replayed_old_event_is_not_refused_for_its_time(self) -> None:
        file = apply(new_file(), E.START_HANDLING, actor="a", now=at(1), event_id="dup")
        file = step(file, E.REFER_TO_MEDIATION, 5, mediator="m")

        assert apply(file, E.START_HANDLING, actor="a", now=at(1), event_id="dup") is file

    def test_same_event_id_for_another_event_conflicts(self) -> None:
        once = apply(new_file(), E.START_HANDLING, actor="a", now=at(1), event_id="dup")

        with pytest.raises(Conflict):
            apply(once, E.REFER_TO_MEDIATION, actor="a", now=at(2), event_id="dup", mediator="m")


class TestOverdue:
    def test_unresolved_past_the_promise_is_overdue(self) -> None:
        file = walk(EXPLAIN, START)

        assert not overdue(file, at(48))
        assert overdue(file, at(49))

    def test_result_after_the_promise_stays_overdue(self) -> None:
        file = step(walk(EXPLAIN, START), E.RESOLVE, 50, result=RESULT)

        assert overdue(file, at(60))

    def test_without_a_promise_nothing_is_overdue(self) -> None:
        assert not overdue(walk(START), at(1000))


PAYLOADS: dict[ComplaintEvent, dict[str, object]] = {
    E.EXPLAIN_DELAY: {"note": "lab test", "promised_by": T0 + timedelta(days=400)},
    E.RESOLVE_ON_THE_SPOT: {"result": RESULT},
    E.RESOLVE: {"result": RESULT},
    E.REFER_TO_MEDIATION: {"mediator": "m"},
    E.HAND_TO_THIRD_PARTY: {"mediator": "association"},
    E.AGREE_SETTLEMENT: {"note": "refund"},
    E.RECORD_VISIT: {"satisfaction": 5},
}


class ComplaintFileMachine(RuleBasedStateMachine):
    """Random event sequences, some out of turn, late, early or replayed."""

    def __init__(self) -> None:
        super().__init__()
        self.file = new_file()
        self.now = T0

    @rule(
        event=st.sampled_from([e for e in ComplaintEvent if e is not E.FILE]),
        hours=st.integers(min_value=-2, max_value=24 * 20),
    )
    def apply_event(self, event: ComplaintEvent, hours: int) -> None:
        before = self.file
        when = self.now + timedelta(hours=hours)
        try:
            self.file = apply(
                before,
                event,
                actor="a",
                now=when,
                event_id=f"r{next(_ids)}",
                **PAYLOADS.get(event, {}),  # type: ignore[arg-type]
            )
        except InvalidTransition:
            assert event not in allowed_events(before.stage)
        except ValidationFailed:
            assert event in allowed_events(before.stage)
        else:
            assert (before.stage, event) in TRANSITIONS
            self.now = max(self.now, when)

    @rule(data=st.data())
    def replay_a_recorded_event(self, data: st.DataObject) -> None:
        old = data.draw(st.sampled_from(self.file.steps))

        again = apply(self.file, old.event, actor=old.actor, now=old.at, event_id=old.event_id)

        assert again is self.file

    @invariant()
    def steps_are_in_time_order(self) -> None:
        times = [s.at for s in self.file.steps]
        assert times == sorted(times)

    @invariant()
    def only_allowed_transitions_happened(self) -> None:
        stage = S.FILED
        for recorded in self.file.steps[1:]:
            stage = TRANSITIONS[(stage, recorded.event)]
        assert stage is self.file.stage

    @invariant()
    def closed_and_resolved_files_have_a_complete_result(self) -> None:
        if self.file.stage in (S.RESOLVED, S.VISITED, S.CLOSED):
            assert self.file.result is not None
            assert all(vars(self.file.result).values())


ComplaintFileMachine.TestCase.settings = settings(max_examples=200, stateful_step_count=30)
TestComplaintFileMachine = ComplaintFileMachine.TestCase
