"""The improvement API: catalogue, versioned targets, and a plan taken through PDCA."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from improvement_factories import ANALYST, LAST_DAY, NOON
from pinzhi.bootstrap import Platform
from pinzhi.domain.improvement import operations
from pinzhi.domain.indicators.models import PLATFORM
from pinzhi.interfaces.api.deps import get_now

Bearer = Callable[[str], dict[str, str]]


@pytest.fixture
def at_noon(client: TestClient) -> Iterator[TestClient]:
    client.app.dependency_overrides[get_now] = lambda: NOON  # type: ignore[attr-defined]
    yield client
    client.app.dependency_overrides.clear()  # type: ignore[attr-defined]


def _plan(world: Platform) -> str:
    with world.uow() as uow:
        plan = operations.open_plan(
            uow=uow, actor=ANALYST, now=NOON, indicator_id="refund_rate", subject=PLATFORM,
            opening_value=0.06, opening_day=LAST_DAY, goal_value=0.05,
        )  # fmt: skip
        uow.commit()
    assert plan is not None
    return plan.id


class TestCatalogueApi:
    def test_the_catalogue_shows_the_stored_value_and_the_target(
        self, client: TestClient, bearer: Bearer
    ) -> None:
        headers = bearer("assessor")

        cards = client.get("/api/v1/improvement/indicators", headers=headers)
        stored = client.get(
            "/api/v1/indicators", params={"merchant_id": "*", "metric": "refund_rate"},
            headers=headers,
        )  # fmt: skip

        assert cards.status_code == 200, cards.text
        refund = next(c for c in cards.json() if c["id"] == "refund_rate")
        assert refund["current"] == stored.json()["series"][0]["points"][-1]["value"]
        assert refund["target"] == 0.08 and refund["direction"] == "lower"
        assert refund["current_day"] == LAST_DAY.isoformat()
        assert {c["id"] for c in cards.json()} >= {
            "satisfaction",
            "complaint_rate",
            "sla_attainment",
        }

    def test_a_merchant_has_no_catalogue(self, client: TestClient, bearer: Bearer) -> None:
        answer = client.get("/api/v1/improvement/indicators", headers=bearer("shop1"))

        assert answer.status_code == 403

    def test_the_analyst_sets_a_target_and_the_history_keeps_both(
        self, client: TestClient, bearer: Bearer
    ) -> None:
        body = {"value": 4.6, "reason": "提高服务标准"}

        refused = client.put("/api/v1/improvement/indicators/review_score/target",
                             json=body, headers=bearer("assessor"))  # fmt: skip
        changed = client.put("/api/v1/improvement/indicators/review_score/target",
                             json=body, headers=bearer("analyst"))  # fmt: skip
        history = client.get("/api/v1/improvement/indicators/review_score/targets",
                             headers=bearer("assessor"))  # fmt: skip

        assert refused.status_code == 403
        assert changed.status_code == 200 and changed.json()["version"] == 1
        assert [t["value"] for t in history.json()] == [4.6, 4.5]


class TestPlansApi:
    def test_a_plan_goes_through_pdca(
        self, at_noon: TestClient, world: Platform, bearer: Bearer
    ) -> None:
        client, headers, plan_id = at_noon, bearer("analyst"), _plan(world)
        path = f"/api/v1/improvement/plans/{plan_id}"

        skipped = client.post(f"{path}/advance", json={"to": "closed"}, headers=headers)
        cause = client.put(f"{path}/root-cause", headers=headers, json={
            "whys": ["退款多", "描述不符"], "fishbone": {"method": ["无核对流程"]},
        })  # fmt: skip
        for stage in ("do", "check"):
            client.post(f"{path}/advance", json={"to": stage}, headers=headers)
        effect = client.post(f"{path}/effects", json={"note": "首轮"}, headers=headers)
        for stage in ("act", "closed"):
            client.post(f"{path}/advance", json={"to": stage}, headers=headers)
        plan = client.get(path, headers=bearer("assessor")).json()

        assert skipped.status_code == 409
        assert skipped.json()["code"] == "invalid_transition"
        assert cause.status_code == 200 and cause.json()["fishbone"]["method"] == ["无核对流程"]
        assert effect.status_code == 200 and effect.json()["effects"][0]["stage"] == "check"
        assert plan["stage"] == "closed" and plan["whys"] == ["退款多", "描述不符"]
        assert plan["effects"][0]["value"] is not None

    def test_an_assessor_reads_plans_but_does_not_move_them(
        self, client: TestClient, world: Platform, bearer: Bearer
    ) -> None:
        plan_id = _plan(world)

        listed = client.get("/api/v1/improvement/plans", headers=bearer("assessor"))
        moved = client.post(f"/api/v1/improvement/plans/{plan_id}/advance", json={"to": "do"},
                            headers=bearer("assessor"))  # fmt: skip

        assert [p["id"] for p in listed.json()] == [plan_id]
        assert moved.status_code == 403
