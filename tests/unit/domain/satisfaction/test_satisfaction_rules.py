"""Satisfaction rules without a database: service types, questionnaires, expiry, inbox moves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pinzhi.core.errors import InvalidTransition, ValidationFailed
from pinzhi.domain.aftersales.models import CaseKind
from pinzhi.domain.satisfaction import rules
from pinzhi.domain.satisfaction.rules import InboxStatus, Question, ServiceType

SENT = datetime(2026, 11, 10, 16, 0, tzinfo=UTC)


class TestServiceTypes:
    @pytest.mark.parametrize(
        ("kind", "expected"),
        [
            (CaseKind.RETURN_REFUND, ServiceType.RETURN),
            (CaseKind.EXCHANGE, ServiceType.EXCHANGE),
            (CaseKind.RESEND, ServiceType.EXCHANGE),
            (CaseKind.REPAIR, ServiceType.REPAIR),
            (CaseKind.REFUND_ONLY, ServiceType.REFUND),
            (CaseKind.PRICE_PROTECTION, ServiceType.REFUND),
        ],
    )
    def test_each_case_kind_maps_to_a_service_type(
        self, kind: CaseKind, expected: ServiceType
    ) -> None:
        assert rules.service_type_of_case(kind.value) is expected

    def test_every_service_type_ships_a_questionnaire_with_the_four_core_questions(self) -> None:
        for service in ServiceType:
            questions = rules.DEFAULT_QUESTIONNAIRES[service]
            rules.check_questionnaire(questions)

            assert [q.key for q in questions][:4] == ["overall", "speed", "attitude", "resolution"]
            assert questions[-1].key == "comment"
            assert not questions[-1].scored


class TestAnswers:
    QUESTIONS = (Question("overall", "总体", "Overall"), Question("speed", "速度", "Speed"))

    def test_a_complete_answer_passes(self) -> None:
        rules.check_scores(self.QUESTIONS, {"overall": 5, "speed": 1})

    @given(st.integers().filter(lambda n: not 1 <= n <= 5))
    def test_a_score_outside_one_to_five_is_refused(self, score: int) -> None:
        with pytest.raises(ValidationFailed, match="must be 1–5"):
            rules.check_scores(self.QUESTIONS, {"overall": score, "speed": 3})

    def test_an_unknown_question_is_refused(self) -> None:
        with pytest.raises(ValidationFailed, match="not in this survey: mood"):
            rules.check_scores(self.QUESTIONS, {"overall": 3, "speed": 3, "mood": 3})

    def test_a_questionnaire_without_overall_is_refused(self) -> None:
        with pytest.raises(ValidationFailed, match="overall"):
            rules.check_questionnaire((Question("speed", "速度", "Speed"),))

    def test_a_survey_expires_after_the_documented_days(self) -> None:
        assert rules.expires_at(SENT) == SENT + timedelta(days=rules.SURVEY_VALID_DAYS)
        assert rules.SURVEY_VALID_DAYS == 15


class TestInboxMoves:
    @pytest.mark.parametrize(
        ("current", "target"),
        [
            (InboxStatus.NEW, InboxStatus.TRIAGED),
            (InboxStatus.NEW, InboxStatus.RESOLVED),
            (InboxStatus.TRIAGED, InboxStatus.TRIAGED),
            (InboxStatus.TRIAGED, InboxStatus.RESOLVED),
        ],
    )
    def test_legal_moves(self, current: InboxStatus, target: InboxStatus) -> None:
        rules.check_move(current, target)

    @pytest.mark.parametrize("target", list(InboxStatus))
    def test_a_resolved_item_stays_resolved(self, target: InboxStatus) -> None:
        with pytest.raises(InvalidTransition):
            rules.check_move(InboxStatus.RESOLVED, target)

    def test_a_score_under_one_half_is_negative(self) -> None:
        assert rules.is_negative(0.49)
        assert not rules.is_negative(0.5)
        assert not rules.is_negative(None)
