"""/api/v1/oversight: warnings and measures by role, the public list, appeals end to end."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from oversight_factories import seed_oversight
from pinzhi.bootstrap import Platform

Bearer = Callable[[str], dict[str, str]]
API = "/api/v1/oversight"


@pytest.fixture
def seeded(client: TestClient, world: Platform) -> TestClient:
    seed_oversight(world)
    return client


class TestReads:
    def test_the_analyst_reads_every_warning_and_the_key_control_list(
        self, seeded: TestClient, bearer: Bearer
    ) -> None:
        headers = bearer("analyst")

        warnings = seeded.get(f"{API}/warnings", headers=headers).json()
        controlled = seeded.get(f"{API}/key-control", headers=headers).json()

        assert [(w["merchant_id"], w["kind"]) for w in warnings] == [("m1", "fake_orders")]
        assert warnings[0]["evidence"] == {"window_orders": "200"}
        assert [(m["merchant_id"], m["topic"]) for m in controlled] == [("m1", "fake_orders")]
        assert "traffic_limit" in controlled[0]["restrictions"]

    def test_a_merchant_reads_only_its_own(self, seeded: TestClient, bearer: Bearer) -> None:
        headers = bearer("shop2")

        warnings = seeded.get(f"{API}/warnings", headers=headers).json()
        measures = seeded.get(f"{API}/measures", headers=headers).json()

        assert warnings == []
        assert {m["kind"] for m in measures} == {"commission_reduction", "financing_eligibility"}
        assert {m["merchant_id"] for m in measures} == {"m2"}

    def test_others_may_not_read_warnings_but_may_read_the_public_list(
        self, seeded: TestClient, bearer: Bearer
    ) -> None:
        headers = bearer("buyer1")

        refused = seeded.get(f"{API}/warnings", headers=headers)
        published = seeded.get(f"{API}/public-measures", headers=headers)

        assert refused.status_code == 403
        assert published.status_code == 200
        (line,) = published.json()
        assert set(line) == {
            "measure_id",
            "merchant_id",
            "shop_name",
            "offence",
            "restrictions",
            "decided_on",
            "status",
        }
        assert line["offence"] == "fake_orders"

    def test_the_public_list_needs_a_sign_in(self, seeded: TestClient) -> None:
        assert seeded.get(f"{API}/public-measures").status_code == 401


class TestAppeals:
    def test_filed_reviewed_upheld_lifts_the_measure(
        self, seeded: TestClient, bearer: Bearer
    ) -> None:
        shop, analyst = bearer("shop1"), bearer("analyst")
        (measure,) = seeded.get(f"{API}/measures", headers=shop).json()

        filed = seeded.post(
            f"{API}/appeals",
            headers=shop,
            json={"target": "measure", "target_id": measure["id"], "reason": "团购订单"},
        )
        again = seeded.post(
            f"{API}/appeals",
            headers=shop,
            json={"target": "measure", "target_id": measure["id"], "reason": "再次"},
        )
        appeal_id = filed.json()["id"]
        early = seeded.post(
            f"{API}/appeals/{appeal_id}/decision",
            headers=analyst,
            json={"outcome": "upheld", "note": "ok"},
        )
        by_shop = seeded.post(f"{API}/appeals/{appeal_id}/review", headers=shop)
        reviewed = seeded.post(f"{API}/appeals/{appeal_id}/review", headers=analyst)
        decided = seeded.post(
            f"{API}/appeals/{appeal_id}/decision",
            headers=analyst,
            json={"outcome": "upheld", "note": "合同已核实"},
        )

        assert filed.status_code == 201 and filed.json()["status"] == "filed"
        assert again.status_code == 409
        assert early.status_code == 409
        assert by_shop.status_code == 403
        assert reviewed.json()["status"] == "under_review"
        assert decided.json()["status"] == "upheld"
        assert seeded.get(f"{API}/key-control", headers=analyst).json() == []
        (lifted,) = seeded.get(f"{API}/measures", headers=shop).json()
        assert lifted["status"] == "lifted"

    def test_a_merchant_cannot_appeal_another_merchants_measure(
        self, seeded: TestClient, bearer: Bearer
    ) -> None:
        (measure,) = seeded.get(f"{API}/key-control", headers=bearer("analyst")).json()

        answer = seeded.post(
            f"{API}/appeals",
            headers=bearer("shop2"),
            json={"target": "measure", "target_id": measure["id"], "reason": "x"},
        )

        assert answer.status_code == 404
