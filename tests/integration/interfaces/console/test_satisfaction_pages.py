"""Satisfaction pages: a consumer answers a survey in a simple form, staff see results per
service type with a chart, work the inbox and add solutions."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from test_console_pages import csrf, sign_in

import satisfaction_factories as sat
import service_factories as sf
from pinzhi.bootstrap import Platform
from pinzhi.domain.aftersales.models import CaseKind
from pinzhi.domain.service.models import StaffPost
from pinzhi.interfaces.api.app import create_app
from pinzhi.interfaces.api.deps import get_now
from pinzhi.interfaces.jobs.satisfaction_steps import feedback_inbox_step, satisfaction_surveys_step

NOW = sat.SENT_AT + timedelta(days=1)
REPAIR = {"overall": "2", "speed": "1", "attitude": "3", "resolution": "2", "repair_quality": "2"}


@pytest.fixture
def console(world: Platform) -> Iterator[TestClient]:
    with world.uow() as uow:
        sf.staff(uow.session, "s1", post=StaffPost.AGENT)
        sat.closed_case(uow.session, "a_repair", kind=CaseKind.REPAIR)
        uow.commit()
    satisfaction_surveys_step(sat.context(world))
    app = create_app(world)
    app.dependency_overrides[get_now] = lambda: NOW
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


def survey_action(html: str) -> str:
    found = re.search(r'action="(/console/surveys/[^"]+)"', html)
    assert found, "no survey form on the page"
    return found.group(1)


def answer(console: TestClient, comment: str = "修得太慢") -> None:
    sign_in(console, "buyer1")
    html = console.get("/console/surveys").text
    token = csrf(console, "/console/surveys")
    answered = console.post(
        survey_action(html), data={**REPAIR, "comment": comment, "csrf_token": token}
    )
    assert answered.status_code == 303, answered.text


class TestMySurveys:
    def test_the_consumer_sees_a_radio_row_per_question_and_the_nav_entry(
        self, console: TestClient
    ) -> None:
        sign_in(console, "buyer1")

        html = console.get("/console/surveys").text

        assert 'href="/console/surveys"' in html
        assert html.count('type="radio" name="overall"') == 5
        assert 'name="repair_quality"' in html
        assert "<legend>总体满意度</legend>" in html
        assert "维修" in html

    def test_answering_thanks_and_a_second_answer_is_refused(self, console: TestClient) -> None:
        sign_in(console, "buyer1")
        action = survey_action(console.get("/console/surveys").text)
        token = csrf(console, "/console/surveys")

        first = console.post(action, data={**REPAIR, "csrf_token": token})
        thanks = console.get("/console/surveys?done=1").text
        again = console.post(action, data={**REPAIR, "csrf_token": token})

        assert first.status_code == 303
        assert "感谢您的评价" in thanks
        assert "已于" in thanks
        assert again.status_code == 409
        assert "already answered" in again.text

    def test_an_unchosen_score_is_explained(self, console: TestClient) -> None:
        sign_in(console, "buyer1")
        html = console.get("/console/surveys").text

        refused = console.post(
            survey_action(html),
            data={"overall": "4", "csrf_token": csrf(console, "/console/surveys")},
        )

        assert refused.status_code == 422
        assert "choose a score" in refused.text


class TestStaffPages:
    def test_results_per_service_type_with_a_chart(self, console: TestClient) -> None:
        answer(console)
        sign_in(console, "analyst")

        html = console.get("/console/satisfaction?days=7").text

        row = html[html.index('data-type="repair"') :]
        assert re.search(r"<td>1</td>\s*<td>1</td>\s*<td>100.0%</td>\s*<td>2.00</td>", row)
        assert 'id="sat-repair"' in html
        assert 'id="sat-return"' not in html

    def test_the_inbox_lists_a_negative_survey_and_triage_moves_it(
        self, console: TestClient, world: Platform
    ) -> None:
        answer(console, comment="维修太慢了，非常失望")
        feedback_inbox_step(
            sat.context(world, as_of=sat.AS_OF + timedelta(days=2), now=NOW + timedelta(hours=1))
        )
        sign_in(console, "agent")
        html = console.get("/console/feedback?channel=survey").text
        found = re.search(r'action="(/console/feedback/[^"/]+)/triage"', html)
        assert found, "no triage form"

        moved = console.post(
            f"{found.group(1)}/triage",
            data={"assignee_id": "usr_agent", "theme": "aftersales",
                  "csrf_token": csrf(console, "/console/feedback")},
        )  # fmt: skip
        after = console.get("/console/feedback?status=triaged").text

        assert "维修太慢了" in html
        assert moved.status_code == 303
        assert "维修太慢了" in after

    def test_a_consumer_cannot_open_the_inbox(self, console: TestClient) -> None:
        sign_in(console, "buyer1")

        answer_page = console.get("/console/feedback")

        assert answer_page.status_code == 403

    def test_an_analyst_adds_a_solution(self, console: TestClient) -> None:
        sign_in(console, "analyst")

        added = console.post(
            "/console/solutions",
            data={"problem": "维修周期长", "cause": "备件缺货", "steps": "预约备件\n回访",
                  "theme": "aftersales", "csrf_token": csrf(console, "/console/solutions")},
        )  # fmt: skip
        html = console.get("/console/solutions").text

        assert added.status_code == 303
        assert "维修周期长" in html
        assert "<li>回访</li>" in html
