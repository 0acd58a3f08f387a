"""SLA limits, the measuring clock and priority tiers (S1 9.2.1-9.2.3, 9.4.3; S3 5.3.3)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pinzhi.core.calendars import HOTLINE, ONLINE_7X24, STANDARD_CALENDARS
from pinzhi.core.clock import CHINA
from pinzhi.core.errors import NotFound, ValidationFailed
from pinzhi.domain.service.sla import (
    DEFAULT_POLICIES,
    ClockEvent,
    ClockEventKind,
    ClockState,
    Measure,
    PriorityTier,
    Statistic,
    find_policy,
    measure_clock,
    priority_tier,
)

START, PAUSE, RESUME, STOP = ClockEventKind
REFUND = find_policy(DEFAULT_POLICIES, measure=Measure.REFUND_BEFORE_SHIPMENT, version=1)
HOTLINE_REFUND = replace(REFUND, calendar="hotline", version=2)
T0 = datetime(2026, 3, 2, 10, tzinfo=CHINA)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def ev(kind: ClockEventKind, minutes: float) -> ClockEvent:
    return ClockEvent(kind, at(minutes))


class TestDefaultPolicies:
    @pytest.mark.parametrize(
        ("measure", "limit", "calendar"),
        [
            (Measure.CHAT_FIRST_RESPONSE, timedelta(seconds=30), "online_7x24"),
            (Measure.CHAT_AVERAGE_RESPONSE, timedelta(seconds=60), "online_7x24"),
            (Measure.PHONE_AVERAGE_QUEUE, timedelta(seconds=20), "hotline"),
            (Measure.REFUND_BEFORE_SHIPMENT, timedelta(hours=1), "online_7x24"),
            (Measure.RETURN_AFTER_SHIPMENT, timedelta(hours=24), "online_7x24"),
            (Measure.QUALITY_OR_RESEND, timedelta(hours=36), "online_7x24"),
        ],
    )
    def test_the_s1_limits_ship_as_version_1(
        self, measure: Measure, limit: timedelta, calendar: str
    ) -> None:
        policy = find_policy(DEFAULT_POLICIES, measure=measure, version=1)

        assert (policy.limit, policy.calendar) == (limit, calendar)
        assert policy.calendar in STANDARD_CALENDARS

    def test_the_average_limits_bind_the_mean(self) -> None:
        means = {
            policy.measure for policy in DEFAULT_POLICIES if policy.statistic is Statistic.MEAN
        }

        assert means == {Measure.CHAT_AVERAGE_RESPONSE, Measure.PHONE_AVERAGE_QUEUE}

    def test_an_unknown_version_is_not_found(self) -> None:
        with pytest.raises(NotFound):
            find_policy(DEFAULT_POLICIES, measure=Measure.QUALITY_OR_RESEND, version=9)

    def test_a_case_keeps_the_version_it_was_opened_under(self) -> None:
        policies = (*DEFAULT_POLICIES, HOTLINE_REFUND)

        old = find_policy(policies, measure=Measure.REFUND_BEFORE_SHIPMENT, version=1)

        assert old.calendar == "online_7x24"

    def test_case_events_map_to_clock_events(self) -> None:
        rule = REFUND.clock

        kinds = [rule.kind_of(event) for event in ("request_filed", "awaiting_consumer")]
        kinds += [rule.kind_of(event) for event in ("consumer_replied", "merchant_responded")]

        assert kinds == [START, PAUSE, RESUME, STOP]
        assert rule.kind_of("note_added") is None


class TestMeasureClock:
    def test_a_refund_request_is_due_an_hour_after_filing(self) -> None:
        reading = measure_clock(
            policy=REFUND, calendar=ONLINE_7X24, events=[ev(START, 0)], now=at(20)
        )

        assert reading.state is ClockState.RUNNING
        assert reading.deadline == at(60)
        assert (reading.elapsed, reading.remaining) == (
            timedelta(minutes=20),
            timedelta(minutes=40),
        )
        assert not reading.breached

    def test_on_the_hotline_an_hour_from_0030_is_due_at_0830(self) -> None:
        filed = datetime(2026, 3, 2, 0, 30, tzinfo=CHINA)

        reading = measure_clock(
            policy=HOTLINE_REFUND, calendar=HOTLINE, events=[ClockEvent(START, filed)], now=filed
        )

        assert reading.deadline == datetime(2026, 3, 2, 8, 30, tzinfo=CHINA)

    def test_a_pause_pushes_the_deadline_back_by_its_length(self) -> None:
        events = [ev(START, 0), ev(PAUSE, 20), ev(RESUME, 60)]

        reading = measure_clock(policy=REFUND, calendar=ONLINE_7X24, events=events, now=at(70))

        assert reading.deadline == at(100)
        assert reading.remaining == timedelta(minutes=30)

    def test_a_paused_clock_has_no_deadline_and_keeps_its_remaining_time(self) -> None:
        events = [ev(START, 0), ev(PAUSE, 20)]

        reading = measure_clock(policy=REFUND, calendar=ONLINE_7X24, events=events, now=at(500))

        assert reading.state is ClockState.PAUSED
        assert reading.deadline is None
        assert reading.remaining == timedelta(minutes=40)
        assert not reading.breached

    def test_a_response_within_the_hour_is_met(self) -> None:
        events = [ev(START, 0), ev(STOP, 60)]

        reading = measure_clock(policy=REFUND, calendar=ONLINE_7X24, events=events, now=at(300))

        assert reading.state is ClockState.STOPPED
        assert not reading.breached
        assert reading.deadline is None

    def test_a_late_response_is_breached_at_the_deadline(self) -> None:
        events = [ev(START, 0), ev(STOP, 75)]

        reading = measure_clock(policy=REFUND, calendar=ONLINE_7X24, events=events, now=at(300))

        assert reading.breached_at == at(60)
        assert reading.deadline == at(60)
        assert reading.remaining == timedelta(minutes=-15)

    def test_a_deadline_at_closing_time_is_breached_overnight(self) -> None:
        filed = datetime(2026, 3, 2, 0, 0, tzinfo=CHINA)
        events = [ClockEvent(START, filed)]

        reading = measure_clock(
            policy=HOTLINE_REFUND, calendar=HOTLINE, events=events, now=filed + timedelta(hours=3)
        )

        assert reading.remaining == timedelta(0)
        assert reading.breached_at == datetime(2026, 3, 2, 1, 0, tzinfo=CHINA)

    def test_resuming_after_the_limit_was_used_up_breaches_at_once(self) -> None:
        events = [ev(START, 0), ev(PAUSE, 60), ev(RESUME, 90)]

        reading = measure_clock(policy=REFUND, calendar=ONLINE_7X24, events=events, now=at(91))

        assert reading.breached_at == at(90)

    def test_before_the_start_nothing_is_measured(self) -> None:
        reading = measure_clock(policy=REFUND, calendar=ONLINE_7X24, events=[], now=at(0))

        assert reading.state is ClockState.NOT_STARTED
        assert (reading.elapsed, reading.deadline) == (timedelta(0), None)

    def test_a_policy_measured_on_the_wrong_calendar_is_refused(self) -> None:
        with pytest.raises(ValidationFailed):
            measure_clock(policy=REFUND, calendar=HOTLINE, events=[], now=at(0))


class TestUnrulyEvents:
    def test_the_same_event_twice_counts_once(self) -> None:
        events = [ev(START, 0), ev(PAUSE, 10), ev(PAUSE, 10), ev(RESUME, 30), ev(RESUME, 30)]

        reading = measure_clock(policy=REFUND, calendar=ONLINE_7X24, events=events, now=at(40))

        assert reading.elapsed == timedelta(minutes=20)

    def test_the_same_instant_in_another_zone_is_the_same_event(self) -> None:
        events = [ev(START, 0), ClockEvent(START, at(0).astimezone(UTC)), ev(PAUSE, 10)]

        reading = measure_clock(policy=REFUND, calendar=ONLINE_7X24, events=events, now=at(40))

        assert reading.elapsed == timedelta(minutes=10)

    def test_out_of_order_events_are_put_in_time_order(self) -> None:
        events = [ev(RESUME, 30), ev(STOP, 50), ev(START, 0), ev(PAUSE, 10)]

        reading = measure_clock(policy=REFUND, calendar=ONLINE_7X24, events=events, now=at(90))

        assert reading.elapsed == timedelta(minutes=30)

    def test_a_resume_without_a_pause_is_ignored(self) -> None:
        events = [ev(START, 0), ev(RESUME, 10), ev(PAUSE, 20)]

        reading = measure_clock(policy=REFUND, calendar=ONLINE_7X24, events=events, now=at(90))

        assert reading.elapsed == timedelta(minutes=20)

    def test_a_second_start_does_not_restart_the_clock(self) -> None:
        events = [ev(START, 0), ev(START, 30)]

        reading = measure_clock(policy=REFUND, calendar=ONLINE_7X24, events=events, now=at(40))

        assert reading.elapsed == timedelta(minutes=40)

    def test_events_before_the_start_or_after_the_stop_are_ignored(self) -> None:
        events = [ev(PAUSE, -5), ev(START, 0), ev(STOP, 10), ev(RESUME, 20), ev(START, 30)]

        reading = measure_clock(policy=REFUND, calendar=ONLINE_7X24, events=events, now=at(90))

        assert (reading.state, reading.elapsed) == (ClockState.STOPPED, timedelta(minutes=10))

    def test_events_after_now_have_not_happened_yet(self) -> None:
        events = [ev(START, 0), ev(STOP, 30)]

        reading = measure_clock(policy=REFUND, calendar=ONLINE_7X24, events=events, now=at(20))

        assert (reading.state, reading.elapsed) == (ClockState.RUNNING, timedelta(minutes=20))

    def test_a_pause_and_resume_at_the_same_instant_leave_it_running(self) -> None:
        events = [ev(START, 0), ev(RESUME, 10), ev(PAUSE, 10)]

        reading = measure_clock(policy=REFUND, calendar=ONLINE_7X24, events=events, now=at(20))

        assert reading.state is ClockState.RUNNING

    @settings(max_examples=300, deadline=None)
    @given(
        events=st.lists(
            st.builds(ev, st.sampled_from(ClockEventKind), st.integers(0, 120)), max_size=8
        ),
        data=st.data(),
    )
    def test_order_and_repetition_never_change_the_reading(
        self, events: list[ClockEvent], data: st.DataObject
    ) -> None:
        shuffled = data.draw(st.permutations(events + events[: len(events) // 2]))

        reading = measure_clock(policy=REFUND, calendar=ONLINE_7X24, events=shuffled, now=at(100))

        assert reading == measure_clock(
            policy=REFUND, calendar=ONLINE_7X24, events=events, now=at(100)
        )
        assert timedelta(0) <= reading.elapsed <= timedelta(minutes=100)


class TestPriorityTier:
    def test_elderly_and_disabled_consumers_come_first(self) -> None:
        tier = priority_tier(
            elderly_or_disabled=True, quality_service_goods=False, quality_service_buyer=False
        )

        assert tier is PriorityTier.ACCESSIBILITY
        assert tier.rank == 0

    @pytest.mark.parametrize(("goods", "buyer"), [(True, False), (False, True), (True, True)])
    def test_quality_service_goods_or_buyers_come_before_standard(
        self, goods: bool, buyer: bool
    ) -> None:
        tier = priority_tier(
            elderly_or_disabled=False, quality_service_goods=goods, quality_service_buyer=buyer
        )

        assert tier is PriorityTier.QUALITY_SERVICE
        assert tier.rank < PriorityTier.STANDARD.rank

    def test_everyone_else_is_standard(self) -> None:
        tier = priority_tier(
            elderly_or_disabled=False, quality_service_goods=False, quality_service_buyer=False
        )

        assert tier is PriorityTier.STANDARD
