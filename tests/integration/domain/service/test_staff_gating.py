"""Staff gating (C6): pre-duty training, a year of experience, refreshers, performance scores."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

import service_factories as sf
from pinzhi.bootstrap import Platform
from pinzhi.core.errors import Forbidden, NotFound, ValidationFailed
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.records.queries import list_records
from pinzhi.domain.service import complaint_operations as complaints
from pinzhi.domain.service import staff_operations, staff_queries, staff_rules
from pinzhi.domain.service.complaints import ComplaintEvent
from pinzhi.domain.service.models import Channel, ComplaintNature, StaffPost, TrainingKind
from pinzhi.domain.service.staff_rules import Duty, Exam, StaffRecord, Training

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
ADMIN = Actor("usr_admin", Role.PLATFORM_ADMIN)
AGENT = Actor("usr_agent", Role.SERVICE_AGENT)
BUYER = Actor("usr_buyer1", Role.CONSUMER, consumer_id="c1")
K = TrainingKind


def record(
    *,
    hired_at: datetime = NOW - timedelta(days=800),
    prior: int = 0,
    trained: bool = True,
    passed: bool = True,
    active: bool = True,
    post: StaffPost = StaffPost.AGENT,
) -> StaffRecord:
    start = hired_at + timedelta(days=1)
    return StaffRecord(
        staff_id="STF_1",
        post=post,
        hired_at=hired_at,
        prior_experience_months=prior,
        active=active,
        trainings=(Training(K.PRE_DUTY, start),) if trained else (),
        exams=(Exam(K.PRE_DUTY, passed, start),),
    )


class TestPreDutyGate:
    def test_a_trained_agent_who_passed_takes_cases(self) -> None:
        assert staff_rules.assignment_problems(record(), Duty.CASE, NOW) == []

    def test_a_failed_exam_keeps_the_agent_off_duty(self) -> None:
        with pytest.raises(ValidationFailed, match="pre-duty training with a passed exam"):
            staff_rules.check_assignment(record(passed=False), Duty.CASE, NOW)

    def test_a_passed_exam_without_the_training_is_not_enough(self) -> None:
        assert staff_rules.assignment_problems(record(trained=False), Duty.CASE, NOW) != []

    def test_an_inactive_agent_is_refused(self) -> None:
        with pytest.raises(ValidationFailed, match="not active"):
            staff_rules.check_assignment(record(active=False), Duty.CASE, NOW)

    def test_an_exam_taken_after_now_does_not_count_yet(self) -> None:
        hired = NOW - timedelta(hours=1)
        assert not staff_rules.passed_pre_duty(record(hired_at=hired), NOW)


class TestYearOfExperience:
    def test_exactly_one_year_qualifies(self) -> None:
        hired = NOW.replace(year=NOW.year - 1)

        assert staff_rules.has_year_of_experience(record(hired_at=hired), NOW)
        assert (
            staff_rules.assignment_problems(record(hired_at=hired), Duty.COMPLAINT_HANDLING, NOW)
            == []
        )

    def test_one_day_short_is_refused_for_each_experienced_duty(self) -> None:
        hired = NOW.replace(year=NOW.year - 1) + timedelta(days=1)

        for duty in (Duty.COMPLAINT_HANDLING, Duty.PRE_COMPENSATION, Duty.SENIOR_AGENT):
            with pytest.raises(ValidationFailed, match="one year of relevant experience"):
                staff_rules.check_assignment(record(hired_at=hired), duty, NOW)
        assert staff_rules.assignment_problems(record(hired_at=hired), Duty.CASE, NOW) == []

    def test_prior_months_count_towards_the_year(self) -> None:
        hired = NOW - timedelta(days=92)  # 24 Aug: three months exactly

        assert staff_rules.has_year_of_experience(record(hired_at=hired, prior=9), NOW)
        assert not staff_rules.has_year_of_experience(record(hired_at=hired, prior=8), NOW)

    def test_a_month_end_is_counted_by_calendar_months(self) -> None:
        end_of_march = datetime(2026, 3, 31, 12, tzinfo=UTC)

        assert staff_rules.months_before(end_of_march, 1) == datetime(2026, 2, 28, 12, tzinfo=UTC)
        assert staff_rules.months_before(end_of_march, 13) == datetime(2025, 2, 28, 12, tzinfo=UTC)

    @given(st.integers(min_value=0, max_value=600), st.integers(min_value=0, max_value=30))
    def test_more_prior_experience_never_disqualifies(self, days: int, prior: int) -> None:
        hired = NOW - timedelta(days=days)
        less, more = record(hired_at=hired, prior=prior), record(hired_at=hired, prior=prior + 1)

        assert staff_rules.has_year_of_experience(more, NOW) >= staff_rules.has_year_of_experience(
            less, NOW
        )

    def test_a_senior_post_held_without_the_year_is_a_gap(self) -> None:
        junior = record(hired_at=NOW - timedelta(days=100), post=StaffPost.SENIOR_AGENT)

        assert (
            staff_rules.post_gap(junior, NOW)
            == "senior_agent held with under one year of relevant experience"
        )
        assert staff_rules.post_gap(record(post=StaffPost.SENIOR_AGENT), NOW) is None


def refreshers(count: int, *, last: datetime = NOW) -> list[Training]:
    return [Training(K.REFRESHER, last - timedelta(days=25 * i)) for i in range(count)]


class TestRefreshers:
    def test_twelve_in_the_last_year_meet_the_minimum(self) -> None:
        assert not staff_rules.below_refresher_minimum(refreshers(12), NOW)

    def test_eleven_fall_short(self) -> None:
        assert staff_rules.below_refresher_minimum(refreshers(11), NOW)

    def test_one_exactly_twelve_months_ago_no_longer_counts(self) -> None:
        year_ago = staff_rules.months_before(NOW, 12)
        sessions = [*refreshers(11), Training(K.REFRESHER, year_ago)]

        assert staff_rules.refreshers_in_last_year(sessions, NOW) == 11

    def test_other_kinds_are_not_refreshers(self) -> None:
        sessions = [Training(K.SPECIALISED, NOW - timedelta(days=i)) for i in range(12)]

        assert staff_rules.refreshers_in_last_year(sessions, NOW) == 0


class TestPerformanceScore:
    def test_satisfaction_and_closure_make_the_score(self) -> None:
        scored = staff_rules.performance(
            closed_flags=[True, True, True, False], satisfactions=[5, 4]
        )

        assert scored.closure_rate == 0.75 and scored.mean_satisfaction == 4.5
        assert scored.score == 82.5  # 100 × (0.6 × 0.875 + 0.4 × 0.75)

    def test_no_rated_visit_gives_no_score(self) -> None:
        assert staff_rules.performance(closed_flags=[True], satisfactions=[]).score is None

    def test_a_score_out_of_range_is_refused(self) -> None:
        with pytest.raises(ValidationFailed, match="1 to 5"):
            staff_rules.performance(closed_flags=[True], satisfactions=[6])

    @given(
        st.lists(st.booleans(), min_size=1, max_size=30),
        st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=30),
    )
    def test_the_score_stays_between_0_and_100(self, flags: list[bool], scores: list[int]) -> None:
        score = staff_rules.performance(closed_flags=flags, satisfactions=scores).score

        assert score is not None and 0 <= score <= 100


@pytest.fixture
def world(platform: Platform) -> Platform:
    with platform.uow() as uow:
        sf.complaint_world(uow.session)
        uow.commit()
    return platform


class TestStoredRecords:
    def test_a_recorded_training_and_exam_qualify_a_new_agent(self, world: Platform) -> None:
        with world.uow() as uow:
            assert staff_queries.assignable(uow=uow, staff_id="STF_N", duty=Duty.CASE, now=sf.T0)
            staff_operations.record_training(
                uow=uow, actor=ADMIN, now=sf.T0, staff_id="STF_N", kind=K.PRE_DUTY,
                topic="岗前培训：服务规范", completed_at=sf.T0 - timedelta(hours=4), minutes=390,
            )  # fmt: skip
        with world.uow() as uow:
            exam = staff_operations.record_exam(
                uow=uow, actor=ADMIN, now=sf.T0, staff_id="STF_N", kind=K.PRE_DUTY, score=75,
                taken_at=sf.T0 - timedelta(hours=1),
            )  # fmt: skip

        with world.uow() as uow:
            problems = staff_queries.assignable(
                uow=uow, staff_id="STF_N", duty=Duty.CASE, now=sf.T0
            )
            records = list_records(uow=uow, subject_kind="staff", subject_id="STF_N")
        assert exam.passed and problems == []
        assert [r.action for r in records] == ["staff.training_recorded", "staff.exam_recorded"]

    def test_a_score_below_the_pass_mark_fails(self, world: Platform) -> None:
        with world.uow() as uow:
            exam = staff_operations.record_exam(
                uow=uow, actor=ADMIN, now=sf.T0, staff_id="STF_N", kind=K.PRE_DUTY, score=59,
                taken_at=sf.T0,
            )  # fmt: skip

        assert not exam.passed

    def test_bad_training_input_names_every_problem(self, world: Platform) -> None:
        with world.uow() as uow, pytest.raises(ValidationFailed) as refused:
            staff_operations.record_training(
                uow=uow, actor=ADMIN, now=sf.T0, staff_id="STF_N", kind=K.REFRESHER, topic=" ",
                completed_at=sf.T0 + timedelta(days=1), minutes=0,
            )  # fmt: skip

        assert len(refused.value.details) == 3

    def test_only_a_staff_manager_records_training(self, world: Platform) -> None:
        with world.uow() as uow, pytest.raises(Forbidden, match="staff:manage"):
            staff_operations.record_exam(
                uow=uow, actor=AGENT, now=sf.T0, staff_id="STF_N", kind=K.PRE_DUTY, score=90,
                taken_at=sf.T0,
            )  # fmt: skip

    def test_an_unknown_agent_is_not_found(self, world: Platform) -> None:
        with world.uow() as uow, pytest.raises(NotFound, match="STF_X"):
            staff_queries.check_assignment(uow=uow, staff_id="STF_X", duty=Duty.CASE, now=sf.T0)

    def test_the_refresher_report_lists_agents_below_twelve(self, world: Platform) -> None:
        with world.uow() as uow:
            for n in range(12):
                sf.training(uow.session, "STF_H", K.REFRESHER, sf.T0 - timedelta(days=20 * n), n=n)
            for n in range(11):
                sf.training(uow.session, "STF_M", K.REFRESHER, sf.T0 - timedelta(days=20 * n), n=n)
            uow.commit()

        with world.uow() as uow:
            gaps = staff_queries.refresher_report(uow=uow, actor=ADMIN, now=sf.T0)

        assert [(g.staff_id, g.refreshers, g.missing) for g in gaps] == [
            ("STF_M", 11, 1),
            ("STF_N", 0, 12),
        ]

    def test_performance_comes_from_stored_outcomes_and_visits(self, world: Platform) -> None:
        ids = []
        for n in range(2):
            with world.uow() as uow:
                filed = complaints.file_complaint(
                    uow=uow, actor=BUYER, now=sf.T0 + timedelta(minutes=n), channel=Channel.PHONE,
                    nature=ComplaintNature.SERVICE, matter="态度差", contact="13800000000",
                )  # fmt: skip
                ids.append(filed.summary.id)
            with world.uow() as uow:
                complaints.assign_complaint(
                    uow=uow, actor=AGENT, now=sf.T0 + timedelta(hours=1), complaint_id=ids[-1],
                    staff_id="STF_H", event_id="assign",
                )  # fmt: skip
        steps = [
            (
                ComplaintEvent.RESOLVE_ON_THE_SPOT,
                {"conclusion": "致歉", "basis": "服务规范", "remedy": "优惠券"},
            ),
            (ComplaintEvent.RECORD_VISIT, {"satisfaction": 4}),
        ]
        for hours, (event, fields) in enumerate(steps, start=2):
            with world.uow() as uow:
                complaints.act_on_complaint(
                    uow=uow, actor=AGENT, now=sf.T0 + timedelta(hours=hours), complaint_id=ids[0],
                    event=event, event_id=f"e{hours}", **fields,  # type: ignore[arg-type]
                )  # fmt: skip

        with world.uow() as uow:
            scores = staff_queries.performance_scores(
                uow=uow, actor=ADMIN, start=sf.T0, end=sf.T0 + timedelta(days=1)
            )

        assert len(scores) == 1 and scores[0].staff_id == "STF_H"
        scored = scores[0].performance
        assert (scored.assigned, scored.closed, scored.visits) == (2, 1, 1)
        assert scored.score == 65.0  # 100 × (0.6 × 0.75 + 0.4 × 0.5)
