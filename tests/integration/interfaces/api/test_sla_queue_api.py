"""SLA API: events (idempotent), the queue, clocks, policy versions; problems on bad input."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

import factories as f
import sla_factories as sf
from pinzhi.bootstrap import Platform
from pinzhi.domain.aftersales.models import CaseKind
from pinzhi.interfaces.api.deps import get_now

NOW = f.T0 + timedelta(hours=2)
Headers = Callable[[str], dict[str, str]]


@pytest.fixture
def api(client: TestClient, world: Platform) -> Iterator[TestClient]:
    """Cases a1 (refund before shipment) and a2 (return after shipment) of o1; time is NOW."""
    with world.uow() as uow:
        sf.case(uow.session, "a1")
        sf.case(uow.session, "a2", kind=CaseKind.RETURN_REFUND)
        uow.commit()
    client.app.dependency_overrides[get_now] = lambda: NOW  # type: ignore[attr-defined]
    yield client
    client.app.dependency_overrides.clear()  # type: ignore[attr-defined]


def event(case_id: str, name: str, minutes: int, event_id: str | None = None) -> dict[str, str]:
    return {
        "event_id": event_id or f"{case_id}:{name}",
        "subject_kind": "aftersales_case",
        "subject_id": case_id,
        "event": name,
        "occurred_at": (f.T0 + timedelta(minutes=minutes)).isoformat(),
    }


class TestEvents:
    def test_the_same_event_twice_gives_the_same_clock(
        self, api: TestClient, bearer: Headers
    ) -> None:
        agent = bearer("agent")

        first = api.post("/api/v1/sla/events", json=event("a1", "request_filed", 0), headers=agent)
        again = api.post("/api/v1/sla/events", json=event("a1", "request_filed", 0), headers=agent)

        assert first.status_code == again.status_code == 200
        assert first.json()["clock"] == again.json()["clock"]
        assert (first.json()["duplicate"], again.json()["duplicate"]) == (False, True)
        assert first.json()["clock"]["deadline"] == (f.T0 + timedelta(hours=1)).isoformat().replace(
            "+00:00", "Z"
        )

    def test_an_unknown_case_is_a_404_problem_naming_it(
        self, api: TestClient, bearer: Headers
    ) -> None:
        answer = api.post(
            "/api/v1/sla/events", json=event("ghost", "request_filed", 0), headers=bearer("agent")
        )

        assert answer.status_code == 404
        assert answer.headers["content-type"] == "application/problem+json"
        assert "ghost" in answer.json()["detail"]

    def test_an_event_after_the_stop_is_a_409_problem(
        self, api: TestClient, bearer: Headers
    ) -> None:
        agent = bearer("agent")
        api.post("/api/v1/sla/events", json=event("a2", "request_filed", 0), headers=agent)
        api.post("/api/v1/sla/events", json=event("a2", "merchant_responded", 30), headers=agent)

        late = api.post(
            "/api/v1/sla/events", json=event("a2", "awaiting_consumer", 60), headers=agent
        )

        assert late.status_code == 409
        assert late.json()["code"] == "invalid_transition"

    def test_a_naive_timestamp_is_refused(self, api: TestClient, bearer: Headers) -> None:
        body = event("a1", "request_filed", 0) | {"occurred_at": "2026-11-01T08:00:00"}

        answer = api.post("/api/v1/sla/events", json=body, headers=bearer("agent"))

        assert answer.status_code == 422


class TestQueueAndClocks:
    def test_the_breached_case_comes_first(self, api: TestClient, bearer: Headers) -> None:
        agent = bearer("agent")
        api.post("/api/v1/sla/events", json=event("a2", "request_filed", 0), headers=agent)
        api.post("/api/v1/sla/events", json=event("a1", "request_filed", 0), headers=agent)

        queue = api.get("/api/v1/sla/queue", headers=agent).json()["items"]

        assert [item["clock"]["subject_id"] for item in queue] == ["a1", "a2"]
        assert queue[0]["breached"] and queue[0]["seconds_left"] == -3600
        assert queue[1]["seconds_left"] == 22 * 3600

    def test_a_merchant_may_not_read_the_queue(self, api: TestClient, bearer: Headers) -> None:
        assert api.get("/api/v1/sla/queue", headers=bearer("shop1")).status_code == 403

    def test_clocks_of_a_case_and_of_an_unknown_one(self, api: TestClient, bearer: Headers) -> None:
        agent = bearer("agent")
        api.post("/api/v1/sla/events", json=event("a1", "request_filed", 0), headers=agent)

        found = api.get("/api/v1/sla/clocks/aftersales_case/a1", headers=agent)
        missing = api.get("/api/v1/sla/clocks/aftersales_case/a9", headers=agent)

        assert [clock["policy_key"] for clock in found.json()] == [
            "refund_before_shipment_response"
        ]
        assert missing.status_code == 404
        assert "a9" in missing.json()["detail"]


class TestPolicies:
    def test_a_new_version_is_published_and_listed(self, api: TestClient, bearer: Headers) -> None:
        admin = bearer("admin")
        body = {
            "key": "refund_before_shipment_response",
            "limit_seconds": 1800,
            "calendar": "online_7x24",
            "starts_on": "request_filed",
            "stops_on": "merchant_responded",
        }

        created = api.post("/api/v1/sla/policies", json=body, headers=admin)
        listed = api.get("/api/v1/sla/policies", headers=admin).json()

        assert created.status_code == 201
        assert created.json()["version"] == 2
        refund = [p for p in listed if p["key"] == "refund_before_shipment_response"]
        assert [(p["version"], p["limit_seconds"]) for p in refund] == [(1, 3600), (2, 1800)]
        assert len(listed) == 7

    def test_an_agent_may_not_change_a_policy(self, api: TestClient, bearer: Headers) -> None:
        body = {
            "key": "refund_before_shipment_response",
            "limit_seconds": 60,
            "calendar": "online_7x24",
            "starts_on": "request_filed",
            "stops_on": "merchant_responded",
        }

        answer = api.post("/api/v1/sla/policies", json=body, headers=bearer("agent"))

        assert answer.status_code == 403
