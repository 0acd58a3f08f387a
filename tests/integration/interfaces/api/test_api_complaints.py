"""Complaints and staff through the API: filing, the file, workflow steps, assignment, reports."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

import service_factories as sf
from pinzhi.bootstrap import Platform
from pinzhi.interfaces.api.app import create_app
from pinzhi.interfaces.api.deps import get_now

Bearer = Callable[[str], dict[str, str]]
NOW = sf.T0 + timedelta(days=1)
FILING = {
    "channel": "online_chat",
    "nature": "quality",
    "matter": "收到的电水壶底部漏水",
    "contact": "13812345678",
    "order_id": "o1",
}
RESULT = {"conclusion": "质量问题属实", "basis": "三包规定", "remedy": "退货退款"}


@pytest.fixture
def client(world: Platform) -> Iterator[TestClient]:
    """The shared API world plus complaint staff, with the clock held at NOW."""
    with world.uow() as uow:
        sf.complaint_staff(uow.session)
        uow.commit()
    app = create_app(world)
    app.dependency_overrides[get_now] = lambda: NOW
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


def filed(client: TestClient, bearer: Bearer) -> str:
    answer = client.post("/api/v1/complaints", json=FILING, headers=bearer("buyer1"))
    assert answer.status_code == 201, answer.text
    return str(answer.json()["summary"]["id"])


def step(
    client: TestClient, headers: dict[str, str], cid: str, event: str, **body: object
) -> dict[str, Any]:
    answer = client.post(
        f"/api/v1/complaints/{cid}/actions/{event}",
        json={"event_id": f"{event}-1", **body},
        headers=headers,
    )
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


class TestFilingAndReading:
    def test_a_consumer_files_and_reads_the_graded_file(
        self, client: TestClient, bearer: Bearer
    ) -> None:
        cid = filed(client, bearer)

        answer = client.get(f"/api/v1/complaints/{cid}", headers=bearer("buyer1"))

        body = answer.json()
        assert answer.status_code == 200
        assert body["summary"]["urgency"] == "high" and body["fast_lane"] is True
        assert body["summary"]["stage"] == "filed"
        assert body["complainant"]["masked"] is False
        assert [s["event"] for s in body["steps"]] == ["file"]

    def test_another_shop_does_not_see_it(self, client: TestClient, bearer: Bearer) -> None:
        cid = filed(client, bearer)

        answer = client.get(f"/api/v1/complaints/{cid}", headers=bearer("shop2"))

        assert answer.status_code == 404
        assert answer.json()["detail"] == f"no complaint {cid}"

    def test_the_shop_sees_it_masked_in_its_list(self, client: TestClient, bearer: Bearer) -> None:
        cid = filed(client, bearer)

        listed = client.get("/api/v1/complaints", headers=bearer("shop1")).json()
        shown = client.get(f"/api/v1/complaints/{cid}", headers=bearer("shop1")).json()

        assert [item["id"] for item in listed["items"]] == [cid]
        assert shown["complainant"]["masked"] is True
        assert shown["complainant"]["phone"] == "138****5678"

    def test_a_bad_channel_is_a_clear_422(self, client: TestClient, bearer: Bearer) -> None:
        answer = client.post(
            "/api/v1/complaints", json=FILING | {"channel": "bot"}, headers=bearer("buyer1")
        )

        assert answer.status_code == 422
        assert "channel bot takes no complaints" in answer.json()["detail"]

    def test_an_assessor_may_not_read_complaints(self, client: TestClient, bearer: Bearer) -> None:
        assert client.get("/api/v1/complaints", headers=bearer("assessor")).status_code == 403


class TestWorkflow:
    def test_steps_through_to_a_closed_file(self, client: TestClient, bearer: Bearer) -> None:
        cid, agent = filed(client, bearer), bearer("agent")

        step(client, agent, cid, "resolve_on_the_spot", **RESULT)
        step(client, agent, cid, "record_visit", satisfaction=4)
        closed = step(client, agent, cid, "close")

        assert closed["summary"]["stage"] == "closed"
        assert closed["result"] == RESULT
        assert closed["actions"] == ["reopen"]

    def test_an_illegal_step_is_a_409_naming_state_and_action(
        self, client: TestClient, bearer: Bearer
    ) -> None:
        cid = filed(client, bearer)

        answer = client.post(
            f"/api/v1/complaints/{cid}/actions/close",
            json={"event_id": "x"},
            headers=bearer("agent"),
        )

        assert answer.status_code == 409
        assert answer.json()["code"] == "invalid_transition"
        assert answer.json()["detail"].startswith("cannot close a complaint that is filed")

    def test_an_unknown_event_is_refused(self, client: TestClient, bearer: Bearer) -> None:
        cid = filed(client, bearer)

        answer = client.post(
            f"/api/v1/complaints/{cid}/actions/shred",
            json={"event_id": "x"},
            headers=bearer("agent"),
        )

        assert answer.status_code == 422

    def test_a_promised_time_without_a_zone_is_refused(
        self, client: TestClient, bearer: Bearer
    ) -> None:
        cid = filed(client, bearer)

        answer = client.post(
            f"/api/v1/complaints/{cid}/actions/explain_delay",
            json={"event_id": "x", "note": "检测", "promised_by": "2026-11-05T10:00:00"},
            headers=bearer("agent"),
        )

        assert answer.status_code == 422

    def test_assignment_refuses_an_untrained_agent(
        self, client: TestClient, bearer: Bearer
    ) -> None:
        cid = filed(client, bearer)

        refused = client.post(
            f"/api/v1/complaints/{cid}/assign",
            json={"staff_id": "STF_N", "event_id": "a1"},
            headers=bearer("agent"),
        )
        assigned = client.post(
            f"/api/v1/complaints/{cid}/assign",
            json={"staff_id": "STF_H", "event_id": "a2"},
            headers=bearer("agent"),
        )

        assert refused.status_code == 422
        assert "pre-duty training" in refused.json()["detail"]
        assert assigned.status_code == 200
        assert assigned.json()["summary"]["assignee_id"] == "STF_H"


class TestStaffApi:
    def test_training_and_exam_make_an_agent_eligible(
        self, client: TestClient, bearer: Bearer
    ) -> None:
        admin = bearer("admin")
        url = "/api/v1/staff/STF_N"
        before = client.get(f"{url}/eligibility?duty=case", headers=admin).json()

        trained = client.post(
            f"{url}/trainings",
            json={
                "kind": "pre_duty",
                "topic": "岗前培训",
                "completed_at": "2026-11-01T08:00:00Z",
                "minutes": 480,
            },
            headers=admin,
        )
        examined = client.post(
            f"{url}/exams",
            json={"kind": "pre_duty", "score": 80, "taken_at": "2026-11-01T09:00:00Z"},
            headers=admin,
        )
        after = client.get(f"{url}/eligibility?duty=case", headers=admin).json()

        assert before["eligible"] is False and before["problems"]
        assert trained.status_code == 201 and examined.json()["passed"] is True
        assert after == {"staff_id": "STF_N", "duty": "case", "eligible": True, "problems": []}

    def test_the_refresher_report_lists_every_agent_short_of_twelve(
        self, client: TestClient, bearer: Bearer
    ) -> None:
        answer = client.get("/api/v1/staff/refresher-report", headers=bearer("admin"))

        assert answer.status_code == 200
        assert [g["staff_id"] for g in answer.json()] == ["STF_H", "STF_M", "STF_N"]
        assert {g["missing"] for g in answer.json()} == {12}

    def test_performance_is_scored_from_visits(self, client: TestClient, bearer: Bearer) -> None:
        cid, agent = filed(client, bearer), bearer("agent")
        client.post(
            f"/api/v1/complaints/{cid}/assign",
            json={"staff_id": "STF_H", "event_id": "a1"},
            headers=agent,
        )
        step(client, agent, cid, "resolve_on_the_spot", **RESULT)
        step(client, agent, cid, "record_visit", satisfaction=5)

        answer = client.get(
            "/api/v1/staff/performance",
            params={"start": "2026-11-01T00:00:00Z", "end": "2026-11-03T00:00:00Z"},
            headers=bearer("admin"),
        )

        assert answer.status_code == 200
        [scored] = answer.json()
        assert scored["staff_id"] == "STF_H" and scored["performance"]["score"] == 100.0

    def test_staff_records_need_the_staff_manager(self, client: TestClient, bearer: Bearer) -> None:
        answer = client.get("/api/v1/staff/refresher-report", headers=bearer("agent"))

        assert answer.status_code == 403
