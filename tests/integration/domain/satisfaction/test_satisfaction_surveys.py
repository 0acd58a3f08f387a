"""Satisfaction surveys (S1 10.2; S3 7.1.1): one per closed service, answered once, before it
expires; the figures are recomputed from the survey rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

import satisfaction_factories as sat
from pinzhi.bootstrap import Platform
from pinzhi.core.errors import Conflict, Forbidden, InvalidTransition, NotFound, ValidationFailed
from pinzhi.domain.aftersales.models import CaseKind, CaseStatus
from pinzhi.domain.satisfaction import queries, rules, surveys
from pinzhi.domain.satisfaction.models import Survey
from pinzhi.domain.satisfaction.queries import GroupBy
from pinzhi.domain.satisfaction.rules import Question, RespondentKind, ServiceType
from pinzhi.interfaces.jobs.satisfaction_steps import satisfaction_surveys_step


@pytest.fixture
def world(platform: Platform) -> Platform:
    with platform.uow() as uow:
        s = uow.session
        sat.world(s)
        sat.closed_case(s, "a_return", kind=CaseKind.RETURN_REFUND)
        sat.closed_case(s, "a_repair", kind=CaseKind.REPAIR)
        sat.closed_case(s, "a_resend", kind=CaseKind.RESEND)
        sat.closed_case(s, "a_refund", kind=CaseKind.REFUND_ONLY)
        sat.closed_case(s, "a_cancelled", status=CaseStatus.CANCELLED)
        sat.closed_case(s, "a_open", status=CaseStatus.APPROVED, resolved_at=None)
        sat.closed_complaint(s, "cp1")
        sat.ended_chat(s, "chat1")
        sat.ended_chat(s, "chat_open", ended_at=None)
        uow.commit()
    return platform


def surveyed(platform: Platform) -> dict[str, ServiceType]:
    with platform.uow() as uow:
        rows = uow.session.scalars(select(Survey)).all()
        return {row.subject_id: row.service_type for row in rows}


def first_survey(platform: Platform, subject_id: str = "a_return") -> str:
    with platform.uow() as uow:
        return uow.session.scalars(select(Survey.id).where(Survey.subject_id == subject_id)).one()


class TestSendingSurveys:
    def test_every_closed_service_gets_one_survey_of_its_type(self, world: Platform) -> None:
        summary = satisfaction_surveys_step(sat.context(world))

        assert summary == {"closed": 6, "sent": 6}
        assert surveyed(world) == {
            "a_return": ServiceType.RETURN,
            "a_repair": ServiceType.REPAIR,
            "a_resend": ServiceType.EXCHANGE,
            "a_refund": ServiceType.REFUND,
            "cp1": ServiceType.COMPLAINT,
            "chat1": ServiceType.CONSULTATION,
        }

    def test_running_twice_sends_nothing_more(self, world: Platform) -> None:
        satisfaction_surveys_step(sat.context(world))

        again = satisfaction_surveys_step(sat.context(world, now=sat.RUN_AT + timedelta(hours=1)))

        assert again == {"closed": 6, "sent": 0}
        assert len(surveyed(world)) == 6

    def test_a_survey_expires_fifteen_days_after_it_is_sent(self, world: Platform) -> None:
        satisfaction_surveys_step(sat.context(world))

        with world.uow() as uow:
            row = uow.session.get_one(Survey, first_survey(world))
            sent_at, expires_at, agent_id = row.sent_at, row.expires_at, row.agent_id

        assert sent_at == sat.SENT_AT
        assert expires_at - sent_at == timedelta(days=rules.SURVEY_VALID_DAYS)
        assert agent_id is None

    def test_the_chat_and_complaint_surveys_name_who_served(self, world: Platform) -> None:
        satisfaction_surveys_step(sat.context(world))

        with world.uow() as uow:
            agent_id = uow.session.get_one(Survey, first_survey(world, "chat1")).agent_id

        assert agent_id == "s1"


@pytest.fixture
def sent(world: Platform) -> Platform:
    satisfaction_surveys_step(sat.context(world))
    return world


RETURN_SCORES = {**sat.ALL_SCORES, "pickup": 5}
"""A full answer to the return questionnaire."""


def answer(platform: Platform, survey_id: str, **kwargs: object) -> None:
    arguments: dict[str, object] = {"scores": RETURN_SCORES, "now": sat.RUN_AT, **kwargs}
    with platform.uow() as uow:
        surveys.answer_survey(uow=uow, actor=sat.BUYER, survey_id=survey_id, **arguments)  # type: ignore[arg-type]
        uow.commit()


class TestAnsweringSurveys:
    def test_the_consumer_answers_once(self, sent: Platform) -> None:
        survey_id = first_survey(sent)
        answer(sent, survey_id, comment="退款很快", sentiment=0.93)

        with pytest.raises(Conflict, match="already answered"):
            answer(sent, survey_id, scores={**RETURN_SCORES, "overall": 1})
        with sent.uow() as uow:
            row = uow.session.get_one(Survey, survey_id)
            stored = (row.overall, row.comment, row.sentiment)

        assert stored == (5, "退款很快", 0.93)

    def test_an_expired_survey_cannot_be_answered(self, sent: Platform) -> None:
        late = sat.SENT_AT + timedelta(days=rules.SURVEY_VALID_DAYS)

        with pytest.raises(InvalidTransition, match="expired"):
            answer(sent, first_survey(sent), now=late)

    def test_every_scored_question_takes_one_to_five(self, sent: Platform) -> None:
        survey_id = first_survey(sent)

        with pytest.raises(ValidationFailed, match="unanswered questions: pickup"):
            answer(sent, survey_id, scores=sat.ALL_SCORES)
        with pytest.raises(ValidationFailed, match="must be 1–5"):
            answer(sent, survey_id, scores={**RETURN_SCORES, "pickup": 6})

    def test_another_consumers_survey_reads_as_missing(self, sent: Platform) -> None:
        with sent.uow() as uow, pytest.raises(NotFound):
            surveys.answer_survey(
                uow=uow,
                actor=sat.OTHER_BUYER,
                now=sat.RUN_AT,
                survey_id=first_survey(sent),
                scores=sat.ALL_SCORES,
            )

    def test_my_surveys_lists_open_ones_with_their_questions(self, sent: Platform) -> None:
        with sent.uow() as uow:
            mine = queries.my_surveys(uow=uow, actor=sat.BUYER, now=sat.RUN_AT)

        assert len(mine) == 6
        assert all(view.open for view in mine)
        assert [q.key for q in mine[0].questions][:4] == [
            "overall",
            "speed",
            "attitude",
            "resolution",
        ]

    def test_a_new_questionnaire_version_applies_to_later_surveys_only(
        self, sent: Platform
    ) -> None:
        questions = (
            Question("overall", "总体", "Overall"),
            Question("note", "意见", "Note", False),
        )
        with sent.uow() as uow:
            version = surveys.publish_questionnaire(
                uow=uow, actor=sat.ADMIN, now=sat.RUN_AT, service_type=ServiceType.RETURN,
                questions=questions,
            )  # fmt: skip
            uow.commit()

        with sent.uow() as uow:
            old = queries.get_survey(
                uow=uow, actor=sat.BUYER, survey_id=first_survey(sent), now=sat.RUN_AT
            )

        assert version == 2
        assert "pickup" in [q.key for q in old.questions]


def answer_as(platform: Platform, subject_id: str, overall: int) -> None:
    scores = {**sat.ALL_SCORES, "overall": overall}
    with platform.uow() as uow:
        row = uow.session.get_one(Survey, first_survey(platform, subject_id))
        extra = [q.key for q in surveys.questions_of(uow, row) if q.scored and q.key not in scores]
        survey_id = row.id
    answer(platform, survey_id, scores={**scores, **dict.fromkeys(extra, 3)})


class TestSatisfactionFigures:
    def test_the_summary_matches_a_count_of_the_rows(self, sent: Platform) -> None:
        answer_as(sent, "a_return", 5)
        answer_as(sent, "a_repair", 2)
        answer_as(sent, "cp1", 4)
        start, end = sat.SENT_AT - timedelta(days=1), sat.SENT_AT + timedelta(days=1)

        with sent.uow() as uow:
            total = queries.satisfaction_summary(uow=uow, start=start, end=end)
            by_type = queries.satisfaction_summary(
                uow=uow, start=start, end=end, by=GroupBy.SERVICE_TYPE
            )
            by_agent = queries.satisfaction_summary(uow=uow, start=start, end=end, by=GroupBy.AGENT)
            rows = uow.session.scalars(select(Survey)).all()
            answered = [r.overall for r in rows if r.overall is not None]

        assert len(total) == 1
        assert total[0].sent == len(rows) == 6
        assert total[0].answered == len(answered) == 3
        assert total[0].response_rate == round(3 / 6, 4)
        assert total[0].mean_overall == round(sum(answered) / 3, 4)
        assert total[0].satisfied_share == round(sum(a >= 4 for a in answered) / 3, 4)
        assert {f.key: f.mean_overall for f in by_type} == {
            "complaint": 4.0, "consultation": None, "exchange": None, "refund": None,
            "repair": 2.0, "return": 5.0,
        }  # fmt: skip
        assert [f.key for f in by_agent] == ["-", "s1"]

    def test_nothing_answered_gives_no_figure_rather_than_zero(self, sent: Platform) -> None:
        with sent.uow() as uow:
            (figure,) = queries.satisfaction_summary(
                uow=uow, start=sat.SENT_AT, end=sat.SENT_AT + timedelta(seconds=1), by=GroupBy.DAY
            )

        assert figure.key == "2026-11-11"
        assert (figure.sent, figure.mean_overall, figure.satisfied_share) == (6, None, None)


class TestPartnerFeedback:
    def test_a_merchant_rates_the_platform_as_itself(self, world: Platform) -> None:
        with world.uow() as uow:
            row = surveys.give_platform_feedback(
                uow=uow, actor=sat.SHOP, now=sat.RUN_AT, respondent_kind=RespondentKind.MERCHANT,
                respondent_id="m2", score=4, comment="结算及时",
            )  # fmt: skip

        assert row.respondent_id == "m1"

    def test_staff_record_a_providers_feedback_and_consumers_cannot(self, world: Platform) -> None:
        kind = RespondentKind.INSTALLATION_PROVIDER
        with world.uow() as uow:
            row = surveys.give_platform_feedback(
                uow=uow, actor=sat.ADMIN, now=sat.RUN_AT, respondent_kind=kind,
                respondent_id="install_co", score=2,
            )  # fmt: skip
            with pytest.raises(Forbidden):
                surveys.give_platform_feedback(
                    uow=uow, actor=sat.BUYER, now=sat.RUN_AT, respondent_kind=kind,
                    respondent_id="x", score=5,
                )  # fmt: skip
            figures = queries.partner_feedback_summary(
                uow=uow, start=sat.RUN_AT, end=sat.RUN_AT + timedelta(seconds=1)
            )

        assert row.respondent_id == "install_co"
        assert [(p.respondent_kind, p.responses, p.mean_score) for p in figures] == [
            ("installation_provider", 1, 2.0)
        ]
