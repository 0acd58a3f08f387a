"""The persisted SLA engine: exact deadlines, pauses, bad input, versions, imported data."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from random import Random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

import factories as f
import sla_factories as sf
from pinzhi.bootstrap import Platform
from pinzhi.core.calendars import OFFLINE, STANDARD_CALENDARS, ServiceCalendar
from pinzhi.core.clock import CHINA
from pinzhi.core.errors import Conflict, Forbidden, InvalidTransition, NotFound, ValidationFailed
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.aftersales.models import CaseKind, CaseReason
from pinzhi.domain.service.sla import Measure
from pinzhi.domain.sla import engine, policies, queries, sync
from pinzhi.domain.sla.engine import SlaEvent
from pinzhi.domain.sla.models import ClockStatus, SlaClockEventRow
from pinzhi.domain.sla.policies import Calendars
from pinzhi.domain.sla.views import ClockView

ADMIN = Actor.command_line()
AGENT = Actor(user_id="usr_agent", role=Role.SERVICE_AGENT)
NOW = f.T0 + timedelta(days=30)
CASE = "aftersales_case"


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=CHINA).astimezone(UTC)  # type: ignore[misc]


@pytest.fixture
def world(platform: Platform) -> Platform:
    with platform.uow() as uow:
        sf.base(uow.session)
        uow.commit()
    return platform


def add_case(platform: Platform, case_id: str, **fields: object) -> None:
    with platform.uow() as uow:
        sf.case(uow.session, case_id, **fields)  # type: ignore[arg-type]
        uow.commit()


def apply(
    platform: Platform,
    case_id: str,
    name: str,
    at: datetime,
    *,
    event_id: str | None = None,
    calendars: Calendars = STANDARD_CALENDARS,
    now: datetime = NOW,
) -> engine.Applied:
    event = SlaEvent(event_id or f"{case_id}:{name}:{at.isoformat()}", CASE, case_id, name, at)
    with platform.uow() as uow:
        applied = engine.apply_event(
            uow=uow, actor=AGENT, now=now, event=event, calendars=calendars
        )
        uow.commit()
    return applied


def publish(platform: Platform, *, limit: timedelta, calendar: str, **extra: object) -> None:
    with platform.uow() as uow:
        policies.publish_policy(
            uow=uow,
            actor=ADMIN,
            now=f.T0 - timedelta(days=1),
            key=Measure.REFUND_BEFORE_SHIPMENT,
            limit_seconds=int(limit.total_seconds()),
            calendar=calendar,
            starts_on="request_filed",
            stops_on="merchant_responded",
            **extra,  # type: ignore[arg-type]
        )
        uow.commit()


class TestWithdrawal:
    def test_a_withdrawn_clock_takes_no_more_events(self, world: Platform) -> None:
        add_case(world, "w1")
        apply(world, "w1", "request_filed", f.T0)
        with world.uow() as uow:
            withdrawn = engine.withdraw_clocks(
                uow=uow,
                actor_id="usr_agent",
                now=f.T0 + timedelta(minutes=5),
                subject_kind=CASE,
                subject_id="w1",
                why="cancelled",
            )
            uow.commit()

        with pytest.raises(InvalidTransition, match="withdrawn"):
            apply(world, "w1", "merchant_responded", f.T0 + timedelta(minutes=10))
        assert withdrawn == 1

    def test_withdrawing_an_answered_clock_changes_nothing(self, world: Platform) -> None:
        add_case(world, "w2")
        apply(world, "w2", "request_filed", f.T0)
        apply(world, "w2", "merchant_responded", f.T0 + timedelta(minutes=10))

        with world.uow() as uow:
            withdrawn = engine.withdraw_clocks(
                uow=uow,
                actor_id="usr_agent",
                now=f.T0 + timedelta(hours=2),
                subject_kind=CASE,
                subject_id="w2",
                why="cancelled",
            )
            uow.commit()
            [after] = queries.subject_clocks(
                uow=uow, actor=AGENT, subject_kind=CASE, subject_id="w2"
            )

        assert withdrawn == 0
        assert (after.status, after.elapsed_seconds) == (ClockStatus.STOPPED, 600)


class TestDeadlines:
    def test_refund_before_shipment_is_due_within_one_hour(self, world: Platform) -> None:
        add_case(world, "a1")

        clock = apply(world, "a1", "request_filed", f.T0).clock

        assert clock.status is ClockStatus.RUNNING
        assert clock.deadline == f.T0 + timedelta(hours=1)
        assert (clock.policy_key, clock.policy_version) == (Measure.REFUND_BEFORE_SHIPMENT, 1)

    def test_hotline_hour_started_at_half_past_midnight_ends_at_half_past_eight(
        self, world: Platform
    ) -> None:
        publish(world, limit=timedelta(hours=1), calendar="hotline")
        add_case(world, "a1")

        clock = apply(world, "a1", "request_filed", local(2026, 11, 3, 0, 30)).clock

        # 00:30–01:00 on Monday's shift, closed until 08:00, then the remaining 30 minutes
        assert clock.deadline == local(2026, 11, 3, 8, 30)
        assert clock.policy_version == 2

    def test_offline_hours_skip_a_closed_holiday(self, world: Platform) -> None:
        holiday = date(2026, 11, 4)
        calendars = {
            **STANDARD_CALENDARS,
            "offline": ServiceCalendar("offline", OFFLINE.weekly, holidays={holiday: ()}),
        }
        publish(world, limit=timedelta(hours=2), calendar="offline")
        add_case(world, "a1")

        clock = apply(
            world, "a1", "request_filed", local(2026, 11, 3, 17, 0), calendars=calendars
        ).clock

        # one hour on the 3rd (17:00–18:00), the 4th closed, the second hour on the 5th
        assert clock.deadline == local(2026, 11, 5, 10, 0)

    def test_pause_for_the_consumer_moves_the_deadline_by_the_wait(self, world: Platform) -> None:
        add_case(world, "a1", kind=CaseKind.RETURN_REFUND)
        apply(world, "a1", "request_filed", f.T0)

        paused = apply(world, "a1", "awaiting_consumer", f.T0 + timedelta(hours=2)).clock
        resumed = apply(world, "a1", "consumer_replied", f.T0 + timedelta(hours=5)).clock

        assert (paused.status, paused.deadline) == (ClockStatus.PAUSED, None)
        assert paused.time_left(NOW) == timedelta(hours=22)
        assert resumed.deadline == f.T0 + timedelta(hours=27)
        assert resumed.paused_seconds == 3 * 3600

    def test_quality_problem_gets_thirty_six_hours_and_a_reply_stops_it(
        self, world: Platform
    ) -> None:
        add_case(world, "a1", kind=CaseKind.RETURN_REFUND, reason=CaseReason.QUALITY)
        started = apply(world, "a1", "request_filed", f.T0).clock

        stopped = apply(world, "a1", "merchant_responded", f.T0 + timedelta(hours=40)).clock

        assert started.deadline == f.T0 + timedelta(hours=36)
        assert (stopped.status, stopped.deadline) == (ClockStatus.STOPPED, None)
        assert stopped.breached_at == f.T0 + timedelta(hours=36)


class TestBadInput:
    def test_event_for_an_unknown_case_names_it(self, world: Platform) -> None:
        with pytest.raises(NotFound, match="nope"):
            apply(world, "nope", "request_filed", f.T0)

    def test_event_before_the_clock_starts_is_refused(self, world: Platform) -> None:
        add_case(world, "a1")

        with pytest.raises(InvalidTransition, match="request_filed"):
            apply(world, "a1", "merchant_responded", f.T0)

    def test_second_start_and_events_outside_the_clock_are_refused(self, world: Platform) -> None:
        add_case(world, "a1", kind=CaseKind.RETURN_REFUND)
        apply(world, "a1", "request_filed", f.T0)
        apply(world, "a1", "merchant_responded", f.T0 + timedelta(hours=1))

        with pytest.raises(InvalidTransition, match="already started"):
            apply(world, "a1", "request_filed", f.T0 + timedelta(minutes=5))
        with pytest.raises(InvalidTransition, match="before the clock started"):
            apply(world, "a1", "awaiting_consumer", f.T0 - timedelta(minutes=5))
        with pytest.raises(InvalidTransition, match="stopped"):
            apply(world, "a1", "awaiting_consumer", f.T0 + timedelta(hours=2))

    def test_unknown_event_name_and_future_events_are_invalid(self, world: Platform) -> None:
        add_case(world, "a1")
        apply(world, "a1", "request_filed", f.T0)

        with pytest.raises(ValidationFailed, match="'shipped' does not drive"):
            apply(world, "a1", "shipped", f.T0)
        with pytest.raises(ValidationFailed, match="future"):
            apply(world, "a1", "merchant_responded", NOW + timedelta(seconds=1))

    def test_same_event_twice_is_applied_once(self, world: Platform) -> None:
        add_case(world, "a1", kind=CaseKind.RETURN_REFUND)
        apply(world, "a1", "request_filed", f.T0)
        first = apply(world, "a1", "awaiting_consumer", f.T0 + timedelta(hours=1), event_id="e1")

        again = apply(world, "a1", "awaiting_consumer", f.T0 + timedelta(hours=1), event_id="e1")

        assert again.duplicate and not first.duplicate
        assert again.clock == first.clock
        with world.uow() as uow:
            stored = uow.session.scalar(select(func.count()).select_from(SlaClockEventRow))
        assert stored == 2

    def test_another_event_under_a_used_id_conflicts(self, world: Platform) -> None:
        add_case(world, "a1", kind=CaseKind.RETURN_REFUND)
        apply(world, "a1", "request_filed", f.T0, event_id="e1")

        with pytest.raises(Conflict, match="e1"):
            apply(world, "a1", "awaiting_consumer", f.T0, event_id="e1")

    def test_a_merchant_may_not_drive_clocks(self, world: Platform) -> None:
        add_case(world, "a1")
        merchant = Actor(user_id="usr_shop", role=Role.MERCHANT, merchant_id="m1")
        event = SlaEvent("e1", CASE, "a1", "request_filed", f.T0)

        with world.uow() as uow, pytest.raises(Forbidden):
            engine.apply_event(uow=uow, actor=merchant, now=NOW, event=event)


class TestPolicyVersions:
    def test_a_new_version_applies_to_new_clocks_only(self, world: Platform) -> None:
        add_case(world, "old")
        add_case(world, "new")
        apply(world, "old", "request_filed", f.T0)

        publish(world, limit=timedelta(hours=2), calendar="online_7x24")
        new = apply(world, "new", "request_filed", f.T0).clock
        old = apply(world, "old", "merchant_responded", f.T0 + timedelta(minutes=90)).clock

        assert (new.policy_version, new.deadline) == (2, f.T0 + timedelta(hours=2))
        assert old.policy_version == 1
        assert old.breached_at == f.T0 + timedelta(hours=1)

    def test_a_policy_that_pauses_must_resume(self, world: Platform) -> None:
        with pytest.raises(ValidationFailed, match="not valid") as refused:
            publish(world, limit=timedelta(hours=1), calendar="moon", pauses_on=("wait",))

        assert any("moon" in line for line in refused.value.details)
        assert any("resumes" in line for line in refused.value.details)


PAUSE_NAMES = ("awaiting_consumer", "awaiting_third_party")
RESUME_NAMES = ("consumer_replied", "third_party_replied")
LATER_NAMES = (*PAUSE_NAMES, *RESUME_NAMES, "merchant_responded")

stream = st.lists(
    st.tuples(st.sampled_from(LATER_NAMES), st.integers(min_value=0, max_value=48 * 60)),
    min_size=1,
    max_size=8,
    unique_by=lambda pair: pair[1],
)


def final_clock(
    platform: Platform, case_id: str, events: list[tuple[str, str, datetime]]
) -> ClockView:
    clock = apply(platform, case_id, "request_filed", f.T0, event_id=f"{case_id}:start").clock
    for event_id, name, at in events:
        try:
            clock = apply(platform, case_id, name, at, event_id=f"{case_id}:{event_id}").clock
        except InvalidTransition:  # after the stop: refused in every order alike
            continue
    return clock


def essence(clock: ClockView) -> tuple[object, ...]:
    return (
        clock.status,
        clock.deadline,
        clock.elapsed_seconds,
        clock.paused_seconds,
        clock.breached_at,
    )


class TestOrderIndependence:
    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(events=stream, seed=st.integers(0, 2**32))
    def test_shuffled_and_repeated_events_leave_the_clean_clock(
        self, world: Platform, events: list[tuple[str, int]], seed: int
    ) -> None:
        clean_id, messy_id = f"c{uuid.uuid4().hex[:10]}", f"m{uuid.uuid4().hex[:10]}"
        for case_id in (clean_id, messy_id):
            add_case(world, case_id, kind=CaseKind.RETURN_REFUND)
        timed = [
            (f"e{index}", name, f.T0 + timedelta(minutes=1 + minutes))
            for index, (name, minutes) in enumerate(sorted(events, key=lambda e: e[1]))
        ]
        rng = Random(seed)
        messy = timed + rng.sample(timed, k=min(3, len(timed)))
        rng.shuffle(messy)

        clean = final_clock(world, clean_id, timed)
        shuffled = final_clock(world, messy_id, messy)

        assert essence(shuffled) == essence(clean)


class TestSync:
    def test_open_cases_without_clocks_get_one_once(self, world: Platform) -> None:
        add_case(world, "a1")
        add_case(world, "a2", first_response_at=f.T0 + timedelta(minutes=10))
        with world.uow() as uow:
            sf.chat(uow.session, "s1")
            uow.commit()

        with world.uow() as uow:
            started = sync.sync_clocks(uow=uow, now=NOW)
            uow.commit()
        with world.uow() as uow:
            again = sync.sync_clocks(uow=uow, now=NOW)

        assert (started, again) == (3, 0)
        with world.uow() as uow:
            a2 = queries.subject_clocks(uow=uow, actor=AGENT, subject_kind=CASE, subject_id="a2")
            s1 = queries.subject_clocks(
                uow=uow, actor=AGENT, subject_kind="service_session", subject_id="s1"
            )
        assert a2[0].status is ClockStatus.STOPPED
        assert s1[0].deadline == f.T0 + timedelta(seconds=30)
