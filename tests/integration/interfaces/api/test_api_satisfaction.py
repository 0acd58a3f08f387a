"""Satisfaction API: a consumer answers their survey once, staff read the figures, work the
inbox and keep the solution base; outsiders are refused."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

import satisfaction_factories as sat
import service_factories as sf
from pinzhi.bootstrap import Platform
from pinzhi.domain.aftersales.models import CaseKind
from pinzhi.domain.service.models import StaffPost
from pinzhi.interfaces.api.deps import get_now
from pinzhi.interfaces.jobs.satisfaction_steps import feedback_inbox_step, satisfaction_surveys_step

Bearer = Callable[[str], dict[str, str]]
NOW = sat.SENT_AT + timedelta(days=1)
REPAIR = {"overall": 2, "speed": 1, "attitude": 3, "resolution": 2, "repair_quality": 2}
PERIOD = {"start": "2026-11-10T00:00:00Z", "end": "2026-11-12T00:00:00Z"}


@pytest.fixture
def api(client: TestClient, world: Platform) -> Iterator[TestClient]:
    """A repair case on o1 closed and surveyed; the clock reads a day after the survey."""
    with world.uow() as uow:
        sf.staff(uow.session, "s1", post=StaffPost.AGENT)
        sat.closed_case(uow.session, "a_repair", kind=CaseKind.REPAIR)
        uow.commit()
    satisfaction_surveys_step(sat.context(world))
    client.app.dependency_overrides[get_now] = lambda: NOW  # type: ignore[attr-defined]
    yield client
    client.app.dependency_overrides.clear()  # type: ignore[attr-defined]


def my_survey(api: TestClient, bearer: Bearer) -> dict[str, object]:
    (survey,) = api.get("/api/v1/surveys/mine", headers=bearer("buyer1")).json()
    assert isinstance(survey, dict)
    return survey


class TestAnsweringASurvey:
    def test_the_consumer_answers_once_and_the_comment_is_scored(
        self, api: TestClient, bearer: Bearer
    ) -> None:
        survey = my_survey(api, bearer)
        url = f"/api/v1/surveys/{survey['id']}/answer"
        body = {"scores": REPAIR, "comment": "维修太慢了，很失望"}

        first = api.post(url, json=body, headers=bearer("buyer1"))
        second = api.post(url, json=body, headers=bearer("buyer1"))

        assert first.status_code == 200, first.text
        assert first.json()["scores"] == REPAIR
        assert second.status_code == 409
        assert "already answered" in second.json()["detail"]

    def test_an_expired_survey_is_refused(
        self, api: TestClient, bearer: Bearer, world: Platform
    ) -> None:
        survey = my_survey(api, bearer)
        api.app.dependency_overrides[get_now] = lambda: NOW + timedelta(days=20)  # type: ignore[attr-defined]

        late = api.post(
            f"/api/v1/surveys/{survey['id']}/answer", json={"scores": REPAIR},
            headers=bearer("buyer1"),
        )  # fmt: skip

        assert late.status_code == 409
        assert "expired" in late.json()["detail"]

    def test_staff_cannot_answer_for_the_consumer(self, api: TestClient, bearer: Bearer) -> None:
        survey = my_survey(api, bearer)

        by_agent = api.post(
            f"/api/v1/surveys/{survey['id']}/answer", json={"scores": REPAIR},
            headers=bearer("agent"),
        )  # fmt: skip

        assert by_agent.status_code == 403


class TestReadingResults:
    def test_staff_read_figures_per_service_type(self, api: TestClient, bearer: Bearer) -> None:
        survey = my_survey(api, bearer)
        api.post(
            f"/api/v1/surveys/{survey['id']}/answer", json={"scores": REPAIR},
            headers=bearer("buyer1"),
        )  # fmt: skip

        figures = api.get(
            "/api/v1/satisfaction/summary", params={**PERIOD, "by": "service_type"},
            headers=bearer("analyst"),
        )  # fmt: skip

        assert figures.status_code == 200
        assert [
            (f["key"], f["sent"], f["answered"], f["mean_overall"]) for f in figures.json()
        ] == [("repair", 1, 1, 2.0)]

    def test_a_merchant_sees_only_its_own_shop(self, api: TestClient, bearer: Bearer) -> None:
        own = api.get(
            "/api/v1/satisfaction/summary", params={**PERIOD, "merchant_id": "m1"},
            headers=bearer("shop2"),
        )  # fmt: skip
        consumer = api.get("/api/v1/satisfaction/summary", params=PERIOD, headers=bearer("buyer1"))

        assert own.json() == []
        assert consumer.status_code == 403


class TestInboxAndSolutions:
    def test_triage_resolve_with_a_solution(
        self, api: TestClient, bearer: Bearer, world: Platform
    ) -> None:
        survey = my_survey(api, bearer)
        api.post(
            f"/api/v1/surveys/{survey['id']}/answer",
            json={"scores": REPAIR, "comment": "维修太慢了"}, headers=bearer("buyer1"),
        )  # fmt: skip
        feedback_inbox_step(
            sat.context(world, as_of=sat.AS_OF + timedelta(days=2), now=NOW + timedelta(hours=1))
        )
        solution = api.post(
            "/api/v1/solutions",
            json={"problem": "维修周期长", "cause": "备件缺货", "steps": ["预约备件"],
                  "theme": "aftersales"},
            headers=bearer("analyst"),
        ).json()  # fmt: skip
        (item,) = api.get(
            "/api/v1/feedback/inbox", params={"channel": "survey"}, headers=bearer("agent")
        ).json()

        triaged = api.post(
            f"/api/v1/feedback/inbox/{item['id']}/triage", json={"assignee_id": "usr_agent"},
            headers=bearer("agent"),
        )  # fmt: skip
        resolved = api.post(
            f"/api/v1/feedback/inbox/{item['id']}/resolve",
            json={"resolution": "已补发备件", "solution_id": solution["id"]},
            headers=bearer("agent"),
        )  # fmt: skip
        again = api.post(
            f"/api/v1/feedback/inbox/{item['id']}/triage", json={"assignee_id": "usr_agent"},
            headers=bearer("agent"),
        )  # fmt: skip
        listed = api.get("/api/v1/solutions", headers=bearer("agent")).json()

        assert triaged.json()["status"] == "triaged"
        assert resolved.json()["solution_id"] == solution["id"]
        assert again.status_code == 409
        assert listed[0]["times_used"] == 1

    def test_consumers_do_not_read_the_inbox(self, api: TestClient, bearer: Bearer) -> None:
        answer = api.get("/api/v1/feedback/inbox", headers=bearer("buyer1"))

        assert answer.status_code == 403

    def test_a_merchant_rates_the_platform(self, api: TestClient, bearer: Bearer) -> None:
        given = api.post(
            "/api/v1/satisfaction/partner-feedback",
            json={"respondent_kind": "merchant", "score": 4, "comment": "平台客服响应及时"},
            headers=bearer("shop1"),
        )  # fmt: skip

        assert given.status_code == 201
        assert given.json()["respondent_id"] == "m1"
        assert given.json()["sentiment"] is not None
